"""A damaged or missing search index is found at start, said in one line, and fixed by re-running ingest.

`etskg serve` checks the live generation's index before it starts any
worker and `etskg search` when it loads it: both exit with status 2 and a
message naming the file and the fix, never a traceback. Re-running
`etskg ingest` builds a new generation with a whole index, and both work
again.
"""
import shutil
import subprocess
import sys

import pytest
import requests

from conftest import ROOT, TEST_DATA, serve_process, stop_process


def etskg(*args, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "etskg.py"), *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def damage(index, how: str) -> str:
    if how == "flip a byte":
        victim = index / "dense.faiss"
        data = bytearray(victim.read_bytes())
        data[len(data) // 2] ^= 0xFF
        victim.write_bytes(bytes(data))
        return "dense.faiss"
    if how == "delete a file":
        (index / "bm25" / "vocab.index.json").unlink()
        return "vocab.index.json"
    shutil.rmtree(index)  # the whole index
    return "manifest.json"


@pytest.mark.parametrize("how", ["flip a byte", "delete a file", "no index"])
def test_damaged_index_is_refused_at_start_with_the_fix(sec_store, tmp_path, how):
    from kg.store import Store

    store = tmp_path / "store"
    shutil.copytree(sec_store, store)
    named = damage(store / "generations" / Store(store).current().name / "index", how)
    for result in (etskg("serve", "--store", store, "--port", "1", timeout=60),
                   etskg("search", "offsets", "--store", store)):
        assert result.returncode == 2, result.stderr[-2000:]
        assert "Traceback" not in result.stderr
        line = result.stderr.strip()
        assert "\n" not in line and named in line and "re-run etskg ingest" in line


def test_reingest_rebuilds_the_index_and_serving_resumes(sec_store, tmp_path):
    from kg.store import Store

    store = tmp_path / "store"
    shutil.copytree(sec_store, store)
    damage(store / "generations" / Store(store).current().name / "index", "flip a byte")
    assert etskg("search", "offsets", "--store", store).returncode == 2
    assert etskg("ingest", "--quiet", "--store", store, TEST_DATA / "hostile-en.txt").returncode == 0
    found = etskg("search", "Evilland offsets", "--store", store, "--json")
    assert found.returncode == 0 and "Evilland" in found.stdout
    server, url = serve_process(store, "--workers", "1", log_dir=tmp_path)
    try:
        hits = requests.get(url + "/api/search", params={"q": "Evilland offsets"}, timeout=30).json()["results"]
        assert hits and "Evilland" in hits[0]["text"]
    finally:
        stop_process(server)


def test_a_worker_restarted_over_a_damaged_index_serves_the_rest(sec_store, tmp_path):
    """gunicorn stops the whole server when a worker fails to boot: a failed warm-up must not fail the boot."""
    import os
    import signal
    import time

    from kg.store import Store

    store = tmp_path / "store"
    shutil.copytree(sec_store, store)
    server, url = serve_process(store, "--workers", "1", log_dir=tmp_path)
    try:
        children = map(int, open(f"/proc/{server.pid}/task/{server.pid}/children").read().split())
        # The server also runs its nginx front (web/front.py) as a child when nginx is installed.
        [worker] = [pid for pid in children if "nginx" not in open(f"/proc/{pid}/cmdline").read()]
        damage(store / "generations" / Store(store).current().name / "index", "flip a byte")
        os.kill(worker, signal.SIGKILL)  # a crash: gunicorn starts a new worker, which loads the damaged index
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                stats = requests.get(url + "/api/stats", timeout=30)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        assert server.poll() is None and stats.status_code == 200
        search = requests.get(url + "/api/search", params={"q": "offsets"}, timeout=30)
        assert search.status_code == 503 and "re-run 'etskg ingest'" in search.json()["error"]["message"]
    finally:
        stop_process(server)


def test_adding_a_report_keeps_the_earlier_reports_passages_searchable(sec_store, tmp_path):
    """Nothing lost: the graph inherits earlier reports, and so must the search index, with their facets."""
    import json

    store = tmp_path / "store"
    shutil.copytree(sec_store, store)
    assert etskg("ingest", "--quiet", "--store", store, TEST_DATA / "unseen-en.txt").returncode == 0

    def docs(*args):
        found = etskg("search", *args, "--store", store, "--json", "--k", "10")
        assert found.returncode == 0, found.stderr
        return {hit["doc"] for hit in json.loads(found.stdout)}

    assert "hostile-en" in docs("Evilland registry")
    assert "unseen-en" in docs("Kestria Valdoria linked")
    assert "hostile-en" in docs("Evilland", "--filter", "sector=power")
