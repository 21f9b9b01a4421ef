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
