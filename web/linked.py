"""/id/..., /vocab/..., /ontology: every IRI the graph mints or uses from its own vocabulary resolves here.

Browsers get a page: a system's facts with their evidence, a
jurisdiction's systems, a passage in the context of its document, a named
graph's statements, the ontology, or for any other resource (documents,
assertions, concepts, concept schemes) its triples. Programs get the
resource's description by Accept or ``format`` (``web.negotiate``): Turtle
(default), N-Triples, N-Quads, TriG, JSON-LD with a context, or RDF/XML.

What a description holds: for most IRIs the resource's own triples plus, for
a system, the assertion nodes that give each fact's provenance; for a named
graph (``/id/graph/<doc>``) the triples in it; for the ontology
(``/ontology``, whose terms are ``/ontology#Term``) the whole ontology graph.

``/dump`` gives every quad (``kg.export.dump``) as N-Quads (default) or
TriG, for mirroring the data into another store.
"""
from __future__ import annotations

import json
import re
from urllib.parse import quote

from flask import Blueprint, Response, current_app, g, render_template, request
from werkzeug.exceptions import BadRequest, NotAcceptable, NotFound

from ingest.document import edition_key
from kg.export import DUMP_FORMATS, dump as dump_quads
from kg.namespaces import ONTOLOGY, RELATIONS, VOCAB
from kg.views import date_key
from web import negotiate
from web.i18n import label, translate
from web.present import (ID_BASE, cell, evidence_sentence, in_language, local_href, passage_id, relation_label,
                         section_label, segments, shared_sentences, value_label)

bp = Blueprint("linked", __name__)

HTML_ROWS = 1000  # triples listed on a page; the RDF formats carry all of them
# Unreserved characters and whole percent escapes: a lone '%' is not an IRI
# (Oxigraph refuses it, which was a 500 with a traceback per request).
_SAFE_IRI = re.compile(r"(?:[A-Za-z0-9\-._~:/]|%[0-9A-Fa-f]{2})+")
_DESCRIBE = """
CONSTRUCT {{ <{iri}> ?p ?o . ?a ?ap ?ao }} WHERE {{
  {{ <{iri}> ?p ?o }} UNION {{ ?a rdf:subject <{iri}> ; ?ap ?ao }}
}}"""
_GRAPH = "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
_GRAPH_ROWS = "SELECT ?s ?p ?o WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }} ORDER BY ?s ?p ?o LIMIT {limit}"


def _view():
    return current_app.extensions["etskg"].view()


def _iri(base: str, path: str) -> str:
    local = quote(path, safe=":-._~/%")
    if not _SAFE_IRI.fullmatch(local):
        raise NotFound(f"no resource {local_href(base + path)}")
    return base + local


def _is_graph(iri: str) -> bool:
    return iri == str(ONTOLOGY) or iri in _view().stats["named_graphs"]


@bp.route("/id/<path:path>", methods=["GET"])
def resource(path: str):
    return _answer(_iri(ID_BASE, path))


@bp.route("/vocab/<path:path>", methods=["GET"])
def concept(path: str):
    return _answer(_iri(VOCAB, path))


@bp.route("/ontology", methods=["GET"])
def ontology():
    return _answer(str(ONTOLOGY))


def _answer(iri: str):
    formats = request.args.getlist("format")
    accept = negotiate.accept_of(request.headers.get("Accept"))
    if not formats and negotiate.prefers_html(accept, list(negotiate.GRAPH_TYPES)):
        return page(iri)
    chosen = negotiate.choose(accept, formats, graph=True)
    result = _view().query((_GRAPH if _is_graph(iri) else _DESCRIBE).format(iri=iri), deadline=g.deadline,
                           public=False)
    if len(result) == 0:
        raise NotFound(f"the graph says nothing about <{iri}>")
    response = Response(result.body(chosen), content_type=negotiate.media_type(chosen, graph=True))
    response.vary.add("Accept")
    return response


@bp.route("/dump", methods=["GET"])
def dump():
    """Every quad, N-Quads unless TriG is asked for by ``format`` or Accept."""
    named = negotiate.named(request.args.getlist("format"), graph=True)
    offered = {negotiate.GRAPH_MEDIA[f]: f for f in DUMP_FORMATS}
    if named in DUMP_FORMATS:
        chosen = named
    else:
        accept = negotiate.accept_of(request.headers.get("Accept"))
        best = accept.best_match(list(offered)) if accept else next(iter(offered))
        if best is None:
            raise NotAcceptable("the dump is available as " + ", ".join(offered))
        chosen = offered[best]
    view = _view()
    response = Response(dump_quads(view.gen, chosen), content_type=negotiate.media_type(chosen, graph=True))
    extension = negotiate.EXTENSIONS.get((chosen, True), chosen)
    response.headers["Content-Disposition"] = f'attachment; filename="etskg-{view.name}.{extension}"'
    response.vary.add("Accept")
    return response


def page(iri: str):
    view = _view()
    g.page = "linked"
    if iri in view.systems_by_iri:
        return render_template("system.html", **system_context(view, iri))
    entity = view.entity(iri)
    if entity is not None:
        systems = [{"label": label(s["labels"], g.lang, s["iri"]), "href": local_href(s["iri"])}
                   for s in entity["systems"]]
        return render_template("jurisdiction.html", entity=entity, name=label(entity["labels"], g.lang, iri),
                               systems=systems, data=_data_links(iri))
    if iri.startswith(ID_BASE + "passage/") and passage_id(iri) in view.passages:
        return render_template("passage.html", **passage_context(view, passage_id(iri)))
    if _is_graph(iri):
        result = view.query(_GRAPH_ROWS.format(iri=iri, limit=HTML_ROWS), deadline=g.deadline, public=False)
        rows = [(cell(r["s"]), cell(r["p"]), cell(r["o"])) for r in result.rows]
        total = view.stats["named_graphs"].get(iri) or len(rows)
        return render_template("resource.html", iri=iri, rows=rows, graph=True, total=total, data=_data_links(iri))
    result = view.query(f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }} ORDER BY ?p ?o", deadline=g.deadline, public=False)
    if not result.rows:
        raise NotFound(f"the graph says nothing about <{iri}>")
    rows = [(None, cell(r["p"]), cell(r["o"])) for r in result.rows]
    return render_template("resource.html", iri=iri, rows=rows, graph=False, total=len(rows), data=_data_links(iri))


def _data_links(iri: str) -> list[tuple[str, str]]:
    href = local_href(iri)
    links = [("Turtle", f"{href}?format=turtle"), ("JSON-LD", f"{href}?format=json-ld"),
             ("RDF/XML", f"{href}?format=rdf%2Bxml")]
    kind = iri[len(ID_BASE):].split("/", 1)[0] if iri.startswith(ID_BASE) else ""
    if kind in ("system", "jurisdiction"):
        links.append(("JSON", "/api/entities/" + iri[len(ID_BASE):]))
    return links


def system_context(view, iri: str) -> dict:
    """What the system page shows: facts with evidence sentences, related systems, data links."""
    lang = g.lang
    entity = view.entity(iri)
    row = view.systems_by_iri[iri]
    facts = []
    for fact in entity["facts"]:
        facts.append({
            "relation": fact["relation"],
            "relation_label": relation_label(fact["relation"], view.labels, lang),
            "values": [value_label(fact["relation"], fact["value"], view.labels, lang)],
            "evidence": [evidence_sentence(ev, view.passages) for ev in fact["evidence"]],
        })
    facts.sort(key=lambda f: list(RELATIONS).index(f["relation"]))
    facts = shared_sentences(facts)

    related: list[dict] = []

    def add(other: dict, why: str) -> None:
        if other["iri"] != iri and all(r["iri"] != other["iri"] for r in related):
            related.append({"iri": other["iri"], "label": label(other["labels"], lang, other["iri"]),
                            "href": local_href(other["iri"]), "why": why})

    linked, planned = (relation_label(r, view.labels, lang) for r in ("linked_with", "linkage_planned"))
    for other in row["linked_with"]:
        add(other, linked)
    for other in row["linkage_planned"]:
        add(other, planned)
    jurisdiction = row["jurisdiction"]["iri"] if row["jurisdiction"] else None
    for other in view.systems:
        if any(e["iri"] == iri for e in other["linkage_planned"]):
            add(other, planned)
    for other in view.systems:
        if jurisdiction and other["jurisdiction"] and other["jurisdiction"]["iri"] == jurisdiction:
            add(other, translate("system.same_jurisdiction", lang))
    for other in view.systems:
        if row["region"] and other["region"] == row["region"]:
            add(other, translate("system.same_region", lang))
    return {
        "entity": entity, "row": row, "name": label(entity["labels"], lang, iri),
        "other_name": entity["labels"].get("zh" if lang == "en" else "en", ""),
        "region": section_label(row["region"], lang) if row["region"] else "",
        "facts": facts, "related": related, "data": _data_links(iri),
        "summary": _summary(view, row), "timeline": _timeline(view, iri),
    }


# The summary card: the current view's answer to "where does this system stand".
_SUMMARY = (("status", "status"), ("start_year", "start_year"), ("sector", "sectors"), ("linked_with", "linked_with"),
            ("linkage_planned", "linkage_planned"), ("offset_rule", "offset_rules"),
            ("offset_limit_pct", "offset_limit_pct"))
# What the timeline follows across editions: a system's status, start, links and offset rules.
TIMELINE = ("status", "start_year", "linked_with", "linkage_ended", "linkage_planned", "offset_rule",
            "offset_limit_pct")


def _summary(view, row: dict) -> list[dict]:
    """(relation label, [(value, link)]) for the summary card, from the systems table row (the current view)."""
    lang = g.lang
    out = []
    for relation, column in _SUMMARY:
        values = row[column] if isinstance(row[column], list) else [row[column]] if row[column] else []
        out.append({"relation": relation, "label": relation_label(relation, view.labels, lang),
                    "values": [value_label(relation, v, view.labels, lang) for v in values]})
    return out


def _timeline(view, iri: str) -> list[dict]:
    """The system's dated statements of ``TIMELINE`` relations, latest edition first.

    One entry per date and publication (its language versions together);
    in it one row per statement with its evidence sentence in the page's
    language when that version states it, and whether it still holds now.
    """
    lang = g.lang
    entries: dict[tuple[str, str], dict] = {}
    for st in view.statements:
        other_end = isinstance(st["value"], dict) and st["value"]["iri"] == iri and st["relation"] in (
            "linked_with", "linkage_ended")
        if st["relation"] not in TIMELINE or (st["subject"]["iri"] != iri and not other_end):
            continue
        entry = entries.setdefault((st["date"], edition_key(st["doc"])),
                                   {"date": st["date"], "docs": [], "rows": {}})
        if st["doc"] not in entry["docs"]:
            entry["docs"].append(st["doc"])
        value = st["subject"] if other_end else st["value"]
        row = entry["rows"].setdefault((st["relation"], json.dumps(value, sort_keys=True)), {
            "relation": st["relation"], "relation_label": relation_label(st["relation"], view.labels, lang),
            "values": [value_label(st["relation"], value, view.labels, lang)], "current": st["current"],
            "evidence": []})
        row["evidence"] += [evidence_sentence(ev, view.passages) for ev in st["spans"]]
    out = []
    for (date, _), entry in sorted(entries.items(), key=lambda e: (date_key(e[0][0]), e[0][1]), reverse=True):
        rows = sorted(entry["rows"].values(), key=lambda r: TIMELINE.index(r["relation"]))
        for row in rows:
            row["evidence"] = in_language(row["evidence"], lang)[:1]
        out.append({"date": date, "docs": sorted(entry["docs"]), "rows": shared_sentences(rows)})
    return out


def passage_context(view, pid: str) -> dict:
    """A passage with the sentences of ``?start=&end=`` (file offsets) marked, its neighbours and translation."""
    passage = view.passages[pid]
    try:
        start = int(request.args.get("start", -1))
        end = int(request.args.get("end", start))
    except ValueError:
        raise BadRequest("start and end must be character offsets (integers)") from None
    sentences = passage.sentences
    if sentences:
        pieces = [(s.text, start >= 0 and s.start < max(end, start + 1) and s.end > start) for s in sentences]
    else:
        pieces = segments(passage.text, [])
    order = view.passage_order[passage.doc]
    at = order.index(pid)
    neighbours = {"previous": order[at - 1] if at > 0 else None,
                  "next": order[at + 1] if at + 1 < len(order) else None}
    aligned = [view.passages[a] for a in passage.aligned if a in view.passages]
    mentions = [{"label": label(view.systems_by_iri[e]["labels"], g.lang, e), "href": local_href(e)}
                for e in passage.entities if e in view.systems_by_iri]
    return {"passage": passage, "pieces": pieces, "neighbours": neighbours, "aligned": aligned,
            "mentions": mentions, "section": section_label(passage.section, g.lang),
            "iri": f"{ID_BASE}passage/{pid}", "data": _data_links(f"{ID_BASE}passage/{pid}")}
