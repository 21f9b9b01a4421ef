"""How sure an answer is: features of an answer and its evidence, and the calibrator that weighs them.

``features(q, out, engine, rule)`` describes one answer before it is given, by
what does not depend on the question's wording: the rules' own confidence
(``answer.confidence``: the reading's agreement with the answer type, the
graph's doubts), what kind of answer it is, the doubts the engine raised
(``misread``, ``sparse``, ``unconfirmed``, ``unknown`` places, ``left_out``
members), which relations a list filters on and how many of the graph's
systems hold them, how each member's facts were read (documents, sentences,
weak routes, whether a sentence names the member itself or only "it" or its
paragraph's topic), and, for a text answer, how well its sentence covers the
question (the share of the question's words, by rarity, that occur in no
passage at all and in the cited sentence) and whether it names the entity
asked, only its paragraph does, or it names another.

``Calibrator`` turns them into the probability that the answer is right: a
logistic regression trained by ``bench/qa_calibrate.py --fit --save`` on the
dev questions of every pack (``train/calibrator.json``), with the threshold
below which answers are withheld chosen leave-one-pack-out (bench/README.md
"Q&A, session 16"). ``Calibrator.reasons`` names the features that moved the
probability most, so an answer can say why it is (un)sure.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from search.tokenize import tokenize

# Question words that carry no topic: a question's asking words occur in few passages (the texts state,
# they do not ask), so they would count as words the texts never hold.
_ASKING = set("""which what when where who whom whose how many much does did do is are was were has have had
will would can could should the a an of in on at to for from by with and or not any all its their this that
these those there it they as be been being than then into about after before since between per each every
哪些 哪个 哪一个 哪家 哪里 什么 多少 几个 何时 时候 是否 是不是 有没有 吗 呢 的 了 在 和 与 及 或 是 有 为 中 其 该 这 那 个""".split())


def _words(text: str) -> list[str]:
    return [w for w in dict.fromkeys(tokenize(text)) if w not in _ASKING]


def evidence_text(out: dict) -> str:
    """The sentences an answer shows for itself: its citations, and a withheld or text answer's passages."""
    return " ".join(c.get("text", "") for c in out.get("citations") or [])


# The relations a question's filters ask the graph for (``Slots`` field -> ``sparql.PROPERTY`` name) whose
# values a sentence must state: how many systems hold them says how complete a list over them can be.
_FILTERS = {"statuses": "status", "designs": "design", "sectors": "sector", "offset": "offset_rule",
            "years": "start_year"}


def filtered(q) -> list[str]:
    """The stated relations the question filters its systems on (a link is one too)."""
    names = [name for field, name in _FILTERS.items() if getattr(q.slots, field)]
    return names + (["linked_with"] if q.link else [])


def features(q, out: dict, engine, rule: float) -> dict[str, float]:
    """The features of one answer (``out`` before abstention) to question ``q`` by ``engine`` (a
    ``QA``); ``rule`` is the rules' confidence. Every feature is 0 when it does not apply, so that one
    model weighs graph and text answers."""
    fallback = engine.fallback
    answer = out.get("answer") or {}
    graph = out.get("source") == "graph"
    members = answer.get("systems") or []
    # Nothing found, where the graph cannot tell that none matches (``QA._closed``: it holds the relation asked).
    empty = not (members or answer.get("values") or answer.get("count")) and not out.get("closed")
    words = _words(q.text)
    idf = fallback._idf
    weight = {w: idf.get(w, fallback._unseen_idf) for w in words}
    total = sum(weight.values()) or 1.0
    # Words of the question no passage of the store holds: the texts do not speak of it at all.
    unseen = sum(v for w, v in weight.items() if w not in idf) / total
    cited = set(tokenize(evidence_text(out)))
    cover = sum(v for w, v in weight.items() if w in cited) / total if cited else 0.0
    r = q.reading
    graph_systems = graph and answer.get("kind") in ("systems", "count") and q.count_of == "systems"
    every = max(1, len(engine.lexicon.systems))
    held = engine.held_share(filtered(q)) if graph_systems else 1.0
    # How much of the text each member's asked facts rest on (``QA._misread``'s ``evidence``): one document's
    # word, or a table cell's or heading's, is the extraction's reading of one place.
    evidence = [out["evidence"][e["iri"]] for e in members if e["iri"] in out.get("evidence", {})]
    if not members and out.get("evidence"):
        evidence = list(out["evidence"].values())  # a count's or a yes's facts (their systems are not listed)
    docs = [len(e["docs"]) for e in evidence]
    listed = answer.get("systems") if answer.get("kind") == "systems" else None
    f = {
        "rule": rule,
        "graph": float(graph),
        "empty": float(empty),
        "graph_list": float(graph and answer.get("kind") == "systems"),
        "graph_count": float(graph and answer.get("kind") == "count"),
        "graph_value": float(graph and answer.get("kind") == "literal"),
        "misread": float(bool(out.get("misread"))),
        "sparse": float(bool(out.get("sparse"))),
        "unconfirmed": float(bool(out.get("unconfirmed"))),
        "unknown": float(bool(out.get("unknown") or q.unknown)),
        "left_out": float(bool(out.get("left_out"))),
        # "Which two markets ...?" answered with another number of them.
        "how_many_off": float(bool(listed and q.slots.how_many and len(listed) != q.slots.how_many)),
        "type_p": r.type_p if r else 0.0,
        "intent_p": r.intent_p if r else 0.0,
        "support": 0.0 if graph else float(out.get("support", 0.0)),
        "stated": float(bool(out.get("stated"))),
        "unseen": unseen,
        "cover": cover,
        **_about_asked(q, out, fallback, graph),
        "filters": float(len(q.slots.sectors) + bool(q.slots.years) + bool(q.places) + bool(q.link)
                         + bool(q.slots.statuses) + bool(q.slots.levels) + bool(q.slots.designs)
                         + bool(q.slots.regions) + bool(q.slots.offset)),
        "zh": float(q.lang == "zh"),
        # A list or count over relations the graph holds for few of its systems is as long as the extraction
        # got; one holding most of the store's systems asks nearly everything to be read right.
        "held": held,
        "share": len(members) / every if graph_systems else 0.0,
        "ev_docs_min": math.log1p(min(docs)) if docs else 0.0,
        "ev_docs_mean": math.log1p(sum(docs) / len(docs)) if docs else 0.0,
        "ev_single": sum(n == 1 for n in docs) / len(docs) if docs else 0.0,
        "ev_weak": sum(e["weak"] for e in evidence) / len(evidence) if evidence else 0.0,
        # Members whose facts no sentence states of them by name: read off "it" or the paragraph's topic.
        "ev_implicit": sum(not e["explicit"] for e in evidence) / len(evidence) if evidence else 0.0,
        **{"by_" + name: float(graph_systems and name in filtered(q)) for name in (*_FILTERS.values(), "linked_with")},
    }
    return f


def _about_asked(q, out: dict, fallback, graph: bool) -> dict[str, float]:
    """For a text answer about named entities: whether its sentence names one of them (or its place) and at most
    one other system and its place, whether only the sentence's paragraph or document heading names one, and
    whether the sentence names some other system and none of them (another's figure)."""
    cited = (out.get("citations") or [{}])[0]
    if graph or not q.subjects or not cited.get("text"):
        return {"asked_sentence": 0.0, "asked_context": 0.0, "other_entity": 0.0}
    own = set(q.subjects) | {fallback.lexicon.entities[s].jurisdiction for s in q.subjects
                             if s in fallback.lexicon.entities}
    named = fallback.read_names(cited["text"])
    context = fallback.around(cited["doc"], cited["start"]) if "doc" in cited and "start" in cited else set()
    # A sentence that names the asked entity among several others (a table row, a list of members) is not about it.
    about = bool(named & own) and len(named - own) <= 2
    return {"asked_sentence": float(about),
            "asked_context": float(not named & own and bool(context & own)),
            "other_entity": float(bool(named - own) and not named & own)}


# What a feature says when it moves an answer's probability (``Calibrator.reasons``), when it raises it and when
# it lowers it, in English and Chinese (None: a move that needs no words).
SAYS = {
    "rule": (("the rules are sure of the reading and the answer", "规则对问题理解和答案有把握"),
             ("the rules are unsure of the reading or the answer", "规则对问题理解或答案把握不大")),
    "empty": (None, ("nothing was found", "未找到结果")),
    "misread": (None, ("some member's fact rests on thin evidence", "部分结果所依据的证据薄弱")),
    "sparse": (None, ("the graph holds the asked relation for few systems", "图谱中仅少数体系有此项信息")),
    "unconfirmed": (None, ("the text names systems the list leaves out", "文中提到的体系未列入结果")),
    "unknown": (None, ("the question names a place the graph does not know", "问题中的地名图谱未收录")),
    "left_out": (None, ("a member's value was read for another system", "某结果的取值来自关于其他体系的句子")),
    "how_many_off": (None, ("the list is not as long as the question says", "结果数目与问题所说不符")),
    "support": (("the sentence holds the question's words", "句子包含问题的关键词"),
                ("the sentence holds few of the question's words", "句子很少包含问题的关键词")),
    "cover": (("the cited sentences hold the question's words", "引用句包含问题的关键词"),
              ("the cited sentences hold few of the question's words", "引用句很少包含问题的关键词")),
    "unseen": (None, ("no passage holds some of the question's words", "问题中有些词在资料中从未出现")),
    "asked_sentence": (("the sentence names what was asked about", "句子提到了所问的对象"),
                       ("the sentence does not name what was asked about", "句子没有提到所问的对象")),
    "asked_context": (("the sentence's paragraph names what was asked about", "句子所在段落提到了所问的对象"), None),
    "other_entity": (None, ("the sentence is about another system", "句子讲的是其他体系")),
    "held": (("the graph holds the asked relation for most systems", "图谱中多数体系有此项信息"),
             ("the graph holds the asked relation for few systems", "图谱中仅少数体系有此项信息")),
    "ev_single": (None, ("members' facts rest on one document each", "各结果仅有一篇文档为证")),
    "ev_weak": (None, ("members' facts were read by weak routes only", "各结果仅由弱规则读出")),
    "ev_implicit": (None, ("members' facts are stated of \"it\" or a paragraph's topic, not by name",
                           "各结果的依据句未直接点名")),
    "stated": (("the text states the count", "文中直接给出了数目"), None),
}


# The features that describe only a graph answer, and only a text answer.
_GRAPH = {"misread", "sparse", "unconfirmed", "left_out", "how_many_off", "held", "ev_single", "ev_weak", "ev_implicit"}
_TEXT = {"support", "cover", "asked_sentence", "asked_context", "other_entity", "stated"}


class Calibrator:
    """A logistic regression over ``features``: the probability that an answer is right, and why."""

    def __init__(self, data: dict):
        self.names = data["names"]
        self.mean, self.scale, self.coef = data["mean"], data["scale"], data["coef"]
        self.intercept = data["intercept"]
        # Both chosen leave-one-pack-out (bench/qa_calibrate.py --fit --save): at or above ``sure`` an answer is
        # given as sure; from ``threshold`` up it is given with what it is unsure about; below, it is withheld.
        self.threshold, self.sure = data["threshold"], data["sure"]

    @classmethod
    def load(cls, path: Path) -> "Calibrator":
        return cls(json.loads(Path(path).read_text(encoding="utf-8")))

    def _terms(self, f: dict) -> list[float]:
        return [w * (f.get(n, 0.0) - m) / s for n, m, s, w in zip(self.names, self.mean, self.scale, self.coef)]

    def probability(self, f: dict) -> float:
        return 1.0 / (1.0 + math.exp(-(self.intercept + sum(self._terms(f)))))

    def reasons(self, f: dict, lang: str = "en", n: int = 3) -> dict[str, list[str]]:
        """What moved the probability most from an average answer's, in words of ``lang``: up to ``n`` moves
        (of at least 0.1 in log-odds) that ``raise`` it and ``n`` that ``lower`` it, largest first. A feature of
        text answers says nothing of a graph answer's and the other way round (its 0 there means "does not
        apply")."""
        said: dict[str, list[str]] = {"raise": [], "lower": []}
        for term, name in sorted(zip(self._terms(f), self.names), key=lambda p: -abs(p[0])):
            text = SAYS.get(name, (None, None))[term < 0]
            side = said["lower" if term < 0 else "raise"]
            if (text and abs(term) >= 0.1 and len(side) < n and name not in (_GRAPH if not f.get("graph") else _TEXT)
                    and text[lang == "zh"] not in side):
                side.append(text[lang == "zh"])
        return said


@lru_cache(maxsize=1)
def default_calibrator() -> Calibrator:
    return Calibrator.load(Path(__file__).parent / "train" / "calibrator.json")
