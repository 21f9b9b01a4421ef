"""Translation of an understood question into SPARQL over the ets: ontology.

Every query reads the merged default graph with the predeclared prefixes
(``ets:``, ``sys:``, ``ets-status:`` ...; see docs/graph-model.md), so the
text shown to the user runs as is with ``etskg query``. A ``Plan`` holds
the query and, for citations, which variables bind the object of which
property for ``?system``: the evidence of exactly those facts is then read
from their ``ets:Assertion`` nodes (``evidence_query``).

Slots become graph patterns:

- start year: ``ets:startYear`` compared on its first four characters (a
  year or a year-month), or on the whole value for a month;
- status, level, design, region, sector, offset rule: ``VALUES`` over the
  SKOS concepts (``ets-status:in_force`` ...) or the region slug;
- offset limit: ``ets:offsetLimitPct`` compared as a decimal;
- linkage: ``ets:linkedWith`` (stored both ways) or ``ets:linkagePlanned``
  in either direction;
- "pilot": the system's label says so, or the evidence of its start year
  ("a pilot phase to start in 2026");
- a place ("Canadian", "US", "Chinese"): the system's jurisdiction is that
  place, or a passage that describes or mentions it has a heading that
  qualifies the place ("Alberta (Canada)", "China regional pilots").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import Lexicon
from .question import Question

PROPERTY = {
    "start_year": "ets:startYear", "offset_limit_pct": "ets:offsetLimitPct", "offset_rule": "ets:offsetRule",
    "status": "ets:status", "design": "ets:design", "level": "ets:level", "jurisdiction": "ets:jurisdiction",
    "sector": "ets:coversSector", "linked_with": "ets:linkedWith", "linkage_planned": "ets:linkagePlanned",
}
LINK_ENDED = "ets:linkageEnded"  # not a relation of the current view: a document's statement that a link ended
SCHEME_PREFIX = {"status": "ets-status", "level": "ets-level", "design": "ets-design", "sector": "ets-sector",
                 "offset_rule": "ets-offset"}
_NAMESPACES = {"https://etskg.org/id/system/": "sys:", "https://etskg.org/id/jurisdiction/": "jur:"}
_PREFIXED_LOCAL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_\-]*$")


@dataclass
class Plan:
    sparql: str
    cite: dict[str, str] = field(default_factory=dict)  # variable -> property whose fact about ?system it binds


def term(iri: str) -> str:
    """An IRI written with its prefix when it has a plain local name, else in angle brackets."""
    for namespace, prefix in _NAMESPACES.items():
        if iri.startswith(namespace) and _PREFIXED_LOCAL.match(iri[len(namespace):]):
            return prefix + iri[len(namespace):]
    return f"<{iri}>"


def literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _values(var: str, items) -> str:
    return f"VALUES {var} {{ {' '.join(items)} }}"


def _concepts(scheme: str, values) -> list[str]:
    return [f"{SCHEME_PREFIX[scheme]}:{v}" for v in sorted(values)]


def _year_filter(q: Question) -> str:
    s = q.slots
    if s.year_op == "between" and len(s.years) >= 2:
        low, high = sorted({s.years[0][0], s.years[1][0]})
        return f"FILTER(xsd:integer(SUBSTR(STR(?start), 1, 4)) >= {low} && xsd:integer(SUBSTR(STR(?start), 1, 4)) <= {high})"
    if s.year_op != "=":
        return f"FILTER(xsd:integer(SUBSTR(STR(?start), 1, 4)) {s.year_op} {s.years[0][0]})"
    if all(month for _, month in s.years):
        return f"FILTER(STR(?start) IN ({', '.join(literal(f'{y}-{m:02d}') for y, m in s.years)}))"
    years = sorted({str(y) for y, _ in s.years})
    return f"FILTER(SUBSTR(STR(?start), 1, 4) IN ({', '.join(literal(y) for y in years)}))"


def _place_regex(names: list[str]) -> list[tuple[str, str]]:
    """(regex, flags) pairs matching a place name inside a heading: whole words for latin names."""
    folded, exact = [], []
    for name in sorted(set(names), key=len, reverse=True):
        escaped = re.escape(name)
        if re.search(r"[\u3400-\u9fff]", name):
            folded.append(escaped)
        elif len(name) <= 2:
            exact.append(rf"(^|\P{{L}}){escaped}(\P{{L}}|$)")
        else:
            folded.append(rf"(^|\P{{L}}){escaped}(\P{{L}}|$)")
    out = []
    if folded:
        out.append(("|".join(folded), "i"))
    if exact:
        out.append(("|".join(exact), ""))
    return out


def _place_filter(places: list[str], lexicon: Lexicon) -> str:
    alternatives = []
    for n, key in enumerate(places):
        names = lexicon.place_names.get(key, [])
        if key in lexicon.entities:
            alternatives.append(f"EXISTS {{ ?system ets:jurisdiction {term(key)} }}")
            inner = lexicon.inside(key)
            if inner:  # "China's pilots": systems of its provinces and cities
                alternatives.append(f"EXISTS {{ ?system ets:jurisdiction ?within{n} "
                                    f"VALUES ?within{n} {{ {' '.join(term(j) for j in inner)} }} }}")
        tests = [f"REGEX(?heading{n}, {literal(rx)}, {literal(flags)})" for rx, flags in _place_regex(names)]
        if not tests:
            continue
        exact = ", ".join(literal(x) for x in sorted(set(names)))
        # The heading of the system's own paragraph ("Alberta (Canada)": one its jurisdiction's name opens),
        # or of a paragraph about a group that mentions it ("China regional pilots"); not another place's
        # paragraph ("California (USA)" describes Québec too) nor the place's own ("Canada").
        alternatives.append(
            f"EXISTS {{ {{ ?system ets:describedIn ?passage{n} ; ets:jurisdiction/(rdfs:label|skos:altLabel) "
            f"?own{n} . ?passage{n} ets:heading ?ownHeading{n} "
            f"FILTER(STRSTARTS(LCASE(?ownHeading{n}), LCASE(STR(?own{n})))) }}\n"
            f"           UNION {{ ?passage{n} ets:mentions ?system ; ets:heading ?group{n} "
            f"FILTER(!REGEX(?group{n}, \"[(（]\")) }}\n"
            f"           ?passage{n} ets:heading ?heading{n} .\n"
            f"           FILTER(({' || '.join(tests)}) && ?heading{n} NOT IN ({exact})) }}")
    return "FILTER(" + "\n      || ".join(alternatives) + ")" if alternatives else ""


# A pilot by its name, by its start's sentence ("a pilot phase to start in 2026"), or, below the national
# level, by a sentence that states another of its facts and calls it one ("广东试点覆盖航空…"; a national
# market's sentence speaks of the pilots before it, "在试点基础上建立"), in simplified or traditional characters.
_PILOT = """FILTER(EXISTS { ?system rdfs:label|skos:altLabel ?name FILTER(CONTAINS(LCASE(STR(?name)), "pilot") || CONTAINS(STR(?name), "试点") || CONTAINS(STR(?name), "試點")) }
      || EXISTS { ?startFact rdf:subject ?system ; rdf:predicate ets:startYear ; ets:evidenceText ?startText
                  FILTER(CONTAINS(LCASE(?startText), "pilot") || CONTAINS(?startText, "试点")) }
      || EXISTS { ?pilotFact rdf:subject ?system ; ets:evidenceText ?pilotText
                  FILTER(CONTAINS(LCASE(?pilotText), "pilot") || CONTAINS(?pilotText, "试点") || CONTAINS(?pilotText, "試點"))
                  FILTER NOT EXISTS { ?system ets:level ?pilotLevel FILTER(REGEX(STR(?pilotLevel), "[/#](supra)?national$")) } })"""


class _Facts:
    """Writes one fact pattern ``s p o``: a triple of the default graph (the current view) or, for a
    question about an earlier date (``Question.as_of``), the statement of the latest document dated by
    then that speaks of ``s p`` at all (the view of kg/views.py, read from the documents' graphs)."""

    def __init__(self, as_of: str):
        self.as_of, self.n = as_of, 0

    def _dated(self, pattern: str, d: str, date: str) -> str:
        return (f"GRAPH ?g{d} {{ {pattern} ?{d} a ets:Document . OPTIONAL {{ ?{d} dcterms:issued ?{date} }} }}\n"
                f"  FILTER(COALESCE(STR(?{date}), \"\") <= {literal(self.as_of)})")

    def _superseded(self, pattern: str, n: int) -> str:
        return (f"FILTER NOT EXISTS {{ GRAPH ?h{n} {{ {pattern} ?e{n} a ets:Document ; dcterms:issued ?later{n} }}\n"
                f"    FILTER(STR(?later{n}) <= {literal(self.as_of)} && STR(?later{n}) > COALESCE(STR(?date{n}), \"\")) }}")

    def __call__(self, s: str, p: str, o: str) -> str:
        if not self.as_of:
            return f"{s} {p} {o} ."
        self.n += 1
        n = self.n
        if p == PROPERTY["linked_with"]:
            # A link is decided by the latest document that says the pair is linked or that the link ended.
            either = f"{{ {s} {p} {o} }} UNION {{ {o} {p} {s} }}"
            ended = f"{{ {s} ets:linkageEnded {o} }} UNION {{ {o} ets:linkageEnded {s} }}"
            return self._dated(either, f"d{n}", f"date{n}") + "\n  " + self._superseded(ended, n)
        return (self._dated(f"{s} {p} {o} .", f"d{n}", f"date{n}") + "\n  "
                + self._superseded(f"{s} {p} ?other{n} .", n))


def _patterns(q: Question, lexicon: Lexicon, link: str, only: list[str] | None = None) -> tuple[list[str], dict[str, str]]:
    """Graph patterns on ?system (among ``only`` if given) for the question's slots, and the variables to cite."""
    s = q.slots
    fact = _Facts(q.as_of)
    lines = [_values("?system", [term(i) for i in only])] if only else []
    lines.append("?system a ets:System .")
    cite: dict[str, str] = {}

    def concept(var: str, relation: str, values) -> None:
        lines.append(f"{fact('?system', PROPERTY[relation], var)} {_values(var, _concepts(relation, values))}")
        cite[var] = PROPERTY[relation]

    if s.years:
        lines.append(f"{fact('?system', 'ets:startYear', '?start')} {_year_filter(q)}")
        cite["?start"] = PROPERTY["start_year"]
    if s.statuses:
        concept("?status", "status", s.statuses)
    if s.levels:
        concept("?level", "level", s.levels)
    if s.designs:
        concept("?design", "design", s.designs)
    if s.regions:
        lines.append(_region_filter(s.regions, lexicon, fact))
    if s.sectors_any:
        concept("?sector", "sector", s.sectors)
    else:
        for n, sector in enumerate(s.sectors):
            concept(f"?sector{n}" if n else "?sector", "sector", [sector])
    if s.offset == "any":
        lines.append(f"{fact('?system', 'ets:offsetRule', '?offsetRule')} FILTER(?offsetRule != ets-offset:none)")
        cite["?offsetRule"] = PROPERTY["offset_rule"]
    elif s.offset:
        rules = {"none": ["none"], "international": ["international"], "unlimited": ["domestic_unlimited"],
                 "domestic": ["domestic_limited", "domestic_unlimited"]}[s.offset]
        concept("?offsetRule", "offset_rule", rules)
    if s.offset_pct is not None:
        test = (f"?offsetLimit >= {s.offset_pct} && ?offsetLimit <= {s.offset_pct_high}" if s.offset_pct_op == "between"
                else f"?offsetLimit {s.offset_pct_op} {s.offset_pct}")
        lines.append(f"{fact('?system', 'ets:offsetLimitPct', '?offsetLimit')} FILTER({test})")
        cite["?offsetLimit"] = PROPERTY["offset_limit_pct"]
    elif q.order_by == "offset_limit_pct":
        lines.append(fact("?system", "ets:offsetLimitPct", "?offsetLimit"))
        cite["?offsetLimit"] = PROPERTY["offset_limit_pct"]
    if q.order_by == "start_year" and not s.years:
        lines.append(fact("?system", "ets:startYear", "?start"))
        cite["?start"] = PROPERTY["start_year"]
    if s.pilot:
        lines.append(_PILOT)
        umbrellas = lexicon.umbrellas
        if umbrellas:
            # "China's pilots" are the markets of its provinces and cities: the national market above them
            # carries their name ("China pilots") and its sentences speak of them, but is none of them. A
            # national market with no market below it may be a pilot itself (a country's pilot phase).
            lines.append(f"FILTER(?system NOT IN ({', '.join(term(i) for i in umbrellas)}))")
    if link == "linked":
        lines.append(f"{fact('?system', 'ets:linkedWith', '?linked')} FILTER(?linked != ?system)")
        if q.link_to:
            lines.append(_values("?linked", [term(i) for i in q.link_to]))
        if s.partner_levels:
            lines.append(f"?linked ets:level ?partnerLevel {_values('?partnerLevel', _concepts('level', s.partner_levels))}")
        cite["?linked"] = PROPERTY["linked_with"]
    elif link == "planned":
        lines.append(f"{{ {fact('?system', 'ets:linkagePlanned', '?planned')} }} UNION {{ {fact('?planned', 'ets:linkagePlanned', '?system')} }}")
        if q.link_to:
            lines.append(_values("?planned", [term(i) for i in q.link_to]))
        if s.partner_levels:
            lines.append(f"?planned ets:level ?partnerLevel {_values('?partnerLevel', _concepts('level', s.partner_levels))}")
        cite["?planned"] = PROPERTY["linkage_planned"]
    elif link == "ended":
        # An ended link is stated in the documents' graphs only (the current view drops the link itself).
        lines.append("{ GRAPH ?endedIn { ?system ets:linkageEnded ?ended } } UNION "
                     "{ GRAPH ?endedIn { ?ended ets:linkageEnded ?system } } FILTER(?ended != ?system)")
        if q.link_to:
            lines.append(_values("?ended", [term(i) for i in q.link_to]))
        cite["?ended"] = LINK_ENDED
    if link and q.link_to and not only:
        # "linked with the California–Québec market": the markets named as the other end are not among those asked
        # for, though each is linked with the other.
        lines.append(f"FILTER(?system NOT IN ({', '.join(term(i) for i in q.link_to)}))")
    for n, name in enumerate(q.named):
        tests = " || ".join(f"REGEX(STR(?named{n}), {literal(rx)}, \"i\")" for rx, _ in _place_regex([name]))
        lines.append(f"FILTER(EXISTS {{ ?system rdfs:label|skos:altLabel ?named{n} FILTER({tests}) }})")
    place = _place_filter(q.places, lexicon)
    if place:
        lines.append(place)
    if q.excluded:
        # "apart from X and Y": a system named, or any system of a jurisdiction named ("apart from Mexico").
        out = [term(i) for i in q.excluded]
        lines.append(f"FILTER(?system NOT IN ({', '.join(out)})) "
                     f"FILTER NOT EXISTS {{ ?system ets:jurisdiction ?out {_values('?out', out)} }}")
    return lines, cite


def _region_filter(regions: set[str], lexicon: Lexicon, fact) -> str:
    """A report region is the system's section (``ets:region``); a part of the world ("area/142", Asia) is
    where its jurisdiction lies, by the gazetteer: "systems in Asia" then reaches any store."""
    from ingest.vocab import areas

    sections = sorted(r for r in regions if not r.startswith("area/"))
    codes = frozenset(c for r in regions if r.startswith("area/") for c in areas()[r[5:]].codes)
    if not codes:
        return f"{fact('?system', 'ets:region', '?region')} {_values('?region', [literal(r) for r in sections])}"
    tests = [f"EXISTS {{ ?system ets:jurisdiction ?area VALUES ?area {{ {' '.join(term(j) for j in lexicon.in_countries(codes))} }} }}"]
    if sections:
        tests.append(f"EXISTS {{ {fact('?system', 'ets:region', '?region')} {_values('?region', [literal(r) for r in sections])} }}")
    return f"FILTER({' || '.join(tests)})"


def _where(lines: list[str]) -> str:
    return "WHERE {\n  " + "\n  ".join(lines) + "\n}"


def list_plan(q: Question, lexicon: Lexicon, link: str = "", only: list[str] | None = None) -> Plan:
    """The systems that satisfy the question, with the values that made them match."""
    lines, cite = _patterns(q, lexicon, link, only)
    head = " ".join(["?system", *cite])
    order = ""
    if q.order_by == "start_year":
        order = "\nORDER BY STR(?start) ?system"
    elif q.order_by == "offset_limit_pct":
        order = "\nORDER BY DESC(?offsetLimit) ?system" if q.order == "desc" else "\nORDER BY ?offsetLimit ?system"
    return Plan(f"SELECT DISTINCT {head} {_where(lines)}{order}", cite)


def count_plan(q: Question, lexicon: Lexicon, link: str = "") -> Plan:
    lines, _ = _patterns(q, lexicon, link)
    return Plan(f"SELECT (COUNT(DISTINCT ?system) AS ?count) {_where(lines)}")


def attribute_plan(q: Question, relation: str) -> Plan:
    """One property of the subject systems."""
    prop = PROPERTY[relation]
    lines = [_values("?system", [term(s) for s in q.subjects]), _Facts(q.as_of)("?system", prop, "?value")]
    order = "STR(?value)" if relation == "start_year" else "?value"
    return Plan(f"SELECT ?system ?value {_where(lines)}\nORDER BY ?system {order}", {"?value": prop})


def sector_count_plan(q: Question) -> Plan:
    lines = [_values("?system", [term(s) for s in q.subjects]), "?system ets:coversSector ?sector ."]
    return Plan(f"SELECT ?system (COUNT(DISTINCT ?sector) AS ?count) {_where(lines)}\nGROUP BY ?system")


def check_plan(q: Question, lexicon: Lexicon) -> Plan:
    """Whether the subject systems satisfy the question's slots (ASK)."""
    lines, cite = _patterns(q, lexicon, q.link, q.subjects)
    return Plan(f"ASK {_where(lines)}", cite)


def describe_plan(q: Question, properties: list[str] | None = None) -> Plan:
    """The subject systems' facts: every property, or only ``properties``."""
    wanted = sorted(properties or PROPERTY.values())
    lines = [_values("?system", [term(s) for s in q.subjects])]
    link = PROPERTY["linked_with"]
    if q.as_of and link in wanted:
        # At an earlier date a link has its own rule (an ended link ends it), so it is read apart.
        fact = _Facts(q.as_of)
        others = [p for p in wanted if p != link]
        lines.append(f"{{ {_values('?property', others)}\n  {fact('?system', '?property', '?value')} }}\n"
                     f"  UNION {{ BIND({link} AS ?property)\n  {fact('?system', link, '?value')} }}")
    else:
        lines += [_values("?property", wanted), _Facts(q.as_of)("?system", "?property", "?value")]
    return Plan(f"SELECT ?system ?property ?value {_where(lines)}\nORDER BY ?system ?property ?value",
                {"?value": "?property"})


def evidence_query(pairs: set[tuple[str, str]], method: bool = False) -> str:
    """Assertions about (system IRI, property) pairs: the sentences that state them, per document, and
    with ``method`` the extraction rule of each (``ets:method``)."""
    rows = " ".join(f"({term(s)} {p})" for s, p in sorted(pairs))
    how = (" ?method", " ; ets:method ?method") if method else ("", "")
    return f"""SELECT ?s ?p ?o ?doc ?start ?end ?text{how[0]} WHERE {{
  VALUES (?s ?p) {{ {rows} }}
  ?a a ets:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
     prov:wasDerivedFrom ?d ; ets:start ?start ; ets:end ?end ; ets:evidenceText ?text{how[1]} .
  ?d dcterms:identifier ?doc .
}}"""


def history_query(subjects: list[str], properties: list[str]) -> str:
    """Every dated statement of ``properties`` (all the graph's relations if empty) about ``subjects``
    (any system if empty), with its document, date and sentence: what a change or history answer reads."""
    lines = []
    if subjects:
        lines.append(_values("?system", [term(s) for s in subjects]))
    if properties:
        lines.append(_values("?property", properties))
    return ("SELECT ?system ?property ?value ?date ?doc ?text WHERE {\n  " + "\n  ".join(lines) + ("\n  " if lines else "")
            + "?a a ets:Assertion ; rdf:subject ?system ; rdf:predicate ?property ; rdf:object ?value ;\n"
              "     prov:wasDerivedFrom ?d ; ets:evidenceText ?text .\n"
              "  ?d dcterms:identifier ?doc . OPTIONAL { ?d dcterms:issued ?date }\n"
              "} ORDER BY ?system ?property ?date ?doc")
