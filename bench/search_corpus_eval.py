"""Retrieval hit@k of search options over an ingested store, in-process (issue 18's option table).

    python bench/search_corpus_eval.py (--store DIR | --index DIR) (QUERIES.jsonl ... | --split dev|frozen|dev,frozen)
        [--option NAME:key=value,key=value ...] [--k 5] [--misses] [--half tune|check] [--pack-half tune|check]
        [--packs] [--retable] [--lopo]

``DIR`` is a store written by ``etskg ingest`` (its live generation's search
index is loaded once); each ``QUERIES.jsonl`` holds ``{id, query, expect}``
rows (``--split dev`` stands for every corpus pack's ``tests/corpus/*/dev/retrieval.jsonl``),
scored as ``score.py retrieval`` does: a query is a hit when ``expect``
(white space ignored, full-width forms folded as ingest folds them: ``comparable``) is inside one of the first k results or their attached
translations. Each ``--option`` is a ``FusionConfig`` variant, run on the same
index through ``Searcher(index, config=...)`` (the CLI's and the web's code
path, without facets, which only unfiltered queries skip anyway); "default"
always runs first. Queries are split into same-language and cross-language by
the script of the query against that of ``expect``; ``--packs`` prints each
pack's hit rate as well. ``--retable`` re-makes the index's translation table
with this checkout's ``search.translate`` (from the index's own BM25
vocabulary, as a build does), so a store ingested by other code measures
this code's query translation without a rebuild.

Tune only on the corpus's dev queries: the frozen ones and ``../shared/eval``
are held out (bench/README.md says which figure came from which). ``--half``
keeps one half of each queries file (``split_half``): session 9 tuned on the
"tune" half of the dev queries and scored the "check" half as unseen text.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from dataclasses import fields
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.clean import fold  # noqa: E402
from kg.store import Store  # noqa: E402
from search.fusion import FusionConfig  # noqa: E402
from search.index import SearchIndex, _common_terms  # noqa: E402
from search.searcher import Searcher  # noqa: E402
from search.tokenize import cjk_share  # noqa: E402
from search.translate import build_table  # noqa: E402


def parse_option(text: str) -> tuple[str, FusionConfig]:
    """"name:k=7,merge=norm" -> (name, FusionConfig(k=7, merge="norm")); a bad key or value exits with its name."""
    name, _, spec = text.partition(":")
    types = {f.name: f.type for f in fields(FusionConfig)}
    values = {}
    for part in filter(None, spec.split(",")):
        key, _, raw = part.partition("=")
        if key not in types:
            raise SystemExit(f"--option {text!r}: FusionConfig has no field {key!r}")
        kind = {"int": int, "float": float}.get(types[key], str)  # annotations are strings here
        try:
            values[key] = kind(raw)
        except ValueError:
            raise SystemExit(f"--option {text!r}: {key} needs a {kind.__name__}, not {raw!r}") from None
    try:
        return name, FusionConfig(**values)
    except ValueError as err:
        raise SystemExit(f"--option {text!r}: {err}") from None


CORPUS = ROOT / "tests" / "corpus"


def corpus_queries(split: str) -> list[str]:
    """Every corpus pack's queries of one split or of several ("dev,frozen": one store may hold both), in pack
    order: a pack added to tests/corpus is scored without a flag."""
    paths = []
    for name in split.split(","):
        found = sorted(str(p) for p in CORPUS.glob(f"*/{name}/retrieval.jsonl"))
        if not found:
            raise SystemExit(f"{CORPUS}: no pack has {name}/retrieval.jsonl")
        paths += found
    return sorted(paths, key=lambda p: (Path(p).parent.parent.name, p))


def pack_of(row: dict) -> str:
    return Path(row["source"]).resolve().parent.parent.name


def read_queries(paths: list[str]) -> list[dict]:
    rows = []
    for path in paths:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if not {"id", "query", "expect"} <= row.keys():
                raise SystemExit(f"{path}:{n}: a query row needs id, query and expect")
            row["source"] = path
            rows.append(row)
    return rows


def split_half(rows: list[dict], half: str) -> list[dict]:
    """One half of the queries, by a rule fixed before tuning: per file, the rows ordered by the SHA-1 of
    "<pack>/<id>" (the pack: the directory above the file's own), the first half "tune", the rest "check".

    Per file, so each pack gives the same number of queries to each half; by hash, so neither the order in
    which queries were written nor their ids' numbering picks the half.
    """
    by_file: dict[str, list[dict]] = {}
    for row in rows:
        by_file.setdefault(row["source"], []).append(row)
    out = []
    for source, members in by_file.items():
        pack = pack_of(members[0])
        members = sorted(members, key=lambda r: hashlib.sha1(f"{pack}/{r['id']}".encode()).hexdigest())
        cut = len(members) // 2
        out += members[:cut] if half == "tune" else members[cut:]
    return out


def comparable(text: str) -> str:
    """``text`` as ingest shows a passage: full-width forms folded one to one (ingest.clean.fold: "１" -> "1";
    "｜", "％" and Chinese punctuation stay), white space dropped. The passages a search returns went through that fold and the corpus's
    expectations are written as the file has them, so both sides are compared folded."""
    return "".join(map(fold, re.sub(r"\s+", "", text)))


def hit_rank(results: list[dict], expect: str, k: int) -> int | None:
    want = comparable(expect)
    for rank, hit in enumerate(results[:k], 1):
        texts = [hit["text"], *(t["text"] for t in hit.get("translations", []))]
        if any(want in comparable(t) for t in texts):
            return rank
    return None


# Which half each pack is in, fixed before its misses were read: session 17's 24 packs as its SHA-1 rule put them,
# and the packs added since by the session that added them. A rule over the names would move old packs between
# halves as packs are added (with 26 packs it puts europe in "tune", whose misses were never read); a pack not
# listed here is "check", so new text is never tuned on by accident.
TUNE_PACKS = frozenset({
    "almanac", "asia", "askers", "bulletins", "columns", "explainers", "gazette", "notices", "panels", "papers",
    "reports", "statutes",  # session 17
    "memos",  # session 18
})


def split_packs(packs: list[str], half: str) -> list[str]:
    """One half of the packs: "tune" (misses read, changes chosen on them) or "check" (misses never read), by
    ``TUNE_PACKS``. Whole packs, so that what is tuned on one pack's texts and queries is checked on markets,
    places and writers it has never seen."""
    return sorted(p for p in packs if (p in TUNE_PACKS) == (half == "tune"))


def cross(row: dict) -> bool:
    """True when the query and its expected answer are in different scripts."""
    return (cjk_share(row["query"]) > 0.3) != (cjk_share(row["expect"]) > 0.3)


def evaluate(searcher: Searcher, rows: list[dict], k: int) -> dict:
    ranks = {row["id"] + "@" + row["source"]: hit_rank(searcher.search(row["query"], k), row["expect"], k) for row in rows}
    out = {"n": len(rows), "ranks": ranks}
    parts = [("all", lambda r: True), ("same", lambda r: not cross(r)), ("cross", cross)]
    parts += [(f"pack:{p}", lambda r, p=p: pack_of(r) == p) for p in sorted({pack_of(r) for r in rows})]
    for part, keep in parts:
        chosen = [r for r in rows if keep(r)]
        hits = [ranks[r["id"] + "@" + r["source"]] for r in chosen]
        out[part] = {
            "n": len(chosen),
            "hit": sum(h is not None for h in hits) / max(1, len(chosen)),
            "mrr": sum(1 / h for h in hits if h) / max(1, len(chosen)),
        }
    return out


def leave_one_pack_out(results: list[tuple[str, dict]], rows: list[dict]) -> tuple[float, dict[str, str]]:
    """Hit rate when each pack's queries are scored with the option that did best on the other packs' queries
    (the earliest option on a tie, "default" first): a choice among the options that is not tuned on the pack it
    scores. Returns that rate and the option chosen for each pack."""
    packs = sorted({pack_of(r) for r in rows})
    keys = {p: [r["id"] + "@" + r["source"] for r in rows if pack_of(r) == p] for p in packs}
    hits = {name: {key: rank is not None for key, rank in result["ranks"].items()} for name, result in results}
    total, chosen = 0, {}
    for pack in packs:
        others = [key for p in packs if p != pack for key in keys[p]]
        best = max(results, key=lambda item: sum(hits[item[0]][key] for key in others))[0]  # max keeps the first
        chosen[pack] = best
        total += sum(hits[best][key] for key in keys[pack])
    return total / max(1, len(rows)), chosen


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--store", help="a store written by etskg ingest: its live generation's index")
    where.add_argument("--index", help="an index directory (SearchIndex.save), e.g. one built with other settings")
    ap.add_argument("queries", nargs="*")
    ap.add_argument("--split", help="every corpus pack's queries of this split: dev, frozen or dev,frozen")
    ap.add_argument("--packs", action="store_true", help="print each pack's hit rate too")
    ap.add_argument("--retable", action="store_true", help="re-make the translation table with this code first")
    ap.add_argument("--option", action="append", default=[], help="NAME:field=value,... (a FusionConfig variant)")
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--misses", action="store_true", help="list the queries each option misses")
    ap.add_argument("--half", choices=("tune", "check"), help="score one half of each file's queries (split_half)")
    ap.add_argument("--pack-half", choices=("tune", "check"), help="score one half of the packs (split_packs)")
    ap.add_argument("--lopo", action="store_true",
                    help="also score each pack with the option best on the other packs (leave_one_pack_out)")
    args = ap.parse_args()
    if args.index:
        index = SearchIndex.load(args.index)
    else:
        gen = Store(args.store).current()
        if gen is None:
            raise SystemExit(f"{args.store}: no generation (run etskg ingest --store {args.store} first)")
        index = SearchIndex.load(Path(gen.path) / "index")
    if bool(args.queries) == bool(args.split):
        raise SystemExit("give either query files or --split dev|frozen|dev,frozen")
    if args.retable:
        langs = [index.passages[i].lang for i in index.chunk_passage]
        index.translations = build_table(index.bm25.vocab_dict, _common_terms(index.bm25, langs))
    rows = read_queries(args.queries or corpus_queries(args.split))
    if args.half:
        rows = split_half(rows, args.half)
    if args.pack_half:
        kept = set(split_packs(sorted({pack_of(r) for r in rows}), args.pack_half))
        rows = [r for r in rows if pack_of(r) in kept]
    options = [("default", FusionConfig()), *map(parse_option, args.option)]
    print(f"{len(index.passages)} passages, {len(rows)} queries ({sum(map(cross, rows))} cross-language)")
    searcher = None
    results = []
    for name, config in options:
        # One searcher's encoder (and its query cache) serves every option: same vectors, less time.
        searcher = Searcher(index, searcher.encoder if searcher else None, config=config)
        result = evaluate(searcher, rows, args.k)
        results.append((name, result))
        print(f"{name:>24}  hit@{args.k} {result['all']['hit']:.3f}  MRR {result['all']['mrr']:.3f}  "
              f"same {result['same']['hit']:.3f} ({result['same']['n']})  cross {result['cross']['hit']:.3f} ({result['cross']['n']})")
        if args.packs:
            print(f"{'':>26}" + "  ".join(f"{key[5:]} {part['hit']:.2f}" for key, part in result.items() if key.startswith("pack:")))
        if args.misses:
            for key, rank in result["ranks"].items():
                if rank is None:
                    print(f"{'':>26}miss {key}")
    if args.lopo:
        rate, chosen = leave_one_pack_out(results, rows)
        print(f"{'leave one pack out':>24}  hit@{args.k} {rate:.3f}  chosen: " + ", ".join(f"{p} {o}" for p, o in chosen.items()))


if __name__ == "__main__":
    main()
