"""Ingested -> named graphs -> queries: the facts come back, each document in its own graph."""
from conftest import KG_EN, KG_ZH, KG_SYS

from kg.load import load_ingested
from kg.namespaces import graph_iri
from kg.query import run_query


def select(gen, sparql):
    return run_query(gen, sparql).rows


def test_every_fact_comes_back_as_a_plain_triple(kg_store, kg_ingested):
    gen = kg_store.current()
    rows = select(gen, """
        SELECT ?s ?p ?o WHERE {
          VALUES ?p { ets:jurisdiction ets:level ets:status ets:design ets:startYear ets:linkedWith
                      ets:linkagePlanned ets:coversSector ets:offsetRule ets:offsetLimitPct }
          ?s ?p ?o }""")
    found = {(str(r["s"]), str(r["p"]).rsplit("#", 1)[1], str(r["o"]).rsplit("/", 1)[-1]) for r in rows}
    prop = {"jurisdiction": "jurisdiction", "level": "level", "status": "status", "design": "design",
            "start_year": "startYear", "linked_with": "linkedWith", "linkage_planned": "linkagePlanned",
            "sector": "coversSector", "offset_rule": "offsetRule", "offset_limit_pct": "offsetLimitPct"}
    for f in kg_ingested.facts:
        assert (f.subject, prop[f.relation], f.value.rsplit("/", 1)[-1]) in found, f


def test_values_are_typed(kg_store):
    rows = select(kg_store.current(), """
        SELECT ?y ?pct WHERE { sys:arland ets:startYear ?y ; ets:offsetLimitPct ?pct }""")
    assert len(rows) == 1
    assert rows[0]["y"].datatype.endswith("#gYearMonth") and str(rows[0]["y"]) == "2015-01"
    assert rows[0]["pct"].datatype.endswith("#decimal") and float(rows[0]["pct"]) == 5.0
    rows = select(kg_store.current(), "SELECT ?l WHERE { ets-status:in_force skos:prefLabel ?l }")
    assert {r["l"].language for r in rows} == {"zh", "en"}


def test_each_document_has_its_own_graph(kg_store):
    gen = kg_store.current()
    rows = select(gen, "SELECT ?g ?l WHERE { GRAPH ?g { sys:arland rdfs:label ?l } }")
    by_graph = {(str(r["g"]), r["l"].language) for r in rows}
    assert by_graph == {(str(graph_iri("report-en")), "en"), (str(graph_iri("report-zh")), "zh")}
    # Borovia's offset rule is only stated by the English edition.
    rows = select(gen, "SELECT ?g WHERE { GRAPH ?g { sys:borovia ets:offsetRule ?r } }")
    assert [str(r["g"]) for r in rows] == [str(graph_iri("report-en"))]


def test_assertions_carry_evidence_that_quotes_the_source(kg_store):
    rows = select(kg_store.current(), """
        SELECT ?g ?doc ?start ?end ?text ?passage WHERE { GRAPH ?g {
          ?a a ets:Assertion ; rdf:subject sys:arland ; rdf:predicate ets:startYear ; rdf:object ?y ;
             prov:wasDerivedFrom ?d ; ets:start ?start ; ets:end ?end ; ets:evidenceText ?text ;
             ets:inPassage ?passage .
          ?d dcterms:identifier ?doc } }""")
    assert len(rows) == 2
    texts = {"report-en": KG_EN, "report-zh": KG_ZH}
    for r in rows:
        doc = str(r["doc"])
        assert str(r["g"]) == str(graph_iri(doc))
        assert texts[doc][int(r["start"]):int(r["end"])] == str(r["text"])
        assert str(r["passage"]).endswith(f"{doc}:p000")


def test_default_graph_counts_a_fact_stated_twice_once(kg_store):
    rows = select(kg_store.current(), "SELECT (COUNT(*) AS ?n) WHERE { ?s ets:status ets-status:in_force }")
    assert int(rows[0]["n"]) == 1
    rows = select(kg_store.current(), "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ets:status ets-status:in_force } }")
    assert int(rows[0]["n"]) == 2


def test_links_are_found_from_both_sides(kg_store):
    rows = select(kg_store.current(), "SELECT ?o WHERE { sys:borovia ets:linkedWith ?o }")
    assert [str(r["o"]) for r in rows] == [KG_SYS + "arland"]


def test_a_second_report_adds_its_graph_and_keeps_the_first(kg_store, kg_later_report):
    first = kg_store.current()
    with kg_store.new_generation() as gen:
        load_ingested(gen, kg_later_report)
    second = kg_store.current()
    assert second.name != first.name
    graphs = {str(r["g"]) for r in select(second, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert {str(graph_iri(d)) for d in ("report-en", "report-zh", "report-later")} <= graphs
    sectors = {str(r["x"]).rsplit("/", 1)[1] for r in select(second, "SELECT ?x WHERE { sys:arland ets:coversSector ?x }")}
    assert sectors == {"power", "industry", "aviation"}
    rows = select(second, "SELECT ?y WHERE { sys:celdor ets:startYear ?y ; ets:level ets-level:city }")
    assert [str(r["y"]) for r in rows] == ["2019"]
    # The first generation is untouched.
    assert not select(first, "SELECT ?y WHERE { sys:celdor ?p ?y }")


def test_reloading_a_document_replaces_what_it_said(kg_store, kg_ingested):
    fact = next(f for f in kg_ingested.facts if f.subject.endswith("borovia") and f.relation == "start_year")
    fact.value = "2028"
    with kg_store.new_generation() as gen:
        load_ingested(gen, kg_ingested)
    rows = select(kg_store.current(), "SELECT ?y WHERE { sys:borovia ets:startYear ?y }")
    assert [str(r["y"]) for r in rows] == ["2028"]


def test_without_inherit_a_generation_starts_empty(kg_store, kg_later_report):
    # Arland is only completed by the first report: leave it out.
    kg_later_report.entities = [e for e in kg_later_report.entities if "arland" not in e.iri]
    kg_later_report.facts = [f for f in kg_later_report.facts if "arland" not in f.subject]
    with kg_store.new_generation(inherit=False) as gen:
        load_ingested(gen, kg_later_report)
    assert not select(kg_store.current(), "SELECT ?y WHERE { sys:borovia ?p ?y }")
