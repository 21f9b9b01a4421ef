"""What a document is before anything is read out of it: script, publication date, title.

The publication date anchors every relative date in the text ("last month",
"明年1月") and decides status: a start that lies after the document date is
a plan, one before it is history. It comes from ``etskg ingest --date``,
else from the text itself: a ``Date:``/``日期：`` line, a news dateline
("SEOUL, 12 January 2015 —", "新华社北京7月16日电" with the year from the
text), or a report title's year ("Status Report 2025").

Chinese in traditional characters is matched against the simplified forms
of the vocabulary through OpenCC; ``to_simplified`` keeps one character per
character so that offsets stay valid.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.dates import MONTH_NAMES, Day, month_of, parse_day

# A header line that states when the text came out: "Date:", a press release's "For immediate release: 14 May 2026",
# a web page's "Posted on 3 March 2025" or "Last updated: June 2025". Without a colon the date must follow at once,
# so that a sentence opening with such a word ("Updated rules were adopted in 2024") dates nothing.
DATE_LINE = re.compile(
    r"^\s*(?:Date|Dated|Published|Publication date|Released?|Release date|For (?:immediate )?release|Posted"
    r"|(?:Last )?updated|Issued|Embargoed until|Recorded|Broadcast|Aired|Delivered)"
    rf"(?:\s*[:：]|\s+on\s+|\s+(?=\d|{MONTH_NAMES}\b))\s*(?P<en>.+)$"
    r"|^\s*(?:日期|发布日期|發布日期|发布时间|發布時間|时间|時間|更新时间|更新時間|更新日期|发稿时间|發稿時間)\s*[:：]\s*(?P<zh>.+)$",
    re.M | re.I,
)
DATELINE_EN = re.compile(
    # A place in capitals or in capitalised words ("BRUSSELS, 3 March", "Den Haag, 3 March"), not a sentence.
    rf"^(?-i:[A-Z][A-Za-z.'-]*(?: (?:[A-Z][A-Za-z.'-]*|of|de|del|da|la|le|du|al|el))*),\s+(?:(?P<d1>\d{{1,2}})\s+(?P<m1>{MONTH_NAMES})|(?P<m2>{MONTH_NAMES})\.?\s+(?P<d2>\d{{1,2}}),?)\s+(?P<y>\d{{4}})",
    re.M | re.I,
)
DATELINE_ZH = re.compile(r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:电|訊|讯|報導|报道)")
# A header line that ends in the day of its source ("《国际能源周刊》2025年12月8日", "Energy Weekly | 8 December 2025"),
# or holds only a day: the publication's date, not an event's.
# The day may follow the word for publishing it ("2025 edition — last updated 15 May 2025", "…", published 30 June
# 2022") or come before it ("，2024年3月20日发布）").
PUBLISHED_EN = r"(?:last\s+)?(?:updated|published|released|revised|issued)(?:\s+on)?\s+"
# A news site's header line: "2026年08月20日 21:05　来源：新华社" (a time and the source after the day).
SOURCE_DATE = re.compile(rf"(?:^|[》｜|—·，,]\s*)(?P<zh>\d{{4}}年\d{{1,2}}月\d{{1,2}}日)\s*"
                         rf"(?:\d{{1,2}}[:：]\d{{2}}(?:[:：]\d{{2}})?\s*)?(?:(?:发布|發布|更新|出版)\s*[）)]?)?"
                         rf"\s*(?:(?:来源|來源|作者|编辑|編輯|责任编辑|責任編輯)\s*[:：][^\n]*)?$"
                         # "Hosted by the Chamber of Industry, 9 November 2021": a header line that ends in its day
                         rf"|(?:^|[|—·]\s*(?:{PUBLISHED_EN})?|,\s*(?:{PUBLISHED_EN})?)"
                         rf"(?P<en>\d{{1,2}} (?:{MONTH_NAMES}) \d{{4}}|(?:{MONTH_NAMES}) \d{{1,2}}, \d{{4}})\s*$", re.M | re.I)
# A header line that opens with its day and then says what kind of publication it is ("5 May 2026 · Newsletter
# interview", "2026年5月5日｜周刊专访"); the kind word keeps out a timeline's first row ("1 January 2021 — the ETS opens").
PUBLICATION_KIND = (r"(?:newsletter|interview|briefing|bulletin|column|commentary|editorial|op-ed|opinion|blog|podcast|"
                    r"transcript|speech|remarks|statement|press release|news|digest|issue|edition|update|memo|note|"
                    r"专访|访谈|采访|周刊|月刊|简报|快讯|评论|专栏|通讯|新闻稿|声明|讲话|致辞|实录|纪要|综述)")
DAY_FIRST = re.compile(rf"^\s*(?:(?P<en>\d{{1,2}} (?:{MONTH_NAMES}) \d{{4}}|(?:{MONTH_NAMES}) \d{{1,2}}, \d{{4}})"
                       rf"|(?P<zh>\d{{4}}年\d{{1,2}}月\d{{1,2}}日))\s*[·|｜—–]\s*[^.。!?！？\n\d]{{0,40}}?{PUBLICATION_KIND}"
                       rf"[^.。!?！？\n\d]{{0,20}}$", re.M | re.I)
# A law's adoption or promulgation line under its title: "（2025年2月10日…常务会议通过　…令第118号公布）",
# "(Adopted on 3 March 2024 …)": its date is the document's.
ENACTED = re.compile(r"^\s*[（(]\s*(?P<zh>\d{4}年\d{1,2}月\d{1,2}日)[^）)\n]{0,80}?(?:通过|公布|发布|颁布|施行|發布|頒布|通過)"
                     r"|^\s*[（(]\s*(?:Adopted|Enacted|Promulgated|Issued|Made|Published|Signed)(?: on)?\s+(?P<en>[^)\n]{6,30}?\d{4})",
                     re.M | re.I)
TITLE_YEAR = re.compile(r"(?:Status Report|Report|Edition|年度报告|年报|报告)\s*[（(]?\s*((?:19|20)\d\d)|((?:19|20)\d\d)\s*(?:年度|年)?(?:报告|報告|年报|Status Report|Report|Edition)")


@dataclass
class DocumentInfo:
    doc: str
    lang: str  # "en" | "zh"
    script: str  # "Latn" | "Hans" | "Hant"
    date: str  # "YYYY-MM-DD", "YYYY-MM", "YYYY" or "" when neither given nor stated
    date_source: str  # "option" | "text" | ""
    title: str
    series: str = ""  # the report series a document id names ("icap" for icap-2026-en), else ""
    edition: str = ""  # its edition within the series ("2026"), else ""


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s.json")


@lru_cache(maxsize=20000)
def _char_t2s(ch: str) -> str:
    return _t2s().convert(ch)


def to_simplified(text: str) -> str:
    """Traditional -> simplified Chinese, one character for one (phrase conversions that change length are undone).

    A phrase conversion decides only characters that are traditional themselves ("計畫" -> "计划", not "计画"):
    one that is its own simplified form stays, since a phrase read across a word boundary of simplified text
    would change it ("首批覆盖", "first batch covers", read as 批覆 "official reply", became "首批复盖")."""
    out = _t2s().convert(text)
    if len(out) != len(text):
        out = "".join(c if len(c) == 1 else t for t, c in ((t, _t2s().convert(t)) for t in text))
    return "".join(o if _char_t2s(t) != t else t for t, o in zip(text, out))


def detect_script(text: str, lang: str) -> str:
    if lang != "zh":
        return "Latn"
    sample = "".join(ch for ch in text[:20000] if "\u4e00" <= ch <= "\u9fff")
    simplified = to_simplified(sample)
    changed = sum(1 for a, b in zip(sample, simplified) if a != b)
    return "Hant" if sample and changed / len(sample) > 0.03 else "Hans"


def find_date(text: str) -> str:
    """The publication date a text states near its top, or ""."""
    head = text[:1500]
    # A "Date:" line, else a header line ending in its source's day (a whole day only), else a law's adoption line.
    top = "\n".join(head.splitlines()[:5])
    for pattern, where, whole_day in ((DATE_LINE, head, False), (SOURCE_DATE, top, True), (DAY_FIRST, to_simplified(top), True),
                                      (ENACTED, head, False)):
        m = pattern.search(where)
        day = parse_day(m.group("en") or m.group("zh")) if m else None
        if day and (day.day is not None or not whole_day):
            return day.iso()
    m = DATELINE_EN.search(head)
    if m:
        month = month_of(m.group("m1") or m.group("m2"))
        return Day(int(m.group("y")), month, int(m.group("d1") or m.group("d2"))).iso()
    m = DATELINE_ZH.search(head)
    if m:
        year = m.group("y") or _dateline_year(text)
        if year:
            return Day(int(year), int(m.group("m")), int(m.group("d"))).iso()
    m = TITLE_YEAR.search(text[:4000])
    if m:
        return m.group(1) or m.group(2)
    return ""


# A year the text puts ahead of its own date ("预计于2027年完成", "将从2026年起", "到2053年").
AHEAD_ZH = re.compile(r"(?:将|预计|计划|拟|定于|预定|目标|力争|有望|争取|到|至)[^，。；\d]{0,3}$")


def _dateline_year(text: str) -> str | None:
    """The year of a dateline that gives none ("新华社安卡拉7月3日电"): the year before the earliest one the text
    puts ahead of its date, or else the latest one it names; a news story names what is past and what is to come."""
    head = to_simplified(text[:3000])
    ahead, other = [], []
    for m in re.finditer(r"((?:19|20)\d\d)年", head):
        (ahead if AHEAD_ZH.search(head[max(0, m.start() - 8):m.start()]) else other).append(int(m.group(1)))
    if ahead:
        return str(max([min(ahead) - 1] + [y for y in other if y < min(ahead)]))
    return str(max(other)) if other else None


def title_of(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line and not DATE_LINE.match(line):
            return line[:200]
    return ""


LANGUAGE_SUFFIX = re.compile(r"[-_.](zh|en|cn|chs|cht|eng|zh-hans|zh-hant)$", re.I)
EDITION_YEAR = re.compile(r"(?:^|[-_.])((?:19|20)\d\d)(?=$|[-_.])")


def edition_key(doc: str) -> str:
    """A document id without its language suffix: the language versions of one publication share it."""
    return LANGUAGE_SUFFIX.sub("", doc)


def series_edition(doc: str, date: str) -> tuple[str, str]:
    """(series, edition) of a document id that names a year ("icap-2026-en" -> "icap", "2026"), else ("", "").

    The year in the id is the edition; with none, the document is no edition of
    a series, whatever its date.
    """
    key = edition_key(doc)
    m = EDITION_YEAR.search(key)
    if not m:
        return "", ""
    series = (key[: m.start()] + key[m.end():]).strip("-_.") or key
    return series, m.group(1)


def describe(doc: str, text: str, lang: str, date: str = "") -> DocumentInfo:
    stated = "" if date else find_date(text)
    series, edition = series_edition(doc, date or stated)
    return DocumentInfo(doc, lang, detect_script(text, lang), date or stated,
                        "option" if date else ("text" if stated else ""), title_of(text), series, edition)


def date_documents(documents: list, date: str = "") -> None:
    """Complete the publication date, series and edition of ``SourceDocument``s, in place.

    Whatever extractor made them: one that read no date gets ``date`` (the
    ``--date`` option) or what ``describe`` finds in the file. A language
    version that states no date shares the one its other version states
    (the English ICAP edition never prints its year; the Chinese one does),
    and failing that an edition's date is its year.
    """
    from pathlib import Path

    from ingest.clean import read_document

    for d in documents:
        if not d.date:
            info = describe(d.doc, "" if date else read_document(Path(d.path)), d.lang, date)
            d.date, d.series, d.edition = info.date, info.series, info.edition
    for d in documents:
        if not d.date:
            siblings = [o.date for o in documents if o.date and edition_key(o.doc) == edition_key(d.doc)]
            d.date = siblings[0] if siblings else d.edition
