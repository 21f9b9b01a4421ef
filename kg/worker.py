"""The query worker process: runs SPARQL in Oxigraph, away from the caller.

pyoxigraph evaluates a query in Rust with no time limit and no way to
cancel it, so ``kg.query`` runs each query in one of these processes and
kills the process when the time is up: the only way to really stop it.
This module imports nothing but pyoxigraph so that a fresh worker starts
quickly. It is started as a script (``python kg/worker.py FD``) rather than
through ``multiprocessing``, whose ``spawn`` method would re-run the
caller's ``__main__`` module in the worker.

Protocol over a ``multiprocessing.connection.Connection`` on the socket
``FD`` (pickled messages): the worker sends
``("ready",)`` once, then answers each request ``(source, sparql, prefixes)``
with ``("ok", kind, payload)`` or ``("syntax" | "error", message)``.
``source`` is ``("path", oxigraph_dir)`` (opened read-only, kept open for the
next request) or ``("nquads", bytes)`` (loaded into an in-memory store).
Payloads are serialized by Oxigraph: SPARQL JSON results for SELECT and ASK,
N-Triples for CONSTRUCT and DESCRIBE.
"""
from __future__ import annotations

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


def answer(store: ox.Store, sparql: str, prefixes: dict) -> tuple[str, bytes]:
    """Run one query; evaluation happens while the results are serialized."""
    # The default graph already is the merge of all named graphs (kg.load.refresh_merge).
    result = store.query(sparql, prefixes=prefixes)
    if isinstance(result, ox.QueryTriples):
        return "graph", ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)
    kind = "boolean" if isinstance(result, ox.QueryBoolean) else "solutions"
    return kind, result.serialize(format=ox.QueryResultsFormat.JSON)


def serve(conn) -> None:
    """Answer requests until the parent closes the connection."""
    opened: dict[str, ox.Store] = {}
    conn.send(("ready",))
    while True:
        try:
            source, sparql, prefixes = conn.recv()
        except EOFError:
            return
        try:
            kind, payload = answer(_open(source, opened), sparql, prefixes)
            conn.send(("ok", kind, payload))
        except SyntaxError as err:
            conn.send(("syntax", str(err)))
        except Exception as err:  # the parent turns any failure into a QueryError
            conn.send(("error", f"{type(err).__name__}: {err}"))


if __name__ == "__main__":
    serve(Connection(int(sys.argv[1])))
