"""A real browser (Debian's chromium through Playwright) on a running `etskg serve`.

Each test does what a person would: types a search, runs and downloads a
SPARQL query, follows entity links, filters the systems table, switches the
language. Screenshots go to tests/artifacts/ (not committed) for a look.
"""
import csv
import io
import re

from playwright.sync_api import expect

from conftest import WEB_ARTIFACTS


def shot(page, name: str) -> None:
    page.screenshot(path=str(WEB_ARTIFACTS / f"{name}.png"), full_page=False)


def test_search_with_filters(web_page):
    page = web_page
    page.goto("/")
    page.fill("#q", "韩国 国际抵消")
    page.press("#q", "Enter")
    results = page.locator("li.result")
    expect(results.first).to_be_visible()
    assert results.count() == 10
    expect(results.first.locator("mark").first).to_be_visible()
    expect(page.locator("a.chip", has_text="Korea ETS").first).to_be_visible()
    shot(page, "search")
    page.select_option("#f-lang", "en")
    page.click("button[type=submit]")
    expect(results.first).to_be_visible()
    assert set(results.evaluate_all("items => items.map(i => i.lang)")) == {"en"}
    assert "lang=en" in page.url


def test_ask_shows_the_answer_and_its_query(web_page):
    page = web_page
    page.goto("/")
    page.fill("#q", "韩国碳市场什么时候启动？")
    page.click("button[type=submit]")
    card = page.locator("#answer")
    expect(card.locator(".answer-text")).to_contain_text("2015")
    expect(card.locator("blockquote").first).to_contain_text("2015")
    shot(page, "ask")
    card.locator("#answer-sparql").click()
    expect(page.locator("#query")).to_have_value(re.compile("startYear"))
    expect(page.locator("#results-table tbody tr").first).to_contain_text("2015")


def test_sparql_run_and_download(web_page):
    page = web_page
    page.goto("/sparql")
    page.select_option("#example", "offset-limits")
    expect(page.locator("#query")).to_have_value(re.compile("offsetLimitPct"))
    page.click("#run")
    table = page.locator("#results-table")
    expect(table).to_be_visible()
    rows = table.locator("tbody tr")
    assert rows.count() > 10
    expect(table.locator("thead th")).to_have_text(["name", "limit"])
    shot(page, "sparql")
    with page.expect_download() as info:
        page.click("#download-csv")
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    lines = list(csv.reader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    assert lines[0] == ["name", "limit"] and len(lines) == rows.count() + 1
    share = page.locator("#share").get_attribute("href")
    page.goto(share)
    expect(page.locator("#results-table tbody tr")).to_have_count(rows.count())


def type_query(page, text: str) -> None:
    """Replace the editor's text the way a person does: focus it, select all, type."""
    page.click(".CodeMirror")
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(text)


def test_sparql_error_in_page(web_page):
    page = web_page
    page.goto("/sparql")
    type_query(page, "SELECT ?x WHERE {")
    page.click("#run")
    expect(page.locator("#query-error")).to_contain_text("malformed SPARQL")
    expect(page.locator("#query")).to_have_value("SELECT ?x WHERE {")


def test_entity_navigation(web_page):
    page = web_page
    page.goto("/?q=Korea+ETS")
    page.locator("a.chip", has_text="Korea ETS").first.click()
    expect(page).to_have_url(re.compile(r"/id/system/korea$"))
    expect(page.locator("h1")).to_contain_text("Korea ETS")
    expect(page.locator("#facts tr[data-relation=start_year] td.value")).to_have_text("2015")
    shot(page, "system")
    page.locator("#facts tr[data-relation=start_year] a.in-context").first.click()
    expect(page).to_have_url(re.compile(r"/id/passage/icap-2025-en:p\d+\?start=\d+&end=\d+#evidence"))
    expect(page.locator("#evidence")).to_contain_text("launched in 2015")
    shot(page, "passage")
    page.go_back()
    page.locator("#facts tr[data-relation=jurisdiction] td.value a").click()
    expect(page.locator("h1")).to_contain_text("Korea")
    page.locator("a.chip").first.click()
    expect(page).to_have_url(re.compile(r"/id/system/korea$"))


def test_systems_table_filter_and_sort(web_page):
    page = web_page
    page.goto("/systems")
    all_rows = page.locator("#systems-table tbody tr").count()
    page.select_option("#filter-status", "in_force")  # applies at once (systems.js)
    expect(page).to_have_url(re.compile(r"status=in_force"))
    page.select_option("#filter-level", "national")
    expect(page).to_have_url(re.compile(r"level=national"))
    filtered = page.locator("#systems-table tbody tr").count()
    assert 0 < filtered < all_rows
    page.click("a[data-column=start_year]")
    page.click("a[data-column=start_year]")
    expect(page).to_have_url(re.compile(r"order=desc"))
    years = [y for y in page.locator("#systems-table tbody tr td:nth-child(7)").all_inner_texts() if y]
    assert years == sorted(years, reverse=True)
    assert page.locator("#systems-table tbody tr").count() == filtered
    shot(page, "systems")
    with page.expect_download() as info:
        page.click("#systems-csv")
    table = list(csv.DictReader(open(info.value.path(), encoding="utf-8")))
    assert len(table) == filtered and all(r["status"] == "in_force" for r in table)


def test_language_switch(web_page):
    page = web_page
    page.goto("/systems")
    expect(page.locator("h1")).to_have_text("Emissions trading systems")
    page.click("#lang-switch")
    expect(page.locator("h1")).to_have_text("碳排放交易体系")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator("#systems-table")).to_contain_text("韩国碳市场")
    page.click("text=连接")  # the navigation keeps the language (cookie)
    expect(page.locator("h1")).to_have_text("碳市场之间的连接")
    expect(page.locator("#linkage-graph")).to_be_visible()
    shot(page, "graph-zh")
    page.click("#lang-switch")
    expect(page.locator("h1")).to_have_text("Linkages between systems")


def test_linkage_graph_nodes_are_links(web_page):
    page = web_page
    page.goto("/graph")
    nodes = page.locator("#linkage-graph a.node")
    assert nodes.count() >= 4
    shot(page, "graph")
    page.locator("#linkage-graph a.node", has_text="EU ETS").click()
    expect(page.locator("h1")).to_contain_text("EU ETS")


def test_sparql_editor_completes_prefixes_classes_and_properties(web_page):
    page = web_page
    page.goto("/sparql")
    expect(page.locator("#sparql-form[data-vocabulary=loaded]")).to_have_count(1)  # asked from the graph
    type_query(page, "SELECT ?s WHERE { ?s a ets:Sys")
    page.keyboard.press("Control+Space")
    hints = page.locator(".CodeMirror-hints li")
    expect(hints.first).to_be_visible()
    assert "ets:System" in hints.all_inner_texts()
    page.keyboard.press("Enter")
    page.keyboard.insert_text(" ; ets:offsetL")
    page.keyboard.press("Control+Space")
    expect(hints.first).to_have_text("ets:offsetLimitPct")
    page.keyboard.press("Enter")
    page.keyboard.insert_text(" ?limit }")
    expect(page.locator("#query")).to_have_value("SELECT ?s WHERE { ?s a ets:System ; ets:offsetLimitPct ?limit }")
    expect(page.locator(".CodeMirror .cm-keyword", has_text="SELECT")).to_have_count(1)  # highlighted
    page.click("#run")
    expect(page.locator("#results-table tbody tr").first).to_be_visible()


def test_sparql_editor_posts_a_query_too_long_for_a_url(web_page):
    page = web_page
    page.goto("/sparql")
    long_text = "碳市场" * 300  # 900 Chinese characters: 8,100 bytes once percent-encoded
    type_query(page, f'SELECT ?s WHERE {{ ?s a ets:System ; rdfs:label ?l FILTER(?l != "{long_text}") }} LIMIT 3')
    with page.expect_request(lambda r: r.url.endswith("/sparql") and r.method == "POST"):
        page.click("#run")
    expect(page.locator("#results-table tbody tr")).to_have_count(3)
    expect(page.locator("#query")).to_have_value(re.compile(long_text))


def test_sparql_chart_view_of_numeric_columns(web_page):
    page = web_page
    page.goto("/sparql")
    page.select_option("#example", "sectors")
    page.click("#run")
    expect(page.locator("#results-table")).to_be_visible()
    page.click("#show-chart")
    box = page.locator("#chart-box")
    expect(box).to_be_visible()
    expect(box).to_have_attribute("data-series", "1")  # ?systems; ?sector and ?zh are labels
    assert page.locator("#chart").bounding_box()["height"] > 100
    shot(page, "sparql-chart")
    page.goto("/sparql?query=" + "SELECT%20%3Fs%20WHERE%20%7B%20%3Fs%20a%20ets%3ASystem%20%7D")
    expect(page.locator("#results-table")).to_be_visible()
    expect(page.locator("#show-chart")).to_be_hidden()  # no numeric column, no chart
