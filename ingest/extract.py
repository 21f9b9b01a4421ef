"""From one document's passages to the carbon markets it describes and their facts.

Systems come from the text's own structure: each "Place: ..." paragraph of the
year in review describes that place's carbon market (a place the vocabulary
does not know gets a key minted from its name), a paragraph may introduce a
second system ("a separate carbon market (EU ETS 2)"), a paragraph about a
group of pilots describes one system per member, and the infographic lists
name systems and give levels, offset limits and which systems are in force.
Facts come from wording cues (``ingest.cues``) in the sentences, attributed to
the system the sentence is about.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest import cues, vocab
from ingest.clean import Clean, squash
from ingest.model import Evidence, ExtractedSystem, Fact, Passage
from ingest.nlp import Mention, find_mentions


@dataclass
class DocumentFacts:
    doc: str
    lang: str
    passages: list[Passage]
    systems: dict[str, ExtractedSystem] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    mentioned: dict[str, list[str]] = field(default_factory=dict)  # passage id -> system keys it names


def slug(text: str) -> str:
    s = re.sub(r"[^\w]+", "-", text.lower()).strip("-")
    return s or "x"


class Extractor:
    """One document's extraction; ``run()`` goes through the steps in order and returns the result."""

    def __init__(self, passages: list[Passage]):
        self.passages = passages
        self.lang = passages[0].lang
        self.doc = passages[0].doc
        self.out = DocumentFacts(self.doc, self.lang, passages)
        self.mentions = {p.id: find_mentions(p.text, self.lang) for p in passages}
        self.names: dict[str, str] = {}  # squashed system name -> system key
        self.group_passages: set[str] = set()  # paragraphs about a group of pilots
        self.status_votes: dict[str, list[tuple[int, str, Evidence]]] = {}
        self._name_rx: dict[str, re.Pattern] = {}
        self.secondary_spans: dict[str, list[tuple[int, str]]] = {}
        self.secondary_text: dict[str, str] = {}
        self.level_of_place: dict[str, tuple[str, Evidence]] = {}
        self.map_candidates: dict[str, list[str]] = {}
        self.chart_candidates: dict[str, list[str]] = {}
        self.level_votes: dict[str, tuple[str, Evidence]] = {}
        self.map_only: dict[str, tuple] = {}
        self.member_places: dict[str, list[str]] = {}
        self.start_candidates: list = []
        self.design_votes: dict[str, list] = {}

    # ---------------------------------------------------------------- systems
    def place_key(self, name: str) -> str | None:
        target = squash(name)
        for pid, term in vocab.places().items():
            if any(squash(n) == target for n in term.names.get(self.lang, [])):
                return pid
        return None

    def add_system(self, key: str, place: str, place_name: str, names: list[str], passage: Passage | None,
                   role: str, level_hint: str = "") -> ExtractedSystem:
        if key in self.out.systems:
            sysm = self.out.systems[key]
            for n in names:
                if n not in sysm.names:
                    sysm.names.append(n)
            return sysm
        sysm = ExtractedSystem(
            key=key, doc=self.doc, lang=self.lang, names=list(names), jurisdiction=place,
            jurisdiction_name=place_name, passage=passage.id if passage else "", role=role,
            region=passage.section if passage and passage.section.startswith("review/") else "",
            level_hint=level_hint,
        )
        self.out.systems[key] = sysm
        for n in names:
            self.names.setdefault(squash(n), key)
        return sysm

    def systems_of(self, place: str) -> list[ExtractedSystem]:
        return [s for s in self.out.systems.values() if s.jurisdiction == place]

    def primary_of(self, place: str) -> ExtractedSystem | None:
        found = self.systems_of(place)
        for role in ("primary", "member", "map", "secondary"):
            for s in found:
                if s.role == role:
                    return s
        return None

    def split_heading(self, heading: str) -> tuple[str, str]:
        m = re.match(r"^(.*?)\s*[（(]([^）)]*)[）)]\s*$", heading)
        if m:
            return m.group(1).strip(), m.group(2).strip()
        if self.lang == "zh" and heading.endswith("联邦"):
            return heading[:-2], "联邦"
        return heading.strip(), ""

    def find_review_systems(self) -> None:
        headings = {self.split_heading(p.heading)[0] for p in self.passages if p.heading}
        market = re.compile(cues.MARKET_PARAGRAPH[self.lang])
        for p in self.passages:
            if not p.heading or p.section in ("foreword", "about"):
                continue
            if not p.section.startswith("review/") and not market.search(p.text):
                continue
            if not p.section.startswith("review/") and len(p.heading) > (40 if self.lang == "en" else 16):
                continue
            name, qualifier = self.split_heading(p.heading)
            if cues.GROUP_HEADING[self.lang].search(p.heading):
                self.group_passages.add(p.id)
                continue
            place = self.place_key(name)
            level_hint = ""
            if self.place_key(qualifier) or qualifier in headings:
                level_hint = "subnational"
            elif cues.NATIONAL_QUALIFIERS[self.lang].match(qualifier):
                level_hint = "national"
            if place is None and qualifier and re.fullmatch(r"[A-Z][A-Z0-9\-]+", qualifier):
                # A heading that names a system, not a place ("Regional Greenhouse Gas Initiative (RGGI)")
                place = next((pid for pid, t in vocab.places().items()
                              if any(n.split()[0] == qualifier for n in t.names.get("en", []))), None) or slug(qualifier) + "-members"
                self.add_system(f"sys:{slug(qualifier)}", place, name, [name, qualifier], p, "primary", level_hint)
                continue
            if place is None:
                place = "minted:" + slug(name)
            self.add_system(f"sys:{place}", place, name, [], p, "primary", level_hint)

    def add_minted_mentions(self) -> None:
        """Places the vocabulary does not know, named by a heading, are found everywhere else too."""
        minted = {s.jurisdiction: s.jurisdiction_name for s in self.out.systems.values() if s.jurisdiction.startswith("minted:")}
        for p in self.passages:
            taken = [(m.start, m.end) for m in self.mentions[p.id]]
            extra = []
            for place, name in minted.items():
                edge = r"\b" if self.lang == "en" else ""
                for m in re.finditer(edge + re.escape(name) + edge, p.text):
                    if not any(a < m.end() and m.start() < b for a, b in taken):
                        extra.append(Mention("PLACE", place, m.start(), m.end(), name))
            if extra:
                self.mentions[p.id] = sorted(self.mentions[p.id] + extra, key=lambda m: m.start)

    def find_secondary_systems(self) -> None:
        for p in self.passages:
            primary = self.system_of_passage(p)
            if primary is None:
                continue
            for pattern in cues.SECONDARY[self.lang]:
                for m in re.finditer(pattern, p.text):
                    names = [m.group("name")] if "name" in m.groupdict() and m.group("name") else []
                    key = f"{primary.key}#2"
                    self.add_system(key, primary.jurisdiction, primary.jurisdiction_name, names, p, "secondary")
                    self.secondary_spans.setdefault(p.id, []).append((m.start(), key))

    def system_of_passage(self, p: Passage) -> ExtractedSystem | None:
        for s in self.out.systems.values():
            if s.passage == p.id and s.role == "primary":
                return s
        return None

    # ------------------------------------------------------------- infographics
    def list_items(self, p: Passage) -> list[tuple[int, int, str]]:
        out, pos = [], 0
        for line in p.text.split("\n"):
            if line.strip():
                out.append((pos, pos + len(line), line.strip()))
            pos += len(line) + 1
        return out

    def item_place(self, p: Passage, start: int, end: int) -> Mention | None:
        for m in self.mentions[p.id]:
            if m.kind == "PLACE" and start <= m.start < end:
                return m
        return None

    def read_levels(self) -> None:
        headers = [(lvl, re.compile(rx)) for lvl, rx in cues.LEVEL_HEADERS[self.lang]]
        for p in self.passages:
            level = None
            for start, end, line in self.list_items(p):
                found = next((lvl for lvl, rx in headers if rx.match(line)), None)
                if found:
                    level = found
                    continue
                if level is None:
                    continue
                if line.startswith("*"):
                    level = None
                    continue
                for m in self.mentions[p.id]:
                    if m.kind == "PLACE" and start <= m.start < end:
                        self.level_of_place.setdefault(m.id, (level, self.evidence(p, start, end, "rule:level/infographic")))

    def read_map(self) -> None:
        """The map's list: system names per place, pilot groups, places with only a name."""
        for p in self.passages:
            if p.section != "infographics/map" or "\n" not in p.text:
                continue
            items = self.list_items(p)
            i = 0
            while i < len(items):
                start, end, line = items[i]
                if line.startswith("•"):
                    bullets = []
                    while i < len(items) and items[i][2].startswith("•"):
                        bullets.append(items[i])
                        i += 1
                    self.attach_bullets(p, bullets, items, i)
                    continue
                self.map_item(p, start, end, line)
                i += 1

    def attach_bullets(self, p, bullets, items, after) -> None:
        """Bullets list members of the group named next to them.

        After a system with no place of its own ("RGGI"), they are its member
        places; before a group of pilots, each member is a system of its own.
        """
        before = next((items[k] for k in range(after - len(bullets) - 1, -1, -1) if not items[k][2].startswith("•")), None)
        following = items[after][2] if after < len(items) else ""
        owner = before and self.names.get(squash(re.sub(r"[（(].*?[）)]", "", before[2])))
        if owner and self.item_place(p, before[0], before[1]) is None:
            self.member_places[owner] = [m.id for start, end, _ in bullets for m in [self.item_place(p, start, end)] if m]
            return
        if not cues.GROUP_HEADING[self.lang].search(following):
            return
        for start, end, _ in bullets:
            m = self.item_place(p, start, end)
            if m:
                self.add_member(m.id, m.text, p)

    def add_member(self, place: str, written: str, p: Passage | None) -> ExtractedSystem:
        name = cues.PILOT_NAME[self.lang].format(place=written.rstrip("市省"))
        return self.add_system(f"sys:{place}", place, written, [name], p, "member")

    def map_item(self, p: Passage, start: int, end: int, line: str) -> None:
        line = line.strip()
        if re.search(r"\d", line) or cues.GROUP_HEADING[self.lang].search(line):
            return
        m = self.item_place(p, start, end)
        if m is None or m.start != start:
            return
        rest = line[m.end - start:].strip()
        if not rest or rest.startswith(("(", "（")) and squash(line) in {squash(n) for n in vocab.places()[m.id].names[self.lang]}:
            self.map_only.setdefault(m.id, (line, p, start, end))
            return
        self.map_candidates.setdefault(m.id, []).append(line)

    PCT_LINE = re.compile(r"^(?P<name>.+?)\s+(?P<pct>\d+(?:[.,]\d+)?)\s*%$")

    def chart_passages(self) -> list[Passage]:
        """List passages that chart a percentage per system (the offsets infographic)."""
        return [p for p in self.passages
                if sum(1 for *_, line in self.list_items(p) if self.PCT_LINE.match(line)) >= 3]

    def read_chart_names(self) -> None:
        """A chart line that starts with a place and says more than the place names its system."""
        for p in self.chart_passages():
            for start, end, line in self.list_items(p):
                m = self.PCT_LINE.match(line)
                name = m.group("name") if m else line
                place = self.item_place(p, start, end)
                if place is None or place.start != start or place.id in self.map_candidates:
                    continue
                if squash(name) != squash(place.text) and not re.match(r"^(?:N\.A\.|[\d.,]+)", name):
                    self.chart_candidates.setdefault(place.id, []).append(name)

    def name_systems(self) -> None:
        """Give each system a name: the map's (or chart's) name for it, else one built from its place."""
        for place, lines in {**self.chart_candidates, **self.map_candidates}.items():
            systems = [s for s in self.systems_of(place) if s.role in ("primary", "secondary")]
            if not systems:
                continue
            secondaries = [s for s in systems if s.role == "secondary"]
            taken = set()
            for sec in secondaries:
                named = [ln for ln in lines if squash(ln) in {squash(n) for n in sec.names}]
                if sec.names:
                    taken.update(named)
                    continue
                line = max(lines, key=lambda ln: self.overlap(ln, sec))
                if self.overlap(line, sec) > 0:
                    taken.add(line)
                    sec.names.insert(0, line)
                    self.names.setdefault(squash(line), sec.key)
            primaries = [s for s in systems if s.role == "primary"]
            for line in lines:
                if line in taken or not primaries:
                    continue
                best = primaries[0]
                best.names.insert(0, line)
                self.names.setdefault(squash(line), best.key)
                for acr in re.findall(r"[（(]([^）)]+)[）)]", line):
                    self.names.setdefault(squash(acr), best.key)
        for place, (line, p, start, end) in self.map_only.items():
            if not self.systems_of(place):
                qualifier = re.findall(r"[（(]\s*([^）)]+?)\s*[）)]", line)
                hint = "subnational" if qualifier and self.place_key(qualifier[0]) else ""
                sysm = self.add_system(f"sys:{place}", place, line, [], p, "map", hint)
                self.status_votes.setdefault(sysm.key, []).append(
                    (9, "under_consideration", self.evidence(p, start, end, "rule:status/map-only")))
        for s in self.out.systems.values():
            if not s.names or s.role == "primary" and s.names[0] == s.jurisdiction_name:
                template = cues.DEFAULT_NAME[self.lang]
                s.names.insert(0, template.format(place=s.jurisdiction_name))
            for n in s.names:
                self.names.setdefault(squash(n), s.key)

    def overlap(self, line: str, s: ExtractedSystem) -> int:
        """How much a map name shares with what the text says about a system."""
        text = " ".join(s.names)
        if s.role == "secondary":
            text += " " + self.secondary_text.get(s.key, "")
        else:
            p = next((x for x in self.passages if x.id == s.passage), None)
            text += " " + (p.text if p else "")
        if self.lang == "zh":
            grams = {line[i:i + 2] for i in range(len(line) - 1)}
            return sum(1 for g in grams if g in text and not g.isspace())
        words = {w.lower() for w in re.findall(r"[\w\-]{3,}", line)}
        return sum(1 for w in words if w in text.lower())

    def read_offsets(self) -> None:
        in_operation = any(cues.IN_OPERATION_CAPTION[self.lang].search(p.text) for p in self.passages)
        pct = self.PCT_LINE
        for p in self.chart_passages():
            for start, end, line in self.list_items(p):
                if re.match(r"^(?:N\.A\.|[\d.,]+)", line) or "MtCO2e" in line:
                    continue
                m = pct.match(line)
                name = m.group("name") if m else line
                target = self.resolve_name(p, start, start + len(name), name)
                if target is None:
                    continue
                ev = self.evidence(p, start, end, "rule:offsets/infographic")
                if m:
                    value = float(m.group("pct").replace(",", "."))
                    rule = "domestic_unlimited" if value >= 100 else "domestic_limited"
                    self.fact(target, "offset_limit_pct", f"{value:g}", ev)
                    if not self.said_international_share(target, f"{value:g}"):
                        self.fact(target, "offset_rule", rule, ev)
                else:
                    self.fact(target, "offset_rule", "none", ev)
                if in_operation:
                    self.status_votes.setdefault(target, []).append((10, "in_force", ev))

    def said_international_share(self, key: str, pct: str) -> bool:
        """The system's own paragraph already gave this share as a limit on international credits."""
        rules = {(f.relation, f.value) for f in self.out.facts if f.system == key and f.evidence.method == "rule:offsets/wording"}
        return ("offset_rule", "international") in rules and ("offset_limit_pct", pct) in rules

    def resolve_name(self, p: Passage, start: int, end: int, name: str) -> str | None:
        for candidate in (name, re.sub(r"[（(].*?[）)]", "", name), *re.findall(r"[（(]([^）)]+)[）)]", name)):
            known = self.names.get(squash(candidate))
            if known:
                return known
        m = self.item_place(p, start, end)
        if m is None:
            return None
        s = self.primary_of(m.id)
        return s.key if s else None

    # ----------------------------------------------------------- sentence facts
    def system_mentions(self, p: Passage, s_start: int, s_end: int) -> list[tuple[int, int, str]]:
        """(start, end, system key) of the systems a sentence names, in order."""
        text = p.text[s_start:s_end]
        found = []
        for name_sq, key in self.names.items():
            if len(name_sq) < 3 or name_sq.isdigit():
                continue
            for m in self.name_regex(name_sq).finditer(text):
                found.append((s_start + m.start(), s_start + m.end(), key))
        market = re.compile(cues.MARKET_WORDS[self.lang])
        for m in self.mentions[p.id]:
            if m.kind != "PLACE" or not (s_start <= m.start < s_end):
                continue
            systems = self.systems_of(m.id)
            if not systems:
                continue
            tail = p.text[m.end:s_end]
            own = self.system_of_passage(p)
            phrase = market.match(tail)
            if cues.SUPERLATIVE[self.lang].match(tail) or (phrase and cues.GROUP_WORDS[self.lang].search(phrase.group(0))):
                continue
            if phrase or (own and own.jurisdiction == m.id) or len(systems) == 1:
                target = self.primary_of(m.id)
                found.append((m.start, m.end, target.key))
        for pos, key in self.secondary_spans.get(p.id, []):
            if s_start <= pos < s_end:
                found.append((pos, pos + 1, key))
        if p.id not in self.secondary_spans:
            # Elsewhere, "plans to set up a separate ETS" speaks of the place's second system.
            for pattern in cues.SECONDARY[self.lang]:
                for m in re.finditer(pattern, text):
                    places = [x for x in self.mentions[p.id] if x.kind == "PLACE" and x.start < s_start + m.start() and x.start >= s_start]
                    second = [s for s in self.systems_of(places[-1].id) if s.role == "secondary"] if places else []
                    if second:
                        found.append((s_start + m.start(), s_start + m.start() + 1, second[0].key))
        found = sorted(set(found))
        return [f for f in found if not any(o[0] <= f[0] and f[1] <= o[1] and (o[1] - o[0]) > (f[1] - f[0]) for o in found)]

    def name_regex(self, name_sq: str) -> re.Pattern:
        """Match a squashed name in running text, allowing spaces and punctuation between characters."""
        cached = self._name_rx.get(name_sq)
        if cached is None:
            parts = [re.escape(ch) for ch in name_sq]
            body = r"[\s\W_]*".join(parts)
            edge = r"(?<![A-Za-z0-9])" if name_sq[0].isascii() else ""
            tail = r"(?![A-Za-z0-9])" if name_sq[-1].isascii() else ""
            cached = self._name_rx[name_sq] = re.compile(edge + body + tail, re.I)
        return cached

    def subject(self, p: Passage, mentions, pos: int, default: str | None) -> str | None:
        before = [key for start, end, key in mentions if start <= pos]
        if before:
            return before[-1]
        return default

    def sentence_facts(self) -> None:
        for p in self.passages:
            own = self.system_of_passage(p)
            if own is None and p.section in ("front", "foreword", "about", "infographics/prices"):
                continue
            in_review = own is not None
            for sent in p.sentences:
                s0 = p.text.find(sent.text)
                if s0 < 0:
                    continue
                s1 = s0 + len(sent.text)
                mentions = self.system_mentions(p, s0, s1)
                mentions = [m for m in mentions if self.out.systems.get(m[2])]
                if p.id in self.group_passages:
                    mentions = self.group_mentions(p, s0, s1, mentions)
                default = own.key if own else None
                self.out.mentioned.setdefault(p.id, []).extend(k for *_, k in mentions)
                self.out.mentioned[p.id].extend(
                    self.primary_of(m.id).key for m in self.mentions[p.id]
                    if m.kind == "PLACE" and s0 <= m.start < s1 and self.primary_of(m.id))
                if not in_review and not mentions:
                    continue
                self.start_years(p, s0, s1, mentions, default)
                self.sectors(p, s0, s1, mentions, default)
                self.linkages(p, s0, s1, mentions, default)
                self.international(p, s0, s1)
                if in_review:
                    self.design_and_status(p, s0, s1, mentions, own)

    def group_mentions(self, p: Passage, s0: int, s1: int, mentions):
        """In a paragraph about a group of pilots, each named place is a member system.

        The place the heading names ("China regional pilots") is the group's
        country, not a member.
        """
        out = list(mentions)
        parents = {m.id for m in self.mentions[p.id] if m.kind == "PLACE" and m.end <= len(p.heading)}
        for m in self.mentions[p.id]:
            if m.kind == "PLACE" and s0 <= m.start < s1 and m.id not in parents:
                existing = [s for s in self.systems_of(m.id) if s.role != "member"]
                if existing:
                    continue
                sysm = self.add_member(m.id, m.text, p)
                out.append((m.start, m.end, sysm.key))
        return sorted(out)

    def evidence(self, p: Passage, start: int, end: int, method: str) -> Evidence:
        o_start, o_end = Clean(p.text, p.origin).span(start, end)
        return Evidence(self.doc, o_start, o_end, p.text[start:end], method)

    def fact(self, system: str, relation: str, value: str, ev: Evidence) -> None:
        self.out.facts.append(Fact(system, relation, value, ev))

    def start_years(self, p, s0, s1, mentions, default) -> None:
        text = p.text[s0:s1]
        table = cues.START_EN if self.lang == "en" else cues.START_ZH
        veto = cues.START_VETO[self.lang]
        for when, rx in table:
            for m in re.finditer(rx, text):
                clause = re.split(r"(?:19|20)\d\d|[。；;]|\.\s", text[m.end():])[0]
                if veto.search(text[m.start():m.end()] + clause[:45]) or cues.START_PREFIX_VETO[self.lang].search(text[max(0, m.start() - 40):m.start()]):
                    continue
                subj = self.subject(p, mentions, s0 + m.start("date"), default)
                if subj is None:
                    subj = next((k for a, b, k in mentions if s0 + m.start() <= a < s0 + m.end()), None)
                if subj is None:
                    continue
                soft = bool(cues.START_SOFT[self.lang].search(m.group(0)))
                value = self.date(m.group("date"))
                deadline = text[m.end("date"):m.end("date") + 1] == "前" or re.search(r"\bby\s+\S+\s+\S+$", text[:m.end("date")])
                if deadline:
                    value = value[:4]
                self.start_candidates.append((subj, when, soft, value,
                                              self.evidence(p, s0, s1, f"rule:start_year/{when}")))

    def date(self, raw: str) -> str:
        if self.lang == "zh":
            m = re.match(r"(\d{4})(?:财)?年?(?:(\d{1,2})月)?", raw)
            year, month = m.group(1), m.group(2)
        else:
            m = re.match(rf"(?:({cues.MONTH_EN})\s+)?(\d{{4}})", raw)
            month = cues.MONTHS_EN[m.group(1).lower()] if m.group(1) else None
            year = m.group(2)
        return f"{year}-{int(month):02d}" if month else year

    def sectors(self, p, s0, s1, mentions, default) -> None:
        text = p.text[s0:s1]
        cover = re.compile(cues.COVER[self.lang])
        veto = cues.COVER_VETO[self.lang]
        clause_end = re.compile(r"[;；。]|,\s+(?:while|but|which)\b|，(?:而|但)|\bbut\b")
        before_not, after_not = cues.SECTOR_NOT[self.lang]
        for m in self.mentions[p.id]:
            if m.kind != "SECTOR" or not (s0 <= m.start < s1):
                continue
            if before_not.search(p.text[max(0, m.start - 12):m.start]) or after_not.match(p.text[m.end:m.end + 14]):
                continue
            rel = m.start - s0
            cues_before = [c for c in cover.finditer(text[:rel]) if not clause_end.search(text[c.end():rel])]
            after = re.match(cues.COVER_AFTER[self.lang], text[m.end - s0:])
            if not cues_before and not after:
                continue
            cue = cues_before[-1] if cues_before else m
            cue_start = cue.start() if cues_before else rel
            window = text[max(0, cue_start - 40):rel] + (after.group(0) if after and not cues_before else "")
            if veto.search(window) or cues.COVER_SENTENCE_VETO[self.lang].search(text):
                continue
            if cues_before:
                subj = self.relative_clause_head(p, mentions, m.end, s1) or self.subject(p, mentions, s0 + cue_start, default)
            else:
                subj = default or self.subject(p, mentions, s0 + cue_start, None)
            if subj is None:
                continue
            self.fact(subj, "sector", m.id, self.evidence(p, s0, s1, "rule:sector/coverage"))

    def relative_clause_head(self, p, mentions, pos: int, s1: int) -> str | None:
        """Chinese puts the clause before its noun: "覆盖建筑……的独立碳市场（欧盟碳市场2）"."""
        if self.lang != "zh":
            return None
        for a, b, key in mentions:
            if pos <= a < s1:
                between = p.text[pos:a]
                if "的" in between and not re.search(r"[，。；]", between):
                    return key
                return None
        return None

    def linkages(self, p, s0, s1, mentions, default) -> None:
        """Linked or planned linkage between the sentence's subject and the other systems it names.

        A planned linkage is stated both ways only when the sentence joins the
        two names ("linking A and B", "A与B的连接"); "Pennsylvania ... linkage
        with RGGI" says nothing of RGGI's plans.
        """
        text = p.text[s0:s1]
        m = re.search(cues.LINK_PLANNED[self.lang], text)
        if m is None:
            return
        ended = bool(cues.LINK_ENDED[self.lang].search(text))
        planned = not ended and (bool(cues.LINK_PLANNED_CONTEXT[self.lang].search(text))
                                 or not re.search(cues.LINKED[self.lang], m.group(0)))
        before = [k for a, b, k in mentions if a < s0 + m.start()]
        if self.lang == "en":
            subj = before[-1] if before else default
        else:
            subj = default or (before[0] if before else None)
        partners = list(dict.fromkeys(k for *_, k in mentions if k != subj))
        if subj is None or not partners:
            return
        joined = set()
        for (a1, b1, k1), (a2, b2, k2) in zip(mentions, mentions[1:]):
            if re.fullmatch(cues.NAME_JOINER[self.lang], p.text[b1:a2]):
                joined |= {k1, k2}
        ev = self.evidence(p, s0, s1, "rule:linkage/" + ("ended" if ended else "planned" if planned else "linked"))
        for k in partners:
            if ended:
                self.fact(subj, "linkage_ended", k, ev)
                self.fact(k, "linkage_ended", subj, ev)
            elif planned:
                self.fact(subj, "linkage_planned", k, ev)
                if subj in joined and k in joined:
                    self.fact(k, "linkage_planned", subj, ev)
            else:
                self.fact(subj, "linked_with", k, ev)
                self.fact(k, "linked_with", subj, ev)

    def international(self, p, s0, s1) -> None:
        text = p.text[s0:s1]
        for m in re.finditer(cues.INTERNATIONAL[self.lang], text):
            who = m.group("who") or m.group("who2")
            start = s0 + m.start("who" if m.group("who") else "who2")
            for men in self.mentions[p.id]:
                if men.kind == "PLACE" and start <= men.start < start + len(who):
                    target = self.primary_of(men.id)
                    if target:
                        self.fact(target.key, "offset_rule", "international", self.evidence(p, s0, s1, "rule:offsets/international"))

    def design_and_status(self, p, s0, s1, mentions, own) -> None:
        """Design, level, offset and status wording of a paragraph, for its own system and a second one it introduces."""
        text = p.text[s0:s1]
        seconds = {k for *_, k in mentions if self.out.systems[k].role == "secondary" and self.out.systems[k].passage == p.id}
        for key in seconds | {own.key}:
            for design, rx in cues.DESIGN[self.lang]:
                if re.search(rx, text, re.I if self.lang == "en" else 0):
                    self.design_votes.setdefault(key, []).append((design, self.evidence(p, s0, s1, "rule:design")))
            for level, rx in cues.LEVEL_WORDS[self.lang]:
                if re.search(rx, text):
                    self.level_votes.setdefault(key, (level, self.evidence(p, s0, s1, "rule:level/wording")))
            for rule, rx in cues.OFFSET_SENTENCES[self.lang]:
                for m in re.finditer(rx, text):
                    ev = self.evidence(p, s0, s1, "rule:offsets/wording")
                    self.fact(key, "offset_rule", rule, ev)
                    if m.groupdict().get("pct"):
                        self.fact(key, "offset_limit_pct", f"{float(m.group('pct')):g}", ev)
            for rank, (status, rx) in enumerate(cues.STATUS[self.lang]):
                if re.search(rx, text):
                    self.status_votes.setdefault(key, []).append((5 - rank, status, self.evidence(p, s0, s1, "rule:status/wording")))

    # ------------------------------------------------------------- conclusions
    def conclude(self) -> None:
        order = {"intensity": 0, "hybrid": 1, "cap_and_trade": 2}
        for key, votes in self.design_votes.items():
            design, ev = min(votes, key=lambda v: order[v[0]])
            self.fact(key, "design", design, ev)
        for key, sysm in self.out.systems.items():
            votes = self.status_votes.get(key, [])
            if votes:
                weight, status, ev = max(votes, key=lambda v: v[0])
                first_para = [v for v in votes if v[2].method == "rule:status/wording"]
                if weight < 10 and first_para:
                    weight, status, ev = max(first_para, key=lambda v: v[0])
                self.fact(key, "status", status, ev)
                sysm_status = status
            else:
                sysm_status = ""
            self.start_year_for(key, sysm_status)
            level = self.level_of_place.get(sysm.jurisdiction)
            members = [self.level_of_place[m] for m in self.member_places.get(key, []) if m in self.level_of_place]
            if not level and members and len({lv for lv, _ in members}) == 1:
                level = members[0]
            level = level or self.level_votes.get(key)
            if level:
                self.fact(key, "level", level[0], level[1])
            elif sysm.passage:
                p = next(x for x in self.passages if x.id == sysm.passage)
                self.fact(key, "level", sysm.level_hint or "national", self.evidence(p, *self.heading_span(p, sysm), "rule:level/heading"))

    def start_year_for(self, key: str, status: str) -> None:
        cands = [c for c in self.start_candidates if c[0] == key]
        if status == "in_force":
            usable = [c for c in cands if c[1] == "past"]
        else:
            usable = [c for c in cands if not c[2]]
        if not usable:
            return
        rank = {"past": 0, "future": 1}
        best = sorted(usable, key=lambda c: (c[2], rank[c[1]]))[0]
        self.fact(key, "start_year", best[3], best[4])

    def run(self) -> DocumentFacts:
        self.find_review_systems()
        self.add_minted_mentions()
        self.find_secondary_systems()
        for p in self.passages:
            for pos, key in self.secondary_spans.get(p.id, []):
                self.secondary_text[key] = self.secondary_text.get(key, "") + p.text[pos:pos + 160]
        self.read_map()
        self.read_chart_names()
        self.name_systems()
        self.read_levels()
        self.sentence_facts()
        self.read_offsets()
        self.conclude()
        self.add_jurisdiction_facts()
        return self.out

    def heading_span(self, p: Passage, sysm: ExtractedSystem) -> tuple[int, int]:
        """Where the text names the system's place: the paragraph heading, else its line in a list."""
        if p.heading:
            return 0, len(p.heading)
        at = p.text.find(sysm.jurisdiction_name)
        if at >= 0:
            return at, at + len(sysm.jurisdiction_name)
        return 0, min(len(p.text), 60)

    def add_jurisdiction_facts(self) -> None:
        by_id = {p.id: p for p in self.passages}
        for key, s in self.out.systems.items():
            p = by_id.get(s.passage)
            if p is None:
                continue
            self.fact(key, "jurisdiction", s.jurisdiction, self.evidence(p, *self.heading_span(p, s), "rule:jurisdiction/heading"))
