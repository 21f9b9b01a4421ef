"""Real clients against a running `etskg serve` get what a local query gets.

SPARQLWrapper (its whole matrix: every return format of every query form,
GET and POST) and rdflib's SPARQLStore (a Graph backed by the endpoint) are
compared with ``kg.query.run_query`` on the same store. Debian's raptor
(``rapper``) parses every kind of IRI the graph mints in every RDF format the
service offers, and Oxigraph's own CLI (``oxigraph`` from PyPI) loads the
dump and runs the editor's examples as shared, with no predeclared prefixes.
"""
import csv
import io
import json
import shutil
import subprocess
import sys
import warnings
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.query import Result
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, GET, JSON, JSONLD, N3, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from conftest import ROOT
from kg.export import stats
from web.examples import EXAMPLES

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


# --- SPARQLWrapper's 28 cases: SELECT in 4 formats, ASK in 2, CONSTRUCT and DESCRIBE in 4, by GET and POST ---
ASK = PREFIXES + "ASK { ?s ets:status ets-status:in_force }"
DESCRIBE = "DESCRIBE <https://etskg.org/id/system/korea>"


def wrapper(web_server, query, fmt, method):
    """What SPARQLWrapper's ``convert()`` gives for ``query`` asked in ``fmt`` by ``method``."""
    client = SPARQLWrapper(web_server + "/sparql")
    client.setMethod(method)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    with warnings.catch_warnings():  # SPARQLWrapper only warns when the answer is not the format it asked for
        warnings.simplefilter("error", RuntimeWarning)
        return client.query().convert()


def _graph_of(converted, fmt):
    if fmt == RDFXML:
        return converted  # SPARQLWrapper parses RDF/XML into an rdflib Graph itself
    if fmt == JSONLD:
        return converted if isinstance(converted, Graph) else Graph().parse(data=converted, format="json-ld")
    return Graph().parse(data=converted, format="turtle")  # Turtle and N3 answers are Turtle


@pytest.mark.parametrize("method", [GET, POST])
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select_every_format(web_server, local, method, fmt):
    converted = wrapper(web_server, SELECT, fmt, method)
    expected = local(SELECT)
    want = [tuple("" if t is None else str(t) for t in row) for row in local_rows(expected)]
    if fmt == JSON:
        got = [tuple(b.get(v, {}).get("value", "") for v in expected.vars) for b in converted["results"]["bindings"]]
    elif fmt == XML:
        got = []
        for result in converted.getElementsByTagName("result"):
            values = {b.getAttribute("name"): b.firstChild.firstChild.data
                      for b in result.getElementsByTagName("binding")}
            got.append(tuple(values.get(v, "") for v in expected.vars))
    elif fmt == CSV:
        rows = list(csv.reader(io.StringIO(converted.decode())))
        assert rows[0] == expected.vars
        got = [tuple(row) for row in rows[1:]]
    else:  # TSV writes terms in SPARQL syntax: rdflib reads them back into terms
        parsed = Result.parse(io.BytesIO(converted), format="tsv")
        assert [str(v) for v in parsed.vars] == expected.vars
        got = [tuple("" if t is None else str(t) for t in row) for row in parsed]
    assert got == want and len(got) > 20 and any("碳市场" in row[1] for row in got)


@pytest.mark.parametrize("method", [GET, POST])
@pytest.mark.parametrize("fmt", [JSON, XML])
def test_sparqlwrapper_ask_every_format(web_server, method, fmt):
    converted = wrapper(web_server, ASK, fmt, method)
    value = converted["boolean"] if fmt == JSON else converted.getElementsByTagName("boolean")[0].firstChild.data
    assert value in (True, "true")


@pytest.mark.parametrize("method", [GET, POST])
@pytest.mark.parametrize("fmt", [TURTLE, RDFXML, N3, JSONLD])
@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE], ids=["construct", "describe"])
def test_sparqlwrapper_graphs_every_format(web_server, local, method, fmt, query):
    converted = wrapper(web_server, query, fmt, method)
    assert set(_graph_of(converted, fmt)) == set(local(query).graph)
    assert len(local(query).graph) >= 4


# --- raptor parses every IRI's description in every format it reads ---------------
RAPPER_FORMATS = {"turtle": "turtle", "nt": "ntriples", "nquads": "nquads", "trig": "trig", "rdf+xml": "rdfxml"}


def _iris(web_server):
    """One IRI of each kind the graph mints or uses from its vocabulary, found through the endpoint."""
    query = PREFIXES + """PREFIX prov: <http://www.w3.org/ns/prov#>
    SELECT ?system ?jurisdiction ?doc ?passage ?assertion ?concept WHERE {
      ?assertion a ets:Assertion ; rdf:subject ?system ; prov:wasDerivedFrom ?doc ; ets:inPassage ?passage .
      ?system ets:jurisdiction ?jurisdiction ; ets:status ?concept .
    } LIMIT 1""".replace("PREFIX prov", "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\nPREFIX prov")
    answer = requests.get(web_server + "/sparql", params={"query": query, "format": "json"}).json()
    row = answer["results"]["bindings"][0]
    found = [b["value"] for b in row.values()]
    graphs = requests.get(web_server + "/sparql", params={
        "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g", "format": "json"}).json()
    found += [b["g"]["value"] for b in graphs["results"]["bindings"]]  # per-document graphs and the ontology
    found += ["https://etskg.org/vocab/status", "https://etskg.org/ontology#System"]
    return found


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper is not installed (apt-get install raptor2-utils)")
def test_every_kind_of_iri_resolves_in_every_format(web_server):
    iris = _iris(web_server)
    kinds = {iri.split("/")[3].split("#")[0] + ("/" + iri.split("/")[4] if "/id/" in iri else "") for iri in iris}
    assert {"id/system", "id/jurisdiction", "id/doc", "id/passage", "id/assertion", "id/graph", "vocab",
            "ontology"} <= kinds
    for iri in iris:
        url = web_server + "/" + iri.split("/", 3)[3].split("#")[0]
        counts = set()
        for fmt, raptor in RAPPER_FORMATS.items():
            response = requests.get(url, params={"format": fmt})
            assert response.status_code == 200, (url, fmt, response.text)
            parsed = subprocess.run(["rapper", "-i", raptor, "-c", "-", iri], input=response.content,
                                    capture_output=True, text=False, timeout=60)
            assert parsed.returncode == 0, (url, fmt, parsed.stderr.decode())
            counts.add(int(parsed.stderr.decode().split("returned")[1].split()[0]))
        assert len(counts) == 1 and counts.pop() > 0, url  # every format says the same
        jsonld = requests.get(url, headers={
            "Accept": 'application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted"'})
        assert jsonld.status_code == 200 and "@context" in jsonld.json()
        assert len(Graph().parse(data=jsonld.text, format="json-ld")) > 0
        page = requests.get(url, headers={"Accept": "text/html"})
        assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")


# --- the dump, loaded by Oxigraph's own CLI ------------------------------------------
oxigraph_cli = pytest.mark.skipif(shutil.which("oxigraph") is None,
                                  reason="oxigraph CLI missing (pip install oxigraph)")


def oxigraph_count(db, query: str) -> dict[str, int]:
    """``graph -> count`` from a SELECT ?g ?n run by Oxigraph's CLI on database ``db``."""
    answer = subprocess.run(["oxigraph", "query", "--location", str(db), "--results-format", "json", "--query", query],
                            check=True, timeout=300, capture_output=True, text=True).stdout
    rows = json.loads(answer)["results"]["bindings"]
    return {row["g"]["value"] if "g" in row else "": int(row["n"]["value"]) for row in rows}


@oxigraph_cli
@pytest.mark.parametrize("fmt,ext", [("nquads", "nq"), ("trig", "trig")])
def test_dump_loads_into_oxigraph_with_every_quad(icap_store, tmp_path, fmt, ext):
    out = tmp_path / f"dump.{ext}"
    subprocess.run([sys.executable, str(ROOT / "etskg.py"), "dump", "--store", str(icap_store), "--format", fmt,
                    "-o", str(out)], check=True, timeout=300)
    db = tmp_path / "ox"
    subprocess.run(["oxigraph", "load", "--location", str(db), "--file", str(out)], check=True, timeout=300,
                   capture_output=True)
    from kg.store import Store

    expected = stats(Store(icap_store).current())
    named = oxigraph_count(db, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert named == expected["named_graphs"] and sum(named.values()) == expected["quads"] > 1000
    default = oxigraph_count(db, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")  # Oxigraph's own default graph
    assert default == {"": expected["triples"]}


@oxigraph_cli
def test_dump_from_the_service_and_its_link(web_server, icap_store):
    response = requests.get(web_server + "/dump")
    assert response.headers["Content-Type"] == "application/n-quads"
    from kg.store import Store

    expected = stats(Store(icap_store).current())
    assert len(response.content.splitlines()) == expected["quads"] + expected["triples"]
    description = Graph().parse(data=requests.get(web_server + "/sparql", headers={"Accept": "text/turtle"}).text,
                                format="turtle")
    dumps = list(description.objects(None, URIRef("http://rdfs.org/ns/void#dataDump")))
    assert [str(d) for d in dumps] == [web_server + "/dump"]


@oxigraph_cli
def test_examples_and_share_links_run_elsewhere_as_given(web_server, icap_store, tmp_path):
    """Oxigraph predeclares no prefixes: every example, as offered, must carry its own, and gets etskg's answer."""
    db = tmp_path / "ox"
    out = tmp_path / "dump.nq"
    subprocess.run([sys.executable, str(ROOT / "etskg.py"), "dump", "--store", str(icap_store), "-o", str(out)],
                   check=True, timeout=300)
    subprocess.run(["oxigraph", "load", "--location", str(db), "--file", str(out)], check=True, timeout=300,
                   capture_output=True)
    for example in EXAMPLES:
        graph = "CONSTRUCT" in example.query
        ran = subprocess.run(["oxigraph", "query", "--location", str(db), "--results-format", "nt" if graph else "json",
                              "--query", example.query], capture_output=True, text=True, timeout=120)
        assert ran.returncode == 0, (example.key, ran.stderr)
        ours = requests.get(web_server + "/sparql", params={"query": example.query},
                            headers={"Accept": "application/n-triples" if graph else "application/sparql-results+json"})
        if graph:
            assert set(Graph().parse(data=ran.stdout, format="nt")) == set(Graph().parse(data=ours.text, format="nt"))
        else:
            theirs, mine = json.loads(ran.stdout), ours.json()
            assert theirs.get("boolean") == mine.get("boolean"), example.key
            if "results" in mine:
                assert _bag(theirs) == _bag(mine), example.key
    page = requests.get(web_server + "/sparql", params={"query": "SELECT ?s WHERE { ?s a ets:System }"},
                        headers={"Accept": "text/html"})
    share = parse_qs(urlsplit(_link(page.text, "share")).query)["query"][0]
    assert share.startswith("PREFIX ets: <https://etskg.org/ontology#>\nSELECT")


def _bag(results: dict) -> list[str]:
    return sorted(json.dumps(b, sort_keys=True) for b in results["results"]["bindings"])


def _link(html: str, element_id: str) -> str:
    found = []

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if attrs.get("id") == element_id:
                found.append(attrs["href"])

    Links().feed(html)
    return found[0]
