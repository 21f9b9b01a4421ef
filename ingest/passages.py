"""Split a report into passages (one per paragraph or infographic list) and sentences."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ingest import vocab
from ingest.clean import Clean, IngestError, build_blocks, clean_block, detect_language, read_document, squash
from ingest.gazetteer import gazetteer
from ingest.model import Passage, Sentence

HEADING = re.compile(r"^([^:：。.!?,，、]{1,60}?)\s*[:：]\s*(?=\S)")
# A run-in heading of a few capitalised words before a full stop or a dash: "South Korea. The K-ETS …",
# "RGGI — The initiative …", the way roundups and older reports lead each market's paragraph.
RUN_IN = re.compile(r"^((?:[A-Z][\w'’-]*)(?:\s+(?:of|and|the|[A-Z][\w'’-]*)){0,3})(?:\.|\s+[—–])\s+(?=[A-Z\"“])")
# "Mbarosi — The Climate Change Authority announced today that …": a news dateline, the city the story is filed
# from, not the market the paragraph describes.
DATELINE_REPORT = re.compile(r"[^.!?]{0,120}?\b(?:announced|said|says|reported|told|confirmed|unveiled|published|released|"
                             r"stated|declared)\b")
# The bundled report's longest infographic list is 1,251 characters, its longest paragraph 1,368.
MAX_LIST_CHARS = 1400
# "Fig. 2. Prices", "Vol. 57", "pp. 112", and a section's or list item's number before its text ("1. INTRODUCTION")
# end no sentence.
EN_ABBREVIATIONS = re.compile(r"(?:\b(?:Ms|Mr|Dr|St|e\.g|i\.e|etc|vs|No|U\.S|B\.C|Figs?|Vol|pp|Nos)|\b[A-Z]|(?:^\s*|\b(?:Figs?|Vol|Nos?|pp)\.\s+)\d{1,3}(?:\.\d{1,3})*)\.$")


CAPITAL_WORD = re.compile(r"\b[A-Z][\w'’-]*")


def spelled_out(acronym: str, text: str) -> bool:
    """Whether ``text`` writes the words ``acronym`` stands for ("Regional Greenhouse Gas Initiative" for RGGI)."""
    words = CAPITAL_WORD.findall(text)
    n = len(acronym)
    return any("".join(w[0] for w in words[i:i + n]) == acronym for i in range(len(words) - n + 1))


def section_titles() -> dict[str, str]:
    """Squashed heading -> section slug."""
    out = {}
    for slug, term in vocab.sections().items():
        for names in term.names.values():
            for name in names:
                out[squash(name)] = slug
    return out


@lru_cache(maxsize=2)
def place_names(lang: str) -> tuple[str, ...]:
    from ingest.gazetteer import gazetteer

    return tuple(sorted({n for p in gazetteer().places.values() for n in p.names.get(lang, [])}, key=len, reverse=True))


def split_document(path: str | Path, text: str | None = None, doc: str | None = None) -> list[Passage]:
    """Read a report file and return its passages, with offsets into the file."""
    path = Path(path)
    text = read_document(path) if text is None else text
    doc = doc or path.stem
    return split_text(text, doc)


def split_text(text: str, doc: str) -> list[Passage]:
    lang = detect_language(text)
    titles = section_titles()
    names = place_names(lang)
    passages: list[Passage] = []
    section = "front"
    pending: list[Clean] = []

    def flush_list():
        if pending:
            merged = Clean()
            for i, part in enumerate(pending):
                if i:
                    merged.add_joiner("\n", part.origin[0] - 1)
                merged.text += part.text
                merged.origin += part.origin
            passages.append(make_passage(merged, doc, lang, section, len(passages), "list"))
            pending.clear()

    for block in build_blocks(text, lang, set(titles)):
        if block.kind in ("heading", "furniture"):
            flush_list()
            if block.kind == "heading":
                section = titles[squash(block.flat)]
            continue
        cleaned = clean_block(block, lang, names)
        if not cleaned.text.strip():
            continue
        if block.kind in ("list", "table"):
            # Lists apart only by blank lines (an infographic's items) are one passage, up to the length of a
            # long paragraph: a deck, a handout or a page of captions written as short blocks is not one passage
            # of the whole document, which would match every query about any of its markets.
            if pending and sum(len(p.text) for p in pending) + len(cleaned.text) > MAX_LIST_CHARS:
                flush_list()
            pending.append(cleaned)
            continue
        flush_list()
        passages.append(make_passage(cleaned, doc, lang, section, len(passages), "prose"))
    flush_list()
    if not passages:
        raise IngestError(f"{doc}: no text to ingest")
    return passages


def _run_in(text: str) -> re.Match | None:
    """A run-in heading. After a full stop it must be a place the gazetteer knows, a name its paragraph uses again
    ("Talvoria. The Talvoria ETS …") or an acronym the paragraph spells out ("RGGI. The Regional Greenhouse Gas
    Initiative …"): "History. The earliest pilot …" is a section word, not a market's place."""
    m = RUN_IN.match(text)
    if m is None or EN_ABBREVIATIONS.search(m.group(1) + "."):
        return None
    if not m.group(0).rstrip().endswith(".") and DATELINE_REPORT.match(text, m.end()):
        return None
    if (m.group(0).rstrip().endswith(".") and gazetteer().lookup(m.group(1), "en") is None and m.group(1) not in text[m.end():]
            and not (re.fullmatch(r"[A-Z][A-Z0-9-]{1,10}", m.group(1)) and spelled_out(m.group(1), text[m.end():]))):
        return None
    return m


def make_passage(cleaned: Clean, doc: str, lang: str, section: str, n: int, kind: str) -> Passage:
    start, end = cleaned.span(0, len(cleaned.text))
    heading = ""
    if kind == "prose":
        m = HEADING.match(cleaned.text) or (_run_in(cleaned.text) if lang == "en" else None)
        if m and not re.search(r"\d{4}", m.group(1)) and len(m.group(1).split()) <= 8:
            heading = m.group(1).strip()
    return Passage(
        id=f"{doc}:p{n:03d}",
        doc=doc,
        lang=lang,
        section=section,
        start=start,
        end=end,
        text=cleaned.text,
        sentences=[Sentence(*cleaned.span(s, e), cleaned.text[s:e]) for s, e in sentence_spans(cleaned.text, lang, kind)],
        heading=heading,
        origin=cleaned.origin,
    )


def sentence_spans(text: str, lang: str, kind: str) -> list[tuple[int, int]]:
    """Sentence boundaries in cleaned text; list passages have one item per line."""
    if kind == "list":
        # One item per line; an item of several sentences (a web page's paragraph on one line, a long bullet)
        # is split like prose.
        return [(m.start() + a, m.start() + b) for m in re.finditer(r"[^\n]+", text) if m.group().strip()
                for a, b in sentence_spans(m.group(), lang, "prose")]
    spans, start = [], 0
    for m in re.finditer(r"[。！？]|[.!?](?=\s+[\"“(A-Z0-9])|[.!?]$", text):
        end = m.end()
        if lang == "en" and m.group() == "." and EN_ABBREVIATIONS.search(text[start:end]):
            continue
        spans.append((start, end))
        start = end
        while start < len(text) and text[start] == " ":
            start += 1
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text)))
    return spans
