"""The Flask application: blueprints, templates, request limits, CORS and the interface language.

``create_app(store_dir)`` builds the app over a store directory (default
``$ETSKG_STORE`` or ./data). Routes are split by concern:

- ``web.sparql``  /sparql: SPARQL 1.1 Protocol endpoint, service description, editor page
- ``web.linked``  /id/..., /vocab/..., /ontology: the graph's IRIs as linked data; /dump
- ``web.api``     /api/..., /openapi.json: the JSON API
- ``web.pages``   /, /systems, /graph, /changes: server-rendered pages
- ``web.uploads`` /upload, /api/documents: adding a document (off unless --allow-upload)
- ``web.errors``  error responses in the form each client reads (JSON, text, HTML)

The app only speaks HTTP: what it shows comes from ``kg`` and ``search``
through ``web.backend``.
"""
from __future__ import annotations

import os
import time
from urllib.parse import urlencode
from pathlib import Path

from flask import Flask, g, request
from jinja2 import StrictUndefined
from werkzeug.middleware.proxy_fix import ProxyFix

from web import api, errors, linked, pages, sparql, uploads
from web.backend import Backend
from web.i18n import COOKIE, LANGS, choose_language, translate

MAX_BODY = 1 << 20  # bytes; a SPARQL query or a form is far smaller
QUERY_TIMEOUT = 10.0  # seconds for one ad-hoc SPARQL query
# Data segment of one public query process. A query process over the bundled
# graph uses about 30 MB; the 60-byte cross product ORDER BY took 2.9 GB
# unbounded and now stops at this in under a second.
QUERY_MEMORY_MB = 512
CORS_PATHS = ("/sparql", "/api/", "/id/", "/vocab/", "/ontology", "/dump", "/openapi.json")
# On every response (docs/security.md): scripts and styles only from the
# service's own files, no inline script (the templates have none), no
# framing, no plugins, forms post only here, no Referer to other sites.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


def create_app(store_dir: str | os.PathLike | None = None, *, query_timeout: float = QUERY_TIMEOUT,
               rate_limit: str | None = None, query_memory_mb: int | None = QUERY_MEMORY_MB,
               behind_proxy: bool = False, allow_upload: bool = False,
               max_upload: int = uploads.DEFAULT_MAX_BYTES) -> Flask:
    """The web service over the store in ``store_dir``.

    Every request gets one deadline, ``g.deadline`` (``time.monotonic()``),
    ``query_timeout`` after it arrived: its SPARQL queries end there,
    however long they waited for a query process. ``query_memory_mb`` caps
    each public query process (``kg.query``). ``behind_proxy``: the app
    is served behind ``etskg serve``'s own nginx (``web.front``) on a socket
    only that proxy can reach, so its ``X-Forwarded-*`` headers are true
    (the client's address for the rate limit, the scheme for links)
    and ``X-Request-Start`` is when the request arrived there.

    ``rate_limit`` (e.g. ``"60/minute"``, flask-limiter's notation) limits
    the requests of each client address, all routes together; over it, 429
    with Retry-After. Counted per process, in memory: with N gunicorn workers a
    client may get up to N times the limit. ``allow_upload`` turns on adding
    documents (``web.uploads``), files of up to ``max_upload`` bytes.
    """
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.jinja_env.autoescape = True  # every template, whatever its file name
    app.jinja_env.undefined = StrictUndefined
    app.extensions["etskg"] = Backend(Path(store_dir) if store_dir else None, query_timeout=query_timeout,
                                      query_memory_mb=query_memory_mb)
    if behind_proxy:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)

    app.config["ETSKG_UPLOADS"] = allow_upload
    app.config["ETSKG_UPLOAD_MAX"] = max_upload
    for blueprint in (sparql.bp, linked.bp, api.bp, pages.bp, uploads.bp):
        app.register_blueprint(blueprint)
    errors.register(app)
    if rate_limit:
        from flask_limiter import Limiter
        from flask_limiter.util import get_remote_address

        # Application limits: one budget per client shared by all routes (default_limits count per route).
        Limiter(get_remote_address, app=app, application_limits=[rate_limit], storage_uri="memory://",
                headers_enabled=True)

    @app.before_request
    def _deadline_and_language():
        g.deadline = time.monotonic() + query_timeout - (_queued(request) if behind_proxy else 0.0)
        g.lang = choose_language()

    @app.context_processor
    def _template_helpers():
        lang = getattr(g, "lang", "en")
        args = request.args.to_dict(flat=False)
        args[COOKIE] = ["zh" if lang == "en" else "en"]
        return {
            "lang": lang,
            "t": lambda key, **values: translate(key, lang, **values),
            "switch_url": request.path + "?" + urlencode(args, doseq=True),
        }

    @app.after_request
    def _headers(response):
        asked = request.args.get(COOKIE)
        if asked in LANGS:
            response.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax")
        if request.path.startswith(CORS_PATHS):
            # Any origin may read (the data is public and no cookie matters to these
            # routes); a browser YASGUI POSTs application/sparql-query or a form,
            # so the preflight allows POST and the Content-Type header.
            response.headers["Access-Control-Allow-Origin"] = "*"
            if request.method == "OPTIONS":
                response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, OPTIONS"
                response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
                response.headers["Access-Control-Max-Age"] = "86400"
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app


def _queued(req) -> float:
    """Seconds since the proxy took the request (its ``X-Request-Start: t=EPOCH``), 0 when absent or odd."""
    try:
        started = float(req.headers.get("X-Request-Start", "").removeprefix("t="))
    except ValueError:
        return 0.0
    return min(max(0.0, time.time() - started), 3600.0)


def backend(app: Flask) -> Backend:
    """The ``Backend`` of an app made by ``create_app``."""
    return app.extensions["etskg"]
