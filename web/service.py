"""The SPARQL 1.1 Service Description of the endpoint, as an RDF graph.

Served at GET /sparql without a query to clients asking for RDF, so that a
SPARQL client can discover the endpoint's language (query only, no update),
result formats and dataset (the default graph is the union of the named
graphs, one per source document, plus the ontology graph), where to download
all of it (``void:dataDump``), and the prefixes every query may use without
declaring them, as SHACL prefix declarations (``sh:declare``, the vocabulary
other endpoints such as UniProt's use for this).
"""
from __future__ import annotations

from rdflib import RDF, SH, XSD, BNode, Graph, Literal, Namespace, URIRef

from kg.namespaces import PREFIXES

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
VOID = Namespace("http://rdfs.org/ns/void#")
ENTAILMENT = URIRef("http://www.w3.org/ns/entailment/Simple")
_RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                   "Turtle", "N-Triples", "N-Quads", "TriG", "JSON-LD", "RDF_XML")


def service_description(endpoint: str, dump: str, stats: dict) -> Graph:
    """The description of the endpoint at ``endpoint`` with its data dump at ``dump``.

    ``stats`` is ``kg.export.stats`` of the live generation.
    """
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("void", VOID)
    graph.bind("formats", FORMATS)
    graph.bind("sh", SH)
    service = URIRef(endpoint)
    for prefix, namespace in PREFIXES.items():
        declaration = BNode()
        graph.add((service, SH.declare, declaration))
        graph.add((declaration, SH.prefix, Literal(prefix)))
        graph.add((declaration, SH.namespace, Literal(namespace, datatype=XSD.anyURI)))
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    graph.add((service, SD.defaultEntailmentRegime, ENTAILMENT))
    for name in _RESULT_FORMATS:
        graph.add((service, SD.resultFormat, FORMATS[name]))
    dataset, default = BNode(), BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, VOID.dataDump, URIRef(dump)))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, VOID.triples, Literal(stats["triples"])))
    for name, quads in stats["named_graphs"].items():
        named, described = BNode(), BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
        graph.add((named, SD.graph, described))
        graph.add((described, RDF.type, SD.Graph))
        graph.add((described, VOID.triples, Literal(quads)))
    return graph
