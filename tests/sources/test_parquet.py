"""The Parquet source on datasets built in tmp_path: detection, tables, sampling, errors."""

from __future__ import annotations

import decimal
import os
import random
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from piiscan.model import ScanError
from piiscan.sources import parquet
from piiscan.sources.parquet import PROBE_FILES, is_parquet_target, open_parquet
from piiscan.sources.tables import TableOptions, TableScan

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _write(path: Path, table: pa.Table | dict[str, Any], row_group_size: int | None = None) -> Path:
    """Write ``table`` as Parquet at ``path``, creating folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table if isinstance(table, pa.Table) else pa.table(table), path, row_group_size=row_group_size)
    return path


def _rows(start: int, count: int) -> dict[str, Any]:
    return {
        "row": list(range(start, start + count)),
        "email": [f"user{i}@example.com" for i in range(start, start + count)],
    }


def _open(
    target: Path | str, columns: list[str] | None = None, **options: Any
) -> tuple[list[TableScan], list[ScanError]]:
    scans: list[TableScan] = []
    errors: list[ScanError] = []
    for item in open_parquet(str(target), TableOptions(**options), columns):
        if isinstance(item, ScanError):
            errors.append(item)
        else:
            scans.append(item)
    return scans, errors


def _only(target: Path | str, columns: list[str] | None = None, **options: Any) -> tuple[TableScan, list[ScanError]]:
    scans, errors = _open(target, columns, **options)
    assert len(scans) == 1, (scans, errors)
    return scans[0], errors


def _read(scan: TableScan) -> list[dict[str, Any]]:
    """Consume the scan; every batch has the announced schema."""
    out: list[dict[str, Any]] = []
    for batch in scan.batches:
        assert batch.schema.equals(scan.schema), (batch.schema, scan.schema)
        out.extend(batch.to_pylist())
    return out


# --------------------------------------------------------------------------- detection


def _tree(root: Path, layout: dict[str, str]) -> Path:
    """Build files: ``parquet`` (a valid file), ``text``, ``empty`` or ``junk`` (random bytes)."""
    for rel, kind in layout.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "parquet":
            _write(path, _rows(0, 3))
        elif kind == "text":
            path.write_text("id,email\n1,someone\n")
        elif kind == "junk":
            path.write_bytes(random.Random(rel).randbytes(300))
        else:
            path.write_bytes(b"")
    return root


@pytest.mark.parametrize(
    ("layout", "target", "expected"),
    [
        ({"a.parquet": "parquet"}, "a.parquet", True),
        ({"export.bin": "parquet"}, "export.bin", True),  # magic, not extension
        ({"data": "parquet"}, "data", True),
        ({"a.parquet": "junk"}, "a.parquet", False),
        ({"notes.txt": "text"}, "notes.txt", False),
        ({"empty.parquet": "empty"}, "empty.parquet", False),
        ({"a.parquet": "parquet", "b.parquet": "parquet"}, ".", True),
        ({"dt=2024-11-01/p.parquet": "parquet", "dt=2024-11-02/p.parquet": "parquet", "_SUCCESS": "empty"}, ".", True),
        ({"a.parquet": "parquet", "_common_metadata": "junk", ".a.parquet.crc": "junk", "x.crc": "junk"}, ".", True),
        ({"a.parquet": "parquet", "bad.parquet": "junk", "empty.parquet": "empty"}, ".", True),
        ({"a.parquet": "parquet", "README.md": "text"}, ".", False),  # a file tree, not a dataset
        ({"src/app.py": "text", "src/util.py": "text"}, ".", False),
        ({"_SUCCESS": "empty", ".hidden.parquet": "parquet"}, ".", False),
        ({"bad.parquet": "junk"}, ".", False),
        ({}, ".", False),
        ({}, "missing", False),
    ],
)
def test_is_parquet_target(tmp_path: Path, layout: dict[str, str], target: str, expected: bool) -> None:
    _tree(tmp_path, layout)
    assert is_parquet_target(str(tmp_path / target)) is expected


def test_is_parquet_target_looks_at_a_bounded_number_of_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(PROBE_FILES + 20):
        (tmp_path / f"part-{i:03d}.parquet").write_bytes(b"PAR1")
    (tmp_path / "zz-notes.txt").write_text("not parquet")  # beyond the bound: not looked at
    opened: list[str] = []
    real = parquet._magic

    def counting(path: str) -> bool | None:
        opened.append(path)
        return real(path)

    monkeypatch.setattr(parquet, "_magic", counting)
    assert is_parquet_target(str(tmp_path))
    assert len(opened) == PROBE_FILES


# --------------------------------------------------------------------------- tables


def test_single_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "users.parquet", _rows(0, 5))
    scan, errors = _only(path)
    assert errors == []
    assert (scan.source, scan.table, scan.total_rows) == (str(path), "users.parquet", 5)
    assert scan.schema.names == ["row", "email"]
    assert [r["row"] for r in _read(scan)] == [0, 1, 2, 3, 4]
    assert scan.errors == []


def test_file_without_extension_is_read(tmp_path: Path) -> None:
    path = _write(tmp_path / "export.bin", _rows(0, 4))
    scan, _ = _only(path)
    assert scan.table == "export.bin"
    assert len(_read(scan)) == 4


def test_directory_of_files_is_one_table(tmp_path: Path) -> None:
    root = tmp_path / "events"
    for i in range(3):
        _write(root / f"part-{i}.parquet", _rows(i * 10, 10))
    (root / "_SUCCESS").write_bytes(b"")
    (root / ".part-0.parquet.crc").write_bytes(b"\x00" * 8)
    scan, errors = _only(root)
    assert errors == []
    assert (scan.source, scan.table, scan.total_rows) == (str(root), "events", 30)
    assert sorted(r["row"] for r in _read(scan)) == list(range(30))


def test_hive_partitions_become_columns(tmp_path: Path) -> None:
    root = tmp_path / "events"
    _write(root / "dt=2024-11-01" / "country=fr" / "part-0.parquet", _rows(0, 3))
    _write(root / "dt=2024-11-02" / "country=de" / "part-0.parquet", _rows(3, 2))
    (root / "_SUCCESS").write_bytes(b"")
    (root / "_common_metadata").write_bytes(b"PAR1 not really")
    scan, errors = _only(root)
    assert errors == []
    assert scan.schema.names == ["row", "email", "dt", "country"]
    rows = {r["row"]: (r["dt"], r["country"]) for r in _read(scan)}
    assert rows == {
        0: ("2024-11-01", "fr"),
        1: ("2024-11-01", "fr"),
        2: ("2024-11-01", "fr"),
        3: ("2024-11-02", "de"),
        4: ("2024-11-02", "de"),
    }


def test_unrelated_datasets_side_by_side_are_separate_tables(tmp_path: Path) -> None:
    _write(tmp_path / "lake" / "events" / "dt=2024-11-01" / "p.parquet", {"imei": ["1"], "ts": [1]})
    _write(tmp_path / "lake" / "users" / "p.parquet", {"email": ["a@b.c", "d@e.f"]})
    scans, errors = _open(tmp_path / "lake")
    assert errors == []
    tables = {scan.table: scan for scan in scans}
    assert set(tables) == {"events", "users"}
    assert tables["events"].source == str(tmp_path / "lake" / "events")
    assert tables["events"].schema.names == ["imei", "ts", "dt"]
    assert len(_read(tables["users"])) == 2


def test_sub_directories_of_one_evolving_dataset_stay_one_table(tmp_path: Path) -> None:
    _write(tmp_path / "logs" / "2024" / "p.parquet", {"id": [1], "email": ["a@b.c"]})
    _write(tmp_path / "logs" / "2025" / "p.parquet", {"id": [2], "email": ["d@e.f"], "phone": ["+1 555"]})
    scan, errors = _only(tmp_path / "logs")
    assert errors == []
    assert scan.table == "logs"
    assert sorted((r["id"], r["phone"]) for r in _read(scan)) == [(1, None), (2, "+1 555")]


def test_include_and_exclude_tables(tmp_path: Path) -> None:
    _write(tmp_path / "lake" / "events" / "p.parquet", {"imei": ["1"]})
    _write(tmp_path / "lake" / "users" / "p.parquet", {"email": ["a@b.c"]})
    assert [s.table for s in _open(tmp_path / "lake", include_tables=("us*",))[0]] == ["users"]
    assert [s.table for s in _open(tmp_path / "lake", exclude_tables=("us*",))[0]] == ["events"]


def test_column_projection(tmp_path: Path) -> None:
    root = tmp_path / "t"
    _write(root / "dt=1" / "p.parquet", {"a": [1, 2], "b": ["x", "y"], "c": [1.5, 2.5]})
    scan, errors = _only(root, columns=["dt", "b"])
    assert errors == []
    assert scan.schema.names == ["dt", "b"]
    assert _read(scan) == [{"dt": 1, "b": "x"}, {"dt": 1, "b": "y"}]
    scan, errors = _only(root, columns=["b", "nope"])
    assert scan.schema.names == ["b"]
    assert [(e.kind, "'nope'" in e.message) for e in errors] == [("unknown_column", True)]


def test_types_pass_through(tmp_path: Path) -> None:
    table = pa.table(
        {
            "s": pa.array(["a", None]),
            "ls": pa.array(["b", "c"], pa.large_string()),
            "dict": pa.array(["x", "x"]).dictionary_encode(),
            "i": pa.array([1, 2], pa.int16()),
            "f": pa.array([1.5, None], pa.float32()),
            "dec": pa.array([decimal.Decimal("1.23"), decimal.Decimal("4.56")], pa.decimal128(10, 2)),
            "bin": pa.array([b"\x00\x01", b"\xff"], pa.binary()),
            "ts": pa.array([datetime(2024, 11, 1, 12), None], pa.timestamp("us", tz="UTC")),
            "device": pa.array([{"imei": "1", "tags": ["a"]}, {"imei": None, "tags": []}]),
            "ids": pa.array([["a", "b"], None], pa.list_(pa.string())),
            "attrs": pa.array([[("k", "v")], []], pa.map_(pa.string(), pa.string())),
        }
    )
    path = _write(tmp_path / "types.parquet", table)
    scan, errors = _only(path)
    assert errors == []
    assert scan.schema == table.schema
    assert _read(scan) == table.to_pylist()


# --------------------------------------------------------------------------- sampling


@pytest.fixture(scope="module")
def big_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """10 files x 5 row groups x 10,000 rows; ``row`` numbers rows across the dataset."""
    root = tmp_path_factory.mktemp("big") / "big"
    for i in range(10):
        start = i * 50_000
        table = pa.table({"row": pa.array(range(start, start + 50_000), pa.int64())})
        _write(root / f"part-{i:02d}.parquet", table, row_group_size=10_000)
    return root


def _sample(root: Path, **options: Any) -> list[int]:
    scan, errors = _only(root, **options)
    assert errors == []
    assert scan.total_rows == 500_000
    rows = [r["row"] for r in _read(scan)]
    assert scan.errors == []
    return rows


def test_sample_is_spread_over_files_and_row_groups(big_dataset: Path) -> None:
    rows = _sample(big_dataset, sample=2_000)
    assert len(rows) == len(set(rows)) == 2_000
    files = {row // 50_000 for row in rows}
    row_groups = {row // 10_000 for row in rows}
    assert len(files) >= 5  # MIN_VISITS (8) row groups drawn in proportion to size: most in other files
    assert len(row_groups) >= 8
    assert any(row % 50_000 >= 40_000 for row in rows)  # the last row group of a file
    assert max(rows) >= 250_000  # not the first rows
    within = {row % 10_000 for row in rows}
    assert max(within) - min(within) > 5_000  # spread within row groups too


def test_sample_repeats_with_a_seed_and_changes_with_another(big_dataset: Path) -> None:
    first = _sample(big_dataset, sample=500, seed=7)
    assert _sample(big_dataset, sample=500, seed=7) == first
    assert set(_sample(big_dataset, sample=500, seed=8)) != set(first)


def test_sample_batches_hold_at_most_about_batch_rows(big_dataset: Path) -> None:
    scan, _ = _only(big_dataset, sample=3_000, batch_rows=1_000)
    sizes = [batch.num_rows for batch in scan.batches]
    assert sum(sizes) == 3_000
    assert len(sizes) >= 2


def test_sample_reports_a_vanished_file_once(tmp_path: Path) -> None:
    root = tmp_path / "d"
    for i in range(5):
        _write(root / f"p{i}.parquet", _rows(i * 4_000, 4_000), row_group_size=1_000)
    scan, _ = _only(root, sample=1_000)
    (root / "p2.parquet").unlink()
    rows = [r["row"] for r in _read(scan)]
    assert [(e.kind, e.path) for e in scan.errors] == [("vanished", str(root / "p2.parquet"))]
    assert 0 < len(rows) < 1_000
    assert not any(8_000 <= row < 12_000 for row in rows)


def test_small_dataset_is_read_whole(tmp_path: Path) -> None:
    for i in range(3):
        _write(tmp_path / "d" / f"p{i}.parquet", _rows(i * 100, 100), row_group_size=30)
    scan, _ = _only(tmp_path / "d", sample=10_000)
    assert sorted(r["row"] for r in _read(scan)) == list(range(300))


@pytest.mark.parametrize(
    ("sizes", "sample"),
    [([10_000] * 50, 2_000), ([5, 0, 1_000_000, 3], 1_000), ([1] * 300, 250), ([50, 60], 100), ([7], 3)],
)
def test_plan_sample(sizes: list[int], sample: int) -> None:
    plan = parquet._plan_sample(sizes, sample, random.Random(0))
    assert sum(len(indices) for _, indices in plan) == sample
    assert [pos for pos, _ in plan] == sorted({pos for pos, _ in plan})
    for pos, indices in plan:
        assert indices == sorted(set(indices))
        assert indices[0] >= 0 and indices[-1] < sizes[pos]


# --------------------------------------------------------------------------- full scan


def test_full_scan_streams_every_row_once_in_bounded_batches(tmp_path: Path) -> None:
    root = tmp_path / "d"
    for i in range(4):
        _write(root / f"p{i}.parquet", _rows(i * 3_500, 3_500), row_group_size=2_000)
    scan, _ = _only(root, sample=0, batch_rows=1_000)
    assert iter(scan.batches) is scan.batches  # a lazy stream, not a materialised list
    sizes: list[int] = []
    rows: list[int] = []
    for batch in scan.batches:
        sizes.append(batch.num_rows)
        rows.extend(batch.column("row").to_pylist())
    assert sorted(rows) == list(range(14_000))
    assert max(sizes) <= 1_000
    assert len(sizes) >= 14
    assert scan.errors == []


def test_full_scan_reads_files_only_when_iterated(tmp_path: Path) -> None:
    root = tmp_path / "d"
    for i in range(3):
        _write(root / f"p{i}.parquet", _rows(i * 10, 10))
    scan, _ = _only(root, sample=0, batch_rows=5)
    batches: Iterator[pa.RecordBatch] = iter(scan.batches)
    first = next(batches)
    (root / "p2.parquet").unlink()  # vanishes mid-scan
    rows = first.column("row").to_pylist() + [r for b in batches for r in b.column("row").to_pylist()]
    assert sorted(rows) == list(range(20))
    assert [(e.kind, e.path) for e in scan.errors] == [("vanished", str(root / "p2.parquet"))]


# --------------------------------------------------------------------------- errors


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "random":
        path.write_bytes(random.Random(1).randbytes(len(data)))
    elif how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "footer":  # PAR1 at both ends, garbage metadata in between
        path.write_bytes(data[:4] + data[4:-200] + b"\x07" * 196 + data[-4:])
    elif how == "empty":
        path.write_bytes(b"")


@pytest.mark.parametrize(
    ("how", "wording"),
    [("random", "no PAR1 magic"), ("truncated", "truncated"), ("footer", "footer"), ("empty", "empty")],
)
def test_damaged_file_is_reported_and_the_rest_scanned(tmp_path: Path, how: str, wording: str) -> None:
    root = tmp_path / "d"
    _write(root / "a.parquet", _rows(0, 10))
    bad = _write(root / "b.parquet", _rows(10, 1_000))
    _write(root / "c.parquet", _rows(1_010, 10))
    _damage(bad, how)
    scan, errors = _only(root, sample=0)
    assert [(e.kind, e.path) for e in errors] == [("corrupt", str(bad))]
    assert wording in errors[0].message
    assert scan.total_rows == 20
    assert sorted(r["row"] for r in _read(scan)) == [*range(10), *range(1_010, 1_020)]


@pytest.mark.parametrize("how", ["random", "truncated", "footer"])
def test_damaged_single_file(tmp_path: Path, how: str) -> None:
    bad = _write(tmp_path / "x.parquet", _rows(0, 1_000))
    _damage(bad, how)
    scans, errors = _open(bad)
    assert scans == []
    assert [(e.kind, e.path) for e in errors] == [("corrupt", str(bad))]


def test_damaged_data_pages_are_reported_while_scanning(tmp_path: Path) -> None:
    root = tmp_path / "d"
    bad = _write(root / "a.parquet", {"email": [f"secret{i}@example.com" for i in range(5_000)]})
    _write(root / "b.parquet", {"email": [f"other{i}@example.com" for i in range(5_000)]})
    data = bytearray(bad.read_bytes())
    data[8:400] = b"\xff" * 392  # the first data page; the footer is intact
    bad.write_bytes(bytes(data))
    scan, errors = _only(root, sample=0)
    assert errors == []
    rows = _read(scan)
    assert len(rows) == 5_000
    assert [(e.kind, e.path) for e in scan.errors] == [("corrupt", str(bad))]
    assert "@" not in scan.errors[0].message


def test_foreign_file_in_a_dataset(tmp_path: Path) -> None:
    root = tmp_path / "d"
    _write(root / "a.parquet", _rows(0, 3))
    (root / "notes.txt").write_text("hello")
    scan, errors = _only(root)
    assert [(e.kind, e.path) for e in errors] == [("not_parquet", str(root / "notes.txt"))]
    assert len(_read(scan)) == 3


def test_schema_drift(tmp_path: Path) -> None:
    root = tmp_path / "d"
    _write(root / "p0.parquet", {"id": pa.array([0, 1], pa.int64()), "email": ["a@x.y", "b@x.y"]})
    _write(root / "p1.parquet", {"id": pa.array([2], pa.int64()), "email": ["c@x.y"]})
    _write(root / "p2.parquet", {"id": ["3"], "email": ["jane@x.y"]})  # id changed type
    _write(root / "p3.parquet", {"id": pa.array([4], pa.int32()), "email": ["d@x.y"], "phone": ["+1 555"]})
    dict_email = pa.array(["e@x.y"]).dictionary_encode()
    _write(root / "p4.parquet", pa.table({"id": pa.array([5], pa.int64()), "email": dict_email}))
    scan, errors = _only(root, sample=0)
    assert [(e.kind, e.path) for e in errors] == [("schema_drift", str(root / "p2.parquet"))]
    assert "'id'" in errors[0].message and "string" in errors[0].message and "int64" in errors[0].message
    assert "jane" not in errors[0].message
    assert scan.schema == pa.schema([("id", pa.int64()), ("email", pa.string()), ("phone", pa.string())])
    assert scan.total_rows == 5
    rows = sorted((r["id"], r["email"], r["phone"]) for r in _read(scan))
    assert rows == [
        (0, "a@x.y", None),
        (1, "b@x.y", None),
        (2, "c@x.y", None),
        (4, "d@x.y", "+1 555"),
        (5, "e@x.y", None),
    ]
    assert scan.errors == []


def test_missing_and_non_parquet_targets(tmp_path: Path) -> None:
    assert [e.kind for e in _open(tmp_path / "missing")[1]] == ["not_found"]
    (tmp_path / "src").mkdir()
    assert [e.kind for e in _open(tmp_path / "src")[1]] == ["not_parquet"]


def test_permission_error_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "d"
    _write(root / "a.parquet", _rows(0, 3))
    locked = _write(root / "b.parquet", _rows(3, 3))
    real = parquet._read_footer

    def denied(path: str) -> Any:
        if path == str(locked):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(parquet, "_read_footer", denied)  # works as root too
    scan, errors = _only(root)
    assert [(e.kind, e.path) for e in errors] == [("permission", str(locked))]
    assert len(_read(scan)) == 3


@pytest.mark.skipif(IS_ROOT, reason="root reads files whatever their mode")
def test_unreadable_file_on_disk(tmp_path: Path) -> None:
    root = tmp_path / "d"
    _write(root / "a.parquet", _rows(0, 3))
    locked = _write(root / "b.parquet", _rows(3, 3))
    locked.chmod(0)
    try:
        scan, errors = _only(root)
        assert [(e.kind, e.path) for e in errors] == [("permission", str(locked))]
        assert len(_read(scan)) == 3
    finally:
        locked.chmod(0o644)
