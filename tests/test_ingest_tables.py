"""Text tables and data records (ingest.tables, ingest.clean, ingest.relations): a row is about the system its name
cell names, a cell means what its header says, and a record's field what its key says."""
from ingest.passages import split_text
from ingest.pipeline import read_document_facts
from ingest.tables import document_tables

TABLE_ZH = """日期：2025年3月1日
东岭地区碳市场一览

体系｜启动时间｜覆盖行业｜抵销规则
榕川省碳排放权交易体系｜2017年5月｜水泥、钢铁｜国内抵销不超过6%
琴屿市碳排放交易体系｜2020年1月｜电力、商业建筑｜不允许抵销

注：本表不含碳税。"""

TABLE_EN = """Date: 2025-03-01

Note: the columns are System | Launched | Sectors.

Pellmark ETS | March 2016 | power, steel
Ostvale ETS | July 2022 | cement

Neither system allows international credits."""

# A first column of bare places, under a header that says they are pilots.
PILOTS_ZH_HANT = """日期：2024年7月1日

試點｜啟動交易日期｜主要納管行業
深圳｜2013年6月18日｜製造業
湖北｜2014年4月2日｜鋼鐵、水泥"""


def facts_of(text, doc):
    r = read_document_facts(text, doc)
    return r, {(f.system, f.relation, f.value) for f in r.facts}


def test_rows_are_found_with_the_headers_of_their_cells():
    passages = split_text(TABLE_ZH, "t-zh")
    rows = list(document_tables(passages).values())
    assert len(rows) == 2
    text = {p.id: p.text for p in passages}[rows[0].passage]
    assert [(h, text[a:b]) for h, (a, b) in zip(rows[0].headers, rows[0].cells)] == [
        ("体系", "榕川省碳排放权交易体系"), ("启动时间", "2017年5月"), ("覆盖行业", "水泥、钢铁"), ("抵销规则", "国内抵销不超过6%")]


def test_each_cell_is_read_as_its_header_says_and_only_for_its_row():
    _, facts = facts_of(TABLE_ZH, "t-zh")
    a, b = "new:榕川省", "new:琴屿市"
    assert {(a, "start_year", "2017-05"), (a, "sector", "cement"), (a, "sector", "steel"), (a, "offset_limit_pct", "6"),
            (b, "start_year", "2020-01"), (b, "sector", "power"), (b, "offset_rule", "none")} <= facts
    assert (a, "sector", "power") not in facts and (b, "sector", "cement") not in facts


def test_a_header_in_a_note_above_the_rows_names_the_columns():
    _, facts = facts_of(TABLE_EN, "t-en")
    assert {("new:pellmark", "start_year", "2016-03"), ("new:pellmark", "sector", "steel"),
            ("new:ostvale", "start_year", "2022-07"), ("new:ostvale", "sector", "cement")} <= facts
    assert ("new:ostvale", "sector", "steel") not in facts


def test_a_bare_place_under_a_market_header_stands_for_its_market():
    r, facts = facts_of(PILOTS_ZH_HANT, "t-zh")
    assert ("place:cn-hb", "start_year", "2014-04") in facts and ("place:cn-hb", "sector", "steel") in facts
    assert any(f.relation == "start_year" and f.value == "2013-06" for f in r.facts)


def test_evidence_of_a_cell_stays_on_its_row():
    r, _ = facts_of(TABLE_ZH, "t-zh")
    ev = next(f.evidence for f in r.facts if f.relation == "start_year" and f.system == "new:琴屿市")
    assert "\n" not in ev.text and "2020年1月" in ev.text and TABLE_ZH[ev.start:ev.end] == ev.text


# Cells with an offsets column: a table, not an offsets chart of "<system> <share>%" rows.
PILOTS_OFFSETS_ZH = """日期：2023年6月30日
试点对照表

试点 | 开市时间 | 主要覆盖行业 | 抵销上限
天津 | 2013年12月 | 热力、钢铁 | 10%
湖北 | 2014年4月 | 水泥 | 10%
重庆 | 2014年6月 | 工业企业 | 8%"""


def test_a_table_with_an_offsets_column_is_read_cell_by_cell_and_names_its_pilots():
    r, facts = facts_of(PILOTS_OFFSETS_ZH, "t-zh")
    assert {("place:cn-hb", "start_year", "2014-04"), ("place:cn-hb", "offset_limit_pct", "10"),
            ("place:cn-hb", "sector", "cement"), ("place:cn-cq", "offset_limit_pct", "8")} <= facts
    assert "湖北试点" in r.systems["place:cn-hb"].names


# A plain-text table with a rule under its header, and a first cell giving a name and its acronym.
RULED_EN = """Date: 2026-02-10

Market            | Start     | Sectors                | Offsets
----------------- | --------- | ---------------------- | ---------------------
Corvello (CVTS)   | Apr 2021  | power, cement          | domestic only, max 7%
Brask (BETS)      | 2019      | power, steel, aviation | none

The CVTS has been linked with the BETS since 1 January 2025."""


def test_a_rule_under_the_header_is_not_a_header_and_a_name_with_an_acronym_is_a_market():
    r, facts = facts_of(RULED_EN, "t-en")
    keys = {s for s, rel, v in facts if rel == "start_year"}
    assert len(keys) == 2, sorted(facts)
    cvts = next(s for s, rel, v in facts if rel == "start_year" and v == "2021-04")
    bets = next(s for s, rel, v in facts if rel == "start_year" and v == "2019")
    assert {(cvts, "sector", "cement"), (cvts, "offset_limit_pct", "7"), (bets, "sector", "aviation"),
            (cvts, "linked_with", bets)} <= facts, sorted(facts)


def test_a_cells_evidence_is_its_row_from_the_name_to_the_value():
    r = read_document_facts(RULED_EN, "t-en")
    start = next(f for f in r.facts if f.relation == "start_year" and f.value == "2021-04")
    assert start.evidence.text.startswith("Corvello (CVTS)") and start.evidence.text.rstrip().endswith("Apr 2021")
    assert RULED_EN[start.evidence.start:start.evidence.end] == start.evidence.text


# A Markdown table whose header carries figures ("Cap 2024"), with outer bars and a column of shares.
MARKDOWN_EN = """Date: 2025-02-10

| Market | Started | Covered sectors | Offset ceiling (%) | Cap 2024 (Mt) |
|:---|:---:|---|---|---|
| Tarnwick ETS | 2018 | power; cement | 6 | 41 |
| Oskarine ETS | 2023 | steel | — | 12 |
"""

# A CSV export: a column of codes first, names quoted, ISO months, a percentage column named by its code.
CSV_EN = """Date: 2025-02-10

code,market_name,status,first_compliance,sectors,offset_limit_pct
TW,"Tarnwick Emissions Trading System",in force,2018-04,"power;cement",6
HL,"Hollaby Output-Based Trading System",in force,2021-10,steel,3.5

Notes: the sector lists follow each regulation."""


def test_a_markdown_header_with_figures_still_names_its_columns_and_outer_bars_part_no_cells():
    passages = split_text(MARKDOWN_EN, "t-md")
    rows = list(document_tables(passages).values())
    assert len(rows) == 2
    text = {p.id: p.text for p in passages}[rows[0].passage]
    assert [(h, text[a:b]) for h, (a, b) in zip(rows[0].headers, rows[0].cells)][:2] == [
        ("Market", "Tarnwick ETS"), ("Started", "2018")]
    _, facts = facts_of(MARKDOWN_EN, "t-md")
    t, o = "new:tarnwick", "new:oskarine"
    assert {(t, "start_year", "2018"), (t, "sector", "cement"), (t, "offset_limit_pct", "6"),
            (o, "start_year", "2023"), (o, "sector", "steel")} <= facts, sorted(facts)
    assert not any(s == t and rel == "offset_limit_pct" and v == "41" for s, rel, v in facts)


def test_a_csv_record_is_a_row_named_past_its_code_column():
    passages = split_text(CSV_EN, "t-csv")
    rows = sorted(document_tables(passages).values(), key=lambda r: r.start)
    assert len(rows) == 2 and rows[0].name == 1
    text = {p.id: p.text for p in passages}[rows[0].passage]
    assert text[slice(*rows[0].cells[1])] == "Tarnwick Emissions Trading System"
    assert text[slice(*rows[0].cells[4])] == "power;cement"
    r, facts = facts_of(CSV_EN, "t-csv")
    t, h = "new:tarnwick", "new:hollaby"
    assert {(t, "start_year", "2018-04"), (t, "sector", "power"), (t, "sector", "cement"), (t, "offset_limit_pct", "6"),
            (h, "start_year", "2021-10"), (h, "sector", "steel"), (h, "offset_limit_pct", "3.5"),
            (h, "design", "intensity")} <= facts, sorted(facts)
    # The name column gives the market its written name.
    assert "Hollaby Output-Based Trading System" in r.systems[h].names
    # Prose with commas is no CSV record.
    assert not document_tables(split_text("Date: 2025-02-10\n\nPower, steel, cement, and paper are covered, and "
                                          "so, in part, are ports.\nAviation, shipping, and rail, they said, are not.",
                                          "t-prose"))


# Yes/no cells, a column of partners, and a row kept only for comparison.
ANSWERS_EN = """Date: 2025-02-10

| System | Launch | Offsets allowed | Linked with |
|---|---|---|---|
| Tarnwick ETS | 2018 | N (no international credits) | Oskarine ETS (since 2021) |
| Oskarine ETS | 2016 | Y (domestic only) | Tarnwick ETS |
| Vellore carbon levy | Carbon levy — not an ETS | 2019 | — |
"""


def test_a_yes_or_no_answers_its_header_and_a_partner_column_links_the_row():
    r, facts = facts_of(ANSWERS_EN, "t-yn")
    t, o = "new:tarnwick", "new:oskarine"
    assert {(t, "offset_rule", "none"), (o, "offset_rule", "domestic_limited"),
            (t, "linked_with", o), (o, "linked_with", t)} <= facts, sorted(facts)
    # "no international credits" under a no is not a refusal of international credits only.
    assert (t, "offset_rule", "international") not in facts
    # A row of another instrument, or what a cell says a thing is not, founds no market.
    assert not any("vellore" in k for k in r.systems), sorted(r.systems)


# A dashboard flattened to text: tiles with dot leaders, the KPI tile repeating the leaders' layout.
TILES_EN = """Export generated: 3 March 2026

=== Tile 1 [RULES] Korvana ETS ===
Status ............ In force
Trading start ..... 2019-05
Sectors ........... Power | Steel
=== Tile 2 [KPI] Korvana ETS ===
Last close ........ 12.10 USD/t
=== Tile 3 [RULES] Melsby Emissions Trading Pilot ===
Status ............ In force
Trading start ..... 2016-02
Sectors ........... Ports | Textiles
=== Tile 4 [FORECAST] Melsby Emissions Trading Pilot ===
Scenario "High": aviation added 2028 (projection, no decision)
"""


def test_dot_leaders_are_fields_and_each_tile_speaks_of_its_own_market():
    r, facts = facts_of(TILES_EN, "t-tiles")
    k, m = "new:korvana", "new:melsby"
    assert {(k, "start_year", "2019-05"), (k, "sector", "power"), (k, "sector", "steel"),
            (m, "start_year", "2016-02"), (m, "sector", "ports"), (m, "sector", "textiles")} <= facts, sorted(facts)
    assert (k, "sector", "ports") not in facts and (k, "start_year", "2016-02") not in facts
    # A model's projection is no coverage.
    assert (m, "sector", "aviation") not in facts


# Records pasted as JSON: quoted keys with underscores, lists in brackets, a nested object of offsets.
JSON_EN = """Records exported on 4 May 2026 from a tracker.

[
  {
    "market": "Tarnwick Emissions Trading System",
    "first_compliance": "2018-04",
    "sectors_covered": ["power", "cement"],
    "offsets": {
      "limit_pct": 6
    }
  },
  {
    "market": "Oskarine Emissions Trading System",
    "first_compliance": "2016-01",
    "sectors_covered": ["steel"]
  }
]
"""

# Records pasted as YAML, in Chinese, with comments and a nested block of offsets.
YAML_ZH = """日期：2025年8月5日

- 市场: 塔尔维克碳排放交易体系
  启动: 2018-04-01   # 首个履约年度
  抵销:
    上限: 6%
- 市场: 奥斯卡林省基于产出的交易体系
  启动: 2016-01
  抵销:
    上限: 4%
"""


def test_json_records_are_read_field_by_field_and_nested_fields_after_their_key():
    r, facts = facts_of(JSON_EN, "t-json")
    t, o = "new:tarnwick", "new:oskarine"
    assert {(t, "start_year", "2018-04"), (t, "sector", "power"), (t, "sector", "cement"), (t, "offset_limit_pct", "6"),
            (o, "start_year", "2016-01"), (o, "sector", "steel")} <= facts, sorted(facts)
    assert (o, "offset_limit_pct", "6") not in facts and (t, "sector", "steel") not in facts


def test_yaml_records_each_open_with_their_market_and_nested_fields_read_after_their_key():
    r, facts = facts_of(YAML_ZH, "t-yaml")
    starts = {v: s for s, rel, v in facts if rel == "start_year"}
    assert set(starts) == {"2018-04", "2016-01"}, sorted(facts)
    t, o = starts["2018-04"], starts["2016-01"]
    assert t != o
    assert {(t, "offset_limit_pct", "6"), (o, "offset_limit_pct", "4")} <= facts, sorted(facts)
    # "基于产出的交易体系" names a market as "Output-Based Trading System" does.
    assert any("基于产出" in n for n in r.systems[o].names), r.systems[o].names


# Codes keying the rows, a column of partners by code beside a column of the link's state, and a cap column.
CODES_EN = """Date: 2025-09-01

id,name,first_compliance,linked_to,link_status,cap_2025_mt
TW,"Tarnwick Emissions Trading System",2018-04,OK,active since 2020-01,41
OK,"Oskarine Emissions Trading System",2016-01,TW,active since 2020-01,12
BR,"Brelland Emissions Trading System",2021-07,TW;OK,linking process opened 2025-03,n/a
"""


def test_codes_stand_for_their_rows_and_a_link_state_column_says_what_the_partner_column_means():
    _, facts = facts_of(CODES_EN, "t-codes")
    t, o, b = "new:tarnwick", "new:oskarine", "new:brelland"
    assert {(t, "linked_with", o), (o, "linked_with", t), (b, "linkage_planned", t), (t, "linkage_planned", b),
            (b, "linkage_planned", o)} <= facts, sorted(facts)
    assert (b, "linked_with", t) not in facts
    # A cap in tonnes makes a cap-and-trade market; a row without one says nothing of design.
    assert {(t, "design", "cap_and_trade"), (o, "design", "cap_and_trade")} <= facts
    assert not any(s == b and rel == "design" for s, rel, _ in facts)


FACTSHEET_ZH = """更新时间：2025年6月30日

市场名称：澜沧湾市碳排放权交易试点
启动时间：2016年9月
抵销比例上限：不超过当年应清缴配额的6%
林业碳汇占比：不得超过抵销总量的30%
互认：无计划；网传与邻省试点互认配额的说法不实。
"""


def test_a_share_of_the_offsets_is_no_offset_limit_and_a_neighbouring_province_is_no_place():
    r, facts = facts_of(FACTSHEET_ZH, "t-card")
    limits = {v for s, rel, v in facts if rel == "offset_limit_pct"}
    assert limits == {"6"}, sorted(facts)
    assert not any("邻省" in k for k in r.systems), sorted(r.systems)


YEARS_ZH = """发布日期：2024年7月8日

| market_id | 名称 | 状态 | 启动年份 | 覆盖行业 |
|---|---|---|---|---|
| kv-ets | 科瓦兰碳排放交易体系 | 运行中 | 2012 | 电力、水泥 |
| ts-ets | 塔斯曼碳排放交易体系 | 运行中 | 2019 | 钢铁 |
"""


def test_a_chinese_column_of_years_dates_its_bare_years():
    r, facts = facts_of(YEARS_ZH, "t-years")
    starts = {v: s for s, rel, v in facts if rel == "start_year"}
    assert set(starts) == {"2012", "2019"}, sorted(facts)
    assert (starts["2012"], "sector", "cement") in facts and (starts["2019"], "sector", "steel") in facts


STARRED_EN = """Date: 2025-02-10

| System | Launch | Sectors covered |
|---|---|---|
| Tarnwick ETS* | 2018 | power; cement; shipping* |

* Tarnwick is our own short name. Shipping: proposed in a consultation paper, not adopted.
"""


def test_items_a_note_marks_as_planned_are_no_coverage():
    _, facts = facts_of(STARRED_EN, "t-star")
    t = "new:tarnwick"
    assert {(t, "sector", "power"), (t, "sector", "cement")} <= facts, sorted(facts)
    assert (t, "sector", "maritime") not in facts
