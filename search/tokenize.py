"""Tokenizer for the BM25 index and for query-term highlights.

Chinese runs are segmented with jieba in search mode (overlapping words, so a
query for "俄勒冈" matches a text segmented as "俄勒冈州"); everything else is
split into lower-cased word and number tokens. Both go through one function so
that documents and queries are tokenized the same way, whatever the mix of
scripts. CJK text is never dropped: BM25 over Chinese is only as good as this
segmentation, and an empty token list would silently disable it.

Text is normalized first: NFKC (full-width letters and digits become ASCII),
case folding, traditional Chinese characters folded to simplified (OpenCC,
one character for one, through ``ingest.document.to_simplified``: a query in
either script matches a passage in either), and PDF hard line breaks are joined (no space between two
Chinese characters, one space elsewhere) so a word broken across lines in the
Chinese edition is still one token.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import jieba

from ingest.document import to_simplified

# Han ideographs (basic, extension A, compatibility, extension B+).
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
# CJK punctuation and full-width forms: a line break next to them is a PDF
# artefact too, never a word separator.
_CJK_PUNCT = "\u3000-\u303f\uff00-\uffef"
CJK_RUN = re.compile(f"[{_CJK}]+")
_TOKEN = re.compile(
    rf"(?P<cjk>[{_CJK}]+)"
    r"|(?P<num>\d+(?:[.,]\d+)*)"
    rf"|(?P<word>[^\W\d_{_CJK}]+)"
)
_CJK_OR_PUNCT = re.compile(f"[{_CJK}{_CJK_PUNCT}]")
_BREAK = re.compile(r"[ \t\u3000]*\n\s*")
_SPACES = re.compile(r"\s+")

# Function words only: they carry no topic and would otherwise light up every
# passage in highlights. Chinese has no list: jieba's words are kept as is.
EN_STOPWORDS = frozenset(
    """a an and are as at be been being by can could did do does for from had has have
    how in into is it its of on or s such than that the their them then there these
    they this those to was were what when where which while who whom why will with
    would""".split()
)

# Months as one token in both languages ("3月", "三月", "March" -> "月3"): a Chinese date's month is a number
# and "月", two tokens of which the number matches any figure, so "January 2027" found no "2027年1月".
# English "may" is a month only next to a figure ("1 May", "May 2024"): otherwise a verb.
MONTHS = {name: n for n, name in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
_ZH_MONTH = re.compile(r"(?<![一二三四五六七八九十〇零两])(十[一二]?|[一二三四五六七八九])月")
_ZH_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12}
_NEAR_FIGURE = re.compile(r"\d[\s.,]*$")


def month_token(n: int) -> str:
    """The BM25 token of month ``n`` (1-12), the same for either language's way of writing it."""
    return f"月{n}"


jieba.setLogLevel(60)  # jieba logs its dictionary load to stderr at INFO


def has_cjk(text: str) -> bool:
    """True when ``text`` contains a Han ideograph."""
    return bool(CJK_RUN.search(text))


def cjk_share(text: str) -> float:
    """Share of Han ideographs among the letters of ``text`` (0 when it has none)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if CJK_RUN.match(ch)) / len(letters)


def _joins_without_space(before: str, after: str) -> bool:
    return bool(_CJK_OR_PUNCT.match(before) or _CJK_OR_PUNCT.match(after))


def clean(text: str) -> str:
    """Join hard line breaks and collapse white space, keeping case and width.

    This is the text given to the dense encoder: the model is cased, so only
    the layout artefacts are removed.
    """

    def join(m: re.Match) -> str:
        s, e = m.start(), m.end()
        before = text[s - 1] if s > 0 else " "
        after = text[e] if e < len(text) else " "
        return "" if _joins_without_space(before, after) else " "

    return _SPACES.sub(" ", _BREAK.sub(join, text)).strip()


def normalize(text: str) -> str:
    """Clean, NFKC-normalize, case-fold and simplify ``text`` (the BM25 view of a text)."""
    folded = unicodedata.normalize("NFKC", clean(text)).casefold()
    return to_simplified(folded) if has_cjk(folded) else folded


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch).casefold()


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """``normalize`` that also returns, for each output character, its index in ``text``.

    Used for highlights, which must point into the passage text as stored
    (with its line breaks and full-width characters). Characters are folded
    one by one (cached), then each white-space run becomes one space or, for
    a line break next to Chinese, nothing, as in ``clean``.
    """
    parts = [_fold_char(ch) for ch in text]
    n = len(text)
    for m in _SPACES.finditer(text):
        s, e = m.start(), m.end()
        joined = "\n" in m.group() and _joins_without_space(text[s - 1], text[e]) if 0 < s and e < n else True
        parts[s] = "" if joined else " "
        for i in range(s + 1, e):
            parts[i] = ""
    where = [i for i, part in enumerate(parts) for _ in part]
    folded = "".join(parts)
    return (to_simplified(folded) if has_cjk(folded) else folded), where


def _stem(word: str) -> str:
    """Strip English plural endings (the "S" stemmer of Harman, 1991).

    Enough to match "credits" with "credit" and "regulations" with
    "regulation" without a stemming dependency; it leaves other words alone.
    """
    if len(word) <= 3 or not word.isascii():
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    # "-es" after a sibilant is the plural's own syllable ("taxes", "approaches", "businesses"): both letters go.
    # Before session 17 only the "s" went, and "taxes" ("taxe") never met "tax".
    if word.endswith(("xes", "ches", "shes", "sses", "zzes")):
        return word[:-2]
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if word.endswith("s") and not word.endswith(("us", "ss")):
        return word[:-1]
    return word


@lru_cache(maxsize=4096)
def _segment(run: str) -> tuple[tuple[str, int, int], ...]:
    return tuple(
        (w, s, e) for w, s, e in jieba.tokenize(run, mode="search") if w.strip()
    )


def _spans(norm: str):
    """Yield (token, start, end) over an already normalized text."""
    for m in _TOKEN.finditer(norm):
        kind = m.lastgroup
        s = m.start()
        if kind == "cjk":
            for w, ws, we in _segment(m.group()):
                yield w, s + ws, s + we
            for month in _ZH_MONTH.finditer(m.group()):
                yield month_token(_ZH_NUMERALS[month.group(1)]), s + month.start(), s + month.end()
        elif kind == "num":
            yield m.group().replace(",", ""), s, m.end()
            if norm.startswith("月", m.end()) and m.group().isdigit() and 1 <= int(m.group()) <= 12:
                yield month_token(int(m.group())), s, m.end() + 1
        else:
            word = m.group()
            if word in MONTHS and (word != "may" or _NEAR_FIGURE.search(norm, 0, s) or re.match(r"[\s.,]*\d", norm[m.end():m.end() + 4])):
                yield month_token(MONTHS[word]), s, m.end()
            if word not in EN_STOPWORDS:
                yield _stem(word), s, m.end()


def tokenize(text: str) -> list[str]:
    """BM25 tokens of ``text`` (any mix of Chinese and other scripts)."""
    return [t for t, _, _ in _spans(normalize(text))]


@lru_cache(maxsize=2048)
def token_spans(text: str) -> tuple[tuple[str, int, int], ...]:
    """Tokens of ``text`` with their [start, end) offsets in ``text`` itself.

    Cached: the same passages come back in result lists again and again.
    """
    norm, where = normalize_with_map(text)
    return tuple((tok, where[s], where[e - 1] + 1) for tok, s, e in _spans(norm))


def warm_up() -> None:
    """Load jieba's dictionary now rather than inside the first query (~0.8 s)."""
    jieba.initialize()
