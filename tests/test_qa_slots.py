"""How the wording of a list question becomes its filters (search.qa.slots, search.qa.question): statuses
denied with an adverb, years compared in Chinese, planned starts counted in, links sought. Questions written
for these tests, over a lexicon of two invented systems (no store)."""
from decimal import Decimal

import pytest

from search.qa.lexicon import JURISDICTION, SYSTEM, Entity, Lexicon
from search.qa.linking import Linker
from search.qa.question import understand

ID = "https://etskg.org/id/"


@pytest.fixture(scope="module")
def reader():
    entities = {
        ID + "system/morvath": Entity(ID + "system/morvath", SYSTEM, labels={"en": "Morvath ETS", "zh": "莫尔瓦特碳市场"},
                                      jurisdiction=ID + "jurisdiction/morvath", status="in_force"),
        ID + "jurisdiction/morvath": Entity(ID + "jurisdiction/morvath", JURISDICTION,
                                            labels={"en": "Morvath", "zh": "莫尔瓦特"}, systems=[ID + "system/morvath"]),
    }
    lexicon = Lexicon(entities, {}, {})
    linker = Linker(lexicon)
    return lambda text: understand(text, lexicon, linker)


@pytest.mark.parametrize("text", [
    "哪些碳市场目前还没有正式运行、仍在建设中？",
    "哪些碳市场尚未真正启动？",
    "Which markets are not yet formally operating?",
    "Which schemes have not officially launched yet?",
    "Which provinces have a market that isn't running yet?",  # "n't" inside a word
    "Which of these states hasn't started trading?",
    "这一地区有哪些国家至今还没有正在运行的碳市场？",  # 正在 between the denial and the verb
])
def test_a_status_denied_with_an_adverb_is_not_asked_for(reader, text):
    # "没有正式运行" denies operating: in force is not among the statuses asked for.
    q = reader(text)
    assert q.intent == "list" and q.slots.statuses and "in_force" not in q.slots.statuses


@pytest.mark.parametrize("text, op", [
    ("哪些碳市场的启动时间晚于2019年？", ">"),
    ("哪些碳市场启动时间早于2012年？", "<"),
    ("Which systems started later than 2019?", ">"),
])
def test_a_start_compared_with_a_year_filters_and_ranks_nothing(reader, text, op):
    # "晚于" is a comparison with the year, not "the latest" of a superlative.
    q = reader(text)
    assert q.intent == "list" and q.slots.year_op == op and not q.order


@pytest.mark.parametrize("text", [
    "哪些碳市场的启动时间（含计划）晚于2026年？",
    "Which systems start after 2026, including planned ones?",
])
def test_planned_starts_counted_in_lift_the_status_filter(reader, text):
    q = reader(text)
    assert q.slots.years == [(2026, None)] and q.slots.statuses == set()


@pytest.mark.parametrize("text, statuses", [
    ("Which countries are working on a carbon market?", {"under_development"}),
    ("Which governments are working towards a link with the Norland ETS?", set()),  # the link's plan
])
def test_working_on_a_market_is_building_it(reader, text, statuses):
    assert reader(text).slots.statuses == statuses


@pytest.mark.parametrize("text", [
    "有几个省份在探讨设立碳交易市场？",
    "哪些國家正在探討建立排放交易體系？",
    "哪些城市在酝酿自己的碳市场？",
    "Which countries are exploring an emissions trading system?",
    "Which countries are still weighing up whether to adopt emissions trading?",
    "Which provinces are mulling over a carbon market of their own?",
    "哪些国家还在权衡要不要建碳市场？",
])
def test_a_market_explored_is_under_consideration(reader, text):
    assert "under_consideration" in reader(text).slots.statuses


def test_starts_without_planned_ones_are_of_systems_in_force(reader):
    assert reader("哪些碳市场的启动时间晚于2019年？").slots.statuses == {"in_force"}


@pytest.mark.parametrize("text", ["哪些碳市场正在谋求与莫尔瓦特碳市场连接？", "哪些市场在争取与莫尔瓦特碳市场连接？"])
def test_a_link_sought_is_a_planned_link(reader, text):
    q = reader(text)
    assert q.intent == "list" and q.link == "planned" and q.link_to == [ID + "system/morvath"]


@pytest.mark.parametrize("text", ["哪些市場有正在規劃中、尚未生效的連結計畫？", "哪些碳市场有规划中的连接计划？",
                                  "Which markets have planned links that are not yet in force?"])
def test_a_plan_not_yet_in_force_is_the_links_not_the_markets_status(reader, text):
    q = reader(text)
    assert q.intent == "list" and q.link == "planned" and not q.slots.statuses


@pytest.mark.parametrize("text, link", [
    ("哪些碳市场已经与莫尔瓦特碳市场连接，或者正在谈连接？", "both"),
    ("Which markets are already linked with the Morvath ETS or planning to link with it?", "both"),
    ("Which markets are planning to link with the Morvath ETS?", "planned"),
    ("Which markets are linked with the Morvath ETS?", "either"),
])
def test_a_link_made_or_planned_asks_both(reader, text, link):
    assert reader(text).link == link


@pytest.mark.parametrize("text, relation", [
    ("When the Morvath ETS started trading in 2015, what percentage of surrendered units could be offset credits?",
     "offset_limit_pct"),
    ("When did the Morvath ETS open?", "start_year"),
    ("When was the Morvath ETS launched, and what does it cover?", "start_year"),
])
def test_a_when_clause_before_the_question_dates_it_and_asks_no_date(reader, text, relation):
    q = reader(text)
    assert q.intent == "attribute" and q.relation == relation


@pytest.mark.parametrize("text, asks_when", [
    ("How many firms were brought in when the Morvath ETS widened to glass makers?", False),
    ("What percentage of Morvath's emissions was covered when trading began?", False),
    ("how much did a permit cost, when the Morvath ETS first auctioned them", False),
    ("When was the Morvath ETS widened to glass makers?", True),
    ("Which markets opened when the Morvath ETS did?", True),  # only a number's question has its when-clause dropped
])
def test_a_when_clause_after_a_number_question_asks_no_date(reader, text, asks_when):
    assert ("when" in reader(text).slots.cues) == asks_when


@pytest.mark.parametrize("text, n", [("Which two markets are linked with the Morvath ETS?", 2),
                                     ("哪三个碳市场覆盖钢铁行业？", 3),
                                     ("Which markets cover steel?", None),
                                     ("哪个碳市场覆盖钢铁行业？", 1),
                                     ("Which one of the markets covers steel?", 1),
                                     ("哪些碳市场覆盖钢铁行业？", None),
                                     ("Which two years did the Morvath ETS skip?", None)])
def test_how_many_systems_the_question_expects(reader, text, n):
    assert reader(text).slots.how_many == n


def test_the_adjective_of_a_place_names_it():
    # "a Kestarian installation": the place "Kestaria", though a system's name ("Kestarian ETS") starts with the word.
    entities = {
        ID + "system/kestaria": Entity(ID + "system/kestaria", SYSTEM, labels={"en": "Kestarian ETS"},
                                       jurisdiction=ID + "jurisdiction/kestaria", status="in_force"),
        ID + "jurisdiction/kestaria": Entity(ID + "jurisdiction/kestaria", JURISDICTION, labels={"en": "Kestaria"},
                                             systems=[ID + "system/kestaria"]),
    }
    lexicon = Lexicon(entities, {}, {})
    q = understand("Above what emissions does a Kestarian installation need permits?", lexicon, Linker(lexicon))
    assert [m.systems for m in q.mentions] == [[ID + "system/kestaria"]]
    q = understand("What does the Kestarian ETS cover?", lexicon, Linker(lexicon))
    assert [m.kind for m in q.mentions] == [SYSTEM]


@pytest.mark.parametrize("text, cue", [
    ("What is the offset limt of the Morvath ETS?", "offset_pct"),
    ("Which markets are linkd with the Morvath ETS?", "link"),
    ("Which markets accept internationl credits?", "international"),
])
def test_a_cue_word_missing_one_letter_still_fires(reader, text, cue):
    from search.qa.slots import CUES

    assert cue in CUES and cue in reader(text).slots.cues


def test_a_word_is_only_respelt_as_a_cue_word_it_misses_one_letter_of():
    from search.qa.slots import respell

    # Short words, and words that are cue words already, stay as they are.
    assert respell("which lines link the capped markets") == "which lines link the capped markets"
    assert respell("an offset limt") == "an offset limit"


@pytest.mark.parametrize("text", [
    "What Morvath provincial systems don't accept offsets?",  # the place between "what" and "systems" is blanked
    "What Morvath pilot ETSs take credits for as much as 12 pct of what a plant surrenders?",
])
def test_what_with_a_place_before_systems_asks_for_a_list(reader, text):
    q = reader(text)
    assert "systems_q" in q.slots.cues and q.intent == "list"


def test_pct_is_a_percentage(reader):
    q = reader("In which markets may credits settle as much as 6 pct of an operator's surrender?")
    assert q.slots.offset_pct == 6


@pytest.mark.parametrize("text, pct, op", [
    ("Which markets let firms cover more than half of their obligation with offset credits?", 50, ">"),
    ("哪些碳市场允许用抵消信用完成三分之一以上的履约义务？", Decimal("33.33"), ">"),
    ("哪些碳市场的抵消比例不超过一半？", 50, "<="),
    ("Where may credits settle at most a quarter of a surrender?", 25, "<="),
])
def test_a_share_in_words_is_a_percentage(reader, text, pct, op):
    s = reader(text).slots
    assert (s.offset_pct, s.offset_pct_op, s.offset) == (pct, op, "")


@pytest.mark.parametrize("text", [
    "According to the ICAP report, which markets are linked with the Morvath ETS?",
    "根据ICAP的报告，哪些碳市场与莫尔瓦特碳市场连接？",
    "Going by ICAP's world map, which markets are linked with the Morvath ETS?",  # a map is a source too
    "According to ICAP's database, which markets are linked with the Morvath ETS?",
    "根据ICAP的地图，哪些碳市场与莫尔瓦特碳市场连接？",
])
def test_the_source_a_question_cites_is_not_its_topic(reader, text):
    # "ICAP" and "report" name where the asker read it; the question is about links, which the graph holds.
    q = reader(text)
    assert "unmodelled" not in q.slots.cues and "link" in q.slots.cues


def test_which_fiscal_year_asks_when(reader):
    q = reader("莫尔瓦特碳市场的首个履约期从哪个财年开始？")
    assert "when" in q.slots.cues and "systems_q" not in q.slots.cues


def test_an_english_cue_word_inside_a_chinese_question_fires(reader):
    # No \b falls between "G20" and "里": the cue's edges are what is not a Latin letter or digit.
    assert "unmodelled" in reader("G20成员国一共有几个？").slots.cues


@pytest.mark.parametrize("text", [
    "What was Morvath's trading turnover in its first year?",
    "When did the Morvath ETS's new electricity tariffs take effect?",
    "How many votes did the Morvath ETS bill get?",
    "莫尔瓦特碳市场第三期什么时候开始？",
    "莫尔瓦特碳市场首年的成交额是多少？",
    "莫尔瓦特碳市场的试点是在哪几年进行的？",  # a span of years
    "Over which years did Morvath run its pilot?",
])
def test_a_date_or_figure_of_something_the_market_has_is_not_its_start(reader, text):
    """Its turnover, tariffs, later phases or votes, or a span of years, are the text's to give: asked with "when …
    take effect" or "first year" they are still not the market's start year."""
    q = reader(text)
    assert q.intent == "fallback" and q.relation != "start_year"


@pytest.mark.parametrize("text", ["When did the Morvath ETS start?", "莫尔瓦特碳市场是哪一年启动的？",
                                  "What year is the Morvath ETS supposed to be fully operational?",  # not "years"
                                  "莫尔瓦特碳市场的第一个履约期是从什么时候开始的？"])  # its first period is its start
def test_the_markets_own_start_is_still_the_graphs(reader, text):
    q = reader(text)
    assert q.intent == "attribute" and q.relation == "start_year"


@pytest.mark.parametrize("text", ["What was the compliance rate in Morvath's first compliance period?",
                                  "莫尔瓦特碳市场首个履约期的履约率是多少？"])
def test_a_rate_dated_by_a_start_asks_the_rate(text):
    # The first period names a start (the model reads one); the rate is what is asked, the text's to give.
    from search.qa.intent import Reading

    entities = {ID + "system/morvath": Entity(ID + "system/morvath", SYSTEM, labels={"en": "Morvath ETS", "zh": "莫尔瓦特碳市场"})}
    lexicon = Lexicon(entities, {}, {})
    q = understand(text, lexicon, Linker(lexicon), Reading("start_date", 0.9, "date", 0.9))
    assert q.intent == "fallback" and q.relation != "start_year"
    started = understand("When did the Morvath ETS start?", lexicon, Linker(lexicon), Reading("start_date", 0.9, "date", 0.9))
    assert started.intent == "attribute" and started.relation == "start_year"


@pytest.mark.parametrize("text", ["莫尔瓦特的《碳排放交易管理条例》是哪天生效的？", "When did the Morvath ETS regulation take effect?",
                                  "When was the amendment to Morvath's bill adopted?"])
def test_a_law_of_the_market_has_its_own_date_not_the_start(reader, text):
    assert "unmodelled" in reader(text).slots.cues


def test_the_market_itself_still_starts(reader):
    assert "unmodelled" not in reader("When did the Morvath ETS take effect?").slots.cues


@pytest.mark.parametrize("text", [
    "Apart from Morvath, which markets are in force?",
    "Which markets are in force, leaving the Morvath ETS out of it?",
    "Leaving Morvath aside, which countries are running a carbon market?",
    "Which markets are in force? (not counting the Morvath ETS)",
    "除了莫尔瓦特碳市场，哪些碳市场已经在运行？",
    "哪些碳市场已经在运行（莫尔瓦特不算）？",
])
def test_what_a_list_leaves_out_is_excluded_not_filtered_on(reader, text):
    # The market or country left out is no place or subject of the answer: the answer must not hold it.
    q = reader(text)
    assert q.intent == "list" and q.slots.statuses == {"in_force"} and not q.places and not q.subjects
    assert q.excluded and set(q.excluded) <= {ID + "system/morvath", ID + "jurisdiction/morvath"}


@pytest.mark.parametrize("text", [
    "Which markets other than the Morvath ETS are linked?",  # the question's own words after the name still ask
    "Which markets does the Morvath ETS link with?",
])
def test_a_link_question_keeps_its_link_whatever_is_left_out(reader, text):
    assert reader(text).link


def test_a_kind_of_market_that_does_not_count_is_no_condition(reader):
    # "超国家的不算" leaves supranational markets out: the level asked is national alone.
    assert reader("哪些国家级碳市场在运行？（欧盟这种超国家的不算）").slots.levels == {"national"}
    # A side clause saying what does not count asks nothing: the start year asked stays.
    q = reader("Which carbon markets came into effect in 2024? Relaunches don't count.")
    assert q.intent == "list" and q.slots.years == [(2024, None)]


def test_a_topic_left_out_is_still_the_topic(reader):
    # "除了成员国，还覆盖哪些国家" asks about members, which the graph does not hold: the text answers.
    assert reader("莫尔瓦特碳市场除了成员国，还覆盖哪些国家？").intent == "fallback"


@pytest.mark.parametrize("text", ["Which markets kicked off in 2019?", "Which ETSs have been running since 2019?",
                                  "Which carbon pricing systems started in 2019?"])
def test_more_ways_of_saying_a_start(reader, text):
    q = reader(text)
    assert q.intent == "list" and q.slots.years == [(2019, None)]


@pytest.mark.parametrize("text, statuses, designs", [
    ("Which carbon pricing systems work on an output-based basis?", set(), {"intensity"}),
    ("Which countries are preparing an emissions trading system?", {"under_development"}, set()),
    ("哪些国家在为碳市场做准备？", {"under_development"}, set()),
    ("Which governments are preparing to link with the Norland ETS?", set(), set()),  # the link's plan
])
def test_working_on_a_basis_is_a_design_and_preparing_a_market_builds_it(reader, text, statuses, designs):
    q = reader(text)
    assert q.intent == "list" and q.slots.statuses == statuses and q.slots.designs == designs


@pytest.mark.parametrize("text", ["Which markets are hooked up to the Morvath ETS?", "哪些碳市场跟莫尔瓦特碳市场连起来了？",
                                  "哪些碳市场已经与莫尔瓦特碳市场接轨？"])
def test_a_link_in_everyday_words_is_a_link(reader, text):
    q = reader(text)
    assert q.intent == "list" and q.link and q.link_to == [ID + "system/morvath"]


@pytest.mark.parametrize("text, op", [
    ("哪些碳市场要到2030年或更晚才启动？", ">="),
    ("哪些碳市场在2015年或更早启动？", "<="),
])
def test_a_year_or_later_in_chinese_is_a_comparison(reader, text, op):
    # "或更晚" compares with the year: a filter, not "the latest" of a superlative.
    q = reader(text)
    assert q.intent == "list" and q.slots.year_op == op and not q.order


def test_a_start_not_until_a_year_to_come_is_of_markets_not_yet_running(reader):
    assert reader("哪些碳市场要到2030年或更晚才启动？").slots.statuses == {"under_development", "under_consideration"}


def test_building_a_market_is_no_buildings_sector(reader):
    q = reader("Which countries are still building an ETS rather than running one?")
    assert q.slots.statuses == {"under_development"} and q.slots.sectors == []
    assert reader("Which systems cover buildings?").slots.sectors  # the sector itself is still read


def test_an_afterthought_denying_a_kind_asks_nothing(reader):
    # "i.e. not relaunches of older programs": "older" there ranks nothing; "brand new in 2024" is a start.
    q = reader("Which carbon markets are brand new in 2024, i.e. not relaunches of older programs?")
    assert q.intent == "list" and not q.order and q.slots.years == [(2024, None)]
    # "not yet running" after a comma is still a status denied, not an afterthought
    assert "in_force" not in reader("Which provinces have a market, not yet running?").slots.statuses


def test_these_few_places_named_are_no_count(reader):
    q = reader("莫尔瓦特、雪溪这几个地方里，哪些有碳市场在运行？")
    assert "count" not in q.slots.cues and q.intent == "list"


@pytest.mark.parametrize("text", ["Has any other market linked with the Morvath ETS? Which one?",
                                  "有没有碳市场已经和莫尔瓦特碳市场连接？是哪个？"])
def test_a_yes_no_question_followed_by_which_asks_for_the_systems(reader, text):
    q = reader(text)
    assert q.intent == "list" and q.link and q.link_to == [ID + "system/morvath"]


@pytest.mark.parametrize("text, year, op", [
    ("Which carbon markets were already running before 2010?", 2010, "<"),
    ("Which schemes were in operation by 2015?", 2015, "<="),
])
def test_running_before_or_by_a_year_is_a_start_filter(reader, text, year, op):
    q = reader(text)
    assert q.intent == "list" and q.slots.years == [(year, None)] and q.slots.year_op == op


def test_operating_in_a_year_is_the_time_asked_about_not_a_start(reader):
    assert reader("Which markets are operating in 2024?").slots.years == []


@pytest.fixture(scope="module")
def pilots_reader():
    # A national market that the texts also call the country's pilots, and one pilot of a province below it.
    china, hubei = ID + "jurisdiction/china", ID + "jurisdiction/hubei"
    entities = {
        ID + "system/china": Entity(ID + "system/china", SYSTEM, labels={"en": "China national ETS", "zh": "全国碳市场"},
                                    aliases=["China pilots", "中国试点"], jurisdiction=china, level="national"),
        ID + "system/hubei": Entity(ID + "system/hubei", SYSTEM, labels={"en": "Hubei ETS", "zh": "湖北碳市场"},
                                    jurisdiction=hubei, level="subnational"),
        china: Entity(china, JURISDICTION, labels={"en": "China", "zh": "中国"}, systems=[ID + "system/china"]),
        hubei: Entity(hubei, JURISDICTION, labels={"en": "Hubei", "zh": "湖北"}, systems=[ID + "system/hubei"]),
    }
    lexicon = Lexicon(entities, {}, {})
    linker = Linker(lexicon)
    return lambda text: understand(text, lexicon, linker)


@pytest.mark.parametrize("text", ["Which China pilots started in 2014?", "中国试点里哪些在2014年启动？"])
def test_the_pilots_named_after_a_national_market_are_those_below_it(pilots_reader, text):
    q = pilots_reader(text)
    assert q.slots.pilot and q.places == [ID + "jurisdiction/china"] and not q.subjects


@pytest.mark.parametrize("text, levels", [
    ("中国的地方碳市场试点里面，哪些在直辖市？", {"city"}),
    ("Which local markets are run by a city?", {"city"}),
    ("Which local markets are there?", {"subnational", "city"}),
    ("Which subnational markets are in force?", {"subnational", "city"}),  # the regional word is no level besides
])
def test_a_level_named_narrows_local(reader, text, levels):
    assert reader(text).slots.levels == levels


@pytest.mark.parametrize("text", ["中国试点碳市场里，哪几个在直辖市？", "Which of the pilots are province-level municipalities?"])
def test_a_rank_of_place_is_no_unknown_place(reader, text):
    assert reader(text).unknown == []


def test_which_few_asks_for_systems(reader):
    assert "systems_q" in reader("哪几个碳市场在2014年启动？").slots.cues


@pytest.mark.parametrize("text", ["莫維斯排放交易制度的抵換上限是多少？", "莫维斯碳市场的抵换额度最多能占多少？"])
def test_an_offset_asked_in_taiwan_usage_is_an_offset_limit(reader, text):
    # "抵換" is how Taiwanese texts say offset: without it the question was answered from the best sentence about the
    # market, with a share of its emissions.
    cues = reader(text).slots.cues
    assert "offset" in cues and "offset_pct" in cues


@pytest.mark.parametrize("text", [
    "Which markets run by a single province on its own, not the federal one, started in 2019?",
    "Which provincial schemes, not national ones, are operating?",
])
def test_a_level_denied_after_a_comma_is_not_asked_for(reader, text):
    # ", not the federal one" leaves the national market out: its level was read as one asked for beside the province's.
    levels = reader(text).slots.levels
    assert levels == {"subnational"}


@pytest.mark.parametrize("text", [
    "Which countries in the region are preparing a market (Morvath, maybe others)?",
    "Which countries in the region are preparing a market (e.g. Morvath)?",
    "这一地区哪些国家正在筹建碳市场（比如莫尔瓦特）？",
])
def test_a_market_given_as_an_example_is_no_condition(reader, text):
    # The example is one of the answers, not the place they must lie in nor the market asked about.
    q = reader(text)
    assert q.intent == "list" and not q.places and not q.subjects and q.slots.statuses == {"under_development"}
