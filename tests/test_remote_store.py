"""The graph on an external SPARQL store (a local Virtuoso): what only that backend does.

The graph tests (tests/test_kg_*.py) run on this backend too, through the
parametrized ``kg_store`` fixture; these check uploads, the swap, the dataset
each query sees, errors, migration from the embedded store and the CLI.
"""
import json

import pyoxigraph as ox
import pytest
from conftest import KG_SYS, TEST_DATA

from etskg import main
from kg.backends.sparql import LIVE, MERGES, STAGING, Endpoint
from kg.export import export_facts
from kg.load import load_ingested
from kg.query import QueryError, run_query
from kg.store import Store, StoreError

GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"


@pytest.fixture
def remote_store(tmp_path, kg_endpoint, kg_ingested):
    store = Store(tmp_path / "store", graph=kg_endpoint)
    with store.new_generation() as gen:
        load_ingested(gen, kg_ingested)
    return store


def test_the_manifest_records_the_endpoint_and_nothing_is_kept_locally(remote_store, kg_endpoint):
    gen = Store(remote_store.dir).current()  # no URL given: the manifest says where the graph is
    assert gen.manifest["graph"] == kg_endpoint and gen.remote.url == kg_endpoint
    assert not gen.graph_path.exists()
    assert set(gen.manifest["graphs"]) == set(gen.manifest["named_graphs"])
    assert gen.manifest["merge"]["iri"] == MERGES + gen.name
    assert gen.remote.live_generation() == gen.name
    with pytest.raises(StoreError, match="use run_query"):
        gen.oxigraph()


def test_a_query_sees_exactly_the_generation_s_graphs(remote_store):
    """Not the server's own graphs, nor merges, the marker or staging graphs; on both ways of naming them."""
    gen = remote_store.current()
    endpoint = gen.remote
    endpoint.update(f"INSERT DATA {{ GRAPH <{STAGING}99/0> {{ <urn:x> <urn:y> <urn:z> }} }}")
    try:
        expected = gen.manifest["named_graphs"]
        assert [str(r["g"]) for r in run_query(gen, GRAPHS).rows] == expected
        by_protocol = Endpoint(endpoint.url, expected, endpoint.merge, virtuoso=False)  # SPARQL 1.1 protocol parameters
        for remote in (endpoint, by_protocol):
            assert [str(r.g) for r in remote.dataset().query(GRAPHS)] == expected
            count = remote.dataset().query("SELECT (COUNT(*) AS ?n) WHERE { ?s ets:status ets-status:in_force }")
            assert int(next(iter(count)).n) == 1  # the default graph is the merge: stated twice, counted once
    finally:
        endpoint.update(f"DROP SILENT GRAPH <{STAGING}99/0>")


def test_a_new_generation_uploads_only_what_changed(remote_store, kg_later_report):
    first = remote_store.current()
    with remote_store.new_generation() as gen:
        load_ingested(gen, kg_later_report)
        staging = ox.Store()
        staging.bulk_extend(gen.oxigraph())  # as the commit sees it: with the merged default graph
    second = remote_store.current()
    assert second.name != first.name and second.remote.live_generation() == second.name
    before, after = first.manifest["graphs"], second.manifest["graphs"]
    assert after["https://etskg.org/id/graph/report-en"] == before["https://etskg.org/id/graph/report-en"]
    assert second.manifest["merge"]["sha1"] != first.manifest["merge"]["sha1"]
    # The previous generation's merge stays until the next writer: its default-graph readers finish.
    assert not run_query(first, "ASK { sys:celdor ?p ?o }").boolean
    # Staging what is live already uploads nothing, and the swap only moves the marker.
    staged = second.remote.stage(staging, "3", second.manifest)
    assert staged.moves == {} and staged.drops == [] and staged.graphs == after
    assert staged.merge == second.manifest["merge"]
    assert run_query(second, "ASK { sys:celdor ets:level ets-level:city }").boolean


def test_a_merge_of_the_same_size_but_other_content_is_uploaded(remote_store):
    """The live merge is reused only when its digest matches, not its triple count alone."""
    from kg.load import refresh_merge

    live = remote_store.current()
    staging = ox.Store()
    staging.bulk_extend(live.quads())
    old = next(q for q in staging.quads_for_pattern(None, None, None) if isinstance(q.object, ox.Literal))
    changed = ox.Quad(old.subject, old.predicate, ox.Literal(old.object.value + " (revised)"), old.graph_name)
    staging.remove(old)
    staging.add(changed)
    refresh_merge(staging)
    staged = live.remote.stage(staging, "9", live.manifest)
    try:
        assert staged.merge["iri"] == MERGES + "9" and staged.merge["triples"] == live.manifest["merge"]["triples"]
        assert staged.merge["sha1"] != live.manifest["merge"]["sha1"]
        assert changed.triple in {q.triple for q in live.remote.download(MERGES + "9")}
    finally:
        staged.discard()


def test_the_next_writer_drops_debris_and_graphs_no_longer_loaded(remote_store, kg_later_report):
    endpoint = remote_store.current().remote
    stray = "https://etskg.org/id/graph/gone-report"
    endpoint.update(f"INSERT DATA {{ GRAPH <{STAGING}7/0> {{ <urn:x> <urn:y> <urn:z> }} "
                    f"GRAPH <{stray}> {{ <urn:x> <urn:y> <urn:z> }} }}")
    kg_later_report.entities = [e for e in kg_later_report.entities if "arland" not in e.iri]
    kg_later_report.facts = [f for f in kg_later_report.facts if "arland" not in f.subject]
    with remote_store.new_generation(inherit=False) as gen:
        load_ingested(gen, kg_later_report)
    on_server = set(endpoint._graphs_on_server())
    # The first generation's merge stays (its readers may still be at work) until the next writer.
    assert on_server == {"https://etskg.org/id/graph/report-later", "https://etskg.org/ontology", LIVE,
                         MERGES + "1", MERGES + remote_store.current().name}
    assert not run_query(remote_store.current(), "ASK { sys:arland ?p ?o }").boolean


def test_a_failed_validation_leaves_the_live_graph_and_no_staging(remote_store, kg_later_report):
    live = remote_store.current()
    kg_later_report.facts[1].value = "metropolis"  # not a level
    with pytest.raises(StoreError):
        with remote_store.new_generation() as gen:
            load_ingested(gen, kg_later_report)
    assert remote_store.current().name == live.name and live.remote.live_generation() == live.name
    assert not any(g.startswith(STAGING) for g in live.remote._graphs_on_server())
    assert not run_query(remote_store.current(), "ASK { sys:celdor ?p ?o }").boolean


def test_an_embedded_store_moves_to_the_endpoint(tmp_path, kg_endpoint, kg_ingested, kg_later_report):
    store = Store(tmp_path / "store")
    with store.new_generation() as gen:
        load_ingested(gen, kg_ingested)
    assert store.current().remote is None
    with Store(store.dir, graph=kg_endpoint).new_generation() as gen:  # inherits the embedded graphs
        load_ingested(gen, kg_later_report)
    current = Store(store.dir).current()
    assert current.remote.url == kg_endpoint
    systems = run_query(current, "SELECT ?s WHERE { ?s a ets:System } ORDER BY ?s").rows
    assert [str(r["s"]) for r in systems] == [KG_SYS + n for n in ("arland", "borovia", "celdor")]


def test_an_unreachable_endpoint_is_one_line(tmp_path, remote_store, capsys):
    gen = remote_store.current()
    manifest = gen.manifest | {"graph": "sparql+http://127.0.0.1:9/sparql"}
    (gen.path / "generation.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert main(["stats", "--store", str(remote_store.dir)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("etskg: cannot reach the SPARQL endpoint sparql+http://127.0.0.1:9/sparql") and err.count("\n") == 1
    with pytest.raises(QueryError, match="cannot reach"):
        run_query(type(gen)(gen.path), "ASK {}")


def test_the_cli_gives_the_same_facts_on_both_backends(tmp_path, kg_endpoint, capsys):
    files = [str(TEST_DATA / "unseen-en.txt"), str(TEST_DATA / "unseen-zh.txt")]
    embedded, data = tmp_path / "embedded", tmp_path / "data"
    assert main(["ingest", "--quiet", "--store", str(embedded), *files]) == 0
    assert main(["ingest", "--quiet", "--store", kg_endpoint, "--data", str(data), *files]) == 0
    capsys.readouterr()
    outputs = {}
    for name, where in (("embedded", ["--store", str(embedded)]), ("remote", ["--store", kg_endpoint, "--data", str(data)]),
                        ("remote-by-dir", ["--store", str(data)])):
        assert main(["export-facts", *where]) == 0
        outputs[name] = sorted(capsys.readouterr().out.splitlines())
        assert main(["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s a ets:System }", "--format", "csv", *where]) == 0
        outputs[name + " systems"] = capsys.readouterr().out
        assert main(["search", "emissions trading", "--json", "--k", "3", *where]) == 0
        outputs[name + " search"] = [hit["id"] for hit in json.loads(capsys.readouterr().out)]
    assert outputs["embedded"] and outputs["embedded"] == outputs["remote"] == outputs["remote-by-dir"]
    assert outputs["embedded systems"] == outputs["remote systems"] != "n\n0\n"
    assert outputs["embedded search"] and outputs["embedded search"] == outputs["remote search"] == outputs["remote-by-dir search"]
    assert list(export_facts(Store(data).current()))  # the library reads the same directory
