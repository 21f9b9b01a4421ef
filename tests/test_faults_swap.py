"""A new generation goes live under load without one failed request.

`etskg ingest` writes a new generation into the store a real `etskg serve`
(sec_server) is serving while client threads on loopback send a bounded
mix of SPARQL, search, Q&A, pages and linked data. Every request must be
answered 200, some of them after the switch (which each worker notices on
its next request and loads the new generation for).
"""
import subprocess
import sys
import threading
import time

import requests

from conftest import ROOT, TEST_DATA

CLIENTS = 4
MAX_REQUESTS = 3000  # across all clients, whatever the time
AFTER_SWITCH = 3.0  # seconds of load once the new generation is live
MIX = [
    "/sparql?query=SELECT%20%3Fs%20WHERE%20%7B%20%3Fs%20a%20ets%3ASystem%20%7D&format=json",
    "/api/search?q=Evilland%20offsets&k=3",
    "/api/ask?q=When%20did%20the%20Kestria%20ETS%20start%3F",
    "/systems",
    "/id/system/evilland",
    "/api/entities/system/kestria",
    "/?q=power",
]


def test_ingest_swapped_in_under_load_fails_no_request(sec_server, sec_store):
    from kg.store import Store

    before = Store(sec_store).current().name
    results: list[tuple[float, str, int | str]] = []
    budget = [MAX_REQUESTS]
    stop = threading.Event()
    lock = threading.Lock()

    def client(n: int) -> None:
        session = requests.Session()
        i = n
        while not stop.is_set():
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            path = MIX[i % len(MIX)]
            i += 1
            try:
                status = session.get(sec_server + path, timeout=30).status_code
            except requests.RequestException as err:
                status = type(err).__name__
            with lock:
                results.append((time.monotonic(), path, status))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    try:
        time.sleep(1.0)
        ingest = subprocess.run([sys.executable, str(ROOT / "etskg.py"), "ingest", "--quiet", "--store", str(sec_store),
                                 str(TEST_DATA / "hostile-en.txt")], cwd=ROOT, capture_output=True, text=True,
                                timeout=300)
        switched = time.monotonic()
        time.sleep(AFTER_SWITCH)
    finally:
        stop.set()
        for t in threads:
            t.join(60)
    assert ingest.returncode == 0, ingest.stderr[-2000:]
    assert int(Store(sec_store).current().name) > int(before)
    failed = [(path, status) for _, path, status in results if status != 200]
    assert failed == [], failed[:10]
    assert sum(1 for at, _, _ in results if at < switched) > 20
    assert sum(1 for at, _, _ in results if at > switched) > 20
