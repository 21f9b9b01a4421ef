"""Error responses in the form the client reads, with the right status code.

- /api/... and /openapi.json: JSON ``{"error": {"status", "title", "message"}}``
- /sparql and /id/... for programs: one line of plain text (what SPARQL
  clients show to their user)
- everything else, and browsers: the HTML error page

A missing store or a damaged search index is 503 (the service runs, the
data is not there or not usable), and so is a query stopped at its time or
memory limit anywhere (the endpoint, Q&A, a page) and a public query
refused because every place for one is taken; the answer says what an operator must do
but never names a directory: paths stay in the log, and any a library put in a
message (a 4xx included) is cut to its last name (``redact``). Any unexpected exception is
logged and answered 500 without leaking details, so one bad request never
stops the service.
"""
from __future__ import annotations

import os
import re

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from kg.query import QueryLimit
from kg.store import GenerationDamaged, StoreError
from search.index import IndexCorrupt
from web.backend import Busy
from web.negotiate import prefers_html

NO_GRAPH = "the knowledge graph is not available: the store has no complete generation; run 'etskg ingest' on the server"
RETRY_AFTER = 5  # seconds: a busy endpoint frees a place within one time limit, usually much sooner
BAD_INDEX = "the search index is damaged or missing; re-run 'etskg ingest' on the server to rebuild it"
DAMAGED = ("the knowledge graph's live generation is damaged on disk (its files are not as they were written); "
           "every request that reads it gets this answer until the store is restored from a copy or rebuilt with "
           "'etskg ingest' into a new store")


# A run of path characters that starts with '/' where a path may start (not inside
# a URL, whose slashes follow a host or another segment).
_PATH = re.compile(r"""(?<![^\s'"(\[<=,:;])/[^\s'"<>()\[\],;:]+""")


def redact(message: str) -> str:
    """``message`` with each absolute path on this machine cut to its last name.

    A path is what starts with '/' followed by a directory that exists at
    the filesystem's root (/tmp, /home, /srv...): routes such as /api/search
    or /sparql do not, so the API's own messages keep them. Messages come
    from libraries (Oxigraph, the OS) that name the files they failed on;
    where the store lives is the operator's business, logged, never sent.
    """
    def cut(m: re.Match) -> str:
        path = m.group(0)
        top = path[1:].split("/", 1)[0]
        if not top or not os.path.isdir("/" + top):
            return path
        return path.rstrip("/").rsplit("/", 1)[-1] or "…"

    return _PATH.sub(cut, message)


def _respond(status: int, title: str, message: str, headers=None):
    message = redact(message)
    if request.path.startswith(("/api/", "/openapi.json")):
        response = jsonify({"error": {"status": status, "title": title, "message": message}})
    elif request.path.startswith(("/sparql", "/id/")) and not prefers_html(
            request.accept_mimetypes, ["text/plain", "application/json", "text/turtle"]):
        response = current_app.response_class(message + "\n", mimetype="text/plain")
    else:
        response = current_app.response_class(
            render_template("error.html", status=status, title=title, message=message), mimetype="text/html")
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def http_error(err: HTTPException):
    headers = {k: v for k, v in err.get_response().headers.items() if k in ("Allow", "Retry-After")}
    return _respond(err.code or 500, err.name, err.description or err.name, headers)


def store_error(err: StoreError):
    current_app.logger.error("503 on %s: %s", request.path, err)
    unavailable = ServiceUnavailable()
    return _respond(unavailable.code, unavailable.name, NO_GRAPH)


def damaged(err: GenerationDamaged):
    current_app.logger.error("503 on %s: %s", request.path, err)
    unavailable = ServiceUnavailable()
    return _respond(unavailable.code, unavailable.name, DAMAGED)


def index_error(err: IndexCorrupt):
    current_app.logger.error("503 on %s: %s", request.path, err)
    unavailable = ServiceUnavailable()
    return _respond(unavailable.code, unavailable.name, BAD_INDEX)


def over_limit(err: QueryLimit | Busy):
    """A query stopped at its time or memory limit, or no room for one: 503 with the reason, never a 500."""
    unavailable = ServiceUnavailable()
    return _respond(unavailable.code, unavailable.name, str(err), {"Retry-After": str(RETRY_AFTER)})


def unexpected(err: Exception):
    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    internal = InternalServerError()
    return _respond(internal.code, internal.name, "the server failed to answer this request; it has been logged")


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(StoreError, store_error)
    app.register_error_handler(GenerationDamaged, damaged)
    app.register_error_handler(IndexCorrupt, index_error)
    app.register_error_handler(QueryLimit, over_limit)
    app.register_error_handler(Busy, over_limit)
    app.register_error_handler(Exception, unexpected)
