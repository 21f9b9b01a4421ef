"""What the web service reads: the live generation, its searcher and per-generation views of the graph.

Why a class here: every request must see the store's live generation, so an
``etskg ingest`` running beside the server is picked up without a restart
(``Store.current()`` is one small file read per request). What the pages
show about a generation (the systems table, statistics, concept labels,
entity views, the search index) is fixed for that generation, so it is
computed once and cached on a ``View`` that is replaced when the generation
changes. Nothing here knows HTTP; the blueprints call ``Backend.view()``.

Ad-hoc SPARQL goes through ``kg.query.run_query`` (worker processes with a
real time limit); the fixed views come from ``kg.export``. The public
endpoint's queries run in a pool of their own (``public_pool``, with a
memory ceiling per process) behind an admission gate (``Admission``), and
the service's own queries (Q&A, labels) in the process's default pool: a
queue of runaway public queries never makes a page or an answer wait.

A generation never changes, so the answer to a query text is the same until
the next one: each ``View`` keeps recent answers (``Answers``, bounded in
bytes) and a repeated query skips the trip to a query process, which was
most of a small query's time at ``/sparql`` (bench/README.md "## SPARQL
beside Oxigraph"). Only answers that arrived within every limit are kept;
errors, timeouts and refusals are never cached, so each repeat runs again.
"""
from __future__ import annotations

import os
import threading
from collections import OrderedDict
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

from kg import export
from kg.query import MAX_RESULT_BYTES, QueryPool, QueryResult, QueryTimeout, run_query, warm_up
from kg.store import Generation, GenerationDamaged, Store, StoreError
from search.filters import graph_searcher
from search.index import SearchIndex, verify
from search.qa.answer import QA
from search.searcher import Searcher

# Labels of every concept, class and property, from the ontology graph.
_LABELS = """
SELECT ?term ?label WHERE {
  GRAPH <https://etskg.org/ontology> { ?term skos:prefLabel|rdfs:label ?label }
}"""


ANSWER_BYTES = 32 << 20  # answers kept per gunicorn worker; one answer is at most MAX_RESULT_BYTES (8 MiB)


class Answers:
    """Answers by query text, at most ``limit`` bytes of payload, the least recently used dropped first."""

    def __init__(self, limit: int = ANSWER_BYTES):
        self.limit = limit
        self.size = 0
        self._items: OrderedDict[str, QueryResult] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, sparql: str) -> QueryResult | None:
        with self._lock:
            found = self._items.get(sparql)
            if found is not None:
                self._items.move_to_end(sparql)
            return found

    def put(self, sparql: str, result: QueryResult) -> None:
        cost = len(result.payload) + len(sparql)
        if cost > self.limit:
            return
        with self._lock:
            if sparql in self._items:
                return
            self._items[sparql] = result
            self.size += cost
            while self.size > self.limit:
                text, dropped = self._items.popitem(last=False)
                self.size -= len(dropped.payload) + len(text)


class View:
    """One generation and what is derived from it, computed on first use."""

    def __init__(self, gen: Generation, query_timeout: float, pool: QueryPool | None = None):
        self.gen = gen
        self.query_timeout = query_timeout
        self.pool = pool
        self._entities: dict[str, dict] = {}
        self._changes: dict[tuple[str, str], list[dict]] = {}
        self.answers = Answers()
        self._index_signature: tuple | None = None  # of the index files verify() last passed

    @property
    def name(self) -> str:
        return self.gen.name

    def query(self, sparql: str, deadline: float | None = None, public: bool = True) -> QueryResult:
        """An ad-hoc, read-only query with the service's time, memory and result-size limits.

        ``deadline`` (``time.monotonic()``) is the request's own: the query
        ends at it or at the time limit, whichever comes first. ``public``
        runs it in the public endpoint's pool; the service's own fixed-shape
        queries (linked-data views) pass False and run in the default pool.
        """
        known = self.answers.get(sparql)
        if known is not None:
            return known
        result = run_query(self.gen, sparql, timeout=self.query_timeout, max_bytes=MAX_RESULT_BYTES,
                           pool=self.pool if public else None, deadline=deadline)
        self.answers.put(sparql, result)
        return result

    @cached_property
    def stats(self) -> dict:
        return export.stats(self.gen)

    @cached_property
    def systems(self) -> list[dict]:
        return export.systems_table(self.gen)

    @cached_property
    def statements(self) -> list[dict]:
        """``kg.export.statements``: every document's dated statements with evidence (the timelines)."""
        return export.statements(self.gen)

    @cached_property
    def documents(self) -> list[dict]:
        """``kg.export.documents``: id, language, date, series, edition of each document."""
        return export.documents(self.gen)

    def changes(self, earlier: str, later: str) -> list[dict]:
        """``kg.export.changes`` between the views at two dates, cached for the documents' own dates.

        Only pairs of the documents' dates are kept, so requests for made-up
        dates cannot grow the cache (they are computed, about a second each).
        """
        key = (earlier, later)
        if key in self._changes:
            return self._changes[key]
        found = export.changes(self.gen, earlier, later)
        if {earlier, later} <= {d["date"] for d in self.documents}:
            self._changes[key] = found
        return found

    @cached_property
    def systems_by_iri(self) -> dict[str, dict]:
        return {row["iri"]: row for row in self.systems}

    def entity(self, iri: str) -> dict | None:
        """``kg.export.entity`` for a system or jurisdiction, cached; None for anything else.

        Only entities are cached, so requests for made-up IRIs cannot grow the cache.
        """
        if iri not in self._entities:
            found = export.entity(self.gen, iri)
            if found is None:
                return None
            self._entities[iri] = found
        return self._entities[iri]

    @cached_property
    def labels(self) -> dict[str, dict[str, str]]:
        """IRI -> {lang: label} for the ontology's concepts, classes and properties."""
        found: dict[str, dict[str, str]] = {}
        for row in run_query(self.gen, _LABELS, timeout=None).rows:
            label = row["label"]
            found.setdefault(str(row["term"]), {}).setdefault(label.language or "", str(label))
        return found

    @property
    def searcher(self) -> Searcher:
        """The searcher with the sector and jurisdiction facets the API's filters use (``search.filters``).

        ``IndexCorrupt`` when the index on disk is damaged, even if this
        worker loaded it whole before: every worker answers alike.
        """
        self.check_index()
        return self._searcher

    @cached_property
    def _searcher(self) -> Searcher:
        return graph_searcher(SearchIndex.load(self.index_dir), self.systems)

    @property
    def index_dir(self) -> Path:
        return Path(self.gen.path) / "index"

    def check_index(self) -> None:
        """``IndexCorrupt`` unless the index's files are those ``verify`` last passed (or pass it now).

        A stat of each file per call; the full check (sizes and SHA-256 of
        the manifest) runs again only when a file's size, time or inode
        changed, so a rewritten byte is found as a deleted file is.
        """
        signature = _signature(self.index_dir)
        if signature != self._index_signature:
            verify(self.index_dir)
            self._index_signature = signature

    @cached_property
    def passages(self) -> dict:
        """Passage id -> ``ingest.model.Passage`` (text, offsets, sentences, alignment)."""
        return {p.id: p for p in self.searcher.index.passages}

    def ask(self, question: str, deadline: float | None = None) -> dict:
        """The Q&A module's answer (``search.qa.answer``): text, answer, SPARQL, citations.

        Its search fallback reads the same index, so a damaged index is an error here too.
        ``deadline`` (the request's) bounds the question's encoding, every graph read of
        the answer (the engine's first loading included) and the fallback's query
        encoding: past it a ``QueryTimeout`` (503), with a message about the answer
        rather than a query the asker never wrote.
        """
        self.check_index()
        try:
            return QA.for_generation(self.gen, deadline).ask(question, deadline)
        except QueryTimeout as err:
            raise QueryTimeout(f"no answer within the request's time limit of {self.query_timeout:g} s (the server "
                               "is busy); retry in a few seconds") from err

    def passage_at(self, doc: str, offset: int) -> str | None:
        """The id of the passage of ``doc`` holding character ``offset`` (for citations in context)."""
        for pid in self.passage_order.get(doc, []):
            passage = self.passages[pid]
            if passage.start <= offset < passage.end:
                return pid
        return None

    @cached_property
    def passage_order(self) -> dict[str, list[str]]:
        """Document id -> its passage ids in reading order (for 'passage in context')."""
        order: dict[str, list[str]] = {}
        for passage in sorted(self.passages.values(), key=lambda p: (p.doc, p.start)):
            order.setdefault(passage.doc, []).append(passage.id)
        return order


def _signature(directory: Path) -> tuple:
    """(relative name, size, mtime, inode) of every file under ``directory``; asked per request, so scandir."""
    found, todo = [], [(directory, "")]
    while todo:
        folder, prefix = todo.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_dir():
                        todo.append((entry.path, prefix + entry.name + "/"))
                    elif entry.is_file():
                        st = entry.stat()
                        found.append((prefix + entry.name, st.st_size, st.st_mtime_ns, st.st_ino))
        except OSError:  # removed while listed: verify() says what is missing
            continue
    return tuple(sorted(found))


class Busy(Exception):
    """Every place for a public query is taken; the request is answered 503 at once."""


class Admission:
    """At most ``running`` public queries at once and ``waiting`` more queued; the rest are refused.

    A web thread that waits for a query process is a thread no page can
    use: with no bound, a queue of runaway queries held every thread of a
    worker and pages waited 10-20 s. Refusing past a short queue keeps the
    other threads for pages, search and Q&A.
    """

    def __init__(self, running: int, waiting: int):
        self.limit = running + waiting
        self._taken = 0
        self._lock = threading.Lock()

    @contextmanager
    def enter(self):
        with self._lock:
            if self._taken >= self.limit:
                raise Busy(f"the SPARQL endpoint is busy: {self._taken} queries are running or queued here; "
                           "retry in a few seconds")
            self._taken += 1
        try:
            yield
        finally:
            with self._lock:
                self._taken -= 1


class Backend:
    """The store a service reads, and the ``View`` of its live generation.

    ``query_memory_mb`` caps each public query process; ``query_processes``
    is their number and ``query_queue`` how many more public queries may
    wait for one.
    """

    def __init__(self, store_dir: str | Path | None = None, query_timeout: float = 10.0,
                 query_memory_mb: int | None = None, query_processes: int = 2, query_queue: int = 2):
        self.store = Store(store_dir)
        self.query_timeout = query_timeout
        self.public_pool = QueryPool(query_processes, memory_mb=query_memory_mb)
        self.admission = Admission(query_processes, query_queue)
        self._view: View | None = None
        self._lock = threading.Lock()

    def view(self) -> View:
        """The view of the live generation; ``StoreError`` when the store has none."""
        gen = self.store.current()
        if gen is None:
            raise StoreError(f"no graph in {self.store.dir}: run 'etskg ingest' first")
        # Asked on every request, not once per worker: a worker that opened the files
        # before the damage could still answer, one started after could not.
        damage = gen.damage()
        if damage is not None:
            raise GenerationDamaged(gen, damage)
        view = self._view
        if view is None or view.name != gen.name:
            with self._lock:
                if self._view is None or self._view.name != gen.name:
                    self._view = View(gen, self.query_timeout, self.public_pool)
                view = self._view
        return view

    def warm_up(self) -> None:
        """Start the query workers, load the search index and Q&A, and run one query of each kind.

        A server calls this when a worker starts so that no request pays
        for loading the encoder, the index or a query process.
        """
        warm_up()
        warm_up(self.public_pool)
        view = self.view()
        view.query("ASK { ?s ?p ?o }")
        view.searcher.search("碳市场 carbon market", k=1)
        view.ask("Which systems accept international offsets?")
        view.ask("What is the price outlook?")  # loads the Q&A's search fallback
        _ = view.systems, view.stats, view.labels
