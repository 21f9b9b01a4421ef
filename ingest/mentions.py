"""Mentions in one sentence: carbon markets, places, sectors and dates.

A carbon market is found by the shape of its name, not by layout: a market
head ("Emissions Trading System", "ETS", "cap-and-invest program",
"output-based pricing system", "碳排放权交易市场", "碳市场", "總量管制與交易")
with what qualifies it — a place or a demonym before it ("Korea's",
"Swiss", "岚江省"), an unknown proper name ("the Valdorian ETS"), an
acronym in parentheses ("(K-ETS)"), an ordinal ("ETS 2"). A head with
nothing that names it is a reference ("the scheme", "该市场") or a generic
use ("carbon markets around the world"); the entity stage decides which.

Everything here runs on the sentence's *match text*: Chinese in simplified
characters (one character for one), so offsets are those of the sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

from ingest import vocab
from ingest.gazetteer import Place, gazetteer
from ingest.programmes import APPOSED_ACRONYM, Programme
from ingest.transliterate import TRANSLITERATION

HEAD_EN = re.compile(
    # "carbon emission right trading market": the translated calque of 碳排放权交易市场
    r"(?:greenhouse[- ]gas |GHG |carbon |emissions? )?(?:emissions?|carbon|allowance|credit)(?:[- ]rights?)?[- ]trading "
    r"(?:system|scheme|program(?:me)?|market|regime|mechanism|pilot)s?"
    r"|carbon (?:market|trading pilot)s?"
    # "Carbon Allowance Market", "Emissions Allowance Market": a market of allowances, whatever it trades them in
    r"|(?:carbon|emissions?|GHG) allowance (?:market|system|scheme|program(?:me)?)s?"
    # "Carbon Cap Program", "Emissions Cap System": a cap on emissions run as a program, named by its place
    r"|(?:carbon|emissions?|GHG) cap (?:program(?:me)?|system|scheme)s?"
    r"|(?:(?<=linked )|(?<=shared )|(?<=joint ))market"
    r"|cap[- ]and[- ](?:trade|invest)(?:[- ](?:system|program(?:me)?|scheme|market|mechanism|regime)s?)?"
    r"|(?:output|performance)[- ]based (?:carbon )?pricing (?:system|scheme|program)s?"
    r"|baseline[- ]and[- ]credit (?:system|scheme|program|mechanism)s?"
    r"|(?:emissions? )?performance standards? (?:system|program)s?"
    r"|\b(?:ETS|ETSs|OBPS|EPS|PSS|TIER)(?:[- ]?(?:2|II))?\b"
    r"|\btrading (?:system|scheme|program)s?\b"
    r"|\bpilots?\b(?!\s+(?:ETSs?|emissions|carbon|markets?|schemes?|programs?|systems?|phase))"
    r"|\bemissions trading\b"
    r"|(?<=['’]s )(?:(?:own|national|new|current|regional|provincial|federal|municipal|city|state|pilot)\s+)?(?:system|scheme|programme|program|market)\b"
    r"|(?-i:\b[A-Z][\w-]*[- ]ETS(?:[- ]?(?:2|II))?\b)",
    re.I,
)
HEAD_ZH = re.compile(
    r"碳排放权?交易(?:市场|体系|系统|试点|机制|制度|计划)?"
    r"|(?:温室气体)?排放权?交易(?:市场|体系|系统|制度|计划|机制|试点)"
    r"|碳交易(?:市场|试点|体系|机制|制度|系统)?"
    r"|碳(?:权)?市场"
    r"|碳信用交易(?:机制|体系|计划)"
    # "基于产出的交易体系": an output-based (intensity) trading system, as "Output-Based Trading System" is in English
    r"|基于(?:产出|产量|强度)的?(?:碳)?(?:排放)?交易(?:体系|系统|机制|制度|计划)"
    r"|(?:排放)?配额交易(?:市场|体系|系统|制度|计划|机制)"
    r"|碳(?:排放)?配额市场"
    # "彭伯湖州碳配额计划": a programme of carbon allowances, as "Carbon Allowance Program" is in English
    r"|(?:碳|排放|温室气体)(?:排放)?配额(?:计划|体系|制度)"
    # "进入国家市场": in a text about carbon markets, the national (or provincial) market is one
    # ("国家市场监督管理总局" is an agency, "全国统一大市场" not a carbon market)
    r"|(?:(?<=国家)|(?<=全国)|(?<=省))市场(?!监|准入|主体|化|经济)"
    r"|(?<=本)体系|(?<=该)体系"  # "纳入本体系": a regulation's own market
    r"|总量(?:控制|管制)?(?:与|和|及)(?:交易|投资)(?:体系|机制|计划|制度|系统|市场|项目)?"
    r"|(?:基于产出的|产出基准)(?:碳)?定价(?:体系|系统|机制|制度)"
    # "工业排放绩效计划": a market of tradable performance units, as "Emissions Performance Scheme" is in English
    r"|排放绩效(?:计划|体系|制度|机制)"
    r"|试点"
    r"|排放交易(?!所|平台|中心)"
    # ASCII names inside Chinese text: \b does not separate them from Chinese characters (both are \w).
    r"|(?<![A-Za-z])(?:[A-Z][A-Za-z-]*[- ]?)?(?:ETS|OBPS|EPS|PSS|TIER)(?:[- ]?2)?(?![A-Za-z])"
)
# Words that qualify a head without naming it.
MODIFIERS_EN = (r"national|nationwide|regional|provincial|state(?:wide|-level)?|federal|municipal|city|pilot|"
                r"mandatory|compulsory|voluntary|new|second|first|proposed|planned|own|domestic|industrial|"
                r"economy-wide|sub-?national|joint|linked|separate|current|existing|future|upcoming|"
                r"long-awaited|full|fledgling|compliance|official")
PROPER_NOT_PLACE = {
    "The", "A", "An", "Its", "Their", "This", "That", "These", "Those", "National", "Nationwide", "Regional",
    "Provincial", "State", "Federal", "Municipal", "City", "Pilot", "New", "Second", "First", "Greenhouse", "Gas",
    "Carbon", "Climate", "Emissions", "Emission", "Trading", "System", "Scheme", "Program", "Programme", "Market",
    "Industrial", "Output-Based", "Output", "Performance", "Western", "Initiative", "Protection", "Pricing",
    "Mandatory", "Voluntary", "Compliance", "Under", "In", "On", "At", "By", "For", "From", "Since", "With", "While",
    "Both", "Each", "Every", "Other", "Such", "All", "Any", "Some", "One", "Two", "Three", "When", "Although",
    "Officials", "Ministry", "Government", "Department", "Agency", "Commission", "Parliament", "Council",
    "Cap", "Invest", "Trade", "Economy", "Energy", "Environment", "Environmental", "Ecology", "Act", "Law",
    "Regulation", "Regulations", "Decree", "Bill", "Article", "Section", "Chapter", "Q", "A", "Mr", "Ms", "Dr",
    "Large", "Big", "Heavy", "Global", "International", "World", "Worldwide", "Status", "Report", "News", "Date",
    "Key", "Facts", "Name", "Type", "Sectors", "Coverage", "Offsets", "Linkage", "Start", "Launch", "Design",
    "Level", "Jurisdiction", "Price", "Cap-and-Trade", "Cap-and-Invest", "Safeguard", "Mechanism", "Standards",
    "Standard", "Benchmark", "Phase", "Allowance", "Allowances", "Exchange", "Registry", "Auction", "Auctions",
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Building", "Buildings",
    "Europe", "Asia", "Africa", "Americas", "Pacific", "Neighbouring", "Neighboring", "Nearby",
    "Congress", "Senate", "Assembly", "Legislature", "Cabinet", "Court", "Diet", "Treasury", "Centre", "Center",
    "Governor", "President", "Minister", "Premier", "Mayor", "Office", "Authority", "Board", "Bureau", "Institute",
    "Note", "Notes", "Source", "Sources", "Editor", "Update", "Background", "Summary", "Contents", "Table", "Figure",
    "Urban", "Rural", "Factsheet", "Overview", "Profile", "Box", "Annex", "Appendix", "Annual", "Review", "Quarterly",
    "Monthly", "Weekly", "Outlook", "Watch", "Brief", "Briefing", "Interim", "Administration", "Management",
}
# English words that open many place names ("Port Lenhari", "New Aldmoor", "Fort Kessel"): a name's first word all
# the same, before another name word.
PLACE_PREFIX = r"(?:San|Santa|Santo|Saint|St\.|New|Port|Puerto|Porto|El|La|Las|Los|Fort|Mount|Lake|Cape|North|South|East|West)"
# A head inside the title of a law ("Interim Regulations on the Administration of Carbon Emissions Trading").
LAW_BEFORE = re.compile(r"\b(?:Regulations?|Act|Law|Measures|Rules|Decree|Directive|Ordinance)\s+(?:on|for|of|concerning)\s+"
                        r"(?:the\s+)?(?:[A-Z][\w-]*\s+(?:of\s+|and\s+)?){0,4}$")
ZH_BOUNDARY = set("，。；：、（）()“”\"'《》〈〉「」『』【】 \n\t的与和及同在对将已为是于由把被向从之或等并该本这各其个年月日了也均都仍还亦即就再又称下")
ZH_GENERIC = ("某", "全球", "全国", "国家", "国际", "地方", "区域", "首个", "自愿", "强制", "国内", "主要", "多个", "多数",
              "两个", "第二", "新的", "现有", "所有", "各地", "试点", "统一", "这些", "一个", "区域性", "我国",
              "世界", "其他", "其它", "中外", "中国特色", "行业", "企业", "重点", "目前", "未来", "已有", "上述",
              "联邦", "本国", "该国", "全省", "全市", "本省", "本市", "各省", "各国", "外国", "他国", "本地", "当地",
              "两国", "两地", "双方", "邻国", "邻省", "邻市", "外省", "外市", "他省", "多国", "跨国", "跨省", "跨区域", "我市",
              "我省", "我州", "我区", "我县")
# A common noun for a kind of place, which ends a phrase, not a name ("主动探索城市碳市场", "任何外国碳市场",
# "连接两国碳市场", "小岛国碳市场").
# (全国, 全省, 全市 anywhere in a candidate already make it none.)
ZH_GENERIC_END = ("城市", "两国", "两省", "两市", "外国", "岛国", "大国", "小国", "邻国", "邻省", "邻市", "外省", "外市",
                  "各国", "他国", "多国", "本国", "该国", "各省", "各市", "省市", "我市", "我省", "我国", "本市", "本省",
                  "该市", "该省")
# A word that brings in an example ("例如蘅浦市碳市场"), before a name but no part of it.
EXAMPLE_WORD_ZH = re.compile(r"^(?:例如|比如|譬如|诸如|包括|像是)")
ZH_PLACE_SUFFIX = re.compile(r"(?:省|市|州|县|国|岛)$")
ANAPHOR_EN = re.compile(r"\b(?:the|this|that|its|their|our|both|the two)\s+(?:(?:" + MODIFIERS_EN + r")\s+)*$", re.I)
ANAPHOR_ZH = re.compile(r"(?:该|本|此|其|这一?|这个|上述|两个|二者的?|两者的?|双方的?)(?:省|市|国|州)?(?:的)?(?:全国|地方|省级|市级|试点)?$")
# "the state's program", "该省碳市场": the market of a place the text just named, of that kind of place.
OWNER_EN = re.compile(r"\bthe\s+(state|province|country|nation|city|territory|municipality)['’]s\s+(?:(?:" + MODIFIERS_EN + r")\s+)*$", re.I)
OWNER_ZH = re.compile(r"(?:(?:该|本|此|这个?|我)(省|市|国|州)|(?:^|(?<=[^\u4e00-\u9fff])|(?<=[就在对与和及把将的入]))(省|市|州))"
                      r"(?:的)?(?:全国|地方|省级|市级|试点)?$")
OWNER_TYPE = {"state": "subnational", "province": "subnational", "territory": "subnational", "省": "subnational",
              "州": "subnational", "country": "country", "nation": "country", "国": "country", "city": "city",
              "municipality": "city", "市": "city"}


@dataclass
class MarketMention:
    start: int
    end: int
    text: str
    place: Place | None = None  # the place that qualifies it, from the gazetteer
    new_name: str = ""  # an unknown place name that qualifies it ("Valdoria", "岚江省")
    acronym: str = ""  # "(K-ETS)" after the head, or the head itself when it is one ("RGGI")
    ordinal: str = ""  # "2" for "ETS 2", "EU ETS2", "第二个碳市场"
    reference: bool = False  # "the scheme", "该市场": refers back
    plural: bool = False  # "carbon markets", "both schemes"
    level_word: str = ""  # national | subnational | city | supranational, from the words around it
    head: str = ""
    owner: str = ""  # the kind of place a reference names ("the state's program": subnational; a pilot's: local)
    programme: str = ""  # the name of a market named with no market head ("Safeguard Mechanism", "RGGI")


@dataclass
class PlaceMention:
    start: int
    end: int
    place: Place | None
    new_name: str = ""  # key of a place minted from the text
    kind: str = ""  # for a minted place, the kind its written form says ("塔武洛亚共和国", "State of Ambrell")


@dataclass
class SentenceMentions:
    markets: list[MarketMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    sectors: list[tuple[int, int, str]] = field(default_factory=list)


LEVEL_EN = [("supranational", r"\b(?:EU-wide|supranational|European)\b"),
            ("national", r"\b(?:national|nationwide|federal|country-wide|countrywide)\b"),
            ("city", r"\b(?:city|municipal|metropolitan|city-level)\b"),
            ("subnational", r"\b(?:state|provincial|regional|sub-?national|state-level|province-wide|statewide)\b")]
LEVEL_ZH = [("national", r"全国|国家级?|全國|联邦"), ("city", r"市级|城市"), ("subnational", r"省级|地方|州级|区域")]


def level_word(window: str, lang: str) -> str:
    for level, rx in (LEVEL_ZH if lang == "zh" else LEVEL_EN):
        if re.search(rx, window, 0 if lang == "zh" else re.I):
            return level
    return ""


def demonym_base(word: str, known: set[str]) -> str | None:
    """"Valdorian" -> "Valdoria" when the text also names Valdoria."""
    for cut in ("ian", "an", "n", "ese", "ish", "i"):
        if word.endswith(cut) and word[: -len(cut)] in known:
            return word[: -len(cut)]
        if word.endswith(cut) and word[: -len(cut)] + "a" in known:
            return word[: -len(cut)] + "a"
    return None


def kind_nouns(texts: Sequence[str]) -> frozenset[str]:
    """The nouns an English document's market heads end in ("cap-and-trade program" -> "program"): in that
    document, "a similar program", "the first U.S. program" speak of markets too."""
    kinds = {m.group(1).lower() for t in texts for m in re.finditer(
        r"(?:cap[- ]and[- ](?:trade|invest)|emissions? trading|carbon trading|baseline[- ]and[- ]credit)[- ]"
        r"(program(?:me)?|scheme|system)s?\b", t, re.I)}
    if any(re.search(r"\bETSs?\b", t) for t in texts):
        kinds.add("system")  # "ETS" is an emissions trading system
    return frozenset(kinds)


def market_mentions(text: str, lang: str, minted: dict[str, str] | None = None,
                    common: frozenset[str] = frozenset(), programmes: Sequence[Programme] = (),
                    kinds: frozenset[str] = frozenset()) -> list[MarketMention]:
    """Market mentions in ``text``; ``common`` holds words the document also writes in lower case (no names);
    ``programmes`` are the markets the document names with no market head (``ingest.programmes``); ``kinds``
    the nouns its market heads end in (``kind_nouns``)."""
    rx = HEAD_ZH if lang == "zh" else HEAD_EN
    out = []
    for m in rx.finditer(text):
        mm = _read_zh(text, m, minted or {}) if lang == "zh" else _read_en(text, m, minted or {}, common)
        if mm:
            out.append(mm)
    if lang == "en" and kinds:
        out += [mm for mm in _kind_mentions(text, kinds)
                if not any(o.start < mm.end and mm.start < o.end for o in out)]
    for mm in _programme_mentions(text, lang, programmes, kinds):
        if not any(o.start < mm.end and mm.start < o.end for o in out):
            out.append(mm)
    if GLOSS[lang].search(text):
        # "cap-and-trade 译为「总量管制与交易」": a translator's gloss quotes a term, it does not speak of a market.
        out = [mm for mm in out if not (text[mm.start - 1:mm.start] in OPEN_QUOTES and text[mm.end:mm.end + 1] in CLOSE_QUOTES)]
    return sorted(out, key=lambda mm: mm.start)


# Words of a sentence that says how a term is translated, written or (mis)described, not what a market does.
GLOSS = {"en": re.compile(r"\b(?:(?:mis)?translated|rendered|translates|spelt|spelled|described) (?:\w+ )?(?:as|into)\b|\b(?:the )?same meaning\b", re.I),
         "zh": re.compile(r"译为|译作|译成|直译|意译|译法|译名|描述为|形容为|误称为|误作|[」”』]\s*作\s*[「“『]|含义相同|意思相同")}
OPEN_QUOTES, CLOSE_QUOTES = "「“『\"‘", "」”』\"’"


KIND_QUALIFIER = r"(?:similar|linked|shared|joint|common|combined|sister|partner)"


# Words that may stand right before the kind noun of a market ("the first U.S. program", "a pilot system"); any other
# word makes it another noun's ("the energy system in Germany", "its tax system").
KIND_LEAD = re.compile(r"(?:\b(?:an?|the|its|their|own|similar|linked|shared|joint|common|combined|sister|partner|first|"
                       r"second|new|pilot|national|regional|state|provincial|federal|separate|domestic|mandatory|[A-Z][\w.’'-]*|"
                       r"(?:launch|introduc|establish|develop|set(?:ting)? up|creat|implement|adopt)\w*)"
                       r"|^)\s*$")


def _kind_mentions(text: str, kinds: frozenset[str]) -> list[MarketMention]:
    """"The first U.S. program began in California", "a similar program was launched in Québec": the document's kind
    noun with a place (an adjective before it, or "in <place>" after it or after its verb), or a qualifier that
    compares it with a market ("a similar program")."""
    out = []
    for m in re.finditer(r"\b(" + "|".join(sorted(kinds)) + r")(s?)\b", text, re.I):
        before = text[max(0, m.start() - 40):m.start()]
        if not KIND_LEAD.search(before):
            continue
        after = text[m.end():m.end() + 70]
        place = None
        lead = re.search(r"([A-Z][\w.’'-]*(?:\s+[A-Z][\w.-]*)?)\s+$", before)
        if lead and not re.search(r"['’]s?\s*$", lead.group(1)):
            place = gazetteer().lookup(lead.group(1).rstrip("."), "en")
        where = re.match(r"\s+(?:(?:was|were|is|has been|had been)\s+)?(?:\w+ed|began|begun|began operating|went live)?\s*"
                         r"(?:in|of)\s+((?:[A-Z][\w’'-]*\s?){1,3})", after)
        if where:
            found = gazetteer().find(where.group(1), "en")
            if found and found[0][0] == 0:
                place = found[0][2]  # the place after it is where it is, not the country before it ("U.S. program")
        qualified = re.search(r"\b" + KIND_QUALIFIER + r"\s+$", before, re.I)
        # "Colombia completes work to launch a pilot system": what a place sets up is its market.
        created = re.search(r"\b(?:launch|introduc|establish|develop|set(?:ting)? up|creat|implement|adopt)\w*\s+"
                            r"(?:(?:an?|its|their|own|national|pilot|new|first|mandatory|domestic)\s+)*$", before, re.I)
        if place is None and not qualified and not created:
            continue
        mm = MarketMention(m.start(), m.end(), m.group(0), head=m.group(0), place=place, plural=bool(m.group(2)))
        mm.reference = place is None and not created  # "a similar program" with no place: the clause decides whose
        mm.text = text[mm.start:mm.end]
        out.append(mm)
    return out


def _programme_mentions(text: str, lang: str, programmes: Sequence[Programme],
                        kinds: frozenset[str] = frozenset()) -> list[MarketMention]:
    """"Australia's Safeguard Mechanism", "RGGI", and "the mechanism" referring back to it, unless the document's
    market heads end in that noun too ("cap-and-trade program"): then "the program" may be any of them."""
    out: list[MarketMention] = []
    edge = (r"(?<![\w-])", r"(?![\w-])") if lang == "en" else (r"(?<![A-Za-z])", r"(?![A-Za-z])")
    for prog in programmes:
        if (HEAD_ZH if lang == "zh" else HEAD_EN).search(prog.name):
            continue  # "Performance Standards System": a market head names it, and the head's mention reads it
        forms = [(prog.name, False)] + ([(prog.acronym, False)] if prog.acronym else [])
        if lang == "en" and prog.noun and prog.noun not in kinds:
            forms.append(("the " + prog.noun, True))
        elif prog.noun:
            forms += [(det + prog.noun, True) for det in ("本", "该", "此")]  # "纳入本机制"
        for form, reference in forms:
            flags = re.I if reference else 0
            for m in re.finditer(edge[0] + re.escape(form) + edge[1], text, flags):
                if any(o.start < m.end() and m.start() < o.end for o in out):
                    continue
                # The head stays empty: the programme's name is a name, not a generic head ("ETS") standing alone.
                mm = MarketMention(m.start(), m.end(), m.group(0), programme=prog.key_name, reference=reference)
                acr = re.match(r"\s*[(（]\s*([A-Z][A-Za-z0-9-]{1,10})\s*[)）]", text[m.end():])
                if acr:
                    mm.end = m.end() + acr.end()
                if prog.acronym and not reference:
                    mm.acronym = prog.acronym
                lead = text[max(0, m.start() - 40):m.start()]
                near = [(a, p) for a, b, p in gazetteer().find(lead, lang)
                        if re.fullmatch(r"\s*(?:['’]s?)?\s*(?:的)?\s*", lead[b:])]
                mm.place = near[-1][1] if near and not reference else prog.place
                mm.new_name = "" if mm.place is not None else prog.new_place
                if near and not reference:
                    mm.start = m.start() - len(lead) + near[-1][0]
                mm.text = text[mm.start:mm.end]
                out.append(mm)
    return out


def _read_en(text: str, m: re.Match, minted: dict[str, str], common: frozenset[str]) -> MarketMention | None:
    head = m.group(0)
    # A bare "trading scheme" is a market only after what is traded ("emissions trading scheme") or how it allocates
    # ("Intensity-Based Trading System"), or as the capitalised name of one that gives its acronym ("Output-Based
    # Trading Scheme (OBTS)").
    if head.lower() in ("trading system", "trading scheme", "trading program") and not re.search(
            r"(?:emissions?|carbon|allowance|(?:output|intensity|rate|performance|benchmark)[- ]based)\W*$",
            text[:m.start()], re.I) and not (
            head[:1].isupper() and re.match(r"\s*[(（][A-Z][\w-]{1,10}[)）]", text[m.end():])):
        return None
    if head.upper() in ("EPS", "TIER") and not re.search(r"\(\s*" + head + r"\s*\)|\b" + head + r"\b", text):
        return None
    mm = MarketMention(m.start(), m.end(), head, head=head)
    if head.lower() in ("pilot", "pilots") and not (places_before(text, m.start(), "en")
                                                    or head.lower() == "pilots" and places_after(text, m.end(), "en")):
        return None  # "the Beijing and Shanghai pilots", "three pilots — Shenzhen, …, and Hubei": pilots of places
    if LAW_BEFORE.search(text[max(0, m.start() - 90):m.start()]):
        return None  # the title of a law, not a market it names
    # "its Emissions Trading Bill", "the exchange": a law or a venue the market is named in, not the market.
    if re.match(r"\s*(?:exchange|platform|registry|bill|act|law|decree|ordinance)\b",
                text[m.end():m.end() + 20], re.I) or head.lower() == "emissions trading" and re.match(r"\s*(?:system|scheme|program)", text[m.end():]):
        return None
    mm.plural = bool(re.search(r"(?:s|ETSs)$", head)) and not head.endswith("Gas") and head.lower() not in ("ets", "obps", "eps")
    ordinal = re.search(r"(?:[- ]?(2|II))$", head)
    # "ETS 2", "a separate/second ETS" and "the European Union's second emissions trading system": a second market of
    # the same place ("second-largest" ranks; it counts nothing).
    if ordinal and re.search(r"ETS", head) or re.search(r"\b(?:a|an)\s+(?:separate|second|another|additional|parallel)\s+(?:\w+\s+)?$|"
                                                         r"\b(?:the|its|their|\w+['’]s)\s+second\s+(?:\w+\s+)?$",
                                                         text[max(0, m.start() - 40):m.start()], re.I):
        mm.ordinal = "2"
    # Before the head: proper names, possessives, modifiers.
    before = text[max(0, m.start() - 80):m.start()]
    # Whole words only: "international" is no "national" (a market named "the largest international carbon market"
    # would be taken for the country's own).
    chunk = re.search(r"((?:\b(?:[A-Z][\w'’.-]*|of|and|the|de|du|la|" + MODIFIERS_EN + r")[\s-]+)*)$", before)
    words = chunk.group(1) if chunk else ""
    start = m.start() - len(words)
    names = [(w.start() + start, w.end() + start, w.group(0)) for w in re.finditer(r"[A-Z][\w'’.-]*", words)]
    # A prefixed acronym in the head itself ("K-ETS", "EU ETS", "NZ ETS").
    prefix = re.match(r"([A-Z][\w-]*)[- ]ETS", head)
    if prefix:
        names.append((m.start(), m.start() + len(prefix.group(1)), prefix.group(1)))
    places = gazetteer()
    # A known place anywhere in the name wins ("Tokyo Metropolitan Government's cap-and-trade program");
    # an unknown name only when it is the word right before the head ("the Valdorian ETS").
    for ns, ne, word in reversed(names):
        bare = re.sub(r"['’]s?$", "", word).rstrip(".")
        place = places.lookup(bare, "en")
        if place is None:
            # multi-word place ending in this word ("New Zealand's", "Nova Scotia")
            base = max(0, ns - 40)
            for ps, pe, p in places.find(text[base:ne], "en"):
                if ps + base <= ns < pe + base:
                    place, ns = p, ps + base
        if place:
            mm.place = place
            mm.start = min(mm.start, ns)
            break
    # A name of several words the document already knows ("the San Aurelio Emissions Trading System").
    known = [n for n in minted if " " in n and re.search(r"\b" + re.escape(n) + r"(?:['’]s?)?\s*$", words)]
    if mm.place is None and known:
        name = max(known, key=len)
        mm.new_name, mm.start = name, min(mm.start, start + words.rfind(name))
    elif mm.place is None and names:
        # A name the document already knows anywhere in the qualifier ("the Lunmere City ETS"), else the
        # word right before the head when it can be a name.
        for ns, ne, word in reversed(names):
            bare = re.sub(r"['’]s?$", "", word).rstrip(".")
            base = bare if bare in minted else demonym_base(bare, set(minted))
            if base:
                mm.new_name, mm.start = base, min(mm.start, ns)
                break
        else:
            # The last word that can be a name, past modifiers ("Qinyu" in "the Qinyu City ETS", "Ilora" in "the
            # Santa Ilora Building Emissions Trading Program"), with the name words right before it ("Santa").
            k = len(names) - 1
            while k > 0 and (names[k][2] in PROPER_NOT_PLACE or names[k][2].lower() + "s" in common):
                k -= 1
            ns, ne, word = names[k]
            bare = re.sub(r"['’]s?$", "", word).rstrip(".")
            while (k > 0 and names[k - 1][1] + 1 == ns
                   and (is_name(names[k - 1][2], common) or re.fullmatch(PLACE_PREFIX, names[k - 1][2]))
                   and not re.search(r"['’]s$", names[k - 1][2]) and not _sentence_start(text, names[k - 1][0])):
                k -= 1
                ns = names[k][0]
                bare = text[ns:ne].rstrip(".").removesuffix("'s").removesuffix("’s")
            last = bare.split()[-1]
            # A capitalised word that opens a sentence may be any word; it is a name when the sentence is only the
            # market's name (a title line), a table row's first cell ("Pellmark ETS | March 2016 | power") or a list
            # item's head ("- Pellmark ETS — started 2016; …"), or a quoted field of a CSV record ('PEL,"Pellmark ETS",…').
            alone = bool(re.fullmatch(r"\s*(?:[(（][^)）]*[)）])?\s*[:：.]?\s*(?:[|｜\t].*|[—–-]\s.*|\",.*)?", text[m.end():],
                                      flags=re.S))
            if (is_name(last, common, first=bare == last) and last.lower() + "s" not in common
                    and (not _sentence_start(text, ns) or re.search(r"['’]s$", word) or alone)):
                mm.new_name, mm.start = bare, min(mm.start, ns)
    # After the head: "(K-ETS)", "of Valdoria", "in Valdoria".
    after = text[m.end():m.end() + 60]
    # "(K-ETS)", or a short name the text defines for it: '(the "Program")'.
    acr = re.match(r"\s*[(（]\s*(?:the\s+[\"“])?([A-Za-z][\w.-]{1,14}(?:\s?\d)?)[\"”]?\s*[)）]", after)
    if acr and any(ch.isupper() for ch in acr.group(1)):
        mm.acronym = acr.group(1)
        mm.end = m.end() + acr.end()
        if re.search(r"(?:2|II)$", acr.group(1)) and "ETS" in acr.group(1):
            mm.ordinal = "2"
    # "its cap-and-trade scheme, known by its initials BEAS": the acronym given in an apposition.
    known = APPOSED_ACRONYM.match(after)
    if known and not mm.acronym:
        mm.acronym = known.group(1)
    # "a national cap-and-trade market, the DETS, since 2019": an apposition that is only an acronym names the market
    # when it starts as the market's place does or spells a market's head.
    bare = re.match(r"\s*,\s+the\s+([A-Z][A-Z0-9-]{1,9})\s*(?=[,;.)]|$)", after)
    initial = mm.new_name[:1] or (mm.place.label("en")[:1] if mm.place else "")
    if bare and not mm.acronym and (initial and bare.group(1).startswith(initial) or "ETS" in bare.group(1)):
        mm.acronym = bare.group(1)
    if mm.place is None and not mm.new_name:
        of = re.match(r"\s+(?:of|in|for)\s+(?:the\s+)?((?:[A-Z][\w'’.-]*\s?){1,3})", after)
        if of:
            found = places.find(of.group(1), "en")
            if found and found[0][0] == 0:
                mm.place = found[0][2]
            elif of.group(1).split()[0] in minted:
                mm.new_name = of.group(1).split()[0]
    # "the California–Québec carbon market", "a shared Carobel–Miravel market": one linked market of two places.
    joint = re.search(r"([A-Z][\w'’.-]*)\s*[–—/]\s*([A-Z][\w'’.-]*)\s+(?:(?:" + MODIFIERS_EN + r")\s+)*$", text[:m.start()])
    if not mm.plural and joint and (mm.place is not None or mm.new_name) and (
            places.lookup(joint.group(1), "en") or joint.group(1) in minted):
        mm.plural = True
    # "The federal Output-Based Pricing System", "the national ETS": the modifiers before the head say its level too.
    mm.level_word = level_word(text[min(mm.start, start):m.end()], "en")
    if mm.place is None and not mm.new_name:
        lead = text[max(0, mm.start - 30):mm.start]
        if ANAPHOR_EN.search(lead) or re.search(r"\b(?:the|its|their)\s*$", text[max(0, m.start() - 40):m.start()], re.I):
            mm.reference = True
        owner = OWNER_EN.search(text[max(0, m.start() - 60):m.start()])
        if owner:
            mm.reference, mm.owner = True, OWNER_TYPE[owner.group(1).lower()]
        if mm.plural and not re.search(r"\b(?:these|those|their|both|two)\s+(?:\w+\s+){0,2}$", lead, re.I):
            mm.reference = False  # "the carbon markets in operation": markets in general, not the last ones named
        if re.search(r"\b(?:both|the two)\s+(?:\w+\s+)?$", text[max(0, m.start() - 30):m.start()], re.I):
            mm.plural, mm.reference = True, True
    mm.text = text[mm.start:mm.end]
    return mm


def places_before(text: str, pos: int, lang: str) -> list[Place]:
    """Places named in the enumeration right before ``pos``: "Beijing, Shanghai and Tianjin pilots", "北京、上海等试点"."""
    window = text[max(0, pos - 80):pos]
    found = gazetteer().find(window, lang)
    out, end = [], len(window)
    for s, e, p in reversed(found):
        gap = window[e:end]
        # "the German National and UK ETSs": modifiers may stand between the places and their separators.
        if not re.fullmatch(r"\s*(?:['’]s)?(?:,|、|，|和|及|与|以及|and|&|等|\s|[•·▪*–—-]|(?i:(?:" + MODIFIERS_EN + r")\b))*\s*"
                            r"(?:等?[一二三四五六七八九十两\d]*(?:个|地|省|市)?)?(?:(?i:" + MODIFIERS_EN + r")\s*)*(?:的)?(?:碳排放权交易)?", gap):
            break
        out.append(p)
        end = s
    return out[::-1]


# What joins a plural market to the places it then lists: "pilot ETSs in A, B and C", "the seven pilots are A, B …",
# "试点包括A、B", "试点分别为A、B".
LIST_AFTER = {"en": re.compile(r"\s*(?:(?:located |set up |operating |running )?in|are|were|include|including|namely|:|—|–)\s+(?:the\s+)?", re.I),
              "zh": re.compile(r"\s*(?:分别(?:是|为|位于|设在)|包括|包含|即|为|是|[:：]|位于|设在|设于|落户)\s*")}


def places_after(text: str, pos: int, lang: str) -> list[Place]:
    """Places the enumeration right after ``pos`` lists as the members of a plural market: "regional pilot ETSs in
    Beijing, Tianjin and Shanghai", "八个地方试点包括北京、天津……". Two at least: "markets in Europe" names a region."""
    lead = LIST_AFTER[lang].match(text, pos)
    if lead is None:
        return []
    window = text[lead.end():lead.end() + 300]
    out, end = [], 0
    for s, e, p in gazetteer().find(window, lang):
        # Each member may carry an aside: "three pilots — Shenzhen, which opened in June 2013, Guangdong, which
        # followed …, and Hubei", "深圳（2013年6月）、广东（2013年12月）".
        if not re.fullmatch(r"\s*(?:,\s*(?:which|that|where)\b[^,;.()]{0,80}|\s*\([^)]{0,60}\)|（[^）]{0,60}）)?"
                            r"\s*(?:,|、|，|和|及|与|以及|and|&|\s)*\s*", window[end:s]):
            break
        out.append(p)
        end = e
    return out if len(out) >= 2 else []


def is_name(word: str, common: frozenset[str], first: bool = True) -> bool:
    """Could ``word`` be an unknown place's name: capitalised, not a known non-name, never written in lower case,
    and, as a name's first or only word, no English word, nor one with an ending ("Earmarking" is "earmark" +
    "-ing"); a later word may be one ("Orvane Union")."""
    lower = word.lower()
    if "-" in word and _english(lower.rsplit("-", 1)[-1]) and _english(lower.split("-", 1)[0]):
        return False  # "City-Level", "Cap-and-Invest" in a title: English words joined, no name
    return (word not in PROPER_NOT_PLACE and not word.isupper() and len(word) > 2 and word[:1].isupper()
            and lower not in common and not (first and _english(lower)))


def _english(lower: str) -> bool:
    words = vocab.english_words()
    return lower in words or any(lower.endswith(e) and len(lower) - len(e) >= 4 and lower[:-len(e)] in words
                                 for e in ("ing", "ed", "s", "es", "ion", "ment"))


def lower_words(text: str) -> frozenset[str]:
    """Words the text writes in lower case, outside addresses ("pce@ambiente.serranova.example", "www.x.gov"),
    which write names in lower case too."""
    text = re.sub(r"\S+@\S+|\b(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+/\S*", " ", text)
    return frozenset(re.findall(r"\b[a-z][a-z'-]+\b", text))


def _sentence_start(text: str, pos: int) -> bool:
    return not text[:pos].strip() or bool(re.search(r"(?:[.!?:;\n•·▪*–-]|^\s*\d+[.)])\s*[\"“(]?$", text[:pos]))


# 试点 opening a clause, as its subject ("…，目前试点覆盖纺织印染", "试点要处理好与全国市场的关系"), or right after a verb
# that brings emitters into it ("将数据中心纳入试点管理").
PILOT_SUBJECT = re.compile(r"(?:^|[，。；：,;:\n])\s*(?:目前|当前|现阶段|现在|今年|此后|同时|其中|届时|此外)?$|(?:纳入|进入|转入|加入)$")


def _read_zh(text: str, m: re.Match, minted: dict[str, str]) -> MarketMention | None:
    head = m.group(0)
    if re.match(r"(?:服务|信息|研究)?(?:所|平台|中心|网|协会|院)", text[m.end():m.end() + 4]):
        return None  # an exchange, a trading platform or a service centre is not the market
    # "八个地方试点", "七个首批试点": a count of pilots, whatever words of kind stand between.
    counted = re.search(r"[两二三四五六七八九十\d]+个(?:地方|区域|省市|城市|首批|第[一二三]批|碳交易|碳排放权交易)*的?$", text[max(0, m.start() - 14):m.start()])
    # "试点分别为上海和湖北": pilots are many by nature; a market ("碳市场包括北京、上海的企业") lists its members' places.
    listed_after = head.endswith("试点") and places_after(text, m.end(), "zh")
    # "试点" alone is a market only after the places it belongs to, an anaphor, a count, before the places it lists,
    # or (below) a place the gazetteer does not know with its suffix ("棠桥市试点") or one the text names elsewhere.
    bare = head == "试点" and not (places_before(text, m.start(), "zh") or re.search(r"(?:该|本|各|等|个)(?:省|市|州)?$", text[:m.start()])
                                   or counted or listed_after)
    mm = MarketMention(m.start(), m.end(), head, head=head)
    if head == "试点" and (re.search(r"(?:各|等|个|些|[两二三四五六七八九十]地的?)$", text[:m.start()]) or re.match(r"(?:地区|省市|城市)", text[m.end():])) or re.search(
            r"(?:一些|多个|各个?|这些|部分|若干|诸多|许多|其他|其它|不少|众多)[^，。；]{0,8}$", text[max(0, m.start() - 12):m.start()]) or counted or listed_after:
        mm.plural = True
    if re.search(r"(?:全球|世界|世界各地|全球各地|各国|各地|国际)(?:的)?(?:主要)?$", text[max(0, m.start() - 8):m.start()]):
        mm.plural = True  # "全球碳市场需采取创新策略": markets around the world, not one
    if re.search(r"(?:国家|全国|地方|省|市|次国家|区域|城市)级?(?:与|和|及|、|或)(?:国家|全国|地方|省|市|次国家|区域|城市)级?(?:的)?$",
                 text[max(0, m.start() - 10):m.start()]):
        mm.plural = True  # "国家与次国家碳市场连结之法律障碍": markets of two levels, none of one place
    if re.match(r"的?(?:两|几|多|三|四|各)(?:种|个|类|套)", text[m.end():m.end() + 4]):
        mm.plural = True  # "美国碳市场的两种模样": a country's markets, not one of them
    trailing = re.match(r"\s*2(?![\d.年月日%])", text[m.end():m.end() + 3])
    if re.search(r"ETS[- ]?2$", head) or trailing or re.search(
            r"(?:第二(?:个|套|期|阶段的)?|独立的?|另一个|另外一个|单独的?)$", text[:m.start()]):
        mm.ordinal = "2"
    if trailing:  # "欧盟碳市场2": the numeral is part of the name
        mm.end = m.end() + trailing.end()
    before = text[max(0, m.start() - 14):m.start()]
    # 之 is the literary 的 of Taiwan and Hong Kong renderings ("魁北克省之总量管制与交易制度").
    lead = re.sub(r"[的之]?(?:全国|国家级?|联邦|地方|省级|市级|州级|区域|试点|统一|强制性?|自愿|首个|新的?|第二个?|国内|独立的?|现行的?|正式的?|一个|两个|联合的?)*$", "", before)
    mod_start = m.start() - (len(before) - len(lead))
    places = gazetteer()
    hit = [(s, e, p) for s, e, p in places.find(lead, "zh")
           if e == len(lead) or re.fullmatch(r"(?:省|市|州)?(?:政府|当局)?的?", lead[e:])]
    prefix = re.match(r"([A-Z][A-Za-z]*)[- ]?(?:ETS|OBPS|EPS|PSS)", head)
    if prefix and gazetteer().lookup(prefix.group(1), "en") is not None:
        mm.place = gazetteer().lookup(prefix.group(1), "en")  # "EU ETS", "K-ETS" in Chinese text: the name's own place
    elif hit:
        s, e, p = hit[-1]
        mm.place, mm.start = p, m.start() - len(before) + s
        if p.type == "country" and re.search(r"(?:州级|省级|市级|地方)(?:的)?$", text[:m.start()]):
            mm.plural = True  # "美国州级碳市场": a country's state markets, not one national market
    else:
        for name in sorted(minted, key=len, reverse=True):
            if re.search(re.escape(name) + r"(?:省|市|州|县|国)?的?$", lead):
                mm.new_name = name
                mm.start = m.start() - len(before) + lead.rfind(name)
                break
        else:
            run = re.search(r"([\u4e00-\u9fff]{2,7})$", lead)
            if run:
                cand = run.group(1)
                # 本 opens "本市/本国" but is also a transliteration character: inside a foreign name ("萨本德拉") it
                # follows another one and bounds nothing ("规范本省" still ends at 本).
                cut = max((i for i, ch in enumerate(cand) if ch in ZH_BOUNDARY
                           and not (ch == "本" and 0 < i < len(cand) - 1 and cand[i - 1] in TRANSLITERATION
                                    and cand[i + 1] in TRANSLITERATION)), default=-1)
                # "本市设立霁港市碳排放交易制度": the verb that sets the market up is no part of its place's name, nor is a
                # contrast before it ("而非托国碳市场", rather than the country's market)
                cand = re.sub(r"^.*(?:而非|并非|而是|不是)", "", cand[cut + 1:])
                cand = cand[verb_end(cand):]
                cand = EXAMPLE_WORD_ZH.sub("", cand)  # "例如蘅浦市碳市场": the example's word is no part of the name
                foreign = re.search("[" + TRANSLITERATION + "]{3,}$", cand)
                if (2 <= len(cand) <= 6 and ZH_PLACE_SUFFIX.search(cand) and not cand.startswith(ZH_GENERIC)
                        and not cand.endswith(ZH_GENERIC_END)
                        and not any(g in cand for g in ("全国", "全省", "全市", "全州", "国家", "国际", "地方")) and not verb_then_suffix(cand)):
                    mm.new_name = cand
                    mm.start = m.start() - len(cand) - (len(lead) - run.end())
                elif foreign:
                    # "建立奥斯特雷尼亚碳排放交易体系": a foreign name written in the characters Chinese uses to
                    # transliterate, which ordinary words of this length do not consist of.
                    mm.new_name = foreign.group(0)
                    mm.start = m.start() - len(mm.new_name) - (len(lead) - run.end())
    # "（ETS）", "(K-ETS)", or the English name and then the acronym: "（Output-Based Pricing System，OBPS）".
    acr = re.match(r"\s*[（(]\s*(?:英语|英文)?[：:]?\s*(?:[A-Za-z][\w .-]{1,60}?[，,]\s*)?(?:简称)?([A-Za-z][\w .-]{1,40}?(?:\s?\d)?)\s*[)）]",
                   text[m.end():m.end() + 80])
    if acr and any(ch.isupper() for ch in acr.group(1)):  # "（ETS）", "(K-ETS)"; not a gloss "（cap-and-trade）"
        mm.acronym = acr.group(1)
        mm.end = m.end() + acr.end()
    window = text[max(0, mm.start - 6):m.end()]
    mm.level_word = level_word(window, "zh")
    if mm.place is None and not mm.new_name and re.fullmatch(r"联邦|全国|国家", text[mod_start:m.start()]):
        mm.start = mod_start  # "联邦OBPS": the level word is part of the name
    if mm.place is None and not mm.new_name:
        if ANAPHOR_ZH.search(text[max(0, m.start() - 8):mod_start]) or ANAPHOR_ZH.search(text[max(0, m.start() - 8):m.start()]):
            mm.reference = True
        owner = OWNER_ZH.search(text[max(0, m.start() - 8):mod_start]) or OWNER_ZH.search(text[max(0, m.start() - 8):m.start()])
        if owner:  # "该省碳市场", "我省碳市场", "就省碳市场运行情况": the province's market
            mm.reference, mm.owner = True, OWNER_TYPE[owner.group(1) or owner.group(2)]
        if re.search(r"(?:两个|二者|两者|双方)(?:的)?$", text[max(0, m.start() - 6):m.start()]):
            mm.plural, mm.reference = True, True
    if bare and mm.place is None and not mm.new_name:
        if not PILOT_SUBJECT.search(text[:m.start()]):
            return None
        mm.reference, mm.owner = True, "local"  # "目前试点覆盖纺织印染…": the pilot the text is about
    mm.text = text[mm.start:mm.end]
    return mm


def verb_then_suffix(cand: str) -> bool:
    """"纳入省碳市场": a verb and the bare word 省 (the province's market), not a place named 纳入省."""
    import jieba.posseg

    words = list(jieba.posseg.cut(cand))
    if len(words) == 1 and words[0].flag.startswith("v"):
        return True  # "为2021年7月开市的全国碳市场": 开市 is a verb, no place
    if len(words) >= 2 and words[-1].flag.startswith("v") and len(words[-1].word) >= 2:
        return True  # "试点开市时覆盖的…": the suffix ends a verb (开市, 上市, 入市) after its subject, no place "试点开市"
    # A one-character "verb" is how jieba tags pieces of names it does not know ("霖/湾/市"); verbs that
    # take a market as object are words ("纳入", "参加").
    # "根据市碳市场…": a preposition before 市 as well ("根据/p 市").
    return len(words) >= 2 and len(words[-1].word) == 1 and words[-2].flag in ("v", "p") and len(words[-2].word) >= 2


def verb_end(cand: str) -> int:
    """Where the last common verb of ``cand`` ends ("研究瑞滩市", "设立霁港市": the meeting studied, the city set up
    the market of the place after it), by jieba's part-of-speech tags; 0 when none does. What follows it must still
    be a name of two characters or more."""
    end = 0
    for i in range(len(cand) - 3):
        freq, flag = _dictionary_word(cand[i:i + 2])
        if flag.startswith("v") and freq >= 100:
            end = i + 2
    return end


def ordinary_word(stem: str) -> bool:
    """Whether ``stem`` is a common word of jieba's dictionary that is no name ("经商", to do business, in
    "经商市发展改革委同意": after consulting the city's commission): a place the gazetteer does not know is rarely
    one ("琴屿", "汐州" are in no dictionary; "凯文" is, as a name)."""
    freq, flag = _dictionary_word(stem)
    return freq >= 100 and not flag.startswith(("ns", "nr", "nz"))


def _dictionary_word(word: str) -> tuple[int, str]:
    """jieba's frequency and part-of-speech tag of ``word`` (0 and "" for a word its dictionary lacks)."""
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.dt.check_initialized()  # the frequencies are read with the dictionary, on the first cut otherwise
    return jieba.dt.FREQ.get(word, 0), jieba.posseg.dt.word_tag_tab.get(word, "")


@lru_cache(maxsize=2)
def _sector_terms(lang: str) -> list[tuple[str, str]]:
    terms = [(name, tid) for tid, term in vocab.sectors().items() for name in term.names.get(lang, [])]
    return sorted(terms, key=lambda t: -len(t[0]))


# A sector's word used for something else: "renewable energy", "energy efficiency", "power purchase agreements".
NOT_SECTOR_BEFORE = {"en": re.compile(r"(?:renewable|clean|green|nuclear|solar|wind|primary|final)\s+$", re.I),
                     "zh": re.compile(r"(?:可再生|清洁|新|绿色|一次|非化石)$")}
NOT_SECTOR_AFTER = {"en": re.compile(r"^\s+(?:recovery|efficiency|purchase|security|transition|prices?|savings|audits?|"
                                     r"consumption|intensity|mix|poverty|storage|sources?)\b", re.I),
                    "zh": re.compile(r"^(?:回收|效率|转型|安全|价格|消费|结构|强度|储存|来源)")}


def sector_mentions(text: str, lang: str) -> list[tuple[int, int, str]]:
    """Sector terms, longest first, no overlaps; English whole words, case-insensitive.

    Chinese text also gets the English terms it quotes: code-switched writing names sectors in English inside
    Chinese sentences ("针对buildings和road transport用的燃料"). There a Chinese character bounds an English
    word as a space does."""
    taken = [False] * len(text)
    out = []
    low = text.lower()
    rounds = [(lang, str.isalnum)]
    if lang == "zh" and re.search(r"[A-Za-z]{3}", text):
        rounds.append(("en", lambda ch: ch.isascii() and ch.isalnum()))
    for terms, inword in rounds:
        for name, tid in _sector_terms(terms):
            needle = name.lower() if terms == "en" else name
            pos = low.find(needle) if terms == "en" else text.find(needle)
            while pos >= 0:
                end = pos + len(needle)
                ok = not any(taken[pos:end])
                if terms == "en":
                    ok = ok and (pos == 0 or not inword(text[pos - 1])) and (
                        end == len(text) or not inword(text[end]) or text[end] == "s")
                if (ok and terms == "en" and text[pos].isupper() and text[:pos].strip()
                        and not re.search(r"[.:;!?\n•\-–]\s*$", text[:pos])
                        and re.match(r"[\w-]*(?:\s+(?:and|of|the|for|&))*\s+[A-Z][a-z]", text[end:])):
                    ok = False  # inside a proper name ("the Transportation and Climate Initiative Program")
                if ok and tid in ("energy", "power") and (NOT_SECTOR_BEFORE[terms].search(text[max(0, pos - 14):pos])
                                                       or NOT_SECTOR_AFTER[terms].search(text[end:end + 14])):
                    ok = False
                if ok:
                    out.append((pos, end, tid))
                    for i in range(pos, end):
                        taken[i] = True
                pos = (low if terms == "en" else text).find(needle, end)
    out.sort()
    # "the power generation industry", "cement and steel industries": the noun that closes a sector's name is no
    # sector of its own.
    return [m for i, m in enumerate(out) if not (
        i and m[2] == "industry" and re.fullmatch(r"industr(?:y|ies)", text[m[0]:m[1]], re.I)
        and out[i - 1][2] != "industry" and re.fullmatch(r"\s*", text[out[i - 1][1]:m[0]]))]


def place_mentions(text: str, lang: str, minted: dict[str, str]) -> list[PlaceMention]:
    # A heading set in capitals ("SAITAMA") names its place as the title-cased words would.
    caps = lang == "en" and len(text) <= 40 and text.isupper()
    # "(Swiss ETS; German: Emissionshandelssystem)": a language that glosses a name, not a place.
    out = [PlaceMention(s, e, p) for s, e, p in gazetteer().find(text.title() if caps else text, lang)
           if not (lang == "en" and text[e:e + 1] == ":" and re.search(r"[(;,]\s*$", text[:s]))
           and not LOCALE[lang][0].match(text, e) and not LOCALE[lang][1].search(text[:s])]
    taken = [(p.start, p.end) for p in out]
    for name, key in minted.items():
        edge = r"(?<![\w])" if lang == "en" else ""
        tail = r"(?:['’]s|n|an|ian)?(?![\w])" if lang == "en" else ""
        for m in re.finditer(edge + re.escape(name) + tail, text):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                out.append(PlaceMention(m.start(), m.end(), None, key, _written_kind(text, m.start(), m.end(), lang)))
    return sorted(out, key=lambda p: p.start)


# A place that names a variety of the language a text is rendered in ("按香港惯用译法", "译名采台湾惯用", "转写本（香港）",
# "Hong Kong usage"): a translator's convention, not a place the text speaks of.
LOCALE = {"en": (re.compile(r"\s+(?:usage|spelling|rendering|romani[sz]ation)\b"), re.compile(r"(?!)")),
          "zh": (re.compile(r"的?(?:惯用|习惯|通行|常用|译法|译名|用语|用法|写法|繁体|中文|译本|转写)"),
                 re.compile(r"(?:转写|译|繁体)[本稿]?\s*[（(]$"))}


KIND_AFTER_ZH = [("country", r"(?:共和国|王国|酋长国|公国|联邦|国)"), ("subnational", r"[省州]"), ("city", r"市")]
KIND_EN = [("country", r"Republic|Kingdom|Emirate|Principality|Federation|Commonwealth"),
           ("subnational", r"State|Province|Canton|Prefecture|Territory"), ("city", r"City|Municipality")]


def _written_kind(text: str, start: int, end: int, lang: str) -> str:
    """The kind of place a minted name is, from the words written with it here."""
    if lang == "zh":
        return next((kind for kind, rx in KIND_AFTER_ZH if re.match(rx, text[end:end + 3])), "")
    before, after = text[max(0, start - 20):start], text[end:end + 16]
    for kind, words in KIND_EN:
        if re.search(r"\b(?:" + words + r") of (?:the )?$", before) or re.match(r"\s+(?:" + words + r")\b", after):
            return kind
    return ""
