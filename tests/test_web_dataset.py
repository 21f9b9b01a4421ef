"""The protocol dataset written into queries, and content negotiation, run on real queries."""
import pytest
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import NotAcceptable
from werkzeug.http import parse_accept_header

from kg.query import run_query
from kg.store import Store
from web.dataset import DatasetError, apply_dataset
from web.negotiate import accept_of, choose, prefers_html

EN = "https://etskg.org/id/graph/icap-2025-en"
ZH = "https://etskg.org/id/graph/icap-2025-zh"


@pytest.mark.parametrize("query,expected", [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT *  FROM <G> WHERE { ?s ?p ?o }"),
    ("SELECT * { ?s ?p ?o }", "SELECT *  FROM <G> { ?s ?p ?o }"),
    ("PREFIX ex: <http://e/> SELECT (COUNT(*) AS ?n) {}", "PREFIX ex: <http://e/> SELECT (COUNT(*) AS ?n)  FROM <G> {}"),
    ("ASK FROM <http://old> { ?s ?p ?o }", "ASK  FROM <G> { ?s ?p ?o }"),
    ("ASK FROM NAMED graph:x FROM <http://y> {}", "ASK   FROM <G> {}"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o }  FROM <G> WHERE { ?s ?p ?o }"),
    ("DESCRIBE sys:korea", "DESCRIBE sys:korea FROM <G> "),
    ("DESCRIBE ?s LIMIT 1", "DESCRIBE ?s  FROM <G> LIMIT 1"),
    ("# FROM <x> WHERE {\nSELECT ?where { ?s ?p \"FROM {\" }", "# FROM <x> WHERE {\nSELECT ?where  FROM <G> { ?s ?p \"FROM {\" }"),
])
def test_dataset_clauses_go_before_the_where_clause(query, expected):
    def words(text):
        return " ".join(text.split())

    assert words(apply_dataset(query, ["http://g"], [])) == words(expected.replace("<G>", "<http://g>"))


def test_no_dataset_leaves_the_query_alone():
    assert apply_dataset("SELECT * FROM <http://a> {}", [], []) == "SELECT * FROM <http://a> {}"


def test_named_graphs_and_bad_iris():
    assert " ".join(apply_dataset("ASK {}", ["http://a"], ["http://b", "http://c"]).split()) == \
        "ASK FROM <http://a> FROM NAMED <http://b> FROM NAMED <http://c> {}"
    for bad in ("relative/path", "http://a b", "<http://a>"):
        with pytest.raises(DatasetError, match="absolute IRI"):
            apply_dataset("ASK {}", [bad], [])


def test_rewritten_queries_run_in_oxigraph(icap_store):
    gen = Store(icap_store).current()
    count = "SELECT (COUNT(*) AS ?n) FROM <{}> WHERE {{ ?s ?p ?o }}"
    en = int(run_query(gen, apply_dataset(count.format(ZH), [EN], [])).rows[0]["n"])
    assert en == int(run_query(gen, count.format(EN)).rows[0]["n"])
    named = apply_dataset("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", [], [ZH])
    assert [str(r["g"]) for r in run_query(gen, named).rows] == [ZH]
    described = run_query(gen, apply_dataset("DESCRIBE sys:korea", [ZH], []))
    assert len(described) > 5


def accept(header: str) -> MIMEAccept:
    return parse_accept_header(header, MIMEAccept)


def test_choose_formats():
    assert choose(accept_of(""), [], graph=False) == "json"
    assert choose(accept_of("*/*"), [], graph=True) == "turtle"
    assert choose(accept_of("text/csv;q=0.5, application/sparql-results+xml"), [], graph=False) == "xml"
    assert choose(accept_of("application/json"), [], graph=True) == "json-ld"
    assert choose(accept_of("text/turtle"), ["csv"], graph=False) == "csv"
    assert choose(accept_of(""), ["ttl"], graph=True) == "turtle"
    assert choose(accept_of(""), ["text/tab-separated-values"], graph=False) == "tsv"
    assert choose(accept_of(""), ["rdf+xml"], graph=True) == "xml"
    assert choose(accept_of(""), ["n3"], graph=True) == "turtle"
    # a format this result does not have, or no format at all, leaves the choice to Accept
    assert choose(accept_of("application/n-triples"), ["csv"], graph=True) == "nt"
    assert choose(accept_of("text/csv"), ["png", "text/tab-separated-values"], graph=False) == "tsv"
    # parameters do not stop a match; q-values and specificity rank the types (RFC 9110)
    assert choose(accept_of("application/sparql-results+json;charset=utf-8"), [], graph=False) == "json"
    assert choose(accept_of('application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted"'), [],
                  graph=True) == "json-ld"
    assert choose(accept_of("application/*;q=0.9, application/n-quads;q=0.1, text/turtle;q=0.5"), [],
                  graph=True) == "nt"
    assert choose(accept_of("*/*;q=0.1, text/turtle;q=0"), [], graph=True) == "nt"
    with pytest.raises(NotAcceptable):
        choose(accept_of("image/png"), [], graph=False)


def test_prefers_html():
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert prefers_html(accept(browser), ["application/sparql-results+json", "application/xml"])
    assert not prefers_html(accept("*/*"), ["text/turtle"])
    assert not prefers_html(accept("application/sparql-results+json"), ["application/sparql-results+json"])
    assert prefers_html(accept("text/html, */*"), ["text/turtle"])
    assert not prefers_html(accept("text/turtle, text/html"), ["text/turtle"])
