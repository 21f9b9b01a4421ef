"""The calibrator's features and probability (search.qa.calibration), over a small invented store: the features
say what they claim to and are shown only when asked (``QA.explain``, as bench/qa_calibrate.py does); every
answer carries the calibrator's probability and, in the question's language, why; an answer between the
withheld and the sure thresholds is given, saying what it is unsure about."""
import math

import pytest

from conftest import qa_over_texts

DOCS = {
    "talvane-en.txt": "Date: 2025-02-01 Talvane note\n\nThe Talvane ETS started trading in May 2021. It covers power and cement.\n\n"
                      "The Orsk ETS started trading in 2019. It covers power. About 140 firms take part in the Orsk ETS.\n",
    "talvane-review.txt": "Date: 2025-06-01 Talvane review\n\nThe Talvane ETS covers power stations above 20 MW.\n",
    "orsk-phase.txt": "Date: 2025-03-01 Orsk note\n\nThe Orsk ETS opened its second phase in 2024. Roughly 60 cement plants "
                      "are regulated under it.\n",
}


@pytest.fixture(scope="module")
def qa_feat(tmp_path_factory):
    engine = qa_over_texts(tmp_path_factory.mktemp("qa-calibration"), DOCS)
    engine.threshold = 0.0
    return engine


def test_features_only_when_asked(qa_feat):
    assert "features" not in qa_feat.ask("Which systems cover cement?")
    qa_feat.explain = True
    try:
        f = qa_feat.ask("Which systems cover cement?")["features"]
    finally:
        qa_feat.explain = False
    assert f["graph"] == 1.0 and f["graph_list"] == 1.0 and f["by_sector"] == 1.0 and f["by_status"] == 0.0
    assert 0.0 < f["share"] <= 1.0 and 0.0 <= f["held"] <= 1.0 and f["rule"] > 0


def test_words_no_passage_holds_are_unseen(qa_feat):
    qa_feat.explain = True
    try:
        known = qa_feat.ask("How many firms take part in the Orsk ETS?")["features"]
        strange = qa_feat.ask("How many zeppelins does the Orsk ETS moor at its quayside?")["features"]
    finally:
        qa_feat.explain = False
    assert known["unseen"] == 0.0 and strange["unseen"] > 0.3


def test_evidence_counts_documents_per_member(qa_feat):
    """A list's members by how many documents state the asked fact: Talvane's power coverage is in two
    documents, Orsk's in one, so the least is one and half the members rest on a single document."""
    qa_feat.explain = True
    try:
        out = qa_feat.ask("Which systems cover power?")
    finally:
        qa_feat.explain = False
    f = out["features"]
    assert {e["labels"]["en"] for e in out["answer"]["systems"]} >= {"Talvane ETS", "Orsk ETS"}
    assert f["ev_docs_min"] == pytest.approx(math.log1p(1)) and f["ev_docs_mean"] > f["ev_docs_min"]
    assert f["ev_single"] == pytest.approx(0.5) and f["ev_weak"] == 0.0
    assert "evidence" not in out  # the features' reading, not part of the answer


def explained(engine, text):
    engine.explain = True
    try:
        return engine.ask(text)
    finally:
        engine.explain = False


def test_members_named_by_their_evidence_or_only_as_it(qa_feat):
    """Orsk's and Talvane's power: Talvane's stated by name in the review ("The Talvane ETS covers power
    stations"), Orsk's only as "It covers power": one member of two rests on sentences that do not name it."""
    assert explained(qa_feat, "Which systems cover power?")["features"]["ev_implicit"] == pytest.approx(0.5)


def test_text_answer_names_the_asked_entity_in_its_sentence_or_paragraph(qa_feat):
    named = explained(qa_feat, "How many firms take part in the Orsk ETS?")
    assert named["answer"]["count"] == 140
    assert named["features"]["asked_sentence"] == 1.0 and named["features"]["asked_context"] == 0.0
    # "Roughly 60 cement plants are regulated under it.": only its paragraph names Orsk.
    context = explained(qa_feat, "How many cement plants are regulated under the Orsk ETS?")
    assert context["answer"]["count"] == 60
    assert context["features"]["asked_sentence"] == 0.0 and context["features"]["asked_context"] == 1.0
    graph = explained(qa_feat, "Which systems cover power?")["features"]
    assert graph["asked_sentence"] == graph["asked_context"] == graph["other_entity"] == 0.0  # text answers only


def test_calibrator_probability_and_reasons():
    from search.qa.calibration import Calibrator

    model = Calibrator({"names": ["rule", "misread", "support"], "mean": [0.5, 0.2, 0.3], "scale": [0.2, 0.4, 0.2],
                        "coef": [1.0, -0.5, 0.4], "intercept": 0.0, "threshold": 0.4, "sure": 0.8})
    low = {"rule": 0.3, "misread": 1.0, "graph": 1.0}
    high = {"rule": 0.9, "misread": 0.0, "graph": 1.0}
    assert 0.0 < model.probability(low) < 0.5 < model.probability(high) < 1.0
    why = model.reasons(low, "en")
    assert why["lower"][0].startswith("the rules are unsure") and "some member's fact rests on thin evidence" in why["lower"]
    assert all("sentence" not in w for w in why["raise"] + why["lower"])  # support says nothing of a graph answer
    assert model.reasons(low, "zh")["lower"][0] == "规则对问题理解或答案把握不大"


def test_every_answer_carries_its_probability_and_why(qa_feat):
    out = qa_feat.ask("How many firms take part in the Orsk ETS?")
    assert 0.0 <= out["confidence"] <= 1.0 and set(out["why"]) == {"raise", "lower"}
    assert "the sentence names what was asked about" in out["why"]["raise"]


def test_answer_below_sure_is_given_saying_why(qa_feat):
    from search.qa.calibration import Calibrator

    saved = qa_feat.calibrator
    strict = Calibrator({"names": saved.names, "mean": saved.mean, "scale": saved.scale, "coef": saved.coef,
                         "intercept": saved.intercept, "threshold": 0.0, "sure": 1.0})
    qa_feat.calibrator = strict
    try:
        en = qa_feat.ask("Which systems cover power?")
        zh = qa_feat.ask("哪些碳市场覆盖电力行业？")
    finally:
        qa_feat.calibrator = saved
    assert en["unsure"] and not en.get("abstained") and en["text"].startswith("Not sure (")
    assert {e["labels"]["en"] for e in en["answer"]["systems"]} >= {"Talvane ETS", "Orsk ETS"}
    assert zh["unsure"] and zh["text"].startswith("不确定（")
