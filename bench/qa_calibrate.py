"""Accuracy, confident-wrong answers and the abstention threshold of Q&A, on answered question sets.

    python bench/qa_calibrate.py GOLD_DIR:STORE [GOLD_DIR:STORE ...] [--threshold T] [--details OUT.jsonl]

Each GOLD_DIR holds ``systems.tsv`` and ``questions.jsonl`` (the evaluation's
format); STORE is a store built from that set's documents with ``etskg
ingest``. Every question is answered with abstention off and scored by the
evaluation's own ``score.py``; then, for each threshold of a grid, an answer
whose confidence is below it counts as withheld (wrong for accuracy, never
confident-wrong). Prints, per threshold, accuracy and the share of questions
answered wrongly at or above it (confident-wrong), overall and per language:
the dev sets choose ``search.qa.answer.THRESHOLD``. ``--threshold`` prints
the figures at one threshold only (the frozen split is scored this way, once).
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCORE = ROOT.parent / "shared" / "eval" / "score.py"
GRID = (0.0, 0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7)


def answer_set(gold: Path, store: Path) -> list[dict]:
    """One row per question: id, lang, confidence, whether the answer (abstention off) is right."""
    from kg.store import Store
    from search.qa.answer import QA, batch

    rows = [json.loads(line) for line in (gold / "questions.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    QA._engines.clear()
    engine = QA.for_generation(Store(store).current())
    engine.threshold = 0.0
    lines = batch(engine.gen, rows)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        fh.write("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines))
    done = subprocess.run([sys.executable, str(SCORE), "questions", str(gold), fh.name], capture_output=True, text=True)
    wrong = set(re.findall(r"^\s+wrong (\S+)", done.stdout, re.M))
    return [{"set": gold.name, "id": r["id"], "lang": r["lang"], "question": r["question"], "gold": r["answer"],
             "ok": r["id"] not in wrong, "confidence": x.get("confidence", 0.0), "answer": x["answer"],
             "source": x.get("source"), "support": x.get("support")} for r, x in zip(rows, lines)]


def figures(rows: list[dict], t: float) -> tuple[float, float]:
    """(accuracy, confident-wrong share) when answers below ``t`` are withheld."""
    n = max(1, len(rows))
    right = sum(r["ok"] and r["confidence"] >= t for r in rows)
    wrong = sum(not r["ok"] and r["confidence"] >= t for r in rows)
    return right / n, wrong / n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sets", nargs="+", help="GOLD_DIR:STORE")
    ap.add_argument("--threshold", type=float)
    ap.add_argument("--details", help="write every answer with its confidence and verdict here")
    args = ap.parse_args()
    rows = []
    for pair in args.sets:
        gold, store = pair.split(":", 1)
        rows += answer_set(Path(gold), Path(store))
    if args.details:
        Path(args.details).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    grid = (args.threshold,) if args.threshold is not None else GRID
    print(f"{len(rows)} questions\n\n| threshold | accuracy | confident-wrong | en | zh |\n| ---: | ---: | ---: | ---: | ---: |")
    for t in grid:
        acc, cw = figures(rows, t)
        per = [figures([r for r in rows if r["lang"] == lang], t)[0] for lang in ("en", "zh")]
        print(f"| {t:g} | {acc:.3f} | {cw:.3f} | {per[0]:.3f} | {per[1]:.3f} |")


if __name__ == "__main__":
    main()
