"""From one document's passages to the carbon markets it speaks of, and who each sentence is about.

Stage input: the passages of one document and its ``DocumentInfo``. Output:
the document's systems (``DocSystem``) and one ``Frame`` per sentence that
holds the sentence's mentions with each market mention resolved to a
system key:

- a named mention ("Korea's ETS", "the Valdorian Emissions Trading System",
  "岚江省碳排放权交易市场") is keyed by its place: a gazetteer place, or a
  place minted from the text when the gazetteer does not know it;
- an unnamed singular mention ("an ETS", "a carbon market") takes the place
  named before it in the same clause ("Brazil is developing an ETS");
- a reference ("the scheme", "its ETS", "该市场", "其碳市场") takes the
  system under discussion: the paragraph's heading system ("Austria: ..."),
  else the last system named;
- a place named alone stands for its system when the document has one
  ("Valdoria and Marenthia linked their markets").

The report layout ("Place: paragraph") is one more way to set the system
under discussion, used only when the paragraph itself is about a market.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ingest.clean import numbered_heading
from ingest.dates import DateMention, Day, find_dates
from ingest.document import DocumentInfo, to_simplified
from ingest.gazetteer import Place, ascii_fold, gazetteer
from ingest.mentions import (EXAMPLE_WORD_ZH, ZH_GENERIC_END, HEAD_ZH, PROPER_NOT_PLACE, PLACE_PREFIX, kind_nouns, ZH_BOUNDARY, ZH_GENERIC, MarketMention, PlaceMention, demonym_base, ordinary_word, verb_end,
                             is_name, lower_words, market_mentions, place_mentions, places_after, places_before, sector_mentions,
                             verb_then_suffix)
from ingest.model import Passage
from ingest.passages import CAPITAL_WORD, spelled_out
from ingest.programmes import DEFINES, RANK_WORDS_EN, find_programmes
from ingest.transliterate import TRANSLITERATION
from ingest.tables import SEP as TABLE_SEP, Row, document_tables

# A paragraph is about a carbon market when it names one or speaks its language.
MARKET_TALK_EN = re.compile(r"\b(?:allowances?|cap-and-(?:trade|invest)|emissions trading|ETS|carbon market|offsets?|"
                            r"compliance (?:period|obligation)|trading (?:system|scheme|program)|"
                            r"(?:its|their|the) (?:own )?(?:market|program(?:me)?|scheme)\b|linked|linkage)", re.I)
MARKET_TALK_ZH = re.compile(r"配额|碳市场|碳排放权|排放交易|碳交易|履约|抵销|抵消|总量控制|其市场|该市场|连接|链接")
HEADING_PLACE = re.compile(r"^(?P<name>[^()（）]+?)\s*(?:[（(](?P<qual>[^）)]+)[）)])?\s*$")
# A market head that begins the name of a law ("碳排放权交易管理办法", "Emissions Trading Act") names the law.
LAW_AFTER = re.compile(r"\s*(?:管理|暂行|实施)*(?:办法|条例|规定|细则|法|规则|方案|Act|Law|Directive|Regulations?|Decree|Bill)")
# A quoted Chinese name closed and followed by the capitalised original it translates: "」（Cap-and-Invest Program）".
GLOSSED_NAME = re.compile(r"[」”』]\s*[（(]\s*[A-Z][\w'’-]*(?:[ -][A-Z][\w'’-]*)+\s*[)）]")
FORMER = re.compile(r"\b(?:previous|former|old|earlier|defunct|predecessor)\s+(?:\w+\s+){0,2}$|(?:原|此前的|之前的|旧的?)$", re.I)


@dataclass
class DocSystem:
    key: str  # "place:kr", "place:eu#2", "new:valdoria", "name:rggi"
    place: Place | None = None
    new_place: str = ""  # the minted place's name as written
    names: dict[str, int] = field(default_factory=dict)  # names the text gives it -> how often
    acronyms: list[str] = field(default_factory=list)
    heading_qualifier: str = ""  # "USA" in "California (USA):", "Federal" in "Canada (Federal):"
    first: tuple[str, int, int] = ("", 0, 0)  # passage id, start, end of its first mention


@dataclass
class Ref:
    start: int
    end: int
    key: str
    how: str  # name | place | reference | heading


@dataclass
class Frame:
    """One sentence and what it mentions; offsets are into ``text`` (the sentence)."""

    passage: Passage
    offset: int  # start of the sentence in passage.text
    text: str  # the sentence as matched (simplified Chinese)
    lang: str
    refs: list[Ref] = field(default_factory=list)
    markets: list[MarketMention] = field(default_factory=list)
    sectors: list[tuple[int, int, str]] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    topic: str | None = None  # the system under discussion before this sentence
    main: str | None = None  # the system the document has named most so far (what a factsheet is about)
    group: list[str] = field(default_factory=list)  # systems a heading line puts under discussion together
    ref_day: Day | None = None  # the document's date, for what the sentence says relative to it
    section_status: str = ""  # status a section line states for the systems listed under it ("UNDER DISCUSSION")
    row: Row | None = None  # the text-table row this sentence is, with its cells' headers (ingest.tables)
    section: str = ""  # the numbered heading line above the sentence's section ("二、国内：扩围后的第一次履约")
    local: str | None = None  # the province's or city's market named last before the sentence
    cell: bool = False  # a table cell read as "header: value": the header's words are the predicate
    polar: str = ""  # "yes" / "no" when the cell opens with one ("Offsets allowed | N (…)")


def slug(text: str) -> str:
    s = re.sub(r"[^\w]+", "-", ascii_fold(text).lower()).strip("-")
    return s or "x"


def _match_text(text: str, lang: str) -> str:
    return to_simplified(text) if lang == "zh" else text


def sentences(p: Passage) -> list[tuple[int, str]]:
    out, pos = [], 0
    for s in p.sentences:
        at = p.text.find(s.text, pos)
        if at < 0:
            continue
        out.append((at, s.text))
        pos = at + len(s.text)
    return out or [(0, p.text)]


def mint_places(passages: list[Passage], lang: str) -> dict[str, str]:
    """Unknown places the document names as a market's qualifier or a market paragraph's heading: name -> key."""
    minted: dict[str, str] = {}
    common = lower_words(" ".join(p.text for p in passages)) if lang == "en" else frozenset()
    # Headings first, so that a market mention's qualifier is read against the names they give
    # ("伦米尔：…推动伦米尔市碳市场…" names 伦米尔, not 推动伦米尔市).
    talk = market_paragraphs(passages, lang)
    for p in passages:
        name, _ = heading_parts(p, lang)
        if (name and gazetteer().lookup(name, lang) is None and p.id in talk
                and (_heading_is_name(name, lang, common) or lang == "zh" and _names_a_market(name, _match_text(p.text, lang)))):
            minted.setdefault(name, "new:" + slug(name))
    for p in passages:
        text = _match_text(p.text, lang)
        for mm in market_mentions(text, lang, minted, common=common):
            if mm.new_name and mm.place is None and not mm.plural:
                # "North American carbon markets": the markets of a region, no place of its own.
                minted.setdefault(mm.new_name, "new:" + slug(mm.new_name))
            elif lang == "en" and not (mm.place or mm.plural):
                subject = _unknown_subject(text, mm.start, common)
                if subject:
                    minted.setdefault(subject, "new:" + slug(subject))
    if _market_talk_text(" ".join(_match_text(p.text, lang) for p in passages), lang):
        for p in passages:
            for name in _place_shaped(_match_text(p.text, lang), lang, common):
                if gazetteer().lookup(name, lang) is None:
                    minted.setdefault(name, "new:" + slug(name))
    if lang == "en":
        # "Valdorian" minted from "the Valdorian ETS" is Valdoria when the text names Valdoria on its own.
        words = {w for p in passages for w in re.findall(r"\b[A-Z][a-z]{3,}\b", p.text)}
        for name in list(minted):
            base = demonym_base(name, words)
            if base and base not in PROPER_NOT_PLACE:
                minted[name] = minted.setdefault(base, "new:" + slug(base))
    if lang == "zh":
        # "岚江" names the same place as "岚江省".
        for name in list(minted):
            short = re.sub(r"(?:省|市|州|县|国)$", "", name)
            if len(short) >= 2 and short != name:
                minted.setdefault(short, minted[name])
        # "伊国" is Chinese shorthand for a country whose name begins with 伊 ("伊斯特拉维亚共和国"), the one the
        # document names; of two such countries it names none.
        for name in [n for n in minted if len(n) == 2 and n.endswith("国")]:
            full = {minted[n] for n in minted if len(n) >= 3 and n[0] == name[0] and minted[n] != minted[name]}
            if len(full) == 1:
                minted[name] = full.pop()
    return minted


ZH_NOT_PLACE_STEM = ("地级", "县级", "直辖", "省会", "城市", "沿海", "全国", "各个", "所在", "试点", "重点", "相关", "周边",
                     "其他", "我国", "本国", "该国", "两国", "各国", "全省", "全市", "本省", "本市", "该省", "该市", "邻国",
                     "邻省", "邻市", "外省", "外市")


def _names_a_market(name: str, text: str) -> bool:
    """"凯斯特里亚" heads a paragraph that speaks of "凯斯特里亚碳市场": a Chinese heading with no place suffix is a
    place's name when its paragraph puts it before a market head."""
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,8}", name):
        return False
    # "萨罗维亚：萨罗维亚正筹备推出全国碳市场": the heading is the subject of a first sentence about a market.
    body = re.split(r"[：:]", text, maxsplit=1)[-1].lstrip()
    if body.startswith(name) and HEAD_ZH.search(re.split(r"[。！？]", body, maxsplit=1)[0]):
        return True
    return any(re.search(re.escape(name) + r"(?:省|市|州)?的?$", text[max(0, m.start() - len(name) - 2):m.start()])
               for m in HEAD_ZH.finditer(text))


# A market word as what something is said to be or become ("makes Singapore a carbon market", "算不算碳市场"), then
# denied in the same sentence ("– it does not", "并不是").
DENIED_KIND = {"en": re.compile(r"\b(?:makes?|made|is|are|was|were|become|becomes|count as|counts as|qualify as|qualifies as)\s+"
                                r"(?:[\w'’-]+\s+){0,3}?(?:a|an)\s+[\"“‘']?$", re.I),
               "zh": re.compile(r"(?:是不是|算不算|属不属于|是否(?:属于|算|是|为))[^，。；]{0,10}$|所谓的?[「“『\"]?[^，。；「“]{0,6}$")}
NOT_A_KIND = {"en": re.compile(r"\b(?:not|no longer|never)\s+(?:a|an)\s+[\"“‘']?$|\bnon-$", re.I),
              "zh": re.compile(r"(?:非|不是|并非|不属于)$")}
NOT_SO = {"en": re.compile(r"[^.;!?]{0,12}?[\"”’']?\s*[–—,-]*\s*(?:it|they|this|that)\s+(?:does|do|is|are)\s*(?:not|n't)\b|"
                           r"[^.;!?]{0,6}?[\"”’']?[?]?\s*(?:No|Not)\b", re.I),
          "zh": re.compile(r"[^。！]{0,12}?(?:并不是|不是|并非|不属于|不算|实指|实为|其实是|实际上是)")}


def _place_shaped(text: str, lang: str, common: frozenset[str]) -> list[str]:
    """Names that are places by their form: "the Republic of Yaolan", "Qiwu Province", "栖梧省", "琴屿市"."""
    if lang == "zh":
        out = []
        # "扎赫伦酋长国", "瑶澜共和国": a transliterated name before the word for a state.
        # Only from the start of a word: "专访塔武洛亚共和国" does not give "洛亚".
        out += [name for m in re.finditer("([\u4e00-\u9fff]{2,8})(?:共和国|王国|酋长国|联邦|公国)", text)
                if (name := _name_before_state_word(m.group(1)))
                and gazetteer().lookup(name + m.group(0)[len(m.group(1)):], lang) is None]
        # "维尔坦于2022年启动了本国碳市场", "韦尔达正在建设全国碳市场": a transliterated name opening a sentence that goes
        # on to speak of its own country's market (本国, 该国, 全国) is that country; a person's name does not have one.
        out += [m.group(1) for m in re.finditer(r"(?:^|(?<=[。；！？\n]))\s*([" + TRANSLITERATION + r"]{3,6})(?=[于在将已正也则还]|计划|拟)"
                                               r"[^。；！？]*?(?:本国|该国|全国(?=碳|排放))", text) if gazetteer().lookup(m.group(1), lang) is None]
        for m in re.finditer(r"(?:^|(?<=[，。；：、（）\s与和及在的对由自从向“”「」‧•·二三四五六七八九十一]))([\u4e00-\u9fff]{2,6}?)(省|市)(?=[^场长民区委政级内外份]|$)", text):
            stem = EXAMPLE_WORD_ZH.sub("", m.group(1))  # "例如蘅浦市": the word bringing in an example is no part of it
            stem = stem[verb_end(stem + m.group(2)):]  # "会议研究瑞滩市…": the verb is no part of the name either
            if len(stem) < 2:
                continue
            if len(stem) > 4 and not re.fullmatch("[" + TRANSLITERATION + "]+", stem):
                continue  # a long name is a transliterated foreign one ("埃斯基瓦尔省"), not a phrase ending in 省
            if (stem not in ZH_NOT_PLACE_STEM and not any(ch in ZH_BOUNDARY for ch in stem)
                    and not stem.startswith(("该", "本", "全", "各", "我", "其", "这", "两", "多", "某", "不", "未", "无"))
                    and not stem.endswith("全")  # "不设全省排放总量上限": the whole province
                    and not (stem + m.group(2)).endswith(ZH_GENERIC_END)  # "周边城市": cities around, no name
                    and not verb_then_suffix(stem + m.group(2)) and not ordinary_word(stem)):
                out.append(stem + m.group(2))
        return out
    found = re.findall(r"\b(?:Republic|Kingdom|Federation|Province|State|City|Prefecture|Canton|Principality|Commonwealth)"
                       r" of (?:the )?((?:" + PLACE_PREFIX + " )?"
                       r"[A-Z][a-z]{3,}(?: [A-Z][a-z]{3,}\b(?! +of\b))?)\b", text)
    # "the Sennavian province of Vendrel": a kind of place in lower case, after an article or an adjective.
    found += re.findall(r"\b(?:the|a|[A-Z][a-z]+(?:an|ian|ese|ish))\s+(?:province|state|city|prefecture|canton|region|emirate)"
                        r" of ([A-Z][a-z]{3,})\b", text)
    found += re.findall(r"\b([A-Z][a-z]{3,}) (?:Province|Prefecture|Canton|City|Municipality)\b", text)
    # "Qingtan, a port city of about 4.3 million people", "Vendrel, an inland province": an apposition that says what
    # kind of place a name is.
    found += re.findall(r"\b([A-Z][a-z]{3,}), (?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:city|province|state|country|nation|"
                        r"prefecture|canton|territory|republic|kingdom|emirate|island nation)\b", text)
    return [n for n in found if is_name(n, common)]


# jieba's tags for the pieces of a proper name it does not know ("塔武洛亚/ns", "卡尔德/nrt 尼亚/ns", "瑶澜/nz").
NAME_FLAGS = ("ns", "nr", "nrt", "nz", "nrfg", "x")


def _name_before_state_word(run: str) -> str:
    """The name that ends ``run`` when a word for a state follows it: "专访塔武洛亚" -> "塔武洛亚",
    "后任职于塔瓦尼亚" -> "塔瓦尼亚". A character belongs to the name when jieba tags its piece as a name (the
    pieces of an unknown name: "塔武洛亚/ns", "瑶澜/nz") or when it is one of the characters of transliteration
    (jieba reads "塔" alone as an abbreviation); a preposition glued to the name ("于塔/nr") is cut off.
    A name of 2-6 characters, else none."""
    import jieba.posseg

    chars = []
    for piece in jieba.posseg.cut(run):
        chars += [(ch, piece.flag in NAME_FLAGS or ch in TRANSLITERATION) for ch in piece.word]
    name = ""
    for ch, in_name in reversed(chars):
        if not in_name:
            break
        name = ch + name
    name = name.lstrip("的与和及在对由从向同于为至到赴访")
    return name if 2 <= len(name) <= 6 and not name.startswith(ZH_GENERIC) else ""


SETS_UP = re.compile(r"\s+(?:(?:has|have|had|will|plans to|intends to|is|was)\s+)?(?:\w+ly\s+)?(?:launch(?:ed|es)?|introduc(?:ed|es)|set up|"
                     r"start(?:ed|s)|began|open(?:ed|s)|run(?:s)?|ran|operat(?:ed|es)|establish(?:ed|es)?|creat(?:ed|es)|adopt(?:ed|s)|"
                     r"developing|preparing|building|designing|considering|studying|exploring)\b")


def _unknown_subject(text: str, head: int, common: frozenset[str]) -> str | None:
    """"Neighbouring Ostvale is studying whether to set up a carbon market": the unknown place whose market it is."""
    clause = re.split(r"[;:\n]|[.!?]\s|,\s+(?:but|while|whereas)\b", text[:head])[-1]
    for m in reversed(list(re.finditer(r"\b([A-Z][a-z]{3,})\b(?!['’]s\s+(?:[a-z]+\s+)?(?:ETS|market))", clause))):
        name = m.group(1)
        if not is_name(name, common) or gazetteer().find(name, "en"):
            continue
        if _at_sentence_start(clause, m.start()) and not SETS_UP.match(clause, m.end()):
            # Any word may open a sentence; a name there must go straight on to set up or run the market ("Ostvale
            # launched a carbon market in 2013"), which a person rarely does ("Tanaka has argued …").
            continue
        # A word inside a longer proper name ("Ministry of Natural Resources and Environment") is not a place.
        if re.search(r"\b(?:of|and|for|the)\s+$|[A-Z]\w*\s+$", clause[:m.start()]) and not re.search(
                r"^(?:\W*\w+\s+)?$", clause[:m.start()]):
            continue
        if re.match(r"\s+(?:of|and|for|[A-Z])", clause[m.end():]):
            continue
        if SETS_UP.match(clause, m.end()) or re.search(r"\b(?:is|are|has|have|was|will|plans?|intends?|aims?|wants?|considers?|launched|launches|set up)\b",
                                                       clause[m.end():]):
            return name
    return None


def _at_sentence_start(text: str, pos: int) -> bool:
    return not text[:pos].strip() or bool(re.search(r"[.!?:;\n—-]\s*[\"“(]?$", text[:pos]))


def _market_talk_text(text: str, lang: str) -> bool:
    return bool((MARKET_TALK_ZH if lang == "zh" else MARKET_TALK_EN).search(text)) or bool(
        find_dates(text, lang, None)) or bool(sector_mentions(text, lang))


def market_paragraphs(passages: list[Passage], lang: str) -> set[str]:
    """The paragraphs under a "Place:" heading that speak of a market: in words of markets, or with only a date or a
    sector ("Montenegro: launched in 2020, covers power") unless they stand in a run of such paragraphs none of which
    uses those words: country paragraphs on fuel subsidies ("埃及：…自2019年起实行燃油价格指数化机制") name no market."""
    headed = [(i, p) for i, p in enumerate(passages) if heading_parts(p, lang)[0]]
    words = {i for i, p in headed if (MARKET_TALK_ZH if lang == "zh" else MARKET_TALK_EN).search(_match_text(p.text, lang))}

    def near(i: int, among) -> bool:
        return any(j != i and abs(j - i) <= 3 for j in among)

    return {p.id for i, p in headed if i in words or _market_talk_text(_match_text(p.text, lang), lang)
            and (near(i, words) or not near(i, dict(headed)))}


BULLET_LINE = re.compile(r"^\s*[-•*·▪–]\s*\S")
BULLET = re.compile(r"^\s*(?:[-•*·▪–]|\(?\d{1,2}[.)、]|[IVX]{1,4}[.)]|[一二三四五六七八九十]+[、.])?\s*")
JOINERS = re.compile(r"^(?:\s|,|、|，|and|&|和|与|及|the|Federation|Republic|Kingdom|Province|State|City|Canton|of|省|市)*$", re.I)
SECTION_STATUS = [
    ("under_development", r"prepar|development|planned|pipeline|upcoming|legislat|建设|筹备|筹建|准备|规划中"),
    ("under_consideration", r"discussion|consideration|consider|explor|stud(?:y|ies)|研究|考虑|讨论|探索|评估"),
    ("in_force", r"operating|operation|in force|existing|running|运行|实施中|已启动"),
]


def _is_heading_line(text: str, places: list[PlaceMention], markets: list[MarketMention]) -> bool:
    """A line that only names places ("Montenegro", "Dalmora and Brennmark"): the systems the lines below describe."""
    body = BULLET.sub("", text).strip()
    if not places or not body or len(body) > 60 or markets or re.search(r"[.。!?！？;；:：]$", body):
        return False
    rest, pos = [], 0
    for pm in places:
        rest.append(text[pos:pm.start])
        pos = pm.end
    rest.append(text[pos:])
    return all(JOINERS.match(BULLET.sub("", piece) if i == 0 else piece) for i, piece in enumerate(rest))


def _heading_shaped(text: str) -> bool:
    """A short line with no sentence punctuation: a heading or a list item's title."""
    body = BULLET.sub("", text).strip()
    return 0 < len(body) <= 80 and not re.search(r"[.。!?！？;；,，:：]$|[.。;；!?！？]\s", body)


def _section_status(text: str, lang: str) -> str:
    """A section line of a status report ("2. SYSTEMS IN PREPARATION", "三、研究中"): the status it announces."""
    body = BULLET.sub("", text).strip()
    if not body or len(body) > 50 or re.search(r"[.。,，;；]", body):
        return ""
    if not (lang == "en" and body.isupper() or re.match(r"^\s*(?:\d+[.)、]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）])", text)):
        return ""
    for status, rx in SECTION_STATUS:
        if re.search(rx, body, re.I):
            return status
    return ""


def heading_parts(p: Passage, lang: str) -> tuple[str, str]:
    """"California (USA)" -> ("California", "USA"); "加拿大联邦" -> ("加拿大", "联邦")."""
    if not p.heading:
        return "", ""
    m = HEADING_PLACE.match(_match_text(p.heading, lang))
    if not m:
        return "", ""
    name, qual = m.group("name").strip(), (m.group("qual") or "").strip()
    if not qual and gazetteer().lookup(name, lang) is None:
        found = gazetteer().find(name, lang)
        if found and found[0][0] == 0 and len(name) - found[0][1] <= (4 if lang == "zh" else 12):
            name, qual = name[:found[0][1]].strip(), name[found[0][1]:].strip()
    return name, qual


def _heading_is_name(name: str, lang: str, common: frozenset[str] = frozenset()) -> bool:
    """A heading that could be a place's name: a short proper name, not a label such as "CAP/TARGET"."""
    if lang == "zh":
        return 2 <= len(name) <= 8 and bool(re.fullmatch(r"[\u4e00-\u9fff]+", name)) and bool(
            re.search(r"(?:省|市|州|县|国|岛|区|邦)$", name))
    words = name.split()
    return (1 <= len(words) <= 4 and all(is_name(w, common, first=i == 0) or w in ("of", "and", "the")
                                         for i, w in enumerate(words))
            and not re.search(r"\d|/", name))


# A document's title line that is only a market's name, the way a reference work heads an entry: no punctuation of a
# sentence, no date, and a kind of market or programme last ("…碳总量控制计划", "Kestrava Emissions Trading System").
ENTRY_TITLE = {"en": re.compile(r"[^.!?,;:\d]{2,60}\b(?:System|Scheme|Market|Program|Programme|ETS|Pilot|Initiative)", re.I),
               "zh": re.compile(r"[^。！？，；：\d]{2,40}(?:市场|体系|计划|制度|试点|机制)")}
QUESTION = re.compile(r"[?？]\s*$|^\s*(?:Q|Question|问|問|记者|記者)\s*[:：]")


def place_key(place: Place | None, new_key: str = "") -> str:
    return "place:" + place.id if place else new_key


def keyed_place(key: str | None) -> Place | None:
    """The gazetteer place of a system key ``place_key`` made ("place:ca", "place:eu#2"); None for other keys."""
    return gazetteer().get(key.split(":", 1)[1].split("#")[0]) if key and key.startswith("place:") else None


def document_systems(passages: list[Passage], info: DocumentInfo) -> tuple[dict[str, DocSystem], list[Frame]]:
    lang = info.lang
    ref_day = Day.of(info.date)
    minted = mint_places(passages, lang)
    common = lower_words(" ".join(p.text for p in passages)) if lang == "en" else frozenset()
    rows = document_tables(passages)
    kinds = kind_nouns([p.text for p in passages]) if lang == "en" else frozenset()
    programmes = find_programmes([_match_text(raw, lang) for p in passages for _, raw in sentences(p)], lang, minted)
    # A programme named in the paragraphs of several places' headings ("RGGI" under Massachusetts, Pennsylvania and its
    # own heading) is a market of its own, not the market of whichever heading it appears under.
    roaming = {prog.key_name for prog in programmes
               if len({p.heading for p in passages if p.heading and _names_programme(prog, _match_text(p.text, lang))}) > 1}
    talk = market_paragraphs(passages, lang)
    systems: dict[str, DocSystem] = {}
    frames: list[Frame] = []
    recent: list[str] = []  # systems named so far, most recent last

    def add(key: str, place: Place | None, new_place: str, p: Passage, start: int, end: int) -> DocSystem:
        s = systems.get(key)
        if s is None:
            s = systems[key] = DocSystem(key, place, new_place, first=(p.id, start, end))
        return s

    centre: list[str] = []  # the subject of the last sentence that named a system
    counts: dict[str, int] = {}  # mentions of each system so far
    acronyms: dict[str, str] = {}  # "CETS" -> the system a "(CETS)" after its name introduced
    place_counts: dict[str, int] = {}  # mentions of each gazetteer place so far
    if info.script == "Hans" and not minted:
        # A text in simplified Chinese that speaks of "全国碳市场" and names no country speaks of the country that
        # writes it so (a ministry's release): the language's home place, at zero mentions, loses to any named one,
        # and is none in a text about places the gazetteer does not know.
        home = _home()
        if home is not None:
            place_counts[home.id] = 0
    anchor: Day | None = None  # the last date named so far: what "同年", "the same year" count from
    seen_places: list[PlaceMention] = []  # every place named so far, in order
    pending: list[MarketMention] = []  # markets of the sentence before that no place or name resolved
    denied: set[str] = set()  # places the text says have no market

    def note(key: str) -> None:
        counts[key] = counts.get(key, 0) + 1
        if key in recent:
            recent.remove(key)
        recent.append(key)

    entry: str | None = None  # the system a reference entry's title line names ("阿登摩尔省碳总量控制计划")
    section = ""  # the last numbered heading line
    for p in passages:
        if entry in systems and p is not passages[0]:
            # Each paragraph, field list or section of an entry speaks of the entry's market unless it names
            # another: a market named in passing ("它与克斯特拉瓦的碳市场相互连接") does not take over the rest.
            centre[:] = [entry]
        section_status = ""  # a status report's section line governs the lines of its own list
        if numbered_heading(p.text):
            section = _match_text(p.text, lang)
        heading_key = _heading_system(p, lang, minted, systems, add) if p.id in talk else None
        lines = sentences(p)
        group: list[str] = []
        bullets: list[Place] = []
        for n, (offset, raw) in enumerate(lines):
            text = _match_text(raw, lang)
            f = Frame(p, offset, text, lang, topic=heading_key or (group[0] if group else centre[0] if centre else None),
                      main=heading_key or (max(counts, key=counts.get) if counts else None),
                      local=next((k for k in reversed(recent) if _local_key(k, minted)), None))
            f.markets = market_mentions(text, lang, minted, common, programmes, kinds)
            f.sectors = sector_mentions(text, lang)
            f.dates = find_dates(text, lang, ref_day, anchor)
            anchor = next((d.day for d in reversed(f.dates) if not d.relative and not d.range_), anchor)
            f.ref_day, f.section = ref_day, section
            f.places = places = place_mentions(text, lang, minted)
            seen_places.extend(places)
            for pm in places:
                if pm.place is not None:
                    place_counts[pm.place.id] = place_counts.get(pm.place.id, 0) + 1
            if heading_key and offset == 0:
                f.refs.append(Ref(0, len(_match_text(p.heading, lang)), heading_key, "heading"))
            by_acronym: set[tuple[int, int]] = set()  # spans an acronym the text defined names
            for acronym, key in acronyms.items():
                for m in re.finditer(r"(?<![A-Za-z0-9-])" + re.escape(acronym) + r"(?![A-Za-z0-9-])", text):
                    # Inside a market mention only when that mention names its own place ("OBPS" alone is the acronym).
                    if not any(mm.start <= m.start() < mm.end and (mm.place or mm.new_name) for mm in f.markets):
                        f.refs.append(Ref(m.start(), m.end(), key, "name"))
                        by_acronym.add(m.span())
                        note(key)
            status_line = _section_status(text, lang)
            if status_line:
                section_status, group = status_line, []
            elif _is_heading_line(text, places, f.markets) and n + 1 < len(lines) and _market_talk_text(
                    _match_text(lines[n + 1][1], lang), lang):
                group = []
                for pm in places:
                    key = place_key(pm.place, pm.new_name)
                    name = next((x for x, k in minted.items() if k == pm.new_name), "") if pm.place is None else ""
                    add(key, pm.place, name, p, offset + pm.start, offset + pm.end)
                    f.refs.append(Ref(pm.start, pm.end, key, "heading"))
                    group.append(key)
                    note(key)
                f.section_status = section_status
                f.topic = group[0] if group else f.topic
            f.group = list(group)
            previous = None
            for mm in f.markets:
                if FORMER.search(text[max(0, mm.start - 30):mm.start]):
                    continue
                if mm.programme and (mm.start, mm.end) in by_acronym:
                    # "the Kestavia Emissions Trading System (KETS)" … "KETS, a cap-and-trade scheme, has …": the
                    # acronym the text defined names that system, not a programme of its own.
                    previous = (mm, next(r.key for r in f.refs if r.start == mm.start))
                    continue
                if DENIED_KIND[lang].search(text[max(0, mm.start - 40):mm.start]) and NOT_SO[lang].search(text, mm.end):
                    continue  # "whether this makes Singapore a "carbon market" – it does not": a kind denied, no market
                if NOT_A_KIND[lang].search(text[max(0, mm.start - 12):mm.start]):
                    continue  # "Carbon tax — not an ETS", "碳费（非排放交易）": what the thing is not
                between = text[previous[0].end:mm.start] if previous else ""
                appositive = re.fullmatch(r"\s*[,，]\s*", between) and re.match(r"\s*[,，]", text[mm.end:])
                # "RGGI, which started in January 2009, was the first mandatory cap-and-trade program in the United
                # States": an aside between the name and the copula changes nothing.
                copula = re.fullmatch(r"\s*(?:[（(][^）)]*[）)])?\s*(?:,\s*(?:which|that|who)\b[^,;.]{0,80},\s*)?"
                                      r"(?:(?:is|was|remains|became)\s+(?:(?:an?|the|one of the)\s+)?(?:(?!(?:the|an?|not|no)\b)[a-z-]+\s+){0,3}"
                                      r"|\s*(?:是|为|即|系|乃)[^，。；,;]{0,14}?)", between)
                if previous and previous[1] and (appositive or copula) and not mm.plural:
                    # "the Tokyo program, Japan's first mandatory ETS," / "…计划是日本首个强制性碳市场": one system
                    f.refs.append(Ref(mm.start, mm.end, previous[1], "reference"))
                    previous = (mm, previous[1])
                    continue
                own_heading = None if mm.programme in roaming else heading_key
                resolved = _resolve(mm, f, places, recent, own_heading, minted, bullets, counts, place_counts, seen_places)
                # "• Beijing • Fujian … China regional pilots", "北京、福建等试点": each member is its place's pilot,
                # the name a reader asking for the pilots knows it by.
                pilots = mm.plural and len(resolved) >= 2 and bool(re.search(r"pilot|试点", mm.head, re.I))
                for k, place, new_place in resolved:
                    base = systems.get(k.split("#")[0])
                    if k.endswith("#2") and k not in systems and base is not None and place is None and not new_place:
                        place, new_place = base.place, base.new_place  # the second market of a place named before
                    if k not in systems and NO_MARKET[lang].search(text[max(0, mm.start - 60):mm.start]):
                        denied.add(k)
                        continue  # "香港目前并无任何排放交易制度", "has no emissions trading system": none to describe
                    if k in denied and k not in systems and mm.place is None and not mm.new_name:
                        # "香港没有设立本地的排放交易制度 … 研究香港金融机构参与大湾区碳市场": a market a later sentence
                        # leaves unnamed is not one of the place the text said has none.
                        continue
                    if k not in systems and RANKED[lang].search(text[max(0, mm.start - 40):mm.start]):
                        continue  # "RGGI … was the first mandatory cap-and-trade program in the United States" (or "RGGI, the
                        # first …"): a rank among a place's markets describes the subject; it makes no market of that place
                    if place is not None or new_place or k.startswith("name:"):
                        s = add(k, place, new_place, p, offset + mm.start, offset + mm.end)
                        name = _proper_name(raw[mm.start:mm.end], mm, lang)
                        # "联邦OBPS": a name with its own acronym is the name of the country's market it resolved to.
                        # "known as ETS2": a name the text gives, however bare its form.
                        # So is a numbered head written as one word ("ETS2"), which no sentence uses as a common noun.
                        known = bool(mm.ordinal and (KNOWN_AS[lang].search(text[:mm.start]) or re.fullmatch(r"[A-Z]{2,}\d", name)))
                        own = (known or mm.place is not None and mm.place is place or mm.new_name and mm.new_name == new_place
                               or mm.level_word == "national" and bool(re.search(r"[A-Z]{2,}", mm.text))
                               or bool(mm.programme) and not mm.reference)
                        # A bare head ("ETS", "碳市场") is no name; a head that carries its own qualifier is ("EU ETS").
                        bare = (name.lower() == mm.head.lower() and not re.match(r"[A-Z][\w-]*[- ]ETS", mm.head)
                                and not known)
                        # "将其「总量管制与投资计划」（Cap-and-Invest Program）": a translation quotes the name it renders and
                        # gives the original after it; the quoted words name the market, bare head or not.
                        glossed = lang == "zh" and text[mm.start - 1:mm.start] in "「“『" and bool(GLOSSED_NAME.match(text[mm.end:]))
                        if (name and (own or glossed) and (not bare or glossed) and not mm.reference
                                and not LAW_AFTER.match(text[mm.end:])):
                            s.names[name] = s.names.get(name, 0) + 1
                            # "the Nkarembe Carbon Allowance Market" … "NCAM opened": writers abbreviate a long name by
                            # its initials without always defining them in parentheses.
                            initials = "".join(w[0] for w in CAPITAL_WORD.findall(name))
                            if lang == "en" and len(initials) >= 3 and initials.isupper():
                                acronyms.setdefault(initials, k)
                        short = _defined_name(text, mm, f.markets, lang)
                        if short:
                            s.names[short] = s.names.get(short, 0) + 1
                        if pilots and place is not None:
                            pilot = f"{place.label(lang)}{'试点' if lang == 'zh' else ' pilot'}"
                            s.names[pilot] = s.names.get(pilot, 0) + 1
                        if mm.acronym and mm.acronym not in s.acronyms:
                            s.acronyms.append(mm.acronym)
                        if mm.acronym and len(mm.acronym) >= 3 and not mm.acronym.isdigit():
                            acronyms.setdefault(mm.acronym, k)
                    if k in systems:
                        f.refs.append(Ref(mm.start, mm.end, k, "name" if (mm.place or mm.new_name) else "reference"))
                        note(k)
                previous = (mm, next((r.key for r in reversed(f.refs) if r.start == mm.start), None))
            f.row = rows.get((p.id, offset))
            if f.row is not None:
                _row_system(f, f.row, offset, add, note, acronyms, systems)
            named = {r.key for r in f.refs}
            if (len(named) == 1 and f.markets and _heading_shaped(text) and n + 1 < len(lines)
                    and (_market_talk_text(_match_text(lines[n + 1][1], lang), lang) or group and named != set(group))):
                # "2. Regional Greenhouse Gas Initiative (RGGI)" over bullets: the lines below describe that market;
                # so do the lines under the next such heading in the run ("=== Tile 4: Dornby ETS ===" / "Status: …").
                group = list(named)
            if (f.markets and not f.refs and not heading_key and all(mm.plural and not mm.reference for mm in f.markets)
                    and not re.search(r"\b(?:it|its)\b|其|该", text, re.I)):
                # "indicators for assessing the carbon markets in operation": markets in general, not the one
                # under discussion.
                f.topic = None
            if pending and frames and frames[-1].passage is p:
                # "Asia's first national ETS entered into force on 1 January 2015. The Korean ETS covers ...": a market
                # the sentence before could not place is the one this sentence names first.
                first = min((r for r in f.refs if r.how == "name"), key=lambda r: r.start, default=None)
                # A national market is no province's, whatever the next sentence names.
                local = first is not None and any(place_type(pm) in ("subnational", "city")
                                                  for pm in f.places if pm.start <= first.start < pm.end or first.start <= pm.start < first.end)
                pending = [mm for mm in pending if not (local and mm.level_word == "national")]
                if first is not None and pending:
                    frames[-1].refs.extend(Ref(mm.start, mm.end, first.key, "reference") for mm in pending)
                    frames[-1].refs.sort(key=lambda r: r.start)
            pending = [mm for mm in f.markets if not mm.plural and not mm.reference and mm.place is None
                       and not mm.new_name and not mm.programme
                       and not any(r.start <= mm.start < r.end for r in f.refs)] if not f.refs and f.topic is None else []
            frames.append(f)
            if p is passages[0] and n == 0 and ENTRY_TITLE[lang].fullmatch(text.strip()):
                keys = {r.key for r in f.refs} | {place_key(pm.place, pm.new_name) for pm in places}
                entry = keys.pop() if len(keys) == 1 else None
            # What the next sentence's "it" or "the scheme" most likely means: this sentence's subject, the
            # system it names first (centering), rather than the last one it happens to name.
            named = sorted((r for r in f.refs if r.how in ("name", "heading")), key=lambda r: r.start)
            if named and centre and IT_OPENS[lang].match(text) and not any(r.start < named[0].start for r in f.refs):
                pass  # "Since July 2023 it has been linked with the Brennmark ETS": "it" keeps the centre; the name is its object
            elif named:
                centre[:] = [named[0].key]
            elif QUESTION.search(text) and any(place_key(pm.place, pm.new_name) in systems for pm in places):
                # "问：上海容许企业用抵销信用吗？": a question that names a place whose market the text knows puts that
                # market under discussion for the answer.
                centre[:] = [next(k for pm in places if (k := place_key(pm.place, pm.new_name)) in systems)]
            elif f.refs:
                centre[:] = [recent[-1]] if recent else []
            # The places of the bullet lines just above: members of a group a caption line names.
            bullets = bullets + [pm.place for pm in places if pm.place is not None] if BULLET_LINE.match(raw) else (
                [] if f.markets else bullets)
    _place_refs(frames, systems, lang)
    _shared_refs(frames, lang)
    _legend_names(frames, systems, lang)
    return systems, frames


# A first column whose header says its cells are markets or their places ("体系", "試點", "System", "Jurisdiction").
MARKET_COLUMN = re.compile(r"体系|试点|市场|机制|计划|辖区|地区|system|scheme|market|program|jurisdiction|ETS", re.I)


# A table's row of another instrument: named as one, or said in a cell to be no trading system.
OTHER_KIND = re.compile(r"(?i:\bcarbon (?:tax|levy|fee|charge)\b)|碳税|碳费|碳稅|碳費")
NO_MARKET_CELL = re.compile(r"(?i:\bnot an? (?:ETS|emissions? trading|trading system)|\bnon-ETS\b)|非排放交易|不是排放交易|不属于排放交易")


NAME_HEADER = re.compile(r"(?i:name|full name|title)|名称|名稱")


# A first column headed by a kind of market names each row's market by place and kind ("试点" / "深圳").
KIND_HEADER = re.compile(r"试点|碳市场|(?i:pilot|ETS)")


def _row_system(f: Frame, row: Row, offset: int, add, note, acronyms: dict[str, str], systems: dict) -> None:
    """A table row is about the system its name cell (the first past any column of codes) names, or the market of
    the place it names under a header that says the column lists markets ("試點｜啟動交易日期…" / "深圳｜2013年6月18日…")."""
    a, b = row.cells[row.name][0] - offset, row.cells[row.name][1] - offset
    first = row.headers[row.name]
    if OTHER_KIND.search(f.text[a:b]) or NO_MARKET_CELL.search(f.text):
        f.topic = None  # "Singapore carbon tax | Carbon tax — not an ETS | 2019": a row kept for comparison
        return
    named = [r for r in f.refs if a <= r.start < b and r.how != "place"]
    if named:
        f.topic = named[0].key
        # A name column gives each market's own name ("Pellavoy Output-Based Trading System"), whatever place the
        # row's other cells give.
        lead = len(f.text[a:b]) - len(f.text[a:b].lstrip())
        whole = next((mm for mm in f.markets if a <= mm.start <= a + lead
                      and f.text[mm.end:b].strip(" *\"'") == "" and not mm.reference), None)
        # English only: counting Chinese cells' names too made labels that no longer matched the names the rest of a
        # text uses (datasheets dev 0.869 → 0.850), a choice measured on dev tables, not a rule of the language.
        if whole is not None and f.lang == "en" and named[0].key in systems:
            s = systems[named[0].key]
            written = f.text[whole.start:whole.end]
            s.names[written] = s.names.get(written, 0) + 1
        return
    pm = next((pm for pm in f.places if a <= pm.start < b), None)
    # "Name | Jurisdiction | Level | …": a column of names beside one of the markets' places lists markets.
    listed = MARKET_COLUMN.search(_match_text(first, f.lang)) or (
        NAME_HEADER.fullmatch(first.strip()) and any(MARKET_COLUMN.search(_match_text(h, f.lang)) for h in row.headers))
    acronym = re.fullmatch(r"\s*([A-Z][\w'’. -]{1,40}?)\s*[(（]([A-Z][A-Z0-9-]{1,10})[)）]\s*", f.text[a:b])
    if pm is None and listed and acronym:
        # "Nerrington (NCTP) | Jan 2024 | …" under "Market": a market known by its name and acronym, of a place the
        # text never names on its own.
        s = add("name:" + slug(acronym.group(2)), None, "", f.passage, offset + a, offset + b)
        _known_as(s, acronym.groups(), acronym.group(2), acronyms)
        f.refs.append(Ref(a, b, s.key, "name"))
        f.refs.sort(key=lambda r: r.start)
        f.topic = s.key
        note(s.key)
        return
    if pm is None or not listed:
        f.topic = None  # a row about a system the text does not name is about none of the others
        return
    key = place_key(pm.place, pm.new_name)
    s = add(key, pm.place, "" if pm.place is not None else f.text[pm.start:pm.end], f.passage, offset + pm.start, offset + pm.end)
    if acronym:  # "Talvoria (TETS)": the acronym the prose goes on to use
        _known_as(s, (), acronym.group(2), acronyms)
    kind = _match_text(first, f.lang).strip()
    if KIND_HEADER.fullmatch(kind):
        # "试点｜深圳": the row names "深圳试点", the name the table gives it, not one built from the place.
        written = f.passage.text[offset + pm.start:offset + pm.end]
        name = written + kind if f.lang == "zh" else f"{written} {kind.lower() if kind.lower() == 'pilot' else kind}"
        s.names[name] = s.names.get(name, 0) + 1
    f.refs.append(Ref(pm.start, pm.end, key, "name"))
    f.refs.sort(key=lambda r: r.start)
    f.topic = key
    note(key)


def _known_as(s: DocSystem, names, acronym: str, acronyms: dict[str, str] | None = None) -> None:
    """``s`` is called ``names`` and known by ``acronym``; with ``acronyms`` (the document's), the prose's later
    uses of the acronym name it too."""
    for n in names:
        s.names[n] = s.names.get(n, 0) + 1
    if acronym not in s.acronyms:
        s.acronyms.append(acronym)
    if acronyms is not None:
        acronyms.setdefault(acronym, s.key)


def _heading_system(p: Passage, lang: str, minted: dict[str, str], systems, add) -> str | None:
    """"Austria: ...", "California (USA): ...", "Regional Greenhouse Gas Initiative (RGGI): ..." about a market."""
    name, qual = heading_parts(p, lang)
    if not name:
        return None
    place = gazetteer().lookup(name, lang)
    if place is None and name not in minted:
        # "Regional Greenhouse Gas Initiative (RGGI): …", or the acronym alone as a run-in heading ("RGGI — …")
        acronym = next((a for a in (qual, "" if qual else name) if re.fullmatch(r"[A-Z][A-Z0-9-]{1,10}", a or "")), "")
        if acronym and not qual and not spelled_out(acronym, p.text[len(p.heading):]):
            acronym = ""  # "VESKRA — The Ministry …": a dateline's city in capitals, not a market's acronym
        if acronym and lang == "en":
            s = add("name:" + slug(acronym), None, "", p, 0, len(p.heading))
            _known_as(s, dict.fromkeys((name, acronym)), acronym)
            return s.key
        return None
    key = place_key(place, minted.get(name, ""))
    s = add(key, place, "" if place else name, p, 0, len(p.heading))
    s.heading_qualifier = s.heading_qualifier or qual
    return key


def _names_programme(prog, text: str) -> bool:
    return prog.name in text or bool(prog.acronym and re.search(r"(?<![A-Za-z0-9-])" + re.escape(prog.acronym) + r"(?![A-Za-z0-9-])", text))


def _resolve(mm: MarketMention, f: Frame, places: list[PlaceMention], recent: list[str], heading_key: str | None,
             minted: dict[str, str], bullet_places: list[Place] = (), counts: dict[str, int] | None = None,
             counts_places: dict[str, int] | None = None, seen_places: list[PlaceMention] = ()
             ) -> list[tuple[str, Place | None, str]]:
    """(system key, place, minted place name) for each system a market mention refers to."""
    suffix = "#2" if mm.ordinal else ""
    if mm.programme:
        # A market named with no head is its place's, else known by its own name ("RGGI").
        if mm.place is not None:
            return [(place_key(mm.place), mm.place, "")]
        if mm.new_name:
            return [(minted.get(mm.new_name, "new:" + slug(mm.new_name)), None, mm.new_name)]
        heading = heading_key if heading_key and heading_key.startswith(("place:", "new:")) else None
        return [(heading, None, "")] if heading else [("name:" + slug(mm.programme), None, "")]
    if not mm.plural and SHARED[f.lang].search(f.text[max(0, mm.start - 20):mm.end]):
        # "California and Quebec have been operating a linked market", "两地共同的碳市场": one market of the places the
        # clause joins before it.
        joined = _joined_before(f, places, mm.start, r"[;；。]") or _run_by(f, places, mm.end)
        if joined and mm.place is None and not mm.new_name:
            return [(place_key(pm.place, pm.new_name), pm.place,
                     next((n for n, k in minted.items() if k == pm.new_name), "") if pm.place is None else "")
                    for pm in joined]
    pair = re.search(r"\bthe\s+(?:[A-Z][\w.’'-]*\s+){1,3}and\s+(?:[A-Z][\w.’'-]*\s+){0,3}$", f.text[max(0, mm.start - 50):mm.start])
    if f.lang == "en" and not mm.plural and mm.place is not None and pair:
        # "the California and Québec system": one market two places run together.
        at = max(0, mm.start - 50) + pair.start()
        joined = [pm for pm in places if at <= pm.start < mm.end]
        if len(joined) == 2 and joined[1].place is mm.place and re.fullmatch(r"\s+and\s+", f.text[joined[0].end:joined[1].start]):
            return [(place_key(pm.place, pm.new_name), pm.place, "") for pm in joined if pm.place is not None]
    each = EACH_HAS[f.lang].search(f.text[max(0, mm.start - 40):mm.start])
    if each and (mm.plural or f.lang == "zh") and mm.place is None and not mm.new_name:
        # "California and Québec run cap-and-trade programs", "东京都与埼玉县各有排放交易制度": one market of each
        # place the clause joins as its subject.
        joined = _joined_before(f, places, max(0, mm.start - 40) + each.start(), r"[;；。]")
        if joined:
            return [(place_key(pm.place, pm.new_name), pm.place,
                     next((n for n, k in minted.items() if k == pm.new_name), "") if pm.place is None else "")
                    for pm in joined]
    if mm.plural and mm.reference:
        # "Dalmora and Ostrenia ... their carbon markets": the places of the clause.
        clause_start = max([0] + [m.end() for m in re.finditer(r"[;；。]", f.text[:mm.start])])
        named = list(dict.fromkeys(place_key(pm.place, pm.new_name) for pm in places if clause_start <= pm.start < mm.start))
        if len(named) >= 2:
            return [(k, pm.place, next((n for n, v in minted.items() if v == pm.new_name), "") if pm.place is None else "")
                    for k in named for pm in places if place_key(pm.place, pm.new_name) == k][:len(named)]
    if mm.plural and not mm.reference:
        # "Beijing, Shanghai and Tianjin pilots", "北京、上海等试点", "the carbon markets of A and B": one system
        # each; otherwise a generic use ("China's regional pilot ETSs", "carbon markets around the world").
        listed = places_before(f.text, mm.start, f.lang) or places_after(f.text, mm.end, f.lang)
        if listed and mm.place is not None and mm.place not in listed:
            listed = listed + [mm.place]  # "the California–Québec carbon market": the places before and its own
        listed = listed or bullet_places + ([mm.place] if mm.place is not None else [])
        if mm.place is not None and len(listed) > 2:
            # "• Beijing • Shanghai ... China regional pilots": the place in the caption is the members' country.
            listed = [p for p in listed if p is not mm.place] if all(p.parent == mm.place.id for p in listed if p is not mm.place) else listed
        after = re.match(r"\s+of\s+((?:[A-Z][\w'’-]*\s*(?:,|and)?\s*){2,6})", f.text[mm.end:])
        if after:
            listed = [p for *_, p in gazetteer().find(after.group(1), f.lang)] or listed
            listed_new = [n for n in re.findall(r"[A-Z][\w'’-]*", after.group(1)) if n in minted]
        else:
            listed_new = []
        if len(listed) + len(listed_new) >= 2:
            return ([(place_key(p), p, "") for p in listed]
                    + [(minted[n], None, n) for n in listed_new])
        if mm.head.lower() in ("systems", "programs", "programmes", "schemes"):
            # "Indonesia and Vietnam lay the groundwork to launch systems": the places the clause joins before it.
            joined = _joined_before(f, [pm for pm in places if pm.place is not None], mm.start, r"[;；。]|,\s+(?:and|but|while)\b")
            if joined:
                return [(place_key(pm.place), pm.place, "") for pm in joined]
        return []
    if mm.place is not None:
        if mm.level_word == "national" and mm.place.type != "country" and mm.place.parent and re.search(
                r"['’]s\s+(?:\w+\s+)?national\b", f.text[mm.start:mm.end], re.I):
            # "Beijing's national market": the capital speaks for its country's government.
            country = gazetteer().get(mm.place.parent)
            if country is not None:
                return [(place_key(country) + suffix, country, "")]
        return [(place_key(mm.place) + suffix, mm.place, "")]
    if mm.new_name:
        return [(minted.get(mm.new_name, "new:" + slug(mm.new_name)) + suffix, None, mm.new_name)]
    if mm.plural:
        if mm.reference:
            return [(k, None, "") for k in list(dict.fromkeys(reversed(recent)))[:2]]
        return []
    # An unnamed mention takes the place named before it in its clause ("Brazil is developing an ETS").
    clause_start = max([0] + [m.end() for m in re.finditer(r"[;；。]|,\s+(?:but|while|whereas)\b|，(?:但|而)", f.text[:mm.start])])
    before = [pm for pm in places if clause_start <= pm.start and pm.end <= mm.start]
    if not re.search(r"\b(?:its|their)\s+(?:\w+\s+){0,3}$|其\S{0,6}$", f.text[max(0, mm.start - 40):mm.start], re.I):
        # "Seoul says the K-ETS will …", "首尔方面表示…": a city that speaks stands for its government, not for a
        # market of its own ("Tokyo said its program …" keeps Tokyo's).
        before = [pm for pm in before if not (place_type(pm) == "city" and SPEAKS[f.lang].match(f.text[pm.end:]))]
    between_markets = [m for m in f.markets if before and before[-1].end <= m.start < mm.start]
    if mm.level_word == "national" and not before:
        # "联邦OBPS" under "加拿大：" or "纽芬兰与拉布拉多省（加拿大）：": the country of the paragraph's heading,
        # else the one the text names most.
        head_place = keyed_place(heading_key)
        if head_place is not None and head_place.type != "country":
            head_place = gazetteer().get(head_place.parent) if head_place.parent else None
        # "联邦OBPS已不再包括安大略省和萨斯喀彻温省": the one country of the places the sentence names after it.
        around = {pm.place.id if pm.place.type == "country" else pm.place.parent for pm in places if pm.place is not None}
        near = gazetteer().get(around.pop()) if len(around) == 1 and "" not in around else None
        # A table row names its own system: the country a document names most is no guess for it.
        table = len(TABLE_SEP.findall(f.text)) >= 2
        # Under a numbered heading line ("4. Canada" then "- The federal Output-Based Pricing System …"): the country
        # of the system under discussion.
        head_place = head_place or gazetteer().country(keyed_place(f.topic) if BULLET_LINE.match(f.text) else None)
        country = near or head_place or (None if table else _domestic(f, mm, minted, counts_places) or _main_country(counts_places))
        # "栖梧省位于瑶澜共和国…国家市场将于后年1月启动": a country the gazetteer lacks, named more often than any it knows.
        unknown = Counter(pm.new_name for pm in seen_places if pm.place is None and place_type(pm) == "country")
        if not (near or head_place or table) and unknown and unknown.most_common(1)[0][1] > _country_count(country, counts_places):
            key = unknown.most_common(1)[0][0]
            return [(key + suffix, None, next((n for n, k in minted.items() if k == key), ""))]
        if country is not None:
            return [(place_key(country) + suffix, country, "")]
    if mm.owner == "local":
        # "与北京不同，湖北是工业大省，试点覆盖…": the pilot of the last province or city its sentence names, else
        # ("目前试点覆盖…") the last local market the text named; a bare 试点 founds no market of a place named in passing.
        named = [pm for pm in before if place_type(pm) in ("subnational", "city")
                 and (pm.place is not None or _local_name([pm.new_name]))]
        if named:
            pm = named[-1]
            return [(place_key(pm.place, pm.new_name), pm.place,
                     next((n for n, k in minted.items() if k == pm.new_name), "") if pm.place is None else "")]
        local = [k for k in reversed(recent) if _local_key(k, minted)]
        return [(local[0], None, "")] if local else []
    if before and not between_markets:
        # "its ETS" goes back to the nearest place; "the state's program" to the clause's subject.
        possessive = re.search(r"\b(?:its|their|其)\s*(?:\w+\s+){0,3}$", f.text[max(0, mm.start - 40):mm.start], re.I)
        if possessive and f.topic and SUBJECT_ANAPHOR[f.lang].match(f.text):
            # "该州约有3900万人口，经济总量居美国各州之首，其碳市场…": 其 is the sentence's subject, the state
            # under discussion, not the nearest place.
            return [(f.topic, None, "")]
        pm = before[0] if mm.reference and not possessive else before[-1]
        aside = re.match(r"\s*(?:,|，)\s*(?:(?:a|an|the|one of the)\b[^,，]*|[^,，]{0,20}的[^,，]*)(?:,|，)", f.text[before[0].end:mm.start])
        if possessive and aside and all(b.start < before[0].end + aside.end() for b in before[1:]):
            # "Ardenvale, a province of the Federation of Calvora, launched its program": the places of an
            # aside describe the subject; "its" is the subject's.
            pm = before[0]
        if mm.owner:
            # "told California that the state's program ...": the clause's first place of that kind; "该国" is the
            # nearest one ("曾在斐济工作，后任职于塔瓦尼亚共和国，主持了该国碳市场的设计").
            kind = [b for b in before if place_type(b) == mm.owner]
            pm = (kind[-1] if f.lang == "zh" else kind[0]) if kind else pm
        if mm.level_word in ("subnational", "city") and pm.place is not None and pm.place.type == "country":
            # "我国自2013年起先后在七个省市开展了地方碳排放权交易试点": a country's local or regional market, unnamed, is
            # none of the country's own (nor one the text lets us place).
            return []
        if mm.level_word == "national" and pm.place is not None and pm.place.type != "country" and pm.place.parent:
            country = gazetteer().get(pm.place.parent)  # "北京…全国碳市场": the national market of Beijing's country
            if country is not None:
                return [(place_key(country) + suffix, country, "")]
        name = next((n for n, k in minted.items() if k == pm.new_name), "") if pm.place is None else ""
        return [(place_key(pm.place, pm.new_name) + suffix, pm.place, name)]
    if mm.ordinal:
        # "ETS2" with no place: the second market of the system just named in its clause ("reformed its ETS and
        # plans a separate ETS"), else of the paragraph's, else of the one the document is mostly about.
        named = [r.key for r in f.refs if r.start >= clause_start and r.start < mm.start]
        main = (named[-1] if named else None) or heading_key or (max(counts, key=counts.get) if counts else None)
        if main:
            return [(main.split("#")[0] + suffix, None, "")]
    if not mm.plural and not mm.reference and DEFINES[f.lang].match(f.text[mm.end:]) and seen_places:
        # "本条例所称产出基准定价体系（以下简称“本体系”）" after a title that names its place: that place's market; of
        # several places (an editor's note naming the country too), the one named most, else first (the title's).
        keys = [place_key(pm.place, pm.new_name) for pm in seen_places]
        best = max(dict.fromkeys(keys), key=lambda k: (keys.count(k), -keys.index(k)))
        pm = seen_places[keys.index(best)]
        name = next((n for n, k in minted.items() if k == pm.new_name), "") if pm.place is None else ""
        return [(place_key(pm.place, pm.new_name) + suffix, pm.place, name)]
    if mm.reference and mm.owner:
        # "省碳市场" with no place in its clause: the last place of that kind the text named.
        for pm in reversed(seen_places):
            if place_type(pm) == mm.owner:
                name = next((n for n, k in minted.items() if k == pm.new_name), "") if pm.place is None else ""
                return [(place_key(pm.place, pm.new_name) + suffix, pm.place, name)]
    if mm.reference:
        # "该体系" opening a paragraph takes up what the document is about, not the partner the paragraph before
        # ended on ("…与欧盟碳排放交易体系实现连接。" / "覆盖范围：该体系纳入水泥…" in an entry on another system).
        # (its first sentence, or the first under a heading line of its own: "覆盖范围\n该体系纳入…")
        lead = f.passage.text[:f.offset]
        opening = ((f.offset == 0 or "\n" not in lead.rstrip("\n") and not re.search(r"[。；！？.!?;，,]", lead))
                   and not any(m.start < mm.start for m in f.markets)
                   and bool(BARE_ANAPHOR[f.lang].search(f.text[max(0, mm.start - 6):mm.end])))
        topic = heading_key or (f.main if opening and f.main else None) or (recent[-1] if recent else None)
        if topic:
            return [(topic, None, "")]
    return []


# What joins two names in one list ("A and B", "A, B", "A与B", "the Québec system" right after "California and").
JOINED = re.compile(r"\s*(?:,\s*)?(?:and|&|as well as|with|与|和|及|、|同)?\s*(?:the\s+)?", re.I)
RUN_BY = re.compile(r"\s+(?:(?:that|which)\s+(?:is\s+)?)?(?:(?:run|operated|shared|managed|set up|created|established|"
                    r"formed)\s+(?:jointly\s+)?by|that|which)\s+(?:the\s+)?", re.I)


def _run_by(f: Frame, places: list[PlaceMention], pos: int) -> list[PlaceMention]:
    """The places a shared market is run by, named right after it ("the joint market run by California and Québec",
    "the single market that California and Québec share"), when two or more are joined there."""
    m = RUN_BY.match(f.text, pos)
    if not m:
        return []
    out, at = [], m.end()
    for pm in sorted((p for p in places if p.start >= at), key=lambda p: p.start):
        if not JOINED.fullmatch(f.text[at:pm.start]):
            break
        out.append(pm)
        at = pm.end
    return out if len(out) >= 2 else []


def _joined_before(f: Frame, places: list[PlaceMention], pos: int, clause_end: str) -> list[PlaceMention]:
    """The first two places of the clause before ``pos`` when the text joins them ("California and Quebec",
    "琴屿与霖湾"); else none. ``clause_end`` says where the clause begins."""
    clause_start = max([0] + [m.end() for m in re.finditer(clause_end, f.text[:pos])])
    joined = [pm for pm in places if clause_start <= pm.start < pos]
    if len(joined) >= 2 and re.fullmatch(r"\s*(?:,|and|&|与|和|及|、)\s*", f.text[joined[0].end:joined[1].start]):
        return joined[:2]
    return []


ZH_SUFFIX_TYPE = {"省": "subnational", "州": "subnational", "市": "city", "国": "country"}


def place_type(pm: PlaceMention) -> str:
    """A place's kind: the gazetteer's, or for a place the text names ("栖梧省") the suffix of its name."""
    return pm.place.type if pm.place is not None else pm.kind or ZH_SUFFIX_TYPE.get(pm.new_name[-1:], "")


# A reference that is nothing but a pronoun and a head ("该体系", "the scheme"), no description of its own.
BARE_ANAPHOR = {"en": re.compile(r"\b(?:the|this)\s+(?:system|scheme|market|program(?:me)?|mechanism|ETS)$", re.I),
                "zh": re.compile(r"(?:该|本|此|这一?)(?:体系|市场|机制|制度|计划|碳市场)$")}
# What two places joined as a subject each have: "run cap-and-trade programs", "各有排放交易制度".
EACH_HAS = {"en": re.compile(r"\s+(?:each\s+|both\s+)?(?:run|operate|have|maintain)\s+(?:their\s+own\s+|separate\s+|distinct\s+)?$", re.I),
            "zh": re.compile(r"(?:各有|均有|都有|各自(?:运行|设有|建立了?)|分别(?:设有|运行|建立了?))(?:自己的|各自的|独立的)?$")}
# A market two places share.
SHARED = {"en": re.compile(r"\b(?:linked|shared|joint|common|combined|single|integrated)\s+(?:carbon\s+|emissions\s+)?\S*$", re.I),
          "zh": re.compile(r"(?:共同的?|联合的?|统一的?|连接的?)(?:碳)?\S{0,2}$")}
# A city that speaks ("Seoul says", "首尔方面表示"): its government, the way news writes a capital.
SPEAKS = {"en": re.compile(r"['’]s\s+(?:government|officials?|ministry)\b|\s+(?:has\s+|have\s+)?(?:says?|said|confirmed|"
                           r"announced|insists?|insisted|argues|argued|told|warned|signalled|signaled)\b"),
          "zh": re.compile(r"(?:方面|政府|官方)?(?:表示|称|宣布|强调|指出|透露|表態)")}
# Words that deny a market exists, right before its mention.
# A market the text says a place has not, will not have or has no plan to build ("暂无计划建立本地的排放交易制度",
# "不会改行总量管制与交易", "had no plans to replace it with an emissions trading system").
# A sentence whose subject is a pronoun, after a short adverbial ("Since July 2023 it has …", "2024年起，该市场…").
IT_OPENS = {"en": re.compile(r"^\s*(?:(?:since|in|from|by|on|after|until|as of|at)\b[^,.;]{0,40}?,?\s+)?(?:it|its)\b", re.I),
                   "zh": re.compile(r"^\s*(?:[^，。；]{0,12}[，,]\s*)?(?:其|该(?:市场|体系|机制|计划|制度))")}
RANKED = {"en": re.compile(r"(?:\b(?:is|was|remains|became)\s+|,\s*)(?:the|its|their)\s+(?:" + RANK_WORDS_EN + r")"
                           r"\s+(?:[\w-]+\s+){0,2}$", re.I),
          "zh": re.compile(r"(?:是|为|成为)[^，。；]{0,6}(?:第一个|首个|唯一的?|最大的?|最早的?)[^，。；]{0,8}$")}
NO_MARKET = {"zh": re.compile(r"(?:并无|没有|尚无|未有|暂无|(?<![\u4e00-\u9fff])无(?!论|疑|须|需|法))(?:任何)?(?:计划|打算)?(?:推行|建立|实施|开展|设立|引入)?"
                              r"[^，。；]{0,6}$|(?:并|从|迄今|至今|均|都|皆|尚|仍)?未(?:曾)?(?:正式)?(?:推行|建立|设立|引入)[^，。；]{0,6}$|(?:而非|并非|而不是|不是|不属于|不算)[^，。；]{0,4}$|"
                              r"(?:不会|不打算|无意|不准备)(?:改行|改用|采用|实行|推行|建立|设立|引入|转向)[^，。；]{0,4}$"),
             "en": re.compile(r"\b(?:has|have|had) no\s+(?:\w+\s+){0,3}$|\b(?:does|do|did) not have (?:an?|any)\s+(?:\w+\s+){0,3}$|"
                              r"\bthere is no\s+(?:\w+\s+){0,3}$|\b(?:rather than|instead of)\s+(?:an?\s+)?(?:\w+\s+){0,2}$|"
                              r"\b(?:no plans?|not plan(?:ning)?|will not|would not|won't|does not intend|has no intention) to "
                              r"(?:\w+\s+){0,5}?(?:with|to|an?|its own|any)\s+(?:\w+\s+){0,2}$", re.I)}
KNOWN_AS = {"en": re.compile(r"\b(?:known as|called|dubbed|named|referred to as)\s+(?:the\s+)?[\"“]?$", re.I),
            "zh": re.compile(r"(?:称为|称作|简称|名为|叫做)[“「\"]?$")}
# A short name defined later in the market's sentence: '("the Fuels Scheme")', "（以下简称“全国碳市场”）".
SHORT_NAME = {"en": re.compile(r"[^.;()]{0,120}?\(\s*(?:hereinafter\s+)?(?:the\s+)?[\"“]\s*(?:the\s+)?([^\"”]{3,40}?)\s*[\"”]\s*\)", re.I),
              "zh": re.compile(r"[^。；（(]{0,60}?[（(]\s*(?:以下|下)?(?:简称|称)\s*[“「\"]([^”」\"]{2,16})[”」\"]\s*[）)]")}
GENERIC_NAME_WORD = re.compile(r"(?i:the|scheme|program(?:me)?|system|market|ets|mechanism|act|regulation|authority|"
                               r"trading|emissions?|carbon|cap-and-trade)|本.*|该.*|此.*|碳市场|市场|体系|机制|制度|计划")


def _defined_name(text: str, mm: MarketMention, markets: list[MarketMention], lang: str) -> str:
    """The short name a text defines for the market ``mm`` names, when it names this market and no other:
    a name with a word of its own ("Fuels Scheme"), not a generic one ("the Scheme", "本机制")."""
    m = SHORT_NAME[lang].match(text[mm.end:])
    if not m or any(mm.end < other.start < mm.end + m.start(1) for other in markets):
        return ""
    name = m.group(1).strip()
    words = name.split() if lang == "en" else [name]
    return "" if all(GENERIC_NAME_WORD.fullmatch(w) for w in words) else name


# A sentence whose subject refers back to the place under discussion ("该州约有3900万人口", "It ...").
SUBJECT_ANAPHOR = {"zh": re.compile(r"\s*(?:该|本|此|这个?)(?:省|市|国|州|地区)|\s*它"),
                   "en": re.compile(r"\s*(?:It|The (?:state|province|country|city|nation|prefecture))\b")}


def _country_count(country: Place | None, place_counts: dict[str, int] | None) -> int:
    """How often a document names ``country``, directly or through its provinces and cities."""
    if country is None:
        return 0
    return sum(n for pid, n in (place_counts or {}).items()
               if pid == country.id or (p := gazetteer().get(pid)) is not None and p.parent == country.id)


# The writer's own country, said outright: "我国", "国内" (not "韩国国内": that country's domestic).
DOMESTIC_ZH = re.compile(r"我国|(?<!国)国内")


def _local_key(key: str, minted: dict[str, str]) -> bool:
    """A system key of a province's, state's or city's market: a gazetteer place below a country, or a minted place
    written with such a suffix."""
    place = keyed_place(key)
    if place is not None:
        return place.type in ("subnational", "city")
    return key.startswith("new:") and _local_name([n for n, k in minted.items() if k == key.split("#")[0]])


def _local_name(names: list[str]) -> bool:
    """A place written with the suffix of a Chinese province, city or county (省, 市, 县, 自治区)."""
    return any(re.search(r"(?:省|市|县|自治区)$", n) for n in names)


def _home() -> Place | None:
    """The country a simplified-Chinese text is written in when it names none: the place of its "全国", "我国"."""
    return gazetteer().lookup("中国", "zh")


def _domestic(f: Frame, mm: MarketMention, minted: dict[str, str], place_counts: dict[str, int] | None) -> Place | None:
    """"二、国内：… 全国碳市场自2021年7月上线交易" in a simplified-Chinese text about markets at home and abroad: a
    national market its section heading and paragraph name no place before, or none since a 国内 / 我国, is the home
    country's, however often the text named another country before (its "海外" section, its summary)."""
    home = _home()
    if home is None or home.id not in (place_counts or {}):
        return None  # not a simplified-Chinese text, or one about places of its own
    lead = f.section + f.passage.text[:f.offset]
    before = lead + f.text[:mm.start]
    named = [pm.end for pm in place_mentions(lead, "zh", minted)] + [len(lead) + pm.end for pm in f.places
                                                                       if pm.start < mm.start]
    said = [m.end() for m in DOMESTIC_ZH.finditer(before)]
    return home if not named or said and max(said) > max(named) else None


def _main_country(place_counts: dict[str, int] | None) -> Place | None:
    """The country a document is about: the one it names most (directly or through its provinces and cities), when
    that is at least half of its mentions of countries. A survey of many countries is about none of them: its "federal
    output-based pricing system" in a footnote is no system of whichever country it names most."""
    tally: dict[str, int] = {}
    for pid, n in (place_counts or {}).items():
        p = gazetteer().get(pid)
        country = pid if p and p.type == "country" else (p.parent if p else "")
        if country:
            tally[country] = tally.get(country, 0) + n
    best = max(tally, key=tally.get) if tally else None
    return gazetteer().get(best) if best and 2 * tally[best] >= sum(tally.values()) else None


def _proper_name(written: str, mm: MarketMention, lang: str) -> str:
    """The name as the text writes it, without articles, possessive glue or the acronym."""
    name = re.sub(r"\s*[（(][^)）]*[)）]\s*$", "", written).strip()
    name = re.sub(r"(?<=ETS)s$", "", name)  # "the German and UK ETSs": each one's name is singular
    if lang == "en":
        name = re.sub(r"^(?:the|its|their|a|an)\s+", "", name, flags=re.I)
    return name


# What follows the place in a legend line that gives a market's official title without a market head: capitalised
# words or an acronym first ("Limits on Emissions from Electricity Generators", "GHG emissions and energy management
# for manufacturing (GEMM)"), no clause (no verb of being or having, no punctuation), at most one acronym after it.
LEGEND_TITLE = {
    "en": re.compile(r"(?!.*\b(?:is|are|was|were|has|have|had|will|would|can|may)\b)(?P<title>[A-Z][\w-]*(?:[ ][\w-]+){1,11})"
                     r"(?:\s*\((?P<acronym>[A-Za-z]{2,8})\))?"),
    "zh": re.compile(r"(?P<title>[\u4e00-\u9fff]{4,24})(?:[（(](?P<acronym>[A-Za-z]{2,8})[）)])?"),
}


def _own_line(f: Frame) -> bool:
    """Whether the sentence is a line of its own in its passage (a legend or list entry, not part of a paragraph)."""
    text, end = f.passage.text, f.offset + len(f.text)
    return (f.offset == 0 or text[f.offset - 1] == "\n") and (end >= len(text) or text[end:].lstrip(" \t")[:1] in ("\n", ""))


def _legend_names(frames: list[Frame], systems: dict[str, DocSystem], lang: str) -> None:
    """A list line that starts with a place whose market the document knows and goes on with a title, next to list
    lines that name markets ("Massachusetts Limits on Emissions from Electricity Generators" between "California
    Cap-and-Trade Program" and "New Brunswick OBPS"), is that market's official name: a chart legend names each
    market the way its law does, which is how readers will ask for it."""
    for i, f in enumerate(frames):
        if f.markets or len(f.refs) != 1 or f.refs[0].how != "place" or f.refs[0].start != 0:
            continue
        key = f.refs[0].key
        if key not in systems or key + "#2" in systems or not _own_line(f):
            continue
        rest = f.text[f.refs[0].end:]
        title = LEGEND_TITLE[lang].fullmatch(rest.strip())
        if title is None:
            continue
        listed = [g for g in frames[max(0, i - 2):i + 3]
                  if g is not f and g.passage is f.passage and g.markets and len(g.text) <= 60 and _own_line(g)]
        if not listed:
            continue
        s = systems[key]
        name = (f.text[:f.refs[0].end] + rest[:len(rest) - len(rest.lstrip())] + title["title"]).strip()
        s.names[name] = s.names.get(name, 0) + 1
        if title["acronym"] and title["acronym"] not in s.acronyms:
            s.acronyms.append(title["acronym"])


# Markets named in one coordinate phrase ("the Velmora ETS and the Rindal ETS", "广东、湖北和深圳", "neither A nor B").
COORDINATED = re.compile(r"\s*(?:,\s*)?(?:and|&|as well as|nor|or|与|和|及|以及|、|或)?\s*(?:the\s+)?", re.I)
# A word that deals a predicate out to every market of the phrase: after it ("… both opened", "…的覆盖面都比较宽",
# "…三个试点的上限均为10%"), or, for "neither … nor", before it.
EACH_AFTER = {"en": re.compile(r"(?:['’]s)?(?:\s+(?:markets?|systems?|schemes?|programs?|programmes?|pilots?|ETSs?))?"
                               r"\s*,?\s+(?:both|each|all(?:\s+(?:two|three|four|five|six))?)\b", re.I),
              "zh": re.compile(r"[^，。；,;！？]{0,8}?(?:都|均|皆|各自)")}
# Only where a subject stands (opening the sentence or a clause): "must comply with both RGGI and …" deals out nothing.
EACH_BEFORE = {"en": re.compile(r"(?:^|[,;:]\s*)(?:neither|both)\s+(?:the\s+)?$", re.I), "zh": re.compile(r"(?!)")}
# Words that stand for the markets of the last such phrase: all of them ("两者", "both of them", "the two markets"),
# its first ("前者", "the former") or its last ("后者", "the latter").
# "The two governments", "两国政府": the governments speak for their markets ("agreed to work towards linking their markets").
SHARED_ANAPHOR = {"en": re.compile(r"\b(?:both of them|both (?:markets|systems|schemes|programs|programmes|pilots|governments)|"
                                   r"the two (?:markets|systems|schemes|programs|programmes|pilots|governments)|"
                                   r"(?P<first>the former)|(?P<last>the latter))\b", re.I),
                  "zh": re.compile(r"两者|二者|两地|两国政府|(?P<first>前者)|(?P<last>后者)")}


def coordinated_runs(f: Frame, end: int) -> list[list[Ref]]:
    """The runs of two or more markets of different systems that ``f`` joins in one phrase before ``end``."""
    runs, run = [], []
    for r in sorted((r for r in f.refs if r.end <= end and r.how != "heading"), key=lambda r: r.start):
        if run and r.start < run[-1].end:
            continue  # a ref inside the one before (a place inside a name)
        if run and COORDINATED.fullmatch(f.text[run[-1].end:r.start]) and r.key not in {x.key for x in run}:
            run.append(r)
            continue
        if len(run) >= 2:
            runs.append(run)
        run = [r]
    if len(run) >= 2:
        runs.append(run)
    return runs


def _shared_refs(frames: list[Frame], lang: str) -> None:
    """A predicate dealt out to every market of a coordinate phrase, or said of them again by "两者", "the former",
    is said of each of those markets: a reference to each is added where the predicate's subject is sought (the
    relations read a plural reference as all the markets it stands for)."""
    for i, f in enumerate(frames):
        added = []
        for run in coordinated_runs(f, len(f.text)):
            end = run[-1].end
            if EACH_AFTER[lang].match(f.text, end) or EACH_BEFORE[lang].search(f.text, 0, run[0].start):
                added.extend(Ref(end, end, r.key, "reference") for r in run)
        for m in SHARED_ANAPHOR[lang].finditer(f.text):
            if any(r.start <= m.start() < r.end for r in f.refs):
                continue  # inside a name already resolved ("上海、北京两地的试点")
            run = next((runs[-1] for g in [f, *reversed(frames[max(0, i - 2):i])] if g.passage is f.passage
                        and (runs := coordinated_runs(g, m.start() if g is f else len(g.text)))), None)
            if run is None:
                continue
            # "fuel distributors (the latter from 2015)": the latter of the sectors listed right before, not of two markets.
            if any(e <= m.start() and re.fullmatch(r"\s*[(（,，、]?\s*", f.text[e:m.start()]) for _, e, _ in f.sectors):
                continue
            chosen = [run[0]] if m.group("first") else [run[-1]] if m.group("last") else run
            added.extend(Ref(m.start(), m.end(), r.key, "reference") for r in chosen)
        if added:
            f.refs.extend(added)
            f.refs.sort(key=lambda r: r.start)


def _place_refs(frames: list[Frame], systems: dict[str, DocSystem], lang: str) -> None:
    """A place named on its own stands for its carbon market when the document has one."""
    by_place = {}
    for key in systems:
        if not key.endswith("#2"):
            by_place.setdefault(key, key)
    for f in frames:
        for pm in f.places:
            key = place_key(pm.place, pm.new_name)
            if key not in by_place:
                continue
            if any(r.start <= pm.start < r.end for r in f.refs) or any(
                    mm.plural and mm.start <= pm.start < mm.end for mm in f.markets):
                continue  # inside a name, or inside a generic plural ("China's regional pilot ETSs")
            f.refs.append(Ref(pm.start, pm.end, key, "place"))
        f.refs.sort(key=lambda r: r.start)

