"""Which serialization a response gets: the ``format`` parameter, else the Accept header.

SELECT and ASK answers are SPARQL results (JSON, XML, CSV, TSV); CONSTRUCT
and DESCRIBE answers and linked-data descriptions are RDF graphs (Turtle,
N-Triples, N-Quads, TriG, JSON-LD, RDF/XML). Format names are those of
``kg.query.QueryResult.serialize``.

- Accept follows RFC 9110 §12.5.1: q-values and specificity (``text/turtle``
  over ``text/*`` over ``*/*``) decide, and media-type parameters such as
  ``charset=utf-8`` or JSON-LD's ``profile=`` do not stop a type from
  matching (every answer is UTF-8; JSON-LD comes compacted with a context,
  which any profile a client names can read).
- ``format`` takes the names clients put in URLs (SPARQLWrapper sends
  ``format=rdf+xml``, ``format=n3``; Virtuoso-style links ``format=ttl``) and
  full media types. It may be repeated (SPARQLWrapper sends the name and
  the media type): the first value usable for this result wins. A value
  that names no format of this result is ignored and Accept decides, as
  other endpoints do, so a client that adds its own ``format`` still gets
  an answer.
"""
from __future__ import annotations

from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import NotAcceptable
from werkzeug.http import parse_accept_header

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
    "application/n-quads": "nquads",
    "application/trig": "trig",
    "application/x-turtle": "turtle",
    "application/turtle": "turtle",
    "text/n3": "turtle",  # Turtle is a subset of N3: an N3 reader reads it
    "text/rdf+n3": "turtle",
    "application/n3": "turtle",
    "application/x-json+ld": "json-ld",
    "application/json": "json-ld",
    "application/xml": "xml",
    "text/plain": "nt",
}
# format -> the media type sent with it
RESULT_MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_MEDIA = {"turtle": "text/turtle", "nt": "application/n-triples", "json-ld": "application/ld+json",
               "xml": "application/rdf+xml", "nquads": "application/n-quads", "trig": "application/trig"}
# ``format`` names used by clients and other endpoints -> our format names
ALIASES = {"ttl": "turtle", "n3": "turtle", "n-triples": "nt", "ntriples": "nt", "jsonld": "json-ld",
           "rdf+xml": "xml", "rdfxml": "xml", "rdf": "xml", "srj": "json", "srx": "xml", "nq": "nquads",
           "n-quads": "nquads", "text": "nt"}
# (format, graph?) -> the file extension of a download, where it is not the format's name
EXTENSIONS = {("json-ld", True): "jsonld", ("turtle", True): "ttl", ("nquads", True): "nq", ("xml", True): "rdf",
              ("xml", False): "srx"}


def media_type(fmt: str, graph: bool) -> str:
    """The Content-Type header for ``fmt`` (text types get charset=utf-8)."""
    media = (GRAPH_MEDIA if graph else RESULT_MEDIA)[fmt]
    return media + "; charset=utf-8" if media.startswith("text/") else media


def accept_of(header: str | None) -> MIMEAccept:
    """The Accept header as ranges without parameters other than q (see the module docstring)."""
    parsed = parse_accept_header(header, MIMEAccept)
    return MIMEAccept([(value.split(";", 1)[0].strip(), quality) for value, quality in parsed])


def named(values: list[str], graph: bool) -> str | None:
    """The first of the ``format`` values that names a format of this result, else None."""
    media = GRAPH_MEDIA if graph else RESULT_MEDIA
    types = GRAPH_TYPES if graph else RESULT_TYPES
    for value in values:
        name = value.strip().lower()
        name = ALIASES.get(name, name)
        if name in media:
            return name
        by_type = types.get(name.split(";", 1)[0].strip())
        if by_type:
            return by_type
    return None


def choose(accept: MIMEAccept, formats: list[str], graph: bool) -> str:
    """The format for a result that is a graph (``graph=True``) or SPARQL results.

    ``formats`` are the request's ``format`` values; ``NotAcceptable``
    when none is usable and the Accept header admits none of the formats.
    """
    chosen = named(formats, graph)
    if chosen:
        return chosen
    types = GRAPH_TYPES if graph else RESULT_TYPES
    if not accept:
        return next(iter(types.values()))
    best = accept.best_match(list(types))
    if best is None:
        media = GRAPH_MEDIA if graph else RESULT_MEDIA
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
