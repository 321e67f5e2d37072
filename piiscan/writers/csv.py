"""``--format csv``: one row per finding, the contract's fields as columns.

Text cells that a spreadsheet would read as a formula (starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) get a leading single quote, so a crafted
file name or matched text cannot run anything when the CSV is opened.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import TextIO

from piiscan.model import ColumnFinding, Finding, Report

BASE_COLUMNS: tuple[str, ...] = (
    "entity",
    "score",
    "category",
    "sensitivity",
    "recognizer",
    "preview",
    "fingerprint",
    "path",
    "line",
    "column",
    "start",
    "end",
    "placeholder",
    "tags",
)
"""Columns always written, in this order; ``value`` follows only when some finding kept one."""

TABLE_COLUMNS: tuple[str, ...] = ("source", "table", "field", "rows_scanned", "matches", "ratio", "reason", "evidence")
"""Columns added when the report has column findings (tables)."""

TAG_SEPARATOR = ";"
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralize(cell: str) -> str:
    """Prefix ``cell`` with a single quote when a spreadsheet could take it for a formula."""
    return "'" + cell if cell.startswith(_FORMULA_PREFIXES) else cell


def columns_for(findings: Sequence[Finding], tables: bool = False) -> tuple[str, ...]:
    """The header: :data:`BASE_COLUMNS`, the table fields when there are column findings, ``value`` last."""
    columns = (*BASE_COLUMNS, *TABLE_COLUMNS) if tables else BASE_COLUMNS
    if any(finding.value is not None for finding in findings):
        return (*columns, "value")
    return columns


def _cell(value: object) -> object:
    """One CSV cell from a record value: lists joined, booleans spelled out, text guarded."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return neutralize(TAG_SEPARATOR.join(str(item) for item in value))
    if isinstance(value, str):
        return neutralize(value)
    return value


def row_for(finding: Finding | ColumnFinding, columns: Iterable[str]) -> list[object]:
    """The CSV row for ``finding`` in ``columns`` order (missing fields become empty cells)."""
    record = finding.to_record()
    record.setdefault("placeholder", False)
    return [_cell(record.get(column, "")) for column in columns]


def _has_carriage_return(row: Iterable[object]) -> bool:
    return any(isinstance(cell, str) and "\r" in cell for cell in row)


class CsvWriter:
    """Writes a header row and one row per finding (``\\n`` line endings, RFC 4180 quoting)."""

    def write(self, report: Report, out: TextIO) -> None:
        """Write the findings of ``report`` to ``out``."""
        columns = columns_for(report.findings, tables=bool(report.columns))
        minimal = csv.writer(out, lineterminator="\n")
        # With a "\n" terminator the csv module does not quote cells holding a bare "\r",
        # which would split the row for readers; such (rare) rows are written fully quoted.
        quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
        minimal.writerow(columns)
        for finding in report.all_findings():
            row = row_for(finding, columns)
            (quoted if _has_carriage_return(row) else minimal).writerow(row)
