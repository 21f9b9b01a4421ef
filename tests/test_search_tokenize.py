"""The BM25 tokenizer: Chinese is segmented (never dropped), English and numbers kept."""
from search.tokenize import clean, cjk_share, month_token, normalize_with_map, token_spans, tokenize


def test_chinese_text_yields_chinese_tokens():
    tokens = tokenize("俄勒冈州重新启动了气候保护计划")
    assert "俄勒冈州" in tokens
    assert "气候" in tokens
    assert all(tokens), "no empty tokens"


def test_chinese_only_text_is_never_empty():
    for text in ["碳市场", "韩国", "配额分配计划"]:
        assert tokenize(text), text


def test_mixed_script_keeps_both_and_numbers():
    tokens = tokenize("韩国碳市场K-ETS于2015年启动，抵消上限为3.3%，覆盖1,000家企业")
    assert {"韩国", "2015", "3.3", "1000", "ets", "启动"} <= set(tokens)


def test_english_lowercased_plural_stripped_stopwords_dropped():
    tokens = tokenize("The Credits and Regulations of Canada's program in 2021")
    assert tokens == ["credit", "regulation", "canada", "program", "2021"]
    assert tokenize("OBPS") == tokenize("obps")


def test_a_plural_in_es_after_a_sibilant_loses_both_letters():
    # "taxes" is "tax" + "es": stripping the "s" alone left "taxe", which never met "tax".
    assert tokenize("taxes approaches businesses buzzes wishes") == ["tax", "approach", "business", "buzz", "wish"]
    assert tokenize("rates prices trades") == ["rate", "price", "trade"]  # an "e" of the word itself stays


def test_full_width_forms_fold_to_ascii():
    assert tokenize("ＥＴＳ２０２４") == tokenize("ETS2024") == ["ets", "2024"]


def test_hard_line_break_inside_a_chinese_word_is_joined():
    assert "重新启动" in tokenize("俄勒冈州重新\n启动了计划")
    assert clean("重新\n启动 of the\nplan") == "重新启动 of the plan"


def test_token_spans_point_into_the_original_text():
    text = "俄勒冈州重新\n启动 ＥＴＳ Credits"
    spans = {tok: text[s:e] for tok, s, e in token_spans(text)}
    assert spans["重新启动"] == "重新\n启动"
    assert spans["ets"] == "ＥＴＳ"
    assert spans["credit"] == "Credits"


def test_normalize_map_has_one_origin_per_character():
    text = "  Ａ\n\n碳\n市场 x "
    norm, where = normalize_with_map(text)
    assert norm == "a碳市场 x"  # a break next to Chinese is a PDF artefact: no space
    assert len(where) == len(norm)
    assert [text[i] for i in where if not text[i].isspace()] == ["Ａ", "碳", "市", "场", "x"]


def test_emoji_and_symbols_do_not_break_tokenizing():
    assert tokenize("🙂🔥 carbon 碳 ✓") == ["carbon", "碳"]
    assert tokenize("🙂🔥") == []


def test_cjk_share():
    assert cjk_share("碳市场") == 1.0
    assert cjk_share("carbon market") == 0.0
    assert cjk_share("123 !!") == 0.0


def test_a_month_is_one_token_in_either_language():
    month = month_token(1)
    assert month in tokenize("2027年1月起") and month in tokenize("January 2027") and month in tokenize("一月")
    assert month_token(12) in tokenize("12月31日收盘价") and month_token(12) in tokenize("十二月")
    assert month_token(5) in tokenize("1 May 2024") and month_token(5) in tokenize("in May 2024")
    months = {month_token(n) for n in range(1, 13)}
    assert not months & set(tokenize("firms may apply") + tokenize("3个月") + tokenize("13月") + tokenize("每月"))
    assert "january" in tokenize("January")  # the word stays too


def test_a_month_token_points_at_the_characters_it_stands_for():
    text = "自2027年1月起"
    spans = {tok: (s, e) for tok, s, e in token_spans(text)}
    s, e = spans[month_token(1)]
    assert text[s:e] == "1月"
