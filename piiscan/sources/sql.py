"""The SQL database source: one :class:`~piiscan.sources.tables.TableScan` per table (and view).

Targets. A SQLAlchemy URL (``sqlite:///app.db``, ``duckdb:///w.duckdb``,
``postgresql://user@host:5432/db``, ``mysql://user@host/db``, any ``dialect[+driver]://``
whose dialect the user has installed), or an existing SQLite or DuckDB file, recognised by
its header whatever its name (see :func:`is_database_target`). A URL without a driver gets
the installed one: psycopg (3) for PostgreSQL, PyMySQL for MySQL/MariaDB. Passwords come
from the URL, from ``PGPASSWORD`` (read by libpq itself) or, for MySQL/MariaDB, from
``MYSQL_PWD``; they never appear in a :class:`TableScan`, a :class:`ScanError` or anything
else piiscan prints: :func:`redact_url` removes them, and messages are scrubbed of them.

Tables. Reflection goes through SQLAlchemy (DuckDB through its own catalog functions).
Every schema the connection can see is scanned except the system ones
(:data:`SYSTEM_SCHEMAS`); for MySQL/MariaDB a URL naming a database limits the scan to that
database. Views (and materialized views) only with ``TableOptions.include_views``.
``include_tables``/``exclude_tables`` are globs matched, case-insensitively, against
``schema.table`` and against the bare table name. Tables are named ``schema.table``
(SQLite: ``table``).

Reading is read-only, sampled in the database and bounded by a statement timeout; the
details per dialect are in :mod:`piiscan.sources.sql_dialects`, which is also the module
that imports SQLAlchemy and pyarrow: this one stays cheap because
:func:`is_database_target` runs on every scan target.

Errors never raise. A database that cannot be opened is one :class:`ScanError` (kinds
``invalid_url``, ``missing_driver``, ``unreachable``, ``permission``, ``timeout``, and
``corrupt`` for a damaged SQLite/DuckDB file); a table whose metadata cannot be read is one
next to the other tables; problems met while reading rows (``vanished``, ``permission``,
``timeout``, ``unreadable``) go to ``TableScan.errors``. Messages name the database
(redacted) and the table, never a cell value.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterator
from urllib.parse import parse_qsl, quote, urlencode

from piiscan.model import ScanError
from piiscan.sources.tables import TableOptions, TableScan

__all__ = [
    "SYSTEM_SCHEMAS",
    "database_file_kind",
    "is_database_target",
    "is_system_schema",
    "open_database",
    "redact_url",
    "scrub",
    "table_selected",
    "url_dialect",
    "url_secrets",
]

#: schemas never scanned, whatever the include globs say (PostgreSQL also skips ``pg_*``)
SYSTEM_SCHEMAS: frozenset[str] = frozenset(
    {"information_schema", "pg_catalog", "pg_toast", "mysql", "performance_schema", "sys"}
)

SQLITE_MAGIC = b"SQLite format 3\x00"
#: DuckDB files carry this at byte offset 8 (after the checksum of the first block)
DUCKDB_MAGIC = b"DUCK"
DUCKDB_MAGIC_OFFSET = 8

_URL = re.compile(r"^(?P<dialect>[A-Za-z][A-Za-z0-9_]*)(?:\+[A-Za-z0-9_.]+)?://")
#: URL schemes that name files, object stores or web resources, not SQLAlchemy dialects
_NOT_DIALECTS = frozenset(
    {
        "abfs",
        "abfss",
        "adl",
        "az",
        "data",
        "file",
        "ftp",
        "ftps",
        "gcs",
        "git",
        "gs",
        "hdfs",
        "hf",
        "http",
        "https",
        "memory",
        "s3",
        "s3a",
        "s3n",
        "sftp",
        "ssh",
        "webhdfs",
    }
)
#: query-string keys whose values are secrets (passwords, tokens, keys, credentials)
_SECRET_KEY = re.compile(r"pass|pwd|secret|token|credential|key|odbc_connect|auth", re.IGNORECASE)
REDACTED = "***"


def database_file_kind(path: str) -> str | None:
    """``"sqlite"`` or ``"duckdb"`` when ``path`` is a regular file with that header, else ``None``."""
    try:
        if not os.path.isfile(path):
            return None
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError:
        return None
    if head == SQLITE_MAGIC:
        return "sqlite"
    if head[DUCKDB_MAGIC_OFFSET : DUCKDB_MAGIC_OFFSET + len(DUCKDB_MAGIC)] == DUCKDB_MAGIC:
        return "duckdb"
    return None


def url_dialect(target: str) -> str | None:
    """The dialect of a ``dialect[+driver]://`` URL (lower case), ``None`` when ``target`` is no URL."""
    match = _URL.match(target)
    return None if match is None else match["dialect"].lower()


def is_database_target(target: str) -> bool:
    """True for a SQLAlchemy URL (``dialect[+driver]://...``) and for a SQLite or DuckDB file.

    Web, file and object-store schemes (``https://``, ``file://``, ``s3://`` ...) are not
    database URLs. Only a file's first 16 bytes are read; SQLAlchemy is not imported.
    """
    dialect = url_dialect(target)
    if dialect is not None:
        return dialect not in _NOT_DIALECTS
    return database_file_kind(target) is not None


def _split_url(url: str) -> tuple[str, str, str, str] | None:
    """``(scheme://, userinfo, host-and-path, ?query-and-fragment)`` of a URL, or ``None``.

    The userinfo ends at the last ``@`` before the query (passwords may hold ``@`` and ``/``
    unencoded); it is empty when there is none.
    """
    match = _URL.match(url)
    if match is None:
        return None
    scheme, rest = url[: match.end()], url[match.end() :]
    cut = min((i for i in (rest.find("?"), rest.find("#")) if i >= 0), default=len(rest))
    body, tail = rest[:cut], rest[cut:]
    at = body.rfind("@")
    if at < 0 or body.startswith("/"):  # no authority: a path (sqlite:///dir/a@b.db)
        return scheme, "", body, tail
    return scheme, body[: at + 1], body[at + 1 :], tail


def _redact_query(tail: str) -> str:
    """The ``?query#fragment`` part with the values of secret-looking keys replaced."""
    if not tail.startswith("?"):
        return tail
    query, hash_mark, fragment = tail[1:].partition("#")
    pairs = parse_qsl(query, keep_blank_values=True)
    if not any(_SECRET_KEY.search(key) for key, _ in pairs):
        return tail
    redacted = [(key, REDACTED if _SECRET_KEY.search(key) else value) for key, value in pairs]
    return "?" + urlencode(redacted, safe="*/:,") + hash_mark + fragment


def redact_url(url: str) -> str:
    """``url`` with any password removed (``user:***@host``; secret query values too).

    Anything that is not a URL (a file path) is returned unchanged.
    """
    parts = _split_url(url)
    if parts is None:
        return url
    scheme, userinfo, body, tail = parts
    user, colon, _password = userinfo.rstrip("@").partition(":")
    if colon:
        userinfo = f"{user}:{REDACTED}@"
    return scheme + userinfo + body + _redact_query(tail)


def with_password(url: str, password: str) -> str:
    """``url`` with ``password`` set for its user (percent-encoded); unchanged when it is no URL
    with a user, or already has a password."""
    parts = _split_url(url)
    if parts is None or not password:
        return url
    scheme, userinfo, body, tail = parts
    user, colon, _ = userinfo.rstrip("@").partition(":")
    if not user or colon:
        return url
    return f"{scheme}{user}:{quote(password, safe='')}@{body}{tail}"


def needs_password(url: str) -> bool:
    """True for a database URL naming a user but no password (a prompt may supply it)."""
    parts = _split_url(url)
    if parts is None or url_dialect(url) in (None, "sqlite", "duckdb"):
        return False
    user, colon, _ = parts[1].rstrip("@").partition(":")
    return bool(user) and not colon


def url_secrets(url: str) -> tuple[str, ...]:
    """The secrets written in ``url`` (password, secret query values), raw and percent-encoded,
    so that messages can be scrubbed of them."""
    parts = _split_url(url)
    if parts is None:
        return ()
    _scheme, userinfo, _body, tail = parts
    found: list[str] = []
    _user, colon, password = userinfo.rstrip("@").partition(":")
    if colon and password:
        found.append(password)
    if tail.startswith("?"):
        query = tail[1:].partition("#")[0]
        found.extend(value for key, value in parse_qsl(query) if value and _SECRET_KEY.search(key))
    encoded = [quote(secret, safe="") for secret in found]
    return tuple(dict.fromkeys(secret for secret in (*found, *encoded) if secret))


def scrub(message: str, secrets: tuple[str, ...]) -> str:
    """``message`` with every secret (longest first) replaced by ``***``."""
    for secret in sorted(secrets, key=len, reverse=True):
        message = message.replace(secret, REDACTED)
    return message


def table_selected(schema: str | None, table: str, options: TableOptions) -> bool:
    """Whether ``schema.table`` passes the include/exclude globs (case-insensitive; a glob
    may name the qualified or the bare table). System schemas never pass."""
    if schema is not None and is_system_schema(schema):
        return False
    names = [table.casefold()] if schema is None else [f"{schema}.{table}".casefold(), table.casefold()]

    def matches(globs: tuple[str, ...]) -> bool:
        return any(fnmatch.fnmatchcase(name, glob.casefold()) for glob in globs for name in names)

    if options.include_tables and not matches(options.include_tables):
        return False
    return not matches(options.exclude_tables)


def is_system_schema(schema: str) -> bool:
    """System catalogs: :data:`SYSTEM_SCHEMAS` and PostgreSQL's ``pg_*`` (``pg_temp_3``, ``pg_toast_temp_3``)."""
    folded = schema.casefold()
    return folded in SYSTEM_SCHEMAS or folded.startswith("pg_")


def open_database(target: str, options: TableOptions) -> Iterator[TableScan | ScanError]:
    """Yield one :class:`TableScan` per selected table (and view) of the database at ``target``.

    ``batches`` are fetched lazily, each table on its own read-only connection: the sample
    (``options.sample`` rows, drawn in the database) or, with ``sample == 0``, every row in
    batches of ``options.batch_rows``. Never raises: what cannot be read is a
    :class:`ScanError` (see the module docstring).
    """
    try:
        from piiscan.sources.sql_dialects import scan_database
    except ImportError as exc:
        missing = exc.name or "sqlalchemy"
        yield ScanError(
            redact_url(target),
            "missing_driver",
            f"{redact_url(target)}: scanning databases needs {missing}, which is not installed"
            " (pip install 'piiscan[tables]')",
        )
        return
    yield from scan_database(target, options)
