"""The query worker process: runs SPARQL in Oxigraph, away from the caller.

pyoxigraph evaluates a query in Rust with no time limit and no way to
cancel it, so ``kg.query`` runs each query in one of these processes and
kills the process when the time is up: the only way to really stop it
(all but a query of one scan, ``kg.query.one_scan``, bounded by its answer).
This module imports nothing but pyoxigraph so that a fresh worker starts
quickly. It is started as a script (``python kg/worker.py FD MEMORY_MB``) rather than
through ``multiprocessing``, whose ``spawn`` method would re-run the
caller's ``__main__`` module in the worker.

Protocol over a ``Channel`` on the socket ``FD`` (pickled messages, each
after its length). ``MEMORY_MB`` (0: none) becomes the process's
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

import math
import pickle
import resource
import select
import socket
import struct
import sys

import pyoxigraph as ox

_LENGTH = struct.Struct("!Q")
_READ = 1 << 16  # bytes asked of the socket at once: a small query's whole request or answer


class Channel:
    """Pickled messages over a stream socket, each sent after its length.

    Why not ``multiprocessing.connection.Connection``: it reads every
    message with two system calls (its length, then the rest) and pickles
    through a ``BytesIO``. Here a small query's request and its answer are
    one write and one read each, about 9 us less per query's round trip
    (bench/README.md "## SPARQL beside Oxigraph").
    """

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self._pending = b""  # read past the last message (none while requests and answers alternate)
        self._poller = None

    def fileno(self) -> int:
        return self.sock.fileno()

    def send(self, message) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        if len(data) < _READ:
            self.sock.sendall(_LENGTH.pack(len(data)) + data)
        else:  # not copied once more to put the length before it
            self.sock.sendall(_LENGTH.pack(len(data)))
            self.sock.sendall(data)

    def recv(self):
        """The next message; ``EOFError`` when the other end has closed (or died) first."""
        data = self._pending
        while len(data) < _LENGTH.size:
            data += self._read(_READ)
        end = _LENGTH.size + _LENGTH.unpack_from(data)[0]
        if len(data) < end:
            parts, got = [data], len(data)
            while got < end:
                parts.append(self._read(min(end - got, 1 << 20)))
                got += len(parts[-1])
            data = b"".join(parts)
        self._pending = data[end:]
        return pickle.loads(memoryview(data)[_LENGTH.size:end])

    def _read(self, size: int) -> bytes:
        chunk = self.sock.recv(size)
        if not chunk:
            raise EOFError
        return chunk

    def wait(self, timeout: float | None) -> bool:
        """Whether a message (or end of file) can be read within ``timeout`` s (None: as long as it takes).

        One ``poll`` object per channel: a selector built for every wait
        was a tenth of a small query's round trip.
        """
        if self._pending:
            return True
        if self._poller is None:
            self._poller = select.poll()
            self._poller.register(self.sock.fileno(), select.POLLIN)
        return bool(self._poller.poll(None if timeout is None else math.ceil(timeout * 1000)))

    def close(self) -> None:
        self.sock.close()


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


def usable(prefixes: dict, sparql: str) -> dict:
    """The predeclared prefixes ``sparql`` can refer to: those whose ``name:`` occurs in its text.

    Oxigraph checks every prefix it is given on every query: passing all
    19 took a sixth of a small query's time here. A prefix whose name and
    colon appear nowhere in the text cannot be used by it, so leaving it out
    changes no answer (Oxigraph reads no ``\\u`` escapes in a prefixed
    name, so a name is always spelled out).
    """
    return {name: iri for name, iri in prefixes.items() if name + ":" in sparql}


def answer(store: ox.Store, sparql: str, prefixes: dict, max_bytes: int | None = None) -> tuple[str, bytes]:
    """Run one query; evaluation happens while the results are serialized."""
    # The default graph already is the merge of all named graphs (kg.load.refresh_merge).
    result = store.query(sparql, prefixes=usable(prefixes, sparql))
    out = _Bounded(max_bytes)
    if isinstance(result, ox.QueryTriples):
        ox.serialize(result, out, format=ox.RdfFormat.N_TRIPLES)
        return "graph", b"".join(out.parts)
    kind = "boolean" if isinstance(result, ox.QueryBoolean) else "solutions"
    result.serialize(out, format=ox.QueryResultsFormat.JSON)
    return kind, b"".join(out.parts)


def reply(store_of, sparql: str, prefixes: dict, max_bytes: int | None) -> tuple:
    """The answer to one request as the message this protocol sends (see above).

    ``store_of()`` opens the store. ``kg.query`` calls this in its own
    process too, for the queries it answers without a worker: the same
    answers and the same errors either way.
    """
    try:
        store = store_of()
    except Exception as err:  # a generation whose files cannot be opened
        return "storage", f"{type(err).__name__}: {err}"
    try:
        return ("ok", *answer(store, sparql, prefixes, max_bytes))
    except TooLarge:
        return "too_large", max_bytes
    except SyntaxError as err:
        return "syntax", str(err)
    except Exception as err:  # the caller turns any failure into a QueryError
        # RocksDB's own status words: the files are damaged, not the query wrong.
        storage = any(word in str(err) for word in ("Corruption:", "IO error:"))
        return "storage" if storage else "error", f"{type(err).__name__}: {err}"


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
        message = reply(lambda: _open(source, opened), sparql, prefixes, max_bytes)
        if message[0] == "storage":
            opened.clear()  # opened again for the next request, which may find the files repaired
        conn.send(message)


if __name__ == "__main__":
    memory = int(sys.argv[2]) << 20
    if memory:
        resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))
    serve(Channel(socket.socket(fileno=int(sys.argv[1]))))
