"""The etskg command line: what a user types and sees, through etskg.main."""
import json

import pytest

from conftest import SHARED_EVAL, TEST_DATA
from etskg import main


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_summary_and_stats(icap_store, capsys):
    code, out, err = run(capsys, "stats", "--store", icap_store)
    assert code == 0
    stats = json.loads(out)
    assert stats["systems"] == 58
    assert set(stats["documents"]) == {"icap-2025-en", "icap-2025-zh"} or stats["documents"] == 2


def test_query_formats(icap_store, capsys):
    q = "SELECT ?s WHERE { ?s ets:offsetRule ets-offset:international }"
    code, out, _ = run(capsys, "query", q, "--store", icap_store, "--format", "json")
    assert code == 0
    rows = json.loads(out)["results"]["bindings"]
    assert [r["s"]["value"] for r in rows] == ["https://etskg.org/id/system/korea"]
    code, out, _ = run(capsys, "query", q, "--store", icap_store, "--format", "csv")
    assert out.splitlines() == ["s", "https://etskg.org/id/system/korea"]
    code, out, _ = run(capsys, "query", q, "--store", icap_store)
    assert "sys:korea" in out and "(1 row)" in out


@pytest.mark.parametrize("sparql", ["SELECT ?s WHERE { ?s ?p }", "INSERT DATA { <a:b> <a:c> <a:d> }"])
def test_bad_sparql_is_one_line_error(icap_store, capsys, sparql):
    code, out, err = run(capsys, "query", sparql, "--store", icap_store)
    assert code == 2 and out == ""
    assert err.startswith("etskg: ") and err.count("\n") == 1


def test_export_facts_format(icap_store, capsys, tmp_path):
    target = tmp_path / "facts.jsonl"
    code, _, _ = run(capsys, "export-facts", "--store", icap_store, "-o", target)
    assert code == 0
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(rows) > 300
    row = next(r for r in rows if r["relation"] == "linked_with")
    assert set(row) == {"subject", "relation", "value", "evidence"}
    assert set(row["subject"]["labels"]) == {"zh", "en"} and "iri" in row["value"]
    assert set(row["evidence"]) >= {"doc", "start", "end", "text"}


@pytest.mark.skipif(not (SHARED_EVAL / "score.py").exists(), reason="reference answers live in ../shared/eval")
def test_export_scores(icap_store, capsys, tmp_path):
    import subprocess
    import sys

    target = tmp_path / "facts.jsonl"
    assert main(["export-facts", "--store", str(icap_store), "-o", str(target)]) == 0
    result = subprocess.run([sys.executable, str(SHARED_EVAL / "score.py"), "facts", str(SHARED_EVAL), str(target),
                             "--min-f1", "0.92"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:]


def test_search_command(icap_store, capsys):
    code, out, _ = run(capsys, "search", "韩国 国际抵消", "--store", icap_store, "--json", "--k", "3")
    assert code == 0
    hits = json.loads(out)
    assert hits and any("韩国" in h["text"] or "Korea" in h["text"] for h in hits)


@pytest.mark.parametrize("content,message", [
    (b"", "empty"),
    ("碳市场：碳市场".encode("gbk"), "not UTF-8"),
    (b"\x00\x00binary", "binary"),
])
def test_ingest_errors_are_one_line_and_keep_the_store(icap_store, capsys, tmp_path, content, message):
    from kg.store import Store

    before = Store(icap_store).current().name
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    code, out, err = run(capsys, "ingest", "--quiet", "--store", icap_store, bad)
    assert code == 2 and message in err and err.count("\n") == 1
    assert Store(icap_store).current().name == before


def test_missing_file_and_empty_store(capsys, tmp_path):
    code, _, err = run(capsys, "ingest", "--quiet", "--store", tmp_path / "s", tmp_path / "nope.txt")
    assert code == 2 and "no such file" in err
    code, _, err = run(capsys, "stats", "--store", tmp_path / "empty")
    assert code == 2 and "etskg ingest" in err


def test_unseen_report_through_the_cli(capsys, tmp_path):
    store = tmp_path / "unseen"
    code, out, _ = run(capsys, "ingest", "--quiet", "--store", store, TEST_DATA / "unseen-en.txt", TEST_DATA / "unseen-zh.txt")
    assert code == 0 and "systems 6 (6 labelled zh+en)" in out
    q = "SELECT ?y WHERE { ?s rdfs:label 'Kestria ETS'@en ; ets:startYear ?y }"
    code, out, _ = run(capsys, "query", q, "--store", store, "--format", "csv")
    assert out.splitlines()[1] == "2019-03"
