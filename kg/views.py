"""Views over time: which of the documents' dated statements hold at a date.

Every document's named graph keeps what it states (plain triples plus their
assertions), whatever later documents say. A *view* picks, for each system
and relation, what the latest document that speaks of that relation states:

- single-valued relations (status, level, design, start year, jurisdiction,
  region) are superseded by the latest document that states them; a start
  restated at a coarser precision ("since 2019" after "April 2019") is the
  same start and keeps the finer value;
- sets (sectors, offset rules, offset limits, planned links) are superseded
  as a whole by a later edition of the same series: a 2026 edition listing
  offset rules replaces the 2025 list; a relation the 2026 edition does not
  mention stays as last stated. Documents of different series (a report
  and a news item) add to each other's lists, since a news item that names
  one sector does not say the others ended;
- a link is a state of a pair of systems: the latest document that says the
  two are linked (``ets:linkedWith``) or that their link ended
  (``ets:linkageEnded``) decides, so one ended link leaves the system's other
  links alone.

Documents are ordered by publication date (``dcterms:issued``; a partial
date "2025" counts from its first day, an undated document comes first).
The language versions of one publication (``edition_key``: icap-2025-en and
icap-2025-zh) are one voice: where they disagree on a single value the one
stated by more versions wins, then the English, then the one stated first,
as the extractor's choice was before. Two different publications of the
same date that disagree are both kept and the view flags the relation
(``?system ets:inConflict ets:status``): nothing is merged silently.

The store's default graph is the current view (``kg.load.refresh_merge``);
``view(statements(...), as_of)`` gives any earlier one.
"""
from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

import pyoxigraph as ox

from ingest.document import edition_key
from kg.namespaces import ETS, PREFIXES, RELATIONS

LINK = str(ETS.linkedWith)
ENDED = str(ETS.linkageEnded)
START = str(RELATIONS["start_year"].prop)
SINGLE = {str(RELATIONS[r].prop) for r in ("jurisdiction", "level", "status", "design", "start_year")} | {str(ETS.region)}
# Properties whose triples in the default graph are the view's, not the merge's.
VIEW_PROPERTIES = [str(r.prop) for r in RELATIONS.values()] + [str(ETS.region)]

_PREFIX_LINES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
_STATEMENTS = _PREFIX_LINES + """
SELECT ?s ?p ?o ?doc ?lang ?date ?series WHERE {
  GRAPH ?g {
    VALUES ?p { %s }
    ?s ?p ?o .
    ?d a ets:Document ; dcterms:identifier ?doc ; dcterms:language ?lang .
    OPTIONAL { ?d dcterms:issued ?date }
    OPTIONAL { ?d ets:series ?series }
  }
}""" % " ".join(f"<{p}>" for p in VIEW_PROPERTIES)
_FIRST_SPANS = _PREFIX_LINES + """
SELECT ?s ?p ?o ?doc (MIN(?start) AS ?first) WHERE {
  GRAPH ?g {
    ?a a ets:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; ets:start ?start ;
       prov:wasDerivedFrom ?d .
    ?d dcterms:identifier ?doc .
  }
} GROUP BY ?s ?p ?o ?doc"""


@dataclass(frozen=True)
class Statement:
    """One document's statement of one triple; terms as the store gave them (pyoxigraph or rdflib)."""

    s: object
    p: object
    o: object
    doc: str
    lang: str
    date: str  # "YYYY[-MM[-DD]]" or ""
    first: int  # offset of its first evidence span in the document, for the tie-break
    series: str = ""  # the report series of its document ("icap"), "" for a document of no series

    @property
    def publication(self) -> str:
        return edition_key(self.doc)

    @property
    def voice(self) -> str:
        """Who restates a whole list: the editions of one series, else the one publication alone."""
        return "series:" + self.series if self.series else self.publication


@dataclass
class View:
    triples: set = field(default_factory=set)  # (s, p, o) terms
    conflicts: list = field(default_factory=list)  # (s, p, [docs]) of same-date publications that disagree


def text(term) -> str:
    """The IRI or lexical form of a pyoxigraph or rdflib term."""
    value = getattr(term, "value", None)
    return value if isinstance(value, str) else str(term)


def check_date(text: str) -> str:
    """``text`` if it is a real calendar date YYYY, YYYY-MM or YYYY-MM-DD; ValueError (one line) otherwise."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    try:
        if m is None:
            raise ValueError
        datetime.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        raise ValueError(f"{text!r} is not a date YYYY[-MM[-DD]] (e.g. 2026 or 2025-12-31)") from None
    return text


def date_key(date: str) -> str:
    """A partial date counts from its first day, so "2025" sorts before "2025-03-01"; "" before all."""
    if not date:
        return ""
    parts = date.split("-") + ["01", "01"]
    return "-".join(parts[:3])


def _rows(source, sparql: str):
    """Rows of a SELECT as tuples of terms, from a pyoxigraph Store or an rdflib Dataset."""
    if isinstance(source, ox.Store):
        solutions = source.query(sparql)
        names = [v.value for v in solutions.variables]
        return [tuple(sol[n] for n in names) for sol in solutions]
    return [tuple(row) for row in source.query(sparql)]


def statements(source) -> list[Statement]:
    """Every dated statement of a view property in the documents' graphs."""
    first = {(text(s), text(p), text(o), text(doc)): int(text(n)) for s, p, o, doc, n in _rows(source, _FIRST_SPANS)}
    out = []
    for s, p, o, doc, lang, date, series in _rows(source, _STATEMENTS):
        key = (text(s), text(p), text(o), text(doc))
        out.append(Statement(s, p, o, text(doc), text(lang), text(date) if date is not None else "",
                             first.get(key, 1 << 62), text(series) if series is not None else ""))
    return out


def _group(st: Statement) -> tuple:
    p = text(st.p)
    if p in (LINK, ENDED):
        return ("link", frozenset((text(st.s), text(st.o))))
    return ("relation", text(st.s), p)


def view(stated: list[Statement], as_of: str = "") -> View:
    """The triples that hold at ``as_of`` (a date, "" for now) and the conflicts among them."""
    bound = date_key(as_of) if as_of else None
    groups: dict[tuple, list[Statement]] = defaultdict(list)
    for st in stated:
        if bound is None or date_key(st.date) <= bound:
            groups[_group(st)].append(st)
    result = View()
    for key, sts in groups.items():
        if text(sts[0].p) == START:
            sts = _refined(sts)
        if key[0] == "link" or text(sts[0].p) in SINGLE:
            _hold(key, sts, result)
        else:
            # A list (sectors, offset rules) is restated whole only by a later edition of the same series:
            # a news item naming one sector adds to what a report lists instead of replacing it.
            voices: dict[str, list[Statement]] = defaultdict(list)
            for st in sts:
                voices[st.voice].append(st)
            for voiced in voices.values():
                _hold(key, voiced, result)
    result.conflicts = list({(text(s), text(p)): (s, p, docs) for s, p, docs in result.conflicts}.values())
    return result


def _refined(sts: list[Statement]) -> list[Statement]:
    """Starts stated at a coarser precision read as the finer one another text gives and they agree with: a
    report's "running since 2005" after a timeline's "2005年1月" is the same start, known to the month, not a
    newer value that replaces it (nor, on one date, a conflict)."""
    out = []
    for st in sts:
        finer = [x for x in sts if text(x.o).startswith(text(st.o) + "-")]
        if finer:
            best = max(finer, key=lambda x: (len(text(x.o)), date_key(x.date)))
            st = replace(st, o=best.o)
        out.append(st)
    return out


def _hold(key: tuple, sts: list[Statement], result: View) -> None:
    """Add to ``result`` what the latest of ``sts`` (one group's statements) states."""
    latest = max(date_key(st.date) for st in sts)
    now = [st for st in sts if date_key(st.date) == latest]
    by_publication: dict[str, set] = defaultdict(set)
    for st in now:
        by_publication[st.publication].add((st.p, st.o) if key[0] == "link" else st.o)
    if len(by_publication) > 1 and len({frozenset(v) for v in by_publication.values()}) > 1:
        kept = now
        for st in now:
            result.conflicts.append((st.s, st.p, sorted({x.doc for x in now})))
    elif key[0] == "link" or text(now[0].p) in SINGLE:
        kept = [_one_voice(now, key[0] == "link")]
    else:
        kept = now
    for st in kept:
        if text(st.p) == LINK:  # symmetric: both directions, as the loader states them
            result.triples.update({(st.s, st.p, st.o), (st.o, st.p, st.s)})
        elif text(st.p) != ENDED:
            result.triples.add((st.s, st.p, st.o))


def _one_voice(now: list[Statement], link: bool) -> Statement:
    """The value the language versions of one publication agree on, or the one most of them state."""
    votes: dict[object, list[Statement]] = defaultdict(list)
    for st in now:
        votes[text(st.p) if link else text(st.o)].append(st)

    def strength(sts: list[Statement]) -> tuple:
        return (len({st.doc for st in sts}), any(st.lang == "en" for st in sts), -min(st.first for st in sts))

    winner = max(votes.values(), key=strength)
    return min(winner, key=lambda st: (st.lang != "en", st.first))


def current_facts(ingested) -> list:
    """The ``GraphFact``s of an ingest (``ingest.model.Ingested``) that hold now: the store's default graph
    before it is built, for measuring extraction without a store."""
    from ingest.document import date_documents

    date_documents(ingested.documents)
    docs = {d.doc: d for d in ingested.documents}
    stated = []
    for gf in ingested.facts:
        for e in gf.evidence:
            d = docs[e.doc]
            stated.append(Statement(gf.subject, str(RELATIONS[gf.relation].prop), gf.value, d.doc, d.lang, d.date,
                                    e.start, d.series))
    holds = {(s, p, o) for s, p, o in view(stated).triples}
    return [gf for gf in ingested.facts if (gf.subject, str(RELATIONS[gf.relation].prop), gf.value) in holds]
