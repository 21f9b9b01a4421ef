"""SHACL: the shapes catch broken data with a message a person can act on."""
import pyoxigraph as ox
import pytest
from conftest import KG_JUR

from kg.load import ingested_quads, load_ingested, load_ontology, refresh_merge
from kg.query import run_query
from kg.store import ValidationFailed
from kg.validate import validate, validate_store


def check(ingested):
    store = ox.Store()
    load_ontology(store)
    store.bulk_extend(ingested_quads(ingested))
    refresh_merge(store)
    return validate_store(store)


def fact(ingested, system, relation):
    return next(f for f in ingested.facts if f.subject.endswith(system) and f.relation == relation)


def test_the_fixture_conforms(kg_ingested, kg_store):
    ok, report = check(kg_ingested)
    assert ok, report
    assert report == "the graph conforms to the shapes"
    ok, report = validate(kg_store.current().graph())
    assert ok, report


def test_offset_limit_above_100(kg_ingested):
    fact(kg_ingested, "arland", "offset_limit_pct").value = "150"
    ok, report = check(kg_ingested)
    assert not ok
    line = next(l for l in report.splitlines() if "offsetLimitPct" in l)
    assert "sys:arland" in line and "Arland ETS" in line and "between 0 and 100" in line and "150" in line


def test_two_jurisdictions_of_one_publication_are_one_voice(kg_ingested):
    # The editions of one report disagreeing is resolved in the view (kg/views.py): one jurisdiction, valid.
    fact(kg_ingested, "borovia", "jurisdiction").value = KG_JUR + "arland"
    ok, report = check(kg_ingested)
    assert ok, report


def test_start_year_format_and_unknown_status(kg_ingested):
    fact(kg_ingested, "borovia", "start_year").value = "20x7"
    fact(kg_ingested, "borovia", "status").value = "running"
    ok, report = check(kg_ingested)
    assert not ok
    assert "YYYY" in report and "[found 20x7]" in report
    assert "a status is one of in_force" in report
    assert report.splitlines()[0] == "2 violations of kg/shapes.ttl:"


def test_evidence_needs_a_document_and_a_span(kg_ingested):
    ev = fact(kg_ingested, "arland", "level").evidence[0]
    ev.start, ev.end, ev.doc = 9, 3, "unknown-doc"
    ok, report = check(kg_ingested)
    assert not ok
    assert "not after its end" in report
    assert "names exactly one ingested document" in report


def test_a_system_without_label(kg_ingested):
    kg_ingested.entities[1].labels = {}
    ok, report = check(kg_ingested)
    assert not ok and "sys:borovia" in report and "needs a label" in report


def test_an_invalid_generation_never_goes_live(kg_store, kg_later_report):
    live = kg_store.current()
    kg_later_report.facts[1].value = "metropolis"  # not a level
    with pytest.raises(ValidationFailed) as failed:
        with kg_store.new_generation() as gen:
            load_ingested(gen, kg_later_report)
    assert "sys:celdor" in failed.value.report and "level" in failed.value.report
    assert kg_store.current().name == live.name
    assert [g.name for g in kg_store.generations()] == [live.name]
    assert not run_query(kg_store.current(), "SELECT * WHERE { sys:celdor ?p ?o }").rows
