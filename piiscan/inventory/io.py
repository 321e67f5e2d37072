"""Inventory files: JSON (a list), CSV and Parquet with the same columns, chosen by extension.

Written in contract section 4 order, then piiscan's extra columns. Read back for ``--compare``
(any of the three, whatever wrote it). Parquet needs the ``[tables]`` extra (pyarrow).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from piiscan.inventory.model import EXTRA_FIELDS, RECORD_FIELDS, Record
from piiscan.model import Sensitivity

FORMATS = {".json": "json", ".csv": "csv", ".parquet": "parquet"}
_LISTS = ("allowed_recipients", "tags", "reasons", "violations")
_LIST_SEPARATOR = ";"
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


class InventoryFileError(ValueError):
    """An inventory file cannot be written or read; the message names the file."""


def format_for(path: Path) -> str:
    """``json``, ``csv``, ``parquet`` (or ``html``) from the file's extension."""
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        return "html"
    if suffix not in FORMATS:
        raise InventoryFileError(f"{path}: unknown inventory format (use .json, .csv, .parquet or .html)")
    return FORMATS[suffix]


def write_records(records: Sequence[Record], path: Path) -> None:
    """Write ``records`` to ``path`` in the format its extension names."""
    rows = [r.to_row() for r in records]
    kind = format_for(path)
    try:
        if kind == "json":
            path.write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        elif kind == "csv":
            _write_csv(rows, path)
        elif kind == "parquet":
            _write_parquet(rows, path)
        else:
            raise InventoryFileError(f"{path}: HTML is a report, not an inventory to write records to")
    except OSError as exc:
        raise InventoryFileError(f"{path}: cannot write: {exc.strerror or exc}") from None


def _write_csv(rows: list[dict[str, object]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow((*RECORD_FIELDS, *EXTRA_FIELDS))
        for row in rows:
            writer.writerow([_cell(row[name]) for name in (*RECORD_FIELDS, *EXTRA_FIELDS)])


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, list):
        value = _LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value  # a spreadsheet must not run a crafted asset name as a formula
    return value


def _uncell(value: str) -> str:
    """Undo the formula guard of :func:`_cell`."""
    return value[1:] if len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r" else value


def _write_parquet(rows: list[dict[str, object]], path: Path) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InventoryFileError(f"{path}: Parquet inventories need pyarrow: pip install 'piiscan[tables]'") from None
    schema = pa.schema([
        ("asset", pa.string()), ("asset_kind", pa.string()), ("entity", pa.string()), ("category", pa.string()),
        ("sensitivity", pa.string()), ("count", pa.int64()), ("max_score", pa.float64()),
        ("first_line", pa.int64()), ("ratio", pa.float64()), ("retention_days", pa.int64()),
        ("allowed_recipients", pa.list_(pa.string())), ("scanned_at", pa.string()), ("container", pa.string()),
        ("tags", pa.list_(pa.string())), ("reasons", pa.list_(pa.string())), ("legal_basis", pa.string()),
        ("violations", pa.list_(pa.string())),
    ])
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)


def read_records(path: Path) -> list[Record]:
    """Read an inventory written by :func:`write_records` (JSON, CSV or Parquet)."""
    kind = format_for(path)
    try:
        if kind == "json":
            rows = json.loads(path.read_text(encoding="utf-8"))
        elif kind == "csv":
            with path.open(encoding="utf-8", newline="") as handle:
                rows = [{k: _uncell(v) for k, v in row.items()} for row in csv.DictReader(handle)]
        elif kind == "parquet":
            import pyarrow.parquet as pq

            rows = pq.read_table(path).to_pylist()
        else:
            raise InventoryFileError(f"{path}: an HTML report cannot be compared; use a JSON, CSV or Parquet inventory")
    except (OSError, ValueError, ImportError) as exc:
        if isinstance(exc, InventoryFileError):
            raise
        raise InventoryFileError(f"{path}: cannot read the inventory ({type(exc).__name__})") from None
    if not isinstance(rows, list):
        raise InventoryFileError(f"{path}: an inventory is a list of records")
    try:
        return [_record(row) for row in rows]
    except (KeyError, ValueError, TypeError) as exc:
        raise InventoryFileError(f"{path}: not a piiscan inventory ({exc})") from None


def _record(row: dict[str, Any]) -> Record:
    def text(name: str) -> str:
        value = row.get(name)
        return "" if value is None else str(value)

    def number(name: str, kind: type[int] | type[float]) -> Any:
        value = row.get(name)
        return None if value in (None, "") else kind(value)

    def items(name: str) -> tuple[str, ...]:
        value = row.get(name)
        if value in (None, ""):
            return ()
        return tuple(str(v) for v in value) if isinstance(value, list) else tuple(str(value).split(_LIST_SEPARATOR))

    return Record(
        asset=text("asset"),
        asset_kind=text("asset_kind"), entity=text("entity"), category=text("category"),
        sensitivity=Sensitivity.parse(text("sensitivity")), count=int(row["count"]),
        max_score=float(row["max_score"]), first_line=number("first_line", int), ratio=number("ratio", float),
        retention_days=number("retention_days", int), allowed_recipients=items("allowed_recipients"),
        scanned_at=text("scanned_at"), container=text("container"), tags=items("tags"), reasons=items("reasons"),
        legal_basis=text("legal_basis"), violations=items("violations"),
    )
