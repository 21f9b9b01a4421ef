"""Warm latency of one search for never-seen queries, in-process, against the encoder alone in the same run.

    python bench/search_latency.py --store DIR [--queries 200] [--k 10]

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
* its parts: the translated bag's encoding, BM25 with translations.

It prints medians and p95, the ratio of search to baseline, and the machine's
load average, since other processes on the two cores move every figure.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # as etskg serve: set before the model loads

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from kg.export import systems_table  # noqa: E402
from kg.store import Store  # noqa: E402
from search.filters import graph_searcher  # noqa: E402
from search.index import SearchIndex  # noqa: E402
from search.searcher import prepare_query, translated_query  # noqa: E402
from search.tokenize import cjk_share, tokenize  # noqa: E402
from web_load import new_queries  # noqa: E402


def ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"p50": round(statistics.median(ordered), 2), "p95": round(ordered[int(0.95 * (len(ordered) - 1))], 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", required=True)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--k", type=int, default=10)
    args = ap.parse_args()
    gen = Store(args.store).current()
    if gen is None:
        raise SystemExit(f"{args.store}: no generation (run etskg ingest --store {args.store} first)")
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
        bag = translated_query(translated, searcher.config.bag_terms)
        if bag:
            start = time.perf_counter()
            encoder.encode_queries([bag])
            times["encode bag"].append(ms(start))
        start = time.perf_counter()
        searcher._bm25(terms, translated, None)
        times["BM25"].append(ms(start))
    figures = {name: summary(values) for name, values in times.items()}
    base = figures["encode query (baseline)"]["p50"]
    figures["ratio search / baseline (p50)"] = round(figures["search + JSON"]["p50"] / base, 2)
    figures["load average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    figures["passages"], figures["queries"] = len(searcher.index.passages), len(texts)
    for name, value in figures.items():
        print(f"{name:>32}: {value}")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "search_latency.json").write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
