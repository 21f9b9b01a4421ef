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



@dataclass
class Row:
    passage: str
    start: int  # of the row line in the passage text
    cells: list[tuple[int, int]]  # spans in the passage text
    headers: list[str]  # the header of each cell ("" where the header has fewer columns)


def cell_spans(line: str, base: int = 0) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in SEP.finditer(line):
        spans.append((base + pos, base + m.start()))
        pos = m.end()
    spans.append((base + pos, base + len(line.rstrip())))
    return spans


def _labels(line: str) -> list[str]:
    parts = SEP.split(line.strip())
    # "说明：各列依次为 体系" / "抵销规则；“—”表示未规定。": the words at the separators are the labels.
    parts[0] = re.split(r"[\s:：，,]", parts[0].strip())[-1]
    parts[-1] = re.split(r"[；;。.，,（(]", parts[-1].strip())[0]
    return [p.strip() for p in parts]


def document_tables(passages: list[Passage]) -> dict[tuple[str, int], Row]:
    """(passage id, row line start) -> the row, for every data row of every text table."""
    rows: dict[tuple[str, int], Row] = {}
    header: list[str] | None = None
    used = False  # rows seen under the current header
    for p in passages:
        table_lines = 0
        pos = 0
        for line in p.text.split("\n"):
            start, pos = pos, pos + len(line) + 1
            if len(SEP.findall(line.strip())) < 2:
                continue
            table_lines += 1
            if re.fullmatch(r"[\s|｜\t:：\-—–=+]+", line):
                continue  # "--- | --- | ---": the rule under a header, not a header of its own
            if not re.search(r"\d", line):
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
