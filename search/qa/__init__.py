"""Analyst Q&A: questions in Chinese or English answered from the knowledge graph.

Public API (this package imports nothing itself; import from the submodules):

* ``search.qa.answer.QA.for_generation(gen).ask(question) -> dict``, or
  ``search.qa.answer.ask(gen, question)``: the answer (systems, values or a
  count), the SPARQL that produced it and the evidence sentences it rests
  on; questions the graph does not model get the best report passages from
  the semantic search, marked as such.
* ``search.qa.answer.batch(gen, rows)``: ``{"id", "question"}`` rows ->
  answers in the evaluation's format (``/work/shared/eval/README.md``).

How a question is read: ``lexicon`` (names from the graph, once per
generation) -> ``linking`` (which systems and places it names) -> ``slots``
(years, status, level, sectors, offsets, links ... from its wording) ->
``timeframe`` (now, a past year, what changed) -> ``question`` (intent) -> ``sparql`` (the query) -> ``answer`` (run, format,
cite) or ``fallback`` (search). ``evaluate`` checks answers against the
hand-written question files of the tests.
"""
