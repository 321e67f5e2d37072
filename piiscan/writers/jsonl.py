"""``--format jsonl``: one finding record per line and nothing else.

Errors and the summary are not part of this stream (the CLI reports them on stderr).
"""

from __future__ import annotations

import json
from typing import TextIO

from piiscan.model import Report

# Characters that ``str.splitlines()`` (and some JSON Lines readers) treat as line
# breaks but that ``json.dumps(ensure_ascii=False)`` leaves unescaped inside strings.
_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_ESCAPE_LINE_BREAKS = str.maketrans(_LINE_BREAKS)


def json_line(record: dict[str, object]) -> str:
    """``record`` as a single line of JSON (no trailing newline), safe for any line splitter."""
    return json.dumps(record, ensure_ascii=False).translate(_ESCAPE_LINE_BREAKS)


class JsonlWriter:
    """Writes one JSON object per finding, one per line."""

    def write(self, report: Report, out: TextIO) -> None:
        """Write the findings of ``report`` to ``out``."""
        for record in report.records():
            out.write(json_line(record))
            out.write("\n")
