"""``--format json``: one object ``{"findings": [...], "errors": [...], "summary": {...}}``."""

from __future__ import annotations

import json
from typing import TextIO

from piiscan.model import Report


def report_document(report: Report) -> dict[str, object]:
    """The JSON document for ``report`` (contract section 3)."""
    return {
        "findings": report.records(),
        "errors": [error.to_record() for error in report.errors],
        "summary": report.summary.to_record(),
    }


class JsonWriter:
    """Writes the whole report as one indented JSON object followed by a newline."""

    def write(self, report: Report, out: TextIO) -> None:
        """Write ``report`` to ``out``."""
        json.dump(report_document(report), out, indent=2, ensure_ascii=False)
        out.write("\n")
