"""``medkg ask --patient FILE`` and the patient flags: a bad patient is a usage error (exit 2) naming the problem,
before any database is touched; a good one is read with the flags on top (pure units, no Neo4j)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from api.cli import app
from api.cli.ask import read_patient
from clinical.patient import AgeGroup


def test_flags_override_the_file(tmp_path: Path) -> None:
    path = tmp_path / "patient.json"
    path.write_text(json.dumps({"age_years": 4, "weight_kg": 15, "medications": ["lithium"]}))
    patient = read_patient(path, {"weight_kg": 14.0, "pregnant": None, "allergies": ("penicillin",)})
    assert patient.weight_kg == 14 and patient.age_group is AgeGroup.CHILD
    assert patient.medications == ("lithium",) and patient.allergies == ("penicillin",)
    assert read_patient(None, {"age_years": None, "conditions": ()}) is None


@pytest.mark.parametrize(("content", "problem"), [
    ("{not json", "not a readable JSON file"), ("[1, 2]", "must be a JSON object"),
    ('{"egfr": -3}', "egfr"), ('{"shoe_size": 42}', "shoe_size"),
])
def test_bad_patient_files_name_the_problem(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "patient.json"
    path.write_text(content)
    with pytest.raises(typer.BadParameter, match=problem):
        read_patient(path, {})


def test_the_command_exits_2_on_a_bad_patient(tmp_path: Path) -> None:
    path = tmp_path / "patient.json"
    path.write_text('{"sex": "unknown"}')
    result = CliRunner().invoke(app, ["ask", "best treatment for hypertension", "--patient", str(path)])
    assert result.exit_code == 2 and "sex" in result.output
    result = CliRunner().invoke(app, ["ask", "best treatment for hypertension", "--egfr", "-5"])
    assert result.exit_code == 2
    assert "--pregnant" in CliRunner().invoke(app, ["ask", "--help"]).output
