"""The systems table of the web pages: filtering, sorting and CSV over ``kg.export.systems_table`` rows.

Filtering and sorting happen on the server from URL parameters, so a
filtered table is a link that can be shared, works without JavaScript and is
what the CSV download (same parameters) contains.

Parameters: ``status``, ``region``, ``level``, ``design``, ``sector``,
``offset_rule`` (each exact, one value), ``start_from`` / ``start_to``
(years, inclusive), ``sort`` (a column key) and ``order`` (asc | desc).
"""
from __future__ import annotations

import csv
import io

from web.i18n import label

FILTERS = ("status", "region", "level", "design", "sector", "offset_rule")
COLUMNS = ("name", "jurisdiction", "status", "region", "level", "design", "start_year", "sectors",
           "offset_rules", "offset_limit_pct", "linkages")
_LIST_FIELD = {"sector": "sectors", "offset_rule": "offset_rules"}


class TableError(ValueError):
    """A filter or sort parameter has a value the table cannot use."""


def _values(row: dict, key: str) -> list[str]:
    value = row.get(_LIST_FIELD.get(key, key))
    if isinstance(value, list):
        return value
    return [value] if value else []


def options(rows: list[dict]) -> dict[str, list[str]]:
    """The values each filter can take, sorted."""
    return {key: sorted({v for row in rows for v in _values(row, key)}) for key in FILTERS}


def _year(text: str | None, name: str) -> int | None:
    if not text:
        return None
    if not text.isdigit() or len(text) != 4:
        raise TableError(f"{name} must be a four-digit year, not {text!r}")
    return int(text)


def filter_rows(rows: list[dict], args) -> list[dict]:
    """The rows that pass every filter given in ``args`` (a mapping of URL parameters)."""
    wanted = {key: args.get(key) for key in FILTERS if args.get(key)}
    start_from = _year(args.get("start_from"), "start_from")
    start_to = _year(args.get("start_to"), "start_to")
    kept = []
    for row in rows:
        if any(value not in _values(row, key) for key, value in wanted.items()):
            continue
        if start_from or start_to:
            year = int(row["start_year"][:4]) if row.get("start_year") else None
            if year is None or (start_from and year < start_from) or (start_to and year > start_to):
                continue
        kept.append(row)
    return kept


def _sort_value(row: dict, column: str, lang: str):
    """The value a row sorts by in ``column``; None for an empty cell."""
    if column == "name":
        return label(row["labels"], lang, row["iri"]).casefold()
    if column == "jurisdiction":
        return label(row["jurisdiction"]["labels"], lang).casefold() if row["jurisdiction"] else None
    if column == "linkages":
        return len(row["linked_with"]) + len(row["linkage_planned"]) or None
    if column == "offset_limit_pct":
        return float(row["offset_limit_pct"]) if row["offset_limit_pct"] else None
    return ", ".join(_values(row, column)) or None


def sort_rows(rows: list[dict], column: str, descending: bool, lang: str) -> list[dict]:
    """Rows ordered by ``column`` (ties by name); empty cells last in either order."""
    if column not in COLUMNS:
        raise TableError(f"cannot sort by {column!r}; columns: {', '.join(COLUMNS)}")
    by_name = sorted(rows, key=lambda r: _sort_value(r, "name", lang))
    filled = [r for r in by_name if _sort_value(r, column, lang) is not None]
    empty = [r for r in by_name if _sort_value(r, column, lang) is None]
    filled.sort(key=lambda r: _sort_value(r, column, lang), reverse=descending)
    return filled + empty


def csv_text(rows: list[dict]) -> str:
    """The rows as CSV (both languages' names, lists joined with ';')."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["iri", "name_en", "name_zh", "jurisdiction", "jurisdiction_en", "jurisdiction_zh", "status",
                     "region", "level", "design", "start_year", "sectors", "offset_rules", "offset_limit_pct",
                     "linked_with", "linkage_planned"])
    for row in rows:
        jurisdiction = row["jurisdiction"] or {"iri": "", "labels": {}}
        writer.writerow([
            row["iri"], row["labels"].get("en", ""), row["labels"].get("zh", ""),
            jurisdiction["iri"], jurisdiction["labels"].get("en", ""), jurisdiction["labels"].get("zh", ""),
            row["status"] or "", row["region"], row["level"] or "", row["design"] or "", row["start_year"] or "",
            ";".join(row["sectors"]), ";".join(row["offset_rules"]), row["offset_limit_pct"] or "",
            ";".join(e["iri"] for e in row["linked_with"]), ";".join(e["iri"] for e in row["linkage_planned"]),
        ])
    return out.getvalue()
