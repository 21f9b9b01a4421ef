"""Align two editions of one report: passages to passages, systems to systems.

Editions are aligned on what survives translation: the jurisdiction a
paragraph is about (through the vocabulary's translations of place names),
the section it stands in, its order, and the numbers and years it states.
A system the vocabulary does not know is matched through the paragraph that
describes it, so it ends up as one entity with a label in each language.
"""
from __future__ import annotations

import re

from ingest.extract import DocumentFacts
from ingest.model import Passage

NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in NUMBER.findall(text) if len(n) > 1 or n != "1"}


def vocabulary_place(place: str | None) -> bool:
    """Places known to the vocabulary compare across languages; minted ones do not."""
    return bool(place) and not place.startswith("minted:")


def similarity(a: Passage, b: Passage, place_a: str | None, place_b: str | None) -> float:
    if vocabulary_place(place_a) and vocabulary_place(place_b):
        return 2.0 if place_a == place_b else 0.0
    na, nb = numbers(a.text), numbers(b.text)
    score = len(na & nb) / len(na | nb) if na | nb else 0.0
    ratio = min(len(a.text), len(b.text) * 2.2) / max(len(a.text), len(b.text) * 2.2) if a.lang == "en" else \
        min(len(a.text) * 2.2, len(b.text)) / max(len(a.text) * 2.2, len(b.text))
    return score + 0.3 * ratio


def align_passages(left: DocumentFacts, right: DocumentFacts) -> list[tuple[str, str]]:
    """Monotone alignment of passages section by section (dynamic programming)."""
    place_of = {}
    for facts in (left, right):
        for s in facts.systems.values():
            if s.role == "primary" and s.passage:
                place_of[s.passage] = s.jurisdiction
    pairs = []
    sections = [s for s in dict.fromkeys(p.section for p in left.passages)]
    for section in sections:
        a = [p for p in left.passages if p.section == section]
        b = [p for p in right.passages if p.section == section]
        if not a or not b:
            continue
        pairs += _dp(a, b, place_of)
    return pairs


def _dp(a: list[Passage], b: list[Passage], place_of: dict[str, str]) -> list[tuple[str, str]]:
    n, m = len(a), len(b)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    back = [[None] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            sim = similarity(a[i - 1], b[j - 1], place_of.get(a[i - 1].id), place_of.get(b[j - 1].id))
            options = [(score[i - 1][j], "up"), (score[i][j - 1], "left")]
            if sim > 0.25:
                options.append((score[i - 1][j - 1] + sim, "diag"))
            score[i][j], back[i][j] = max(options, key=lambda x: x[0])
    pairs, i, j = [], n, m
    while i > 0 and j > 0:
        move = back[i][j]
        if move == "diag":
            pairs.append((a[i - 1].id, b[j - 1].id))
            i, j = i - 1, j - 1
        elif move == "up":
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def align_systems(left: DocumentFacts, right: DocumentFacts, passage_pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Map right-edition system keys to left-edition keys where both describe the same system."""
    mapping = {}
    for key in right.systems:
        if key in left.systems and not key.startswith("sys:minted:"):
            mapping[key] = key
    by_passage_left = {}
    for s in left.systems.values():
        if s.passage:
            by_passage_left.setdefault((s.passage, s.role), s.key)
    pair = dict((b, a) for a, b in passage_pairs)
    for key, s in right.systems.items():
        if key in mapping or not s.passage:
            continue
        other = pair.get(s.passage)
        if other and (other, s.role) in by_passage_left:
            mapping[key] = by_passage_left[(other, s.role)]
    return mapping
