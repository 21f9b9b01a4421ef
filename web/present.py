"""Turning graph and search records into what templates show: labels, links, marked text.

Templates stay free of logic and autoescape everything: text that needs
marking (search highlights, evidence inside its sentence) is handed over as
``[(text, marked)]`` segments, never as HTML.
"""
from __future__ import annotations

import re
from urllib.parse import unquote

from ingest.vocab import sections
from kg.namespaces import ID, RELATIONS, SITE, concept_iri, short
from web.i18n import label

ID_BASE = str(ID)
# How a sentence ends, in either language (a list item or a name does not).
_ENDS_SENTENCE = re.compile(r"[.!?。！？；;:：]\W*$")


def local_href(iri: str) -> str:
    """Where an IRI is shown: the graph's own IRIs (/id/, /vocab/, /ontology) resolve on this service, others link out."""
    if iri.startswith(SITE):
        return "/" + iri[len(SITE):]
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


def mark_phrases(text: str, phrases) -> list[tuple[str, bool]]:
    """``text`` with the first occurrence of each of ``phrases`` marked (absent ones are skipped)."""
    found = sorted((at, at + len(p)) for p in phrases if p and (at := text.find(p)) >= 0)
    return segments(text, found)


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
        return {"text": short(term), "href": local_href(iri) if iri.startswith(SITE) else None, "lang": None}
    return {"text": str(term), "href": None, "lang": getattr(term, "language", None)}


def evidence_sentence(evidence: dict, passages: dict) -> dict:
    """The sentence an evidence span sits in, the span marked, and a link to the passage in context.

    Evidence offsets are into the source file; a passage's sentences carry
    the same offsets and their cleaned text, in which the evidence text is
    found again to be marked. A span no sentence holds whole (a heading's
    name before its paragraph's first sentence) gets the sentence that
    follows it, and a line that is only a name gets the line or sentence
    that says what its list is: evidence is a sentence, never a bare name.
    """
    pid = passage_id(evidence["passage"]) if evidence.get("passage") else ""
    passage = passages.get(pid)
    sentences = passage.sentences if passage is not None else []
    holding = [s for s in sentences if s.start <= evidence["start"] < s.end and evidence["text"] in s.text]
    following = [s for s in sentences if s.end > evidence["start"]]
    chosen = (holding or following or [None])[0]
    text = chosen.text if chosen else evidence["text"]
    if chosen is not None and chosen.text.strip() == evidence["text"].strip() and not _ENDS_SENTENCE.search(text):
        # A line that is only a name (an item of an infographic list, no full
        # stop): the block's first line ("27 provinces and states") says what
        # the list is; an item alone in its block gets its section's first
        # sentence ("The global ETS map ... shows carbon markets that are in operation").
        header = _block_header(sentences, sentences.index(chosen))
        if header is chosen:
            header = _section_sentence(passage, passages)
        if header is not None and header is not chosen:
            text = f"{header.text} … {chosen.text}"
    href = None
    if pid:
        href = f"/id/passage/{pid}?start={evidence['start']}&end={evidence['end']}#evidence"
    return {"doc": evidence["doc"], "text": text, "phrases": [evidence["text"]],
            "href": href, "lang": passage.lang if passage is not None else None,
            "page": evidence.get("page"), "element": evidence.get("element", "")}


def _block_header(sentences: list, at: int):
    """The first sentence of the block of lines holding ``sentences[at]`` (blocks end at a blank line)."""
    while at > 0 and sentences[at].start - sentences[at - 1].end <= 1:
        at -= 1
    return sentences[at]


def _section_sentence(passage, passages: dict):
    """The first full sentence of ``passage``'s section in its document, None if the section has none."""
    same = sorted((p for p in passages.values() if p.doc == passage.doc and p.section == passage.section),
                  key=lambda p: p.start)
    return next((s for p in same for s in p.sentences if _ENDS_SENTENCE.search(s.text)), None)


def shared_sentences(rows: list[dict]) -> list[dict]:
    """Rows of one relation that quote a sentence in common made one row listing their values.

    Each row is ``{"relation", "values": [...], "evidence": [evidence_sentence...]}``;
    a sector list is one sentence, shown once with every sector marked in
    it, not once per sector. The ``segments`` of each sentence are set here.
    """
    merged: list[dict] = []
    for row in rows:
        quoted = {(e["doc"], e["text"]) for e in row["evidence"]}
        into = next((m for m in merged if m["relation"] == row["relation"] and quoted & m["quoted"]), None)
        if into is None:
            merged.append({**row, "values": list(row["values"]), "evidence": list(row["evidence"]), "quoted": quoted})
        else:
            into["values"] += row["values"]
            into["evidence"] += row["evidence"]
            into["quoted"] |= quoted
    for row in merged:
        del row["quoted"]
        row["evidence"] = one_per_sentence(row["evidence"])
    return merged


def one_per_sentence(sentences: list[dict]) -> list[dict]:
    """Evidence sentences with each (document, sentence) once, every phrase quoted from it marked (``segments``)."""
    out: dict[tuple[str, str], dict] = {}
    for ev in sentences:
        into = out.setdefault((ev["doc"], ev["text"]), {**ev, "phrases": []})
        into["phrases"] = into["phrases"] + [p for p in ev["phrases"] if p not in into["phrases"]]
    for ev in out.values():
        ev["segments"] = mark_phrases(ev["text"], ev["phrases"])
    return list(out.values())


def in_language(sentences: list[dict], lang: str) -> list[dict]:
    """The evidence sentences in ``lang`` when there are any, else all of them (one language version suffices)."""
    return [s for s in sentences if s["lang"] == lang] or sentences
