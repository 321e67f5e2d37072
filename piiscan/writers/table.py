"""``--format table``: a human-readable report rendered with rich.

Findings are grouped under a heading per file and sorted by position, followed by a
summary panel. On a terminal the output is coloured and as wide as the terminal;
anywhere else (a file, a pipe, a ``StringIO``) it is plain text, 120 columns wide,
without trailing spaces, whatever the environment says.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping
from itertools import groupby
from typing import TextIO

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from piiscan.model import ColumnFinding, Finding, Report, Sensitivity, Summary

PLAIN_WIDTH = 120
"""Width used when the output is not a terminal."""

SENSITIVITY_STYLES: Mapping[str, str] = {
    "restricted": "bold red",
    "confidential": "yellow",
    "internal": "cyan",
    "public": "dim",
}

EMPTY_MESSAGE = "No personal data found."

# C0/C1 control characters (ESC included) would let a file name or a matched text
# drive the terminal; show them escaped instead.
_CONTROL_ESCAPES = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0))}


def safe_text(value: str, style: str = "") -> Text:
    """``value`` as rich ``Text``: no markup interpretation, control characters escaped."""
    return Text(value.translate(_CONTROL_ESCAPES), style=style)


def _is_terminal(out: TextIO) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):  # closed or exotic streams
        return False


def _terminal_console(out: TextIO) -> Console:
    return Console(file=out, highlight=False, emoji=False)


def _plain_console(buffer: TextIO) -> Console:
    return Console(
        file=buffer,
        width=PLAIN_WIDTH,
        force_terminal=False,
        force_jupyter=False,
        force_interactive=False,
        color_system=None,
        legacy_windows=False,
        highlight=False,
        emoji=False,
    )


# --- findings --------------------------------------------------------------------------------------


def _sort_key(finding: Finding) -> tuple[str, int, int, str]:
    return (finding.path, finding.line, finding.column, finding.entity)


def grouped_by_path(findings: Iterable[Finding]) -> Iterator[tuple[str, list[Finding]]]:
    """``(path, findings)`` pairs, paths in order, findings by line and column."""
    ordered = sorted(findings, key=_sort_key)
    for path, group in groupby(ordered, key=lambda finding: finding.path):
        yield path, list(group)


def _heading(path: str, count: int) -> Text:
    noun = "finding" if count == 1 else "findings"
    heading = safe_text(path, "bold")
    heading.append(f"  ({count} {noun})", style="dim")
    return heading


def _entity_cell(finding: Finding) -> Text:
    cell = safe_text(finding.entity)
    if finding.placeholder:
        cell.append(" (placeholder)", style="dim italic")
    return cell


def _sensitivity_cell(label: str) -> Text:
    return safe_text(label, SENSITIVITY_STYLES.get(label, ""))


def _findings_table(findings: list[Finding], show_values: bool) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold", padding=(0, 0, 0, 1))
    table.add_column("Line:Col", justify="right", no_wrap=True)
    table.add_column("Entity", no_wrap=True)
    table.add_column("Sensitivity", no_wrap=True)
    table.add_column("Preview", no_wrap=True, min_width=12)
    table.add_column("Recognizer", no_wrap=True, overflow="ellipsis")
    table.add_column("Score", justify="right", no_wrap=True)
    if show_values:
        table.add_column("Value", overflow="fold")
    for finding in findings:
        row = [
            Text(f"{finding.line}:{finding.column}"),
            _entity_cell(finding),
            _sensitivity_cell(finding.sensitivity.label),
            safe_text(finding.preview),
            safe_text(finding.recognizer),
            Text(f"{finding.score:.2f}"),
        ]
        if show_values:
            row.append(safe_text(finding.value or ""))
        table.add_row(*row)
    return table


def findings_section(findings: list[Finding]) -> Iterator[RenderableType]:
    """A heading and a table per file, or the "nothing found" line."""
    if not findings:
        yield Text(EMPTY_MESSAGE, style="bold green")
        return
    show_values = any(finding.value is not None for finding in findings)
    for position, (path, group) in enumerate(grouped_by_path(findings)):
        if position:
            yield Text()
        yield _heading(path, len(group))
        yield _findings_table(group, show_values)


# --- column findings -------------------------------------------------------------------------------


def _table_key(finding: ColumnFinding) -> tuple[str, str]:
    return (finding.source, finding.table)


def _columns_table(findings: list[ColumnFinding]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold", padding=(0, 0, 0, 1))
    table.add_column("Column", no_wrap=True, overflow="fold", max_width=28)
    table.add_column("Entity", no_wrap=True)
    table.add_column("Sensitivity", no_wrap=True)
    table.add_column("Ratio", justify="right", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Reason", overflow="fold")
    for finding in findings:
        entity = safe_text(finding.entity)
        if "hashed" in finding.tags:
            entity.append(" (hashed)", style="dim italic")
        table.add_row(
            safe_text(finding.field),
            entity,
            _sensitivity_cell(finding.sensitivity.label),
            Text(f"{finding.ratio:.0%}"),
            Text(f"{finding.score:.2f}"),
            safe_text(finding.reason),
        )
    return table


def columns_section(findings: list[ColumnFinding]) -> Iterator[RenderableType]:
    """A heading and a table per database table or dataset: one row per reported column."""
    ordered = sorted(findings, key=_table_key)
    for (source, table_name), group in groupby(ordered, key=_table_key):
        rows = list(group)
        heading = safe_text(f"{source} :: {table_name}", "bold")
        heading.append(f"  ({len(rows)} column{'s' if len(rows) != 1 else ''} with personal data)", style="dim")
        yield Text()
        yield heading
        yield _columns_table(rows)


# --- summary ---------------------------------------------------------------------------------------


def human_bytes(count: int) -> str:
    """``12345`` → ``12.1 KiB``."""
    if count < 1024:
        return f"{count} B"
    size = count / 1024
    for unit in ("KiB", "MiB", "GiB"):
        if size < 1024:
            return f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} TiB"


def _counts(items: Iterable[tuple[str, int]], styles: Mapping[str, str] | None = None) -> Text:
    text = Text()
    for position, (name, count) in enumerate(items):
        if position:
            text.append(", ")
        text.append_text(safe_text(name, (styles or {}).get(name, "")))
        text.append(f" {count:,}")
    return text if text.plain else Text("none", style="dim")


def _by_count(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _by_level(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    order = {level.label: -level.value for level in Sensitivity}
    return sorted(counts.items(), key=lambda item: (order.get(item[0], 1), item[0]))


def summary_panel(summary: Summary) -> Panel:
    """The end-of-report panel with the scan's counters."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    total = sum(summary.findings_by_entity.values())
    bytes_text = f"{summary.bytes_scanned:,} ({human_bytes(summary.bytes_scanned)})"
    grid.add_row("Files scanned", f"{summary.files_scanned:,}")
    grid.add_row("Bytes scanned", bytes_text)
    if summary.tables_scanned:
        grid.add_row(
            "Tables scanned",
            f"{summary.tables_scanned:,} ({summary.columns_scanned:,} columns, {summary.values_scanned:,} values)",
        )
    if summary.ner is not None:
        share = f" = {summary.ner.chars / summary.bytes_scanned:.1%} of the bytes" if summary.bytes_scanned else ""
        grid.add_row(
            "NER (--ner)", f"{summary.ner.chars:,} characters of prose in {summary.ner.segments:,} segments{share}"
        )
    grid.add_row("Skipped", _counts(_by_count(summary.files_skipped)))
    grid.add_row("Findings", f"{total:,}")
    grid.add_row("By entity", _counts(_by_count(summary.findings_by_entity)))
    grid.add_row("By sensitivity", _counts(_by_level(summary.findings_by_sensitivity), SENSITIVITY_STYLES))
    grid.add_row("Errors", Text(f"{summary.errors:,}", style="red" if summary.errors else ""))
    grid.add_row("Duration", f"{summary.duration_seconds:.2f} s")
    return Panel(grid, title="Summary", title_align="left", expand=False, box=box.ROUNDED)


# --- writer ----------------------------------------------------------------------------------------


def report_renderable(report: Report) -> Group:
    """Everything the table format shows, as one rich renderable."""
    text = list(findings_section(report.findings)) if report.findings or not report.columns else []
    return Group(*text, *columns_section(report.columns), Text(), summary_panel(report.summary))


def _strip_trailing_spaces(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.split("\n"))


class TableWriter:
    """Renders the report for a person: coloured on a terminal, plain 120-column text elsewhere."""

    def write(self, report: Report, out: TextIO) -> None:
        """Write ``report`` to ``out``."""
        if _is_terminal(out):
            _terminal_console(out).print(report_renderable(report))
            return
        buffer = io.StringIO()
        _plain_console(buffer).print(report_renderable(report))
        out.write(_strip_trailing_spaces(buffer.getvalue()))
