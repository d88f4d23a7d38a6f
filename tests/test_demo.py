"""End to end: `medkg demo --fast` builds the graph from the bundled data, then the served page answers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from graph.launcher import free_port

MEDKG = [sys.executable, "-m", "api"]


def _env(home: Path, bolt_port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update({"MEDKG_HOME": str(home), "MEDKG_BOLT_PORT": str(bolt_port)})
    return env


@pytest.mark.slow
def test_fast_demo_builds_the_graph_and_the_page_answers(tmp_path: Path) -> None:
    env = _env(tmp_path, free_port())
    api_port = free_port()
    server = None
    try:
        built = subprocess.run(MEDKG + ["demo", "--fast", "--no-serve"], env=env, capture_output=True, text=True,
                               timeout=3000)
        assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
        assert "best treatment for hypertension" in built.stdout

        server = subprocess.Popen(MEDKG + ["serve", "--port", str(api_port)], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{api_port}"
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(1)
        page = httpx.get(f"{base}/", timeout=30)
        assert page.status_code == 200 and "<input" in page.text

        reply = httpx.post(f"{base}/api/v1/query", json={"question": "best treatment for hypertension"}, timeout=60)
        assert reply.status_code == 200, reply.text
        answer = reply.json()
        assert answer["intent"] == "treatment"
        assert answer["entities"] and "hypertension" in answer["entities"][0]["name"].lower()
        facts = [a for a in answer["answers"] if not a["hypothesis"]]
        assert len(facts) >= 3
        assert all(a["type"] == "Drug" and a["evidence"] for a in facts)
        assert all(e["source"] and e["document_id"] for a in facts for e in a["evidence"])
        rerun_started = time.monotonic()
        again = subprocess.run(MEDKG + ["demo", "--fast", "--no-serve"], env=env, capture_output=True, text=True,
                               timeout=600)
        assert again.returncode == 0, again.stderr[-3000:]
        assert "reused" in again.stdout
        assert time.monotonic() - rerun_started < 300
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        subprocess.run(MEDKG + ["db", "stop"], env=env, capture_output=True, timeout=120)
