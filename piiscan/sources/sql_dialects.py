"""Reading SQL databases through SQLAlchemy into Arrow: the half of :mod:`piiscan.sources.sql`
that imports SQLAlchemy and pyarrow.

What each database gets (``n`` = ``TableOptions.sample`` rows, the timeout is
``TableOptions.timeout_seconds`` per statement):

* PostgreSQL: ``SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY`` and
  ``statement_timeout`` on every connection. Sample: ``TABLESAMPLE SYSTEM(p)
  REPEATABLE(seed)`` with ``p`` sized from ``pg_class.reltuples`` to draw twice the rows
  needed, ``n`` of them kept in a seeded hash order of ``ctid`` (so the sample is spread
  over the whole table, not its first blocks), drawn again larger when it comes up short;
  ``TABLESAMPLE SYSTEM_ROWS(n)`` (tsm_system_rows, which cannot be made repeatable) for a
  table without statistics; the whole table when the statistics say it is no larger
  than the sample.
* MySQL/MariaDB: ``SET SESSION TRANSACTION READ ONLY``, ``max_execution_time`` (MySQL) or
  ``max_statement_time`` (MariaDB) and ``lock_wait_timeout``. Sample: key windows on an
  integer primary key.
* SQLite: a ``mode=ro`` URI (a missing file is never created), ``PRAGMA query_only``, and
  a progress handler that interrupts a statement past its deadline. Sample: key windows
  on the ``rowid``.
* DuckDB: ``read_only=True``; a timer calls ``interrupt()`` past the deadline. Sample:
  ``USING SAMPLE reservoir(n ROWS) REPEATABLE (seed)``; rows come as DuckDB's own Arrow.
* Any other dialect: only SELECTs are sent, no session settings. Sample: ``LIMIT n``.

Key windows are disjoint (window ``i`` runs from its start to the next one's), each reads
up to ``n / windows`` rows in key order, a window that comes up short passes its shortfall
to the next, and a last window from the lowest key fills what is still missing: the sample
has ``n`` rows spread over the key space whenever the keys are spread evenly. Tables whose
key range is no wider than ``n`` are read whole; tables without an integer key (and views,
everywhere but DuckDB) are sampled with ``LIMIT n``. Seeds mix ``TableOptions.seed`` with
the table name, so runs repeat. Full scans (``sample == 0``) stream every row in batches
of ``batch_rows``: a server-side cursor (PostgreSQL, others), keyset pages on the integer
primary key (MySQL/MariaDB), or the database's own streaming (SQLite, DuckDB). The timeout
then bounds each batch (each ``FETCH``, page or fetch), except for a MySQL/MariaDB table
without an integer primary key, streamed as one statement.

Types. Rows come from the driver as Python values (SQLAlchemy's result processing is
bypassed) and become Arrow columns typed from the reflected column types: integers
``int64`` (``uint64`` for MySQL ``BIGINT UNSIGNED``), ``NUMERIC(p, s)`` ``decimal128(p, s)``
when ``p <= 38`` (else text), floats ``float64``, booleans ``bool``, text ``string``,
binary ``binary``, dates ``date32``, timestamps ``timestamp[us]`` (``tz=UTC`` when the
column has a time zone), PostgreSQL arrays of such scalars ``list<...>``; everything else
(JSON, UUID, intervals, network types, enums of unknown kind, unrecognised types) is the
database's own text of the value (``CAST(... AS TEXT)`` on PostgreSQL). SQLite keeps
its declared integers, reals, text, blobs and booleans, and reads the rest as text
(SQLite stores dates and decimals as text or numbers). DuckDB hands over its own Arrow.
A value that does not fit its column's type (a text in a SQLite ``INTEGER`` column,
PostgreSQL ``NaN`` in a ``NUMERIC``, a MySQL zero date) is read as null and counted in one
``unreadable`` error per column; the value itself is never reported. PostgreSQL dates and
timestamps Python cannot hold (``infinity``, year 10000 and later) are nulled in the query.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import importlib.util
import json
import math
import os
import random
import re
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote

import pyarrow as pa
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine.interfaces import ReflectedColumn
from sqlalchemy.engine.reflection import Inspector, ObjectKind, ObjectScope

from piiscan.model import ScanError
from piiscan.sources.sql import (
    database_file_kind,
    is_system_schema,
    redact_url,
    scrub,
    table_selected,
    url_dialect,
    url_secrets,
)
from piiscan.sources.tables import TableOptions, TableScan

__all__ = ["SourceError", "SqlTableScan", "open_engine", "scan_database"]

#: seconds allowed to establish a connection (libpq ``connect_timeout``, PyMySQL ``connect_timeout``)
CONNECT_TIMEOUT = 5
#: sampling windows over a key range, at most (more spread, more queries)
KEY_WINDOWS = 16
#: rows wanted per key window, at least
MIN_WINDOW_ROWS = 50
#: PostgreSQL ``TABLESAMPLE SYSTEM(p)`` draws this many times the rows needed (block sampling varies)
PG_SAMPLE_MARGIN = 2.0
#: bytes per row assumed for a PostgreSQL table without statistics
PG_ROW_BYTES_GUESS = 100
#: SQLite tables whose rowid range is at most this wide are counted exactly
SQLITE_COUNT_SPAN = 5_000_000

# --------------------------------------------------------------------------- errors


class SourceError(Exception):
    """A database or table that cannot be read: ``kind`` as in ScanError, ``detail`` for people."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind
        self.detail = detail


#: PostgreSQL SQLSTATEs (and classes, two characters) -> ScanError kind
_PG_STATES = {
    "57014": "timeout",  # query_canceled (statement_timeout)
    "55P03": "timeout",  # lock_not_available
    "42P01": "vanished",  # undefined_table
    "42501": "permission",  # insufficient_privilege
    "25006": "permission",  # read_only_sql_transaction
    "28": "permission",  # invalid authorization (bad password, no pg_hba entry)
    "3D": "unreachable",  # invalid catalog name (no such database)
    "08": "unreachable",  # connection exception
    "53": "unreachable",  # insufficient resources (too many connections)
    "57P": "unreachable",  # operator intervention (shutdown)
}
#: MySQL/MariaDB error numbers -> ScanError kind
_MYSQL_CODES = {
    1146: "vanished",  # ER_NO_SUCH_TABLE
    1044: "permission",  # ER_DBACCESS_DENIED_ERROR
    1045: "permission",  # ER_ACCESS_DENIED_ERROR
    1142: "permission",  # ER_TABLEACCESS_DENIED_ERROR
    1143: "permission",  # ER_COLUMNACCESS_DENIED_ERROR
    1227: "permission",  # ER_SPECIFIC_ACCESS_DENIED_ERROR
    1792: "permission",  # ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION
    3024: "timeout",  # ER_QUERY_TIMEOUT (max_execution_time)
    1969: "timeout",  # ER_STATEMENT_TIMEOUT (MariaDB max_statement_time)
    1317: "timeout",  # ER_QUERY_INTERRUPTED
    1205: "timeout",  # ER_LOCK_WAIT_TIMEOUT
    1040: "unreachable",  # ER_CON_COUNT_ERROR
    1049: "unreachable",  # ER_BAD_DB_ERROR
    2002: "unreachable",
    2003: "unreachable",
    2005: "unreachable",
    2006: "unreachable",
    2013: "unreachable",
}
#: message fragments (SQLite, DuckDB and others without codes) -> ScanError kind
_MESSAGE_KINDS = (
    ("file is not a database", "corrupt"),  # SQLite
    ("malformed", "corrupt"),  # SQLite
    ("corrupt", "corrupt"),  # DuckDB
    ("could not read enough bytes", "corrupt"),  # DuckDB, a truncated file
    ("authentication failed", "permission"),  # libpq: no SQLSTATE before the session exists
    ("connection timeout", "unreachable"),
    ("interrupt", "timeout"),
    ("timeout", "timeout"),
    ("timed out", "timeout"),
    ("database is locked", "timeout"),
    ("no such table", "vanished"),
    ("does not exist", "vanished"),
    ("catalog error", "vanished"),
    ("permission", "permission"),
    ("access denied", "permission"),
    ("readonly", "permission"),
    ("read-only", "permission"),
    ("unable to open", "unreachable"),
    ("could not set lock", "unreachable"),
    ("connection refused", "unreachable"),
    ("could not connect", "unreachable"),
    ("can't connect", "unreachable"),
)


def _kind_of(exc: BaseException) -> str | None:
    """The ScanError kind a driver error stands for, when it is recognisable."""
    if isinstance(exc, sa.exc.NoSuchTableError):
        return "vanished"
    if isinstance(exc, sa.exc.TimeoutError):
        return "timeout"
    orig: object = getattr(exc, "orig", None) or exc
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if isinstance(state, str):
        for prefix in (state, state[:3], state[:2]):
            if prefix in _PG_STATES:
                return _PG_STATES[prefix]
    args = getattr(orig, "args", ())
    if args and isinstance(args[0], int) and args[0] in _MYSQL_CODES:
        return _MYSQL_CODES[args[0]]
    text = f"{type(orig).__name__} {_first_line(orig)}".casefold()
    return next((kind for fragment, kind in _MESSAGE_KINDS if fragment in text), None)


def _first_line(exc: object) -> str:
    """The first line of a driver error's message (SQLAlchemy's SQL echo and hints left out)."""
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0].strip()[:300] if lines else type(orig).__name__


def _is_data_error(exc: BaseException) -> bool:
    """Errors whose message may quote a value (SQLSTATE class 22, conversion errors)."""
    orig = getattr(exc, "orig", None) or exc
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if isinstance(state, str) and state.startswith("22"):
        return True
    return isinstance(exc, sa.exc.DataError) or type(orig).__name__ in {"DataError", "ConversionException"}


_KIND_TEXT = {
    "timeout": "timed out",
    "vanished": "disappeared before it could be read",
    "permission": "permission denied",
    "unreachable": "cannot connect",
    "unreadable": "cannot be read",
    "corrupt": "not a readable database file",
}


@dataclass(frozen=True, slots=True)
class Database:
    """A database target, resolved: the URL to connect with and what messages may show."""

    url: sa.URL
    source: str  # the target with any password removed
    secrets: tuple[str, ...]  # strings scrubbed from every message
    timeout_seconds: float | None = None  # named in timeout messages

    def error(self, exc: BaseException, table: str | None, *, reading: bool = False) -> ScanError:
        """A ScanError for ``exc`` met on ``table`` (or the whole database).

        The driver's message is quoted (scrubbed of secrets) unless it may hold a value:
        data errors, and unrecognised errors met while fetching rows.
        """
        if isinstance(exc, SourceError):
            kind, detail = exc.kind, exc.detail
        else:
            recognised = _kind_of(exc)
            if table is None and recognised == "vanished":  # the database itself does not exist
                recognised = "unreachable"
            kind = recognised or ("unreachable" if table is None else "unreadable")
            what = _KIND_TEXT[kind]
            if kind == "timeout" and self.timeout_seconds is not None:
                what = f"{what} (limit: {self.timeout_seconds:g} s per statement)"
            if _is_data_error(exc) or (reading and recognised is None):
                detail = f"{what} ({type(getattr(exc, 'orig', None) or exc).__name__})"
            else:
                detail = f"{what}: {_first_line(exc)}"
        where = self.source if table is None else f"{self.source}: {table}"
        path = self.source if table is None else f"{self.source}#{table}"
        return ScanError(path, kind, scrub(f"{where}: {detail}", self.secrets))


# --------------------------------------------------------------------------- targets and engines

#: backend -> DBAPI drivers tried, in order, when the URL names none
_DRIVERS = {
    "postgresql": (("psycopg", "psycopg"), ("psycopg2", "psycopg2"), ("pg8000", "pg8000")),
    "mysql": (("pymysql", "pymysql"), ("MySQLdb", "mysqldb"), ("mysql.connector", "mysqlconnector")),
    "mariadb": (("pymysql", "pymysql"), ("MySQLdb", "mysqldb"), ("mysql.connector", "mysqlconnector")),
}
#: dialects with first-class support; the modules of the ``tables`` extra; pip names of other drivers
_FIRST_CLASS = frozenset({"postgresql", "mysql", "mariadb", "sqlite", "duckdb"})
_TABLES_EXTRA = frozenset({"psycopg", "pymysql", "duckdb", "duckdb_engine", "sqlalchemy", "pyarrow"})
_PIP_PACKAGES = {
    "MySQLdb": "mysqlclient",
    "mysql": "mysql-connector-python",
    "psycopg2": "psycopg2-binary",
    "pg8000": "pg8000",
}
#: pip packages of a few SQLAlchemy dialects piiscan does not install
_DIALECT_PACKAGES = {
    "snowflake": "snowflake-sqlalchemy",
    "bigquery": "sqlalchemy-bigquery",
    "redshift": "sqlalchemy-redshift",
    "trino": "'trino[sqlalchemy]'",
    "mssql": "pyodbc",
    "oracle": "oracledb",
    "databricks": "databricks-sqlalchemy",
    "clickhouse": "clickhouse-sqlalchemy",
    "cockroachdb": "sqlalchemy-cockroachdb",
}


def _module_installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _with_driver(url: sa.URL) -> sa.URL:
    """``url`` with the installed driver when it names none (and ``postgres://`` spelled out)."""
    backend = url.get_backend_name()
    if backend == "postgres":
        backend = "postgresql"
        url = url.set(drivername="postgresql" + url.drivername[len("postgres") :])
    if "+" in url.drivername or backend not in _DRIVERS:
        return url
    choices = _DRIVERS[backend]
    driver = next((driver for module, driver in choices if _module_installed(module)), choices[0][1])
    return url.set(drivername=f"{backend}+{driver}")


def resolve(target: str) -> Database:
    """Turn a TARGET (URL or SQLite/DuckDB file) into a :class:`Database`; raise SourceError."""
    if url_dialect(target) is None:
        kind = database_file_kind(target)
        if kind is None:
            raise SourceError("invalid_url", "not a database URL nor a SQLite or DuckDB file")
        return Database(sa.URL.create(kind, database=os.path.abspath(target)), target, ())
    source = redact_url(target)
    secrets = url_secrets(target)
    try:
        url = _with_driver(sa.make_url(target))
    except (sa.exc.ArgumentError, ValueError) as exc:
        raise SourceError("invalid_url", f"not a valid database URL ({type(exc).__name__})") from None
    backend = url.get_backend_name()
    if backend in ("mysql", "mariadb") and url.password is None and os.environ.get("MYSQL_PWD"):
        url = url.set(password=os.environ["MYSQL_PWD"])
    for variable in ("PGPASSWORD", "MYSQL_PWD"):
        if os.environ.get(variable):
            secrets = (*secrets, os.environ[variable])
    if url.password:
        secrets = (*secrets, str(url.password))
    return Database(url, source, tuple(dict.fromkeys(secrets)))


def _missing_driver(url: sa.URL, exc: BaseException) -> SourceError:
    """A clear message for a dialect or DBAPI module that is not installed."""
    backend = url.get_backend_name()
    if isinstance(exc, ImportError):  # SQLAlchemy knows the dialect, the DBAPI module is missing
        module = (exc.name or url.get_driver_name()).split(".")[0]
        hint = "'piiscan[tables]'" if module in _TABLES_EXTRA else _PIP_PACKAGES.get(module, module)
        return SourceError("missing_driver", f"the {url.drivername} driver is not installed (pip install {hint})")
    if backend in _FIRST_CLASS:
        return SourceError("missing_driver", f"SQLAlchemy has no driver {url.get_driver_name()!r} for {backend}")
    package = _DIALECT_PACKAGES.get(backend, f"the SQLAlchemy dialect for {backend}")
    return SourceError(
        "missing_driver", f"no SQLAlchemy dialect or driver for {url.drivername} (pip install {package})"
    )


def open_engine(target: str | Database, options: TableOptions) -> sa.Engine:
    """A SQLAlchemy engine on ``target`` whose every connection is read-only (where the
    database allows it) and bounded by ``options.timeout_seconds`` per statement.

    Raises :class:`SourceError` (``invalid_url``, ``missing_driver``); connecting happens
    on first use.
    """
    database = resolve(target) if isinstance(target, str) else target
    flavour = _flavour_for(database.url.get_backend_name())
    url = flavour.prepare_url(database.url)
    pool: dict[str, Any] = {"poolclass": sa.pool.NullPool} if flavour.file_based else {}
    try:
        engine = sa.create_engine(url, connect_args=flavour.connect_args(url, options), **pool)
    except (ImportError, sa.exc.NoSuchModuleError) as exc:
        raise _missing_driver(url, exc) from None
    except (sa.exc.ArgumentError, TypeError, ValueError) as exc:
        raise SourceError("invalid_url", f"unusable database URL ({type(exc).__name__})") from None

    def on_connect(dbapi_connection: Any, record: Any) -> None:
        flavour.on_connect(dbapi_connection, record.info, options)

    sa.event.listen(engine, "connect", on_connect)
    return engine


# --------------------------------------------------------------------------- relations and columns


@dataclass(frozen=True, slots=True)
class Relation:
    """A table or view to scan, with what the catalog listing said about its size."""

    schema: str | None  # None: the connection's default schema, and names stay bare (SQLite)
    name: str
    view: bool = False
    rows: int | None = None  # row estimate from the catalog listing
    kind: str = ""  # PostgreSQL relkind
    size: int | None = None  # bytes on disk (PostgreSQL)

    @property
    def display(self) -> str:
        """``schema.table`` (the bare name when there is no schema)."""
        return self.name if self.schema is None else f"{self.schema}.{self.name}"

    def table(self, *columns: sa.ColumnClause[Any]) -> sa.TableClause:
        """The relation as a FROM clause; the dialect quotes its names."""
        return sa.table(self.name, *columns, schema=self.schema)


@dataclass(frozen=True, slots=True)
class Column:
    """A column as read: its name, Arrow type and the expression that selects it."""

    name: str
    arrow: pa.DataType
    expr: sa.ColumnElement[Any]
    comment: str | None = None


@dataclass(slots=True)
class Projection:
    """The columns of one table and the conversion of driver rows into record batches."""

    columns: list[Column]
    schema: pa.Schema = field(init=False)
    dropped: dict[str, int] = field(default_factory=dict)  # column -> values that did not fit

    def __post_init__(self) -> None:
        self.schema = pa.schema([pa.field(column.name, column.arrow) for column in self.columns])

    def batch(self, rows: Sequence[Sequence[Any]]) -> pa.RecordBatch:
        """``rows`` (driver values) as one record batch of :attr:`schema`."""
        columns = list(zip(*rows, strict=True)) if rows else [() for _ in self.columns]
        arrays = []
        for column, values in zip(self.columns, columns, strict=True):
            array, dropped = to_array(values, column.arrow)
            if dropped:
                self.dropped[column.name] = self.dropped.get(column.name, 0) + dropped
            arrays.append(array)
        return pa.RecordBatch.from_arrays(arrays, schema=self.schema)


# --------------------------------------------------------------------------- values to Arrow

_DROP = object()
_INTEGER = re.compile(r"[+-]?\d+")
_TRUE = frozenset({"1", "t", "true", "y", "yes", "on"})
_FALSE = frozenset({"0", "f", "false", "n", "no", "off"})
_CONVERSION_ERRORS = (pa.ArrowException, TypeError, ValueError, OverflowError, ArithmeticError)


def as_text(value: object) -> str:
    """A driver value as text: strings as they are, bytes decoded (UTF-8), numbers exact,
    dates ISO 8601, JSON values as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Decimal):
        return format(value, "f") if value.is_finite() else str(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, set | frozenset):
        return ",".join(sorted(map(str, value)))
    return str(value)


def _to_int(value: object, low: int, high: int) -> object:
    number: int
    if isinstance(value, int):
        number = int(value)
    elif isinstance(value, float | Decimal):
        if not math.isfinite(value) or value != int(value):
            return _DROP
        number = int(value)
    elif isinstance(value, str | bytes):
        text = as_text(value).strip()
        if not _INTEGER.fullmatch(text):
            return _DROP
        number = int(text)
    else:
        return _DROP
    return number if low <= number <= high else _DROP


def _to_float(value: object) -> object:
    if isinstance(value, int | float | Decimal):
        return float(value)
    if isinstance(value, str | bytes):
        try:
            return float(as_text(value))
        except ValueError:
            return _DROP
    return _DROP


def _to_bool(value: object) -> object:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str | bytes):
        text = as_text(value).strip().casefold()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    return _DROP


def _to_decimal(value: object, precision: int, scale: int) -> object:
    if not isinstance(value, int | float | Decimal | str):
        return _DROP
    try:
        number = Decimal(repr(value) if isinstance(value, float) else value)
        if not number.is_finite():
            return _DROP
        quantized = number.quantize(Decimal(1).scaleb(-scale))
    except (InvalidOperation, ValueError):
        return _DROP
    if quantized != number or len(quantized.as_tuple().digits) > precision:
        return _DROP
    return quantized


def _to_timestamp(value: object, zoned: bool) -> object:
    if isinstance(value, dt.datetime):
        stamp = value
    elif isinstance(value, dt.date):
        stamp = dt.datetime(value.year, value.month, value.day)
    else:
        return _DROP
    if zoned and stamp.tzinfo is None:
        return stamp.replace(tzinfo=dt.UTC)
    if not zoned and stamp.tzinfo is not None:
        return stamp.astimezone(dt.UTC).replace(tzinfo=None)
    return stamp


def _to_date(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else _DROP


def _to_binary(value: object) -> object:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    return as_text(value).encode("utf-8")


def _coercer(arrow_type: pa.DataType) -> Callable[[object], object]:
    """The per-value fallback conversion to ``arrow_type`` (``_DROP`` for what cannot fit)."""
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return as_text
    if pa.types.is_binary(arrow_type) or pa.types.is_large_binary(arrow_type):
        return _to_binary
    if pa.types.is_integer(arrow_type):
        info = (0, 2**64 - 1) if pa.types.is_unsigned_integer(arrow_type) else (-(2**63), 2**63 - 1)
        return lambda value: _to_int(value, *info)
    if pa.types.is_floating(arrow_type):
        return _to_float
    if pa.types.is_boolean(arrow_type):
        return _to_bool
    if pa.types.is_decimal(arrow_type):
        precision, scale = arrow_type.precision, arrow_type.scale
        return lambda value: _to_decimal(value, precision, scale)
    if pa.types.is_timestamp(arrow_type):
        zoned = arrow_type.tz is not None
        return lambda value: _to_timestamp(value, zoned)
    if pa.types.is_date(arrow_type):
        return _to_date

    def single(value: object) -> object:
        try:
            pa.array([value], type=arrow_type)
        except _CONVERSION_ERRORS:
            return _DROP
        return value

    return single


def to_array(values: Sequence[object], arrow_type: pa.DataType) -> tuple[pa.Array, int]:
    """``values`` as an Arrow array of ``arrow_type`` and the number of values that did not
    fit it (read as null). Fast path: one ``pa.array`` call."""
    try:
        return pa.array(values, type=arrow_type), 0
    except _CONVERSION_ERRORS:
        pass
    coerce = _coercer(arrow_type)
    fitted: list[object] = []
    dropped = 0
    for value in values:
        converted = None if value is None else coerce(value)
        if converted is _DROP:
            dropped += 1
            converted = None
        fitted.append(converted)
    try:
        return pa.array(fitted, type=arrow_type), dropped
    except _CONVERSION_ERRORS:
        return pa.nulls(len(values), arrow_type), sum(value is not None for value in values)


# --------------------------------------------------------------------------- type mapping

_ZONED_UTC = "UTC"


def scalar_arrow_type(sa_type: sa.types.TypeEngine[Any]) -> pa.DataType | None:
    """The Arrow type for a reflected SQLAlchemy type, or ``None`` for "read it as text"."""
    if isinstance(sa_type, sa.Boolean):
        return pa.bool_()
    if isinstance(sa_type, sa.Integer):
        unsigned = getattr(sa_type, "unsigned", False)
        return pa.uint64() if unsigned and isinstance(sa_type, sa.BigInteger) else pa.int64()
    if isinstance(sa_type, sa.Float):
        return pa.float64()
    if isinstance(sa_type, sa.Numeric):
        precision, scale = sa_type.precision, sa_type.scale
        if precision is not None and 0 < precision <= 38 and scale is not None and 0 <= scale <= precision:
            return pa.decimal128(precision, scale)
        return None
    if isinstance(sa_type, sa.String):  # VARCHAR, TEXT, CHAR, ENUM ...
        return pa.string()
    if isinstance(sa_type, sa.LargeBinary | sa.types._Binary):
        return pa.binary()
    if isinstance(sa_type, sa.DateTime):
        return pa.timestamp("us", tz=_ZONED_UTC if sa_type.timezone else None)
    if isinstance(sa_type, sa.Date):
        return pa.date32()
    if isinstance(sa_type, sa.Time) and not sa_type.timezone:
        return pa.time64("us")
    return None


# --------------------------------------------------------------------------- reading helpers


class _Deadline:
    """A per-connection deadline checked by SQLite's progress handler."""

    __slots__ = ("until",)

    def __init__(self) -> None:
        self.until: float | None = None

    def expired(self) -> int:
        """Progress-handler callback: non-zero interrupts the running statement."""
        return int(self.until is not None and time.monotonic() > self.until)


_DEADLINE_KEY = "piiscan_deadline"


@contextlib.contextmanager
def _watchdog(seconds: float, interrupt: Callable[[], object]) -> Iterator[None]:
    """Call ``interrupt`` if the block runs longer than ``seconds`` (DuckDB's timeout)."""
    timer = threading.Timer(seconds, interrupt)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


Rows = Sequence[Sequence[Any]]
Reader = Callable[[sa.Connection], Iterator[pa.RecordBatch]]


@dataclass(frozen=True, slots=True)
class Plan:
    """How one table is read: its schema, row estimate, sampling method and reader."""

    schema: pa.Schema
    total_rows: int | None
    sampling: str
    read: Reader
    projection: Projection | None = None  # row-based readers: where dropped values are counted


def _rebatch(chunks: Iterable[Rows], projection: Projection, batch_rows: int) -> Iterator[pa.RecordBatch]:
    """Record batches of at most ``batch_rows`` rows from chunks of driver rows."""
    pending: list[Sequence[Any]] = []
    for chunk in chunks:
        pending.extend(chunk)
        while len(pending) >= batch_rows:
            yield projection.batch(pending[:batch_rows])
            del pending[:batch_rows]
    if pending:
        yield projection.batch(pending)


def _seeded(options: TableOptions, relation: Relation) -> random.Random:
    """A random generator for one table: the run's seed mixed with the table's name."""
    return random.Random(f"{options.seed}\x00{relation.display}")


def _window_starts(low: int, high: int, count: int, rng: random.Random) -> list[int]:
    """``count`` sorted window starts, one drawn uniformly in each equal stratum of [low, high]."""
    span = high - low + 1
    starts = []
    for index in range(count):
        first = low + span * index // count
        last = low + span * (index + 1) // count - 1
        starts.append(rng.randint(first, max(first, last)))
    return sorted(set(starts))


# --------------------------------------------------------------------------- flavours


class Flavour:
    """What a database needs beyond plain SQLAlchemy. This base serves any dialect:
    inspector reflection, no session settings, ``LIMIT`` sampling, streamed full scans."""

    #: the database stores values whatever the declared type (read numerics and dates as text)
    dynamic_types = False
    #: an in-process database file: connections are closed, not pooled, once a table is read
    file_based = False

    def prepare_url(self, url: sa.URL) -> sa.URL:
        """The URL actually connected to."""
        return url

    def connect_args(self, url: sa.URL, options: TableOptions) -> dict[str, Any]:
        """Extra DBAPI ``connect()`` arguments (timeouts), respecting those in the URL."""
        return {}

    def on_connect(self, dbapi_connection: Any, info: dict[Any, Any], options: TableOptions) -> None:
        """Make a new DBAPI connection read-only and set its statement timeout."""

    @contextlib.contextmanager
    def guard(self, connection: sa.Connection, options: TableOptions) -> Iterator[None]:
        """Bound one statement or fetch by the timeout where the server cannot."""
        yield

    # ---- listing

    def schemas(self, inspector: Inspector, database: Database) -> list[str | None]:
        """The schemas to list; ``None`` stands for the default one."""
        try:
            names = inspector.get_schema_names()
        except NotImplementedError:
            return [inspector.default_schema_name]
        return [name for name in names if not is_system_schema(name)]

    def relations(self, connection: sa.Connection, database: Database, options: TableOptions) -> list[Relation]:
        """The selected tables (and views) in listing order."""
        inspector = sa.inspect(connection)
        found: list[Relation] = []
        for schema in self.schemas(inspector, database):
            names = [(name, False) for name in inspector.get_table_names(schema=schema)]
            if options.include_views:
                names += [(name, True) for name in inspector.get_view_names(schema=schema)]
                with contextlib.suppress(NotImplementedError):
                    names += [(name, True) for name in inspector.get_materialized_view_names(schema=schema)]
            found.extend(Relation(schema, name, view) for name, view in names if table_selected(schema, name, options))
        return found

    def reflect(
        self, connection: sa.Connection, relations: Sequence[Relation]
    ) -> dict[tuple[str | None, str], list[ReflectedColumn]]:
        """Reflected columns of ``relations`` (missing: the relation vanished meanwhile)."""
        inspector = sa.inspect(connection)
        by_schema: dict[str | None, list[str]] = {}
        for relation in relations:
            by_schema.setdefault(relation.schema, []).append(relation.name)
        found: dict[tuple[str | None, str], list[ReflectedColumn]] = {}
        for schema, names in by_schema.items():
            reflected = inspector.get_multi_columns(
                schema=schema, filter_names=names, kind=ObjectKind.ANY, scope=ObjectScope.ANY
            )
            found.update({(schema, name): columns for (_schema, name), columns in reflected.items()})
        return found

    # ---- columns

    def select_expr(self, column: sa.ColumnClause[Any], sa_type: sa.types.TypeEngine[Any]) -> sa.ColumnElement[Any]:
        """What to select for a column read as text although its type is not textual."""
        return column

    def column(self, reflected: ReflectedColumn) -> Column:
        """The :class:`Column` for a reflected column."""
        name = reflected["name"]
        sa_type = reflected["type"]
        clause: sa.ColumnClause[Any] = sa.column(name)
        arrow = self.arrow_type(sa_type)
        if arrow is None:
            return Column(name, pa.string(), self.select_expr(clause, sa_type), reflected.get("comment"))
        return Column(name, arrow, self.value_expr(clause, sa_type), reflected.get("comment"))

    def arrow_type(self, sa_type: sa.types.TypeEngine[Any]) -> pa.DataType | None:
        """The Arrow type of a column, or ``None`` to read it as text."""
        arrow = scalar_arrow_type(sa_type)
        if self.dynamic_types and arrow is not None:
            textual = pa.types.is_decimal(arrow) or pa.types.is_temporal(arrow)
            return None if textual else arrow
        return arrow

    def value_expr(self, column: sa.ColumnClause[Any], sa_type: sa.types.TypeEngine[Any]) -> sa.ColumnElement[Any]:
        """What to select for a column read in its own type."""
        return column

    # ---- plans

    def plan(
        self, connection: sa.Connection, relation: Relation, projection: Projection, options: TableOptions
    ) -> Plan:
        """How to read ``relation``: the generic plan is ``LIMIT n`` or a streamed full scan."""
        select = sa.select(*(column.expr for column in projection.columns)).select_from(relation.table())
        if options.sample == 0:
            return self.row_plan(projection, relation.rows, "full scan", self.stream(select, projection, options))
        reader = self.statements([select.limit(options.sample)], projection, options)
        return self.row_plan(projection, relation.rows, f"first {options.sample} rows (LIMIT)", reader)

    @staticmethod
    def row_plan(projection: Projection, total: int | None, sampling: str, reader: Reader) -> Plan:
        """A plan whose reader converts driver rows with ``projection``."""
        return Plan(projection.schema, total, sampling, reader, projection)

    def statements(self, selects: Sequence[sa.Select[Any]], projection: Projection, options: TableOptions) -> Reader:
        """Run each statement in turn; their rows make the batches."""

        def chunks(connection: sa.Connection) -> Iterator[Rows]:
            for select in selects:
                yield from self.fetch(connection, select, options)

        return lambda connection: _rebatch(chunks(connection), projection, options.batch_rows)

    def stream(self, select: sa.Select[Any], projection: Projection, options: TableOptions) -> Reader:
        """A full scan through a server-side cursor, ``batch_rows`` at a time."""

        def read(connection: sa.Connection) -> Iterator[pa.RecordBatch]:
            streaming = connection.execution_options(stream_results=True, max_row_buffer=options.batch_rows)
            return _rebatch(self.fetch(streaming, select, options), projection, options.batch_rows)

        return read

    def fetch(self, connection: sa.Connection, select: sa.Select[Any], options: TableOptions) -> Iterator[Rows]:
        """Execute ``select`` and yield its rows ``batch_rows`` at a time, each step guarded."""
        with self.guard(connection, options):
            result = connection.execute(select)
        try:
            while True:
                with self.guard(connection, options):
                    rows = result.fetchmany(options.batch_rows)
                if not rows:
                    return
                yield rows
        finally:
            result.close()

    # ---- key windows (MySQL/MariaDB primary keys, SQLite rowids)

    def bounds(
        self, connection: sa.Connection, relation: Relation, key: sa.ColumnElement[Any], options: TableOptions
    ) -> tuple[int, int] | None:
        """``(min, max)`` of an integer key, ``None`` for an empty table."""
        select = sa.select(sa.func.min(key), sa.func.max(key)).select_from(relation.table())
        with self.guard(connection, options):
            low, high = connection.execute(select).one()
        if low is None or high is None:
            return None
        return int(low), int(high)

    @staticmethod
    def integer_key(
        connection: sa.Connection, relation: Relation, projection: Projection
    ) -> sa.ColumnElement[Any] | None:
        """The first primary-key column, when it is read as an integer."""
        primary = sa.inspect(connection).get_pk_constraint(relation.name, schema=relation.schema)
        names = primary.get("constrained_columns") or []
        types = {column.name: column.arrow for column in projection.columns}
        if names and names[0] in types and pa.types.is_integer(types[names[0]]):
            return sa.column(names[0])
        return None

    def keyed_sample(
        self,
        relation: Relation,
        projection: Projection,
        key: sa.ColumnElement[Any],
        bounds: tuple[int, int] | None,
        options: TableOptions,
    ) -> Plan:
        """The whole table when its key range is no wider than the sample, else key windows."""
        if bounds is None or bounds[1] - bounds[0] < options.sample:
            select = sa.select(*(column.expr for column in projection.columns)).select_from(relation.table())
            reader = self.statements([select.limit(options.sample)], projection, options)
            return self.row_plan(projection, relation.rows, "whole table", reader)
        description, reader = self.key_windows(relation, projection, key, bounds, options)
        return self.row_plan(projection, relation.rows, description, reader)

    def key_windows(
        self,
        relation: Relation,
        projection: Projection,
        key: sa.ColumnElement[Any],
        bounds: tuple[int, int],
        options: TableOptions,
    ) -> tuple[str, Reader]:
        """A sample of ``options.sample`` rows read as random windows over an integer key."""
        low, high = bounds
        wanted = options.sample
        count = max(1, min(KEY_WINDOWS, wanted // MIN_WINDOW_ROWS))
        starts = _window_starts(low, high, count, _seeded(options, relation))
        base = sa.select(*(column.expr for column in projection.columns)).select_from(relation.table())
        ranges = [(start, end) for start, end in zip(starts, [*starts[1:], None], strict=True)]

        def chunks(connection: sa.Connection) -> Iterator[Rows]:
            missing = 0
            for index, (start, end) in enumerate(ranges):
                quota = wanted * (index + 1) // len(ranges) - wanted * index // len(ranges) + missing
                rows = self.window(connection, base, key, start, end, quota, options)
                missing = quota - len(rows)
                yield rows
            if missing > 0 and starts[0] > low:
                yield self.window(connection, base, key, low, starts[0], missing, options)

        description = f"{len(ranges)} random windows over {key} ({wanted} rows)"
        return description, lambda connection: _rebatch(chunks(connection), projection, options.batch_rows)

    def window(
        self,
        connection: sa.Connection,
        base: sa.Select[Any],
        key: sa.ColumnElement[Any],
        start: int,
        end: int | None,
        limit: int,
        options: TableOptions,
    ) -> list[Sequence[Any]]:
        """Up to ``limit`` rows with ``start <= key < end``, in key order."""
        select = base.where(key >= start)
        if end is not None:
            select = select.where(key < end)
        rows: list[Sequence[Any]] = []
        for chunk in self.fetch(connection, select.order_by(key).limit(limit), options):
            rows.extend(chunk)
        return rows

    def keyset(
        self, relation: Relation, projection: Projection, key: sa.ColumnElement[Any], options: TableOptions
    ) -> Reader:
        """A full scan in pages of ``batch_rows`` rows on an integer key (one statement per page)."""
        base = sa.select(key, *(column.expr for column in projection.columns)).select_from(relation.table())

        def chunks(connection: sa.Connection) -> Iterator[Rows]:
            last: int | None = None
            while True:
                select = base if last is None else base.where(key > last)
                rows: list[Sequence[Any]] = []
                for chunk in self.fetch(connection, select.order_by(key).limit(options.batch_rows), options):
                    rows.extend(chunk)
                if not rows:
                    return
                last = rows[-1][0]
                yield [row[1:] for row in rows]
                if len(rows) < options.batch_rows:
                    return

        return lambda connection: _rebatch(chunks(connection), projection, options.batch_rows)


class PostgresFlavour(Flavour):
    """PostgreSQL through psycopg (or psycopg2/pg8000): catalog listing with statistics,
    ``TABLESAMPLE`` sampling, read-only sessions with ``statement_timeout``."""

    _LISTING = sa.text(
        """
        SELECT n.nspname, c.relname, c.relkind,
               CASE WHEN c.relkind = 'p' THEN (
                        SELECT sum(l.reltuples) FROM pg_partition_tree(c.oid) t
                        JOIN pg_class l ON l.oid = t.relid WHERE t.isleaf AND l.reltuples >= 0)
                    WHEN c.reltuples >= 0 THEN c.reltuples END AS reltuples,
               CASE WHEN c.relkind = 'p' THEN (
                        SELECT sum(pg_relation_size(t.relid)) FROM pg_partition_tree(c.oid) t WHERE t.isleaf)
                    ELSE pg_relation_size(c.oid) END AS bytes
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm') AND NOT c.relispartition
          AND n.nspname <> 'information_schema' AND left(n.nspname, 3) <> 'pg_'
        ORDER BY n.nspname, c.relname
        """
    )

    def connect_args(self, url: sa.URL, options: TableOptions) -> dict[str, Any]:
        """libpq's connect timeout and an application name (psycopg, psycopg2)."""
        if url.get_driver_name() not in ("psycopg", "psycopg2"):
            return {}
        wanted = {"connect_timeout": CONNECT_TIMEOUT, "application_name": "piiscan"}
        return {key: value for key, value in wanted.items() if key not in url.query}

    def on_connect(self, dbapi_connection: Any, info: dict[Any, Any], options: TableOptions) -> None:
        """Read-only transactions and the statement timeout for the whole session."""
        milliseconds = max(1, round(options.timeout_seconds * 1000))
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            cursor.execute(f"SET statement_timeout = {milliseconds}")
        finally:
            cursor.close()
        dbapi_connection.commit()

    def relations(self, connection: sa.Connection, database: Database, options: TableOptions) -> list[Relation]:
        """All tables, partitioned tables (not their partitions), foreign tables and, with
        ``include_views``, views and materialized views, with row estimates and sizes."""
        try:
            rows = connection.execute(self._LISTING).all()
        except sa.exc.ProgrammingError:  # before PostgreSQL 12 (no pg_partition_tree), or a look-alike
            connection.rollback()
            return super().relations(connection, database, options)
        found = []
        for schema, name, kind, reltuples, size in rows:
            view = kind in ("v", "m")
            if view and not options.include_views:
                continue
            if not table_selected(schema, name, options):
                continue
            estimate = None if reltuples is None else int(reltuples)
            found.append(Relation(schema, name, view, estimate, kind, None if size is None else int(size)))
        return found

    def select_expr(self, column: sa.ColumnClause[Any], sa_type: sa.types.TypeEngine[Any]) -> sa.ColumnElement[Any]:
        """PostgreSQL's own text of the value (JSON text, UUIDs, intervals, inet ...)."""
        if isinstance(sa_type, sa.String):
            return column
        if isinstance(sa_type, postgresql.INET):  # its output function drops a full netmask, ::text does not
            return sa.case((column.is_(None), sa.null()), else_=sa.func.format(sa.literal("%s"), column))
        return sa.cast(column, sa.Text())

    def arrow_type(self, sa_type: sa.types.TypeEngine[Any]) -> pa.DataType | None:
        """Scalars as in :func:`scalar_arrow_type`; arrays of them as lists."""
        if isinstance(sa_type, sa.ARRAY):
            item = scalar_arrow_type(sa_type.item_type)
            simple = item is not None and not pa.types.is_temporal(item) and not pa.types.is_decimal(item)
            dimensions = sa_type.dimensions or 1
            return pa.list_(item) if simple and dimensions == 1 and item is not None else None
        return scalar_arrow_type(sa_type)

    def value_expr(self, column: sa.ColumnClause[Any], sa_type: sa.types.TypeEngine[Any]) -> sa.ColumnElement[Any]:
        """Dates and timestamps outside what Python can hold (``infinity``, year 10000+) read as null."""
        if isinstance(sa_type, sa.DateTime):
            low, high = "0001-01-02", "9999-12-30"
        elif isinstance(sa_type, sa.Date):
            low, high = "0001-01-01", "9999-12-31"
        else:
            return column
        inside = column.between(sa.literal_column(f"'{low}'"), sa.literal_column(f"'{high}'"))
        return sa.case((inside, column), else_=sa.null())

    def plan(
        self, connection: sa.Connection, relation: Relation, projection: Projection, options: TableOptions
    ) -> Plan:
        """TABLESAMPLE for tables and materialized views with more rows than the sample."""
        total, wanted = relation.rows, options.sample
        if wanted == 0 or relation.kind not in ("r", "p", "m"):
            return super().plan(connection, relation, projection, options)
        columns = [column.expr for column in projection.columns]
        if total is not None and total <= wanted:
            select = sa.select(*columns).select_from(relation.table()).limit(wanted)
            return self.row_plan(projection, total, "whole table", self.statements([select], projection, options))
        if total is None and self.has_system_rows(connection):
            sample = sa.tablesample(relation.table(), sa.func.system_rows(sa.literal_column(str(wanted))), name="s")
            select = sa.select(*columns).select_from(sample)
            reader = self.statements([select], projection, options)
            return self.row_plan(projection, total, f"TABLESAMPLE SYSTEM_ROWS({wanted})", reader)
        estimate = total if total is not None else max(1, (relation.size or 0) // PG_ROW_BYTES_GUESS)
        percent = min(100.0, 100.0 * wanted * PG_SAMPLE_MARGIN / max(estimate, 1))
        reader = self.system_sample(relation, projection, percent, options)
        return self.row_plan(projection, total, f"TABLESAMPLE SYSTEM({percent:.4g}) REPEATABLE, {wanted} rows", reader)

    @staticmethod
    def has_system_rows(connection: sa.Connection) -> bool:
        """Whether the tsm_system_rows extension is installed in this database."""
        query = sa.text("SELECT 1 FROM pg_extension WHERE extname = 'tsm_system_rows'")
        return connection.execute(query).first() is not None

    def system_sample(
        self, relation: Relation, projection: Projection, percent: float, options: TableOptions
    ) -> Reader:
        """``SYSTEM(p) REPEATABLE(seed)``, the rows in a seeded hash order of ``ctid`` (so the
        ``LIMIT`` keeps a spread, not the first blocks); drawn again, larger, if short."""
        seed = _seeded(options, relation).randrange(2**31)
        order = sa.func.md5(sa.cast(sa.literal_column("ctid"), sa.Text()) + sa.literal_column(f"'{seed}'"))

        def select(percent: float) -> sa.Select[Any]:
            method = sa.func.system(sa.literal_column(f"{percent:.6g}"))
            sample = sa.tablesample(relation.table(), method, name="s", seed=sa.literal_column(str(seed)))
            columns = [column.expr for column in projection.columns]
            return sa.select(*columns).select_from(sample).order_by(order).limit(options.sample)

        def chunks(connection: sa.Connection) -> Iterator[Rows]:
            rows: list[Sequence[Any]] = []
            for chunk in self.fetch(connection, select(percent), options):
                rows.extend(chunk)
            if len(rows) < options.sample and percent < 100.0:
                larger = min(100.0, percent * PG_SAMPLE_MARGIN * options.sample / max(len(rows), 1))
                again: list[Sequence[Any]] = []
                for chunk in self.fetch(connection, select(larger), options):
                    again.extend(chunk)
                rows = max(rows, again, key=len)
            yield rows

        return lambda connection: _rebatch(chunks(connection), projection, options.batch_rows)


class MySQLFlavour(Flavour):
    """MySQL and MariaDB through PyMySQL (or mysqlclient): one database per URL, read-only
    sessions with a statement timeout, key-window sampling on an integer primary key."""

    def connect_args(self, url: sa.URL, options: TableOptions) -> dict[str, Any]:
        """Connect timeout, and client-side read/write timeouts as a backstop."""
        if url.get_driver_name() not in ("pymysql", "mysqldb"):
            return {}
        backstop = math.ceil(options.timeout_seconds) + 30
        wanted = {"connect_timeout": CONNECT_TIMEOUT, "read_timeout": backstop, "write_timeout": backstop}
        return {key: value for key, value in wanted.items() if key not in url.query}

    def on_connect(self, dbapi_connection: Any, info: dict[Any, Any], options: TableOptions) -> None:
        """Read-only transactions; ``max_execution_time`` (MySQL) or ``max_statement_time``
        (MariaDB); ``lock_wait_timeout`` for metadata locks."""
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT VERSION()")
            version = str(cursor.fetchone()[0])
            cursor.execute("SET SESSION TRANSACTION READ ONLY")
            if "mariadb" in version.casefold():
                cursor.execute(f"SET SESSION max_statement_time = {options.timeout_seconds:.3f}")
            else:
                cursor.execute(f"SET SESSION max_execution_time = {max(1, round(options.timeout_seconds * 1000))}")
            cursor.execute(f"SET SESSION lock_wait_timeout = {max(1, math.ceil(options.timeout_seconds))}")
        finally:
            cursor.close()
        dbapi_connection.rollback()

    def schemas(self, inspector: Inspector, database: Database) -> list[str | None]:
        """The URL's database, or every non-system one when the URL names none."""
        if database.url.database:
            return [database.url.database]
        return super().schemas(inspector, database)

    def arrow_type(self, sa_type: sa.types.TypeEngine[Any]) -> pa.DataType | None:
        """As :func:`scalar_arrow_type`, but TIME (a duration up to 838 hours in MySQL) is text."""
        return None if isinstance(sa_type, sa.Time) else scalar_arrow_type(sa_type)

    def select_expr(self, column: sa.ColumnClause[Any], sa_type: sa.types.TypeEngine[Any]) -> sa.ColumnElement[Any]:
        """MySQL's text of TIME values (the driver would give time deltas)."""
        if isinstance(sa_type, sa.Time):
            return sa.cast(column, sa.String())
        return column

    def plan(
        self, connection: sa.Connection, relation: Relation, projection: Projection, options: TableOptions
    ) -> Plan:
        """Key windows (sample) or keyset pages (full scan) on an integer primary key."""
        if relation.view:
            return super().plan(connection, relation, projection, options)
        relation = dataclasses.replace(relation, rows=self.estimate(connection, relation))
        key = self.integer_key(connection, relation, projection)
        if key is None:
            return super().plan(connection, relation, projection, options)
        if options.sample == 0:
            reader = self.keyset(relation, projection, key, options)
            return self.row_plan(projection, relation.rows, "full scan", reader)
        bounds = self.bounds(connection, relation, key, options)
        return self.keyed_sample(relation, projection, key, bounds, options)

    @staticmethod
    def estimate(connection: sa.Connection, relation: Relation) -> int | None:
        """``information_schema.TABLES.TABLE_ROWS`` (an estimate for InnoDB; ``None`` when 0)."""
        query = sa.text(
            "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = :schema AND TABLE_NAME = :name"
        )
        value = connection.execute(query, {"schema": relation.schema, "name": relation.name}).scalar()
        return int(value) if value else None


class SQLiteFlavour(Flavour):
    """SQLite through the standard library: ``mode=ro`` URI, ``PRAGMA query_only``, a
    progress-handler deadline, rowid windows, declared types kept only where SQLite keeps them."""

    dynamic_types = True
    file_based = True

    def prepare_url(self, url: sa.URL) -> sa.URL:
        """A read-only ``file:`` URI for a database file (``mode=ro`` never creates a missing file)."""
        database = url.database or ""
        if database in ("", ":memory:"):
            return url
        if str(url.query.get("uri", "")).casefold() in ("true", "1"):
            return url.update_query_dict({"mode": "ro"})
        uri = "file:" + quote(os.path.abspath(database))
        return url.set(database=uri).update_query_dict({"uri": "true", "mode": "ro"})

    def connect_args(self, url: sa.URL, options: TableOptions) -> dict[str, Any]:
        """Wait at most the timeout for a writer's lock."""
        return {} if "timeout" in url.query else {"timeout": min(options.timeout_seconds, 5.0)}

    def on_connect(self, dbapi_connection: Any, info: dict[Any, Any], options: TableOptions) -> None:
        """``PRAGMA query_only`` and a progress handler that enforces the deadline."""
        dbapi_connection.execute("PRAGMA query_only = ON")
        deadline = _Deadline()
        dbapi_connection.set_progress_handler(deadline.expired, 1000)
        info[_DEADLINE_KEY] = deadline

    @contextlib.contextmanager
    def guard(self, connection: sa.Connection, options: TableOptions) -> Iterator[None]:
        """Arm the connection's deadline for the duration of the block."""
        deadline = connection.info.get(_DEADLINE_KEY)
        if not isinstance(deadline, _Deadline):
            yield
            return
        deadline.until = time.monotonic() + options.timeout_seconds
        try:
            yield
        finally:
            deadline.until = None

    def schemas(self, inspector: Inspector, database: Database) -> list[str | None]:
        """The main database only (names stay bare)."""
        return [None]

    def plan(
        self, connection: sa.Connection, relation: Relation, projection: Projection, options: TableOptions
    ) -> Plan:
        """Windows over the rowid (or, in a WITHOUT ROWID table, an integer primary key) for a
        sample; the database's own streaming for a full scan."""
        if relation.view:
            return super().plan(connection, relation, projection, options)
        names = {column.name.casefold() for column in projection.columns}
        alias = next((alias for alias in ("rowid", "_rowid_", "oid") if alias not in names), None)
        key: sa.ColumnElement[Any] | None = None if alias is None else sa.literal_column(alias)
        bounds = None
        if key is not None:
            try:
                bounds = self.bounds(connection, relation, key, options)
            except sa.exc.OperationalError:  # a WITHOUT ROWID table
                connection.rollback()
                key = None
        if key is None:
            key = self.integer_key(connection, relation, projection)
            if key is None:
                return super().plan(connection, relation, projection, options)
            bounds = self.bounds(connection, relation, key, options)
        relation = dataclasses.replace(relation, rows=self.count(connection, relation, bounds, options))
        if options.sample == 0:
            return super().plan(connection, relation, projection, options)
        return self.keyed_sample(relation, projection, key, bounds, options)

    def count(
        self, connection: sa.Connection, relation: Relation, bounds: tuple[int, int] | None, options: TableOptions
    ) -> int | None:
        """The exact row count when the key range is narrow enough, else the range's width."""
        if bounds is None:
            return 0
        span = bounds[1] - bounds[0] + 1
        if span > SQLITE_COUNT_SPAN:
            return span
        with self.guard(connection, options):
            value = connection.execute(sa.select(sa.func.count()).select_from(relation.table())).scalar()
        return None if value is None else int(value)


class DuckDBFlavour(Flavour):
    """DuckDB through duckdb-engine for the connection, DuckDB's catalog functions for the
    listing, its native Arrow export for the rows, reservoir sampling and a timer interrupt."""

    file_based = True

    _RELATIONS = sa.text(
        """
        SELECT schema_name, table_name, estimated_size, false AS is_view FROM duckdb_tables()
        WHERE database_name = current_database() AND NOT internal AND NOT temporary
        UNION ALL
        SELECT schema_name, view_name, NULL, true FROM duckdb_views()
        WHERE database_name = current_database() AND NOT internal AND NOT temporary
        ORDER BY 1, 2
        """
    )
    _COLUMNS = sa.text(
        """
        SELECT schema_name, table_name, column_name, comment FROM duckdb_columns()
        WHERE database_name = current_database() ORDER BY schema_name, table_name, column_index
        """
    )

    def connect_args(self, url: sa.URL, options: TableOptions) -> dict[str, Any]:
        """Open the file read-only."""
        return {"read_only": True}

    def relations(self, connection: sa.Connection, database: Database, options: TableOptions) -> list[Relation]:
        """Tables (and views) of the attached database file, system schemas left out."""
        found = []
        for schema, name, size, view in connection.execute(self._RELATIONS):
            if (view and not options.include_views) or not table_selected(schema, name, options):
                continue
            found.append(Relation(schema, name, bool(view), None if size is None else int(size)))
        return found

    def reflect(
        self, connection: sa.Connection, relations: Sequence[Relation]
    ) -> dict[tuple[str | None, str], list[ReflectedColumn]]:
        """Column names and comments from ``duckdb_columns()`` (types come from Arrow)."""
        wanted = {(relation.schema, relation.name) for relation in relations}
        found: dict[tuple[str | None, str], list[ReflectedColumn]] = {}
        for schema, table, name, comment in connection.execute(self._COLUMNS):
            if (schema, table) in wanted:
                column: ReflectedColumn = {"name": name, "type": sa.types.NULLTYPE, "nullable": True, "default": None}
                if comment:
                    column["comment"] = comment
                found.setdefault((schema, table), []).append(column)
        return found

    def plan(
        self, connection: sa.Connection, relation: Relation, projection: Projection, options: TableOptions
    ) -> Plan:
        """``USING SAMPLE reservoir(n ROWS) REPEATABLE (seed)``, or every row, as native Arrow."""
        names: list[sa.ColumnClause[Any]] = [sa.column(column.name) for column in projection.columns]
        select = sa.select(*names).select_from(relation.table())
        sql = str(select.compile(connection, compile_kwargs={"literal_binds": True}))
        probe = _duckdb_cursor(connection)
        try:
            with _watchdog(options.timeout_seconds, probe.interrupt):
                schema = _arrow_reader(probe, sql + " LIMIT 0", 1).schema
        finally:
            probe.close()
        total, wanted = relation.rows, options.sample
        if wanted == 0:
            sampling = "full scan"
        elif total is not None and total <= wanted:
            sampling = "whole table"
        else:
            seed = _seeded(options, relation).randrange(2**31)
            sql += f" USING SAMPLE reservoir({int(wanted)} ROWS) REPEATABLE ({seed})"
            sampling = f"USING SAMPLE reservoir({wanted} ROWS) REPEATABLE"

        def read(connection: sa.Connection) -> Iterator[pa.RecordBatch]:
            cursor = _duckdb_cursor(connection)
            try:
                with _watchdog(options.timeout_seconds, cursor.interrupt):
                    reader = _arrow_reader(cursor, sql, options.batch_rows)
                while True:
                    with _watchdog(options.timeout_seconds, cursor.interrupt):
                        try:
                            batch = reader.read_next_batch()
                        except StopIteration:
                            return
                    yield batch
            finally:
                cursor.close()

        return Plan(schema, total, sampling, read)


def _duckdb_cursor(connection: sa.Connection) -> Any:
    """A native DuckDB connection (its own transaction) on ``connection``'s database.

    duckdb-engine wraps the DuckDB connection and overrides ``cursor()``, but passes
    ``execute`` through, and DuckDB's ``execute`` returns the native connection.
    """
    wrapper = connection.connection.driver_connection
    if wrapper is None:  # pragma: no cover - a connection SQLAlchemy has already closed
        raise SourceError("unreadable", "the DuckDB connection is closed")
    native = wrapper.execute("SELECT 1")
    return native.cursor()


def _arrow_reader(cursor: Any, sql: str, batch_rows: int) -> pa.RecordBatchReader:
    """A record batch reader on ``sql`` through DuckDB's relation API (streamed, no copy).

    The method is ``to_arrow_reader`` in current DuckDB releases, ``fetch_arrow_reader`` in older ones.
    """
    relation = cursor.sql(sql)
    method = getattr(relation, "to_arrow_reader", None) or relation.fetch_arrow_reader
    reader: pa.RecordBatchReader = method(batch_rows)
    return reader


_FLAVOURS: Mapping[str, type[Flavour]] = {
    "postgresql": PostgresFlavour,
    "mysql": MySQLFlavour,
    "mariadb": MySQLFlavour,
    "sqlite": SQLiteFlavour,
    "duckdb": DuckDBFlavour,
}


def _flavour_for(backend: str) -> Flavour:
    """The flavour for a SQLAlchemy backend name (the generic one for dialects not listed)."""
    return _FLAVOURS.get(backend, Flavour)()


# --------------------------------------------------------------------------- scanning


@dataclass(slots=True)
class SqlTableScan(TableScan):
    """A :class:`TableScan` from a database, saying how its rows were sampled."""

    sampling: str = ""  # e.g. "TABLESAMPLE SYSTEM(2) REPEATABLE, 10000 rows", "whole table", "full scan"


def _batches(
    engine: sa.Engine, database: Database, relation: Relation, plan: Plan, errors: list[ScanError]
) -> Iterator[pa.RecordBatch]:
    """The table's record batches, read lazily on a connection of its own; problems go to ``errors``."""
    try:
        with engine.connect() as connection:
            yield from plan.read(connection)
    except Exception as exc:  # never a traceback: every driver error becomes a ScanError
        errors.append(database.error(exc, relation.display, reading=True))
    if plan.projection is not None:
        for name, count in plan.projection.dropped.items():
            path = f"{database.source}#{relation.display}"
            message = (
                f"{database.source}: {relation.display}.{name}: {count} value(s) did not fit the column's type "
                f"({plan.projection.schema.field(name).type}) and were read as null"
            )
            errors.append(ScanError(path, "unreadable", scrub(message, database.secrets)))


def _table_scan(
    engine: sa.Engine,
    flavour: Flavour,
    database: Database,
    relation: Relation,
    reflected: list[ReflectedColumn],
    options: TableOptions,
) -> SqlTableScan:
    """Plan the reading of one table (a few catalog queries) and wrap it in a TableScan."""
    projection = Projection([flavour.column(column) for column in reflected])
    with engine.connect() as connection:
        plan = flavour.plan(connection, relation, projection, options)
        connection.rollback()
    errors: list[ScanError] = []
    comments = {column.name: column.comment for column in projection.columns if column.comment}
    return SqlTableScan(
        source=database.source,
        table=relation.display,
        schema=plan.schema,
        batches=_batches(engine, database, relation, plan, errors),
        total_rows=plan.total_rows,
        comments=comments,
        errors=errors,
        sampling=plan.sampling,
    )


def scan_database(target: str, options: TableOptions) -> Iterator[TableScan | ScanError]:
    """The implementation of :func:`piiscan.sources.sql.open_database`."""
    try:
        database = dataclasses.replace(resolve(target), timeout_seconds=options.timeout_seconds)
    except SourceError as exc:
        source = redact_url(target)
        yield ScanError(source, exc.kind, scrub(f"{source}: {exc.detail}", url_secrets(target)))
        return
    try:
        engine = open_engine(database, options)
    except SourceError as exc:
        yield database.error(exc, None)
        return
    try:
        yield from _scan(engine, _flavour_for(database.url.get_backend_name()), database, options)
    finally:
        engine.dispose()


def _scan(
    engine: sa.Engine, flavour: Flavour, database: Database, options: TableOptions
) -> Iterator[TableScan | ScanError]:
    try:
        with warnings.catch_warnings(), engine.connect() as connection:
            warnings.simplefilter("ignore", sa.exc.SAWarning)
            relations = flavour.relations(connection, database, options)
            reflected = flavour.reflect(connection, relations)
            connection.rollback()
    except Exception as exc:  # unreachable, authentication, permission on the catalog
        yield database.error(exc, None)
        return
    for relation in relations:
        columns = reflected.get((relation.schema, relation.name))
        if not columns:
            yield database.error(SourceError("vanished", "disappeared before it could be read"), relation.display)
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", sa.exc.SAWarning)
                scan = _table_scan(engine, flavour, database, relation, columns, options)
        except Exception as exc:  # the table vanished, or its catalog rows cannot be read
            yield database.error(exc, relation.display)
            continue
        yield scan
