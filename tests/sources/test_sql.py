"""The SQL database source against real databases: SQLite and DuckDB files, and the PostgreSQL
and MariaDB servers of ``.ci/dbservers.sh`` (see ``tests/dbservers.py``).

Each database gets the same dataset once per session (PostgreSQL and MariaDB in a fresh
database of their own): ``events`` (100,000 rows), ``people`` (one row per type case),
small ``users``/``orders``/``audit_log`` tables, a table named like an SQL injection, the
views ``user_emails`` and ``slow_view`` (slower than any test timeout), and, where schemas
exist, ``staging.users``.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import socket
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
import sqlalchemy as sa
from dbservers import Servers

from piiscan.model import ScanError
from piiscan.sources.sql import is_database_target, open_database, redact_url
from piiscan.sources.sql_dialects import SqlTableScan, open_engine
from piiscan.sources.tables import TableOptions, TableScan

EVENTS = 100_000
INJECTION = 'x"; drop table users; -- %s'
INJECTION_COLUMN = 'v"; drop table users; --'
MYSQL_INJECTION = "y`; drop table users; --"
BACKENDS = ("sqlite", "duckdb", "postgresql", "mysql")

# --------------------------------------------------------------------------- databases under test


@dataclass
class Backend:
    """One database holding the dataset: what to scan, and a writer connection for set-up."""

    kind: str
    target: str
    schema: str | None  # qualifier of table names in scans (None: SQLite)
    writer: sa.Engine | None = None  # servers
    path: Path | None = None  # files
    database: str = ""  # servers: the database made for this session
    server: str = ""  # servers: the URL given for the server (its database is left alone)

    def run(self, statements: Iterable[str]) -> None:
        """Execute statements as a writer (the scanner itself can only read)."""
        statements = list(statements)
        if self.kind == "sqlite":
            with sqlite3.connect(self.path or "") as connection:
                for statement in statements:
                    connection.execute(statement)
            connection.close()
        elif self.kind == "duckdb":
            with duckdb.connect(str(self.path)) as connection:
                for statement in statements:
                    connection.execute(statement)
        else:
            assert self.writer is not None
            with self.writer.connect() as connection:
                cursor = connection.connection.cursor()  # no parameters: `%` stays `%`
                for statement in statements:
                    cursor.execute(statement)
                cursor.close()

    def quote(self, name: str) -> str:
        if self.kind == "mysql":
            return "`" + name.replace("`", "``") + "`"
        return '"' + name.replace('"', '""') + '"'

    def display(self, name: str) -> str:
        """The table name a scan reports for ``name`` (``staging.x`` stays as it is)."""
        if self.schema is None or name.startswith("staging."):
            return name
        return f"{self.schema}.{name}"

    @property
    def has_schemas(self) -> bool:
        return self.kind in ("duckdb", "postgresql")


#: per database: column types, literals and the SQL that fills `events`
DIALECT = {
    "sqlite": {
        "pk": "INTEGER PRIMARY KEY",
        "json": "JSON",
        "ts": "TIMESTAMP",
        "blob": "BLOB",
        "blob_value": "x'0001'",
        "events": "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n}) "
        "SELECT i, 352099001761481 + i, substr('0000000000' || i, -10) FROM s",
        "slow": "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) "
        "SELECT count(*) AS n FROM c",
    },
    "duckdb": {
        "pk": "INTEGER PRIMARY KEY",
        "json": "JSON",
        "ts": "TIMESTAMP",
        "blob": "BLOB",
        "blob_value": "'\\x00\\x01'::BLOB",
        "events": "SELECT i, 352099001761481 + i, lpad(i::VARCHAR, 10, '0') FROM range(1, {n} + 1) t(i)",
        "slow": "SELECT count(*) AS n FROM range(100000) a, range(1000000) b",
    },
    "postgresql": {
        "pk": "INTEGER PRIMARY KEY",
        "json": "JSONB",
        "ts": "TIMESTAMP",
        "blob": "BYTEA",
        "blob_value": "'\\x0001'::bytea",
        "events": "SELECT i, 352099001761481 + i, lpad(i::text, 10, '0') FROM generate_series(1, {n}) i",
        "slow": "SELECT 1 AS n FROM pg_sleep(5)",
    },
    "mysql": {
        "pk": "INT PRIMARY KEY",
        "json": "JSON",
        "ts": "DATETIME",
        "blob": "BLOB",
        "blob_value": "x'0001'",
        "events": "SELECT n, 352099001761481 + n, LPAD(n, 10, '0') FROM (SELECT "
        "a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 1 AS n FROM {digits} a, {digits} b, "
        "{digits} c, {digits} e, {digits} f) x WHERE n <= {n}",
        "slow": "SELECT SLEEP(5) AS n",
    },
}
DIGITS = "(" + " UNION ALL ".join(f"SELECT {d} AS d" for d in range(10)) + ")"


def dataset(backend: Backend) -> list[str]:
    """The statements that create the dataset in ``backend``."""
    d = DIALECT[backend.kind]
    q = backend.quote
    comment = " COMMENT 'device IMEI'" if backend.kind == "mysql" else ""
    statements = [
        f"CREATE TABLE events (id {d['pk']}, imei BIGINT, code VARCHAR(20))",
        "INSERT INTO events " + d["events"].format(n=EVENTS, digits=DIGITS),
        f"CREATE TABLE people (id {d['pk']}, imei BIGINT{comment}, phone VARCHAR(20), amount DECIMAL(10,2), "
        f"note TEXT, payload {d['json']}, created {d['ts']}, flag BOOLEAN, data {d['blob']})",
        "INSERT INTO people VALUES (1, 352099001761481, '0012345678', 1234.50, 'hello', "
        f"""'{{"imei": "352099001761481"}}', '2024-01-02 03:04:05', TRUE, {d["blob_value"]})""",
        "INSERT INTO people VALUES (2, 12345678901234, '0000000001', 0.05, NULL, NULL, NULL, FALSE, NULL)",
        "INSERT INTO people (id) VALUES (3)",
        f"CREATE TABLE users (id {d['pk']}, email VARCHAR(100))",
        "INSERT INTO users VALUES (1, 'ann@example.com'), (2, 'bob@example.com')",
        f"CREATE TABLE orders (id {d['pk']}, total DECIMAL(10,2))",
        f"CREATE TABLE audit_log (id {d['pk']}, entry TEXT)",
        f"CREATE TABLE {q(INJECTION)} ({q(INJECTION_COLUMN)} VARCHAR(10))",
        f"INSERT INTO {q(INJECTION)} VALUES ('v')",
        "CREATE VIEW user_emails AS SELECT email FROM users",
        "CREATE VIEW slow_view AS " + d["slow"],
    ]
    if backend.kind == "mysql":
        statements += [
            f"CREATE TABLE {q(MYSQL_INJECTION)} (a VARCHAR(10))",
            f"INSERT INTO {q(MYSQL_INJECTION)} VALUES ('w')",
        ]
    if backend.kind in ("postgresql", "duckdb"):
        statements.append("COMMENT ON COLUMN people.imei IS 'device IMEI'")
    if backend.has_schemas:
        statements += ["CREATE SCHEMA staging", f"CREATE TABLE staging.users (id {d['pk']}, email VARCHAR(100))"]
    if backend.kind == "postgresql":
        statements.append("ANALYZE")
    if backend.kind == "mysql":
        statements.append("ANALYZE TABLE events, people, users")
    return statements


def server_database(kind: str, url: str) -> tuple[sa.Engine, str, str]:
    """A fresh database on a test server: (writer engine, its URL, its name)."""
    base = sa.make_url(url)
    driver = "postgresql+psycopg" if kind == "postgresql" else "mysql+pymysql"
    name = f"piiscan_t_{secrets.token_hex(4)}"
    admin = sa.create_engine(base.set(drivername=driver), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    admin.dispose()
    target = base.set(database=name)
    writer = sa.create_engine(target.set(drivername=driver), isolation_level="AUTOCOMMIT")
    return writer, target.render_as_string(hide_password=False), name


def drop_server_database(backend: Backend) -> None:
    assert backend.writer is not None
    backend.writer.dispose()
    home = sa.make_url(backend.server).database
    admin = sa.create_engine(backend.writer.url.set(database=home), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        force = " WITH (FORCE)" if backend.kind == "postgresql" else ""
        connection.exec_driver_sql(f"DROP DATABASE {backend.database}{force}")
    admin.dispose()


@pytest.fixture(scope="session")
def servers() -> Iterator[Servers]:
    with Servers() as found:
        yield found


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backend]:
    kind: str = request.param
    if kind == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "app.data"  # a plain file path, no .db suffix
        made = Backend(kind, str(path), None, path=path)
    elif kind == "duckdb":
        path = tmp_path_factory.mktemp("duckdb") / "warehouse.duckdb"
        made = Backend(kind, f"duckdb:///{path}", "main", path=path)
    else:
        url = request.getfixturevalue("servers").url(kind)
        writer, target, name = server_database(kind, url)
        schema = "public" if kind == "postgresql" else name
        made = Backend(kind, target, schema, writer=writer, database=name, server=url)
    made.run(dataset(made))
    yield made
    if made.writer is not None:
        drop_server_database(made)


# --------------------------------------------------------------------------- helpers


@dataclass
class Scanned:
    """Everything a scan gave: tables (read to the end) and every error, wherever it came from."""

    scans: dict[str, TableScan]
    tables: dict[str, pa.Table]
    errors: list[ScanError]


def scan(target: str, **options: object) -> Scanned:
    scans: dict[str, TableScan] = {}
    tables: dict[str, pa.Table] = {}
    errors: list[ScanError] = []
    for item in open_database(target, TableOptions(**options)):  # type: ignore[arg-type]
        if isinstance(item, ScanError):
            errors.append(item)
            continue
        scans[item.table] = item
        tables[item.table] = pa.Table.from_batches(list(item.batches), schema=item.schema)
        errors.extend(item.errors)
    return Scanned(scans, tables, errors)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --------------------------------------------------------------------------- targets and URLs


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("sqlite:///app.db", True),
        ("duckdb:///warehouse.duckdb", True),
        ("postgresql://user@host:5432/db", True),
        ("postgresql+psycopg://user:pw@host/db", True),
        ("mysql://user@host/db", True),
        ("mariadb+pymysql://user@host/db", True),
        ("snowflake://user@account/db", True),
        ("https://example.com/app.db", False),
        ("s3://bucket/events/", False),
        ("file:///tmp/app.db", False),
        ("app.db", False),  # no such file
    ],
)
def test_is_database_target_urls(target: str, expected: bool) -> None:
    assert is_database_target(target) is expected


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"SQLite format 3\x00" + bytes(100), True),
        (bytes(8) + b"DUCK" + bytes(100), True),
        (b"PAR1" + bytes(100), False),
        (b"name,imei\nann,352099001761481\n", False),
        (b"", False),
    ],
)
def test_is_database_target_files(tmp_path: Path, content: bytes, expected: bool) -> None:
    path = tmp_path / "blob.bin"
    path.write_bytes(content)
    assert is_database_target(str(path)) is expected
    assert is_database_target(str(tmp_path)) is False


@pytest.mark.parametrize(
    ("url", "redacted"),
    [
        ("postgresql://u:s3cret@h:5432/db", "postgresql://u:***@h:5432/db"),
        ("postgresql+psycopg://u:p%40ss@h/db?sslmode=require", "postgresql+psycopg://u:***@h/db?sslmode=require"),
        ("mysql://u:a@b/c@h/db", "mysql://u:***@h/db"),  # unencoded @ and / in the password
        ("mysql://u:@h/db", "mysql://u:***@h/db"),
        ("snowflake://u@acct/db?password=x&warehouse=w", "snowflake://u@acct/db?password=***&warehouse=w"),
        ("bigquery://proj?credentials_base64=abc", "bigquery://proj?credentials_base64=***"),
        ("postgresql://u@h/db", "postgresql://u@h/db"),
        ("sqlite:////tmp/a@b:c.db", "sqlite:////tmp/a@b:c.db"),
        ("/data/app.db", "/data/app.db"),
    ],
)
def test_redact_url(url: str, redacted: str) -> None:
    assert redact_url(url) == redacted


@pytest.mark.parametrize(
    ("target", "kind", "needle"),
    [
        ("snowflake://user:hunter2@account/db", "missing_driver", "pip install snowflake-sqlalchemy"),
        ("postgresql+nosuchdriver://user:hunter2@localhost/db", "missing_driver", "no driver 'nosuchdriver'"),
        ("mysql+mysqldb://user:hunter2@localhost/db", "missing_driver", "pip install mysqlclient"),
        ("no-such-file.db", "invalid_url", "not a database URL"),
    ],
)
def test_unusable_targets(target: str, kind: str, needle: str) -> None:
    found = list(open_database(target, TableOptions()))
    assert len(found) == 1 and isinstance(found[0], ScanError)
    assert found[0].kind == kind
    assert needle in found[0].message
    assert "hunter2" not in found[0].message and "hunter2" not in found[0].path


@pytest.mark.parametrize("scheme", ["postgresql", "mysql"])
def test_unreachable_server_is_one_quick_error_without_the_password(scheme: str) -> None:
    password = "Pa55-" + secrets.token_hex(6)
    started = time.monotonic()
    found = list(open_database(f"{scheme}://piiscan:{password}@127.0.0.1:{closed_port()}/db", TableOptions()))
    assert time.monotonic() - started < 10
    assert len(found) == 1 and isinstance(found[0], ScanError)
    assert found[0].kind == "unreachable"
    assert f"{scheme}://piiscan:***@127.0.0.1" in found[0].message
    assert password not in found[0].message and password not in found[0].path


@pytest.mark.parametrize(
    "content",
    [b"SQLite format 3\x00" + bytes(range(256)) * 4, bytes(8) + b"DUCK" + bytes(range(256)) * 20, bytes(8) + b"DUCK"],
    ids=["sqlite", "duckdb", "duckdb-truncated"],
)
def test_corrupt_database_file_is_one_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.db"
    path.write_bytes(content)
    found = list(open_database(str(path), TableOptions()))
    assert [(error.path, error.kind) for error in found if isinstance(error, ScanError)] == [(str(path), "corrupt")]


@pytest.mark.parametrize("scheme", ["sqlite", "duckdb"])
def test_missing_database_file_is_unreachable_and_not_created(tmp_path: Path, scheme: str) -> None:
    missing = tmp_path / "missing.db"
    found = list(open_database(f"{scheme}:///{missing}", TableOptions()))
    assert [error.kind for error in found if isinstance(error, ScanError)] == ["unreachable"]
    assert not missing.exists()


# --------------------------------------------------------------------------- listing


DEFAULT_TABLES = {"events", "people", "users", "orders", "audit_log", INJECTION, "staging.users"}

LISTING_CASES = [
    ("default", {}, DEFAULT_TABLES),
    ("views", {"include_views": True}, DEFAULT_TABLES | {"user_emails", "slow_view"}),
    ("bare glob", {"include_tables": ("users",)}, {"users", "staging.users"}),
    ("qualified glob", {"include_tables": ("{schema}.users",)}, {"users"}),
    ("case-insensitive", {"include_tables": ("USERS", "Orders")}, {"users", "staging.users", "orders"}),
    ("exclude", {"exclude_tables": ("audit_*", "events", "[xy]*")}, {"people", "users", "orders", "staging.users"}),
    ("exclude schema", {"exclude_tables": ("staging.*",)}, DEFAULT_TABLES - {"staging.users"}),
    ("views by glob", {"include_views": True, "include_tables": ("user_*",)}, {"user_emails"}),
    ("include and exclude", {"include_tables": ("*users",), "exclude_tables": ("staging.*",)}, {"users"}),
]


@pytest.mark.parametrize(("case", "options", "expected"), LISTING_CASES, ids=[case[0] for case in LISTING_CASES])
def test_listing_with_globs(backend: Backend, case: str, options: dict[str, object], expected: set[str]) -> None:
    if backend.schema is None and case == "qualified glob":
        pytest.skip("SQLite table names have no schema")
    globs = {
        key: tuple(glob.format(schema=backend.schema) for glob in value)
        for key, value in options.items()
        if isinstance(value, tuple)
    }
    found = list(open_database(backend.target, TableOptions(**{**options, **globs})))  # type: ignore[arg-type]
    assert [item for item in found if isinstance(item, ScanError)] == []
    wanted = {name for name in expected if backend.has_schemas or not name.startswith("staging.")}
    if backend.kind == "mysql" and case in ("default", "views", "exclude schema"):
        wanted.add(MYSQL_INJECTION)
    assert {item.table for item in found if isinstance(item, TableScan)} == {backend.display(n) for n in wanted}


def test_system_schemas_are_never_scanned(backend: Backend) -> None:
    found = list(open_database(backend.target, TableOptions(include_tables=("*",), include_views=True)))
    schemas = {item.table.split(".")[0] for item in found if isinstance(item, TableScan) and "." in item.table}
    assert schemas <= {"public", "staging", "main", backend.schema}


# --------------------------------------------------------------------------- sampling and full scans

SAMPLING_METHODS = {"sqlite": "windows over rowid", "duckdb": "reservoir", "postgresql": "SYSTEM(", "mysql": "windows"}


def event_ids(backend: Backend, **options: object) -> tuple[list[int], SqlTableScan]:
    result = scan(backend.target, include_tables=("events",), **options)
    assert result.errors == []
    table = result.tables[backend.display("events")]
    found = result.scans[backend.display("events")]
    assert isinstance(found, SqlTableScan)
    return sorted(table.column("id").to_pylist()), found


def test_sample_is_sized_spread_and_repeatable(backend: Backend) -> None:
    ids, found = event_ids(backend, sample=3000, seed=7)
    assert len(ids) == 3000 and len(set(ids)) == 3000
    thirds = Counter((i - 1) * 3 // EVENTS for i in ids)
    assert min(thirds[part] for part in range(3)) >= 3000 * 0.15, thirds
    assert SAMPLING_METHODS[backend.kind] in found.sampling
    assert found.total_rows is not None and EVENTS * 0.5 <= found.total_rows <= EVENTS * 1.5
    assert event_ids(backend, sample=3000, seed=7)[0] == ids
    assert event_ids(backend, sample=3000, seed=8)[0] != ids


def test_small_table_is_read_whole(backend: Backend) -> None:
    result = scan(backend.target, include_tables=("users",), sample=10_000)
    found = result.scans[backend.display("users")]
    assert isinstance(found, SqlTableScan) and found.sampling == "whole table"
    assert sorted(result.tables[backend.display("users")].column("email").to_pylist()) == [
        "ann@example.com",
        "bob@example.com",
    ]


def test_full_scan_streams_every_row_in_bounded_batches(backend: Backend) -> None:
    found = next(
        item
        for item in open_database(backend.target, TableOptions(sample=0, batch_rows=7000, include_tables=("events",)))
        if isinstance(item, TableScan)
    )
    sizes, ids = [], set()
    for batch in found.batches:
        sizes.append(batch.num_rows)
        ids.update(batch.column("id").to_pylist())
    assert found.errors == []
    assert sum(sizes) == EVENTS and max(sizes) <= 7000 and len(sizes) >= EVENTS // 7000
    assert ids == set(range(1, EVENTS + 1))


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_postgres_table_without_statistics_uses_system_rows(backend: Backend) -> None:
    backend.run(
        [
            "CREATE TABLE fresh (id INTEGER) WITH (autovacuum_enabled = false)",
            "INSERT INTO fresh SELECT i FROM generate_series(1, 5000) i",
        ]
    )
    try:
        result = scan(backend.target, include_tables=("fresh",), sample=100)
        found = result.scans["public.fresh"]
        assert isinstance(found, SqlTableScan)
        assert found.sampling == "TABLESAMPLE SYSTEM_ROWS(100)" and found.total_rows is None
        assert result.tables["public.fresh"].num_rows == 100
    finally:
        backend.run(["DROP TABLE fresh"])


# --------------------------------------------------------------------------- types


def test_types_round_trip(backend: Backend) -> None:
    result = scan(backend.target, include_tables=("people",), sample=0)
    assert result.errors == []
    table = result.tables[backend.display("people")].sort_by("id")
    columns = {name: table.column(name).to_pylist() for name in table.column_names}
    types = {name: table.schema.field(name).type for name in table.column_names}
    assert types["imei"] == pa.int64() and columns["imei"] == [352099001761481, 12345678901234, None]
    assert types["phone"] == pa.string() and columns["phone"] == ["0012345678", "0000000001", None]
    assert columns["note"] == ["hello", None, None]
    assert json.loads(columns["payload"][0]) == {"imei": "352099001761481"} and columns["payload"][1:] == [None, None]
    assert types["data"] == pa.binary() and columns["data"] == [b"\x00\x01", None, None]
    if backend.kind == "sqlite":  # SQLite stores decimals as reals and timestamps as text
        assert columns["amount"] == ["1234.5", "0.05", None]
        assert columns["created"] == ["2024-01-02 03:04:05", None, None]
    else:
        assert types["amount"] == pa.decimal128(10, 2)
        assert columns["amount"] == [Decimal("1234.50"), Decimal("0.05"), None]
        assert pa.types.is_timestamp(types["created"])
        assert columns["created"] == [dt.datetime(2024, 1, 2, 3, 4, 5), None, None]
    if backend.kind == "mysql":  # BOOLEAN is TINYINT(1)
        assert columns["flag"] == [1, 0, None]
    else:
        assert types["flag"] == pa.bool_() and columns["flag"] == [True, False, None]
    expected_comments = {} if backend.kind == "sqlite" else {"imei": "device IMEI"}
    assert dict(result.scans[backend.display("people")].comments) == expected_comments


def test_source_is_the_redacted_url(backend: Backend) -> None:
    found = next(item for item in open_database(backend.target, TableOptions(include_tables=("users",))))
    assert isinstance(found, TableScan)
    assert found.source == redact_url(backend.target)
    password = sa.make_url(backend.target).password if "://" in backend.target else None
    assert not password or password not in found.source


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_values_that_do_not_fit_their_type_are_null_and_counted_never_shown(backend: Backend) -> None:
    secret = "352099001761481-not-a-number"
    if backend.kind == "sqlite":  # SQLite keeps text in an INTEGER column
        backend.run(
            ["CREATE TABLE dirty (id INTEGER PRIMARY KEY, n INTEGER)", f"INSERT INTO dirty VALUES (1, '{secret}')"]
        )
        backend.run(["INSERT INTO dirty VALUES (2, 7)"])
        expected = {"n": [None, 7]}
    else:  # PostgreSQL NaN and infinity have no Arrow value
        backend.run(
            [
                "CREATE TABLE dirty (id INTEGER PRIMARY KEY, n NUMERIC(10, 2), t TIMESTAMP)",
                "INSERT INTO dirty VALUES (1, 'NaN', 'infinity'), (2, 7, '2024-01-01')",
            ]
        )
        expected = {"n": [None, Decimal("7.00")], "t": [None, dt.datetime(2024, 1, 1)]}
    try:
        result = scan(backend.target, include_tables=("dirty",), sample=0)
        table = result.tables[backend.display("dirty")].sort_by("id")
        assert {name: table.column(name).to_pylist() for name in expected} == expected
        assert [(error.kind, "dirty.n" in error.message) for error in result.errors] == [("unreadable", True)]
        assert secret not in result.errors[0].message and "NaN" not in result.errors[0].message
    finally:
        backend.run(["DROP TABLE dirty"])


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_sqlite_without_rowid_samples_on_its_integer_key(backend: Backend) -> None:
    backend.run(
        [
            "CREATE TABLE keyed (id INTEGER PRIMARY KEY, v TEXT) WITHOUT ROWID",
            "INSERT INTO keyed SELECT id, code FROM events",
        ]
    )
    try:
        result = scan(backend.target, include_tables=("keyed",), sample=1000)
        found = result.scans["keyed"]
        assert isinstance(found, SqlTableScan) and "windows over id" in found.sampling
        ids = result.tables["keyed"].column("id").to_pylist()
        assert len(set(ids)) == 1000 and max(ids) > EVENTS * 2 // 3 and min(ids) < EVENTS // 3
    finally:
        backend.run(["DROP TABLE keyed"])


# --------------------------------------------------------------------------- safety


def test_connections_are_read_only(backend: Backend) -> None:
    engine = open_engine(backend.target, TableOptions())
    try:
        for statement in (
            "INSERT INTO users (id, email) VALUES (99, 'eve@example.com')",
            "DELETE FROM users",
            "CREATE TABLE intruder (id INTEGER)",
            "DROP TABLE users",
        ):
            with pytest.raises(sa.exc.DBAPIError), engine.connect() as connection:
                connection.exec_driver_sql(statement)
                connection.commit()
    finally:
        engine.dispose()
    result = scan(backend.target, include_tables=(backend.display("users"), backend.display("intruder")))
    assert set(result.tables) == {backend.display("users")}
    assert result.tables[backend.display("users")].num_rows == 2


def test_injection_named_tables_are_scanned_and_nothing_else_happens(backend: Backend) -> None:
    names = [INJECTION, MYSQL_INJECTION] if backend.kind == "mysql" else [INJECTION]
    for sample in (10, 0):
        result = scan(backend.target, include_tables=(*names, "users"), sample=sample)
        assert result.errors == []
        assert result.tables[backend.display(INJECTION)].column(INJECTION_COLUMN).to_pylist() == ["v"]
        if backend.kind == "mysql":
            assert result.tables[backend.display(MYSQL_INJECTION)].column("a").to_pylist() == ["w"]
        assert result.tables[backend.display("users")].num_rows == 2


def test_query_timeout_is_an_error_and_other_tables_go_on(backend: Backend) -> None:
    started = time.monotonic()
    result = scan(backend.target, include_views=True, include_tables=("slow_view", "users"), timeout_seconds=0.5)
    assert time.monotonic() - started < 5
    assert result.tables[backend.display("users")].num_rows == 2
    assert [(error.kind, error.path) for error in result.errors] == [
        ("timeout", f"{redact_url(backend.target)}#{backend.display('slow_view')}")
    ]
    assert "slow_view" in result.errors[0].message and "0.5 s" in result.errors[0].message


def test_tables_that_vanish_are_errors_and_the_others_go_on(backend: Backend) -> None:
    names = ["vanish_a", "vanish_b", "vanish_c"]
    backend.run(f"CREATE TABLE {name} (id INTEGER, v VARCHAR(10))" for name in names)
    backend.run(f"INSERT INTO {name} VALUES (1, 'kept')" for name in names)
    try:
        # dropped after it was reflected and planned, before its rows are read
        planned = [item for item in open_database(backend.target, TableOptions(include_tables=("vanish_*",)))]
        assert all(isinstance(item, TableScan) for item in planned)
        backend.run(["DROP TABLE vanish_a"])
        for item in planned:
            assert isinstance(item, TableScan)
            rows = sum(batch.num_rows for batch in item.batches)
            if item.table == backend.display("vanish_a"):
                assert [error.kind for error in item.errors] == ["vanished"]
                assert backend.display("vanish_a") in item.errors[0].message
            else:
                assert item.errors == [] and rows == 1
        # dropped while the scan goes from table to table
        tables = open_database(backend.target, TableOptions(include_tables=("vanish_*",)))
        first = next(tables)
        assert isinstance(first, TableScan)
        gone = next(name for name in ("vanish_b", "vanish_c") if backend.display(name) != first.table)
        backend.run([f"DROP TABLE {gone}"])
        rest = list(tables)
        errors = [item for item in rest if isinstance(item, ScanError)]
        for item in (first, *rest):
            if isinstance(item, TableScan):
                assert sum(batch.num_rows for batch in item.batches) == (0 if item.errors else 1)
                errors.extend(item.errors)
        assert [(error.kind, backend.display(gone) in error.message) for error in errors] == [("vanished", True)]
    finally:
        backend.run(f"DROP TABLE IF EXISTS {name}" for name in names)


@pytest.mark.parametrize("backend", ["postgresql", "mysql"], indirect=True)
def test_wrong_password_is_a_permission_error_without_either_password(backend: Backend) -> None:
    url = sa.make_url(backend.target)
    wrong = "Wr0ng-" + secrets.token_hex(6)
    found = list(open_database(url.set(password=wrong).render_as_string(hide_password=False), TableOptions()))
    assert len(found) == 1 and isinstance(found[0], ScanError) and found[0].kind == "permission"
    for password in (wrong, str(url.password)):
        assert password not in found[0].message and password not in found[0].path


@pytest.mark.parametrize("backend", ["mysql"], indirect=True)
def test_mysql_password_from_mysql_pwd(backend: Backend, monkeypatch: pytest.MonkeyPatch) -> None:
    url = sa.make_url(backend.target)
    monkeypatch.setenv("MYSQL_PWD", str(url.password))
    result = scan(url.set(password=None).render_as_string(hide_password=False), include_tables=("users",))
    assert result.errors == [] and result.tables[backend.display("users")].num_rows == 2


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_postgres_table_without_privilege_is_a_permission_error(backend: Backend) -> None:
    role, password = f"piiscan_ro_{secrets.token_hex(4)}", secrets.token_hex(8)
    backend.run(
        [
            "CREATE TABLE perm_open (id INTEGER)",
            "INSERT INTO perm_open VALUES (1)",
            "CREATE TABLE perm_secret (id INTEGER)",
            f"CREATE ROLE {role} LOGIN PASSWORD '{password}'",
            f"GRANT SELECT ON perm_open TO {role}",
        ]
    )
    try:
        url = sa.make_url(backend.target).set(username=role, password=password)
        result = scan(url.render_as_string(hide_password=False), include_tables=("perm_*",))
        assert result.tables["public.perm_open"].num_rows == 1
        assert [(error.kind, "perm_secret" in error.message) for error in result.errors] == [("permission", True)]
        assert all(password not in error.message for error in result.errors)
    finally:
        backend.run(["DROP TABLE perm_open", "DROP TABLE perm_secret", f"DROP ROLE {role}"])


@pytest.mark.parametrize("backend", ["sqlite", "duckdb"], indirect=True)
def test_database_files_by_path_and_by_url(backend: Backend) -> None:
    for target in (str(backend.path), f"{backend.kind}:///{backend.path}"):
        result = scan(target, include_tables=("users",))
        assert result.errors == [] and result.tables[backend.display("users")].num_rows == 2


@pytest.mark.parametrize(
    ("url", "needs", "filled"),
    [
        ("postgresql://scanner@db:5432/app", True, "postgresql://scanner:p%40ss%2Fw@db:5432/app"),
        ("postgresql://scanner:given@db/app", False, "postgresql://scanner:given@db/app"),
        ("mysql://db/app", False, "mysql://db/app"),
        ("sqlite:///app.db", False, "sqlite:///app.db"),
        ("data/app.db", False, "data/app.db"),
    ],
)
def test_a_prompted_password_goes_into_the_url(url: str, needs: bool, filled: str) -> None:
    from piiscan.sources.sql import needs_password, with_password

    assert needs_password(url) is needs
    assert with_password(url, "p@ss/w") == filled
