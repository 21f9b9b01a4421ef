"""Facts F1 per genre over split folders of the development corpus (bench/README.md "Extraction").

    python bench/extract_by_genre.py tests/corpus/*/frozen

Each corpus file is named PACK-NN-GENRE-LANG.txt. The files of one genre
(all packs together) are ingested in memory into one store's worth of facts
and scored by ../shared/eval/score.py against the gold of those files: the
rows of their folders' facts.tsv whose evidence is in them, and the systems
those rows are about (with the status, level and design systems.tsv gives
them). A file whose gold has no facts (a distractor) counts through
precision only. The last row is all files together. Prints a Markdown table.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from extract_eval import records  # noqa: E402

from ingest import pipeline  # noqa: E402
from ingest.clean import squash  # noqa: E402

SCORE = ROOT.parent / "shared" / "eval" / "score.py"


def gold_of(files: list[Path], out: Path) -> Path:
    """A gold folder with the facts stated in ``files`` and the systems they are about."""
    texts = [squash(f.read_text(encoding="utf-8")) for f in files]
    facts, systems, header = [], {}, ""
    for folder in sorted({f.parent for f in files}):
        lines = (folder / "facts.tsv").read_text(encoding="utf-8").splitlines()
        for line in lines[1:]:
            evidence = line.split("\t")[3] if line.count("\t") >= 3 else ""
            if any(squash(evidence) in t for t in texts):
                facts.append(line)
        rows = (folder / "systems.tsv").read_text(encoding="utf-8").splitlines()
        header = rows[0]
        for row in rows[1:]:
            systems.setdefault(row.split("\t")[0], row)
    wanted = {line.split("\t")[0] for line in facts}
    out.mkdir(parents=True, exist_ok=True)
    (out / "facts.tsv").write_text("\n".join(["system_id\trelation\tvalue\tevidence", *facts]) + "\n", encoding="utf-8")
    kept = [row for sid, row in systems.items() if sid in wanted]
    (out / "systems.tsv").write_text("\n".join([header, *kept]) + "\n", encoding="utf-8")
    return out


def f1(files: list[Path], out: Path) -> tuple[str, int]:
    ingested = pipeline.ingest_files(files)
    with open(out, "w", encoding="utf-8") as fh:
        for row in records(ingested):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    gold = gold_of(files, out.with_suffix(""))
    text = subprocess.run([sys.executable, str(SCORE), "facts", str(gold), str(out)], capture_output=True,
                          text=True).stdout
    found = re.search(r"facts overall P [\d.]+ +R [\d.]+ +F1 ([\d.]+)", text)
    if not (gold / "facts.tsv").read_text(encoding="utf-8").strip().count("\n"):
        return f"no facts to find; {sum(1 for _ in open(out, encoding='utf-8'))} extracted", len(files)
    return (f"{float(found.group(1)):.3f}" if found else "0.000"), len(files)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folders", nargs="+", type=Path)
    args = ap.parse_args()
    by_genre: dict[str, list[Path]] = defaultdict(list)
    for folder in args.folders:
        for f in sorted(folder.glob("*.txt")):
            m = re.match(r"[a-z]+-\d+-([a-z]+)-", f.name)
            by_genre[m.group(1) if m else "other"].append(f)
    tmp = Path(tempfile.mkdtemp(prefix="genres-"))
    print("| genre | files | facts F1 |\n| --- | --- | --- |")
    for genre, files in sorted(by_genre.items()):
        score, n = f1(files, tmp / f"{genre}.jsonl")
        print(f"| {genre} | {n} | {score} |", flush=True)
    score, n = f1([f for files in by_genre.values() for f in files], tmp / "all.jsonl")
    print(f"| all | {n} | {score} |")


if __name__ == "__main__":
    main()
