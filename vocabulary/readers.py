"""Line-numbered readers for the raw curated files (TSV, OBO; PubTator: ``vocabulary.pubtator``) and the report
of what was wrong in them.

Bad input never stops a read: a malformed OBO stanza, a TSV row with the wrong number of columns or an id with
an unknown prefix is counted and remembered (file, line, what) in a ``ReadReport``, and the rest is read.
"""

from __future__ import annotations

import gzip
import io
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

MAX_EXAMPLES_PER_FILE = 20


@dataclass
class FileReport:
    path: str
    rows: int = 0
    problems: Counter[str] = field(default_factory=Counter)
    examples: list[tuple[int, str]] = field(default_factory=list)

    @property
    def problem_count(self) -> int:
        return sum(self.problems.values())


class ReadReport:
    """Per-file counts of rows read and of problems, with the first line numbers of each file's problems."""

    def __init__(self) -> None:
        self.files: dict[str, FileReport] = {}

    def _file(self, path: Path | str) -> FileReport:
        key = str(path)
        if key not in self.files:
            self.files[key] = FileReport(key)
        return self.files[key]

    def row(self, path: Path | str) -> None:
        self._file(path).rows += 1

    def problem(self, path: Path | str, line: int, kind: str, detail: str = "") -> None:
        report = self._file(path)
        report.problems[kind] += 1
        if len(report.examples) < MAX_EXAMPLES_PER_FILE:
            report.examples.append((line, f"{kind}: {detail}" if detail else kind))

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files.values())

    @property
    def problem_count(self) -> int:
        return sum(f.problem_count for f in self.files.values())

    def summary_lines(self) -> list[str]:
        lines = []
        for report in self.files.values():
            kinds = ", ".join(f"{n} {kind}" for kind, n in report.problems.most_common()) or "no problems"
            lines.append(f"{report.path}: {report.rows} rows read, {kinds}")
            lines.extend(f"  line {line}: {what}" for line, what in report.examples)
        return lines


def open_text(path: Path) -> IO[str]:
    """Open a text file, gunzipping ``.gz`` transparently."""
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")
    return path.open(encoding="utf-8", newline="")


def read_jsonl(path: Path, report: ReadReport) -> Iterator[tuple[int, dict]]:
    """``(line number, record)`` for each JSON line (``.gz`` too); a line that is not JSON is reported and skipped."""
    with open_text(path) as handle:
        for number, line in enumerate(handle, start=1):
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                report.problem(path, number, "not JSON", str(error))
                continue
            report.row(path)
            yield number, record


def read_tsv(
    path: Path, report: ReadReport, header: bool = True, columns: int | None = None, unquote: bool = False,
) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line number, fields)`` of a tab-separated file; rows with the wrong column count are reported.

    With ``header`` the first line sets the expected number of columns (unless ``columns`` is given) and is not
    yielded. ``unquote`` strips one pair of surrounding double quotes from each field (DrugCentral's style).
    """
    with open_text(path) as handle:
        expected = columns
        for number, raw in enumerate(handle, start=1):
            line = raw.rstrip("\r\n")
            if not line:
                continue
            fields = line.split("\t")
            if unquote:
                fields = [f[1:-1] if len(f) >= 2 and f[0] == f[-1] == '"' else f for f in fields]
            if header and number == 1:
                expected = expected or len(fields)
                continue
            if expected is not None and len(fields) != expected:
                report.problem(path, number, "wrong column count", f"{len(fields)} instead of {expected}")
                continue
            report.row(path)
            yield number, fields


def read_tsv_dicts(path: Path, report: ReadReport, unquote: bool = False) -> Iterator[tuple[int, dict[str, str]]]:
    """Like ``read_tsv`` with a header, each row as a dict keyed by the header's names."""
    with open_text(path) as handle:
        first = handle.readline().rstrip("\r\n").split("\t")
    names = [n.strip('"') for n in first]
    for number, fields in read_tsv(path, report, header=True, columns=len(names), unquote=unquote):
        yield number, dict(zip(names, fields))


@dataclass
class OboStanza:
    line: int
    tags: dict[str, list[str]]

    def first(self, tag: str, default: str = "") -> str:
        values = self.tags.get(tag)
        return values[0] if values else default


def read_obo_terms(path: Path, report: ReadReport) -> Iterator[OboStanza]:
    """Yield the ``[Term]`` stanzas of an OBO 1.2 file; a stanza without an id or name, or with a line that is not
    ``tag: value``, is reported (with the stanza's first line number) and skipped."""
    stanza: OboStanza | None = None
    broken: str | None = None

    def finish() -> Iterator[OboStanza]:
        if stanza is None:
            return
        if broken is not None:
            report.problem(path, stanza.line, "malformed OBO stanza", broken)
        elif not stanza.first("id") or not stanza.first("name"):
            report.problem(path, stanza.line, "malformed OBO stanza", "missing id or name")
        else:
            report.row(path)
            yield stanza

    with open_text(path) as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.rstrip("\r\n")
            if line.startswith("["):
                yield from finish()
                stanza = OboStanza(number, {}) if line.strip() == "[Term]" else None
                broken = None
                continue
            if stanza is None or not line.strip() or line.startswith("!"):
                continue
            tag, sep, value = line.partition(": ")
            if not sep or not tag or " " in tag:
                broken = broken or f"line {number}: {line[:60]!r} is not 'tag: value'"
                continue
            stanza.tags.setdefault(tag, []).append(value.split(" ! ")[0].strip())
        yield from finish()
