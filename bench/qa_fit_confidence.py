"""Fit the Q&A confidence calibration (``search.qa.calibration``) on answered dev questions.

    python bench/qa_fit_confidence.py GOLD_DIR:STORE [GOLD_DIR:STORE ...] [--answers ANSWERS.jsonl] [--write]

Each question is answered with the rules' confidence (no fitted model) and
abstention off, and scored by the evaluation's ``score.py`` as in
``bench/qa_calibrate.py``; every answer's calibration inputs and verdict are
kept (``--answers`` caches them: an existing file is read instead of asking
again). The packs are then split in two halves (alternately, in the order
given): a model is fitted on one half, its threshold chosen there (the one
``choose``: the highest whose accuracy stays within ``KEEP`` of the rules'), and
both are checked on the other half, each way. The figures of the rules'
confidence at their own threshold are printed beside. ``--write`` fits the
model on all packs and writes it to ``search/qa/train/confidence-model.json``.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

# How much accuracy the threshold may give up against the rules' confidence (one question in a hundred).
KEEP = 0.01
C = 0.5  # the regularization of the logistic regression (inverse strength): few questions, many inputs
GRID = [round(x, 2) for x in np.arange(0.2, 0.81, 0.05)]


def collect(pairs: list[str]) -> list[dict]:
    import re
    import subprocess
    import tempfile

    from kg.store import Store
    from qa_calibrate import SCORE
    from search.qa.answer import QA
    from search.qa.calibration import Calibration

    out = []
    for pair in pairs:
        gold, store = pair.split(":", 1)
        gold = Path(gold)
        rows = [json.loads(x) for x in (gold / "questions.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
        QA._engines.clear()
        engine = QA(Store(store).current(), threshold=0.0, calibration=Calibration())
        got = [engine.ask(r["question"]) for r in rows]
        lines = [{"id": r["id"], "answer": x.get("answer"), "citations": x.get("citations", [])}
                 for r, x in zip(rows, got)]
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
            fh.write("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines))
        done = subprocess.run([sys.executable, str(SCORE), "questions", str(gold), fh.name],
                              capture_output=True, text=True)
        wrong = set(re.findall(r"^\s+wrong (\S+)", done.stdout, re.M))
        out += [{"pack": str(gold), "id": r["id"], "lang": r["lang"], "ok": r["id"] not in wrong,
                 "inputs": x.get("confidence_inputs", {}), "source": x.get("source"), "intent": x.get("intent")}
                for r, x in zip(rows, got)]
    return out


def fit(rows: list[dict]):
    from sklearn.linear_model import LogisticRegression

    from search.qa.calibration import FEATURES, Calibration

    X = np.array([[r["inputs"][f] for f in FEATURES] for r in rows])
    y = np.array([r["ok"] for r in rows], dtype=int)
    model = LogisticRegression(C=C, max_iter=2000).fit(X, y)
    return Calibration({f: round(float(w), 4) for f, w in zip(FEATURES, model.coef_[0])},
                       round(float(model.intercept_[0]), 4))


def figures(rows: list[dict], conf: list[float], t: float) -> tuple[float, float]:
    n = max(1, len(rows))
    right = sum(r["ok"] and c >= t for r, c in zip(rows, conf))
    wrong = sum(not r["ok"] and c >= t for r, c in zip(rows, conf))
    return right / n, wrong / n


def choose(rows: list[dict], conf: list[float]) -> float:
    """The highest threshold whose accuracy stays within ``KEEP`` of the rules' at their threshold: as few
    confident-wrong answers as the calibration allows without losing right ones."""
    from search.qa.calibration import RULES_THRESHOLD

    floor = figures(rows, [r["inputs"]["rules"] for r in rows], RULES_THRESHOLD)[0] - KEEP
    kept = [t for t in GRID if figures(rows, conf, t)[0] >= floor - 1e-9]
    return max(kept) if kept else GRID[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sets", nargs="*", help="GOLD_DIR:STORE")
    ap.add_argument("--answers", help="cache of the answered questions (read if it exists, else written)")
    ap.add_argument("--write", action="store_true", help="fit on all and write the model")
    args = ap.parse_args()
    from search.qa.calibration import RULES_THRESHOLD as THRESHOLD

    cache = Path(args.answers) if args.answers else None
    if cache and cache.exists():
        rows = [json.loads(x) for x in cache.read_text(encoding="utf-8").splitlines() if x.strip()]
    else:
        rows = collect(args.sets)
        if cache:
            cache.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    packs = list(dict.fromkeys(r["pack"] for r in rows))
    halves = [set(packs[0::2]), set(packs[1::2])]
    print(f"{len(rows)} questions, {len(packs)} packs; halves: {[sorted(Path(p).parent.name for p in h) for h in halves]}")
    rules = [r["inputs"]["rules"] for r in rows]
    acc, cw = figures(rows, rules, THRESHOLD)
    print(f"rules' confidence at {THRESHOLD}: all {acc:.3f} / {cw:.3f}")
    for a, b in (halves, halves[::-1]):
        train = [r for r in rows if r["pack"] in a]
        test = [r for r in rows if r["pack"] in b]
        model = fit(train)
        t = choose(train, [model(r["inputs"]) for r in train])
        acc_a, cw_a = figures(train, [model(r["inputs"]) for r in train], t)
        acc_b, cw_b = figures(test, [model(r["inputs"]) for r in test], t)
        rb = figures(test, [r["inputs"]["rules"] for r in test], THRESHOLD)
        print(f"fitted on {len(train)}, threshold {t}: fitted half {acc_a:.3f} / {cw_a:.3f}; "
              f"other half {acc_b:.3f} / {cw_b:.3f} (rules there {rb[0]:.3f} / {rb[1]:.3f})")
    model = fit(rows)
    conf = [model(r["inputs"]) for r in rows]
    t = choose(rows, conf)
    print(f"fitted on all: threshold {t}")
    print("| threshold | accuracy | confident-wrong |\n| ---: | ---: | ---: |")
    for g in GRID:
        print("| {} | {:.3f} | {:.3f} |".format(g, *figures(rows, conf, g)))
    print(json.dumps(model.weights))
    if args.write:
        model.threshold = t
        model.save(keep=KEEP, C=C, questions=len(rows))
        print("written", __import__("search.qa.calibration", fromlist=["MODEL"]).MODEL)


if __name__ == "__main__":
    main()
