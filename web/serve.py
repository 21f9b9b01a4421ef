"""Run the web app under gunicorn: ``etskg serve`` calls ``serve(...)``.

Why gunicorn's Python API (a ``BaseApplication``) rather than a ``gunicorn``
command line: the CLI's own options become the configuration directly and
no module path or config file is needed. Each gunicorn worker is one
process with its own app, query workers and search index; it warms them up
(``Backend.warm_up``) before taking requests, so the first query of a fresh
worker is as fast as the rest. Threads (``gthread``) let one process wait
on a SPARQL worker while it parses the next request.

In front of gunicorn, ``etskg serve`` runs nginx (``web.front``) on the
public address and gunicorn on a socket only nginx reaches, so slow or idle
clients cost nginx a few hundred bytes each instead of a gunicorn thread.
Without nginx installed it serves gunicorn directly and says so: the
service works, but slow clients can hold its threads (docs/security.md).
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile

from gunicorn.app.base import BaseApplication

from kg.store import StoreError
from search.index import IndexCorrupt
from web.app import MAX_BODY, QUERY_MEMORY_MB, QUERY_TIMEOUT, backend, create_app
from web.front import Front, nginx_path
from web.uploads import DEFAULT_MAX_BYTES

DEFAULT_WORKERS = 2  # measured on the 2-core machine: see bench/README.md "## Web"
# Behind the front a thread is busy only while the app works; the public
# SPARQL endpoint may take 4 of them (2 running, 2 queued: web.backend),
# which leaves 4 for pages, search and Q&A.
DEFAULT_THREADS = 8


class Server(BaseApplication):
    """gunicorn serving ``create_app(store_dir)``."""

    def __init__(self, store_dir, options: dict, app_options: dict | None = None):
        self.store_dir = store_dir
        self.options = options
        self.app_options = app_options or {}  # create_app's keyword arguments
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings:  # control_socket_disable is new in gunicorn 25.1
                self.cfg.set(key, value)

    def load(self):
        return create_app(self.store_dir, **self.app_options)


def _warm_up(worker) -> None:
    """gunicorn's post_worker_init hook: load everything before the first request.

    A store or index that cannot be loaded is logged, not raised: gunicorn
    stops the whole server when a worker fails to boot, whereas the app
    answers the requests that need the broken part with a 503 that says
    what to do (``web.errors``), and the rest as usual.
    """
    try:
        backend(worker.wsgi).warm_up()
    except (StoreError, IndexCorrupt) as err:
        worker.log.error("warm-up failed, requests that need it will answer 503: %s", err)


def _close_after_oversized_body(worker, req) -> None:
    """gunicorn's pre_request hook: the answer to a body over ``MAX_BODY`` says Connection: close.

    The app answers 413 without reading such a body, and gunicorn then
    drops the connection (it drains at most 64 KiB of an unread body) even
    though its answer said keep-alive, so the client's next request on it
    failed. A chunked body's length is unknown beforehand: it closes too.
    """
    for name, value in req.headers:
        if (name == "CONTENT-LENGTH" and value.isdigit() and int(value) > MAX_BODY) or name == "TRANSFER-ENCODING":
            req.must_close = True


def serve(store_dir, host: str = "127.0.0.1", port: int = 8000, workers: int = DEFAULT_WORKERS,
          threads: int = DEFAULT_THREADS, query_timeout: float = QUERY_TIMEOUT, rate_limit: str | None = None,
          query_memory_mb: int | None = None, allow_upload: bool = False,
          max_upload: int = DEFAULT_MAX_BYTES) -> None:
    """Serve until interrupted (SIGINT/SIGTERM stop gunicorn, which stops the front).

    ``query_timeout`` is the time limit of one SPARQL query (seconds);
    ``rate_limit`` (e.g. ``"60/minute"``) limits each client address, per
    worker process (``web.app.create_app``); off by default;
    ``query_memory_mb`` caps each public query process (None:
    ``web.app.QUERY_MEMORY_MB``); ``allow_upload`` turns on /upload and
    POST /api/documents (``web.uploads``), files up to ``max_upload`` bytes.

    Each request's query encoding runs on one core (OMP_NUM_THREADS=1, unless
    set): concurrent requests already keep every core busy, and OpenMP teams
    competing for the same cores spin-wait, which made encoding up to ten
    times slower under load (measured, bench/README.md "## Web").
    """
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    front = None
    if nginx_path():
        runtime = tempfile.mkdtemp(prefix="etskg-serve-")
        front = Front(host, port, runtime, max_upload if allow_upload else None)
    else:
        print("etskg serve: nginx is not installed, serving without its connection front: idle and slow "
              "clients can hold the server's threads (apt-get install nginx; see docs/security.md)", file=sys.stderr)

    def started(arbiter) -> None:  # gunicorn's when_ready: its socket is listening
        if front:
            front.start()

    def stopped(arbiter) -> None:  # gunicorn's on_exit
        if front:
            front.stop()
            shutil.rmtree(front.dir, ignore_errors=True)

    Server(store_dir, {
        "bind": f"unix:{front.socket}" if front else f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "timeout": 60,
        "graceful_timeout": 10,
        "keepalive": 5,
        "limit_request_line": 8190,  # long SPARQL queries in GET URLs
        "post_worker_init": _warm_up,
        "pre_request": _close_after_oversized_body,
        "when_ready": started,
        "on_exit": stopped,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "etskg-serve",
        "control_socket_disable": True,  # several servers (tests, benchmarks) may run side by side
    }, {"query_timeout": query_timeout, "rate_limit": rate_limit, "query_memory_mb": query_memory_mb or QUERY_MEMORY_MB,
        "behind_proxy": front is not None, "allow_upload": allow_upload, "max_upload": max_upload}).run()
