"""spaCy pipelines that find names in report text: places and sector terms.

Blank ``zh`` (jieba segmentation) and ``en`` pipelines with an EntityRuler
seeded from the vocabulary. Chinese names are added to jieba's dictionary so
that a name is one token and the ruler's phrase patterns line up with the
segmentation.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from ingest import vocab


@dataclass(frozen=True)
class Mention:
    kind: str  # PLACE | SECTOR
    id: str  # vocabulary id
    start: int  # offsets in the analysed text
    end: int
    text: str


@lru_cache(maxsize=2)
def pipeline(lang: str):
    import spacy

    if lang == "zh":
        import jieba

        jieba.setLogLevel(logging.WARNING)
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        for term in list(vocab.places().values()) + list(vocab.sectors().values()):
            for name in term.names.get("zh", []):
                jieba.add_word(name, freq=200000)
        ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
    else:
        nlp = spacy.blank("en")
        ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    patterns = []
    for kind, terms in (("PLACE", vocab.places()), ("SECTOR", vocab.sectors())):
        for term in terms.values():
            for name in term.names.get(lang, []):
                patterns.append({"label": kind, "pattern": name, "id": term.id})
    ruler.add_patterns(patterns)
    return nlp


def find_mentions(text: str, lang: str) -> list[Mention]:
    """Places and sector terms in ``text``, longest match first, no overlaps."""
    doc = pipeline(lang)(text)
    found = [Mention(ent.label_, ent.ent_id_, ent.start_char, ent.end_char, ent.text) for ent in doc.ents]
    if lang == "zh":
        found = _fill_unsegmented(text, found)
    return sorted(found, key=lambda m: m.start)


def _fill_unsegmented(text: str, found: list[Mention]) -> list[Mention]:
    """jieba sometimes glues a name to its neighbour ("中国于"); catch those by substring."""
    taken = [False] * len(text)
    for m in found:
        for i in range(m.start, m.end):
            taken[i] = True
    extra = []
    names = sorted(
        ((name, kind, term.id) for kind, terms in (("PLACE", vocab.places()), ("SECTOR", vocab.sectors()))
         for term in terms.values() for name in term.names.get("zh", [])),
        key=lambda x: -len(x[0]),
    )
    for name, kind, tid in names:
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if not any(taken[start:end]):
                extra.append(Mention(kind, tid, start, end, name))
                for i in range(start, end):
                    taken[i] = True
            start = text.find(name, end)
    return found + extra
