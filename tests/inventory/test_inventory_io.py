"""Inventory files round-trip in every format, keep the contract's columns, and refuse the unknown."""

from __future__ import annotations

import csv
import dataclasses
import json
from pathlib import Path

import pytest

from piiscan.inventory.compare import compare
from piiscan.inventory.io import InventoryFileError, read_records, write_records
from piiscan.inventory.model import EXTRA_FIELDS, RECORD_FIELDS, Record
from piiscan.model import Sensitivity

RECORDS = [
    Record("repo/a.log", "file", "IMEI", "device_identifier", Sensitivity.CONFIDENTIAL, 3, 0.9, first_line=7,
           retention_days=365, allowed_recipients=("analytics",), scanned_at="2026-11-29T00:00:00Z", container="repo",
           tags=("hashed",), reasons=("linkable: x",), legal_basis="GB/T 35273-2020 Annex A"),
    Record("=cmd|' /c calc'!A1", "file", "EMAIL_ADDRESS", "contact", Sensitivity.RESTRICTED, 1, 1.0, first_line=1,
           scanned_at="2026-11-29T00:00:00Z", container="."),
    Record("app.db#devices.dev_hw", "column", "IMEI", "device_identifier", Sensitivity.CONFIDENTIAL, 980, 0.9,
           ratio=0.98, scanned_at="2026-11-29T00:00:00Z", container="app.db#devices",
           violations=("sharing: IMEI may not go to ad_partner",)),
]


@pytest.mark.parametrize("suffix", [".json", ".csv", ".parquet"])
def test_round_trip(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"inventory{suffix}"
    write_records(RECORDS, path)
    assert read_records(path) == RECORDS


def test_json_is_a_list_with_the_contract_columns_first(tmp_path: Path) -> None:
    path = tmp_path / "inventory.json"
    write_records(RECORDS, path)
    rows = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(rows, list)
    assert list(rows[0]) == [*RECORD_FIELDS, *EXTRA_FIELDS]
    assert rows[2]["ratio"] == 0.98 and rows[2]["first_line"] is None


def test_csv_guards_formulas(tmp_path: Path) -> None:
    path = tmp_path / "inventory.csv"
    write_records(RECORDS, path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [*RECORD_FIELDS, *EXTRA_FIELDS]
    assert rows[2][0].startswith("'=")


@pytest.mark.parametrize("name", ["inventory.txt", "inventory"])
def test_unknown_formats_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(InventoryFileError, match="unknown inventory format"):
        write_records(RECORDS, tmp_path / name)


def test_a_file_that_is_no_inventory(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text('{"findings": []}', encoding="utf-8")
    with pytest.raises(InventoryFileError, match="a list of records"):
        read_records(path)
    path.write_text('[{"asset": "x"}]', encoding="utf-8")
    with pytest.raises(InventoryFileError, match="not a piiscan inventory"):
        read_records(path)


def test_compare_new_gone_changed() -> None:
    old = RECORDS[:2]
    raised = dataclasses.replace(RECORDS[0], sensitivity=Sensitivity.RESTRICTED)
    new = [raised, RECORDS[2]]
    found = compare(old, new)
    assert [r.entity for r in found.new] == ["IMEI"] and found.new[0].asset_kind == "column"
    assert [r.asset for r in found.gone] == ["=cmd|' /c calc'!A1"]
    assert [(c.before.sensitivity, c.after.sensitivity) for c in found.changed] == [
        (Sensitivity.CONFIDENTIAL, Sensitivity.RESTRICTED)
    ]
    assert len(found.new_at_or_above(Sensitivity.RESTRICTED)) == 1  # the raised one
    assert len(found.new_at_or_above(Sensitivity.CONFIDENTIAL)) == 2
    assert compare(RECORDS, RECORDS).to_document() == {"new": [], "gone": [], "changed": []}
