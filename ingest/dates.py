"""Dates in running text, at the precision the text gives, resolved against the document date.

"16 July 2021", "July 2021", "mid-2025", "fiscal year 2025", "the first day
of the year", "last month", "2021年7月16日", "今年1月1日", "明年1月", "后年",
"昨（9）日": each becomes a ``DateMention`` with a year and, where stated or
resolvable, a month. Ranges ("2024-2026", "2027至2033年") are marked so that
they are not read as a single start.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS_EN = {m[:3].lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"], 1)}
MONTHS_EN["sept"] = 9
MONTH_NAMES = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
YEAR = r"(?:19|20)\d\d"


@dataclass(frozen=True)
class Day:
    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def value(self) -> str:
        """The precision facts keep: year, or year-month."""
        return f"{self.year:04d}" if self.month is None else f"{self.year:04d}-{self.month:02d}"

    @classmethod
    def of(cls, iso: str) -> "Day | None":
        m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", iso or "")
        if not m:
            return None
        return cls(int(m.group(1)), int(m.group(2)) if m.group(2) else None, int(m.group(3)) if m.group(3) else None)

    def key(self) -> tuple[int, int, int]:
        return self.year, self.month or 0, self.day or 0

    def after(self, other: "Day") -> bool:
        """Strictly later, comparing only the precision both have."""
        if self.year != other.year:
            return self.year > other.year
        if self.month is None or other.month is None:
            return False
        if self.month != other.month:
            return self.month > other.month
        if self.day is None or other.day is None:
            return False
        return self.day > other.day


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    day: Day
    range_: bool = False  # "2024-2026": a span of years, not a point
    relative: bool = False  # resolved against the document date


# Numbers written as English words, as texts write small counts and spans ("two years", "three installations").
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10}
ZH_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ZH_NUMERAL = re.compile(r"[〇零一二两三四五六七八九十百]+")


def chinese_number(text: str) -> int | None:
    """A number in Chinese numerals: digit by digit ("二〇二六") or by tens and hundreds ("三十五", "一百一十七"); None
    for anything else."""
    if not text or any(ch not in ZH_DIGITS and ch not in "十百" for ch in text):
        return None
    if not re.search("[十百]", text):
        return int("".join(str(ZH_DIGITS[ch]) for ch in text))
    value, digit = 0, None
    for ch in text:
        if ch in "十百":
            value += (1 if digit is None else digit) * (10 if ch == "十" else 100)
            digit = None
        elif digit is not None:
            return None  # two digits in a row inside a number with 十 or 百
        else:
            digit = ZH_DIGITS[ch]
    return value + (digit or 0)


def arabic_dates(text: str) -> tuple[str, list[int]]:
    """``text`` with the Chinese numerals before 年/月/日 written in Arabic ("二〇二六年一月一日" -> "2026年1月1日"), and for
    each character of the result (and its end) its offset in ``text``."""
    out, origin, last = [], [], 0
    for m in re.finditer(ZH_NUMERAL.pattern + r"(?=\s*(?:年|月|日|号|號))", text):
        n = chinese_number(m.group(0))
        if n is None:
            continue
        out.append(text[last:m.start()])
        origin.extend(range(last, m.start()))
        digits = str(n)
        out.append(digits)
        origin.extend([m.start()] * len(digits))
        last = m.end()
    out.append(text[last:])
    origin.extend(range(last, len(text) + 1))
    return "".join(out), origin


def month_of(name: str) -> int:
    return MONTHS_EN[name.lower()[:4] if name.lower().startswith("sept") else name.lower()[:3]]


def parse_day(text: str) -> Day | None:
    """A date given alone ("2015-01-12", "12 January 2015", "2021年7月16日")."""
    text = text.strip()
    m = re.match(r"(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?", text)
    if m:
        return Day(int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)
    m = re.match(r"(\d{4})\s*年\s*(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日)?)?", text)
    if m:
        return Day(int(m.group(1)), int(m.group(2)) if m.group(2) else None, int(m.group(3)) if m.group(3) else None)
    found = find_dates(text, "zh" if re.search(r"[\u4e00-\u9fff]", text) else "en", None)
    return found[0].day if found else None


# English ----------------------------------------------------------------------------------
# "January 1 of last year": the day's year said in words.
_OF_YEAR = r"(?:,?\s+(?:of\s+)?(?P<ry{n}>this|last|next|the\s+(?:same|previous|following))\s+year\b)?"
_STEP_EN = {"this": 0, "the same": 0, "last": -1, "the previous": -1, "next": 1, "the following": 1}
# Words that count from the year the text last named rather than from its date: "the same year", "同年", "次年".
_ANAPHORIC_EN = ("the same", "the previous", "the following")
_ANAPHORIC_ZH = ("同", "次", "当", "當")
_EN = re.compile(
    rf"(?P<dmy>(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{MONTH_NAMES})\.?,?\s+(?P<y1>{YEAR}))"
    rf"|(?P<mdy>(?P<m2>{MONTH_NAMES})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>{YEAR}))"
    rf"|(?P<my>(?P<m3>{MONTH_NAMES})\.?,?\s+(?:of\s+)?(?P<y3>{YEAR}))"
    # "2013-01", "2021-07-16": ISO dates of data exports, read before a span of years ("2019-20") can take them
    rf"|(?P<iso>(?P<y11>{YEAR})-(?P<m11>0[1-9]|1[0-2])(?:-(?P<d11>[0-3]\d))?(?![\d-]))"
    rf"|(?P<range>(?P<y4>{YEAR})\s*(?:-|–|—|to|through|and)\s*(?P<y5>{YEAR}|\d\d)\b)"
    rf"|(?P<fy>(?:fiscal|financial)\s+year\s+(?P<y6>{YEAR})|FY\s?(?P<y7>{YEAR}))"
    rf"|(?P<y>\b{YEAR}\b)"
    rf"|(?P<dm>(?P<d8>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m8>{MONTH_NAMES})\b{_OF_YEAR.format(n=8)})"
    rf"|(?P<md>\b(?P<m9>{MONTH_NAMES})\s+(?P<d9>\d{{1,2}})(?:st|nd|rd|th)?\b{_OF_YEAR.format(n=9)})"
    # "in March last year", "January next year": a month in a year said in words, one date and not two
    rf"|(?P<mry>\b(?-i:(?!may\s))(?P<m10>{MONTH_NAMES})\s+(?:of\s+)?(?P<ry10>this|last|next|the\s+(?:same|previous|following))\s+year\b)"
    r"|(?P<rel>\b(?P<which>this|last|next|the\s+previous|the\s+following|the\s+same)\s+(?P<unit>year|month|week)\b)"
    r"|(?P<first>\bthe\s+(?:first|1st)\s+day\s+of\s+the\s+(?:(?P<fnext>new|next)\s+)?year\b)"
    r"|(?P<wd>\b(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|\btoday\b|\byesterday\b|\btomorrow\b)",
    re.I,
)
_MONTH_ALONE = re.compile(rf"\b(?:in|from|since|by|until|of|last|next|this|early|late|mid-?|end of)\s+(?P<m>{MONTH_NAMES})\b(?!\s*\d)", re.I)
# "May" is also a verb: a month name alone counts only after a preposition.


def _shift(base: Day, months: int) -> Day:
    idx = base.year * 12 + (base.month or 1) - 1 + months
    return Day(idx // 12, idx % 12 + 1)


def _base(which: str, anaphoric: tuple[str, ...], ref: Day, out: list[DateMention], anchor: Day | None) -> Day:
    """The year a relative word counts from: the last one named before it for "the same year", else the text's date."""
    if re.sub(r"\s+", " ", which.lower()) in anaphoric:
        named = [d.day for d in out if not d.relative and not d.range_] or ([anchor] if anchor else [])
        if named:
            return named[-1]
    return ref


def _year_said(which: str, ref: Day, out: list[DateMention], anchor: Day | None) -> int:
    """The year a word names ("this", "last", "the following" year) counted from ``_base``."""
    return _base(which, _ANAPHORIC_EN, ref, out, anchor).year + _STEP_EN[re.sub(r"\s+", " ", which.lower())]


def _year_of_day(text: str, ref: Day, out: list[DateMention]) -> int:
    """The year of a day named without one: the timeline row's ("2005 – Trading opens on 1 January"), else the one
    the sentence named before it to the month ("于当年3月公布，6月18日正式开市"; "2024年排放量下降，3月…" names a year
    of emissions, not the month's), else the text's own."""
    named = [d.day.year for d in out if not d.range_ and d.day.month]
    return _row_year(text) or (named[-1] if named else ref.year)


def _en(text: str, ref: Day | None, anchor: Day | None = None) -> list[DateMention]:
    out = []
    for m in _EN.finditer(text):
        g = m.group
        if g("dmy"):
            d = Day(int(g("y1")), month_of(g("m1")), int(g("d1")))
        elif g("mdy"):
            d = Day(int(g("y2")), month_of(g("m2")), int(g("d2")))
        elif g("my"):
            if g("m3").lower() == "may" and not re.match(r"May\s", g("my")):
                continue
            d = Day(int(g("y3")), month_of(g("m3")))
        elif g("iso") and (g("d11") or g("m11").startswith("0") or int(g("m11")) <= int(g("y11")[2:])):
            d = Day(int(g("y11")), int(g("m11")), int(g("d11")) if g("d11") else None)
        elif g("iso") or g("range"):
            # "2009-10" without a day may be a span of years as well as a month: read as the span, as before.
            out.append(DateMention(m.start(), m.end(), Day(int(g("y11") or g("y4"))), range_=True))
            continue
        elif g("fy"):
            d = Day(int(g("y6") or g("y7")))
        elif g("y"):
            d = Day(int(g("y")))
        elif ref is None:
            continue
        elif g("dm") or g("md"):
            month = month_of(g("m8") or g("m9"))
            which = g("ry8") or g("ry9")
            year = _year_said(which, ref, out, anchor) if which else _year_of_day(text, ref, out)
            d = Day(year, month, int(g("d8") or g("d9")))
        elif g("mry"):  # (not "prices may this year …": the verb)
            d = Day(_year_said(g("ry10"), ref, out, anchor), month_of(g("m10")))
        elif g("rel"):
            which, unit = re.sub(r"\s+", " ", g("which").lower()), g("unit").lower()
            step = _STEP_EN[which]
            if unit == "year":
                d = Day(_year_said(which, ref, out, anchor))
            elif ref.month is None:
                continue
            elif unit == "month":
                # "in the same month": the month the text last named, else the text's own
                base = _base(which, _ANAPHORIC_EN, ref, out, anchor)
                d = _shift(base if base.month else ref, step)
            else:
                d = Day(ref.year, ref.month)
        elif g("first"):
            d = Day(ref.year + (1 if g("fnext") else 0), 1)
        elif g("wd"):
            if ref.month is None:
                continue
            d = Day(ref.year, ref.month)
        else:
            continue
        out.append(DateMention(m.start(), m.end(), d, relative=not any(g(k) for k in ("dmy", "mdy", "my", "fy", "y"))))
    if ref is not None:
        taken = [(d.start, d.end) for d in out]
        for m in _MONTH_ALONE.finditer(text):
            s, e = m.start("m"), m.end("m")
            if not any(a <= s < b for a, b in taken):
                month, year = month_of(m.group("m")), _row_year(text) or ref.year
                # "next January" said in September is the coming year's; "last October" said in March, the past one's
                word = m.group(0).split()[0].lower()
                if word == "next" and ref.month and month <= ref.month:
                    year += 1
                elif word == "last" and ref.month and month >= ref.month:
                    year -= 1
                out.append(DateMention(s, e, Day(year, month), relative=True))
    return sorted(out, key=lambda d: d.start)


# A timeline row: a year, then a dash or colon, then what happened ("2020年 — 3月舉行首次拍賣", "2019: In March, …").
_ROW_YEAR = re.compile(r"^\s*(?:[-•*·▪]\s*)?((?:19|20)\d\d)\s*年?\s*(?:[—–:：|]|-\s)")


def _row_year(text: str) -> int | None:
    """The year a timeline row opens with: a month the row names without a year is in it, not in the document's."""
    m = _ROW_YEAR.match(text)
    return int(m.group(1)) if m else None


# Chinese ----------------------------------------------------------------------------------
_ZH = re.compile(
    r"(?P<range>(?P<r1>(?:19|20)\d\d)\s*(?:年)?\s*(?:-|–|—|至|到|~)\s*(?P<r2>(?:19|20)\d\d)\s*年)"
    # "2022-01-01", "2019-07": the ISO dates of data exports and records
    r"|(?P<iso>(?<![\d-])(?P<iy>(?:19|20)\d\d)-(?P<im>0[1-9]|1[0-2])(?:-(?P<id>[0-3]\d))?(?![\d-]))"
    # "2027年元旦": New Year's Day.
    r"|(?P<ny>(?P<nyy>(?:19|20)\d\d)\s*年\s*元旦)"
    r"|(?P<abs>(?P<y>(?:19|20)\d\d)\s*(?:财|財)?\s*(?:年(?:度)?|(?=[上下]半年|年底|年初|年中))\s*(?:(?P<m>\d{1,2})\s*月\s*(?:份)?(?:(?P<d>\d{1,2})\s*日)?)?)"
    # Taiwan's calendar: 民国 year N is N + 1911 ("民國102年6月18日" = 2013-06-18).
    r"|(?P<roc>(?:民国|民國)\s*(?P<ry>\d{2,3})\s*年\s*(?:(?P<rcm>\d{1,2})\s*月(?:\s*(?P<rcd>\d{1,2})\s*日)?)?)"
    r"|(?P<rel>(?P<which>今|去|明|后|後|前|本|同|上|次|来|当|當)年\s*(?:(?P<rm>\d{1,2})\s*月(?:(?P<rd>\d{1,2})\s*日)?)?)"
    r"|(?P<mon>(?P<mw>上个?|下个?|本|这个|當|当)月)"
    r"|(?P<md>(?<![\d年])(?P<m2>\d{1,2})\s*月\s*(?:(?P<d2>\d{1,2})\s*日)?)"
    r"|(?P<day>昨[（(]?\d{0,2}[）)]?日|昨天|今天|今日|本周|上周|上週|本週|明天|日前|近日)"
)


def _zh(text: str, ref: Day | None, anchor: Day | None = None) -> list[DateMention]:
    out = []
    for m in _ZH.finditer(text):
        g = m.group
        if g("range"):
            out.append(DateMention(m.start(), m.end(), Day(int(g("r1"))), range_=True))
            continue
        if g("iso"):
            out.append(DateMention(m.start(), m.end(), Day(int(g("iy")), int(g("im")), int(g("id")) if g("id") else None)))
            continue
        if g("ny"):
            out.append(DateMention(m.start(), m.end(), Day(int(g("nyy")), 1, 1)))
            continue
        if g("abs"):
            d = Day(int(g("y")), int(g("m")) if g("m") else None, int(g("d")) if g("d") else None)
            out.append(DateMention(m.start(), m.end(), d))
            continue
        if g("roc"):
            d = Day(int(g("ry")) + 1911, int(g("rcm")) if g("rcm") else None, int(g("rcd")) if g("rcd") else None)
            out.append(DateMention(m.start(), m.end(), d))
            continue
        if g("md") and ref is None and _row_year(text):
            # "2013年：深圳试点于6月率先开市": a timeline row's month is in the row's year, whether or not the text
            # says when it was written (a reference entry's "最后编辑于" is no date line).
            d = Day(_row_year(text), int(g("m2")), int(g("d2")) if g("d2") else None)
            out.append(DateMention(m.start(), m.end(), d, relative=True))
            continue
        if ref is None:
            continue
        if g("rel"):
            step = {"今": 0, "本": 0, "同": 0, "当": 0, "當": 0, "去": -1, "上": -1, "前": -2, "明": 1, "次": 1, "来": 1, "后": 2, "後": 2}[g("which")]
            year = _base(g("which"), _ANAPHORIC_ZH, ref, out, anchor).year + step
            d = Day(year, int(g("rm")) if g("rm") else None, int(g("rd")) if g("rd") else None)
        elif g("mon"):
            if ref.month is None:
                continue
            d = _shift(ref, -1 if g("mw").startswith("上") else 1 if g("mw").startswith("下") else 0)
        elif g("md"):
            d = Day(_year_of_day(text, ref, out), int(g("m2")), int(g("d2")) if g("d2") else None)
        else:
            if ref.month is None:
                continue
            d = Day(ref.year, ref.month)
        out.append(DateMention(m.start(), m.end(), d, relative=True))
    return out


def find_dates(text: str, lang: str, ref: Day | None, anchor: Day | None = None) -> list[DateMention]:
    """Dates in ``text``; relative ones only when the document date ``ref`` is known. ``anchor`` is the last
    date the text named before ``text``, what "the same year" / "同年" counts from when ``text`` names none."""
    if lang == "zh":
        arabic, origin = arabic_dates(text)
        found = [DateMention(origin[d.start], origin[d.end - 1] + 1, d.day, d.range_, d.relative)
                 for d in _zh(arabic, ref, anchor)]
    else:
        found = _en(text, ref, anchor)
    # "民國102年6月18日（2013年）": a year in brackets glosses the date before it, and is no date of its own.
    return [d for i, d in enumerate(found)
            if not (i and re.fullmatch(r"\s*[（(]\s*", text[found[i - 1].end:d.start])
                    and found[i - 1].day.year == d.day.year and re.match(r"\s*[）)]", text[d.end:]))]
