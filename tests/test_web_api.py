"""The JSON API, the OpenAPI document and error handling, through Flask's test client on the real store."""
import time

import pytest

from kg.export import entity, stats
from kg.store import Store

KOREA = "https://etskg.org/id/system/korea"


def error_of(response, status):
    assert response.status_code == status, response.data
    assert response.is_json
    body = response.get_json()["error"]
    assert body["status"] == status and body["message"]
    return body["message"]


def test_search_results_format(web_client):
    response = web_client.get("/api/search", query_string={"q": "韩国 国际抵消", "k": 3})
    assert response.status_code == 200
    body = response.get_json()
    assert body["query"] == "韩国 国际抵消" and body["k"] == 3
    results = body["results"]
    assert 1 <= len(results) <= 3
    top = results[0]
    for key in ("id", "text", "doc", "lang", "section", "start", "end", "score", "highlights", "entities",
                "translations", "why"):
        assert key in top
    assert top["lang"] == "zh"
    assert any(e["iri"] == KOREA for r in results for e in r["entities"])
    start, end = top["highlights"][0]
    assert top["text"][start:end]


def test_search_filters(web_client):
    by_lang = web_client.get("/api/search", query_string={"q": "Korea offsets", "lang": "zh", "k": 5}).get_json()
    assert by_lang["results"] and {r["lang"] for r in by_lang["results"]} == {"zh"}
    by_jurisdiction = web_client.get("/api/search", query_string={"q": "carbon market", "jurisdiction": "korea"})
    results = by_jurisdiction.get_json()["results"]
    assert results and all(any(e["iri"] == KOREA for e in r["entities"]) for r in results)
    by_sector = web_client.get("/api/search", query_string={"q": "emissions trading", "sector": "maritime"})
    assert by_sector.get_json()["results"]
    by_section = web_client.get("/api/search", query_string={"q": "Korea", "section": "review"}).get_json()
    assert by_section["results"] and all(r["section"].startswith("review") for r in by_section["results"])


@pytest.mark.parametrize("params,message", [
    ({}, "q (the query) is required"),
    ({"q": "   "}, "must not be blank"),
    ({"q": "x", "k": "ten"}, "k must be an integer"),
    ({"q": "x", "k": "0"}, "between 1 and 50"),
    ({"q": "x", "k": "500"}, "between 1 and 50"),
    ({"q": "x", "lang": "fr"}, "lang must be zh or en"),
])
def test_search_bad_parameters(web_client, params, message):
    assert message in error_of(web_client.get("/api/search", query_string=params), 400)


def test_entities(web_client, icap_store):
    gen = Store(icap_store).current()
    for ident in ("system/korea", KOREA):
        response = web_client.get(f"/api/entities/{ident}")
        assert response.status_code == 200
        assert response.get_json() == entity(gen, KOREA)
    jurisdiction = web_client.get("/api/entities/jurisdiction/korea").get_json()
    assert jurisdiction["kind"] == "Jurisdiction" and jurisdiction["systems"][0]["iri"] == KOREA
    assert "no system or jurisdiction" in error_of(web_client.get("/api/entities/system/atlantis"), 404)


def test_systems_and_filters(web_client):
    everything = web_client.get("/api/systems").get_json()
    assert everything["count"] == len(everything["systems"]) > 50
    in_force = web_client.get("/api/systems?status=in_force&sector=power").get_json()
    assert 0 < in_force["count"] < everything["count"]
    assert all(r["status"] == "in_force" and "power" in r["sectors"] for r in in_force["systems"])
    recent = web_client.get("/api/systems?start_from=2020&start_to=2021").get_json()["systems"]
    assert recent and all(2020 <= int(r["start_year"][:4]) <= 2021 for r in recent)
    assert "four-digit year" in error_of(web_client.get("/api/systems?start_from=soon"), 400)


def test_stats(web_client, icap_store):
    assert web_client.get("/api/stats").get_json() == stats(Store(icap_store).current())


def test_openapi_document_describes_live_paths(web_client):
    document = web_client.get("/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    assert {"/api/search", "/api/ask", "/api/entities/{id}", "/api/systems", "/api/stats", "/sparql"} \
        <= set(document["paths"])
    examples = {"/api/search": "?q=Korea", "/api/ask": "?q=Korea", "/api/entities/{id}": "", "/api/systems": "", "/api/stats": "",
                "/sparql": "?query=ASK%20%7B%7D"}
    for path in document["paths"]:
        url = path.replace("{id}", "system/korea") + examples.get(path, "")
        assert web_client.get(url).status_code == 200, url
    for schema in document["paths"]["/api/search"]["get"]["responses"].values():
        ref = schema["content"]["application/json"]["schema"]["$ref"]
        assert ref.rsplit("/", 1)[-1] in document["components"]["schemas"]


def test_unknown_api_path_and_method(web_client):
    error_of(web_client.get("/api/nothing"), 404)
    response = web_client.post("/api/search?q=x")
    error_of(response, 405)
    assert "GET" in response.headers["Allow"]


def test_request_body_limit(web_client):
    response = web_client.post("/api/search", data=b"x" * (2 << 20), content_type="application/octet-stream")
    assert response.status_code in (405, 413)
    big_form = web_client.post("/sparql", data={"query": "ASK {}" + " " * (2 << 20)})
    assert big_form.status_code == 413


def test_cors_headers_on_api(web_client):
    assert web_client.get("/api/stats").headers["Access-Control-Allow-Origin"] == "*"
    preflight = web_client.options("/sparql", headers={"Origin": "http://x.test", "Access-Control-Request-Method": "GET"})
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"


def test_query_timeout_is_503_and_the_service_goes_on(icap_store):
    from web.app import create_app

    client = create_app(icap_store, query_timeout=0.5).test_client()
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    response = client.get("/sparql", query_string={"query": slow})
    assert response.status_code == 503
    assert "time limit" in response.get_data(as_text=True)
    assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200


def test_missing_store_is_503(tmp_path):
    from web.app import create_app

    client = create_app(tmp_path / "empty").test_client()
    assert "etskg ingest" in error_of(client.get("/api/stats"), 503)
    page = client.get("/")
    assert page.status_code == 503 and b"etskg ingest" in page.data


def test_ask_answers_from_the_graph_with_sparql_and_citations(web_client, icap_store):
    from search.qa.answer import ask

    response = web_client.get("/api/ask", query_string={"q": "Which systems accept international offsets?"})
    assert response.status_code == 200
    body = response.get_json()
    assert body == ask(Store(icap_store).current(), "Which systems accept international offsets?")
    assert body["source"] == "graph"
    # Korea, from the sentence that says only Korea accepts them; the extractor also reads the map legend's
    # "allows international offsets" as a fact of a nearby system (a known miss), so others may be listed too.
    assert KOREA in [s["iri"] for s in body["answer"]["systems"]]
    assert body["sparql"] and any("only Korea accepts" in c["text"] for c in body["citations"])
    zh = web_client.get("/api/ask", query_string={"q": "韩国碳市场什么时候启动？"}).get_json()
    assert zh["answer"]["values"] == ["2015"] and zh["lang"] == "zh"


def test_ask_bad_questions(web_client):
    assert "required" in error_of(web_client.get("/api/ask"), 400)
    assert "required" in error_of(web_client.get("/api/ask?q=%20"), 400)


@pytest.mark.parametrize("path", ["/api/search", "/api/ask", "/"])
def test_a_text_past_the_length_cap_is_a_400_before_any_work(web_client, path):
    from web.api import MAX_TEXT

    started = time.monotonic()
    response = web_client.get(path, query_string={"q": "carbon market " * 600})
    assert response.status_code == 400
    assert f"at most {MAX_TEXT}" in response.get_data(as_text=True)
    assert time.monotonic() - started < 1.0  # refused before the encoder ran (8 KB took seconds)
    assert web_client.get(path, query_string={"q": "k" * MAX_TEXT}).status_code == 200


def test_a_search_whose_encoding_would_pass_the_deadline_answers_in_time(sec_store):
    """The request's time limit bounds the query encoder: past it, word-matching results with a note."""
    import time

    from search.encoders import get_encoder
    from search.searcher import NO_TIME_TO_ENCODE
    from web.api import MAX_TEXT
    from web.app import backend, create_app

    def query(seed):  # as long as the API takes, new to the encoder's cache
        return (seed + " Evilland emissions trading system offsets registry auction " * 20)[:MAX_TEXT]

    encoder = get_encoder()
    encoder.encode_queries([query(f"warm {time.time_ns()}")])  # the model's first call also loads it
    probes = []
    for _ in range(3):  # the quickest of three: one probe slowed by other work made the limit too generous
        started = time.monotonic()
        encoder.encode_queries([query(f"probe {time.time_ns()}")])
        probes.append(time.monotonic() - started)
    one_encoding = min(probes)
    limit = one_encoding / 10
    timeout = 5.0
    app = create_app(sec_store, query_timeout=timeout, behind_proxy=True)
    backend(app).warm_up()
    # The proxy's arrival stamp says the request has already waited all but ``limit`` of its time.
    late = {"X-Request-Start": f"t={time.time() - (timeout - limit):.3f}"}
    try:
        client = app.test_client()
        started = time.monotonic()
        response = client.get("/api/search", query_string={"q": query(f"late {time.time_ns()}"), "k": 5}, headers=late)
        took = time.monotonic() - started
        assert response.status_code == 200
        body = response.json
        assert body["notes"] == [NO_TIME_TO_ENCODE] and body["results"]
        assert all(r["why"]["dense_rank"] is None for r in body["results"])
        assert took < limit + one_encoding / 2, (took, limit, one_encoding)
        late = {"X-Request-Start": f"t={time.time() - (timeout - limit):.3f}"}
        page = client.get("/", query_string={"q": query(f"page {time.time_ns()}")}, headers=late)
        assert page.status_code == 200 and "words and names only" in page.get_data(as_text=True)
    finally:
        backend(app).public_pool.close()
