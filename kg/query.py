"""Read-only SPARQL over a generation, with a time limit that really stops the query.

``run_query(source, sparql, timeout=10)`` runs a SPARQL 1.1 query in Oxigraph
and returns a ``QueryResult`` that prints as a text table, SPARQL JSON / CSV /
TSV / XML results, or, for CONSTRUCT and DESCRIBE, Turtle / N-Triples /
N-Quads / TriG / JSON-LD (compacted, with the prefixes it uses as its
``@context``) / RDF/XML.

- The default graph is the merge of all named graphs (materialized by
  ``kg.load.refresh_merge``), so a query without ``GRAPH`` sees every
  document, each triple once; ``GRAPH ?g { ... }`` still tells them apart.
  The prefixes of ``kg.namespaces.PREFIXES`` (ets:, sys:, ets-status:, ...)
  are predeclared.
- Time limit: pyoxigraph has no timeout or cancellation; a query runs in Rust
  until it ends. Queries therefore run in worker processes (``kg/worker.py``,
  a small pool of fresh interpreters) and a query past its limit gets its
  worker SIGKILLed; the next query starts a fresh worker. The store
  is opened read-only by the workers, so killing one cannot damage it.
  Waiting for a free worker counts against the same limit, and a caller
  with a deadline of its own (a web request's, counted from its arrival)
  passes it: the query gets whichever ends first. The one exception is a
  query of one scan (``one_scan``: one triple pattern with a given subject
  or object, written out as it is found), whose time and memory grow with
  its answer alone: it is answered in the calling process up to
  ``HERE_BYTES`` of answer and handed to a worker past them.
- Memory limit: a pool made with ``memory_mb`` starts its workers with
  that ``RLIMIT_DATA`` (heap and anonymous maps, where a query's
  intermediate results live). An allocation past it aborts the worker
  (Rust aborts on allocation failure) and the caller gets
  ``QueryOutOfMemory``; the next query starts a fresh worker.
- Shape limits: a query nested deeper than ``MAX_DEPTH`` brackets or with
  more than ``MAX_PATH_STEPS`` path operators is refused before it reaches
  a worker: Oxigraph's recursive-descent parser overflows its stack on a
  few thousand levels and the worker dies with SIGSEGV.
- Updates (INSERT, DELETE, LOAD, CLEAR, ...) are refused with
  ``QueryError("read-only: ...")`` before anything runs, and the workers'
  store is read-only anyway. SERVICE clauses, which make Oxigraph call remote
  endpoints (a server-side request forgery from a public endpoint), are
  refused unless ``allow_service=True``: the word SERVICE in keyword position
  anywhere outside strings and comments, however it is glued to the tokens
  around it (``?o.SERVICE <...>`` is a SERVICE clause to Oxigraph).
- Size limits: a query text over ``MAX_QUERY_CHARS`` is refused before it
  is parsed, and with ``max_bytes`` (the web endpoint passes
  ``MAX_RESULT_BYTES``) a result whose serialization passes it is stopped
  in the worker while it is being evaluated and raises ``ResultTooLarge``,
  so one query cannot fill the memory of the worker or of its caller.
- Malformed SPARQL raises ``QueryError`` with Oxigraph's one-line message,
  which gives line and column ("error at 3:17: expected ...").
- A generation on an external SPARQL store (``kg/backends/sparql.py``) is
  queried over HTTP from the calling thread, holding a pool slot; past the
  limit the request is abandoned and ``QueryTimeout`` raised the same way.

``Background`` holds reads that run in the calling process instead (``kg.export``'s):
a caller with a deadline waits until then and the read goes on, its result kept.

Programs that embed a query server (the web front end) call ``warm_up()``
at start so that the first request does not pay for starting a worker.
rdflib's own SPARQL engine is not used anywhere here: the SPARQL grammar
rdflib builds on first use is never needed.
"""
from __future__ import annotations

import atexit
import io
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import unicodedata
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from functools import cached_property

import pyoxigraph as ox
from rdflib import Graph
from rdflib.query import Result

from kg import worker
from kg.load import refresh_merge
from kg.namespaces import PREFIXES, short
from kg.store import Generation, GenerationDamaged

DEFAULT_TIMEOUT = 10.0  # seconds
MAX_QUERY_CHARS = 100_000  # a written query is a few hundred characters; the web body limit is 1 MiB
MAX_RESULT_BYTES = 8 << 20  # serialized result; the whole bundled graph as SPARQL JSON is 2.5 MB
# Brackets ({, ( and [) open at once, and path operators (/ and |) in one
# query. Written queries nest a handful of levels and paths a few steps;
# the parser crashed (SIGSEGV) at about 3,000 levels, so 64 is far from both.
MAX_DEPTH = 64
MAX_PATH_STEPS = 256
# A query of one scan (``one_scan``) is answered in the calling process up
# to this many bytes of answer; past them it goes to a worker as any other.
HERE_BYTES = 256 << 10
STARTUP_TIMEOUT = 60.0  # a worker that cannot start in this time is broken, not slow
SOLUTION_FORMATS = ("table", "json", "csv", "tsv", "xml")
GRAPH_FORMATS = ("table", "turtle", "nt", "nquads", "trig", "json-ld", "xml")
UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}

_RESULT_FORMAT = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV, "xml": ox.QueryResultsFormat.XML}
_RDF_FORMAT = {"turtle": ox.RdfFormat.TURTLE, "xml": ox.RdfFormat.RDF_XML, "nquads": ox.RdfFormat.N_QUADS,
               "trig": ox.RdfFormat.TRIG}

# SPARQL lexical tokens, enough to find keywords: comments, strings and IRIs
# are matched whole so that a "SERVICE" or "INSERT" inside them is not taken
# for a keyword; words include prefixed names and variables, so that
# ``ex:SERVICE`` and ``?service`` stay distinct from the keyword. IRIs and
# words follow the grammar (\u escapes in IRIREF, \-escapes in prefixed
# names such as ``ex:a\#``) so that no '#' or quote inside them is taken for
# the start of a comment or string that would hide what follows.
SPARQL_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
    | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
    | (?P<word>[?$]?(?:[\w\-:.%]|\\[_~.\-!$&'()*+,;=/?\#@%])+)
    | (?P<other>\S)
    """,
    re.X | re.S,
)
# SERVICE in keyword position inside a word or IRI token, i.e. not part of
# a variable, prefixed or longer name. Inside an IRI it is skipped after
# '/', '#', '-' or '_', where Oxigraph never reads a keyword; an operator
# '<' taken for an IRI start ("FILTER(?a<1)SERVICE?e#>") is still searched.
_SERVICE = re.compile(r"(?<![\w?$:])SERVICE(?![\w:])", re.I)
_SERVICE_IN_IRI = re.compile(r"(?<![\w?$:/\#\-])SERVICE(?![\w:])", re.I)
_ANY_SERVICE = re.compile("SERVICE", re.I)


class QueryError(Exception):
    """The query cannot run: malformed, an update, a refused SERVICE, or it failed; one line."""


class QueryLimit(QueryError):
    """The query was stopped at a resource limit (time or memory); the service itself is fine."""


class QueryTimeout(QueryLimit):
    """The query ran past its time limit (waiting for a worker included) and its worker process was killed."""


class QueryOutOfMemory(QueryLimit):
    """The query needed more memory than its worker may take; the worker died of it."""


class ResultTooLarge(QueryError):
    """The result passed the size limit; the query was stopped where it was."""


def _keywords(sparql: str):
    """The query's words, upper-cased, as they come: a check that needs the first few reads no further."""
    return (m.group("word").upper() for m in SPARQL_TOKEN.finditer(sparql) if m.group("word"))


def _has_service(sparql: str) -> bool:
    if not _ANY_SERVICE.search(sparql):  # a SERVICE in any token is one in the text: one scan in C
        return False
    for m in SPARQL_TOKEN.finditer(sparql):
        if m.group("word") and _SERVICE.search(m.group("word")):
            return True
        if m.group("iri") and _SERVICE_IN_IRI.search(m.group("iri")):
            return True
    return False


def declare_prefixes(sparql: str) -> str:
    """``sparql`` with PREFIX lines for the predeclared prefixes it uses and does not declare.

    The endpoint predeclares ``PREFIXES``; other endpoints and clients do
    not, so every query this service shows or links to carries its own
    declarations and runs anywhere as written.
    """
    used, declared = [], set()
    words = [m.group("word") for m in SPARQL_TOKEN.finditer(sparql) if m.group("word")]
    for before, word in zip([""] + words, words):
        if word.startswith(("?", "$")) or ":" not in word:
            continue
        prefix = word.split(":", 1)[0]
        if before.upper() == "PREFIX":
            declared.add(prefix)
        elif prefix in PREFIXES and prefix not in used:
            used.append(prefix)
    lines = [f"PREFIX {p}: <{PREFIXES[p]}>" for p in sorted(used) if p not in declared]
    return "\n".join(lines + [sparql]) if lines else sparql


def check(sparql: str, allow_service: bool = False, max_chars: int = MAX_QUERY_CHARS) -> None:
    """Refuse long texts, updates, and SERVICE unless allowed, before the query reaches a worker."""
    if len(sparql) > max_chars:
        raise QueryError(f"query too long: {len(sparql):,} characters, at most {max_chars:,} are accepted")
    # A word that upper-cases to an update keyword leaves that keyword in the
    # upper-cased text (upper() maps character by character), so a text
    # without any needs no tokenizing: a few scans in C.
    upper = sparql.upper()
    if any(keyword in upper for keyword in UPDATE_KEYWORDS):
        _check_read_only(sparql)
    if not allow_service and _has_service(sparql):
        raise QueryError("SERVICE clauses (queries to remote endpoints) are not allowed here")
    _check_shape(sparql)


def _check_read_only(sparql: str) -> None:
    """Refuse an update: its keyword is the first word after the prologue (BASE and PREFIX declarations)."""
    words = iter(_keywords(sparql))
    for word in words:
        if word == "BASE":
            continue
        if word == "PREFIX":
            next(words, None)  # the prefix name
            continue
        if word in UPDATE_KEYWORDS:
            raise QueryError(f"read-only: {word} is a SPARQL update; the graph can only be queried")
        break


def _check_shape(sparql: str) -> None:
    """Refuse nesting and paths deep enough to crash the parser (see ``MAX_DEPTH``)."""
    # Each bracket or operator token is one such character of the text, so
    # counting characters (in C) bounds both figures from above: a query
    # within the limits by count needs no tokenizing here.
    if sum(map(sparql.count, "{([")) <= MAX_DEPTH and sparql.count("/") + sparql.count("|") <= MAX_PATH_STEPS:
        return
    depth = deepest = steps = 0
    for m in SPARQL_TOKEN.finditer(sparql):
        char = m.group("other")
        if char in ("{", "(", "["):
            depth += 1
            deepest = max(deepest, depth)
        elif char in ("}", ")", "]"):
            depth -= 1
        elif char in ("/", "|"):
            steps += 1
    if deepest > MAX_DEPTH:
        raise QueryError(f"query nested too deeply: {deepest} levels of brackets, at most {MAX_DEPTH} are accepted")
    if steps > MAX_PATH_STEPS:
        raise QueryError(f"query too complex: {steps} path or alternative operators, at most {MAX_PATH_STEPS}")


# Pieces of ``one_scan``'s grammar (ASCII only: a name or variable outside it
# goes to a worker). Every term is followed by a space or comment, so no
# two terms can glue into one name for Oxigraph that are two here.
_GAP = r"(?:\s|\#[^\n\r]*)"
_IRI_PLAIN = r"<[^<>\"{}|^`\\\x00-\x20]*>"  # no escapes
_VAR = r"[?$]\w+"
_NAME = r"(?!_:)[\w\-]*:[\w\-]*"  # no escapes, no '.'; not a blank node (_:b), which matches anything
_LITERAL = rf'"[^"\\\n\r]*"(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^(?:{_IRI_PLAIN}|{_NAME}))?'
# PREFIX and BASE declarations, then the query.
_ONE_SCAN = re.compile(rf"""
    (?:{_GAP}|PREFIX{_GAP}+[\w\-.]*:{_GAP}*{_IRI_PLAIN}|BASE{_GAP}*{_IRI_PLAIN})*
    (?:SELECT(?!\w){_GAP}*(?:\*|{_VAR}(?:{_GAP}*{_VAR})*)|ASK(?!\w)) {_GAP}*
    (?:WHERE(?!\w){_GAP}*)?
    \{{ {_GAP}*
    (?P<s>{_VAR}|{_IRI_PLAIN}|{_NAME}) {_GAP}+
    (?P<p>{_VAR}|{_IRI_PLAIN}|{_NAME}|a) {_GAP}+
    (?P<o>{_VAR}|{_IRI_PLAIN}|{_NAME}|{_LITERAL}) {_GAP}*
    (?:\.{_GAP}*)? \}}
    {_GAP}* (?:LIMIT{_GAP}+\d+{_GAP}*)? \Z
""", re.X | re.I | re.A)


def one_scan(sparql: str) -> bool:
    """Whether ``sparql`` is an ASK or SELECT of one triple pattern whose subject or object is given.

    ``ASK { sys:korea ets:status ets-status:in_force }``, ``SELECT ?s WHERE
    { ?s rdfs:label "..."@zh } LIMIT 5``, ``SELECT * { sys:korea ?p ?o }``:
    PREFIX and BASE lines, a projection of variables or ``*``, ``WHERE``,
    one pattern and ``LIMIT``, nothing else (no FILTER, OFFSET, DISTINCT,
    ORDER, GROUP, FROM, GRAPH, path, blank node, second pattern or variable
    used twice in the pattern). Oxigraph answers one by a single scan of an
    index range, writing each match as it finds it: no join, sort,
    grouping or filter that could work without writing, so its time and
    memory grow with its answer alone, which the caller bounds
    (``HERE_BYTES``); it needs no process that can be killed. Any text
    this does not recognize goes to a worker as before. One regular
    expression in C: tokenizing in Python took 15-20 us a query.
    """
    found = _ONE_SCAN.match(sparql)
    if found is None:
        return False
    terms = found.group("s", "p", "o")
    if terms[0][0] in "?$" and terms[2][0] in "?$":
        return False  # nothing given: the whole graph
    # A variable twice in the pattern (?x ?x <o>) makes Oxigraph compare
    # what it scans, dropping matches without writing them: not one scan.
    names = [t[1:] for t in terms if t[0] in "?$"]
    return len(set(names)) == len(names)


class QueryResult:
    """The answer of one query, kept as Oxigraph serialized it and converted on demand.

    ``kind`` is SELECT, ASK or CONSTRUCT (DESCRIBE answers are graphs too).
    ``vars``/``rows`` (rdflib terms) for SELECT, ``boolean`` for ASK,
    ``graph`` (an rdflib Graph) for CONSTRUCT.
    """

    def __init__(self, kind: str, payload: bytes):
        self.kind = {"solutions": "SELECT", "boolean": "ASK", "graph": "CONSTRUCT"}[kind]
        self.payload = payload  # SPARQL JSON results, or N-Triples for graphs

    @cached_property
    def _results(self) -> Result:
        return Result.parse(io.BytesIO(self.payload), format="json")

    @property
    def vars(self) -> list[str]:
        return [str(v) for v in self._results.vars or []] if self.kind == "SELECT" else []

    @cached_property
    def rows(self) -> list[dict]:
        """One dict per solution, variable name -> rdflib term; unbound variables are absent."""
        if self.kind != "SELECT":
            return []
        return [{str(k): v for k, v in row.items()} for row in self._results.bindings]

    @property
    def boolean(self) -> bool | None:
        return bool(self._results.askAnswer) if self.kind == "ASK" else None

    @cached_property
    def graph(self) -> Graph:
        graph = Graph()
        if self.kind == "CONSTRUCT":
            graph.parse(data=self.payload, format="nt")
        return graph

    def __len__(self) -> int:
        if self.kind == "SELECT":
            return len(self.rows)
        return len(self.graph) if self.kind == "CONSTRUCT" else 1

    def formats(self) -> tuple[str, ...]:
        return GRAPH_FORMATS if self.kind == "CONSTRUCT" else SOLUTION_FORMATS

    def first(self, n: int) -> tuple["QueryResult", int]:
        """A result of at most ``n`` of these rows or triples (a graph's sorted by line), and how many there are.

        For showing a page of a large result: the payload is cut as bytes
        and as JSON, in C, so only what is shown becomes rdflib terms:
        parsing a whole 6.8 MB CONSTRUCT into rdflib and sorting it took a
        web thread 2.1 s, 17 times the table's time (bench/editor_table.py).
        """
        if self.kind == "ASK":
            return self, 1
        if self.kind == "CONSTRUCT":
            lines = sorted(set(self.payload.splitlines()) - {b""})  # Oxigraph writes one triple a line
            return QueryResult("graph", b"\n".join(lines[:n] + [b""])), len(lines)
        data = json.loads(self.payload)
        rows = data["results"]["bindings"]
        data["results"]["bindings"] = rows[:n]
        return QueryResult("solutions", json.dumps(data).encode()), len(rows)

    def serialize(self, fmt: str = "table") -> str:
        """The result as text in ``fmt``, one of ``self.formats()``."""
        return self._table() if fmt == "table" else self.body(fmt).decode()

    def body(self, fmt: str) -> bytes:
        """The result in ``fmt`` as UTF-8 bytes, what a server sends.

        SPARQL JSON (solutions) and N-Triples (graphs) are Oxigraph's own
        payload, sent as it is: decoding it to text and encoding it again
        copied a large answer twice per request in the web process.
        """
        if fmt not in self.formats():
            raise ValueError(f"{fmt!r} is not a format for {self.kind} results; use one of {', '.join(self.formats())}")
        if fmt == "table":
            return self._table().encode()
        if self.kind == "CONSTRUCT":
            if fmt == "nt":
                return self.payload
            text = self.payload.decode()
            used = {p: ns for p, ns in PREFIXES.items() if ns in text}
            if fmt == "json-ld":
                # Oxigraph writes expanded JSON-LD only; rdflib compacts it with a context.
                return self.graph.serialize(format="json-ld", context=used, auto_compact=True).encode()
            triples = ox.parse(self.payload, format=ox.RdfFormat.N_TRIPLES)
            return ox.serialize(triples, format=_RDF_FORMAT[fmt], prefixes=used)
        if fmt == "json":
            return self.payload
        parsed = ox.parse_query_results(self.payload, format=ox.QueryResultsFormat.JSON)
        return parsed.serialize(format=_RESULT_FORMAT[fmt])

    def _table(self) -> str:
        if self.kind == "ASK":
            return "true" if self.boolean else "false"
        if self.kind == "CONSTRUCT":
            header = ["subject", "predicate", "object"]
            cells = [[short(s), short(p), short(o)] for s, p, o in sorted(self.graph)]
        else:
            header = self.vars
            cells = [[short(row.get(v)) for v in header] for row in self.rows]
        return format_table(header, cells) + f"\n({len(cells)} row{'' if len(cells) == 1 else 's'})"


def _width(text: str) -> int:
    # Chinese characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def format_table(header: list[str], cells: list[list[str]]) -> str:
    """A plain-text table with aligned columns (CJK-aware)."""
    widths = [max([_width(h)] + [_width(row[i]) for row in cells]) for i, h in enumerate(header)]

    def line(values):
        return " | ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip()

    rule = "-+-".join("-" * w for w in widths)
    return "\n".join([line(header), rule] + [line(row) for row in cells])


class _Worker:
    """One query process (``python kg/worker.py``) and the socket to it."""

    def __init__(self, memory_mb: int | None = None):
        self.memory_mb = memory_mb
        mine, theirs = socket.socketpair()
        with theirs:
            self.process = subprocess.Popen([sys.executable, worker.__file__, str(theirs.fileno()), str(memory_mb or 0)],
                                            pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL,
                                            env={**os.environ, "RUST_BACKTRACE": "0"})  # one line per abort in the log
        self.conn = worker.Channel(mine)
        try:
            self.conn.send(PREFIXES)  # kept by the worker for all its queries (kg/worker.py)
        except OSError:  # it died at once
            self.kill()
            raise QueryError("the query worker could not start (see its error output)") from None
        if not self.conn.wait(STARTUP_TIMEOUT):
            self.kill()
            raise QueryError("the query worker did not start")
        try:
            self.conn.recv()  # ("ready",)
        except EOFError:
            self.kill()
            raise QueryError("the query worker could not start (see its error output)") from None

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def ask(self, request, timeout: float | None, limit: float | None):
        """Send ``request`` and wait at most ``timeout`` s for the answer; ``limit`` is the time limit to report."""
        self.conn.send(request)
        if not self.conn.wait(timeout):
            self.kill()
            raise QueryTimeout(f"query stopped: it ran past its time limit of {limit:g} s")
        try:
            return self.conn.recv()
        except EOFError:
            code = self.process.wait()
            self.kill()
            if code == -signal.SIGABRT and self.memory_mb:
                # Rust aborts the process when an allocation fails; with a
                # data limit set that is the query running out of memory.
                raise QueryOutOfMemory(f"query stopped: it needed more than the {self.memory_mb} MiB of memory "
                                       "a query may use; add LIMIT or narrow the query") from None
            raise QueryError(f"the query worker died (exit code {code})") from None

    def stop(self) -> None:
        """Kill the process, from any thread: a thread waiting for its answer gets end of file."""
        self.process.kill()
        self.process.wait()

    def kill(self) -> None:
        """Kill the process and close the socket: by the thread asking, or when no thread is.

        Closing the socket under a thread that waits on it would let its
        descriptor's number be reused while that thread still reads it.
        """
        self.stop()
        self.conn.close()


class QueryPool:
    """At most ``size`` worker processes shared by the threads of one process.

    Each slot holds a running worker or None (started on first use); a worker
    that timed out or died is dropped and its slot refilled on the next query.
    ``memory_mb`` caps each worker's data segment (None: no cap).
    """

    def __init__(self, size: int = 2, memory_mb: int | None = None):
        self.size = size
        self.memory_mb = memory_mb
        self._slots: queue.LifoQueue = queue.LifoQueue()
        for _ in range(size):
            self._slots.put(None)
        self._lock = threading.Lock()
        self._running: set[_Worker] = set()

    def _spawn(self) -> _Worker:
        started = _Worker(self.memory_mb)
        with self._lock:
            self._running.add(started)
        return started

    def _drop(self, slot: _Worker) -> None:
        slot.kill()
        with self._lock:
            self._running.discard(slot)

    def run(self, source, sparql: str, timeout: float | None, max_bytes: int | None = None,
            deadline: float | None = None):
        """Run in a free worker; ``timeout`` counts from now, waiting included; ``deadline`` (monotonic) too."""
        ends = [t for t in (None if timeout is None else time.monotonic() + timeout, deadline) if t is not None]
        end = min(ends) if ends else None
        limit = timeout if timeout is not None or end is None else end - time.monotonic()  # for messages

        def left() -> float | None:
            return None if end is None else max(0.0, end - time.monotonic())

        try:
            slot = self._slots.get(timeout=left())
        except queue.Empty:
            raise QueryTimeout(f"query not started: all {self.size} query workers stayed busy "
                               f"past the time limit of {limit:g} s") from None
        if left() == 0.0:  # a fast worker can answer before a zero wait is checked: do not start at all
            self._slots.put(slot)
            raise QueryTimeout(f"query not started: the request was past its time limit of {limit:g} s")
        try:
            if source[0] == "remote":  # an external store: the slot only bounds how many run at once
                reply = source[1].answer(sparql, left(), limit)
                # The server has sent it all by now: the limit keeps it from going further.
                too_large = reply[0] == "ok" and max_bytes is not None and len(reply[2]) > max_bytes
                return ("too_large", max_bytes) if too_large else reply
            if slot is not None and not slot.alive:
                self._drop(slot)  # died while idle
                slot = None
            if slot is None:
                slot = self._spawn()
            return slot.ask((source, sparql, max_bytes), left(), limit)
        except BaseException:
            # A timeout has killed the worker already; after any other
            # interruption (KeyboardInterrupt while waiting) the query may
            # still be running, so the worker goes too.
            if slot is not None:
                self._drop(slot)
            slot = None
            raise
        finally:
            self._slots.put(slot)

    def workers(self) -> list[int]:
        """Process ids of the running workers (for monitoring and tests)."""
        with self._lock:
            return sorted(w.process.pid for w in self._running if w.alive)

    def start(self) -> None:
        """Start every worker now rather than on first use."""
        taken = [self._slots.get() for _ in range(self.size)]
        try:
            taken = [slot if slot is not None and slot.alive else self._spawn() for slot in taken]
        finally:
            for slot in taken:
                self._slots.put(slot)

    def close(self) -> None:
        """Stop every worker; a query still running in one gets a QueryError.

        Only the processes are killed here: the thread of a running query
        closes its socket, and an idle worker's is closed when its slot is
        next taken (a dead worker is replaced then).
        """
        with self._lock:
            running = list(self._running)
            self._running.clear()
        for slot in running:
            slot.stop()


class Background:
    """Reads that cannot be stopped, each run once in a thread of its own and kept by key.

    ``kg.export``'s readers run rdflib over the generation in this process:
    there is no worker to kill at a time limit, so a caller with a deadline
    (a web request's) waits for the read until then and gets
    ``QueryTimeout`` past it, while the read goes on and its result is kept
    for the next caller (a retry a few seconds later is answered from it). A
    read that failed is forgotten, so the next caller starts it again. The
    owner (a Q&A engine) lives for one generation, which bounds the keys.
    """

    def __init__(self):
        self._reads: dict[object, Future] = {}
        self._lock = threading.Lock()

    def get(self, key, read, deadline: float | None, what: str):
        """``read()``'s result, started once per ``key``; ``QueryTimeout`` naming ``what`` when not done by ``deadline``."""
        with self._lock:
            future = self._reads.get(key)
            if future is None:
                future = self._reads[key] = Future()
                threading.Thread(target=self._run, args=(key, future, read), daemon=True,
                                 name="graph-read").start()
        try:
            return future.result(timeout=None if deadline is None else max(0.0, deadline - time.monotonic()))
        except FutureTimeout:
            raise QueryTimeout(f"answer stopped: {what} ran past the request's time limit; it goes on in the "
                               "background, so a retry in a few seconds is answered from it") from None

    def _run(self, key, future: Future, read) -> None:
        try:
            future.set_result(read())
        except BaseException as err:  # kept on the future for the callers waiting now, then forgotten
            with self._lock:
                self._reads.pop(key, None)
            future.set_exception(err)


_default_pool: QueryPool | None = None
_default_lock = threading.Lock()


def default_pool() -> QueryPool:
    """The pool shared by all callers in this process, created on first use."""
    global _default_pool
    with _default_lock:
        if _default_pool is None:
            _default_pool = QueryPool()
            atexit.register(_default_pool.close)
        return _default_pool


def warm_up(pool: QueryPool | None = None) -> None:
    """Start the query workers ahead of the first query (a server calls this at start)."""
    (pool or default_pool()).start()


def _source(source) -> tuple[str, object]:
    if isinstance(source, Generation):
        if source.remote is not None and not source.building:
            return "remote", source.remote
        if source.building:
            # Another process must not open a store a writer holds open: ship the data.
            return "nquads", ox.serialize(source.oxigraph(), format=ox.RdfFormat.N_QUADS)
        return "path", source.graph_location
    if isinstance(source, Graph):
        if not source.context_aware:
            return "nquads", source.serialize(format="nt", encoding="utf-8")
        # Give the dataset the default graph a generation has: the merge of its graphs.
        store = ox.Store()
        store.load(source.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
        refresh_merge(store, keep_default=True)
        return "nquads", ox.serialize(store, format=ox.RdfFormat.N_QUADS)
    raise TypeError(f"run_query needs a Generation or an rdflib Graph, not {type(source).__name__}")


def _one_line(message: str, limit: int = 240) -> str:
    # Oxigraph lists every token it expected, character ranges included: the
    # position and the first alternatives are what a person needs.
    text = " ".join(message.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def run_query(source, sparql: str, *, timeout: float | None = DEFAULT_TIMEOUT,
              allow_service: bool = False, pool: QueryPool | None = None,
              max_bytes: int | None = None, deadline: float | None = None) -> QueryResult:
    """Run a read-only SPARQL query on a Generation (or an rdflib Graph) within ``timeout`` seconds.

    Raises ``QueryError`` (malformed, too long, update, SERVICE refused,
    failure), ``QueryTimeout`` or ``ResultTooLarge`` (the result, serialized,
    passes ``max_bytes``; a public endpoint passes ``MAX_RESULT_BYTES``);
    ``kg.store.GenerationDamaged`` when a Generation's files cannot be read
    (a server fault, not the query's).
    ``timeout=None`` waits as long as the query takes; ``max_bytes=None``
    (the default, for the service's own queries) takes a result of any size.
    ``deadline`` (a ``time.monotonic()`` value) ends the query earlier if
    it comes first: a web request's own deadline. Waiting for a free
    worker counts against both.
    """
    check(sparql, allow_service)
    reply = _here(source, sparql, timeout, max_bytes, deadline)
    if reply is None:
        reply = (pool or default_pool()).run(_source(source), sparql, timeout, max_bytes, deadline)
    if reply[0] == "ok":
        return QueryResult(reply[1], reply[2])
    if reply[0] == "too_large":
        raise ResultTooLarge(f"result too large: it passed the limit of {reply[1]:,} bytes; "
                             "add LIMIT or narrow the query")
    if reply[0] == "syntax":
        raise QueryError("malformed SPARQL: " + _one_line(reply[1]))
    if reply[0] == "timeout":
        raise QueryTimeout(reply[1])
    if reply[0] == "storage" and isinstance(source, Generation):
        raise GenerationDamaged(source, "its graph cannot be read: " + _storage_status(reply[1]))
    raise QueryError(_one_line(reply[1]))


def _here(source, sparql: str, timeout: float | None, max_bytes: int | None, deadline: float | None):
    """The reply to a query of one scan (``one_scan``) on a local generation, answered in this process; else None.

    Why: a worker's round trip was a fifth of a new small query's time at
    /sparql, and the lookups and one-fact ASKs it served are bounded by
    their answers. An answer past ``HERE_BYTES`` (or past ``max_bytes``,
    if smaller) stops being written there; the query then goes to a worker
    with the caller's limits, unless ``max_bytes`` was the smaller. A
    request already past its time is left to the pool, which refuses it.
    """
    if not isinstance(source, Generation) or source.building or source.remote is not None:
        return None
    if (timeout is not None and timeout <= 0) or (deadline is not None and deadline <= time.monotonic()):
        return None
    if not one_scan(sparql):
        return None
    cap = HERE_BYTES if max_bytes is None else min(max_bytes, HERE_BYTES)
    reply = worker.reply(source.oxigraph, sparql, PREFIXES, cap)
    if reply[0] == "too_large" and cap == HERE_BYTES:
        return None
    return reply


def _storage_status(message: str) -> str:
    """RocksDB's status and its first detail ("Corruption: block checksum mismatch"), without the file's path."""
    parts = [p.strip() for p in message.split(":")]
    return ": ".join(parts[1:3]) if len(parts) > 2 else message
