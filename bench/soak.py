"""Bounded soak of `etskg serve`: mixed SPARQL / search / Q&A / page load with 5% hostile requests.

Starts `etskg serve` on a free loopback port over --store and drives it
from 127.0.0.1 with --clients threads (one keep-alive connection each) for
--minutes (default 10) or --max-requests, whichever comes first, then stops
the server. 95% of the requests are ordinary (simple SPARQL, search, Q&A,
pages, JSON API, linked data); 5% are malicious or malformed (updates,
SERVICE to a loopback port, malformed or over-long queries, results past
the size limit, bodies past 1 MiB, undecodable bodies, wrong media types,
bad parameters, script in parameters, path tricks), each with the status it
must get. Once a minute one runaway query must come back 503 (time limit);
no other request may get a 5xx.

Memory: the resident set (VmRSS) of the gunicorn worker processes, and of
their SPARQL query processes, sampled every 30 s; "start" is taken after a
warm-up pass, "end" after the last request. Target: zero 5xx, growth under
10% (bench/README.md "## Soak"). Figures also go to bench/out/soak.json.

    python bench/soak.py --store ./data               # 10 minutes
    python bench/soak.py --store ./data --minutes 1   # a short check
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from web_load import free_port, start_server  # bench/ is on sys.path when a bench runs

ROOT = Path(__file__).resolve().parent.parent
MINUTES = 10.0
CLIENTS = 4
MAX_REQUESTS = 500_000
HOSTILE_SHARE = 0.05
SAMPLE_SECONDS = 30.0
RUNAWAY_EVERY = 60.0  # seconds between two runaway queries
JSON = "application/sparql-results+json"
FORM = "application/x-www-form-urlencoded"

SPARQL = [
    "SELECT ?s WHERE { ?s a ets:System } LIMIT 5",
    "ASK { sys:korea ets:status ets-status:in_force }",
    "SELECT ?y WHERE { sys:korea ets:startYear ?y }",
    'SELECT ?s WHERE { ?s rdfs:label "韩国碳市场"@zh }',
    "SELECT ?s (COUNT(?x) AS ?n) WHERE { ?s ets:coversSector ?x } GROUP BY ?s ORDER BY DESC(?n) LIMIT 10",
]
SEARCH = ["韩国 国际抵消", "Korea international offsets", "EU ETS 2 start date", "欧盟碳市场2 启动",
          "auction revenue fell in 2024", "拍卖收入 下降", "印度尼西亚 燃煤电厂", "Japan GX-ETS mandatory phase"]
ASK = ["Which systems accept international offsets?", "韩国碳市场什么时候启动？", "How many systems are in force?",
       "哪些碳市场覆盖航空业？", "What is the offset limit in the Korea ETS?"]
PAGES = ["/", "/?q=" + quote("Korea offsets"), "/systems", "/systems?status=in_force&sort=start_year",
         "/systems.csv", "/graph", "/id/system/korea", "/id/jurisdiction/korea", "/api/systems", "/api/stats",
         "/api/entities/system/korea", "/openapi.json", "/static/style.css"]


def ordinary(rng: random.Random) -> tuple:
    """(method, path, body, headers, allowed statuses) of one ordinary request."""
    kind = rng.choices(["sparql", "search", "ask", "page"], weights=[30, 30, 20, 20])[0]
    if kind == "sparql":
        return "GET", "/sparql?" + urlencode({"query": rng.choice(SPARQL)}), None, {"Accept": JSON}, {200}
    if kind == "search":
        return "GET", "/api/search?" + urlencode({"q": rng.choice(SEARCH), "k": 10}), None, {}, {200}
    if kind == "ask":
        return "GET", "/api/ask?" + urlencode({"q": rng.choice(ASK)}), None, {}, {200}
    return "GET", rng.choice(PAGES), None, {}, {200}


def hostile(rng: random.Random, closed_port: int) -> tuple:
    """(method, path, body, headers, allowed statuses) of one malicious or malformed request."""
    service = f"SELECT * WHERE {{ ?x ?y ?o.SERVICE <http://127.0.0.1:{closed_port}/sparql> {{ ?s ?p ?o }} }}"
    cases = [
        ("POST", "/sparql", urlencode({"query": "INSERT DATA { <urn:s> <urn:p> 1 }"}), {"Content-Type": FORM}, {403}),
        ("POST", "/sparql", "DROP ALL", {"Content-Type": "application/sparql-update"}, {403}),
        ("GET", "/sparql?" + urlencode({"update": "CLEAR ALL"}), None, {}, {403}),
        ("GET", "/sparql?" + urlencode({"query": f"LOAD <http://127.0.0.1:{closed_port}/x>"}), None, {}, {403}),
        ("POST", "/sparql", urlencode({"query": service}), {"Content-Type": FORM}, {400}),
        ("GET", "/sparql?" + urlencode({"query": "SELECT * WHERE { ?s ?p"}), None, {}, {400}),
        ("POST", "/sparql", urlencode({"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"}), {"Content-Type": FORM},
         {400}),  # result past the size limit
        ("POST", "/sparql", "ASK {}\n#" + "x" * 150_000, {"Content-Type": "application/sparql-query"}, {400}),
        ("POST", "/sparql", "#" * (1 << 20) + "\nASK {}", {"Content-Type": "application/sparql-query"}, {413}),
        ("POST", "/sparql", b"\xff\xfe\x00A", {"Content-Type": "application/sparql-query"}, {400}),
        ("POST", "/sparql", "ASK {}", {"Content-Type": "image/png"}, {415}),
        ("GET", "/api/search?q=x&k=100000", None, {}, {400}),
        ("GET", "/api/search?q=%00%ff%fe&lang=xx", None, {}, {400}),
        ("GET", "/?q=" + quote('<script>alert(1)</script>"><img src=x onerror=alert(2)>'), None, {}, {200}),
        ("GET", "/api/entities/system/" + quote("x> } ; DROP ALL #", safe=""), None, {}, {404}),
        ("GET", "/id/" + quote("../../etc/passwd", safe=""), None, {}, {404}),
        ("GET", "/static/../etskg.py", None, {}, {404}),
        ("DELETE", "/api/stats", None, {}, {405}),
        ("GET", "/id/passage/icap-2025-en:p001?start=abc", None, {"Accept": "text/html"}, {400, 404}),
    ]
    return rng.choice(cases)


RUNAWAY = ("POST", "/sparql", urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"}),
           {"Content-Type": FORM}, {503})


class Client(threading.Thread):
    """One keep-alive connection sending requests until the shared deadline or budget runs out."""

    def __init__(self, n: int, port: int, stats: "Stats", closed_port: int):
        super().__init__(daemon=True)
        self.rng = random.Random(n)
        self.port = port
        self.stats = stats
        self.closed_port = closed_port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def send(self, method, path, body, headers) -> int:
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            response.read()
            if response.getheader("Connection", "").lower() == "close":
                self.conn.close()
            return response.status
        except (OSError, http.client.HTTPException):
            self.conn.close()  # reconnects on the next request
            raise

    def run(self) -> None:
        while self.stats.take():
            if self.stats.runaway_due():
                label, request = "runaway", RUNAWAY
            elif self.rng.random() < HOSTILE_SHARE:
                label, request = "hostile", hostile(self.rng, self.closed_port)
            else:
                label, request = "ordinary", ordinary(self.rng)
            method, path, body, headers, allowed = request
            started = time.perf_counter()
            try:
                status = self.send(method, path, body, headers)
            except (OSError, http.client.HTTPException) as err:
                self.stats.record(label, f"{type(err).__name__}", time.perf_counter() - started, path, ok=False)
                continue
            self.stats.record(label, status, time.perf_counter() - started, path, ok=status in allowed)


class Stats:
    """Shared counters, the request budget and the runaway schedule."""

    def __init__(self, deadline: float, budget: int):
        self.deadline = deadline
        self.budget = budget
        self.lock = threading.Lock()
        self.statuses: Counter = Counter()
        self.unexpected: list[str] = []  # the first 20 requests that got a status they must not get
        self.failed = 0
        self.latency: dict[str, list[float]] = {"ordinary": [], "hostile": [], "runaway": []}
        self.next_runaway = time.monotonic() + RUNAWAY_EVERY / 2

    def take(self) -> bool:
        with self.lock:
            if self.budget <= 0 or time.monotonic() >= self.deadline:
                return False
            self.budget -= 1
            return True

    def runaway_due(self) -> bool:
        with self.lock:
            if time.monotonic() >= self.next_runaway:
                self.next_runaway += RUNAWAY_EVERY
                return True
        return False

    def record(self, label: str, status, seconds: float, path: str, ok: bool) -> None:
        with self.lock:
            self.statuses[(label, status)] += 1
            self.latency[label].append(seconds)
            if not ok:
                self.failed += 1
                if len(self.unexpected) < 20:
                    self.unexpected.append(f"{label} {status} {path[:120]}")


def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return sorted(found)


def memory(server_pid: int) -> dict:
    """RSS in MB of the gunicorn workers and of their query processes."""
    workers = children(server_pid)
    queries = [q for w in workers for q in children(w)]
    return {"t": round(time.monotonic(), 1), "workers_mb": round(sum(map(rss_kb, workers)) / 1024, 1),
            "query_processes_mb": round(sum(map(rss_kb, queries)) / 1024, 1),
            "workers": len(workers), "query_processes": len(queries)}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(1000 * ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))], 1) if ordered else 0.0


def soak(port: int, server_pid: int, minutes: float, clients: int, max_requests: int) -> dict:
    closed_port = free_port()  # nothing listens there: a SERVICE that got through would fail, not hang
    warm = Stats(time.monotonic() + 120, clients * 40)
    threads = [Client(1000 + n, port, warm, closed_port) for n in range(clients)]
    warm.next_runaway = float("inf")
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    start = memory(server_pid)
    stats = Stats(time.monotonic() + minutes * 60, max_requests)
    samples = [start]
    began = time.monotonic()
    threads = [Client(n, port, stats, closed_port) for n in range(clients)]
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        for t in threads:
            t.join(timeout=SAMPLE_SECONDS / len(threads))
        if time.monotonic() - samples[-1]["t"] >= SAMPLE_SECONDS:
            samples.append(memory(server_pid))
            print(f"{(time.monotonic() - began) / 60:5.1f} min  {sum(stats.statuses.values()):7} requests  "
                  f"workers {samples[-1]['workers_mb']} MB  query processes {samples[-1]['query_processes_mb']} MB",
                  flush=True)
    elapsed = time.monotonic() - began
    end = memory(server_pid)
    samples.append(end)
    five_xx = {f"{label} {status}": n for (label, status), n in stats.statuses.items()
               if label != "runaway" and (not isinstance(status, int) or status >= 500)}
    total = sum(stats.statuses.values())
    growth = (end["workers_mb"] - start["workers_mb"]) / start["workers_mb"] * 100
    return {
        "minutes": round(elapsed / 60, 2), "clients": clients, "requests": total,
        "per_second": round(total / elapsed, 1),
        "hostile": sum(n for (label, _), n in stats.statuses.items() if label == "hostile"),
        "runaway": {str(status): n for (label, status), n in stats.statuses.items() if label == "runaway"},
        "statuses": {f"{label} {status}": n for (label, status), n in sorted(stats.statuses.items(), key=str)},
        "errors_5xx_or_failed": five_xx, "unexpected_status": stats.failed, "first_unexpected": stats.unexpected,
        "ordinary_ms": {"p50": percentile(stats.latency["ordinary"], 50), "p95": percentile(stats.latency["ordinary"], 95),
                        "p99": percentile(stats.latency["ordinary"], 99)},
        "rss_start": start, "rss_end": end, "worker_rss_growth_pct": round(growth, 1), "samples": samples,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", default=os.environ.get("ETSKG_STORE") or str(ROOT / "data"))
    ap.add_argument("--minutes", type=float, default=MINUTES)
    ap.add_argument("--clients", type=int, default=CLIENTS)
    ap.add_argument("--workers", type=int, help="gunicorn workers (default: etskg serve's default)")
    ap.add_argument("--max-requests", type=int, default=MAX_REQUESTS)
    args = ap.parse_args(argv)
    server, url = start_server(args.store, args.workers)
    port = urlsplit(url).port
    try:
        time.sleep(2)  # every worker finishes its warm-up
        report = soak(port, server.pid, args.minutes, args.clients, args.max_requests)
    finally:
        server.terminate()
        server.wait(30)
    report["load_average_end"] = round(os.getloadavg()[0], 2)
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "soak.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    met = {"no_5xx": not report["errors_5xx_or_failed"], "as_expected": report["unexpected_status"] == 0,
           "rss_growth_under_10pct": report["worker_rss_growth_pct"] < 10}
    summary = {k: v for k, v in report.items() if k not in ("samples", "statuses")}
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    print(json.dumps(met))
    return 0 if all(met.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
