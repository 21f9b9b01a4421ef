"""Search filters by name: the parameters of /api/search and of ``etskg search --filter KEY=VALUE``.

One parser for both, so the CLI and the API accept the same names, refuse
the same mistakes with the same message and return the same passages:

* ``lang``: ``zh`` or ``en``
* ``section``: a section slug (``review`` also matches ``review/asia-pacific``)
* ``sector``: a sector value of the graph (``power``)
* ``jurisdiction``: a jurisdiction's slug (``korea``) or its IRI

``sector`` and ``jurisdiction`` are facets: ``graph_searcher`` gives the
searcher both (the index keeps each passage's sectors; the jurisdiction of
each system comes from the graph's systems table).
"""
from __future__ import annotations

from collections.abc import Mapping

from kg.namespaces import ID

from .index import SearchIndex
from .searcher import Searcher

FILTERS = ("lang", "section", "sector", "jurisdiction")
FACETS = ("sector", "jurisdiction")


def jurisdiction_iri(value: str) -> str:
    """A jurisdiction given as its IRI or as its slug (``korea``)."""
    return value if value.startswith(str(ID)) else f"{ID}jurisdiction/{value.rsplit('/', 1)[-1]}"


def parse_filters(given: Mapping[str, str]) -> dict:
    """``{"lang", "section", "filters"}``, the keyword arguments of ``Searcher.search``, from filters by name.

    An empty value is no filter (a form's "Any"). ``ValueError`` (one line)
    for a name that is not a filter or a ``lang`` other than zh and en:
    silently ignoring them returned unfiltered or empty results.
    """
    unknown = [name for name in given if name not in FILTERS]
    if unknown:
        raise ValueError(f"unknown filter {unknown[0]!r}: the filters are {', '.join(FILTERS)}")
    lang = given.get("lang") or None
    if lang not in (None, "zh", "en"):
        raise ValueError(f"lang must be zh or en, not {lang!r}")
    facets = {}
    for name in FACETS:
        value = given.get(name)
        if value:
            facets[name] = jurisdiction_iri(value) if name == "jurisdiction" else value
    return {"lang": lang, "section": given.get("section") or None, "filters": facets}


def graph_searcher(index: SearchIndex, systems: list[dict]) -> Searcher:
    """A searcher over ``index`` whose facets add each passage's jurisdictions to the index's own facets.

    ``systems`` are ``kg.export.systems_table`` rows: the index knows each
    passage's systems, the graph each system's jurisdiction.
    """
    facets = index.facets
    jurisdiction_of = {row["iri"]: row["jurisdiction"]["iri"] for row in systems if row["jurisdiction"]}
    passages = {p.id: p for p in index.passages}

    def passage_facets(passage_id: str) -> dict[str, list[str]]:
        own = dict(facets.get(passage_id, {}))
        passage = passages.get(passage_id)
        if passage is not None:
            own["jurisdiction"] = [jurisdiction_of[e] for e in passage.entities if e in jurisdiction_of]
        return own

    return Searcher(index, facets=passage_facets)
