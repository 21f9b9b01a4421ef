"""Answers that looked right and were not: the figure, date or list Q&A must not give with confidence.

A small store is ingested from invented documents (Corvane, Drummel, Pellory, Talmere and
Vessary are fictional): a Corvane bulletin whose sentences hold two figures of
one kind (all firms and those that complied; a change and a total of
the same sectors elsewhere), a dated
header, a first auction, a rule struck down and adopted again, a penalty in a
currency named in Chinese; a Pellory FAQ whose answers do not name it; a Corvane factsheet whose launch field stands above
its link field; and a note on Talmere whose coverage sentence goes on into an
official's forecast, and a later note dating its launch a year later; a table of systems, one of whose rows holds a denial in its note.
"""
import pytest

from conftest import qa_over_texts
from search.qa.lexicon import JURISDICTION, SYSTEM, Entity, Lexicon, fold
from search.qa.linking import Linker
from search.qa.question import understand

BULLETIN = """Date: 2025-05-02 Corvane market bulletin

The Corvane ETS has covered power stations and cement works since 2019.

The first Corvane allowance auction was held on 14 May 2020; a second one followed in the autumn.

A provincial court struck down the Corvane allocation rule in 2022, and the ministry re-adopted it in August 2023.

Operators in Corvane that emit above 15,000 tCO2e a year must surrender allowances; smaller ones only report.

Figure 3 marks the districts taking part in the Corvane ETS. Taking part today: 14 of the 20.
"""
BULLETIN_ZH = """日期：2025年5月6日科尔万碳市场开市六周年

至此，2016年批准的五个地方试点已全部开市。

纳入科尔万碳市场的412家企业中，398家按期足额清缴了配额。

科尔万碳市场规定，未按期清缴的，每吨处以120科尔万第纳尔罚款。

上月，科尔万把玻璃、石灰和陶瓷三个行业纳入碳市场。按照方案，这三个行业的企业要为2024年的排放清缴配额，新增约90家企业。

邻近的达伦省碳市场目前覆盖玻璃、石灰和陶瓷行业的约160家企业。

科尔万碳市场纳入年排放量达到2万吨以上的设施，约占该国排放总量的35%。
"""
FACTSHEET = """Date: 2025-04-01
FACTSHEET Corvane Emissions Trading System
Launch: January 2019
Cap for 2025: 18.6 MtCO2e, falling 2.5% a year
Linkage: with the Drummel ETS since 1 October 2023
"""
FAQ = """Date: 2021-03-09 Pellory ETS: questions and answers
Q: Are allowances sold?
A: Most are given away. The first sale by auction was held on 12 June 2020.
Q: When did the scheme begin?
A: It took effect on 1 January 2019.
"""
TALMERE = """Date: 2025-01-20 Talmere note

The Talmere ETS opened in 2017 as the region's first cap-and-trade system. It now reaches power generation, cement, waste and domestic aviation, and an official said the next phase would auction more permits.

The Vessary ETS covers power generation and domestic aviation.
"""

# A later note dates Talmere's launch otherwise: the graph keeps the latest statement, the text both.
TALMERE_LATER = """Date: 2025-06-10 Talmere update

The Talmere ETS was launched in 2018.
"""
TABLE = """日期：2025年3月1日

三、各体系一览
体系|状态|覆盖范围|备注
塔尔米尔碳市场|运行中|电力、水泥、国内航空|—
格伦达碳市场|建设中|钢铁、水泥、造纸|发电厂不纳入
科尔万碳市场|运行中|电力、水泥|—
"""


@pytest.fixture(scope="module")
def qa_wrong(tmp_path_factory):
    docs = {"corvane-en.txt": BULLETIN, "corvane-zh.txt": BULLETIN_ZH, "corvane-factsheet-en.txt": FACTSHEET,
            "talmere-en.txt": TALMERE, "pellory-faq-en.txt": FAQ, "table-zh.txt": TABLE,
            "talmere-later-en.txt": TALMERE_LATER}
    engine = qa_over_texts(tmp_path_factory.mktemp("qa-wrong"), docs)
    engine.threshold = 0.0  # which value is chosen is under test here; how sure it is, where said
    return engine


def values(result):
    answer = result["answer"]
    return answer.get("values") or ([answer["count"]] if "count" in answer else [])


@pytest.mark.parametrize("text, value", [
    # 398 follows "412家企业中，": the words before another count's clause are that count's.
    ("科尔万碳市场纳入了多少家企业？", "412家"),
    # An addition asked is the figure after "新增", not a total of the same sectors elsewhere.
    ("玻璃、石灰、陶瓷纳入后，科尔万碳市场新增了大约多少家企业？", "约90家"),
    # A cap is an amount of emissions, in MtCO2e here, not the yearly cut in percent beside it.
    ("What is the Corvane ETS cap for 2025?", "18.6 MtCO2e"),
    pytest.param("科尔万碳市场2025年的排放上限是多少？", "18.6 MtCO2e", marks=pytest.mark.xfail(
        reason="known bug since 科尔万 pairs with Corvane (session 13): the threshold sentence that names Corvane "
               "outranks the factsheet's cap line, whose passage also names the Drummel ETS in its link field; "
               "judging the field's own line fixed it and lost a Tianjin/Chongqing factsheet's count on dev",
        strict=True)),
    # "Figure 3" names a figure, counting nothing.
    ("How many districts take part in the Corvane ETS?", "14"),
    # A fine in a currency whose Chinese name does not end in 元.
    ("科尔万碳市场的企业未按期清缴，每吨罚多少钱？", "120科尔万第纳尔"),
    # "占…的多少" asks what part of the whole it takes up: the percentage, not the tonnage threshold before it.
    ("科尔万碳市场大致占到该国排放总量的多少？", "35%"),
])
def test_the_figure_asked_among_others_of_its_kind(qa_wrong, text, value):
    result = qa_wrong.ask(text)
    assert result["source"] == "search"
    assert value in values(result)


@pytest.mark.parametrize("text, value", [
    # The header's date is the document's; "first auction" is that event's date, not the system's start.
    ("On what date was the first Corvane allowance auction held?", "14 May 2020"),
    ("On what date was Pellory's first allowance auction held?", "12 June 2020"),
    # The link's date stands beside a link word, below the system's own launch field.
    ("On what date did the Corvane-Drummel link take effect?", "1 October 2023"),
    # Adopted again: the date beside "re-adopted", not the year the rule was struck down.
    ("When was the Corvane allocation rule re-adopted?", "August 2023"),
])
def test_the_date_of_the_event_asked(qa_wrong, text, value):
    result = qa_wrong.ask(text)
    assert result["source"] == "search"
    assert values(result)[0] == value


def test_a_figure_asked_of_a_named_system_is_not_its_description(qa_wrong):
    result = qa_wrong.ask("Above what annual emissions must Corvane operators surrender allowances?")
    assert result["source"] == "search"  # not the list of Corvane's facts (jurisdiction, level)
    assert values(result) == ["15,000 tCO2e"]


def test_coverage_read_before_a_forecast_in_the_same_sentence(qa_wrong):
    # ", and an official said ... would" starts another clause: its supposition is not the coverage's.
    said = qa_wrong.fallback.sector_systems()
    talmere = [s for s in qa_wrong.lexicon.entities if s.endswith("/talmere")]
    assert talmere and talmere[0] in said.get("domestic_aviation", {})
    assert talmere[0] in said.get("waste", {})


def test_an_empty_list_over_a_place_without_systems_is_not_sure(qa_wrong):
    # The graph knows no system in Mexico: that none there is in force is no fact of it.
    result = qa_wrong.ask("Which programs in Mexico are in force?")
    assert result["source"] == "graph" and not result.get("closed")
    assert result["confidence"] < 0.3


@pytest.mark.parametrize("text", ["哪些碳市场正在洽谈连接、尚未真正连上？", "Which systems are yet to be linked with each other?"])
def test_talks_and_links_not_yet_made_are_planned_links(qa_wrong, text):
    q = understand(text, qa_wrong.lexicon, qa_wrong.linker)
    assert q.link == "planned"


def test_a_country_is_named_without_its_designation():
    sys_iri, j_iri = "https://etskg.org/id/system/x-rep", "https://etskg.org/id/jurisdiction/x-rep"
    lexicon = Lexicon({sys_iri: Entity(sys_iri, SYSTEM, {"zh": "科尔万碳排放交易體系"}, jurisdiction=j_iri),
                       j_iri: Entity(j_iri, JURISDICTION, {"zh": "科尔万共和国"}, systems=[sys_iri])}, {}, {})
    mentions = Linker(lexicon).link(fold("哪个市场与科尔万的体系连接？"))
    assert [m.systems for m in mentions] == [[sys_iri]]


def test_a_table_row_says_what_its_system_covers_whatever_its_note_denies(qa_wrong):
    # "发电厂不纳入" denies power in the note cell, not the steel and paper of the coverage cell.
    said = qa_wrong.fallback.sector_systems()
    grenda = [iri for iri, e in qa_wrong.lexicon.entities.items()
              if e.kind == SYSTEM and any("格伦达" in name for name in [*e.labels.values(), *e.aliases])]
    assert grenda and grenda[0] in said.get("steel", {})
    assert grenda[0] not in said.get("power", {})


def test_none_within_a_country_whose_regions_are_unknown_is_not_sure(qa_wrong):
    # The gazetteer knows no provinces of Corvane, so the graph cannot tell which markets lie within it.
    result = qa_wrong.ask("How many systems within Corvane are under development?")
    assert result["answer"]["count"] == 0 and not result.get("closed")
    assert result["confidence"] < 0.3


def test_start_years_the_text_says_of_one_system(qa_wrong):
    starts = qa_wrong.fallback.start_systems()
    by_name = {iri.rsplit("/", 1)[1]: set(years) for iri, years in starts.items()}
    assert by_name.get("talmere") == {2017, 2018}  # "opened in 2017", "was launched in 2018"
    # A dateline dates the document, not Corvane's start; "五个地方试点已全部开市" names no system.
    assert 2025 not in by_name.get("corvane", set()) and all(2016 not in y for y in by_name.values())


def test_a_list_by_start_year_is_doubted_when_the_text_names_a_system_it_leaves_out(qa_wrong):
    from search.qa.answer import THRESHOLD

    result = qa_wrong.ask("Which systems started in 2017?")
    assert "talmere" not in [e["iri"].rsplit("/", 1)[1] for e in result["answer"]["systems"]]  # 2018 in the graph
    assert [e["iri"].rsplit("/", 1)[1] for e in result["unconfirmed"]] == ["talmere"]
    assert result["confidence"] < THRESHOLD


NORDRA = """Nordra: The Nordra ETS started operating in 2015. It covers power and steel. Offsets are not accepted.

Brisa: The Brisa ETS started operating in 2017. It covers power and cement. Offsets are not accepted.
"""
COMMENTARY = """Date: 2025-01-01 Weekly market commentary

The Nordra ETS and the Brisa ETS held their auctions this week.

Regional outlook: Prices were stable across the region this quarter, analysts said. It still accepts no offset credits of any kind, and buildings are covered from next year.
"""


@pytest.fixture(scope="module")
def qa_pronouns(tmp_path_factory):
    return qa_over_texts(tmp_path_factory.mktemp("qa-pronouns"), {"nordra-en.txt": NORDRA, "commentary-en.txt": COMMENTARY})


def test_a_fact_read_where_no_one_names_the_system_is_doubted(qa_pronouns):
    from search.qa.answer import THRESHOLD

    # "It ... buildings are covered" in a paragraph and a document that never name Nordra: whom "it" means is
    # the extractor's guess, so a list resting on it is withheld.
    doubted = qa_pronouns.ask("Which systems cover buildings?")
    assert [e["iri"].rsplit("/", 1)[-1] for e in doubted["misread"]] == ["nordra"]
    assert doubted["confidence"] < THRESHOLD and doubted["abstained"]
    # "It covers power and steel." in the paragraph that introduces Nordra is about Nordra.
    named = qa_pronouns.ask("Which systems cover steel?")
    assert "misread" not in named and named["confidence"] >= THRESHOLD


def test_a_count_resting_on_a_fact_no_one_names_is_doubted(qa_pronouns):
    # A count is as sure as the list it counts: "It ... buildings are covered" is Nordra's only by the
    # extractor's guess, so "1" is doubted like the list.
    doubted = qa_pronouns.ask("How many systems cover buildings?")
    assert [e["iri"].rsplit("/", 1)[-1] for e in doubted["misread"]] == ["nordra"]
    named = qa_pronouns.ask("How many systems cover steel?")
    assert named["answer"] == {"kind": "count", "count": 1} and "misread" not in named
    # Withheld, or at least less sure than the count resting on named facts and given saying so.
    assert doubted.get("withheld", doubted["answer"])["kind"] == "count" and doubted["confidence"] < named["confidence"]
    assert doubted.get("abstained") or doubted.get("unsure")


@pytest.mark.parametrize("status, text, date, contradicted", [
    # A launch done, in a year no later than the document's, is no system under development...
    ("under_development", "俄勒岡州：「氣候保護計畫」於2022年首次實施，對燃料供應商設下上限。", "2025-08-15", True),
    ("under_consideration", "The Pellmark ETS opened in 2019 and covers power.", "2024-01-01", True),
    # ...but a plan, a denial or a supposition beside it is.
    ("under_development", "The Pellmark ETS will start in 2027.", "2024-01-01", False),
    ("under_development", "佩尔马克碳市场尚未正式启动，原定2023年开市。", "2024-01-01", False),
    ("under_development", "If the law passes, the Pellmark ETS opened in 2019 would be replaced.", "2024-01-01", False),
    # A launch still to come, after the document's date, is no system in force.
    ("in_force", "塔卢万碳排放交易体系定于2027年1月启动。", "2024-11-18", True),
    ("in_force", "The Pellmark ETS started in 2019 and will expand in 2027.", "2024-01-01", False),
    ("in_force", "The Pellmark ETS covers power.", "2024-01-01", False),  # no year: nothing to contradict
])
def test_a_status_whose_sentence_says_the_contrary(status, text, date, contradicted):
    from search.qa.fallback import status_contradicted

    assert status_contradicted(status, text, date) == contradicted


def test_a_yes_resting_on_a_fact_no_one_names_is_doubted(qa_pronouns):
    from search.qa.answer import THRESHOLD

    doubted = qa_pronouns.ask("Does the Nordra ETS cover buildings?")
    sure = qa_pronouns.ask("Does the Nordra ETS cover steel?")
    assert sure["answer"]["values"][0] == "yes" and sure["confidence"] >= THRESHOLD
    # Doubted: withheld, or at least less sure and given saying so.
    assert doubted["misread"] and doubted["confidence"] < sure["confidence"]
    assert doubted.get("withheld", doubted["answer"])["values"][0] == "yes" and (
        doubted.get("abstained") or doubted.get("unsure"))


@pytest.mark.parametrize("text, sector, future, unsaid", [
    ("网上有说法称全国碳市场今年将纳入民航。", "aviation", False, True),  # coverage to come, asked of now
    ("网上有说法称全国碳市场今年将纳入民航。", "aviation", True, False),  # asked of the future, it is said
    ("两地的钢铁企业会不会纳入碳市场？", "steel", False, True),  # a question states nothing
    ("Buildings are not covered by the Nordra ETS.", "buildings", False, True),
    ("If the law passes, the Nordra ETS would cover buildings.", "buildings", False, True),
    # A clause about something else does not speak for the one naming the sector.
    ("It now reaches power and waste, and an official said the next phase would auction more permits.",
     "waste", False, False),
    ("The Nordra ETS covers power and steel.", "steel", False, False),
])
def test_a_coverage_sentence_that_states_no_coverage_in_force(qa_pronouns, text, sector, future, unsaid):
    assert qa_pronouns.fallback.coverage_unsaid(text, sector, future) == unsaid


# An interview whose answers name no market, after a question naming one misspelt (the index does not tag it,
# the question's reader does) and beside a sentence naming another; a
# news story whose first passage is its date alone, its headline the next one; a note starting both markets.
INTERVIEW = """Date: 2025-03-01
Interview: where next for the Lanmore ETS? A talk with the head of the Lanmore climate office

Q: Which sectors are in the Lanmoore market today? A: Mainly cement, steel and aviation, and buildings since last year. Power plants moved to the Servan ETS long ago and no longer comply with us.
"""
NEWS = """Date: 2024-05-06

Servan, 6 May. The Servan ETS opened for trading this morning.

The first phase covers 310 power companies. All allowances are handed out free, by emission-intensity benchmarks.
"""
MARKETS = """The Lanmore ETS started operating in June 2016. It covers cement.

The Servan ETS started operating in May 2024. It covers power.
"""


@pytest.fixture(scope="module")
def qa_interview(tmp_path_factory):
    engine = qa_over_texts(tmp_path_factory.mktemp("qa-interview"), {"interview-en.txt": INTERVIEW, "news-en.txt": NEWS,
                                                                                  "markets-en.txt": MARKETS})
    engine.threshold = 0.0
    return engine


def _system_named(qa, name):
    return next(e.iri for e in qa.lexicon.systems if any(name in label for label in e.labels.values()))


def test_a_sentence_naming_no_market_is_not_given_to_the_only_tagged_one_when_its_passage_names_another(qa_interview):
    # "Mainly cement, steel and aviation" answers about the market the interviewer named; the passage also names
    # the Servan ETS (the only one tagged), so the sentence says nothing sure of either, least of all of Servan.
    said = qa_interview.fallback.sector_systems()
    other = _system_named(qa_interview, "Servan")
    assert all(other not in said.get(sector, {}) for sector in ("cement", "steel", "aviation", "buildings"))
    assert other in said["power"]  # what its own news says it covers


def test_a_date_alone_does_not_head_a_story(qa_interview):
    # The headline after "Date: …" says whom the story's later paragraphs are about.
    fallback = qa_interview.fallback
    start = NEWS.index("The first phase")
    assert _system_named(qa_interview, "Servan") in fallback.around("news-en", start)


MORLANDA = """Morlanda carbon market note

Morlanda's national carbon market began operating on 1 July 2021 as a cap-and-trade system, covering power generation, steel and domestic aviation; under the 2023 amending regulation, domestic shipping has also had to surrender allowances since 1 March 2025. Tarnwick's cap-and-invest program finished its rulemaking in August 2023 and covers power plants and refineries.
"""

MORLANDA_ZH = """莫兰达碳市场简报

莫兰达的全国碳市场于2021年7月1日开始运行，覆盖发电、钢铁和国内航空；根据2023年的修订条例，国内航运自2025年3月1日起也须清缴配额。塔恩维克州的总量控制与投资计划于2023年8月完成规则制定，覆盖发电企业和炼油厂。
"""


@pytest.fixture(scope="module")
def qa_sector_dates(tmp_path_factory):
    return qa_over_texts(tmp_path_factory.mktemp("qa-sector-dates"),
                         {"morlanda-en.txt": MORLANDA, "morlanda-zh.txt": MORLANDA_ZH})


@pytest.mark.parametrize("question", ["When did Morlanda bring domestic shipping into its carbon market?",
                                      "莫兰达什么时候把国内航运纳入碳市场？"])
def test_a_sentence_with_two_dates_gives_a_sector_the_date_beside_it_not_the_launch(qa_sector_dates, question):
    # The launch date comes first and the sentence names shipping further on: each date is of the sectors named
    # around it, not of every sector of the sentence.
    values = qa_sector_dates.ask(question)["answer"].get("values") or []
    assert values and "2025" in values[0] and "2021" not in values[0]


BRINMOOR = """Date: 2025-02-01 Brinmoor ETS note

The Brinmoor ETS started in 2019 and covers power stations and steel works.

Participants in the Brinmoor ETS may use offset credits for up to 6% of their compliance obligations.

The Brinmoor ETS brought domestic ferries into scope from 2024.
"""


@pytest.fixture(scope="module")
def qa_limits(tmp_path_factory):
    return qa_over_texts(tmp_path_factory.mktemp("qa-limits"), {"brinmoor-en.txt": BRINMOOR})


@pytest.mark.parametrize("text", [
    "What was the Brinmoor ETS offset limit before the 2024 amendment?",
    "What offset limit did the Brinmoor ETS have prior to the cut?",
    "Brinmoor ETS 的抵销上限在2023年修订之前是多少？",
])
def test_a_value_asked_before_a_change_is_not_the_one_in_force(qa_limits, text):
    # The graph holds the limit in force, which the change set: not the earlier one asked, so not given.
    result = qa_limits.ask(text)
    assert "6" not in values(result)
    assert qa_limits.ask("What is the Brinmoor ETS offset limit?")["answer"]["values"][0] in ("6", "6%")


@pytest.mark.parametrize("sentence, unstated", [
    ("The Brinmoor ETS brought domestic ferries into scope from 2024.", "offset"),  # another rule's year
    ("The Brinmoor ETS lowers its offset limit to 3% from 2026.", None),
])
def test_a_text_answer_whose_sentence_says_nothing_of_the_offsets_asked(qa_limits, sentence, unstated):
    text = "From which year did the Brinmoor ETS lower its offset limit to 3%?"
    q = understand(text, qa_limits.lexicon, qa_limits.linker, qa_limits.model.read(text))
    out = {"citations": [{"text": sentence}], "answer": {"kind": "literal", "values": ["2024"]}}
    assert qa_limits._unstated(q, out) == unstated


@pytest.mark.parametrize("text", [
    "Before ferries joined, how many sectors did the Brinmoor ETS cover?",
    "Brinmoor ETS 修订前一共覆盖几个行业？",
    "到2030年，Brinmoor ETS 一共覆盖几个行业？",
])
def test_a_count_of_sectors_at_another_time_is_the_texts(qa_limits, text):
    # The graph's sectors are undated: those covered before another came in, or by a year, are the text's to count.
    assert qa_limits.ask(text)["source"] == "search"
