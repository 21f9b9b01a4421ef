"""Align two editions of one report passage by passage, for search.

Editions are aligned on what survives translation: the place a paragraph is
about (an id that is the same in every language), the section it stands in,
its order, and the numbers and years it states.
"""
from __future__ import annotations

import re

from ingest.model import Passage

NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in NUMBER.findall(text) if len(n) > 1 or n != "1"}


# Two documents translate each other when most of the numbers either states are stated by both. Measured on
# the project's own texts: translations share 0.73-0.95 of their numbers, unrelated documents of the corpus
# (same places, same years) at most 0.47; a few shared numbers (years) prove nothing.
MIN_SHARED_NUMBERS = 5
MIN_NUMBER_SHARE = 0.6
ZH_TO_EN_CHARS = (2.0, 4.5)  # English takes two to four and a half characters for one Chinese character


def profile(text: str) -> tuple[int, set[str]]:
    """What ``translation_score`` compares of a document: its length and its numbers."""
    return len(text), numbers(text)


def translation_score(en: tuple[int, set[str]], zh: tuple[int, set[str]]) -> float:
    """Share of two documents' numbers (``profile``) that both state; 0 unless they can be one text in two languages."""
    (en_len, ne), (zh_len, nz) = en, zh
    if not ZH_TO_EN_CHARS[0] <= en_len / max(1, zh_len) <= ZH_TO_EN_CHARS[1]:
        return 0.0
    shared = len(ne & nz)
    if shared < MIN_SHARED_NUMBERS:
        return 0.0
    share = shared / len(ne | nz)
    return share if share >= MIN_NUMBER_SHARE else 0.0


def similarity(a: Passage, b: Passage, place_a: str | None, place_b: str | None) -> float:
    if place_a and place_b:
        return 2.0 if place_a == place_b else 0.0
    na, nb = numbers(a.text), numbers(b.text)
    score = len(na & nb) / len(na | nb) if na | nb else 0.0
    ratio = min(len(a.text), len(b.text) * 2.2) / max(len(a.text), len(b.text) * 2.2) if a.lang == "en" else \
        min(len(a.text) * 2.2, len(b.text)) / max(len(a.text) * 2.2, len(b.text))
    return score + 0.3 * ratio


def align_passages(left: list[Passage], right: list[Passage], place_left: dict[str, str],
                   place_right: dict[str, str]) -> list[tuple[str, str]]:
    """Monotone alignment of passages section by section (dynamic programming).

    ``place_left``/``place_right`` map a passage id to the place it is about,
    for places whose id is the same in both languages.
    """
    place_of = {**place_left, **place_right}
    pairs = []
    for section in dict.fromkeys(p.section for p in left):
        a = [p for p in left if p.section == section]
        b = [p for p in right if p.section == section]
        if a and b:
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

