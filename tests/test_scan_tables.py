"""Tables end to end: the sample warehouse (SQLite + Parquet) scanned through ``piiscan scan``.

samples/warehouse/labels.json says, for every column, what it holds; the engine must get every
column right and keep every decoy (span ids, order numbers, trace ids, SKUs ...) silent.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from piiscan import scan_tables
from piiscan.cli import app
from piiscan.scan import ScanConfig, run_scan

REPO = Path(__file__).resolve().parent.parent
WAREHOUSE = REPO / "samples" / "warehouse"
LABELS = json.loads((WAREHOUSE / "labels.json").read_text(encoding="utf-8"))
SCHEMA_PATH = (REPO / ".." / "shared" / "schemas" / "sarif-schema-2.1.0.json").resolve()


def _expected() -> list[tuple[str, str, frozenset[str]]]:
    rows = []
    for table in LABELS["tables"]:
        for column, label in table["columns"].items():
            entities = set(label.get("contains", {}))
            if label.get("entity"):
                entities = {label["entity"]}
            rows.append((table["table"], column, frozenset(entities)))
    return rows


@pytest.fixture(scope="module")
def report() -> Any:
    return run_scan([str(WAREHOUSE)], ScanConfig(jobs=1))


@pytest.mark.parametrize(("table", "column", "entities"), _expected(), ids=lambda x: str(x))
def test_every_sample_column_is_right(report: Any, table: str, column: str, entities: frozenset[str]) -> None:
    found = {c.entity for c in report.columns if c.table == table and c.field == column}
    assert found == entities


def test_free_text_counts_every_value_holding_an_identifier(report: Any) -> None:
    for table in LABELS["tables"]:
        for column, label in table["columns"].items():
            if not label.get("free_text"):
                continue
            found = {c.entity: c.matches for c in report.columns if c.table == table["table"] and c.field == column}
            assert found == label["contains"]


def test_hashed_columns_are_tagged(report: Any) -> None:
    hashed = {(c.table, c.field) for c in report.columns if "hashed" in c.tags}
    labelled = {(t["table"], col) for t in LABELS["tables"] for col, lab in t["columns"].items() if lab.get("hashed")}
    assert hashed == labelled


def test_no_errors_and_the_summary_counts_tables(report: Any) -> None:
    assert report.errors == []
    assert report.summary.tables_scanned == len(LABELS["tables"])
    assert report.summary.findings_by_entity["IMEI"] >= 4


def test_a_repository_walk_scans_table_files_as_tables(tmp_path: Path) -> None:
    shutil.copytree(WAREHOUSE, tmp_path / "repo" / "data")
    (tmp_path / "repo" / "README.md").write_text("contact: zhang.wei@163.com\n", encoding="utf-8")
    done = run_scan([str(tmp_path / "repo")], ScanConfig(jobs=1))
    assert {f.entity for f in done.findings} == {"EMAIL_ADDRESS"}
    assert {c.table for c in done.columns} == {t["table"] for t in LABELS["tables"]}
    assert "binary" not in done.summary.files_skipped


def test_without_the_tables_extra_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan_tables, "tables_available", lambda: False)
    monkeypatch.setattr("piiscan.scan.tables_available", lambda: False)
    done = run_scan([str(WAREHOUSE / "app.db")], ScanConfig(jobs=1))
    assert [e.kind for e in done.errors] == ["missing_dependency"]
    assert "pip install 'piiscan[tables]'" in done.errors[0].message


# --------------------------------------------------------------------------- the command line


def _cli(*args: str) -> Any:
    return CliRunner().invoke(app, ["scan", str(WAREHOUSE / "app.db"), *args])


def test_json_records_have_the_table_fields() -> None:
    result = _cli("--format", "json")
    assert result.exit_code == 1
    records = json.loads(result.stdout)["findings"]
    assert records
    for record in records:
        assert {"source", "table", "field", "rows_scanned", "matches", "ratio", "reason"} <= set(record)
        assert 0 <= record["ratio"] <= 1


def test_csv_has_the_table_columns() -> None:
    header = _cli("--format", "csv").stdout.splitlines()[0].split(",")
    assert header[:3] == ["entity", "score", "category"]
    assert {"source", "table", "field", "rows_scanned", "matches", "ratio", "reason"} <= set(header)


def test_table_format_shows_one_row_per_column() -> None:
    text = _cli("--format", "table").stdout
    assert "app.db :: devices" in text
    assert "dev_hw" in text and "IMEI" in text
    assert "header 'dev_hw' gives no hint" in " ".join(text.split())


def test_sarif_has_logical_locations_and_validates() -> None:
    log = json.loads(_cli("--format", "sarif").stdout)
    results = log["runs"][0]["results"]
    names = {r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] for r in results}
    assert "devices.dev_hw" in names
    if not SCHEMA_PATH.is_file():
        pytest.skip("SARIF schema not checked out beside the repository")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert not list(jsonschema.validators.validator_for(schema)(schema).iter_errors(log))


def test_fail_on_and_sample_options() -> None:
    assert _cli("--format", "jsonl", "--fail-on", "never").exit_code == 0
    assert _cli("--format", "jsonl", "--sample", "-1").exit_code == 2
    small = _cli("--format", "json", "--sample", "25", "--table", "devices")
    records = json.loads(small.stdout)["findings"]
    assert {r["table"] for r in records} == {"devices"}
    assert all(r["rows_scanned"] <= 25 for r in records)


def test_no_raw_value_in_any_format() -> None:
    import sqlite3

    with sqlite3.connect(WAREHOUSE / "app.db") as db:
        raw = [row[0] for row in db.execute("select dev_hw from devices where dev_hw is not null limit 50")]
    for fmt in ("json", "jsonl", "csv", "sarif", "table"):
        out = _cli("--format", fmt).stdout
        assert not any(str(value) in out for value in raw), fmt


def test_ask_password_prompts_and_never_prints_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass
    import socket

    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    asked: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or "s3cr3t-Pw")
    result = CliRunner().invoke(
        app, ["scan", f"postgresql://scanner@127.0.0.1:{port}/app", "--ask-password", "--format", "json"]
    )
    assert asked == [f"password for postgresql://scanner@127.0.0.1:{port}/app: "]
    assert result.exit_code == 2  # the database could not be scanned at all
    assert "s3cr3t-Pw" not in result.stdout + result.stderr
    assert "unreachable" in result.stdout
