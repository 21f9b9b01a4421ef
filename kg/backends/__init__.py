"""Where a generation's graph lives when it is not the embedded Oxigraph store.

``kg/store.py`` keeps the default: an Oxigraph directory inside each
generation. A store opened with ``graph="sparql+http://HOST:PORT/PATH"``
builds each generation the same way but publishes the graph to that external
SPARQL 1.1 server and answers reads from it (``sparql.py``);
``virtuoso.py`` starts a throwaway local Virtuoso for tests and benchmarks.
docs/external-store.md describes the design.
"""
