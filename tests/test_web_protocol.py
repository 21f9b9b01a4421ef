"""The W3C SPARQL 1.1 Protocol query tests, transcribed, against a running `etskg serve`.

Each test names the test of the W3C protocol suite it transcribes
(https://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/). The
suite's example graphs are replaced by this store's named graphs, one per
edition of the report. Requests go over real HTTP with `requests`, so
headers and bodies are exactly what is sent (a missing Content-Type stays
missing, a UTF-16 body stays UTF-16).
"""
import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
import requests
from rdflib import RDF, Graph, URIRef

EN = "https://etskg.org/id/graph/icap-2025-en"
ZH = "https://etskg.org/id/graph/icap-2025-zh"
DIRECT = {"Content-Type": "application/sparql-query"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
SRX = "{http://www.w3.org/2005/sparql-results#}"


def boolean(response) -> bool:
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("application/sparql-results+json")
    return response.json()["boolean"]


# --- positive tests ------------------------------------------------------------

def test_query_get(web_server):
    """query_get: query via GET."""
    response = requests.get(web_server + "/sparql", params={"query": "ASK {}"})
    assert boolean(response) is True


def test_query_post_form(web_server):
    """query_post_form: query via URL-encoded POST."""
    response = requests.post(web_server + "/sparql", data={"query": "ASK {}"})
    assert response.request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert boolean(response) is True


def test_query_post_direct(web_server):
    """query_post_direct: query via POST directly."""
    response = requests.post(web_server + "/sparql", data="ASK {}".encode(), headers=DIRECT)
    assert boolean(response) is True


def test_query_dataset_default_graph(web_server):
    """query_dataset_default_graph: the protocol's default-graph-uri is the default graph."""
    ask = 'ASK { ?d dcterms:identifier "icap-2025-en" }'
    url = web_server + "/sparql"
    assert boolean(requests.post(url, params={"default-graph-uri": EN}, data=ask.encode(), headers=DIRECT)) is True
    assert boolean(requests.post(url, params={"default-graph-uri": ZH}, data=ask.encode(), headers=DIRECT)) is False


def test_query_dataset_default_graphs_get(web_server):
    """query_dataset_default_graphs_get: two default-graph-uri, merged, by GET."""
    ask = 'ASK { ?a dcterms:identifier "icap-2025-en" . ?b dcterms:identifier "icap-2025-zh" }'
    response = requests.get(web_server + "/sparql", params=[("query", ask), ("default-graph-uri", EN),
                                                            ("default-graph-uri", ZH)])
    assert boolean(response) is True


def test_query_dataset_default_graphs_post(web_server):
    """query_dataset_default_graphs_post: two default-graph-uri in a URL-encoded POST."""
    ask = 'ASK { ?a dcterms:identifier "icap-2025-en" . ?b dcterms:identifier "icap-2025-zh" }'
    response = requests.post(web_server + "/sparql", data=[("query", ask), ("default-graph-uri", EN),
                                                            ("default-graph-uri", ZH)])
    assert boolean(response) is True


def test_query_dataset_named_graphs_post(web_server):
    """query_dataset_named_graphs_post: named-graph-uri limits GRAPH ?g to the named graphs."""
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = requests.post(web_server + "/sparql", data=[("query", query), ("named-graph-uri", ZH)],
                             headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200
    assert [b["g"]["value"] for b in response.json()["results"]["bindings"]] == [ZH]


def test_query_dataset_named_graphs_get(web_server):
    """query_dataset_named_graphs_get: the same by GET, both editions named."""
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    response = requests.get(web_server + "/sparql", params=[("query", query), ("named-graph-uri", EN),
                                                            ("named-graph-uri", ZH)])
    assert [b["g"]["value"] for b in response.json()["results"]["bindings"]] == [EN, ZH]


def test_query_dataset_full(web_server):
    """query_dataset_full: default and named graphs given together."""
    query = ('SELECT ?g ?doc WHERE { ?d dcterms:identifier ?doc '
             'GRAPH ?g { ?x dcterms:identifier ?y } } ORDER BY ?g')
    response = requests.post(web_server + "/sparql", params=[("default-graph-uri", ZH), ("named-graph-uri", EN)],
                             data=query.encode(), headers=DIRECT)
    rows = [(b["g"]["value"], b["doc"]["value"]) for b in response.json()["results"]["bindings"]]
    assert rows == [(EN, "icap-2025-zh")]


def test_query_multiple_dataset(web_server):
    """query_multiple_dataset: the protocol's dataset replaces the query's FROM."""
    ask = f'ASK FROM <{EN}> {{ ?d dcterms:identifier "icap-2025-en" }}'
    assert boolean(requests.get(web_server + "/sparql", params={"query": ask})) is True
    response = requests.get(web_server + "/sparql", params={"query": ask, "default-graph-uri": ZH})
    assert boolean(response) is False


@pytest.mark.parametrize("accept,media", [
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
])
def test_query_content_type_select(web_server, accept, media):
    """query_content_type_select: SELECT answers in XML, JSON, CSV or TSV by Accept."""
    response = requests.post(web_server + "/sparql", data="SELECT (1 AS ?value) {}".encode(),
                             headers={**DIRECT, "Accept": accept})
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media
    if media.endswith("xml"):
        root = ET.fromstring(response.content)
        assert root.find(f"{SRX}results/{SRX}result/{SRX}binding/{SRX}literal").text == "1"
    elif media.endswith("json"):
        assert response.json()["results"]["bindings"][0]["value"]["value"] == "1"
    elif media == "text/csv":
        assert list(csv.reader(io.StringIO(response.text))) == [["value"], ["1"]]
    else:
        assert response.text.splitlines() == ["?value", "1"]


@pytest.mark.parametrize("accept", ["application/sparql-results+xml", "application/sparql-results+json"])
def test_query_content_type_ask(web_server, accept):
    """query_content_type_ask: ASK answers in XML or JSON."""
    response = requests.post(web_server + "/sparql", data=b"ASK {}", headers={**DIRECT, "Accept": accept})
    assert response.headers["Content-Type"] == accept
    if accept.endswith("xml"):
        assert ET.fromstring(response.content).find(f"{SRX}boolean").text == "true"
    else:
        assert response.json() == {"head": {}, "boolean": True}


@pytest.mark.parametrize("accept,rdf_format", [
    ("application/rdf+xml", "xml"), ("text/turtle", "turtle"), ("application/n-triples", "nt"),
    ("application/ld+json", "json-ld"),
])
def test_query_content_type_describe(web_server, accept, rdf_format):
    """query_content_type_describe: DESCRIBE answers as RDF by Accept."""
    response = requests.post(web_server + "/sparql", data=b"DESCRIBE sys:korea", headers={**DIRECT, "Accept": accept})
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == accept
    graph = Graph().parse(data=response.content, format=rdf_format)
    assert len(graph) > 10


@pytest.mark.parametrize("accept,rdf_format", [("application/rdf+xml", "xml"), ("text/turtle", "turtle")])
def test_query_content_type_construct(web_server, accept, rdf_format):
    """query_content_type_construct: CONSTRUCT answers as RDF by Accept."""
    query = "CONSTRUCT { <http://example.org/s> <http://example.org/p> 1 } WHERE {}"
    response = requests.post(web_server + "/sparql", data=query.encode(), headers={**DIRECT, "Accept": accept})
    assert response.headers["Content-Type"].split(";")[0] == accept
    graph = Graph().parse(data=response.content, format=rdf_format)
    assert [int(o) for o in graph.objects()] == [1]


def test_format_parameter_overrides_accept_for_links(web_server):
    response = requests.get(web_server + "/sparql", params={"query": "SELECT (1 AS ?x) {}", "format": "csv"},
                            headers={"Accept": "application/sparql-results+json"})
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]


def test_service_description(web_server):
    response = requests.get(web_server + "/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    rows = graph.query(f"""PREFIX sd: <{sd}>
        SELECT ?lang ?name WHERE {{ ?s a sd:Service ; sd:endpoint <{web_server}/sparql> ; sd:supportedLanguage ?lang ;
                                   sd:defaultDataset/sd:namedGraph/sd:name ?name }}""")
    assert {str(r.lang) for r in rows} == {sd + "SPARQL11Query"}
    assert {str(r.name) for r in rows} >= {EN, ZH}


def test_cors_on_get(web_server):
    response = requests.get(web_server + "/sparql", params={"query": "ASK {}"}, headers={"Origin": "http://x.test"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_cors_on_post_and_its_preflight(web_server):
    """A browser YASGUI on another origin POSTs application/sparql-query: preflight, then the POST."""
    preflight = requests.options(web_server + "/sparql", headers={
        "Origin": "http://x.test", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"].split(", ")
    assert "content-type" in preflight.headers["Access-Control-Allow-Headers"].lower()
    response = requests.post(web_server + "/sparql", data=b"ASK {}", headers={**DIRECT, "Origin": "http://x.test"})
    assert response.headers["Access-Control-Allow-Origin"] == "*" and response.json()["boolean"] is True


def test_head_answers_like_get(web_server):
    params = {"query": "SELECT (1 AS ?x) {}"}
    head = requests.head(web_server + "/sparql", params=params, headers={"Accept": "text/csv"})
    get = requests.get(web_server + "/sparql", params=params, headers={"Accept": "text/csv"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["Content-Type"] == get.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert head.headers["Content-Length"] == get.headers["Content-Length"]
    assert requests.head(web_server + "/id/system/korea", headers={"Accept": "text/turtle"}).status_code == 200


@pytest.mark.parametrize("accept,media", [
    ("application/sparql-results+json;charset=utf-8", "application/sparql-results+json"),
    ("application/sparql-results+xml; charset=UTF-8", "application/sparql-results+xml"),
    ("text/csv;q=0.2, text/tab-separated-values;q=0.9", "text/tab-separated-values"),
    ("text/*;q=0.5, application/sparql-results+json;q=0.4", "text/csv"),
    ("*/*;q=0.1, application/sparql-results+json;q=0", "application/sparql-results+xml"),
])
def test_accept_parameters_and_q_values_select(web_server, accept, media):
    """RFC 9110: parameters do not stop a match, q-values and specificity rank the types."""
    response = requests.get(web_server + "/sparql", params={"query": "SELECT (1 AS ?x) {}"}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].split(";")[0] == media


@pytest.mark.parametrize("accept,media,rdf_format", [
    ("text/turtle;charset=utf-8", "text/turtle", "turtle"),
    ('application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted"', "application/ld+json", "json-ld"),
    ("application/n-quads", "application/n-quads", "nquads"),
    ("application/trig", "application/trig", "trig"),
    ("application/rdf+xml;q=0.3, application/n-triples;q=0.8", "application/n-triples", "nt"),
])
def test_accept_parameters_and_q_values_graphs(web_server, accept, media, rdf_format):
    for url, params in ((web_server + "/sparql", {"query": "DESCRIBE sys:korea"}),
                        (web_server + "/id/system/korea", {})):
        response = requests.get(url, params=params, headers={"Accept": accept})
        assert response.status_code == 200, (url, response.text)
        assert response.headers["Content-Type"].split(";")[0] == media
        parsed = Graph().parse(data=response.content, format=rdf_format)
        assert any("韩国" in str(o) for o in parsed.objects()), url


@pytest.mark.parametrize("fmt,media", [
    ("rdf+xml", "application/rdf+xml"), ("xml", "application/rdf+xml"), ("n3", "text/turtle"),
    ("turtle", "text/turtle"), ("json-ld", "application/ld+json"), ("nquads", "application/n-quads"),
    ("trig", "application/trig"), ("application/rdf+xml", "application/rdf+xml"),
])
def test_format_names_clients_use(web_server, fmt, media):
    response = requests.get(web_server + "/sparql", params={"query": "DESCRIBE sys:korea", "format": fmt},
                            headers={"Accept": "application/n-triples"})
    assert response.status_code == 200 and response.headers["Content-Type"].split(";")[0] == media


def test_unknown_format_falls_back_to_accept(web_server):
    response = requests.get(web_server + "/sparql", params={"query": "SELECT (1 AS ?x) {}", "format": "png"},
                            headers={"Accept": "text/tab-separated-values"})
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/tab-separated-values")
    # SPARQLWrapper repeats format with the name and then the media type: the first usable one counts.
    response = requests.get(web_server + "/sparql", params=[("query", "DESCRIBE sys:korea"), ("format", "bogus"),
                                                            ("format", "application/rdf+xml")])
    assert response.headers["Content-Type"] == "application/rdf+xml"


@pytest.mark.parametrize("accept,rdf_format", [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/n-quads", "nquads"),
    ("application/trig", "trig"), ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml"),
])
def test_service_description_in_every_graph_format(web_server, accept, rdf_format):
    response = requests.get(web_server + "/sparql", headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["Content-Type"].split(";")[0] == accept
    graph = Graph().parse(data=response.content, format=rdf_format)
    service = URIRef(web_server + "/sparql")
    assert (service, RDF.type, URIRef("http://www.w3.org/ns/sparql-service-description#Service")) in graph


def test_service_description_lists_the_predeclared_prefixes(web_server):
    from kg.namespaces import PREFIXES

    graph = Graph().parse(data=requests.get(web_server + "/sparql", headers={"Accept": "text/turtle"}).text,
                          format="turtle")
    rows = graph.query("""PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?prefix ?ns WHERE { ?service sh:declare [ sh:prefix ?prefix ; sh:namespace ?ns ] }""")
    assert {str(r.prefix): str(r.ns) for r in rows} == PREFIXES


# --- negative tests: 4xx with a message, and the service keeps answering --------

def test_bad_query_method(web_server):
    """bad_query_method: PUT is not a query operation."""
    response = requests.put(web_server + "/sparql", params={"query": "ASK {}"})
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"] and "POST" in response.headers["Allow"]


def test_bad_multiple_queries(web_server):
    """bad_multiple_queries: two query parameters."""
    response = requests.get(web_server + "/sparql", params=[("query", "ASK {}"), ("query", "SELECT * {}")])
    assert response.status_code == 400
    assert "one query per request" in response.text


def test_bad_query_wrong_media_type(web_server):
    """bad_query_wrong_media_type: POST with text/plain."""
    response = requests.post(web_server + "/sparql", data=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert "application/sparql-query" in response.text


def test_bad_query_missing_form_type(web_server):
    """bad_query_missing_form_type: a URL-encoded body without its media type."""
    response = requests.post(web_server + "/sparql", data=b"query=ASK%20%7B%7D")
    assert "Content-Type" not in response.request.headers
    assert response.status_code == 400
    assert "Content-Type" in response.text


def test_bad_query_missing_direct_type(web_server):
    """bad_query_missing_direct_type: a SPARQL body without its media type."""
    response = requests.post(web_server + "/sparql", data=b"ASK {}")
    assert response.status_code == 400


def test_bad_query_non_utf8(web_server):
    """bad_query_non_utf8: a direct POST in UTF-16."""
    response = requests.post(web_server + "/sparql", data="ASK {}".encode("utf-16"),
                             headers={"Content-Type": "application/sparql-query; charset=UTF-16"})
    assert response.status_code == 400
    assert "UTF-8" in response.text
    undeclared = requests.post(web_server + "/sparql", data="ASK {}".encode("utf-16"), headers=DIRECT)
    assert undeclared.status_code == 400


def test_bad_query_syntax(web_server):
    """bad_query_syntax: a malformed query is 400 with the parser's message."""
    response = requests.get(web_server + "/sparql", params={"query": "ASK {"})
    assert response.status_code == 400
    assert response.text.startswith("malformed SPARQL")
    assert len(response.text.strip().splitlines()) == 1


@pytest.mark.parametrize("how", ["get", "form", "direct", "query"])
def test_updates_are_refused(web_server, how):
    """bad_update_get and friends: this endpoint is read-only, whichever way an update comes."""
    url = web_server + "/sparql"
    update = "INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }"
    if how == "get":
        response = requests.get(url, params={"update": update})
    elif how == "form":
        response = requests.post(url, data={"update": update})
    elif how == "direct":
        response = requests.post(url, data=update.encode(), headers={"Content-Type": "application/sparql-update"})
    else:
        response = requests.post(url, data={"query": update})
    assert response.status_code == 403
    assert "read-only" in response.text
    count = requests.get(url, params={"query": "ASK { <http://example.org/s> ?p ?o }"})
    assert boolean(count) is False


def test_not_acceptable(web_server):
    response = requests.get(web_server + "/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert response.status_code == 406


def test_bad_dataset_iri(web_server):
    response = requests.get(web_server + "/sparql", params={"query": "ASK {}", "default-graph-uri": "not an iri"})
    assert response.status_code == 400
    assert "absolute IRI" in response.text


def test_body_too_large(web_server):
    response = requests.post(web_server + "/sparql", data=b"#" * (2 << 20) + b"\nASK {}", headers=DIRECT)
    assert response.status_code == 413
    assert boolean(requests.get(web_server + "/sparql", params={"query": "ASK {}"})) is True


def test_json_results_match_a_local_query(web_server, icap_store):
    from kg.query import run_query
    from kg.store import Store

    query = "SELECT ?s ?start WHERE { ?s ets:startYear ?start } ORDER BY ?s ?start"
    remote = requests.get(web_server + "/sparql", params={"query": query}).json()
    local = json.loads(run_query(Store(icap_store).current(), query).serialize("json"))
    assert remote == local
