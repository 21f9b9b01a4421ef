"""Run a question against the graph and format the answer with its SPARQL and evidence.

``QA(gen).ask(text)`` returns a dict:

    {"question", "lang", "source": "graph" | "search", "intent",
     "answer": {"kind": "systems", "systems": [ENTITY, ...]}
             | {"kind": "literal", "values": [...]} | {"kind": "count", "count": N}
               (a count from the text also has "values": the figure as stated, "about 1,500"),
     "text": a one-line answer in the question's language,
     "sparql": the query that produced the answer (runs as is with ``etskg query``),
     "citations": [{"doc", "start", "end", "text"}, ...]}

ENTITY is ``{"iri", "labels": {lang: label}}`` with the question's language
first, then the graph's other names for it under private-use tags
(``"zh-x-alt1"``). Citations are the evidence sentences of the facts the answer rests
on (the ``ets:Assertion`` nodes of those triples), in the question's
language first. A search answer (``source: "search"``) also has ``note``
(it is not a graph answer), ``passages`` and ``support`` (the share of the
question's words its sentence holds); a question that cannot be read
gets ``error`` and no answer. Every answer has ``confidence``; below the
threshold it is withheld (``abstained``, ``withheld``: what would have been
answered, ``passages``). A graph list or count of systems may carry why it
is doubted: ``unconfirmed`` (systems the text says have the asked sector,
which the list leaves out), ``sparse`` (it filters on a relation the graph
holds for fewer than half its systems), ``unknown`` (places the question
names that the graph and gazetteer do not know, so the answer ignores them) or
``left_out`` (systems the query found whose asked value rests on a sentence about another system while they
hold another value of that relation: not counted nor listed), ``misread`` (systems whose asked fact
only the embedding classifier decided, or only sentences about another system
state, or only sentences in paragraphs and documents that never name the system). A graph
offset limit may carry ``superseded`` (its own sentence says it was changed since, and the text gives no other).
An answer whose evidence does not state what was asked carries ``unsupported`` and is withheld: ``"proposed"`` (a
graph value or yes every sentence of which only proposes or supposes it), ``"earlier"`` (a graph figure for one asked
as it was before a change, when the text gives no other), ``"sector"``, ``"link"`` or ``"offset"`` (a text answer whose
sentence names other sectors than those asked, or no link or offset where one is asked).
``QA.for_generation(gen)`` keeps one
engine per generation, so labels are read from the graph once.
"""
from __future__ import annotations

import dataclasses
import re
import threading
from contextvars import ContextVar
from decimal import Decimal
from pathlib import Path

from kg.namespaces import ETS
from kg.query import Background, QueryResult, QueryTimeout, run_query
from kg.views import date_key

from .calibration import default_calibrator, features
from .fallback import MONTHS_EN, Fallback, changed_later, day_of, earlier_asked, months_of, status_contradicted
from .lexicon import JURISDICTION, PLACE, SYSTEM, Lexicon, fold, lexicon_for
from .linking import Linker
from .intent import IntentModel, default_model
from .question import (COUNTS_INSIDE, MAX_QUESTION_CHARS, Question, QuestionError, before_change, check_type,
                       rule_types, understand)
from .slots import CUES, Slots, sectors_named
from . import spelling, timeframe
from .sparql import (LINK_ENDED, PROPERTY, Plan, attribute_plan, check_plan, count_plan, describe_plan, evidence_query,
                     history_query, list_plan, literal, sector_count_plan, term)

MAX_CITATIONS = 40
# Answers less sure than this (the calibrator's probability that they are right) are withheld ("not sure" and
# the best passages). Chosen leave-one-pack-out on the dev questions of tests/corpus/*/dev by
# ``bench/qa_calibrate.py --fit --save``: bench/README.md "Q&A, session 16" has the trade-off.
THRESHOLD = default_calibrator().threshold
# The share of the question's (IDF-weighted) words a text answer's sentence must hold to be as sure as its
# reading; less, and it is surer in proportion. Chosen on the same dev questions.
SUPPORT_FULL = 0.4
# How much a graph list keeps of its confidence when the text says a system it leaves out has what was
# asked (``QA._unconfirmed``): the graph then probably lacks that fact, so the list is withheld at the
# threshold. Chosen on the same dev questions (bench/README.md "Q&A, session 8").
DOUBT = 0.3
NOTE = {
    "topic": {"en": "Text answer: the knowledge graph does not model this, so this comes from the best matching "
                    "passage (semantic search).",
              "zh": "文本答案：知识图谱未收录此类信息，以下来自语义检索到的最相关段落。"},
    "no graph facts": {"en": "Text answer: the knowledge graph models this but holds no value for it here, so this "
                             "comes from the best matching passage (semantic search).",
                       "zh": "文本答案：知识图谱收录此类关系，但此处没有对应的值，以下来自语义检索到的最相关段落。"},
}
NOTE_STATED = {"en": "Text answer: the count the text states (the graph holds {n} such systems, those the extraction "
                     "read).",
               "zh": "文本答案：文中所述的数目（图谱中有{n}个此类体系，即抽取到的那些）。"}
NOTE_OTHER = {"en": "Text answer, not a graph answer: this comes from the best matching passage (semantic search).",
              "zh": "文本答案，非图谱答案：以下来自语义检索到的最相关段落。"}
UNSURE = {"en": "Not sure: the sources do not clearly state this. The best matching passages follow.",
          "zh": "不确定：资料中没有明确说明。以下为最相关的段落。"}
UNSURE_GIVEN = {"en": "Not sure ({why}):", "zh": "不确定（{why}）："}
LESS_SURE = {"en": "less evidence than sure answers have", "zh": "证据少于有把握的答案"}
UNKNOWN = {"en": "Not sure: the graph knows no place called {names}. The best matching passages follow.",
           "zh": "不确定：图谱中没有名为{names}的地方。以下为最相关的段落。"}
ABSENT = {"en": "Not sure: the texts name no emissions trading system of {names}, and no sentence about it answers. "
                 "The best matching passages follow.",
          "zh": "不确定：资料中没有{names}的碳市场，也没有关于它的句子回答此问题。以下为最相关的段落。"}
UNCONFIRMED = {"en": "Not sure: the graph's list leaves out {names}, which the text also names for this. "
                     "The sentences follow.",
               "zh": "不确定：图谱的结果未包含{names}，但文中也提到其相关内容。以下为相关句子。"}
# Control and zero-width characters carry no meaning but shift the question's embedding: read without them.
_INVISIBLE = re.compile("[\x00-\x1f\x7f\u200b-\u200f\u2060\ufeff]")
_LINK_PROPS = {PROPERTY["linked_with"], PROPERTY["linkage_planned"], LINK_ENDED}
# A sentence that only proposes or supposes what it says: a consultation's idea, a draft's or a recommendation's
# figure, an "if". A graph value, or a yes, resting on such sentences alone was never decided (the extraction read
# "the consultation paper floated allowing international credits" as accepting them, and "如果2026年能源价格高企，
# 启动可推迟" as a start in 2026). Narrower than the extractor's hedges: "may use offsets for up to 5%" is a rule; and
# only the proposing verbs, not a consultation or draft named beside the rule decided ("after consultation, the
# Government settled on 6%").
# The proposing words are the extractor's (``ingest.relations.PROPOSED``); of its suppositions only "if" and its
# Chinese forms, since "whether" / "是否" in a cited sentence asks about a rule rather than supposing one.
_IF = re.compile(r"\bif\b|如果|假如|倘若|如若")
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|(?<=\.)\s+")
_PLACE_PROPS = {PROPERTY["level"], PROPERTY["jurisdiction"]}
# The deadline (``time.monotonic()``) of the question being answered in this thread, read by each of
# its graph reads: one engine serves all the threads of a web worker, each request with its own.
_DEADLINE: ContextVar[float | None] = ContextVar("qa_deadline", default=None)


RELATION_NAMES = {
    "start_year": {"en": "start", "zh": "启动时间"}, "offset_limit_pct": {"en": "offset limit", "zh": "抵消上限"},
    "offset_rule": {"en": "offsets", "zh": "抵消规则"}, "status": {"en": "status", "zh": "状态"},
    "design": {"en": "design", "zh": "设计"}, "level": {"en": "level", "zh": "层级"},
    "jurisdiction": {"en": "jurisdiction", "zh": "司法管辖区"}, "sector": {"en": "sector", "zh": "行业"},
    "linked_with": {"en": "linked with", "zh": "已连接"}, "linkage_planned": {"en": "planned link", "zh": "计划连接"},
}


def _weak(method: str) -> bool:
    """Whether an extraction rule read its fact off a table cell or a heading, or only by the embedding
    classifier's arbitration: routes that say less of the system than a sentence stating the fact."""
    return method.endswith("+embedding") or any(w in method for w in ("table", "heading", "section"))


def _proposed_only(citations: list[dict]) -> bool:
    """Whether every sentence an answer cites only proposes or supposes. Some evidence is a whole
    paragraph (a letter's numbered point): one of its sentences stating the fact as decided, whichever, is enough."""
    from ingest.relations import PROPOSED

    proposing = (PROPOSED["en"], PROPOSED["zh"], _IF)
    return bool(citations) and all(any(r.search(sentence) for r in proposing) for c in citations
                                   for sentence in _SENTENCE_END.split(fold(c.get("text", "")).text) if sentence.strip())


def _same_sector(asked: str, named: str) -> bool:
    """Whether a sentence naming sector ``named`` speaks of sector ``asked``: the same, or one a kind of the
    other by its name ("aviation" and "domestic_aviation", "transport" and "road_transport")."""
    return asked == named or asked in named.split("_") or named in asked.split("_")


def _year_asked(slots: Slots, year: int) -> bool:
    """Whether a start ``year`` meets the question's year condition (as ``sparql`` filters a start)."""
    asked = [y for y, _ in slots.years]
    if slots.year_op == "between" and len(asked) >= 2:
        return min(asked[:2]) <= year <= max(asked[:2])
    if slots.year_op != "=":
        return {"<": year < asked[0], "<=": year <= asked[0], ">": year > asked[0], ">=": year >= asked[0]}[slots.year_op]
    return year in asked


def _prop_iri(prop: str) -> str:
    """``ets:startYear`` -> its full IRI (the form query results give)."""
    return str(ETS) + prop.split(":", 1)[1] if prop.startswith("ets:") else prop


def _link_variants(q: Question) -> list[str]:
    """Which linkage to try, in order: an undecided question takes links in force, else planned ones; one asking
    for both ("linked or in talks") takes the two together."""
    return {"": [""], "planned": ["planned"], "linked": ["linked"], "either": ["linked", "planned"],
            "both": ["linked", "planned"], "ended": ["ended"]}[q.link]


def _figures(out: dict) -> set[str]:
    """The numbers an answer's values hold ("4%", "4 percent" -> {"4"})."""
    return {x for v in out["answer"].get("values", []) for x in re.findall(r"\d+(?:\.\d+)?", str(v))}


def _number(value) -> str:
    """A decimal without trailing zeros: "5", "3.3"."""
    return format(Decimal(str(value)).normalize(), "f")


class QA:
    """Questions over one generation: its lexicon, linker, and (on first need) its search index."""

    _engines: dict[str, "QA"] = {}
    _lock = threading.Lock()

    def __init__(self, gen, timeout: float = 10.0, model: IntentModel | None = None, threshold: float = THRESHOLD,
                 deadline: float | None = None):
        self.gen = gen
        self.timeout = timeout
        self.model = model or default_model()
        self.threshold = threshold
        self.explain = False  # True: each answer carries its calibration ``features`` (bench/qa_calibrate.py)
        self.calibrator = default_calibrator()
        self.lexicon: Lexicon = lexicon_for(gen, deadline)
        self.linker = Linker(self.lexicon)
        self._fallback: Fallback | None = None
        self._held_counts: dict[str, int] | None = None
        # kg.export.statements (on the first history question) and kg.export.changes per pair of view dates
        self._reads = Background()

    @classmethod
    def for_generation(cls, gen, deadline: float | None = None) -> "QA":
        """The engine of ``gen``, made on first use; ``deadline`` bounds reading its lexicon then."""
        key = str(Path(gen.path).resolve())
        with cls._lock:
            if key not in cls._engines:
                cls._engines.clear()  # one live generation at a time
                cls._engines[key] = cls(gen, deadline=deadline)
            return cls._engines[key]

    @property
    def fallback(self) -> Fallback:
        if self._fallback is None:
            from search.searcher import Searcher

            self._fallback = Fallback(Searcher.load(Path(self.gen.path) / "index"), self.lexicon, self.linker)
        return self._fallback

    def _query(self, sparql: str) -> QueryResult:
        """``sparql`` in a query process, stopped at the engine's time limit or the question's deadline."""
        return run_query(self.gen, sparql, timeout=self.timeout, deadline=_DEADLINE.get())

    def _run(self, sparql: str):
        return self._query(sparql).rows

    # -- the entry point ----------------------------------------------------

    def ask(self, text, deadline: float | None = None) -> dict:
        """Answer one question (zh or en); never raises for bad input, reports it under ``error``.

        ``deadline`` (``time.monotonic()``, a web request's) bounds the
        question's encoding and every graph read of the answer
        (``kg.query.QueryTimeout`` past it), and the search fallback's query
        encoding (``Searcher.search``, which answers from words then).
        """
        token = _DEADLINE.set(deadline)
        try:
            return self._answer(text, deadline)
        finally:
            _DEADLINE.reset(token)

    def _read(self, text: str, deadline: float | None):
        """The intent model's reading of ``text``, its encoding on the searches' encoder threads until ``deadline``.

        The encoder cannot be stopped: past the deadline the question is a
        ``QueryTimeout`` and an encoding already started finishes and is
        cached, so the question asked again is read at once.
        """
        if deadline is None:
            return self.model.read(text)
        from search.searcher import done_by, encoding_pool

        done = done_by([encoding_pool().submit(self.model.read, text)], deadline)
        if done is None:
            raise QueryTimeout("answer stopped: the question could not be read (encoded) within the request's "
                               "time limit")
        return done[0]

    def _answer(self, text, deadline: float | None) -> dict:
        typed = " ".join(text.split())[:MAX_QUESTION_CHARS] if isinstance(text, str) else ""
        # Its slips put right once, for the model's reading and the rules' alike.
        meant = spelling.correct(text) if isinstance(text, str) else text
        try:
            reading = (self._read(" ".join(_INVISIBLE.sub(" ", meant[:MAX_QUESTION_CHARS]).split()), deadline)
                       if isinstance(meant, str) and meant.strip() else None)
            q = understand(meant, self.lexicon, self.linker, reading)
        except QuestionError as err:
            return {"question": text if isinstance(text, str) else repr(text), "error": str(err), "answer": None,
                    "sparql": None, "citations": []}
        counted = q.intent == "count"  # the rules' reading, before the model's may send it to the text
        check_type(q)
        if q.intent == "describe" and self.fallback.kinds(q):
            # "Above what emissions must X's operators surrender units?" names a system and asks a figure of
            # it: the text's to give, not a list of the system's facts.
            q.intent, q.reason = "fallback", "text question"
        out = None
        if self._of_absent_place(q):
            q.intent = "check"
            out = self._absent(q)
        elif q.intent != "fallback":
            out = getattr(self, "_" + q.intent)(q)
            twins = [t for s in q.subjects if s in self.lexicon.entities for t in self.lexicon.entities[s].twins]
            if out is None and q.intent == "attribute" and twins:
                # The market named as the texts of one language call it holds no value; the same market read
                # apart from the other language's texts may ("托拉维亚" and the "Toravian ETS").
                own, q.subjects = q.subjects, twins
                out = self._attribute(q)
                if out is None:
                    q.subjects = own
            if out is None:
                q.reason = "no graph facts"
        # The text's own answer where it says more than the graph holds, first found first (each one searches).
        text = (self._dated_figure(q, out, deadline) or self._stated_count(q, out, counted, deadline)
                or self._stated_amounts(q, out, deadline))
        if text is not None:
            out = text
        elif out is None:
            out = self._search(q, deadline)
        else:
            out.update({"question": q.text, "lang": q.lang, "source": "graph", "intent": q.intent})
            if q.relation:
                out["relation"] = q.relation
            out["text"] = self._when(q, out) + self._text(q, out)
            members = out.pop("members", None)
            self._unconfirmed(q, out, members)
            if q.unknown:
                out["unknown"] = q.unknown  # the graph's answer ignores places it does not know
        if out.get("source") == "search" and not out.get("stated"):
            unstated = self._unstated(q, out)
            if unstated:
                out["unsupported"] = unstated
        # The rules' confidence is one feature of the calibrator's, which weighs it with the answer's evidence:
        # the probability that the answer is right, and in words what moved it most.
        rule = confidence(q, out)
        f = features(q, out, self, rule)
        # An answer with nothing in it (no member, value nor count, where the graph cannot tell that none
        # matches) says no more than "not sure" and was never right (0 of 37 on the tune packs, 0 of 50 on the
        # check packs); one whose evidence does not state what was asked (``unsupported``) answers another
        # question: both are withheld.
        unsure = f["empty"] or out.get("unsupported")
        out["confidence"] = 0.0 if unsure else round(self.calibrator.probability(f), 3)
        out["why"] = self.calibrator.reasons(f, q.lang)
        if self.explain:
            out["features"] = f
        out.pop("evidence", None)  # the features' reading of the graph's evidence, not part of the answer
        out.pop("dated", None)  # the text answer's reading of its figure's year, read by ``_dated_figure``
        out["asked"] = {"intent": q.reading.intent, "answer_type": q.reading.answer_type}
        if q.text != typed:  # the question as typed, and as read once its slips were put right
            out["question"], out["read_as"] = typed, q.text
        if out["confidence"] < self.threshold:
            self._abstain(q, out, deadline)
        elif out["confidence"] < self.calibrator.sure:
            # Likely enough to give, not to give as sure: the answer says what it is unsure about.
            out["unsure"] = True
            why = ("；" if q.lang == "zh" else "; ").join(out["why"]["lower"]) or LESS_SURE[q.lang]
            out["text"] = UNSURE_GIVEN[q.lang].format(why=why) + " " + out["text"]
        return out

    # -- intents ------------------------------------------------------------

    def _list(self, q: Question) -> dict:
        links = _link_variants(q)
        rows = []
        for link in links:
            plan = list_plan(q, self.lexicon, link)
            rows += self._run(plan.sparql)
            if q.link != "both" and (rows or link == links[-1] or not q.link_to):
                break
        systems = list(dict.fromkeys(str(r["system"]) for r in rows))
        out = self._systems_answer(q, plan, rows, systems)
        if not systems and len(links) > 1:
            # No link of either kind: whether the links in force are known decides, not the planned ones.
            out["closed"] = self._closed(q, list_plan(q, self.lexicon, links[0]))
        return out

    def _superlative(self, q: Question) -> dict:
        plan = list_plan(q, self.lexicon)
        rows = self._run(plan.sparql)
        key = (lambda r: str(r["start"])[:7]) if q.order_by == "start_year" else (lambda r: Decimal(str(r["offsetLimit"])))
        if rows:
            best = (min if q.order == "asc" else max)(key(r) for r in rows)
            rows = [r for r in rows if key(r) == best]  # ties are all kept
        systems = list(dict.fromkeys(str(r["system"]) for r in rows))
        return self._systems_answer(q, plan, rows, systems)

    def _count(self, q: Question) -> dict:
        if q.count_of == "sectors":
            plan = sector_count_plan(q)
            rows = self._run(plan.sparql)
            count = sum(int(r["count"]) for r in rows)
            cited = attribute_plan(q, "sector")
            return {"answer": {"kind": "count", "count": count}, "sparql": plan.sparql,
                    "citations": self._citations(q, cited, self._run(cited.sparql))}
        links = _link_variants(q)
        if q.link == "both":  # the markets of either kind of link, each once
            listed = plan = list_plan(q, self.lexicon, links[-1])
            rows = [r for link in links for r in self._run(list_plan(q, self.lexicon, link).sparql)]
            count = len({str(r["system"]) for r in rows})
        else:
            for link in links:
                plan = count_plan(q, self.lexicon, link)
                count = int(self._run(plan.sparql)[0]["count"])
                if count or link == links[-1] or not q.link_to:
                    break
            listed = list_plan(q, self.lexicon, link)
            rows = self._run(listed.sparql)
        out = {"answer": {"kind": "count", "count": count}, "sparql": plan.sparql,
               "citations": self._citations(q, listed, rows), "members": [str(r["system"]) for r in rows]}
        if not count:
            out["closed"] = self._closed(q, listed)  # a count of none is as open as an empty list
        else:
            # A count is as sure as the list it counts: over a relation the graph holds for few of its systems it
            # is as large as the extraction got (a list's ``sparse``), and a member whose fact rests on thin
            # evidence makes it doubtful.
            out["sparse"] = self._sparse(listed, stated=True)
            misread = self._misread(listed, rows, q.slots.future, out)
            contested = self._contested(listed, misread)
            if contested:  # counted as the list leaves them out
                out["left_out"] = [self.lexicon.entities[s].ref(q.lang) for s in dict.fromkeys(out["members"])
                                   if s in contested]
                out["answer"]["count"] = count - len(contested & set(out["members"]))
                out["members"] = [s for s in out["members"] if s not in contested]
                out["citations"] = self._citations(q, listed, [r for r in rows if str(r["system"]) not in contested])
            if misread - contested:
                out["misread"] = [self.lexicon.entities[s].ref(q.lang) for s in dict.fromkeys(out["members"])
                                  if s in misread]
        return out

    def _attribute(self, q: Question) -> dict | None:
        plan = attribute_plan(q, q.relation)
        rows = self._run(plan.sparql)
        if not rows:
            return None
        values: list = []
        display: list[str] = []
        many = len({str(r["system"]) for r in rows}) > 1
        for r in rows:
            shown = self._value(q, q.relation, r["value"])
            readable = self._readable(q, q.relation, r["value"])
            if many:
                label = self.lexicon.entities[str(r["system"])].label(q.lang)
                shown = [f"{label}: {shown[0]}"] + shown[1:]
                readable = f"{label}: {readable}"
            values += [v for v in dict.fromkeys(shown) if v not in values]
            display += [readable] if readable not in display else []
        citations = self._citations(q, plan, rows)
        exact: list[str] = []  # a finer date its sentences give than the graph holds: value, English, Chinese
        if q.relation == "start_year" and not many and len(str(rows[0]["value"])) == 7:
            # "Which day did the market open?", and a plain "when": the graph holds the month; the sentence it
            # rests on may give the day ("于2021年7月16日启动"), the most exact answer. The month stays a value
            # (it is the day's prefix), for a reader who asked for no more.
            year, month = (int(x) for x in str(rows[0]["value"]).split("-"))
            day = next(filter(None, (day_of(c["text"], year, month, c.get("date", "")) for c in citations)), None)
            if day is not None:
                exact = [f"{year}-{month:02d}-{day:02d}", f"{day} {MONTHS_EN[month - 1]} {year}", f"{year}年{month}月{day}日"]
        elif q.relation == "start_year" and not many and len(str(rows[0]["value"])) == 4:
            # The graph holds the year; where the sentences it rests on give one month of it ("计划于2025年6月前启动",
            # "by June 2025"), that month is the more exact answer, the year still one of its values.
            year = int(str(rows[0]["value"]))
            months = {m for c in citations for m in months_of(c["text"], year)}
            if len(months) == 1:
                exact = self._value(q, "start_year", f"{year}-{months.pop():02d}")
        if exact:
            values = exact + values
            display = [exact[2] if q.lang == "zh" else exact[1]]
        out = {"answer": {"kind": "literal", "values": values}, "display": display, "sparql": plan.sparql,
               "citations": citations}
        if _proposed_only(citations):
            out["unsupported"] = "proposed"
        return out

    def _compare(self, q: Question) -> dict | None:
        plan = attribute_plan(q, "start_year")
        rows = self._run(plan.sparql)
        starts = {}
        for r in rows:
            starts.setdefault(str(r["system"]), str(r["value"]))
        if len(starts) < 2:
            return None
        best = (min if q.order == "asc" else max)(starts.values())
        systems = [s for s in q.subjects if starts.get(s) == best]
        used = [r for r in rows if str(r["system"]) in starts]
        out = self._systems_answer(q, plan, used, systems)
        # "Which started first, X or Y?" names one of the two: its names are the answer's value as well.
        out["answer"]["values"] = list(dict.fromkeys(
            name for s in systems for e in [self.lexicon.entities.get(s)] if e is not None
            for name in [*e.labels.values(), *getattr(self.lexicon.entities.get(e.jurisdiction), "labels", {}).values()]))
        return out

    def _difference(self, q: Question) -> dict | None:
        plan = attribute_plan(q, "start_year")
        rows = self._run(plan.sparql)
        years = {}
        for r in rows:
            years.setdefault(str(r["system"]), int(str(r["value"])[:4]))
        if len(years) < 2:
            return None
        gap = max(years.values()) - min(years.values())
        return {"answer": {"kind": "literal", "values": [gap, str(gap)]}, "sparql": plan.sparql,
                "citations": self._citations(q, plan, rows)}

    def _check(self, q: Question) -> dict | None:
        """A yes/no answer; the evidence is the matching facts, or the subject's actual facts when it is no. None
        when the rules read no condition of the graph's in the question ("Does X accept individual investors?"):
        the graph could only say that X exists, which is not what was asked, so the text answers."""
        plan = check_plan(q, self.lexicon)
        if not plan.cite:
            return None
        holds = bool(self._query(plan.sparql).boolean)
        if holds:
            cited = list_plan(q, self.lexicon, q.link, only=q.subjects)
        else:
            cited = describe_plan(q, sorted(set(plan.cite.values())))
        values = ["yes", "是"] if holds else ["no", "否"]
        if q.lang == "zh":
            values.reverse()
        rows = self._run(cited.sparql)
        citations = self._citations(q, cited, rows)
        if not holds and q.link == "linked" and q.link_to:
            # "Is X still linked with Y?": an edition that says the link ended is the evidence of the no.
            citations = self._ended(q) + citations
        out = {"answer": {"kind": "literal", "values": values}, "sparql": plan.sparql, "citations": citations}
        if holds and _proposed_only(citations):
            out["unsupported"] = "proposed"
        misread = self._misread(cited, rows, q.slots.future, out) if holds else set()
        if misread:
            # A yes resting on thin evidence is as doubtful as a list holding the system on it.
            out["misread"] = [self.lexicon.entities[s].ref(q.lang) for s in q.subjects if s in misread]
        return out

    @staticmethod
    def _of_absent_place(q: Question) -> bool:
        """Whether ``q`` asks yes or no of places only, each known to the gazetteer and to no text of the store
        as any system's place ("Does Hong Kong run its own ETS?"), and sets no other condition."""
        s = q.slots
        return (q.reading is not None and q.reading.answer_type == "yes_no" and bool(q.mentions)
                and all(m.kind == PLACE for m in q.mentions) and not q.subjects
                and not (s.years or s.sectors or s.offset or s.designs or s.levels or s.regions))

    def _absent(self, q: Question) -> dict:
        """"No": the graph holds no system of the places asked about (``_of_absent_place``); the query that
        says so looks for one by any of their names."""
        names = sorted({n for m in q.mentions for n in self.lexicon.place_names.get(m.iri, [])})
        listed = ", ".join(literal(n) for n in names)
        sparql = ("ASK { ?system a ets:System ; ets:jurisdiction ?j . ?j rdfs:label|skos:altLabel ?name .\n"
                  f"  FILTER(STR(?name) IN ({listed})) }}")
        values = ["否", "no"] if q.lang == "zh" else ["no", "否"]
        places = self._places_written(q)
        return {"answer": {"kind": "literal", "values": values}, "sparql": sparql, "citations": [],
                "display": [f"否：资料中没有{'、'.join(places)}的碳市场" if q.lang == "zh" else
                            f"No: the texts name no emissions trading system of {', '.join(places)}"]}

    @staticmethod
    def _places_written(q: Question) -> list[str]:
        """Each place the question names as it writes it ("Hong Kong", not its folded form)."""
        return list(dict.fromkeys(q.text[m.start:m.end] if fold(q.text[m.start:m.end]).text == m.text else m.text
                                  for m in q.mentions))

    def _ended(self, q: Question) -> list[dict]:
        """The sentences of editions (up to the view's date) saying a link of the subject with ``link_to`` ended."""
        pairs = {(s, "ets:linkageEnded") for s in q.subjects + q.link_to}
        ends = {frozenset(p) for p in ((s, o) for s in q.subjects for o in q.link_to)}
        found = []
        for r in self._run(evidence_query(pairs)):
            pair = frozenset((str(r["s"]), str(r["o"])))
            date = self.lexicon.doc_date.get(str(r["doc"]), "")
            if pair in ends and (not q.as_of or date_key(date) <= q.as_of):
                found.append({"doc": str(r["doc"]), "start": int(r["start"]), "end": int(r["end"]),
                              "text": str(r["text"]), "date": date})
        found.sort(key=lambda c: (self.lexicon.doc_lang.get(c["doc"], "") != q.lang, c["doc"], c["start"]))
        return list({(c["doc"], c["start"]): c for c in found}.values())

    # -- time: changes between editions, and when a system's facts changed ------

    def _edition_dates(self) -> list[str]:
        return timeframe.editions(self.lexicon.doc_date)

    def _changes(self, q: Question) -> dict | None:
        pair = timeframe.compared(q.frame, self._edition_dates())
        if pair is None:
            return None
        from kg.export import changes

        between = self._reads.get(("changes", pair), lambda: changes(self.gen, *pair), _DEADLINE.get(),
                                  "comparing the editions")
        found = [c for c in between if self._about(q, c["subject"]["iri"], c["relation"], c["values"])]
        lines, citations = [], []
        for c in found:
            lines.append(self._change_line(q, c))
            for v in c["values"]:
                citations += [self._cite(e) for e in v["ended"] + v["evidence"] if v["state"] != "kept"]
        systems = list(dict.fromkeys(c["subject"]["iri"] for c in found))
        dates = self._edition_dates()
        shown = [max((d for d in dates if date_key(d) <= date_key(v)), key=date_key, default=v) for v in pair]
        out = {"sparql": history_query(q.subjects, self._properties(q)), "citations": self._cited(q, citations),
               "editions": shown, "closed": True}
        kind = q.reading.answer_type if q.reading is not None else "text"
        if kind == "entities":
            out["answer"] = {"kind": "systems", "systems": [self.lexicon.entities[s].ref(q.lang) for s in systems
                                                            if s in self.lexicon.entities]}
        elif kind == "yes_no":
            values = ["yes", "是"] if found else ["no", "否"]
            out["answer"] = {"kind": "literal", "values": values[::-1] if q.lang == "zh" else values}
            out["display"] = [values[1] if q.lang == "zh" else values[0]] + lines
        else:
            out["answer"] = {"kind": "literal", "values": lines}
        return out

    def _history(self, q: Question) -> dict | None:
        from kg.export import statements

        stated = self._reads.get("statements", lambda: statements(self.gen), _DEADLINE.get(),
                                 "reading the editions' statements")
        relations = [q.relation] if q.relation else [r for r in PROPERTY if r != "linkage_planned"]
        if "linked_with" in relations:
            relations.append("linkage_ended")
        rows = [r for r in stated if r["relation"] in relations and (
            r["subject"]["iri"] in q.subjects)]
        if not rows:
            return None
        changes = []  # (date, system, relation, before, after, spans)
        groups: dict[tuple, dict[str, list[dict]]] = {}
        for r in rows:
            link = r["relation"] in ("linked_with", "linkage_ended")
            key = (r["subject"]["iri"], "linked_with" if link else r["relation"], r["value"]["iri"] if link else "")
            groups.setdefault(key, {}).setdefault(r["date"], []).append(r)
        for (system, relation, other), by_date in groups.items():
            last = None
            for date in sorted(by_date, key=date_key):
                stated = by_date[date]
                now = (frozenset(r["relation"] for r in stated) if other
                       else frozenset(str(r["value"]["iri"] if isinstance(r["value"], dict) else r["value"])
                                      for r in stated))
                if last is not None and now != last[0]:
                    changes.append((date, system, relation, last[1], stated))
                last = (now, stated)
        changes.sort(key=lambda c: date_key(c[0]))
        values, display, citations = [], [], []
        for date, system, relation, before, after in changes:
            values.append(date)
            display.append(self._history_line(q, date, system, relation, before, after))
            citations += [self._cite(e | {"date": r["date"]}) for r in after for e in r["spans"]]
        if not changes:
            # Stated, never changed: say so with the first statement of each relation.
            first = min(rows, key=lambda r: date_key(r["date"]))
            display.append(self._unchanged_line(q, first))
            citations += [self._cite(e | {"date": first["date"]}) for e in first["spans"]]
        out = {"answer": {"kind": "literal", "values": list(dict.fromkeys(values))}, "display": display,
               "sparql": history_query(q.subjects, self._properties(q)), "citations": self._cited(q, citations),
               "closed": True}
        return out

    def _properties(self, q: Question) -> list[str]:
        if not q.relation:
            return []
        props = [PROPERTY[q.relation]]
        return props + ["ets:linkageEnded"] if q.relation == "linked_with" else props

    def _about(self, q: Question, subject: str, relation: str, values: list[dict]) -> bool:
        """Whether a change concerns what the question names: its systems (either end of a link) and relation."""
        if q.relation and relation != q.relation:
            return False
        if not q.subjects:
            return True
        ends = {v["value"]["iri"] for v in values if isinstance(v["value"], dict)}
        return subject in q.subjects or relation in ("linked_with", "linkage_planned") and bool(ends & set(q.subjects))

    def _shown(self, q: Question, relation: str, value) -> str:
        return self._readable(q, relation, value["iri"] if isinstance(value, dict) else value)

    def _name(self, q: Question, iri: str) -> str:
        entity = self.lexicon.entities.get(iri)
        return entity.label(q.lang) if entity else iri.rsplit("/", 1)[-1]

    def _change_line(self, q: Question, c: dict) -> str:
        zh = q.lang == "zh"
        sep = " / "  # a value's own label may hold commas ("domestic offsets, limited")
        old = sep.join(self._shown(q, c["relation"], v["value"]) for v in c["values"] if v["state"] != "added")
        new = sep.join(self._shown(q, c["relation"], v["value"]) for v in c["values"] if v["state"] != "removed")
        name = RELATION_NAMES.get(c["relation"], {}).get(q.lang, c["relation"])
        none = "无" if zh else "none"
        return f"{self._name(q, c['subject']['iri'])}{'：' if zh else ': '}{name} {old or none} → {new or none}"

    def _history_line(self, q: Question, date: str, system: str, relation: str, before: list, after: list) -> str:
        zh = q.lang == "zh"
        sep = "、" if zh else ", "
        if relation == "linked_with":
            other = self._name(q, after[0]["value"]["iri"])
            ended = any(r["relation"] == "linkage_ended" for r in after)
            what = (f"与{other}的连接终止" if ended else f"与{other}连接") if zh else (
                f"link with {other} {'ended' if ended else 'in force'}")
        else:
            old = sep.join(dict.fromkeys(self._shown(q, relation, r["value"]) for r in before))
            new = sep.join(dict.fromkeys(self._shown(q, relation, r["value"]) for r in after))
            name = RELATION_NAMES.get(relation, {}).get(q.lang, relation)
            what = f"{name}：{old} → {new}" if zh else f"{name}: {old} → {new}"
        label = self._name(q, system)
        return f"{date}年版：{label}{what}" if zh else f"{date} edition: {label}, {what}"

    def _unchanged_line(self, q: Question, first: dict) -> str:
        label = self._name(q, first["subject"]["iri"])
        name = RELATION_NAMES.get(first["relation"], {}).get(q.lang, first["relation"])
        value = self._shown(q, first["relation"], first["value"])
        if q.lang == "zh":
            return f"各版本中{label}的{name}未变：自{first['date']}年版起为{value}"
        return f"No change across the editions: {label}'s {name} is {value} since the {first['date']} edition"

    def _cite(self, e: dict) -> dict:
        return {"doc": e["doc"], "start": int(e["start"]), "end": int(e["end"]), "text": e["text"],
                "date": e.get("date") or self.lexicon.doc_date.get(e["doc"], "")}

    def _cited(self, q: Question, citations: list[dict]) -> list[dict]:
        """Citations once each, the question's language first, the latest edition first."""
        unique = list({(c["doc"], c["start"], c["end"]): c for c in citations}.values())
        unique.sort(key=lambda c: date_key(c["date"]), reverse=True)
        unique.sort(key=lambda c: self.lexicon.doc_lang.get(c["doc"], "") != q.lang)
        return unique[:MAX_CITATIONS]

    def _describe(self, q: Question) -> dict | None:
        plan = describe_plan(q)
        rows = self._run(plan.sparql)
        if not rows:
            return None
        relation_of = {v: k for k, v in PROPERTY.items()}
        values, grouped = [], {}
        for r in rows:
            prop = "ets:" + str(r["property"]).rsplit("#", 1)[-1]
            relation = relation_of.get(prop, prop)
            shown = self._value(q, relation, r["value"])[0]
            values.append(f"{relation}: {shown}")
            name = RELATION_NAMES.get(relation, {}).get(q.lang, relation)
            grouped.setdefault(name, []).append(self._readable(q, relation, r["value"]))
        # One entry per relation ("sector: buildings, ports"), each value once.
        sep, colon = ("、", "：") if q.lang == "zh" else (", ", ": ")
        display = [f"{name}{colon}{sep.join(dict.fromkeys(shown))}" for name, shown in grouped.items()]
        return {"answer": {"kind": "literal", "values": values}, "display": display, "sparql": plan.sparql,
                "citations": self._citations(q, plan, rows)}

    def _dated_figure(self, q: Question, graph: dict | None, deadline: float | None) -> dict | None:
        """The text's figure instead of the graph's, for a figure asked of a year ("加州2021到2025年的抵销上限",
        "the offset limit this year"): the graph holds a limit without the years it applies to, so of a market
        whose limit changed it may give the old one; the text's answer, when its sentence dates its figure by a
        year asked about and the figure is another, is the one of the year asked. Likewise where each limit the
        graph gives is one its own sentence says was changed ("开市时上限为10%；2023年修订后，上限下调为8%") and the
        first limit or a phase's is not what is asked: the text's other figure if it gives one, else the graph's
        answer is marked ``superseded`` (and doubted). None otherwise."""
        if graph is None or q.intent != "attribute" or q.relation != "offset_limit_pct":
            return None
        held = _figures(graph)
        superseded = bool(held) and not earlier_asked(q.text) and all(
            any(changed_later(c["text"], figure) for c in graph.get("citations", [])) for figure in held)
        # "What was the limit before the 2024 amendment?": the graph's limit is the one in force, which the change
        # set, not the one asked; only the text tells the earlier one.
        replaced = bool(held) and before_change(q.text)
        if not (superseded or replaced or self.fallback.asks_year(q)):
            return None
        found = self._search(q, deadline)
        if (found["dated"] or superseded or replaced) and _figures(found) and not _figures(found) & held:
            return found
        if superseded:
            graph["superseded"] = True
        if replaced:
            graph["unsupported"] = "earlier"
        return None

    def _search(self, q: Question, deadline: float | None = None) -> dict:
        found = self.fallback.answer(q, deadline)
        note = NOTE.get(q.reason, NOTE_OTHER)[q.lang]
        out = {"question": q.text, "lang": q.lang, "source": "search", "intent": "fallback",
               "reason": q.reason, "note": note, **found}
        out["text"] = note + (" " + found["sentence"] if found.get("sentence") else "")
        out.pop("sentence", None)
        out["sparql"] = None
        return out

    def _stated_count(self, q: Question, graph: dict | None, counted: bool, deadline: float | None) -> dict | None:
        """A count of systems (not inside a named one) that a sentence states with the question's conditions
        (``Fallback.stated_count``), cited as a text answer, instead of the graph's count, which holds only the
        systems the extraction read: when the text's is larger (taking the text's whenever it states one changed no
        answer on the dev sets, bench/README.md "Q&A, session 15")."""
        # ``counted``: the rules read a count of systems, which the model may have sent to the text ("运行中的碳市场里
        # 有多少个允许用碳信用履约？"); else a text count of what the graph counts.
        if q.count_of != "systems" or any(m.kind == SYSTEM for m in q.mentions) or not (
                counted or q.intent == "fallback" and q.wants == "count" and self.fallback.counts_systems(q)
        ) or COUNTS_INSIDE.search(fold(q.text).text):
            return None
        found = self.fallback.stated_count(q, deadline)
        if found is None:
            return None
        held = (graph or {}).get("answer", {}).get("count")
        if held is not None and found["answer"]["count"] <= held:
            return None  # as many or more in the graph: its count, with its members' evidence, stands
        note = NOTE_STATED[q.lang].format(n=held) if held is not None else NOTE_OTHER[q.lang]
        out = {"question": q.text, "lang": q.lang, "source": "search", "intent": "fallback", "reason": "stated count",
               "note": note, "stated": True, **found}
        out["text"] = f"{note} {out.pop('sentence')}"
        out["sparql"] = None
        return out

    def _stated_amounts(self, q: Question, graph: dict | None, deadline: float | None) -> dict | None:
        """The markets a list of the text gives amounts of money for, within the question's bound
        (``Fallback.stated_amounts``: "which markets raised more than USD 3 billion"): the graph holds no amounts,
        so only for a question it does not answer that asks for systems."""
        if graph is not None or q.intent != "fallback" or q.wants != "systems":
            return None
        found = self.fallback.stated_amounts(q, deadline)
        if found is None:
            return None
        out = {"question": q.text, "lang": q.lang, "source": "search", "intent": "fallback", "reason": "stated amounts",
               "note": NOTE_OTHER[q.lang], **found}
        out["text"] = f"{out['note']} {out.pop('sentence')}"
        out["sparql"] = None
        return out

    def _unconfirmed(self, q: Question, out: dict, members: list[str] | None) -> None:
        """Mark a graph list or count of systems by sector or start year that the text contradicts by omission.

        The systems the text says cover the sector(s) asked about (``Fallback.sector_systems``), or
        started in a year the question asks for (``Fallback.start_systems``), that the answer leaves
        out, yet meet the question's other conditions in the graph, are facts the graph probably lacks
        or holds wrong: they go under ``unconfirmed`` (with their sentences as citations), and
        ``confidence`` scales by ``DOUBT``. Other relations have no such text check."""
        if q.intent not in ("list", "count") or q.count_of != "systems" or not (q.slots.sectors or q.slots.years):
            return
        answer = out["answer"]
        if answer["kind"] == "systems":
            members = [e["iri"] for e in answer["systems"]]
        if q.slots.sectors:
            said = self.fallback.sector_systems()
            told = [set(said.get(s, {})) for s in q.slots.sectors]
            left = (set.union(*told) if q.slots.sectors_any else set.intersection(*told)) - set(members or [])
            rest = dataclasses.replace(q.slots, sectors=[], sectors_any=False)
        else:
            starts = self.fallback.start_systems()
            left = {s for s, years in starts.items() if any(_year_asked(q.slots, y) for y in years)}
            left -= set(members or [])
            rest = dataclasses.replace(q.slots, years=[], year_op="=")
        if not left:
            return
        # The other conditions (place, level, status, link, and the sector or start not read) are still the
        # graph's to check.
        plan = list_plan(dataclasses.replace(q, slots=rest), self.lexicon, _link_variants(q)[0], only=sorted(left))
        left = [s for s in dict.fromkeys(str(r["system"]) for r in self._run(plan.sparql)) if s in left]
        if not left:
            return
        out["unconfirmed"] = [self.lexicon.entities[s].ref(q.lang) for s in left if s in self.lexicon.entities]
        if q.slots.sectors:
            sentences = [said[sector][s] for s in left for sector in q.slots.sectors if s in said.get(sector, {})]
        else:
            sentences = [c for s in left for y, c in starts[s].items() if _year_asked(q.slots, y)]
        out["citations"] = out["citations"] + self._cited(q, [self._cite(c) for c in sentences])

    def _unstated(self, q: Question, out: dict) -> str | None:
        """What a text answer's sentence leaves unsaid of a relation the question asks: other sectors than those asked
        ("How many activities, counting shipping?" answered by the four of a sentence on power, steel, cement and
        flights), or no link or offset where one is asked ("哪一年连接" answered by the year a market started). The
        passage search found a sentence near the question's other words, about another event. None when it says what
        is asked, or when the question asks neither."""
        cited = fold((out.get("citations") or [{}])[0].get("text", "")).text
        answer = out.get("answer") or {}
        if not cited or not (answer.get("values") or answer.get("count") is not None):
            return None
        # Only a sentence naming other sectors: one naming none may speak of the asked one in words the sector
        # vocabulary lacks ("the island's ferry operators"), and on the check packs such answers were mostly right.
        named = sectors_named(cited, self.lexicon)
        if q.slots.sectors and named and not any(_same_sector(a, n) for a in q.slots.sectors for n in named):
            return "sector"
        asked = fold(q.text).text
        if CUES["link"].search(asked) and not CUES["link"].search(cited):
            return "link"
        # "从哪一年起把抵销上限降到5%？" answered by the year a sector came in: the offset rule asked is not its subject.
        if CUES["offset"].search(asked) and not CUES["offset"].search(cited):
            return "offset"
        return None

    def _abstain(self, q: Question, out: dict, deadline: float | None) -> None:
        """Withhold an answer below the threshold: "not sure", the best passages, the withheld answer aside."""
        out["withheld"] = out["answer"]
        out["answer"] = {"kind": "literal", "values": []}
        out["text"] = UNSURE[q.lang]
        if out.get("unconfirmed"):
            names = ("、" if q.lang == "zh" else ", ").join(
                e["labels"].get(q.lang) or next(iter(e["labels"].values())) for e in out["unconfirmed"])
            out["text"] = UNCONFIRMED[q.lang].format(names=names)
        elif out.get("source") == "search" and self.fallback.absent_place(q):
            # No sentence about the place answers: say that the texts know no market of it, not just "not sure".
            out["text"] = ABSENT[q.lang].format(names=("、" if q.lang == "zh" else ", ").join(self._places_written(q)))
        elif out.get("unknown"):
            out["text"] = UNKNOWN[q.lang].format(names=("、" if q.lang == "zh" else ", ").join(out["unknown"]))
        out["abstained"] = True
        if "passages" not in out:
            out["passages"] = self.fallback.answer(q, deadline)["passages"]

    # -- formatting ---------------------------------------------------------

    def _systems_answer(self, q: Question, plan: Plan, rows: list, systems: list[str]) -> dict:
        refs = [self.lexicon.entities[s].ref(q.lang) for s in systems if s in self.lexicon.entities]
        kept = [r for r in rows if str(r.get("system")) in systems]
        out = {"answer": {"kind": "systems", "systems": refs}, "sparql": plan.sparql,
               "citations": self._citations(q, plan, kept)}
        if not refs:
            out["closed"] = self._closed(q, plan)
        else:
            out["sparse"] = self._sparse(plan, stated=True)
            misread = self._misread(plan, kept, q.slots.future, out)
            contested = self._contested(plan, misread)
            if contested:
                out["answer"]["systems"] = [e for e in refs if e["iri"] not in contested]
                out["citations"] = self._citations(q, plan, [r for r in kept if str(r.get("system")) not in contested])
                out["left_out"] = [self.lexicon.entities[s].ref(q.lang) for s in systems if s in contested]
            if misread - contested:
                out["misread"] = [self.lexicon.entities[s].ref(q.lang) for s in systems if s in misread - contested]
        return out

    def _contested(self, plan: Plan, misread: set[str]) -> set[str]:
        """The systems of ``misread`` (their asked value rests on thin evidence, ``_misread``) that hold another value
        of the same single-valued relation the list filters on (an offset limit, a start, a status, a design): the
        value asked was read off a sentence about someone else (a footnote's "up to 5%" under a table giving the
        system's own 75%), so the system leaves the list (named under ``left_out``) rather than put the
        rest in doubt. One query."""
        single = {PROPERTY[r] for r in ("offset_limit_pct", "start_year", "status", "design")}
        props = sorted(set(plan.cite.values()) & single)
        if not props or not misread:
            return set()
        rows = self._run(f"SELECT ?s (COUNT(DISTINCT ?v) AS ?n) WHERE {{ VALUES ?s {{ {' '.join(term(s) for s in sorted(misread))} }} "
                         f"VALUES ?p {{ {' '.join(props)} }} ?s ?p ?v }} GROUP BY ?s ?p")
        return {str(r["s"]) for r in rows if int(r["n"]) > 1}

    def _misread(self, plan: Plan, rows: list, future: bool = False, out: dict | None = None) -> set[str]:
        """The systems of a list whose asked fact (a status, design, sector, offset rule, start or link; not a
        level or place, read off a system's name and place) rests on thin evidence: every sentence stating
        it was arbitrated by the embedding classifier (``ets:method`` ending in ``+embedding``: the rules
        read something else there), or every one names another system and none this one ("凯斯林用的是
        强度基准法" stated as Kaldenia's design), or (links aside) no sentence's paragraph nor document
        heading names the system or its place ("It still accepts no offset credits" in a paragraph about
        other markets: the fact rests on whom the extractor took "it" for). One query over the facts'
        assertions. With ``out``, how much evidence each system's asked facts rest on goes under its
        ``evidence`` (system -> distinct documents, sentences, whether every one came by a weak route, whether one
        names the system or its place), for
        ``calibration.features``."""
        facts = {(str(r["system"]), _prop_iri(prop), str(r[var.lstrip("?")]))
                 for r in rows for var, prop in plan.cite.items()
                 if not prop.startswith("?") and prop not in _PLACE_PROPS and var.lstrip("?") in r}
        if not facts:
            return set()
        found = self._run(evidence_query({(s, f"<{p}>") for s, p, _ in facts}, method=True))
        said: dict[tuple[str, str], list[tuple[str, str, str, int]]] = {}
        values: dict[tuple[str, str, str], str] = {}  # (system, property, sentence) -> the value it states
        for r in found:
            fact = (str(r["s"]), str(r["p"]), str(r["o"]))
            if fact in facts:
                said.setdefault(fact[:2], []).append((str(r["method"]), str(r["text"]), str(r["doc"]), int(r["start"])))
                values[(*fact[:2], str(r["text"]))] = fact[2].rsplit("/", 1)[-1]
        if out is not None:
            out["evidence"] = {}
            for (system, _), evidence in said.items():
                seen = out["evidence"].setdefault(system, {"docs": set(), "sentences": set(), "weak": True,
                                                           "explicit": False})
                seen["docs"] |= {doc for *_, doc, _ in evidence}
                seen["sentences"] |= {(doc, start) for *_, doc, start in evidence}
                seen["weak"] &= all(_weak(method) for method, *_ in evidence)
                # Some sentence names the system or its place itself, not only "it" or the topic of its paragraph.
                seen["explicit"] |= any(self._own(system) & self.fallback.read_names(text) for _, text, *_ in evidence)
        thin = set()
        links = {_prop_iri(x) for x in _LINK_PROPS}
        status, sector = _prop_iri(PROPERTY["status"]), _prop_iri(PROPERTY["sector"])
        for (system, prop), evidence in said.items():
            # A link's sentence names the partner and its places ("linked with the Brennmark scheme run by
            # the State of Brennmark in Kaldenia"): only the classifier's arbitration makes it thin.
            if all(method.endswith("+embedding") for method, *_ in evidence) or prop not in links and (
                    all(self._names_other(system, text) for _, text, *_ in evidence)
                    or not any(self._own(system) & self.fallback.around(doc, start) for *_, doc, start in evidence)):
                thin.add(system)
            # A status whose every sentence says the contrary ("under development" from "於2022年首次實施").
            elif prop == status and all(status_contradicted(values[(system, prop, text)], text,
                                                            self.lexicon.doc_date.get(doc, ""))
                                        for _, text, doc, _ in evidence):
                thin.add(system)
            # A coverage no sentence states as in force: each asks, denies, hedges, supposes or (for a question
            # about now) speaks of coverage to come.
            elif prop == sector and all(self.fallback.coverage_unsaid(text, values[(system, prop, text)], future)
                                        for _, text, *_ in evidence):
                thin.add(system)
        return thin

    def _own(self, system: str) -> set[str]:
        """A system and its place: the names that say a sentence or passage is about it."""
        entity = self.lexicon.entities.get(system)
        return {system, entity.jurisdiction if entity else system}

    def _names_other(self, system: str, text: str) -> bool:
        """Whether a sentence names some other system (or its place) and neither ``system`` nor its place."""
        named = self.fallback.read_names(text)
        own = self._own(system)
        return bool(named - own) and not named & own

    def _sparse(self, plan: Plan, stated: bool = False) -> bool:
        """Whether the graph holds a value of some relation the query filtered on (links aside; an offset
        limit counts as its offset rule) for fewer than half of its systems: a list over such a relation
        is as long as the extraction got, so the systems it lacks are more likely unknown than without
        the value. ``stated``: only the relations a sentence must state (not a level or jurisdiction,
        read off the system's place and name), the ones whose absence leaves a list open."""
        # A limit is a detail of an offset rule (most systems have none to state): the rule is what is known.
        props = {PROPERTY["offset_rule"] if p == PROPERTY["offset_limit_pct"] else p
                 for p in plan.cite.values()} - _LINK_PROPS
        props = sorted(props - _PLACE_PROPS if stated else props)
        if not props:
            return False
        counts = self._held()
        return any(2 * counts.get(_prop_iri(p), 0) < len(self.lexicon.systems) for p in props)

    def _all_hold(self, q: Question, plan: Plan) -> bool:
        """Whether every system of the graph holds a value of each relation the query filtered on that a
        sentence must state (links and places aside; a region is a heading's): where some system has no
        start year, no status or no region, "none started in 2008" may only mean its start was not read.
        Over the dev stores no empty list or count of none resting on such a relation was right."""
        props = {PROPERTY["offset_rule"] if p == PROPERTY["offset_limit_pct"] else p
                 for p in plan.cite.values()} - _LINK_PROPS - _PLACE_PROPS
        counts, every = self._held(), len(self.lexicon.systems)
        if any(counts.get(_prop_iri(p), 0) < every for p in props):
            return False
        if q.slots.regions:
            rows = self._run("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ets:System ; ets:region ?r }")
            return int(rows[0]["n"]) >= every
        return True

    def _held(self) -> dict[str, int]:
        """Property IRI -> how many systems the current view holds a value of it for (read once: a
        generation does not change)."""
        if self._held_counts is None:
            rows = self._run(f"SELECT ?p (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?p {{ {' '.join(PROPERTY.values())} }} "
                             "?s ?p ?o ; a ets:System } GROUP BY ?p")
            self._held_counts = {str(r["p"]): int(r["n"]) for r in rows}
        return self._held_counts

    def held_share(self, relations: list[str]) -> float:
        """The least share of the graph's systems holding a value of any of ``relations`` (``PROPERTY``
        names; 1 for none)."""
        counts, every = self._held(), max(1, len(self.lexicon.systems))
        return min([counts.get(_prop_iri(PROPERTY[r]), 0) / every for r in relations], default=1.0)

    def _closed(self, q: Question, plan: Plan) -> bool:
        """Whether "no system matches" is the graph's answer rather than a gap in it: the graph holds
        values of every relation the query filtered on for at least half of its systems (for the systems
        a link must reach, values of their links), so no system having the asked value is a fact, not a
        missing one. A graph that knows the relation for few systems proves no absence, nor one where no
        system at all has an asked value (no market under consideration, none covering aviation): the
        question expects some, so the extraction more likely missed them (``_unheld``)."""
        props = sorted(set(plan.cite.values()))
        if not props or self._sparse(plan) or self._unheld(q) or not self._all_hold(q, plan):
            return False
        tests = []
        for prop in props:
            if prop in _LINK_PROPS and q.link_to:
                for s in q.link_to:
                    either = f"{{ {term(s)} {prop} ?o }} UNION {{ ?o {prop} {term(s)} }}"
                    if prop == PROPERTY["linked_with"]:
                        # A link an edition says ended is known too (in that document's graph): "none now".
                        either += (f" UNION {{ GRAPH ?g {{ {{ {term(s)} ets:linkageEnded ?o }}"
                                   f" UNION {{ ?o ets:linkageEnded {term(s)} }} }} }}")
                    tests.append(f"FILTER EXISTS {{ {either} }}")
            else:
                tests.append(f"FILTER EXISTS {{ ?s {prop} ?o }}")
        sparql = "ASK { " + " ".join(tests) + " }"
        return bool(self._query(sparql).boolean)

    def _unheld(self, q: Question) -> bool:
        """Whether some value the question filters on (a status, design, sector or offset rule) is held by
        no system of the graph at all, whatever the question's other conditions; or a place it names
        has no system in the graph (the graph cannot tell which systems are there: "US state programs"
        over texts whose headings never say "United States"), or is a jurisdiction whose provinces and
        cities the gazetteer does not know, asked about beyond its national level ("瑶澜共和国境内有几个…":
        the markets of its regions are not tied to it)."""
        if q.places and not self._run(list_plan(dataclasses.replace(q, slots=Slots(), link="", link_to=[]),
                                                self.lexicon).sparql):
            return True
        if "national" not in q.slots.levels and any(
                getattr(self.lexicon.entities.get(p), "kind", "") == JURISDICTION and not self.lexicon.inside(p)
                for p in q.places):
            return True
        s = q.slots
        alone = [dataclasses.replace(Slots(), statuses=set(s.statuses)) if s.statuses else None,
                 dataclasses.replace(Slots(), designs=set(s.designs)) if s.designs else None,
                 *[dataclasses.replace(Slots(), sectors=[sector]) for sector in s.sectors],
                 dataclasses.replace(Slots(), offset=s.offset) if s.offset else None]
        for slots in filter(None, alone):
            bare = dataclasses.replace(q, slots=slots, places=[], link="", link_to=[])
            if not self._run(list_plan(bare, self.lexicon).sparql):
                return True
        return False

    def _value(self, q: Question, relation: str, value) -> list:
        """How a graph value is shown: the normalized value first, then readable forms."""
        text = str(value)
        if relation == "start_year":
            if len(text) == 7:
                year, month = text[:4], int(text[5:])
                return [text, f"{MONTHS_EN[month - 1]} {year}", f"{year}年{month}月"]
            return [text]
        if relation == "offset_limit_pct":
            n = _number(text)
            return [n, f"{n}%"]
        if relation in ("jurisdiction", "linked_with", "linkage_planned"):
            entity = self.lexicon.entities.get(text)
            if entity is None:
                return [text]
            other = [label for lang, label in entity.labels.items() if lang != q.lang]
            return [entity.label(q.lang), *other]
        local = text.rsplit("/", 1)[-1]
        labels = self.lexicon.concepts.get(local, {})
        own, other = labels.get(q.lang), [v for k, v in labels.items() if k != q.lang]
        return [local, *[x for x in [own, *other] if x]]

    def _readable(self, q: Question, relation: str, value) -> str:
        """One form of a graph value for the answer text: in the question's language, without codes."""
        shown = self._value(q, relation, value)
        if relation == "start_year" and len(shown) == 3:
            return shown[2] if q.lang == "zh" else shown[1]
        if relation == "offset_limit_pct":
            return shown[1]
        if relation in ("jurisdiction", "linked_with", "linkage_planned"):
            return shown[0]
        local = str(value).rsplit("/", 1)[-1]
        return self.lexicon.concepts.get(local, {}).get(q.lang) or local.replace("_", " ")

    def _citations(self, q: Question, plan: Plan, rows: list) -> list[dict]:
        """Evidence of the (system, property, value) facts the rows used."""
        facts: set[tuple[str, str, str]] = set()
        for r in rows:
            system = str(r.get("system", ""))
            for var, prop in plan.cite.items():
                name = var.lstrip("?")
                if name not in r or not system:
                    continue
                prop = str(r[prop.lstrip("?")]) if prop.startswith("?") else _prop_iri(prop)
                facts.add((system, prop, str(r[name])))
        if not facts:
            return []
        pairs = {(s, p) for s, p, _ in facts}
        pairs |= {(o, p) for s, p, o in facts if p in {_prop_iri(x) for x in _LINK_PROPS}}
        rows = self._run(evidence_query({(s, f"<{p}>") for s, p in pairs}))
        link_props = {_prop_iri(x) for x in _LINK_PROPS}
        order = {s: n for n, s in enumerate(dict.fromkeys(s for s, _, _ in sorted(facts)))}
        found = []
        for r in rows:
            s, p, o = str(r["s"]), str(r["p"]), str(r["o"])
            doc = str(r["doc"])
            date = self.lexicon.doc_date.get(doc, "")
            if q.as_of and date_key(date) > date_key(q.as_of):
                continue  # an edition published after the date asked about does not speak for it
            if (s, p, o) in facts or (p in link_props and (o, p, s) in facts):
                found.append({"doc": doc, "start": int(r["start"]), "end": int(r["end"]), "text": str(r["text"]),
                              "date": date, "_key": (order.get(s, order.get(o, 0)))})
        # The question's language first, then the facts in answer order, each from the latest edition first.
        found.sort(key=lambda c: (c["doc"], c["start"]))
        found.sort(key=lambda c: date_key(c["date"]), reverse=True)
        found.sort(key=lambda c: (self.lexicon.doc_lang.get(c["doc"], "") != q.lang, c.pop("_key")))
        citations = []
        for c in found:
            if c not in citations:
                citations.append(c)
        return citations[:MAX_CITATIONS]

    def _when(self, q: Question, out: dict) -> str:
        """Which edition an answer about another time rests on, as the head of its text."""
        zh = q.lang == "zh"
        if q.frame.kind == "as_of" and q.edition:
            out["edition"] = q.edition
            year = q.frame.year
            if date_key(q.edition) > timeframe.year_end(year):
                return (f"图谱中没有{year}年底前的版本，以下据最早的{q.edition}年版：" if zh else
                        f"No edition in the graph is dated by the end of {year}; the earliest, of {q.edition}, says: ")
            return f"截至{year}年（据{q.edition}年版）：" if zh else f"As of {year} (the {q.edition} edition): "
        if q.intent == "changes":
            earlier, later = out["editions"]
            if not out["answer"].get("values") and not out["answer"].get("systems"):
                return (f"{earlier}与{later}之间各版本所述没有变化。" if zh else
                        f"Nothing the editions state changed between {earlier} and {later}.")
            return f"{earlier}至{later}的变化：" if zh else f"Changes between {earlier} and {later}: "
        return ""

    def _text(self, q: Question, out: dict) -> str:
        answer, zh = out["answer"], q.lang == "zh"
        if answer["kind"] == "count":
            return f"共{answer['count']}个。" if zh else f"{answer['count']}."
        if answer["kind"] == "systems":
            names = [e["labels"].get(q.lang) or next(iter(e["labels"].values()), e["iri"]) for e in answer["systems"]]
            if not names:
                return "图谱中没有符合条件的碳市场。" if zh else "No system in the graph matches."
            return "、".join(names) + "。" if zh else ", ".join(names) + "."
        values = out.get("display") or list(dict.fromkeys(str(v) for v in answer["values"]))
        if not out.get("display") and answer["values"] and answer["values"][0] in ("yes", "no", "是", "否"):
            values = values[:1]  # the answer in the question's language first, once
        if not values:
            return ""
        return ("；".join(values) + "。") if zh else "; ".join(values) + "."


def confidence(q: Question, out: dict) -> float:
    """How sure an answer is, from 0 to 1: whether the learned reading agrees with the answer's type,
    how sure that reading is, and whether the answer came from graph facts or a passage."""
    r, answer = q.reading, out.get("answer") or {}
    empty = not (answer.get("systems") or answer.get("values") or answer.get("count"))
    if out.get("source") == "graph":
        agree = r.answer_type in rule_types(q)
        score = 0.5 + 0.5 * r.type_p if agree else 0.5 * (1 - r.type_p)
        # A relation few systems hold leaves a list open, not the one system a "which one" question asks for.
        sparse = out.get("sparse") and not (q.slots.how_many == 1 and len(answer.get("systems") or []) == 1)
        score *= DOUBT if (out.get("unconfirmed") or sparse or out.get("unknown")
                           or out.get("misread") or out.get("superseded")) else 1.0
        # "Which two markets ...?" answered with three (or one): some member is wrong or missing.
        listed = answer.get("systems") if answer.get("kind") == "systems" else None
        score *= DOUBT if listed and q.slots.how_many and len(listed) != q.slots.how_many else 1.0
        # "Nothing matches" (an empty list, a count of none) is rarely what an analyst asks for: more often
        # the graph lacks the facts, unless it holds the relation asked about and no system has the asked
        # value (``QA._closed``).
        return score * (0.3 if empty and not out.get("closed") else 1.0)
    if empty or answer.get("count") is None and answer.get("kind") == "count":
        return 0.0
    # A number of systems read as a figure answers "how many schemes" only as far as one sentence counts them
    # all (a country's count of installations did not). Systems a sentence names are kept as sure as the
    # reading: a status report's sentence that lists the markets of a kind is the answer, cited; over news and
    # FAQs such lists were wrong more often (dev confident-wrong 0.094 with them doubted, 0.098 without; the
    # bundled report's questions 22/30 with, 25/30 without).
    doubt = DOUBT if answer.get("kind") == "count" and "values" not in answer else 1.0
    if out.get("stated"):
        # A count stated with every condition asked and no other (``Fallback.stated_count``) answers the question
        # whatever else of its wording the sentence holds ("9 jurisdictions are exploring" for "how many are under
        # consideration").
        return 0.5 * r.type_p
    # A value or names pulled from a passage: only as sure as the reading that chose what to pull, and
    # as the sentence's cover of the question's words (``support``; a sentence that shares few of them
    # answers another question).
    return doubt * 0.5 * r.type_p * min(1.0, out.get("support", 1.0) / SUPPORT_FULL)

def ask(gen, text) -> dict:
    """Answer ``text`` over generation ``gen`` (the engine is kept per generation)."""
    return QA.for_generation(gen).ask(text)


def batch(gen, rows, keys: tuple[str, ...] = ()) -> "list[dict]":
    """Answers in the evaluation's format, one per ``{"id", "question"}`` row, in order; ``keys``: more of
    each answer's fields to keep (``bench/qa_calibrate.py`` keeps its calibration ``features``)."""
    engine = QA.for_generation(gen)
    out = []
    for row in rows:
        result = engine.ask(row.get("question") if isinstance(row, dict) else None)
        line = {"id": row.get("id") if isinstance(row, dict) else None, "answer": result.get("answer"),
                "sparql": result.get("sparql"), "citations": result.get("citations", [])}
        for key in ("source", "note", "error", "confidence", "support", "abstained", *keys):
            if key in result:
                line[key] = result[key]
        out.append(line)
    return out
