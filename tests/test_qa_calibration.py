"""The features a learned calibrator would weigh (search.qa.calibration), over a small invented store: they
are computed only when asked (``QA.explain``, as bench/qa_calibrate.py does), and say what they claim to."""
import math

import pytest

from conftest import qa_over_texts

DOCS = {
    "talvane-en.txt": "Date: 2025-02-01 Talvane note\n\nThe Talvane ETS started trading in May 2021. It covers power and cement.\n\n"
                      "The Orsk ETS started trading in 2019. It covers power. About 140 firms take part in the Orsk ETS.\n",
    "talvane-review.txt": "Date: 2025-06-01 Talvane review\n\nThe Talvane ETS covers power stations above 20 MW.\n",
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
