"""The graph on an external SPARQL 1.1 server: ``Store(dir, graph="sparql+http://HOST:PORT/PATH")``.

The server holds the live graph: one named graph per document, the ontology
graph, and the RDF merge of all of them in a named graph of its own per
generation (``MERGES<generation>``, what a query without ``GRAPH`` reads).
The local data directory keeps the rest of each generation: manifest,
passages, search index. docs/external-store.md has the whole design; in
short:

- **Writing.** A generation is built exactly like an embedded one, in a local
  Oxigraph staging store (same loader, merge and SHACL validation), then
  ``stage`` uploads with chunked ``INSERT DATA`` (or, opted into for a
  Virtuoso on the same machine, its bulk loader: ``kg.backends.virtuoso_bulk``)
  what the server lacks (digests in the manifest): the merge under its new name, graphs of new
  documents under their own name (no query lists them until the swap),
  changed graphs under a staging IRI. ``Staged.swap`` then makes the
  generation live with ONE small update request: ``MOVE`` the changed
  graphs in, ``DROP`` the removed ones, move the ``LIVE`` marker, which
  ``Store.current()`` follows (graph and search index switch together).
  SPARQL 1.1 Update says a request SHOULD be atomic; Virtuoso runs it as
  one transaction, whose size is that of the changed graphs only. What a
  killed or failed writer left is dropped by the next one.
- **Reading.** Every query gets the generation's dataset: the default graph
  is its merge, the named graphs are the documents' and the ontology's
  (never the server's own graphs, merges or staging graphs). Virtuoso,
  which this is tested with, has no plain default graph and echoes every
  ``named-graph-uri`` parameter back as a response header, so there the
  dataset is said with its ``define input:...`` pragmas; any other server
  gets the standard protocol parameters ``default-graph-uri`` and
  ``named-graph-uri``.
- **Errors** come back in the shape ``kg.worker`` uses, so that
  ``kg.query.run_query`` treats both backends alike: HTTP 400 is malformed
  SPARQL, a request past its time limit is abandoned (the connection is
  closed; the server's own limit ends the query there).

Only the Python standard library speaks HTTP here (keep-alive connections,
one per thread and process).
"""
from __future__ import annotations

import hashlib
import http.client
import io
import json
import os
import re
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, Iterator
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.query import Result

from kg.namespaces import ETS, ID, PREFIXES
from kg.store import StoreError

SCHEMES = ("sparql+http://", "sparql+https://")
MERGES = str(ID) + "merged/"  # + generation: the merge of its named graphs, the default graph of its queries
LIVE = str(ID) + "live"  # one triple: the name of the generation whose graphs are live
STAGING = str(ID) + "staging/"  # graphs being uploaded, before the swap
CHUNK = 2000  # triples per INSERT DATA request
GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")

_JSON = "application/sparql-results+json"
_NT = "application/n-triples"
_FORM = re.compile(r"(?<![\w:?$-])(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:-])", re.I)
_FROM = re.compile(r"(?<![\w:?$-])FROM(?![\w:-])", re.I)
_GRAPH_VARIABLE = re.compile(r"(?<![\w:?$-])GRAPH\s+[?$]", re.I)
# Strings, IRIs and comments, whose words are not keywords.
_NOT_KEYWORDS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""' "|" r"'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"' r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\s]*>|#[^\n\r]*', re.S)
_BNODE = re.compile(rb"_:\S+")
_PROLOGUE = " ".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + " "
_virtuoso: dict[str, bool] = {}  # per endpoint URL: is it Virtuoso (asked once per process)
_clients: dict[str, "_Http"] = {}  # per endpoint URL, so that generations share kept-alive connections
_clients_lock = threading.Lock()


class EndpointError(StoreError):
    """The endpoint could not be reached, or refused a write; one line."""


def is_endpoint(spec) -> bool:
    """True for ``sparql+http://...`` and ``sparql+https://...``."""
    return str(spec).startswith(SCHEMES)


def _bare(sparql: str) -> str:
    return _NOT_KEYWORDS.sub(" ", sparql)


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first form keyword after the prologue."""
    match = _FORM.search(_bare(sparql))
    return match.group(1).upper() if match else "SELECT"


def _message(body: bytes) -> str:
    # Virtuoso appends the whole query after its one-line message.
    return " ".join(body.decode("utf-8", "replace").split("\n\nSPARQL query:")[0].split())


def _boolean(payload: bytes) -> bytes:
    """SPARQL JSON for ASK; Virtuoso answers ASK as one row of ``__ASK_RETVAL`` 1 or 0."""
    data = json.loads(payload)
    if "boolean" not in data:
        rows = data.get("results", {}).get("bindings", [])
        data = {"head": {}, "boolean": bool(rows) and rows[0].get("__ASK_RETVAL", {}).get("value") == "1"}
    return json.dumps(data).encode()


def _ntriples(payload: bytes, content_type: str) -> bytes:
    fmt = ox.RdfFormat.TURTLE if "turtle" in content_type else ox.RdfFormat.N_TRIPLES
    return ox.serialize(ox.parse(payload, format=fmt), format=ox.RdfFormat.N_TRIPLES) or b""


class _Http:
    """POST requests to one URL over one keep-alive connection per thread."""

    def __init__(self, url: str):
        parts = urlsplit(url)
        self.https = parts.scheme == "https"
        self.host, self.port = parts.hostname, parts.port
        self.path = parts.path or "/"
        self._local = threading.local()

    def _connection(self, timeout: float | None) -> http.client.HTTPConnection:
        if getattr(self._local, "pid", None) != os.getpid():
            # A forked child (gunicorn worker) must not talk over its parent's socket.
            self._local.conn, self._local.pid = None, os.getpid()
        conn = self._local.conn
        if conn is None:
            kind = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
            conn = self._local.conn = kind(self.host, self.port, timeout=timeout)
        conn.timeout = timeout
        if conn.sock is not None:
            conn.sock.settimeout(timeout)
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def post(self, body: bytes, content_type: str, accept: str, timeout: float | None,
             retry: bool = True) -> tuple[int, http.client.HTTPMessage, bytes]:
        """(status, headers, body). A kept-alive connection the server closed is reopened once."""
        conn = self._connection(timeout)
        try:
            conn.request("POST", self.path, body, {"Content-Type": content_type, "Accept": accept})
            response = conn.getresponse()
            return response.status, response.headers, response.read()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            self.close()
            if not retry:
                raise
            return self.post(body, content_type, accept, timeout, retry=False)
        except BaseException:
            self.close()  # a timed-out or interrupted exchange leaves the connection unusable
            raise


class Endpoint:
    """One generation's graph on a SPARQL 1.1 server.

    ``graphs`` are the generation's named graphs (the manifest's list) and
    ``merge`` its merged graph: the dataset of its queries.
    """

    def __init__(self, url: str, graphs: Iterable[str] = (), merge: str | None = None, virtuoso: bool | None = None):
        if not is_endpoint(url):
            raise ValueError(f"{url!r} is not a SPARQL endpoint URL (sparql+http://HOST:PORT/PATH)")
        self.url = url
        self.graphs = list(graphs)
        self.merge = merge
        with _clients_lock:
            self._http = _clients.setdefault(url, _Http(url.removeprefix("sparql+")))
        self._virtuoso_given = virtuoso  # None: ask the server

    def __repr__(self) -> str:
        return f"Endpoint({self.url!r})"

    # --- reading ----------------------------------------------------------
    @cached_property
    def virtuoso(self) -> bool:
        """Whether the server is Virtuoso (its ``Server`` header), which decides how a dataset is named."""
        if self._virtuoso_given is not None:
            return self._virtuoso_given
        if self.url not in _virtuoso:
            _, headers, _ = self._send("query", "ASK {}", _JSON, timeout=30)
            _virtuoso[self.url] = "virtuoso" in (headers.get("Server") or "").lower()
        return _virtuoso[self.url]

    def _send(self, kind: str, text: str, accept: str, timeout: float | None, params: dict | None = None):
        body = urlencode({kind: text, **(params or {})}, doseq=True).encode()
        if kind == "update":
            # Never resent (a MOVE is not idempotent): a fresh connection, not one the server may have closed.
            self._http.close()
        try:
            return self._http.post(body, "application/x-www-form-urlencoded", accept, timeout, retry=kind == "query")
        except (TimeoutError, socket.timeout):
            raise
        except OSError as err:
            raise EndpointError(f"cannot reach the SPARQL endpoint {self.url}: {err}") from None

    def _request(self, sparql: str) -> tuple[str, dict]:
        """The query text (prefixes, and on Virtuoso the dataset, on its first line) and protocol parameters.

        A query with its own FROM clauses keeps its dataset. Virtuoso gets
        the named graphs listed only when the query has ``GRAPH ?variable``:
        with a constant graph it finds the graph anyway, and each listed
        graph costs it about 10 µs of compilation.
        """
        bare = _bare(sparql)
        if _FROM.search(bare):
            return _PROLOGUE + sparql, {}
        if self.virtuoso:
            pragmas = [f"define input:default-graph-uri <{self.merge}>"]
            if _GRAPH_VARIABLE.search(bare):
                pragmas += [f"define input:named-graph-uri <{g}>" for g in self.graphs]
            return " ".join(pragmas) + " " + _PROLOGUE + sparql, {}
        return _PROLOGUE + sparql, {"default-graph-uri": [self.merge], "named-graph-uri": self.graphs}

    def answer(self, sparql: str, timeout: float | None, limit: float | None = None) -> tuple:
        """Run a query within ``timeout`` s; the reply has ``kg.worker``'s shape, plus ``("timeout", message)``
        naming ``limit``, the time limit the caller set (its wait for a slot has used part of it)."""
        form = query_form(sparql)
        try:
            text, params = self._request(sparql)
            status, headers, body = self._send("query", text, _NT if form in GRAPH_FORMS else _JSON, timeout, params)
        except (TimeoutError, socket.timeout):
            return "timeout", (f"query stopped: it ran past its time limit of {limit if limit is not None else timeout:g} s "
                               f"(request to {self.url} abandoned)")
        except EndpointError as err:
            return "error", str(err)
        if status == 400:
            return "syntax", _message(body)
        if status >= 300:
            return "error", f"the SPARQL endpoint answered {status}: {_message(body)}"
        if headers.get("X-SQL-State"):  # Virtuoso's "anytime" answer: partial results after its own time limit
            return "error", f"the SPARQL endpoint returned a partial answer: {headers.get('X-SQL-Message', '')}"
        if form in GRAPH_FORMS:
            return "ok", "graph", _ntriples(body, headers.get("Content-Type", ""))
        payload = body.replace(b'"typed-literal"', b'"literal"')  # SPARQL 1.0 JSON spelling (Virtuoso)
        if form == "ASK":
            return "ok", "boolean", _boolean(payload)
        return "ok", "solutions", payload

    def dataset(self) -> "RemoteDataset":
        return RemoteDataset(self)

    # --- writing (the one writer, under the store's lock) ---------------------
    def update(self, text: str, timeout: float | None = None) -> None:
        """Run a SPARQL Update request; EndpointError if the server refuses it."""
        status, _, body = self._send("update", text, "*/*", timeout)
        if status >= 300:
            raise EndpointError(f"the SPARQL endpoint refused an update ({status}): {_message(body)[:300]}")

    def _select_all(self, sparql: str) -> list[dict]:
        """A maintenance SELECT over the server's whole dataset (no dataset named)."""
        status, _, body = self._send("query", sparql, _JSON, None)
        if status >= 300:
            raise EndpointError(f"the SPARQL endpoint answered {status}: {_message(body)[:300]}")
        return json.loads(body)["results"]["bindings"]

    def download(self, graph: str, expected: int | None = None) -> list[ox.Quad]:
        """The triples of one named graph, as quads in that graph; checks the count when known."""
        status, headers, body = self._send("query", f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
                                           _NT, None)
        if status >= 300:
            raise EndpointError(f"the SPARQL endpoint answered {status}: {_message(body)[:300]}")
        name = ox.NamedNode(graph)
        quads = [ox.Quad(t.subject, t.predicate, t.object, name)
                 for t in ox.parse(_ntriples(body, headers.get("Content-Type", "")), format=ox.RdfFormat.N_TRIPLES)]
        if expected is not None and len(quads) != expected:
            raise EndpointError(f"{self.url} returned {len(quads)} of the {expected} triples of {graph}: "
                                "is its result size limited? (Virtuoso: [SPARQL] ResultSetMaxRows)")
        return quads

    def drop(self, graphs: Iterable[str]) -> None:
        """Drop graphs that no reader uses, one request each, outside any big transaction."""
        # Virtuoso would hold a large DROP in one transaction (and refuse it past
        # TransactionAfterImageLimit); log-enable 3 deletes row by row instead.
        pragma = "define sql:log-enable 3 " if self.virtuoso else ""
        for graph in graphs:
            self.update(f"{pragma}DROP SILENT GRAPH <{graph}>")

    def _graphs_on_server(self) -> list[str]:
        """Every graph on the server whose IRI is etskg's (documents, ontology, merges, marker, staging)."""
        rows = self._select_all('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } '
                                'FILTER(STRSTARTS(STR(?g), "https://etskg.org/")) }')
        return [row["g"]["value"] for row in rows]

    def live_generation(self) -> str | None:
        """The name of the generation whose graphs are live here (set by ``Staged.swap``), if any."""
        rows = self._select_all(f"SELECT ?n WHERE {{ GRAPH <{LIVE}> {{ <{LIVE}> <{ETS.generation}> ?n }} }}")
        return rows[0]["n"]["value"] if rows else None

    def stage(self, store: ox.Store, tag: str, live: dict, uploader=None) -> "Staged":
        """Upload what the server lacks of the generation in ``store``, ready for ``Staged.swap``.

        ``live`` is what the previous generation published here (its
        manifest's ``graphs``, IRI -> ``{"triples", "sha1"}``, and ``merge``),
        or empty. First every etskg graph that no live generation uses is
        dropped (staging graphs, older merges, graphs a failed writer
        uploaded). Then graphs with the digest they have on the server are
        skipped, new ones uploaded under their own IRI, changed ones under a
        staging IRI; the default graph (the merge) goes to ``MERGES<tag>``
        unless it is the live merge unchanged. ``uploader`` sends the graphs
        (``add(graph, lines)``, ``load()``, ``close()``): ``InsertData`` unless
        another is given (``kg.backends.virtuoso_bulk.BulkLoader``).
        """
        graphs, merge = live.get("graphs", {}), live.get("merge", {})
        on_server = set(self._graphs_on_server())
        self.drop(g for g in on_server if g not in graphs and g not in (merge.get("iri"), LIVE))
        staged = Staged(self, tag, {}, {}, [], {})
        uploader = uploader or InsertData(self)
        # The merge is serialized on a thread of its own (Oxigraph releases the
        # GIL) while the documents' graphs go: on two cores the writer is
        # otherwise the one thing working at the end of a large upload.
        with ThreadPoolExecutor(1, thread_name_prefix="merge-lines") as merging:
            try:
                merge_lines = merging.submit(_lines, store, ox.DefaultGraph())
                for n, name in enumerate(sorted(store.named_graphs(), key=lambda g: g.value)):
                    lines = _lines(store, name)
                    staged.graphs[name.value] = {"triples": len(lines), "sha1": _digest(lines)}
                    if graphs.get(name.value) == staged.graphs[name.value] and name.value in on_server:
                        continue
                    target = f"{STAGING}{tag}/{n}" if name.value in graphs else name.value
                    uploader.add(target, lines)
                    staged.moves[target] = name.value
                staged.drops = [g for g in graphs if g not in staged.graphs]
                lines = merge_lines.result()
                del merge_lines  # it holds the list too
                # Only a live merge of the same size needs the digest before deciding.
                same_size = merge.get("iri") in on_server and merge.get("triples") == len(lines)
                digest = _digest(lines) if same_size else None
                if digest is not None and digest == merge.get("sha1"):
                    staged.merge = merge
                else:
                    staged.merge = {"iri": f"{MERGES}{tag}", "triples": len(lines)}
                    uploader.add(staged.merge["iri"], lines)  # before its digest, which the server need not wait for
                    staged.merge["sha1"] = digest or _digest(lines)
                del lines  # the merge's, 10 M lines at 1000x: not held while the server loads
                uploader.load()
            except BaseException:
                staged.discard()
                raise
            finally:
                uploader.close()
        return staged


class InsertData:
    """The portable upload: each graph sent as it comes, in chunked ``INSERT DATA`` requests."""

    def __init__(self, endpoint: Endpoint):
        self.endpoint = endpoint

    def add(self, graph: str, lines: list[bytes]) -> None:
        plain = [line for line in lines if b"_:" not in line]
        for i in range(0, len(plain), CHUNK):
            self.endpoint.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n" + b"\n".join(plain[i:i + CHUNK]).decode() + "\n} }")
        blank = [line for line in lines if b"_:" in line]
        if blank:
            # One request, where a label means one node; a template, since
            # INSERT DATA may not contain blank nodes on some servers (Virtuoso).
            self.endpoint.update(f"INSERT {{ GRAPH <{graph}> {{\n" + b"\n".join(blank).decode() + "\n} } WHERE {}")

    def load(self) -> None:
        """Nothing left to send."""

    def close(self) -> None:
        """Nothing to clean up."""


@dataclass
class Staged:
    """A generation uploaded next to the live one, waiting for ``swap``.

    ``moves``: uploaded graph -> its live IRI (the same IRI for a new
    document's graph); ``drops``: live graphs the generation no longer has;
    ``graphs`` and ``merge`` describe it for the manifest.
    """

    endpoint: Endpoint
    tag: str  # the generation's name
    graphs: dict[str, dict]
    moves: dict[str, str]
    drops: list[str]
    merge: dict

    def swap(self) -> None:
        """One update request: drop what goes, move in what changed, mark the generation live."""
        ops = [f"DROP SILENT GRAPH <{g}>" for g in self.drops]
        ops += [f"MOVE <{tmp}> TO <{g}>" for tmp, g in self.moves.items() if tmp != g]
        ops += [f"DROP SILENT GRAPH <{LIVE}>",
                f'INSERT DATA {{ GRAPH <{LIVE}> {{ <{LIVE}> <{ETS.generation}> "{self.tag}" }} }}']
        self.endpoint.update(" ;\n".join(ops))

    def discard(self) -> None:
        """Drop what was uploaded, as far as the server can be reached (else the next writer does)."""
        try:
            self.endpoint.drop([*self.moves, f"{MERGES}{self.tag}"])  # never a live graph
        except (EndpointError, OSError):
            pass


def _lines(store: ox.Store, graph) -> list[bytes]:
    """One graph of ``store`` as N-Triples lines, serialized by Oxigraph itself (no Python object per triple)."""
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph) or b""
    return [line for line in data.split(b"\n") if line]


def _digest(lines: list[bytes]) -> str:
    """Order-independent digest of a graph; blank node labels are not part of its content."""
    return hashlib.sha1(b"\n".join(sorted(_BNODE.sub(b"_:", line) for line in lines))).hexdigest()


class RemoteDataset:
    """What readers use of an rdflib ``Dataset`` (``query``, ``quads``), answered by the endpoint.

    ``Generation.graph()`` returns this for a generation on an external
    store, so ``kg.export`` and ``kg.validate`` read both backends alike.
    """

    context_aware = True

    def __init__(self, endpoint: Endpoint):
        self.endpoint = endpoint

    def query(self, sparql: str) -> Result:
        """Run a trusted query without time limit; results as rdflib parsed them."""
        reply = self.endpoint.answer(sparql, timeout=None)
        if reply[0] != "ok":
            raise EndpointError(f"{reply[0]}: {reply[1]}")
        if reply[1] == "graph":
            result = Result("CONSTRUCT")
            result.graph = Graph().parse(data=reply[2], format="nt")
            return result
        return Result.parse(io.BytesIO(reply[2]), format="json")

    def quads(self, pattern=(None, None, None, None)) -> Iterator[tuple]:
        """Every (s, p, o, graph) of the generation's named graphs; only the all-None pattern."""
        if any(term is not None for term in pattern):
            raise ValueError("a remote dataset only lists all of its quads")
        for name in self.endpoint.graphs:
            data = ox.serialize((q.triple for q in self.endpoint.download(name)), format=ox.RdfFormat.N_TRIPLES)
            for s, p, o in Graph().parse(data=data or b"", format="nt"):
                yield s, p, o, URIRef(name)
