"""Q&A over a small invented store: graph lists doubted on thin evidence, and the names an answer carries.

A Chinese table names two provincial pilots only by their provinces (江西, 云南);
a list naming one is answered like any other (its name is the extractor's, its
facts the table's). The English note states Velmora's sectors
and, besides, says Korvath's market "deals with" waste incinerators among other
sectors (no coverage verb the extractor reads, an enumeration of sectors
instead), naming Velmora only as a comparison ("like the Velmora ETS").
Velmora, Korvath and Ostrava are fictional.
"""
import pytest

from search.qa.answer import THRESHOLD

EN = """Velmora: The Velmora Emissions Trading System (VETS) started operating in January 2016. It covers power, cement, waste and steel.

Korvath: The Korvath ETS started operating in 2018. It covers power.

Ostrava notes: Korvath's market today deals with power plants, waste incinerators and lime kilns, like the Velmora ETS.
"""
ZH = """日期：2024年3月1日
两个省级碳排放权交易试点简表

试点｜启动交易日期｜主要纳管行业
江西｜2019年3月1日｜陶瓷、水泥
云南｜2020年5月8日｜水泥、造纸
"""


@pytest.fixture(scope="module")
def qa_thin(tmp_path_factory):
    from etskg import main
    from kg.store import Store
    from search.qa.answer import QA

    folder = tmp_path_factory.mktemp("qa-evidence")
    (folder / "systems-en.txt").write_text(EN, encoding="utf-8")
    (folder / "pilots-zh.txt").write_text(ZH, encoding="utf-8")
    store = folder / "store"
    assert main(["ingest", "--quiet", "--store", str(store), str(folder / "systems-en.txt"),
                 str(folder / "pilots-zh.txt")]) == 0
    return QA(Store(store).current())


def names(answer):
    return {e["iri"].rsplit("/", 1)[-1] for e in answer.get("systems", [])}


@pytest.mark.parametrize("text", ["哪些碳市场覆盖陶瓷行业？", "Which systems cover ceramics?"])
def test_a_list_of_a_system_named_after_its_place_is_answered(qa_thin, text):
    result = qa_thin.ask(text)
    assert names(result["answer"]) == {"jiangxi"} and not result.get("abstained")


def test_a_list_of_systems_the_texts_name_stays_confident(qa_thin):
    result = qa_thin.ask("Which systems cover steel?")
    assert names(result["answer"]) == {"velmora"}
    assert result["confidence"] >= THRESHOLD and not result.get("abstained")


def test_an_answer_carries_the_graphs_other_names(qa_thin):
    labels = qa_thin.ask("Which systems cover steel?")["answer"]["systems"][0]["labels"]
    assert list(labels)[0] == "en" and labels["en"] == "Velmora ETS"
    alternatives = [v for k, v in labels.items() if k.startswith("en-x-alt")]
    assert "VETS" in alternatives


def test_a_chinese_name_in_traditional_or_mixed_script_is_shown_in_simplified_too():
    from search.qa.lexicon import SYSTEM, Entity

    # "廣東试点": a traditional place joined to a simplified kind word, as an extractor may write it.
    labels = Entity("https://etskg.org/id/system/guangdong", SYSTEM, {"zh": "廣東试点", "en": "Guangdong pilot"},
                    ["廣東省碳市場"], {"廣東省碳市場": "zh"}).ref("zh")["labels"]
    assert labels["zh"] == "廣東试点" and list(labels)[0] == "zh"
    shown = list(labels.values())
    assert "广东试点" in shown and "广东省碳市场" in shown and len(shown) == len(set(shown))
    assert all(v == "Guangdong pilot" for k, v in labels.items() if k.startswith("en"))


@pytest.mark.parametrize("text", ["Which systems cover waste?", "哪些碳市场覆盖废弃物处理？"])
def test_an_enumeration_of_sectors_is_coverage_the_graph_lacks(qa_thin, text):
    # The graph holds waste for Velmora only; the note lists Korvath's sectors without a coverage verb, and
    # names Velmora there only to compare: the sentence is about Korvath, so the list is doubted.
    result = qa_thin.ask(text)
    assert names(result["withheld"]) == {"velmora"} and result["abstained"]
    assert names({"systems": result["unconfirmed"]}) == {"korvath"}
    assert any("waste incinerators" in c["text"] for c in result["citations"])
