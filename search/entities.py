"""Find the graph entities a query mentions, by their labels in either language.

The labels come from the knowledge graph (``{iri: {"zh": [...], "en": [...]}}``)
at build or load time; search itself knows no names. Matching is on the
NFKC-normalized, case-folded query, so "eu ets", "EU ETS" and full-width
"ＥＵ ＥＴＳ" are one mention. Labels with Chinese characters match as
substrings (Chinese has no spaces); other labels must stand as whole words,
so "EU" does not fire inside "Eurasia". Longer labels are tried first and
matches do not overlap, so "EU ETS 2" is not also read as "EU ETS".
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from .tokenize import has_cjk

MIN_LABEL_CHARS = 2  # one-letter or one-character labels fire on everything


def _norm(label: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", label).casefold().split())


class EntityMatcher:
    """Matches entity labels in queries; also gives each IRI its display labels."""

    def __init__(self, labels: dict[str, dict[str, list[str]]] | None = None) -> None:
        self.labels = labels or {}
        self._by_label: dict[str, set[str]] = defaultdict(set)
        for iri, by_lang in self.labels.items():
            for names in by_lang.values():
                for name in ([names] if isinstance(names, str) else names):
                    key = _norm(name)
                    if len(key) >= MIN_LABEL_CHARS:
                        self._by_label[key].add(iri)
        alternatives = []
        for key in sorted(self._by_label, key=len, reverse=True):
            escaped = re.escape(key).replace(r"\ ", r"\s+")
            if has_cjk(key):
                alternatives.append(escaped)
            else:
                alternatives.append(rf"(?<![^\W_]){escaped}(?![^\W_])")
        self._pattern = re.compile("|".join(alternatives)) if alternatives else None

    def mentioned(self, query: str) -> list[str]:
        """IRIs whose labels occur in ``query``, in order of first mention."""
        if self._pattern is None:
            return []
        text = " ".join(unicodedata.normalize("NFKC", query).casefold().split())
        found: list[str] = []
        for m in self._pattern.finditer(text):
            for iri in sorted(self._by_label[" ".join(m.group().split())]):
                if iri not in found:
                    found.append(iri)
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
