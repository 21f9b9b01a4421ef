"""Ingest report files: text -> passages -> systems and facts -> merged entities.

Editions of the same report (``icap-2025-zh`` and ``icap-2025-en``, or any
one Chinese and one English file given together) are aligned so that each
system becomes one entity with labels in both languages.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

from ingest import vocab
from ingest.align import align_passages, align_systems
from ingest.clean import IngestError
from ingest.document import describe, edition_key
from ingest.extract import DocumentFacts, Extractor, slug
from ingest.formats import read_sources
from ingest.model import Entity, GraphFact, Ingested, SourceDocument
from ingest.passages import split_text

ID = "https://etskg.org/id/"
ENTITY_RELATIONS = {"jurisdiction", "linked_with", "linkage_planned", "linkage_ended"}
BUNDLED = Path(__file__).resolve().parent / "corpus"


def bundled_corpus() -> list[Path]:
    return sorted(BUNDLED.glob("*.txt"))


def read_documents(paths: list[str | Path], progress: Callable[[str], None] = lambda _: None, date: str = ""):
    """Read and extract each file; errors name the file and stop before anything is written."""
    docs = []
    for path, doc, read in read_sources(paths):
        text = read.text
        progress(f"read {path.name}")
        passages = split_text(text, doc)
        progress(f"extracted {path.name}")
        facts = Extractor(passages).run()
        read.locate(passages)
        read.locate(f.evidence for f in facts.facts)
        info = describe(doc, text, passages[0].lang, date)
        source = SourceDocument(doc, info.lang, str(path), hashlib.sha1(text.encode()).hexdigest(), len(text),
                                info.date, info.series, info.edition, read.kind)
        docs.append((source, facts))
    return docs


def pair_editions(docs) -> list[tuple[DocumentFacts, DocumentFacts]]:
    """Pairs (reference edition, other edition) of the same report."""
    en = [f for s, f in docs if f.lang == "en"]
    zh = [f for s, f in docs if f.lang == "zh"]
    pairs = []
    for z in zh:
        same = [e for e in en if edition_key(e.doc) == edition_key(z.doc)]
        if not same and len(en) == 1 and len(zh) == 1:
            same = en
        if same:
            pairs.append((same[0], z))
    return pairs


def heading_places(facts: DocumentFacts) -> dict[str, str]:
    """Passage id -> the vocabulary place its paragraph describes (minted places do not compare across languages)."""
    return {s.passage: s.jurisdiction for s in facts.systems.values()
            if s.role == "primary" and s.passage and not s.jurisdiction.startswith("minted:")}


def ingest_files(paths: list[str | Path], progress: Callable[[str], None] = lambda _: None, date: str = "") -> Ingested:
    """``date``: the publication date of every file (``etskg ingest --date``), else each file's own."""
    docs = read_documents(paths, progress, date)
    if not docs:
        raise IngestError("no documents to ingest")
    canonical: dict[tuple[str, str], str] = {}  # (doc, local key) -> canonical key
    aligned: dict[str, list[str]] = {}
    for left, right in pair_editions(docs):
        pairs = align_passages(left.passages, right.passages, heading_places(left), heading_places(right))
        for a, b in pairs:
            aligned.setdefault(a, []).append(b)
            aligned.setdefault(b, []).append(a)
        for rkey, lkey in align_systems(left, right, pairs).items():
            canonical[(right.doc, rkey)] = canonical.get((left.doc, lkey), lkey)
        progress(f"aligned {left.doc} with {right.doc}: {len(pairs)} passages")
    order = sorted(docs, key=lambda d: d[1].lang != "en")
    for _, facts in order:
        for key in facts.systems:
            canonical.setdefault((facts.doc, key), key if facts.lang == "en" or (facts.doc, key) in canonical else f"{facts.doc}/{key}")
    return build(order, canonical, aligned)


def system_iri(key: str) -> str:
    base = key.split("/", 1)[-1].removeprefix("sys:")
    if base.startswith("minted:"):
        base = base.removeprefix("minted:")
    return ID + "system/" + slug(base.replace("#", "-"))


def jurisdiction_iri(place: str) -> str:
    return ID + "jurisdiction/" + slug(place.removeprefix("minted:"))


def build(docs, canonical, aligned) -> Ingested:
    entities: dict[str, Entity] = {}
    facts: dict[tuple[str, str, str], GraphFact] = {}
    passages = []
    iri_of: dict[tuple[str, str], str] = {}
    for _, f in docs:
        for key, s in f.systems.items():
            iri_of[(f.doc, key)] = system_iri(canonical[(f.doc, key)])
    for source, f in docs:
        for key, s in f.systems.items():
            iri = iri_of[(f.doc, key)]
            ent = entities.setdefault(iri, Entity(iri, "System", {}))
            ent.labels.setdefault(f.lang, s.names[0])
            extra = [n for n in s.names[1:] if n != ent.labels[f.lang]]
            ent.aliases.setdefault(f.lang, [])
            ent.aliases[f.lang] += [n for n in extra if n not in ent.aliases[f.lang]]
            # A jurisdiction the vocabulary does not know is named after its system's canonical IRI,
            # so that both editions' headings ("Kestria", "凯斯特里亚") give one jurisdiction.
            place = s.jurisdiction if not s.jurisdiction.startswith("minted:") else "minted:" + iri.rsplit("/", 1)[-1]
            jiri = jurisdiction_iri(place)
            ent.jurisdiction = ent.jurisdiction or jiri
            ent.region = ent.region or s.region
            if s.passage:
                ent.passages.append(s.passage)
            jur = entities.setdefault(jiri, Entity(jiri, "Jurisdiction", {}))
            known = vocab.places().get(s.jurisdiction)
            if known:
                for lang, names in known.names.items():
                    jur.labels.setdefault(lang, names[0])
                    jur.aliases.setdefault(lang, names[1:])
            else:
                jur.labels.setdefault(f.lang, s.jurisdiction_name)
        for fact in f.facts:
            subject = iri_of[(f.doc, fact.system)]
            if fact.relation == "jurisdiction":
                value = entities[subject].jurisdiction
            elif fact.relation in ("linked_with", "linkage_planned", "linkage_ended"):
                value = iri_of.get((f.doc, fact.value))
                if value is None or value == subject:
                    continue
            else:
                value = fact.value
            gf = facts.setdefault((subject, fact.relation, value), GraphFact(subject, fact.relation, value, []))
            if not any(e.doc == fact.evidence.doc for e in gf.evidence):
                gf.evidence.append(fact.evidence)
        mentioned = {}
        for key, s in f.systems.items():
            if s.passage:
                mentioned.setdefault(s.passage, []).append(iri_of[(f.doc, key)])
        for pid, keys in f.mentioned.items():
            for key in keys:
                if (f.doc, key) in iri_of:
                    mentioned.setdefault(pid, []).append(iri_of[(f.doc, key)])
        for p in f.passages:
            p.aligned = aligned.get(p.id, [])
            p.entities = list(dict.fromkeys(mentioned.get(p.id, [])))
            passages.append(p)
    # Every statement is kept, disagreeing ones included: which one holds, and
    # when, is decided over the documents' dates in kg/views.py.
    return Ingested([s for s, _ in docs], passages, list(entities.values()), list(facts.values()))
