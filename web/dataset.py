"""The SPARQL Protocol's RDF dataset (default-graph-uri, named-graph-uri) applied to a query.

The protocol lets a request name the dataset a query runs on; when it does,
that dataset replaces any FROM / FROM NAMED of the query itself (SPARQL 1.1
Protocol, 2.1.4). ``kg.query.run_query`` takes only a query string, so the
protocol dataset is written into the query as dataset clauses: existing
FROM clauses are removed and ``FROM <g>`` / ``FROM NAMED <g>`` are inserted
where the grammar puts them, just before the WHERE clause (or, for a
DESCRIBE without one, before the solution modifiers).

Finding that place needs a tokenizer that skips strings, IRIs and comments,
not a parser: the query is still parsed, and any syntax error reported, by
Oxigraph.
"""
from __future__ import annotations

import re

from kg.query import SPARQL_TOKEN

_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^<>\"{}|^`\\\s]*")
_FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}
_MODIFIERS = {"GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES"}


class DatasetError(ValueError):
    """A graph named by the protocol is not an absolute IRI."""


def check_iris(iris: list[str], parameter: str) -> None:
    for iri in iris:
        if not _ABSOLUTE_IRI.fullmatch(iri):
            raise DatasetError(f"{parameter} must be an absolute IRI, not {iri!r}")


def _tokens(query: str) -> list[tuple[str, str, int, int]]:
    """(kind, text, start, end) of each token, comments dropped."""
    return [(m.lastgroup, m.group(), m.start(), m.end()) for m in SPARQL_TOKEN.finditer(query) if m.lastgroup != "comment"]


def apply_dataset(query: str, default_graphs: list[str], named_graphs: list[str]) -> str:
    """``query`` with its dataset replaced by the given graphs; unchanged when both lists are empty."""
    if not default_graphs and not named_graphs:
        return query
    check_iris(default_graphs, "default-graph-uri")
    check_iris(named_graphs, "named-graph-uri")
    tokens = _tokens(query)
    i = _query_form(tokens)
    if i is None:
        return query  # not a query form Oxigraph could parse either: let it say why
    remove: list[tuple[int, int]] = []
    insert_at = len(query)
    depth = 0
    i += 1
    if tokens[i - 1][1].upper() == "CONSTRUCT" and i < len(tokens) and tokens[i][1] == "{":
        i = _skip_group(tokens, i)  # the construct template
    while i < len(tokens):
        kind, text, start, _ = tokens[i]
        word = text.upper() if kind == "word" else None
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
        elif depth == 0 and (text == "{" or word == "WHERE" or word in _MODIFIERS):
            insert_at = start
            break
        elif depth == 0 and word == "FROM":
            j = i + 1
            if j < len(tokens) and tokens[j][1].upper() == "NAMED":
                j += 1
            end = tokens[j][3] if j < len(tokens) else len(query)
            remove.append((start, end))
            i = j
        i += 1
    clauses = " ".join([f"FROM <{g}>" for g in default_graphs] + [f"FROM NAMED <{g}>" for g in named_graphs])
    out, last = [], 0
    for start, end in remove:
        out.append(query[last:start])
        last = end
    out.append(query[last:insert_at])
    out.append(f" {clauses} ")
    out.append(query[insert_at:])
    return "".join(out)


def _query_form(tokens) -> int | None:
    """Index of the SELECT/CONSTRUCT/DESCRIBE/ASK token after the prologue."""
    i = 0
    while i < len(tokens):
        text = tokens[i][1].upper()
        if text == "BASE":
            i += 2
        elif text == "PREFIX":
            i += 3
        elif tokens[i][0] == "word" and text in _FORMS:
            return i
        else:
            return None
    return None


def _skip_group(tokens, i: int) -> int:
    """Index just past the ``{ ... }`` group opening at ``i``."""
    depth = 0
    while i < len(tokens):
        if tokens[i][1] == "{":
            depth += 1
        elif tokens[i][1] == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i
