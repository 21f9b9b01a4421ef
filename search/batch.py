"""Run many queries and emit results in the evaluation's "search results" format.

One output row per input row: ``{"id": ..., "results": [...]}`` where each
result keeps the fields ``score.py retrieval`` reads (text, doc, start, end,
score, translations with lang/doc/start/end/text) plus the searcher's own
explanation fields, so the same file serves scoring and inspection.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from .searcher import Searcher, prepare_query


def run_batch(searcher: Searcher, rows: Iterable[dict], k: int = 5, **search_kwargs) -> Iterator[dict]:
    """Yield ``{"id", "results"}`` for each ``{"id", "query"}`` row, in input order.

    A row whose query is empty gets ``"results": []`` and an ``"error"``
    instead of stopping the whole batch; other errors (a bad filter) stop it,
    since they would fail every row alike. ``search_kwargs`` (lang, doc,
    filters, ...) apply to every query.
    """
    for row in rows:
        try:
            prepare_query(row.get("query"))
        except ValueError as exc:
            yield {"id": row.get("id"), "results": [], "error": str(exc)}
            continue
        yield {"id": row.get("id"), "results": searcher.search(row["query"], k, **search_kwargs)}
