"""Warm latency of one search for never-seen queries, in-process or over HTTP, against the encoder alone in the same run.

    python bench/search_latency.py --store DIR [--queries 200] [--k 10] [--http]

Loads the live generation's index of ``DIR`` as ``/api/search`` does
(``search.filters.graph_searcher``), with one OpenMP thread per encoding as
``etskg serve`` sets it, and the query-vector cache off, so every query is
encoded. Queries are those of ``web_load.py --scenario search-new`` (cut from
the bundled report, half English, half Chinese; another seed, so none was
seen by a warm-up). For each query, in turn:

* the baseline: the encoder alone on the query text (one call), the floor of
  any search that encodes its query;
* the whole search, ``k`` results, and their JSON (what the API adds is
  HTTP and Flask: ``web_load.py --scenario search-new --clients 1``);
* its parts: the translated bag's encoding (when ``FusionConfig.dense_translated``
  encodes one), BM25 with translations.

With ``--http`` it starts ``etskg serve`` over ``DIR`` (default workers,
as ``web_load.py`` does; ``--root`` another checkout's, so two commits can
take turns on the same store in one sitting) and sends each never-seen query as
``GET /api/search?q=...&k=...`` on one keep-alive connection, one request at
a time (the issue's figure: a user's query on an otherwise idle service).
The same run times, per query, the encoder alone in this process (the
baseline) and a search of a warm-up text, sent several times before (its
vectors are cached by every worker, so that request is everything but the
encodings: HTTP, the front, Flask, BM25, fusion and JSON).

It prints medians and p95, the ratio of search to baseline, and the machine's
load average, since other processes on the two cores move every figure.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

os.environ.setdefault("OMP_NUM_THREADS", "1")  # as etskg serve: set before the model loads

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from kg.export import systems_table  # noqa: E402
from kg.store import Store  # noqa: E402
from search.filters import graph_searcher  # noqa: E402
from search.index import SearchIndex  # noqa: E402
from search.searcher import prepare_query  # noqa: E402
from search.tokenize import cjk_share, tokenize  # noqa: E402
from web_load import new_queries, start_server  # noqa: E402


def ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"p50": round(statistics.median(ordered), 2), "p95": round(ordered[int(0.95 * (len(ordered) - 1))], 2)}


def get(conn: http.client.HTTPConnection, path: str) -> float:
    """Milliseconds of one GET on a kept-alive connection, body read; anything but a 200 stops the run."""
    start = time.perf_counter()
    conn.request("GET", path, headers={"Accept": "application/json"})
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise SystemExit(f"GET {path}: HTTP {response.status}: {body[:300]!r}")
    return ms(start)


def over_http(store: str, count: int, k: int, root: Path = ROOT) -> dict[str, list[float]]:
    """Times of never-seen searches through ``etskg serve`` (of the checkout ``root``), the encoder alone, and the
    same searches repeated."""
    from search.encoders import get_encoder

    encoder = get_encoder(SearchIndex.load(Path(Store(store).current().path) / "index").encoder_name)
    encoder.query_cache_size = 0
    server, url = start_server(store, None, root)
    try:
        parts = urlsplit(url)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        warm, texts = new_queries(40, seed=7), new_queries(count + 40, seed=11)[40:]
        warm_paths = [f"/api/search?q={quote(text)}&k={k}" for text in warm]
        for path in warm_paths * 4:  # every worker and thread used, every warm text's vectors cached in each worker
            get(conn, path)
        times: dict[str, list[float]] = {"encode query (baseline)": [], "GET /api/search, new query": [],
                                         "GET /api/search, cached vectors": []}
        for n, text in enumerate(texts):
            start = time.perf_counter()
            encoder.encode_queries([text])
            times["encode query (baseline)"].append(ms(start))
            times["GET /api/search, new query"].append(get(conn, f"/api/search?q={quote(text)}&k={k}"))
            times["GET /api/search, cached vectors"].append(get(conn, warm_paths[n % len(warm_paths)]))
        conn.close()
    finally:
        server.terminate()
        server.wait(30)
    return times


def report(times: dict[str, list[float]], searched: str, extra: dict, name: str) -> None:
    figures = {label: summary(values) for label, values in times.items() if values}  # no bag encoded: no bag figure
    base = figures["encode query (baseline)"]["p50"]
    figures["ratio search / baseline (p50)"] = round(figures[searched]["p50"] / base, 2)
    figures.update(extra)
    for label, value in figures.items():
        print(f"{label:>36}: {value}")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / name).write_text(json.dumps(figures, indent=1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", required=True)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--http", action="store_true", help="through etskg serve's /api/search")
    ap.add_argument("--root", type=Path, default=ROOT,
                    help="with --http: the checkout whose etskg serve answers (another commit's, to compare with)")
    args = ap.parse_args()
    gen = Store(args.store).current()
    if gen is None:
        raise SystemExit(f"{args.store}: no generation (run etskg ingest --store {args.store} first)")
    if args.http:
        load_before = os.getloadavg()[0]
        times = over_http(args.store, args.queries, args.k, args.root.resolve())
        report(times, "GET /api/search, new query",
               {"load average": [round(load_before, 2), round(os.getloadavg()[0], 2)], "queries": args.queries},
               "search_latency_http.json")
        return
    searcher = graph_searcher(SearchIndex.load(Path(gen.path) / "index"), systems_table(gen))
    encoder = searcher.encoder
    encoder.query_cache_size = 0
    warm, texts = new_queries(20, seed=7), new_queries(args.queries + 20, seed=11)[20:]
    for text in warm:
        json.dumps(searcher.search(text, args.k), ensure_ascii=False)
    load_before = os.getloadavg()[0]
    times: dict[str, list[float]] = {"encode query (baseline)": [], "search + JSON": [], "encode bag": [], "BM25": []}
    for text in texts:
        start = time.perf_counter()
        encoder.encode_queries([text])
        times["encode query (baseline)"].append(ms(start))
        start = time.perf_counter()
        json.dumps(searcher.search(text, args.k), ensure_ascii=False)
        times["search + JSON"].append(ms(start))
        # The parts, apart: what the search did with this query besides encoding it.
        query = prepare_query(text)
        terms = tokenize(query)
        lang = "zh" if cjk_share(query) > 0.3 else "en"
        translated = searcher._translations(terms, searcher.entities.mentioned(query), query, lang)
        bag = searcher.bag(translated, lang) if searcher.config.dense_translated else ""
        if bag:
            start = time.perf_counter()
            encoder.encode_queries([bag])
            times["encode bag"].append(ms(start))
        start = time.perf_counter()
        searcher._bm25(terms, translated, None, searcher._groups(lang))
        times["BM25"].append(ms(start))
    report(times, "search + JSON", {"load average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
                                    "passages": len(searcher.index.passages), "queries": len(texts)},
           "search_latency.json")


if __name__ == "__main__":
    main()
