"""`etskg ingest` killed with SIGKILL at random moments, again and again, never damages what is served.

A copy of the bundled report's store (one live generation) is re-ingested
and the ingest process is SIGKILLed after a random delay spread over a
whole run (reading, extraction, graph load, index build, validation,
commit), 15 times. After each kill the live generation must be complete:
the one before, or a new one if the run got to its commit; its graph
answers a query and its search index loads (every file's SHA-256 checked
against its manifest) and answers a search. A last, uninterrupted ingest
cleans up what the killed ones left and goes live.
"""
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, TEST_DATA

KILLS = 15
WAIT = 900  # seconds for one whole ingest: bounds a hung run, not a slow one (minutes on a busy machine)


_added = iter(range(10**6))


def ingest(store) -> subprocess.Popen:
    """An ingest that has work to do: it adds a document the store does not hold yet (re-ingesting a held one
    is a no-op that writes nothing, and there would be nothing to kill)."""
    doc = Path(store).parent / f"added-{next(_added)}-en.txt"
    doc.write_text((TEST_DATA / "hostile-en.txt").read_text(encoding="utf-8"), encoding="utf-8")
    return subprocess.Popen([sys.executable, str(ROOT / "etskg.py"), "ingest", "--quiet", "--store", str(store), str(doc)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def assert_serving(store) -> str:
    """The live generation's graph and search index both answer; its name."""
    from kg.query import run_query
    from kg.store import Store
    from search.searcher import Searcher

    gen = Store(store).current()
    assert run_query(gen, "ASK { sys:korea ets:startYear ?y }").boolean is True
    hits = Searcher.load(gen.path / "index").search("韩国 国际抵消", k=3)
    assert hits and any("Korea" in h["text"] or "韩国" in h["text"] for h in hits)
    return gen.name


def test_sigkill_at_random_points_leaves_graph_and_index_serving(icap_store, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(icap_store, store)
    live = assert_serving(store)
    started = time.monotonic()
    full = ingest(store)
    assert full.wait(WAIT) == 0
    run_seconds = time.monotonic() - started  # how long one whole run takes here, now
    live = assert_serving(store)
    rng = random.Random(20261123)
    outcomes = []
    while sum(1 for _, how, _ in outcomes if how == "killed") < KILLS and len(outcomes) < KILLS + 10:
        delay = rng.uniform(0.2, 0.9 * run_seconds)
        process = ingest(store)
        time.sleep(delay)
        finished = process.poll() is not None
        if not finished:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        now = assert_serving(store)
        assert now == live or (int(now) > int(live) and (store / "generations" / now / "generation.json").exists())
        outcomes.append((round(delay, 1), "finished" if finished else "killed", now))
        live = now
    assert sum(1 for _, how, _ in outcomes if how == "killed") == KILLS, outcomes
    final = ingest(store)
    assert final.wait(WAIT) == 0
    assert int(assert_serving(store)) > int(live)
    leftovers = [p.name for p in (store / "generations").iterdir() if not (p / "generation.json").exists()]
    assert leftovers == [], outcomes
