"""Q&A answers end to end: evidence, search fallback, unseen report, batch format, bad input, accuracy.

The accuracy checks read the shared evaluation questions and the hand-written
question files of tests/data; neither is known to the code under test.
"""
import json
import re
import shutil
import subprocess
import sys

import pytest

from conftest import CORPUS, ROOT, SHARED_EVAL, TEST_DATA, qa_over_texts
from search.qa.evaluate import correct

SCORE = SHARED_EVAL / "score.py"


def squash(text):
    return re.sub(r"\s+", "", text)


def source_text(doc):
    for folder in (CORPUS, TEST_DATA):
        path = folder / f"{doc}.txt"
        if path.exists():
            return path.read_text(encoding="utf-8")
    raise AssertionError(f"no source file for {doc}")


def assert_citations_point_to_evidence(result):
    assert result["citations"], result
    for c in result["citations"]:
        # "date": the edition the sentence comes from (the bundled report is dated 2025), cited since editions
        assert set(c) == {"doc", "start", "end", "text", "date"} and c["date"] == "2025"
        assert squash(source_text(c["doc"])[c["start"]:c["end"]]) == squash(c["text"])


@pytest.mark.parametrize("text", [
    "Which systems started in 2021?",
    "韩国碳市场的抵消使用上限是多少？",
    "How many ETSs are in force worldwide?",
    "What is the Swiss ETS linked with?",
    "Which started first, the Tokyo program or the Saitama ETS?",
])
def test_citations_are_the_evidence_of_the_facts_used(qa_icap, text):
    result = qa_icap.ask(text)
    assert result["source"] == "graph"
    assert_citations_point_to_evidence(result)


def test_citations_come_in_the_question_language_first(qa_icap):
    zh = qa_icap.ask("韩国碳市场哪一年启动？")["citations"]
    en = qa_icap.ask("When was the Korea ETS launched?")["citations"]
    assert zh[0]["doc"].endswith("-zh") and en[0]["doc"].endswith("-en")
    assert "2015" in zh[0]["text"] and "2015" in en[0]["text"]


def test_labels_in_the_question_language_first(qa_icap):
    zh = qa_icap.ask("哪些碳市场接受国际碳信用？")["answer"]["systems"][0]["labels"]
    en = qa_icap.ask("Which systems accept international offsets?")["answer"]["systems"][0]["labels"]
    assert list(zh)[:2] == ["zh", "en"] and list(en)[:2] == ["en", "zh"]
    # the graph's other names follow, under private-use tags of their language
    assert all("-x-alt" in key or key.startswith("x-alt") for key in list(zh)[2:] + list(en)[2:])


def test_fallback_says_it_is_a_text_answer(qa_icap):
    result = qa_icap.ask("How much auction revenue did governments raise worldwide in 2024?")
    assert result["source"] == "search" and result["sparql"] is None
    assert result["note"].lower().startswith("text answer")
    assert result["passages"] and "billion" in result["answer"]["values"][0]
    assert_citations_point_to_evidence(result)
    zh = qa_icap.ask("2024年全球拍卖收入比去年少了多少？")
    assert zh["source"] == "search" and zh["note"].startswith("文本答案") and zh["answer"]["values"] == ["40亿美元"]


def test_fallback_lists_only_systems_its_passage_names(qa_icap):
    result = qa_icap.ask("Which markets saw prices rise moderately in 2024?")
    # Systems one sentence names answer as a text answer, cited, and only those of the clause that says so.
    assert result["source"] == "search" and result["answer"]["kind"] == "systems"
    found = {e["iri"].rsplit("/", 1)[1] for e in result["answer"]["systems"]}
    assert found == {"china"}  # the clause that says so, not the systems named after "while" in the same sentence
    tagged = {e["iri"].rsplit("/", 1)[1] for e in result["passages"][0]["entities"]}
    assert found <= tagged
    assert any("rose moderately" in c["text"] for c in result["citations"])


def test_a_graph_question_without_facts_falls_back(qa_icap):
    result = qa_icap.ask("哈萨克斯坦碳市场运行到第几年了？")  # the graph has no start year for Kazakhstan
    assert result["source"] == "search" and result["reason"] == "no graph facts"
    assert "第13个运行年度" in result["answer"]["values"][0]


def test_unseen_report_questions(qa_unseen):
    rows = [json.loads(line) for line in (TEST_DATA / "unseen-questions.jsonl").read_text(encoding="utf-8").splitlines()]
    wrong = [r["id"] for r in rows if not correct(r, qa_unseen.ask(r["question"]), qa_unseen.lexicon)]
    # u02 (which systems cover steel): Northmarch's sectors are said as the plants it benchmarks ("cement kilns,
    # steel mills and aluminium smelters receive a benchmark"), which no coverage rule reads yet.
    assert wrong == ["u02"]


@pytest.mark.parametrize("text", ["", "   ", None, 12345, ["a list"]])
def test_unreadable_questions_give_a_clear_error(qa_icap, text):
    result = qa_icap.ask(text)
    assert result["answer"] is None and "empty question" in result["error"]


@pytest.mark.parametrize("text", [
    "🙂🙂🙂",
    "Which systems accept international offsets? 🤔🤔",
    "asdfgh qwerty zxcvb",
    "Korea\" } ; DELETE WHERE { ?s ?p ?o } #",
    "'; DROP TABLE systems; --",
    "碳" * 5000,
    "Which systems started in 2021? " * 300,
    "\x00\x01 K-ETS \u200b offset limit?",
])
def test_odd_questions_get_an_answer_not_a_crash(qa_icap, text):
    result = qa_icap.ask(text)
    assert "error" not in result and result["answer"]["kind"] in ("systems", "literal", "count")
    assert result["source"] in ("graph", "search")


def test_odd_questions_keep_their_meaning(qa_icap):
    plain = qa_icap.ask("Which systems accept international offsets?")["answer"]
    assert "korea" in [e["iri"].rsplit("/", 1)[1] for e in plain["systems"]]
    assert qa_icap.ask("Which systems accept international offsets? 🤔")["answer"] == plain
    assert qa_icap.ask("\x00 K-ETS \u200b offset limit?")["answer"]["values"][0] == "5"


def test_graph_is_untouched_by_injection_attempts(qa_icap):
    from kg.query import run_query

    before = len(run_query(qa_icap.gen, "SELECT ?s WHERE { ?s a ets:System }"))
    qa_icap.ask('K-ETS" } ; DELETE WHERE { ?s ?p ?o } #')
    assert len(run_query(qa_icap.gen, "SELECT ?s WHERE { ?s a ets:System }")) == before


def run_cli(*args):
    return subprocess.run([sys.executable, str(ROOT / "etskg.py"), *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=600)


def score(gold_dir, answers):
    done = subprocess.run([sys.executable, str(SCORE), "questions", str(gold_dir), str(answers)], capture_output=True,
                          text=True)
    return float(re.search(r"accuracy ([\d.]+)", done.stdout).group(1)), done.stdout


@pytest.mark.skipif(not SCORE.exists(), reason="reference answers live in ../shared/eval")
def test_batch_output_format_and_accuracy_per_language(icap_store, tmp_path):
    questions = SHARED_EVAL / "questions.jsonl"
    done = run_cli("ask", "--store", icap_store, "--batch", questions)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    rows = [json.loads(line) for line in questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert [x["id"] for x in lines] == [r["id"] for r in rows]
    for line in lines:
        assert {"id", "answer", "sparql", "citations"} <= set(line)
        assert line["answer"]["kind"] in ("systems", "literal", "count")
        assert ("count" in line["answer"]) == (line["answer"]["kind"] == "count")
    answers = tmp_path / "answers.jsonl"
    answers.write_text(done.stdout, encoding="utf-8")
    # Floors under today's figures over the general extractor's store (session 7: 18/30, en 10/18, zh 8/12;
    # session 6 had 20/30 before text answers were weighed by how much of the question their sentence holds,
    # a trade-off chosen on the corpus dev questions that withholds two right text answers here; 30/30 over
    # the report-layout extractor's store; session 8: 17/30, en 10/18, zh 7/12, as a list over a relation the
    # graph holds for fewer than half its systems is withheld, a trade-off chosen on the corpus dev questions),
    # so that a change that loses answers shows. Target: 0.90.
    overall, report = score(SHARED_EVAL, answers)
    assert overall >= 0.55, report
    for lang in ("en", "zh"):
        gold = tmp_path / f"gold-{lang}"
        gold.mkdir()
        shutil.copy(SHARED_EVAL / "systems.tsv", gold)
        (gold / "questions.jsonl").write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows if r["lang"] == lang), encoding="utf-8")
        accuracy, report = score(gold, answers)
        assert accuracy >= 0.55, (lang, report)


def test_cli_ask_one_question(icap_store):
    done = run_cli("ask", "--store", icap_store, "Which systems accept international offsets?", "--json")
    assert done.returncode == 0
    assert "Korea ETS" in [s["labels"]["en"] for s in json.loads(done.stdout)["answer"]["systems"]]
    done = run_cli("ask", "--store", icap_store, "  ")
    assert done.returncode == 2 and done.stderr.strip().startswith("etskg: empty question")


def test_cli_batch_keeps_going_past_a_bad_row_and_past_bad_json(icap_store, tmp_path):
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"id": "a", "question": ""}\n{"id": "b", "question": "K-ETS offset limit?"}\n', encoding="utf-8")
    done = run_cli("ask", "--store", icap_store, "--batch", batch)
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert lines[0]["error"] and lines[0]["answer"] is None and lines[1]["answer"]["values"][0] == "5"
    assert done.returncode == 0
    # A line that is not JSON is named (file:line) and skipped; the rows after it are still answered.
    batch.write_text('{"id": "a", "question": "x"}\nnot json\n{"id": "c", "question": "K-ETS offset limit?"}\n',
                     encoding="utf-8")
    done = run_cli("ask", "--store", icap_store, "--batch", batch)
    assert done.returncode == 2
    assert done.stderr == f"etskg: {batch}:2: not a JSON line (Expecting value); line skipped\n"
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == ["a", "c"]


def test_a_question_the_texts_do_not_answer_is_right_only_when_abstained(qa_icap):
    unanswerable = {"kind": "literal", "answer": []}
    # No market of the report is in Dravenholt.
    assert correct(unanswerable, qa_icap.ask("When did the Dravenholt carbon market open?"), qa_icap.lexicon)
    assert not correct(unanswerable, qa_icap.ask("When did the Korea ETS start?"), qa_icap.lexicon)


@pytest.mark.xfail(reason="the calibrator gives a text count read from a table of provinces as unsure instead of "
                          "withholding it (bench/README.md 'Q&A, session 16')", strict=True)
def test_a_count_of_firms_the_text_does_not_give_is_withheld(qa_icap):
    # The report gives no count of firms for Korea.
    answer = qa_icap.ask("How many companies does the Korea ETS cover?")
    assert correct({"kind": "literal", "answer": []}, answer, qa_icap.lexicon)


def test_paraphrases(qa_icap):
    rows = [json.loads(line) for line in (TEST_DATA / "paraphrases.jsonl").read_text(encoding="utf-8").splitlines()]
    right = {lang: [0, 0] for lang in ("en", "zh")}
    for r in rows:
        right[r["lang"]][0] += correct(r, qa_icap.ask(r["question"]), qa_icap.lexicon)
        right[r["lang"]][1] += 1
    # Session 6, general extractor: 95/126 (en 48/64, zh 47/62); the misses are extraction's (systems an
    # infographic names only, Canada's second system, counts of systems in force). Floors under that.
    total = sum(n for n, _ in right.values()) / len(rows)
    assert total >= 0.72, right
    assert all(n / m >= 0.70 for n, m in right.values()), right


def test_report_questions_dev(qa_icap):
    """The independent questions on the bundled report (tests/data/report-questions), dev half only: the frozen
    half is scored once at a session's end, never here. Session 14's end: 40/60."""
    rows = [json.loads(line) for line in (TEST_DATA / "report-questions" / "dev" / "questions.jsonl")
            .read_text(encoding="utf-8").splitlines()]
    right = sum(correct(r, qa_icap.ask(r["question"]), qa_icap.lexicon) for r in rows)
    assert right / len(rows) >= 0.6, right


def test_text_figures_are_typed_and_dated():
    """Typed spans from a passage: the more specific kind wins an overlap, a day is not a count, and the
    year of a figure is read from the words around it."""
    from search.qa.fallback import _KIND_PATTERN, _spans, _years_asked

    text = "Since 3 March 2021 some 415 plants pay 62 Verdanian dollars a tonne for 12.5 million tonnes, 7% of output."
    found = {kind: m.group() for kind, m in _spans(text, [_KIND_PATTERN[k] for k in
                                                           ("date", "money", "percent", "quantity", "count")])}
    assert found == {"date": "3 March 2021", "count": "some 415", "money": "62 Verdanian dollars",
                     "quantity": "12.5 million tonnes", "percent": "7%"}
    zh = "试点共纳管逾96家企业，上限为每吨40塔兰元，约三成配额拍卖。"
    found = {kind: m.group() for kind, m in _spans(zh, [_KIND_PATTERN[k] for k in ("money", "percent", "count")])}
    assert found == {"count": "逾96家", "money": "40塔兰元", "percent": "约三成"}
    # An energy keeps its hour: "千瓦时" is not a capacity in 千瓦 followed by a stray 时.
    zh = "年耗电量达到2500万千瓦时的数据中心须报告排放，装机容量在5万千瓦以上的电厂也须报告。"
    assert [m.group() for _, m in _spans(zh, [_KIND_PATTERN["quantity"]])] == ["2500万千瓦时", "5万千瓦"]
    assert _years_asked("2023年的拍卖收入比去年多了多少？") == ({"2023", "2022"}, None)
    assert _years_asked("What did the fund receive this year?") == (set(), 0)  # the year of each document


def test_text_answers_weigh_the_question_in_both_languages(qa_unseen):
    """A sentence in the other language earns the question's words through their translations, each
    translated word once however many overlapping forms the tokenizer gives it, and never more than the
    word it translates: an English question can take its figure from a Chinese-only sentence."""
    from search.qa.question import understand
    from search.tokenize import tokenize

    fb = qa_unseen.fallback
    question = understand("How many companies does Kestria's carbon market cover?", fb.lexicon, fb.linker)
    weights = fb._weigh(question, {"company": ["企业", "公司"], "kestria": ["凯斯特", "凯斯特里亚"],
                                   "https://example.org/kestria": ["凯斯特里亚", "凯斯特里亚碳市场"]})
    assert set(weights.own) == set(tokenize(question.text))
    assert len(weights.groups) == 2  # the place's word and its entity translate alike: one group
    for words, weight in weights.groups:
        assert weight <= max(weights.own.values())
    company = next(w for words, w in weights.groups if "企业" in words)
    assert company <= weights.own["company"]
    # The tokens of a Chinese sentence naming the place in two overlapping forms, and the companies.
    assert weights.overlap({"凯斯特", "凯斯特里亚", "凯斯特里亚碳市场", "共有", "214", "企业"}) == pytest.approx(
        sum(w for _, w in weights.groups))
    assert weights.overlap({"共有", "214", "工厂"}) == 0.0
    assert fb._overlap(weights, "Kestria's market covers 214 companies.") >= weights.own["company"] + weights.own["kestria"]


LINKS = """Date: 2025-06-02

The Ardel Emissions Trading System (Ardel ETS) has been linked with the Brenn Emissions Trading System since 2019.
The Ardel ETS and the Corvo Emissions Trading System are negotiating a link, which both governments hope to complete by 2028.
"""


def test_links_made_or_planned_are_listed_together(tmp_path_factory):
    qa = qa_over_texts(tmp_path_factory.mktemp("qa-links-both"), {"links-en.txt": LINKS})
    names = lambda r: sorted(e["iri"].rsplit("/", 1)[-1] for e in r["answer"]["systems"])  # noqa: E731
    assert names(qa.ask("Which markets are linked with the Ardel ETS?")) == ["brenn"]
    assert names(qa.ask("Which markets are already linked with the Ardel ETS or negotiating a link with it?")) == [
        "brenn", "corvo"]
    assert qa.ask("How many markets are already linked with the Ardel ETS or negotiating a link with it?")[
        "answer"]["count"] == 2


JOINT = """Date: 2025-06-02

The Dorran Emissions Trading System (Dorran ETS) and the Elkmoor Emissions Trading System (Elkmoor ETS) have been linked since 2016 and run a joint market.
The Fennick Emissions Trading System (Fennick ETS) is negotiating a link with the Dorran ETS and the Elkmoor ETS.
"""


@pytest.fixture(scope="module")
def qa_joint(tmp_path_factory):
    return qa_over_texts(tmp_path_factory.mktemp("qa-joint"), {"joint-en.txt": JOINT})


@pytest.mark.parametrize("text", ["Which market wants to link with the joint Dorran-Elkmoor market?",
                                  "哪个碳市场想与Dorran和Elkmoor的联合市场连接？"])
def test_the_markets_named_as_the_other_end_of_a_link_are_not_its_answer(qa_joint, text):
    # Dorran and Elkmoor are linked with each other, so each is "linked with" the other named one.
    assert [e["iri"].rsplit("/", 1)[-1] for e in qa_joint.ask(text)["answer"]["systems"]] == ["fennick"]


# Three invented markets, two of them started in the same year: what a question leaves out leaves the answer.
THREE_MARKETS = """Date: 2025-06-02

Pellmark, 2 June 2025 — The Pellmark ETS, a cap-and-trade system, has been in operation since 2019 and covers power
generation and heavy industry in Pellmark.

The Ostrelia ETS started operating in 2019 as well. It is a cap-and-trade system covering the power sector of Ostrelia.

The Dravonia ETS, an intensity-based system, began operating in 2021 and covers industrial emitters in Dravonia.
"""


# A chart's legend, one market a line: the graph holds no amounts, the list does.
REVENUE_CHART = """Date: 2025-06-20

Annual auction revenue by carbon market

Please note that the chart shows the year in which auction revenue was actually collected.

2024
Pellmark (USD 2,150 million)
Other jurisdictions (including Ostrelia and Dravonia) (USD 90 million)
Ostrelia (USD 640 million)
Dravonia (USD 4,020 million)
"""


@pytest.fixture(scope="module")
def qa_three(tmp_path_factory):
    engine = qa_over_texts(tmp_path_factory.mktemp("qa-three"), {"three-en.txt": THREE_MARKETS,
                                                                  "revenue-en.txt": REVENUE_CHART})
    engine.threshold = 0.0
    return engine


@pytest.mark.parametrize("question, wanted", [
    ("Which markets are in force?", ["dravonia", "ostrelia", "pellmark"]),
    ("Apart from Pellmark, which markets are in force?", ["dravonia", "ostrelia"]),  # a country: its markets
    ("Which markets kicked off in 2019, leaving the Pellmark ETS out of it?", ["ostrelia"]),  # composed with a start
    ("哪些碳市场已经在运行（Dravonia ETS不算）？", ["ostrelia", "pellmark"]),
    ("Which carbon pricing systems work on an intensity basis?", ["dravonia"]),
])
def test_a_list_leaves_out_what_the_question_excludes(qa_three, question, wanted):
    answer = qa_three.ask(question)["answer"]
    assert sorted(e["iri"].rsplit("/", 1)[1] for e in answer["systems"]) == wanted


def test_a_count_leaves_out_what_the_question_excludes(qa_three):
    assert qa_three.ask("How many markets are in force, apart from the Ostrelia ETS?")["answer"]["count"] == 2


@pytest.mark.parametrize("question, wanted", [
    ("Which markets raised more than USD 2 billion from auctions in 2024?", ["dravonia", "pellmark"]),
    ("2024年拍卖收入在5亿到30亿美元之间的碳市场有哪些？", ["ostrelia", "pellmark"]),
    ("Which carbon market collected the most auction revenue in 2024?", ["dravonia"]),
    ("Apart from Dravonia, which markets raised more than USD 2 billion at auction in 2024?", ["pellmark"]),
])
def test_markets_by_an_amount_a_list_of_the_text_gives(qa_three, question, wanted):
    # The line naming several markets ("Other jurisdictions (including …)") answers for none of them.
    result = qa_three.ask(question)
    assert result["source"] == "search" and result["reason"] == "stated amounts"
    assert sorted(e["iri"].rsplit("/", 1)[1] for e in result["answer"]["systems"]) == wanted
    assert all(re.search(r"USD [\d,]+ million", c["text"]) for c in result["citations"])


@pytest.mark.parametrize("text, bound", [
    ("which markets raised more than usd 3 billion?", (3e9, None)),
    ("which schemes brought in between usd 1 and 1.5 billion in 2024?", (1e9, 1.5e9)),  # the scale said once
    ("2024年拍卖收入超过40亿美元的碳市场有哪些？", (4e9, None)),
    ("收入在10亿到20亿美元之间的市场", (1e9, 2e9)),
    ("which markets raised less than $500 million?", (0.0, 5e8)),
    ("which markets started in 2019?", None),  # no amount of money
])
def test_the_bound_a_question_sets_on_an_amount(text, bound):
    from search.qa.fallback import _money_bound

    assert _money_bound(text) == bound


def test_a_price_bound_is_not_read_off_a_list_of_revenue(qa_three):
    # A price per tonne above USD 500 is no sum raised: the revenue chart does not answer it.
    assert qa_three.ask("Which markets had an average price above USD 500 in 2024?").get("reason") != "stated amounts"


# A national market built on pilots below it (its sentence speaks of them) and two pilots of its provinces.
PILOTS_BELOW = """Date: 2025-06-02

China's national ETS started operating in 2021, building on the regional pilot markets. It allows offset credits for up to 5% of a company's obligation.

The Hubei pilot ETS started operating in 2014. It allows offset credits for up to 5% of a company's obligation.

The Guangdong pilot ETS started operating in 2013. It allows offset credits for up to 10% of a company's obligation.
"""


@pytest.fixture(scope="module")
def qa_pilots(tmp_path_factory):
    return qa_over_texts(tmp_path_factory.mktemp("qa-pilots-below"), {"pilots-en.txt": PILOTS_BELOW})


@pytest.mark.parametrize("text", ["Which Chinese pilots allow offsets up to 5%?", "Which pilot ETSs have a 5% offset limit?",
                                  "哪些中国试点的抵消上限是5%？"])
def test_a_national_market_above_pilots_is_not_one_of_them(qa_pilots, text):
    assert [e["iri"].rsplit("/", 1)[-1] for e in qa_pilots.ask(text)["answer"]["systems"]] == ["hubei"]


def test_pilots_counted_leave_out_the_national_market_above_them(qa_pilots):
    assert qa_pilots.ask("How many Chinese pilots are there?")["answer"]["count"] == 2


# Three markets of one kind, two of them named after it: a name said in the question narrows the list to those.
NAMED_KINDS = """Date: 2025-06-02

The Oskel Output-Based Pricing System (Oskel OBPS) started operating in 2019 and covers heavy industry in Oskel.

The Tarrin Output-Based Pricing System (Tarrin OBPS) started operating in 2021 and covers heavy industry in Tarrin.

The Mirel Technology Innovation and Emissions Reduction regulation (Mirel TIER) started operating in 2020 and covers heavy industry in Mirel. It is an output-based system too.
"""


@pytest.fixture(scope="module")
def qa_named(tmp_path_factory):
    return qa_over_texts(tmp_path_factory.mktemp("qa-named"), {"obps-en.txt": NAMED_KINDS})


@pytest.mark.parametrize("text, names", [
    ("Which markets does the text call an OBPS?", ["oskel", "tarrin"]),
    ("哪些碳市场名为OBPS？", ["oskel", "tarrin"]),
    ("Which markets covering heavy industry are known as TIER?", ["mirel"]),
    ("Which markets cover heavy industry?", ["mirel", "oskel", "tarrin"]),  # no name said: no name filter
])
def test_a_name_said_of_the_markets_narrows_the_list_to_those_bearing_it(qa_named, text, names):
    assert sorted(e["iri"].rsplit("/", 1)[-1] for e in qa_named.ask(text)["answer"]["systems"]) == names
