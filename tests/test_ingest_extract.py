"""Extraction: systems and facts come out of the text, also for a report never seen before.

The unseen report (tests/data/unseen-*.txt) names only invented places, so
nothing about it can come from the gazetteer: its systems are found from
the text and the two editions are merged through their aligned paragraphs.
Systems are matched to the expected ones by any of their names or by their
jurisdiction, as ../shared/eval/score.py matches them.
"""
import csv
import json
import subprocess
import sys

import pytest

from conftest import ROOT, SHARED_EVAL, TEST_DATA
from ingest.pipeline import ingest_files
from kg.views import current_facts

SCORE = SHARED_EVAL / "score.py"
ENTITY = ("linked_with", "linkage_planned")


def expected_unseen():
    with open(TEST_DATA / "unseen-facts.tsv", encoding="utf-8") as fh:
        return {(r["system"], r["relation"], r["value"]) for r in csv.DictReader(fh, delimiter="\t")}


def names_of(e):
    return set(e.labels.values()) | {a for names in e.aliases.values() for a in names}


def system_of(ingested, known: dict[str, str] | None = None):
    """Entity IRI -> the expected system it is: by one of its names, by its jurisdiction's name, or by a name
    (``known``: name -> expected system) that a joint ingest of both editions gave it."""
    expected = expected_unseen()
    systems = {s for s, _, _ in expected}
    jurisdiction = {v: s for s, r, v in expected if r == "jurisdiction"}
    entities = {e.iri: e for e in ingested.entities}
    out = {}
    for e in entities.values():
        if e.kind != "System":
            continue
        named = names_of(e) & systems
        place = names_of(entities[e.jurisdiction]) & set(jurisdiction) if e.jurisdiction in entities else set()
        via = {known[n] for n in names_of(e) if n in (known or {})}
        if len(named) == 1:
            out[e.iri] = named.pop()
        elif len(place) == 1:
            out[e.iri] = jurisdiction[place.pop()]
        elif len(via) == 1:
            out[e.iri] = via.pop()
    return out


def facts_of(ingested, known: dict[str, str] | None = None):
    """The facts of the ingest's current view, with expected systems' names for systems."""
    which = system_of(ingested, known)
    entities = {e.iri: e for e in ingested.entities}
    out = set()
    for f in current_facts(ingested):
        subject = which.get(f.subject, f.subject)
        value = f.value
        if f.relation in ENTITY:
            value = which.get(f.value, f.value)
        elif f.relation == "jurisdiction":
            value = entities[f.value].labels.get("en") or entities[f.value].labels.get("zh")
        out.add((subject, f.relation, value))
    return out


def f1(got, expected):
    tp = len(got & expected)
    return 2 * tp / (len(got) + len(expected)) if got or expected else 1.0


@pytest.fixture(scope="module")
def unseen():
    return ingest_files([TEST_DATA / "unseen-en.txt", TEST_DATA / "unseen-zh.txt"])


def test_unseen_report_yields_each_system_once_with_both_labels(unseen):
    which = system_of(unseen)
    assert sorted(which.values()) == sorted({s for s, _, _ in expected_unseen()})
    systems = {e.iri: e for e in unseen.entities if e.kind == "System"}
    assert set(systems) == set(which), "a system the report does not describe"
    assert all(set(e.labels) == {"en", "zh"} for e in systems.values())
    kestria = next(e for iri, e in systems.items() if which[iri] == "Kestria ETS")
    assert kestria.labels["zh"] == "凯斯特里亚碳市场"


def test_unseen_report_yields_its_facts(unseen):
    got, expected = facts_of(unseen), expected_unseen()
    assert f1(got, expected) >= 0.85, (sorted(expected - got), sorted(got - expected))
    # What each system is, and when it started, are never wrong.
    single = {(s, r) for s, r, _ in expected if r in ("status", "start_year", "jurisdiction")}
    assert {x for x in got if (x[0], x[1]) in single} <= expected


@pytest.mark.parametrize("edition", ["unseen-en.txt", "unseen-zh.txt"])
def test_each_edition_alone_yields_its_facts(unseen, edition):
    """Either edition on its own states the facts; Chinese names meet the expected (English) ones through the
    joint ingest's entities, and a Chinese jurisdiction through its English label there."""
    which = system_of(unseen)
    known = {n: which[e.iri] for e in unseen.entities if e.iri in which for n in names_of(e)}
    alone = ingest_files([TEST_DATA / edition])
    places = {n: e.labels.get("en") for e in unseen.entities if e.kind == "Jurisdiction" for n in names_of(e)}
    got = {(s, r, places.get(v, v) if r == "jurisdiction" else v) for s, r, v in facts_of(alone, known)}
    assert f1(got, expected_unseen()) >= 0.75, sorted(expected_unseen() - got)


def test_evidence_offsets_point_at_their_text(unseen):
    texts = {d.doc: open(d.path, encoding="utf-8").read() for d in unseen.documents}
    for f in unseen.facts:
        for ev in f.evidence:
            raw = texts[ev.doc][ev.start:ev.end]
            assert "".join(raw.split()) == "".join(ev.text.split())


@pytest.mark.skipif(not SCORE.exists(), reason="reference answers live in ../shared/eval")
@pytest.mark.parametrize("files,minimum", [
    (["icap-2025-zh.txt"], 0.92),
    (["icap-2025-en.txt"], 0.92),
    (["icap-2025-en.txt", "icap-2025-zh.txt"], 0.94),
])
def test_bundled_report_scores(tmp_path, corpus_dir, files, minimum):
    """A floor under today's figures (bench/README.md "Extraction"), so that a change that loses facts shows."""
    sys.path.insert(0, str(ROOT / "bench"))
    from extract_eval import records

    ingested = ingest_files([corpus_dir / f for f in files])
    out = tmp_path / "facts.jsonl"
    with open(out, "w", encoding="utf-8") as fh:
        for row in records(ingested):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    result = subprocess.run([sys.executable, str(SCORE), "facts", str(SHARED_EVAL), str(out), "--min-f1", str(minimum)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    if len(files) == 2:
        systems = [e for e in ingested.entities if e.kind == "System"]
        assert sum(1 for e in systems if set(e.labels) == {"zh", "en"}) >= 0.9 * len(systems)


def test_a_known_place_market_named_in_one_language_has_a_label_in_the_other(tmp_path):
    text = tmp_path / "digest-en.txt"
    text.write_text("Date: 2025-05-01\n\nQuébec's cap-and-trade system began in 2013 and covers industry.\n", encoding="utf-8")
    ingested = ingest_files([text])
    quebec = next(e for e in ingested.entities if e.kind == "System")
    assert quebec.labels["en"] == "Québec cap-and-trade system"
    assert quebec.labels["zh"] == "魁北克碳市场"  # from the gazetteer's name of the place, for a Chinese question
