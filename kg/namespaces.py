"""IRIs of the graph: the ontology namespace, minted identifiers and the relation table.

Everything that turns a name (a document id, a passage id, a relation of
``ingest.model.GraphFact``) into an IRI, or back, lives here so that the
loader, the exporter and the documentation agree on one scheme:

- ``ETS``   https://etskg.org/ontology#      classes and properties
- ``ID``    https://etskg.org/id/            entities (minted by the ingest
  pipeline, e.g. ``id/system/korea``), ``id/doc/<doc>``, ``id/graph/<doc>``,
  ``id/passage/<passage id>``, ``id/assertion/<hash>``
- ``https://etskg.org/vocab/<scheme>/<value>`` SKOS concepts whose local name
  is the normalized value itself (``vocab/status/in_force``), so that values
  convert both ways without a lookup table.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import quote, unquote

from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, Namespace, URIRef

SITE = "https://etskg.org/"  # every IRI the graph mints starts here, and the web service resolves them all
ETS = Namespace(SITE + "ontology#")
ONTOLOGY = URIRef(SITE + "ontology")  # the owl:Ontology, also the name of its graph
ID = Namespace(SITE + "id/")
VOCAB = SITE + "vocab/"
STATUS = Namespace(VOCAB + "status/")
LEVEL = Namespace(VOCAB + "level/")
DESIGN = Namespace(VOCAB + "design/")
SECTOR = Namespace(VOCAB + "sector/")
OFFSET = Namespace(VOCAB + "offset-rule/")


@dataclass(frozen=True)
class Relation:
    """How one relation of ``GraphFact`` is stated in RDF.

    ``kind`` says what the object is: ``entity`` (an IRI minted by ingest),
    ``concept`` (a SKOS concept of ``scheme``), ``year`` (xsd:gYear or
    xsd:gYearMonth) or ``decimal``.
    """

    name: str
    prop: URIRef
    kind: str
    scheme: Namespace | None = None


RELATIONS: dict[str, Relation] = {
    r.name: r
    for r in (
        Relation("jurisdiction", ETS.jurisdiction, "entity"),
        Relation("level", ETS.level, "concept", LEVEL),
        Relation("status", ETS.status, "concept", STATUS),
        Relation("design", ETS.design, "concept", DESIGN),
        Relation("start_year", ETS.startYear, "year"),
        Relation("linked_with", ETS.linkedWith, "entity"),
        Relation("linkage_planned", ETS.linkagePlanned, "entity"),
        # A link that a document says ended: history only, never part of a view (kg/views.py).
        Relation("linkage_ended", ETS.linkageEnded, "entity"),
        Relation("sector", ETS.coversSector, "concept", SECTOR),
        Relation("offset_rule", ETS.offsetRule, "concept", OFFSET),
        Relation("offset_limit_pct", ETS.offsetLimitPct, "decimal"),
    )
}
RELATION_OF_PROPERTY: dict[URIRef, Relation] = {r.prop: r for r in RELATIONS.values()}

# Prefixes offered to every SPARQL query and used when printing terms, so that
# ad-hoc queries on the command line need no PREFIX lines.
PREFIXES: dict[str, str] = {
    "ets": str(ETS),
    "id": str(ID),
    "sys": str(ID) + "system/",
    "jur": str(ID) + "jurisdiction/",
    "doc": str(ID) + "doc/",
    "graph": str(ID) + "graph/",
    "passage": str(ID) + "passage/",
    "ets-status": str(STATUS),
    "ets-level": str(LEVEL),
    "ets-design": str(DESIGN),
    "ets-sector": str(SECTOR),
    "ets-offset": str(OFFSET),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
}


def _segment(name: str) -> str:
    # Ids are file stems and "<doc>:pNNN"; quote anything else an IRI cannot hold.
    return quote(name, safe=":-._~")


def doc_iri(doc: str) -> URIRef:
    return ID["doc/" + _segment(doc)]


def graph_iri(doc: str) -> URIRef:
    """The named graph holding everything document ``doc`` states."""
    return ID["graph/" + _segment(doc)]


def doc_of_graph(graph: str) -> str | None:
    """The document id of a per-document graph IRI, None for any other graph."""
    prefix = str(ID) + "graph/"
    return unquote(graph[len(prefix):]) if graph.startswith(prefix) else None


def doc_id(iri: str) -> str:
    """The document id of a document IRI (inverse of :func:`doc_iri`)."""
    return unquote(iri.removeprefix(str(ID) + "doc/"))


def passage_iri(passage_id: str) -> URIRef:
    return ID["passage/" + _segment(passage_id)]


def concept_iri(relation: str, value: str) -> URIRef:
    scheme = RELATIONS[relation].scheme
    return scheme[_segment(value)]


def concept_value(iri: str) -> str:
    """The normalized value a concept IRI stands for (its last path segment)."""
    return unquote(iri.rsplit("/", 1)[-1])


def assertion_iri(subject: str, relation: str, value: str, doc: str, start: int, end: int) -> URIRef:
    """A stable IRI for one document's statement of one fact.

    Hashing the statement and its span keeps the IRI identical across
    rebuilds, so links to an assertion survive a re-ingest.
    """
    key = "\x1f".join((subject, relation, value, doc, str(start), str(end)))
    return ID["assertion/" + hashlib.sha1(key.encode()).hexdigest()[:20]]


def short(term) -> str:
    """A compact rendering of an RDF term for people: ``ets:status``, ``"韩国"@zh``, ``2015``.

    Accepts rdflib and pyoxigraph terms alike (both expose the IRI through
    ``str()`` or ``.value``).
    """
    if term is None:
        return ""
    value = getattr(term, "value", None)
    text = str(term) if value is None or not isinstance(value, str) else value
    kind = type(term).__name__
    if kind in ("URIRef", "NamedNode"):
        best = max((p for p, ns in PREFIXES.items() if text.startswith(ns)), key=lambda p: len(PREFIXES[p]), default=None)
        rest = text[len(PREFIXES[best]):] if best else ""
        if best and rest and all(c.isalnum() or c in "-_." for c in rest):
            return f"{best}:{rest}"
        return f"<{text}>"
    if kind in ("BNode", "BlankNode"):
        return f"_:{text}"
    language = getattr(term, "language", None)
    return f'"{text}"@{language}' if language else text
