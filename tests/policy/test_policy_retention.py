"""Retention counts: rows dated before a cutoff in SQL tables (pushed down) and Parquet datasets
(row-group statistics first), and file ages."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from piiscan.policy import retention
from piiscan.policy.retention import RetentionError, TableRef, count_older_rows, cutoff_for, cutoff_like, file_modified

UTC = dt.UTC
CUTOFF = dt.datetime(2024, 11, 1, 12, 30, 15, tzinfo=UTC)
EARLY, LATE = [CUTOFF], [CUTOFF, dt.datetime(2025, 1, 1, tzinfo=UTC)]


@pytest.mark.parametrize(
    ("sample", "unit", "expected"),
    [
        (dt.datetime(2024, 1, 1, tzinfo=UTC), None, CUTOFF),
        (dt.datetime(2024, 1, 1), None, CUTOFF.replace(tzinfo=None)),
        (dt.date(2024, 1, 1), None, dt.date(2024, 11, 1)),
        (1_700_000_000, None, 1730464215),
        (1_700_000_000_000, None, 1730464215000),
        (1_700_000_000_000_000, None, 1730464215000000),
        (1_700_000_000_000_000_000, None, 1730464215000000000),
        (17, "ms", 1730464215000),  # a declared unit wins
        (1.7e9, None, 1730464215.0),
        (Decimal("1700000000"), None, 1730464215),
        ("2024-01-01", None, "2024-11-01"),
        ("2024-01-01 08:00:00.123", None, "2024-11-01 12:30:15"),
        ("2024-01-01T08:00:00Z", None, "2024-11-01T12:30:15"),
        ("2024-01-01T08:00", None, "2024-11-01T12:30"),
        ("2024/01/01", None, "2024/11/01"),
        ("20240101", None, "20241101"),
    ],
)
def test_cutoff_in_the_form_of_the_values(sample: object, unit: str | None, expected: object) -> None:
    assert cutoff_like(CUTOFF, sample, unit) == expected


@pytest.mark.parametrize("sample", ["yesterday", "01/02/2024", True, b"2024-01-01"])
def test_values_that_are_not_dates(sample: object) -> None:
    with pytest.raises(retention._NotADate):
        cutoff_like(CUTOFF, sample)


def test_cutoff_for_counts_back_from_now_in_utc() -> None:
    assert cutoff_for(dt.datetime(2024, 12, 1), 30) == dt.datetime(2024, 11, 1, tzinfo=UTC)
    east = dt.timezone(dt.timedelta(hours=8))
    assert cutoff_for(dt.datetime(2024, 12, 1, 8, tzinfo=east), 0) == dt.datetime(2024, 12, 1, tzinfo=UTC)


def test_table_ref() -> None:
    ref = TableRef.parse("postgresql://u:***@h/db#public.users")
    assert (ref.source, ref.table, str(ref)) == ("postgresql://u:***@h/db", "public.users", "postgresql://u:***@h/db#public.users")


# --------------------------------------------------------------------------- files


def test_file_modified(tmp_path: Path) -> None:
    path = tmp_path / "logs.zip"
    path.write_bytes(b"PK")
    stamp = dt.datetime(2023, 5, 6, 7, 8, 9, tzinfo=UTC).timestamp()
    os.utime(path, (stamp, stamp))
    assert file_modified(str(path)) == dt.datetime(2023, 5, 6, 7, 8, 9, tzinfo=UTC)
    assert file_modified(f"{path}!2023/app.log") == dt.datetime(2023, 5, 6, 7, 8, 9, tzinfo=UTC)  # its archive
    with pytest.raises(RetentionError) as caught:
        file_modified(str(tmp_path / "gone.txt"))
    assert caught.value.error.kind == "not_found"


# --------------------------------------------------------------------------- SQLite (pushed down)


@pytest.fixture
def app_db(tmp_path: Path) -> Path:
    path = tmp_path / "app.db"
    with sqlite3.connect(path) as db:
        db.execute(
            'CREATE TABLE "order items" (id INTEGER PRIMARY KEY, "Paid At" TEXT, ms INTEGER, day TEXT, note TEXT)'
        )
        rows = [
            ("2024-10-01 00:00:00", 1727740800000, "2024-10-01", "a"),
            ("2024-11-01 12:30:14", 1730464214000, "2024-11-01", "b"),
            ("2024-11-01 12:30:15", 1730464215000, "2024-11-02", "c"),
            ("2024-12-24 00:00:00", 1735000000000, "2024-12-24", "d"),
            (None, None, None, None),
        ]
        db.executemany('INSERT INTO "order items" ("Paid At", ms, day, note) VALUES (?, ?, ?, ?)', rows)
        db.execute("CREATE TABLE empty (created_at TEXT)")
    return path


@pytest.mark.parametrize(
    ("column", "unit", "expected"),
    [
        ("Paid At", None, [2, 4]),  # quoted name with a space and capitals; text timestamps
        ("paid at", None, [2, 4]),  # the column found case-insensitively
        ("ms", None, [2, 4]),  # epoch milliseconds, inferred
        ("ms", "ms", [2, 4]),
        ("day", None, [1, 4]),  # dates as text: the cutoff's day counts as not older
    ],
)
def test_sqlite_counts(app_db: Path, column: str, unit: str | None, expected: list[int]) -> None:
    counts = count_older_rows(TableRef(str(app_db), "order items"), column, LATE, unit=unit)
    assert [counts[c] for c in LATE] == expected


def test_sqlite_is_opened_read_only(app_db: Path) -> None:
    before = app_db.stat().st_mtime_ns
    count_older_rows(TableRef(str(app_db), "order items"), "Paid At", EARLY)
    assert app_db.stat().st_mtime_ns == before
    assert sorted(p.name for p in app_db.parent.iterdir()) == ["app.db"]  # no journal, no WAL


def test_sqlite_through_a_url_and_an_empty_table(app_db: Path) -> None:
    url = f"sqlite:///{app_db}"
    assert count_older_rows(TableRef(url, "order items"), "ms", EARLY) == {CUTOFF: 2}
    assert count_older_rows(TableRef(str(app_db), "empty"), "created_at", EARLY) == {CUTOFF: 0}


@pytest.mark.parametrize(
    ("source", "table", "column", "kind", "fragment"),
    [
        ("app.db", "order items", "created_at", "unknown_column", "no column 'created_at' to date rows by (columns:"),
        ("app.db", "orders", "created_at", "vanished", "no such table"),
        ("app.db", "order items", "note", "unreadable", "column 'note' cannot date rows: it holds text that is not"),
        ("missing.db", "orders", "created_at", "not_found", "source not found"),
        ("notes.txt", "orders", "created_at", "unsupported", "cannot date rows of this kind of source"),
    ],
)
def test_sqlite_problems(app_db: Path, source: str, table: str, column: str, kind: str, fragment: str) -> None:
    (app_db.parent / "notes.txt").write_text("not a database", encoding="utf-8")
    ref = TableRef(str(app_db.parent / source), table)
    with pytest.raises(RetentionError) as caught:
        count_older_rows(ref, column, EARLY)
    error = caught.value.error
    assert (error.path, error.kind) == (str(ref), kind)
    assert fragment in error.message
    assert "2024-" not in error.message  # never a value


# --------------------------------------------------------------------------- Parquet (statistics first)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The row groups whose dating column was read (statistics did not suffice)."""
    seen: list[int] = []
    real = retention._read_column

    def spy(handle: Any, group: int, column: str) -> Any:
        seen.append(group)
        return real(handle, group, column)

    monkeypatch.setattr(retention, "_read_column", spy)
    return seen


def stamps(*days: int | None) -> list[dt.datetime | None]:
    base = dt.datetime(2024, 10, 1, tzinfo=UTC)
    return [None if d is None else base + dt.timedelta(days=d) for d in days]


def write_events(path: Path, *, statistics: bool = True) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    # row groups of 4: all before the cutoff, straddling it, all after it
    ts = stamps(0, 1, 2, None, 29, 30, 32, 40, 50, 51, 52, 53)
    table = pa.table({
        "ts": pa.array(ts, pa.timestamp("ms", tz="UTC")),
        "day": pa.array([None if t is None else t.strftime("%Y-%m-%d") for t in ts]).dictionary_encode(),
        "ms": pa.array([None if t is None else int(t.timestamp() * 1000) for t in ts], pa.int64()),
        "meta": pa.array([{"seen": None if t is None else t.date()} for t in ts]),
        "flag": pa.array([True] * len(ts)),
    })
    pq.write_table(table, path, row_group_size=4, write_statistics=statistics)


@pytest.mark.parametrize("column", ["ts", "day", "ms", "meta.seen", "TS"])
def test_parquet_counts_from_statistics_reading_only_straddling_row_groups(
    tmp_path: Path, reads: list[int], column: str
) -> None:
    write_events(tmp_path / "events.parquet")
    counts = count_older_rows(TableRef(str(tmp_path / "events.parquet"), "events.parquet"), column, LATE)
    assert counts == {CUTOFF: 5, LATE[1]: 11}  # 3 + 2 straddling; every non-null row by 2025
    assert reads == [1]


def test_parquet_without_statistics_reads_the_column(tmp_path: Path, reads: list[int]) -> None:
    write_events(tmp_path / "events.parquet", statistics=False)
    assert count_older_rows(TableRef(str(tmp_path / "events.parquet"), "events.parquet"), "ts", EARLY) == {CUTOFF: 5}
    assert reads == [0, 0, 1, 2]  # one probe for the values' form, then every row group


def test_parquet_dataset_dated_by_a_hive_partition(tmp_path: Path, reads: list[int]) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    for day, rows in (("2024-10-31", 3), ("2024-11-01", 4), ("2024-11-02", 5)):
        folder = tmp_path / "events" / f"dt={day}"
        folder.mkdir(parents=True)
        pq.write_table(pa.table({"uid": list(range(rows))}), folder / "part-0.parquet")
    (tmp_path / "events" / "_SUCCESS").write_text("", encoding="utf-8")
    (tmp_path / "events" / "dt=2024-11-02" / ".part-0.parquet.crc").write_bytes(b"crc")
    ref = TableRef(str(tmp_path / "events"), "events")
    assert count_older_rows(ref, "dt", EARLY) == {CUTOFF: 3}  # 2024-11-01 is the cutoff's day: not older
    assert reads == []


@pytest.mark.parametrize(
    ("column", "kind", "fragment"),
    [
        ("created_at", "unknown_column", "no column 'created_at' to date rows by"),
        ("flag", "unreadable", "column 'flag' cannot date rows: it holds values of type bool"),
    ],
)
def test_parquet_problems(tmp_path: Path, column: str, kind: str, fragment: str) -> None:
    write_events(tmp_path / "events.parquet")
    ref = TableRef(str(tmp_path / "events.parquet"), "events.parquet")
    with pytest.raises(RetentionError) as caught:
        count_older_rows(ref, column, EARLY)
    assert (caught.value.error.kind, caught.value.error.path) == (kind, str(ref))
    assert fragment in caught.value.error.message


def test_a_corrupt_parquet_file(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "part-0.parquet").write_bytes(b"PAR1 truncated")
    with pytest.raises(RetentionError) as caught:
        count_older_rows(TableRef(str(tmp_path / "events"), "events"), "ts", EARLY)
    assert caught.value.error.kind == "corrupt"


# --------------------------------------------------------------------------- database servers


@pytest.fixture(scope="module")
def servers() -> Iterator[object]:
    from dbservers import Servers

    with Servers() as found:
        yield found


@pytest.mark.parametrize("kind", ["postgresql", "mysql"])
def test_server_counts(servers: object, kind: str) -> None:
    sa = pytest.importorskip("sqlalchemy")
    from piiscan.sources.sql import redact_url

    url = servers.url(kind)  # type: ignore[attr-defined]
    name = f"policy_{uuid.uuid4().hex[:8]}"
    driver = "postgresql+psycopg" if kind == "postgresql" else "mysql+pymysql"
    admin = sa.create_engine(sa.make_url(url).set(drivername=driver), isolation_level="AUTOCOMMIT")
    schema_ddl = f'CREATE SCHEMA "{name}"' if kind == "postgresql" else f"CREATE DATABASE {name}"
    quote = '"' if kind == "postgresql" else "`"
    table = f"{quote}{name}{quote}.{quote}Order Items{quote}"
    stamp = "timestamptz" if kind == "postgresql" else "datetime"
    with admin.connect() as connection:
        connection.exec_driver_sql(schema_ddl)
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"CREATE TABLE {table} (paid {stamp}, day date, ms bigint, txt varchar(30))")
            old = "('2024-10-01 00:00:00', '2024-10-01', 1727740800000, '2024-10-01 00:00:00')"
            new = "('2024-12-24 00:00:00', '2024-12-24', 1735000000000, '2024-12-24 00:00:00')"
            connection.exec_driver_sql(f"INSERT INTO {table} VALUES {old}, {new}, (NULL, NULL, NULL, NULL)")
        target = url if kind == "postgresql" else str(sa.make_url(url).set(database=name).render_as_string(False))
        ref = TableRef(redact_url(target), f"{name}.Order Items")
        for column in ("paid", "day", "ms", "txt"):
            assert count_older_rows(ref, column, LATE, target=target) == {CUTOFF: 1, LATE[1]: 2}, column
        with pytest.raises(RetentionError) as caught:
            count_older_rows(ref, "created_at", EARLY, target=target)
        assert caught.value.error.kind == "unknown_column"
        assert sa.make_url(url).password not in caught.value.error.message
    finally:
        drop = f'DROP SCHEMA "{name}" CASCADE' if kind == "postgresql" else f"DROP DATABASE {name}"
        with admin.connect() as connection:
            connection.exec_driver_sql(drop)
        admin.dispose()
