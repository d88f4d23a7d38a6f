"""medkg's own Neo4j: start/stop/status through the CLI, data surviving restarts, and the error paths."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from graph.driver import open_driver
from core.errors import ConnectionFailed, ServerError
from graph.launcher import free_port, start_server, stop_server
from core.settings import Settings

MEDKG = [sys.executable, "-m", "api"]


def _cli(args: list[str], env_home: Path, port: int, extra_env: dict[str, str] | None = None):
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update({"MEDKG_HOME": str(env_home), "MEDKG_BOLT_PORT": str(port), "MEDKG_NEO4J_HEAP": "512m",
                "MEDKG_NEO4J_PAGECACHE": "128m", **(extra_env or {})})
    return subprocess.run(MEDKG + args, capture_output=True, text=True, env=env, timeout=300)


@pytest.mark.slow
def test_cli_start_status_stop_and_data_survive_a_restart(tmp_path: Path) -> None:
    port = free_port()
    try:
        started = _cli(["db", "start"], tmp_path, port)
        assert started.returncode == 0, started.stderr
        assert _cli(["db", "init"], tmp_path, port).returncode == 0
        settings = Settings(home=tmp_path, bolt_port=port)
        with open_driver(settings) as driver:
            driver.execute_query("CREATE (:Entity {id: 'MESH:D000001', name: 'kept'})")
        status = _cli(["db", "status"], tmp_path, port)
        assert status.returncode == 0, status.stderr
        assert "5.26" in status.stdout and f"127.0.0.1:{port}" in status.stdout
        assert "nodes" in status.stdout

        assert _cli(["db", "stop"], tmp_path, port).returncode == 0
        down = _cli(["db", "status"], tmp_path, port)
        assert down.returncode == 1 and "not answering" in down.stderr

        assert _cli(["db", "start"], tmp_path, port).returncode == 0
        with open_driver(settings) as driver:
            records, _, _ = driver.execute_query("MATCH (n:Entity {id: 'MESH:D000001'}) RETURN n.name AS name")
        assert [r["name"] for r in records] == ["kept"]
    finally:
        _cli(["db", "stop"], tmp_path, port)


def test_port_taken_is_a_clear_error_and_nothing_is_left_running(tmp_path: Path) -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        settings = Settings(home=tmp_path, bolt_port=port)
        with pytest.raises(ServerError, match=f"port {port}.*taken"):
            start_server(settings)
    assert not (tmp_path / "neo4j" / "neo4j.pid").exists()


def test_wrong_password_is_refused_clearly(neo4j_settings: Settings) -> None:
    wrong = neo4j_settings.model_copy(update={"neo4j_password": "not-the-password"})
    with pytest.raises(ConnectionFailed, match="wrong user or password"):
        open_driver(wrong)


def test_nothing_listening_is_a_clear_error(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, neo4j_uri=f"bolt://127.0.0.1:{free_port()}")
    with pytest.raises(ConnectionFailed, match="not answering"):
        open_driver(settings)


def test_a_malformed_uri_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConnectionFailed, match="cannot use Neo4j URI"):
        open_driver(Settings(home=tmp_path, neo4j_uri="http//nope"))


def test_external_uri_means_medkg_starts_nothing(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, neo4j_uri="bolt://127.0.0.1:1")
    with pytest.raises(ServerError, match="starts none"):
        start_server(settings)
    assert stop_server(settings) is False


def test_a_server_that_never_answers_times_out_and_is_stopped(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, bolt_port=free_port(), server_start_timeout_s=0.5)
    with pytest.raises(ServerError, match="did not answer"):
        start_server(settings)
    assert not (tmp_path / "neo4j" / "neo4j.pid").exists()


def test_java_missing_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no java, no mvn
    with pytest.raises(ServerError, match="java was not found|mvn was not found"):
        start_server(Settings(home=tmp_path, bolt_port=free_port()))


def test_every_command_has_help() -> None:
    for args in (["--help"], ["db", "--help"], ["db", "start", "--help"], ["demo", "--help"]):
        result = subprocess.run(MEDKG + args, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and "Usage" in result.stdout, (args, result.stderr)
