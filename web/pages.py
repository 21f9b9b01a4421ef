"""The server-rendered pages: search (home), the systems table, the linkage graph and the changes between editions.

Pages are plain HTML from Jinja templates (autoescaped, no build step);
every state (a search, a filtered table) is a URL with GET parameters, so
it works without JavaScript and can be shared. The system, jurisdiction and
passage pages are served by ``web.linked`` at the entities' IRIs.
"""
from __future__ import annotations

from flask import Blueprint, Response, current_app, g, render_template, request, url_for
from werkzeug.exceptions import BadRequest

from kg.namespaces import concept_iri
from kg.query import QueryTimeout, declare_prefixes
from kg.views import check_date, date_key
from search.filters import parse_filters
from web.api import run_search, text_arg
from web.i18n import label
from web.linkmap import linkage_map
from web.present import (evidence_sentence, in_language, local_href, one_per_sentence, relation_label, section_label,
                         segments, value_label)
from web.tables import COLUMNS, FILTERS, TableError, csv_text, filter_rows, options, sort_rows

bp = Blueprint("pages", __name__)


def _view():
    return current_app.extensions["etskg"].view()


def _concept_options(view, relation: str, values, lang: str) -> list[tuple[str, str]]:
    return sorted(((v, label(view.labels.get(str(concept_iri(relation, v))), lang, v.replace("_", " ")))
                   for v in values), key=lambda o: o[1])


@bp.route("/")
def home():
    view = _view()
    lang = g.lang
    g.page = "search"
    args = {key: request.args.get(key, "") for key in ("lang", "sector", "jurisdiction")}
    args["q"] = text_arg()
    jurisdictions = sorted({(row["jurisdiction"]["iri"].rsplit("/", 1)[-1],
                             label(row["jurisdiction"]["labels"], lang))
                            for row in view.systems if row["jurisdiction"]}, key=lambda o: o[1])
    sectors = _concept_options(view, "sector", options(view.systems)["sector"], lang)
    results, answer, words_only, no_answer = [], None, False, False
    if args["q"].strip():
        try:
            filters = parse_filters({key: args[key] for key in ("lang", "sector", "jurisdiction")})
        except ValueError as err:
            raise BadRequest(str(err)) from None
        hits = run_search({"q": args["q"], "k": 10, **filters})
        results = [_result(hit, lang) for hit in hits]
        words_only = bool(hits.notes)  # the one note search gives: no time to encode the query
        try:
            answer = _answer(view, view.ask(args["q"], g.deadline), lang)
        except QueryTimeout:  # the results are here already: the page keeps them and says why no answer
            no_answer = True
    return render_template("home.html", args=args, results=results, answer=answer, words_only=words_only,
                           no_answer=no_answer,
                           jurisdictions=jurisdictions,
                           sectors=sectors, stats=view.stats)


def _answer(view, found: dict, lang: str) -> dict | None:
    """The answer card: Q&A's one-line answer, the systems it names, its SPARQL and citations in context."""
    if found.get("error") or not found.get("answer"):
        return None
    systems = [{"label": label(e["labels"], lang, e["iri"]), "href": local_href(e["iri"])}
               for e in found["answer"].get("systems", [])]
    citations = []
    for c in found.get("citations", []):
        pid = view.passage_at(c["doc"], c["start"])
        href = f"/id/passage/{pid}?start={c['start']}&end={c['end']}#evidence" if pid else None
        citations.append({"doc": c["doc"], "text": c["text"], "href": href})
    return {"text": found["text"] if found.get("source") == "graph" else "", "systems": systems,
            "literals": found["answer"].get("values", []) if found.get("source") == "search" else [],
            "note": found.get("note", ""),
            "sparql": url_for("sparql.endpoint", query=declare_prefixes(found["sparql"])) if found.get("sparql") else None,
            "citations": citations}


def _result(hit: dict, lang: str) -> dict:
    return {
        "id": hit["id"], "lang": hit["lang"], "heading": hit["heading"],
        "section": section_label(hit["section"], lang),
        "segments": segments(hit["text"], hit["highlights"]),
        "href": url_for("linked.resource", path=f"passage/{hit['id']}"),
        "entities": [{"label": label(e["labels"], lang, e["iri"]), "href": local_href(e["iri"])}
                     for e in hit["entities"]],
        "translations": [{"lang": t["lang"], "segments": segments(t["text"], t["highlights"]),
                          "href": url_for("linked.resource", path=f"passage/{t['id']}")}
                         for t in hit["translations"]],
        "score": hit["score"],
    }


def _table_rows():
    view = _view()
    try:
        rows = filter_rows(view.systems, request.args)
        sort = request.args.get("sort") or "name"
        rows = sort_rows(rows, sort, request.args.get("order") == "desc", g.lang)
    except TableError as err:
        raise BadRequest(str(err)) from None
    return view, rows, sort


@bp.route("/systems")
def systems():
    view, rows, sort = _table_rows()
    lang = g.lang
    g.page = "systems"
    choices = options(view.systems)
    filter_options = {
        "status": _concept_options(view, "status", choices["status"], lang),
        "region": [(v, section_label(v, lang)) for v in choices["region"]],
        "level": _concept_options(view, "level", choices["level"], lang),
        "design": _concept_options(view, "design", choices["design"], lang),
        "sector": _concept_options(view, "sector", choices["sector"], lang),
        "offset_rule": _concept_options(view, "offset_rule", choices["offset_rule"], lang),
    }
    names = {key: dict(values) for key, values in filter_options.items()}
    shown = []
    for row in rows:
        shown.append({
            "name": label(row["labels"], lang, row["iri"]), "href": local_href(row["iri"]),
            "jurisdiction": label(row["jurisdiction"]["labels"], lang) if row["jurisdiction"] else "",
            "status": names["status"].get(row["status"], row["status"] or ""),
            "region": names["region"].get(row["region"], row["region"]),
            "level": names["level"].get(row["level"], row["level"] or ""),
            "design": names["design"].get(row["design"], row["design"] or ""),
            "start_year": row["start_year"] or "",
            "sectors": [names["sector"].get(s, s) for s in row["sectors"]],
            "offset_rules": [names["offset_rule"].get(s, s) for s in row["offset_rules"]],
            "offset_limit_pct": f"{row['offset_limit_pct']}%" if row["offset_limit_pct"] else "",
            "linkages": len(row["linked_with"]) + len(row["linkage_planned"]),
        })
    current = {key: request.args.get(key, "") for key in (*FILTERS, "start_from", "start_to")}
    order = request.args.get("order", "asc")

    def sort_link(column: str) -> str:
        flip = "desc" if column == sort and order != "desc" else "asc"
        return url_for("pages.systems", **{k: v for k, v in current.items() if v}, sort=column, order=flip)

    csv_link = url_for("pages.systems_csv", **{k: v for k, v in request.args.items() if k != "hl"})
    return render_template("systems.html", rows=shown, total=len(view.systems), columns=COLUMNS,
                           filters=filter_options, current=current, sort=sort, order=order,
                           sort_link=sort_link, csv_link=csv_link)


@bp.route("/systems.csv")
def systems_csv():
    _, rows, _ = _table_rows()
    return Response(csv_text(rows), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="systems.csv"'})


@bp.route("/graph")
def graph():
    g.page = "graph"
    return render_template("graph.html", map=linkage_map(_view().systems, g.lang))


@bp.route("/graph.svg")
def graph_svg():
    svg = render_template("linkage.svg", map=linkage_map(_view().systems, g.lang), standalone=True)
    return Response(svg, content_type="image/svg+xml; charset=utf-8")


@bp.route("/changes")
def changes():
    """What changed between two editions: the view at ``from`` against the view at ``to`` (document ids or dates)."""
    view = _view()
    lang = g.lang
    g.page = "changes"
    dated = {d["doc"]: d["date"] for d in view.documents}
    dates = sorted({date for date in dated.values() if date}, key=date_key)
    earlier = _when(request.args.get("from", ""), dated) or (dates[-2] if len(dates) > 1 else "")
    later = _when(request.args.get("to", ""), dated) or (dates[-1] if dates else "")
    systems: list[dict] = []
    if earlier and later:
        for change in view.changes(earlier, later):
            subject = change["subject"]
            if not systems or systems[-1]["iri"] != subject["iri"]:
                systems.append({"iri": subject["iri"], "name": label(subject["labels"], lang, subject["iri"]),
                                "href": local_href(subject["iri"]), "changes": []})
            systems[-1]["changes"].append(_change(view, change, lang))
    choices = sorted(set(dates) | {d for d in (earlier, later) if d}, key=date_key)
    return render_template("changes.html", earlier=earlier, later=later, dates=choices, systems=systems,
                           count=sum(len(s["changes"]) for s in systems))


def _when(text: str, dated: dict[str, str]) -> str:
    """The date a ``from``/``to`` parameter names: a document's date or a date; "" when not given."""
    if not text:
        return ""
    if text in dated:
        if not dated[text]:
            raise BadRequest(f"document {text} has no date to compare at")
        return dated[text]
    try:
        return check_date(text)
    except ValueError as err:
        raise BadRequest(f"{err}, nor a document id") from None


def _change(view, change: dict, lang: str) -> dict:
    """One (system, relation) change: its values marked kept/added/removed, and the sentences behind them."""
    relation = change["relation"]
    values, now, before = [], [], []
    for item in change["values"]:
        text, href = value_label(relation, item["value"], view.labels, lang)
        values.append({"text": text, "href": href, "state": item["state"]})
        for spans in (item["ended"], item["evidence"]):
            (before if item["state"] == "removed" else now).extend(
                in_language([evidence_sentence(ev, view.passages) for ev in spans], lang)[:1])
    evidence = now + before  # the later edition's sentences first
    return {"relation": relation, "relation_label": relation_label(relation, view.labels, lang),
            "change": change["change"], "values": values, "evidence": one_per_sentence(evidence)}
