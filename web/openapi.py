"""The OpenAPI 3 description of the JSON API and the SPARQL endpoint, served at /openapi.json.

Written by hand next to the routes it describes (``web.api``, ``web.sparql``)
so that it says what the code does, not what a generator guessed; tests
check that every path in it answers.
"""
from __future__ import annotations

_ERROR = {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_ENTITY_REF = {"type": "object", "properties": {
    "iri": {"type": "string", "format": "uri"},
    "labels": {"type": "object", "properties": {"zh": {"type": "string"}, "en": {"type": "string"}}}}}


def _param(name: str, description: str, schema: dict, required: bool = False, where: str = "query") -> dict:
    return {"name": name, "in": where, "required": required, "description": description, "schema": schema}


def _json(schema_ref: str, description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}}


def openapi(server: str) -> dict:
    """The document, with ``server`` (scheme://host:port) as its server URL."""
    from web.api import MAX_TEXT  # web.api imports this module to serve it

    search_params = [
        _param("q", "the query, Chinese or English", {"type": "string", "maxLength": MAX_TEXT}, required=True),
        _param("k", "number of results", {"type": "integer", "minimum": 1, "maximum": 50, "default": 10}),
        _param("lang", "language of the passages returned", {"type": "string", "enum": ["zh", "en"]}),
        _param("sector", "only passages about systems covering this sector (e.g. power)", {"type": "string"}),
        _param("jurisdiction", "only passages about this jurisdiction's systems (slug such as korea, or IRI)",
               {"type": "string"}),
        _param("section", "report section slug (review matches review/asia-pacific)", {"type": "string"}),
    ]
    table_params = [_param(name, f"only systems whose {name} is this value", {"type": "string"})
                    for name in ("status", "region", "level", "design", "sector", "offset_rule")]
    table_params += [_param("start_from", "start year at least", {"type": "string", "pattern": "^[0-9]{4}$"}),
                     _param("start_to", "start year at most", {"type": "string", "pattern": "^[0-9]{4}$"})]
    paths = {
        "/api/search": {"get": {
            "summary": "Hybrid cross-lingual search over the report passages",
            "parameters": search_params,
            "responses": {"200": _json("SearchResponse", "ranked passages"), "400": _ERROR}}},
        "/api/ask": {"get": {
            "summary": "Answer an analyst question from the graph, with its SPARQL and cited evidence",
            "parameters": [_param("q", "the question, Chinese or English", {"type": "string", "maxLength": MAX_TEXT},
                                  required=True)],
            "responses": {"200": _json("Answer", "the answer"), "400": _ERROR}}},
        "/api/entities/{id}": {"get": {
            "summary": "One system or jurisdiction with its facts and their evidence",
            "parameters": [_param("id", "system/korea, jurisdiction/korea or the full IRI", {"type": "string"},
                                  required=True, where="path")],
            "responses": {"200": _json("Entity", "the entity"), "404": _ERROR}}},
        "/api/systems": {"get": {
            "summary": "All systems, one row each, optionally filtered",
            "parameters": table_params,
            "responses": {"200": _json("Systems", "the systems"), "400": _ERROR}}},
        "/api/stats": {"get": {
            "summary": "Counts of documents, systems, facts and triples",
            "responses": {"200": {"description": "statistics", "content": {"application/json": {
                "schema": {"type": "object"}}}}}}},
        "/sparql": {"get": {
            "summary": "SPARQL 1.1 Protocol query endpoint (read-only); without query: service description",
            "parameters": [_param("query", "a SPARQL 1.1 query", {"type": "string"}),
                           _param("default-graph-uri", "default graph(s) of the dataset",
                                  {"type": "array", "items": {"type": "string"}}),
                           _param("named-graph-uri", "named graph(s) of the dataset",
                                  {"type": "array", "items": {"type": "string"}}),
                           _param("format", "json, xml, csv, tsv (SELECT/ASK); turtle, nt, json-ld, xml (graphs)",
                                  {"type": "string"})],
            "responses": {"200": {"description": "results, by Accept or format"},
                          "400": {"description": "malformed query"}, "403": {"description": "an update"},
                          "503": {"description": "the query ran past the time limit"}}},
            "post": {
                "summary": "SPARQL query by URL-encoded form or as the body (application/sparql-query)",
                "requestBody": {"content": {
                    "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
                        "query": {"type": "string"}}, "required": ["query"]}},
                    "application/sparql-query": {"schema": {"type": "string"}}}},
                "responses": {"200": {"description": "results, by Accept"}, "400": {"description": "bad request"},
                              "403": {"description": "an update"}, "413": {"description": "body too large"},
                              "415": {"description": "unsupported media type"},
                              "503": {"description": "the query ran past the time limit"}}}},
    }
    schemas = {
        "Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {
            "status": {"type": "integer"}, "title": {"type": "string"}, "message": {"type": "string"}}}}},
        "EntityRef": _ENTITY_REF,
        "Passage": {"type": "object", "properties": {
            "id": {"type": "string"}, "text": {"type": "string"}, "doc": {"type": "string"},
            "lang": {"type": "string"}, "section": {"type": "string"}, "heading": {"type": "string"},
            "start": {"type": "integer"}, "end": {"type": "integer"}, "score": {"type": "number"},
            "highlights": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}},
            "entities": {"type": "array", "items": {"$ref": "#/components/schemas/EntityRef"}},
            "translations": {"type": "array", "items": {"type": "object"}},
            "why": {"type": "object"}}},
        "SearchResponse": {"type": "object", "properties": {
            "query": {"type": "string"}, "k": {"type": "integer"}, "filters": {"type": "object"},
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/Passage"}},
            "notes": {"type": "array", "items": {"type": "string"},
                      "description": "how the results were found when not as usual (e.g. without the query's "
                                     "encoding, past the request's time limit)"}}},
        "Answer": {"type": "object", "properties": {
            "question": {"type": "string"}, "lang": {"type": "string"},
            "source": {"type": "string", "enum": ["graph", "search"]}, "intent": {"type": "string"},
            "answer": {"type": "object", "description": "kind systems (systems), literal (values) or count (count)"},
            "text": {"type": "string"}, "sparql": {"type": "string", "nullable": True},
            "note": {"type": "string"},
            "citations": {"type": "array", "items": {"type": "object", "properties": {
                "doc": {"type": "string"}, "start": {"type": "integer"}, "end": {"type": "integer"},
                "text": {"type": "string"}}}}}},
        "Evidence": {"type": "object", "properties": {
            "doc": {"type": "string"}, "start": {"type": "integer"}, "end": {"type": "integer"},
            "text": {"type": "string"}, "method": {"type": "string"}, "passage": {"type": "string"}}},
        "Entity": {"type": "object", "properties": {
            "iri": {"type": "string"}, "kind": {"type": "string", "enum": ["System", "Jurisdiction"]},
            "labels": {"type": "object"}, "aliases": {"type": "object"}, "region": {"type": "string"},
            "facts": {"type": "array", "items": {"type": "object", "properties": {
                "relation": {"type": "string"}, "value": {},
                "evidence": {"type": "array", "items": {"$ref": "#/components/schemas/Evidence"}}}}},
            "systems": {"type": "array", "items": {"$ref": "#/components/schemas/EntityRef"}},
            "graphs": {"type": "array", "items": {"type": "string"}},
            "passages": {"type": "array", "items": {"type": "string"}}}},
        "Systems": {"type": "object", "properties": {
            "count": {"type": "integer"}, "systems": {"type": "array", "items": {"type": "object"}}}},
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "etskg", "version": "0.1.0",
                 "description": "Bilingual (zh/en) knowledge graph and search over carbon market (ETS) reports"},
        "servers": [{"url": server}],
        "paths": paths,
        "components": {"schemas": schemas},
    }
