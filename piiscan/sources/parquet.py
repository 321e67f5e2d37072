"""The Parquet source: one :class:`~piiscan.sources.tables.TableScan` per Parquet file or dataset.

A TARGET is Parquet when it is a file starting with the ``PAR1`` magic (whatever its
name), or a directory whose files are Parquet files (see :func:`is_parquet_target`).

Tables. A file is one table (named after the file). A directory is one dataset (named
after the directory), read with :mod:`pyarrow.dataset` and hive partitioning, so partition
directories such as ``dt=2024-11-01/`` become a ``dt`` column. Names starting with ``.``
or ``_`` (``_SUCCESS``, ``_common_metadata``, ``_temporary/``, hidden files) and ``.crc``
files are ignored, as Spark and pyarrow do. A directory may also hold several unrelated
datasets side by side (``lake/events/``, ``lake/users/``): its top-level sub-directories
that are not partition directories are then compared by column names, and when the
column names of some sub-directory are not a subset of those of the widest one, each
sub-directory becomes a table of its own (named after it). Otherwise the whole directory
is one dataset.

Schemas. Every file's footer is read when the table is opened; the table's schema is the
union of the files' schemas (``pyarrow.unify_schemas`` with permissive promotion: a
column missing from some files reads as nulls there, ``int32`` and ``int64`` become
``int64``, dictionary-encoded strings and plain strings become strings ...). The most
common file schema is taken first, so a single odd file is the one reported: files whose
column types cannot be unified are skipped with a ``schema_drift`` error naming the
column. Column types are otherwise passed through as stored (nested, decimal, binary,
timestamps, dictionaries): interpreting them is the column engine's job.

Sampling (``TableOptions.sample`` rows, 0 = everything). Row counts come from the
footers. When the table has more rows than the sample, row groups are drawn at random
(seeded by ``TableOptions.seed`` and the table name, so runs repeat), each with
probability proportional to its row count, and a random set of at most
``ceil(sample / visits)`` rows is taken from each drawn row group, where
``visits = max(MIN_VISITS, ceil(sample / ROWS_PER_ROW_GROUP))`` (bounded by the number of row groups);
drawing goes on until the sample is complete (drawn row groups with rows to spare give
more when small ones leave it short). Only the drawn row groups are read, one at a time,
and the sample comes in batches of about ``TableOptions.batch_rows`` rows. Smaller
tables, and full scans, are streamed file by file in record batches of at most
``TableOptions.batch_rows`` rows: memory does not grow with the size of the dataset.

Errors never raise. Problems found when opening (missing target, unreadable, truncated
or corrupt files, schema drift) are yielded as :class:`~piiscan.model.ScanError` records
next to the table, which still scans its other files; problems met while reading batches
(a file that vanished, corrupt data pages) are appended to ``TableScan.errors`` and the
scan goes on with the next file. Messages name the file and the problem, never a cell
value. Kinds: ``not_found``, ``not_regular``, ``permission``, ``vanished``, ``unreadable``,
``corrupt``, ``not_parquet``, ``schema_drift``, ``partitioning``, ``unknown_column``.

pyarrow is imported only when a table is opened: :func:`is_parquet_target` runs on every
scan target and must stay cheap.
"""

from __future__ import annotations

import bisect
import dataclasses
import fnmatch
import functools
import math
import os
import random
import stat
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from piiscan.model import ScanError
from piiscan.sources.files import _display, _os_error
from piiscan.sources.tables import TableOptions, TableScan

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.dataset as ds

__all__ = ["MIN_VISITS", "PROBE_FILES", "ROWS_PER_ROW_GROUP", "is_parquet_target", "open_parquet"]

MAGIC = b"PAR1"
#: names that say "Parquet" even when the file is too damaged to show its magic
PARQUET_SUFFIXES = (".parquet", ".parq", ".pq")
#: files :func:`is_parquet_target` opens at most (4 bytes each) to judge a directory
PROBE_FILES = 16
#: directories :func:`is_parquet_target` lists at most to find them
PROBE_DIRS = 64
#: sampled rows wanted per row group read (more visits spread the sample further)
ROWS_PER_ROW_GROUP = 1250
#: row groups a sample visits at least (when the dataset has that many): each visit reads a row
#: group's pages of every scanned column, so a 10,000-value sample reads 8 row groups, not 80
MIN_VISITS = 8
#: record batches read ahead while streaming one file
_READAHEAD = 2

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


# --------------------------------------------------------------------------- detection


def _ignored(name: str) -> bool:
    """Bookkeeping, hidden and checksum files that are not part of a dataset."""
    return name.startswith((".", "_")) or name.endswith(".crc")


def _walk(root: str, max_dirs: int | None = None) -> Iterator[str | ScanError]:
    """Relative paths (``/``-separated) of the data files below ``root``, sorted, depth first.

    Symbolic links to directories are not followed; non-regular files are left out.
    At most ``max_dirs`` directories are listed when given.
    """
    pending = [""]
    listed = 0
    while pending and (max_dirs is None or listed < max_dirs):
        rel = pending.pop()
        listed += 1
        directory = os.path.join(root, rel) if rel else root
        try:
            with os.scandir(directory) as scan:
                entries = sorted((entry for entry in scan if not _ignored(entry.name)), key=lambda e: e.name)
        except OSError as exc:
            yield _os_error(_display(root, rel), exc, "cannot list directory")
            continue
        subdirs = []
        for entry in entries:
            child = f"{rel}/{entry.name}" if rel else entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    subdirs.append(child)
                elif entry.is_file():
                    yield child
            except OSError as exc:
                yield _os_error(_display(root, child), exc, "cannot access")
        pending.extend(reversed(subdirs))


def _magic(path: str) -> bool | None:
    """Whether a regular file starts with ``PAR1``; ``None`` when empty, unreadable or special."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError:
        return None
    with open(fd, "rb", closefd=True) as handle:
        try:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            head = handle.read(len(MAGIC))
        except OSError:
            return None
    return head == MAGIC if head else None


def _looks_like_dataset(root: str) -> bool:
    """A bounded look at a directory: Parquet files, and nothing that is clearly not Parquet."""
    found = False
    examined = 0
    for item in _walk(root, max_dirs=PROBE_DIRS):
        if isinstance(item, ScanError):
            continue
        magic = _magic(os.path.join(root, item))
        if magic:
            found = True
        elif magic is False and not item.lower().endswith(PARQUET_SUFFIXES):
            return False  # a foreign file: a directory tree, not a dataset
        examined += 1
        if examined >= PROBE_FILES:
            break
    return found


def is_parquet_target(path: str) -> bool:
    """Whether ``path`` should be scanned as a Parquet table.

    True for a file starting with the ``PAR1`` magic, whatever its name, and for a directory
    whose files are Parquet: of the first :data:`PROBE_FILES` data files found below it (in
    sorted order, hive partition directories included; hidden, ``_``-prefixed and ``.crc``
    files ignored) at least one has the magic and none is a foreign file (no magic and no
    Parquet extension; empty or unreadable files do not count either way). Never raises.
    """
    return _looks_like_dataset(path) if os.path.isdir(path) else _magic(path) is True


# --------------------------------------------------------------------------- planning


@dataclass(frozen=True, slots=True)
class _File:
    """A data file: its display path (TARGET joined with the path below it) and real path."""

    display: str
    path: str  # absolute


@dataclass(frozen=True, slots=True)
class _Table:
    """A table to open: its files, and the directory hive partitions are relative to."""

    source: str
    name: str
    files: tuple[_File, ...]
    partition_base: str | None  # None: no partition columns (a single file)


@dataclass(frozen=True, slots=True)
class _Member:
    """A file whose footer was read: everything needed to scan it again later.

    Fragments are re-made at scan time rather than kept, so an open table of many files
    holds only schemas (shared between equal ones) and row-group sizes.
    """

    file: _File
    schema: pa.Schema
    row_groups: tuple[int, ...]  # rows in each row group, in file order
    partition: ds.Expression | None = None


def _group_key(rel: str) -> str:
    """Top-level sub-directory a file belongs to, or ``""`` for the directory itself.

    Hive partition directories (``key=value``) belong to the directory itself.
    """
    head, sep, _ = rel.partition("/")
    return head if sep and "=" not in head else ""


def _dataset_name(target: str) -> str:
    return os.path.basename(os.path.normpath(os.path.abspath(target)))


def _plan_directory(target: str, files: Mapping[str, _File], names: Callable[[_File], frozenset[str]]) -> list[_Table]:
    """One table for the directory, or one per top-level sub-directory holding its own dataset.

    ``files`` maps paths relative to ``target`` to files; ``names(file)`` gives the column
    names of a file (empty when its footer could not be read).
    """
    root = os.path.abspath(target)
    groups: dict[str, list[_File]] = {}
    for rel, file in files.items():
        groups.setdefault(_group_key(rel), []).append(file)
    whole = [_Table(target, _dataset_name(target), tuple(files.values()), root)]
    if len(groups) < 2:
        return whole
    columns = [frozenset[str]().union(*map(names, members)) for members in groups.values()]
    widest = max(columns, key=len)
    if all(names_ <= widest for names_ in columns):
        return whole
    return [
        _Table(_display(target, key), key, tuple(members), os.path.join(root, key))
        if key
        else _Table(target, _dataset_name(target), tuple(members), root)
        for key, members in groups.items()
    ]


def _wanted(name: str, options: TableOptions) -> bool:
    """The user's table include/exclude globs (exclude wins)."""
    if options.include_tables and not any(fnmatch.fnmatchcase(name, glob) for glob in options.include_tables):
        return False
    return not any(fnmatch.fnmatchcase(name, glob) for glob in options.exclude_tables)


# --------------------------------------------------------------------------- footers


def _fragment(path: str, partition: ds.Expression | None = None) -> ds.ParquetFileFragment:
    """A fragment for one file (no I/O until it is read)."""
    import pyarrow.dataset as ds
    from pyarrow import fs

    fragment = ds.ParquetFileFormat().make_fragment(path, fs.LocalFileSystem(), partition)
    assert isinstance(fragment, ds.ParquetFileFragment)
    return fragment


def _read_footer(path: str) -> tuple[pa.Schema, tuple[int, ...]]:
    """A file's Arrow schema (without schema metadata) and row-group sizes, from its footer."""
    fragment = _fragment(path)
    fragment.ensure_complete_metadata()
    return fragment.physical_schema.remove_metadata(), tuple(group.num_rows for group in fragment.row_groups)


def _diagnose(file: _File) -> tuple[str, str]:
    """Kind and wording for a file whose footer could not be decoded, from its first/last bytes."""
    try:
        with open(file.path, "rb") as handle:
            head = handle.read(len(MAGIC))
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - len(MAGIC)))
            tail = handle.read(len(MAGIC))
    except OSError:
        return "unreadable", "cannot be read"
    if size == 0:
        return "corrupt", "empty file, not Parquet"
    if head != MAGIC:
        if file.path.lower().endswith(PARQUET_SUFFIXES):
            return "corrupt", "not a Parquet file (no PAR1 magic at the start): corrupt or misnamed"
        return "not_parquet", "not a Parquet file (no PAR1 magic at the start)"
    if tail != MAGIC or size < 2 * len(MAGIC) + 4:
        return "corrupt", "truncated Parquet file (no footer at the end)"
    return "corrupt", "damaged Parquet footer (its metadata cannot be decoded)"


def _file_error(file: _File, exc: Exception, action: str, consequence: str) -> ScanError:
    """A ScanError for ``exc`` met while reading ``file``.

    Never quotes the exception text: for data errors (a failed cast) it can hold cell values.
    """
    errno_ = exc.errno if isinstance(exc, OSError) else None
    if errno_:
        error = _os_error(file.display, OSError(errno_, os.strerror(errno_)), action)
        return ScanError(error.path, error.kind, f"{error.message}; {consequence}")
    name = type(exc).__name__
    if isinstance(exc, OSError | ValueError):  # pyarrow's ArrowIOError and ArrowInvalid
        return ScanError(file.display, "corrupt", f"{file.display}: data could not be decoded ({name}); {consequence}")
    return ScanError(file.display, "unreadable", f"{file.display}: {action} ({name}); {consequence}")


def _open_member(file: _File) -> _Member | ScanError:
    try:
        schema, row_groups = _read_footer(file.path)
    except Exception as exc:  # pyarrow raises OSError subclasses and ArrowInvalid, among others
        if isinstance(exc, OSError) and exc.errno:
            return _file_error(file, exc, "cannot open", "file skipped")
        kind, problem = _diagnose(file)
        return ScanError(file.display, kind, f"{file.display}: {problem}; file skipped")
    return _Member(file, schema, row_groups)


def _read_members(files: Iterable[_File]) -> tuple[dict[str, _Member], list[ScanError]]:
    """Footers of ``files`` keyed by path; equal schemas share one object."""
    members: dict[str, _Member] = {}
    errors: list[ScanError] = []
    schemas: dict[pa.Schema, pa.Schema] = {}
    for file in files:
        member = _open_member(file)
        if isinstance(member, ScanError):
            errors.append(member)
        else:
            schema = schemas.setdefault(member.schema, member.schema)
            members[file.path] = dataclasses.replace(member, schema=schema)
    return members, errors


# --------------------------------------------------------------------------- schemas


def _plain(schema: pa.Schema) -> pa.Schema:
    """``schema`` with dictionary-encoded top-level columns replaced by their value type."""
    import pyarrow as pa

    return pa.schema(
        [field.with_type(field.type.value_type) if pa.types.is_dictionary(field.type) else field for field in schema]
    )


def _merge(base: pa.Schema, other: pa.Schema) -> pa.Schema | None:
    """The permissive union of two schemas, or ``None`` when some column types conflict."""
    import pyarrow as pa

    for pair in ((base, other), (_plain(base), _plain(other))):
        try:
            return pa.unify_schemas(list(pair), promote_options="permissive")
        except (pa.ArrowTypeError, pa.ArrowInvalid, pa.ArrowNotImplementedError):
            continue
    return None


def _conflict(base: pa.Schema, other: pa.Schema) -> str:
    """Which column of ``other`` clashes with ``base`` (names and types only)."""
    import pyarrow as pa

    for field in other:
        index = base.get_field_index(field.name)
        if index >= 0 and _merge(pa.schema([base.field(index)]), pa.schema([field])) is None:
            return f"column {field.name!r} is {field.type} here but {base.field(index).type} in the rest of the dataset"
    return "its columns cannot be reconciled with the rest of the dataset"


def _unify(members: Sequence[_Member]) -> tuple[pa.Schema | None, list[_Member], list[ScanError]]:
    """The table schema, the members that fit it (in their order) and drift errors for the rest.

    Schemas are merged from the most common one down, so the odd file out is the one skipped.
    """
    by_schema: dict[pa.Schema, list[_Member]] = {}
    for member in members:
        by_schema.setdefault(member.schema, []).append(member)
    merged: pa.Schema | None = None
    kept: set[str] = set()
    errors: list[ScanError] = []
    for group in sorted(by_schema.values(), key=len, reverse=True):
        schema = group[0].schema
        result = schema if merged is None else _merge(merged, schema)
        if result is None:
            assert merged is not None
            problem = _conflict(merged, schema)
            errors.extend(
                ScanError(m.file.display, "schema_drift", f"{m.file.display}: {problem}; file skipped") for m in group
            )
            continue
        merged = result
        kept.update(m.file.path for m in group)
    return merged, [m for m in members if m.file.path in kept], errors


def _partitioned(table: _Table, members: list[_Member]) -> tuple[pa.Schema | None, list[_Member], list[ScanError]]:
    """Hive partition columns of ``table`` (from paths only, no I/O) and members carrying theirs."""
    if table.partition_base is None or not members:
        return None, members, []
    import pyarrow as pa
    import pyarrow.dataset as ds
    from pyarrow import fs

    options = ds.FileSystemFactoryOptions()
    options.partition_base_dir = table.partition_base
    options.partitioning_factory = ds.HivePartitioning.discover(infer_dictionary=False)
    paths = [m.file.path for m in members]
    try:
        factory = ds.FileSystemDatasetFactory(
            fs.LocalFileSystem(),
            paths,
            ds.ParquetFileFormat(),
            options,
        )
        schema = factory.inspect(fragments=0)
        fragments = factory.finish(schema).get_fragments()
        expressions = {getattr(fragment, "path", ""): fragment.partition_expression for fragment in fragments}
    except (pa.ArrowException, OSError):
        error = ScanError(
            table.source,
            "partitioning",
            f"{table.source}: hive partition values could not be typed; scanned without them",
        )
        return None, members, [error]
    if not len(schema):
        return None, members, []
    return schema, [dataclasses.replace(m, partition=expressions.get(m.file.path)) for m in members], []


def _project(
    schema: pa.Schema, columns: Sequence[str] | None, source: str
) -> tuple[pa.Schema, list[str] | None, list[ScanError]]:
    """The scanned schema, the projection to read, and an error for requested columns that do not exist."""
    import pyarrow as pa

    if columns is None:
        return schema, None, []
    present = [name for name in dict.fromkeys(columns) if schema.get_field_index(name) >= 0]
    missing = [name for name in columns if schema.get_field_index(name) < 0]
    errors = []
    if missing:
        listed = ", ".join(repr(name) for name in missing)
        errors.append(ScanError(source, "unknown_column", f"{source}: no such column(s): {listed}"))
    return pa.schema([schema.field(name) for name in present]), present, errors


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class _Reader:
    """How to read the members of one table: dataset schema, projection, batch size."""

    schema: pa.Schema  # the full table schema (file columns, then partition columns)
    columns: list[str] | None
    batch_rows: int

    def fragment(self, member: _Member) -> ds.ParquetFileFragment:
        """The member's file with its partition values (no I/O yet)."""
        return _fragment(member.file.path, member.partition)

    def batches(self, fragment: ds.ParquetFileFragment) -> Iterator[pa.RecordBatch]:
        """The fragment's rows in the table schema, projected, streamed."""
        batches: Iterator[pa.RecordBatch] = fragment.to_batches(
            schema=self.schema,
            columns=self.columns,
            batch_size=self.batch_rows,
            batch_readahead=_READAHEAD,
        )
        return batches

    def sample(
        self, fragment: ds.ParquetFileFragment, row_group: int, indices: Sequence[int]
    ) -> Iterator[pa.RecordBatch]:
        """The rows at ``indices`` (sorted) of one row group (the footer is read once per fragment)."""
        import pyarrow.dataset as ds

        group = fragment.subset(row_group_ids=[row_group])
        batches: Iterator[pa.RecordBatch] = group.to_batches(
            schema=self.schema, columns=self.columns, batch_size=max(1024, indices[-1] + 1 if indices else 1),
            batch_readahead=0, fragment_readahead=0,
            # no pre-buffering: read the pages the head needs, not whole column chunks
            fragment_scan_options=ds.ParquetFragmentScanOptions(pre_buffer=False),
        )
        return _take(batches, indices)


def _guarded(
    member: _Member, errors: list[ScanError], read: Callable[[], Iterable[pa.RecordBatch]]
) -> Generator[pa.RecordBatch, None, bool]:
    """The batches of ``read()``; a failure ends them with an error in ``errors`` and returns False."""
    try:
        yield from read()
    except Exception as exc:  # any reading problem of one file must not end the table
        errors.append(_file_error(member.file, exc, "cannot read", "the rest of this file was skipped"))
        return False
    return True


def _stream(members: Sequence[_Member], reader: _Reader, errors: list[ScanError]) -> Iterator[pa.RecordBatch]:
    """Every row of every member, file by file, in batches of at most ``batch_rows`` rows."""
    for member in members:
        yield from _guarded(member, errors, functools.partial(reader.batches, reader.fragment(member)))


def _plan_sample(sizes: Sequence[int], sample: int, rng: random.Random) -> list[tuple[int, list[int]]]:
    """Which rows to read for ``sample`` rows drawn from row groups of ``sizes`` rows.

    Row groups are put in a random order where each comes early with probability
    proportional to its size (Efraimidis-Spirakis keys) and visited in that order, each
    giving at most ``ceil(sample / visits)`` rows, until the sample is complete; when small
    row groups leave it short, the visited ones with rows to spare give more, in the same
    order. The rows within a row group are a random subset. Returns ``(row group position,
    sorted row indices)`` pairs in position order. Expects ``sample < sum(sizes)``.
    """
    nonempty = [pos for pos, size in enumerate(sizes) if size > 0]
    if not nonempty:
        return []
    visits = min(len(nonempty), max(MIN_VISITS, math.ceil(sample / ROWS_PER_ROW_GROUP)))
    per_group = math.ceil(sample / visits)
    order = sorted(nonempty, key=lambda pos: math.log(1.0 - rng.random()) / sizes[pos], reverse=True)
    counts: dict[int, int] = {}
    remaining = sample
    for cap in (per_group, None):  # a first pass, then a top-up without the per-group cap
        for pos in order:
            if remaining <= 0:
                break
            have = counts.get(pos, 0)
            take = min(sizes[pos] - have, remaining if cap is None else min(cap, remaining))
            if take > 0:
                counts[pos] = have + take
                remaining -= take
    return [(pos, sorted(rng.sample(range(sizes[pos]), counts[pos]))) for pos in sorted(counts)]


def _take(batches: Iterable[pa.RecordBatch], indices: Sequence[int]) -> Iterator[pa.RecordBatch]:
    """The rows at ``indices`` (sorted) of a stream of batches; stops once the last is passed."""
    import pyarrow as pa

    offset = 0
    done = 0
    for batch in batches:
        end = offset + batch.num_rows
        upto = bisect.bisect_left(indices, end, lo=done)
        if upto > done:
            local = pa.array([index - offset for index in indices[done:upto]], type=pa.int64())
            yield batch.take(local)
        done, offset = upto, end
        if done >= len(indices):
            return


def _sampled(
    members: Sequence[_Member], reader: _Reader, sample: int, rng: random.Random, errors: list[ScanError]
) -> Iterator[pa.RecordBatch]:
    """A sample spread over the row groups of all members (see :func:`_plan_sample`)."""
    slots = [(member, index) for member in members for index in range(len(member.row_groups))]
    plan = _plan_sample([member.row_groups[index] for member, index in slots], sample, rng)
    fragment: ds.ParquetFileFragment | None = None
    failed: set[str] = set()
    for pos, indices in plan:  # in file order, so one fragment serves all row groups of a file
        member, index = slots[pos]
        if member.file.path in failed:
            continue
        if fragment is None or fragment.path != member.file.path:
            fragment = reader.fragment(member)
        read = functools.partial(reader.sample, fragment, index, indices)
        if not (yield from _guarded(member, errors, read)):
            failed.add(member.file.path)


def _rebatch(batches: Iterable[pa.RecordBatch], rows: int) -> Iterator[pa.RecordBatch]:
    """Join small batches into batches of about ``rows`` rows (a sample arrives in pieces)."""
    import pyarrow as pa

    pending: list[pa.RecordBatch] = []
    count = 0
    for batch in batches:
        pending.append(batch)
        count += batch.num_rows
        if count >= rows:
            yield pa.concat_batches(pending)
            pending, count = [], 0
    if pending:
        yield pa.concat_batches(pending)


# --------------------------------------------------------------------------- opening


def _open_table(
    table: _Table, members: list[_Member], options: TableOptions, columns: Sequence[str] | None
) -> Iterator[TableScan | ScanError]:
    """Unify, project and set up the lazy batch stream of one table."""
    import pyarrow as pa

    schema, members, drift = _unify(members)
    yield from drift
    partitions, members, problems = _partitioned(table, members)
    yield from problems
    if schema is None:
        return  # no readable file: the errors above say why
    if partitions is not None:
        extra = [field for field in partitions if schema.get_field_index(field.name) < 0]
        schema = pa.schema([*schema, *extra])
    scanned, projection, unknown = _project(schema, columns, table.source)
    yield from unknown
    reader = _Reader(schema, projection, max(1, options.batch_rows))
    total = sum(sum(member.row_groups) for member in members)
    errors: list[ScanError] = []
    batches: Iterator[pa.RecordBatch]
    if options.sample <= 0 or total <= options.sample:
        batches = _stream(members, reader, errors)
    else:
        rng = random.Random(f"{options.seed}/{table.name}")
        batches = _rebatch(_sampled(members, reader, options.sample, rng, errors), reader.batch_rows)
    yield TableScan(table.source, table.name, scanned, batches, total_rows=total, errors=errors)


def _tables(target: str) -> tuple[list[_Table], dict[str, _Member], list[ScanError]]:
    """The tables under a target, the footers of their files, and what could not be read."""
    if not os.path.isdir(target):
        file = _File(target, os.path.abspath(target))
        members, errors = _read_members([file])
        return [_Table(target, os.path.basename(target), (file,), None)], members, errors
    root = os.path.abspath(target)
    files: dict[str, _File] = {}
    errors = []
    for item in _walk(target):
        if isinstance(item, ScanError):
            errors.append(item)
        else:
            files[item] = _File(_display(target, item), os.path.join(root, *item.split("/")))
    if not files:
        errors.append(ScanError(target, "not_parquet", f"{target}: no Parquet files found"))
    members, footer_errors = _read_members(files.values())
    errors.extend(footer_errors)

    def names(file: _File) -> frozenset[str]:
        member = members.get(file.path)
        return frozenset(member.schema.names) if member else frozenset()

    return _plan_directory(target, files, names), members, errors


def open_parquet(
    target: str, options: TableOptions, columns: Sequence[str] | None = None
) -> Iterator[TableScan | ScanError]:
    """Open a Parquet file or dataset directory: one :class:`TableScan` per table in it.

    ``source`` is ``target`` as given (a sub-dataset's directory when a directory holds
    several, see the module docs); ``table`` is the file or directory name. ``columns``
    restricts the scan to those top-level columns (partition columns included; unknown names
    give an ``unknown_column`` error); ``None`` scans them all. Tables that
    ``options.include_tables``/``exclude_tables`` leave out are skipped. Problems met while
    opening are yielded as :class:`ScanError` records; the TableScan's ``batches`` is a lazy,
    single-use stream that reports read problems in ``TableScan.errors``. Never raises.
    """
    try:
        mode = os.stat(target).st_mode
    except OSError as exc:
        if isinstance(exc, FileNotFoundError):
            yield ScanError(target, "not_found", f"{target}: no such file or directory")
        else:
            yield _os_error(target, exc, "cannot access")
        return
    if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
        yield ScanError(target, "not_regular", f"{target}: not a regular file or directory; skipped")
        return
    tables, members, errors = _tables(target)
    yield from errors
    for table in tables:
        if not _wanted(table.name, options):
            continue
        present = [members[file.path] for file in table.files if file.path in members]
        try:
            yield from _open_table(table, present, options, columns)
        except Exception as exc:  # a safety net: no traceback for an odd dataset, the next table goes on
            problem = f"{table.source}: cannot open table {table.name!r} ({type(exc).__name__})"
            yield ScanError(table.source, "unreadable", problem)
