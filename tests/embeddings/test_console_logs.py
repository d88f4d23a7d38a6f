"""`medkg embeddings train` as a user runs it: PyKEEN's INFO lines (evaluator, early stopper, checkpoints) stay off
the console; the command's own figures are printed."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.embeddings.conftest import write_small_graph


def test_training_prints_our_figures_and_no_pykeen_info(driver, database, neo4j_settings, small_graph, tmp_path):
    write_small_graph(driver, database, small_graph)
    env = {**os.environ, "NEO4J_URI": neo4j_settings.bolt_uri, "NEO4J_USER": neo4j_settings.neo4j_user,
           "NEO4J_PASSWORD": neo4j_settings.neo4j_password, "NEO4J_DATABASE": database,
           "MEDKG_HOME": str(tmp_path / "home"), "COLUMNS": "200"}
    done = subprocess.run(  # PyKEEN's evaluator logs "Evaluation took …" at INFO after training
        [sys.executable, "-m", "api", "embeddings", "train", "--model", "TransE", "--epochs", "3", "--dim", "16",
         "--device", "cpu", "--no-write-back"], env=env, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    console = done.stdout + done.stderr
    assert done.returncode == 0, console[-3000:]
    assert "MRR" in done.stdout and "3 epochs" in done.stdout, console[-3000:]  # our own figures
    assert "pykeen" not in console.lower() and "INFO" not in console, console[-3000:]
