"""From one document's candidate statements to its facts about each system.

Stage input: the document's systems, its frames and the candidates the
predicate classes produced. Output: ``Fact``s keyed by document-local
system key, each with the sentence that states it. Decisions that need the
whole document are made here:

- start: the earliest launch the text reports as done by the document date,
  else the planned start; a "done" verb with a date after the document date
  is a plan;
- status, as of the document date: a launch done -> in force; a start after
  the document date, or development wording -> under development;
  consideration wording about the market itself -> under consideration;
  otherwise wording of a market at work (allowances, compliance, coverage)
  -> in force;
- level: what the text says ("national ETS", "provincial market", a heading
  qualifier such as "(Federal)" or "(USA)"), else the place's type from
  the gazetteer, with the sentence naming the place as evidence;
- design: cap-and-trade vs intensity by the wording said of the system.
"""
from __future__ import annotations

import re
from collections import defaultdict

from ingest.clean import Clean
from ingest.dates import Day
from ingest.document import DocumentInfo, to_simplified
from ingest.entities import DocSystem, Frame
from ingest.gazetteer import gazetteer
from ingest.model import Evidence, Fact
from ingest.relations import Candidate

PLACE_LEVEL = {"country": "national", "subnational": "subnational", "city": "city", "supranational": "supranational"}
IN_EFFECT = re.compile(r"into (?:force|effect)|in force|took effect|takes effect|effective|生效|施行", re.I)
FIRST_AUCTION = re.compile(r"auction|拍卖", re.I)
STRONG_LAUNCH = re.compile(r"launch|start|began|begun|commenc|open|first|went live|kicked|since|启动|开市|上线|开始|首|自\d{4}年", re.I)


def evidence(f: Frame, method: str, start: int | None = None, end: int | None = None) -> Evidence:
    p = f.passage
    b = f.offset + (len(f.text) if end is None else end)
    # Evidence stays on its own line: a table cell's frame begins before its row (ingest.relations.column_frames).
    line = p.text.rfind("\n", 0, max(b - 1, 0)) + 1
    # A frame whose text the passage does not hold where it sits (a cell read as "Start: Jan 2024", an item read
    # after its lead) cites its line from the start, the row's name with the value: "Corvello (CVTS) | Apr 2021".
    own = p.text[max(f.offset, 0):f.offset + len(f.text)] == f.text
    a = max(f.offset + (start or 0), line) if own else line
    o_start, o_end = Clean(p.text, p.origin).span(a, b)
    return Evidence(p.doc, o_start, o_end, p.text[a:b], method)


def document_facts(systems: dict[str, DocSystem], frames: list[Frame], candidates: list[Candidate],
                   info: DocumentInfo) -> list[Fact]:
    by_key: dict[str, list[Candidate]] = defaultdict(list)
    for c in candidates:
        if c.key in systems:
            by_key[c.key].append(c)
    first_frame = {}
    for f in frames:
        for r in f.refs:
            first_frame.setdefault(r.key, f)
    doc_day = Day.of(info.date)
    doc_text = "\n".join(dict.fromkeys(f.passage.text for f in frames))
    out: list[Fact] = []

    def fact(key, relation, value, c: Candidate | None = None, f: Frame | None = None, method: str = ""):
        frame = c.frame if c else f
        out.append(Fact(key, relation, value, evidence(frame, method or (c.method if c else ""))))

    for key, s in systems.items():
        cands = by_key.get(key, [])
        frame = first_frame.get(key)
        if frame is None:
            continue
        if s.place is not None or s.new_place:
            fact(key, "jurisdiction", key.split("#")[0], f=frame, method="rule:jurisdiction/mention")
        start, started = _start(cands, doc_day)
        if start:
            fact(key, "start_year", start.value, start)
        status = _status(cands, start, started, doc_day)
        status_value = None
        if status:
            status_value = status.value if status.relation == "status_word" else _launch_status(status, doc_day)
            fact(key, "status", status_value, status)
        level = _level(s, cands, frame, info, doc_text)
        if level:
            value, c, f, method = level
            fact(key, "level", value, c, f, method)
        designs = [c for c in cands if c.relation == "design"]
        if designs:
            counts = defaultdict(int)
            for c in designs:
                counts[c.value] += 1
            best = max(counts, key=lambda v: (counts[v], v == "intensity"))
            fact(key, "design", best, next(c for c in designs if c.value == best))
        seen = set()
        ended = {c.value for c in cands if c.relation == "linkage_ended"}
        linked = {c.value for c in cands if c.relation == "linked_with"} - ended
        for c in cands:
            if c.relation not in ("sector", "linked_with", "linkage_planned", "linkage_ended", "offset_rule", "offset_limit_pct"):
                continue
            # a document that says a link ended does not also state it, nor plan it, as of its date
            if c.relation in ("linked_with", "linkage_planned") and c.value in ended:
                continue
            if c.relation == "linkage_planned" and c.value in linked:
                continue
            if c.relation == "sector" and c.extra.get("planned") and status_value in (None, "in_force"):
                continue
            if (c.relation, c.value) in seen:
                continue
            seen.add((c.relation, c.value))
            fact(key, c.relation, c.value, c)
    return _offset_consistency(out)


def _start(cands: list[Candidate], doc_day: Day | None):
    done, planned = [], []
    for c in cands:
        if c.relation != "launch":
            continue
        day = c.when.day
        future = doc_day is not None and day.after(doc_day)
        if c.extra.get("planned") or future:
            if c.when.relative and PAST_WORD.search(c.frame.text[c.when.start:c.when.end]):
                continue  # "已于上周五举行首轮谈判…目标是…运行后": a plan is not dated by a day the text says is past
            if doc_day is None or future or c.extra.get("planned"):
                planned.append(c)
        else:
            done.append(c)
    # "首个履约周期为2025年度" in a text of February 2025 beside "配额交易自2025年4月1日起开展": a period that holds
    # the document's date is not yet past when a finer date within it still lies ahead.
    done = [c for c in done if not (doc_day is not None and _holds(c.when.day, doc_day)
                                    and any(_holds(c.when.day, p.when.day) for p in planned))]
    # "The Act came into force in December 2019 … the system began operating in 2020": a market's start is when it
    # operates, trades or opens its first period; a day something took effect is that only when nothing else is said.
    done = [c for c in done if not IN_EFFECT.search(c.extra.get("cue", ""))] or done
    # "已经运行一年多了" beside "是去年1月1日启动的": a start counted back from how long it has run is a guess.
    done = [c for c in done if c.method != "rule:launch/duration"] or done
    # "The first auction took place in 2008 and the first compliance period started in January 2009": allowances
    # are sold before a market opens; its first auction dates it only when nothing else does.
    done = [c for c in done if not FIRST_AUCTION.search(c.extra.get("cue", ""))] or done
    if done:
        strong = [c for c in done if STRONG_LAUNCH.search(c.frame.text)] or done
        first = min(strong, key=lambda c: c.when.day.key())
        # "深圳试点2013年启动" and, in the timeline, "2013年：深圳试点于6月率先开市": the finer date within that year says more.
        finer = [c for c in strong if _holds(first.when.day, c.when.day)]
        return (min(finer, key=lambda c: c.when.day.key()) if finer else first), True
    if planned:
        # "scheduled to start in 2027" … "push the ETS2 start back by one year, to 2028": a start moved supersedes the
        # dates planned before it, and the last move the latest.
        moved = [p for p in planned if p.method == "rule:launch/postponed"]
        if moved:
            return max(moved, key=lambda c: c.when.day.key()), False
        first = min(planned, key=lambda c: c.when.day.key())
        # "2027年元旦启动" and "将于2027年1月1日启动": the finer date within the same period says more.
        finer = [p for p in planned if _holds(first.when.day, p.when.day)]
        return (min(finer, key=lambda c: c.when.day.key()) if finer else first), False
    return None, False


PAST_WORD = re.compile(r"上|去|昨|前|\b(?:last|yesterday|ago|previous)\b", re.I)


def _holds(period: Day, day: Day) -> bool:
    """Does ``period`` (a year, or a month) contain ``day``, given at a finer precision?"""
    if period.month is None:
        return day.year == period.year and day.month is not None
    return (day.year, day.month) == (period.year, period.month) and period.day is None and day.day is not None


def _launch_status(c: Candidate, doc_day: Day | None) -> str:
    if c.extra.get("planned") or c.extra.get("voluntary") or (doc_day and c.when.day.after(doc_day)):
        return "under_development"
    return "in_force"


def _status(cands: list[Candidate], start: Candidate | None, started: bool, doc_day: Day | None) -> Candidate | None:
    if start is not None:
        return start
    words = [c for c in cands if c.relation == "status_word"]
    planned = [c for c in cands if c.relation == "planned"]
    strong = [c for c in words if c.value != "in_force" and c.weight >= 1.0]
    if strong:
        return min(strong, key=lambda c: c.extra.get("gap", 0))
    if planned:
        c = planned[0]
        return Candidate(c.key, "status_word", "under_development", c.frame, "rule:status/planned")
    # A word of operation said of the market itself, or a scope, offset rule or link it has, says it runs; stray
    # ones ("配额" in "碳税下不能买卖配额") count against the weak words of study or preparation.
    working = [c for c in words if c.value == "in_force" and c.weight >= 1.0]
    at_work = [c for c in cands if c.relation in ("sector", "offset_rule", "linked_with") and not c.extra.get("planned")
               and not c.extra.get("answer")]
    stray = [c for c in words if c.value == "in_force"]
    weak = [c for c in words if c.value != "in_force"]
    # The weak words that say more, a tie to study or preparation; stray words of operation alone, with no word of
    # study to outweigh, say nothing ("配额分配方案已完成第二轮征求意见" in an interview about a market to come).
    weak = weak if len(weak) >= len(stray) or not weak else stray
    if working or at_work or weak and weak[0].value == "in_force":
        c = working[0] if working else at_work[0] if at_work else weak[0]
        return Candidate(c.key, "status_word", "in_force", c.frame, "rule:status/operating")
    return weak[0] if weak else None


def _level(s: DocSystem, cands: list[Candidate], frame: Frame, info: DocumentInfo, doc_text: str):
    worded = [c for c in cands if c.relation == "level"]
    if worded:
        counts = defaultdict(int)
        for c in worded:
            counts[c.value] += 1
        best = max(counts, key=counts.get)
        return best, next(c for c in worded if c.value == best), None, ""
    qual = s.heading_qualifier
    if qual:
        if re.fullmatch(r"(?i)federal|national|联邦|全国|国家|联邦政府", qual):
            return "national", None, frame, "rule:level/heading"
        parent = gazetteer().lookup(qual, info.lang)
        if parent is not None and parent.type in ("country", "supranational"):
            return "subnational", None, frame, "rule:level/heading"
    if s.place is not None:
        return PLACE_LEVEL[s.place.type], None, frame, "rule:level/place-type"
    if s.new_place:
        kind = _minted_type(s.new_place, doc_text, info.lang)
        if kind:
            return kind, None, frame, "rule:level/place-name"
    return None


def _minted_type(name: str, text: str, lang: str) -> str | None:
    """An unknown place's type from how the text names it: "岚江省", "the province of Aldermoor", "Republic of X"."""
    if lang == "zh":
        # the name as minted, else the word for a kind of place the text writes right after it ("塔武洛亚共和国")
        written = name if re.search(r"(?:省|州|自治区|市|国)$", name) else (
            next(iter(re.findall(re.escape(name) + r"(共和国|王国|酋长国|公国|联邦|国|省|州|自治区|市)", to_simplified(text))), ""))
        if re.search(r"(?:省|州|自治区)$", written):
            return "subnational"
        if written.endswith("市"):
            return "city"
        if re.search(r"(?:国|联邦)$", written):
            return "national"
        return None
    n = re.escape(name)
    if re.search(rf"\b(?:province|state|prefecture|region|canton|territory|county)\s+of\s+{n}|{n}\s+(?:Province|State|Prefecture|Region|Canton|Territory)", text, re.I):
        return "subnational"
    if re.search(rf"\b(?:city|municipality)\s+of\s+{n}|{n}\s+City", text, re.I):
        return "city"
    if re.search(rf"\b(?:Republic|Kingdom|Federation|Principality|Commonwealth|Union)\s+of\s+{n}|{n}['’]s\s+(?:parliament|national|"
                 rf"government|president|prime minister|cabinet|finance ministry|economy)|{n}n?\s+(?:parliament|cabinet|"
                 rf"national|government)|(?:country|nation)\b[^.]{{0,40}}\b{n}|\b{n}\b[^.]{{0,40}}\b(?:country|nation|nationwide)\b",
                 text, re.I):
        return "national"
    return None


def _offset_consistency(facts: list[Fact]) -> list[Fact]:
    """A system that limits or accepts credits does not also refuse them: "none" yields to a stated rule."""
    rules = defaultdict(set)
    for f in facts:
        if f.relation == "offset_rule":
            rules[f.system].add(f.value)
    return [f for f in facts if not (f.relation == "offset_rule" and f.value == "none" and len(rules[f.system]) > 1)]
