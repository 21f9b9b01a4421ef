"""A generation damaged on disk is answered alike by every worker of a server.

A server's workers load a generation at different times: one warmed up
before the damage holds its files open and its index in memory, one
started (or restarted by gunicorn) after it cannot load them. Both must
say the same thing: each request checks the live generation's files
against what its manifest recorded (``kg.store.Generation.damage``) and the
index's files against what passed verification (``web.backend.View``), so
both workers answer 503 with one message, naming no file or directory.
"""
import html
import json
import re
import shutil
import subprocess

import pytest

ROUTES = [("/api/stats", None), ("/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D", "application/sparql-results+json"),
          ("/api/search?q=offsets", None), ("/api/ask?q=When%20did%20the%20Evilland%20ETS%20start%3F", None),
          ("/", "text/html"), ("/id/system/evilland", "text/turtle")]


@pytest.fixture
def store(sec_store, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(sec_store, copy)
    return copy


@pytest.fixture
def workers(store):
    """make(directory=store): a new app, as a new gunicorn worker has; their query processes stop at the end."""
    from web.app import backend, create_app

    made = []

    def make(directory=store):
        app = create_app(directory)
        made.append(backend(app))
        return app

    yield make
    for each in made:
        each.public_pool.close()


def live(store):
    from kg.store import Store

    return store / "generations" / Store(store).current().name


def answers(app) -> list[tuple[int, str]]:
    client = app.test_client()
    found = []
    for path, accept in ROUTES:
        response = client.get(path, headers={"Accept": accept} if accept else {})
        found.append((response.status_code, response.get_data(as_text=True)))
    return found


def message(text: str) -> str:
    """The message of an answer in whichever form it came (JSON, text, HTML page)."""
    found = re.search(r'"message": ?"([^"]*)"', text) or re.search(r'<p class="message">([^<]*)<', text)
    return html.unescape(found.group(1) if found else text).strip()


def test_a_graph_file_gone_is_the_same_503_from_a_warm_and_a_new_worker(store, workers):
    from web.app import backend

    warm = workers()
    backend(warm).warm_up()  # its query processes hold the graph open, its index is in memory
    assert all(status == 200 for status, _ in answers(warm))
    graph = live(store) / "graph"
    victim = max(graph.glob("*.sst"), key=lambda p: p.stat().st_size)
    victim.unlink()
    new = workers()
    for app in (warm, new):
        got = answers(app)
        assert [status for status, _ in got] == [503] * len(ROUTES), got
        said = {message(text) for _, text in got}
        assert len(said) == 1 and "damaged" in said.pop()
        assert not any(str(store) in text or victim.name in text for _, text in got)
    assert [message(t) for _, t in answers(warm)] == [message(t) for _, t in answers(new)]


def test_a_graph_file_of_another_size_is_found_too(store, workers):
    app = workers()
    assert app.test_client().get("/api/stats").status_code == 200
    victim = max((live(store) / "graph").glob("*.sst"), key=lambda p: p.stat().st_size)
    victim.write_bytes(victim.read_bytes()[:-100])
    response = app.test_client().get("/api/stats")
    assert response.status_code == 503 and "damaged" in response.json["error"]["message"]


def test_an_index_byte_flipped_is_the_same_503_from_a_warm_and_a_new_worker(store, workers):
    from web.app import backend

    warm = workers()
    backend(warm).warm_up()
    victim = live(store) / "index" / "dense.faiss"
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size: only the contents tell
    victim.write_bytes(bytes(data))
    new = workers()
    results = []
    for app in (warm, new):
        client = app.test_client()
        search = client.get("/api/search?q=offsets")
        ask = client.get("/api/ask?q=What%20is%20the%20price%20outlook%3F")
        stats = client.get("/api/stats")
        results.append((search.status_code, search.json["error"]["message"], ask.status_code, stats.status_code))
    assert results[0] == results[1]
    assert results[0][0] == 503 and "search index" in results[0][1] and results[0][2:] == (503, 200)


def test_a_copied_store_is_not_taken_for_a_damaged_one(store, tmp_path, workers):
    """Files copied without their times (cp without -p) are whole: sizes match and the full index check passes."""
    copy = tmp_path / "plain-copy"
    subprocess.run(["cp", "-r", str(store), str(copy)], check=True)
    client = workers(copy).test_client()
    assert client.get("/api/search?q=offsets").status_code == 200
    assert client.get("/api/stats").status_code == 200


def test_ingest_writes_the_graph_files_into_the_manifest(store):
    manifest = json.loads((live(store) / "generation.json").read_text())
    on_disk = {p.name: p.stat().st_size for p in (live(store) / "graph").iterdir() if p.is_file()}
    assert manifest["graph_files"] == on_disk and any(name.endswith(".sst") for name in on_disk)


def _shortened(store):
    """Cut 100 bytes off the graph's largest file; returns a function that puts them back."""
    victim = max((live(store) / "graph").glob("*.sst"), key=lambda p: p.stat().st_size)
    data = victim.read_bytes()
    victim.write_bytes(data[:-100])
    return lambda: victim.write_bytes(data)


def test_between_changes_the_files_are_not_stat_ed_again_and_a_change_is_seen_at_once(store, monkeypatch):
    """The kernel's report stands for the stat of every file; a change, and its repair, show at the next check."""
    import kg.store
    from kg.store import Store

    monkeypatch.setattr(kg.store, "FULL_CHECK_EVERY", 3600.0)  # only a reported change may trigger a check
    gen = Store(store).current()
    assert gen.damage() is None
    assert gen._graph_watch.quiet()  # the watch is live: nothing happened since
    restore = _shortened(store)
    assert "has" in gen.damage() and "bytes" in gen.damage()
    restore()
    assert gen.damage() is None
    (live(store) / "graph" / "CURRENT").unlink()
    assert gen.damage() is not None


def test_a_forked_worker_does_not_take_its_parents_reports(store, monkeypatch):
    """gunicorn forks its workers: a child reading the inherited inotify descriptor would leave the parent blind."""
    import multiprocessing

    import kg.store
    from kg.store import Store

    monkeypatch.setattr(kg.store, "FULL_CHECK_EVERY", 3600.0)
    gen = Store(store).current()
    assert gen.damage() is None  # the parent watches
    context = multiprocessing.get_context("fork")
    said = context.Queue()
    _shortened(store)
    child = context.Process(target=lambda: said.put(gen.damage()))
    child.start()
    child_said = said.get(timeout=60)
    child.join(60)
    assert child_said is not None and "bytes" in child_said
    assert gen.damage() == child_said
