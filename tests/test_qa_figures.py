"""Figures, dates and counts that Q&A reads from the text, and the question words that choose them.

A small store is ingested from invented documents (Kestrel, Tarn, Holsen and the
bay markets are fictional): a Kestrel note with a count of firms, a threshold, a
cut, auction shares by year and a link that lapsed on a given day; a FAQ in
traditional characters whose title names the Holsen market and whose answer,
further down, gives its fee without naming it; and nine short notes on other
markets' fees, worded like the question, which outrank the FAQ in the search;
and a note on two Chinese provincial pilots that the graph labels by their
province, not as pilots, beside the national market built on them.
"""
import pytest

from conftest import qa_over_texts
from search.qa.question import check_type, understand

KESTREL = """Date: 2025-03-01 Kestrel market note

The Kestrel ETS started operating in 2018 and covers power and cement.

The Kestrel ETS covers about 310 companies. Facilities that emit more than 25,000 tonnes a year are covered, and 4% of allowances go to a reserve.

Kestrel must cut its capped emissions by 45% by 2030 compared with 2010.

In 2024, 12% of Kestrel allowances were auctioned; in 2023 the share was 9%.

The link between the Kestrel ETS and the Tarn ETS lapsed on 30 June 2023, after four years.

In Marrowvale the landfill levy rose to 40 dollars a tonne in 2024, while in Dunmere it rose to 55 dollars a tonne.

Marrowvale's permit sales began in May 2020. Sales of its port permits are due to begin in April 2028.

Harbour notes: Kestrel's ferry permits were first offered in May 2019, and the Kestrel offer for barges ended in October 2022. On the first day, permits closed at 16 dollars. Permits opened at 14 dollars on the first day.

Kestrel's harbour permit auctions began in March 2019. A second round, for ferries, is to begin in July 2027.
"""
HOLSEN = """日期：2025年2月3日
【問答】霍爾森碳市場是甚麼？

問：制度怎樣運作？答：設施按產品排放強度設定基準，高於基準的須繳付費用。2025年的費率為每噸二氧化碳當量72元。

問：何時開始？答：霍爾森碳市場於2020年1月啟動。
"""
BAYS = ["澜岙", "砚川", "栖湾", "枫渚", "苇汀", "榆浦", "楠屿", "蕙洲", "芷岸"]
PILOTS = """日期：2024年6月1日

广东碳市场于2013年12月启动。广东试点覆盖电力、水泥和航空企业。

湖北碳市场于2014年4月启动。湖北试点覆盖钢铁和水泥企业。

中国全国碳市场于2021年7月启动，在地方试点的基础上建立，覆盖电力行业。
"""
FEES = "\n\n".join(f"{name}碳市场2025年的收费标准为每吨{20 + n}元，{name}碳市场覆盖电力行业。"
                   for n, name in enumerate(BAYS))


def unthresholded(tmp_path_factory, name, docs):
    """Q&A over ``docs`` that answers whatever its confidence: the value chosen is under test here, not how sure it is."""
    engine = qa_over_texts(tmp_path_factory.mktemp(name), docs)
    engine.threshold = 0.0
    return engine


@pytest.fixture(scope="module")
def qa_figures(tmp_path_factory):
    docs = {"kestrel-en.txt": KESTREL, "holsen-zh-hant.txt": HOLSEN, "bays-zh.txt": "日期：2025年1月5日\n\n" + FEES,
            "pilots-zh.txt": PILOTS}
    return unthresholded(tmp_path_factory, "qa-figures", docs)


def test_how_many_firms_is_a_count_that_keeps_the_figure_as_stated(qa_figures):
    result = qa_figures.ask("How many companies does the Kestrel ETS cover?")
    assert result["source"] == "search"
    assert result["answer"] == {"kind": "count", "count": 310, "values": ["about 310"]}


@pytest.mark.parametrize("text", ["Kestrel碳市场大约覆盖多少家企业？", "Kestrel碳市场覆盖的企业大约有多少家？"])
def test_a_count_asked_in_chinese_is_read_from_an_english_sentence(qa_figures, text):
    # "about 310 companies": the counted noun (企业, after or before 多少) in the sentence's language.
    result = qa_figures.ask(text)
    assert result["source"] == "search" and result["answer"]["count"] == 310


@pytest.mark.parametrize("text, value", [
    ("What is the emissions threshold for a facility in the Kestrel ETS?", "more than 25,000 tonnes"),  # not 4%
    ("By how much must Kestrel cut its emissions by 2030?", "45%"),  # "how much" alone is not money
    ("On what date did the link between Kestrel and Tarn lapse?", "30 June 2023"),  # the day, not its month
])
def test_the_question_words_choose_the_kind_of_figure(qa_figures, text, value):
    result = qa_figures.ask(text)
    assert result["source"] == "search" and result["answer"]["values"] == [value]


def test_last_year_counts_from_the_date_the_question_gives(qa_figures):
    asked = qa_figures.ask("Last year, what share of Kestrel allowances was auctioned? (asked in March 2025)")
    assert asked["answer"]["values"] == ["12%"]
    earlier = qa_figures.ask("Last year, what share of Kestrel allowances was auctioned? (asked in May 2024)")
    assert earlier["answer"]["values"] == ["9%"]


def test_a_figure_is_read_in_every_passage_of_a_document_headed_by_the_market(qa_figures):
    """The FAQ's fee sentence does not name Holsen (nor does the index tag it): the FAQ's title does, so
    every passage of the FAQ is read for a question about Holsen, whatever the search ranks first."""
    question = "霍尔森碳市场2025年的收费标准是每吨多少？"
    scoped = qa_figures.fallback._scoped(read(qa_figures, question), [])
    fee = [p for p in scoped if "72" in p["text"]]
    assert fee and "霍爾森" not in fee[0]["text"]
    result = qa_figures.ask(question)
    assert result["answer"]["values"] == ["72元"] and "72" in result["citations"][0]["text"]


def test_a_factsheet_field_is_no_context_of_the_next_one():
    from ingest.model import Passage, Sentence
    from search.qa.fallback import _sentences

    lines = ["Partner market: Tarn, link ended in 2023", "2024 floor price: 15 dollars"]
    starts = [0, len(lines[0]) + 1]
    passage = Passage("d:p000", "d", "en", "", 0, 80, "\n".join(lines),
                      sentences=[Sentence(s, s + len(t), t) for s, t in zip(starts, lines)])
    (joined,) = _sentences(passage)
    assert joined[2] == "\n".join(lines)  # one unit, but a line apart: the price's words are its own


def read(qa, text):
    q = understand(text, qa.lexicon, qa.linker, qa.model.read(text))
    check_type(q)
    return q


@pytest.mark.parametrize("text, statuses", [
    ("Which systems are still under development rather than operating?", {"under_development"}),
    ("Which system has been adopted but has not started operating yet?",
     {"under_development", "under_consideration"}),
    ("哪些碳市场尚未启动？", {"under_development", "under_consideration"}),
])
def test_a_status_contrasted_or_denied_is_not_asked_for(qa_figures, text, statuses):
    assert read(qa_figures, text).slots.statuses == statuses


@pytest.mark.parametrize("text, unmodelled", [
    ("Which schemes allocate allowances on an intensity basis?", False),  # a design
    ("哪些碳市场按强度基准分配配额？", False),
    ("Which schemes put a carbon price on road transport?", False),  # coverage of a sector
    ("What was the opening price on the first day of the Kestrel ETS?", True),  # a price
    ("How are allowances allocated in the Kestrel ETS?", True),
])
def test_allocation_and_price_words_that_speak_of_a_modelled_relation(qa_figures, text, unmodelled):
    assert ("unmodelled" in read(qa_figures, text).slots.cues) == unmodelled


def test_a_date_of_another_event_is_not_the_start_year(qa_figures):
    stopped = read(qa_figures, "霍尔森碳市场从哪一年开始不再接受国际单位？")
    assert stopped.intent == "fallback"
    started = read(qa_figures, "霍尔森碳市场是哪一年启动的？")
    assert started.intent == "attribute" and started.relation == "start_year"


def names(result):
    return {e["iri"].rsplit("/", 1)[-1] for e in result["answer"].get("systems", [])}


@pytest.mark.parametrize("text, expected", [
    ("Which Chinese pilots cover aviation?", {"guangdong"}),  # a pilot by its sentences, in China by its province
    ("中国有哪些试点覆盖水泥？", {"guangdong", "hubei"}),
    ("Which of China's pilots opened in 2014?", {"hubei"}),  # "opened" is a start
])
def test_a_countrys_pilots_are_its_provinces_systems_the_text_calls_pilots(qa_figures, text, expected):
    result = qa_figures.ask(text)
    assert result["source"] == "graph" and names(result) == expected


def test_the_date_of_a_link_is_asked_of_the_text(qa_figures):
    assert read(qa_figures, "When did the Kestrel ETS link with the Tarn ETS?").intent == "fallback"


def test_a_currency_code_before_a_price_per_unit_is_money():
    from search.qa.fallback import _MONEY

    found = lambda text: [m.group() for m in _MONEY.finditer(text)]  # noqa: E731
    assert found("Average clearing price: QRV 27.40 per permit") == ["QRV 27.40"]
    assert found("Fee: TLD 90 a tonne") == ["TLD 90"]
    assert found("Chart: EU ETS 39, Korea ETS 12") == []  # a chart's label and value are no amount


def test_a_name_the_graph_lacks_still_chooses_the_passage(qa_figures):
    # Marrowvale is named in the text only: the figure is read where it is named, not Dunmere's.
    result = qa_figures.ask("What was the landfill levy per tonne in Marrowvale in 2024?")
    assert result["answer"]["values"] == ["40 dollars"]


def test_a_start_still_to_come_is_not_one_that_happened(qa_figures):
    # Both dates stand beside a start word; the note is dated 2025, so only the later one is still to come.
    result = qa_figures.ask("When are Marrowvale's permit sales due to begin?")
    assert result["answer"]["values"] == ["April 2028"]


def test_a_date_asked_of_an_end_stands_beside_an_end_word(qa_figures):
    result = qa_figures.ask("When did the permit offer in Kestrel end?")  # not when permits were first offered
    assert result["answer"]["values"] == ["October 2022"]


def test_a_word_earns_its_weight_in_another_form(qa_figures):
    # "opening" in the question, "opened" in the sentence; the closing price shares the question's other words
    result = qa_figures.ask("What was the opening price of Kestrel permits on the first day?")
    assert result["answer"]["values"] == ["14 dollars"]


CHANGES = """日期：2025年3月1日

科瓦恩港口碳市场的启动时间从原定的2026年推迟到2027年，覆盖港口和航运企业。

科瓦恩与奥斯特尔两个碳市场的连接已于去年3月31日终止。

科瓦恩碳费的收费对象是年排放量门槛达到2.5万吨的企业，费率为每吨300元。

奥斯特尔碳市场于2018年启动。奥斯特尔碳市场主管部门就纳入垃圾焚烧征求意见，截止日期为2025年12月5日。
"""
AUCTION = """Date: 2026-02-10 Corvane auction note

In the first Corvane auction of 2026, about 4.1 million allowances were sold to 185 bidders at 21 dollars each.

The Ostrel ETS started operating in 2018. The Ostrel ETS consultation on waste incineration closes on 5 December 2025.
"""


@pytest.fixture(scope="module")
def qa_changes(tmp_path_factory):
    return qa_over_texts(tmp_path_factory.mktemp("qa-changes"), {"changes-zh.txt": CHANGES, "auction-en.txt": AUCTION})


def _said(result):
    return (result.get("answer") or {}).get("values") or (result.get("withheld") or {}).get("values") or []


def test_a_postponed_date_is_the_new_one(qa_changes):
    # "从原定的2026年推迟到2027年": the year it was moved to is the answer, not the one it was moved from.
    assert "2027" in _said(qa_changes.ask("科瓦恩港口碳市场推迟到哪一年启动？"))[0]


def test_a_day_dated_by_last_year_gets_its_year(qa_changes):
    # "已于去年3月31日终止" in a document of 2025: the day asked is 31 March 2024, not a month and day alone.
    assert _said(qa_changes.ask("科瓦恩与奥斯特尔的连接是哪一天终止的？"))[0] == "2024年3月31日"


def test_a_threshold_is_a_quantity_even_where_a_fee_is_named(qa_changes):
    assert _said(qa_changes.ask("科瓦恩碳费收费对象的年排放量门槛是多少？"))[0] == "2.5万吨"


def test_how_many_allowances_with_a_name_between_asks_a_quantity(qa_changes):
    result = qa_changes.ask("Roughly how many Corvane allowances were sold in the first auction of 2026?")
    assert "4.1 million" in _said(result)[0]


@pytest.mark.parametrize("text, day", [("奥斯特尔碳市场征求意见的截止日期是哪天？", "2025年12月5日"),
                                       ("whats the deadline for the Ostrel ETS consultation", "5 December 2025")])
def test_a_deadline_is_a_day_of_the_text_not_the_start(qa_changes, text, day):
    # The graph holds Ostrel's start (2018); a deadline is another day, which the text gives.
    result = qa_changes.ask(text)
    assert result["source"] == "search" and _said(result)[0] == day


@pytest.mark.parametrize("text, day", [
    ("澜岙碳市场于2026年3月18日正式启动交易。", 18),
    ("Trading in the Kestrel ETS began on 18 March 2026.", 18),
    ("It opened on March 18, 2026, a year late.", 18),
    ("2026年，澜岙碳市场于3月18日开市。", 18),  # the day's year is the sentence's
    ("Trading began in March 2026.", None),  # no day said
    ("澜岙碳市场于2025年3月18日公布方案。", None),  # another year's day
])
def test_the_day_of_a_start_the_graph_holds_by_month(text, day):
    from search.qa.fallback import day_of

    assert day_of(text, 2026, 3) == day


@pytest.mark.parametrize("text, written, day", [
    ("本报澜岙3月18日电　澜岙碳市场今天上午开市。", "2026-03-18", 18),  # a dateline of news written that year
    ("Kestrel, March 18 — trading opened this morning.", "2026-03-19", 18),
    ("本报澜岙3月18日电　澜岙碳市场今天上午开市。", "2027-03-18", None),  # written another year: not its day
    ("本报澜岙3月18日电　澜岙碳市场今天上午开市。", "", None),  # undated: the year is unknown
])
def test_a_day_without_its_year_takes_the_year_of_its_document(text, written, day):
    from search.qa.fallback import day_of

    assert day_of(text, 2026, 3, written) == day


BRANNOCH = """Date: 2025-02-01
Brannoch ETS factsheet

The Brannoch ETS now covers about 900 companies across power, industry and buildings.

In its first phase, 340 power companies were covered; industry joined later.
"""


@pytest.fixture(scope="module")
def qa_own(tmp_path_factory):
    docs = {"quellin-en.txt": "Date: 2025-01-01 Quellin note\n\nThe Quellin ETS started trading on 18 March 2024. It covers power.\n",
            "brannoch-en.txt": BRANNOCH}
    return unthresholded(tmp_path_factory, "qa-own", docs)


def test_a_figure_under_the_entitys_heading_is_its_own(qa_own):
    # "340 power companies" names no system but stands in the Brannoch factsheet: the question's other words
    # ("first phase", "power") choose it over the sentence that names Brannoch with another figure.
    result = qa_own.ask("How many power companies were covered in the first phase of the Brannoch ETS?")
    assert result["source"] == "search" and result["answer"]["values"] == ["340"]


@pytest.mark.parametrize("text", ["On what date did the Quellin ETS start?", "When did the Quellin ETS start?",
                                  "When did trading open in the Quellin ETS?"])
def test_a_start_is_answered_with_the_day_of_the_sentence_it_rests_on(qa_own, text):
    # The graph holds a start by its month; the sentence it rests on gives the day: the most exact answer to
    # "on what date" and to a plain "when" alike. The month stays a value, for a reader who asked no more.
    day = qa_own.ask(text)
    assert day["source"] == "graph" and day["answer"]["values"][:2] == ["2024-03-18", "18 March 2024"]
    assert "2024-03" in day["answer"]["values"] and day["text"] == "18 March 2024."


@pytest.mark.parametrize("words, counts", [
    (["225", "installations"], True),
    (["225", "installation"], True),
    (["225", "operators"], False),
])
def test_a_misspelt_counted_noun_still_finds_its_number(words, counts):
    from search.qa.fallback import _counts_noun

    assert _counts_noun({"installatons"}, words) == counts


AUCTIONS = """Date: 2025-04-01
Carbon pricing review

More than half of the emissions covered by carbon markets in 2024 were priced between USD 5 and USD 40 per tonne across all systems.

In 2024, global auction revenue came to about USD 12 billion, slightly less than a year before.
"""
AUCTIONS_ZH = """日期：2025年4月1日
碳定价回顾

2024年，碳市场覆盖的排放中，过半数的价格介于每吨5美元至40美元之间。

2024年，全球拍卖收入约为120亿美元，略低于上一年。
"""


@pytest.fixture(scope="module")
def qa_review(tmp_path_factory):
    return unthresholded(tmp_path_factory, "qa-review", {"review-en.txt": AUCTIONS, "review-zh.txt": AUCTIONS_ZH})


@pytest.mark.parametrize("text, value", [
    ("In 2024 how much did auctioning earn governments, all markets together?", "USD 12 billion"),
    ("2024年所有碳市场的拍卖一共筹集到多少资金？", "120亿美元"),
])
def test_money_asked_with_a_verb_is_read_in_the_revenue_sentence(qa_review, text, value):
    # "earn" / "筹集" is stated as "revenue" / "收入", a total over all markets as "global" / "全球": that
    # sentence, not the one sharing "carbon markets" and "2024" with the question, holds the amount.
    result = qa_review.ask(text)
    assert result["source"] == "search" and result["answer"]["values"] == [value]


@pytest.mark.parametrize("text, quantity", [("首轮拍卖一共卖出了多少配额？", True), ("这次拍卖成交了多少万吨配额", True),
                                            ("去年一共发放了多少张许可？", True), ("每张配额的价格是多少？", False)])
def test_allowances_counted_are_a_quantity_not_their_price(text, quantity):
    # "卖出了多少配额" counts the allowances sold: a quantity, not the money beside it in the auction report.
    from search.qa.fallback import _WANTS_QUANTITY

    assert bool(_WANTS_QUANTITY.search(text)) == quantity



ORLEN = """Date: 2025-05-20 Orlen exchange note

The Orlen ETS opened for trading on 2 May 2025. On the first day, Orlen allowances worth some 64 million dollars changed hands. The closing price was 33.5 dollars.

Since then the Orlen market has covered power and cement. Prices averaged 36 dollars a tonne.

The Vesna ETS traded at an average price of 47 dollars a tonne, its exchange said.
"""


@pytest.fixture(scope="module")
def qa_prices(tmp_path_factory):
    return unthresholded(tmp_path_factory, "qa-prices", {"orlen-en.txt": ORLEN})


@pytest.mark.parametrize("text", ["What was the Orlen allowance price on the first day?",
                                  "What was the average allowance price of the Orlen ETS?"])
def test_a_price_is_no_amount_in_millions(qa_prices, text):
    # "worth some 64 million dollars" is what the allowances traded were worth, not the price of one.
    result = qa_prices.ask(text)
    assert result["source"] == "search" and result["answer"]["values"] in (["33.5 dollars"], ["36 dollars"])


def test_a_sentence_naming_only_another_system_speaks_of_that_one(qa_prices):
    # Its figures are that system's ("Vesna ... 47 dollars" is no answer about Orlen); a sentence naming the
    # system asked, or only a place ("on the Vesna exchange"), is not one.
    orlen = {m for m in ("https://etskg.org/id/system/orlen", "https://etskg.org/id/jurisdiction/orlen")}
    fallback = qa_prices.fallback
    assert fallback._unit_names("The Vesna ETS traded at an average price of 47 dollars a tonne.", orlen)[1]
    assert not fallback._unit_names("The Orlen ETS and the Vesna ETS both traded near 40 dollars.", orlen)[1]
    assert not fallback._unit_names("Orlen permits closed at 33.5 dollars.", orlen)[1]


ROUNDUP = """Date: 2025-04-02 Three markets in review

The Quillon ETS started in 2019 and covers power. The Ardmere ETS started in 2021 and covers cement.

The Selvane ETS started in 2016 and covers steel.

Across the region, the average allowance price was 31 dollars a tonne in 2024.
"""


def test_a_document_naming_several_markets_is_not_about_each_of_them(tmp_path):
    # The regional average names no market: it is not the Ardmere ETS's price, though the review names Ardmere.
    qa = qa_over_texts(tmp_path, {"roundup-en.txt": ROUNDUP})
    qa.threshold = 0.0
    result = qa.ask("What was the allowance price in the Ardmere ETS in 2024?")
    assert result["answer"]["values"] == [], result["answer"]


def test_a_place_the_graph_has_no_market_for_takes_no_other_places_figure(qa_figures):
    # Norway is a place the gazetteer knows and no text describes: the fees of the bay markets are not its fee.
    result = qa_figures.ask("挪威碳市场2025年的收费标准是每吨多少元？")
    assert result["answer"]["values"] == [], result["answer"]


@pytest.mark.parametrize("before, after, event", [
    ("The Norland ETS was set up in ", " and linked with the Tarn ETS in 2020", "start"),
    ("was set up in 2008 and linked with the Tarn ETS in ", "", "link"),
    ("该市场建立于2008年，并于", "与邻省市场联通", "link"),
    ("the link between them lapsed on ", "", "ended"),
    ("Allowances were auctioned in ", "", ""),
])
def test_a_date_belongs_to_its_nearest_event_word(before, after, event):
    from search.qa.fallback import _nearest_event

    assert _nearest_event(before, after) == event


def test_a_capacity_is_a_quantity():
    from search.qa.fallback import _KIND_PATTERN, _spans

    for text, value in (("Plants above 30 MW are now covered.", "30 MW"), ("装机容量在40兆瓦及以上的电厂纳入。", "40兆瓦"),
                        ("It sold 1.2 million MWh of power.", "1.2 million MWh")):
        assert [m.group() for _, m in _spans(text, [_KIND_PATTERN["quantity"]])] == [value]


PELLMOOR = """佩尔摩尔碳市场年度简报

佩尔摩尔碳市场于2021年启动，覆盖电力和钢铁行业。此前，佩尔摩尔在2016至2018年进行过自愿试点。

佩尔摩尔碳市场的超额排放罚款标准将自2026年起由每吨80元调高为120元，以加强履约约束。

The Pellmoor ETS's first compliance period began on 1 July 2022. Before it, Pellmoor ran a voluntary pilot between 2016 and 2018.

The Pellmoor ETS saw cumulative turnover of 310 million yuan in its first year, as 4.2 million tonnes of allowances changed hands.
"""


@pytest.fixture(scope="module")
def qa_pellmoor(tmp_path_factory):
    return unthresholded(tmp_path_factory, "qa-pellmoor", {"pellmoor-zh.txt": PELLMOOR})


def test_a_rate_raised_from_one_value_to_another_is_the_new_one(qa_pellmoor):
    # "由每吨80元调高为120元": the old value stands nearer the question's words, the new one is the answer.
    result = qa_pellmoor.ask("佩尔摩尔碳市场的罚款标准2026年起调整为多少？")
    assert result["source"] == "search" and result["answer"]["values"] == ["120元"]


@pytest.mark.parametrize("text", ["What was the Pellmoor ETS's cumulative turnover in its first year?",
                                  "佩尔摩尔碳市场首年累计成交额是多少？"])
def test_turnover_is_money_not_the_start_or_a_quantity(qa_pellmoor, text):
    result = qa_pellmoor.ask(text)
    assert result["source"] == "search" and result["answer"]["values"] == ["310 million yuan"]


@pytest.mark.parametrize("text, stated", [("Over which years did Pellmoor run its voluntary pilot?", "between 2016 and 2018"),
                                          ("佩尔摩尔的自愿试点是在哪几年进行的？", "2016至2018年")])
def test_which_years_is_a_span_of_years_not_the_start(qa_pellmoor, text, stated):
    # The span as stated, then in the forms either language writes a span in; not the 2021 start.
    result = qa_pellmoor.ask(text)
    assert result["source"] == "search"
    assert result["answer"]["values"] == [stated, "2016-2018", "2016年至2018年", "2016 to 2018"]


def test_when_is_answered_with_the_day_the_text_gives(qa_pellmoor):
    # "began on 1 July 2022": the day, not "July 2022" of it (which a month asked for is part of).
    result = qa_pellmoor.ask("When did the Pellmoor ETS's first compliance period begin?")
    assert result["source"] == "search" and result["answer"]["values"] == ["1 July 2022"]


VARNIS = """Date: 2025-04-02 Varnis market note

The Varnis ETS started in 2021. It covers power plants and cement works that emit more than 25,000 tonnes a year, and commercial buildings with a floor area above 15,000 square metres.

Data centres that use more than 30 million kWh of electricity a year join the Varnis ETS in 2026; the allowance price averaged 41 dollars in 2024.

In the Varnis ETS, power plants with a capacity above 20 MW must report their emissions to the regulator every year.

The Varnis parliament passed the bill for the market's second phase 97 to 41 in March 2025.

Under the Varnis vehicle rules, the fleet average of new cars may not exceed 118 g/km from 2026.

In 2024, free allocation made up 88% of the allowances of the Varnis ETS.

By the deadline, 97.5% of the companies covered by the Varnis ETS had surrendered enough allowances for 2024.

About 260 companies will pay the Varnis energy fee of 12 dollars a tonne.

Varnis has not yet decided whether to sell allowances at auction.

Quorin note: the Quorin ETS covers buildings that emit more than 5,000 tonnes a year.
"""


@pytest.fixture(scope="module")
def qa_varnis(tmp_path_factory):
    return unthresholded(tmp_path_factory, "qa-varnis", {"varnis-en.txt": VARNIS})


@pytest.mark.parametrize("text, value", [
    ("What floor area brings a commercial building into the Varnis ETS?", "15,000 square metres"),  # not tonnes
    ("How much electricity must a data centre use a year to join the Varnis ETS?", "more than 30 million kWh"),  # not $
    ("Above what capacity must power plants in the Varnis ETS report?", "20 MW"),  # not tonnes
    ("What fleet average limit applies to new cars under the Varnis rules?", "118 g/km"),
])
def test_a_measure_named_is_answered_only_in_its_unit(qa_varnis, text, value):
    result = qa_varnis.ask(text)
    assert result["source"] == "search" and result["answer"]["values"] == [value]


def test_a_vote_is_given_as_stated_and_in_both_languages_forms(qa_varnis):
    result = qa_varnis.ask("What was the vote on the Varnis second-phase bill?")
    assert result["answer"]["values"] == ["97 to 41", "97比41"]


def test_a_measure_no_sentence_states_is_not_answered_with_another(qa_varnis):
    # Quorin's only threshold is in tonnes: no floor area is stated, so none is given (nor Varnis's).
    result = qa_varnis.ask("What is the floor area threshold of the Quorin ETS?")
    assert result["source"] == "search" and result["answer"]["values"] == []


def test_a_rate_asked_by_name_is_a_share_of_that_thing(qa_varnis):
    # 88% is a share of free allocation, in a sentence that never speaks of complying.
    result = qa_varnis.ask("What was the compliance rate of the Varnis ETS in 2024?")
    assert result["answer"]["values"] == ["97.5%"]


def test_how_many_payers_of_a_fee_is_a_count_not_the_fee(qa_varnis):
    result = qa_varnis.ask("How many companies will pay the Varnis energy fee?")
    assert result["answer"]["kind"] == "count" and result["answer"]["count"] == 260


def test_a_yes_no_question_the_graph_does_not_model_is_answered_from_the_sentence(qa_varnis):
    result = qa_varnis.ask("Has Varnis decided to sell allowances at auction?")
    assert result["source"] == "search" and result["answer"]["values"][0] == "no"
    assert "not yet decided" in result["citations"][0]["text"]


@pytest.mark.parametrize("text, kind", [("乘用车的平均排放上限是每公里多少克？", "distance"), ("法案的票数是多少？", "votes"),
                                        ("商业楼宇的楼面面积门槛是多少？", "area"), ("冷库年用电量达到多少才纳入？", "electricity"),
                                        ("What price per kWh did the plant pay?", "money"),  # a price is money
                                        ("What share of electricity comes from coal?", "percent")])
def test_the_measure_asked_is_read_from_the_question(qa_varnis, text, kind):
    assert qa_varnis.fallback.kinds(read(qa_varnis, text)) == (kind,)


@pytest.mark.parametrize("text", ["What share of the Varnis auction revenue went to households?", "瓦尔尼斯拍卖收入的多大比例用于补贴？"])
def test_a_share_of_money_is_a_share(qa_varnis, text):
    assert qa_varnis.fallback.kinds(read(qa_varnis, text)) == ("percent",)


def test_a_date_asked_of_a_measures_rule_is_a_date(qa_varnis):
    text = "When did the Varnis time-of-use electricity tariffs take effect?"
    assert qa_varnis.fallback.kinds(read(qa_varnis, text))[0] in ("date", "day")


@pytest.mark.parametrize("text", ["瓦尔尼斯碳市场从哪一年起把抵销上限降到5%？", "In which year will the Varnis ETS cut its offset limit to 5%?"])
def test_when_an_offset_limit_changes_is_a_year_not_a_share(qa_varnis, text):
    assert qa_varnis.fallback.kinds(read(qa_varnis, text))[0] in ("date", "day")
    assert qa_varnis.fallback.kinds(read(qa_varnis, "What is the offset limit of the Varnis ETS?")) == ("percent",)


def test_rather_than_says_no():
    from search.qa.fallback import _NEGATED

    assert _NEGATED.search("该机制交易的是节能量而非排放量。") and _NEGATED.search("It trades savings rather than emissions.")
    assert not _NEGATED.search("The scheme trades emission allowances among companies.")


PARTS = """Date: 2025-06-10 Brenlow compliance note

By the deadline, 180 of the 186 companies covered by the Brenlow ETS had surrendered their allowances.

In March the Brenlow regulator named 40 more companies, bringing the total number of covered companies to 226.

Since April, Brenlow allowances have traded between 11 dollars and 15 dollars, with an average of 13.40 dollars.
"""


# A news story whose headline names no market and whose lead does; further down it names another market, and
# its fee paragraph names none.
STORY = """碳费开征满月 主管部门：交易制度仍在研议

【本报记者10日电】外界关心的“塔林排放交易体系”仍在研议阶段，塔林政府目前没有推出时间表。

另据介绍，日本的GX排放交易体系于2023年启动，两地制度设计差异很大。

收费方面，一般费率为每吨420元。
"""


@pytest.fixture(scope="module")
def qa_parts(tmp_path_factory):
    return unthresholded(tmp_path_factory, "qa-parts", {"brenlow-en.txt": PARTS, "story-zh.txt": STORY})


@pytest.mark.parametrize("text, count", [
    ("How many companies had surrendered their allowances by the Brenlow deadline?", 180),  # the part that did
    ("How many companies are covered by the Brenlow ETS?", 186),  # the whole the 180 are part of
    ("Altogether, how many companies are covered by the Brenlow ETS now?", 226),  # the total, not the 40 added
])
def test_a_part_and_a_total_are_told_apart(qa_parts, text, count):
    result = qa_parts.ask(text)
    assert result["source"] == "search" and result["answer"]["count"] == count


def test_an_average_asked_is_the_average_not_the_range(qa_parts):
    result = qa_parts.ask("What has the average Brenlow allowance price been since April?")
    assert result["answer"]["values"] == ["13.40 dollars"]


def test_a_story_is_about_what_its_lead_names_when_its_headline_names_nothing(qa_parts):
    result = qa_parts.ask("塔林碳费的一般费率是多少？")
    assert result["source"] == "search" and result["answer"]["values"] == ["420元"]


LINKS = """日期：2025年5月6日

经过多年谈判，塔维亚与欧盟于2017年签署连接协议，该协议于2020年1月1日生效，塔维亚碳市场由此与欧盟碳市场实现连接。
"""


LINKS_APPROVED = """日期：2025年12月2日

苍屿议会于11月28日以较大多数批准了与澜州碳市场的连接协议。按协议，苍屿与澜州的配额将自2027年1月1日起互认互通。
"""


@pytest.fixture(scope="module")
def qa_links(tmp_path_factory):
    return unthresholded(tmp_path_factory, "qa-links", {"links-zh.txt": LINKS, "links-approved-zh.txt": LINKS_APPROVED})


def test_the_day_an_agreement_was_signed_is_not_the_day_the_link_began(qa_links):
    result = qa_links.ask("塔维亚碳市场与欧盟碳市场从什么时候开始连接？")
    assert result["source"] == "search" and result["answer"]["values"] == ["2020年1月1日"]


def test_the_day_a_link_was_approved_is_not_the_day_it_takes_effect(qa_links):
    # The approval's date stands beside the link agreement's name, the day it takes effect in the next sentence.
    result = qa_links.ask("苍屿与澜州的碳市场连接从哪一天起生效？")
    assert result["answer"]["values"][:1] == ["2027年1月1日"], result["answer"]


SURVEY = """Date: 2025-04-10 Regional carbon pricing survey

Auction revenue kept growing. In 2024, global auction revenue from all carbon markets reached about USD 61 billion. Velmora and Rindal both auction every allowance, while the Osterby ETS and the Kallan ETS are cutting free allocation.

Annual auction revenue in 2024: Velmora (USD 2,310 million), Rindal (USD 940 million).

The Nordhaven Carbon Forum currently has 21 members and 6 observers.

Of the four cement works first covered by the Tarrow ETS, three have since closed.

The Velmora ETS allowance price averaged USD 31 in 2024.

Rindal runs a voluntary trading scheme for its steel mills and intends to make it mandatory from 2027.

In a referendum in March 2024, Velmora voters rejected a proposal to abolish the Velmora ETS.

In its 2024 judgment the Rindal High Court quashed the regulation that brought ferry operators into the Rindal ETS.

Allowance prices eased in 2024 in the Osterby ETS, the Kallan ETS and the Tarrow ETS. The average price was USD 18.
"""
SURVEY_ZH = """日期：2025年4月12日

塔罗碳市场最初纳入的五家水泥厂中已有三家关闭。

斯卡兰省碳市场2024年的碳价为每吨45加元，当年配额拍卖收入为3.2亿加元。

群友：塔罗碳市场第一、二期的抵销上限都是10%，第三期开始降到6%了。

斯卡兰省碳市场目前纳入约300家企业。
"""


@pytest.fixture(scope="module")
def qa_survey(tmp_path_factory):
    return unthresholded(tmp_path_factory, "qa-survey", {"survey-en.txt": SURVEY, "survey-zh.txt": SURVEY_ZH})


def test_a_figure_said_of_every_market_is_no_one_markets(qa_survey):
    # "global auction revenue … USD 61 billion" shares the question's words, Velmora's own line fewer.
    result = qa_survey.ask("How much auction revenue did Velmora collect in 2024?")
    assert result["answer"]["values"] == ["USD 2,310 million"]


@pytest.mark.parametrize("text, count", [("How many observers does the Nordhaven Carbon Forum have?", 6),
                                         ("How many members does the Nordhaven Carbon Forum have?", 21)])
def test_the_count_asked_is_the_one_its_noun_follows(qa_survey, text, count):
    assert qa_survey.ask(text)["answer"]["count"] == count


@pytest.mark.parametrize("text, count", [("塔罗碳市场最初纳入了几家水泥厂？", 5),
                                         ("How many cement works did the Tarrow ETS first cover?", 4)])
def test_a_count_written_in_words_is_a_count(qa_survey, text, count):
    assert qa_survey.ask(text)["answer"]["count"] == count


def test_a_count_of_sectors_is_not_a_count_of_firms(qa_survey):
    # 家 counts firms: "约300家", the only count said of the market, is no answer to how many sectors (asked of
    # the text, as when the graph holds none of the market's sectors); it answers how many firms.
    def counted(text):
        return qa_survey.fallback.answer(read(qa_survey, text))["answer"].get("count")

    assert counted("斯卡兰省碳市场纳入了多少家企业？") == 300
    assert counted("斯卡兰省碳市场覆盖了几个行业？") != 300


def test_a_price_asked_is_per_tonne_not_a_total(qa_survey):
    assert qa_survey.ask("斯卡兰省碳市场2024年的碳价是多少？")["answer"]["values"] == ["45加元"]


def test_a_currency_asked_is_kept(qa_survey):
    # The text gives Velmora's price in dollars only: "in euros" is not answered with it.
    assert qa_survey.ask("What was the Velmora ETS allowance price in 2024, in euros?")["answer"].get("values") == []
    assert qa_survey.ask("What was the Velmora ETS allowance price in 2024?")["answer"]["values"] == ["USD 31"]


@pytest.mark.parametrize("text", ["Is the Rindal trading scheme mandatory at the moment?",
                                  "Did Velmora voters abolish the Velmora ETS in the 2024 referendum?",
                                  "Did the Rindal High Court let ferry operators into the Rindal ETS?"])
def test_a_plan_or_a_rejected_proposal_says_no(qa_survey, text):
    # Neither sentence holds a negation: one says it is still to come, the other that a proposal was turned down.
    assert qa_survey.ask(text)["answer"]["values"][0] == "no"


def test_a_figure_of_a_paragraph_on_several_markets_is_none_of_theirs(qa_survey):
    # "The average price was USD 18" names no market, in a paragraph naming three: not Tarrow's own price.
    assert qa_survey.ask("What was the average allowance price of the Tarrow ETS in 2024?")["answer"].get("values") == []


@pytest.mark.parametrize("text, value", [("塔罗碳市场第三期的抵销上限是多少？", "6%"), ("塔罗碳市场第二期的抵销上限是多少？", "10%")])
def test_a_figure_is_of_the_phase_named_before_it(qa_survey, text, value):
    assert qa_survey.ask(text)["answer"]["values"] == [value]


# A review in the report's layout: each paragraph headed by its place, its sentences naming no market.
HEADED = """Date: 2025-04-01 Regional market review

Pellmark: The Pellmark ETS started operating in 2016 and covers power. In 2024, the government tightened supply and raised the auction floor price.

Ostvale: The Ostvale ETS started operating in 2019 and covers industry. In 2024, the regulator consulted on bringing waste incinerators into the system from 2028.

Brennick: The Brennick ETS started operating in 2021 and covers power and industry. Its 2024 review lowered the inclusion threshold to 10,000 tonnes.
"""


@pytest.fixture(scope="module")
def qa_headed(tmp_path_factory):
    return qa_over_texts(tmp_path_factory.mktemp("qa-headed"), {"review-en.txt": HEADED})


@pytest.mark.parametrize("text, market, said", [
    ("Which market raised its auction floor price in 2024?", "Pellmark", "floor price"),
    ("哪个碳市场在2024年上调了拍卖底价？", "Pellmark", "floor price"),
    ("Which system lowered its inclusion threshold in its 2024 review?", "Brennick", "inclusion threshold"),
])
def test_a_market_asked_of_a_sentence_naming_none_is_its_paragraphs(qa_headed, text, market, said):
    # The sentence that answers names no market; its paragraph's heading does: that market is the answer, and the
    # sentence, not the paragraph's sentence that names the market, is the one cited.
    result = qa_headed.ask(text)
    found = result["answer"].get("systems") or []
    assert [market in " ".join(e["labels"].values()) for e in found] == [True]
    assert said in result["citations"][0]["text"]


QIWU = """日期：2025年3月1日
栖梧市碳排放权交易试点简介

栖梧市碳排放权交易试点于2017年开市，覆盖电力和造纸行业。

配额以免费分配为主。开市时有偿竞价比例为配额总量的12%；2024年修订实施细则后，该比例上调为20%。

交易方面，栖梧试点并未向证券公司等机构开放交易，也不接受个人投资者开户。
"""
CORVANE = """Date: 2025-05-02 The Corvane ETS in brief

The Corvane ETS started in 2019 and covers power and steel.

When it opened, 15% of allowances were sold at auction; the regulator later raised the auction share to 30%.

The regulator has decided to extend the Corvane ETS to maritime transport from 2027 and to waste incineration from 2029.
"""


@pytest.fixture(scope="module")
def qa_changed(tmp_path_factory):
    qa = qa_over_texts(tmp_path_factory.mktemp("qa-changed"), {"qiwu-zh.txt": QIWU, "corvane-en.txt": CORVANE})
    qa.threshold = 0.0
    return qa


@pytest.mark.parametrize("text, value", [
    ("栖梧试点现在的有偿竞价比例是多少？", "20%"),
    ("What share of Corvane ETS allowances is sold at auction?", "30%"),
    # The value first set is asked: the one the sentence later says was changed.
    ("栖梧试点开市时的有偿竞价比例是多少？", "12%"),
    ("What share of Corvane ETS allowances was sold at auction when it opened?", "15%"),
])
def test_a_value_the_sentence_says_was_changed_gives_way_to_the_new_one(qa_changed, text, value):
    # Neither sentence says "from … to": the change is told after the first value, each with its own words.
    result = qa_changed.ask(text)
    assert result["source"] == "search" and result["answer"]["values"] == [value], result["answer"]


@pytest.mark.parametrize("text", ["栖梧试点接受个人投资者开户吗？", "栖梧试点有没有向证券公司开放交易？"])
def test_a_chinese_negated_verb_says_no(qa_changed, text):
    # "并未开放", "不接受": a negation by a verb, as 未 and 不 are written before more verbs than 曾 or 能.
    result = qa_changed.ask(text)
    assert result["source"] == "search" and result["answer"]["values"][0] == "否", result["answer"]


@pytest.mark.parametrize("text, value", [("When will the Corvane ETS start covering waste incineration?", "2029"),
                                         ("Corvane ETS从哪一年开始纳入海运？", "2027")])
def test_the_date_a_sector_comes_in_is_the_one_beside_its_name(qa_changed, text, value):
    # Not the system's own start (2019, which the graph holds), nor the other sector's date in the same sentence.
    result = qa_changed.ask(text)
    assert result["source"] == "search" and result["answer"]["values"][:1] == [value], result["answer"]


QUENMOOR = """Date: 2025-02-01 Quenmoor market note

The Quenmoor ETS started operating in 2019 and covers power plants.

From 2026, 40% of Quenmoor allowances will be auctioned.

In 2024 the Quenmoor auction cleared at 31 dollars a tonne.
"""


CALENDAR = """Date: 2025-09-01 The calendar

MON 1 JUNE 2026 — Brenholt: start of the mandatory phase of the Brenholt ETS for companies emitting 50,000 tonnes or more.

THU 1 APRIL 2027 — Corlan: start of fiscal year 2027 and of the mandatory phase of the Corlan ETS for large emitters.
"""


@pytest.fixture(scope="module")
def qa_years(tmp_path_factory):
    return unthresholded(tmp_path_factory, "qa-years", {"quenmoor-en.txt": QUENMOOR, "calendar-en.txt": CALENDAR})


@pytest.mark.parametrize("text, values", [
    ("What share of Quenmoor allowances was auctioned in 2025?", []),  # set for 2026: not yet in force
    ("What share of Quenmoor allowances was auctioned in 2027?", ["40%"]),  # set earlier, still holds
    ("What did the Quenmoor auction clear at in 2023?", []),  # a price is its own year's
    ("What did the Quenmoor auction clear at in 2024?", ["31 dollars"]),
])
def test_a_figure_of_a_later_year_or_a_price_of_another_is_no_answer(qa_years, text, values):
    assert qa_years.ask(text)["answer"].get("values", []) == values


CHENGLING = """日期：2025年3月1日
澄岭市碳排放权交易试点简介

澄岭市碳排放权交易试点于2016年开市，覆盖电力和水泥行业。

开市时抵消比例上限为年度应清缴配额的10%；2023年修订管理办法后，上限下调为6%。
"""
HARROWBY = """Date: 2025-04-10 The Harrowby ETS

The Harrowby ETS started in 2018 and covers power and cement.

Offset credits could make up 8% of an entity's compliance obligation until a 2024 amendment lowered that limit to 5%.
"""


@pytest.fixture(scope="module")
def qa_limits(tmp_path_factory):
    return unthresholded(tmp_path_factory, "qa-limits", {"chengling-zh.txt": CHENGLING, "harrowby-en.txt": HARROWBY})


@pytest.mark.parametrize("text, value", [("澄岭试点现在的抵消比例上限是多少？", "6"),
                                         ("What is the offset limit in the Harrowby ETS?", "5")])
def test_a_limit_its_own_sentence_says_was_changed_gives_way_to_the_new_one(qa_limits, text, value):
    # Whichever limit the graph read, the answer is the one in force: the text's, where the graph holds the old one.
    values = qa_limits.ask(text)["answer"]["values"]
    assert any(v.rstrip("%") == value for v in values) and not any(v.rstrip("%") in ("10", "8") for v in values), values


@pytest.mark.parametrize("text, figure, changed", [
    ("开市时抵消比例上限为年度应清缴配额的10%；2023年修订管理办法后，上限下调为6%。", "10", True),
    ("开市时抵消比例上限为年度应清缴配额的10%；2023年修订管理办法后，上限下调为6%。", "6", False),
    ("Offsets may currently make up 8% of an obligation; a 2017 law lowers that limit to 4% for 2021 to 2025.", "8", True),
    ("Offsets may make up 8% of an obligation, and 4% of allowances are auctioned.", "8", False),
])
def test_a_share_changed_later_in_its_sentence(text, figure, changed):
    from search.qa.fallback import changed_later

    assert changed_later(text, figure) is changed


@pytest.mark.parametrize("text, day", [("When does the mandatory phase of the Brenholt ETS start?", "1 JUNE 2026"),
                                       # the year alone stands nearer the words asked: its sentence's day answers
                                       ("When does the mandatory phase of the Corlan ETS start?", "1 APRIL 2027")])
def test_a_date_in_capitals_is_a_date(qa_years, text, day):
    # A calendar's heading writes the month in capitals: the day is the answer, not the year alone.
    result = qa_years.ask(text)
    assert result["answer"]["values"][:1] == [day], result["answer"]


LANSHI = """日期：2025年6月1日
岚石市碳排放权交易试点简介

岚石市碳排放权交易试点于2018年开市。开市时纳入电力和水泥两个行业，涉及电厂12座。2022年，钢铁、造纸和航空三个行业被新纳入。

2024年扩围后，岚石试点纳入的设施增加到40座。
"""

QINGFENG = """日期：2025年7月1日

青峰市碳排放权交易试点将于2026年扩大覆盖范围，新增约60家企业，覆盖排放量增加约800万吨二氧化碳。

2024年，青峰试点的配额均价低于每吨40元。2024年，青峰试点拍卖收入约为6亿元，较去年少5000万元。

2024年，青峰试点共举行四次配额拍卖，平均成交价为每吨45元。
"""


@pytest.fixture(scope="module")
def qa_sectors(tmp_path_factory):
    return unthresholded(tmp_path_factory, "qa-sectors", {"lanshi-zh.txt": LANSHI, "qingfeng-zh.txt": QINGFENG})


@pytest.mark.parametrize("text, count", [("岚石试点开市时覆盖几个行业？", 2), ("岚石试点2022年新纳入了几个行业？", 3)])
def test_sectors_counted_at_another_time_than_now_are_the_texts(qa_sectors, text, count):
    # The graph holds the pilot's five sectors, undated; the text says which came in when (12座 counts plants).
    result = qa_sectors.ask(text)
    assert result["source"] == "search" and result["answer"].get("count") == count, result["answer"]


def test_a_count_of_plants_is_no_count_of_sectors(qa_sectors):
    # "40座" counts facilities: the only figure beside the expansion, and no number of sectors.
    result = qa_sectors.ask("岚石试点2024年扩围后覆盖几个行业？")
    assert result["answer"].get("count") != 40 and "40座" not in result["answer"].get("values", []), result["answer"]


@pytest.mark.parametrize("text", ["青峰试点扩围后会新增多少覆盖排放量？",
                                  "How much emissions will the Qingfeng pilot add when it widens its coverage?"])
def test_emissions_asked_are_tonnes_not_the_firms_that_emit_them(qa_sectors, text):
    values = qa_sectors.ask(text)["answer"].get("values", [])
    assert values and "800万吨" in values[0], values


@pytest.mark.parametrize("text, value", [
    ("2024年青峰试点拍卖收入比上一年少了多少？", "5000万元"),  # the change beside 少, not the total; 去年 is its base
    ("2024年青峰试点的拍卖收入是多少？", "6亿元"),
    ("How much auction revenue did the Qingfeng pilot raise in 2024?", "6亿元"),  # not a price of another sentence
    ("青峰试点2024年的配额拍卖一共筹集了多少钱？", "6亿元"),
])
def test_revenue_and_its_change_are_read_from_a_sentence_on_revenue(qa_sectors, text, value):
    values = qa_sectors.ask(text)["answer"].get("values", [])
    assert values and value in values[0], values


SELVORA = """日期：2025年1月10日

塞尔沃拉：塞尔沃拉试点碳市场计划于2026年9月前启动，重点覆盖电力行业。
"""


@pytest.fixture(scope="module")
def qa_selvora(tmp_path_factory):
    return unthresholded(tmp_path_factory, "qa-selvora", {"selvora-zh.txt": SELVORA})


def test_the_month_of_a_start_its_sentence_gives_is_the_answer(qa_selvora):
    # The graph holds the year the pilot is to start; the sentence it rests on gives the month too.
    values = qa_selvora.ask("塞尔沃拉试点碳市场计划最迟什么时候启动？")["answer"]["values"]
    assert values[:3] == ["2026-09", "September 2026", "2026年9月"] and "2026" in values, values
