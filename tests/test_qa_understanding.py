"""The learned reading of questions (search.qa.intent) and what Q&A does with it: type checks,
abstention, answers in the question's language. Questions written for these tests."""
import pytest

from search.qa.intent import default_model, worded_type


@pytest.mark.parametrize("text, kind", [
    ("How many programmes in Tarvonia are already trading?", "count"),
    ("In what year did the Quenmoor scheme open?", "date"),
    ("Which provinces of Bexmoor run a market?", "entities"),
    ("Is the Selmark market still at the study stage?", "yes_no"),
    ("雪溪省碳市场哪一年开市？", "date"),
    ("朔原省的碳市场处于哪个阶段？", "text"),
    ("已经把港口纳入的试点有哪几个？", "entities"),  # "哪几个" asks which ones, not how many
    ("雪溪省的三個試點分別是哪幾家？", "entities"),
    ("雪溪省有几个试点？", "count"),
    ("雪溪省碳市场哪几年暂停过拍卖？", "date"),  # which years: a date, not entities
    ("雪溪省碳市场的首个履约期从哪个财年开始？", "date"),  # which fiscal year: a date
    ("What was Tarvonia's first national carbon market?", "entities"),  # the first of some markets is one of them
    ("What was the oldest scheme in the Selmark region?", "entities"),
    ("When did Tarvonia's first carbon market open?", "date"),  # the question word still decides first
    ("雪溪、朔原这几个省里，哪些有碳市场在运行？", "entities"),  # "这几个": these few, not how many
    ("From when will the Quenmoor scheme cover cement kilns?", "date"),  # a preposition before "when"
    ("Until when can Selmark firms bank their allowances?", "date"),
])
def test_the_question_word_decides_the_answer_type(text, kind):
    assert worded_type(text) == kind


@pytest.mark.parametrize("text, intent", [
    ("What did allowances in Norhaven trade at on average last year?", "text_number"),
    ("Will it rain in Castelmar on Sunday?", "out_of_scope"),
    ("翠屿市碳市场和哪些市场连接了？", "linkage"),
])
def test_the_model_reads_intents_it_was_not_given(text, intent):
    assert default_model().read(text).intent == intent


def test_answers_in_chinese_have_no_codes_and_each_value_once(qa_icap):
    status = qa_icap.ask("巴西碳市场处于什么阶段？")
    assert status["source"] == "graph" and "_" not in status["text"] and not any(c.isascii() and c.isalpha() for c in status["text"])
    limit = qa_icap.ask("What is the offset limit of the Korea ETS?")
    assert limit["text"] == "5%."


def test_every_answer_has_a_confidence_and_unsure_ones_say_so(qa_icap):
    sure = qa_icap.ask("When did the Korea ETS start?")
    assert sure["confidence"] >= qa_icap.calibrator.sure and not sure.get("abstained") and not sure.get("unsure")
    # The counts of firms are not in the text: the figure found (a count of provinces in a table) is withheld
    # or given saying it is unsure, never as sure.
    unsure = qa_icap.ask("How many companies does the Korea ETS cover?")
    assert unsure["confidence"] < qa_icap.calibrator.sure and (unsure.get("abstained") or unsure.get("unsure"))
    assert unsure["text"].startswith("Not sure")
    withheld = qa_icap.ask("When did the Dravenholt carbon market open?")  # no market of the report is there
    assert withheld["abstained"] and withheld["answer"] == {"kind": "literal", "values": []} and withheld["passages"]


def test_a_count_of_firms_is_not_a_count_of_systems(qa_icap):
    result = qa_icap.ask("How many companies does the Korea ETS cover?")
    assert result["source"] == "search"


@pytest.mark.parametrize("text", [
    "How many installations were brought in when the national market widened to steel?",
    "how many power plants joined the Chinese market in its first year",
    "扩围以后全国碳市场新增了多少家企业？",
    "首批纳入的重点排放单位有几家？",
])
def test_a_count_of_firms_without_a_system_named_is_the_texts(qa_icap, text):
    # The counted noun (firms, installations, plants) is not a system, whether or not a system is named.
    assert qa_icap.ask(text)["source"] == "search"


@pytest.mark.parametrize("text", [
    "How many recommendations did the audit committee make?",
    "How many sectors did the Pellmark pilot cover when it opened?",
    "佩尔马克的交易规则修订过多少次？",
])
def test_a_count_of_other_things_without_a_place_is_the_texts(qa_icap, text):
    # Counting every system of the graph is no answer to a count of recommendations, revisions or sectors.
    assert qa_icap.ask(text)["source"] == "search"


@pytest.mark.parametrize("text, inside", [
    ("How many allowances changed hands on the market's opening day?", True),  # what a market trades
    ("How many permits were sold at the first auction?", True),
    ("How many carbon credits were retired last year?", True),
    ("开市首日一共成交了多少配额？", True),
    ("How many markets accept credits?", False),  # markets counted, by what they accept
    ("How many systems accept offset credits?", False),
    ("有几个碳市场允许使用抵销信用？", False),
])
def test_a_count_of_what_a_market_trades_is_not_a_count_of_markets(text, inside):
    from search.qa.lexicon import fold
    from search.qa.question import COUNTS_INSIDE

    assert bool(COUNTS_INSIDE.search(fold(text).text)) is inside


@pytest.mark.parametrize("text, other", [
    ("How many responses did Velmar's ministry receive in the consultation?", True),  # not markets: the text's
    ("How many forestry projects were suspended in Velmar?", True),
    ("How many emissions trading systems does Velmar have?", False),  # the place's markets: the graph's count
    ("How many pilot markets does Velmar run?", False),
    ("How many of the systems in Velmar are national?", False),
    # with no place named too: times, recommendations, sectors are not markets
    ("How many times has the Pellmark scheme's rulebook been amended?", True),
    ("How many recommendations did the audit committee make?", True),
    ("How many sectors did the Pellmark pilot cover at launch?", True),
    ("佩尔马克审计委员会一共提出了几项建议？", True),
    ("佩尔马克的交易规则修订过多少次？", True),
    ("佩尔马克试点首批纳入了几个行业？", True),
    ("有几个碳市场覆盖了钢铁行业？", False),  # markets counted, by a sector they cover
    ("How many of the markets discussed cover cement?", False),
    ("How many carbon markets started in 2021?", False),
])
def test_a_count_of_other_things_is_not_a_count_of_markets(text, other):
    from search.qa.lexicon import fold
    from search.qa.question import _COUNTS_OTHER

    assert bool(_COUNTS_OTHER.search(fold(text).text)) is other


@pytest.mark.parametrize("text, asked", [("托兰碳市场能不能使用抵销信用？", True), ("托兰会不会纳入航空业", True),
                                         ("托兰碳市场使用哪些抵销信用？", False), ("Does Tolan accept offsets?", True),
                                         # the value asked after the yes answers both
                                         ("Does Tolan accept offsets, and up to what share?", False),
                                         ("托兰碳市场是否允许抵销，上限是多少？", False)])
def test_a_verb_asked_with_its_negation_is_a_yes_no_question(text, asked):
    from search.qa.question import yes_no

    assert yes_no(text) is asked


@pytest.mark.parametrize("text", [
    "Who is liable when a Saskatchewan offset credit is later found invalid?",
    "Who pays if a Korean offset credit is cancelled?",
    # "when …" dates nothing asked: a date of the passage is no answer to "who"
    "Once the new Korean offset rules apply, who has to make good a credit when it is later cancelled?",
])
def test_an_actor_asked_of_a_market_is_not_one_of_its_values(qa_icap, text):
    # An offset rule ("no offsets") or a status names no one: the text answers, or Q&A says it is not sure.
    result = qa_icap.ask(text)
    assert result["intent"] == "fallback" and result["source"] == "search" and not result["answer"].get("values")
