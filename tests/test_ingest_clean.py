"""Text clean-up: PDF line breaks joined, offsets kept, bad files refused clearly."""
import pytest

from ingest.clean import IngestError, read_document
from ingest.passages import split_document, split_text


def test_chinese_hard_breaks_are_joined_and_offsets_point_back(corpus_dir):
    path = corpus_dir / "icap-2025-zh.txt"
    original = read_document(path)
    passages = split_document(path)
    korea = next(p for p in passages if p.heading == "韩国")
    assert "覆盖电力、工业、建筑、废弃物、交通、国内航空和海运等行业" in korea.text
    for sent in korea.sentences:
        raw = original[sent.start:sent.end]
        assert raw.replace("\n", "").replace(" ", "") == sent.text.replace(" ", "")


def test_paragraph_split_by_a_page_break_is_one_passage(corpus_dir):
    passages = split_document(corpus_dir / "icap-2025-zh.txt")
    assert "共同应对气候变化及其带来的严峻挑战" in passages[0].text


def test_sections_and_headings(corpus_dir):
    passages = split_document(corpus_dir / "icap-2025-en.txt")
    austria = next(p for p in passages if p.heading == "Austria")
    assert austria.section == "review/europe-central-asia"
    assert {p.section for p in passages} >= {"foreword", "trends", "review/asia-pacific", "infographics/levels"}
    assert len({p.id for p in passages}) == len(passages)


def test_every_passage_offset_maps_to_its_text(corpus_dir):
    for name in ("icap-2025-en.txt", "icap-2025-zh.txt"):
        original = read_document(corpus_dir / name)
        for p in split_document(corpus_dir / name):
            squashed = "".join(original[p.start:p.end].split())
            assert "".join(p.text.split()) in squashed or squashed == "".join(p.text.split())


@pytest.mark.parametrize("content,message", [
    (b"", "empty"),
    (b"\x00\x01\x02binary\x00", "binary"),
    ("碳市场".encode("gbk"), "not UTF-8"),
])
def test_bad_files_get_one_clear_error(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(IngestError, match=message):
        read_document(path)


def test_missing_file(tmp_path):
    with pytest.raises(IngestError, match="no such file"):
        read_document(tmp_path / "nope.txt")


def test_utf16_with_bom_is_read(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes("Kestria: Kestria launched its ETS in 2019.".encode("utf-16"))
    assert read_document(path).startswith("Kestria")


def test_odd_unicode_keeps_offsets():
    text = "Kestria: The Kestria ETS\u200b started in ２０１９ and covers the power sector."
    (p,) = split_text(text, "odd")
    assert "2019" in p.text
    i = p.text.index("2019")
    assert text[p.origin[i]:p.origin[i + 3] + 1] == "２０１９"


def test_full_width_forms_fold_but_chinese_punctuation_percent_and_table_bars_stay():
    from ingest.clean import fold

    assert "".join(map(fold, "２０２５ＡＢ")) == "2025AB"
    assert "".join(map(fold, "上限为10％｜（一）：，")) == "上限为10％｜（一）：，"


def test_a_short_chinese_heading_line_is_not_run_into_its_paragraph():
    from ingest.passages import split_text

    text = ("日期：2026年3月1日\n\n启动\n该市于2020年发布交易管理暂行办法，2021年7月正式开市交易，首个履约期为三年。\n\n"
            "本市碳市场覆盖港口、公共建筑和工业三大领域中年综合能耗五千吨标准煤以上的单位，\n共计一百四十六家。\n")
    passages = [p.text for p in split_text(text, "t-zh")]
    assert not any("启动该市" in p for p in passages), passages
    assert any(p.startswith("该市于2020年") for p in passages), passages
    assert any("以上的单位，共计一百四十六家" in p for p in passages), passages  # a wrapped line is still joined


def test_chinese_spaced_out_one_character_at_a_time_is_read_as_words():
    from ingest.clean import Clean

    out = Clean()
    out.add("深 圳 试 点 覆 盖 电 力 。第三条 省生态环境厅负责。体系      状态", 100)
    assert out.text == "深圳试点覆盖电力。第三条 省生态环境厅负责。体系      状态"
    # each kept character still points at its place in the original
    assert out.origin[:3] == [100, 102, 104]


def test_a_deck_of_short_blocks_is_not_one_passage():
    # Each slide is a short block of bullet lines, apart from the next by a blank line: read as lists, they used
    # to run together into one passage of the whole deck, which then matched every query about any market in it.
    slides = []
    for n, (place, year, sectors) in enumerate([("Varnholm", 2019, "power · cement"), ("Ostrelia", 2021, "steel"),
                                                ("Quennby", 2022, "aviation · ports"), ("Dallowfield", 2024, "waste")]):
        slides.append(f"SLIDE {n + 1} — {place.upper()}\n• Launch: {year} (trading)\n• Scope: {sectors}\n"
                      f"• Offsets: domestic credits up to 5%\nSpeaker notes:\n"
                      + f"The {place} scheme opened for trading in {year} after two years of reporting. " * 5)
    passages = split_text("\n\n".join(slides), "deck")
    assert len(passages) > 1 and all(len(p.text) <= 1400 for p in passages)
    assert "".join(p.text for p in passages).count("SLIDE") == 4  # nothing lost


def test_an_infographic_list_of_short_items_stays_one_passage():
    items = "\n\n".join(f"Market {c}\n{n} installations" for n, c in zip(range(100, 900, 100), "ABCDEFGH"))
    passages = split_text(items, "legend")
    assert len(passages) == 1 and passages[0].text.count("installations") == 8


def test_a_numbered_chinese_heading_alone_above_a_blank_line_is_not_run_into_the_paragraph():
    text = ("二、岚港试点：抵销比例下调，物流企业正式纳入管理\n\n岚港市生态环境局2月10日印发通知，两项调整均自2025年度起执行，"
            "抵销比例由10%下调至8%。")
    passages = split_text(text, "t-zh")
    assert passages[0].text == "二、岚港试点：抵销比例下调，物流企业正式纳入管理"
    assert passages[1].text.startswith("岚港市生态环境局")
    # a paragraph a page break cut (its first line as long as the lines after it) still runs on
    cut = "（一）发挥碳排放权交易试点作用，我省碳排放权交易试点自开市以来已纳入电力水泥\n\n钢铁陶瓷四个行业的企业。"
    assert len(split_text(cut, "t-zh")) == 1


def test_a_numbered_chinese_heading_with_a_colon_right_above_its_paragraph_is_its_own_line():
    text = "二、海外：澜洲与岚港\n澜洲碳市场自2019年起覆盖电力行业，岚港试点则在今年把物流企业纳入了管理范围。"
    passages = split_text(text, "t-zh")
    assert [p.text for p in passages][:2] == ["二、海外：澜洲与岚港", text.split("\n")[1]]
    # a numbered line that ends a sentence is a paragraph of its own already; one as long as the next runs on
    wrapped = "（一）发挥碳排放权交易试点作用，我省碳排放权交易试点自开市以来已纳入电\n力水泥钢铁陶瓷四个行业的企业。"
    assert len(split_text(wrapped, "t-zh")) == 1


def _sentences(passages):
    return [s.text for p in passages for s in p.sentences]


def test_running_headers_footers_and_page_numbers_are_skipped_and_the_paragraph_goes_on():
    header = "Ostrelian Carbon Office — Yearbook 2031          Page {} of 7"
    text = (f"{header.format(2)}\n\nThe Ostrelia scheme covered cement kilns and glass works from the start. The\n\n"
            f"{header.format(3)}\n\nregistry opened for trading in March 2029.\n\n— 4 —\n\n"
            "Ports were added in 2030. The scheme now covers\n\n·5·\n\nferry operators as well.")
    passages = split_text(text, "t-en")
    original = text
    sentences = _sentences(passages)
    assert "The registry opened for trading in March 2029." in sentences
    assert "The scheme now covers ferry operators as well." in sentences
    assert not any("Page" in s or "—" in s or "·" in s for s in sentences)
    for p in passages:  # every character still points at itself in the file
        assert all(original[at] == ch for ch, at in zip(p.text, p.origin) if not ch.isspace())
    # a bare figure alone on a line is an infographic's, not a page number
    assert "41%" in " ".join(p.text for p in split_text("Share of emissions covered\n\n41%\nof Ostrelia's total", "t-en"))


def test_a_chinese_running_header_and_a_contents_page_are_not_read():
    text = ("目 录\n一、澜洲碳市场概况…………………………………1\n二、岚港试点…………………………………………3\n\n"
            "澜洲能源年鉴（2031）                              ·2·\n\n"
            "澜洲碳市场自2028年起覆盖电力、玻璃和造纸行业，首批纳入企业约二百\n\n"
            "澜洲能源年鉴（2031）                              ·3·\n\n"
            "家，配额按强度基准分配。\n")
    sentences = _sentences(split_text(text, "t-zh"))
    assert "澜洲碳市场自2028年起覆盖电力、玻璃和造纸行业，首批纳入企业约二百家，配额按强度基准分配。" in sentences
    assert not any("年鉴" in s or "…" in s for s in sentences)


def test_a_word_hyphenated_over_a_line_break_is_read_whole():
    # (a compound broken at its only hyphen, "cross-/border", cannot be told from a broken word without a dictionary)
    text = ("The Quennby scheme covers elec-\ntricity generators and ferries; its cap-and-\ntrade design "
            "follows the Ostrelia ETS (OE-\nETS).")
    p = split_text(text, "t-en")[0]
    assert p.text == ("The Quennby scheme covers electricity generators and ferries; its cap-and-trade "
                      "design follows the Ostrelia ETS (OE-ETS).")
    start = p.text.index("electricity")
    assert text[p.origin[start]:p.origin[start + len("electricity") - 1] + 1] == "elec-\ntricity"


def test_ligatures_expand_and_glued_footnote_markers_drop_with_offsets_kept():
    text = "Reﬁneries and ﬂights joined the Varnholm scheme in 2027²; 澜洲试点自2026年起纳入数据中心①。"
    p = split_text(text, "t-mixed")[0]
    assert "Refineries and flights joined the Varnholm scheme in 2027;" in p.text
    assert "2026年起纳入数据中心。" in p.text
    i = p.text.index("flights")
    assert text[p.origin[i]] == "ﬂ" and text[p.origin[i + 2]] == "i"


def test_bullets_captions_footnotes_and_numbered_headings_stand_apart():
    text = ("2 The Dallowfield market\n2.1 Scope\nThe Dallowfield market covers paper mills and\nbreweries.\n"
            "Figure 2 Dallowfield allowance prices, 2026–2030\n"
            "• The regulator will report again in 2032.\n• A price of D$12 is shown for\n  information only.\n"
            "¹ Dallowfield Climate Act 2019, s. 4.\n")
    sentences = _sentences(split_text(text, "t-en"))
    assert "The Dallowfield market covers paper mills and breweries." in sentences
    assert "• The regulator will report again in 2032." in sentences
    assert "• A price of D$12 is shown for information only." in sentences
    assert not any("Scope The" in s or "breweries. Figure" in s or "2032. •" in s for s in sentences)
    assert "2.1 Scope" in sentences and "Figure 2 Dallowfield allowance prices, 2026–2030" in sentences
    # an unnumbered heading above its paragraph, a numbered one and a figure's number end no sentence
    more = _sentences(split_text("Registrar's note\nThis was the first year of the Quennby registry.\n\n3. CONCLUSION\n\n"
                                 "Fig. 4. Quennby prices, 2027–2030\n", "t-en"))
    assert more == ["Registrar's note", "This was the first year of the Quennby registry.", "3. CONCLUSION",
                    "Fig. 4. Quennby prices, 2027–2030"]
    zh = "二、岚港试点\n岚港试点覆盖陶瓷和物流企业，抵销比例不超过5%①。\n■ 累计成交额约12亿元\n图2 岚港试点成交量（2026—2030年）\n① 见岚港市办法第五条。\n"
    zh_sentences = _sentences(split_text(zh, "t-zh"))
    assert "岚港试点覆盖陶瓷和物流企业，抵销比例不超过5%。" in zh_sentences
    assert "■ 累计成交额约12亿元" in zh_sentences and "① 见岚港市办法第五条。" in zh_sentences


def test_a_flattened_chinese_table_is_read_row_by_row():
    text = ("表4 各试点概况\n试点 启动年份 覆盖行业\n岚港 2026年3月 陶瓷、物流 澜洲 2028年1月 电力、玻璃、\n造纸 "
            "砚川 2029年6月 钢铁\n")
    p = split_text(text, "t-zh")[0]
    assert p.text.split("\n")[1:] == ["试点\t启动年份\t覆盖行业", "岚港\t2026年3月\t陶瓷、物流", "澜洲\t2028年1月\t电力、玻璃、造纸",
                                      "砚川\t2029年6月\t钢铁"]
    i = p.text.index("造纸")
    assert text[p.origin[i]:p.origin[i] + 2] == "造纸"
    # header and rows on one line, a label and figures per row
    one = split_text("地区 产量 排放 澜洲 120 40 岚港 90 35\n", "t-zh")[0]
    assert one.text.split("\n") == ["地区\t产量\t排放", "澜洲\t120\t40", "岚港\t90\t35"]
    # words in a list that happen to be spaced are no table
    assert "\t" not in split_text("覆盖行业 电力 钢铁 水泥\n", "t-zh")[0].text




def test_a_heading_over_bullets_keeps_its_items_and_a_wrapped_bullet_goes_on():
    text = "2. Varnholm\n- The scheme opened in 2027 and covers paper mills.\n- Offsets are capped at 4%.\n"
    passages = split_text(text, "t-en")
    assert [p.text for p in passages] == [text.strip()]
    bullets = "• The registry reopens in 2031.\n• Prices of V$9 are shown for\n  information only.\n"
    assert split_text(bullets, "t-en")[0].text.split("\n") == ["• The registry reopens in 2031.",
                                                                "• Prices of V$9 are shown for information only."]
