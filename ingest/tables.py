"""Text tables: rows of cells split by "｜", "|" or tabs, under a header row that names the columns.

A status report often sets its systems out in a table ("体系｜启动时间｜覆盖范围",
"System | Launched | Sectors"). A row says nothing in words: what a cell
means comes from its column's header. This stage finds the tables of a
document and gives, for each row line, its cells and their headers, so that
the entity stage can read the first cell as the system the row is about and
the relation stage can read each cell as "header: value" (a factsheet line).

The header is the last line with two or more separators and no figures
before the rows; it may sit in a note above the table ("说明：各列依次为
体系｜状态｜启动时间"), of which only the words next to the separators count.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.clean import TABLE_SEP as SEP
from ingest.model import Passage



# The rule a Markdown table draws under its header ("|---|:---:|").
RULE = re.compile(r"[\s|｜\t:：\-—–=+]+")


# A column of codes ("system_id", "market_id", "编号") keys the rows; the names stand in the column after it.
ID_HEADER = re.compile(r"(?i:[\w ]*\bid|\w*_id|id_\w*|code|key|no\.?|#)|编号|代码|序号|編號|代碼")


@dataclass
class Row:
    passage: str
    start: int  # of the row line in the passage text
    cells: list[tuple[int, int]]  # spans in the passage text
    headers: list[str]  # the header of each cell ("" where the header has fewer columns)

    @property
    def name(self) -> int:
        """The cell that names the row's market: the first one past any column of codes."""
        i = 0
        while i + 1 < len(self.cells) and ID_HEADER.fullmatch(self.headers[i].strip()):
            i += 1
        return i


def cell_spans(line: str, base: int = 0) -> list[tuple[int, int]]:
    seps = list(SEP.finditer(line.rstrip()))
    # Markdown's outer bars ("| EU ETS | 2005 |") open and close the row; they part no cells.
    if seps and seps[0].start() == 0 and "\t" not in seps[0].group():
        pos, seps = seps[0].end(), seps[1:]
    else:
        pos = 0
    end = len(line.rstrip())
    if seps and seps[-1].end() == end and "\t" not in seps[-1].group():
        end, seps = seps[-1].start(), seps[:-1]
    spans = []
    for m in seps:
        spans.append((base + pos, base + m.start()))
        pos = m.end()
    spans.append((base + pos, base + end))
    return spans


def _labels(line: str) -> list[str]:
    parts = SEP.split(line.strip().strip("|｜").strip())
    # "说明：各列依次为 体系" / "抵销规则；“—”表示未规定。": the words at the separators are the labels.
    parts[0] = re.split(r"[\s:：，,]", parts[0].strip())[-1]
    parts[-1] = re.split(r"[；;。.，,（(]", parts[-1].strip())[0]
    return [p.strip() for p in parts]


def csv_spans(line: str, base: int = 0) -> list[tuple[int, int]] | None:
    """The fields of a comma-separated line, quotes left out ('CA,"Cap-and-Trade Program",2013-01'), or None when
    the line is no such record: fewer than three fields, or a quote left open."""
    spans, i, n = [], 0, len(line.rstrip())
    while True:
        if line.startswith('"', i):
            j = line.find('"', i + 1)
            while j != -1 and line.startswith('"', j + 1):  # "" stands for one quote inside a field
                j = line.find('"', j + 2)
            if j == -1 or (j + 1 < n and line[j + 1] != ","):
                return None
            spans.append((base + i + 1, base + j))
            i = j + 1
        else:
            j = line.find(",", i)
            j = n if j == -1 or j > n else j
            spans.append((base + i, base + j))
            i = j
        if i >= n:
            return spans if len(spans) >= 3 else None
        i += 1


# A CSV header names its columns in a word or a few ("system_id", "first_compliance", "Offset limit (%)").
CSV_LABEL = re.compile(r"[^\s,.;:!?。]+(?: [^\s,.;:!?。]+){0,4}")


def csv_rows(p: Passage) -> dict[tuple[str, int], Row]:
    """The records of a comma-separated block in a passage: a header line of short labels, then lines with as many
    fields. Prose with commas has neither the labels nor the repeated count of fields."""
    rows: dict[tuple[str, int], Row] = {}
    header: list[str] | None = None
    pos = 0
    for line in p.text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        spans = csv_spans(line, start)
        if spans is None:
            header = None
        elif header is not None and len(spans) == len(header):
            rows[(p.id, start)] = Row(p.id, start, spans, header)
        else:
            labels = [p.text[a:b].strip() for a, b in spans]
            header = labels if all(CSV_LABEL.fullmatch(x) for x in labels) else None
    return rows


def document_tables(passages: list[Passage]) -> dict[tuple[str, int], Row]:
    """(passage id, row line start) -> the row, for every data row of every text table."""
    rows: dict[tuple[str, int], Row] = {}
    for p in passages:
        rows.update(csv_rows(p))
    header: list[str] | None = None
    used = False  # rows seen under the current header
    for p in passages:
        table_lines = 0
        pos = 0
        lines = p.text.split("\n")
        for i, line in enumerate(lines):
            start, pos = pos, pos + len(line) + 1
            if len(SEP.findall(line.strip())) < 2:
                continue
            table_lines += 1
            if RULE.fullmatch(line):
                continue  # "--- | --- | ---": the rule under a header, not a header of its own
            # A header names its columns without figures, unless a rule underlines it: "| Cap 2025 (MtCO2e) |".
            if not re.search(r"\d", line) or (i + 1 < len(lines) and RULE.fullmatch(lines[i + 1])):
                header, used = _labels(line), False
                continue
            if header is None:
                continue
            spans = cell_spans(line, start)
            rows[(p.id, start)] = Row(p.id, start, spans, [header[i] if i < len(header) else "" for i in range(len(spans))])
            used = True
        if not table_lines and used:
            header = None  # prose after the rows ends the table
    return rows
