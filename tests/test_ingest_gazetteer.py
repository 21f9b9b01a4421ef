"""The place gazetteer: ISO 3166 and CLDR names in both languages, with place types."""
from ingest.document import detect_script, to_simplified
from ingest.gazetteer import gazetteer


def test_countries_and_subdivisions_in_both_languages_with_their_types():
    g = gazetteer()
    assert g.lookup("Kazakhstan", "en").type == "country"
    assert g.lookup("哈萨克斯坦", "zh").id == g.lookup("Kazakhstan", "en").id
    hubei = g.lookup("Hubei", "en")
    assert hubei.type == "subnational" and g.lookup("湖北省", "zh") is hubei and g.lookup("湖北", "zh") is hubei
    assert g.lookup("Saskatchewan", "en").type == "subnational"
    assert g.lookup("Beijing", "en").type == "city"  # a municipality directly under the central government
    assert g.lookup("European Union", "en").type == "supranational"


def test_find_prefers_the_longest_name_and_reads_possessives():
    g = gazetteer()
    found = [(p.id, text) for s, e, p in g.find("New Zealand's scheme and Nova Scotia's OBPS", "en")
             for text in ["New Zealand's scheme and Nova Scotia's OBPS"[s:e]]]
    assert found == [("nz", "New Zealand"), ("ca-ns", "Nova Scotia")]
    assert [p.id for *_, p in g.find("魁北克与加州的碳市场", "zh")] == ["ca-qc", "us-ca"]


def test_common_words_are_not_places():
    assert gazetteer().find("Central banks and Western analysts said", "en") == []


def test_traditional_chinese_is_matched_through_simplified_forms():
    text = "德國與奧地利的碳市場"
    simple = to_simplified(text)
    assert len(simple) == len(text)
    assert detect_script(text, "zh") == "Hant" and detect_script(simple, "zh") == "Hans"
    assert [p.id for *_, p in gazetteer().find(simple, "zh")] == ["de", "at"]


def test_simplified_text_is_left_as_written_while_traditional_phrases_convert():
    # "首批覆盖" (the first batch covers) holds 批覆 across a word boundary; a phrase conversion made it 批复.
    assert to_simplified("该市场首批覆盖钢铁行业") == "该市场首批覆盖钢铁行业"
    # A traditional character still takes the phrase's reading: 計畫 is 计划, not 计画.
    assert to_simplified("該計畫於明年啟動") == "该计划于明年启动"


def test_taiwan_and_hong_kong_names_of_countries_find_the_country():
    # CLDR's zh_Hant and zh_Hant_HK names, matched in simplified form as all Chinese text is.
    g = gazetteer()
    assert g.lookup("哈萨克", "zh").id == "kz"
    assert g.lookup("纽西兰", "zh").id == "nz"
    assert g.lookup("澳洲", "zh").id == "au"


def test_the_mainland_is_china():
    # Hong Kong and Taiwan texts call China's national market the mainland's ("內地的全國碳市場").
    assert gazetteer().lookup("内地", "zh").id == "cn" and gazetteer().lookup("中国大陆", "zh").id == "cn"
    assert [p.id for *_, p in gazetteer().find(to_simplified("內地的全國碳市場"), "zh")] == ["cn"]


def test_a_capital_stands_for_its_country_in_both_languages():
    g = gazetteer()
    assert g.lookup("Ottawa", "en").id == "ca"
    assert g.lookup("渥太华", "zh").id == "ca"
    assert g.lookup("Wellington", "en").id == "nz"
    # A capital that is a place of its own keeps it: Beijing and Tokyo run pilots of their own.
    assert g.lookup("北京", "zh").id == "cn-bj"
    assert g.lookup("东京", "zh").type != "country"
    # Brussels speaks for the European Union, not for Belgium.
    assert g.lookup("Brussels", "en").id == "eu"
    # Capitals of states are left out: many are people's names too.
    assert g.lookup("Jackson", "en") is None


def test_a_treaty_named_after_a_city_is_no_mention_of_the_place():
    g = gazetteer()
    assert [p.id for _, _, p in g.find("Signatories of the Paris Agreement met in Canberra.", "en")] == ["au"]
    assert [p.id for _, _, p in g.find("根据巴黎协定，惠灵顿提高了目标。", "zh")] == ["nz"]


def test_the_plural_of_a_demonym_names_its_country():
    assert [p.id for _, _, p in gazetteer().find("Many Canadians and Koreans pay a carbon price.", "en")] == ["ca", "kr"]


def test_a_countrys_official_chinese_name_is_one_of_its_names():
    # Laws and ministries write "中华人民共和国生态环境部": the official name, from iso-codes, names China.
    g = gazetteer()
    assert g.lookup("中华人民共和国", "zh").id == "cn" and g.lookup("大韩民国", "zh").id == "kr"
    assert [p.id for *_, p in g.find("由中华人民共和国生态环境部主管", "zh")] == ["cn"]
