"""Read a report text (any format: ingest.formats) and undo what PDF extraction did to it, keeping offsets.

PDF text breaks lines inside sentences and even inside words (hard in the
Chinese edition), splits paragraphs at page ends, and leaves page furniture
("目录 18 ...") in the flow. Every cleaned string here comes with an
``origin`` list: ``origin[i]`` is the offset in the original text of cleaned
character ``i``, so any span found in cleaned text maps back to the file.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path


class IngestError(Exception):
    """A document that cannot be ingested; the message is shown to the user as is."""


ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
SPACES = " \t\u3000\u00a0\r\f\v"
TERMINAL = "。！？!?；;"
PAGE_FURNITURE = re.compile(r"^(Contents|目录)\s*\d+\s")
# A page number on a line of its own, set off as one ("— 12 —", "·3·", "-2-", "Page 4 of 9", "第3页"): a bare figure on a
# line is an infographic's ("23%" / "of global emissions").
PAGE_NUMBER = re.compile(r"^(?:[-–—·•－]\s*\d{1,4}\s*[-–—·•－]|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
                         r"|第\s*\d{1,4}\s*页(?:\s*共\s*\d{1,4}\s*页)?)$", re.I)
# A table of contents' entry: a title, a dot leader and its page ("Scope ........ 4", "一、进展…………1").
TOC_ENTRY = re.compile(r"(?:\.{4,}|…{2,}|·{4,}|_{4,}|-{4,})\s*\d{1,4}\s*$")
# A running header or footer: the report's title and its page number set apart by a wide gap ("Annual Report
# 2024–25          Page 4 of 9", "4          Progress Report – July 2025").
WIDE_GAP = re.compile(r"(?<=\S)[ \t\u3000]{3,}(?=\S)")
# A footnote marker glued to the word it annotates ("since 2022¹", "市场①"): no part of the word or its figures.
FOOTNOTE_MARK = set("¹²³⁴⁵⁶⁷⁸⁹⁰") | {chr(c) for c in range(0x2460, 0x2474)}
LIGATURES = {chr(c) for c in range(0xFB00, 0xFB07)}
RARE = ZERO_WIDTH | FOOTNOTE_MARK | LIGATURES  # the characters Clean.add drops or expands
# A line that begins an item of its own, whatever the line above: a bullet or a page's footnote text ("¹ See …",
# "① 参见…"); a figure or table caption ("Figure 3 …", "Table 2.1 …", "图1 …", "表3-1 …") is a line of its own.
BULLET = "•●■□▪◆◇○◦►▶➢➤✓✔-*·"
ITEM_START = re.compile(rf"^(?:[{re.escape(BULLET)}]\s|[{''.join(sorted(FOOTNOTE_MARK))}]\s*\S)")
CAPTION = re.compile(r"^(?:(?i:Figure|Fig\.|Table|Chart|Exhibit|Box)\s+(?:\d+(?:\.\d+)*|[IVX]+)[.:]?\s+[A-Z(\"“]"
                     r"|[图表圖]\s*[\dA-ZＡ-Ｚ]+(?:[.．\-–－]\d+)*\s)")
# A numbered English section heading on a line of its own ("2.1 Scope", "3. LINKING WITH THE EU"): a few words and no
# sentence's punctuation.
SECTION_EN = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z][^.,;:!?]{0,60}$")
LIST_LINE_MAX = 24  # a Chinese body line holds ~38 characters; list items are short
PROSE_LINE_MIN = 28
# A text table's column separator ("体系｜启动时间", "System | Launched"); ingest.tables reads the cells.
TABLE_SEP = re.compile(r"\s*[｜|\t]\s*")
KEY_VALUE = re.compile(r"^\s*[-•*·]?\s*[^\s：:，,。.;；]{1,14}(?:\s[^\s：:，,。.;；]{1,14}){0,3}\s*[：:]\s*\S")


def read_document(path: str | Path) -> str:
    """A document's text, whatever its format (see ingest.formats), or raise IngestError with one clear sentence."""
    from ingest.formats import read_source

    return read_source(path).text


def decode_text(raw: bytes, path: Path) -> str:
    """Decode a text file's bytes, or raise IngestError with one clear sentence."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    elif b"\x00" in raw[:4096]:
        raise IngestError(f"{path}: binary data, not a text, HTML or PDF file")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise IngestError(
                f"{path}: not UTF-8 text (byte {err.start}); convert it first, "
                "e.g. iconv -f GBK -t UTF-8"
            ) from None
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v")
    if controls > len(text) * 0.01:
        raise IngestError(f"{path}: binary data, not a text, HTML or PDF file")
    if not any(ch.isalnum() for ch in text):
        raise IngestError(f"{path}: no text in the file")
    return text


def is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


def detect_language(text: str) -> str:
    letters = [ch for ch in text[:20000] if ch.isalpha()]
    cjk = sum(1 for ch in letters if is_cjk(ch))
    return "zh" if letters and cjk / len(letters) > 0.2 else "en"


def fold(ch: str) -> str:
    """One character in, one character out: full-width forms to ASCII, so offsets stay 1:1. Chinese punctuation, the
    full-width per cent sign and the table bar stay as written: passages show them, and a reader quoting a passage
    ("上限为10％", "深圳｜2013年6月") finds the characters of the file."""
    if "\uff01" <= ch <= "\uff5e" and ch not in "（）：，；！？％｜":
        return chr(ord(ch) - 0xFEE0)
    return ch


@dataclass
class Clean:
    """Cleaned text with, per character, its offset in the original document."""

    text: str = ""
    origin: list[int] = field(default_factory=list)

    def add(self, chars: str, start: int) -> None:
        for i, ch in enumerate(chars):
            if ch in RARE:
                if ch in ZERO_WIDTH or (ch in FOOTNOTE_MARK and i and not chars[i - 1].isspace()
                                        and not (ch in "²³" and chars[i - 1] == "m")):  # "m²" is a unit
                    continue
                if ch in LIGATURES:  # "ﬁ", "ﬂ": the letters it joins, each from its one character
                    for letter in unicodedata.normalize("NFKC", ch):
                        self.text += letter
                        self.origin.append(start + i)
                    continue
            # "深 圳 试 点 覆 盖 电 力": a PDF that spaces out Chinese characters one by one breaks no words (Chinese has
            # no spaces between them); a lone space after "第三条" or between columns' runs of spaces is kept.
            if (ch == " " and self.text and is_cjk(self.text[-1]) and i + 1 < len(chars) and is_cjk(chars[i + 1])
                    and (i >= 2 and chars[i - 2] == " " or i + 2 < len(chars) and chars[i + 2] == " ")):
                continue
            self.text += fold(ch)
            self.origin.append(start + i)

    def add_joiner(self, joiner: str, at: int) -> None:
        if joiner:
            self.text += joiner
            self.origin.append(at)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of cleaned span [start, end)."""
        if end <= start:
            at = self.origin[min(start, len(self.origin) - 1)]
            return at, at
        return self.origin[start], self.origin[end - 1] + 1

    def sub(self, start: int, end: int) -> "Clean":
        return Clean(self.text[start:end], self.origin[start:end])


@dataclass
class Line:
    start: int  # offset of the first non-space character
    text: str  # without surrounding white space
    indented: bool


@dataclass
class Block:
    """Consecutive lines that belong together: a paragraph, a heading or a list."""

    lines: list[Line]
    kind: str = "prose"  # prose | list | table | heading | furniture

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].start + len(self.lines[-1].text)

    @property
    def flat(self) -> str:
        return "".join(line.text for line in self.lines)


# The dots a dashboard or a form runs from a field to its value ("Status ............ In force").
LEADER = re.compile(r"(?<=[\w)）]) ?(?:\.{3,}|…{2,}|·{3,}) ?(?=\S)")


# A field of a JSON-like record ('"first_compliance": "2013-01",') or an item of its list ('"power",').
JSON_FIELD = re.compile(r'"(?P<key>[^"\n]{1,40})"\s*:\s*(?P<value>.*)$|"(?P<item>[^"\n]*)"\s*,?\s*[\]}]?\s*,?$')


BRACES = re.compile(r"[\[\]{},\s]+")


def unquote_field(text: str) -> str:
    """A JSON-like field read as a "key: value" line: its quotes, braces, brackets and closing comma become spaces and
    the key's underscores spaces too, so that offsets stay 1:1 ('"limit_pct": 8,' reads 'limit pct  : 8 ')."""
    m = JSON_FIELD.fullmatch(text)
    if not m:
        return text
    if m.group("item") is not None:
        return re.sub(r'["\],}]', " ", text)
    key = m.group("key").replace("_", " ") + "  "  # the line opens with the key's first letter, as a label does
    value = re.sub(r'["\[\]{}]|,\s*$', lambda v: " " * len(v.group()), m.group("value"))
    return key + text[m.end("key") + 1:m.start("value")] + value


def split_lines(text: str) -> list[Line | None]:
    """Lines with their offsets; None stands for a blank line."""
    out: list[Line | None] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip(SPACES + "".join(ZERO_WIDTH))
        if stripped:
            lead = raw.index(stripped[0])
            out.append(Line(pos + lead, stripped, lead > 0))
        else:
            out.append(None)
        pos += len(raw) + 1
    return out


def joiner(left: str, right: str) -> str:
    """What stands between two lines once the hard break is removed."""
    if not left or not right:
        return ""
    if is_cjk(left[-1]) or is_cjk(right[0]):
        return ""
    return " "


def squash(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFKC", text)).lower()


def build_blocks(text: str, lang: str, titles: set[str]) -> list[Block]:
    """Group lines into blocks: paragraphs re-joined across page breaks, headings, lists.

    ``titles`` are squashed section headings the reports use; a line that is one
    of them always stands alone.
    """
    groups: list[list[Line]] = []
    current: list[Line] = []
    lines = split_lines(text)
    furniture = running_furniture(lines)
    # Running headers, footers and contents entries are read as if they were not there: a paragraph a page break
    # cut goes on after them.
    lines = [line for line in lines if line is None or id(line) not in furniture]
    for line in lines:
        if line is not None:
            # A leader of dots reads as the colon it stands for, spaces filling the rest so that offsets stay 1:1
            # (after the furniture is known: the filled line's wide gap is no running header's).
            line.text = unquote_field(LEADER.sub(lambda m: ":" + " " * (len(m.group()) - 1), line.text, count=1))
    # A JSON record's lines of braces and brackets part its fields as blank lines do.
    lines = [None if line is not None and BRACES.fullmatch(line.text) else line for line in lines]
    alone: set[int] = set()  # ids of lines that are a block of their own, whatever comes before or after them
    for i, line in enumerate(lines):
        starts_paragraph = line is not None and lang == "zh" and line.indented
        is_title = line is not None and squash(line.text) in titles
        own = line is not None and (section_line(lines, i, lang) or bool(CAPTION.match(line.text)))
        # A bullet or a footnote under a finished sentence is no part of that paragraph; under a heading or another
        # item it goes on the list.
        item = (line is not None and bool(ITEM_START.match(line.text)) and bool(current)
                and current[-1].text[-1] in TERMINAL + "." and not ITEM_START.match(current[-1].text))
        if line is None or starts_paragraph or is_title or PAGE_FURNITURE.match(line.text) or own or item:
            if current:
                groups.append(current)
            current = []
            if line is None:
                continue
            if is_title or PAGE_FURNITURE.match(line.text) or own:
                groups.append([line])
                if own:
                    alone.add(id(line))
                continue
        current.append(line)
    if current:
        groups.append(current)
    tables: set[int] = set()  # ids of the header lines of flattened tables
    if lang == "zh":
        groups = [part for group in groups for part in split_flat_table(group, tables)]
    groups = [part for group in groups
              for part in ([group] if id(group[0]) in tables else split_title_prefix(group, titles))]
    groups = [part for group in groups for part in ([group] if id(group[0]) in tables else split_short_head(group, lang))]

    blocks: list[Block] = []
    for group in groups:
        block = Block(group, "table" if id(group[0]) in tables else classify(group, lang, titles))
        prev = blocks[-1] if blocks else None
        if (
            prev is not None
            and prev.kind == "prose"
            and block.kind in ("prose", "list")
            and not group[0].indented
            and id(group[0]) not in alone
            and id(prev.lines[-1]) not in alone
            and not ITEM_START.match(group[0].text)
            # A factsheet's "Field: value" lines begin a block of their own, however the paragraph above ends.
            and not KEY_VALUE.match(group[0].text)
            and not numbered_head(prev.lines, group, lang)
            and continues(prev.lines[-1].text, group[0].text, lang)
        ):
            prev.lines.extend(group)
            continue
        blocks.append(block)
    return blocks


def running_furniture(lines: list[Line | None]) -> set[int]:
    """Ids of the lines a PDF's pages print around the text: page numbers ("— 12 —", "Page 4 of 9"), contents entries
    with their dot leaders, and a running header or footer, which sets its parts apart by a wide gap and comes back
    page after page with only its page number changed."""
    out: set[int] = set()
    seen: dict[frozenset[str], list[int]] = {}
    for n, line in enumerate(lines):
        if line is None:
            continue
        if PAGE_NUMBER.match(line.text) or TOC_ENTRY.search(line.text):
            out.add(id(line))
        elif WIDE_GAP.search(line.text):
            seen.setdefault(frozenset(re.sub(r"\d+", "#", part) for part in WIDE_GAP.split(line.text)), []).append(n)
    for at in seen.values():
        # Table rows repeat their layout on lines next to each other; a page's header comes back pages apart.
        if len(at) >= 2 and all(b - a > 2 for a, b in zip(at, at[1:])):
            out.update(id(lines[n]) for n in at)
    return out


def section_line(lines: list[Line | None], i: int, lang: str) -> bool:
    """Whether line ``i`` is a numbered section heading ("2.1 Scope", "１ 引言", "二、GX排放交易制度") standing on its own
    line: after a blank line, a finished sentence or another heading, and no wrapped line of a sentence (the line
    below does not go on in lower case and, in Chinese, runs well longer than it)."""
    text = lines[i].text
    prev = lines[i - 1] if i else None
    after = lines[i + 1] if i + 1 < len(lines) else None
    if prev is not None and prev.text[-1] not in TERMINAL + ".:：" and not section_line_text(prev.text, lang):
        return False
    if not section_line_text(text, lang):
        return False
    if after is not None and ITEM_START.match(after.text):
        return False  # a heading over its items stays with them
    if lang == "zh":
        return after is None or len(text) < 0.8 * len(after.text)
    return after is None or not after.text[:1].islower()


def section_line_text(text: str, lang: str) -> bool:
    if lang == "zh":
        return numbered_heading(text)
    return bool(SECTION_EN.match(text)) and len(text.split()) <= 9


CELL = re.compile(r"[^ \u3000]+")
CELL_SPACE = re.compile(r"\S[ \u3000]+\S")
SENTENCE_STOP = re.compile(r"[。；;]")
# A line break inside a cell of a flattened table: after or before an enumeration's comma ("钢铁、石化、/航空").
CELL_WRAP_LEFT = "、，,/"
CELL_WRAP_RIGHT = "、，,)）"


Cell = list[tuple[int, str]]  # a cell's pieces (offset, text): a cell a line break cut has two


def flat_table_cells(group: list[Line]) -> list[list[Cell]] | None:
    """A Chinese table that PDF extraction flattened into runs of cells one space apart ("行业 单位数 排放量" above
    "陶瓷 41 382 纺织印染 27 156", or all on one line): its rows of cells, the header first; else None.

    Chinese writes no space inside a cell, so the cells can be counted; read on across line breaks (a break after an
    enumeration's comma is inside a cell), they fill rows as wide as the header. The header is the cells before the
    first row's label, the cell before the first figure; every row after it opens with a label of no figures."""
    cells: list[Cell] = []
    for line in group:
        if SENTENCE_STOP.search(line.text) or not (is_cjk(line.text[0]) or line.text[0].isdigit()):
            return None
        for m in CELL.finditer(line.text):
            piece = (line.start + m.start(), m.group())
            if cells and m.start() == 0 and (cells[-1][-1][1][-1] in CELL_WRAP_LEFT or m.group()[0] in CELL_WRAP_RIGHT):
                cells[-1].append(piece)
            else:
                cells.append([piece])
    figures = [bool(re.search(r"\d", "".join(text for _, text in cell))) for cell in cells]
    if True not in figures:
        return None
    n = figures.index(True) - 1
    head_line = len(CELL.findall(group[0].text))
    # A header line of its own holds the header and no more.
    if n < 2 or len(cells) % n or len(cells) < 3 * n or head_line < n or n > 8:
        return None
    rows = [cells[i:i + n] for i in range(0, len(cells), n)]
    if any(figures[i] for i in range(0, len(cells), n)):
        return None
    return rows


def split_flat_table(group: list[Line], tables: set[int]) -> list[list[Line]]:
    """A flattened table (flat_table_cells) inside a group of lines is a block of its own, from its header line (one
    of spaced cells) to its last row, within a run of lines that hold no sentence; the id of its header line goes into
    ``tables``."""
    k = 0
    while k < len(group):
        end = k  # the run of lines from k that hold no sentence
        while end < len(group) and not SENTENCE_STOP.search(group[end].text):
            end += 1
        for start in range(k, end):
            if not CELL_SPACE.search(group[start].text):
                continue
            # the table may stop short of the run, above a note or a source line
            for stop in range(end, start, -1):
                if flat_table_cells(group[start:stop]):
                    tables.add(id(group[start]))
                    return [part for part in (group[:start], group[start:stop], group[stop:]) if part]
        k = end + 1
    return [group]


def split_title_prefix(group: list[Line], titles: set[str]) -> list[list[Line]]:
    """A heading broken over lines and run into the next line ("全球碳市场年/度回顾/概述...")."""
    for k in range(1, min(len(group), 3)):
        if squash("".join(line.text for line in group[:k])) in titles:
            return [group[:k], group[k:]]
    return [group]


def split_short_head(group: list[Line], lang: str) -> list[list[Line]]:
    """A short Chinese line with no punctuation above a paragraph ("启动" / "该市于2020年…") is the paragraph's
    heading: a wrapped line runs the page's full width, so joining the two would run the heading into the
    first sentence ("启动该市于2020年…")."""
    # A numbered heading ("一、基本情况", "（二）覆盖范围", "3.2 连接") is one as well: its number's mark is no
    # punctuation of a sentence.
    head = ENUMERATOR_ZH.sub("", group[0].text) if lang == "zh" else group[0].text
    if (lang == "zh" and len(group) >= 2 and len(group[0].text) <= 12 and len(group[1].text) > len(group[0].text)
            and head and not re.search(r"[，。；：、,.;:！？!?（）()「」“”]", head)):
        return [group[:1], group[1:]]
    # A numbered one may carry a colon or a comma ("二、国内：扩围后的第一次履约", "三、海外：日本与韩国"): its number
    # says it is a heading, and a line that ends no sentence, well short of the line below, is not a wrapped one.
    if (lang == "zh" and len(group) >= 2 and numbered_heading(group[0].text)
            and len(group[0].text) < 0.8 * len(group[1].text)):
        return [group[:1], group[1:]]
    # An English one: a few capitalised words, no sentence's punctuation, well short of a paragraph's first line that
    # does not go on in lower case ("Chair's foreword" / "This was the third …").
    if (lang == "en" and len(group) >= 2 and len(group[0].text.split()) <= 5 and len(group[0].text) < 0.5 * len(group[1].text)
            and group[0].text[0].isupper() and not re.search(r"[.,;:!?]", group[0].text) and not group[1].text[:1].islower()):
        return [group[:1], group[1:]]
    return [group]


def numbered_heading(text: str) -> bool:
    """A numbered Chinese heading line ("二、国内：扩围后的第一次履约", "（三）覆盖范围"): its number's mark opens it, it is
    short and it ends no sentence."""
    return bool(ENUMERATOR_ZH.match(text)) and len(text) <= 30 and not re.search(r"[。；！？!?;.]\s*$", text)


def numbered_head(block: list[Line], after: list[Line], lang: str) -> bool:
    """"二、棠桥试点：抵销比例下调，物流企业正式纳入" alone above a blank line: a numbered Chinese line shorter than the
    lines of the block after it is that block's heading, not a paragraph a page break cut (whose line runs the page's
    full width)."""
    return (lang == "zh" and len(block) == 1 and bool(ENUMERATOR_ZH.match(block[0].text))
            and len(block[0].text) < 0.8 * max(len(line.text) for line in after))


ENUMERATOR_ZH = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+(?:\.\d+)*[.、]?\s|"
                           r"第[一二三四五六七八九十百\d]+[章节部分]\s*)")


def classify(group: list[Line], lang: str, titles: set[str]) -> str:
    flat = "".join(line.text for line in group)
    if PAGE_FURNITURE.match(group[0].text):
        return "furniture"
    if squash(flat) in titles or (len(group) == 1 and squash(group[0].text) in titles):
        return "heading"
    longest = max(len(line.text) for line in group)
    # Bulleted items, one a line (a wrapped item's continuation goes on in clean_block).
    if sum(bool(ITEM_START.match(line.text)) for line in group) * 2 >= len(group):
        return "list"
    # A factsheet's "名称：…" / "Launched: …" lines: one item per line, however long their values run.
    if len(group) >= 3 and sum(bool(KEY_VALUE.match(line.text)) for line in group) * 3 >= len(group) * 2:
        return "list"
    # A text table ("体系｜启动时间｜覆盖范围"): one row per line.
    if len(group) >= 2 and sum(len(TABLE_SEP.findall(line.text)) >= 2 for line in group) * 2 >= len(group):
        return "list"
    if lang == "zh":
        if (longest >= PROSE_LINE_MIN and len(group) > 1) or (longest >= 20 and "，" in flat) or (flat[-1] in TERMINAL and len(flat) > 30):
            return "prose"
        return "list"
    # A line that ends one sentence and breaks off the next ("… with the EU ETS. The" / "Authority has …") is prose,
    # whether the rest follows on the next line or after a page break.
    if len(group) == 1 and (len(flat) >= 90 or (flat[-1] in ".!?" and len(flat) > 40) or broken_off(flat)):
        return "prose"
    # Hard-wrapped prose: a line that stops mid-sentence and a next line that goes on in lower case.
    if any(a.text[-1] not in TERMINAL + ".:：" and (b.text[:1].islower() or broken_off(a.text)) for a, b in zip(group, group[1:])):
        return "prose"
    return "list"


def broken_off(line: str) -> bool:
    return line[-1].isalpha() and bool(re.search(r"[.!?] [A-Z]", line))


# Reference marks a reference work puts after a sentence's stop ("…市场。[1]", "…in 2018.[3][4]"): the sentence has
# ended all the same.
FOOTNOTE_MARKS = re.compile(r"(?:\[\d{1,3}\]|\[注\s*\d{1,3}\]|\[citation needed\])+$")


def continues(last_line: str, next_line: str, lang: str) -> bool:
    """Whether a paragraph cut by a page break goes on in the next block."""
    last_line = FOOTNOTE_MARKS.sub("", last_line) or last_line
    if last_line[-1] in TERMINAL or last_line[-1] in ".:：":
        return False
    if lang == "zh":
        return len(last_line) >= 20
    return next_line[:1].islower()


def clean_block(block: Block, lang: str, names: tuple[str, ...] = ()) -> Clean:
    """Join a block's lines.

    Prose lines are joined as one paragraph. List lines stay one per line,
    except where the PDF broke an item over two lines: a Chinese line with no
    figures that runs into a line which does not begin a new known name.
    """
    out = Clean()
    if block.kind == "table":
        # One row a line, cells apart by tabs (ingest.tables reads them), each separator at the gap it stands for.
        for r, row in enumerate(flat_table_cells(block.lines) or []):
            for c, cell in enumerate(row):
                if r or c:
                    out.add_joiner("\t" if c else "\n", cell[0][0] - 1)
                for at, text in cell:
                    out.add(text, at)
        return out
    lines = block.lines
    for i, line in enumerate(lines):
        if i:
            prev = lines[i - 1]
            gap = prev.start + len(prev.text)
            # A bulleted item wrapped over lines: its next line goes on in lower case.
            wrapped = (bool(ITEM_START.match(lines[0].text)) and line.text[:1].islower()
                       and prev.text[-1] not in TERMINAL + ".:：")
            if block.kind == "prose" or wrapped or broken_item(prev.text, line.text, names):
                if HYPHEN_BREAK.search(prev.text) and line.text[:1].isalpha():
                    # "emis-/sions": one word the line break cut, read whole; a compound's hyphen ("cap-and-/trade",
                    # "GX-/ETS") stays, with no space after it.
                    if WORD_BROKEN.search(prev.text) and line.text[:1].islower():
                        out.text, out.origin = out.text[:-1], out.origin[:-1]
                    out.add(line.text, line.start)
                    continue
                out.add_joiner(joiner(prev.text, line.text), gap)
            else:
                out.add_joiner("\n", gap)
        out.add(line.text, line.start)
    return out


HYPHEN_BREAK = re.compile(r"[^\W\d_]-$")
# The last word of a line broken by a hyphen: letters only, no hyphen of its own before.
WORD_BROKEN = re.compile(r"(?<![\w-])[A-Za-z]?[a-z]+-$")


def broken_item(left: str, right: str, names: tuple[str, ...]) -> bool:
    if not (is_cjk(left[-1]) and is_cjk(right[0])):
        return False
    if re.search(r"[\d%]", left) or left.startswith(("•", "+", "*")) or KEY_VALUE.match(right) or len(TABLE_SEP.findall(left)) >= 2:
        return False  # a new "label：value" line begins a new item; a table's header or row is one line
    return not right.startswith(names)
