"""The API under test: the real app (lifespan, driver, query engine) over a small populated Neo4j graph."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from api.main import create_app
from graph.launcher import free_port
from core.settings import Settings
from graph.writer import clear_database
from tests.api.graph_data import write_test_graph

ADMIN_TOKEN = "test-admin-token-5f1c"


@pytest.fixture(scope="module")
def api_graph(session_driver: Driver, neo4j_settings: Settings) -> Driver:
    """The test graph, written once per module (tests here only read it)."""
    clear_database(session_driver, neo4j_settings.neo4j_database)
    write_test_graph(session_driver, neo4j_settings.neo4j_database)
    return session_driver


@pytest.fixture(scope="module")
def api_settings(neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The test Neo4j, an admin token, a small body limit, and a home of its own (for the run ledger)."""
    return neo4j_settings.model_copy(update={
        "api_admin_token": ADMIN_TOKEN, "api_max_body_bytes": 4096, "home": tmp_path_factory.mktemp("api-home"),
        "api_warm_up": False,  # tests load the clinical layer on first use (test_warm_up checks the warm-up)
    })


@pytest.fixture(scope="module")
def client(api_graph: Driver, api_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(api_settings, load_models=False), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def live_url(api_graph: Driver, api_settings: Settings) -> Iterator[str]:
    """The real app under uvicorn on a free loopback port, for the module's tests."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(create_app(api_settings, load_models=False), host="127.0.0.1", port=port,
                            log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def admin_headers(token: str = ADMIN_TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
