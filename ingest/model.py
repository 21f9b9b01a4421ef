"""The records that flow out of ingestion: passages, sentences, systems and facts.

Every record that carries text also carries where that text sits in the
original file (``start``/``end`` are character offsets into the file as read,
so ``original[start:end]`` is the span, line breaks included). Search, Q&A and
the graph all cite through these offsets. For a PDF or HTML source the "file
as read" is the text ``ingest.formats`` reads out of it, and ``page`` (PDF,
1-based) or ``element`` (HTML, e.g. ``"p[3]"``) say where the span sits in
the document itself.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

ID = "https://etskg.org/id/"  # entities the ingest mints (kg.namespaces.ID as a string)


@dataclass
class Sentence:
    start: int
    end: int
    text: str  # cleaned text: PDF line breaks joined


@dataclass
class Passage:
    id: str  # stable: "<doc>:p<NNN>", NNN the passage's order in the document
    doc: str  # document id, the file name without extension
    lang: str  # "zh" | "en"
    section: str  # slug: foreword, trends, review/europe-central-asia, infographics, ...
    start: int
    end: int
    text: str
    sentences: list[Sentence] = field(default_factory=list)
    heading: str = ""  # "Austria" for a "Austria: ..." paragraph, else ""
    aligned: list[str] = field(default_factory=list)  # passage ids of the other edition
    entities: list[str] = field(default_factory=list)  # IRIs of the systems/jurisdictions it mentions
    origin: list[int] = field(default_factory=list, repr=False)  # per character of text: offset in the file
    page: int | None = None  # PDF sources: the 1-based page the passage starts on
    element: str = ""  # HTML sources: the element of the main content it starts in

    def to_dict(self) -> dict:
        row = asdict(self)
        del row["origin"]
        return row

    @classmethod
    def from_dict(cls, row: dict) -> "Passage":
        row = dict(row)
        row["sentences"] = [Sentence(**s) for s in row.get("sentences", [])]
        return cls(**row)


@dataclass
class Evidence:
    doc: str
    start: int
    end: int
    text: str
    method: str  # which rule found it, e.g. "rule:start_year/launched-in"
    page: int | None = None  # PDF sources: the 1-based page of ``start``
    element: str = ""  # HTML sources: the element of the main content ``start`` lies in

    def to_dict(self) -> dict:
        """The record; ``page`` and ``element`` only where the source has them."""
        row = asdict(self)
        if row["page"] is None:
            del row["page"]
        if not row["element"]:
            del row["element"]
        return row


@dataclass
class Fact:
    system: str  # key of the system (see ExtractedSystem.key)
    relation: str  # start_year, linked_with, linkage_planned, linkage_ended, sector, offset_rule,
    # offset_limit_pct, status, level, design
    value: str  # normalized literal, or the key of another system
    evidence: Evidence

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class ExtractedSystem:
    """A carbon market as one document describes it, before editions are merged."""

    key: str  # document-local key, e.g. "jur:korea" or "name:china-regional-pilot:beijing"
    doc: str
    lang: str
    names: list[str]  # names the text uses, best first
    jurisdiction: str  # jurisdiction key (a vocabulary id, or a slug minted from the text)
    jurisdiction_name: str  # as written in this document
    passage: str = ""  # id of the passage that describes it, if any
    role: str = "primary"  # primary | secondary (a second system of the jurisdiction) | member (of a group) | map
    region: str = ""  # section slug of the region that describes it
    level_hint: str = ""  # level implied by how the heading qualifies the place


@dataclass
class Entity:
    """A system or jurisdiction after both editions are merged: one IRI, labels per language."""

    iri: str
    kind: str  # "System" | "Jurisdiction"
    labels: dict[str, str]  # lang -> preferred label
    aliases: dict[str, list[str]] = field(default_factory=dict)  # lang -> other names
    jurisdiction: str = ""  # systems: IRI of the governing jurisdiction
    region: str = ""  # systems: slug of the report region that describes it, e.g. review/north-america
    passages: list[str] = field(default_factory=list)  # ids of passages that describe it

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class GraphFact:
    """One statement about a system, with the evidence of every document that states it."""

    subject: str  # IRI of the system
    relation: str  # jurisdiction, level, status, design, start_year, linked_with, linkage_planned, linkage_ended,
    # sector, offset_rule, offset_limit_pct
    value: str  # IRI for jurisdiction/linked_with/linkage_planned/linkage_ended, else a normalized literal
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class SourceDocument:
    doc: str  # document id (file stem)
    lang: str
    path: str  # where it was read from
    sha1: str
    chars: int
    # Publication date, "YYYY[-MM[-DD]]" or "" when neither given nor stated: it orders the
    # documents' statements in time (kg/views.py). A document that is one edition of a
    # series ("icap" 2025, 2026, ...) names both; its language versions share them.
    date: str = ""
    series: str = ""
    edition: str = ""
    format: str = "text"  # what it was read from: "pdf" | "html" | "text"


@dataclass
class Ingested:
    """Everything one ingest run produces, ready for the graph and the search index."""

    documents: list[SourceDocument]
    passages: list[Passage]
    entities: list[Entity]
    facts: list[GraphFact]
