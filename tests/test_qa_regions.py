"""Region questions over texts that are not laid out by report region: a system is in its country's region."""
import pytest

from conftest import qa_over_texts
from ingest.gazetteer import gazetteer

KOREA = """Date: 2025-09-03

Seoul, 3 September 2025 — The Korea Emissions Trading Scheme (K-ETS), running since 2015, will auction a larger
share of its allowances to power generators from next year.
"""
MEXICO = """Fecha: 2025-10-10

Mexico's pilot emissions trading system began on 1 January 2020 and covered power plants and heavy industry.
"""
QUEBEC = """日期：2025年8月1日

魁北克省的总量控制与交易体系自2013年起运行，并自2014年起与加州的体系连接。
"""


@pytest.fixture(scope="module")
def qa_regions(tmp_path_factory):
    engine = qa_over_texts(tmp_path_factory.mktemp("qa-regions"),
                           {"korea-en.txt": KOREA, "mexico-en.txt": MEXICO, "quebec-zh.txt": QUEBEC})
    engine.threshold = 0.0
    return engine


def test_a_place_is_in_its_countrys_region():
    g = gazetteer()
    assert [g.region(g.get(p)) for p in ("kr", "us-ca", "ca-qc", "mx", "eu")] == [
        "review/asia-pacific", "review/north-america", "review/north-america", "review/latin-america-caribbean",
        "review/europe-central-asia"]


@pytest.mark.parametrize("question, wanted", [
    ("Which carbon markets are in Latin America?", "mexico"),
    ("亚太地区有哪些碳市场？", "korea"),
    ("Which systems are in North America?", "quebec"),
])
def test_a_region_question_reaches_systems_no_report_section_placed(qa_regions, question, wanted):
    systems = [e["iri"].rsplit("/", 1)[1] for e in qa_regions.ask(question)["answer"]["systems"]]
    assert systems == [wanted]


@pytest.mark.parametrize("question, wanted", [
    ("Which carbon markets are in Asia?", ["korea"]),
    ("東亞有哪些碳市場？", ["korea"]),  # traditional characters, a part of the world no report section is
    ("Any Central American emissions trading?", ["mexico"]),
    ("美洲有哪些碳市场？", ["mexico", "quebec"]),
])
def test_a_part_of_the_world_reaches_the_systems_of_its_countries(qa_regions, question, wanted):
    systems = [e["iri"].rsplit("/", 1)[1] for e in qa_regions.ask(question)["answer"]["systems"]]
    assert sorted(systems) == wanted


@pytest.mark.parametrize("text, found", [
    ("national markets in asia", ["area/142"]),
    ("which south-east asian states", ["area/035"]),
    ("拉美的碳市场", ["area/419"]),
    ("asia-pacific systems", ["review/asia-pacific"]),  # the longer name
    ("africa and the middle east", ["review/africa-middle-east"]),  # a section's whole title is the section
    ("africa or the middle east", ["area/002", "area/middle-east"]),  # each named part is that part
    ("markets in north america", ["review/north-america"]),
])
def test_region_names_in_a_question(text, found):
    from search.qa.slots import regions

    assert [slug for slug, _, _ in regions(text)] == found
