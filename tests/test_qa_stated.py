"""Counts of systems the texts state, text answers about places the graph holds no system of, and list members
whose asked value is thinly read while they hold another value of the same relation.

A small store is ingested from invented documents: an overview that states how many markets are in operation,
under development and under consideration (more than the three market notes beside it describe), how many of
those in operation take offset credits, and a legend with the same figures in Chinese; three notes on the
fictional Varden, Ostrel and Calloway markets; and a note on Ukraine's planned market that mentions Russia only
as the cause of a delay.
"""
import pytest

from conftest import qa_over_texts
from search.qa.fallback import _stated_counts
from search.qa.sparql import term

OVERVIEW = """Date: 2026-02-01 Carbon market overview

By February 2026, 14 emissions trading systems were in operation, and another 5 ETSs were under development.

A further 6 jurisdictions are exploring whether a carbon market fits their climate policy.

Of the 14 ETSs in operation, 9 accept offset credits for compliance.
"""
LEGEND = """日期：2026年2月1日 碳市场地图

图例：正在运行的碳市场（14） 正在建设的碳市场（5） 正在考虑的碳市场（6）
"""
NOTES = """Date: 2026-01-10 Market notes

The Varden ETS started operating in 2015 and covers power.

The Ostrel ETS started operating in 2019 and covers cement.

The Calloway ETS is under development and is expected to start in 2028.
"""
UKRAINE = """Date: 2026-01-20 Ukraine note

Ukraine restored its emissions reporting in 2025, after Russia's full-scale invasion had suspended it in 2022.

Ukraine's pilot emissions trading system is expected to start in 2028.
"""


@pytest.fixture(scope="module")
def qa_stated(tmp_path_factory):
    docs = {"overview-en.txt": OVERVIEW, "legend-zh.txt": LEGEND, "notes-en.txt": NOTES, "ukraine-en.txt": UKRAINE}
    return qa_over_texts(tmp_path_factory.mktemp("qa-stated"), docs)


@pytest.mark.parametrize("sentence, counts", [
    ("By 2026, 14 emissions trading systems were in operation, and another 5 ETSs were under development.",
     [(14, "were in operation"), (5, "were under development")]),
    ("Of the 14 ETSs in operation, 9 accept offset credits for compliance.",
     [(14, "in operation"), (9, "accept offset credits")]),
    ("在目前运行的14个碳市场中，有9个允许使用抵消信用。", [(14, "运行"), (9, "允许使用抵消信用")]),
    ("ETSs in force (14) ETSs under development (5)", [(14, "in force"), (5, "under development")]),
    ("The scheme covers 310 installations in 2 sectors.", []),
])
def test_a_sentence_states_counts_of_systems_with_the_words_that_say_what_they_count(sentence, counts):
    found = _stated_counts(sentence)
    assert [n for n, _, _ in found] == [n for n, _ in counts]
    for (_, _, said), (_, words) in zip(found, counts):
        assert words in said


@pytest.mark.parametrize("text, count", [
    ("How many ETSs are in operation?", 14),
    ("how many systems are under consideration?", 6),
    ("有多少个碳市场正在考虑中？", 6),
    ("How many carbon markets are being developed?", 5),
])
def test_a_count_the_text_states_answers_when_the_graph_counts_fewer(qa_stated, text, count):
    result = qa_stated.ask(text)
    assert result["source"] == "search" and result.get("stated")
    assert result["answer"]["count"] == count
    assert not result.get("abstained")
    assert result["citations"], "the sentence stating the count is cited"


def test_a_part_of_a_stated_count_answers_only_with_its_own_condition(qa_stated):
    credits = qa_stated.ask("How many of the ETSs in operation accept offset credits?")
    assert credits["answer"]["count"] == 9
    assert qa_stated.ask("How many ETSs are in operation?")["answer"]["count"] == 14


def test_a_count_with_a_condition_no_sentence_states_keeps_the_graphs(qa_stated):
    result = qa_stated.ask("How many ETSs started in 2019?")
    assert result["source"] == "graph"
    assert result["answer"] == {"kind": "count", "count": 1}


@pytest.mark.parametrize("text, lang", [
    ("When is Russia launching its emissions trading system?", "en"),
    ("俄罗斯的碳市场什么时候启动？", "zh"),
])
def test_a_place_without_a_system_gets_no_date_of_another_places_event(qa_stated, text, lang):
    result = qa_stated.ask(text)
    assert result["answer"] == {"kind": "literal", "values": []}
    assert ("no emissions trading system of Russia" in result["text"] if lang == "en" else "俄罗斯的碳市场" in result["text"])


def test_a_place_with_a_system_still_gets_its_date(qa_stated):
    qa_stated.threshold = 0.0
    try:
        values = qa_stated.ask("When is Ukraine's pilot ETS expected to start?")["answer"].get("values", [])
    finally:
        qa_stated.threshold = 0.3
    assert any("2028" in str(v) for v in values)


@pytest.mark.parametrize("values, listed, sure", [
    (2, ["Ostrel"], True),  # Varden also holds another status: the thin one is not its own, Varden leaves the list
    (1, ["Varden", "Ostrel"], False),  # its only status rests on thin evidence: the whole list is in doubt
])
def test_a_member_thinly_read_that_holds_another_value_leaves_the_list(qa_stated, monkeypatch, values, listed, sure):
    varden = next(iri for iri, e in qa_stated.lexicon.entities.items() if e.label("en").startswith("Varden"))
    run = qa_stated._run

    def counted_values(sparql):
        if "COUNT(DISTINCT ?v)" in sparql:
            return [{"s": varden, "n": values}] if term(varden) in sparql else []
        return run(sparql)

    monkeypatch.setattr(qa_stated, "_run", counted_values)
    monkeypatch.setattr(qa_stated, "_misread", lambda plan, rows, future=False, out=None: {varden})
    result = qa_stated.ask("Which ETSs are in operation?")
    shown = result.get("withheld") or result["answer"]
    assert [e["labels"]["en"].split()[0] for e in shown["systems"]] == listed
    assert (result["confidence"] >= qa_stated.threshold) is sure
    assert bool(result.get("left_out")) is sure


def test_a_start_without_a_year_is_the_object_of_the_status_asked(qa_stated):
    result = qa_stated.ask("还在考虑要不要推出碳市场的辖区一共几个？")
    assert result.get("stated") and result["answer"]["count"] == 6


MAP_EN = """Date: 2026-02-01 Map of carbon markets

Carbon markets in operation, by level of government

5 provinces and states
Alberta
Ontario
Hubei
Guangdong
Oregon
"""
MAP_ZH = """日期：2026年2月1日 碳市场地图

按政府层级划分的运行中碳市场

5 个省和州
阿尔伯塔省
安大略省
湖北省
广东省
俄勒冈州
"""
PROVINCE_NOTE = """Date: 2026-01-10 Provincial note

The Alberta ETS started operating in 2007 and covers industry.
"""


@pytest.mark.parametrize("text", ["How many provinces and states run a carbon market?", "运行碳市场的省和州一共有多少个？"])
def test_a_count_of_places_followed_by_its_members_is_a_count_with_no_place_condition(tmp_path_factory, text):
    # The names under "5 provinces and states" are what it counts, not a condition that it counts Alberta's markets.
    qa = qa_over_texts(tmp_path_factory.mktemp("qa-map"),
                       {"map-en.txt": MAP_EN, "map-zh.txt": MAP_ZH, "note-en.txt": PROVINCE_NOTE})
    result = qa.ask(text)
    assert result.get("stated") and result["answer"]["count"] == 5
