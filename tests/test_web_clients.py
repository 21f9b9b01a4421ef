"""Real SPARQL clients against a running `etskg serve` get what a local query gets.

SPARQLWrapper (JSON and XML results, GET and POST, CONSTRUCT as Turtle) and
rdflib's SPARQLStore (a Graph backed by the endpoint) are compared with
``kg.query.run_query`` on the same store.
"""
import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import GET, JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.query import run_query
from kg.store import Store

# Full PREFIX lines: these clients send the query as written.
PREFIXES = """PREFIX ets: <https://etskg.org/ontology#>
PREFIX ets-status: <https://etskg.org/vocab/status/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
SELECT = PREFIXES + """SELECT ?system ?label ?start WHERE {
  ?system a ets:System ; ets:status ets-status:in_force ; rdfs:label ?label .
  OPTIONAL { ?system ets:startYear ?start }
  FILTER(lang(?label) = "zh")
} ORDER BY ?system"""
CONSTRUCT = PREFIXES + "CONSTRUCT { ?s ets:linkedWith ?o } WHERE { ?s ets:linkedWith ?o }"


@pytest.fixture(scope="module")
def local(icap_store):
    gen = Store(icap_store).current()
    return lambda query: run_query(gen, query)


def local_rows(result):
    return [tuple(row.get(v) for v in result.vars) for row in result.rows]


@pytest.mark.parametrize("method", [GET, POST])
def test_sparqlwrapper_json(web_server, local, method):
    client = SPARQLWrapper(web_server + "/sparql")
    client.setMethod(method)
    client.setQuery(SELECT)
    client.setReturnFormat(JSON)
    remote = client.query().convert()
    expected = local(SELECT)
    assert remote["head"]["vars"] == expected.vars
    got = [tuple(b.get(v, {}).get("value") for v in expected.vars) for b in remote["results"]["bindings"]]
    assert got == [tuple(None if t is None else str(t) for t in row) for row in local_rows(expected)]
    assert len(got) > 20 and any("碳市场" in row[1] for row in got)


def test_sparqlwrapper_xml_ask(web_server, local):
    client = SPARQLWrapper(web_server + "/sparql")
    ask = PREFIXES + "ASK { ?s ets:status ets-status:in_force }"
    client.setQuery(ask)
    client.setReturnFormat(XML)
    document = client.query().convert()
    value = document.getElementsByTagName("boolean")[0].firstChild.data
    assert value == "true" and local(ask).boolean is True


def test_sparqlwrapper_construct(web_server, local):
    client = SPARQLWrapper(web_server + "/sparql")
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(TURTLE)
    remote = Graph().parse(data=client.query().convert(), format="turtle")
    assert set(remote) == set(local(CONSTRUCT).graph)
    assert len(remote) >= 4


def test_sparqlwrapper_bad_query(web_server):
    client = SPARQLWrapper(web_server + "/sparql")
    client.setQuery("SELECT ?x WHERE {")
    client.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed, match="malformed SPARQL"):
        client.query()


def test_rdflib_sparqlstore(web_server, local):
    graph = Graph(store=SPARQLStore(web_server + "/sparql", returnFormat="json"))
    remote = [tuple(row) for row in graph.query(SELECT)]
    assert remote == local_rows(local(SELECT))
    korea = URIRef("https://etskg.org/id/system/korea")
    labels = {str(o) for o in graph.objects(korea, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
    assert "韩国碳市场" in labels


def test_rdflib_sparqlstore_construct(web_server, local):
    graph = Graph(store=SPARQLStore(web_server + "/sparql"))
    remote = graph.query(CONSTRUCT).graph
    assert set(remote) == set(local(CONSTRUCT).graph)
