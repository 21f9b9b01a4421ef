"""Names written by sound in the other language's passages, found at query time ("Sabundra" / "萨本德拉").

An invented or little-known place that the ingest made no entity of in one
language has no label, no dictionary entry and no gazetteer name to translate
it, and jieba cuts its Chinese form into pieces ("萨本", "德拉"), so a query
naming it in one language reached nothing in the other. Both forms keep the
name's consonants in order (``ingest.transliterate``: "sbndl" for both), so
the index's own names are listed by that skeleton once, when a searcher is
made, and a query's unknown name brings the other language's names that
sound like it:

* English names: words that the English passages only ever write with a
  capital ("Sabundra", never "sabundra") and that the translation table does
  not know, so that "global" (skeleton "klbl") is not taken for 卡罗贝尔 nor
  a sentence's first word for a name;
* Chinese names: runs of three or more characters (and their parts) of those that Chinese uses
  to write foreign names by sound (``sound_characters``: learnt from the
  gazetteer's places whose Chinese name is a transliteration of the English
  one, not from a hand-made list), a place suffix (州, 省) left off.

An English name has more than one skeleton where Chinese may hear it two ways
(``latin_skeletons``): "th" as d or as s ("Belthoria" may be 贝尔索里亚, its
"th" written with 索), and an "r" between a vowel and a consonant sounded or
silent, as the British say it ("Hardwick" 哈德威克 writes no r before the d;
a final r stays, as 尔).

A name matches only a name of the same skeleton (of ``MIN_SKELETON``
classes or more). Of those, only the ones spelt nearly as well as the
closest count (``spelling_closeness``: the English name against the Chinese
name's pinyin, vowels included, which the skeleton leaves out), and only when
at most ``MAX_MATCHES`` remain, so a short skeleton shared by many names
brings none.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ingest.transliterate import (CLOSENESS_MARGIN, MIN_SKELETON, chinese_skeleton, close, latin_skeleton, latin_skeletons,
                                  spelling_closeness)

from .tokenize import MONTHS, normalize, tokenize

MAX_MATCHES = 2
MIN_NAME_LETTERS = 4  # "Bell", "Ross": shorter English words are more often words than names
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{3,}\b")
_LOWER = re.compile(r"\b[a-z]{4,}\b")


@lru_cache(maxsize=1)
def sound_characters() -> frozenset[str]:
    """Characters Chinese writes foreign names with: those of the gazetteer's places whose Chinese name
    sounds like the English one ("巴拿马" / "Panama"), names that are pinyin ("深圳" / "Shenzhen") left out."""
    from pypinyin import lazy_pinyin

    from ingest.gazetteer import gazetteer
    from ingest.transliterate import _ZH_SUFFIX

    counts: Counter[str] = Counter()
    for place in gazetteer().places.values():
        english = place.names.get("en", [])[:1]
        for name in place.names.get("zh", []):
            core = _ZH_SUFFIX.sub("", name) or name
            if not english or len(core) < 2 or "".join(lazy_pinyin(core)) == re.sub(r"[^a-z]", "", english[0].casefold()):
                continue
            if close(latin_skeleton(english[0]), chinese_skeleton(core)) is not None:
                counts.update(set(core))
    return frozenset(counts)


def _parts(run: str) -> list[str]:
    """The run, then the run without its first or its last character: a run may take in one character of the
    word before or after the name ("比卡罗贝尔", "卡罗贝尔大"). Shorter parts matched other names by chance."""
    return [run, *([run[1:], run[:-1]] if len(run) > 3 else [])]


class SoundNames:
    """The index's names in each language by their consonant skeleton."""

    def __init__(self, passages, known=lambda word: False) -> None:
        chars = "".join(sorted(sound_characters()))
        self._run = re.compile(f"[{re.escape(chars)}]{{3,8}}") if chars else None
        lower: set[str] = set()
        capitalised: set[str] = set()
        runs: set[str] = set()
        for p in passages:
            if p.lang == "en":
                lower.update(_LOWER.findall(p.text))
                capitalised.update(_CAPITALISED.findall(p.text))
            elif self._run is not None:
                runs.update(self._run.findall(normalize(p.text)))
        # A month is written with a capital and never without, and the table knows it only as its month token
        # ("月3"): "March" (mls) was taken for the name 马里斯 of a place.
        self.english = self._by_skeleton({w for w in capitalised
                                          if w.lower() not in lower and w.lower() not in MONTHS and not known(w.lower())},
                                         latin_skeletons)
        # A part of a run counts as a name of its own where it sounds otherwise than the whole run ("比卡罗贝尔" /
        # "卡罗贝尔"), not where the character left off carries no consonant ("塔武洛亚" / "塔武洛").
        whole = {run: chinese_skeleton(run) for run in runs}
        names = set(runs) | {part for run in runs for part in _parts(run)[1:] if chinese_skeleton(part) != whole[run]}
        self.chinese = self._by_skeleton(names, lambda name: [chinese_skeleton(name)])

    @staticmethod
    def _by_skeleton(names, skeletons) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for name in sorted(names):
            for key in skeletons(name):
                if key:
                    out.setdefault(key, []).append(name)
        return out

    @staticmethod
    def _matches(keys: list[str], names: dict[str, list[str]], closeness) -> list[str]:
        """The names of ``names`` under one of ``keys`` spelt within ``CLOSENESS_MARGIN`` of the closest
        (``closeness(name)``), none when more than ``MAX_MATCHES`` are."""
        # The same skeleton only: one class apart ("sbndl" / "slndl") paired Sabundra with 索伦特拉 and 塞拉诺瓦
        # with Iceland among the corpus's names; the ingest's pairing can afford it, comparing entities only.
        found = list(dict.fromkeys(n for key in keys if len(key) >= MIN_SKELETON for n in names.get(key, [])))
        if len(found) > 1:
            score = {n: closeness(n) for n in found}
            best = max(score.values())
            found = [n for n in found if score[n] >= best - CLOSENESS_MARGIN]
        return found if len(found) <= MAX_MATCHES else []

    def name_runs(self, text: str) -> list[str]:
        """Runs of three to eight characters Chinese writes foreign names with (``sound_characters``) in ``text``."""
        return self._run.findall(normalize(text)) if self._run is not None else []

    def query_names(self, query: str, lang: str) -> dict[str, list[str]]:
        """Names of ``query`` (as written) -> BM25 terms of the other language's names that sound like them."""
        out: dict[str, list[str]] = {}
        if lang == "en":
            for word in dict.fromkeys(_CAPITALISED.findall(query)):
                if len(word) < MIN_NAME_LETTERS:
                    continue
                matches = self._matches(latin_skeletons(word), self.chinese, lambda name: spelling_closeness(word, name))
                terms = [t for name in matches for t in tokenize(name)]
                if terms:
                    out[word] = list(dict.fromkeys(terms))
        elif self._run is not None:
            for run in self._run.findall(normalize(query)):
                # The longest part of the run that sounds like a name: the run may take in a neighbouring word's
                # character ("比卡罗贝尔", "卡罗贝尔大").
                for part in _parts(run):
                    matches = self._matches([chinese_skeleton(part)], self.english,
                                            lambda name: spelling_closeness(name, part))
                    terms = [t for name in matches for t in tokenize(name)]
                    if terms:
                        out[part] = list(dict.fromkeys(terms))
                        break
        return out
