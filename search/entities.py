"""Find the graph entities a query mentions, by their labels in either language.

The labels come from the knowledge graph (``{iri: {"zh": [...], "en": [...]}}``)
at build or load time; search itself knows no names. Matching is on the
NFKC-normalized, case-folded query, in simplified characters, so "eu ets",
"EU ETS" and full-width "ＥＵ ＥＴＳ" are one mention, and so are "歐盟" and
"欧盟". Labels with Chinese characters match as substrings (Chinese has no spaces); other labels must stand as whole words,
so "EU" does not fire inside "Eurasia". Longer labels are tried first and
matches do not overlap, so "EU ETS 2" is not also read as "EU ETS".

Matching looks up the query's substrings in a dict, longest label length
first, so its cost grows with the query and the number of distinct label
lengths, not with the number of labels: one regex alternation of every
label took 140 ms a query with the 114k entities of the growth bench's
1000x corpus.
"""
from __future__ import annotations

import unicodedata
from collections import defaultdict

from ingest.document import to_simplified

from .tokenize import has_cjk
from .translate import PLACE_SUFFIX

MIN_LABEL_CHARS = 2  # one-letter or one-character labels fire on everything
# English adjectives of place names: "Ostrenia" -> "Ostrenian", "Carobel" -> "Carobelese". Not "-s": a plural
# ("Markets") is another word, and a possessive's apostrophe already ends the name.
DEMONYM_ENDINGS = ("ian", "ean", "ese", "ish", "an", "n")
DEMONYM_MIN_CHARS = 5  # "Iran" + "ian" is not a demonym of a short label


def _norm(label: str) -> str:
    """NFKC, case-folded, one space between words, Chinese in simplified characters (a label or a query
    in traditional characters names the same entity; the conversion keeps the length)."""
    text = " ".join(unicodedata.normalize("NFKC", label).casefold().split())
    return to_simplified(text) if has_cjk(text) else text


def _whole_word(text: str, start: int, end: int) -> bool:
    """No letter or digit, Latin or Chinese, touches ``text[start:end]`` on either side."""
    return not (start > 0 and text[start - 1].isalnum()) and not (end < len(text) and text[end].isalnum())


class EntityMatcher:
    """Matches entity labels in queries; also gives each IRI its display labels."""

    def __init__(self, labels: dict[str, dict[str, list[str]]] | None = None) -> None:
        self.labels = labels or {}
        self._by_label: dict[str, set[str]] = defaultdict(set)
        for iri, by_lang in self.labels.items():
            for names in by_lang.values():
                for name in ([names] if isinstance(names, str) else names):
                    key = _norm(name)
                    # A Chinese place name is often written without its "省/市/州" ("米拉韦尔" for "米拉韦尔州").
                    bare = PLACE_SUFFIX.sub("", key) if has_cjk(key) else key
                    for form in {key, bare}:
                        if len(form) >= MIN_LABEL_CHARS:
                            self._by_label[form].add(iri)
        self._lengths = sorted({len(key) for key in self._by_label}, reverse=True)

    def _match_at(self, text: str, i: int) -> str | None:
        """The longest label key that stands at ``text[i:]`` (a Latin one as whole words, or with a
        demonym ending: "Dalmoran" names Dalmora), or None."""
        for n in self._lengths:
            key = text[i:i + n]
            if len(key) != n or key not in self._by_label:
                continue
            if has_cjk(key) or _whole_word(text, i, i + n) or self._demonym(text, i, key):
                return key
        return None

    @staticmethod
    def _demonym(text: str, i: int, key: str) -> bool:
        """``key`` at ``text[i:]`` is a place name followed by an adjective ending and then a word boundary."""
        if len(key) < DEMONYM_MIN_CHARS or not key[-1].isalpha() or has_cjk(key):
            return False
        end = i + len(key)
        return any(text.startswith(ending, end) and _whole_word(text, i, end + len(ending)) for ending in DEMONYM_ENDINGS)

    def mentioned(self, query: str) -> list[str]:
        """IRIs whose labels occur in ``query``, in order of first mention."""
        text = _norm(query)
        found: list[str] = []
        i = 0
        while i < len(text):
            key = self._match_at(text, i)
            if key is None:
                i += 1
                continue
            for iri in sorted(self._by_label[key]):
                if iri not in found:
                    found.append(iri)
            i += len(key)
        return found

    def display(self, iri: str) -> dict:
        """``{"iri", "labels": {lang: first label}}``, the entity shape of the project's output."""
        by_lang = self.labels.get(iri, {})
        shown = {}
        for lang, names in by_lang.items():
            names = [names] if isinstance(names, str) else list(names)
            if names:
                shown[lang] = names[0]
        return {"iri": iri, "labels": shown}
