"""The service over a real Neo4j: health, the query contract, JSON errors, limits, CORS, docs and the page."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.main import create_app
from core.settings import Settings
from query.models import Answer
from tests.api.graph_data import HYPERTENSION, LISINOPRIL, METFORMIN, METFORMIN_DOSAGE, METFORMIN_LABEL


def test_healthz_is_ok_when_neo4j_answers(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["neo4j"] == "reachable"


def test_healthz_is_503_when_neo4j_is_down(api_settings: Settings) -> None:
    down = api_settings.model_copy(update={"neo4j_uri": "bolt://127.0.0.1:9"})  # nothing listens on port 9
    with TestClient(create_app(down, load_models=False)) as offline:
        response = offline.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_query_returns_ranked_evidenced_answers(client: TestClient) -> None:
    response = client.post("/api/v1/query", json={"question": "best treatment for hypertension", "limit": 5})
    assert response.status_code == 200, response.text
    answer = Answer.model_validate(response.json())
    assert answer.intent.value == "treatment"
    assert answer.entities and answer.entities[0].id == HYPERTENSION
    ids = [item.id for item in answer.answers]
    assert LISINOPRIL in ids
    scores = [item.score for item in answer.answers]
    assert scores == sorted(scores, reverse=True)
    assert all(item.evidence for item in answer.answers)
    lisinopril = next(item for item in answer.answers if item.id == LISINOPRIL)
    assert {badge.value for badge in lisinopril.badges} >= {"curated", "literature"}
    assert any(ev.document_id == "PMID:23817082" for ev in lisinopril.evidence)
    assert answer.cypher and any(statement.startswith("MATCH") for statement in answer.cypher)


def test_dosage_question_quotes_the_label_verbatim(client: TestClient) -> None:
    response = client.post("/api/v1/query", json={"question": "dose of metformin"})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["intent"] == "dosage"
    first = answer["answers"][0]
    assert first["text"] == METFORMIN_DOSAGE
    assert first["evidence"][0]["document_id"] == METFORMIN_LABEL
    assert METFORMIN in [entity["id"] for entity in answer["entities"]]


def test_a_question_it_cannot_understand_is_still_a_200_with_a_message(client: TestClient) -> None:
    response = client.post("/api/v1/query", json={"question": "qwzx blorp"})
    assert response.status_code == 200
    assert response.json()["answers"] == [] and response.json()["message"]


def test_bad_query_bodies_are_422_with_a_clear_message(client: TestClient) -> None:
    for body in ({}, {"question": ""}, {"question": "x", "limit": 0}, {"question": "x", "limit": "many"},
                 {"question": "x" * 501}, {"question": "x", "extra": 1}):
        response = client.post("/api/v1/query", json=body)
        assert response.status_code == 422, body
        payload = response.json()
        assert payload["error"] == "invalid_request" and payload["detail"].startswith("invalid request")
    response = client.post("/api/v1/query", content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    response = client.post("/api/v1/query", json={"question": "   "})
    assert response.status_code == 422


def test_a_question_over_the_time_limit_is_cut_off_with_504(api_settings: Settings, api_graph: object) -> None:
    impatient = api_settings.model_copy(update={"query_timeout_s": 0.001})
    with TestClient(create_app(impatient, load_models=False)) as test_client:
        # a question no other test asks: a cached answer (same graph version) could come back within the limit
        response = test_client.post("/api/v1/query",
                                    json={"question": "what is the first-line treatment of hypertension"})
    assert response.status_code == 504
    assert response.json() == {"error": "timeout", "detail": "the question took longer than 0.001 s"}


def test_request_body_over_the_limit_is_413(client: TestClient, api_settings: Settings) -> None:
    big = {"question": "x" * (api_settings.api_max_body_bytes + 10)}
    response = client.post("/api/v1/query", json=big)
    assert response.status_code == 413
    assert response.json()["error"] == "payload_too_large"


def test_streamed_body_over_the_limit_is_413(client: TestClient, api_settings: Settings) -> None:
    chunks = (b"x" * 1024 for _ in range(api_settings.api_max_body_bytes // 1024 + 2))
    response = client.post("/api/v1/query", content=chunks, headers={"Content-Type": "application/json"})
    assert response.status_code == 413


def test_unknown_paths_and_methods_are_json_4xx(client: TestClient) -> None:
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    wrong_method = client.get("/api/v1/query")
    assert wrong_method.status_code == 405 and "detail" in wrong_method.json()


def test_errors_never_show_a_stack_trace(api_settings: Settings) -> None:
    app = create_app(api_settings, load_models=False)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internals at /home/x/y.py line 3")

    with TestClient(app, raise_server_exceptions=False) as test_client:
        response = test_client.get("/boom")
    assert response.status_code == 500
    assert response.json() == {"error": "internal_error", "detail": "internal error; the server log has the details"}
    assert "Traceback" not in response.text and "secret" not in response.text


def test_cors_is_off_by_default_and_on_for_configured_origins(client: TestClient, api_settings: Settings) -> None:
    preflight = {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    assert "access-control-allow-origin" not in client.options("/api/v1/query", headers=preflight).headers
    plain = client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in plain.headers
    allowed = api_settings.model_copy(update={"api_cors_origins": ["https://clinic.example"]})
    with TestClient(create_app(allowed, load_models=False)) as cors_client:
        ok = cors_client.get("/healthz", headers={"Origin": "https://clinic.example"})
        other = cors_client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert ok.headers["access-control-allow-origin"] == "https://clinic.example"
    assert "access-control-allow-origin" not in other.headers


def test_page_docs_and_openapi_are_served_offline(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert 'for="question"' in page.text and 'aria-live="polite"' in page.text
    assert "http://" not in page.text.replace("http://www.w3.org", "") and "https://" not in page.text
    assert client.get("/static/app.js").status_code == 200
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    spec = client.get("/openapi.json").json()
    assert {"/api/v1/query", "/api/v1/entities", "/api/v1/entities/{entity_id}", "/api/v1/stats", "/healthz",
            "/api/v1/diseases/{disease_id}/treatments", "/api/v1/drugs/{drug_id}/dosage", "/api/v1/ingest",
            "/api/v1/runs"} <= set(spec["paths"])


def test_page_javascript_stays_small() -> None:
    from api.main import STATIC_DIR

    page_js = [path for path in STATIC_DIR.glob("*.js")]
    assert page_js and sum(path.stat().st_size for path in page_js) <= 200_000


def test_medkg_serve_starts_the_service(api_graph: object, api_settings: Settings) -> None:
    """``medkg serve`` (as ``python -m api serve``) serves the page and answers /healthz on the given port."""
    import os
    import subprocess
    import sys
    import time

    import httpx

    from graph.launcher import free_port

    port = free_port()
    env = {**os.environ, "NEO4J_URI": api_settings.bolt_uri, "NEO4J_USER": api_settings.neo4j_user,
           "NEO4J_PASSWORD": api_settings.neo4j_password, "NEO4J_DATABASE": api_settings.neo4j_database,
           "MEDKG_HOME": str(api_settings.home)}
    server = subprocess.Popen([sys.executable, "-m", "api", "serve", "--port", str(port), "--no-models"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline, health = time.monotonic() + 90, None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.3)
        if health is None or health.status_code != 200:
            server.terminate()
            output = server.communicate(timeout=20)[0].decode(errors="replace")
            raise AssertionError(f"medkg serve did not answer /healthz: {output[-2000:]}")
        assert httpx.get(f"http://127.0.0.1:{port}/", timeout=5).status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=20)
