"""The learned confidence calibration of Q&A, and the text checks that feed it.

A small store is ingested from invented documents (Corvane, Lisken and Ambrey are
fictional): a Lisken note gives a fee that a question about Ambrey should not be
sure of. The calibration's own properties are checked on hand-made inputs.
"""
import math

import pytest

from conftest import qa_over_texts
from search.qa.calibration import FEATURES, MODEL, Calibration, default_calibration

CORVANE = """日期：2025年3月1日

利斯肯碳市场于2019年启动，覆盖电力行业。
"""
LISKEN = """Date: 2025-02-01 Lisken fee note

The Lisken ETS charges a fee of 31 dollars per tonne for late surrender.

The Ambrey ETS started operating in 2021 and covers power and cement.
"""


@pytest.fixture(scope="module")
def qa_cal(tmp_path_factory):
    return qa_over_texts(tmp_path_factory.mktemp("qa-calibration"), {"corvane-zh.txt": CORVANE, "lisken-en.txt": LISKEN})


def test_every_answer_carries_the_inputs_of_its_confidence(qa_cal):
    result = qa_cal.ask("Which systems cover cement?")
    assert set(result["confidence_inputs"]) == set(FEATURES)
    assert result["confidence"] == pytest.approx(qa_cal.calibration(result["confidence_inputs"]), abs=1e-3)


def test_a_text_answer_whose_sentence_and_document_miss_the_entity_asked_says_so(qa_cal):
    # The only fee in the store is Lisken's; a question about Ambrey's fee gets it from a sentence about Lisken.
    other = qa_cal.ask("How much is the Ambrey ETS fee per tonne for late surrender?")
    own = qa_cal.ask("How much is the Lisken ETS fee per tonne for late surrender?")
    assert own["source"] == "search" and own["confidence_inputs"]["names_entity"] == 1.0
    if other["source"] == "search" and other.get("citations"):
        assert other["confidence_inputs"]["misses_entity"] == 1.0


def test_the_fitted_model_covers_every_input_and_sets_the_threshold():
    from search.qa.answer import THRESHOLD

    model = default_calibration()
    assert MODEL.exists() and set(model.weights) == set(FEATURES)
    assert THRESHOLD == model.threshold and 0 < THRESHOLD < 1


def test_without_a_model_the_rules_confidence_is_the_confidence():
    inputs = dict.fromkeys(FEATURES, 0.0) | {"rules": 0.42}
    assert Calibration()(inputs) == 0.42


def test_a_surer_rule_reading_and_an_answer_that_is_not_empty_are_surer():
    model = default_calibration()
    base = dict.fromkeys(FEATURES, 0.0) | {"graph": 1.0, "graph_list": 1.0, "type_agrees": 1.0, "rules": 0.5}
    assert model(base | {"rules": 0.95}) > model(base)
    assert model(base | {"empty": 1.0}) < model(base)
    assert 0.0 < model(base) < 1.0 and not math.isnan(model(base))
