"""Facts from the PDF and HTML editions of text documents, scored beside the text's own.

    python bench/formats_bench.py FILE.txt... --gold DIR... [--out DIR]

Prints the documents to PDF with headless Chromium and saves them as a web
page (``tests/make_documents.py``), ingests each edition in memory, scores each
with ``../shared/eval/score.py`` and prints a table row per edition: F1,
facts, pages and seconds of PDF reading per page (bench/README.md
"Document formats").
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from extract_eval import merged_gold, records  # noqa: E402
from make_documents import make  # noqa: E402

from ingest import pipeline  # noqa: E402
from ingest.formats import read_source  # noqa: E402

SCORE = ROOT.parent / "shared" / "eval" / "score.py"


def f1(gold: str, facts_file: Path) -> float:
    out = subprocess.run([sys.executable, str(SCORE), "facts", gold, str(facts_file)],
                         capture_output=True, text=True, check=False).stdout
    return float(re.search(r"facts overall .* F1 ([\d.]+)", out).group(1))


def score_edition(files: list[Path], gold: str, out: Path, name: str) -> tuple[float, int]:
    import json

    ingested = pipeline.ingest_files(files)
    path = out / f"{name}.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for row in records(ingested):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return f1(gold, path), len(ingested.facts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--gold", nargs="+", required=True)
    ap.add_argument("--out", type=Path, help="keep the PDFs, pages and facts here")
    args = ap.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="formats-"))
    made = [make(f, out) for f in args.files]
    pdfs = [m["pdf"] for m in made]
    pages, seconds = 0, 0.0
    for pdf in pdfs:
        t = time.perf_counter()
        pages += read_source(pdf).pages
        seconds += time.perf_counter() - t
    gold = merged_gold(args.gold)
    print("| edition | facts F1 | facts | pages | PDF reading, s per page |")
    print("| --- | --- | --- | --- | --- |")
    for name, files in (("text", args.files), ("pdf", pdfs), ("html", [m["html"] for m in made])):
        score, n = score_edition(files, gold, out, name)
        extra = f"{pages} | {seconds / pages:.3f}" if name == "pdf" else " | "
        print(f"| {name} | {score:.3f} | {n} | {extra} |")


if __name__ == "__main__":
    main()
