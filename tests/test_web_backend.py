"""The web backend's answer cache: a repeated query is answered without a query process, a new one is not.

Through the Flask app over the bundled report's store: the public pool's
query processes are killed between requests, so an answer that arrives
without a new process being started came from the cache.
"""
import os
import signal
import time

from web.app import backend

QUERY = "SELECT ?s WHERE { ?s a ets:System } ORDER BY ?s LIMIT 3"
JSON = {"Accept": "application/sparql-results+json"}


def kill_public_workers(app) -> None:
    pool = backend(app).public_pool
    for pid in pool.workers():
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while pool.workers() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pool.workers() == []


def test_a_repeated_query_is_answered_from_the_cache(web_app):
    client = web_app.test_client()
    first = client.get("/sparql", query_string={"query": QUERY}, headers=JSON)
    assert first.status_code == 200 and len(first.json["results"]["bindings"]) == 3
    kill_public_workers(web_app)
    again = client.get("/sparql", query_string={"query": QUERY}, headers=JSON)
    assert again.status_code == 200 and again.json == first.json
    assert backend(web_app).public_pool.workers() == []  # no process was needed
    other = client.get("/sparql", query_string={"query": QUERY + " # another text"}, headers=JSON)
    assert other.status_code == 200 and other.json == first.json
    assert len(backend(web_app).public_pool.workers()) == 1  # a new text went to a new process


def test_errors_are_not_cached(web_app):
    client = web_app.test_client()
    bad = "SELECT ?x WHERE { ?x ets:status ?y"
    assert client.get("/sparql", query_string={"query": bad}, headers=JSON).status_code == 400
    assert backend(web_app).view().answers.get(bad) is None
