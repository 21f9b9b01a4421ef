"""Extraction alone, scored: ingest files in memory (no store, no index) and write the facts the scorer reads.

    python bench/extract_eval.py OUT.jsonl FILE... [--gold DIR...]

With --gold the facts are scored by ../shared/eval/score.py (several gold
folders are merged).

The same records `etskg export-facts` writes, made straight from the
pipeline's output so that extraction can be measured per 100 KB and scored
without building a generation.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest import pipeline  # noqa: E402
from kg.views import current_facts  # noqa: E402


def records(ingested):
    labels = {e.iri: e.labels for e in ingested.entities}
    for gf in current_facts(ingested):
        value = {"iri": gf.value, "labels": labels.get(gf.value, {})} if gf.value in labels else gf.value
        ev = gf.evidence[0].to_dict() if gf.evidence else {}
        yield {"subject": {"iri": gf.subject, "labels": labels.get(gf.subject, {})}, "relation": gf.relation,
               "value": value, "evidence": ev}


def merged_gold(folders: list[str]) -> str:
    """One gold folder for several: the scorer reads one systems.tsv and one facts.tsv."""
    if len(folders) == 1:
        return folders[0]
    out = Path(tempfile.mkdtemp(prefix="gold-"))
    for name in ("systems.tsv", "facts.tsv"):
        rows, header = {}, None
        for folder in folders:
            lines = (Path(folder) / name).read_text(encoding="utf-8").splitlines()
            header = header or lines[0]
            for line in lines[1:]:
                key = line.split("\t")[0] if name == "systems.tsv" else line
                rows.setdefault(key, line)
        (out / name).write_text("\n".join([header, *rows.values()]) + "\n", encoding="utf-8")
    return str(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("files", nargs="+")
    ap.add_argument("--gold", nargs="+", help="gold folders; several are merged (systems by id, facts by union)")
    args = ap.parse_args()
    t = time.perf_counter()
    ingested = pipeline.ingest_files(args.files)
    elapsed = time.perf_counter() - t
    size = sum(Path(f).stat().st_size for f in args.files)
    with open(args.out, "w", encoding="utf-8") as fh:
        for row in records(ingested):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"extracted {len(ingested.facts)} facts from {len(args.files)} files ({size / 1000:.0f} KB) in {elapsed:.2f} s "
          f"({elapsed / max(size, 1) * 100_000:.2f} s per 100 KB)", file=sys.stderr)
    if args.gold:
        score = ROOT.parent / "shared" / "eval" / "score.py"
        if not score.is_file():
            sys.exit(f"extract_eval: no scorer at {score} (the clone must sit beside shared/)")
        subprocess.run([sys.executable, str(score), "facts", merged_gold(args.gold), args.out], check=False)


if __name__ == "__main__":
    main()
