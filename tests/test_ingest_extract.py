"""Extraction: systems and facts come out of the text, also for a report never seen before."""
import csv
import json
import subprocess
import sys

import pytest

from conftest import SHARED_EVAL, TEST_DATA
from ingest.pipeline import ingest_files

SCORE = SHARED_EVAL / "score.py"


def facts_of(ingested):
    labels = {e.iri: e.labels for e in ingested.entities}
    out = set()
    for f in ingested.facts:
        subject = labels[f.subject].get("en") or labels[f.subject].get("zh")
        value = f.value
        if f.relation in ("linked_with", "linkage_planned", "jurisdiction"):
            value = labels[f.value].get("en") or labels[f.value].get("zh")
        out.add((subject, f.relation, value))
    return out


@pytest.fixture(scope="module")
def unseen():
    return ingest_files([TEST_DATA / "unseen-en.txt", TEST_DATA / "unseen-zh.txt"])


def test_unseen_report_yields_its_systems_with_both_labels(unseen):
    systems = [e for e in unseen.entities if e.kind == "System"]
    names = {e.labels.get("en") for e in systems}
    assert {"Kestria ETS", "Valdoria ETS", "Sarovia ETS"} <= names
    assert all(set(e.labels) == {"en", "zh"} for e in systems)
    kestria = next(e for e in systems if e.labels["en"] == "Kestria ETS")
    assert kestria.labels["zh"] == "凯斯特里亚碳市场"


def expected_unseen():
    with open(TEST_DATA / "unseen-facts.tsv", encoding="utf-8") as fh:
        return {(r["system"], r["relation"], r["value"]) for r in csv.DictReader(fh, delimiter="\t")}


def test_unseen_report_yields_exactly_its_facts(unseen):
    assert facts_of(unseen) == expected_unseen()


@pytest.mark.parametrize("edition", ["unseen-en.txt", "unseen-zh.txt"])
def test_each_edition_alone_yields_the_same_facts(unseen, edition):
    """Either edition on its own states the same facts; Chinese names map to English through the merged entities."""
    to_en = {}
    for e in unseen.entities:
        if {"zh", "en"} <= set(e.labels):
            to_en[e.labels["zh"]] = e.labels["en"]
    alone = {(to_en.get(s, s), r, to_en.get(v, v)) for s, r, v in facts_of(ingest_files([TEST_DATA / edition]))}
    assert alone == expected_unseen()


def test_evidence_offsets_point_at_their_text(unseen):
    texts = {d.doc: open(d.path, encoding="utf-8").read() for d in unseen.documents}
    for f in unseen.facts:
        for ev in f.evidence:
            raw = texts[ev.doc][ev.start:ev.end]
            assert "".join(raw.split()) == "".join(ev.text.split())


@pytest.mark.skipif(not SCORE.exists(), reason="reference answers live in ../shared/eval")
@pytest.mark.parametrize("files,minimum", [
    (["icap-2025-zh.txt"], 0.90),
    (["icap-2025-en.txt"], 0.90),
    (["icap-2025-en.txt", "icap-2025-zh.txt"], 0.92),
])
def test_bundled_report_scores(tmp_path, corpus_dir, files, minimum):
    ingested = ingest_files([corpus_dir / f for f in files])
    labels = {e.iri: e.labels for e in ingested.entities}
    out = tmp_path / "facts.jsonl"
    with open(out, "w", encoding="utf-8") as fh:
        for f in ingested.facts:
            value = {"iri": f.value, "labels": labels[f.value]} if f.value in labels else f.value
            ev = f.evidence[0]
            fh.write(json.dumps({"subject": {"iri": f.subject, "labels": labels[f.subject]}, "relation": f.relation,
                                 "value": value, "evidence": {"doc": ev.doc, "start": ev.start, "end": ev.end, "text": ev.text}},
                                ensure_ascii=False) + "\n")
    result = subprocess.run([sys.executable, str(SCORE), "facts", str(SHARED_EVAL), str(out), "--min-f1", str(minimum)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    for line in result.stdout.splitlines():
        if " F1 " in line and not line.startswith("facts overall"):
            assert float(line.split("F1")[1].split()[0]) >= 0.75, line
    if len(files) == 2:
        systems = [e for e in ingested.entities if e.kind == "System"]
        assert sum(1 for e in systems if set(e.labels) == {"zh", "en"}) >= 0.95 * len(systems)
