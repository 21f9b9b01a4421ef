"""Re-make a store's search index with this checkout's code, keeping its passages and vectors.

    python bench/reindex.py --store DIR OUT

Tokenizing and the translation table are search's, not ingest's: a change to either (bench/README.md "Search,
session 17": the "-es" plural, the dictionary's references) is measured on the same passages without a new
ingest. The chunks' vectors are taken from the store's index (nothing is encoded unless a chunk's text changed).
Evaluate with ``bench/search_corpus_eval.py --index OUT``.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.store import Store  # noqa: E402
from search.encoders import get_encoder  # noqa: E402
from search.index import EmbeddingCache, SearchIndex  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", required=True)
    ap.add_argument("out")
    args = ap.parse_args()
    source = Path(Store(args.store).current().path) / "index"
    old = SearchIndex.load(source)
    encoder = get_encoder(old.encoder_name)
    started = time.perf_counter()
    index = SearchIndex.build(old.passages, encoder, cache=EmbeddingCache.from_index(source, encoder.name),
                              params=old.params, entity_labels=old.entity_labels, facets=old.facets)
    index.save(args.out)
    print(f"{len(index.passages)} passages, {len(index.chunk_passage)} chunks in {time.perf_counter() - started:.1f} s -> {args.out}")


if __name__ == "__main__":
    main()
