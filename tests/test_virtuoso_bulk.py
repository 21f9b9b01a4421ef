"""Uploads through Virtuoso's bulk loader (kg/backends/virtuoso_bulk.py), into the suite's local Virtuoso.

One server holds one store's graphs (a writer drops the etskg graphs its
store does not use), so each test builds its stores one after the other.
"""
from pathlib import Path

import pyoxigraph as ox
import pytest

from etskg import main
from kg.backends.sparql import STAGING, InsertData, _digest, _lines
from kg.backends.virtuoso_bulk import BulkLoader
from kg.export import export_facts
from kg.load import load_ingested
from kg.query import run_query
from kg.store import Store, StoreError

SYSTEMS = "SELECT ?s WHERE { ?s a ets:System } ORDER BY ?s"


def server_graphs(gen) -> dict[str, str]:
    """Each of the generation's graphs (and its merge) as the server holds it: IRI -> digest."""
    names = [*gen.manifest["graphs"], gen.manifest["merge"]["iri"]]
    copy = ox.Store()
    for g in names:
        copy.bulk_extend(gen.remote.download(g))
    return {g: _digest(_lines(copy, ox.NamedNode(g))) for g in names}


def snapshot(store: Store) -> dict:
    gen = store.current()
    return {"graphs": server_graphs(gen), "facts": sorted(map(repr, export_facts(gen))),
            "systems": [str(r["s"]) for r in run_query(gen, SYSTEMS).rows]}


def build(store: Store, *runs) -> dict:
    for ingested in runs:
        with store.new_generation() as gen:
            load_ingested(gen, ingested)
    return snapshot(store)


def test_a_bulk_upload_leaves_the_same_graphs_as_insert_data(tmp_path, kg_endpoint, kg_bulk_environment,
                                                             kg_ingested, kg_later_report, monkeypatch):
    """First generation (new graphs), then a second (changed graphs under staging IRIs, moved in by the swap)."""
    with monkeypatch.context() as plain:
        for name in kg_bulk_environment:
            plain.delenv(name)
        by_insert = [build(Store(tmp_path / "insert", graph=kg_endpoint), kg_ingested),
                     build(Store(tmp_path / "insert", graph=kg_endpoint), kg_later_report)]

    def refuse(self, graph, lines):
        raise AssertionError("INSERT DATA used while the bulk loader is configured")

    monkeypatch.setattr(InsertData, "add", refuse)
    store = Store(tmp_path / "bulk", graph=kg_endpoint)
    by_bulk = [build(store, kg_ingested), build(store, kg_later_report)]

    for insert, bulk in zip(by_insert, by_bulk):
        assert list(insert["graphs"].values()) == list(bulk["graphs"].values())  # same content, graph by graph
        assert insert["facts"] and insert["facts"] == bulk["facts"]
        assert insert["systems"] == bulk["systems"]
    assert by_bulk[1]["systems"] != by_bulk[0]["systems"]  # the second report's Celdor ETS arrived
    gen = store.current()
    assert gen.remote.live_generation() == gen.name
    assert not any(g.startswith(STAGING) for g in gen.remote._graphs_on_server())
    assert list(Path(kg_bulk_environment["ETSKG_VIRTUOSO_BULK_DIR"]).iterdir()) == []  # upload files removed


def test_a_refused_bulk_load_is_one_line_and_the_live_graph_stays(tmp_path, kg_endpoint, kg_bulk_environment,
                                                                  kg_ingested, kg_later_report, monkeypatch, capsys):
    store = Store(tmp_path / "store", graph=kg_endpoint)
    before = build(store, kg_ingested)
    files = Path(kg_bulk_environment["ETSKG_VIRTUOSO_BULK_DIR"])
    monkeypatch.setenv("ETSKG_VIRTUOSO_PASSWORD", "wrong")
    with pytest.raises(StoreError, match="bulk loader at .* failed: .*Bad login"):
        build(store, kg_later_report)
    assert snapshot(store) == before
    live = store.current()
    assert live.remote.live_generation() == live.name
    assert not any(g.startswith(STAGING) for g in live.remote._graphs_on_server())
    assert list(files.iterdir()) == []

    monkeypatch.setenv("ETSKG_VIRTUOSO_SQL", "127.0.0.1:9")  # nothing listens there
    later = Path(__file__).parent / "data" / "unseen-en.txt"
    assert main(["ingest", "--quiet", "--store", kg_endpoint, "--data", str(store.dir), str(later)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("etskg: Virtuoso's bulk loader at 127.0.0.1:9 failed") and err.count("\n") == 1
    assert snapshot(store) == before and list(files.iterdir()) == []


def test_a_graph_the_loader_rejects_is_an_error_not_a_partial_graph(tmp_path, kg_endpoint, kg_bulk_environment):
    from kg.backends.sparql import Endpoint, EndpointError

    env = kg_bulk_environment
    loader = BulkLoader(Path(env["ETSKG_VIRTUOSO_BULK_DIR"]), env["ETSKG_VIRTUOSO_SQL"],
                        env["ETSKG_VIRTUOSO_USER"], env["ETSKG_VIRTUOSO_PASSWORD"])
    graph = STAGING + "bulk-test/0"
    try:
        loader.add(graph, [b'<urn:a> <urn:b> <urn:c> .', b'<urn:a> <urn:b> "unterminated .'])
        loader.add(graph, [b'<urn:a> <urn:b> <urn:d> .'])
        with pytest.raises(EndpointError, match=r"bulk loader at .* failed: .*line \d+: Unterminated"):
            loader.load()
    finally:
        loader.close()
    endpoint = Endpoint(kg_endpoint)
    assert not endpoint._select_all(f"SELECT * WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")  # the file rolled back whole
    assert not loader.directory.exists()
