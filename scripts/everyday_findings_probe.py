"""Which everyday complaints link to no finding: one complaint per line, each parsed as the diagnosis layer parses a
question (``clinical.statements.parse_findings``) against the running graph's disease–finding knowledge.

    MEDKG_HOME=… MEDKG_BOLT_PORT=… .venv/bin/python scripts/everyday_findings_probe.py tests/data/findings/everyday-zh.txt

The lists in tests/data/findings/ were written by hand as patients say things (twenty-fifth session); they are a
probe of coverage, not an evaluation set, and no rank is measured on them.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from api.cli.common import connected
from clinical.knowledge import DiagnosisKnowledge
from clinical.statements import parse_findings
from core.settings import Settings
from query.safety import ReadOnlyRunner


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("lists", type=Path, nargs="+", help="files of one complaint per line")
    args = parser.parse_args()
    settings = Settings()
    with connected(settings) as driver:
        knowledge = DiagnosisKnowledge.load(ReadOnlyRunner.from_settings(driver, settings))
    for path in args.lists:
        complaints = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        unlinked = [c for c in complaints if not (found := parse_findings(c, knowledge.index))
                    or any(f.id is None for f in found)]
        print(f"{path}: {len(complaints)} complaints, {len(unlinked)} with a part that links to nothing")
        for complaint in unlinked:
            print(f"  {complaint}")


if __name__ == "__main__":
    main()
