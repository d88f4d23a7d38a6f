"""What a cron log gets from `medkg ingest`: the run report readable at 80 columns and off a terminal (one
"name: value" line per figure, nothing cut), and `medkg ingest runs --json` with each report as an object."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from _ingest_support import DATA, FIXTURES, cli_environment
from rich.console import Console

from api.cli.common import print_figures
from api.cli.ingest_docs import REPORT_COLUMNS, print_run_report
from ingest.pipeline.report import RunReport

LABELS = [DATA / "spl-xml-samples" / "lipitor-orig.xml"]


def _report() -> dict:
    report = RunReport(run_id="20260101T000000.000000Z", executor="serial", extractor="dictionary-fallback 1")
    figures = report.source("labels")
    figures.files_seen, figures.documents_read, figures.facts_written, figures.evidence_written = 3, 12345, 678, 910
    figures.seconds = 2.5
    return report.as_dict()


def _render(console: Console, report: dict) -> str:
    print_run_report(report, console)
    return console.file.getvalue()


def test_narrow_and_non_terminal_outputs_get_one_line_per_figure():
    for console in (Console(file=io.StringIO(), width=80),  # a cron log: not a terminal
                    Console(file=io.StringIO(), width=80, force_terminal=True, color_system=None)):  # narrow window
        lines = _render(console, _report()).splitlines()
        assert lines[0] == "ingest run 20260101T000000.000000Z (done, executor serial, extractor dictionary-fallback 1)"
        assert lines[1] == "source: labels"
        figures = dict(line.strip().split(": ", 1) for line in lines[2:])
        assert list(figures) == list(REPORT_COLUMNS[1:])
        assert (figures["files"], figures["documents"], figures["facts"], figures["evidence"]) == (
            "3", "12345", "678", "910")
        assert figures["seconds"] == "2.5" and figures["docs/s"] == "4938.0"
        assert "…" not in "".join(lines)


def test_a_wide_terminal_keeps_the_table():
    console = Console(file=io.StringIO(), width=250, force_terminal=True, color_system=None)
    text = _render(console, _report())
    assert "┃" in text and all(column in text for column in REPORT_COLUMNS) and "12345" in text


def test_long_values_are_not_wrapped_or_cut_in_a_log():
    console = Console(file=io.StringIO(), width=40)
    long_path = "/var/lib/medkg/incoming/" + "x" * 80 + ".xml"
    print_figures(console, "quarantine", ("file", "record", "reason"), [(long_path, "record 7", "bad date")])
    assert f"file: {long_path}\n" in console.file.getvalue()


def test_labels_report_in_a_log_and_runs_as_json(driver, neo4j_settings, tmp_path):
    env = cli_environment(neo4j_settings, tmp_path)  # stdout is a pipe, as under cron; rich's default 80 columns
    labels = subprocess.run([sys.executable, "-m", "api", "ingest", "labels", *map(str, LABELS), "--terms",
                             str(FIXTURES / "terms.tsv"), "--executor", "serial", "--quiet"],
                            env=env, capture_output=True, text=True, timeout=300)
    assert labels.returncode == 0, labels.stderr[-2000:]
    lines = labels.stdout.splitlines()
    assert "source: labels" in lines and "  documents: 1" in lines, labels.stdout
    facts = int(next(line for line in lines if line.startswith("  facts: ")).split(": ")[1])
    assert facts > 0 and "…" not in labels.stdout

    runs = subprocess.run([sys.executable, "-m", "api", "ingest", "runs", "--json"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert runs.returncode == 0, runs.stderr[-2000:]
    (run,) = json.loads(runs.stdout)
    assert run["status"] == "done" and isinstance(run["report"], dict)
    assert run["report"]["sources"]["labels"]["facts_written"] == facts
