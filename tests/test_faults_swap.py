"""A new generation goes live under load without one failed request.

`etskg ingest` writes a new generation into the store a real `etskg serve`
(sec_server) is serving while client threads on loopback send a mix of
SPARQL, search, Q&A, pages and linked data. Every request must be answered
200, some of them sent after the switch (which each worker notices on its
next request and loads the new generation for).

Nothing here races a clock: the ingest starts once enough requests were
answered, and the load stops once enough requests *sent after the switch*
were answered, however slow a busy machine makes either. The deadlines only
bound a run that hangs; the clients stop by themselves at the latest there.
"""
import subprocess
import sys
import threading
import time

import requests

from conftest import ROOT, TEST_DATA

CLIENTS = 4
BEFORE = 20  # requests answered before the ingest starts
AFTER = 40  # requests sent after the switch and answered, before the load stops
DEADLINE = 900  # seconds: bounds the whole test on a machine that hangs, never reached on a slow one
MIX = [
    "/sparql?query=SELECT%20%3Fs%20WHERE%20%7B%20%3Fs%20a%20ets%3ASystem%20%7D&format=json",
    "/api/search?q=Evilland%20offsets&k=3",
    "/api/ask?q=When%20did%20the%20Kestria%20ETS%20start%3F",
    "/systems",
    "/id/system/evilland",
    "/api/entities/system/kestria",
    "/?q=power",
]


def test_ingest_swapped_in_under_load_fails_no_request(sec_server, sec_store, tmp_path):
    from kg.store import Store

    # A document the store does not hold yet: re-ingesting one it holds changes nothing (no new generation).
    added = tmp_path / "swap-under-load-en.txt"
    added.write_text((TEST_DATA / "hostile-en.txt").read_text(encoding="utf-8"), encoding="utf-8")

    before = Store(sec_store).current().name
    deadline = time.monotonic() + DEADLINE
    results: list[tuple[bool, str, int | str]] = []  # (sent after the switch, path, status)
    switched = threading.Event()
    warmed, enough = threading.Event(), threading.Event()
    lock = threading.Lock()

    def client(n: int) -> None:
        session = requests.Session()
        i = n
        while not enough.is_set() and time.monotonic() < deadline:
            after = switched.is_set()
            path = MIX[i % len(MIX)]
            i += 1
            try:
                status = session.get(sec_server + path, timeout=120).status_code
            except requests.RequestException as err:
                status = type(err).__name__
            with lock:
                results.append((after, path, status))
                if len(results) >= BEFORE:
                    warmed.set()
                if sum(1 for sent_after, _, _ in results if sent_after) >= AFTER:
                    enough.set()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    try:
        assert warmed.wait(DEADLINE), "the server answered fewer than BEFORE requests before the deadline"
        ingest = subprocess.run([sys.executable, str(ROOT / "etskg.py"), "ingest", "--quiet", "--store", str(sec_store),
                                 str(added)], cwd=ROOT, capture_output=True, text=True,
                                timeout=DEADLINE)
        switched.set()
        enough.wait(max(0.0, deadline - time.monotonic()))
    finally:
        enough.set()
        for t in threads:
            t.join(150)
    assert ingest.returncode == 0, ingest.stderr[-2000:]
    assert int(Store(sec_store).current().name) > int(before)
    failed = [(path, status) for _, path, status in results if status != 200]
    assert failed == [], failed[:10]
    assert sum(1 for after, _, _ in results if not after) >= BEFORE
    assert sum(1 for after, _, _ in results if after) >= AFTER
