"""/api/...: the JSON API over search and the graph, and its OpenAPI document.

- ``/api/search?q=&k=&lang=&sector=&jurisdiction=&section=``: ranked
  passages in the searcher's result format (``search.searcher``), each with
  highlights, entities and the other edition.
- ``/api/ask?q=``: the Q&A module's answer (``search.qa.answer``): a
  one-line text, the answer (systems, values or a count), the SPARQL that
  produced it and the evidence sentences cited; outside the graph, the best
  search passage, marked as such.
- ``/api/entities/<id>``: one system or jurisdiction with its facts and
  evidence (``kg.export.entity``); ``id`` is ``system/korea``,
  ``jurisdiction/korea`` or the full IRI.
- ``/api/systems``: one row per system (``kg.export.systems_table``),
  filterable like the systems page.
- ``/api/stats``: counts (``kg.export.stats``).
- ``/openapi.json``: the OpenAPI 3 description of all of the above.

Bad parameters are 400, unknown entities 404, all as JSON errors
(``web.errors``).
"""
from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, request
from werkzeug.exceptions import BadRequest, NotFound

from search.filters import FILTERS, parse_filters
from search.searcher import Results
from web.openapi import openapi
from web.present import ID_BASE
from web.tables import TableError, filter_rows

bp = Blueprint("api", __name__)

MAX_K = 50
# Characters of a search or question. A question is a sentence or two; an
# 8 KB one cost up to 4.9 s of encoder and tokenizer time per request, so
# a few such requests slowed every other one. 500 bounds each to a fraction
# of a second.
MAX_TEXT = 500


def _view():
    return current_app.extensions["etskg"].view()


def _int(name: str, default: int, low: int, high: int) -> int:
    text = request.args.get(name)
    if text is None or text == "":
        return default
    try:
        value = int(text)
    except ValueError:
        raise BadRequest(f"{name} must be an integer, not {text!r}") from None
    if not low <= value <= high:
        raise BadRequest(f"{name} must be between {low} and {high}, not {value}")
    return value


def text_arg(name: str = "q") -> str:
    """A free-text parameter, at most ``MAX_TEXT`` characters (longer is a 400 before any work)."""
    text = request.args.get(name, "")
    if len(text) > MAX_TEXT:
        raise BadRequest(f"{name} is too long: {len(text):,} characters, at most {MAX_TEXT} are accepted")
    return text


def search_args() -> dict:
    """The search parameters of the request, checked: ``q``, ``k``, ``lang`` and the filters."""
    query = text_arg()
    if not query.strip():
        raise BadRequest("q (the query) is required and must not be blank")
    try:
        filters = parse_filters({name: request.args[name] for name in FILTERS if name in request.args})
    except ValueError as err:
        raise BadRequest(str(err)) from None
    return {"q": query, "k": _int("k", 10, 1, MAX_K), **filters}


def run_search(args: dict) -> Results:
    """Search with checked ``search_args`` within the request's deadline; a filter the searcher refuses is a 400."""
    try:
        return _view().searcher.search(args["q"], args["k"], lang=args["lang"], section=args["section"],
                                       filters=args["filters"] or None, deadline=g.deadline)
    except ValueError as err:
        raise BadRequest(str(err)) from None


@bp.route("/api/search")
def search():
    args = search_args()
    hits = run_search(args)
    return jsonify({"query": args["q"], "k": args["k"],
                    "filters": {"lang": args["lang"], "section": args["section"], **args["filters"]},
                    "results": hits, "notes": hits.notes})


def ask_question(question: str) -> dict:
    """The Q&A answer for ``question``; a question it cannot read is a 400 with its reason."""
    if not question.strip():
        raise BadRequest("q (the question) is required and must not be blank")
    answer = _view().ask(question, g.deadline)
    if answer.get("error"):
        raise BadRequest(answer["error"])
    return answer


@bp.route("/api/ask")
def ask():
    return jsonify(ask_question(text_arg()))


def entity_iri(ident: str) -> str:
    """The IRI an entity id of the API stands for."""
    return ident if ident.startswith(ID_BASE) else ID_BASE + ident.strip("/")


@bp.route("/api/entities/<path:ident>")
def entity(ident: str):
    iri = entity_iri(ident)
    found = _view().entity(iri)
    if found is None:
        raise NotFound(f"no system or jurisdiction {iri}")
    return jsonify(found)


@bp.route("/api/systems")
def systems():
    try:
        rows = filter_rows(_view().systems, request.args)
    except TableError as err:
        raise BadRequest(str(err)) from None
    return jsonify({"count": len(rows), "systems": rows})


@bp.route("/api/stats")
def stats():
    return jsonify(_view().stats)


@bp.route("/openapi.json")
def openapi_document():
    return jsonify(openapi(request.host_url.rstrip("/")))
