"""HTTP hardening: security headers on every response, errors that leak nothing, optional rate limit.

Headers and errors are checked on a real `etskg serve` (sec_server) for
pages, API, SPARQL, linked data, static files and each kind of error; the
states a running server cannot be put in on demand (no graph yet, a
damaged search index) on the WSGI app over a copy of the store. The rate
limit runs on its own `etskg serve --rate-limit`.
"""
import re
import shutil

import pytest
import requests

from conftest import serve_process, stop_process

PATHS = [
    ("/", 200), ("/?q=Evilland", 200), ("/systems", 200), ("/systems.csv", 200), ("/graph", 200),
    ("/graph.svg", 200), ("/sparql", 200), ("/sparql?query=ASK%7B%7D&format=json", 200), ("/api/stats", 200),
    ("/api/search?q=offsets", 200), ("/api/ask?q=Which%20systems%20are%20in%20force%3F", 200),
    ("/api/entities/system/evilland", 200), ("/id/system/evilland", 200), ("/openapi.json", 200),
    ("/static/style.css", 200), ("/static/sparql.js", 200),
    ("/nothing/here", 404), ("/api/entities/system/nowhere", 404), ("/id/system/nowhere", 404),
    ("/api/search?q=x&k=abc", 400), ("/api/search?q=x&lang=xx", 400), ("/sparql?query=SELECT", 400),
    ("/sparql?query=ASK%7B%7D&format=png", 200), ("/?q=x&lang=xx", 400),
]
# What must never reach a client: a traceback, a source or store path, an exception's class name.
LEAKS = re.compile(r"Traceback|File \"|site-packages|/tmp/|/work/|\.py\b|Error:|errno", re.I)


def assert_security_headers(response):
    csp = response.headers.get("Content-Security-Policy", "")
    directives = dict((d.strip().split(" ", 1) + [""])[:2] for d in csp.split(";") if d.strip())
    assert directives.get("script-src") == "'self'", csp  # no 'unsafe-inline', no other origin
    assert directives.get("frame-ancestors") == "'none'" and directives.get("object-src") == "'none'", csp
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("X-Frame-Options") == "DENY"
    assert response.headers.get("Referrer-Policy") == "no-referrer"


@pytest.mark.parametrize("path,status", PATHS)
def test_every_response_has_security_headers_and_no_leak(sec_server, path, status):
    response = requests.get(sec_server + path, timeout=60)
    assert response.status_code == status
    assert_security_headers(response)
    if status >= 400:
        assert not LEAKS.search(response.text), response.text[:500]


def test_errors_of_other_methods_and_sizes_have_headers_too(sec_server):
    for response, status in [
        (requests.post(sec_server + "/api/search?q=x", timeout=30), 405),
        (requests.post(sec_server + "/sparql", data=b"#" * (2 << 20), timeout=30,
                       headers={"Content-Type": "application/sparql-query"}), 413),
        (requests.post(sec_server + "/sparql", data=b"ASK {}", timeout=30, headers={"Content-Type": "image/png"}), 415),
        (requests.post(sec_server + "/sparql", data=b"\xff\xfe", timeout=30,
                       headers={"Content-Type": "application/sparql-query"}), 400),
    ]:
        assert response.status_code == status
        assert_security_headers(response)
        assert not LEAKS.search(response.text), response.text[:500]


def test_no_graph_yet_is_503_without_the_store_path(tmp_path):
    from web.app import create_app

    client = create_app(tmp_path / "empty-store").test_client()
    for path in ("/api/stats", "/", "/sparql?query=ASK%7B%7D"):
        response = client.get(path)
        assert response.status_code == 503
        text = response.get_data(as_text=True)
        assert "etskg ingest" in text and str(tmp_path) not in text and not LEAKS.search(text)
        assert_security_headers(response)


@pytest.mark.parametrize("damage", ["truncate", "delete"])
def test_a_damaged_search_index_at_run_time_is_503_without_paths(sec_store, tmp_path, damage):
    from kg.store import Store
    from web.app import create_app

    store = tmp_path / "store"
    shutil.copytree(sec_store, store)
    index = store / "generations" / Store(store).current().name / "index"
    client = create_app(store).test_client()
    assert client.get("/api/stats").status_code == 200  # the graph side is fine
    victim = index / "dense.faiss"
    if damage == "truncate":
        victim.write_bytes(victim.read_bytes()[:100])
    else:
        victim.unlink()
    for path, kind in (("/api/search?q=offsets", "application/json"), ("/?q=offsets", "text/html")):
        response = client.get(path)
        assert response.status_code == 503 and response.mimetype == kind
        text = response.get_data(as_text=True)
        assert "search index" in text and "etskg ingest" in text
        assert str(tmp_path) not in text and "dense.faiss" not in text and not LEAKS.search(text)
    assert client.get("/sparql?query=ASK%7B%7D", headers={"Accept": "application/json"}).status_code == 200


def test_rate_limit_is_off_by_default(sec_server):
    statuses = [requests.get(sec_server + "/api/stats", timeout=30).status_code for _ in range(30)]
    assert statuses == [200] * 30


def test_rate_limit_from_the_command_line(sec_store, tmp_path):
    server, url = serve_process(sec_store, "--workers", "1", "--rate-limit", "5/minute", log_dir=tmp_path)
    try:
        # serve_process's readiness probe was the first of the five.
        responses = [requests.get(url + "/api/stats", timeout=30) for _ in range(4)]
        assert [r.status_code for r in responses] == [200] * 4
        over = requests.get(url + "/api/stats", timeout=30)
        assert over.status_code == 429
        assert int(over.headers["Retry-After"]) > 0
        assert over.json()["error"]["status"] == 429
        assert_security_headers(over)
        assert requests.get(url + "/sparql?query=ASK%7B%7D", timeout=30).status_code == 429  # per client, every route
    finally:
        stop_process(server)


def test_a_413_closes_the_connection_so_the_next_request_is_not_lost(sec_server):
    """The body is not read, so gunicorn drops the connection: the 413 must say so.

    The client announces 2 MB and sends 64 KB, then reads: a client that
    went on sending would race the server's close (a broken pipe) instead
    of reading the answer, which is what this checks.
    """
    import http.client
    import socket
    from urllib.parse import urlsplit

    url = urlsplit(sec_server)
    head = (f"POST /sparql HTTP/1.1\r\nHost: {url.netloc}\r\nContent-Type: application/sparql-query\r\n"
            f"Content-Length: {2 << 20}\r\n\r\n").encode()
    with socket.create_connection((url.hostname, url.port), timeout=30) as sock:
        sock.sendall(head + b"#" * (64 << 10))
        response = http.client.HTTPResponse(sock)
        response.begin()
        response.read()
    assert response.status == 413 and response.getheader("Connection") == "close"
