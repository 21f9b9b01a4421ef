"""The extractor (ingest.pipeline) on prose it has no layout for, and on text that names no market.

Places here are invented (Pellmark, Ostvale, 榕川省) so that only the text can say anything about them.
"""
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.pipeline import read_document_facts

ROOT = Path(__file__).resolve().parent.parent
SCORE = ROOT.parent / "shared" / "eval" / "score.py"
CORPUS = ROOT / "tests" / "corpus"


def facts_of(text, doc="t-en"):
    r = read_document_facts(text, doc)
    return r, {(f.system, f.relation, f.value) for f in r.facts}


NEWS_EN = """Date: 2024-05-02

PELLMARK CITY, 2 May 2024 — The Pellmark Emissions Trading Scheme (P-ETS) began trading on 1 March 2019 and
covers power generation and cement. Companies may meet up to 7% of their obligations with domestic offset credits.
Neighbouring Ostvale is still studying whether to set up a carbon market of its own."""

NEWS_ZH = """日期：2025年6月1日

榕川省碳排放权交易市场于2021年7月正式启动，覆盖电力和钢铁行业。该市场不接受国际碳信用。"""


def test_a_market_named_in_prose_is_found_with_its_facts():
    r, facts = facts_of(NEWS_EN)
    key = "new:pellmark"
    assert key in r.systems and "P-ETS" in r.systems[key].acronyms
    assert {(key, "start_year", "2019-03"), (key, "status", "in_force"), (key, "sector", "power"),
            (key, "sector", "cement"), (key, "offset_rule", "domestic_limited"),
            (key, "offset_limit_pct", "7")} <= facts


def test_a_market_only_considered_is_under_consideration():
    r, facts = facts_of(NEWS_EN)
    assert ("new:ostvale", "status", "under_consideration") in facts


def test_chinese_prose_with_an_unknown_province():
    r, facts = facts_of(NEWS_ZH, "t-zh")
    key = next(k for k in r.systems if "榕川" in k)
    assert {(key, "start_year", "2021-07"), (key, "status", "in_force"), (key, "level", "subnational"),
            (key, "sector", "power"), (key, "sector", "steel")} <= facts


def test_a_planned_start_after_the_document_date_is_under_development():
    text = "Date: 2023-01-10\n\nThe Ostvale ETS will start operating in January 2026, officials said."
    r, facts = facts_of(text)
    assert {("new:ostvale", "start_year", "2026-01"), ("new:ostvale", "status", "under_development")} <= facts


def test_negated_and_proposed_sectors_are_not_coverage():
    text = ("Date: 2024-01-01\n\nThe Pellmark ETS covers power plants. Aviation is not covered, "
            "and officials are considering whether to add shipping.")
    _, facts = facts_of(text)
    sectors = {v for k, rel, v in facts if rel == "sector"}
    assert sectors == {"power"}


@pytest.mark.parametrize("text", [
    "Date: 2024-01-01\n\nThe Pellmark carbon tax rose to 40 euros per tonne in 2024, and fuel suppliers pay it monthly.",
    "Date: 2024-01-01\n\nContents\n1. Introduction 3\n2. Prices 7\n3. Outlook 12",
    "Date: 2024-01-01\n\nEditor's note: an earlier version of this article misstated a date in 2019.",
    "Date: 2024-01-01\n\nCAP/TARGET: 40% below 2005 levels by 2030\nSCOPE: all sectors",
    "Date: 2024-01-01\n\nMaria Ostvik, born in 1961 in Pellmark, studied economics and later chaired a climate panel.",
])
def test_text_that_is_not_about_a_carbon_market_mints_no_system(text):
    r, facts = facts_of(text)
    assert r.systems == {} and facts == set()


@pytest.mark.skipif(not SCORE.exists(), reason="needs ../shared/eval/score.py next to the clone")
def test_development_corpus_scores(tmp_path):
    """The dev split of the hand-labelled corpus: a floor below today's figure, so a regression fails."""
    golds = [d for d in sorted(CORPUS.glob("*/dev")) if (d / "facts.tsv").exists()]
    files = [str(f) for d in golds for f in sorted(d.glob("*.txt"))]
    out = tmp_path / "facts.jsonl"
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "extract_eval.py"), str(out), *files,
                          "--gold", *map(str, golds)], capture_output=True, text=True, check=True)
    f1 = float(run.stdout.strip().splitlines()[-1].rsplit("F1", 1)[1])
    assert f1 >= 0.65


@pytest.mark.parametrize("text, doc", [
    ("Date: 2024-05-02\n\nThe Pellmark ETS and the Ostvale ETS are no longer linked.", "t-en"),
    ("Date: 2024-05-02\n\nThe link between the Pellmark ETS and the Ostvale ETS ended in March 2024.", "t-en"),
    ("日期：2025年6月1日\n\n自2024年起，榕川省碳市场不再与岚江省碳市场连接。", "t-zh"),
])
def test_a_link_that_ended_is_an_ended_link_both_ways(text, doc):
    r, facts = facts_of(text, doc)
    ended = {(a, b) for a, rel, b in facts if rel == "linkage_ended"}
    assert len(ended) == 2 and {(b, a) for a, b in ended} == ended
    assert not any(rel in ("linked_with", "linkage_planned") for _, rel, _ in facts)


def test_a_link_in_operation_is_not_ended():
    r, facts = facts_of("Date: 2024-05-02\n\nThe Pellmark ETS has been linked with the Ostvale ETS since 2019.")
    assert ("new:pellmark", "linked_with", "new:ostvale") in facts
    assert not any(rel == "linkage_ended" for _, rel, _ in facts)
