"""What the SPARQL editor's table of a large result costs a web thread, against parsing it all with rdflib.

The query runs once in a query process (``kg.query.run_query``, the
endpoint's 8 MiB result cap); what is timed is what happens in the web
process after it: the editor's table (``web.sparql._table``, which parses
only the rows it shows through ``QueryResult.first``) against the baseline
of turning the whole result into rdflib terms and sorting it, which is
what the table did before issue 20. Each is timed on a fresh
``QueryResult`` (nothing cached between them), alternating, --repeat times;
the quickest of each is reported with their ratio, and written as JSON to
bench/out/editor_table.json. Results: bench/README.md "## Web".

    python bench/editor_table.py --store ./data
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the checkout this script is in, not an installed copy

from kg.query import MAX_RESULT_BYTES, QueryResult, run_query
from kg.store import Store
from web.present import cell
from web.sparql import HTML_ROWS, _table

# Several MB each, under the result cap, on the bundled report's store.
QUERIES = {
    "construct": "CONSTRUCT { ?a ?b ?f } WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 40000",
    "select": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 15000",
}
_KIND = {"SELECT": "solutions", "CONSTRUCT": "graph"}


def whole(result: QueryResult) -> list:
    """The baseline: every row or triple as rdflib terms (sorted, for a graph), then cells for the first rows."""
    if result.kind == "CONSTRUCT":
        return [[cell(t) for t in triple] for triple in sorted(result.graph)[:HTML_ROWS]]
    return [[cell(row.get(v)) for v in result.vars] for row in result.rows[:HTML_ROWS]]


def timed(work, result: QueryResult) -> float:
    fresh = QueryResult(_KIND[result.kind], result.payload)
    started = time.monotonic()
    work(fresh)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    gen = Store(args.store).current()
    out = {}
    for name, sparql in QUERIES.items():
        result = run_query(gen, sparql, max_bytes=MAX_RESULT_BYTES)
        baseline, table = [], []
        for _ in range(args.repeat):
            baseline.append(timed(whole, result))
            table.append(timed(_table, result))
        out[name] = {"bytes": len(result.payload), "baseline_s": min(baseline), "table_s": min(table),
                     "ratio": min(baseline) / min(table)}
        print(f"{name}: {len(result.payload) / 1e6:.1f} MB, whole result in rdflib {min(baseline):.2f} s, "
              f"editor table {min(table):.2f} s ({out[name]['ratio']:.1f}x less)")
    target = ROOT / "bench" / "out" / "editor_table.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
