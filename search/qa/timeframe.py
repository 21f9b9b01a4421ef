"""When a question is asked about: now, the state at a past date, what changed, or when something changed.

The graph keeps every edition's dated statements (``kg.views``): its default
graph is the current view, each document's named graph what that document
stated. A question reads as one of

- ``now`` (no time named): the current view;
- ``as_of``: a year without a start verb ("which systems were linked in
  2025?", "X 在2025年的状态是什么", "as of the 2025 report"): the view of
  the editions published by the end of that year;
- ``changes``: what differs between two editions ("what changed since last
  year?", "和上一版相比有什么变化"); ``since`` is the year compared with,
  None for the previous edition;
- ``history``: when a relation of a named system changed ("when did X's
  status change?", "X的状态什么时候变化的").

The wording only chooses the frame; which editions exist, and so which
dates the views are taken at, comes from the documents' dates in the graph
(``editions``). "Is X still linked with Y?" needs no frame of its own: it is
the current view, and a link the editions say ended is cited as such
(``answer.QA._check``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.views import date_key

# Words that ask about a change between editions, not about a state. Other words of change that name
# what the text alone tells ("expanded", "reform", "prices rose") are left to the text answer.
_CHANGE = re.compile(r"\bchang\w*|\bwhat'?s new\b|\bwhat is new\b|\bdifferen\w*\b(?= (?:from|since|compared|between))"
                     r"|\bsince (?:the )?(?:last|previous|prior|preceding) (?:year|report|edition|issue)\b"
                     r"|变化|变了|改变|有何不同|有什么不同|新变化")
# An edition named for comparison: "since last year", "compared with the previous edition", "上一版".
_PREVIOUS = re.compile(r"\b(?:last|previous|prior|preceding) (?:year|report|edition|issue)\b"
                       r"|去年|上一版|前一版|上一期|上一年|上年度|上一份")

_SINCE = re.compile(r"\b(?:since|compared (?:with|to)|than|from)\b|以来|以后|相比|相较|比起|起")


# A date the question stands at: "as of January 2025", "截至2024年底", "到2025年为止". Its year is when the
# question is asked about, even beside a start verb ("截至2024年底有多少个碳市场已经启动"): not a start filter.
_AS_OF = re.compile(r"\b(?:as (?:of|at)|by the (?:end|close) of|at the (?:end|close) of)\s+(?:[a-z]+\s+)?((?:19|20)\d\d)\b"
                    r"|(?:截至|截止到?)\s*((?:19|20)\d\d)\s*年"
                    r"|到\s*((?:19|20)\d\d)\s*年(?:\s*\d{1,2}\s*月)?\s*(?:底|末|[^，,。？?]{0,4}为止)")


def as_of_year(text: str) -> int | None:
    """The year of a date the folded question says it stands at ("as of 2025", "截至2025年1月"), or None."""
    m = _AS_OF.search(text)
    return int(next(g for g in m.groups() if g)) if m else None


def without_change_words(text: str) -> str:
    """``text`` with the words that ask about a change blanked, to see what else it asks about."""
    return _CHANGE.sub(" ", text)


@dataclass(frozen=True)
class Frame:
    kind: str = "now"  # now | as_of | changes | history
    year: int | None = None  # as_of: the year asked about; changes: the year compared with (None: previous edition)
    until: int | None = None  # changes up to a named year ("in 2026", "between 2025 and 2026"): the later one


def read(text: str, years: list[int], dated: bool, asks_when: bool, other_topic: bool) -> Frame:
    """The frame of a folded question whose entity names are blanked out.

    ``years``: the years it names; ``dated``: a year dates a start ("started in 2021"), so it is a filter,
    not a frame; ``asks_when``: it asks for a date; ``other_topic``: it names a topic the graph does not
    model besides the change itself (prices, revenue), which only the text answers.
    """
    if _CHANGE.search(text) and not other_topic:
        if asks_when:
            return Frame("history")
        named = sorted(set(years))
        if len(named) >= 2:
            return Frame("changes", named[0], named[-1])
        if not named or _PREVIOUS.search(text):
            return Frame("changes")
        if _SINCE.search(text):
            return Frame("changes", named[0])  # "since 2025": the view then against now
        return Frame("changes", None, named[0])  # "in 2026": that year's edition against the one before
    if years and not dated:
        return Frame("as_of", years[0])
    return Frame()


def editions(doc_dates: dict[str, str]) -> list[str]:
    """The distinct publication dates of the documents, oldest first (undated documents have none)."""
    return sorted({d for d in doc_dates.values() if d}, key=date_key)


def year_end(year: int) -> str:
    return f"{year}-12-31"


def as_of_date(year: int, dates: list[str]) -> tuple[str, str]:
    """(view date, edition used) for "in YEAR": the view at the end of that year, as a date for the
    named-graph query, or "" when it is the current view (no edition is later); the edition is the
    latest published by then, or the earliest one when none was (the closest the graph has)."""
    if not dates:
        return "", ""
    end = year_end(year)
    by_then = [d for d in dates if date_key(d) <= end]
    edition = by_then[-1] if by_then else dates[0]
    if edition == dates[-1]:
        return "", edition  # the latest edition's view is the current one
    return (end if by_then else edition), edition


def compared(frame: Frame, dates: list[str]) -> tuple[str, str] | None:
    """(earlier, later) view dates a ``changes`` frame compares, or None when the graph has one edition."""
    if len(dates) < 2:
        return None
    if frame.year is None:
        by_then = [d for d in dates if not frame.until or date_key(d) <= year_end(frame.until)]
        return (by_then[-2], by_then[-1]) if len(by_then) >= 2 else None
    later = year_end(frame.until) if frame.until else dates[-1]
    return year_end(frame.year), later
