"""Checking Q&A answers against hand-written expectations (tests/data question files).

The question files name systems the way the report's charts do ("Korea ETS
(K-ETS)", "Shenzhen", "Philippines"); an answered system matches a name when
the name, loosely compared (case, width, punctuation, a trailing "ETS" /
"碳市场" ignored), equals one of the system's labels or aliases or one of its
jurisdiction's names. ``correct(row, result, lexicon)`` applies the rules of
tests/data/README.md per kind: ``systems`` (same set), ``literal`` (one
accepted value among the answer's values, or inside one, as score.py reads it; an empty list: the texts do not say, so only an answer
without a value is right), ``count`` (equal) and
``fallback`` (the best passage, or its translation, contains the words).
Used by the tests and by bench/qa_bench.py.
"""
from __future__ import annotations

import re
import unicodedata

from .lexicon import Lexicon

_SUFFIXES = ("emissionstradingsystem", "ets", "碳市场", "碳排放交易体系")


def loose(text) -> str:
    text = re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", str(text)).casefold())
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            return text[: -len(suffix)]
    return text


def names_of(iri: str, lexicon: Lexicon) -> set[str]:
    """Every loose name of a system: labels, aliases and its jurisdiction's names."""
    e = lexicon.entities.get(iri)
    if e is None:
        return set()
    names = [*e.labels.values(), *e.aliases]
    j = lexicon.entities.get(e.jurisdiction)
    if j is not None:
        names += [*j.labels.values(), *j.aliases]
    return {loose(n) for n in names}


def same_systems(expected: list[str], answered: list[dict], lexicon: Lexicon) -> bool:
    """Each expected name matches exactly one answered system and every answered system is expected."""
    pool = [names_of(e["iri"], lexicon) for e in answered]
    used = set()
    for name in expected:
        # "Korea ETS (K-ETS)": the name, or the acronym in its parentheses, is one of the system's names.
        forms = {loose(name)} | {loose(f) for f in re.split(r"\s*[(（]\s*|\s*[)）]\s*", name) if f.strip()}
        hits = [i for i, names in enumerate(pool) if forms & set(names) and i not in used]
        if not hits:
            return False
        used.add(hits[0])
    return len(used) == len(pool)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", str(text))


def correct(row: dict, result: dict, lexicon: Lexicon) -> bool:
    """Whether ``result`` (``QA.ask``) answers question ``row`` of a tests/data question file."""
    answer = result.get("answer") or {}
    kind = row["kind"]
    if kind == "systems":
        return answer.get("kind") == "systems" and same_systems(row["answer"], answer.get("systems", []), lexicon)
    if kind == "count":
        return answer.get("count") == row["answer"][0]
    if kind == "literal":
        values = {loose(v) for v in answer.get("values", [])}
        if not row["answer"]:
            # Nothing in the texts answers it: right only when no value is given (an abstention).
            return not values
        # As score.py reads a literal: an accepted answer is one of the values or inside one ("1500" in "约1500个").
        return any(loose(a) in values or any(loose(a) in v for v in values) for a in row["answer"])
    passages = result.get("passages") or []
    if not passages:
        return False
    texts = [passages[0], *passages[0].get("translations", [])]
    for lang, words in (("en", row.get("answer", [])), ("zh", row.get("answer_zh", []))):
        joined = "".join(_squash(t["text"]) for t in texts if t.get("lang") == lang)
        if words and all(_squash(w) in joined for w in words):
            return True
    return False
