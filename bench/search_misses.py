"""The misses of a query set sorted into classes, to see which recur (issue 18; bench/README.md "Search, session 17").

    python bench/search_misses.py (--store DIR | --index DIR) --split dev,frozen --pack-half tune [--show] [--depth 200]

For each query whose answer is not in the top 5, the passages that hold its ``expect`` (or whose aligned
translation does), and of the best of them: its rank within its own language by the search's order
(``Searcher.search(q, depth)``), and the classes it falls in. A miss may fall in several classes:

* ``cross``: the answer is in the other script than the query.
* ``untranslated``: a cross-language query with a content term (not a question word, not part of a mentioned
  name) that has no translation reaching the index; the answer then matches on fewer of its words.
* ``traditional``: the answer passage is written in traditional characters.
* ``table``: the answer passage holds table rows (cells split by "|" / "｜" / tabs).
* ``long``: the answer passage is longer than ``LONG`` units (the answering sentence is a small part of it).
* ``value``: ``expect`` holds a digit (a date or a figure is asked).
* ``same-doc rival`` / ``same-entity rival``: the first passage above the answer in its language is of the
  same document / is tagged with an entity the answer is tagged with (another aspect of the same market).
* ``not found``: no passage holds ``expect`` (a split or a fold the hit rule does not see).

Reads only the packs asked for (``--pack-half``): session 17 read the tune half's misses, never the check half's.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ingest.document import to_simplified  # noqa: E402
from kg.store import Store  # noqa: E402
from search.index import SearchIndex  # noqa: E402
from search.searcher import Searcher  # noqa: E402
from search.tokenize import cjk_share, has_cjk, tokenize  # noqa: E402
from search.translate import UNTRANSLATED  # noqa: E402
from search_corpus_eval import comparable, corpus_queries, cross, hit_rank, pack_of, read_queries, split_packs  # noqa: E402

LONG = 800  # units (a CJK character two): about four English sentences


def _units(text: str) -> int:
    return sum(2 if "\u3400" <= ch <= "\u9fff" else 1 for ch in text)


def is_table(text: str) -> bool:
    return sum(text.count(c) for c in "|｜\t") >= 2


def classes(searcher: Searcher, row: dict, depth: int) -> tuple[list[str], dict]:
    """The classes of one missed query and what was read to find them."""
    index = searcher.index
    want = comparable(row["expect"])
    holders = {i for i, p in enumerate(index.passages) if want in comparable(p.text)}
    holders |= {j for i in holders for j in searcher._aligned[i]}
    out = ["cross"] if cross(row) else ["same"]
    info: dict = {}
    if not holders:
        return out + ["not found"], info
    results = searcher.search(row["query"], depth)
    pos = searcher._pos
    by_lang: dict[str, list[int]] = {}
    for hit in results:
        by_lang.setdefault(hit["lang"], []).append(pos[hit["id"]])
        for t in hit.get("translations", []):
            by_lang.setdefault(t["lang"], []).append(pos[t["id"]])
    best, rank = None, None
    for lang, order in by_lang.items():
        for r, i in enumerate(order, 1):
            if i in holders and (rank is None or r < rank):
                best, rank = i, r
                break
    if best is None:
        best = min(holders)
    p = index.passages[best]
    info.update(rank=rank, lang=p.lang, passage=p.text[:300])
    if p.lang == "zh" and to_simplified(p.text) != p.text:
        out.append("traditional")
    if is_table(p.text):
        out.append("table")
    if _units(p.text) > LONG:
        out.append("long")
    if any(ch.isdigit() for ch in row["expect"]):
        out.append("value")
    if cross(row):
        query_lang = "zh" if cjk_share(row["query"]) > 0.3 else "en"
        terms = searcher._query_terms(row["query"])
        mentioned = searcher.entities.mentioned(row["query"])
        translated = searcher._translations(terms, mentioned, row["query"], query_lang)
        name_terms = {t for iri in mentioned for names in searcher.entities.labels.get(iri, {}).values()
                       for name in ([names] if isinstance(names, str) else names) for t in tokenize(name)}
        lonely = [t for t in dict.fromkeys(terms) if t not in UNTRANSLATED and t not in name_terms
                  and t not in translated and (has_cjk(t) == (query_lang == "zh")) and not t.isdigit()
                  and not any(t in key.split(" ") for key in translated)]
        info["untranslated"] = lonely
        if lonely:
            out.append("untranslated")
    if rank is not None and rank > 1:
        above = [i for i in by_lang[p.lang][:rank - 1] if i not in holders]
        if above:
            rival = index.passages[above[0]]
            info["rival"] = rival.text[:200]
            if rival.doc == p.doc:
                out.append("same-doc rival")
            elif set(rival.entities) & set(p.entities):
                out.append("same-entity rival")
    else:
        out.append("absent" if rank is None else "first in language")
    return out, info


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--store", help="a store written by etskg ingest: its live generation's index")
    where.add_argument("--index", help="an index directory, e.g. one re-made by bench/reindex.py")
    ap.add_argument("--split", default="dev,frozen")
    ap.add_argument("--pack-half", choices=("tune", "check"), required=True)
    ap.add_argument("--depth", type=int, default=200)
    ap.add_argument("--show", action="store_true", help="print each miss with its classes")
    args = ap.parse_args()
    directory = args.index or Path(Store(args.store).current().path) / "index"
    searcher = Searcher(SearchIndex.load(directory))
    rows = read_queries(corpus_queries(args.split))
    kept = set(split_packs(sorted({pack_of(r) for r in rows}), args.pack_half))
    rows = [r for r in rows if pack_of(r) in kept]
    counts: Counter = Counter()
    ranks: Counter = Counter()
    misses = 0
    for row in rows:
        if hit_rank(searcher.search(row["query"], 5), row["expect"], 5):
            continue
        misses += 1
        found, info = classes(searcher, row, args.depth)
        counts.update(found)
        r = info.get("rank")
        ranks["absent" if r is None else "1-2" if r <= 2 else "3-5" if r <= 5 else "6-20" if r <= 20 else "21+"] += 1
        if args.show:
            print(f"{pack_of(row)}/{row['id']} {' '.join(found)} rank {r}: {row['query']}  ->  {row['expect']}")
            for key in ("untranslated", "rival", "passage"):
                if info.get(key):
                    print(f"    {key}: {info[key]}")
    print(f"{len(rows)} queries, {misses} misses")
    print("classes: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()))
    print("answer's rank in its language: " + ", ".join(f"{k} {v}" for k, v in sorted(ranks.items())))


if __name__ == "__main__":
    main()
