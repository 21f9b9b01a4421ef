"""A real browser on `etskg serve` over the 2025 report plus the 2026 edition (conftest ``editions_store``).

A person reads a system's summary and timeline, follows the nav to the
changes page, picks two editions and reads what changed. Screenshots go to
tests/artifacts/.
"""
import re

from playwright.sync_api import expect

from test_browser_pages import shot


def test_system_summary_and_timeline(editions_page):
    page = editions_page
    page.goto("/id/system/japan")
    card = page.locator("#summary")
    expect(card).to_be_visible()
    expect(card.locator("[data-relation=start_year] dd")).to_have_text("2026-04")
    expect(card.locator("[data-relation=status] dd")).to_have_text("in force")
    entries = page.locator("#timeline li.edition")
    expect(entries).to_have_count(2)
    assert entries.evaluate_all("items => items.map(i => i.dataset.date)") == ["2026", "2025"]
    old = entries.nth(1).locator("tr.superseded[data-relation=start_year]")
    expect(old).to_contain_text("2023")
    expect(old.locator("blockquote").first).to_contain_text("launched a voluntary carbon market (GX-ETS) in 2023")
    # superseded statements are struck through, current ones are not
    assert old.locator("td.value").evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
    current = entries.nth(0).locator("tr[data-relation=start_year] td.value")
    assert current.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"
    page.locator("#timeline").scroll_into_view_if_needed()
    shot(page, "system-timeline")
    entries.nth(0).locator("tr[data-relation=start_year] a.in-context").first.click()
    expect(page).to_have_url(re.compile(r"/id/passage/icap-2026-(en|zh):p\d+\?start=\d+&end=\d+#evidence"))


def test_changes_page_from_the_nav(editions_page):
    page = editions_page
    page.goto("/")
    page.click("#nav-changes")
    expect(page).to_have_url(re.compile(r"/changes$"))
    expect(page.locator("#changes-count")).to_be_visible()
    swiss = page.locator("section[data-system=switzerland] tr[data-relation=linked_with]")
    expect(swiss).to_have_attribute("data-change", "removed")
    expect(swiss.locator("[data-state=removed]")).to_have_text("EU ETS")
    expect(swiss.locator("blockquote").first).to_contain_text("ended in 2025")
    shot(page, "changes")
    # the other way round: what the 2026 edition dropped comes back as added
    page.select_option("#changes-from", "2026")
    page.select_option("#changes-to", "2025")
    page.click("#changes-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"from=2026&to=2025"))
    expect(page.locator("section[data-system=switzerland] tr[data-relation=linked_with]")).to_have_attribute(
        "data-change", "added")
    page.click("#lang-switch")
    expect(page.locator("h1")).to_have_text("两个版本之间的变化")
    expect(page.locator("section[data-system=switzerland] h2")).to_contain_text("瑞士")
