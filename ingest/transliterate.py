"""Pair a name written in Latin letters with its Chinese transliteration ("Carobel" / "卡罗贝尔").

A place the gazetteer does not know, named only in English texts, and one
named only in Chinese texts would be two entities when no dictionary,
gazetteer or pinyin links their names: Chinese writes a foreign name by sound,
with characters whose pinyin is not the English spelling ("kaluobeier"). The
ingest merges such a pair into one entity (``ingest.pipeline``); search pairs
the labels of a store ingested before that, so that a query naming the place
in one language reaches the passages of the other.

Both spellings keep the name's consonants in order, once the sounds each
script confuses are merged into one class: Chinese has no r/l, b/p, d/t or
v/w/f contrast in loan words, drops h, and writes a final r as 尔 (er). So
each name is reduced to a skeleton of consonant classes ("Carobel" ->
"klbl", 卡罗贝尔 ka-luo-bei-er -> "klbl"), and two names pair when their
skeletons are equal, or one class apart for skeletons of 4 or more (English
drops or keeps an r before a consonant: "Brennmark" "blnmlk", 布伦马克
"blnmk"). Vowels say little (each Chinese syllable brings its own) and are
left out.

Only entities named in one language are paired, each with the one entity of
the other language, of the same kind, whose skeleton is nearest, when that
entity's nearest is it too; ties are not paired.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from difflib import SequenceMatcher
from functools import lru_cache

from ingest.document import to_simplified

# Characters of the standard transliteration of foreign names (as in 哈萨克斯坦, 奥斯特雷尼亚, 凯斯特里亚).
TRANSLITERATION = ("阿埃艾安昂奥巴拜班邦贝本比彼毕宾波伯博布查达戴丹德登迪蒂杜多厄恩法范菲芬丰弗福富伽盖甘冈戈格古圭哈海汉豪"
                   "赫亨胡华惠霍基吉加贾杰捷喀卡凯坎康考柯科克肯库夸奎拉莱赖兰朗劳勒雷黎里利林琳隆卢鲁伦罗洛马迈麦曼芒毛梅"
                   "门蒙米密明摩莫默姆穆纳奈南内尼涅宁纽努诺欧帕潘佩彭皮珀普奇恰乔切琴丘屈若萨塞桑瑟森沙莎舍什施斯松苏索"
                   "塔泰坦汤特滕提图托瓦威韦维温沃乌伍西希锡辛休雅亚扬耶伊因英尤约泽扎詹兹佐尔夫茨契舒缪迦琼娜哲柏丁瑞"
                   # more characters transliterations use (万象, 墨西哥, 洪都拉斯); 文/东/金/道/保 stay out, as ordinary words end in them
                   "爱鲍察邓冯贡洪怀昆庞唐万墨")
MIN_SKELETON = 3  # two consonants match too many names
# How much less close than the closest name of the same skeleton a name may be spelt and still match. The
# skeleton keeps consonant classes only: "Taluvan" (dlwn) had 塔卢万, 都鲁万 and 德拉韦诺 (taluwan 1.0,
# douluwan 0.67, delaweinuo 0.24) and so matched none; "Korvessa" had 科尔维萨 and 卡尔瓦斯 (0.71, 0.50) and
# matched both. Pairs of the corpus that are one name: 0.47-1.0; that are not, where a closer one exists: 0.2
# or more below it.
CLOSENESS_MARGIN = 0.15
VARIANT_COST = 0.5  # a skeleton heard the other way (``_TWO_WAYS``): less near than as written, nearer than a class apart
# Latin spellings -> consonant classes, longest first (ASCII after accents are stripped).
_LATIN = [
    ("sch", "s"), ("ph", "w"), ("th", "d"), ("sh", "s"), ("ch", "s"), ("ck", "k"), ("qu", "k"), ("ng", "n"),
    ("x", "ks"), ("ce", "se"), ("ci", "si"), ("cy", "sy"),
]
_CLASS = {
    **dict.fromkeys("bp", "b"), **dict.fromkeys("dt", "d"), **dict.fromkeys("lr", "l"),
    **dict.fromkeys("fvw", "w"), **dict.fromkeys("cgkqj", "k"), **dict.fromkeys("szx", "s"),
    "m": "m", "n": "n",
}
# Pinyin initials -> the same classes; h and y/w-glides carry no consonant of the source name.
_INITIALS = [("zh", "s"), ("ch", "s"), ("sh", "s")] + [(c, _CLASS.get(c, "")) for c in "bpmfdtnlgkhjqxrzcsyw"]
_INITIALS = [(i, {"j": "k", "q": "k", "x": "s", "h": "", "y": "", "w": "w"}.get(i, c)) for i, c in _INITIALS]
# Words a Chinese name of a place or a system carries after the name itself.
_ZH_SUFFIX = re.compile(r"(?:碳排放(?:权)?交易(?:体系|市场|机制|计划|制度)|碳市场|排放交易(?:体系|制度))$|(?:国家|共和国|联邦|省|市|州|县|区)$")


_ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9 -]*$")
# Spellings Chinese hears two ways: "th" as t/d or as s; an r after a vowel and before a consonant is silent
# in British English, the model of most transliterations, and sounded in American; a w after a vowel and not
# before one ends a vowel ("ow", "aw", "ew": Bowman 鲍曼, Newton 牛顿), which Chinese writes with the syllable.
_TWO_WAYS = [(re.compile("th"), "s"), (re.compile(r"(?<=[aeiouy])r(?=[b-df-hj-np-tv-xz])"), ""),
             (re.compile(r"(?<=[aeiou])w(?![aeiouy])"), "")]


def _collapse(classes: str) -> str:
    return re.sub(r"(.)\1+", r"\1", classes)


def latin_skeleton(name: str) -> str:
    """"Carobel" -> "klbl": consonant classes of a Latin-script name, repeats merged."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    text = re.sub(r"[^a-z]", "", text)
    for spelling, sound in _LATIN:
        text = text.replace(spelling, sound)
    return _collapse("".join(_CLASS.get(ch, "") for ch in text))


def latin_skeletons(name: str) -> list[str]:
    """The skeletons of an English name, as written first, then as Chinese may also hear it (``_TWO_WAYS``):
    "Belthoria" -> "bldl", "blsl"; "Hardwick" -> "ldwk", "dwk"."""
    spellings = [name.casefold()]
    for pattern, sound in _TWO_WAYS:
        spellings += [pattern.sub(sound, s) for s in spellings]
    return list(dict.fromkeys(filter(None, map(latin_skeleton, spellings))))


@lru_cache(maxsize=4096)
def _pinyin(chinese: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(chinese))


def spelling_closeness(latin: str, chinese: str) -> float:
    """How alike an English name and a Chinese name's toneless pinyin are spelt (0-1; "Taluvan" / 塔卢万, pinyin
    "taluwan": 1.0), "v" read as "w", as Chinese writes it (维, 瓦, 韦)."""
    return SequenceMatcher(None, latin.casefold().replace("v", "w"), _pinyin(chinese)).ratio()


def core(name: str) -> str:
    """A Chinese name without what follows the name itself ("布雷万省总量控制与交易计划" -> "布雷万"), simplified."""
    text = to_simplified(unicodedata.normalize("NFKC", name))
    while True:
        shorter = _ZH_SUFFIX.sub("", text)
        if shorter == text or len(shorter) < 2:
            return text
        text = shorter


def chinese_skeleton(name: str) -> str:
    """"卡罗贝尔" -> "klbl": consonant classes of a Chinese transliteration by its pinyin (尔 "er" is an r)."""
    from pypinyin import lazy_pinyin

    text = core(name)
    out = []
    for syllable in lazy_pinyin(text):
        if not syllable.isalpha() or not syllable.isascii():
            return ""  # not all Chinese characters: not a transliteration
        if syllable == "er":
            out.append("l")
            continue
        for initial, sound in _INITIALS:
            if syllable.startswith(initial):
                out.append(sound)
                break
        if syllable.endswith(("n", "ng")):
            out.append("n")
    return _collapse("".join(out))


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (short strings)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def close(a: str, b: str) -> int | None:
    """Distance of two skeletons when they count as one name, else None."""
    if min(len(a), len(b)) < MIN_SKELETON:
        return None
    d = _distance(a, b)
    return d if d == 0 or (d == 1 and min(len(a), len(b)) >= 4) else None


def _kind_and_slug(iri: str) -> tuple[str, str]:
    head, _, slug = iri.rstrip("/").rpartition("/")
    return head, slug


def _names(by_lang: dict) -> dict[str, list[str]]:
    return {lang: [names] if isinstance(names, str) else list(names) for lang, names in by_lang.items() if names}


def name_pairs(labels: dict[str, dict[str, list[str]]]) -> dict[str, str]:
    """Entity IRI -> the IRI naming the same thing in the other language (both ways), by transliteration.

    Entities are grouped by their name slug (a place and its system share
    it: ".../jurisdiction/carobel", ".../system/carobel"); only a group named
    in one language is a candidate, so a known place whose system happens to
    be named in one language (Austria's, only in Chinese texts) is never
    paired by sound with some other place.
    """
    groups: dict[str, list[str]] = defaultdict(list)
    for iri in labels:
        groups[_kind_and_slug(iri)[1]].append(iri)
    # (slug, language, skeleton -> its cost, (language, names))
    candidates: list[tuple[str, str, dict[str, float], tuple[str, list[str]]]] = []
    for slug, members in groups.items():
        # An acronym ("CETS") is written alike in both languages' texts: it says nothing of the language.
        names = {n for iri in members for ns in _names(labels[iri]).values() for n in ns if not _ACRONYM.match(n)}
        written = {("zh" if bool(re.search(r"[\u4e00-\u9fff]", n)) else "en") for n in names}
        if len(written) != 1:
            continue
        lang = written.pop()
        skeletons: dict[str, float] = {}
        for n in names:
            # A multi-word English label is a system's name ("Carobel ETS"), not a place's: only its first word.
            # An English name may be heard two ways ("Norvessa" as 诺维萨, its r silent: ``latin_skeletons``); a
            # name that matches as written is nearer than one that matches only as heard the other way
            # ("Tavuloa" and 塔武洛亚 before "Torvale" without its r).
            # A demonym ("Toravian") is heard as its place's name, which Chinese writes (托拉维亚), first.
            first = n.split()[0]
            heard = ([chinese_skeleton(n)] if lang == "zh" else
                     latin_skeletons(first[:-1]) + latin_skeletons(first) if first.endswith("ian") else latin_skeletons(first))
            for i, sk in enumerate(heard):
                if sk:
                    skeletons[sk] = min(skeletons.get(sk, 1.0), VARIANT_COST if i else 0.0)
        if skeletons:
            candidates.append((slug, lang, skeletons, (lang, sorted(names))))
    best: dict[str, dict[str, float]] = defaultdict(dict)  # slug -> other slug -> nearest distance
    for slug, lang, skeletons, _ in candidates:
        for other, other_lang, other_skeletons, _ in candidates:
            if other_lang == lang:
                continue
            found = [d + skeletons[a] + other_skeletons[b] for a in skeletons for b in other_skeletons
                     if (d := close(a, b)) is not None]
            if found:
                best[slug][other] = min(found)

    spelt = {slug: names for slug, _, _, names in candidates}

    def closeness(a: str, b: str) -> float:
        english, chinese = (a, b) if spelt[a][0] == "en" else (b, a)
        return max(spelling_closeness(e.split()[0], core(c)) for e in spelt[english][1] for c in spelt[chinese][1])

    def nearest(slug: str) -> str | None:
        found = best.get(slug, {})
        if not found:
            return None
        top = min(found.values())
        ties = [o for o, d in found.items() if d == top]
        if len(ties) == 1:
            return ties[0]
        # Names of one skeleton in a store of many texts ("Brevanne" and "Pellavian", both "blwn", for 布雷万): the
        # one spelt like the pinyin, vowels and all, by a clear margin ("brewanne" / "buleiwan"), else none.
        by = sorted(((closeness(slug, o), o) for o in ties), reverse=True)
        return by[0][1] if by[0][0] >= by[1][0] + CLOSENESS_MARGIN else None

    pairs: dict[str, str] = {}
    for slug in best:
        other = nearest(slug)
        if other is None or nearest(other) != slug:
            continue
        for a in groups[slug]:
            for b in groups[other]:
                if _kind_and_slug(a)[0] == _kind_and_slug(b)[0]:
                    pairs[a] = b
    return pairs


def with_paired_labels(labels: dict[str, dict[str, list[str]]]) -> tuple[dict[str, dict[str, list[str]]], dict[str, str]]:
    """The labels with each paired entity given its partner's names too, and the pairs (``name_pairs``)."""
    pairs = name_pairs(labels)
    if not pairs:
        return labels, pairs
    out = {}
    for iri, by_lang in labels.items():
        names = _names(by_lang)
        other = pairs.get(iri)
        if other:
            for lang, more in _names(labels.get(other, {})).items():
                names[lang] = list(dict.fromkeys(names.get(lang, []) + more))
        out[iri] = names
    return out, pairs
