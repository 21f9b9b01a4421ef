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
    # as many systems as the exported facts are about
    code, out, _ = run(capsys, "export-facts", "--store", icap_store)
    about = {json.loads(line)["subject"]["iri"] for line in out.splitlines() if line.strip()}
    assert code == 0 and about and stats["systems"] == len(about)
    assert set(stats["documents"]) == {"icap-2025-en", "icap-2025-zh"} or stats["documents"] == 2


def test_query_formats(icap_store, capsys):
    q = "SELECT ?s WHERE { ?s ets:offsetRule ets-offset:international }"
    code, out, _ = run(capsys, "query", q, "--store", icap_store, "--format", "json")
    assert code == 0
    systems = [r["s"]["value"] for r in json.loads(out)["results"]["bindings"]]
    assert "https://etskg.org/id/system/korea" in systems  # "Korea ... international offsets" in both editions
    code, out, _ = run(capsys, "query", q, "--store", icap_store, "--format", "csv")
    assert out.splitlines() == ["s", *systems]
    code, out, _ = run(capsys, "query", q, "--store", icap_store)
    assert "sys:korea" in out and f"({len(systems)} row{'s' if len(systems) > 1 else ''})" in out


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
    # the general extractor scores F1 0.892 on the bundled report (bench/extract_eval.py); the floor leaves a small margin
    result = subprocess.run([sys.executable, str(SHARED_EVAL / "score.py"), "facts", str(SHARED_EVAL), str(target),
                             "--min-f1", "0.88"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:]


def test_search_command(icap_store, capsys):
    code, out, _ = run(capsys, "search", "韩国 国际抵消", "--store", icap_store, "--json", "--k", "3")
    assert code == 0
    hits = json.loads(out)
    assert hits and any("韩国" in h["text"] or "Korea" in h["text"] for h in hits)


def test_a_place_named_in_a_search_counts_for_the_passages_of_its_systems(icap_store, capsys):
    # Ingest tags passages with systems and saves each system's jurisdiction with the index, so a query
    # naming only the place ("Korea", no "ETS") finds its system's passages through the entity signal.
    code, out, _ = run(capsys, "search", "Korea international credits", "--store", icap_store, "--json", "--k", "5")
    assert code == 0
    hits = json.loads(out)
    korea = "https://etskg.org/id/jurisdiction/korea"
    assert any(korea in h["why"]["entities"] and "entity" in h["why"]["matched"] for h in hits)


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


def one_line_error(code, out, err):
    """The CLI's contract for bad input: status 2, nothing on stdout, one line on stderr; that line."""
    assert code == 2 and out == "", (code, out, err)
    assert err.startswith("etskg: ") and err.count("\n") == 1, err
    return err


@pytest.mark.parametrize("argv,message", [
    (["search", "Korea", "--filter", "sector"], "'sector' is not KEY=VALUE"),
    (["search", "Korea", "--filter", "=power"], "'=power' is not KEY=VALUE"),
    (["search", "Korea", "--filter", "foo=bar"], "unknown filter 'foo': the filters are lang, section, sector, "
                                                 "jurisdiction"),
    (["search", "Korea", "--filter", "lang=fr"], "lang must be zh or en, not 'fr'"),
    (["search", "Korea", "--filter", "sector=power", "--filter", "sector=industry"], "filter 'sector' is given twice"),
    (["search", "Korea", "--lang", "zh", "--filter", "lang=en"], "filter 'lang' is given twice"),
    (["search", "Korea", "--k", "ten"], "argument --k: 'ten' is not a whole number (see etskg search --help)"),
    (["search", "Korea", "--k", "0"], "argument --k: 0 is out of range: it must be at least 1"),
    (["search", "Korea", "--lang", "fr"], "argument --lang: invalid choice: 'fr'"),
    (["query", "ASK {}", "--timeout", "-1"], "argument --timeout: '-1' must be a positive number of seconds"),
    (["serve", "--port", "70000"], "argument --port: 70000 is out of range: it must be from 1 to 65535"),
    (["serve", "--workers", "two"], "argument --workers: 'two' is not a whole number"),
    (["serve", "--rate-limit", "lots"], "argument --rate-limit: 'lots' is not a rate such as 60/minute"),
    (["ingest", "--max-bytes", "1k"], "argument --max-bytes: '1k' is not a whole number"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
])
def test_malformed_arguments_are_one_line_errors(icap_store, capsys, argv, message):
    err = one_line_error(*run(capsys, *argv, "--store", icap_store))
    assert message in err


@pytest.mark.parametrize("params", [
    {"jurisdiction": "korea"},
    {"jurisdiction": "https://etskg.org/id/jurisdiction/korea"},
    {"sector": "maritime"},
    {"section": "review"},
    {"lang": "zh"},
    {"sector": "power", "jurisdiction": "china"},
])
def test_search_filters_give_what_the_api_gives(icap_store, web_client, capsys, params):
    query = "carbon market emissions trading"
    code, out, err = run(capsys, "search", query, "--store", icap_store, "--json", "--k", "8",
                         *[arg for key, value in params.items() for arg in ("--filter", f"{key}={value}")])
    assert code == 0, err
    api = web_client.get("/api/search", query_string={"q": query, "k": 8, **params}).get_json()["results"]
    assert api, params  # each filter keeps some passages: an empty answer on both sides would prove nothing
    assert json.loads(out) == api


def test_search_unknown_filter_is_refused_by_the_api_too(web_client):
    # The same parser (search.filters) reads the API's parameters: lang=fr is refused there with the CLI's words.
    answer = web_client.get("/api/search", query_string={"q": "Korea", "lang": "fr"})
    assert answer.status_code == 400 and answer.get_json()["error"]["message"] == "lang must be zh or en, not 'fr'"


def test_search_batch_names_a_bad_line_and_runs_the_others(icap_store, capsys, tmp_path):
    batch = tmp_path / "queries.jsonl"
    batch.write_text('{"id": "q1", "query": "韩国 国际抵消"}\n'
                     '{"id": "q2", "query": "Korea offsets"\n'  # unclosed object
                     '\n'
                     '["not", "an object"]\n'
                     '{"id": "q3", "query": ""}\n'
                     '{"id": "q4", "query": "Swiss ETS linked with the EU ETS"}\n', encoding="utf-8")
    code, out, err = run(capsys, "search", "--batch", batch, "--store", icap_store, "--k", "2")
    assert code == 2
    assert err.splitlines() == [
        f"etskg: {batch}:2: not a JSON line (Expecting ',' delimiter); line skipped",
        f"etskg: {batch}:4: a JSON list, not an object; line skipped",
    ]
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["q1", "q3", "q4"]
    assert len(rows[0]["results"]) == 2 and rows[1]["error"] == "empty query" and rows[2]["results"]
    # Without a bad line the same batch exits 0.
    batch.write_text('{"id": "q1", "query": "Korea"}\n', encoding="utf-8")
    assert run(capsys, "search", "--batch", batch, "--store", icap_store)[0] == 0


def test_serve_on_a_busy_port_is_one_line_naming_port_before_any_ingest(capsys, tmp_path):
    import socket

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        err = one_line_error(*run(capsys, "serve", "--store", tmp_path / "empty", "--port", port))
    assert f"port {port} on 127.0.0.1 is already in use" in err and "--port" in err
    assert not (tmp_path / "empty").exists()  # refused before the first ingest started


def test_ingest_into_a_read_only_store_is_one_line_and_leaves_it_valid(sec_store, tmp_path, capsys):
    """A store the user may not write (here: no write bits, and root's override of them dropped)."""
    import os
    import shutil
    import subprocess
    import sys

    from conftest import ROOT

    store = tmp_path / "store"
    shutil.copytree(sec_store, store)
    doc = tmp_path / "later-en.txt"
    doc.write_text("Carbon Market Year in Review\n\nOrvania: The Orvania ETS started in 2021 and covers power.\n")
    tree = sorted((str(p.relative_to(store)), p.stat().st_size) for p in store.rglob("*"))
    for path in [store, *store.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    # Root writes anywhere unless it gives up CAP_DAC_OVERRIDE: setpriv drops it for the one command.
    drop = (["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]
            if os.geteuid() == 0 and shutil.which("setpriv") else [])
    try:
        done = subprocess.run(drop + [sys.executable, str(ROOT / "etskg.py"), "ingest", "--quiet", "--store", str(store),
                                      str(doc)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    finally:
        for path in [store, *store.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("etskg: cannot write to the store") and done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert sorted((str(p.relative_to(store)), p.stat().st_size) for p in store.rglob("*")) == tree
    code, out, _ = run(capsys, "query", "ASK { ?s a ets:System }", "--store", store, "--format", "json")
    assert code == 0 and json.loads(out)["boolean"] is True  # the same live generation still answers
