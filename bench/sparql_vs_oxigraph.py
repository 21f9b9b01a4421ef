"""Per-request cost of `/sparql` beside Oxigraph's own server on the same quads.

Dumps --store (``etskg dump``: named graphs and default graph), loads the
dump into a fresh Oxigraph database with the ``oxigraph`` CLI from PyPI, and
starts both servers on free loopback ports: ``etskg serve --store`` and
``oxigraph serve-read-only``: the same quads in both. Each query is sent N times
sequentially over one keep-alive connection to each server, the two
servers alternating in blocks of 10 so that a burst of load from another
process on the machine hits both alike. Every query carries its PREFIX
lines (Oxigraph predeclares none), and both are asked for SPARQL JSON.
Before timing, the answers of the two servers are compared.

Two runs per query: ``repeated`` sends the same text every time (what the
issue measured; etskg answers repeats from its per-generation answer cache,
``web.backend.Answers``), ``distinct`` makes every text new with a trailing
comment (``# 17``), so each one is answered anew: by a query process, or
on the request's thread for a query of one scan (``kg.query.one_scan``:
the lookup and the ASK here).

    python bench/sparql_vs_oxigraph.py --store ./data            # 200 requests per query and server
    python bench/sparql_vs_oxigraph.py --store ./data -n 400 --runs 5
    mkdir /tmp/before && git archive 0835f72 | tar -x -C /tmp/before
    python bench/sparql_vs_oxigraph.py --store ./data --before /tmp/before   # a change measured in one run

``--before DIR`` also serves the store with the ``etskg.py`` of another
checkout (an earlier commit) and sends it the same requests in the same
rotation, so a change is measured against Oxigraph and against the code
before it under the same load; its ratios are printed beside etskg's.

Prints p50/p95 per query and server and the p50 ratio for each run, then,
with several runs, each ratio's median over the runs and its range (on a
shared machine one run can land in a burst of someone else's load); writes
them as JSON to bench/out/sparql_vs_oxigraph.json. Results:
bench/README.md "## SPARQL beside Oxigraph".
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from web_load import ROOT, free_port, start_server  # bench/ is on sys.path when a bench runs

sys.path.insert(0, str(ROOT))
from kg.query import declare_prefixes  # noqa: E402

QUERIES = {
    "simple": "SELECT ?s WHERE { ?s a ets:System } ORDER BY ?s LIMIT 5",
    "lookup": 'SELECT ?s WHERE { ?s rdfs:label "韩国碳市场"@zh }',
    "group-by": """SELECT ?sector (COUNT(?s) AS ?n) WHERE { ?s ets:coversSector ?sector }
                   GROUP BY ?sector ORDER BY DESC(?n)""",
    "ask": "ASK { sys:korea ets:status ets-status:in_force }",
}
BLOCK = 10  # requests to one server before switching to the other


def start_oxigraph(store: str, workdir: Path) -> tuple[subprocess.Popen, str]:
    dump = workdir / "dump.nq"
    subprocess.run([sys.executable, str(ROOT / "etskg.py"), "dump", "--store", store, "-o", str(dump)], check=True)
    db = workdir / "oxigraph"
    subprocess.run(["oxigraph", "load", "--location", str(db), "--file", str(dump)], check=True,
                   capture_output=True)
    port = free_port()
    server = subprocess.Popen(["oxigraph", "serve-read-only", "--location", str(db), "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(url + "/query", params={"query": "ASK {}"}, timeout=5)
            return server, url + "/query"
        except requests.ConnectionError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("oxigraph serve-read-only did not start")


def timed(session: requests.Session, url: str, query: str) -> float:
    started = time.perf_counter()
    response = session.get(url, params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}: {response.text[:200]}")
    return elapsed * 1000


def answer(session: requests.Session, url: str, query: str):
    data = session.get(url, params={"query": query}, headers={"Accept": "application/sparql-results+json"}).json()
    if "boolean" in data:
        return data["boolean"]
    return sorted(json.dumps(b, sort_keys=True) for b in data["results"]["bindings"])


def measure(sessions, servers: dict[str, str], query: str, mode: str, n: int, counter) -> dict:
    """p50/p95 of ``n`` requests to each server, alternating in blocks, and the ratio of the p50s.

    ``repeated`` sends ``query`` itself every time; ``distinct`` makes each text new with a comment.
    """
    def text() -> str:
        return query if mode == "repeated" else f"{query}\n# {next(counter)}"

    times: dict[str, list[float]] = {s: [] for s in servers}
    for _ in range(5):  # warm both connections
        for s, url in servers.items():
            timed(sessions[s], url, text())
    while len(times["etskg"]) < n:
        for s, url in servers.items():
            times[s] += [timed(sessions[s], url, text()) for _ in range(BLOCK)]
    row = {s: {"p50_ms": round(statistics.median(t), 3),
               "p95_ms": round(statistics.quantiles(t, n=20)[18], 3)} for s, t in times.items()}
    row["p50_ratio"] = round(row["etskg"]["p50_ms"] / row["oxigraph"]["p50_ms"], 2)
    if "before" in row:
        row["before_p50_ratio"] = round(row["before"]["p50_ms"] / row["oxigraph"]["p50_ms"], 2)
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", default=os.environ.get("ETSKG_STORE") or str(ROOT / "data"))
    ap.add_argument("-n", type=int, default=200, help="requests per query and server")
    ap.add_argument("--runs", type=int, default=1, help="times to measure every query, same servers")
    ap.add_argument("--before", type=Path, help="a checkout of an earlier commit, served and measured alongside")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        oxigraph, ox_url = start_oxigraph(args.store, Path(tmp))
        etskg, base = start_server(args.store, None)
        servers = {"etskg": base + "/sparql", "oxigraph": ox_url}
        processes = [etskg, oxigraph]
        if args.before:
            before, before_base = start_server(args.store, None, args.before.resolve())
            servers["before"] = before_base + "/sparql"
            processes.append(before)
        try:
            time.sleep(2)  # every worker finishes its warm-up
            sessions = {name: requests.Session() for name in servers}
            for name, written in QUERIES.items():
                base_query = declare_prefixes(written)
                answers = {s: answer(sessions[s], url, base_query) for s, url in servers.items()}
                if answers["etskg"] != answers["oxigraph"]:
                    raise SystemExit(f"{name}: the two servers disagree")
            counter = iter(range(10**9))  # distinct texts stay distinct across runs
            runs = []
            for run in range(args.runs):
                results = {}
                for name, written in QUERIES.items():
                    for mode in ("repeated", "distinct"):
                        row = measure(sessions, servers, declare_prefixes(written), mode, args.n, counter)
                        results[f"{name}/{mode}"] = row
                        before_text = (f"   before p50 {row['before']['p50_ms']:6.2f} ms ratio "
                                       f"{row['before_p50_ratio']:.2f}") if args.before else ""
                        print(f"run {run + 1} {name + '/' + mode:18} etskg p50 {row['etskg']['p50_ms']:6.2f} ms "
                              f"p95 {row['etskg']['p95_ms']:6.2f}   oxigraph p50 {row['oxigraph']['p50_ms']:6.2f} ms "
                              f"p95 {row['oxigraph']['p95_ms']:6.2f}   ratio {row['p50_ratio']:.2f}{before_text}",
                              flush=True)
                results["load_average"] = os.getloadavg()[0]
                runs.append(results)
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(30)
    summary = {}
    for key in runs[0]:
        if key == "load_average":
            continue
        summary[key] = {}
        for field, label in (("p50_ratio", ""), ("before_p50_ratio", "before_")):
            if field not in runs[0][key]:
                continue
            ratios = sorted(r[key][field] for r in runs)
            summary[key][label + "median_ratio"] = round(statistics.median(ratios), 2)
            summary[key][label + "range"] = [ratios[0], ratios[-1]]
            if len(runs) > 1:
                print(f"{key:18} {label + 'p50 ratio':16} over {len(runs)} runs: median "
                      f"{summary[key][label + 'median_ratio']:.2f}, range {ratios[0]:.2f}-{ratios[-1]:.2f}")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "sparql_vs_oxigraph.json").write_text(json.dumps({"runs": runs, "summary": summary}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
