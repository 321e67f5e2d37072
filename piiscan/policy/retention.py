"""Retention: how many rows of a table are dated before a cutoff, and when a file was modified.

Tables are named as the inventory names them, ``source#table`` (:class:`TableRef`): ``source``
is a Parquet file or dataset directory, a SQLite/DuckDB file, or a database URL as piiscan
shows it (password redacted: pass the real URL as ``target``).

* Databases: one ``SELECT count(*) FROM <table> WHERE <column> < :cutoff`` per cutoff, through
  :func:`piiscan.sources.sql_dialects.open_engine` (read-only connections, the statement
  timeout), names quoted by the dialect. One value of the column is read first to learn how
  dates are stored, and the cutoff is bound in the same form (see :func:`cutoff_like`).
* Parquet: row-group statistics decide where they can (``max < cutoff``: every non-null row
  counts; ``min >= cutoff``: none does); only row groups that straddle the cutoff, or have no
  statistics, have the column read. A hive partition key (``dt=2024-11-27``) dates whole files.

Dates may be stored as timestamps, dates, numbers since 1970 (``s``, ``ms``, ``us`` or ``ns``:
declared, or inferred from the magnitude of the values) or ISO 8601 text (``2024-11-27``,
``2024-11-27 10:03:07``, ``2024-11-27T10:03``, ``20241127``), compared as text in the shape of
the values. Times without a zone are read as UTC.

Problems raise :class:`RetentionError` carrying a :class:`~piiscan.model.ScanError` (kinds
``unreachable``, ``permission``, ``timeout``, ``vanished``, ``unknown_column``, ``unreadable``,
``not_found``, ``corrupt``, ``unsupported``); messages never quote a cell value.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from piiscan.model import ScanError
from piiscan.sources.sql import redact_url, scrub, url_secrets
from piiscan.sources.tables import TableOptions

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.parquet as pq
    import sqlalchemy as sa

    from piiscan.sources.sql_dialects import Flavour

__all__ = [
    "RetentionError",
    "TableRef",
    "count_older_rows",
    "cutoff_for",
    "cutoff_like",
    "file_modified",
]

#: divisor from microseconds since 1970 to each unit (a multiplier for ``ns``)
_PER_MICROSECOND = {"s": 1_000_000, "ms": 1_000, "us": 1}
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_ISO = re.compile(
    r"(?P<y>\d{4})(?P<sep>[-/]?)(?P<m>\d{2})(?P=sep)(?P<d>\d{2})"
    r"(?:(?P<t>[ T])(?P<H>\d{2}):(?P<M>\d{2})(?P<S>:\d{2})?)?"
)
_IGNORED_PREFIXES = (".", "_")
_HIVE_NULL = "__HIVE_DEFAULT_PARTITION__"
_REDACTED_PASSWORD = re.compile(r"^([A-Za-z][A-Za-z0-9_+.-]*://[^/@:]*):\*\*\*@")


class RetentionError(Exception):
    """Rows or a file whose age cannot be established; ``error`` is what to report."""

    def __init__(self, error: ScanError) -> None:
        super().__init__(error.message)
        self.error = error


class _NotADate(Exception):
    """A dating value piiscan cannot read as a point in time (the message names its kind, not it)."""


@dataclass(frozen=True, slots=True)
class TableRef:
    """A table as inventories name it: ``source#table``."""

    source: str
    table: str

    @classmethod
    def parse(cls, name: str) -> TableRef:
        """Split ``source#table`` at its last ``#``."""
        source, _, table = name.rpartition("#")
        return cls(source, table)

    def __str__(self) -> str:
        return f"{self.source}#{self.table}"

    def problem(self, kind: str, detail: str) -> RetentionError:
        """A RetentionError about this table: ``source#table: detail``."""
        return RetentionError(ScanError(str(self), kind, f"{self}: {detail}"))


def cutoff_for(now: dt.datetime, days: int) -> dt.datetime:
    """The instant ``days`` days before ``now`` (UTC); what is dated before it is too old."""
    aware = now if now.tzinfo is not None else now.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC) - dt.timedelta(days=days)


def _infer_unit(magnitude: float) -> str:
    """Seconds, milliseconds, microseconds or nanoseconds since 1970, from a value's size."""
    if magnitude < 1e11:
        return "s"
    if magnitude < 1e14:
        return "ms"
    return "us" if magnitude < 1e17 else "ns"


def _epoch(cutoff: dt.datetime, unit: str) -> int:
    """``cutoff`` in ``unit`` since 1970, rounded up (so a value below it is before the cutoff)."""
    micros = (cutoff - _EPOCH) // dt.timedelta(microseconds=1)
    if unit == "ns":
        return micros * 1_000
    return -(-micros // _PER_MICROSECOND[unit])


def _text_cutoff(cutoff: dt.datetime, sample: str) -> str:
    """``cutoff`` written in the shape of ``sample`` (ISO 8601-like text)."""
    found = _ISO.match(sample.strip())
    if found is None:
        raise _NotADate("text that is not an ISO 8601 date or time")
    sep = found["sep"]
    text = cutoff.strftime(f"%Y{sep}%m{sep}%d")
    if found["t"]:
        text += cutoff.strftime(f"{found['t']}%H:%M" + (":%S" if found["S"] else ""))
    return text


def cutoff_like(cutoff: dt.datetime, sample: object, unit: str | None = None) -> object:
    """``cutoff`` (an aware UTC instant) in the form of ``sample``, a value of the dating column:
    an aware or naive (UTC) datetime, a date, a number in ``unit`` since 1970 (inferred from the
    sample's size when ``None``) or text in the sample's ISO 8601 shape. Raises ``_NotADate``."""
    if isinstance(sample, dt.datetime):
        return cutoff if sample.tzinfo is not None else cutoff.replace(tzinfo=None)
    if isinstance(sample, dt.date):
        return cutoff.date()
    if isinstance(sample, bool):
        raise _NotADate("booleans")
    if isinstance(sample, int | float | Decimal):
        value = _epoch(cutoff, unit or _infer_unit(abs(float(sample))))
        return float(value) if isinstance(sample, float) else value
    if isinstance(sample, str):
        return _text_cutoff(cutoff, sample)
    raise _NotADate(f"values of type {type(sample).__name__}")


def file_modified(path: str) -> dt.datetime:
    """When the file at ``path`` (an archive member: its archive) was last modified, in UTC."""
    real = path.split("!", 1)[0]
    try:
        stamp = os.stat(real).st_mtime
    except OSError as exc:
        raise RetentionError(_os_error(path, exc)) from None
    return dt.datetime.fromtimestamp(stamp, dt.UTC)


def _os_error(path: str, exc: OSError) -> ScanError:
    if isinstance(exc, FileNotFoundError):
        return ScanError(path, "not_found", f"{path}: not found (cannot tell its age)")
    if isinstance(exc, PermissionError):
        return ScanError(path, "permission", f"{path}: permission denied (cannot tell its age)")
    return ScanError(path, "unreadable", f"{path}: {exc.strerror or type(exc).__name__}")


def count_older_rows(
    ref: TableRef,
    column: str,
    cutoffs: Sequence[dt.datetime],
    *,
    target: str | None = None,
    unit: str | None = None,
    timeout_seconds: float = 60.0,
) -> dict[dt.datetime, int]:
    """Rows of ``ref`` whose ``column`` is before each cutoff (rows where it is null never count).

    ``target`` is what to open when it differs from ``ref.source`` (the real URL of a redacted
    one). Raises :class:`RetentionError`.
    """
    from piiscan.scan_tables import DATABASE, PARQUET, table_target_kind

    # a redacted password is dropped: the PGPASSWORD/MYSQL_PWD variables may supply it
    where = target or _REDACTED_PASSWORD.sub(r"\1@", ref.source)
    kind = table_target_kind(where)
    if kind == DATABASE:
        return _sql_counts(ref, where, column, cutoffs, unit, timeout_seconds)
    if kind == PARQUET:
        return _parquet_counts(ref, where, column, cutoffs, unit)
    if not os.path.exists(where) and "://" not in where:
        raise ref.problem("not_found", "source not found (cannot date its rows)")
    raise ref.problem("unsupported", "cannot date rows of this kind of source")


# --------------------------------------------------------------------------- databases


def _sql_counts(
    ref: TableRef, target: str, column: str, cutoffs: Sequence[dt.datetime], unit: str | None, timeout: float
) -> dict[dt.datetime, int]:
    """``SELECT count(*) ... WHERE column < :cutoff`` for each cutoff, read-only, with the timeout."""
    try:
        from piiscan.sources.sql_dialects import SourceError, open_engine, resolve
    except ImportError as exc:
        detail = f"dating rows needs {exc.name or 'sqlalchemy'} (pip install 'piiscan[tables]')"
        raise ref.problem("missing_driver", detail) from None
    try:
        database = dataclasses.replace(resolve(target), source=ref.source, timeout_seconds=timeout)
    except SourceError as exc:
        message = scrub(f"{redact_url(target)}: {exc.detail}", url_secrets(target))
        raise RetentionError(ScanError(str(ref), exc.kind, message)) from None
    options = TableOptions(timeout_seconds=timeout)
    try:
        engine = open_engine(database, options)
    except SourceError as exc:
        raise RetentionError(database.error(exc, None)) from None
    try:
        connection = engine.connect()
    except Exception as exc:  # unreachable, authentication: the driver's message says which
        engine.dispose()
        error = database.error(exc, None)
        raise RetentionError(ScanError(str(ref), error.kind, error.message)) from None
    try:
        with connection:
            return _count(connection, ref, column, cutoffs, unit, options)
    except RetentionError:
        raise
    except _NotADate as exc:
        raise _not_a_date(ref, column, exc) from None
    except Exception as exc:  # every driver error becomes a ScanError, never a traceback
        raise RetentionError(database.error(exc, ref.table, reading=True)) from None
    finally:
        engine.dispose()


def _count(
    connection: sa.Connection,
    ref: TableRef,
    column: str,
    cutoffs: Sequence[dt.datetime],
    unit: str | None,
    options: TableOptions,
) -> dict[dt.datetime, int]:
    """The counts on an open connection: reflect, read one dating value, count per cutoff."""
    import sqlalchemy as sa

    from piiscan.sources.sql_dialects import Relation, _flavour_for

    flavour = _flavour_for(connection.dialect.name)
    schema, name = _split_table(ref.table, connection.dialect.name)
    with _bounded(connection, flavour, options):
        reflected = flavour.reflect(connection, [Relation(schema, name)]).get((schema, name))
    if not reflected:
        raise ref.problem("vanished", "no such table (cannot date its rows)")
    dating: sa.ColumnClause[Any] = sa.column(_find_column([str(c["name"]) for c in reflected], column, ref))
    table = sa.table(name, dating, schema=schema)
    with _bounded(connection, flavour, options):
        sample = connection.execute(sa.select(dating).select_from(table).where(dating.is_not(None)).limit(1)).scalar()
    if sample is None:
        return dict.fromkeys(cutoffs, 0)
    counts: dict[dt.datetime, int] = {}
    for cutoff in cutoffs:
        bound: sa.BindParameter[Any] = sa.bindparam("cutoff", cutoff_like(cutoff, sample, unit))
        query = sa.select(sa.func.count()).select_from(table).where(dating < bound)
        with _bounded(connection, flavour, options):
            counts[cutoff] = int(connection.execute(query).scalar_one())
    return counts


@contextlib.contextmanager
def _bounded(connection: sa.Connection, flavour: Flavour, options: TableOptions) -> Iterator[None]:
    """Bound a statement by the timeout: the flavour's guard (SQLite's deadline; PostgreSQL and
    MySQL set theirs on connect) and, for DuckDB, a timer that interrupts the connection."""
    from piiscan.sources.sql_dialects import _watchdog

    interrupt = None
    if connection.dialect.name == "duckdb":
        interrupt = getattr(connection.connection.driver_connection, "interrupt", None)
    with flavour.guard(connection, options):
        if interrupt is None:
            yield
        else:
            with _watchdog(options.timeout_seconds, interrupt):
                yield


def _split_table(table: str, dialect: str) -> tuple[str | None, str]:
    """``schema.table`` -> (schema, table); SQLite names are bare."""
    if dialect == "sqlite" or "." not in table:
        return None, table
    schema, name = table.split(".", 1)
    return schema, name


def _find_column(names: Sequence[str], column: str, ref: TableRef) -> str:
    """The column named ``column`` (exactly, else case-insensitively); RetentionError if none."""
    if column in names:
        return column
    folded = [name for name in names if name.casefold() == column.casefold()]
    if len(folded) == 1:
        return folded[0]
    listed = ", ".join(names[:20]) + (" ..." if len(names) > 20 else "")
    raise ref.problem("unknown_column", f"no column {column!r} to date rows by (columns: {listed})")


def _not_a_date(ref: TableRef, column: str, exc: _NotADate) -> RetentionError:
    return ref.problem("unreadable", f"column {column!r} cannot date rows: it holds {exc}")


# --------------------------------------------------------------------------- Parquet


@dataclass(frozen=True, slots=True)
class _ParquetFile:
    path: str
    partitions: dict[str, str]  # hive partition keys of its directories


def _parquet_files(root: str) -> Iterator[_ParquetFile]:
    """The data files of a Parquet file or dataset directory, sorted, with their partition keys."""
    if not os.path.isdir(root):
        yield _ParquetFile(root, {})
        return
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith(_IGNORED_PREFIXES))
        rel = os.path.relpath(directory, root)
        keys = dict(part.split("=", 1) for part in rel.split(os.sep) if "=" in part)
        for name in sorted(files):
            if not name.startswith(_IGNORED_PREFIXES) and not name.endswith(".crc"):
                yield _ParquetFile(os.path.join(directory, name), keys)


def _parquet_counts(
    ref: TableRef, root: str, column: str, cutoffs: Sequence[dt.datetime], unit: str | None
) -> dict[dt.datetime, int]:
    """Rows before each cutoff, from row-group statistics where they suffice."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ref.problem("missing_driver", "dating rows needs pyarrow (pip install 'piiscan[tables]')") from None
    counter = _RowCounter(ref, column, cutoffs, unit)
    found = False
    for file in _parquet_files(root):
        try:
            handle = pq.ParquetFile(file.path)
        except FileNotFoundError:
            raise ref.problem("not_found", f"{file.path}: not found") from None
        except Exception as exc:  # truncated, corrupt or not Parquet
            detail = f"{file.path}: not a readable Parquet file ({type(exc).__name__})"
            raise ref.problem("corrupt", detail) from None
        with handle:
            found = counter.add_file(handle, file) or found
    if not found:
        raise ref.problem("unknown_column", f"no column {column!r} to date rows by")
    return counter.counts


@dataclass(frozen=True, slots=True)
class _Stats:
    """What a row group's statistics say about the dating column (``None``: they do not say)."""

    low: object
    high: object
    nonnull: int

    @classmethod
    def of(cls, stats: Any, rows: int) -> _Stats:
        """From pyarrow's column chunk statistics (or their absence)."""
        if stats is None or not stats.has_min_max:
            return cls(None, None, rows)
        nulls = stats.null_count if stats.has_null_count else 0
        return cls(stats.min, stats.max, rows - nulls)

    def verdict(self, bound: object) -> bool | None:
        """True: every non-null row is before ``bound``; False: none is; None: read the values."""
        try:
            if self.high is not None and self.high < bound:  # type: ignore[operator]
                return True
            if self.low is not None and self.low >= bound:  # type: ignore[operator]
                return False
        except TypeError:  # statistics in another form than the values
            return None
        return None


class _RowCounter:
    """Counts rows before each cutoff over the files of one Parquet table."""

    def __init__(self, ref: TableRef, column: str, cutoffs: Sequence[dt.datetime], unit: str | None) -> None:
        self.ref = ref
        self.column = column
        self.cutoffs = list(cutoffs)
        self.unit = unit
        self.counts = dict.fromkeys(self.cutoffs, 0)
        #: the cutoffs in the form of the column's values, per Arrow type met
        self._bounds: dict[str, dict[dt.datetime, object]] = {}

    def add_file(self, handle: pq.ParquetFile, file: _ParquetFile) -> bool:
        """Count one file's rows; False when the file has no such column (nor partition key)."""
        metadata = handle.metadata
        index = _column_index(metadata, self.column)
        if index is None:
            if self.column not in file.partitions:
                return False
            self._add_partition(file.partitions[self.column], metadata.num_rows)
            return True
        arrow_type = _arrow_type(handle.schema_arrow, self.column)
        for group in range(metadata.num_row_groups):
            meta = metadata.row_group(group)
            self._add_row_group(handle, group, arrow_type, _Stats.of(meta.column(index).statistics, meta.num_rows))
        return True

    def _add_partition(self, value: str, rows: int) -> None:
        value = unquote(value)
        if value == _HIVE_NULL:
            return
        try:
            bounds = {cutoff: _text_cutoff(cutoff, value) for cutoff in self.cutoffs}
        except _NotADate as exc:
            raise _not_a_date(self.ref, self.column, exc) from None
        for cutoff, bound in bounds.items():
            if value < bound:
                self.counts[cutoff] += rows

    def _add_row_group(self, handle: pq.ParquetFile, group: int, arrow_type: pa.DataType, stats: _Stats) -> None:
        bounds = self._bounds.get(str(arrow_type))
        if bounds is None:
            usable = isinstance(stats.high, str | int | float | Decimal | dt.date)  # not raw bytes
            sample = stats.high if usable else _first_value(handle, group, self.column)
            if sample is None:  # no dated row in this row group
                return
            try:
                bounds = {c: _arrow_cutoff(c, arrow_type, sample, self.unit) for c in self.cutoffs}
            except _NotADate as exc:
                raise _not_a_date(self.ref, self.column, exc) from None
            self._bounds[str(arrow_type)] = bounds
        straddling: dict[dt.datetime, object] = {}
        for cutoff, bound in bounds.items():
            verdict = stats.verdict(bound)
            if verdict is None:
                straddling[cutoff] = bound
            elif verdict:
                self.counts[cutoff] += stats.nonnull
        if straddling:
            self._read(handle, group, straddling)

    def _read(self, handle: pq.ParquetFile, group: int, bounds: dict[dt.datetime, object]) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        values = _read_column(handle, group, self.column)
        for cutoff, bound in bounds.items():
            try:
                below = pc.less(values, pa.scalar(bound, type=values.type))
            except (pa.ArrowException, TypeError, ValueError, OverflowError):
                raise _not_a_date(self.ref, self.column, _NotADate(f"values of type {values.type}")) from None
            self.counts[cutoff] += int(pc.sum(below).as_py() or 0)


def _column_index(metadata: Any, column: str) -> int | None:
    """The leaf column ``column`` (dotted for nested fields) of a Parquet file, if any."""
    paths = [metadata.schema.column(i).path for i in range(metadata.num_columns)]
    if column in paths:
        return paths.index(column)
    folded = [i for i, path in enumerate(paths) if path.casefold() == column.casefold()]
    return folded[0] if len(folded) == 1 else None


def _arrow_type(schema: pa.Schema, column: str) -> pa.DataType:
    """The Arrow type of a (dotted) column; dictionaries as their value type."""
    import pyarrow as pa

    names = _column_path(schema, column)
    field = schema.field(names[0])
    for name in names[1:]:
        field = field.type.field(name)
    kind = field.type
    return kind.value_type if pa.types.is_dictionary(kind) else kind


def _column_path(schema: pa.Schema, column: str) -> list[str]:
    """The field names leading to ``column`` (its case as stored)."""
    import pyarrow as pa

    names: list[str] = []
    fields = list(schema)
    remaining = column
    while True:
        match = next(
            (f for f in fields if remaining.casefold() == f.name.casefold()
             or remaining.casefold().startswith(f.name.casefold() + ".")),
            None,
        )
        if match is None:
            return names or [column]
        names.append(match.name)
        if len(remaining) == len(match.name) or not pa.types.is_struct(match.type):
            return names
        remaining = remaining[len(match.name) + 1 :]
        fields = list(match.type)


def _read_column(handle: pq.ParquetFile, group: int, column: str) -> pa.Array:
    """One row group's values of a (dotted) column, dictionaries decoded."""
    import pyarrow as pa
    import pyarrow.compute as pc

    names = _column_path(handle.schema_arrow, column)
    table = handle.read_row_group(group, columns=[names[0]])
    values: Any = table.column(0).combine_chunks()
    for name in names[1:]:
        values = pc.struct_field(values, name)
    if pa.types.is_dictionary(values.type):
        values = values.dictionary_decode()
    return values


def _first_value(handle: pq.ParquetFile, group: int, column: str) -> object:
    values = _read_column(handle, group, column).drop_null()
    return values[0].as_py() if len(values) else None


def _arrow_cutoff(cutoff: dt.datetime, arrow_type: pa.DataType, sample: object, unit: str | None) -> object:
    """``cutoff`` in the form of a column of ``arrow_type`` (``sample``: one of its values)."""
    import pyarrow as pa

    if pa.types.is_timestamp(arrow_type):
        return cutoff if arrow_type.tz is not None else cutoff.replace(tzinfo=None)
    if pa.types.is_date(arrow_type):
        return cutoff.date()
    usable = (
        pa.types.is_integer(arrow_type) or pa.types.is_floating(arrow_type) or pa.types.is_decimal(arrow_type)
        or pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type)
    )
    if not usable:
        raise _NotADate(f"values of type {arrow_type}")
    return cutoff_like(cutoff, sample, unit)
