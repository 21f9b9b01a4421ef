"""What Q&A knows about names: the systems and jurisdictions of one graph generation.

Everything here is read from the graph (``rdfs:label`` in zh/en,
``skos:altLabel``, ``ets:jurisdiction``, ``ets:status``, concept labels), once
per generation, so that linking a question costs no query. ``Lexicon.names``
is the list of surface forms a question may use for an entity:

- every label and alias, in both languages;
- a label without its parenthesised acronym ("Korea ETS" from
  "Korea ETS (K-ETS)") and the acronym itself ("K-ETS", "nEHS", "CPP");
- a label's trailing acronym when no other system's label ends with it
  ("TIER" for "Alberta TIER", "EPS" for "Ontario EPS", but not "OBPS", not
  even when the text gave one system "OBPS" as an alias);
- a Chinese place name without its 省/州/市/县 ("纽约" for "纽约州").

Place names of the gazetteer (``ingest.gazetteer``, names and translations
only) are added for places the graph has no jurisdiction for,
so "US states" can still be matched against report headings "(USA)".
"""
from __future__ import annotations

import re
import threading
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ingest.clean import squash
from ingest.document import to_simplified
from ingest.vocab import PLACE_MARKET_NAME
from kg.query import run_query
from search.tokenize import has_cjk

SYSTEM = "System"
JURISDICTION = "Jurisdiction"
PLACE = "Place"  # a vocabulary place without a jurisdiction in the graph

_NAMES = """
SELECT ?e ?kind ?p ?name WHERE {
  VALUES ?kind { ets:System ets:Jurisdiction }
  VALUES ?p { rdfs:label skos:altLabel }
  ?e a ?kind ; ?p ?name .
}"""

_SYSTEMS = """
SELECT ?s ?j ?status ?level ?design WHERE {
  ?s a ets:System .
  OPTIONAL { ?s ets:jurisdiction ?j }
  OPTIONAL { ?s ets:status ?status }
  OPTIONAL { ?s ets:level ?level }
  OPTIONAL { ?s ets:design ?design }
}"""

# The sentences the graph's facts about each system rest on: where the texts name it (``_text_names``).
_EVIDENCE = """
SELECT DISTINCT ?s ?text WHERE {
  ?s a ets:System .
  ?a a ets:Assertion ; rdf:subject ?s ; ets:evidenceText ?text .
}"""

_CONCEPTS = "SELECT ?c ?label WHERE { ?c skos:inScheme ?scheme ; skos:prefLabel ?label }"

_DOCS = ("SELECT ?id ?lang ?date WHERE { ?d a ets:Document ; dcterms:identifier ?id ; dcterms:language ?lang "
         "OPTIONAL { ?d dcterms:issued ?date } }")

_PAREN = re.compile(r"\s*[(（]([^()（）]+)[)）]\s*")
_UPPER_TAIL = re.compile(r"\b([A-Z][A-Z\-]{2,})$")
# Words of any market's name: initials of these alone name no market in particular ("ETS", "ETP").
_GENERIC_WORDS = {"emissions", "emission", "trading", "system", "scheme", "program", "programme", "market", "carbon",
                  "the", "of", "and", "for", "national", "pilot", "cap", "trade", "allowance"}
_ZH_PLACE_SUFFIX = re.compile(r"(?<=[\u4e00-\u9fff])(?:[省州市县縣]|共和[国國]|王[国國]|[联聯]邦)$")
# A province whose Chinese name is a transliteration (three characters or more before 省) goes by its first
# character and 省 ("魁省" for 魁北克省, "萨省" for 萨斯喀彻温省). Two-character names are Chinese provinces, whose
# short forms (粤, 鄂) are not their first character; 州 is left out, as its short forms are not unique ("佛州" is
# Florida's, not Vermont's).
_ZH_PROVINCE = re.compile(r"^([\u4e00-\u9fff])[\u4e00-\u9fff]{2,}省$")
# The English designation before a place's own name ("Republic of Halvesta", "the State of Brennmark"): texts
# and questions mostly leave it out ("Halvesta's emissions trading system").
_EN_PLACE_DESIGNATION = re.compile(r"^(?:the\s+)?(?:People's\s+)?(?:Republic|Kingdom|State|Province|Federation|"
                                   r"Commonwealth|Principality|Emirate|Sultanate|Grand\s+Duchy|Territory|Canton|"
                                   r"Prefecture|Municipality|City|Region|Autonomous\s+Region)\s+of\s+(?:the\s+)?",
                                   re.I)
# The English designation after it ("San Aurelio City", "Saitama Prefecture"): left out as often ("San Aurelio's
# market"). Written capitalised, so "Kansas city" in prose is no designation; the short name is kept only when
# it names no other entity or place ("Mexico City" is not "Mexico", "Quebec City" not "Quebec").
_EN_PLACE_TAIL = re.compile(r"\s+(?:City|Province|Prefecture|Municipality|County|Canton|Territory|Region|State)$")


def fold_char(ch: str) -> str:
    """One character as matching sees it: NFKC, case-folded, accents removed."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", ch).casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


@dataclass
class Folded:
    """A text folded for matching, with, per folded character, whether its source was upper case."""

    text: str
    upper: list[bool]


def fold(text: str) -> Folded:
    """Fold ``text`` character by character; "B.C." and "U.S." lose their dots.

    Traditional Chinese characters fold to simplified (one for one, so offsets hold): cue words,
    sector words and names are written once, in simplified characters, and a question in
    traditional characters ("已經開始運作") reads the same as its simplified twin."""
    text = re.sub(r"\b([A-Za-z])\.(?:([A-Za-z])\.)+", lambda m: m.group().replace(".", ""), text)
    out, upper = [], []
    for ch in text:
        f = fold_char(ch)
        out.append(f)
        upper.extend([ch.isupper()] * len(f))
    folded = "".join(out)
    return Folded(to_simplified(folded) if has_cjk(folded) else folded, upper)


_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[a-z]+|\d+(?:\.\d+)?")


def tokens(folded: str) -> list[tuple[str, int, int]]:
    """Tokens of folded text: one per Han character, latin word or number, with offsets."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(folded)]


@dataclass
class Entity:
    iri: str
    kind: str  # SYSTEM | JURISDICTION | PLACE
    labels: dict[str, str] = field(default_factory=dict)  # lang -> preferred label
    aliases: list[str] = field(default_factory=list)
    alias_lang: dict[str, str] = field(default_factory=dict)  # alias -> its language tag ("" when untagged)
    jurisdiction: str = ""  # systems
    status: str = ""  # systems: in_force | under_development | under_consideration
    level: str = ""
    design: str = ""
    systems: list[str] = field(default_factory=list)  # jurisdictions: their systems
    twins: list[str] = field(default_factory=list)  # systems: the same market read apart in the other language
    shared: set[str] = field(default_factory=set)  # aliases that, read without case and punctuation, name another system too

    def ref(self, lang: str) -> dict:
        """The entity as the evaluation's output shows it: its labels, the question's language first, then
        the other names the graph holds for it (``skos:altLabel``) under private-use tags of their language
        ("zh-x-alt1"), so that a reader matching names sees the name a text used ("OBPS" for a system
        labelled "產出基準定價制度"). A reader wanting one label per language reads the plain tags."""
        order = [lang] + [x for x in sorted(self.labels) if x != lang]
        labels = {x: self.labels[x] for x in order if x in self.labels}
        if lang not in labels:
            # No label in the question's language: a name in it (an alias) comes first, under the plain tag.
            own = next((a for a in self.aliases if self.alias_lang.get(a) == lang), None)
            if own is not None:
                labels = {lang: own, **labels}
        for n, alias in enumerate(self.aliases, 1):
            if alias in self.shared:
                continue  # "K-ETS" beside another system's "KETS": to a reader it names neither alone
            tag = self.alias_lang.get(alias, "")
            labels[f"{tag}-x-alt{n}" if tag else f"x-alt{n}"] = alias
        # A Chinese name in traditional characters, or mixing both scripts as an extractor joining a
        # traditional place to a simplified kind word writes it ("廣東试点"), in simplified characters too:
        # a reader matching names in one script finds it.
        shown = set(labels.values())
        for tag, name in list(labels.items()):
            simple = to_simplified(name) if tag.startswith("zh") else name
            if simple not in shown:
                shown.add(simple)
                labels[f"zh-x-alt{len(labels) + 1}"] = simple
        return {"iri": self.iri, "labels": labels}

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or next(iter(self.labels.values()), self.iri.rsplit("/", 1)[-1])


@dataclass
class Name:
    """One surface form of an entity, as folded tokens."""

    tokens: tuple[str, ...]
    iri: str
    kind: str
    short: bool  # two latin letters or fewer: must be written in capitals ("EU", "BC", "US")


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


class Lexicon:
    """Entities, names and concept labels of one generation."""

    def __init__(self, entities: dict[str, Entity], concepts: dict[str, dict[str, str]],
                 doc_lang: dict[str, str], places: dict[str, list[str]] | None = None,
                 sectors: set[str] | None = None, doc_date: dict[str, str] | None = None):
        self.entities = entities
        self.concepts = concepts  # local value ("in_force", "steel") -> {lang: label}
        self.sectors = sectors or set()  # values of the sector scheme
        self.doc_lang = doc_lang
        self.doc_date = doc_date or {}  # document id -> publication date "YYYY[-MM[-DD]]" ("" when undated)
        self.names: list[Name] = []
        self.place_names: dict[str, list[str]] = {}  # entity or place key -> every name
        self._place_of: dict | None = None  # jurisdiction IRI -> gazetteer place (``_places``)
        self._build_names(places or {})
        self._mark_shared()

    @property
    def systems(self) -> list[Entity]:
        return [e for e in self.entities.values() if e.kind == SYSTEM]

    def _places(self) -> dict:
        """The gazetteer's place of each jurisdiction of the graph that it knows (read once, on first need)."""
        if self._place_of is None:
            from ingest.gazetteer import gazetteer

            places = gazetteer()
            self._place_of = {}
            for e in self.entities.values():
                if e.kind == JURISDICTION:
                    found = (places.lookup(to_simplified(label) if lang == "zh" else label, lang)
                             for lang, label in e.labels.items())
                    place = next((p for p in found if p is not None), None)
                    if place is not None:
                        self._place_of[e.iri] = place
        return self._place_of

    def inside(self, iri: str) -> list[str]:
        """The jurisdictions of the graph that lie inside the country jurisdiction ``iri`` by the gazetteer
        (Guangdong and Hubei inside China): a country's pilots are its provinces' and cities' systems."""
        country = self._places().get(iri)
        if country is None or country.type != "country":
            return []
        return [j for j, place in self._places().items() if place.parent == country.id]

    @cached_property
    def umbrellas(self) -> list[str]:
        """The national systems whose country holds systems of its own provinces or cities (China's national
        market above its pilots): what the texts call the country's pilots are those below it. Read once: every
        question about pilots asks."""
        below = {e.jurisdiction for e in self.systems if e.level in ("subnational", "city")}
        return sorted(e.iri for e in self.systems
                      if e.level == "national" and e.jurisdiction and below & set(self.inside(e.jurisdiction)))

    def in_countries(self, codes: frozenset[str] | set[str]) -> list[str]:
        """The jurisdictions of the graph that lie in one of the countries ``codes`` (ISO 3166-1 alpha-2)."""
        from ingest.gazetteer import gazetteer

        return [j for j, place in self._places().items()
                if (country := gazetteer().country(place)) is not None and country.id in codes]

    def _add(self, name: str, iri: str, kind: str, seen: set, capitals: bool = False) -> None:
        folded = fold(name).text
        toks = tuple(t for t, _, _ in tokens(folded))
        if not toks or (iri, toks) in seen:
            return
        seen.add((iri, toks))
        short = capitals or len(toks) == 1 and toks[0].isascii() and toks[0].isalpha() and len(toks[0]) <= 2
        self.names.append(Name(toks, iri, kind, short))

    def _mark_shared(self) -> None:
        """Set each system's ``shared`` aliases: those spelt as another system's name once case, width and
        punctuation are dropped ("K-ETS", "KETS"), which a reader matching names loosely cannot tell apart."""
        spelt: dict[str, set[str]] = defaultdict(set)
        for e in self.systems:
            for name in [*e.labels.values(), *e.aliases]:
                spelt[squash(name)].add(e.iri)
        for e in self.systems:
            e.shared = {a for a in e.aliases if len(spelt[squash(a)]) > 1}

    def _build_names(self, places: dict[str, list[str]]) -> None:
        seen: set = set()
        owner: dict[str, set[str]] = defaultdict(set)  # folded name -> the entities and places it names
        for e in self.entities.values():
            for name in [*e.labels.values(), *e.aliases]:
                owner[fold(name).text].add(e.iri)
        for key, names in places.items():
            for name in names:
                owner[fold(name).text].add("place:" + key)
        # A province's short name names it only when no other province's shortens the same way (新斯科舍省 and
        # 新不伦瑞克省 would both be "新省").
        provinces: dict[str, set[str]] = defaultdict(set)
        for e in self.entities.values():
            if e.kind != SYSTEM:
                for name in [*e.labels.values(), *e.aliases]:
                    head = _ZH_PROVINCE.match(name)
                    if head:
                        provinces[head.group(1) + "省"].add(e.iri)
        tails: dict[str, set[str]] = defaultdict(set)
        for e in self.systems:
            for name in [*e.labels.values(), *e.aliases]:
                tail = _UPPER_TAIL.search(_PAREN.sub(" ", name).strip())
                if tail and tail.group(1) != "ETS":
                    tails[tail.group(1)].add(e.iri)
        for e in self.entities.values():
            names = list(e.labels.values()) + e.aliases
            self.place_names[e.iri] = names
            for name in names:
                if e.kind == SYSTEM and tails.get(name.strip(), {e.iri}) != {e.iri}:
                    continue  # an acronym several systems end with ("OBPS") names none of them alone
                self._add(name, e.iri, e.kind, seen)
                if e.kind != SYSTEM:
                    # "纽约" for "纽约州", "新斯科舍" for "新斯科舍省", "萨本德拉" for "萨本德拉共和国" (and in
                    # English, below): the designation is often left out.
                    short_zh = _ZH_PLACE_SUFFIX.sub("", name)
                    if short_zh != name and len(short_zh) >= 2:
                        self._add(short_zh, e.iri, e.kind, seen)
                    short_en = _EN_PLACE_DESIGNATION.sub("", name)  # "Halvesta" for "Republic of Halvesta"
                    if short_en != name and len(short_en) >= 3:
                        self._add(short_en, e.iri, e.kind, seen)
                    bare = _EN_PLACE_TAIL.sub("", name)
                    if bare != name and len(bare) >= 3 and owner.get(fold(bare).text, set()) <= {e.iri}:
                        self._add(bare, e.iri, e.kind, seen)
                    continue
                for inner in _PAREN.findall(name):
                    # An acronym ("K-ETS", "nEHS"), not a place ("Taiwan (China) ETS").
                    if sum(c.isupper() for c in inner) >= 2 and " " not in inner.strip():
                        self._add(inner, e.iri, e.kind, seen)
                bare = _PAREN.sub(" ", name).strip()
                if bare != name:
                    self._add(bare, e.iri, e.kind, seen)
        for short, owners in provinces.items():
            if len(owners) == 1 and owner.get(short, set()) <= owners:
                iri = next(iter(owners))
                self._add(short, iri, self.entities[iri].kind, seen)
        for acronym, owners in tails.items():
            if len(owners) == 1:
                self._add(acronym, next(iter(owners)), SYSTEM, seen)
        # The initials of a capitalised English name of three words or more ("CRP" for "Climate
        # Responsibility Program"): texts shorten a name so once they have spelt it out. Only one system's,
        # not of generic words alone ("ETS"), and written in capitals.
        initials: dict[str, set[str]] = defaultdict(set)
        for e in self.systems:
            for name in [*e.labels.values(), *e.aliases]:
                words = re.findall(r"[A-Za-z]+", _PAREN.sub(" ", name))
                if (len(words) >= 3 and all(w[0].isupper() for w in words)
                        and any(w.lower() not in _GENERIC_WORDS for w in words)):
                    initials["".join(w[0] for w in words)].add(e.iri)
        for acronym, owners in initials.items():
            if len(owners) == 1 and acronym not in tails:
                self._add(acronym, next(iter(owners)), SYSTEM, seen, capitals=True)
        known = {fold(n).text for names in self.place_names.values() for n in names}
        for key, names in places.items():
            if not any(fold(n).text in known for n in names):
                self.place_names["place:" + key] = names
                for name in names:
                    self._add(name, "place:" + key, PLACE, seen)


def load(gen, deadline: float | None = None) -> Lexicon:
    """Read names, systems, concept labels and document languages and dates from ``gen`` (four queries).

    ``deadline`` (``time.monotonic()``, a web request's) ends the queries there (``QueryTimeout``).
    """
    from ingest.gazetteer import gazetteer

    entities: dict[str, Entity] = {}
    for row in run_query(gen, _NAMES, deadline=deadline).rows:
        iri, kind = str(row["e"]), _local(str(row["kind"]))
        e = entities.setdefault(iri, Entity(iri, kind))
        name, lang = str(row["name"]), row["name"].language or ""
        if _local(str(row["p"])) == "label" and lang and lang not in e.labels:
            e.labels[lang] = name
        elif name not in e.aliases:
            e.aliases.append(name)
            e.alias_lang[name] = lang
    for row in run_query(gen, _SYSTEMS, deadline=deadline).rows:
        e = entities.setdefault(str(row["s"]), Entity(str(row["s"]), SYSTEM))
        e.jurisdiction = str(row.get("j") or "")
        e.status = _local(str(row.get("status") or ""))
        e.level = _local(str(row.get("level") or ""))
        e.design = _local(str(row.get("design") or ""))
        if e.jurisdiction in entities and e.iri not in entities[e.jurisdiction].systems:
            entities[e.jurisdiction].systems.append(e.iri)
    _home_market(entities, gazetteer())
    evidence: dict[str, list[str]] = defaultdict(list)
    for row in run_query(gen, _EVIDENCE, deadline=deadline).rows:
        evidence[str(row["s"])].append(str(row["text"]))
    _text_names(entities, evidence)
    _twins(entities)
    _named_in_both(entities)
    for e in entities.values():
        e.aliases = [a for a in e.aliases if a not in e.labels.values()]
        e.systems.sort()
    concepts: dict[str, dict[str, str]] = defaultdict(dict)
    sectors = set()
    for row in run_query(gen, _CONCEPTS, deadline=deadline).rows:
        value = _local(str(row["c"]))
        concepts[value][row["label"].language or ""] = str(row["label"])
        if "/vocab/sector/" in str(row["c"]):
            sectors.add(value)
    docs = run_query(gen, _DOCS, deadline=deadline).rows
    doc_lang = {str(r["id"]): str(r["lang"]) for r in docs}
    doc_date = {str(r["id"]): str(r.get("date") or "") for r in docs}
    vocab = {key: [n for names in place.names.values() for n in names] for key, place in gazetteer().places.items()}
    return Lexicon(entities, dict(concepts), doc_lang, vocab, sectors, doc_date)


# What Chinese texts call their own country's national market, the country unsaid ("全国碳市场扩围后…"):
# an extractor names it after its place ("中国碳市场"), so neither a question nor a reader matching
# names would know it by what the text calls it.
HOME_MARKET_NAMES = ("全国碳市场", "全国碳排放权交易市场")


def _home_market(entities: dict[str, Entity], places) -> None:
    """Give China's national system, when the graph has exactly one, the names Chinese texts call it by."""
    home = []
    for e in entities.values():
        j = entities.get(e.jurisdiction)
        if e.kind != SYSTEM or e.level != "national" or j is None:
            continue
        found = (places.lookup(label, lang) for lang, label in j.labels.items() if lang in ("en", "zh"))
        if any(p is not None and p.id == "cn" and p.type == "country" for p in found):
            home.append(e)
    if len(home) == 1:
        e = home[0]
        for name in HOME_MARKET_NAMES:
            if name not in e.aliases and name not in e.labels.values():
                e.aliases.append(name)
                e.alias_lang[name] = "zh"


# What a text calls a market by its own name: a quoted name ("维斯卡里亚的“工业碳责任计划”（ICRS）",
# "阿爾伯塔省…「技術創新及減排」制度（TIER）") or a capitalised one ("Washington opened its Cap-and-Invest
# Program"), ending in a word for a scheme, with the acronym in brackets after it.
_KIND_ZH = r"(?:计划|計畫|计画|計劃|制度|体系|體系|机制|機制|市场|市場|方案|条例|條例)"
_QUOTED_ZH = re.compile(rf"[“「『]([^”」』“「『，。；,;]{{2,20}}?)[”」』]({_KIND_ZH})?"
                        r"(?:\s*[（(]([A-Za-z][A-Za-z-]{1,9})[)）])?")
# A list's or table's row: the place, a colon, the name ("加州：總量管制與交易計畫自2013年…").
_COLON_ZH = re.compile(rf"[：:]\s*([^”」』“「『，。；,;：:\s]{{2,16}}?{_KIND_ZH})")
_KIND_EN = r"(?:Program|Programme|System|Scheme|Mechanism|Regulation|Market)"
_CAPITAL_EN = re.compile(rf"\b((?:[A-Z][\w-]*\s+){{1,5}}{_KIND_EN})\b(?:\s*\(([A-Za-z][A-Za-z-]{{1,9}})\))?")
# How far before a name its place may be said ("维斯卡里亚的“…”", "阿爾伯塔省自2020年1月起實施本省的「…」").
_PLACE_BEFORE = {"zh": 24, "en": 40}
_CLAUSE_END = re.compile(r"[。；;！？!?]|\.\s")


_MADE_EN = {"ets", "program", "programme", "market", "system", "scheme", "carbon market"}
_GENERIC_ZH = re.compile(r"^(?:的)?(?:碳排放权交易|碳排放交易|排放交易|碳交易|碳)?(?:市场|体系|制度|系统|机制)?$")


def _synthesised(e: Entity, j: Entity) -> bool:
    """Whether every label of system ``e`` is only its place's name and words for any market ("Tokyo ETS",
    "Washington program", "维斯卡里亚碳市场" for a place labelled "维斯卡里亚共和国"): a name made when the text
    gave none the extractor recognised."""
    places = [to_simplified(p) for p in [*j.labels.values(), *j.aliases]]
    places += [_ZH_PLACE_SUFFIX.sub("", p) for p in places]

    def made(label: str) -> bool:
        label = to_simplified(label)
        for place in sorted(set(places), key=len, reverse=True):
            if len(place) >= 2 and label.startswith(place):
                rest = label[len(place):].strip()
                return rest.lower() in _MADE_EN if rest.isascii() else bool(_GENERIC_ZH.match(rest))
        return False

    return bool(e.labels) and all(made(label) for label in e.labels.values())


# A phrase, not a name: a pronoun or "this" first ("其碳市场", "本市场"), or a date or "的" inside.
_NOT_A_NAME_ZH = re.compile(r"^[其本该該此这這]|\d|的")


def _own_name(name: str, places: list[str]) -> bool:
    """Whether a quoted Chinese phrase is a market's own name: it ends in a word for a scheme, is no phrase,
    and is more than a place and a word for any market ("黑山碳市场" is the made-up name again); a place
    inside it is at its start ("試點先行越南碳市場" is a headline)."""
    simple = to_simplified(name)
    if not re.search(_KIND_ZH + "$", name) or _NOT_A_NAME_ZH.search(simple):
        return False
    for place in (to_simplified(p) for p in places):
        if place in simple:
            if not simple.startswith(place) or _GENERIC_ZH.match(simple[len(place):]):
                return False
    return not _GENERIC_ZH.match(simple)


def _names_in(sentence: str, places: list[str], others: list[str]) -> list[tuple[str, str]]:
    """(name, language) of the names ``sentence`` gives a market right after one of ``places`` in the same
    clause, with no other place (``others``) between or inside: its acronym too."""
    simple = to_simplified(sentence)  # one character for one: offsets hold
    found = []
    for lang, pattern in (("zh", _QUOTED_ZH), ("zh", _COLON_ZH), ("en", _CAPITAL_EN)):
        for m in pattern.finditer(sentence):
            if pattern is _COLON_ZH:
                # Only right after the place: "加州：…", not a colon anywhere after it.
                if not any(simple[:m.start()].endswith(to_simplified(p)) for p in places):
                    continue
            name = m.group(1) + (m.group(2) or "") if pattern is _QUOTED_ZH else m.group(1)
            if lang == "en":
                name = re.sub(r"^(?:The|This|That|Its|Their|Our)\s+", "", name)  # an article opening the sentence
            if lang == "zh" and not _own_name(name, places):
                continue
            window = simple[max(0, m.start() - _PLACE_BEFORE[lang]):m.start()]
            window = _CLAUSE_END.split(window)[-1]
            at = max((window.rfind(to_simplified(p)) + len(p) for p in places if to_simplified(p) in window),
                     default=-1)
            if at < 0:
                continue
            between = window[at:] + simple[m.start():m.end()]
            if any(to_simplified(o) in between for o in others):
                continue
            found.append((name.strip(), lang))
            acronym = m.group(3) if pattern is _QUOTED_ZH else m.group(2) if pattern is _CAPITAL_EN else None
            if acronym and sum(c.isupper() for c in acronym) >= 2:
                found.append((acronym, ""))
    return found


def _text_names(entities: dict[str, Entity], evidence: dict[str, list[str]]) -> None:
    """Give a system known only by a made-up name ("Tokyo ETS") the names the texts call it by, read from the
    sentences its facts rest on, and show one of them first: a reader, and a reader's program matching
    names, knows it by what the texts say ("工业碳责任计划", "ICRS"), not by a name no text uses. A name read
    for more than one system names none of them."""
    places = {e.iri: [*e.labels.values(), *e.aliases] for e in entities.values() if e.kind == JURISDICTION}
    every = [p for names in places.values() for p in names if len(p) >= 2]
    read: dict[str, dict[str, str]] = {}
    owners: dict[str, set[str]] = defaultdict(set)
    for e in entities.values():
        j = entities.get(e.jurisdiction)
        if e.kind != SYSTEM or j is None or not _synthesised(e, j):
            continue
        own = places.get(j.iri, [])
        others = [p for p in every if p not in own and not any(p in o or o in p for o in own)]
        for sentence in evidence.get(e.iri, []):
            for name, lang in _names_in(sentence, own, others):
                read.setdefault(e.iri, {}).setdefault(name, lang)
                owners[name].add(e.iri)
    for iri, names in read.items():
        e = entities[iri]
        shown: set[str] = set()
        for name, lang in names.items():
            if owners[name] != {iri} or name in e.labels.values() or name in e.aliases:
                continue
            if lang and lang not in shown:
                # The text's first name in a language is shown; the made-up one stays a name questions may use.
                shown.add(lang)
                made = e.labels.get(lang)
                if made is not None:
                    e.aliases.append(made)
                    e.alias_lang[made] = lang
                e.labels[lang] = name
            else:
                e.aliases.append(name)
                e.alias_lang[name] = lang


_ACRONYM = re.compile(r"[A-Z][A-Z0-9-]*[A-Z][A-Z0-9-]*")


def _twins(entities: dict[str, Entity]) -> None:
    """Mark as twins two systems that share an acronym of three letters or more no other system has, one labelled
    only in languages the other has no label in ("托拉维亚碳市场" and "Toravian ETS", both "TETS"): the same market,
    read apart from the texts of each language. A question naming it in one language is about the facts the
    other holds too ("托拉维亚的碳市场什么时候开始运行？" where only the English texts date its start)."""
    owners: dict[str, set[str]] = defaultdict(set)
    for e in entities.values():
        if e.kind == SYSTEM:
            for name in [*e.labels.values(), *e.aliases]:
                if len(name.strip()) >= 3 and _ACRONYM.fullmatch(name.strip()):
                    owners[name.strip()].add(e.iri)
    for iris in owners.values():
        if len(iris) != 2:
            continue
        a, b = (entities[i] for i in sorted(iris))
        langs = [{tag.split("-")[0] for tag in x.labels} for x in (a, b)]
        if all(langs) and not langs[0] & langs[1]:
            a.twins = sorted({*a.twins, b.iri})
            b.twins = sorted({*b.twins, a.iri})


def _named_in_both(entities: dict[str, Entity]) -> None:
    """A system labelled in one language only ("California ETS") is also called after its place in the other
    ("加州碳市场"), when it is its jurisdiction's only system: an answer in either language then names it in
    that language, and a reader matching names finds the one its texts use."""
    for e in entities.values():
        j = entities.get(e.jurisdiction)
        if e.kind != SYSTEM or j is None or j.systems != [e.iri]:
            continue
        for lang, pattern in PLACE_MARKET_NAME.items():
            if lang in j.labels and lang not in e.labels and not any(e.alias_lang.get(a) == lang for a in e.aliases):
                name = pattern.format(place=j.labels[lang])
                e.aliases.append(name)
                e.alias_lang[name] = lang


_cache: dict[str, Lexicon] = {}
_lock = threading.Lock()


def lexicon_for(gen, deadline: float | None = None) -> Lexicon:
    """The lexicon of ``gen``, loaded on first use (by ``deadline``) and kept per generation directory."""
    key = str(Path(gen.path).resolve())
    with _lock:
        if key not in _cache:
            _cache.clear()  # one live generation at a time
            _cache[key] = load(gen, deadline)
        return _cache[key]
