"""Generations: a build goes live only when complete; failures and kills leave the old one live."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.load import load_ingested
from kg.query import run_query
from kg.store import Store, StoreError, default_store_dir

ROOT = Path(__file__).resolve().parent.parent
CELDOR = "ASK { sys:celdor ?p ?o }"


def test_an_exception_inside_the_build_keeps_the_previous_generation(kg_store, kg_later_report):
    live = kg_store.current()
    with pytest.raises(RuntimeError, match="boom"):
        with kg_store.new_generation() as gen:
            load_ingested(gen, kg_later_report)
            building = gen.path
            raise RuntimeError("boom")
    assert not building.exists()
    assert kg_store.current().name == live.name
    assert run_query(kg_store.current(), "ASK { sys:arland ets:status ets-status:in_force }").boolean
    assert not run_query(kg_store.current(), CELDOR).boolean


# Starts a build and bulk-loads an endless stream of quads; says "loading"
# once it is under way, so that the test can SIGKILL it mid-load.
KILLED_BUILD = """
import sys
import pyoxigraph as ox
from kg.store import Store

def endless():
    i = 0
    while True:
        if i == 5000:
            print("loading", flush=True)
        yield ox.Quad(ox.NamedNode(f"https://etskg.org/id/system/x{i}"), ox.NamedNode("https://etskg.org/ontology#region"),
                      ox.Literal("x"), ox.NamedNode("https://etskg.org/id/graph/x"))
        i += 1

with Store(sys.argv[1]).new_generation() as gen:
    gen.writable().bulk_extend(endless())
"""


def test_a_killed_build_leaves_the_previous_graph_intact(kg_store, kg_later_report):
    live = kg_store.current()
    child = subprocess.Popen([sys.executable, "-c", KILLED_BUILD, str(kg_store.dir)], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert child.stdout.readline().strip() == "loading"
        stale = kg_store.generations_dir / str(int(live.name) + 1)
        assert (stale / "graph").exists()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL
    # A fresh reader sees the old generation, complete.
    reopened = Store(kg_store.dir).current()
    assert reopened.name == live.name
    assert run_query(reopened, "SELECT (COUNT(*) AS ?n) WHERE { ?s ets:status ?o }").rows[0]["n"].toPython() == 2
    # The next build removes the debris and goes live.
    with kg_store.new_generation() as gen:
        load_ingested(gen, kg_later_report)
    assert not stale.exists()
    assert run_query(kg_store.current(), CELDOR).boolean
    assert not run_query(kg_store.current(), "ASK { sys:x1 ?p ?o }").boolean


def test_only_one_writer_at_a_time(kg_store):
    with kg_store.new_generation():
        with pytest.raises(StoreError, match="another process is building"):
            with Store(kg_store.dir).new_generation():
                pass


def test_readers_keep_their_generation_while_a_new_one_goes_live(kg_store, kg_later_report):
    reader = kg_store.current()
    assert not run_query(reader, CELDOR).boolean
    with kg_store.new_generation() as gen:
        load_ingested(gen, kg_later_report)
        assert not run_query(kg_store.current(), CELDOR).boolean  # not live before the block ends
    assert not run_query(reader, CELDOR).boolean
    assert reader.graph().query(CELDOR).askAnswer is False
    assert run_query(kg_store.current(), CELDOR).boolean


def test_queries_during_the_build_see_the_new_data(kg_store, kg_later_report):
    with kg_store.new_generation() as gen:
        load_ingested(gen, kg_later_report)
        assert run_query(gen, CELDOR).boolean
        assert gen.graph().query(CELDOR).askAnswer


def test_a_build_makes_the_merged_default_graph_once_and_again_only_after_writes(kg_store, kg_later_report,
                                                                                monkeypatch):
    import pyoxigraph as ox

    import kg.store

    merges = []
    real = kg.store.refresh_merge
    monkeypatch.setattr(kg.store, "refresh_merge", lambda store: (merges.append(len(store)), real(store))[1])
    with kg_store.new_generation() as gen:
        load_ingested(gen, kg_later_report)
        assert run_query(gen, CELDOR).boolean
        assert run_query(gen, CELDOR).boolean
        assert len(merges) == 1
        extra = ox.NamedNode("https://example.org/extra")
        gen.writable().add(ox.Quad(extra, extra, extra, ox.NamedNode("https://example.org/graph")))
        assert run_query(gen, "ASK { <https://example.org/extra> ?p ?o }").boolean
    assert len(merges) == 2  # the commit found the merge fresh
    live = kg_store.current()
    assert run_query(live, "ASK { <https://example.org/extra> ?p ?o }").boolean
    if live.remote is None:  # embedded: the default graph is exactly the set of the named graphs' triples
        store = live.oxigraph()
        named = {q.triple for q in store.quads_for_pattern(None, None, None) if q.graph_name != ox.DefaultGraph()}
        # Facts are the current view (kg/views.py: the later report's sectors replace Arland's), the rest the merge.
        from kg.namespaces import ETS
        from kg.views import VIEW_PROPERTIES
        # The view also flags disagreements between documents of one date (ets:inConflict): view triples too.
        viewed = {ox.NamedNode(p) for p in VIEW_PROPERTIES} | {ox.NamedNode(str(ETS.inConflict))}
        merged = {q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
        assert {t for t in merged if t.predicate not in viewed} == {t for t in named if t.predicate not in viewed}


def test_reopening_is_instant_and_rebuilds_nothing(kg_store):
    before = sorted(p.name for p in kg_store.generations_dir.iterdir())
    started = time.perf_counter()
    gen = Store(kg_store.dir).current()
    answer = gen.graph().query("SELECT (COUNT(*) AS ?n) WHERE { ?s a ets:System }")
    elapsed = time.perf_counter() - started
    assert int(next(iter(answer)).n) == 2
    assert elapsed < 5  # opening, not rebuilding (tens of seconds); the margin is for a busy machine
    assert sorted(p.name for p in kg_store.generations_dir.iterdir()) == before


def test_old_generations_are_pruned(tmp_path, kg_ingested):
    store = Store(tmp_path / "s", keep=2)
    for _ in range(4):
        with store.new_generation() as gen:
            load_ingested(gen, kg_ingested)
    assert [g.name for g in store.generations()] == ["3", "4"]
    assert store.current().name == "4"
    assert store.current().manifest["validated"] is True


def test_an_empty_store_has_no_generation(tmp_path):
    assert Store(tmp_path / "nothing").current() is None


def test_default_store_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("ETSKG_STORE", str(tmp_path / "elsewhere"))
    assert default_store_dir() == tmp_path / "elsewhere"
    assert Store().dir == tmp_path / "elsewhere"
    monkeypatch.delenv("ETSKG_STORE")
    assert default_store_dir() == Path("data")
