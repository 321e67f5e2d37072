"""Tests for the writer registry and the json, jsonl, csv and table writers."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from piiscan.model import Finding, Report, Sensitivity, Summary
from piiscan.writers import WRITERS, get_writer
from piiscan.writers.csv import BASE_COLUMNS, neutralize
from piiscan.writers.table import EMPTY_MESSAGE, PLAIN_WIDTH, human_bytes

Render = Callable[[str, Report], str]
FORMATS = ["table", "json", "jsonl", "csv", "sarif"]
GOLDEN_NAMES = {"table": "report.txt", "json": "report.json", "jsonl": "report.jsonl",
                "csv": "report.csv", "sarif": "report.sarif"}


REPO_ROOT = Path(__file__).resolve().parents[2]


def _run_python(code: str) -> str:
    """Run ``code`` in a fresh interpreter that imports piiscan from this checkout."""
    python_path = os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": python_path}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO_ROOT, env=env
    )
    return done.stdout.strip()


def _with_values(report: Report, raw_values: dict[str, str]) -> Report:
    findings = [dataclasses.replace(f, value=raw_values[f.recognizer]) for f in report.findings]
    return dataclasses.replace(report, findings=findings)


def _with_findings(report: Report, findings: list[Finding]) -> Report:
    return dataclasses.replace(report, findings=findings)


def _raw_variants(raw: str) -> set[str]:
    """The raw value as written and with its separators removed (``+86 138…`` → ``+86138…``)."""
    return {raw, raw.replace(" ", ""), raw.replace("-", "")}


# --- registry ------------------------------------------------------------------------------------


def test_registry_lists_every_format() -> None:
    assert set(WRITERS) == set(FORMATS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_get_writer_returns_a_writer(fmt: str) -> None:
    assert callable(get_writer(fmt).write)


def test_get_writer_unknown_format_raises_key_error() -> None:
    with pytest.raises(KeyError, match="xml"):
        get_writer("xml")


def test_importing_the_registry_is_lazy() -> None:
    code = (
        "import sys, piiscan.writers\n"
        "prefixes = ('rich.', 'piiscan.writers.')\n"
        "loaded = sorted(m for m in sys.modules if m == 'rich' or m.startswith(prefixes))\n"
        "print(loaded)\n"
    )
    assert _run_python(code) == "[]"


def test_stdlib_writers_do_not_import_rich() -> None:
    code = (
        "import sys\n"
        "from piiscan.writers import get_writer\n"
        "for name in ('json', 'jsonl', 'csv', 'sarif'): get_writer(name)\n"
        "print('rich' in sys.modules)\n"
    )
    assert _run_python(code) == "False"


# --- golden files and privacy ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_matches_golden_file(
    fmt: str, report: Report, render_format: Render, golden: Callable[[str, str], None]
) -> None:
    golden(GOLDEN_NAMES[fmt], render_format(fmt, report))


@pytest.mark.parametrize("fmt", FORMATS)
def test_column_findings_match_golden_file(
    fmt: str, table_report: Report, render_format: Render, golden: Callable[[str, str], None]
) -> None:
    golden("tables." + GOLDEN_NAMES[fmt].split(".", 1)[1], render_format(fmt, table_report))


def test_mixed_report_lists_text_then_column_findings(
    report: Report, table_report: Report, render_format: Render
) -> None:
    report.columns = table_report.columns
    records = json.loads(render_format("json", report))["findings"]
    assert [("path" in r, "table" in r) for r in records] == [(True, False)] * len(report.findings) + [
        (False, True)
    ] * len(table_report.columns)
    header = render_format("csv", report).splitlines()[0].split(",")
    assert header[header.index("end") + 1 :][:3] == ["placeholder", "tags", "source"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_raw_value_without_show_values(
    fmt: str, report: Report, raw_values: dict[str, str], render_format: Render
) -> None:
    output = render_format(fmt, report)
    for raw in raw_values.values():
        for variant in _raw_variants(raw):
            assert variant not in output


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
def test_raw_values_are_written_when_kept(
    fmt: str, report: Report, raw_values: dict[str, str], render_format: Render
) -> None:
    output = render_format(fmt, _with_values(report, raw_values))
    assert raw_values["imei"] in output
    assert raw_values["cn_resident_id"] in output


def test_sarif_never_writes_raw_values(
    report: Report, raw_values: dict[str, str], render_format: Render
) -> None:
    output = render_format("sarif", _with_values(report, raw_values))
    for raw in raw_values.values():
        assert raw not in output
    assert '"value"' not in output


# --- json / jsonl ------------------------------------------------------------------------------------


def test_json_document_shape(report: Report, render_format: Render) -> None:
    output = render_format("json", report)
    assert output.endswith("}\n")
    assert "数据/用户 列表.txt" in output  # ensure_ascii=False
    document = json.loads(output)
    assert list(document) == ["findings", "errors", "summary"]
    assert document["findings"] == [finding.to_record() for finding in report.findings]
    assert document["errors"] == [error.to_record() for error in report.errors]
    assert document["summary"] == report.summary.to_record()


def test_jsonl_has_exactly_one_object_per_line(report: Report, render_format: Render) -> None:
    output = render_format("jsonl", report)
    lines = output.splitlines()
    assert output.endswith("\n")
    assert len(lines) == len(report.findings)
    assert [json.loads(line) for line in lines] == [finding.to_record() for finding in report.findings]


def test_jsonl_escapes_unicode_line_separators(report: Report, render_format: Render) -> None:
    odd = dataclasses.replace(report.findings[0], path="a\u2028b\u2029c\x85d.txt")
    output = render_format("jsonl", _with_findings(report, [odd]))
    lines = output.splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["path"] == "a\u2028b\u2029c\x85d.txt"


def test_jsonl_of_an_empty_report_is_empty(report: Report, render_format: Render) -> None:
    assert render_format("jsonl", _with_findings(report, [])) == ""


# --- csv -----------------------------------------------------------------------------------------------


def _csv_rows(output: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(output)))


def test_csv_header_is_fixed(report: Report, render_format: Render) -> None:
    header = _csv_rows(render_format("csv", report))[0]
    assert header == [
        "entity", "score", "category", "sensitivity", "recognizer", "preview", "fingerprint",
        "path", "line", "column", "start", "end", "placeholder", "tags",
    ]
    assert tuple(header) == BASE_COLUMNS


def test_csv_value_column_only_when_a_value_was_kept(
    report: Report, raw_values: dict[str, str], render_format: Render
) -> None:
    first = dataclasses.replace(report.findings[0], value=raw_values["email"])
    rows = _csv_rows(render_format("csv", _with_findings(report, [first, *report.findings[1:]])))
    assert rows[0][-1] == "value"
    assert rows[1][-1] == raw_values["email"]
    assert rows[2][-1] == ""


def test_csv_rows_agree_with_records(report: Report, render_format: Render) -> None:
    rows = _csv_rows(render_format("csv", report))
    header, body = rows[0], rows[1:]
    for finding, row in zip(report.findings, body, strict=True):
        cells = dict(zip(header, row, strict=True))
        record = finding.to_record()
        assert cells["fingerprint"] == record["fingerprint"]
        assert float(cells["score"]) == record["score"]
        assert int(cells["line"]) == record["line"]
        assert cells["placeholder"] == ("true" if finding.placeholder else "false")
        assert cells["tags"] == ";".join(finding.tags)


def test_csv_guards_against_formula_injection(report: Report, render_format: Render) -> None:
    base = report.findings[0]
    hostile = [
        dataclasses.replace(base, path="=HYPERLINK(\"http://x\")", preview="@SUM(A1)"),
        dataclasses.replace(base, path="+cmd|' /C calc'!A0", preview="-2+3", tags=("=1+1",)),
        dataclasses.replace(base, path="\tx.txt", preview="\r=1"),
    ]
    rows = _csv_rows(render_format("csv", _with_findings(report, hostile)))
    assert len(rows) == 1 + len(hostile)
    header = rows[0]
    for row in rows[1:]:
        cells = dict(zip(header, row, strict=True))
        for column in ("path", "preview", "tags"):
            assert not cells[column].startswith(("=", "+", "-", "@", "\t", "\r")), cells[column]
    assert rows[1][header.index("path")] == "'=HYPERLINK(\"http://x\")"
    assert rows[2][header.index("preview")] == "'-2+3"
    assert rows[3][header.index("preview")] == "'\r=1"


@given(st.text())
def test_neutralize_never_leaves_a_formula_prefix(cell: str) -> None:
    guarded = neutralize(cell)
    assert not guarded.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert guarded in (cell, "'" + cell)


# --- table ----------------------------------------------------------------------------------------------


def test_table_of_an_empty_report_says_so(render_format: Render, report: Report) -> None:
    empty = Report([], [], Summary(), report.rules)
    output = render_format("table", empty)
    assert EMPTY_MESSAGE in output
    assert "Files scanned" in output


def test_table_plain_output_has_no_escapes_and_fits_the_width(report: Report, render_format: Render) -> None:
    output = render_format("table", report)
    assert "\x1b" not in output
    assert all(cell_len(line) <= PLAIN_WIDTH for line in output.splitlines())
    assert all(line == line.rstrip() for line in output.splitlines())


def test_table_groups_by_path_and_sorts_by_line(report: Report, render_format: Render) -> None:
    shuffled = list(report.findings)
    random.Random(7).shuffle(shuffled)
    assert render_format("table", _with_findings(report, shuffled)) == render_format("table", report)
    output = render_format("table", report)
    assert output.index("src/app/config.py") < output.index("数据/用户 列表.txt")
    assert output.index("EMAIL_ADDRESS") < output.index("IMEI")


def test_table_ignores_terminal_environment_when_not_a_terminal(
    monkeypatch: pytest.MonkeyPatch, report: Report, render_format: Render
) -> None:
    expected = render_format("table", report)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("TERM", "xterm-256color")
    assert render_format("table", report) == expected


def test_table_neutralises_markup_and_control_characters(report: Report, render_format: Render) -> None:
    odd = dataclasses.replace(report.findings[0], path="evil\x1b[31m.txt", preview="[bold]x[/bold]")
    output = render_format("table", _with_findings(report, [odd]))
    assert "\x1b" not in output
    assert "evil\\x1b[31m.txt" in output
    assert "[bold]x[/bold]" in output


def test_table_value_column_only_with_values(
    report: Report, raw_values: dict[str, str], render_format: Render
) -> None:
    assert "Value" not in render_format("table", report)
    assert "Value" in render_format("table", _with_values(report, raw_values))


@pytest.mark.parametrize(
    ("count", "text"),
    [(0, "0 B"), (1023, "1023 B"), (1024, "1.0 KiB"), (12345, "12.1 KiB"), (5 * 1024**3, "5.0 GiB"),
     (3 * 1024**4, "3.0 TiB")],
)
def test_human_bytes(count: int, text: str) -> None:
    assert human_bytes(count) == text


class _FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_table_is_coloured_on_a_terminal(monkeypatch: pytest.MonkeyPatch, report: Report) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    out = _FakeTerminal()
    get_writer("table").write(report, out)
    assert "\x1b[" in out.getvalue()
    assert Sensitivity.RESTRICTED.label in out.getvalue()
