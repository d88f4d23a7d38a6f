"""Admin endpoints: bearer-token security, path checks, and a real background ingest recorded in the ledger."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from api.main import create_app
from core.settings import Settings
from tests.api.conftest import ADMIN_TOKEN, admin_headers

PUBMED_SAMPLE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "pubmed-xml-samples" / \
    "pubmed-29768149.xml"


@pytest.fixture(scope="module")
def admin_client(api_graph: Driver, api_settings: Settings,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app with a data folder of its own holding one real PubMed XML file."""
    data_dir = tmp_path_factory.mktemp("admin-data")
    (data_dir / "pubmed").mkdir()
    shutil.copy(PUBMED_SAMPLE, data_dir / "pubmed" / PUBMED_SAMPLE.name)
    settings = api_settings.model_copy(update={"data_dir": data_dir})
    with TestClient(create_app(settings, load_models=False), raise_server_exceptions=False) as client:
        yield client


def test_admin_is_disabled_without_a_configured_token(api_settings: Settings, api_graph: Driver) -> None:
    settings = api_settings.model_copy(update={"api_admin_token": None})
    with TestClient(create_app(settings, load_models=False)) as client:
        for response in (client.get("/api/v1/runs", headers=admin_headers()),
                         client.post("/api/v1/ingest", json={"paths": ["pubmed"]}, headers=admin_headers())):
            assert response.status_code == 403
            assert "disabled" in response.json()["detail"]


def test_admin_needs_the_right_bearer_token(admin_client: TestClient) -> None:
    missing = admin_client.get("/api/v1/runs")
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    assert admin_client.get("/api/v1/runs", headers={"Authorization": f"Basic {ADMIN_TOKEN}"}).status_code == 401
    assert admin_client.get("/api/v1/runs", headers=admin_headers("wrong-token")).status_code == 403
    assert admin_client.post("/api/v1/ingest", json={"paths": ["pubmed"]}).status_code == 401
    assert admin_client.get("/api/v1/runs", headers=admin_headers()).status_code == 200


def test_ingest_refuses_paths_outside_the_data_folder_and_unknown_sources(admin_client: TestClient) -> None:
    for paths in (["../../etc"], ["/etc/passwd"], ["pubmed/missing.xml"], [""]):
        response = admin_client.post("/api/v1/ingest", json={"paths": paths}, headers=admin_headers())
        assert response.status_code == 400, paths
        assert response.json()["error"] == "bad_request"
    unknown = admin_client.post("/api/v1/ingest", json={"paths": ["pubmed"], "source": "myspace"},
                                headers=admin_headers())
    assert unknown.status_code == 422
    assert admin_client.post("/api/v1/ingest", json={"paths": []}, headers=admin_headers()).status_code == 422


def test_ingest_runs_in_the_background_and_lands_in_the_ledger(admin_client: TestClient) -> None:
    response = admin_client.post("/api/v1/ingest", json={"paths": ["pubmed"], "source": "pubmed"},
                                 headers=admin_headers())
    assert response.status_code == 202, response.text
    job_id = response.json()["job_id"]
    deadline = time.monotonic() + 300
    while True:
        body = admin_client.get("/api/v1/runs", headers=admin_headers()).json()
        job = next(job for job in body["jobs"] if job["job_id"] == job_id)
        if job["status"] not in ("queued", "running") or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert job["status"] in ("done", "partial"), job
    assert job["run_id"] in [run["id"] for run in body["runs"]]
    stats = admin_client.get("/api/v1/stats").json()
    assert stats["last_ingest_run"] and stats["last_ingest_run"]["id"] == job["run_id"]
    assert stats["labels"].get("Publication", 0) >= 1
