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
comment (``# 17``), so each one goes to a query process.

    python bench/sparql_vs_oxigraph.py --store ./data            # 200 requests per query and server
    python bench/sparql_vs_oxigraph.py --store ./data -n 500

Prints p50/p95 per query and server and the p50 ratio; writes them as JSON
to bench/out/sparql_vs_oxigraph.json. Results: bench/README.md
"## SPARQL beside Oxigraph".
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", default=os.environ.get("ETSKG_STORE") or str(ROOT / "data"))
    ap.add_argument("-n", type=int, default=200, help="requests per query and server")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        oxigraph, ox_url = start_oxigraph(args.store, Path(tmp))
        etskg, base = start_server(args.store, None)
        servers = {"etskg": base + "/sparql", "oxigraph": ox_url}
        try:
            time.sleep(2)  # every worker finishes its warm-up
            sessions = {name: requests.Session() for name in servers}
            results = {}
            for name, written in QUERIES.items():
                base_query = declare_prefixes(written)
                answers = {s: answer(sessions[s], url, base_query) for s, url in servers.items()}
                if answers["etskg"] != answers["oxigraph"]:
                    raise SystemExit(f"{name}: the two servers disagree")
                for mode in ("repeated", "distinct"):
                    counter = iter(range(10**9))

                    def text() -> str:
                        return base_query if mode == "repeated" else f"{base_query}\n# {next(counter)}"

                    times: dict[str, list[float]] = {s: [] for s in servers}
                    for _ in range(5):  # warm both connections
                        for s, url in servers.items():
                            timed(sessions[s], url, text())
                    while len(times["etskg"]) < args.n:
                        for s, url in servers.items():
                            times[s] += [timed(sessions[s], url, text()) for _ in range(BLOCK)]
                    row = {s: {"p50_ms": round(statistics.median(t), 3),
                               "p95_ms": round(statistics.quantiles(t, n=20)[18], 3)} for s, t in times.items()}
                    row["p50_ratio"] = round(row["etskg"]["p50_ms"] / row["oxigraph"]["p50_ms"], 2)
                    results[f"{name}/{mode}"] = row
                    print(f"{name + '/' + mode:18} etskg p50 {row['etskg']['p50_ms']:6.2f} ms "
                          f"p95 {row['etskg']['p95_ms']:6.2f}   oxigraph p50 {row['oxigraph']['p50_ms']:6.2f} ms "
                          f"p95 {row['oxigraph']['p95_ms']:6.2f}   ratio {row['p50_ratio']:.2f}", flush=True)
            results["load_average"] = os.getloadavg()[0]
        finally:
            etskg.terminate()
            oxigraph.terminate()
            etskg.wait(30)
            oxigraph.wait(30)
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "sparql_vs_oxigraph.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
