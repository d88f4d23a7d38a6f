"""``medkg ask --json`` and ``medkg eval questions`` against the populated test graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from core.settings import Settings


@pytest.fixture
def cli_env(populated, neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    if neo4j_settings.uses_external_neo4j:
        return
    monkeypatch.setenv("MEDKG_HOME", str(neo4j_settings.home))
    monkeypatch.setenv("MEDKG_BOLT_PORT", str(neo4j_settings.bolt_port))


def test_ask_json(cli_env: None) -> None:
    result = CliRunner().invoke(app, ["ask", "side effects of atorvastatin", "--json", "--no-models", "--limit", "5"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["intent"] == "side_effects" and data["entities"][0]["id"] == "MESH:D000069059"
    assert all(item["evidence"] for item in data["answers"])


def test_ask_in_chinese_prints_chinese_names_beside_the_english(cli_env: None) -> None:
    result = CliRunner().invoke(app, ["ask", "阿托伐他汀有什么副作用", "--no-models"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "阿托伐他汀 (Atorvastatin)" in result.output
    data = json.loads(CliRunner().invoke(app, ["ask", "阿托伐他汀有什么副作用", "--json", "--no-models"]).output)
    assert data["language"] == "zh" and data["entities"][0]["name_zh"] == "阿托伐他汀" and data["answers"]


def test_ask_with_a_patient_prints_the_computed_dose_and_its_label_sentence(cli_env: None) -> None:
    result = CliRunner().invoke(app, ["ask", "dose of atorvastatin", "--no-models", "--age", "50", "--egfr", "90"],
                                terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "dose for this patient" in result.output
    assert "computed 10–80 mg per dose once daily" in result.output
    assert 'label: "Dose range: 10 to 80 mg once daily (2.1)."' in result.output
    child = CliRunner().invoke(app, ["ask", "dose of atorvastatin", "--no-models", "--age", "12"], terminal_width=200)
    # "Pediatric starting dose: 10 mg once daily": said as a starting dose
    assert child.exit_code == 0 and "computed (starting dose) 10 mg per dose once daily; max 20 mg/day" in child.output


def test_eval_questions(cli_env: None, tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join(json.dumps(q) for q in [
        {"question": "which drugs treat HTN", "intent": "treatment", "expected": ["DRUGBANK:DB00381"],
         "expected_names": [], "source": "test", "style": "abbreviation"},
        {"question": "what is atorvastatin indicated for", "intent": "indications", "expected": [],
         "expected_names": ["Hypertension"], "source": "test", "style": "plain"},
    ]), encoding="utf-8")
    details = tmp_path / "details.json"
    result = CliRunner().invoke(app, ["eval", "questions", str(questions), "--no-models", "--details", str(details)])
    assert result.exit_code == 0, result.output
    report = json.loads(details.read_text(encoding="utf-8"))
    assert report["groups"]["all"]["n"] == 2
    assert report["groups"]["all"]["hits@1"] == 0.5  # amlodipine first for HTN; atorvastatin does not treat HTN here
