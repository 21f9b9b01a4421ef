"""Q&A benchmark: accuracy on the evaluation and hand-written questions, and answer latency.

Usage (from the project root)::

    python3 bench/qa_bench.py                          # ingests the bundled report into a temp store
    python3 bench/qa_bench.py --store /tmp/qa-store    # reuses a store built by `etskg ingest`

Accuracy:

- ``../shared/eval/questions.jsonl`` answered with ``search.qa.answer.batch``
  (the format of ``etskg ask --batch``), written to ``bench/out/qa-eval.jsonl``
  and scored by the evaluation's own ``score.py``, overall and per language
  (a per-language gold folder is the same systems.tsv with that language's
  questions only);
- ``tests/data/paraphrases.jsonl`` (126 questions on the ICAP report) and
  ``tests/data/unseen-questions.jsonl`` (10 questions on the invented report,
  ingested into a temporary store), checked with ``search.qa.evaluate``.

Latency: every paraphrase and evaluation question is asked once to warm up
(label cache, query workers, search index, encoder), then three more times;
a question's time is the median of its three, and the figures are the median
and p90 over questions, for all of them and split by graph and search answers.
Cold start (lexicon from the graph, first graph answer, loading the search
index for the first fallback) is timed separately in a fresh engine.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.store import Store  # noqa: E402
from search.qa.answer import QA, batch  # noqa: E402
from search.qa.evaluate import correct  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
DATA = ROOT / "tests" / "data"
OUT = ROOT / "bench" / "out"
REPEATS = 3


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def ingest(store: Path, files: list[str]) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "etskg.py"), "ingest", "--quiet", "--store", str(store), *files],
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(done.stderr)


def score(gold: Path, answers: Path) -> tuple[float, str]:
    done = subprocess.run([sys.executable, str(EVAL / "score.py"), "questions", str(gold), str(answers)],
                          capture_output=True, text=True)
    return float(re.search(r"accuracy ([\d.]+)", done.stdout).group(1)), done.stdout


def eval_accuracy(gen, work: Path) -> dict:
    rows = read_jsonl(EVAL / "questions.jsonl")
    answers = OUT / "qa-eval.jsonl"
    answers.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in batch(gen, rows)), encoding="utf-8")
    overall, report = score(EVAL, answers)
    result = {"overall": overall, "n": len(rows), "wrong": re.findall(r"wrong (\w+)", report)}
    for lang in ("en", "zh"):
        gold = work / f"gold-{lang}"
        gold.mkdir(exist_ok=True)
        shutil.copy(EVAL / "systems.tsv", gold)
        mine = [r for r in rows if r["lang"] == lang]
        (gold / "questions.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in mine),
                                             encoding="utf-8")
        result[lang] = {"accuracy": score(gold, answers)[0], "n": len(mine)}
    return result


def file_accuracy(qa: QA, path: Path) -> dict:
    rows = read_jsonl(path)
    by: dict[str, list[int]] = {}
    wrong = []
    for r in rows:
        ok = correct(r, qa.ask(r["question"]), qa.lexicon)
        for key in (r["lang"], r["kind"], "all"):
            by.setdefault(key, [0, 0])
            by[key][0] += ok
            by[key][1] += 1
        if not ok:
            wrong.append(r["id"])
    return {key: {"accuracy": round(n / m, 3), "right": n, "n": m} for key, (n, m) in by.items()} | {"wrong": wrong}


def latency(qa: QA, questions: list[str]) -> dict:
    for q in questions:
        qa.ask(q)  # warm-up
    times: dict[str, list[float]] = {"all": [], "graph": [], "search": []}
    for q in questions:
        runs = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            result = qa.ask(q)
            runs.append((time.perf_counter() - started) * 1000)
        t = statistics.median(runs)
        times["all"].append(t)
        times[result.get("source", "graph")].append(t)

    def summary(values: list[float]) -> dict:
        values = sorted(values)
        if not values:
            return {"n": 0}
        return {"n": len(values), "median_ms": round(statistics.median(values), 1),
                "p90_ms": round(values[min(len(values) - 1, int(0.9 * len(values)))], 1),
                "max_ms": round(values[-1], 1)}

    return {key: summary(v) for key, v in times.items()}


def cold_start(gen) -> dict:
    started = time.perf_counter()
    qa = QA(gen)
    engine = time.perf_counter()
    qa.ask("Which systems accept international offsets?")
    first = time.perf_counter()
    qa.ask("How much auction revenue was raised in 2024?")
    search = time.perf_counter()
    return {"engine_ms": round((engine - started) * 1000, 1), "first_graph_answer_ms": round((first - engine) * 1000, 1),
            "first_search_answer_ms": round((search - first) * 1000, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", help="a store holding the bundled report (default: ingest into a temp store)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="qa-bench-") as tmp:
        work = Path(tmp)
        store = Path(args.store) if args.store else work / "icap"
        if not args.store:
            ingest(store, [])
        ingest(work / "unseen", [str(DATA / "unseen-en.txt"), str(DATA / "unseen-zh.txt")])
        gen = Store(store).current()
        cold = cold_start(gen)
        qa = QA(gen)
        results = {
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "cold_start": cold,
            "eval": eval_accuracy(gen, work),
            "paraphrases": file_accuracy(qa, DATA / "paraphrases.jsonl"),
            "unseen": file_accuracy(QA(Store(work / "unseen").current()), DATA / "unseen-questions.jsonl"),
        }
        questions = [r["question"] for r in read_jsonl(DATA / "paraphrases.jsonl") + read_jsonl(EVAL / "questions.jsonl")]
        results["latency"] = latency(qa, questions)
    (OUT / "qa_bench.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
