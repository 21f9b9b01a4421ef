"""The records that flow out of ingestion: passages, sentences, systems and facts.

Every record that carries text also carries where that text sits in the
original file (``start``/``end`` are character offsets into the file as read,
so ``original[start:end]`` is the span, line breaks included). Search, Q&A and
the graph all cite through these offsets.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


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

    def to_dict(self) -> dict:
        return asdict(self)

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

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Fact:
    system: str  # key of the system (see ExtractedSystem.key)
    relation: str  # start_year, linked_with, linkage_planned, sector, offset_rule,
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
    vocab_id: str = ""  # vocabulary id when the vocabulary knows the system
