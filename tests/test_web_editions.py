"""Editions on the web: a system's summary and timeline, and the changes page, through Flask's test client.

The store holds the bundled 2025 report and the invented 2026 edition
(tests/data/editions, conftest ``editions_store``); what changed between
them is listed in that folder's README.
"""
import re

from test_web_pages import HTML, page


def section(html: str, marker: str, end: str) -> str:
    return html.split(marker, 1)[1].split(end, 1)[0]


def summary(html: str, relation: str) -> str:
    """The text of one line of the summary card."""
    card = section(html, 'id="summary"', "</section>")
    return re.sub(r"<[^>]+>", "", section(card, f'data-relation="{relation}"', "</div>")).strip()


def editions(html: str) -> list[tuple[str, str]]:
    """(date, inner HTML) of each timeline entry, in page order."""
    timeline = section(html, 'id="timeline"', "</ol>")
    return re.findall(r'<li class="edition" data-date="([^"]*)">(.*?)</li>', timeline, re.S)


def rows(fragment: str, relation: str) -> list[str]:
    """Each table row of ``relation``, its tag included."""
    return re.findall(rf'<tr class="[^"]*" data-relation="{relation}".*?</tr>', fragment, re.S)


def test_summary_card_is_the_current_view(editions_client):
    html = page(editions_client, "/id/system/japan")
    assert html.index('id="summary"') < html.index('id="facts"') < html.index('id="timeline"')
    # the 2026 edition's start and status, not the 2025 report's (2023, under development)
    assert summary(html, "start_year").split("\n")[-1].strip() == "2026-04"
    assert summary(html, "status").split("\n")[-1].strip() == "in force"
    swiss = page(editions_client, "/id/system/switzerland")
    assert summary(swiss, "linked_with").endswith("—")  # the link ended in the 2026 edition


def test_timeline_lists_each_edition_with_superseded_statements(editions_client):
    html = page(editions_client, "/id/system/japan")
    entries = editions(html)
    assert [date for date, _ in entries] == ["2026", "2025"]
    latest, earlier = entries[0][1], entries[1][1]
    assert "icap-2026-" in latest and "icap-2025-en" in earlier
    (start_2026,) = rows(latest, "start_year")
    assert "2026-04" in start_2026 and "no longer current" not in start_2026 and "<blockquote" in start_2026
    (start_2025,) = rows(earlier, "start_year")
    assert "2023" in start_2025 and "no longer current" in start_2025
    assert "launched a voluntary carbon market (GX-ETS) in 2023" in start_2025 and "icap-2025-en" in start_2025
    (status_2025,) = rows(earlier, "status")
    assert "under development" in status_2025 and "no longer current" in status_2025


def test_timeline_shows_an_ended_link_on_both_systems(editions_client):
    for system, other in (("switzerland", "european-union"), ("european-union", "switzerland")):
        entries = dict(editions(page(editions_client, f"/id/system/{system}")))
        (ended,) = rows(entries["2026"], "linkage_ended")
        assert f'href="/id/system/{other}"' in ended
        assert "<mark>The link between the Swiss ETS and the EU ETS ended in 2025" in ended
        (linked,) = rows(entries["2025"], "linked_with")
        assert "no longer current" in linked and f'href="/id/system/{other}"' in linked


def test_sectors_sharing_a_sentence_show_it_once(editions_client):
    html = page(editions_client, "/id/system/new-zealand")
    facts = section(html, 'id="facts"', "</table>")
    (sectors,) = rows(facts, "sector")  # one row for the four sectors the sentence lists
    value = section(sectors, 'class="value">', "</td>")
    assert all(sector in value for sector in ("forestry", "energy", "industry", "waste"))
    quotes = [re.sub(r"<[^>]+>", "", q) for q in re.findall(r"<blockquote.*?</blockquote>", sectors, re.S)]
    assert len(quotes) == len(set(quotes))
    assert sum("covers forestry, energy, industry and waste" in q for q in quotes) == 1


def test_evidence_that_is_only_a_name_gets_a_sentence(editions_client):
    html = page(editions_client, "/id/system/fujian")
    (level,) = rows(section(html, 'id="facts"', "</table>"), "level")
    # the infographic lists Fujian under its group's first line
    assert re.search(r"\d+ provinces and states … <mark>Fujian</mark>", level)
    html = page(editions_client, "/id/system/switzerland")
    (offsets,) = rows(section(html, 'id="facts"', "</table>"), "offset_rule")
    # alone in its block of the map: the map's own first sentence says what the list is
    assert re.search(r"shows carbon markets that are in operation[^<]*… <mark>Swiss ETS</mark>", offsets)


def test_changes_page_defaults_to_the_two_latest_editions(editions_client):
    html = page(editions_client, "/changes")
    assert 'id="nav-changes" aria-current="page"' in html
    assert '<option value="2025" selected>' in section(html, 'id="changes-from"', "</select>")
    assert '<option value="2026" selected>' in section(html, 'id="changes-to"', "</select>")
    changed = set(re.findall(r'data-system="([^"]+)"', html))
    assert {"switzerland", "european-union", "japan", "turkiye", "manitoba", "prince-edward-island"} <= changed
    assert "california" not in changed and "china" not in changed  # not described by the 2026 edition
    swiss = section(html, 'data-system="switzerland"', "</section>")
    (link,) = rows(swiss, "linked_with")
    assert 'data-change="removed"' in link and 'data-state="removed"' in link
    assert "ended in 2025" in link and "icap-2026-en" in link  # why: the 2026 sentence
    assert "linked with the EU ETS in 2020" in link and "icap-2025-en" in link  # what was stated
    japan = section(html, 'data-system="japan"', "</section>")
    (status,) = rows(japan, "status")
    states = dict((s, v) for s, v in re.findall(r'data-state="(\w+)"[^>]*>(?:<a [^>]*>)?([^<]+)', status))
    assert states == {"removed": "under development", "added": "in force"}
    manitoba = section(html, 'data-system="manitoba"', "</section>")
    (status,) = rows(manitoba, "status")
    assert 'data-change="added"' in status and "took effect in January 2026" in status


def test_changes_between_documents_and_back(editions_client):
    def main(url):
        return section(page(editions_client, url), "<main>", "</main>")

    assert main("/changes?from=icap-2025-en&to=icap-2026-zh") == main("/changes?from=2025&to=2026")
    backwards = page(editions_client, "/changes?from=2026&to=2025")
    (status,) = rows(section(backwards, 'data-system="japan"', "</section>"), "status")
    assert re.search(r'data-state="added"[^>]*>(<a [^>]*>)?under development', status)
    assert 'id="changes-none"' in main("/changes?from=2026&to=2026")


def test_changes_in_chinese(editions_client):
    html = page(editions_client, "/changes?hl=zh")
    assert "两个版本之间的变化" in html and "删除" in html and "瑞士碳市场" in html
    swiss = section(html, 'data-system="switzerland"', "</section>")
    assert 'lang="zh-CN"' in swiss and 'lang="en"' not in swiss


def test_changes_bad_input_is_400(editions_client):
    for query in ("from=2025-13", "to=no-such-doc", "from=yesterday"):
        response = editions_client.get(f"/changes?{query}", headers=HTML)
        assert response.status_code == 400, query
        assert "is not a date" in response.get_data(as_text=True)


def test_changes_with_one_edition_says_so(web_client):
    html = page(web_client, "/changes")
    assert 'id="changes-none"' in html and "documents of one date only" in html
