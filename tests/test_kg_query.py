"""Ad-hoc SPARQL: formats, refusals, errors, and a time limit that really stops the query."""
import csv
import io
import json
import os
import threading
import time
import unicodedata

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from kg.query import (Background, QueryError, QueryPool, QueryResult, QueryTimeout, ResultTooLarge, check, run_query,
                      warm_up)

LABELS = "SELECT ?s ?l WHERE { ?s a ets:System ; rdfs:label ?l } ORDER BY ?s ?l"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture
def pool():
    pool = QueryPool(size=1)
    yield pool
    pool.close()


def test_select_formats(kg_store):
    result = run_query(kg_store.current(), LABELS)
    assert result.kind == "SELECT" and result.vars == ["s", "l"] and len(result) == 4
    table = result.serialize("table")
    assert "sys:arland" in table and '"阿兰碳市场"@zh' in table and table.endswith("(4 rows)")
    data = json.loads(result.serialize("json"))
    assert data["head"]["vars"] == ["s", "l"]
    assert {"type": "literal", "value": "Arland ETS", "xml:lang": "en"} in [b["l"] for b in data["results"]["bindings"]]
    rows = list(csv.reader(io.StringIO(result.serialize("csv"))))
    assert rows[0] == ["s", "l"] and ["https://etskg.org/id/system/arland", "阿兰碳市场"] in rows
    tsv = result.serialize("tsv").splitlines()
    assert tsv[0] == "?s\t?l" and '<https://etskg.org/id/system/arland>\t"Arland ETS"@en' in tsv
    assert "<sparql" in result.serialize("xml") and "博罗维亚碳市场" in result.serialize("xml")
    with pytest.raises(ValueError, match="turtle"):
        result.serialize("turtle")


def test_table_aligns_chinese_labels(kg_store):
    def width(text):  # display columns: a Chinese character takes two
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    table = run_query(kg_store.current(), "SELECT ?l ?s WHERE { ?s a ets:System ; rdfs:label ?l }").serialize("table").splitlines()
    header, rule, rows = table[0], table[1], table[2:-1]
    assert len(rows) == 4 and any("阿兰碳市场" in row for row in rows)
    column = rule.index("+")
    for line in [header] + rows:
        assert width(line.split(" | ")[0]) + 1 == column, line


def test_construct_formats(kg_store):
    result = run_query(kg_store.current(), "CONSTRUCT { ?s ets:linkedWith ?o } WHERE { ?s ets:linkedWith ?o }")
    assert result.kind == "CONSTRUCT" and len(result) == 2
    link = (URIRef("https://etskg.org/id/system/arland"), URIRef("https://etskg.org/ontology#linkedWith"),
            URIRef("https://etskg.org/id/system/borovia"))
    assert link in result.graph
    for fmt, parser in (("turtle", "turtle"), ("nt", "nt"), ("json-ld", "json-ld"), ("xml", "xml")):
        assert link in Graph().parse(data=result.serialize(fmt), format=parser), fmt
    assert "@prefix sys:" in result.serialize("turtle")
    assert "sys:arland" in result.serialize("table")
    described = run_query(kg_store.current(), "DESCRIBE sys:borovia")
    assert described.kind == "CONSTRUCT" and len(described) > 5


def test_ask(kg_store):
    result = run_query(kg_store.current(), "ASK { sys:arland ets:offsetRule ets-offset:international }")
    assert result.kind == "ASK" and result.boolean is True
    assert result.serialize("table") == "true"
    assert json.loads(result.serialize("json"))["boolean"] is True


def test_malformed_sparql_is_one_line_with_position(kg_store):
    with pytest.raises(QueryError) as err:
        run_query(kg_store.current(), "SELECT ?s WHERE {\n  ?s a ets:System .\n  FILTER(?s = ) }")
    message = str(err.value)
    assert "\n" not in message and message.startswith("malformed SPARQL") and "3:" in message


@pytest.mark.parametrize("update", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "PREFIX ex: <urn:x#>\n# a comment\nDELETE WHERE { ?s ?p ?o }",
    "BASE <urn:x> load <http://example.org/data.ttl>",
    "CLEAR ALL",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
])
def test_updates_are_refused(kg_store, update):
    with pytest.raises(QueryError, match="^read-only"):
        run_query(kg_store.current(), update)
    assert run_query(kg_store.current(), "SELECT (COUNT(*) AS ?n) WHERE { ?s a ets:System }").rows[0]["n"].toPython() == 2


def test_service_is_refused_unless_allowed(kg_store):
    remote = "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    with pytest.raises(QueryError, match="SERVICE"):
        run_query(kg_store.current(), remote)
    if kg_store.current().remote is None:  # Virtuoso fails SERVICE SILENT to a closed port instead of ignoring it
        assert run_query(kg_store.current(), remote, allow_service=True).kind == "SELECT"
    # The word in a string, a comment, a variable or a prefixed name is not a SERVICE clause.
    check('SELECT ?service WHERE { ?s rdfs:label "SERVICE" } # SERVICE')
    check("PREFIX service: <urn:x#> SELECT * WHERE { ?s service:SERVICE ?o }")


def test_timeout_kills_a_runaway_query_and_the_store_still_answers(kg_store, pool):
    gen = kg_store.current()
    warm_up(pool)
    [worker] = pool.workers()
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="time limit of 1 s"):
        run_query(gen, RUNAWAY, timeout=1, pool=pool)
    assert time.monotonic() - started < 10  # stopped near its limit (a busy machine adds seconds), not run out
    if gen.remote is not None:  # no worker ran it: the request was abandoned, and the server answers on
        assert run_query(gen, "ASK { sys:arland a ets:System }", pool=pool).boolean
        return
    with pytest.raises(ProcessLookupError):
        os.kill(worker, 0)  # the process that ran it is gone, not merely abandoned
    assert pool.workers() == []
    # Two patterns: a query only a worker answers (one pattern is answered in this process, kg.query.one_scan).
    assert run_query(gen, "ASK { sys:arland a ets:System . sys:arland ?p ?o }", pool=pool).boolean
    assert len(pool.workers()) == 1 and pool.workers() != [worker]


def _numbered(n: int) -> Graph:
    graph = Graph()
    for i in range(n):
        graph.add((URIRef(f"urn:s{i}"), URIRef("urn:p"), Literal(i)))
    return graph


def test_a_query_past_its_deadline_is_not_started_and_its_worker_stays(pool):
    graph = _numbered(3)
    warm_up(pool)
    [worker] = pool.workers()
    for _ in range(20):  # a warm worker answered a small query within a zero wait now and then
        with pytest.raises(QueryTimeout, match="not started"):
            run_query(graph, "ASK { ?s ?p ?o }", pool=pool, deadline=time.monotonic() - 1)
    assert pool.workers() == [worker]
    assert run_query(graph, "ASK { ?s ?p ?o }", pool=pool, deadline=time.monotonic() + 30).boolean


def test_closing_a_pool_stops_a_running_query_with_a_query_error(pool):
    graph = _numbered(300)  # RUNAWAY counts 300^4 rows: minutes
    warm_up(pool)
    failed = []

    def run():
        try:
            run_query(graph, RUNAWAY, timeout=120, pool=pool)
        except Exception as err:  # what the caller of a query sees when the pool goes away under it
            failed.append(err)

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(1.0)  # the query is in the worker
    pool.close()
    thread.join(10)
    assert not thread.is_alive()
    assert len(failed) == 1 and type(failed[0]) is QueryError, failed  # not an OSError on a closed socket
    assert run_query(graph, "ASK { ?s ?p ?o }", pool=pool).boolean  # a fresh worker


def test_a_background_read_past_the_deadline_goes_on_and_is_kept():
    reads, release, calls = Background(), threading.Event(), []

    def read():
        calls.append(1)
        release.wait(30)
        return "statements"

    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="reading the statements ran past"):
        reads.get("key", read, started + 0.3, "reading the statements")
    assert 0.3 <= time.monotonic() - started < 3
    release.set()
    assert reads.get("key", read, time.monotonic() + 30, "reading the statements") == "statements"
    assert reads.get("key", read, time.monotonic() - 1, "reading the statements") == "statements"  # kept
    assert len(calls) == 1


def test_a_background_read_that_failed_is_read_again():
    reads, calls = Background(), []

    def read():
        calls.append(1)
        if len(calls) == 1:
            raise OSError("the disk went away")
        return 42

    with pytest.raises(OSError, match="disk"):
        reads.get("key", read, time.monotonic() + 30, "reading")
    assert reads.get("key", read, time.monotonic() + 30, "reading") == 42
    assert len(calls) == 2


def test_query_an_rdflib_graph(kg_store):
    ds = Dataset()
    g = ds.graph(URIRef("urn:g"))
    g.add((URIRef("urn:a"), URIRef("urn:p"), Literal("碳市场", lang="zh")))
    result = run_query(ds, "SELECT ?o WHERE { ?s ?p ?o }")
    assert [str(r["o"]) for r in result.rows] == ["碳市场"]
    plain = Graph().add((URIRef("urn:a"), URIRef("urn:p"), Literal(3)))
    assert run_query(plain, "SELECT (SUM(?o) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"].toPython() == 3


def test_waiting_for_a_busy_worker_counts_against_the_limit(kg_store, pool):
    gen = kg_store.current()
    pool.start()
    outcome = []

    def runaway():
        try:
            run_query(gen, RUNAWAY, timeout=3, pool=pool)
        except QueryError as err:
            outcome.append(err)

    busy = threading.Thread(target=runaway)
    busy.start()
    time.sleep(0.5)
    with pytest.raises(QueryTimeout, match="busy"):
        run_query(gen, "ASK {}", timeout=0.5, pool=pool)
    busy.join()
    assert len(outcome) == 1 and isinstance(outcome[0], QueryTimeout)
    assert run_query(gen, "ASK { sys:arland ?p ?o }", pool=pool).boolean


ONE_SCAN = [
    'SELECT ?s WHERE { ?s rdfs:label "阿兰碳市场"@zh }',
    "ASK { sys:arland ets:offsetRule ets-offset:international }",
    "PREFIX s: <https://etskg.org/id/system/>\nSELECT * { s:arland ?p ?o } # its properties",
    "select ?s where { ?s a ets:System . } limit 1",
    'ASK { ?s ?p "2"^^xsd:integer }',
]
NOT_ONE_SCAN = [
    "SELECT ?s WHERE { ?s a ets:System } ORDER BY ?s",  # sorts
    "SELECT * { ?s ?p ?o }",  # nothing given: the whole graph
    "SELECT ?s { ?s ?s ets:System }",  # a variable twice: matches dropped without being written
    "SELECT ?s { ?s a ets:System } OFFSET 100000",  # skips without writing
    "SELECT DISTINCT ?s { ?s a ets:System }",
    "SELECT ?s { ?s ets:linkedWith/ets:linkedWith sys:arland }",
    'SELECT ?s { ?s a ets:System FILTER(CONTAINS(STR(?s), "a")) }',
    "SELECT ?s FROM <urn:g> { ?s a ets:System }",
    "SELECT ?s { GRAPH ?g { ?s a ets:System } }",
    "SELECT ?s { ?s a ets:System . ?s rdfs:label ?l }",
    "SELECT ?s { ?s a ets:System ; rdfs:label ?l }",
    "SELECT (COUNT(*) AS ?n) { ?s a ets:System }",
    "SELECT ?s { ?s a [] }",
    "SELECT * { _:x ?p _:x }",  # a blank node is a variable: the whole graph scanned, none of it written
    "SELECT ?s { { ?s a ets:System } }",
    "SELECT ?s { ?s a ets:System } VALUES ?s { sys:arland }",
    "ASK { SERVICE <http://127.0.0.1:9/sparql> { ?s a ets:System } }",
    "DESCRIBE sys:arland",
    "CONSTRUCT WHERE { sys:arland ?p ?o }",
]


@pytest.mark.parametrize("sparql", ONE_SCAN)
def test_a_query_of_one_scan_is_answered_here_as_a_worker_answers_it(kg_store, pool, sparql):
    """``one_scan`` queries need no worker: answered while the only one is busy, with the worker's own bytes."""
    from kg.query import _source, one_scan

    gen = kg_store.current()
    assert one_scan(sparql)
    if gen.remote is not None:
        return  # an external store answers every query itself
    pool.start()
    worker_reply = pool.run(_source(gen), sparql, timeout=30, max_bytes=1 << 20)
    busy = threading.Thread(target=lambda: pytest.raises(QueryTimeout, run_query, gen, RUNAWAY, timeout=3, pool=pool))
    busy.start()
    time.sleep(0.5)
    try:
        result = run_query(gen, sparql, timeout=1, pool=pool, max_bytes=1 << 20)
    finally:
        busy.join()
    assert worker_reply[0] == "ok" and (result.kind, result.payload) == (QueryResult(*worker_reply[1:]).kind,
                                                                          worker_reply[2])
    assert result.kind == "ASK" or len(result) > 0


@pytest.mark.parametrize("sparql", NOT_ONE_SCAN)
def test_any_other_query_is_not_one_scan(sparql):
    from kg.query import one_scan

    assert not one_scan(sparql)


def test_an_answer_of_one_scan_past_what_is_written_here_goes_to_a_worker(kg_store, pool, monkeypatch):
    import kg.query

    gen = kg_store.current()
    if gen.remote is not None:
        return
    sparql = "SELECT * { ?s a ets:System }"
    whole = run_query(gen, sparql, pool=pool)
    assert pool.workers() == [] and len(whole.payload) > 100
    monkeypatch.setattr(kg.query, "HERE_BYTES", 100)  # a smaller share for this process
    again = run_query(gen, sparql, pool=pool, max_bytes=1 << 20)
    assert again.payload == whole.payload and len(pool.workers()) == 1  # the whole answer, from a worker
    with pytest.raises(ResultTooLarge, match="limit of 50 bytes"):  # a caller's limit below it holds here
        run_query(gen, sparql, pool=pool, max_bytes=50)
