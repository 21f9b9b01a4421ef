"""Carbon markets whose names carry no market head: "the Safeguard Mechanism", "RGGI", "气候保护计划".

Most markets are named by a head ("Emissions Trading System", "碳市场"); some
are named like any other policy ("Climate Protection Program", "Regional
Greenhouse Gas Initiative (RGGI)"). Such a name counts as a market's only when
the document itself says what it is: a copula or an apposition with a market
class ("The mechanism is a baseline-and-credit scheme", "RGGI, a cap-and-trade
program", "保障机制是一项基线与信用机制"), a cap the name (or "it" right
after it) sets ("It sets a declining cap on suppliers"), or a "Type:" line
under a title that names it. Policies that only mention credits or a price
("Clean Development Mechanism", "Carbon Border Adjustment Mechanism") are
kept out by that test and by the words their names use.

Stage input: the document's sentences (match text, simplified Chinese).
Output: ``Programme`` records; the mention stage finds their names (and
acronyms, and "the mechanism" as a reference) in each sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.gazetteer import Place, gazetteer

NOUNS_EN = r"Mechanism|Program|Programme|Initiative|Compact|Scheme|System|Regulation|Standard|Plan|Framework|Regime"
NAME_EN = re.compile(r"\b((?:[A-Z][\w’'.-]*\s+(?:(?:of|for|on|and|the|to)\s+){0,2}){1,6}?(?:" + NOUNS_EN + r"))\b"
                     r"(?:\s*\(\s*([A-Z][A-Za-z0-9-]{1,10})\s*\))?")
# An acronym given in an apposition rather than in parentheses: "…Initiative, or RGGI,", "…System, commonly known as
# the OBPS", "…scheme, known by its initials BEAS". Two capitals at least: "or Quebec" names no acronym.
APPOSED_ACRONYM = re.compile(r"(?:,\s*or|,?\s*(?:(?:commonly|also|usually|often|widely|generally|better)\s+)?"
                             r"(?:(?:known|abbreviated|referred to)\s+(?:as|by\s+(?:its|the)\s+(?:initials|acronym|abbreviation))"
                             r"|called|dubbed))\s+(?:the\s+)?[\"“]?([A-Z][A-Z0-9-]{1,9})\b(?![a-z])")
ACRONYM_FIRST_EN = re.compile(r"\(\s*([A-Z][A-Za-z0-9-]{1,10})\s*\)")
# Names of policies that deal in credits or prices without being a market of allowances.
NOT_A_MARKET = re.compile(r"\b(?:Credit(?:s|ing)?|Development|Border|Adjustment|Reserve|Fund|Stability|Offsets?|Registry|"
                          r"Reporting|Verification|Monitoring|Tax|Levy|Fee|Subsid\w*|Grant|Rebate|Investment|Finance|"
                          r"Fuel Standard|Efficiency|Renewable\w*|Methane|Forest\w*|Adaptation|Nationally|Determined)\b")
# What a market is called when the text says what a name stands for.
CLASS_EN = (r"(?:cap[- ]and[- ](?:trade|invest)|baseline[- ]and[- ]credit|(?:emissions?|carbon|allowance)[- ]trading|"
            r"\bETS\b|carbon market|compliance market|trading (?:system|scheme|program)|market-based (?:program|system|scheme|mechanism))")
COPULA_EN = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:,\s*(?:which|that|who)\b[^,;.]{0,80},\s*)?(?:,\s*)?(?:is|was|remains|became|has been|—|–|,)\s+(?:now\s+|still\s+)?"
                       r"(?:an?|the|one of the|\w+['’]s|its)\b[^.;:!?]{0,80}?" + CLASS_EN, re.I)
CAP_EN = re.compile(r"^[^.;!?]{0,60}?\b(?:sets?|imposes?|places?|establish(?:es)?|puts?)\s+(?:an?\s+)?(?:\w+\s+){0,2}"
                    r"(?:cap|limit)\s+on\s+(?:the\s+)?(?:\w+\s+){0,3}(?:emissions|suppliers|emitters|facilities|sources)", re.I)
TYPE_LINE = re.compile(r"^\s*(?:[\w-]+\s+)?(?:type|design|instrument|kind|类型|性质)\s*[:：]\s*(?P<value>.+)$", re.I)

NOUNS_ZH = r"机制|计划|倡议|行动|方案|项目|制度"
CLASS_ZH = (r"(?:碳市场|碳排放权?交易|排放权?交易|总量(?:控制|管制)?(?:与|和|及)交易|基线(?:与|和|-|—)?信用|配额交易|碳交易|"
            r"(?<![A-Za-z])ETS(?![A-Za-z]))")
# The class is the predicate's own noun, in its first clause ("ICAP是一个…合作平台，致力于…碳市场" is a platform).
COPULA_ZH = re.compile(r"^\s*(?:[（(][^）)]*[）)])?\s*(?:是|为|属于|系|乃|即)[^。；！？，]{0,30}?" + CLASS_ZH)
CAP_ZH = re.compile(r"^[^。；！？]{0,30}?(?:设定|设置|规定|实行|实施)[^。；！？]{0,12}?(?:排放)?(?:总量上限|排放上限|上限)")
ZH_STOP = set("，。；：、（）()“”\"'《》〈〉「」『』【】 \n\t的与和及同在对将已为是于由把被向从之或等并该本这各其个年月日了也均都仍还亦即就再又称下将")
NOT_A_MARKET_ZH = re.compile(r"信用|抵销|抵消|碳税|碳费|补贴|基金|储备|边境|调节|核证|监测|报告|减排量|林业|甲烷|自主贡献")


@dataclass
class Programme:
    name: str  # as the text first writes it, without articles
    acronym: str = ""
    noun: str = ""  # "mechanism": "the mechanism" refers back to it
    place: Place | None = None  # the place whose market it is, when the text says
    new_place: str = ""  # or a place the gazetteer does not know, as the document names it
    defines: bool = False  # the text gives it a short name ("（以下简称“本机制”）", '(the "Program")')

    @property
    def key_name(self) -> str:
        return self.acronym or self.name


# What a text about a market of allowances speaks of, when it defines the market's short name.
MARKET_WORDS = {"en": re.compile(r"\b(?:allowances?|surrender\w*|compliance period|offsets?|tradable|tradeable|"
                                 r"emissions? (?:cap|limit|baseline|intensity benchmark)s?)\b", re.I),
                "zh": re.compile(r"配额|清缴|履约|抵销|抵消|可交易|排放总量|基准")}
DEFINES = {"en": re.compile(r"^\s*\(\s*(?:hereinafter|hereafter|the\s+[\"“])", re.I), "zh": re.compile(r"^\s*[（(]\s*(?:以下)?(?:简称|称)|^\s*[（(]\s*下称")}


def find_programmes(sentences: list[str], lang: str, minted: dict[str, str] | None = None) -> list[Programme]:
    """Programmes ``sentences`` (in reading order) define as carbon markets; ``minted``: places the document names
    that the gazetteer does not know."""
    candidates = _candidates_zh(sentences) if lang == "zh" else _candidates_en(sentences)
    title = next((s for s in sentences if s.strip() and not re.match(r"\s*(?:Date|日期)\s*[:：]", s)), "")
    typed = any((m := TYPE_LINE.match(s)) and re.search(CLASS_ZH if lang == "zh" else CLASS_EN, m.group("value"), re.I)
                for s in sentences)
    # A short name defined in a text that speaks of surrendering, compliance and offsets is a market's name
    # ("设立工业碳绩效机制（以下简称“本机制”）" in a regulation on tradable units and their surrender).
    talk = len({m.group(0).lower() for s in sentences for m in MARKET_WORDS[lang].finditer(s)}) >= 3
    if lang == "en":
        candidates += _bare_acronyms(sentences, candidates, minted or {})
    out = []
    for prog in candidates:
        # So is a name the text gives an acronym, when a sentence naming it speaks of these things too ("The Climate
        # Responsibility Program (CRP) has limited emissions … since its first compliance period opened").
        if (_defined(prog, candidates, sentences, lang) or typed and _titled(prog, title, sentences)
                or talk and (prog.defines or prog.acronym and (_spoken_of(prog, sentences, lang)
                                                             or _peer_of_market(prog, sentences, lang)))):
            prog.place = prog.place or _place_of(prog, sentences, lang)
            if prog.place is None:
                # A market of a place the gazetteer does not know: named right before it ("Vendrel's Carbon
                # Allowance Program"), else in the title ("扎赫伦酋长国《…机制条例》").
                prog.new_place = _minted_before(prog, sentences, minted or {}) or next(
                    (n for n in sorted(minted or {}, key=len, reverse=True) if n in title), "")
            out.append(prog)
    return out


# The line of a factsheet that gives the name of what it describes ("Program name: …", "体系名称：…").
NAME_LINE = re.compile(r"^\s*(?:(?:official|full|program(?:me)?|market|system|scheme)\s+)?name\s*[:：]|^\s*(?:体系|市场|机制|计划)?名称\s*[:：]", re.I)


def _titled(prog: Programme, title: str, sentences: list[str]) -> bool:
    """A factsheet whose "Type:" line says it describes a market is about the programme its title names (by name or
    by acronym: "RGGI Fact Sheet") or its name line gives."""
    named = (lambda s: prog.name in s or bool(prog.acronym and re.search(r"(?<![\w-])" + re.escape(prog.acronym) + r"(?![\w-])", s)))
    return named(title) or any(NAME_LINE.match(s) and named(s) for s in sentences)


def _spoken_of(prog: Programme, sentences: list[str], lang: str) -> bool:
    return any((prog.name in s or re.search(r"\b" + re.escape(prog.acronym) + r"\b", s)) and MARKET_WORDS[lang].search(s)
               for s in sentences)


# What markets are compared by, or joined in: a price, an auction, a link.
PEER_TALK = {"en": re.compile(r"\b(?:prices?|auctions?|allowances?|link(?:s|ed|ing|age)?)\b", re.I),
             "zh": re.compile(r"价格|价位|拍卖|配额|连接|链接|联结|对接")}
JOIN = {"en": r"(?:\s*\([^)]*\))?\s*(?:,|and|or|as well as|with|to)\s+(?:the\s+)?", "zh": r"(?:[（(][^）)]*[）)])?(?:和|与|及|、|以及|同)"}


def _peer_of_market(prog: Programme, sentences: list[str], lang: str) -> bool:
    """A name with an acronym joined to a market in a sentence about prices, auctions or links is a market too
    ("prices in the Korea ETS and the Regional Greenhouse Gas Initiative (RGGI) were stable", "推动其与区域温室
    气体减排倡议（RGGI）的联结"): what is priced, auctioned or linked beside a market is one. Joined to a
    policy that is no market ("the EU ETS and the Effort Sharing Regulation cover …"), a name is in no such
    sentence."""
    cls = CLASS_ZH if lang == "zh" else CLASS_EN
    flags = 0 if lang == "zh" else re.I
    for s in sentences:
        if not PEER_TALK[lang].search(s):
            continue
        for form in (prog.name, prog.acronym):
            at = s.find(form)
            if at < 0:
                continue
            before = re.search(cls + JOIN[lang] + r"$", s[max(0, at - 60):at], flags)
            link = re.search(r"(?:与|同|和)$" if lang == "zh" else r"\blink\w*\s+(?:with|to)\s+(?:the\s+)?$", s[max(0, at - 30):at], flags)
            after = re.match(JOIN[lang] + (r"[^，。；,;.]{0,20}?" if lang == "zh" else r"(?:[\w'’-]+\s+){0,3}?") + cls, s[at + len(form):], flags)
            if before or after or link and PEER_TALK[lang].search(s[at:at + len(form) + 30]):
                return True
    return False


def _minted_before(prog: Programme, sentences: list[str], minted: dict[str, str]) -> str:
    """An unknown place written right before the programme's name ("Vendrel's", "文德尔省的")."""
    for s in sentences:
        at = s.find(prog.name)
        if at < 0:
            continue
        for name in sorted(minted, key=len, reverse=True):
            if re.search(re.escape(name) + r"(?:['’]s?|的)?\s*$", s[max(0, at - len(name) - 4):at]):
                return name
    return ""


def _candidates_en(sentences: list[str]) -> list[Programme]:
    found: dict[str, Programme] = {}
    for s in sentences:
        for m in NAME_EN.finditer(s):
            name = re.sub(r"^(?:The|A|An|Its|Their|This)\s+", "", m.group(1)).strip()
            # A place before the name qualifies it ("Australia's Safeguard Mechanism"); it is not part of it.
            lead = re.match(r"((?:[A-Z][\w.-]*\s+){0,3}?[A-Z][\w.-]*['’]s?)\s+(?=[A-Z])", name)
            if lead:
                name = name[lead.end():]
            words = name.split()
            if len(words) < 2 or NOT_A_MARKET.search(name) or re.search(CLASS_EN, name, re.I):
                continue  # a one-word name is a common noun; a name with a market head is read as a market already
            prog = found.setdefault(name, Programme(name, noun=words[-1].lower()))
            apposed = APPOSED_ACRONYM.match(s[m.end():])
            prog.acronym = prog.acronym or m.group(2) or (apposed.group(1) if apposed else "")
            prog.defines = prog.defines or bool(DEFINES["en"].match(s[m.end():]))
    return list(found.values())


# A bare acronym that the text says is a market right after it: "RGGI is a regional cap-and-trade program",
# "RGGI, the country's first carbon market, …". The class comes within three words, so that "ICAP is a
# partnership of governments that run carbon markets" is no market.
BARE_ACRONYM = re.compile(r"(?<![\w-])([A-Z][A-Z0-9]{2,6}(?:-[A-Z0-9]{1,4})?)(?![\w-])")
# Words that rank a market among a place's ("the first mandatory … in the United States"), shared with
# ingest.entities.RANKED.
RANK_WORDS_EN = r"first|only|largest|biggest|oldest|newest|second|earliest"
RANK_EN = re.compile(r"\b(?:" + RANK_WORDS_EN + r")\b", re.I)
BARE_COPULA = re.compile(r"^\s*(?:,\s*)?(?:is|was|remains|became|has been|,)\s+(?:now\s+|still\s+)?(?:an?|the|\w+['’]s)\s+"
                         r"(?:[\w-]+['’]?s?\s+){0,3}?" + CLASS_EN, re.I)


def _bare_acronyms(sentences: list[str], named: list[Programme], minted: dict[str, str]) -> list[Programme]:
    known = {p.acronym for p in named}
    found: dict[str, Programme] = {}
    for s in sentences:
        for m in BARE_ACRONYM.finditer(s):
            acr = m.group(1)
            if (acr in known or acr in found or re.search(CLASS_EN, acr, re.I) or NOT_A_MARKET.search(acr)
                    or gazetteer().find(acr, "en") or not (copula := BARE_COPULA.match(s[m.end():]))):
                continue
            # "NCAM, the cap-and-trade market run by Nkarembe's agency": the acronym of a place's market, which the
            # market's head names already; a rank ("the first … in the United States") is said of any subject.
            clause = re.split(r"[,;.]", s[m.end() + copula.end():], maxsplit=1)[0]
            owned = (gazetteer().find(clause, "en") or any(n in clause for n in minted)
                     or re.search(r"\b[A-Z][\w-]+['’]s\b|\b(?:run|operated|managed|administered) by\b", clause))
            if owned and not RANK_EN.search(copula.group(0)):
                continue
            found[acr] = Programme(acr, acronym=acr)
    # Named once, an acronym is the aside of a head that names the market already ("creates the SBCE, a cap-and-trade
    # framework for …"); a text about the programme itself uses it again.
    return [p for p in found.values()
            if sum(bool(re.search(r"(?<![\w-])" + re.escape(p.acronym) + r"(?![\w-])", s)) for s in sentences) >= 2]


def _candidates_zh(sentences: list[str]) -> list[Programme]:
    found: dict[str, Programme] = {}
    for s in sentences:
        for m in re.finditer(r"(?:" + NOUNS_ZH + r")(?P<gloss>[（(][A-Za-z][^）)]{1,60}[）)])?", s):
            start = m.start()
            i = start
            while i > 0 and s[i - 1] not in ZH_STOP and start - i < 10 and re.match(r"[\u4e00-\u9fff]", s[i - 1]):
                i -= 1
            # "设立工业碳绩效机制", "先谈谈区域温室气体倡议": the verb or preposition before the name is no part of it
            stem = re.sub(r"^.*(?:设立|建立|实施|推出|启动|建设|实行|谈谈|聊聊|说说|介绍|关于|对于|有关|根据|按照|依据)", "", s[i:start])
            places = gazetteer().find(stem, "zh")
            if places and places[0][0] == 0:
                stem = stem[places[0][1]:]  # "澳大利亚保障机制": the place qualifies the name
            # A name stands out from prose by an English gloss, quotation marks around it, or a short name defined for it.
            quoted = s[max(0, i - 1):i] in ("“", "「", "《") or re.match(r"[”」》]", s[m.end():m.end() + 1])
            defines = bool(DEFINES["zh"].match(s[m.end():]))
            # A stem that speaks of trading is part of a market head's phrase ("总量控制与交易制度"), read as a market
            # already; one right after 与/和/及 is the second half of such a phrase.
            if (len(stem) < 2 or not (m.group("gloss") or quoted or defines) or NOT_A_MARKET_ZH.search(stem)
                    or re.search(CLASS_ZH + "|交易", stem) or s[i - 1:i] in ("与", "和", "及", "、")):
                continue
            name = stem + m.group(0)[: m.end() - start - len(m.group("gloss") or "")]
            gloss = (m.group("gloss") or "")[1:-1]
            acr = re.search(r"(?:^|[，,]\s*)([A-Z][A-Za-z0-9-]{1,10})$", gloss)
            prog = found.setdefault(name, Programme(name, noun=name[-2:]))
            prog.acronym = prog.acronym or (acr.group(1) if acr else "")
            prog.defines = prog.defines or defines
    return list(found.values())


def _defined(prog: Programme, all_progs: list[Programme], sentences: list[str], lang: str) -> bool:
    """Does the text say ``prog`` is a carbon market (copula/apposition with a market class, or a cap it sets)?"""
    if re.search(r"\bAllowances?\b|配额(?:交易)?(?:计划|机制|制度)", prog.name):
        return True  # "Carbon Allowance Program", "气候配额计划": a programme of allowances is a market of them
    forms = [prog.name] + ([prog.acronym] if prog.acronym else [])
    # "the mechanism" stands for the programme when no other candidate ends in that noun.
    if lang == "en" and prog.noun and sum(p.noun == prog.noun for p in all_progs) == 1:
        forms.append("the " + prog.noun)
    copula, cap = (COPULA_ZH, CAP_ZH) if lang == "zh" else (COPULA_EN, CAP_EN)
    flags = 0 if lang == "zh" else re.I
    for n, s in enumerate(sentences):
        for form in forms:
            for m in re.finditer(re.escape(form) + (r"\b" if lang == "en" else ""), s, flags if form.startswith("the ") else 0):
                # The rest of its sentence, then up to two sentences after it that begin with "It" ("… the Climate
                # Protection Program. Regulators re-adopted it. It sets a declining cap on …").
                pieces = re.split(r"(?<=[.!?。！？])\s+", " ".join([s[m.end():]] + sentences[n + 1:n + 3]))
                if copula.search(pieces[0]) or cap.search(pieces[0]):
                    return True
                # A heading that is the name, then a line that opens with what it is ("2. Regional Greenhouse Gas
                # Initiative (RGGI)" / "- Cap-and-trade among north-eastern states since 2009"); not a list of names
                # ("Washington Cap-and-Invest Program" under another).
                if (re.fullmatch(r"\s*(?:[（(][^）)]*[）)])?\s*[:：]?\s*", s[m.end():]) and n + 1 < len(sentences)
                        and re.match(r"\s*(?:[-–•*·]\s*)?(?:(?:an?|the)\s+)?" + (CLASS_ZH if lang == "zh" else CLASS_EN)
                                     + r"(?!\s+(?-i:[A-Z]))", sentences[n + 1], flags)):
                    return True
                for piece in pieces[1:4]:
                    lead = re.match(r"\s*(?:It|它|该(?:" + NOUNS_ZH + r"))", piece)
                    if lead and (copula.search(piece[lead.end():]) or cap.search(piece[lead.end():])):
                        return True
    return False


def _place_of(prog: Programme, sentences: list[str], lang: str) -> Place | None:
    """The place the text ties the programme to: before its name ("Australia's", "澳大利亚的"), or after a copula
    in the sentence that first names it ("The Safeguard Mechanism is Australia's main policy")."""
    for s in sentences:
        at = s.find(prog.name)
        if at < 0:
            continue
        before = s[max(0, at - 40):at]
        found = [(a, b, p) for a, b, p in gazetteer().find(before, lang)
                 if re.fullmatch(r"\s*(?:['’]s?)?\s*(?:的)?\s*|\s*[:：]\s*(?:the\s+)?", before[b:])]
        if found:
            return found[-1][2]
        after = re.match(r"\s*(?:[（(][^）)]*[）)])?\s*(?:is|was|remains|是|为)\s*(?:the\s+)?(.{0,30})", s[at + len(prog.name):])
        if after:
            near = [(a, p) for a, _, p in gazetteer().find(after.group(1), lang) if a <= 2]
            if near:
                return near[0][1]
    return None
