"""The query worker process: runs SPARQL in Oxigraph, away from the caller.

pyoxigraph evaluates a query in Rust with no time limit and no way to
cancel it, so ``kg.query`` runs each query in one of these processes and
kills the process when the time is up: the only way to really stop it.
This module imports nothing but pyoxigraph so that a fresh worker starts
quickly. It is started as a script (``python kg/worker.py FD MEMORY_MB``) rather than
through ``multiprocessing``, whose ``spawn`` method would re-run the
caller's ``__main__`` module in the worker.

Protocol over a ``multiprocessing.connection.Connection`` on the socket
``FD`` (pickled messages). ``MEMORY_MB`` (0: none) becomes the process's
``RLIMIT_DATA`` before anything is opened, so a query that needs more
aborts this process alone (Rust aborts when an allocation fails; the
parent reads SIGABRT as "out of memory"). The parent first sends the
predeclared prefixes (a dict, the same for every query of this process:
sent once rather than pickled into each request); the worker sends
``("ready",)`` once it has them, then answers each request ``(source,
sparql, max_bytes)`` with ``("ok", kind, payload)``, ``("too_large",
max_bytes)`` when the serialized result would pass ``max_bytes`` (None: no limit; the
query is stopped there, as evaluation happens while serializing) or
``("syntax" | "error", message)``, or ``("storage", message)`` when the
store's files cannot be opened or read (missing, corrupt).
``source`` is ``("path", oxigraph_dir)`` (opened read-only, kept open for the
next request) or ``("nquads", bytes)`` (loaded into an in-memory store).
Payloads are serialized by Oxigraph: SPARQL JSON results for SELECT and ASK,
N-Triples for CONSTRUCT and DESCRIBE.
"""
from __future__ import annotations

import resource
import sys
from multiprocessing.connection import Connection

import pyoxigraph as ox


def _open(source, opened: dict) -> ox.Store:
    kind, value = source
    if kind == "nquads":
        store = ox.Store()
        store.load(value, format=ox.RdfFormat.N_QUADS)
        return store
    if value not in opened:
        opened.clear()  # one live generation at a time: release the previous one's files
        opened[value] = ox.Store.read_only(value)
    return opened[value]


class TooLarge(Exception):
    """The serialized result passed its limit."""


class _Bounded:
    """A write-only buffer that raises TooLarge past ``limit`` bytes, which stops Oxigraph mid-result."""

    def __init__(self, limit: int | None):
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data) -> int:
        self.size += len(data)
        if self.limit is not None and self.size > self.limit:
            raise TooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Oxigraph flushes its output when done; everything is in ``parts`` already."""


def answer(store: ox.Store, sparql: str, prefixes: dict, max_bytes: int | None = None) -> tuple[str, bytes]:
    """Run one query; evaluation happens while the results are serialized."""
    # The default graph already is the merge of all named graphs (kg.load.refresh_merge).
    result = store.query(sparql, prefixes=prefixes)
    out = _Bounded(max_bytes)
    if isinstance(result, ox.QueryTriples):
        ox.serialize(result, out, format=ox.RdfFormat.N_TRIPLES)
        return "graph", b"".join(out.parts)
    kind = "boolean" if isinstance(result, ox.QueryBoolean) else "solutions"
    result.serialize(out, format=ox.QueryResultsFormat.JSON)
    return kind, b"".join(out.parts)


def serve(conn) -> None:
    """Answer requests until the parent closes the connection."""
    opened: dict[str, ox.Store] = {}
    try:
        prefixes = conn.recv()
    except EOFError:
        return
    conn.send(("ready",))
    while True:
        try:
            source, sparql, max_bytes = conn.recv()
        except EOFError:
            return
        try:
            store = _open(source, opened)
        except Exception as err:  # a generation whose files cannot be opened
            opened.clear()
            conn.send(("storage", f"{type(err).__name__}: {err}"))
            continue
        try:
            kind, payload = answer(store, sparql, prefixes, max_bytes)
            conn.send(("ok", kind, payload))
        except TooLarge:
            conn.send(("too_large", max_bytes))
        except SyntaxError as err:
            conn.send(("syntax", str(err)))
        except Exception as err:  # the parent turns any failure into a QueryError
            # RocksDB's own status words: the files are damaged, not the query wrong.
            storage = any(word in str(err) for word in ("Corruption:", "IO error:"))
            conn.send(("storage" if storage else "error", f"{type(err).__name__}: {err}"))


if __name__ == "__main__":
    memory = int(sys.argv[2]) << 20
    if memory:
        resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))
    serve(Connection(int(sys.argv[1])))
