"""Second stage: signals read from the sentences of the fused head of each language.

The first stage (``fusion``) ranks by signals of the whole passage: its encoder
rank, its BM25 rank, the share of the query's terms it holds anywhere. In a
store of many markets the answer is usually within each language's top twenty,
outranked by passages about the same market or the same topic. Two signals
read each head passage's sentences instead:

* ``sentence``: the share of the query's predicate terms (those that are no
  part of a name it mentions), as written or as a translation, that the
  passage's best single sentence holds, each term weighted by its idf and by
  how few passages of the head hold it (``head_weights``).
* ``answer_type``: a query asking *when* wants a sentence with a date, one
  asking *how much / how many / what share* a sentence with a figure that is
  not a year. The signal is the best share (as above) among the sentences
  that hold that kind of value; a query of neither kind gets none.

Each is a share in [0, 1]; ``Searcher`` adds weight x share x a rank-1 score to
the passages of the head (``FusionConfig.rerank_depth``), so the head is
reordered and nothing below it moves up past it. Nothing here is learned from
the queries: the kinds of question are phrasings of either language, the
values are dates and figures as any text writes them. What was measured, and
what did not transfer: bench/README.md "Search, session 16".
"""
from __future__ import annotations

import math
import re

from .tokenize import normalize, tokenize

TIME, AMOUNT = "time", "amount"

# Phrasings that ask for a date or a figure, on the normalized query (case-folded, simplified Chinese).
_ASKS = {
    TIME: re.compile(
        r"\bwhen\b|\bwhat (?:year|date|month|day)\b|\bwhich (?:year|date|month)\b|\bsince when\b|\bhow soon\b"
        r"|何时|什么时候|什么时间|哪年|哪一年|几年|哪个月|几月|哪天|哪一天|何年|日期|时间表|起始时间|开始时间"),
    AMOUNT: re.compile(
        r"\bhow (?:much|many|high|low|large|big)\b|\bwhat (?:share|percentage|proportion|price|rate|level|amount|"
        r"threshold|number)\b|\bwhich (?:threshold|rate|price)\b|\bper ?cent(?:age)?\b|\bthreshold\b|\bprice\b"
        r"|\brate\b|多少|多大|多高|几家|几个|几成|比例|比重|价格|价位|税率|费率|门槛|金额|数量|规模"),
}

# A year: four digits 1900-2099 standing alone; a month: the tokenizer's month token (either language's form).
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_MONTH = re.compile(r"^月\d+$")
# A figure that is not a year: any other number, not part of a name ("CO2", "Phase4") nor a date's month or day
# ("1月", "5日"), or a Chinese numeral with a counter or magnitude.
_NUMBER = re.compile(r"(?<![\d.,a-z])\d+(?:[.,]\d+)*(?![\d月日号])")
_ZH_FIGURE = re.compile(r"[一二两三四五六七八九十百千万亿]+(?:万|亿|家|个|成|倍|吨|元|项|座|类|种)")


def asks(query: str) -> str | None:
    """The kind of value a query asks for: ``TIME``, ``AMOUNT`` or None (a date question is asked first:
    "in which year did the price first exceed" wants the year)."""
    norm = normalize(query)
    for kind in (TIME, AMOUNT):
        if _ASKS[kind].search(norm):
            return kind
    return None


def holds(sentence: str, tokens: set[str]) -> set[str]:
    """The kinds of value a sentence holds: ``TIME`` for a year or a month, ``AMOUNT`` for a number that is
    not a year (a figure, a share, a count) or a Chinese numeral with a counter."""
    kinds = set()
    norm = normalize(sentence)
    if _YEAR.search(norm) or any(_MONTH.match(t) for t in tokens):
        kinds.add(TIME)
    if any(not _YEAR.fullmatch(n.group()) for n in _NUMBER.finditer(norm)) or _ZH_FIGURE.search(norm):
        kinds.add(AMOUNT)
    return kinds


# A sentence ends at a full stop, question or exclamation mark or semicolon of either script (not at a comma:
# a figure and what it measures are often a clause apart).
_SENTENCE_END = re.compile(r"[。！？!?；;]|\.(?:\s|$|[\"”'’)])")


def split_sentences(text: str) -> list[str]:
    """A text cut after each sentence end, empty pieces dropped."""
    pieces, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        pieces.append(text[start:m.end()])
        start = m.end()
    pieces.append(text[start:])
    return [p for p in (p.strip() for p in pieces) if p]


class Sentences:
    """Each passage's sentences as (token set, kinds of value held), made the first time the passage is reranked."""

    def __init__(self, passages) -> None:
        self._passages = passages
        self._cache: dict[int, list[tuple[frozenset[str], frozenset[str]]]] = {}

    def texts(self, i: int) -> list[str]:
        """Passage ``i``'s sentences: ingest's when it gave them (it knows abbreviations), else its text cut at
        sentence ends."""
        p = self._passages[i]
        return [s.text for s in p.sentences if s.text.strip()] or split_sentences(p.text) or [p.text]

    def __call__(self, i: int) -> list[tuple[frozenset[str], frozenset[str]]]:
        out = self._cache.get(i)
        if out is None:
            out = []
            for t in self.texts(i):
                tokens = frozenset(tokenize(t))
                out.append((tokens, frozenset(holds(t, tokens))))
            self._cache[i] = out
        return out


def head_weights(weighted_forms: list[tuple[float, set[str]]], held: list[set[int]]) -> list[float]:
    """Each term's weight times its rarity within the head: log(1 + n / passages of the head holding it).

    Every passage of a language's head is about the query's topic and most hold its common words; what
    separates them is the terms few of them hold. ``held``: for each head passage, the terms it holds."""
    n = len(held)
    return [w * math.log(1 + n / max(1, sum(t in h for h in held))) for t, (w, _) in enumerate(weighted_forms)]


def sentence_shares(sentences, weighted_forms: list[tuple[float, set[str]]], weights: list[float],
                    predicate: list[bool], kind: str | None) -> tuple[float, float, int]:
    """(the best sentence's share of the query's predicate terms, the best share among sentences holding a
    value of ``kind`` (0 without a kind), index of the sentence that gave the latter, else of the best one).

    Shares are of ``weights`` (``head_weights``) over the terms that are no part of a name the query
    mentions (``predicate``): every passage of the head is about the named market; which one says what is
    asked of it is in the other words ("limit", "offsets"). A query of names only gets no share."""
    terms = [t for t, p in enumerate(predicate) if p]
    total = sum(weights[t] for t in terms)
    if not total:
        return 0.0, 0.0, -1
    best = typed = 0.0
    best_at = typed_at = -1
    for n, (tokens, kinds) in enumerate(sentences):
        share = sum(weights[t] for t in terms if weighted_forms[t][1] & tokens) / total
        if share > best:
            best, best_at = share, n
        if kind and kind in kinds and share > typed:
            typed, typed_at = share, n
    return best, typed, typed_at if typed_at >= 0 else best_at
