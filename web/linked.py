"""/id/...: every IRI the graph mints (https://etskg.org/id/...) resolves here as linked data.

Browsers get a page: a system's facts with their evidence, a
jurisdiction's systems, a passage in the context of its document, or for
any other resource (documents, assertions, graphs) its triples. Programs
get the resource's description by Accept or ``format``: Turtle (default),
N-Triples, JSON-LD or RDF/XML. The description is the resource's own triples
plus, for a system, the assertion nodes that give each fact's provenance.
"""
from __future__ import annotations

import re
from urllib.parse import quote

from flask import Blueprint, Response, current_app, g, render_template, request
from werkzeug.exceptions import BadRequest, NotFound

from kg.namespaces import RELATIONS
from web import negotiate
from web.i18n import label, translate
from web.present import (ID_BASE, cell, evidence_sentence, local_href, passage_id, relation_label, section_label,
                         segments, value_label)

bp = Blueprint("linked", __name__)

# Unreserved characters and whole percent escapes: a lone '%' is not an IRI
# (Oxigraph refuses it, which was a 500 with a traceback per request).
_SAFE_IRI = re.compile(r"(?:[A-Za-z0-9\-._~:/]|%[0-9A-Fa-f]{2})+")
_DESCRIBE = """
CONSTRUCT {{ <{iri}> ?p ?o . ?a ?ap ?ao }} WHERE {{
  {{ <{iri}> ?p ?o }} UNION {{ ?a rdf:subject <{iri}> ; ?ap ?ao }}
}}"""


def _view():
    return current_app.extensions["etskg"].view()


@bp.route("/id/<path:path>")
def resource(path: str):
    local = quote(path, safe=":-._~/%")
    if not _SAFE_IRI.fullmatch(local):
        raise NotFound(f"no resource /id/{path}")
    iri = ID_BASE + local
    fmt = request.args.get("format")
    if not fmt and negotiate.prefers_html(request.accept_mimetypes, list(negotiate.GRAPH_TYPES)):
        return page(iri)
    chosen = negotiate.choose(request.accept_mimetypes, fmt, graph=True)
    result = _view().query(_DESCRIBE.format(iri=iri), deadline=g.deadline, public=False)
    if len(result) == 0:
        raise NotFound(f"the graph says nothing about <{iri}>")
    response = Response(result.serialize(chosen), content_type=negotiate.media_type(chosen, graph=True))
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
    result = view.query(f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }} ORDER BY ?p ?o", deadline=g.deadline, public=False)
    if not result.rows:
        raise NotFound(f"the graph says nothing about <{iri}>")
    rows = [(cell(r["p"]), cell(r["o"])) for r in result.rows]
    return render_template("resource.html", iri=iri, rows=rows, data=_data_links(iri))


def _data_links(iri: str) -> list[tuple[str, str]]:
    href = local_href(iri)
    links = [("Turtle", f"{href}?format=turtle"), ("JSON-LD", f"{href}?format=json-ld")]
    kind = iri[len(ID_BASE):].split("/", 1)[0]
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
        text, href = value_label(fact["relation"], fact["value"], view.labels, lang)
        facts.append({
            "relation": fact["relation"],
            "relation_label": relation_label(fact["relation"], view.labels, lang),
            "value": text, "href": href,
            "evidence": [evidence_sentence(ev, view.passages) for ev in fact["evidence"]],
        })
    facts.sort(key=lambda f: list(RELATIONS).index(f["relation"]))

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
    }


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
