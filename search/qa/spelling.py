"""Misspelt words of an English question, put right before the question is read.

The rules that read a question look for words ("offset", "allowance", "threshold"): one slip of the keyboard
("offest", "alowance", "treshold") and the question falls to the text, where it is answered worse. Names are
the linker's (``linking.Linker``, which matches a misspelt name word to the closest name); this corrects the
other words, Norvig-style: a lower-case word of five letters or more that is no English word (CC-CEDICT's
common words, ``ingest.vocab.english_words``) and no word of the questions the intent model was trained on
becomes the training questions' most frequent word one edit away (a letter left out, added, changed or two
swapped), or else a word the rules' cues look for (``slots.CUE_WORDS``). Capitalised words are left alone: an
unknown one is more likely a name than a slip.
"""
from __future__ import annotations

import json
import re
import string
from collections import Counter
from functools import lru_cache

from ingest import vocab

from .intent import DATA_FILE
from .slots import CUE_WORDS

MIN_LETTERS = 5
_WORD = re.compile(r"(?<![\w'’-])[a-z]{%d,}(?![\w'’-])" % MIN_LETTERS)


@lru_cache(maxsize=1)
def question_words() -> Counter:
    """How often each lower-case English word occurs in the training questions."""
    counts: Counter = Counter()
    with open(DATA_FILE, encoding="utf-8") as fh:
        for line in fh:
            counts.update(w.lower() for w in re.findall(r"[A-Za-z]+", json.loads(line)["question"]))
    return counts


def _edits(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in string.ascii_lowercase}
            | {a + c + b for a, b in splits for c in string.ascii_lowercase})


# A word's dictionary forms: CC-CEDICT glosses bare forms in American spelling, so "regulated", "programs",
# "makers", "centre" are known through "regulate", "program", "maker", "center".
_FORMS = [("s", ""), ("es", ""), ("ies", "y"), ("d", ""), ("ed", ""), ("ied", "y"), ("ing", ""), ("ing", "e"),
          ("re", "er"), ("ise", "ize"), ("ised", "ize"), ("isation", "ization"), ("our", "or")]


def _known(word: str, counts: Counter) -> bool:
    words = vocab.english_words()
    return any(form in counts or form in words for form in
               [word, *(word[:-len(end)] + base for end, base in _FORMS if word.endswith(end))])


@lru_cache(maxsize=4096)
def corrected(word: str) -> str:
    counts = question_words()
    if _known(word, counts):
        return word
    best = max((c for c in _edits(word) if c in counts), key=lambda c: (counts[c], c), default=None)
    # Else a word the rules look for ("obsevers" for "observers"): one the training questions lack still decides
    # what the question is about (here a topic the graph does not model, so the text answers).
    return best or min((c for c in _edits(word) if c in CUE_WORDS), default=word)


# A word of a region's name, capitalised or joined by a hyphen ("Asia-Pacfic", "Carribean"): six letters or more,
# so that a short name one letter from a region word is not taken for it.
_REGION_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]{6,}(?![A-Za-z])")


@lru_cache(maxsize=1)
def region_words() -> frozenset[str]:
    """The English words of the names of parts of the world and of the report's regional sections ("Pacific")."""
    names = [n for a in vocab.areas().values() for n in a.names.get("en", [])]
    names += [n for slug, t in vocab.sections().items() if slug.startswith("review/") for n in t.names.get("en", [])]
    return frozenset(w.lower() for n in names for w in _REGION_WORD.findall(n))


@lru_cache(maxsize=4096)
def _region_word(word: str) -> str:
    """``word`` put right as the region word one edit away, when it is no word itself; its capital kept."""
    low = word.lower()
    if low in region_words() or _known(low, question_words()):
        return word
    best = min((c for c in _edits(low) if c in region_words()), default=None)
    if best is None:
        return word
    return best.capitalize() if word[0].isupper() else best


# A compass point abbreviated before a continent ("N. American", "SE Asian"): the region's name written out.
_COMPASS = {"N": "North", "S": "South", "E": "East", "W": "West", "NE": "Northeast", "NW": "Northwest",
            "SE": "Southeast", "SW": "Southwest"}
_ABBREVIATED = re.compile(r"(?<![A-Za-z])(NE|NW|SE|SW|N|S|E|W)\.?\s*(?=(?:America|Asia|Africa|Europe)[a-z]*(?![A-Za-z]))")


def correct(text: str) -> str:
    """``text`` with its misspelt lower-case English words, and misspelt or abbreviated region names, put right:
    a region not read is a filter dropped, or a wider region read in its place ("Asia" for "Asia-Pacfic")."""
    text = _ABBREVIATED.sub(lambda m: _COMPASS[m.group(1)] + " ", text)
    return _REGION_WORD.sub(lambda m: _region_word(m.group()), _WORD.sub(lambda m: corrected(m.group()), text))
