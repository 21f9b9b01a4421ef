"""Features of an answer and its evidence, for measuring whether a learned calibrator would be surer.

``features(q, out, engine, rule)`` describes one answer before it is given:
the rules' own confidence (``answer.confidence``: the reading's agreement
with the answer type, the graph's doubts), what kind of answer it is, which
relations a list filters on and how many of the graph's systems hold them,
and how well the evidence covers the question: the share of the question's
words (by rarity, IDF over the store's passages) that occur in no passage at
all, the share the cited sentences hold, whether a figure's sentence names
another system than the one asked, and how a graph list agrees with the
systems the best matching sentences name. ``bench/qa_calibrate.py --fit``
trains a logistic regression over them on the dev questions, cross-validated
by pack; it did not beat the rules' confidence out of pack (bench/README.md
"Q&A, session 12"), so answers are not scored by it: the engine computes
the features only when asked (``QA.explain``).
"""
from __future__ import annotations

import math

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
    empty = not (members or answer.get("values") or answer.get("count"))
    words = _words(q.text)
    idf = fallback._idf
    weight = {w: idf.get(w, fallback._unseen_idf) for w in words}
    total = sum(weight.values()) or 1.0
    # Words of the question no passage of the store holds: the texts do not speak of it at all.
    unseen = sum(v for w, v in weight.items() if w not in idf) / total
    cited = set(tokenize(evidence_text(out)))
    cover = sum(v for w, v in weight.items() if w in cited) / total if cited else 0.0
    other = 0.0
    if not graph and q.subjects and out.get("citations"):
        # A figure whose sentence names some system and none the question asks about is another's figure.
        named = fallback.read_names(out["citations"][0].get("text", ""))
        own = set(q.subjects) | {fallback.lexicon.entities[s].jurisdiction for s in q.subjects
                                 if s in fallback.lexicon.entities}
        other = float(bool(named - own) and not named & own)
    r = q.reading
    graph_systems = graph and answer.get("kind") in ("systems", "count") and q.count_of == "systems"
    every = max(1, len(engine.lexicon.systems))
    held = engine.held_share(filtered(q)) if graph_systems else 1.0
    inside = outside = 0.0
    if graph_systems:
        # The graph's list beside what the best matching sentences name: members they name agree, systems they
        # name that the list leaves out may be members the graph lacks.
        listed = {e["iri"] for e in members}
        named = fallback.best_named(q)
        inside = len(named & listed) / max(1, len(listed))
        outside = math.log1p(len(named - listed))
    # How much of the text each member's asked facts rest on (``QA._misread``'s ``evidence``): one document's
    # word, or a table cell's or heading's, is the extraction's reading of one place.
    evidence = [out["evidence"][e["iri"]] for e in members if e["iri"] in out.get("evidence", {})]
    if not members and out.get("evidence"):
        evidence = list(out["evidence"].values())  # a count's or a yes's facts (their systems are not listed)
    docs = [len(e["docs"]) for e in evidence]
    f = {
        "rule": rule,
        "graph": float(graph),
        "empty": float(empty),
        "graph_list": float(graph and answer.get("kind") == "systems"),
        "graph_count": float(graph and answer.get("kind") == "count"),
        "graph_value": float(graph and answer.get("kind") == "literal"),
        "members": math.log1p(len(members)),
        "doubted": float(bool(out.get("misread") or out.get("unconfirmed") or out.get("sparse")
                              or out.get("unknown"))),
        "type_p": r.type_p if r else 0.0,
        "intent_p": r.intent_p if r else 0.0,
        "support": 0.0 if graph else float(out.get("support", 0.0)),
        "unseen": unseen,
        "cover": cover,
        "other_entity": other,
        "filters": float(len(q.slots.sectors) + bool(q.slots.years) + bool(q.places) + bool(q.link)
                         + bool(q.slots.statuses) + bool(q.slots.levels) + bool(q.slots.designs)
                         + bool(q.slots.regions) + bool(q.slots.offset)),
        "zh": float(q.lang == "zh"),
        # A list or count over relations the graph holds for few of its systems is as long as the extraction
        # got; one holding most of the store's systems asks nearly everything to be read right.
        "held": held,
        "text_inside": inside,
        "text_outside": outside,
        "share": len(members) / every if graph_systems else 0.0,
        "ev_docs_min": math.log1p(min(docs)) if docs else 0.0,
        "ev_docs_mean": math.log1p(sum(docs) / len(docs)) if docs else 0.0,
        "ev_single": sum(n == 1 for n in docs) / len(docs) if docs else 0.0,
        "ev_weak": sum(e["weak"] for e in evidence) / len(evidence) if evidence else 0.0,
        **{"by_" + name: float(graph_systems and name in filtered(q)) for name in (*_FILTERS.values(), "linked_with")},
    }
    return f
