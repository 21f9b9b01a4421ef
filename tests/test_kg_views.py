"""kg.views.view over plain statements: which document's statement holds, for single values, lists and links."""
from kg.namespaces import ETS, RELATIONS
from kg.views import Statement, view

SYS = "https://etskg.org/id/system/valdoria"
OTHER = "https://etskg.org/id/system/norhaven"
SECTOR = str(RELATIONS["sector"].prop)
STATUS = str(RELATIONS["status"].prop)
START = str(RELATIONS["start_year"].prop)
LINK = str(ETS.linkedWith)
ENDED = str(ETS.linkageEnded)


def st(p, o, doc, date, series="", lang="en", first=0):
    return Statement(SYS, p, o, doc, lang, date, first, series)


def objects(v, p):
    return {o for s, pp, o in v.triples if pp == p and s == SYS}


def test_a_later_edition_of_the_same_series_restates_the_whole_list():
    stated = [st(SECTOR, "power", "report-2025-en", "2025", "report"),
              st(SECTOR, "industry", "report-2025-en", "2025", "report"),
              st(SECTOR, "power", "report-2026-en", "2026", "report")]
    assert objects(view(stated), SECTOR) == {"power"}
    assert objects(view(stated, "2025-12-31"), SECTOR) == {"power", "industry"}


def test_a_news_item_adds_to_a_reports_list_instead_of_replacing_it():
    stated = [st(SECTOR, "power", "report-2025-en", "2025", "report"),
              st(SECTOR, "industry", "report-2025-en", "2025", "report"),
              st(SECTOR, "aviation", "wire-story", "2026-03-02")]
    assert objects(view(stated), SECTOR) == {"power", "industry", "aviation"}
    assert view(stated).conflicts == []


def test_a_single_value_follows_the_latest_document_of_any_series():
    stated = [st(STATUS, "under_development", "report-2025-en", "2025", "report"),
              st(STATUS, "in_force", "wire-story", "2026-03-02")]
    assert objects(view(stated), STATUS) == {"in_force"}
    assert objects(view(stated, "2025-12-31"), STATUS) == {"under_development"}


def test_same_date_publications_that_disagree_on_a_single_value_are_flagged():
    stated = [st(STATUS, "under_development", "wire-a", "2026-03-02"),
              st(STATUS, "in_force", "wire-b", "2026-03-02")]
    v = view(stated)
    assert objects(v, STATUS) == {"under_development", "in_force"}
    assert [(s, p) for s, p, _ in v.conflicts] == [(SYS, STATUS)]


def test_a_start_restated_by_year_keeps_the_month_another_text_gave():
    stated = [st(START, "2019-04", "timeline", "2024-05-01"),
              st(START, "2019", "review", "2025-12-30"),
              st(START, "2019", "wire-a", "2024-05-01")]
    v = view(stated)
    assert objects(v, START) == {"2019-04"}
    assert v.conflicts == []
    # a later text that gives another year still replaces it
    assert objects(view(stated + [st(START, "2020", "wire-b", "2026-01-05")]), START) == {"2020"}


def test_an_ended_link_removes_the_pair_only():
    stated = [Statement(SYS, LINK, OTHER, "report-2025-en", "en", "2025", 0, "report"),
              Statement(SYS, ENDED, OTHER, "report-2026-en", "en", "2026", 0, "report")]
    assert not any(p == LINK for _, p, _ in view(stated).triples)
    assert (SYS, LINK, OTHER) in view(stated, "2025-06-30").triples
