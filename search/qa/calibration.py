"""A learned calibration of Q&A confidence: how likely an answer is right, from what is known about it.

The rules' score (``answer.rule_confidence``: the learned reading's agreement
with the answer's type, the doubts the text raises against a graph list, the
support of a text answer's sentence) is one input among others that say how
well an answer is supported: what kind of answer it is, how many facts and
documents it rests on, which relations its query filters on (some are
extracted less completely than others), and, for an answer from the text,
whether its sentence names the entity and the year the question asks about.
A logistic regression over these (``FEATURES``) gives the confidence; it is
fitted on answered dev questions by ``bench/qa_fit_confidence.py``, which
also chooses the threshold on one half of the packs and checks it on the
other (bench/README.md "Q&A, session 10"). Without a fitted model the rules'
score is the confidence.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

MODEL = Path(__file__).resolve().parent / "train" / "confidence-model.json"
# The threshold of the rules' confidence alone (without a fitted model), chosen on the dev questions of
# session 9 (bench/README.md "Q&A, session 9 round 2").
RULES_THRESHOLD = 0.3

# Each a number in about [0, 1]; the names are the model file's keys.
FEATURES = (
    "rules",  # the rules' confidence
    "graph", "graph_list", "graph_count", "graph_attribute", "graph_check", "graph_other",
    "text_count", "text_systems", "text_literal",
    "type_p", "intent_p", "type_agrees",
    "empty", "closed", "doubted",
    "members",  # log of the systems listed or counted (a long list is more often off by one)
    "docs_per_member",  # distinct documents cited per system listed: facts stated once are extracted less surely
    "share_of_graph",  # the share of the graph's systems a filtered list or count holds
    "single_sourced",  # the share of its systems whose asked facts rest on one sentence only
    "filters",  # how many conditions the query combines: each is a fact the extraction may have missed
    "by_sector", "by_status", "by_design", "by_offset", "by_start", "by_link", "by_place",
    "support",  # a text answer's share of the question's words
    "names_entity",  # the question names an entity, and a text answer's sentence (or its document) names it
    "misses_entity",  # the question names an entity that a text answer's sentence and document do not
    "misses_year",  # the question names a year that a text answer's sentence does not
    "zh",
)


def features(q, out: dict, rules: float, cited_names: set[str] | None = None,
             stated: dict | None = None) -> dict[str, float]:
    """The calibration's inputs for answer ``out`` to question ``q``.

    ``cited_names``: for a text answer, the entities its sentence and that
    sentence's document name (IRIs, systems and their places), or None.
    ``stated``: for a graph list or count, ``QA._stated`` of its systems.
    """
    r = q.reading
    answer = out.get("answer") or {}
    graph = out.get("source") == "graph"
    kind = answer.get("kind")
    empty = not (answer.get("systems") or answer.get("values") or answer.get("count"))
    f = dict.fromkeys(FEATURES, 0.0)
    f["rules"] = rules
    f["zh"] = float(q.lang == "zh")
    if r is not None:
        f["type_p"], f["intent_p"] = r.type_p, r.intent_p
    f["empty"] = float(empty)
    if graph:
        f["graph"] = 1.0
        bucket = {"list": "graph_list", "superlative": "graph_list", "count": "graph_count",
                  "attribute": "graph_attribute", "check": "graph_check"}.get(q.intent, "graph_other")
        f[bucket] = 1.0
        from .question import rule_types

        f["type_agrees"] = float(r is not None and r.answer_type in rule_types(q))
        f["closed"] = float(bool(out.get("closed")))
        f["doubted"] = float(bool(out.get("unconfirmed") or out.get("sparse") or out.get("unknown")
                                  or out.get("misread")))
        n = len(answer.get("systems") or []) if kind == "systems" else int(answer.get("count") or 0)
        f["members"] = math.log1p(n) / math.log(16)
        if n and kind == "systems":
            docs = {c["doc"] for c in out.get("citations", [])}
            f["docs_per_member"] = min(1.0, len(docs) / n / 3)
        s = q.slots
        used = {"by_sector": bool(s.sectors), "by_status": bool(s.statuses), "by_design": bool(s.designs),
                "by_offset": bool(s.offset or s.offset_pct is not None), "by_start": bool(s.years),
                "by_link": bool(q.link or q.link_to), "by_place": bool(q.places or s.levels or s.regions)}
        if stated:
            f["share_of_graph"], f["single_sourced"] = stated["share"], stated["single"]
        if q.intent in ("list", "count", "superlative"):
            for name, on in used.items():
                f[name] = float(on)
            f["filters"] = min(1.0, sum(used.values()) / 3)
    else:
        f["text_" + {"count": "count", "systems": "systems"}.get(kind, "literal")] = 1.0
        f["support"] = float(out.get("support") or 0.0)
        asked = {i for m in q.mentions for i in [m.iri, *m.systems]}
        if asked and cited_names is not None:
            hit = bool(asked & cited_names)
            f["names_entity"], f["misses_entity"] = float(hit), float(not hit)
        years = {str(y) for y, _ in q.slots.years}
        cited = " ".join(c.get("text", "") for c in out.get("citations", [])[:1])
        if years and cited and not any(y in cited for y in years):
            f["misses_year"] = 1.0
    return f


class Calibration:
    """A fitted logistic model over ``FEATURES`` (weights by name and an intercept)."""

    def __init__(self, weights: dict[str, float] | None = None, intercept: float = 0.0,
                 threshold: float = RULES_THRESHOLD):
        self.weights = weights
        self.intercept = intercept
        self.threshold = threshold  # below it an answer is withheld: chosen with the model

    @classmethod
    def load(cls, path: Path = MODEL) -> "Calibration":
        if not path.exists():
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["weights"], data["intercept"], data["threshold"])

    def save(self, path: Path = MODEL, **about) -> None:
        """The model, its threshold and how it was fitted (``about``), as JSON."""
        data = {"features": list(FEATURES), "weights": self.weights, "intercept": self.intercept,
                "threshold": self.threshold, **about}
        path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")

    def __call__(self, f: dict[str, float]) -> float:
        if self.weights is None:
            return f["rules"]
        z = self.intercept + sum(w * f.get(name, 0.0) for name, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-z))


_DEFAULT: Calibration | None = None


def default_calibration() -> Calibration:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Calibration.load()
    return _DEFAULT
