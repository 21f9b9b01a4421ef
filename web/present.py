"""Turning graph and search records into what templates show: labels, links, marked text.

Templates stay free of logic and autoescape everything: text that needs
marking (search highlights, evidence inside its sentence) is handed over as
``[(text, marked)]`` segments, never as HTML.
"""
from __future__ import annotations

from urllib.parse import unquote

from ingest.vocab import sections
from kg.namespaces import ID, RELATIONS, concept_iri, short
from web.i18n import label

ID_BASE = str(ID)


def local_href(iri: str) -> str:
    """Where an IRI is shown: entity IRIs resolve on this service under /id/, others link out."""
    if iri.startswith(ID_BASE):
        return "/id/" + iri[len(ID_BASE):]
    return iri


def passage_id(iri: str) -> str:
    """The passage id of a passage IRI (``.../id/passage/icap-2025-en:p071`` -> ``icap-2025-en:p071``)."""
    return unquote(iri.rsplit("/passage/", 1)[-1])


def segments(text: str, spans) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, marked) at the [start, end) ``spans`` (sorted, not overlapping)."""
    out, at = [], 0
    for start, end in spans:
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        if start > at:
            out.append((text[at:start], False))
        out.append((text[start:end], True))
        at = end
    if at < len(text):
        out.append((text[at:], False))
    return out


def mark_phrase(text: str, phrase: str) -> list[tuple[str, bool]]:
    """``text`` with the first occurrence of ``phrase`` marked (nothing marked if absent)."""
    at = text.find(phrase) if phrase else -1
    return segments(text, [(at, at + len(phrase))] if at >= 0 else [])


def section_label(slug: str, lang: str) -> str:
    """The report's own heading for a section slug, in ``lang``."""
    term = sections().get(slug)
    return (term.label(lang) or term.label("en")) if term else slug


def value_label(relation: str, value, labels: dict[str, dict[str, str]], lang: str) -> tuple[str, str | None]:
    """(text, link) for the value of a fact as ``kg.export`` gives it."""
    kind = RELATIONS[relation].kind
    if kind == "entity":
        return label(value["labels"], lang, value["iri"]), local_href(value["iri"])
    if kind == "concept":
        # A concept links to the systems that share it.
        text = label(labels.get(str(concept_iri(relation, value))), lang, value.replace("_", " "))
        return text, f"/systems?{relation}={value}"
    if relation == "offset_limit_pct":
        return f"{value}%", None
    return str(value), None


def relation_label(relation: str, labels: dict[str, dict[str, str]], lang: str) -> str:
    """The ontology's label of a relation's property, in ``lang``."""
    return label(labels.get(str(RELATIONS[relation].prop)), lang, relation.replace("_", " "))


def cell(term) -> dict:
    """One SPARQL result term for an HTML table: compact text, link, language tag."""
    if term is None:
        return {"text": "", "href": None, "lang": None}
    kind = type(term).__name__
    if kind == "URIRef":
        iri = str(term)
        return {"text": short(term), "href": local_href(iri) if iri.startswith(ID_BASE) else None, "lang": None}
    return {"text": str(term), "href": None, "lang": getattr(term, "language", None)}


def evidence_sentence(evidence: dict, passages: dict) -> dict:
    """The sentence an evidence span sits in, the span marked, and a link to the passage in context.

    Evidence offsets are into the source file; a passage's sentences carry
    the same offsets and their cleaned text, in which the evidence text is
    found again to be marked.
    """
    pid = passage_id(evidence["passage"]) if evidence.get("passage") else ""
    passage = passages.get(pid)
    text = evidence["text"]
    for sentence in passage.sentences if passage is not None else []:
        if sentence.start <= evidence["start"] < sentence.end and evidence["text"] in sentence.text:
            text = sentence.text
            break
    href = None
    if pid:
        href = f"/id/passage/{pid}?start={evidence['start']}&end={evidence['end']}#evidence"
    return {"doc": evidence["doc"], "segments": mark_phrase(text, evidence["text"]), "href": href,
            "lang": passage.lang if passage is not None else None,
            "page": evidence.get("page"), "element": evidence.get("element", "")}
