"""Example analyst queries offered by the SPARQL editor, titled in both languages.

They are written with the predeclared prefixes (``kg.namespaces.PREFIXES``)
and offered with the PREFIX lines they need (``kg.query.declare_prefixes``),
so that a copied example runs on any SPARQL endpoint holding the same data;
tests run every one against the bundled report's graph.
"""
from __future__ import annotations

from dataclasses import dataclass

from kg.query import declare_prefixes


@dataclass(frozen=True)
class Example:
    key: str
    en: str
    zh: str
    query: str


_WRITTEN = [
    Example("in-force", "Systems in force, with both names", "实施中的碳市场（中英文名称）", """\
SELECT ?system ?en ?zh WHERE {
  ?system a ets:System ; ets:status ets-status:in_force .
  OPTIONAL { ?system rdfs:label ?en FILTER(lang(?en) = "en") }
  OPTIONAL { ?system rdfs:label ?zh FILTER(lang(?zh) = "zh") }
} ORDER BY ?en"""),
    Example("status-count", "How many systems per status", "各状态的碳市场数量", """\
SELECT ?status ?label (COUNT(?s) AS ?systems) WHERE {
  ?s a ets:System ; ets:status ?status .
  ?status skos:prefLabel ?label FILTER(lang(?label) = "en")
} GROUP BY ?status ?label ORDER BY DESC(?systems)"""),
    Example("international-offsets", "Systems that accept international offsets", "接受国际抵消的碳市场", """\
SELECT ?system ?en ?zh WHERE {
  ?system a ets:System ; ets:offsetRule ets-offset:international .
  OPTIONAL { ?system rdfs:label ?en FILTER(lang(?en) = "en") }
  OPTIONAL { ?system rdfs:label ?zh FILTER(lang(?zh) = "zh") }
} ORDER BY ?en"""),
    Example("offset-limits", "Offset limits, highest first", "抵消上限（从高到低）", """\
SELECT ?name ?limit WHERE {
  ?s ets:offsetLimitPct ?limit ; rdfs:label ?name FILTER(lang(?name) = "en")
} ORDER BY DESC(?limit) ?name"""),
    Example("started-2021", "Systems that started in 2021", "2021 年启动的碳市场", """\
SELECT ?system ?label ?start WHERE {
  ?system ets:startYear ?start ; rdfs:label ?label .
  FILTER(lang(?label) = "en" && SUBSTR(STR(?start), 1, 4) = "2021")
} ORDER BY ?start"""),
    Example("start-years", "Start years, earliest first", "启动年份（由早到晚）", """\
SELECT ?name ?start WHERE {
  ?s a ets:System ; ets:startYear ?start ; rdfs:label ?name FILTER(lang(?name) = "en")
} ORDER BY ?start ?name"""),
    Example("linkages", "Linkages in force and planned", "已实现和计划中的连接", """\
SELECT ?a ?relation ?b WHERE {
  { ?x ets:linkedWith ?y BIND("linked with" AS ?relation) FILTER(STR(?x) < STR(?y)) }
  UNION
  { ?x ets:linkagePlanned ?y BIND("plans to link with" AS ?relation) }
  ?x rdfs:label ?a FILTER(lang(?a) = "en")
  ?y rdfs:label ?b FILTER(lang(?b) = "en")
} ORDER BY ?relation ?a"""),
    Example("sectors", "Sectors by number of systems", "各行业覆盖的碳市场数量", """\
SELECT ?sector ?zh (COUNT(?s) AS ?systems) WHERE {
  ?s ets:coversSector ?sector .
  ?sector skos:prefLabel ?zh FILTER(lang(?zh) = "zh")
} GROUP BY ?sector ?zh ORDER BY DESC(?systems) ?sector"""),
    Example("power-and-industry", "Systems covering both power and industry", "同时覆盖电力和工业的碳市场", """\
SELECT ?name WHERE {
  ?s ets:coversSector ets-sector:power , ets-sector:industry ;
     rdfs:label ?name FILTER(lang(?name) = "en")
} ORDER BY ?name"""),
    Example("by-level", "Systems by level of government", "按政府层级统计碳市场", """\
SELECT ?level (COUNT(?s) AS ?systems) (GROUP_CONCAT(?name; SEPARATOR=", ") AS ?names) WHERE {
  ?s ets:level ?level ; rdfs:label ?name FILTER(lang(?name) = "en")
} GROUP BY ?level ORDER BY DESC(?systems)"""),
    Example("by-region", "Systems in force per region", "各地区实施中的碳市场数量", """\
SELECT ?region (COUNT(?s) AS ?in_force) WHERE {
  ?s ets:status ets-status:in_force ; ets:region ?region
} GROUP BY ?region ORDER BY DESC(?in_force)"""),
    Example("evidence", "The evidence of Korea's start year, per edition", "韩国碳市场启动年份的证据（各语言版本）", """\
SELECT ?doc ?start ?end ?text WHERE {
  ?a rdf:subject sys:korea ; rdf:predicate ets:startYear ; rdf:object ?year ;
     prov:wasDerivedFrom ?d ; ets:start ?start ; ets:end ?end ; ets:evidenceText ?text .
  ?d dcterms:identifier ?doc
} ORDER BY ?doc"""),
    Example("zh-only", "Facts only the Chinese edition states", "仅中文版陈述的事实", """\
SELECT ?s ?p ?o WHERE {
  GRAPH graph:icap-2025-zh { ?a a ets:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }
  FILTER NOT EXISTS { GRAPH graph:icap-2025-en { ?s ?p ?o } }
}"""),
    Example("find-by-name", "Find a system by any name, in either language", "按任一名称查找碳市场（中英文）", """\
SELECT DISTINCT ?s ?name WHERE {
  ?s a ets:System ; rdfs:label|skos:altLabel ?name .
  FILTER(CONTAINS(LCASE(?name), "korea") || CONTAINS(?name, "韩国"))
}"""),
    Example("ask-china", "Is there a national system in force in China?", "中国是否有实施中的国家碳市场？", """\
ASK {
  ?s ets:jurisdiction jur:china ; ets:level ets-level:national ; ets:status ets-status:in_force
}"""),
    Example("describe-korea", "Everything about the Korea ETS (a graph)", "韩国碳市场的全部三元组（图）", """\
CONSTRUCT { sys:korea ?p ?o } WHERE { sys:korea ?p ?o }"""),
    # Time: the default graph is the current view; each document's graph keeps what it stated, dated
    # by dcterms:issued (docs/graph-model.md "Editions and time").
    Example("status-history", "History: every dated statement of a status, with its document",
            "历史：每份文件所述的状态及其日期", """\
SELECT ?system ?status ?date ?doc ?text WHERE {
  ?a a ets:Assertion ; rdf:subject ?system ; rdf:predicate ets:status ; rdf:object ?status ;
     prov:wasDerivedFrom ?d ; ets:evidenceText ?text .
  ?d dcterms:identifier ?doc . OPTIONAL { ?d dcterms:issued ?date }
} ORDER BY ?system ?date ?doc"""),
    Example("status-as-of", "As of a date: each system's status in the latest report published by then",
            "截至某日：各碳市场在当时最新报告中的状态", """\
SELECT DISTINCT ?system ?status ?date WHERE {
  GRAPH ?g { ?system ets:status ?status . ?d a ets:Document ; dcterms:issued ?date }
  FILTER(STR(?date) <= "2025-12-31")
  FILTER NOT EXISTS {
    GRAPH ?g2 { ?system ets:status ?other . ?d2 a ets:Document ; dcterms:issued ?date2 }
    FILTER(STR(?date2) <= "2025-12-31" && STR(?date2) > STR(?date))
  }
} ORDER BY ?system"""),
    Example("links-ended", "Links that a report says ended", "报告所述已终止的连接", """\
SELECT ?a ?b ?doc ?date WHERE {
  GRAPH ?g { ?a ets:linkageEnded ?b . ?d a ets:Document ; dcterms:identifier ?doc OPTIONAL { ?d dcterms:issued ?date } }
  FILTER(STR(?a) < STR(?b))
} ORDER BY ?date ?a"""),
]
EXAMPLES = [Example(e.key, e.en, e.zh, declare_prefixes(e.query)) for e in _WRITTEN]
