"""Check a graph against kg/shapes.ttl with pyshacl and say in plain lines what is wrong.

The store validates every new generation before making it live
(``validate_store``); ``validate`` checks any rdflib graph, e.g. in tests or
before loading. Shapes are checked on the union of all named graphs: a
system's label and its facts may sit in different documents' graphs, and the
vocabularies the shapes refer to sit in the ontology graph.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import RDF, RDFS, SH, Graph

from kg.namespaces import short

SHAPES_FILE = Path(__file__).with_name("shapes.ttl")


@lru_cache(maxsize=1)
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def _union(graph: Graph) -> Graph:
    if not graph.context_aware:
        return graph
    union = Graph()
    union.addN((s, p, o, union) for s, p, o, _ in graph.quads((None, None, None, None)))
    return union


def validate(graph: Graph) -> tuple[bool, str]:
    """(conforms, report): the report has one line per violation, or says the graph conforms."""
    data = _union(graph)
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes(), inference="none")
    return conforms, report_text(results, data)


def validate_store(store: ox.Store) -> tuple[bool, str]:
    """Validate a generation's store through its default graph, the merge of all named graphs."""
    quads = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    triples = ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES)
    return validate(Graph().parse(data=triples, format="nt"))


def report_text(results: Graph, data: Graph) -> str:
    """One sorted line per SHACL result: the focus node and its label, the path, the message, the value."""
    lines = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        if (None, SH.detail, result) in results:
            continue  # the cause of another result (sh:node), reported by it
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        message = "; ".join(sorted(str(m) for m in results.objects(result, SH.resultMessage)))
        labels = sorted(str(l) for l in data.objects(focus, RDFS.label))
        line = f"{short(focus)}"
        if labels:
            line += f" ({' / '.join(labels)})"
        if path is not None:
            line += f" {short(path)}"
        line += f": {message or 'violates ' + short(results.value(result, SH.sourceConstraintComponent))}"
        if value is not None:
            line += f" [found {short(value)}]"
        lines.append(line)
    if not lines:
        return "the graph conforms to the shapes"
    head = f"{len(lines)} violation{'s' if len(lines) > 1 else ''} of kg/shapes.ttl:"
    return "\n".join([head] + [f"  - {line}" for line in sorted(lines)])
