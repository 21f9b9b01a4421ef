"""Loopback load test of `etskg serve`: simple SPARQL, search and Q&A at 16 concurrent clients.

Starts `etskg serve` (default workers unless --workers) on a free loopback
port over --store, or uses a running one given by --url. Each scenario runs
16 clients (asyncio, one keep-alive HTTP/1.1 connection each) for a bounded
time and at most a bounded number of requests, then reports throughput,
latency percentiles and errors. Traffic goes to 127.0.0.1 only, and the run
stops by itself.

    python bench/web_load.py --store ./data                # the three scenarios
    python bench/web_load.py --store ./data --workers 1    # compare worker counts
    python bench/web_load.py --url http://127.0.0.1:8000   # an already running service
    python bench/web_load.py --store ./data --rate 80      # open loop: 80 requests/s offered

Scenarios: ``sparql`` (4 simple queries), ``search`` (16 queries, sent
again and again: after the warm-up they are the service's cached query
vectors), ``search-new`` (every request a text never sent before, cut from
the bundled report: each one is encoded), ``ask`` (6 questions).

Closed loop (default): each client sends its next request when the last
answer arrives, so at saturation latency is clients / throughput. Open loop
(``--rate R``): the clients together send R requests/s on a fixed schedule,
and a latency counts from when its request was due, so a slow answer that
delays the next request is not hidden (wrk2's correction).

Targets (bench/README.md "## Web"): >= 400 simple SPARQL q/s, >= 80 search
q/s and >= 80 questions/s, p99 <= 150 ms, zero errors. Results are also
written as JSON to bench/out/web_load[-wN][-cN][-rR].json.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import itertools
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 16
SECONDS = 15.0  # per scenario, after warm-up
MAX_REQUESTS = 20_000  # per scenario, whatever the time
SIMPLE_SPARQL = [
    "SELECT ?s WHERE { ?s a ets:System } LIMIT 5",
    "ASK { sys:korea ets:status ets-status:in_force }",
    "SELECT ?y WHERE { sys:korea ets:startYear ?y }",
    'SELECT ?s WHERE { ?s rdfs:label "韩国碳市场"@zh }',
]
SEARCH = [
    "韩国 国际抵消", "Korea international offsets", "EU ETS 2 start date", "欧盟碳市场2 启动",
    "auction revenue fell in 2024", "拍卖收入 下降", "Oregon Climate Protection Program relaunch",
    "印度尼西亚 燃煤电厂", "China national ETS expansion to cement steel aluminium", "碳价格 回落",
    "Washington linkage with California and Québec", "巴西 碳市场 立法", "offset limits in North America",
    "Japan GX-ETS mandatory phase", "德国国家碳市场 并入", "Canada federal OBPS review",
]
ASK = [
    "Which systems accept international offsets?", "韩国碳市场什么时候启动？", "Which systems are linked with the EU ETS?",
    "How many systems are in force?", "哪些碳市场覆盖航空业？", "What is the offset limit in the Korea ETS?",
]
TARGETS = {"sparql": 400.0, "search": 80.0, "search-new": 80.0, "ask": 80.0}
P99_MS = 150.0
CORPUS = ROOT / "ingest" / "corpus"


def new_queries(count: int, seed: int) -> list[str]:
    """``count`` distinct search texts cut from the bundled report, half English, half Chinese.

    English: 2-5 consecutive words; Chinese: 4-10 consecutive characters of
    one run of Han script. Their token counts are those of typed queries,
    and the encoder has never seen them (distinct seeds give other texts).
    """
    words = re.findall(r"[A-Za-z][A-Za-z'-]+", (CORPUS / "icap-2025-en.txt").read_text(encoding="utf-8"))
    runs = [r for r in re.findall(r"[\u4e00-\u9fff]+", (CORPUS / "icap-2025-zh.txt").read_text(encoding="utf-8"))
            if len(r) >= 4]
    rng = random.Random(seed)
    texts: dict[str, None] = {}
    while len(texts) < count:
        if len(texts) % 2:
            run = rng.choice(runs)
            size = rng.randint(4, min(10, len(run)))
            start = rng.randrange(len(run) - size + 1)
            texts[run[start:start + size]] = None
        else:
            size = rng.randint(2, 5)
            start = rng.randrange(len(words) - size)
            texts[" ".join(words[start:start + size])] = None
    return list(texts)


def scenario_paths(name: str) -> tuple[list[str], list[str]]:
    """(warm-up paths, measured paths) of a scenario; for search-new the two share no text."""
    if name == "search-new":
        texts = new_queries(MAX_REQUESTS + 200, seed=2025)
        paths = [f"/api/search?q={quote(q)}&k=10" for q in texts]
        return paths[MAX_REQUESTS:], paths[:MAX_REQUESTS]
    paths = {
        "sparql": [f"/sparql?query={quote(q)}" for q in SIMPLE_SPARQL],
        "search": [f"/api/search?q={quote(q)}&k=10" for q in SEARCH],
        "ask": [f"/api/ask?q={quote(q)}" for q in ASK],
    }[name]
    return paths, paths


async def _request(reader, writer, host: str, path: str) -> int:
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json, */*;q=0.5\r\n\r\n".encode())
    await writer.drain()
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("connection closed")
    status = int(status_line.split()[1])
    length, close = 0, False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "connection" and value.strip().lower() == "close":
            close = True
    await reader.readexactly(length)
    if close:
        raise ConnectionResetError("server closed the connection")
    return status


async def _client(host: str, port: int, paths, deadline: float, budget: list[int],
                  latencies: list[float], errors: list[str], interval: float | None = None,
                  first_due: float = 0.0) -> None:
    """One connection sending the next of the shared ``paths`` until the deadline or the budget ends.

    With ``interval`` (open loop) request i is due at first_due + i * interval
    and its latency counts from then.
    """
    reader, writer = await asyncio.open_connection(host, port)
    due = first_due
    try:
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            path = next(paths)
            if interval is None:
                started = time.perf_counter()
            else:
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
                started, due = due, due + interval
            try:
                status = await _request(reader, writer, f"{host}:{port}", path)
            except (ConnectionError, asyncio.IncompleteReadError) as err:
                errors.append(f"{type(err).__name__}: {err}")
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
                continue
            latencies.append(time.perf_counter() - started)
            if status != 200:
                errors.append(f"HTTP {status} for {path}")
    finally:
        writer.close()


async def run_scenario(url: str, name: str, seconds: float, clients: int = CLIENTS,
                       rate: float | None = None) -> dict:
    """Drive ``clients`` connections through scenario ``name`` for ``seconds``; figures of the run.

    ``rate``: open loop at that many requests/s in all, instead of closed loop.
    """
    parts = urlsplit(url)
    host, port = parts.hostname, parts.port or 80
    warm_paths, paths = scenario_paths(name)
    # Warm-up: every worker thread gets requests before the clock starts, so no first-use cost is measured.
    warm, warm_budget = itertools.cycle(warm_paths), [max(len(warm_paths), 8 * clients)]
    await asyncio.gather(*(_client(host, port, warm, time.perf_counter() + 60, warm_budget, [], [])
                           for _ in range(clients)))
    latencies: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    budget = [MAX_REQUESTS]  # shared by the clients, like the paths
    shared = itertools.cycle(paths)
    interval = None if rate is None else clients / rate
    # Open loop, the clients' schedules are staggered: requests arrive evenly, not 16 at a time.
    await asyncio.gather(*(_client(host, port, shared, started + seconds, budget, latencies, errors, interval,
                                   started + n * (interval or 0) / clients)
                           for n in range(clients)))
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(1000 * ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))], 1) if ordered else 0.0

    return {"requests": len(latencies), "seconds": round(elapsed, 1), "offered_per_second": rate,
            "per_second": round(len(latencies) / elapsed, 1),
            "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99),
            "mean_ms": round(1000 * statistics.fmean(ordered), 1) if ordered else 0.0,
            "errors": len(errors), "first_errors": errors[:5]}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(store: str, workers: int | None, root: Path = ROOT) -> tuple[subprocess.Popen, str]:
    """Start ``etskg serve`` over ``store`` on a free loopback port; (process, base URL) once it answers.

    ``root``: the checkout whose ``etskg.py`` serves (another commit's, to compare with).

    Its log goes to a temporary file, not a pipe: nobody reads a pipe during
    a run, and a long one (bench/soak.py) would fill it and stall the server.
    """
    port = free_port()
    command = [sys.executable, str(root / "etskg.py"), "serve", "--store", store, "--port", str(port)]
    if workers:
        command += ["--workers", str(workers)]
    log = tempfile.TemporaryFile(mode="w+")
    server = subprocess.Popen(command, cwd=root, stdout=subprocess.DEVNULL, stderr=log, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600  # an empty store is ingested first
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise SystemExit(f"etskg serve exited:\n{log.read()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/api/stats", timeout=60) as response:
                if response.status == 200:
                    return server, url
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("etskg serve did not start in time")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", default=os.environ.get("ETSKG_STORE") or str(ROOT / "data"))
    ap.add_argument("--url", help="a running service instead of starting one")
    ap.add_argument("--workers", type=int, help="gunicorn workers (default: etskg serve's default)")
    ap.add_argument("--seconds", type=float, default=SECONDS)
    ap.add_argument("--clients", type=int, default=CLIENTS, help="concurrent connections (targets are for 16)")
    ap.add_argument("--rate", type=float, help="open loop: requests/s offered by all clients together")
    ap.add_argument("--scenario", action="append", choices=list(TARGETS), help="default: all")
    args = ap.parse_args(argv)
    server = None
    url = args.url
    if url is None:
        server, url = start_server(args.store, args.workers)
    try:
        time.sleep(2)  # let every worker finish its warm-up
        results = {}
        for name in args.scenario or list(TARGETS):
            load_before = os.getloadavg()[0]  # other processes on the machine skew every figure
            results[name] = asyncio.run(run_scenario(url, name, args.seconds, args.clients, args.rate))
            r = results[name]
            r["load_average_before"] = round(load_before, 2)
            print(f"{name:10} {r['per_second']:7.1f} q/s  p50 {r['p50_ms']:6.1f} ms  p95 {r['p95_ms']:6.1f} ms  "
                  f"p99 {r['p99_ms']:6.1f} ms  errors {r['errors']}  ({r['requests']} requests, "
                  f"{args.clients} clients, load before {load_before:.1f})", flush=True)
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
    # Open loop, throughput is what was offered: only latency and errors are judged.
    met = {name: {"throughput": results[name]["per_second"] >= TARGETS[name] if args.rate is None else None,
                  "p99": results[name]["p99_ms"] <= P99_MS, "no_errors": results[name]["errors"] == 0}
           for name in results}
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    suffix = ((f"-w{args.workers}" if args.workers else "") + (f"-c{args.clients}" if args.clients != CLIENTS else "")
              + (f"-r{args.rate:g}" if args.rate else ""))
    report = {"clients": args.clients, "workers": args.workers or "default", "cpus": os.cpu_count(), "rate": args.rate,
              "results": results, "targets_met": met}
    (out / f"web_load{suffix}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(json.dumps(met))
    return 0 if all(v is not False for m in met.values() for v in m.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
