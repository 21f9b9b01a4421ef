"""Dates at the precision the text gives, relative ones resolved against the document date."""
import pytest

from ingest.dates import Day, find_dates, parse_day
from ingest.document import find_date

REF = Day(2025, 3, 28)


@pytest.mark.parametrize("text, value", [
    ("trading opened on 16 July 2021", "2021-07"),
    ("the scheme went live on March 3, 2019", "2019-03"),
    ("in October 2022 the market began", "2022-10"),
    ("since 2014", "2014"),
    ("in fiscal year 2025", "2025"),
    ("the first day of the year", "2025-01"),
    ("last month", "2025-02"),
    ("next year", "2026"),
    # A month with its year said in words is one date: last year's March, not this year's.
    ("launched in March last year", "2024-03"),
    ("opens in January next year", "2026-01"),
    # An ISO month of a data export, and a day: not a span of years.
    ("first_compliance: 2013-01", "2013-01"),
    ("opened 2021-07-16", "2021-07"),
])
def test_english_dates(text, value):
    found = [d for d in find_dates(text, "en", REF) if not d.range_]
    assert found and found[0].day.value() == value


@pytest.mark.parametrize("text, value", [
    ("2021年7月16日开市", "2021-07"),
    ("于2013年启动", "2013"),
    ("今年1月1日起", "2025-01"),
    ("明年1月", "2026-01"),
    ("后年", "2027"),
    ("上月", "2025-02"),
    ("昨（9）日", "2025-03"),
    ("启动: 2019-07-01", "2019-07"),
])
def test_chinese_dates(text, value):
    found = find_dates(text, "zh", REF)
    assert found and found[0].day.value() == value


def test_ranges_are_marked_and_relative_dates_need_a_document_date():
    assert [d.range_ for d in find_dates("the phase runs 2024-2026", "en", REF)] == [True]
    assert [d.range_ for d in find_dates("2027至2033年", "zh", REF)] == [True]
    assert find_dates("last month", "en", None) == []
    assert find_dates("明年1月", "zh", None) == []


@pytest.mark.parametrize("head, date", [
    ("Date: 2015-01-12\n\nSEOUL — text", "2015-01-12"),
    ("日期：2021年7月16日\n\n正文", "2021-07-16"),
    ("MEXICO CITY, 3 March 2020 — The pilot", "2020-03-03"),
    ("Emissions Trading Worldwide: Status Report 2025\n", "2025"),
    ("No date anywhere in this text.", ""),
    ("NEWS RELEASE\nMinistry of Climate, Ostvale\nFor immediate release: 9 October 2025\n\nThe ministry", "2025-10-09"),
    ("Posted on 2 February 2024 by the exchange\n\nTrading", "2024-02-02"),
    ("Last updated: November 2023\n\nThis page", "2023-11"),
    ("更新时间：2024年5月6日\n\n正文", "2024-05-06"),
    ("Updated rules were adopted in 2024 for the scheme.", ""),  # a sentence, not a header line
    # A header line that opens with its day and names the kind of publication; a timeline's first row is no such line.
    ("A trader's view\n\n5 May 2026 · Newsletter interview\n\nQ: How", "2026-05-05"),
    ("交易员观点\n\n2026年5月5日｜週刊專訪\n\n问：", "2026-05-05"),
    ("Timeline\n\n1 January 2021 — UK ETS begins\n2022 — Prices rise", ""),
])
def test_document_date_from_the_text(head, date):
    assert find_date(head) == date


def test_day_comparison_uses_the_precision_both_have():
    assert Day(2026, 1).after(Day(2025, 12, 31))
    assert not Day(2025).after(Day(2025, 6))
    assert parse_day("2021年7月") == Day(2021, 7)


def test_taiwan_calendar_years_and_a_bracketed_gloss():
    from ingest.dates import Day, find_dates

    found = find_dates("民國102年6月18日（2013年）深圳試點開市", "zh", Day(2025))
    assert [d.day.value() for d in found] == ["2013-06"]
    assert [d.day.value() for d in find_dates("自民国115年1月起施行", "zh", Day(2025))] == ["2026-01"]
    from ingest.document import describe

    assert describe("t", "日期：民國114年3月1日\n\n臺灣碳權交易所今天宣布。", "zh", "").date == "2025-03-01"


@pytest.mark.parametrize("text, expected", [
    # The year before the earliest one the story puts ahead of its date.
    ("标题\n\n本报榕城1月20日电 该国碳市场已于1月15日开市。相关评估报告预计于2027年完成。", "2026-01-20"),
    ("标题\n\n新华社岚江7月3日电 该国碳市场自2005年起运行。新规将从2026年起实施，到2053年实现净零。", "2025-07-03"),
    # Else the latest year it names: the first may be long past.
    ("标题\n\n本报榕城3月2日电 该市场2013年启动，2024年扩大覆盖范围。", "2024-03-02"),
    # A law's adoption line under its title dates it.
    ("榕川省碳排放权交易管理办法\n\n（2025年2月10日榕川省人民政府常务会议通过　省政府令第118号公布）\n\n第一条", "2025-02-10"),
    ("Climate Act\n\n(Adopted on 3 March 2024 by the Assembly)\n\nSection 1.", "2024-03-03"),
    # A header line ending in its source's day; a title's future day is no date of the document.
    ("专访：碳市场2027年元旦启动《能源周刊》2025年12月8日\n\n正文", "2025-12-08"),
    ("Interview\nEnergy Weekly | 8 December 2025\n\nText", "2025-12-08"),
    ("碳市场将于2027年1月1日启动\n\n正文", ""),
    # The word for publishing a header's day may stand before it or after it.
    ("Market Profile: the Ostvale ETS\nPricing Outlook, 2025 edition — last updated 15 May 2025\n\nOverview", "2025-05-15"),
    ("Box 3 — Lunvale\nFrom \"Markets in Review 2022\", published 30 June 2022\n\nLunvale", "2022-06-30"),
    ("专栏2：青屿市试点概况（《沿海碳市场年度观察》，2024年3月20日发布）\n一、概况", "2024-03-20"),
    ("Pricing Outlook, 2025 edition — the market will open on 1 January 2027\n\nText", ""),
    # A news site's header: the day, the time and the source.
    ("霁川碳价创新高\n2026年08月20日 21:05　来源：晨报\n\n本报讯 霁川碳市场明年扩容。", "2026-08-20"),
    # A dateline is a place in capitals or capitalised words; a sentence with a comma before a day is none.
    ("Title\n\nPort of Spain, 3 March 2021 — The ministry said", "2021-03-03"),
    ("Title\n\nThe plan was agreed, 3 March 2021, after a long review.", ""),
])
def test_a_dateline_without_a_year_takes_it_from_what_the_story_says_is_past_and_to_come(text, expected):
    assert find_date(text) == expected


def test_new_years_day_is_the_first_of_january():
    found = find_dates("碳市场2027年元旦启动", "zh", REF)
    assert [d.day.iso() for d in found] == ["2027-01-01"]


def test_dates_in_chinese_numerals_and_the_taiwan_calendar():
    text = "本制度首個履約期自二〇二六年一月一日開始，至中華民國一百一十七年十二月三十一日止。"
    found = find_dates(text, "zh", Day(2025, 3, 1))
    assert [(d.day, text[d.start:d.end]) for d in found] == [
        (Day(2026, 1, 1), "二〇二六年一月一日"), (Day(2028, 12, 31), "民國一百一十七年十二月三十一日")]


@pytest.mark.parametrize("text, lang, expected", [
    ("2021年 — 6月起开始交易。", "zh", Day(2021, 6)),
    ("2018: In September, the registry opened.", "en", Day(2018, 9)),
    ("- 2022 | from March, covered firms report quarterly", "en", Day(2022, 3)),
    ("2024年排放量下降，3月生态环境部发布通知。", "zh", Day(2025, 3)),  # a year in prose is no row's year
])
def test_a_month_in_a_timeline_row_is_in_the_rows_year(text, lang, expected):
    months = [d.day for d in find_dates(text, lang, Day(2025, 6, 1)) if d.day.month]
    assert months == [expected]


@pytest.mark.parametrize("text, lang, ref, expected", [
    # A day without a year: the timeline row's year, else the month-precise date the sentence named before it.
    ("2005 – Trading opens on 1 January.", "en", Day(2025, 6, 1), [Day(2005), Day(2005, 1, 1)]),
    ("The rules were published on 4 March 2019 and trading opened on 20 June.", "en", Day(2025, 6, 1),
     [Day(2019, 3, 4), Day(2019, 6, 20)]),
    ("管理办法于当年3月公布，6月18日正式开市。", "zh", Day(2025, 6, 1), [Day(2016, 3), Day(2016, 6, 18)]),
    # Anaphoric months and years count from the last date named (the anchor, here April 2016).
    ("Its neighbour launched a market in the same month.", "en", Day(2025, 6, 1), [Day(2016, 4)]),
    # "next January" said in September is the coming year's; "1 July next year" needs no "of".
    ("The first compliance period begins next January.", "en", Day(2019, 9, 18), [Day(2020, 1)]),
    ("Talks opened last October.", "en", Day(2019, 9, 18), [Day(2018, 10)]),
    ("The first period starts on 1 July next year.", "en", Day(2021, 11, 9), [Day(2022, 7, 1)]),
])
def test_days_and_months_without_a_year_take_it_from_their_context(text, lang, ref, expected):
    assert [d.day for d in find_dates(text, lang, ref, Day(2016, 4))] == expected


@pytest.mark.parametrize("head, date", [
    ("Webinar transcript\nHosted by the Chamber of Industry, 9 November 2021\n\nMODERATOR: Welcome.", "2021-11-09"),
    ("Carbon Talk — Episode 12\nRecorded 18 September 2019. Transcript lightly edited.\n\nHOST: Hello.", "2019-09-18"),
])
def test_a_transcripts_header_line_dates_it(head, date):
    assert find_date(head) == date

