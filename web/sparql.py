"""/sparql: the SPARQL 1.1 Protocol query endpoint, its service description and the query editor.

Protocol (https://www.w3.org/TR/sparql11-protocol/), query operation only:

- GET ``?query=``; POST ``application/x-www-form-urlencoded`` with ``query=``;
  POST ``application/sparql-query`` with the query as the UTF-8 body.
- ``default-graph-uri`` / ``named-graph-uri`` (repeatable) set the dataset,
  replacing the query's own FROM clauses (``web.dataset``).
- Answers by Accept or ``format`` (``web.negotiate``): SELECT/ASK as SPARQL
  JSON, XML, CSV, TSV; CONSTRUCT/DESCRIBE as Turtle, N-Triples, N-Quads,
  TriG, JSON-LD, RDF/XML. HEAD answers as GET would, without the body.
- GET without a query: the service description (Turtle by default).
- Read-only: updates (``update=``, ``application/sparql-update``, or an
  update sent as a query) get 403. One query per request; other media
  types 415; a body that is not UTF-8 400; malformed queries 400 with the
  parser's message; a query past the time or memory limit 503, and so is
  a query refused at once because every place for one is taken
  (``web.backend.Admission``).

A browser (HTML preferred in Accept) gets the editor page instead, with the
results of ``?query=`` (or of a form POST, which the editor sends for a query
too long for a URL) rendered as a table: a query link is shareable.

What happens in the web process after the query is bounded by size, as it
cannot be stopped: the editor parses only the rows it shows
(``QueryResult.first``), and JSON-LD, which rdflib writes, is refused past
``JSONLD_BYTES`` of N-Triples (400); Oxigraph writes every other format.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, current_app, g, render_template, request, url_for
from werkzeug.exceptions import BadRequest, Forbidden, ServiceUnavailable, UnsupportedMediaType

from kg.namespaces import PREFIXES
from kg.query import QueryError, QueryLimit, declare_prefixes
from web.backend import Busy
from web import negotiate
from web.dataset import DatasetError, apply_dataset
from web.errors import RETRY_AFTER, redact
from web.examples import EXAMPLES
from web.present import cell
from web.service import service_description

bp = Blueprint("sparql", __name__)

READ_ONLY = "this endpoint is read-only: SPARQL Update is not supported (the graph changes only through etskg ingest)"
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
HTML_ROWS = 1000  # rows shown in the editor page; downloads carry all of them
# N-Triples turned into JSON-LD per request: rdflib compacts about 1.5 MB a second on an idle
# machine, outside any query process; the whole bundled graph (1.6 MB) still fits.
JSONLD_BYTES = 2 << 20
_MACHINE_TYPES = list(negotiate.RESULT_TYPES) + list(negotiate.GRAPH_TYPES)


@dataclass
class Operation:
    """What a protocol request asks: one query (or none) and the dataset."""

    query: str | None
    default_graphs: list[str]
    named_graphs: list[str]


def read_operation() -> Operation:
    """Read the query and dataset from the request, or raise the protocol's error for it."""
    graphs_from = request.args
    if request.method in ("GET", "HEAD"):
        params = request.args
    else:
        mimetype = request.mimetype
        if mimetype == FORM:
            params = request.form
            graphs_from = request.form if ("default-graph-uri" in request.form or "named-graph-uri" in request.form) \
                else request.args
        elif mimetype == DIRECT:
            return Operation(_direct_body(), request.args.getlist("default-graph-uri"),
                             request.args.getlist("named-graph-uri"))
        elif mimetype == UPDATE:
            raise Forbidden(READ_ONLY)
        elif not mimetype:
            raise BadRequest(f"a POST to /sparql needs Content-Type {FORM} or {DIRECT}")
        else:
            raise UnsupportedMediaType(f"cannot read a {mimetype} body; send {FORM} or {DIRECT}")
    if "update" in params:
        raise Forbidden(READ_ONLY)
    queries = params.getlist("query")
    if len(queries) > 1:
        raise BadRequest(f"one query per request: got {len(queries)} query parameters")
    if not queries and request.method == "POST":
        raise BadRequest("the request has no query parameter")
    return Operation(queries[0] if queries else None, graphs_from.getlist("default-graph-uri"),
                     graphs_from.getlist("named-graph-uri"))


def _direct_body() -> str:
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise BadRequest(f"the query must be sent as UTF-8, not {charset}")
    try:
        return request.get_data(cache=False).decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("the query body is not valid UTF-8") from None


def run(op: Operation):
    """Run the operation's query; protocol errors for bad queries, 503 on timeout."""
    if not op.query or not op.query.strip():
        raise BadRequest("the query is empty")
    try:
        sparql = apply_dataset(op.query, op.default_graphs, op.named_graphs)
    except DatasetError as err:
        raise BadRequest(str(err)) from None
    backend = current_app.extensions["etskg"]
    view = backend.view()
    try:
        with backend.admission.enter():
            return view.query(sparql, deadline=g.deadline)
    except (QueryLimit, Busy) as err:
        raise ServiceUnavailable(str(err), retry_after=RETRY_AFTER) from None
    except QueryError as err:
        if str(err).startswith("read-only"):
            raise Forbidden(f"{READ_ONLY} ({err})") from None
        raise BadRequest(str(err)) from None


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint():
    op = read_operation()
    accept = negotiate.accept_of(request.headers.get("Accept"))
    formats = request.values.getlist("format")
    # The editor's form sends GET, or a form POST when the query is too long for a URL.
    from_editor = request.method in ("GET", "HEAD") or request.mimetype == FORM
    if from_editor and not formats and negotiate.prefers_html(accept, _MACHINE_TYPES):
        return editor(op)
    if op.query is None:
        return describe_service(accept, formats)
    result = run(op)
    graph = result.kind == "CONSTRUCT"
    chosen = negotiate.choose(accept, formats, graph)
    if graph and chosen == "json-ld" and len(result.payload) > JSONLD_BYTES:
        raise BadRequest(f"result too large for JSON-LD: {len(result.payload):,} bytes as N-Triples, at most "
                         f"{JSONLD_BYTES:,} are converted; ask for Turtle, N-Triples or RDF/XML, or add LIMIT")
    response = Response(result.body(chosen), content_type=negotiate.media_type(chosen, graph))
    if negotiate.named(formats, graph):  # a download link
        extension = negotiate.EXTENSIONS.get((chosen, graph), chosen)
        response.headers["Content-Disposition"] = f'attachment; filename="query-results.{extension}"'
    response.vary.add("Accept")
    return response


def describe_service(accept, formats: list[str]):
    stats = current_app.extensions["etskg"].view().stats
    chosen = negotiate.choose(accept, formats, graph=True)
    # The description is one graph, the default one: its N-Quads are its N-Triples and
    # its TriG its Turtle (rdflib writes N-Quads only from a dataset, and TriG with the
    # triples inside a block named after the graph).
    rdflib_format = {"nquads": "nt", "trig": "turtle"}.get(chosen, chosen)
    body = service_description(url_for("sparql.endpoint", _external=True), url_for("linked.dump", _external=True),
                               stats).serialize(format=rdflib_format)
    response = Response(body, content_type=negotiate.media_type(chosen, graph=True))
    response.vary.add("Accept")
    return response


def editor(op: Operation):
    """The query editor page; with a query, its results (or error) below the editor."""
    context = {"query": op.query or "", "examples": EXAMPLES, "prefixes": PREFIXES,
               "error": None, "table": None, "downloads": [], "share": None,
               "endpoint": url_for("sparql.endpoint", _external=True)}
    status = 200
    if op.query:
        params = {"query": declare_prefixes(op.query)}
        if op.default_graphs:
            params["default-graph-uri"] = op.default_graphs
        if op.named_graphs:
            params["named-graph-uri"] = op.named_graphs
        context["share"] = url_for("sparql.endpoint", **params)
        try:
            result = run(op)
        except (BadRequest, Forbidden, ServiceUnavailable) as err:
            context["error"] = redact(err.description)
            status = err.code
        else:
            context["table"] = _table(result)
            formats = ("turtle", "json-ld", "nt") if result.kind == "CONSTRUCT" else ("csv", "json", "tsv")
            context["downloads"] = [(f, url_for("sparql.endpoint", format=f, **params)) for f in formats]
    g.page = "sparql"
    return render_template("sparql.html", **context), status


def _table(result) -> dict:
    """The first ``HTML_ROWS`` rows as cells; only those are parsed (``QueryResult.first``)."""
    shown, total = result.first(HTML_ROWS)
    if shown.kind == "ASK":
        return {"header": ["boolean"], "rows": [[{"text": "true" if shown.boolean else "false", "href": None,
                                                    "lang": None}]], "total": 1}
    if shown.kind == "CONSTRUCT":
        return {"header": ["subject", "predicate", "object"],
                "rows": [[cell(t) for t in triple] for triple in sorted(shown.graph)], "total": total}
    return {"header": shown.vars, "rows": [[cell(row.get(v)) for v in shown.vars] for row in shown.rows],
            "total": total}
