"""Which serialization a response gets: the ``format`` parameter, else the Accept header.

SELECT and ASK answers are SPARQL results (JSON, XML, CSV, TSV); CONSTRUCT
and DESCRIBE answers and linked-data descriptions are RDF graphs (Turtle,
N-Triples, JSON-LD, RDF/XML). Format names are those of
``kg.query.QueryResult.serialize``; ``format`` also takes a few common
aliases so that links such as ``?format=csv`` or ``?format=ttl`` work.
"""
from __future__ import annotations

from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import BadRequest, NotAcceptable

HTML = "text/html"

# media type -> format, best first: with "Accept: */*" the first one is chosen.
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/x-turtle": "turtle",
    "application/x-json+ld": "json-ld",
    "application/json": "json-ld",
    "application/xml": "xml",
    "text/plain": "nt",
}
# format -> the media type sent with it
RESULT_MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_MEDIA = {"turtle": "text/turtle", "nt": "application/n-triples", "json-ld": "application/ld+json",
               "xml": "application/rdf+xml"}
ALIASES = {"ttl": "turtle", "n-triples": "nt", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml",
           "rdf": "xml", "srj": "json", "srx": "xml"}


def media_type(fmt: str, graph: bool) -> str:
    """The Content-Type header for ``fmt`` (text types get charset=utf-8)."""
    media = (GRAPH_MEDIA if graph else RESULT_MEDIA)[fmt]
    return media + "; charset=utf-8" if media.startswith("text/") else media


def choose(accept: MIMEAccept, fmt: str | None, graph: bool) -> str:
    """The format for a result that is a graph (``graph=True``) or SPARQL results.

    ``BadRequest`` for an unknown ``format`` value, ``NotAcceptable`` when
    the Accept header admits none of the formats.
    """
    media = GRAPH_MEDIA if graph else RESULT_MEDIA
    if fmt:
        name = ALIASES.get(fmt.lower(), fmt.lower())
        if name in media:
            return name
        by_type = (GRAPH_TYPES if graph else RESULT_TYPES).get(name)
        if by_type:
            return by_type
        raise BadRequest(f"format {fmt!r} is not available for this result; use one of {', '.join(media)}")
    types = GRAPH_TYPES if graph else RESULT_TYPES
    if not accept:
        return next(iter(media))
    best = accept.best_match(list(types))
    if best is None:
        raise NotAcceptable("none of the media types in Accept can be produced; available: " + ", ".join(media.values()))
    return types[best]


def prefers_html(accept: MIMEAccept, others) -> bool:
    """True when the client (a browser) names HTML and ranks it above every type in ``others``.

    A tie goes to the type listed first; a type matched only by a wildcard
    loses a tie against HTML named explicitly.
    """
    listed = [value.lower() for value, _ in accept]
    if HTML not in listed:
        return False
    html_at = listed.index(HTML)
    html_q = dict(accept)[next(v for v, _ in accept if v.lower() == HTML)]
    for media in others:
        q = accept.quality(media)
        if q > html_q or (q == html_q and media in listed and listed.index(media) < html_at):
            return False
    return True
