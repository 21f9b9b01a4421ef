"""Adding a document to a running `etskg serve --allow-upload`: the API and the upload page, good files and bad.

The server runs over a store made from a small invented report (Arland and
Borovia are fictional); uploads are that report's sibling, Celdor, printed to
PDF by Chromium (tests/make_documents.py), and files that must be refused.
"""
import re
import shutil
import time

import pytest
import requests
from playwright.sync_api import expect

from conftest import KG_EN, KG_LATER, serve_process, stop_process
from make_documents import make

pytestmark = pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")
CELDOR = "https://etskg.org/id/system/celdor"


@pytest.fixture(scope="module")
def upload_files(tmp_path_factory):
    out = tmp_path_factory.mktemp("upload-files")
    (out / "celdor-report.txt").write_text(KG_LATER + "\n", encoding="utf-8")
    pdf = make(out / "celdor-report.txt", out, web=False)["pdf"]
    return {"pdf": pdf, "bytes": pdf.read_bytes(), "dir": out}


@pytest.fixture(scope="module")
def upload_server(tmp_path_factory):
    from etskg import main

    base = tmp_path_factory.mktemp("upload-store")
    (base / "arland-report.txt").write_text(KG_EN + "\n", encoding="utf-8")
    assert main(["ingest", "--quiet", "--store", str(base / "store"), str(base / "arland-report.txt")]) == 0
    server, url = serve_process(base / "store", "--allow-upload", "--max-upload-mb", "1", log_dir=base)
    yield url
    stop_process(server)


def wait_for(url: str, job: dict, timeout: float = 600) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = requests.get(url + f"/api/documents/{job['job']}", timeout=30).json()
        if state["state"] in ("done", "failed"):
            return state
        time.sleep(0.5)
    pytest.fail(f"upload {job['job']} did not finish")


def error(response, status: int) -> str:
    assert response.status_code == status, response.text
    return response.json()["error"]["message"]


def test_uploaded_pdf_adds_its_systems_and_facts_with_pages(upload_server, upload_files):
    r = requests.post(upload_server + "/api/documents", files={"file": ("celdor-report.pdf", upload_files["bytes"])}, timeout=60)
    assert r.status_code == 202 and r.headers["Location"] == f"/api/documents/{r.json()['job']}"
    assert r.json()["format"] == "pdf"
    state = wait_for(upload_server, r.json())
    assert state["state"] == "done", state
    assert CELDOR in [s["iri"] for s in state["systems"]]
    start = [f for f in state["facts"] if f["subject"] == CELDOR and f["relation"] == "start_year"]
    assert start and start[0]["value"] == "2019" and start[0]["page"] == 1
    # The documents already in the graph stay: the upload is added, not swapped in.
    systems = requests.get(upload_server + "/api/systems", timeout=30).json()["systems"]
    assert {"https://etskg.org/id/system/arland", CELDOR} <= {s["iri"] for s in systems}


def test_wrong_type_is_refused(upload_server):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    assert "accepted: PDF, HTML, plain text" in error(
        requests.post(upload_server + "/api/documents", files={"file": ("chart.png", png)}, timeout=30), 415)


def test_oversize_file_is_refused(upload_server):
    just_over = b"%PDF-1.7\n" + b"0" * ((1 << 20) + 10_000)
    assert "1 MB" in error(requests.post(upload_server + "/api/documents", files={"file": ("big.pdf", just_over)},
                                         timeout=60), 413)
    # Far over: refused before the body is read (by the nginx front when there is one, whose answer is its own page).
    far_over = b"%PDF-1.7\n" + b"0" * (8 << 20)
    assert requests.post(upload_server + "/api/documents", files={"file": ("huge.pdf", far_over)}, timeout=60).status_code == 413
    assert requests.get(upload_server + "/api/stats", timeout=30).status_code == 200


def test_malformed_and_encrypted_pdfs_are_refused(upload_server, upload_files):
    from pypdf import PdfReader, PdfWriter

    cut = upload_files["bytes"][: len(upload_files["bytes"]) // 2]
    assert "not a readable PDF" in error(
        requests.post(upload_server + "/api/documents", files={"file": ("cut.pdf", cut)}, timeout=30), 422)
    assert "not a PDF" in error(
        requests.post(upload_server + "/api/documents", files={"file": ("fake.pdf", b"hello there")}, timeout=30), 415)
    w = PdfWriter(clone_from=PdfReader(upload_files["pdf"]))
    w.encrypt(user_password="secret")
    w.write(upload_files["dir"] / "locked.pdf")
    locked = (upload_files["dir"] / "locked.pdf").read_bytes()
    assert "encrypted" in error(
        requests.post(upload_server + "/api/documents", files={"file": ("locked.pdf", locked)}, timeout=30), 422)


def test_missing_file_and_unknown_job(upload_server):
    assert "'file'" in error(requests.post(upload_server + "/api/documents", data={"x": "1"}, timeout=30), 400)
    assert requests.get(upload_server + "/api/documents/" + "0" * 32, timeout=30).status_code == 404
    assert requests.get(upload_server + "/api/documents/..%2Fstate", timeout=30).status_code == 404


def test_uploads_are_off_by_default(web_server):
    r = requests.post(web_server + "/api/documents", files={"file": ("a.txt", b"Kestria: text")}, timeout=30)
    assert "--allow-upload" in error(r, 404)
    assert requests.get(web_server + "/upload", timeout=30).status_code == 404


@pytest.fixture
def upload_page(web_browser, upload_server):
    context = web_browser.new_context(base_url=upload_server, locale="en-US")
    page = context.new_page()
    yield page
    context.close()


def test_upload_page_shows_progress_then_facts_with_pages(upload_page, upload_files):
    page = upload_page
    page.goto("/upload")
    page.set_input_files("#upload-file", str(upload_files["pdf"]))
    page.click("#upload-form button[type=submit]")
    expect(page.locator("#upload-status")).to_contain_text(re.compile("Waiting|Reading|Done"))
    expect(page.locator("#upload-result")).to_be_visible(timeout=600_000)
    expect(page.locator("#upload-status")).to_contain_text("Done")
    expect(page.locator("#upload-systems a", has_text="Celdor").first).to_be_visible()
    row = page.locator("#upload-facts tr", has_text="start_year")
    expect(row.first).to_contain_text("p. 1")
    expect(row.first).to_contain_text("2019")


def test_upload_page_says_why_a_file_is_refused(upload_page, tmp_path):
    page = upload_page
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    page.goto("/upload")
    page.set_input_files("#upload-file", str(tmp_path / "notes.docx"))
    page.click("#upload-form button[type=submit]")
    expect(page.locator("#upload-status")).to_contain_text("Not added")
    expect(page.locator("#upload-status")).to_contain_text("accepted: PDF, HTML, plain text")
    expect(page.locator("#upload-result")).to_be_hidden()
