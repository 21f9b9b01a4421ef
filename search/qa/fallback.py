"""Answers from the report text when the graph does not model the question.

The semantic search (``search.searcher.Searcher``) returns the top passages;
their sentences (and those of their aligned translations) are then ranked by
how many of the question's words they contain, weighted by rarity (IDF over
all passages), with a small bonus for the search rank. From the best
sentences this module takes what the question asks for:

- an amount of money, a percentage, a year, or a number of things ("多少个国家"
  -> "17个国家"), found in the best sentence that has one;
- for "which systems/markets" questions, the systems the best matching
  clause names, and only among the entities the search result is tagged
  with (the clause is the sentence cut at "while", "but", "；", "而": a
  sentence often contrasts two groups). A jurisdiction named in the clause
  counts for its main system only when that system is among them.

The result always says it is a search result, not a graph answer.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from search.tokenize import tokenize

from .lexicon import Lexicon, fold
from .linking import Linker
from .question import Question

if TYPE_CHECKING:
    from search.searcher import Searcher

TOP_K = 8
RANK_BONUS = 0.6  # share of the average word weight given to the first search hit, decaying with rank

_MONEY = re.compile(
    r"(?:USD|US\$|CAD|C\$|EUR|NZD|GBP|KRW|CNY|RMB|€|£|\$)\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:billion|million|trillion|bn))?"
    r"|\d[\d,]*(?:\.\d+)?\s?(?:billion|million)\s(?:USD|US dollars|dollars|euros|EUR)"
    r"|\d[\d,]*(?:\.\d+)?\s*(?:亿|万)?\s*(?:美元|加元|欧元|英镑|韩元|人民币|新西兰元)")
_PERCENT = re.compile(r"\d+(?:[.,]\d+)?\s*%")
_YEAR = re.compile(r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+)?"
                   r"(?:19|20)\d\d(?:\s*年(?:\s*\d{1,2}\s*月)?)?")
_ORDINAL = re.compile(r"第\s*\d+\s*个?[\u4e00-\u9fff]{0,4}|\b\d+(?:st|nd|rd|th)\s+\w+")
_WANTS_ORDINAL = re.compile(r"第几|\b(?:what|which) (?:year|phase|round) of\b")
_WANTS_MONEY = re.compile(r"\b(?:how much|revenue|price|prices|cost|raised?|collect\w*|earn\w*|worth|amount|funds?)\b"
                          r"|多少钱|收入|价格|碳价|金额|资金|美元|筹集")
_WHY = re.compile(r"\b(?:why|for what reason|what caused)\b|为什么|为何|原因")
_WANTS_PERCENT = re.compile(r"\b(?:what share|percentage|what percent|proportion|what fraction)\b|比例|百分|占比|份额")
_BOUNDARY = re.compile(r"[。；;！？!?\n)）]|\*+|\.\s")
_AFTER = re.compile(r"[。；;！？!?\n，,、(（)）]|\*+|\.\s")  # what follows an amount: its unit or date only
CONTEXT_CHARS = 60
_END = re.compile(r"[。.!?！？…]\**\s*$")
_CLAUSE = re.compile(r"[;；]|,?\s+(?:while|whereas|but|although|however)\s+|，?(?:而|但|然而)")
_COUNT_EN = re.compile(r"\bhow many\s+(?:\w+\s+)?(\w+)")
_COUNT_ZH = re.compile(r"(?:多少|几)\s*[个名家项位]?\s*([\u4e00-\u9fff]{1,4})")


@dataclass
class Unit:
    """A sentence of a search hit, with its score and where it is in the report."""

    score: float
    rank: int
    hit: dict
    doc: str
    start: int
    end: int
    text: str

    def citation(self) -> dict:
        return {"doc": self.doc, "start": self.start, "end": self.end, "text": self.text}


class Fallback:
    """Search-based answers for one generation's index."""

    def __init__(self, searcher: "Searcher", lexicon: Lexicon, linker: Linker):
        self.searcher = searcher
        self.lexicon = lexicon
        self.linker = linker
        passages = searcher.index.passages
        self._passage = {p.id: p for p in passages}
        df = Counter(t for p in passages for t in set(tokenize(p.text)))
        self._idf = {t: math.log((len(passages) + 1) / (n + 1)) for t, n in df.items()}
        self._unseen_idf = math.log(len(passages) + 1)

    def _weigh(self, question: Question) -> dict[str, float]:
        return {w: self._idf.get(w, self._unseen_idf) for w in set(tokenize(question.text))}

    @staticmethod
    def _overlap(weights: dict[str, float], text: str) -> float:
        return sum(weights[w] for w in weights.keys() & set(tokenize(text)))

    def _units(self, question: Question, hits: list[dict]) -> list[Unit]:
        weights = self._weigh(question)
        average = sum(weights.values()) / max(1, len(weights))
        units = []
        for rank, hit in enumerate(hits):
            bonus = RANK_BONUS * average / (rank + 1)
            for pid in [hit["id"]] + [t["id"] for t in hit.get("translations", [])]:
                passage = self._passage.get(pid)
                if passage is None:
                    continue
                for start, end, text in _sentences(passage):
                    units.append(Unit(self._overlap(weights, text) + bonus, rank, hit, passage.doc, start, end, text))
        units.sort(key=lambda u: (-u.score, u.rank, u.doc, u.start))
        return units

    def answer(self, question: Question, deadline: float | None = None) -> dict:
        hits = self.searcher.search(question.text, k=TOP_K, deadline=deadline)
        units = self._units(question, hits)
        best = units[0] if units else None
        result = {"kind": "literal", "values": []}
        used = [best] if best else []
        wants = question.wants
        if wants == "systems":
            systems, unit = self._systems(question, units)
            if unit is not None:
                result, used = {"kind": "systems", "systems": systems}, [unit]
        elif wants == "count":
            number, unit = self._count(question, units)
            if unit is not None:
                result, used = {"kind": "count", "count": number}, [unit]
        else:
            values, unit = self._literal(question, units)
            if unit is not None:
                result, used = {"kind": "literal", "values": values}, [unit]
        order = [u.hit for u in used] + [h for h in hits if all(h is not u.hit for u in used)]
        cited = [u.citation() | {"date": self.lexicon.doc_date.get(u.doc, "")} for u in used]  # with its edition
        return {"answer": result, "citations": cited, "passages": [_passage(h) for h in order],
                "sentence": used[0].text if used else "", "notes": hits.notes}

    def _literal(self, question: Question, units: list[Unit]) -> tuple[list, Unit | None]:
        text = fold(question.text).text
        if _WHY.search(text):
            return [], None  # a reason is a sentence, not a value: the best passage is the answer
        if _WANTS_MONEY.search(text):
            pattern = _MONEY
        elif _WANTS_PERCENT.search(text):
            pattern = _PERCENT
        elif _WANTS_ORDINAL.search(text):
            pattern = _ORDINAL
        elif "when" in question.slots.cues:
            pattern = _YEAR
        else:
            return [], None
        # Each match is judged by the words right around it, within its sentence ("In 2024, global auction
        # revenue was about USD 70 billion"), so a chart line with many amounts gives the right one.
        weights = self._weigh(question)
        names = self._mentioned_names(question)
        bonus = max(weights.values(), default=0.0) * 2
        best = None
        for unit in units[:2 * TOP_K]:
            if names and not any(n in fold(self._passage_text(unit)).text for n in names):
                continue  # a question about Beijing is not answered from a paragraph that does not name it
            for m in pattern.finditer(unit.text):
                before = _BOUNDARY.split(unit.text[max(0, m.start() - CONTEXT_CHARS):m.start()])[-1]
                after = _AFTER.split(unit.text[m.end():m.end() + CONTEXT_CHARS // 2])[0]
                near = fold(before + " " + after).text
                score = self._overlap(weights, near) + unit.score / 4
                if any(n in near for n in names):  # "Germany (USD 14,035 million)" for a question about Germany
                    score += bonus
                if best is None or score > best[0]:
                    best = (score, _tidy(m.group()), unit)
        return ([best[1]], best[2]) if best else ([], None)

    def _passage_text(self, unit: Unit) -> str:
        """The text of the hit a unit comes from, with its translations."""
        texts = [unit.hit["text"]] + [t["text"] for t in unit.hit.get("translations", [])]
        return " ".join(texts)

    def _mentioned_names(self, question: Question) -> list[str]:
        """Folded names of the places and systems the question names."""
        names = []
        for m in question.mentions:
            for iri in [m.iri, *m.systems]:
                e = self.lexicon.entities.get(iri)
                if e is not None:
                    names += [fold(n).text for n in [*e.labels.values(), *e.aliases] if len(n) >= 2]
        return list(dict.fromkeys(names))

    def _count(self, question: Question, units: list[Unit]) -> tuple[int | None, Unit | None]:
        text = fold(question.text).text
        patterns = []
        m = _COUNT_EN.search(text)
        if m:
            noun = re.escape(m.group(1)[:max(4, len(m.group(1)) - 2)])
            patterns.append(re.compile(rf"(\d[\d,]*)\s+(?:[\w-]+\s+){{0,2}}?{noun}", re.I))
        m = _COUNT_ZH.search(text)
        if m:
            following = m.group(1)
            patterns += [re.compile(rf"(\d[\d,]*)\s*[个名家项位]?{re.escape(following[:n])}")
                         for n in range(len(following), 0, -1)]
        for pattern in patterns:
            for unit in units[:TOP_K]:
                found = pattern.search(unit.text)
                if found:
                    return int(found.group(1).replace(",", "")), unit
        return None, None

    def _systems(self, question: Question, units: list[Unit]) -> tuple[list[dict], Unit | None]:
        """Systems named in the best clause that names any, among the hit's tagged entities."""
        words = set(tokenize(question.text))
        candidates = []
        for unit in units[:2 * TOP_K]:
            tagged = {e["iri"] for e in unit.hit.get("entities", [])}
            for clause in filter(None, _CLAUSE.split(unit.text)):
                systems = self._named(clause, tagged, question)
                if systems:
                    overlap = sum(self._idf.get(w, 0.0) for w in words & set(tokenize(clause)))
                    candidates.append((overlap, -unit.rank, systems, unit))
        if not candidates:
            return [], None
        _, _, systems, unit = max(candidates, key=lambda c: (c[0], c[1]))
        return [self.lexicon.entities[s].ref(question.lang) for s in systems], unit

    def _named(self, clause: str, tagged: set[str], question: Question) -> list[str]:
        # A jurisdiction's mention stands for its main system (``Linker.systems_of``), kept only if tagged.
        found = [s for mention in self.linker.link(fold(clause)) for s in mention.systems if s in tagged]
        return [s for s in dict.fromkeys(found) if self._fits(s, question)]

    def _fits(self, iri: str, question: Question) -> bool:
        """The question's own constraints (level, status, "pilot"), checked on the graph's facts."""
        e, s = self.lexicon.entities[iri], question.slots
        if s.levels and e.level not in s.levels:
            return False
        if s.statuses and e.status not in s.statuses:
            return False
        if s.pilot and not any("pilot" in x.lower() or "试点" in x for x in [*e.labels.values(), *e.aliases]):
            return False
        return True


def _tidy(value: str) -> str:
    """An extracted value with PDF spacing removed: "140.35\t亿美元" -> "140.35亿美元"."""
    value = re.sub(r"\s+", " ", value.strip())
    return re.sub(r"(?<=[\d\u4e00-\u9fff]) (?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff]) (?=\d)", "", value)


def _sentences(passage) -> list[tuple[int, int, str]]:
    """A passage's sentences, with the fragments of a chart (lines without a full stop) joined to the next."""
    out: list[list] = []
    for s in passage.sentences or []:
        if out and not _END.search(out[-1][2]):
            out[-1][1], out[-1][2] = s.end, out[-1][2] + (" " if s.text[:1].isascii() else "") + s.text
        else:
            out.append([s.start, s.end, s.text])
    return [tuple(x) for x in out]


def _passage(hit: dict) -> dict:
    keep = ("id", "doc", "lang", "start", "end", "text", "score", "entities")
    return {**{k: hit[k] for k in keep if k in hit},
            "translations": [{k: t[k] for k in ("id", "doc", "lang", "start", "end", "text")}
                             for t in hit.get("translations", [])]}
