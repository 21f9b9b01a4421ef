"""Slots: the constraints a question puts on systems, read from its wording (zh and en).

``extract(text, lexicon)`` reads a folded question whose entity mentions are
already blanked out (so "national" inside "China national ETS" or 省 inside
魁北克省 is not read as a level) and returns ``Slots``: years and how they
compare, status, level, design, region, sectors, offset rules and limits,
linkage, "pilot", tense, and the cue words that decide the intent.

The cue words are wording only, in both languages: which systems have which
property always comes from the graph. Sector words come from the bundled
vocabulary (``ingest.vocab.sectors``) plus the graph's concept labels; region
names from the report's section headings (``ingest.vocab.sections``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ingest.dates import chinese_number

from .intent import COUNT_ZH
from .lexicon import Lexicon, fold, tokens

MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR = r"(?:19[89]\d|20\d\d)"


def _re(*parts: str) -> re.Pattern:
    return re.compile("|".join(parts))


# Each cue: English alternatives (bounded by what is not a Latin letter or digit, so that "G20" or "ETS" inside a
# Chinese question, where \b finds no edge between "0" and "里", still fires) and Chinese substrings.
def _cue(en: str, zh: str = "") -> re.Pattern:
    parts = [rf"(?<![A-Za-z0-9])(?:{en})(?![A-Za-z0-9])"] if en else []
    if zh:
        parts.append(f"(?:{zh})")
    return _re(*parts)


BLANK = "\u25a1"  # stands in for a mention's characters so that cue words do not fire inside names

CUES = {
    "count": _cue(r"how many|number of|count of|total number", f"有多少|{COUNT_ZH}|数量"),
    "difference": _cue(r"how many years|years apart|gap between|difference between|separat\w*",
                       "相差|差几年|间隔|相隔|早几年|晚几年"),
    "start": _cue(r"start\w*|launch\w*|began|begin\w*|beginning|got going|get going|go(?:es)? live|went live"
                  r"|took effect|take\w* effect|in effect|established|introduc\w*|implement\w*|commenc\w*|came into"
                  r"|in place since|since when|operating since|first operat\w*|set up|created|inception|underway|under way"
                  r"|came online|come online|went into operation|entered into force|rolled out|debut\w*|opened(?! to)"
                  r"|kick(?:ed|s|ing)? off?|running since|brand[- ]new"
                  # "already running before 2010", "in force by 2015": started by then
                  r"|(?:running|operating|operational|in operation|in force)(?=\s+(?:already\s+)?(?:before|by|prior to"
                  r"|no later than)\b)",
                  # "在运行", "运行中": a market in force, not its start
                  "启动|开始|建立|推出|上线|实施|生效|成立|开展|(?<![在正])运行(?!中)|运作|施行|开市|问世|设立|创建|开通"),
    "when": _cue(r"when|what year|which year|what date|start(?:ing)? (?:year|date)|launch (?:year|date)|year of launch"
                 r"|how long|how old",
                 "哪年|哪一年|何时|什么时候|几时|第几年|多少年|多久|哪个年份|年份|哪(?:个|一)?(?:财年|年度|季度|月份)"),
    # A span of years asked ("哪几年", "which years does phase two cover"): the text's "2016年至2018年", not a start.
    "span": _cue(r"(?:which|what) years|from (?:which|what) year to (?:which|what) year|start and end years?",
                 "哪几年|哪些年份?|从哪年到哪年|从哪一年到哪一年|起止年份|起讫年份"),
    "earlier": _cue(r"first|earlier|earliest|older|oldest|sooner|before the other|preceded",
                    "谁先|哪个先|先启动|先于|更早|最早|较早|早于|最先|首个|第一个|率先|历史更悠久|最悠久"),
    "later": _cue(r"later|latest|newer|newest|more recent\w*|most recent\w*|younger|youngest|last",
                  "更晚|最晚|较晚|晚于|最新|更新|(?<!之)(?<!以)后启动|最后"),
    "age": _cue(r"oldest|newest|youngest|earliest|latest|most recent\w*|older|newer|younger",
                "最早|最晚|最新|最悠久|更早|更晚"),
    "highest": _cue(r"highest|largest|biggest|most generous|maximum(?! of)|most lenient|greatest", "最高|最大|最多的|最宽松"),
    "lowest": _cue(r"lowest|smallest|strictest|minimum(?! of)|(?<!at )least", "最低|最小|最少的|最严"),
    "offset": _cue(r"offset\w*|(?<!and-)(?<!and )credits?", "抵消|抵销|抵换|碳信用|信用|核证减排"),
    "offset_pct": _cue(r"percent\w*|pct|share|how much|how large|how big|size of|limit\w*|up to|portion|proportion"
                       r"|cap(?!-and)|capped|what part|ceiling|allowance",
                       "多少|比例|上限|最多|比重|份额|百分之|限额|限制"),
    "international": _cue(r"international\w*|foreign|overseas|abroad", "国际|国外|境外|海外"),
    "domestic": _cue(r"domestic", "国内"),
    "negative": _cue(r"not|no|never|don'?t|doesn'?t|without|refus\w*|prohibit\w*|ban\w*|disallow\w*|bar\w*|exclud\w*"
                     r"|reject\w*|forbid\w*",
                     "不允许|不接受|不能|不可|禁止|拒绝|不使用|没有|不得|未允许|不准"),
    "unlimited": _cue(r"unlimited|no (?:quantitative )?limit\w*|without (?:any )?limit\w*|no cap|any amount|entire",
                      # a limit of what may go between ("不设数量上限", "没有任何比例上限")
                      "无限|不限量|不设限|无上限|全部|(?:不设|没有|并无)[^，,。？?]{0,4}上限"),
    # Systems that accept each other's units are linked, whatever the word ("mutual recognition", "互认").
    # Joined in everyday words too ("hooked up to", "连起来", "接轨").
    "link": _cue(r"link\w*|connect\w*|interlink\w*|mutual(?:ly)? recogni\w*|recogni[sz]e each other'?s?|hook\w* up",
                 "连接|联通|链接|相连|挂钩|对接|互联|连通|联结|联接|连结|互认|互相承认|连起来|连在一起|接轨"),
    # A link that no longer holds ("used to accept each other's units", "以前互认…后来终止").
    # A link asked about as past ("过去曾与…连接", "once linked") is one that ended too; not "过去一年" alone.
    "ended": _cue(r"ended|end(?:s|ing)?(?! of)|terminat\w*|no longer|used to|formerly|previously|broke off|discontinu\w*"
                  r"|dissolv\w*|laps\w*|once (?:linked|connected)|had (?:been )?(?:linked|connected)",
                  "终止|结束|不再|解除|中止|曾经|以前|此前|先前|(?:过去)?曾(?=与|和|同|跟)|过去(?=与|和|同|跟)"),
    "planned": _cue(r"plan\w*|working (?:to|toward|towards)|work(?:s|ing)? toward\w*|discuss\w*|negotiat\w*|talks"
                    r"|aim\w*|intend\w*|seek\w*|future|will|facilitat\w*|prepar\w*|pursu\w*|propos\w*"
                    r"|not yet (?:linked|connected)|yet to (?:be )?(?:linked|connected|link|connect)",
                    # Talks under way ("正在谈", "洽谈") and a link not yet made ("还没有真正连上") are a plan.
                    "计划|讨论|拟|推动|致力|筹划|谈判|准备|寻求|谋求|争取|有意|打算|正在与|将与|在谈|商谈|洽谈"
                    "|(?:尚未|还没有?|仍未)(?:真正)?(?:连|链|挂|对接|互认)"),
    # A link said to be made already ("already linked", "已经联通"): beside a plan in one question ("已经联通、或者
    # 正在谈联通的"), both kinds of link are asked.
    "done": _cue(r"already (?:linked|connected)|(?:are|is|have been|has been) (?:linked|connected)(?! by)",
                 "已经?(?:[与和同跟][^，,。？?]{0,12})?(?:连接|联通|链接|相连|挂钩|对接|连通|联结|互认)"),
    "future": _cue(r"will|scheduled|expected|planned|plans?|set to|due to|upcoming|going to|is to|are to|future|proposed"
                   r"|anticipated|intend\w*",
                   # "要到2026年才启动": not before a time still to come
                   "将|预计|计划|拟|即将|准备|筹备|预期|有望|要到"),
    "pilot": _cue(r"pilots?", "试点"),
    "design_q": _cue(r"design|type|kind of|sort of|what model|cap-and-trade or|or intensity|or cap-and-trade",
                     "类型|设计|还是|哪种|哪类|什么样的|模式"),
    "level_q": _cue(r"what level|which level|level of government|at what level|what tier of government",
                    "层级|层面|哪一级|哪个级别|哪级|什么级别"),
    "status_q": _cue(r"status|stage|state of play|where does .* stand|is .* (?:operating|in force|running)",
                     "状态|阶段|进展|处于|目前.*情况"),
    "jurisdiction_q": _cue(r"which jurisdiction|what jurisdiction|jurisdiction of|who (?:runs|operates|governs|administers)|whose"
                           r"|which government|what government|which country runs",
                           "哪个司法管辖区|什么司法管辖区|哪个政府|属于哪个国家|属于哪个地区|是哪里的|哪个地区的|由谁"),
    "sector_q": _cue(r"(?:what|which) sectors|what does .* cover|what .* covered|sectors (?:does|do|are)|how many sectors",
                     "哪些行业|什么行业|哪些部门|什么部门|几个行业|多少个行业|哪些领域|覆盖了什么|覆盖哪些"
                     "|哪[一两二三四五六七八九几]个(?:行业|部门|领域)"),
    # A place named in between is blanked out (``BLANK``: "what □□□□□□□ pilot ETSs").
    "systems_q": _cue(rf"which|what (?:[\w{BLANK}]+ ){{0,3}}(?:systems?|ets|etss|markets?|schemes?|programs?|jurisdictions?|countr\w+"
                      r"|provinces?|states?|pilots?)|list|name the|any ets|is there any|are there any|where"
                      # A question written as a heading asks for the markets it describes ("Canadian schemes that
                      # kicked off in 2019?").
                      rf"|^(?:[\w{BLANK}'’-]+ ){{0,3}}(?:systems|schemes|markets|programs|programmes|etss|pilots)"
                      r" (?:that|which|with|where|in|from|started|launched|covering|linked)",
                      # "哪个财年", "哪个月": a time asked, not a system
                      "哪些|哪个(?!财年|年度|季度|月|年份)|哪一个|哪家|是谁|有谁|列出|和谁|与谁|跟谁|谁"
                      # "哪几个", "哪两个": how many is said, systems are still asked for
                      "|哪[几两二三四五六七八九](?:个|家)(?!财年|年度|季度|月|年份)"),
    # Topics the graph does not model: prices, revenue, auctions, allocation,
    # membership, reasons, shares of global emissions, changes over time.
    # "Carbon pricing systems", "pricing schemes" are the markets themselves, not their prices.
    "unmodelled": _cue(r"prices?|pric(?:ing(?! (?:systems?|schemes?|mechanisms?|instruments?|programs?|programmes?))|ed)\b"
                       r"|revenue\w*|auction\w*|free allocation|allocat\w*|members?|observers?"
                       r"|icap|g20|gdp|population|why|reasons?|caus\w+|cbam|border adjustment|benchmark|stability reserve"
                       r"|share of (?:global )?(?:greenhouse gas |ghg )?emissions|mtco2\w*|tonnes?|billion|million"
                       r"|co-chair|chair\w*|train\w*|reform\w*|expand\w*|extend\w*|new sectors|chang\w*|rose|fell|drop\w*"
                       r"|trend\w*|volatil\w*"
                       # A market's turnover, tariffs or votes: not its start, though asked with "when ... take
                       # effect" or "first year". (Its first phase or compliance period is its start.)
                       r"|turnover|trading volume|tariffs?|votes?"
                       # A law or rule of the market ("when did the regulation take effect?"): its own date, not the
                       # market's start.
                       r"|regulations?|ordinance|decree|bill|amendments?",
                       "价格|碳价|收入|拍卖|免费|配额|成员|观察员|二十国|原因|为什么|为何|培训|亿|万吨|主席|改革|扩展|扩大"
                       "|新行业|新增|变化|上涨|下跌|增长|下降|趋势|波动|排放总量的|排放的比例|全球温室气体排放"
                       "|成交额|交易额|成交量|电价|票数|第(?:[二三四五六七八九十]|[2-9])期|条例|办法|法案|修正案|《"),
}

STATUS_CUES = {
    "in_force": _cue(r"in force|in operation|operating|operational|operates?|running|currently active|active|live"
                     r"|existing|functioning|already (?:launched|started|running)",
                     "运行|运营中|实施中|已实施|运作|已启动|已经启动|生效中|现行|已上线"),
    "under_development": _cue(r"under development|being developed|in development|developing|under construction"
                              r"|in preparation|being prepared|in the pipeline|being (?:set up|established|built)"
                              # "working towards a link" is the link's plan, not the market's status
                              # ("work on an intensity basis" is a design)
                              r"|(?:working|work|works) (?:on|towards?)(?! (?:an? |the |their |its )?link)(?![^,;?.]*\bbasis\b)"
                              # getting a market ready, not a link ("preparing to link" is the link's plan)
                              r"|prepar(?:ing|es)(?! (?:an? |the |their |its |to )?link)|(?:still |currently )?building",
                              "建设中|正在建设|开发中|正在开发|筹备|筹建|规划中|正在制定|建设阶段|准备中|在建(?!立)"
                              "|(?:做|在|正在)准备(?!与|和|同|跟)"),
    "under_consideration": _cue(r"under consideration|considering|being considered|exploring|explored"
                                r"|assessing|contemplat\w*|under study|being studied"
                                # deliberating whether to have one at all ("weighing up whether", "mulling over")
                                r"|weigh(?:s|ing)?(?: up)? (?:whether|if|the (?:idea|option|case))|mull\w*"
                                r"|deliberat\w*|debating (?:whether|if)|thinking about (?:whether|if|an?\b)",
                                # 探讨 as the extractor reads it (ingest.relations "consider"): "exploring"
                                "考虑|探索|探讨|探討|评估|研究|研议|酝酿|权衡|斟酌|考量|論證|论证"),
    "not_in_force": _cue(r"proposed|planned(?! link)|future|upcoming|not yet (?:operating|in force|running|launched)",
                         "拟议|计划中|尚未运行|尚未启动|未来"),
}

LEVEL_CUES = {
    "supranational": _cue(r"supranational|supra-national|multinational|regional bloc", "超国家|跨国"),
    "national": _cue(r"national|nationwide|countr(?:y|ies)|country-level|federal", "(?<![超次])(?:国家级|国家层面|国家)|全国|联邦"),
    "subnational": _cue(r"subnational|sub-national|provinc\w*|states?|state-level|prefectur\w*|territor\w*",
                        "次国家|省级|省份|州级|省|州|县"),
    "city": _cue(r"cit(?:y|ies)|municipal\w*|city-level|metropolitan|urban", "城市|市级|城市级|直辖市|省市"),
}
_REGIONAL = _cue(r"regional|local|provincial and municipal|sub-?national", "地方|区域|省市")

# The other end of a link, up to the end of its clause ("linked with a national one") or between 与 and
# the link word ("与国家级碳市场连接").
_LINK_PARTNER = re.compile(r"\b(?:link\w*|connect\w*)\s+(?:with|to)\s+(?P<other>[^,，;；.。?？]*)"
                           r"|(?:与|和|同|跟)(?P<other_zh>[^，,；;。？?与和]{1,12}?)(?:连接|相连|连结|联结|对接|链接)")

# A contrasted alternative, up to the end of its clause.
_CONTRAST = re.compile(r"(?:\brather than|\binstead of|\bas opposed to|而不是|而非|并非)[^,，;；.。?？]*")

DESIGN_CUES = {
    "cap_and_trade": _cue(r"cap[- ]and[- ]trade|absolute cap|capped", "总量与交易|总量交易|总量控制与交易|总量控制|总量管控"),
    "intensity": _cue(r"intensity\w*|baseline[- ]and[- ]credit|output[- ]based|rate[- ]based|performance[- ]standards?"
                      r"|tradable performance",
                      "强度|基准线|产出型|基于产出|绩效"),
    "hybrid": _cue(r"hybrid", "混合"),
}

_PCT_OPS = [
    (">=", _cue(r"at least|or more|and above|or above|minimum of", "及以上|或以上|至少|不低于")),
    ("<=", _cue(r"at most|or less|or below|no more than|maximum of", "及以下|或以下|至多|不超过|不高于")),
    (">", _cue(r"above|over|more than|greater than|higher than|exceed\w*", "以上|超过|高于|大于")),
    ("<", _cue(r"below|under|less than|lower than", "以下|低于|小于|不到")),
]
_PCT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:%|％|percent\b|per cent\b|pct\b|per ?cents?\b)|百分之\s*(\d+(?:\.\d+)?)")


@dataclass
class Slots:
    """What a question says about the systems it asks for."""

    cues: set[str] = field(default_factory=set)  # names of CUES that fired
    years: list[tuple[int, int | None]] = field(default_factory=list)  # (year, month or None), any of them
    year_op: str = "="  # = < <= > >= between
    statuses: set[str] = field(default_factory=set)
    levels: set[str] = field(default_factory=set)
    designs: set[str] = field(default_factory=set)
    regions: set[str] = field(default_factory=set)
    sectors: list[str] = field(default_factory=list)  # all of them, or any of them when ``sectors_any``
    partner_levels: set[str] = field(default_factory=set)  # of the system linked with ("linked with a national one")
    sectors_any: bool = False  # "aviation or shipping", "aviation, domestic flights included"
    offset: str = ""  # "" | any | none | international | domestic | unlimited
    offset_pct: Decimal | None = None
    offset_pct_op: str = "="  # = < <= > >= between
    offset_pct_high: Decimal | None = None  # upper bound of "between"
    pilot: bool = False
    future: bool = False
    status_words: int = 0  # how many different statuses are named ("operating, under development or ...?")
    how_many: int | None = None  # how many systems the question expects ("which two", "哪两个"; "哪个" one)


# "Which two markets ...?", "哪两个碳市场…？": the question says how many systems answer it; "哪个碳市场…？" and
# "which one" ask for one ("哪些" and "which markets" for any number).
_HOW_MANY = re.compile(r"\bwhich (two|three|four|five|six|[2-9]|one)\b(?! (?:years?|months?|days?)\b)"
                       r"|哪(两|二|三|四|五|六|[2-9]|一|)(?:个|家|大)", re.I)
_SMALL = {"one": 1, "一": 1, "": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


def _years(text: str, slots: Slots) -> None:
    found: list[tuple[int, int | None]] = []
    for m in re.finditer(rf"({_YEAR})\s*年\s*(\d{{1,2}})\s*月((?:\s*[或和、及至到]\s*\d{{1,2}}\s*月)*)", text):
        year = int(m.group(1))
        found.append((year, int(m.group(2))))
        found += [(year, int(x)) for x in re.findall(r"(\d{1,2})\s*月", m.group(3))]
    for m in re.finditer(rf"\b({_MONTH_RE})\.?\s+(?:of\s+)?({_YEAR})\b", text):
        found.append((int(m.group(2)), MONTHS[m.group(1)]))
    for m in re.finditer(rf"(?<![\d.])({_YEAR})(?![\d%])", text):
        year = int(m.group(1))
        if not any(y == year for y, _ in found):
            found.append((year, None))
    slots.years = found
    if not found:
        return
    first = found[0][0]
    if re.search(rf"between\s+{_YEAR}\s+and\s+{_YEAR}|{_YEAR}\s*(?:-|–|to|through|until)\s*{_YEAR}"
                 rf"|{_YEAR}\s*年?\s*(?:至|到|~|-|–)\s*{_YEAR}", text) and len(found) >= 2:
        slots.year_op = "between"
    elif re.search(rf"(?:in or after|on or after|{first}\s*(?:or|and)\s*(?:later|after)|no earlier than|from\s+{first}\s+on)"
                   rf"|{first}\s*年?\s*(?:或|及|含)\s*(?:之后|以后|更晚|更迟)|{first}\s*年?\s*起", text):
        slots.year_op = ">="
    elif re.search(rf"(?:in or before|on or before|{first}\s*(?:or|and)\s*(?:earlier|before)|no later than|by\s+{first})"
                   rf"|{first}\s*年?\s*(?:或|及|含)\s*(?:之前|以前|更早)", text):
        slots.year_op = "<="
    elif re.search(rf"(?:after|later than|since after)\s+(?:\w+\s+)?{first}|{first}\s*年?\s*(?:之后|以后|后)"
                   rf"|(?:晚于|迟于|晚於|遲於)\s*{first}", text):
        slots.year_op = ">"
    elif re.search(rf"(?:before|earlier than|prior to)\s+(?:\w+\s+)?{first}|{first}\s*年?\s*(?:之前|以前|前)"
                   rf"|(?:早于|早於)\s*{first}", text):
        slots.year_op = "<"


@lru_cache(maxsize=4)
def _sector_names(concept_labels: tuple[tuple[str, str], ...]) -> list[tuple[tuple[str, ...], str]]:
    """Token sequences of every sector word (vocabulary and graph labels), longest first."""
    from ingest.vocab import sectors

    pairs = [(sid, n) for sid, term in sectors().items() for ns in term.names.values() for n in ns]
    names: dict[tuple[str, ...], str] = {}
    for sid, name in pairs + list(concept_labels):
        toks = tuple(_stem(t) for t, _, _ in tokens(fold(name).text))
        if toks:
            names.setdefault(toks, sid)
    return sorted(names.items(), key=lambda kv: -len(kv[0]))


def _stem(word: str) -> str:
    """Singular of an English plural ("ports" -> "port", "centres" -> "centre"); other tokens as they are."""
    if len(word) > 3 and word.isascii() and word.isalpha() and word.endswith("s") and not word.endswith(("ss", "us")):
        return word[:-1]
    return word


def sectors_named(text: str, lexicon: Lexicon) -> list[str]:
    """Sectors named in ``text``, in order; longer names first and without overlap ("domestic aviation")."""
    words = [_stem(t) for t, _, _ in tokens(text)]
    labels = tuple(sorted((value, label) for value in lexicon.sectors
                          for label in lexicon.concepts.get(value, {}).values()))
    used: list[tuple[int, int]] = []
    found: list[tuple[int, str]] = []
    for name, sid in _sector_names(labels):
        n = len(name)
        for i in range(len(words) - n + 1):
            if tuple(words[i:i + n]) == name and not any(a < i + n and i < b for a, b in used):
                used.append((i, i + n))
                found.append((i, sid))
    return list(dict.fromkeys(sid for _, sid in sorted(found)))


@lru_cache(maxsize=1)
def _region_patterns() -> list[tuple[str, re.Pattern]]:
    """(slug, pattern) of every region name, built once: a report region's section slug, or a part of the world
    as ``area/<M49 code>``. A section's whole title counts, and each place it joins ("Europe", "Central Asia")."""
    from ingest.vocab import areas, sections

    named = [(slug, title) for slug, term in sections().items() if slug.startswith("review/")
             for title in term.names.get("en", []) + term.names.get("zh", [])]
    named += [(f"area/{code}", name) for code, area in areas().items()
              for name in area.names.get("en", []) + area.names.get("zh", [])]
    out = []
    for slug, title in named:
        parts = [title, *re.split(r"\s+and\s+|和", title)] if slug.startswith("review/") else [title]
        for part in dict.fromkeys(parts):
            part = re.sub(r"^the\s+|地区$", "", fold(part).text.strip())
            if len(part) < 2:
                continue
            pattern = re.escape(part).replace(r"\-", "[- ]?").replace(r"\ ", r"[- ]?")
            out.append((slug, re.compile(rf"\b{pattern}\w*" if part.isascii() else pattern)))
    return out


def regions(text: str) -> list[tuple[str, int, int]]:
    """(slug, start, end) of the regions a folded question names (``_region_patterns``). Where names overlap the
    longer one wins ("Asia-Pacific" over "Asia"), and on the same words the part of the world ("Africa" is
    Africa, not the report's section of Africa and the Middle East)."""
    found = {(slug, m.start(), m.end()) for slug, pattern in _region_patterns() for m in pattern.finditer(text)}
    kept: list[tuple[str, int, int]] = []
    for slug, start, end in sorted(found, key=lambda f: (f[1] - f[2], not f[0].startswith("area/"), f[1])):
        if not any(start < e and s < end for _, s, e in kept):
            kept.append((slug, start, end))
    return sorted(kept, key=lambda f: f[1])


def respell(text: str) -> str:
    """An English word that is a cue word with one letter left out ("limt", "linkd", "coverd") read as the
    cue word: the most common typing slip, which would otherwise drop the filter or the relation asked."""
    return re.sub(r"[a-z]{4,}", lambda m: _SLIPS.get(m.group(), m.group()) if m.group() not in CUE_WORDS
                  else m.group(), text)


# Where the asker read it ("according to the ICAP report", "根据该报告"): the source named, not a topic asked.
_SOURCE = re.compile(r"\b(?:according to|as per|as (?:stated|reported|described|shown) (?:in|on)|going by|in the view of)\s+(?:the\s+)?"
                     r"(?:[\w'’-]+\s+){0,3}?(?:report|document|text|paper|study|review|edition|factsheet|map|chart|figure|table|data|database"
                     r"|tracker|overview|survey|website|list)s?\b"
                     r"|(?:根据|依据|按照|据)[^，,。？?]{0,12}?(?:报告|文件|文本|资料|材料|地图|图表|数据|统计)(?:显示|所述|中)?")


# What a question leaves out of its answer: the markets or kinds of market named after "apart from", "not counting",
# "leaving … out", "除了", "不包括" (up to the end of the clause, or to the question's own words: "other than X are
# linked" still asks about links), and a side clause that says what does not count ("(RGGI不算)", "Relaunches don't
# count.", "自愿性质的不算。"), which asks nothing itself.
_QUESTION_WORDS = r"which|what|who|whose|where|how|are|is|was|were|do|does|did|have|has|had|can|could|will|would"
_EXCLUDE_BEFORE = re.compile(
    r"(?:(?<![a-z])(?:apart from|aside from|except(?: for)?|other than|besides|excluding|not counting|not including"
    r"|leav(?:e|ing)(?=[^,;?.!()]*\b(?:out|aside)\b))"
    # an afterthought denying a kind ("…in 2024, i.e. not relaunches", "on its own, not the federal one"), not a
    # status not reached ("not yet running"); the comma may follow a word
    r"|(?:,|\bi\.?e\.?,?)\s*not(?!\s+(?:yet|only)\b))\s+"
    rf"(?:(?!\b(?:{_QUESTION_WORDS})\b)[^,;?.!()])*"
    r"|(?:除了?|除去|不包括|不含|不计|排除|撇开)(?:(?!以外|之外|哪|还|有|是|在)[^，,；;？?。！!（）()])*(?:以外|之外|外)?")
_CLAUSE = r"[,，;；?？。.!！()（）]"
_EXCLUDE_CLAUSE = re.compile(
    rf"(?:^|(?<={_CLAUSE}))[^,，;；?？。.!！()（）]*?"
    r"(?:(?<![a-z])(?:(?:don'?t|doesn'?t|do not|does not|won'?t|are not|is not|aren'?t|isn'?t) count(?:ed)?|not counted"
    r"|excluded|aside|left out|not included)"
    r"|不算|除外|不计入?|不包括在内|不在内|不考虑)\s*(?=[,，;；?？。.!！)）]|$)")
_ASKS = re.compile(r"\b(?:which|what|who|whose|where|how)\b|哪|谁|什么|多少|几")


def exclusions(text: str) -> list[tuple[int, int]]:
    """Spans of a folded question that name what its answer leaves out (``_EXCLUDE_BEFORE``, ``_EXCLUDE_CLAUSE``)."""
    spans = [m.span() for m in _EXCLUDE_BEFORE.finditer(text)]
    spans += [m.span() for m in _EXCLUDE_CLAUSE.finditer(text) if m.group().strip() and not _ASKS.search(m.group())]
    return spans


def extract(text: str, lexicon: Lexicon, found_regions: list[tuple[str, int, int]] = ()) -> Slots:
    """The slots of a folded question whose entity mentions are blanked out; ``found_regions`` from ``regions``."""
    text = _SOURCE.sub(lambda m: " " * len(m.group()), respell(text))
    slots = Slots()
    slots.cues = {name for name, pattern in CUES.items() if pattern.search(text)}
    if "when" in slots.cues and not CUES["when"].search(_WHEN_AFTER.sub(r"\1", _WHEN_CLAUSE.sub(" ", text))):
        slots.cues.discard("when")  # "When X opened, what share ...?" asks the share, not when
    if "unmodelled" in slots.cues and not CUES["unmodelled"].search(_modelled_only(text, lexicon)):
        slots.cues.discard("unmodelled")
    _years(text, slots)
    asked = _HOW_MANY.search(text)
    if asked:
        word = asked.group(1) if asked.group(1) is not None else asked.group(2)
        slots.how_many = _SMALL.get(word) or int(word)
    # "intensity rather than an absolute cap", "国家级而非地方", "under development rather than operating":
    # what the contrast names is not asked for.
    said = _CONTRAST.sub(lambda m: " " * len(m.group()), text)
    # "has not started operating yet": a status denied is not the one asked for.
    stated = _NOT_YET.sub(lambda m: " " * len(m.group()), said)
    for value, pattern in STATUS_CUES.items():
        if pattern.search(stated):
            slots.statuses.add(value)
    if _NOT_YET.search(said) and not slots.statuses - {"in_force"}:
        slots.statuses.add("not_in_force")
    if "link" not in slots.cues and _DISCUSSED.search(text):
        slots.statuses.add("under_consideration")  # a market only talked about; talks about a link are its plan
    if {"link", "planned"} <= slots.cues:
        # "有正在规划中、尚未生效的连结计划", "planned links not yet in force": the plan and what is not yet in force
        # are the link's, of markets that may well be running.
        slots.statuses -= {"under_development", "under_consideration", "not_in_force"}
    slots.status_words = len(slots.statuses)
    if "not_in_force" in slots.statuses:
        slots.statuses.discard("not_in_force")
        if not slots.statuses - {"in_force"}:
            slots.statuses = {"under_development", "under_consideration"}
    # "subnational markets linked with a national one", "与国家级市场连接的地方市场": the level said
    # of the link's other end is the partner's, not the answer's.
    partner = _LINK_PARTNER.search(said)
    if partner:
        group = "other" if partner.group("other") is not None else "other_zh"
        start, end = partner.span(group)
        for value, pattern in LEVEL_CUES.items():
            if pattern.search(said[start:end]):
                slots.partner_levels.add(value)
        said = said[:start] + " " * (end - start) + said[end:]
    for value, pattern in LEVEL_CUES.items():
        if pattern.search(said):
            slots.levels.add(value)
    if _REGIONAL.search(text):
        # "local", "subnational" are either level below the nation, unless the question names one besides
        # ("地方试点里哪些在直辖市").
        besides = _REGIONAL.sub(lambda m: " " * len(m.group()), said)
        if not any(LEVEL_CUES[level].search(besides) for level in ("subnational", "city")):
            slots.levels |= {"subnational", "city"}
    for value, pattern in DESIGN_CUES.items():
        if pattern.search(said):
            slots.designs.add(value)
    slots.regions = {slug for slug, _, _ in found_regions}
    slots.sectors = sectors_named(_VERB_ING.sub(lambda m: " " * len(m.group()), text), lexicon)
    slots.sectors_any = len(slots.sectors) > 1 and bool(_ANY_OF.search(text))
    slots.pilot = "pilot" in slots.cues
    slots.future = "future" in slots.cues
    if "offset" in slots.cues:
        _offsets(text, slots)
    return slots


# A status the question denies ("not yet operating", "has not started operating", "尚未启动"): the answers are
# systems not in force.
# An adverb may stand between the denial and the verb ("not yet formally operating", "尚未正式运行",
# "还没有真正启动"): the status is denied all the same.
_MANNER_EN = r"(?:(?:formally|officially|fully|actually|really|properly)\s+)?"
_MANNER_ZH = "(?:正式|真正|全面|实际)?"
# "\w+n't": "isn't", "hasn't" (no word boundary falls before their "n't").
_NOT_YET = _cue(rf"(?:not|\w+n't|never)\s+(?:yet\s+)?(?:been\s+)?{_MANNER_EN}(?:started|begun|begin|start|launched)?\s*"
                r"(?:operating|operation|running|trading|in force|live)(?:\s+yet)?"
                rf"|(?:not|\w+n't)\s+(?:yet\s+)?{_MANNER_EN}(?:started|begun|launched)(?: operating)?",
                # "还没有正在运行的碳市场": no market running yet, 正在 between the denial and the verb
                f"尚未{_MANNER_ZH}(?:启动|运行|开始|实施|开市|上线)|还没有?(?:正在|在)?{_MANNER_ZH}(?:启动|运行|开始|开市)"
                f"|未{_MANNER_ZH}(?:启动|运行|开市)")
# Words of the graph's own relations that also name unmodelled topics: allocation on an intensity basis is a
# design ("allocate on an emissions-intensity basis", "按强度基准分配配额"), a price put on a sector is coverage.
_ALLOCATION = re.compile(r"\ballocat\w*|allowances?|配额|分配")
_PRICE_ON = re.compile(r"\bprices? on\s+([^,，;；.。?？]*)")


def _modelled_only(text: str, lexicon: Lexicon) -> str:
    """``text`` without the unmodelled-topic words that here speak of a modelled relation."""
    if any(p.search(text) for p in DESIGN_CUES.values()):
        text = _ALLOCATION.sub(" ", text)
    # "a carbon price on transport fuels" is coverage of a sector; "the price on the first day" is a price.
    return _PRICE_ON.sub(lambda m: " " if sectors_named(m.group(1), lexicon) else m.group(), text)


# The English words the cues are written with (five letters or more: a shorter one less one letter is too often
# another word), and each of them with one letter left out.
CUE_WORDS = {w for pattern in CUES.values() for w in re.findall(r"[a-z]{5,}", pattern.pattern)}
# A plural without its "s" is the singular, another word, not a slip ("year" is not "years").
_SLIPS = {w[:i] + w[i + 1:]: w for w in sorted(CUE_WORDS) for i in range(len(w)) if not (w.endswith("s") and i == len(w) - 1)}

# A "when" that opens a clause before the question proper ("When the Morvath ETS started trading in 2015, what
# percentage of ... ?"), or closes one after a question asking a number ("How many firms were added when steel joined
# ...?"): it dates what is asked, it does not ask for a date.
_WHEN_CLAUSE = re.compile(r"^\s*when\b[^,?]{3,80},\s*(?=(?:what|which|how|who|is|are|was|were|did|does|do|could|can)\b)")
_WHEN_AFTER = re.compile(r"^(\s*(?:how (?:many|much)|what (?:share|percentage|proportion|fraction))\b[^?]*?)\s*,?\s*\bwhen\b[^?]*")
_DISCUSSED = _cue(r"under discussion|being discussed|discussed", "讨论")

# A word in -ing before an article is a verb, not a sector's name: "still building an ETS" builds nothing.
_VERB_ING = re.compile(r"\b[a-z]+ing(?= (?:an?|the|its|their|one)\b)")

# Sectors named as alternatives, or one inside another, ask for systems covering any of them.
_ANY_OF = _cue(r"or|either|includ\w*|in some form", "或|或者|包括|包含|之一")


# A share in words ("more than half of their obligation", "三分之一以上"): the percentage it stands for.
_EN_FRACTIONS = {"half": (1, 2), "third": (1, 3), "thirds": (2, 3), "quarter": (1, 4), "quarters": (3, 4),
                 "fifth": (1, 5), "tenth": (1, 10)}
_FRACTION = re.compile(r"(?<![A-Za-z])(?:(?:one|a|two|three)[- ])?(half|thirds?|quarters?|fifth|tenth)(?![A-Za-z])"
                       r"|(一半|半数)|([二三四五六七八九十])分之([一二三四五六七八九])")


def _fractions(text: str) -> list[Decimal]:
    out = []
    for m in _FRACTION.finditer(text):
        if m.group(1):
            num, den = _EN_FRACTIONS[m.group(1)]
        elif m.group(2):
            num, den = 1, 2
        else:
            num, den = chinese_number(m.group(4)), chinese_number(m.group(3))
        share = (Decimal(100) * num / den).quantize(Decimal("0.01"))
        out.append(share.to_integral() if share == share.to_integral() else share)
    return out


def _offsets(text: str, slots: Slots) -> None:
    pcts = [_decimal(m.group(1) or m.group(2)) for m in _PCT.finditer(text)]
    pcts = [p for p in pcts if p is not None] or _fractions(text)
    if len(pcts) >= 2 and re.search(r"\bbetween\b|\bfrom\b|至|到|-|–|之间", text):
        slots.offset_pct, slots.offset_pct_high, slots.offset_pct_op = min(pcts), max(pcts), "between"
    elif pcts:
        slots.offset_pct = pcts[0]
        for op, pattern in _PCT_OPS:
            if pattern.search(text):
                slots.offset_pct_op = op
                break
    if "unlimited" in slots.cues:
        slots.offset = "unlimited"
    elif "negative" in slots.cues:
        slots.offset = "none"
    elif "international" in slots.cues:
        slots.offset = "international"
    elif "domestic" in slots.cues:
        slots.offset = "domestic"
    elif slots.offset_pct is None:
        slots.offset = "any"
