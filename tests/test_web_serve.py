"""`etskg serve` over an empty store: it ingests the bundled report (progress on stderr), then serves.

This once hung: gunicorn forked its workers from the process that had run
the ingest, and they waited forever on a lock. The test starts the real
command and waits for real answers.
"""
import os
import re
import subprocess
import sys
import time

import requests

from conftest import ROOT, stop_process, web_free_port
from search.index import VECTOR_CACHE_ENV


def test_serve_ingests_an_empty_store_then_serves(tmp_path):
    store = tmp_path / "empty-store"
    port = web_free_port()
    err_path = tmp_path / "serve.err"
    # A first run on a new machine: no vectors known from the session's other ingests, so the encoding shows.
    env = {k: v for k, v in os.environ.items() if k != VECTOR_CACHE_ENV}
    with open(err_path, "w") as err:
        server = subprocess.Popen([sys.executable, str(ROOT / "etskg.py"), "serve", "--store", str(store),
                                   "--port", str(port), "--workers", "1"],
                                  cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 900  # bounds a hang: the first ingest takes minutes on a busy machine
        stats = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                stats = requests.get(url + "/api/stats", timeout=max(1.0, deadline - time.monotonic()))
                break
            except requests.ConnectionError:
                time.sleep(0.5)
        log = err_path.read_text()
        assert stats is not None and stats.status_code == 200, log[-3000:]
        assert "ingesting the bundled report first" in log and "ingest:" in log  # progress bar on stderr
        # The search index's encoding, the longest step, counts its chunks up to the total.
        assert re.search(r"encoding passage chunks: 100%\|[^|]*\| (\d+)/\1 ", log), log[-3000:]
        assert stats.json()["systems"] > 50
        ask = requests.get(url + "/sparql", params={"query": "ASK { sys:korea ?p ?o }"}, timeout=30)
        assert ask.json()["boolean"] is True
        assert requests.get(url + "/api/search", params={"q": "Korea"}, timeout=30).json()["results"]
    finally:
        stop_process(server)
