"""Denial of service against a real `etskg serve` (its nginx front, 2 s query limit), from loopback.

Idle, slow-header and slow-reading connections leave the service answering;
a heavy query stops at its memory ceiling with a 503 while no process of
the server grows past 1 GB; runaway queries are all answered by the time
limit (waiting for a query process counts); pages, search and Q&A answer
while the public SPARQL endpoint is saturated; a lone '%' in an /id/ path
and parser-crashing nesting are 4xx. Every attack is bounded in count and
time and cleaned up by the test that makes it.
"""
import os
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from conftest import SECURITY_QUERY_TIMEOUT, serve_process, stop_process
from web.front import nginx_path

pytestmark = pytest.mark.skipif(nginx_path() is None, reason="nginx is not installed (make test installs it as root)")

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CROSS = "SELECT ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"  # the 60-byte memory bomb
# The same with a third pattern: on the small hostile store it passes 512 MiB
# well within the 2 s limit (the two-pattern one may meet the time limit first).
CROSS3 = "SELECT ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1"
LARGE = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 12000"  # several MB of SPARQL JSON, under the 8 MiB cap
JSON = {"Accept": "application/sparql-results+json"}
PROMPT = 2.0  # seconds a normal request may take while under attack (the acceptance bound)


@pytest.fixture(scope="module")
def dos_server(sec_store, tmp_path_factory):
    """(process, url) of `etskg serve` over the hostile store, 2 s query limit: this module's own."""
    server, url = serve_process(sec_store, "--query-timeout", str(SECURITY_QUERY_TIMEOUT),
                                log_dir=tmp_path_factory.mktemp("dos-serve"))
    yield server, url
    stop_process(server)


def _address(url):
    host, port = url.removeprefix("http://").split(":")
    return host, int(port)


def _timed_get(url, path):
    started = time.monotonic()
    response = requests.get(url + path, timeout=60)
    return response, time.monotonic() - started


def _sparql(url, query, timeout=60):
    return requests.post(url + "/sparql", data={"query": query}, headers=JSON, timeout=timeout)


def _tree(pid: int) -> list[int]:
    """pid and all its descendants, from /proc."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            continue
    return found


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def test_idle_and_slow_header_connections_leave_the_service_answering(dos_server):
    _, url = dos_server
    address = _address(url)
    idle = [socket.create_connection(address) for _ in range(40)]
    slow = [socket.create_connection(address) for _ in range(100)]
    stop = threading.Event()

    def trickle():  # a header byte per second on each slow socket, until the test ends
        for sock in slow:
            sock.sendall(b"GET /api/stats HTTP/1.1\r\nHost: x\r\n")
        while not stop.wait(1.0):
            for sock in slow:
                try:
                    sock.sendall(b"X")
                except OSError:
                    pass

    sender = threading.Thread(target=trickle, daemon=True)
    sender.start()
    try:
        time.sleep(1.0)
        times = []
        for _ in range(3):
            response, took = _timed_get(url, "/api/stats")
            assert response.status_code == 200
            times.append(took)
        assert max(times) < PROMPT, times
    finally:
        stop.set()
        sender.join(5)
        for sock in idle + slow:
            sock.close()


def test_slow_readers_of_a_large_result_leave_the_service_answering(dos_server):
    _, url = dos_server
    sample = _sparql(url, LARGE)
    assert sample.status_code == 200, sample.text
    assert len(sample.content) > 2_000_000  # large enough to fill every socket buffer on the way
    body = f"query={requests.utils.quote(LARGE)}".encode()
    request = (f"POST /sparql HTTP/1.1\r\nHost: x\r\nAccept: application/sparql-results+json\r\n"
               f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
    readers = []
    for _ in range(16):
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # and then never read
        sock.connect(_address(url))
        sock.sendall(request)
        readers.append(sock)
    try:
        time.sleep(3.0)  # every reader's answer has been computed and is waiting to be read
        for path in ("/api/stats", "/systems", "/sparql?query=ASK%20%7B%7D"):
            response, took = _timed_get(url, path)
            assert response.status_code == 200 and took < PROMPT, (path, took)
    finally:
        for sock in readers:
            sock.close()


def test_a_cross_product_query_stops_at_its_memory_ceiling(dos_server):
    server, url = dos_server
    peak = {}
    done = threading.Event()

    def sample():
        while not done.is_set():
            for pid in _tree(server.pid):
                peak[pid] = max(peak.get(pid, 0), _rss(pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        alone = _sparql(url, CROSS3)
        with ThreadPoolExecutor(4) as pool:  # four at once, as in the probe
            together = list(pool.map(lambda _: _sparql(url, CROSS), range(4)))
    finally:
        done.set()
        sampler.join(5)
    # On a busy machine the time limit can come before the memory ceiling: either way a 503, and the
    # ceiling itself is checked without a time limit in the next test.
    assert alone.status_code == 503 and ("MiB" in alone.text or "time limit" in alone.text), alone.text
    # Four at once on a busy machine: each stops at whichever limit it meets first.
    assert [r.status_code for r in together] == [503] * 4
    assert max(peak.values()) < 1 << 30, max(peak.values())
    assert _sparql(url, "ASK { ?s ?p ?o }").json()["boolean"] is True  # the next query gets a fresh process


def test_the_memory_ceiling_stops_a_query_that_has_all_the_time_it_wants(sec_store):
    """The query process dies at its data limit, however slowly the machine gets there."""
    from kg.query import QueryOutOfMemory, QueryPool, run_query
    from kg.store import Store

    pool = QueryPool(size=1, memory_mb=256)
    try:
        with pytest.raises(QueryOutOfMemory, match="256 MiB"):
            run_query(Store(sec_store).current(), CROSS3, timeout=600, pool=pool)
        assert run_query(Store(sec_store).current(), "ASK { ?s ?p ?o }", pool=pool).boolean  # a fresh process answers
    finally:
        pool.close()


def test_concurrent_runaway_queries_are_all_answered_by_the_time_limit(dos_server):
    _, url = dos_server

    def one(_):
        started = time.monotonic()
        response = _sparql(url, RUNAWAY)
        return response, time.monotonic() - started

    with ThreadPoolExecutor(6) as pool:
        answered = list(pool.map(one, range(6)))
    for response, took in answered:
        assert response.status_code == 503, response.text
        assert took < SECURITY_QUERY_TIMEOUT + 2, took
    assert all("time limit" in r.text or "busy" in r.text for r, _ in answered)


def test_pages_search_and_answers_are_served_while_sparql_is_saturated(dos_server):
    _, url = dos_server
    paths = ["/", "/api/search?q=Evilland%20offsets", "/api/ask?q=When%20did%20the%20Evilland%20ETS%20start%3F",
             "/?q=Evilland", "/id/system/evilland"]
    with ThreadPoolExecutor(12) as pool:
        runaways = [pool.submit(_sparql, url, RUNAWAY) for _ in range(12)]
        time.sleep(0.5)  # every public query process is busy now, and its queue full
        for path in paths:
            response, took = _timed_get(url, path)
            assert response.status_code == 200 and took < PROMPT, (path, response.status_code, took)
        statuses = {r.result().status_code for r in runaways}
    assert statuses == {503}  # stopped at the limit, or refused at once when no place was left


@pytest.mark.parametrize("path", ["/id/%25", "/id/system/a%25zz", "/id/%25%25"])
def test_a_lone_percent_in_an_id_path_is_a_404(dos_server, path):
    _, url = dos_server
    response = requests.get(url + path, headers={"Accept": "text/turtle"}, timeout=60)
    assert response.status_code == 404


def test_a_raw_lone_percent_in_an_id_path_is_a_4xx(dos_server):
    """``/id/%`` as sent on the wire, not encoded by a client library: the front or the app refuses it."""
    _, url = dos_server
    with socket.create_connection(_address(url), timeout=30) as sock:
        sock.sendall(b"GET /id/% HTTP/1.1\r\nHost: x\r\nAccept: text/turtle\r\nConnection: close\r\n\r\n")
        status_line = sock.recv(256).split(b"\r\n", 1)[0].decode()
    assert 400 <= int(status_line.split()[1]) < 500, status_line


@pytest.mark.parametrize("query", [
    "SELECT * WHERE " + "{" * 20000 + " ?s ?p ?o " + "}" * 20000,
    "SELECT * WHERE { ?s " + "/".join(["<urn:p>"] * 9000) + " ?o }",
    "SELECT (" + "CONCAT(" * 3000 + '"a"' + ")" * 3000 + " AS ?x) {}",
])
def test_parser_crashing_queries_are_400_and_no_process_dies(dos_server, query):
    server, url = dos_server
    before = set(_tree(server.pid))
    response = _sparql(url, query)
    assert response.status_code == 400
    assert "nested too deeply" in response.text or "too complex" in response.text
    assert set(_tree(server.pid)) >= before  # every process is still there
