"""Entity linking: the systems, jurisdictions and places a question names, in zh or en.

Names (``Lexicon.names``) are matched as token sequences over the folded
question (case, width and accents ignored; one token per Han character), so
"K-ETS", "Korea's ETS", "韩国碳市场" and "Québec"/"Quebec" all link. The
longest match wins and matches do not overlap: "EU ETS 2" / "欧盟碳市场2" is
never also read as "EU ETS". Names of two latin letters or fewer ("EU", "UK",
"BC", "US") must be written in capitals, so "us" and "eu" inside prose do not
fire. A misspelt English word of six letters or more is matched to the
closest name word with the same first letter (difflib ratio >= 0.85):
"Saskatchwan" still links. A jurisdiction's name followed by one of its own
systems' names is one mention of the system ("Newfoundland and Labrador PSS").
The adjective of a place whose name ends in "a" ("Valdorian", "Korean", "South African") names it, and
one in "-ese" of a place of one word ("Taiwanese").

A jurisdiction stands for its systems. When it has several, the question's
other words choose ("federal" picks "Canada federal OBPS", "oil" the
oil-and-gas system); failing that the systems in force are meant, else all.
"""
from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field

from .lexicon import JURISDICTION, PLACE, SYSTEM, Folded, Lexicon, Name, fold, tokens

FUZZY_MIN_LETTERS = 6
FUZZY_CUTOFF = 0.85


@dataclass
class Mention:
    iri: str
    kind: str  # SYSTEM | JURISDICTION | PLACE
    start: int  # offsets in the folded question
    end: int
    text: str
    systems: list[str] = field(default_factory=list)  # what it stands for


class Linker:
    """Finds mentions of the lexicon's names in questions."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self._by_first: dict[str, list[Name]] = defaultdict(list)
        for name in lexicon.names:
            self._by_first[name.tokens[0]].append(name)
        for names in self._by_first.values():
            names.sort(key=lambda n: -len(n.tokens))
        self._word_set = {t for n in lexicon.names for t in n.tokens if t.isalpha() and t.isascii()}
        # Fuzzy candidates by first letter: a typo rarely hits the first one, and it keeps difflib cheap.
        self._long_words: dict[str, list[str]] = defaultdict(list)
        for w in sorted(self._word_set):
            if len(w) >= FUZZY_MIN_LETTERS:
                self._long_words[w[0]].append(w)
        self._corrected: dict[str, str] = {}
        self._own_words = {e.iri: self._label_tokens(e.iri) for e in lexicon.systems}

    def _label_tokens(self, iri: str) -> set[str]:
        e = self.lexicon.entities[iri]
        return {t for name in [*e.labels.values(), *e.aliases] for t, _, _ in tokens(fold(name).text)}

    def _correct(self, word: str) -> str:
        if word in self._word_set or not word.isascii():
            return word
        if word.endswith("s") and word[:-1] in self._word_set:
            return word[:-1]  # a possessive without its apostrophe ("chinas national market")
        if len(word) < FUZZY_MIN_LETTERS:
            return word
        if word not in self._corrected:
            pool = [w for w in self._long_words.get(word[0], ()) if abs(len(w) - len(word)) <= 2]
            close = difflib.get_close_matches(word, pool, n=1, cutoff=FUZZY_CUTOFF)
            if len(self._corrected) > 10_000:
                self._corrected.clear()
            self._corrected[word] = close[0] if close else word
        return self._corrected[word]

    def link(self, folded: Folded) -> list[Mention]:
        """Mentions in order of position; each names the systems it stands for."""
        toks = tokens(folded.text)
        words = [self._correct(t) for t, _, _ in toks]
        found = []
        for i, word in enumerate(words):
            for name in self._by_first.get(word, ()):
                n = len(name.tokens)
                if tuple(words[i:i + n]) != name.tokens and not self._adjective(name, words[i:i + n]):
                    continue
                start, end = toks[i][1], toks[i + n - 1][2]
                if name.short and not all(folded.upper[start:end]):
                    continue
                found.append((start, end, name))
            # "a Valdorian installation", "Korean firms": the adjective of a place named "…a" is that place,
            # when no name starts with the word itself ("Valdorian ETS" does, but not followed by "installation").
            if word.endswith("an") and word.isascii() and word.isalpha() and len(word) >= 5:
                start, end = toks[i][1], toks[i][2]
                found += [(start, end, name) for name in self._by_first.get(word[:-1], ())
                          if name.tokens == (word[:-1],) and name.kind == JURISDICTION]
            # "Taiwanese companies", "Vietnamese firms": the adjective in "-ese" of a place named by one word.
            if word.endswith("ese") and word.isascii() and word.isalpha() and len(word) >= 7:
                start, end = toks[i][1], toks[i][2]
                found += [(start, end, name) for name in self._by_first.get(word[:-3], ())
                          if name.tokens == (word[:-3],) and name.kind in (JURISDICTION, PLACE)]
        # A jurisdiction's name right before one of its own systems' names is one mention of that system
        # ("Newfoundland and Labrador PSS" where the graph knows "PSS" and the place apart).
        entities = self.lexicon.entities
        found += [(js, se, sname) for js, je, jname in found if jname.kind == JURISDICTION
                  for ss, se, sname in found if sname.kind == SYSTEM and ss > je
                  and not folded.text[je:ss].strip() and entities[sname.iri].jurisdiction == jname.iri]
        # Longest first; on equal spans a system beats a jurisdiction, a jurisdiction a place.
        rank = {SYSTEM: 0, JURISDICTION: 1, PLACE: 2}
        found.sort(key=lambda f: (-(f[1] - f[0]), f[0], rank[f[2].kind]))
        taken: list[tuple[int, int]] = []
        chosen = []
        for start, end, name in found:
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            chosen.append(Mention(name.iri, name.kind, start, end, folded.text[start:end]))
        chosen.sort(key=lambda m: m.start)
        outside = {t for i, (t, s, e) in enumerate(toks) if not any(s < me and ms < e for ms, me in taken)}
        for m in chosen:
            m.systems = self.systems_of(m.iri, outside)
        return chosen

    @staticmethod
    def _adjective(name: Name, words: list[str]) -> bool:
        """Whether ``words`` name the place ``name`` of two words or more by its adjective ("South African
        companies" for South Africa, "Costa Rican"), as "Valdorian" names Valdoria."""
        last = name.tokens[-1]
        return (len(name.tokens) > 1 and name.kind in (JURISDICTION, PLACE) and last.endswith("a") and last.isascii()
                and len(words) == len(name.tokens) and tuple(words[:-1]) == name.tokens[:-1] and words[-1] == last + "n")

    def systems_of(self, iri: str, context: set[str]) -> list[str]:
        """The systems an entity stands for, chosen by the question's other words."""
        entity = self.lexicon.entities.get(iri)
        if entity is None or entity.kind == PLACE:
            return []
        if entity.kind == SYSTEM:
            return [iri]
        candidates = list(entity.systems)
        if len(candidates) <= 1:
            return candidates
        shared = set.intersection(*(self._own_words[s] for s in candidates))
        scores = {s: len((self._own_words[s] - shared) & context) for s in candidates}
        best = max(scores.values())
        if best > 0:
            return [s for s in candidates if scores[s] == best]
        in_force = [s for s in candidates if self.lexicon.entities[s].status == "in_force"]
        return in_force or candidates
