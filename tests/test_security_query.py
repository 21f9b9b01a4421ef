"""Hostile SPARQL on the public endpoint of a real `etskg serve` (2 s query limit).

A runaway query is stopped with a 503 that says why while other requests
go on being answered; a result past the size limit and a query text past
the length limit are refused with a clear 400; every SPARQL Update form is
403; and no spelling of SERVICE makes the server open a connection (a
loopback listener counts the attempts).
"""
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from conftest import SECURITY_QUERY_TIMEOUT

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
HUGE = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"  # some 10^6 rows: far past 8 MiB as SPARQL JSON
JSON = {"Accept": "application/sparql-results+json"}


def sparql(url, query, **kwargs):
    return requests.post(url + "/sparql", data={"query": query}, headers=JSON, timeout=60, **kwargs)


def test_a_runaway_query_is_503_and_other_requests_are_served_meanwhile(sec_server):
    others = ["/api/search?q=Evilland%20offsets", "/api/stats", "/systems", "/id/system/evilland",
              "/sparql?query=ASK%20%7B%20sys%3Aevilland%20%3Fp%20%3Fo%20%7D",
              "/api/ask?q=When%20did%20the%20Evilland%20ETS%20start%3F"]

    def timed(call):
        started = time.monotonic()
        result = call()
        return result, started, time.monotonic()

    with ThreadPoolExecutor(len(others) + 1) as pool:
        runaway = pool.submit(timed, lambda: sparql(sec_server, RUNAWAY))
        time.sleep(0.3)  # it is running in a query worker now
        answered = [pool.submit(timed, lambda p=path: requests.get(sec_server + p, timeout=60))
                    for path in others]
        answered = [a.result() for a in answered]
        response, started, ended = runaway.result()
    assert [r.status_code for r, _, _ in answered] == [200] * len(others)
    assert max(done for _, _, done in answered) < ended  # served while the runaway was still running
    assert response.status_code == 503
    assert f"ran past its time limit of {SECURITY_QUERY_TIMEOUT:g} s" in response.text
    assert ended - started < SECURITY_QUERY_TIMEOUT + 3
    assert sparql(sec_server, "ASK { sys:evilland ?p ?o }").json()["boolean"] is True


def test_a_result_past_the_size_limit_is_a_clear_400(sec_server):
    started = time.monotonic()
    response = sparql(sec_server, HUGE)
    assert response.status_code == 400
    assert response.text.startswith("result too large") and "LIMIT" in response.text
    assert time.monotonic() - started < SECURITY_QUERY_TIMEOUT  # stopped at the limit, not at the timeout
    limited = sparql(sec_server, HUGE + " LIMIT 10")
    assert limited.status_code == 200 and len(limited.json()["results"]["bindings"]) == 10


def test_a_query_text_past_the_length_limit_is_refused(sec_server):
    long_query = "ASK {}\n#" + "x" * 200_000  # valid SPARQL, under the 1 MiB body limit
    response = sparql(sec_server, long_query)
    assert response.status_code == 400
    assert "query too long" in response.text and "100,000" in response.text


@pytest.mark.parametrize("update", [
    "INSERT DATA { <urn:s> <urn:p> 1 }",
    "DELETE DATA { <urn:s> <urn:p> 1 }",
    "DELETE WHERE { ?s ?p ?o }",
    "INSERT { ?s <urn:p> 1 } WHERE { ?s ?p ?o }",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "LOAD SILENT <file:///etc/passwd> INTO GRAPH <urn:g>",
    "CLEAR ALL", "CLEAR DEFAULT", "DROP GRAPH <urn:g>", "DROP ALL", "CREATE GRAPH <urn:g>",
    "COPY DEFAULT TO <urn:g>", "MOVE DEFAULT TO <urn:g>", "ADD DEFAULT TO <urn:g>",
    "PREFIX ex: <urn:x#>\n# comment\n  insert data { ex:s ex:p 1 }",
    "BASE <urn:b> PREFIX ex: <urn:x#> load <http://127.0.0.1:9/x>",
    "INSERT DATA { <urn:s> <urn:p> 1 } ; DROP ALL",
])
def test_every_update_form_is_refused(sec_server, update):
    for response in (sparql(sec_server, update),
                     requests.post(sec_server + "/sparql", data=update.encode(), timeout=30,
                                   headers={"Content-Type": "application/sparql-update"}),
                     requests.post(sec_server + "/sparql", data={"update": update}, timeout=30)):
        assert response.status_code == 403 and "read-only" in response.text


@pytest.fixture
def listener():
    """A loopback TCP server that records every connection made to it: the SERVICE target."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    hits, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            hits.append(conn.recv(200))
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/sparql", hits
    stop.set()
    thread.join()
    server.close()


# Each of these makes Oxigraph call the endpoint when run unchecked (SERVICE
# glued to the token before it, hidden behind a '#' or quote that a naive
# tokenizer reads as a comment or string, lower case, SILENT).
SERVICE_FORMS = [
    "SELECT * WHERE {{ SERVICE <{u}> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <{u}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?x ?y ?o.SERVICE <{u}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?x ?y ?o .SERVICE SILENT <{u}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?x ?y <http://a/\\u0041#> SERVICE SILENT <{u}> {{ ?s ?p ?o }} }}",
    "PREFIX ex: <urn:x#> SELECT * WHERE {{ ?x ?y ?z OPTIONAL {{ ?z ?q ex:a\\# }} SERVICE SILENT <{u}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ VALUES ?e {{ <{u}> }} ?x ?y ?z FILTER(?z<1)SERVICE SILENT ?e#>\n{{ ?s ?p ?o }} }}",
]


@pytest.mark.parametrize("form", SERVICE_FORMS)
def test_no_spelling_of_service_reaches_out(sec_server, listener, form):
    endpoint, hits = listener
    response = sparql(sec_server, form.format(u=endpoint))
    time.sleep(0.3)  # a connection would have arrived by now
    assert hits == []
    assert response.status_code == 400 and "SERVICE" in response.text
