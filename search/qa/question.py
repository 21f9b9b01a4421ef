"""Question understanding: language, entity mentions, intent and slots.

``understand(text, lexicon, linker)`` returns a ``Question`` whose ``intent``
is one of

- ``list`` / ``count``: systems that satisfy the slots (``Slots``), plus a
  link filter (``link``, ``link_to``) and place filters (``places``:
  "Canadian provincial systems", "Chinese pilots", "US states");
- ``superlative``: the list ordered by start year or offset limit, best kept
  ("the earliest national market in Asia", "the highest limit");
- ``attribute``: one property (``relation``) of the systems in ``subjects``;
- ``compare`` / ``difference``: which of two systems started first or later,
  or how many years apart;
- ``check``: a yes/no question about a named system ("Does the K-ETS accept
  international offsets?", "瑞士碳市场是否与欧盟碳市场连接？");
- ``describe``: a system named with nothing asked about it (all its facts);
- ``changes`` / ``history``: what changed between two editions, or when a
  named system's facts changed (``timeframe``; only with two editions or
  more). Any other intent is asked of the current view, or of the view at
  a year the question names (``as_of``: "which systems were linked in
  2025?");
- ``fallback``: outside what the graph models (``reason`` says why).

The decision is rule-based, in a fixed order: topics the graph does not
model, then comparisons, yes/no checks, linkage, counts, value questions
about a named system ("when", "what share", "which jurisdiction", ...), and
lists.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from search.tokenize import cjk_share

from . import timeframe
from .intent import FIRST_OF_EN, TEXT_INTENTS, Reading
from .lexicon import JURISDICTION, PLACE, SYSTEM, Lexicon, fold
from .linking import Linker, Mention
from .slots import BLANK, CUES, Slots, exclusions, extract, regions

MAX_QUESTION_CHARS = 1000  # past this a question is a pasted document: its head is read
# How sure the learned reading must be to overrule the rules. Chosen on the dev questions of
# tests/corpus/*/dev (bench/README.md "Q&A"): below it the rules' own reading stands.
TYPE_SURE = 0.6
TEXT_SURE = 0.6
START_SURE = 0.3
# A place the question names that neither the graph nor the gazetteer knows (an unlinked "X省", "Republic of
# X", "X Province"): what the graph answers would ignore it. Generic words ("城市", "碳市场", "开市", "which province")
# are not names, nor a kind of place by its rank ("直辖市", "地级市", "are province-level municipalities").
_UNKNOWN_PLACE = re.compile(
    r"(?:(?![哪个几些各本该全每多某其城都省碳开上股年月日辖级])[\u4e00-\u9fff]){2}(?:共和国|王国|联邦|省|州|市(?!场))"
    r"|\brepublic of (?!the\b)[a-z]{3,}|\b(?!(?:which|what|each|every|this|that|the|a|one|its|their|any|per|same"
    r"|are|is|was|were|be)\b)[a-z]{3,} (?:province|republic)\b(?![- ]level)")
# Markets or places given as examples of what is asked ("(Turkey, maybe others)", "(e.g. 262.20 for China)",
# "such as Korea's", "（比如土耳其）"): members the answer may hold, not a condition on it nor what it is about.
_EXAMPLE_MARK = (r"e\.?\s?g\.?|for (?:example|instance)|such as|among others|maybe others|and others|etc\.?"
                 r"|比如|例如|譬如|诸如|等等")
_EXAMPLES = re.compile(rf"[(（][^()（）]*?(?:(?<![a-z])(?:{_EXAMPLE_MARK}|think|say|like)(?![a-z])|等)[^()（）]*[)）]"
                       rf"|(?<![a-z])(?:{_EXAMPLE_MARK})(?![a-z])[^,，;；.。?？!！()（）]*")
_NEGATED = re.compile(r"(?:非|除了?|不包括|non[- ]?|other than |except |besides |excluding )\s*$")


class QuestionError(ValueError):
    """The question cannot be read at all (empty, not text)."""


@dataclass
class Question:
    text: str
    lang: str  # zh | en
    mentions: list[Mention]
    slots: Slots
    intent: str = "list"
    relation: str = ""  # attribute: start_year offset_limit_pct offset_rule status design level jurisdiction sector
    subjects: list[str] = field(default_factory=list)  # system IRIs the question is about
    link: str = ""  # "" | linked | planned | either (linked, else planned) | both | ended
    link_to: list[str] = field(default_factory=list)  # answers must be linked with these ([] = with any)
    places: list[str] = field(default_factory=list)  # entity IRIs or "place:<key>" the answers must lie in
    order: str = ""  # asc | desc
    order_by: str = ""  # start_year | offset_limit_pct
    count_of: str = "systems"  # systems | sectors
    reason: str = ""  # fallback: why
    reading: Reading | None = None  # the learned intent and answer type (``intent``), when read
    frame: timeframe.Frame = field(default_factory=timeframe.Frame)  # the time asked about
    as_of: str = ""  # the date of the view queried ("" = the current view, the default graph)
    edition: str = ""  # as_of frame: the date of the latest edition by then, whose statements answer
    unknown: list[str] = field(default_factory=list)  # places named that the graph does not know
    excluded: list[str] = field(default_factory=list)  # systems and jurisdictions the answers must not be or lie in
    named: list[str] = field(default_factory=list)  # words the answers' own names hold ("a system it calls an OBPS")

    @property
    def wants(self) -> str:
        """The kind of answer: systems, count or literal."""
        if self.intent in ("list", "superlative", "compare"):
            return "systems"
        if self.intent == "count":
            return "count"
        if self.intent == "fallback":
            if "span" in self.slots.cues:
                return "literal"  # "which years": a span of years, whatever the model reads in "which"
            if self.reading is not None and self.reading.type_p >= TYPE_SURE:
                return {"entities": "systems", "count": "count"}.get(self.reading.answer_type, "literal")
            if "count" in self.slots.cues and "offset" not in self.slots.cues and not wants_amount(self.text):
                return "count"
            return "systems" if _asks_for_systems(self) else "literal"
        return "literal"


def _asks_for_systems(q: Question) -> bool:
    """A fallback question that asks which systems or jurisdictions ("which markets ...", "哪些省市 ...")."""
    text = fold(q.text).text
    return bool(re.search(r"\bwhich\b(?:\s+\w+){0,3}\s+(?:systems?|ets|etss|markets?|jurisdictions?'?|countr\w*"
                          r"|provinces?|states?|pilots?|schemes?|programs?)\b"
                          r"|\bwhat\b(?:\s+\w+){0,3}\s+(?:systems|etss|markets|jurisdictions|countries|provinces|states"
                          r"|pilots|schemes|programs)\b|哪些|哪个", text))


_AMOUNT = re.compile(r"\b(?:how much|revenue|price|prices|cost|raised?|collect\w*|earn\w*|worth|amount|funds?"
                     r"|what share|percentage|what percent|proportion|what fraction)\b"
                     r"|多少钱|收入|价格|碳价|金额|资金|美元|筹集|比例|百分|占比|份额")


# A rate or share of something ("compliance rate", "履约率", "what share"): a figure, whatever start it is dated by.
_RATE = re.compile(r"\b(?:rate|share|percentage|percent|proportion)\b|率|比例|占比|份额")


def wants_amount(text: str) -> bool:
    """Whether a question asks for an amount of money or a share, not a number of things."""
    return bool(_AMOUNT.search(fold(text).text))


def language(text: str) -> str:
    return "zh" if cjk_share(text) > 0.3 else "en"


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            chars[i] = BLANK if not chars[i].isspace() else chars[i]
    return "".join(chars)


def _within(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _unique(items) -> list:
    return list(dict.fromkeys(items))


def understand(text: str, lexicon: Lexicon, linker: Linker, reading: Reading | None = None) -> Question:
    """Read one question; ``QuestionError`` when there is nothing to read.

    ``reading`` (``intent.IntentModel.read``) fills in what the wording rules missed: a question the
    model reads as about a start ("Where is a pilot expected to get going in 2031?") keeps its year
    as a start-year filter even without a start verb the rules know."""
    clean = " ".join(text.split())[:MAX_QUESTION_CHARS] if isinstance(text, str) else ""
    if not clean:
        raise QuestionError("empty question: ask something about carbon markets")
    folded = fold(clean)
    mentions = linker.link(folded)
    mentions = _pilots_below(mentions, lexicon)
    # "a system the report calls an OBPS", "名为OBPS的体系": the name is a condition on the answers' names, not the
    # one market that bears it alone (the folded text keeps the typed text's offsets).
    naming = [m.span(1) for m in _NAMING.finditer(folded.text) if folded.upper[m.start(1)]]
    mentions = [m for m in mentions if not _within(naming, m.start, m.end)]
    found_regions = regions(folded.text)
    # A region name beats a jurisdiction name of the same length ("European"), not a longer name ("European Union").
    mentions = [m for m in mentions if not any(
        s <= m.start and m.end <= e and m.kind != SYSTEM for _, s, e in found_regions)]
    found_regions = [r for r in found_regions if not any(m.start <= r[1] and r[2] <= m.end for m in mentions)]
    # What the answer leaves out is no condition on it: its names and words are blanked with the mentions.
    left_out = exclusions(folded.text)
    excluded = [m for m in mentions if _within(left_out, m.start, m.end)]
    found_regions = [r for r in found_regions if not _within(left_out, r[1], r[2])]
    named = _mask(folded.text, [(m.start, m.end) for m in mentions] + [(s, e) for _, s, e in found_regions])
    masked = _mask(named, left_out)
    slots = extract(masked, lexicon, found_regions)
    if any(CUES["unmodelled"].search(named[s:e]) for s, e in left_out):
        slots.cues.add("unmodelled")  # "除了欧盟成员国，还覆盖哪些国家": what is left out still says the topic (members)
    if reading is not None and reading.intent == "start_date" and reading.intent_p >= START_SURE:
        slots.cues.add("start")
    stands_at = timeframe.as_of_year(masked)
    if stands_at is not None:
        slots.years = [y for y in slots.years if y[0] != stands_at]
    dated = bool(slots.cues & {"start", "when", "earlier", "later"}) and (stands_at is None or bool(slots.years))
    unknown = [m.group() for m in _UNKNOWN_PLACE.finditer(masked)]
    years = [y for y, _ in slots.years] if dated or stands_at is None else [stands_at]
    frame = timeframe.read(masked, years, dated, bool(slots.cues & {"when"}),
                           bool(CUES["unmodelled"].search(timeframe.without_change_words(masked))))
    if not dated:
        slots.years = []  # a year without a start verb is the time asked about, not a start-year filter
    examples = [m.span() for m in _EXAMPLES.finditer(folded.text)]
    kept = [m for m in mentions if not _NEGATED.search(folded.text[:m.start]) and m not in excluded
            and not _within(examples, m.start, m.end)]
    q = Question(clean, language(clean), kept, slots, reading=reading, frame=frame, unknown=unknown)
    q.excluded = _unique(m.iri for m in excluded if m.kind in (SYSTEM, JURISDICTION))
    q.named = _unique(folded.text[start:end] for start, end in naming)
    if frame.kind == "as_of":
        q.as_of, q.edition = timeframe.as_of_date(frame.year, timeframe.editions(lexicon.doc_date))
    q.subjects = _unique(s for m in kept if m.kind in (SYSTEM, JURISDICTION) for s in m.systems)
    _decide(q, lexicon)
    return q


# A name said of the markets asked for, in the folded question: a word after "called", "known as", "名为", "称为"
# (one written with a capital: "OBPS", "TIER", not "called a cap").
_NAMING = re.compile(r"(?:(?<![a-z])(?:called|named|known as|dubbed|labell?ed|calls?|refers? to as)\s+(?:(?:it|them)\s+)?"
                     r"(?:an?\s+|the\s+)?|(?:名为|名叫|叫做|叫作|称为|称作|被称为))[\"'“‘「]?"
                     r"([a-z][a-z0-9-]*[a-z0-9])(?![a-z0-9])")


def _pilots_below(mentions: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """"中国试点", "China pilots": a national market's name that says pilot names the pilots below it
    (``Lexicon.umbrellas``), so it is read as its country and the pilot word is left for the slots."""
    out = []
    for m in mentions:
        pilot = CUES["pilot"].search(m.text) if m.kind == SYSTEM and m.iri in lexicon.entities else None
        if pilot and pilot.start() > 0:
            place = lexicon.entities.get(lexicon.entities[m.iri].jurisdiction)
            if m.iri in lexicon.umbrellas and place is not None:
                head = re.sub(r"(?:\s*['’]s)?\s*$", "", m.text[:pilot.start()])  # "China's pilots": "China"
                m = Mention(place.iri, JURISDICTION, m.start, m.start + len(head), head, list(place.systems))
        out.append(m)
    return out


def _asked_relation(q: Question) -> str:
    """The property a value question asks about, or ""."""
    cues, s = q.slots.cues, q.slots
    if "when" in cues and ("start" in cues or "offset" not in cues):
        return "start_year"
    if "offset" in cues and "offset_pct" in cues:
        return "offset_limit_pct"
    if "jurisdiction_q" in cues:
        return "jurisdiction"
    if "status_q" in cues or s.status_words >= 2:
        return "status"
    if "design_q" in cues or len(s.designs) >= 2:
        return "design"
    if "level_q" in cues:
        return "level"
    if "sector_q" in cues:
        return "sector"
    if "offset" in cues:
        return "offset_rule"
    if "start" in cues and "systems_q" not in cues:
        return "start_year"
    return ""


def _graph_words(q: Question) -> bool:
    """Whether the question says anything the graph can filter on."""
    s = q.slots
    relation_cues = {"start", "when", "offset", "link", "pilot", "count", "design_q", "level_q", "status_q",
                     "jurisdiction_q", "sector_q", "earlier", "later", "highest", "lowest"}
    return bool(q.mentions or q.named or s.years or s.statuses or s.levels or s.designs or s.regions or s.sectors
                or (s.cues & relation_cues))


def _decide(q: Question, lexicon: Lexicon) -> None:
    cues = q.slots.cues
    if q.frame.kind in ("changes", "history") and len(timeframe.editions(lexicon.doc_date)) >= 2:
        # What changed between editions, or when a named system's facts changed: read from the dated
        # statements. With one edition there is nothing to compare, and the text may still tell.
        if q.frame.kind == "changes" or q.subjects:
            q.intent = q.frame.kind
            q.relation = _changed_relation(q)
            return
    if "unmodelled" in cues:
        q.intent, q.reason = "fallback", "topic"
        return
    if "span" in cues:
        q.intent, q.reason = "fallback", "text question"  # the years a phase ran: the graph holds one start
        return
    if not _graph_words(q):
        q.intent, q.reason = "fallback", "no graph terms"
        return
    order = "asc" if "earlier" in cues else "desc" if "later" in cues else ""
    if len(q.subjects) >= 2 and "difference" in cues:
        q.intent, q.order_by = "difference", "start_year"
        return
    if len(q.subjects) >= 2 and order and cues & {"start", "when", "age", "systems_q"}:
        q.intent, q.order, q.order_by = "compare", order, "start_year"
        return
    if q.subjects and yes_no(q.text) and ("link" in cues or _list_slots(q)):
        q.intent = "check"
        if "link" in cues:
            q.link = "planned" if "planned" in cues else "linked"
            q.subjects, q.link_to = q.subjects[:1], q.subjects[1:]
        return
    if "link" in cues and "when" in cues and "systems_q" not in cues:
        q.intent, q.reason = "fallback", "text question"  # the date of a link, which the graph does not hold
        return
    if "link" in cues:
        q.link = ("ended" if "ended" in cues else "both" if {"planned", "done"} <= cues
                  else "planned" if "planned" in cues else "either")
        q.link_to = list(q.subjects)
        _drop_subject_words(q, lexicon)
        q.intent = "count" if "count" in cues else "list"
        _place_filters(q, link_objects=True)
        return
    if "count" in cues:
        q.intent = "count"
        if q.subjects and "sector_q" in cues:
            q.count_of = "sectors"
            return
        _place_filters(q)
        _tense(q)
        return
    relation = _asked_relation(q)
    if relation == "start_year" and "when" not in cues and _RATE.search(fold(q.text).text):
        # "What was the compliance rate in X's first compliance period?": a start named, a share asked.
        q.intent, q.reason = "fallback", "text question"
        return
    value_question = relation and (relation in ("start_year", "offset_limit_pct", "jurisdiction", "status", "level")
                                   or "systems_q" not in cues or relation in ("design", "sector")
                                   and ("design_q" in cues or "sector_q" in cues))
    # "Which Chinese pilot has ...", "哪个加拿大省份 ...": the place narrows a list, it is not the subject.
    places_only = all(m.kind != SYSTEM for m in q.mentions)
    asks_value = cues & {"when", "jurisdiction_q", "sector_q", "design_q", "level_q", "status_q"}
    narrows = ("systems_q" in cues and places_only and not asks_value
               and (_list_slots(q) or "highest" in cues or "lowest" in cues))
    if q.subjects and value_question and not narrows:
        q.intent, q.relation = "attribute", relation
        return
    if q.subjects and "systems_q" not in cues and not _list_slots(q):
        q.intent = "describe"
        return
    q.intent = "list"
    _place_filters(q)
    # "启动时间晚于2025年的", "started later than 2015": a comparison with a year filters, it ranks nothing.
    compared = q.slots.years and q.slots.year_op != "="
    if order and (cues & {"start", "when", "age"} or _FIRST_OF.search(fold(q.text).text)) and not compared:
        q.intent, q.order, q.order_by = "superlative", order, "start_year"
    elif "offset" in cues and ("highest" in cues or "lowest" in cues):
        q.intent, q.order_by = "superlative", "offset_limit_pct"
        q.order = "desc" if "highest" in cues else "asc"
    _tense(q)


# "East Asia's first national carbon market", "北美第一个针对工业的碳定价机制": the first (or newest) of the markets
# described is the one that started first, start word or not.
_FIRST_OF = re.compile(FIRST_OF_EN + r"|(?:第一个|首个|最早的|最先的|最晚的|最新的)[^，,。？?]{0,12}?(?:市场|体系|机制|试点|计划)")


def _changed_relation(q: Question) -> str:
    """The relation a question about changes names ("status", "links"), or "" for all of them."""
    cues, s = q.slots.cues, q.slots
    if "link" in cues:
        return "linkage_planned" if "planned" in cues else "linked_with"
    if "offset" in cues:
        return "offset_rule"
    if "sector_q" in cues or s.sectors or re.search(r"\bsectors?\b|\bcover\w*|行业|覆盖范围|覆盖", fold(q.text).text):
        return "sector"
    if "start" in cues:
        return "start_year"
    if "status_q" in cues or s.statuses or re.search(r"\bstatus|状态", fold(q.text).text):
        return "status"
    return ""


# "能不能用", "会不会纳入", "可不可以": a verb asked as itself and its negation is a yes/no question too.
_YES_NO = re.compile(r"^\s*(?:do|does|did|is|are|was|were|can|could|has|have|will)\b|吗\s*[?？]?\s*$|是否|有没有|是不是"
                     r"|([\u4e00-\u9fff])不\1")
_ALTERNATIVES = re.compile(r"\bor\b(?! not)|还是(?!不是|没有)|或者")  # "... or not?" is still a yes/no question


# "Does X allow offsets, and up to what share?": the value asked after the yes answers both.
# "Has any system linked with X? Which one?": the question after the yes/no asks for the systems.
_AND_WHAT = re.compile(r"\band\s+(?:up to |by |from |since )?(?:what|how much|how many|which|when)\b"
                       r"|[，,]\s*(?:上限|最多|比例)?(?:是)?(?:多少|几|哪)"
                       r"|[?？]\s*(?:and\s+|if so,?\s+)?(?:which|what|who)\b|[?？]\s*(?:如果有的?话?，?)?(?:是)?哪")


def yes_no(text: str) -> bool:
    """"Does the K-ETS accept international offsets?" but not "Is it cap-and-trade or intensity-based?"."""
    folded = fold(text).text
    return bool(_YES_NO.search(folded)) and not _ALTERNATIVES.search(folded) and not _AND_WHAT.search(folded)


def _drop_subject_words(q: Question, lexicon: Lexicon) -> None:
    """In "魁北克的总量管制体系同哪个市场连接", the design describes Québec, not the answers:
    a level, status or design every linked-to system has is taken to describe it and dropped."""
    subjects = [lexicon.entities[s] for s in q.link_to if s in lexicon.entities]
    if not subjects:
        return
    s = q.slots
    for values, attribute in ((s.levels, "level"), (s.statuses, "status"), (s.designs, "design")):
        if values and all(getattr(e, attribute) in values for e in subjects):
            values.clear()


def _list_slots(q: Question) -> bool:
    s = q.slots
    return bool(s.years or s.statuses or s.levels or s.designs or s.regions or s.sectors or s.offset
                or s.offset_pct is not None or s.pilot or q.named)


def _place_filters(q: Question, link_objects: bool = False) -> None:
    """Jurisdictions and places named in a list question restrict where the answers lie."""
    for m in q.mentions:
        if m.kind == PLACE or (m.kind == JURISDICTION and not link_objects):
            q.places.append(m.iri)
    q.places = _unique(q.places)
    if not link_objects:
        # The places' own systems were taken for subjects; in a list they are filters only.
        q.subjects = [s for m in q.mentions if m.kind == SYSTEM for s in m.systems]


# Starts still to come counted in ("including planned ones", "（含计划）", "包括计划中的"): any status.
_PLANNED_TOO = re.compile(r"\b(?:including|incl\.?|or)\s+(?:the\s+|those\s+)?(?:planned|scheduled|proposed|announced)\b"
                          r"|\b(?:planned|scheduled) ones? included\b|[含包括]+(?:已)?(?:计划|規劃|规划|計畫|计划中)")


def _tense(q: Question) -> None:
    """A list by start year means systems that have started, unless the question speaks of the future, or
    counts planned starts in as well."""
    s = q.slots
    if s.years and _PLANNED_TOO.search(fold(q.text).text):
        s.statuses = set()
        return
    if (s.years or q.order_by == "start_year") and s.statuses <= {"in_force"}:
        s.statuses = {"under_development", "under_consideration"} if s.future else {"in_force"}


# The answer types each rule reading can produce ("attribute" by the relation it reads).
_RULE_TYPES = {
    "list": {"entities"}, "superlative": {"entities"}, "compare": {"entities"}, "count": {"count"},
    "check": {"yes_no"}, "difference": {"number", "count"}, "describe": {"text"},
    # what changed: a list of changes, the systems that changed, or whether any did; when: the edition's date
    "changes": {"text", "entities", "yes_no"}, "history": {"date"},
}
_RELATION_TYPES = {
    "start_year": {"date"}, "offset_limit_pct": {"number"}, "sector": {"entities", "text"},
    "jurisdiction": {"entities", "text"}, "status": {"text"}, "design": {"text"}, "level": {"text"},
    "offset_rule": {"text"},
}


# Words that date a system's set of sectors: added, at launch, after an expansion (``check_type``).
_SECTORS_DATED = re.compile(r"\b(?:new(?= sectors?| industr)|newly|added|adding|add|initially|originally|at first"
                            r"|at (?:the )?(?:launch|outset|start)|when it (?:opened|started|launched)|expan\w*"
                            r"|extension|before|prior to|until)\b"
                            r"|新纳入|新增|增加了|开市时|启动时|成立时|最初|起初|当初|扩容|扩围|扩大|(?:纳入|加入)(?:之|以)?前")
# The value a change replaced: "before the 2024 amendment", "prior to the cut", "修订之前", "调整前的上限".
_BEFORE_CHANGE = re.compile(r"\b(?:before|prior to|until)\s+(?:the|its|their|this|that)?\s*(?:(?:19|20)\d\d\s+)?"
                            r"(?:revision|amendment|change|reform|update|cut|increase|decrease|reduction|tightening"
                            r"|overhaul|review)s?\b"
                            r"|\b(?:previous|former|old|earlier|prior)\s+(?:\w+\s+)?(?:limit|cap|ceiling|rate|threshold|share"
                            r"|value)\b|\bused to be\b"
                            r"|(?:修订|修改|修正|调整|变更|改革|下调|上调|收紧|改动)(?:之|以)?前|原来的|原有的?|此前的|旧的", re.I)


def before_change(text: str) -> bool:
    """Whether a question asks for a value as it was before a change: one the text says was replaced, which the
    graph (a relation's values without the years they held) does not tell from the one in force."""
    return bool(_BEFORE_CHANGE.search(fold(text).text))


# A person or body asked for ("who carries", "whom", "由谁", "哪一方"), not "whose" (a market's own value).
WHO = re.compile(r"\bwho(?:m|\s+else)?\b|由谁|是谁|哪一方|哪方")
# A deadline asked ("the consultation's deadline", "征求意见的截止日期"): a date, never a system's start.
_DEADLINE = re.compile(r"\bdeadlines?\b|\bdue (?:date|by)\b|截止|期限")
# A count of what lies inside a system (firms, installations, plants), not of systems: "how many companies got
# added when ...", "新增了多少家企业". Only the text counts those.
COUNTS_INSIDE = re.compile(r"\bhow many\s+(?:[\w-]+\s+){0,2}(?:compan|firm|installation|facilit|entit|plant|emitter"
                           r"|operator|participant|business|enterprise|power station|works\b|mill|smelter|refiner"
                           r"|airline|factor(?:y|ies))\w*"
                           # What a market trades or auctions ("how many allowances", "how many carbon credits"): a
                           # quantity of its own, not a number of markets; right after "how many" or one word that
                           # is not the market counted ("how many markets accept credits" counts markets).
                           r"|\bhow many\s+(?:(?!(?:system|market|scheme|program|ets|jurisdiction)\w*\s)[\w-]+\s+)?"
                           r"(?:allowance|permit|credit|tonne|unit|auction)s?\b"
                           # Not across a verb: "多少个允许用碳信用" counts the markets that allow credits.
                           r"|(?:多少|几)\s*[个家名座]?(?:(?!允许|准许|接受|使用|采用)[\u4e00-\u9fff]){0,4}?"
                           r"(?:企业|公司|单位|设施|电厂|主体|配额|吨|信用|许可|厂|廠)"
                           # 家 counts firms and plants; markets are counted with 个.
                           r"|(?:多少|几)\s*家(?!(?:[\u4e00-\u9fff]{0,4})(?:市场|試點|试点|体系|體系|機制|机制))")


# "How many responses did X's ministry receive?", "how many times were the rules revised", "how many projects": a
# count of things that are not markets is the text's (the graph counts systems), whether or not a place is named.
# So is a count of sectors the rules could not tie to a market ("how many sectors did the Xpilot cover" with the
# market unread): a number of systems never answers it. Chinese: the classifiers of items, times, rounds and
# deals (几项建议, 修订了几次, 多少笔) never count markets, nor does a count of 行业 / 部门.
_COUNTS_OTHER = re.compile(r"\bhow many\s+(?:[\w-]+\s+)?(?!(?:systems?|ets|etss|markets?|schemes?|programs?|programmes?"
                           r"|pilots?|jurisdictions?|countries|provinces|states|nations|regions|cities"
                           r"|emissions)\b)[a-z-]+s\b"
                           r"|(?:多少|几)\s*(?:[项次条笔轮]|个?\s*(?:行业|部门|产业))")
# A count of sectors (read on the folded question: simplified, lower case): answered by a number of sectors, never
# by a number of firms ("约800家" beside "覆盖了几个部门").
COUNTS_SECTORS = re.compile(r"\bhow many\s+(?:[\w-]+\s+)?(?:sectors|industries)\b|(?:多少|几)\s*个?\s*(?:行业|部门|产业)")


def rule_types(q: Question) -> set[str]:
    """The answer types the rules' reading of ``q`` gives (empty for a fallback)."""
    if q.intent == "attribute":
        return _RELATION_TYPES.get(q.relation, {"text"})
    return _RULE_TYPES.get(q.intent, set())


def check_type(q: Question) -> None:
    """Reconcile the rules with the learned reading (``q.reading``) before the graph is asked.

    A list read as a count (or the reverse) keeps its filters and changes
    shape; a question the model is sure wants a figure, a change, a
    definition or nothing the graph holds goes to the text; any other
    confident disagreement about the answer type means the rules misread
    the question, so it goes to the text too rather than print an answer
    of the wrong type.
    """
    r = q.reading
    if r is None or q.intent == "fallback":
        return
    # The model's text intents go to the text unless the rules read the same kind of answer from the graph
    # ("Which system took effect in January 2022?" reads as a change, but asks for systems by start).
    # A reason, an event or a procedure ("why …", "what happened to …", "who bears …") is the text's to tell even
    # where the rules read a text answer from the graph: a system's status or overview does not say why.
    if r.intent in TEXT_INTENTS and r.intent_p >= TEXT_SURE and (
            r.answer_type not in rule_types(q) or r.intent == "explain"):
        q.intent, q.reason = "fallback", "text question"
        return
    # "When was the rule re-adopted?", "从哪一年开始不再接受国际单位？": a date of another event than the
    # system's start (no start word, or something that stopped, or a deadline) is the text's to give, not
    # the start year.
    if q.intent == "attribute" and q.relation == "start_year" and (
            "start" not in q.slots.cues and r.intent in TEXT_INTENTS and r.intent_p >= TEXT_SURE
            or "ended" in q.slots.cues or _DEADLINE.search(q.text.lower())):
        q.intent, q.reason = "fallback", "text question"
        return
    # "Who bears the risk if a credit is invalid?", "由谁承担": an actor asked of a named market, which of its values
    # only its jurisdiction gives; an offset rule or a status names no one.
    if q.intent == "attribute" and q.relation != "jurisdiction" and WHO.search(fold(q.text).text):
        q.intent, q.reason = "fallback", "text question"
        return
    # "英国碳市场从哪一年开始纳入国内航运？", "When did the UK ETS start covering waste?": the date a sector was
    # brought in, which the graph does not date, is the text's to give, not the system's own start.
    if q.intent == "attribute" and q.relation == "start_year" and q.slots.sectors:
        q.intent, q.reason = "fallback", "text question"
        return
    # "全国碳市场新纳入了几个行业？", "开市时覆盖几个行业？", "after the 2025 expansion", "before shipping joins", "修订前",
    # "到2026年": the sectors added, or covered at another time than now, which the graph (a system's sectors, undated)
    # does not tell apart, are the text's count.
    if q.intent == "count" and q.count_of == "sectors" and (
            _SECTORS_DATED.search(fold(q.text).text) or before_change(q.text) or q.slots.years
            or q.frame.kind == "as_of"):
        q.intent, q.reason = "fallback", "text question"
        return
    # "How many firms does X cover?" counts something inside a system, which only the text gives: the
    # model says so, the question names a system and counts neither systems it links with nor sectors, or
    # the counted noun is firms or installations.
    if q.intent == "count" and q.count_of == "systems" and (
            r.intent == "text_number" or not q.link and any(m.kind == SYSTEM for m in q.mentions)
            or COUNTS_INSIDE.search(fold(q.text).text)
            or not q.link and _COUNTS_OTHER.search(fold(q.text).text)):
        q.intent, q.reason = "fallback", "text question"
        return
    if r.type_p < TYPE_SURE or r.answer_type in rule_types(q):
        return
    if q.intent == "list" and r.answer_type == "yes_no" and not q.subjects:
        return  # "Does any scheme cover waste?": whether any system does is answered by those that do
    if q.intent == "list" and r.answer_type == "count":
        q.intent = "count"
    elif q.intent == "count" and q.count_of == "systems" and r.answer_type == "entities":
        q.intent = "list"
    else:
        q.intent, q.reason = "fallback", "answer type"
