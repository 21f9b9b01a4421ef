"""Turn an ``ingest.model.Ingested`` into quads and bulk-load them into a generation.

Each document's statements go into its own named graph (``id/graph/<doc>``):
its ``ets:Document`` record, its passages, the entity labels written in its
language, and every fact it states, as a plain triple (``sys:korea
ets:status ets-status:in_force``) plus an ``ets:Assertion`` node carrying the
evidence span. docs/graph-model.md shows the result on an example.

Quads are built as pyoxigraph terms and streamed to the Oxigraph bulk loader
in one call: adding them one by one through rdflib would run the store's
Python-side bookkeeping for every triple.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox
from rdflib import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ingest.bulk import no_cycle_collection
from kg import views
from ingest.model import Entity, Evidence, GraphFact, Ingested
from kg.namespaces import (
    ETS,
    ONTOLOGY,
    RELATIONS,
    assertion_iri,
    concept_iri,
    doc_iri,
    graph_iri,
    passage_iri,
)

ONTOLOGY_FILE = Path(__file__).with_name("ontology.ttl")
_YEAR = re.compile(r"\d{4}")
_YEAR_MONTH = re.compile(r"\d{4}-\d{2}")
_KIND_CLASS = {"System": ETS.System, "Jurisdiction": ETS.Jurisdiction}


def _iri(term) -> ox.NamedNode:
    return ox.NamedNode(str(term))


def _typed(value: str, datatype) -> ox.Literal:
    return ox.Literal(value, datatype=_iri(datatype))


def value_term(relation: str, value: str) -> ox.NamedNode | ox.Literal:
    """The RDF object for a fact's normalized value.

    Values outside the expected form are still written (a start year "20x5"
    becomes a plain string, an unknown status a concept outside the scheme),
    so that validation reports them instead of the loader hiding them.
    """
    kind = RELATIONS[relation].kind
    if kind == "entity":
        return ox.NamedNode(value)
    if kind == "concept":
        return _iri(concept_iri(relation, value))
    if kind == "year":
        if _YEAR.fullmatch(value):
            return _typed(value, XSD.gYear)
        if _YEAR_MONTH.fullmatch(value):
            return _typed(value, XSD.gYearMonth)
        return ox.Literal(value)
    return _typed(value.strip(), XSD.decimal)


def date_term(date: str) -> ox.Literal:
    """A publication date as xsd:date, xsd:gYearMonth or xsd:gYear, by how much of it is known."""
    kind = {1: XSD.gYear, 2: XSD.gYearMonth, 3: XSD.date}[len(date.split("-"))]
    return _typed(date, kind)


@dataclass
class _Passages:
    """Passage spans of one document, to find the passage an evidence span sits in."""

    starts: list[int]
    spans: list[tuple[int, int, str]]

    def containing(self, start: int) -> str | None:
        i = bisect.bisect_right(self.starts, start) - 1
        if i >= 0 and start < self.spans[i][1]:
            return self.spans[i][2]
        return None


class _Builder:
    """Collects the quads of one Ingested; one method per kind of record."""

    def __init__(self, ingested: Ingested):
        self.ingested = ingested
        self.quads: list[ox.Quad] = []
        self.lang_of = {d.doc: d.lang for d in ingested.documents}
        by_doc: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for p in ingested.passages:
            by_doc[p.doc].append((p.start, p.end, p.id))
        self.passages = {}
        for doc, spans in by_doc.items():
            spans.sort()
            self.passages[doc] = _Passages([s for s, _, _ in spans], spans)
        self.docs_of = self._entity_docs()

    def add(self, s, p, o, doc: str) -> None:
        s = s if isinstance(s, ox.NamedNode) else _iri(s)
        o = o if isinstance(o, (ox.NamedNode, ox.Literal)) else _iri(o)
        self.quads.append(ox.Quad(s, _iri(p), o, _iri(graph_iri(doc))))

    def documents(self) -> None:
        for d in self.ingested.documents:
            node = doc_iri(d.doc)
            self.add(node, RDF.type, ETS.Document, d.doc)
            self.add(node, DCTERMS.identifier, ox.Literal(d.doc), d.doc)
            self.add(node, DCTERMS.language, ox.Literal(d.lang), d.doc)
            self.add(node, RDFS.label, ox.Literal(d.doc), d.doc)
            self.add(node, ETS.sha1, ox.Literal(d.sha1), d.doc)
            self.add(node, ETS.chars, ox.Literal(d.chars), d.doc)
            self.add(node, ETS.sourcePath, ox.Literal(d.path), d.doc)
            self.add(node, ETS.sourceFormat, ox.Literal(d.format), d.doc)
            if d.date:
                self.add(node, DCTERMS.issued, date_term(d.date), d.doc)
            if d.series:
                self.add(node, ETS.series, ox.Literal(d.series), d.doc)
                self.add(node, ETS.edition, ox.Literal(d.edition), d.doc)

    def passage_records(self) -> None:
        for p in self.ingested.passages:
            node = passage_iri(p.id)
            self.add(node, RDF.type, ETS.Passage, p.doc)
            self.add(node, ETS.inDocument, doc_iri(p.doc), p.doc)
            self.add(node, DCTERMS.language, ox.Literal(p.lang), p.doc)
            self.add(node, ETS.section, ox.Literal(p.section), p.doc)
            self.add(node, ETS.start, ox.Literal(p.start), p.doc)
            self.add(node, ETS.end, ox.Literal(p.end), p.doc)
            self.location(node, p, p.doc)
            if p.heading:
                self.add(node, ETS.heading, ox.Literal(p.heading), p.doc)
            for other in p.aligned:
                self.add(node, ETS.alignedWith, passage_iri(other), p.doc)
            for entity in p.entities:
                self.add(node, ETS.mentions, ox.NamedNode(entity), p.doc)

    def location(self, node, record, doc: str) -> None:
        """Where a passage or evidence span sits in a PDF (page) or HTML page (element)."""
        if record.page is not None:
            self.add(node, ETS.page, ox.Literal(record.page), doc)
        if record.element:
            self.add(node, ETS.element, ox.Literal(record.element), doc)

    def _entity_docs(self) -> dict[str, list[str]]:
        """The documents each entity is stated in: its passages, the facts about or naming it.

        A jurisdiction also belongs to every document of the systems it runs.
        An entity with no trace in any document falls back to all documents
        of the ingest, since it can only have come from them.
        """
        docs: dict[str, set[str]] = defaultdict(set)
        for e in self.ingested.entities:
            docs[e.iri].update(pid.split(":", 1)[0] for pid in e.passages)
        for f in self.ingested.facts:
            for ev in f.evidence:
                docs[f.subject].add(ev.doc)
                if RELATIONS[f.relation].kind == "entity":
                    docs[f.value].add(ev.doc)
        for e in self.ingested.entities:
            if e.jurisdiction:
                docs[e.jurisdiction].update(docs[e.iri])
        everything = [d.doc for d in self.ingested.documents]
        return defaultdict(lambda: everything, {iri: sorted(found) for iri, found in docs.items() if found})

    def entities(self) -> None:
        for e in self.ingested.entities:
            docs = self.docs_of[e.iri]
            for doc in docs:
                self.add(e.iri, RDF.type, _KIND_CLASS[e.kind], doc)
                if e.jurisdiction:
                    self.add(e.iri, ETS.jurisdiction, ox.NamedNode(e.jurisdiction), doc)
                if e.region:
                    self.add(e.iri, ETS.region, ox.Literal(e.region), doc)
            for pid in e.passages:
                self.add(e.iri, ETS.describedIn, passage_iri(pid), pid.split(":", 1)[0])
            self.names(e, docs)

    def names(self, e: Entity, docs: list[str]) -> None:
        # A name in language L is what the documents in L call the entity; a
        # name in a language none of its documents is written in (e.g. a
        # translation from the place vocabulary) is filed with all of them.
        def targets(lang: str) -> list[str]:
            return [d for d in docs if self.lang_of.get(d) == lang] or docs

        for lang, label in e.labels.items():
            for doc in targets(lang):
                self.add(e.iri, RDFS.label, ox.Literal(label, language=lang), doc)
        for lang, names in e.aliases.items():
            for doc in targets(lang):
                for name in names:
                    self.add(e.iri, SKOS.altLabel, ox.Literal(name, language=lang), doc)

    def facts(self) -> None:
        for f in self.ingested.facts:
            relation = RELATIONS[f.relation]
            obj = value_term(f.relation, f.value)
            # A fact without evidence is filed with the documents of its subject.
            docs = sorted({ev.doc for ev in f.evidence}) or self.docs_of[f.subject]
            for doc in docs:
                self.add(f.subject, relation.prop, obj, doc)
                if relation.prop in (ETS.linkedWith, ETS.linkageEnded):
                    # Symmetric: state the other direction too, so that a query
                    # needs no reasoner to find the link from either side.
                    self.add(f.value, relation.prop, ox.NamedNode(f.subject), doc)
            for ev in f.evidence:
                self.assertion(f, relation.prop, obj, ev)

    def assertion(self, f: GraphFact, prop, obj, ev: Evidence) -> None:
        node = _iri(assertion_iri(f.subject, f.relation, f.value, ev.doc, ev.start, ev.end))
        doc = ev.doc
        self.add(node, RDF.type, ETS.Assertion, doc)
        self.add(node, RDF.subject, f.subject, doc)
        self.add(node, RDF.predicate, prop, doc)
        self.add(node, RDF.object, obj, doc)
        self.add(node, PROV.wasDerivedFrom, doc_iri(doc), doc)
        self.add(node, ETS.start, ox.Literal(ev.start), doc)
        self.add(node, ETS.end, ox.Literal(ev.end), doc)
        self.add(node, ETS.evidenceText, ox.Literal(ev.text), doc)
        self.location(node, ev, doc)
        if ev.method:
            self.add(node, ETS.method, ox.Literal(ev.method), doc)
        passages = self.passages.get(doc)
        passage = passages.containing(ev.start) if passages else None
        if passage:
            self.add(node, ETS.inPassage, passage_iri(passage), doc)


def ingested_quads(ingested: Ingested) -> Iterator[ox.Quad]:
    """All quads of an ingest run, each in the named graph of the document that states it.

    A generator, made one kind of record at a time: fed to
    ``Store.bulk_extend``, the loader sorts and writes each full batch of a
    million quads in its own threads while Python makes the next ones, and
    the whole list is never held (bench/README.md "Growth").
    """
    with no_cycle_collection():
        builder = _Builder(ingested)
        for make in (builder.documents, builder.passage_records, builder.entities, builder.facts):
            make()
            yield from builder.quads
            builder.quads.clear()


def load_ontology(store: ox.Store) -> None:
    """(Re)load kg/ontology.ttl into its own named graph."""
    graph = _iri(ONTOLOGY)
    if store.contains_named_graph(graph):
        store.remove_graph(graph)
    store.load(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE, to_graph=graph)


def refresh_merge(store: ox.Store, keep_default: bool = False) -> None:
    """Rewrite the store's default graph as the RDF merge of all named graphs, facts as the current view.

    Queries without ``GRAPH`` read the default graph, so it must hold every
    document's statements, each triple once. Oxigraph 0.5's own
    ``use_default_graph_as_union`` returns a triple once per graph that holds
    it (oxigraph#1919), which would double every COUNT over facts stated in
    both editions of a report; a materialized merge has set semantics.
    ``keep_default`` adds to what the default graph already holds (data
    that came with its own default graph) instead of replacing it.

    Facts about systems (and their region) are not merged: each document's
    graph keeps what it stated, and the default graph holds the current
    view of kg/views.py, so that a 2026 edition's status replaces the 2025
    one instead of standing beside it.
    """
    if not keep_default:
        store.clear_graph(ox.DefaultGraph())
    dated = views.view(views.statements(store))
    viewed = {_iri(p) for p in views.VIEW_PROPERTIES}
    # Streamed, no Python set: the default graph is a set of triples by
    # itself, so a triple stated in several graphs is stored once (a set of
    # 11 M triples took GBs and most of a 1000x commit).
    with no_cycle_collection():
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object)
                          for q in store.quads_for_pattern(None, None, None)
                          if q.graph_name != ox.DefaultGraph() and q.predicate not in viewed)
    store.bulk_extend(ox.Quad(s, p, o) for s, p, o in dated.triples)
    store.bulk_extend(ox.Quad(s, _iri(ETS.inConflict), p) for s, p, _ in dated.conflicts)


def load_ingested(gen, ingested: Ingested) -> None:
    """Load an ingest run into a generation that is being built.

    The graphs of the documents in ``ingested`` are replaced, the graphs of
    other documents (inherited from the previous generation) are kept: that
    is how a second report is added without touching the first. The merged
    default graph is not made here: ``Generation.oxigraph`` makes it once per
    build, at the first read or at the commit, after every load.
    """
    store = gen.writable()
    for d in ingested.documents:
        graph = _iri(graph_iri(d.doc))
        if store.contains_named_graph(graph):
            store.remove_graph(graph)
    store.bulk_extend(ingested_quads(ingested))
