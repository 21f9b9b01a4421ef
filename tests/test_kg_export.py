"""Exported facts follow the evaluation README format; stats, entity and table views agree with the graph."""
import json
import subprocess
import sys

import pytest
from conftest import KG_EN, KG_JUR, KG_SYS, KG_ZH, SHARED_EVAL

from kg.export import entity, export_facts, stats, systems_table
from kg.load import load_ingested

ENTITY_VALUED = {"jurisdiction", "linked_with", "linkage_planned"}
SOURCES = {"report-en": KG_EN, "report-zh": KG_ZH}


def test_fact_lines_have_the_readme_shape(kg_store, kg_ingested):
    facts = list(export_facts(kg_store.current()))
    for f in facts:
        json.dumps(f, ensure_ascii=False)
        assert set(f) == {"subject", "relation", "value", "evidence"}
        assert set(f["subject"]) == {"iri", "labels"} and set(f["subject"]["labels"]) == {"en", "zh"}
        if f["relation"] in ENTITY_VALUED:
            assert set(f["value"]) == {"iri", "labels"} and f["value"]["labels"]
        else:
            assert isinstance(f["value"], str)
        ev = f["evidence"]
        assert set(ev) == {"doc", "start", "end", "text"}
        assert SOURCES[ev["doc"]][ev["start"]:ev["end"]] == ev["text"]
    # Every fact once, although most are stated by both editions; links both ways.
    keys = [(f["subject"]["iri"], f["relation"], json.dumps(f["value"], sort_keys=True)) for f in facts]
    assert len(keys) == len(set(keys)) == len(kg_ingested.facts) + 1
    back = next(f for f in facts if f["subject"]["iri"] == KG_SYS + "borovia" and f["relation"] == "linked_with")
    assert back["value"]["iri"] == KG_SYS + "arland" and back["evidence"]["text"] == "is linked with the Borovia ETS"
    pct = next(f for f in facts if f["relation"] == "offset_limit_pct")
    assert pct["value"] == "5" and pct["evidence"]["doc"] == "report-en"  # first evidence: by document id


def test_the_scorer_accepts_the_export(kg_store, tmp_path):
    scorer = SHARED_EVAL / "score.py"
    if not scorer.exists():
        pytest.skip("the evaluation scorer is not next to the project")
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "systems.tsv").write_text(
        "system_id\tname_zh\tname_en\taliases\tjurisdiction_zh\tjurisdiction_en\tlevel\tstatus\tdesign\n"
        "arland-ets\t阿兰碳市场\tArland ETS\t\t阿兰\tArland\tnational\tin_force\tunknown\n"
        "borovia-ets\t博罗维亚碳市场\tBorovia ETS\t\t博罗维亚\tBorovia\t\tunder_development\tunknown\n",
        encoding="utf-8")
    (gold / "facts.tsv").write_text("system_id\trelation\tvalue\tevidence\n" + "".join(
        f"{s}\t{r}\t{v}\tx\n" for s, r, v in [
            ("arland-ets", "start_year", "2015-01"), ("arland-ets", "sector", "power"),
            ("arland-ets", "sector", "industry"), ("arland-ets", "offset_rule", "international"),
            ("arland-ets", "offset_limit_pct", "5"), ("arland-ets", "linked_with", "borovia-ets"),
            ("borovia-ets", "linked_with", "arland-ets"), ("borovia-ets", "start_year", "2027"),
            ("borovia-ets", "offset_rule", "domestic_limited")]), encoding="utf-8")
    out = tmp_path / "facts.jsonl"
    out.write_text("".join(json.dumps(f, ensure_ascii=False) + "\n" for f in export_facts(kg_store.current())),
                   encoding="utf-8")
    run = subprocess.run([sys.executable, str(scorer), "facts", str(gold), str(out), "--min-f1", "1.0"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "facts overall P 1.000 R 1.000 F1 1.000" in run.stdout


def test_stats(kg_store, kg_later_report):
    s = stats(kg_store.current())
    assert s["documents"] == ["report-en", "report-zh"]
    assert (s["systems"], s["jurisdictions"]) == (2, 2)
    assert s["facts_by_relation"]["sector"] == 2 and s["facts_by_relation"]["linked_with"] == 2
    assert s["facts"] == sum(s["facts_by_relation"].values()) == 14
    assert set(s["named_graphs"]) == {"https://etskg.org/id/graph/report-en", "https://etskg.org/id/graph/report-zh",
                                      "https://etskg.org/ontology"}
    assert s["quads"] == sum(s["named_graphs"].values()) > s["triples"] > 0
    with kg_store.new_generation() as gen:
        load_ingested(gen, kg_later_report)
    s = stats(kg_store.current())
    assert s["documents"] == ["report-en", "report-later", "report-zh"] and s["systems"] == 3


def test_entity(kg_store):
    arland = entity(kg_store.current(), KG_SYS + "arland")
    assert arland["kind"] == "System" and arland["labels"] == {"en": "Arland ETS", "zh": "阿兰碳市场"}
    assert arland["aliases"] == {"en": ["Arland emissions trading system"]}
    start = next(f for f in arland["facts"] if f["relation"] == "start_year")
    assert start["value"] == "2015-01"
    assert [(e["doc"], e["text"]) for e in start["evidence"]] == [
        ("report-en", "started operating in January 2015"), ("report-zh", "于2015年1月启动")]
    assert arland["passages"] == ["https://etskg.org/id/passage/report-en:p000",
                                  "https://etskg.org/id/passage/report-zh:p000"]
    jurisdiction = entity(kg_store.current(), KG_JUR + "arland")
    assert jurisdiction["kind"] == "Jurisdiction" and [s["iri"] for s in jurisdiction["systems"]] == [KG_SYS + "arland"]
    assert entity(kg_store.current(), KG_SYS + "nowhere") is None


def test_systems_table(kg_store):
    rows = {r["iri"]: r for r in systems_table(kg_store.current())}
    arland, borovia = rows[KG_SYS + "arland"], rows[KG_SYS + "borovia"]
    assert arland["jurisdiction"]["labels"] == {"en": "Arland", "zh": "阿兰"}
    assert (arland["level"], arland["status"], arland["start_year"]) == ("national", "in_force", "2015-01")
    assert sorted(arland["sectors"]) == ["industry", "power"] and arland["offset_rules"] == ["international"]
    assert arland["offset_limit_pct"] == "5" and arland["region"] == "review/europe"
    assert [e["iri"] for e in borovia["linked_with"]] == [KG_SYS + "arland"]
    assert borovia["level"] is None and borovia["status"] == "under_development"
