"""Questions that ask why, how or what happened: the text answers them with its passage, not the graph.

A system's facts (start, sectors, status) say nothing of why its auction was postponed or what a court decided,
so a question of that kind about a market the graph knows must be answered from the sentence that tells it,
never with the market's list of facts or one of its values. The intent model reads these questions as
``explain`` (``search/qa/train/questions.jsonl``); the phrasings below are not in its training set.

A small store is ingested from two invented notes: the Dornwick ETS (English) and 溪岚省碳市场 (Chinese).
"""
import pytest

from conftest import qa_over_texts

DORNWICK = """Date: 2025-09-12 Dornwick market note

The Dornwick Emissions Trading System started in 2019 and covers power stations and cement plants.

The environment agency postponed the Dornwick ETS auction planned for June because the new registry failed its security audit.

In August the high court upheld the Dornwick cap-and-trade regulation, rejecting the refiners' claim that the agency had exceeded its powers.
"""
XILAN = """日期：2025年10月9日
溪岚省碳市场情况通报

溪岚省碳市场于2020年启动，覆盖电力和钢铁行业。

今年溪岚省碳市场的成交量明显下降，主要原因是配额发放偏宽松，企业普遍缺少买入需求。
"""


@pytest.fixture(scope="module")
def qa_explain(tmp_path_factory):
    engine = qa_over_texts(tmp_path_factory.mktemp("qa-explain"), {"dornwick-en.txt": DORNWICK, "xilan-zh.txt": XILAN})
    engine.threshold = 0.0  # which source answers is under test here, not how sure it is
    return engine


@pytest.mark.parametrize("question, words", [
    # Each names a market the graph holds facts of and asks something none of them says; read by the rules
    # alone, each was answered with the market's list of facts.
    ("What did the high court decide about the Dornwick ETS?", "upheld"),
    ("Dornwick ETS: what went wrong with the registry?", "failed its security audit"),
    ("溪岚省碳市场今年遇到了什么问题？", "配额发放偏宽松"),
])
def test_a_reason_or_an_event_is_answered_with_the_passage_that_tells_it(qa_explain, question, words):
    result = qa_explain.ask(question)
    assert result["source"] == "search" and result["intent"] == "fallback"
    assert words in result["passages"][0]["text"]
