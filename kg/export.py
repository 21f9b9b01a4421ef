"""Read the graph back as plain records: the fact file the scorer reads, statistics, tables.

- ``export_facts(gen)``: one dict per fact, in the format of the evaluation
  README ("Output formats"): ``{"subject": ENTITY, "relation", "value",
  "evidence": {"doc", "start", "end", "text"}}`` (plus ``"page"``, 1-based, for
  a PDF source and ``"element"`` for an HTML one) with ``ENTITY = {"iri",
  "labels": {"zh", "en"}}``; the value is an ENTITY for jurisdiction,
  linked_with and linkage_planned. A fact stated by several documents is
  one line, with the evidence of the latest document stating it (then by
  document id and offset). The default graph is the current view
  (kg/views.py); ``as_of="2025-12-31"`` exports the view at that date.
- ``history(gen)``: every dated statement of every document, with its
  evidence, the statements later superseded and ended links included;
  ``statements(gen)`` the same with every evidence span and whether the
  fact holds now (the system page's timeline);
- ``changes(gen, earlier, later)``: per system and relation, what differs
  between the views at two dates, with evidence (the web's changes page).
- ``stats(gen)``, ``entity(gen, iri)``, ``systems_table(gen)`` for the CLI,
  the web front end and Q&A.
- ``dump(gen, fmt)``: every quad of the generation as N-Quads or TriG, for
  loading into another store (``etskg dump``, ``/dump``): the named graphs
  (``stats``'s ``named_graphs``, ``quads`` in all) and the default graph,
  which is the current view (``kg.views``) and cannot be rebuilt by a union
  of the named graphs (``stats``'s ``triples``).

These are trusted, fixed queries, run in-process through rdflib on the
Oxigraph store (``gen.graph()``), without the worker processes and time
limit that guard ad-hoc queries in ``kg.query``. For a generation on an
external SPARQL store ``gen.graph()`` sends the same queries to the server.
"""
from __future__ import annotations

import json
from collections import defaultdict
from itertools import chain
from typing import Iterator

import pyoxigraph as ox
from rdflib import RDFS, Dataset

from kg import views
from kg.namespaces import ETS, PREFIXES, RELATION_OF_PROPERTY, RELATIONS, concept_value, doc_id

DUMP_FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}

_FACT_PROPERTIES = " ".join(f"<{r.prop}>" for r in RELATIONS.values())

_FACTS = f"""
SELECT ?s ?p ?o WHERE {{
  VALUES ?p {{ {_FACT_PROPERTIES} }}
  ?s a ets:System ; ?p ?o .
}}"""

_EVIDENCE = """
SELECT ?s ?p ?o ?d ?start ?end ?text ?method ?passage ?page ?element WHERE {
  ?a a ets:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
     prov:wasDerivedFrom ?d ; ets:start ?start ; ets:end ?end ; ets:evidenceText ?text .
  OPTIONAL { ?a ets:method ?method }
  OPTIONAL { ?a ets:inPassage ?passage }
  OPTIONAL { ?a ets:page ?page }
  OPTIONAL { ?a ets:element ?element }
}"""

_KINDS = "SELECT ?e ?kind WHERE { VALUES ?kind { ets:System ets:Jurisdiction } ?e a ?kind }"

_NAMES = """
SELECT ?e ?p ?name WHERE {
  VALUES ?kind { ets:System ets:Jurisdiction }
  VALUES ?p { rdfs:label skos:altLabel }
  ?e a ?kind ; ?p ?name .
}"""


class _Reader:
    """The facts, evidence and names of one generation, fetched once."""

    def __init__(self, gen):
        self.gen = gen
        self.graph: Dataset = gen.graph()
        self.kind = {str(r.e): "System" if r.kind == ETS.System else "Jurisdiction" for r in self.graph.query(_KINDS)}
        self.labels: dict[str, dict[str, str]] = defaultdict(dict)
        self.aliases: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        # Sorted so that the label kept for a language does not depend on the
        # order Oxigraph returns them in (two reports may name a system differently).
        for row in sorted(self.graph.query(_NAMES), key=lambda r: (str(r.e), str(r.p), str(r.name))):
            iri, lang = str(row.e), row.name.language or ""
            name = str(row.name)
            if row.p == RDFS.label and lang not in self.labels[iri]:
                self.labels[iri][lang] = name
            elif name not in self.aliases[iri][lang]:
                self.aliases[iri][lang].append(name)  # includes another report's differing label
        # A name that is the preferred label is not also an alias.
        for iri, by_lang in self.aliases.items():
            for lang, names in by_lang.items():
                by_lang[lang] = [n for n in names if n != self.labels[iri].get(lang)]

    def entity_ref(self, iri: str) -> dict:
        return {"iri": iri, "labels": dict(self.labels.get(iri, {}))}

    def dates(self) -> dict[str, str]:
        """Publication date of each document, "" when it has none."""
        found = self.graph.query("SELECT ?id ?date WHERE { ?d a ets:Document ; dcterms:identifier ?id "
                                 "OPTIONAL { ?d dcterms:issued ?date } }")
        return {str(r.id): str(r.date) if r.date is not None else "" for r in found}

    def facts(self, as_of: str = "") -> list[tuple[str, str, object]]:
        """(subject IRI, relation name, object term) for every fact triple of a view, sorted."""
        if as_of:
            triples = views.view(views.statements(self.graph), as_of).triples
        else:
            triples = [(r.s, r.p, r.o) for r in self.graph.query(_FACTS)]
        rows = [(str(s), RELATION_OF_PROPERTY[p].name, o) for s, p, o in triples if p in RELATION_OF_PROPERTY]
        order = list(RELATIONS)
        return sorted(set(rows), key=lambda f: (f[0], order.index(f[1]), str(f[2])))

    def value(self, relation: str, term):
        kind = RELATIONS[relation].kind
        if kind == "entity":
            return self.entity_ref(str(term))
        if kind == "concept":
            return concept_value(str(term))
        return str(term)

    def evidence(self, as_of: str = "") -> dict[tuple[str, str, str], list[dict]]:
        """Evidence per (subject, property, object) of the documents dated up to ``as_of`` (all for ""),
        the latest document first, then by document and offset."""
        dates = self.dates()
        bound = views.date_key(as_of) if as_of else None
        found = defaultdict(list)
        for r in self.graph.query(_EVIDENCE):
            doc = doc_id(str(r.d))
            date = dates.get(doc, "")
            if bound is not None and views.date_key(date) > bound:
                continue
            found[(str(r.s), str(r.p), str(r.o))].append({
                "doc": doc, "date": date, "start": int(r.start), "end": int(r.end), "text": str(r.text),
                "method": str(r.method) if r.method is not None else "",
                "passage": str(r.passage) if r.passage is not None else "",
                **({"page": int(r.page)} if r.page is not None else {}),
                **({"element": str(r.element)} if r.element is not None else {}),
            })
        for spans in found.values():
            spans.sort(key=lambda e: (e["doc"], e["start"], e["end"]))
            spans.sort(key=lambda e: views.date_key(e["date"]), reverse=True)
        return found


def _evidence_for(evidence: dict, subject: str, relation: str, obj) -> list[dict]:
    prop = str(RELATIONS[relation].prop)
    spans = evidence.get((subject, prop, str(obj)), [])
    if not spans and relation in ("linked_with", "linkage_ended"):
        # The loader states a link both ways; the evidence is on the stated direction.
        spans = evidence.get((str(obj), prop, subject), [])
    return spans


def export_facts(gen, as_of: str = "") -> Iterator[dict]:
    """One dict per fact of the current view (or the view at ``as_of``), in the evaluation README's
    format; evidence is None for a fact without any."""
    reader = _Reader(gen)
    evidence = reader.evidence(as_of)
    for subject, relation, obj in reader.facts(as_of):
        spans = _evidence_for(evidence, subject, relation, obj)
        first = {k: spans[0][k] for k in ("doc", "start", "end", "text", "page", "element") if k in spans[0]} if spans else None
        yield {"subject": reader.entity_ref(subject), "relation": relation,
               "value": reader.value(relation, obj), "evidence": first}


def documents(gen) -> list[dict]:
    """The documents of a generation: id, language, sha1, date, series, edition."""
    rows = gen.graph().query("""
        SELECT ?id ?lang ?sha1 ?date ?series ?edition WHERE {
          ?d a ets:Document ; dcterms:identifier ?id ; dcterms:language ?lang .
          OPTIONAL { ?d ets:sha1 ?sha1 } OPTIONAL { ?d dcterms:issued ?date }
          OPTIONAL { ?d ets:series ?series } OPTIONAL { ?d ets:edition ?edition }
        } ORDER BY ?date ?id""")
    return [{"doc": str(r.id), "lang": str(r.lang), "sha1": str(r.sha1 or ""), "date": str(r.date or ""),
             "series": str(r.series or ""), "edition": str(r.edition or "")} for r in rows]


def statements(gen) -> list[dict]:
    """Every dated statement, oldest first: one dict per fact and document, with all that document's
    evidence spans (``_Reader.evidence`` records: doc, date, start, end, text, method, passage) and
    ``current``: whether the fact holds in the current view."""
    reader = _Reader(gen)
    evidence = reader.evidence()
    now = set(reader.facts())
    rows = {}
    for st in views.statements(reader.graph):
        if st.p in RELATION_OF_PROPERTY:
            relation = RELATION_OF_PROPERTY[st.p].name
            spans = [e for e in _evidence_for(evidence, str(st.s), relation, st.o) if e["doc"] == st.doc]
            rows[(str(st.s), relation, str(st.o), st.doc)] = {
                "subject": reader.entity_ref(str(st.s)), "relation": relation, "value": reader.value(relation, st.o),
                "doc": st.doc, "date": st.date, "spans": spans,
                # an ended link holds while the two systems are not linked again
                "current": (str(st.s), "linked_with", st.o) not in now if relation == "linkage_ended"
                else (str(st.s), relation, st.o) in now}
    order = list(RELATIONS)
    return sorted(rows.values(), key=lambda r: (views.date_key(r["date"]), r["doc"], r["subject"]["iri"],
                                                order.index(r["relation"]), json.dumps(r["value"])))


def history(gen) -> Iterator[dict]:
    """Every dated statement: one dict per fact and document, oldest first, with that document's evidence."""
    for row in statements(gen):
        spans = row["spans"]
        yield {key: row[key] for key in ("subject", "relation", "value", "doc", "date")} | {
            "evidence": {k: spans[0][k] for k in ("start", "end", "text")} if spans else None}


def changes(gen, earlier: str, later: str) -> list[dict]:
    """What differs between the view at ``earlier`` and the view at ``later`` (dates), per system and relation.

    One dict per (system, relation) whose values differ: ``change`` is
    "added" (no value before), "removed" (none after) or "changed"; ``values``
    lists every value before or after with its ``state`` ("kept", "added",
    "removed") and evidence: for a value that holds later, the latest
    document's spans by then; for a removed one, the spans that stated it
    and, for a link, the ``linkage_ended`` spans that ended it.
    """
    reader = _Reader(gen)
    before, after = _by_relation(reader.facts(earlier)), _by_relation(reader.facts(later))
    evidence_before, evidence_after = reader.evidence(earlier), reader.evidence(later)
    out = []
    for key in sorted(set(before) | set(after), key=lambda k: (k[0], list(RELATIONS).index(k[1]))):
        subject, relation = key
        old, new = before.get(key, {}), after.get(key, {})
        if set(old) == set(new):
            continue
        values = []
        for text_value, term in sorted((old | new).items()):
            state = "kept" if text_value in old and text_value in new else "added" if text_value in new else "removed"
            latest = evidence_after if state != "removed" else evidence_before
            spans = _evidence_for(latest, subject, relation, term)
            ended = _evidence_for(evidence_after, subject, "linkage_ended", term) if (
                state == "removed" and relation == "linked_with") else []
            values.append({"value": reader.value(relation, term), "state": state,
                           "evidence": _latest_date(spans), "ended": _latest_date(ended)})
        out.append({"subject": reader.entity_ref(subject), "relation": relation,
                    "change": "added" if not old else "removed" if not new else "changed", "values": values})
    return out


def _by_relation(facts) -> dict[tuple[str, str], dict[str, object]]:
    """(subject, relation) -> {value text: term} of a view's facts."""
    grouped: dict[tuple[str, str], dict[str, object]] = defaultdict(dict)
    for subject, relation, term in facts:
        grouped[(subject, relation)][str(term)] = term
    return grouped


def _latest_date(spans: list[dict]) -> list[dict]:
    """The spans of the latest date among ``spans`` (sorted latest first by ``_Reader.evidence``)."""
    return [e for e in spans if e["date"] == spans[0]["date"]] if spans else []


def stats(gen) -> dict:
    """Counts for the CLI: triples, documents, systems, facts by relation, named graphs."""
    reader = _Reader(gen)
    graph = reader.graph
    graphs = {str(r.g): int(r.n) for r in graph.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    documents = sorted(str(r.id) for r in graph.query("SELECT ?id WHERE { ?d a ets:Document ; dcterms:identifier ?id }"))
    facts = reader.facts()
    by_relation: dict[str, int] = {name: 0 for name in RELATIONS}
    for _, relation, _ in facts:
        by_relation[relation] += 1
    assertions = graph.query("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a ets:Assertion }")
    return {
        "generation": gen.name,
        "triples": int(next(iter(graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))).n),
        "quads": sum(graphs.values()),
        "documents": documents,
        "systems": sum(1 for k in reader.kind.values() if k == "System"),
        "jurisdictions": sum(1 for k in reader.kind.values() if k == "Jurisdiction"),
        "facts": len(facts),
        "facts_by_relation": by_relation,
        "assertions": int(next(iter(assertions)).n),
        "named_graphs": dict(sorted(graphs.items())),
    }


def entity(gen, iri: str) -> dict | None:
    """Everything the graph says about one system or jurisdiction, with evidence; None if unknown."""
    reader = _Reader(gen)
    if iri not in reader.kind:
        return None
    evidence = reader.evidence()
    graph = reader.graph
    node = f"<{iri}>"  # a known entity IRI, safe to write into the query
    facts = [
        {"relation": relation, "value": reader.value(relation, obj),
         "evidence": _evidence_for(evidence, subject, relation, obj)}
        for subject, relation, obj in reader.facts() if subject == iri
    ]
    documents = graph.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {node} ?p ?o }} }} ORDER BY ?g")
    passages = graph.query(f"SELECT ?p WHERE {{ {node} ets:describedIn ?p }} ORDER BY ?p")
    systems = graph.query(f"SELECT ?s WHERE {{ ?s ets:jurisdiction {node} }} ORDER BY ?s")
    region = [str(r.r) for r in graph.query(f"SELECT ?r WHERE {{ {node} ets:region ?r }} ORDER BY ?r")]
    return {
        "iri": iri,
        "kind": reader.kind[iri],
        "labels": dict(reader.labels.get(iri, {})),
        "aliases": {lang: names for lang, names in reader.aliases.get(iri, {}).items() if names},
        "region": region[0] if region else "",
        "facts": facts,
        "systems": [reader.entity_ref(str(r.s)) for r in systems],
        "graphs": [str(r.g) for r in documents],
        "passages": [str(r.p) for r in passages],
    }


def systems_table(gen) -> list[dict]:
    """One row per system with its facts as columns (lists where a system may have several values)."""
    reader = _Reader(gen)
    rows: dict[str, dict] = {}
    for iri, kind in sorted(reader.kind.items()):
        if kind == "System":
            rows[iri] = {"iri": iri, "labels": dict(reader.labels.get(iri, {})), "jurisdiction": None,
                         "level": None, "status": None, "design": None, "start_year": None,
                         "sectors": [], "offset_rules": [], "offset_limit_pct": None,
                         "linked_with": [], "linkage_planned": [], "region": ""}
    many = {"sector": "sectors", "offset_rule": "offset_rules", "linked_with": "linked_with",
            "linkage_planned": "linkage_planned"}
    for subject, relation, obj in reader.facts():
        row, value = rows[subject], reader.value(relation, obj)
        if relation in many:
            row[many[relation]].append(value)
        elif row[relation] is None:  # facts() is sorted: the smallest value (earliest year) wins
            row[relation] = value
    for r in reader.graph.query("SELECT ?s ?region WHERE { ?s a ets:System ; ets:region ?region }"):
        rows[str(r.s)]["region"] = str(r.region)
    return list(rows.values())


def dump(gen, fmt: str = "nquads", output=None) -> bytes | None:
    """Every quad in ``fmt`` (``DUMP_FORMATS``): written to the binary file ``output``, else returned."""
    if fmt not in DUMP_FORMATS:
        raise ValueError(f"dump format {fmt!r} is not one of {', '.join(DUMP_FORMATS)}")
    quads = gen.quads()
    remote = None if gen.building else gen.remote
    if remote is not None and remote.merge:
        # On an external store the default graph is the merge graph the queries name.
        quads = chain(quads, (ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                              for q in remote.download(remote.merge)))
    prefixes = PREFIXES if fmt == "trig" else None
    return ox.serialize(quads, output, format=DUMP_FORMATS[fmt], prefixes=prefixes)
