"""Scanning tables: Parquet datasets and databases -> the column engine -> column findings.

Targets come either straight from the command line (a database URL, a SQLite/DuckDB file, a
Parquet file or dataset directory) or from a directory walk (a Parquet, SQLite or DuckDB file
met among ordinary files is scanned as tables, not skipped as binary). pyarrow and SQLAlchemy
are imported only here, and only when a table is actually met.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from piiscan.model import ColumnFinding, ScanError
from piiscan.recognizers import RecognizerSpec
from piiscan.sources.sql import DUCKDB_MAGIC, DUCKDB_MAGIC_OFFSET, SQLITE_MAGIC
from piiscan.sources.tables import TableOptions, TableScan
from piiscan.taxonomy import Taxonomy

if TYPE_CHECKING:
    from piiscan.columns.decide import ColumnJudge
    from piiscan.columns.profile import ColumnProfiler
    from piiscan.ner.tier import NerTier

PARQUET_MAGIC = b"PAR1"  # as piiscan.sources.parquet.MAGIC (that module is not imported until needed)
_PARTITION_DIR = re.compile(r"^[^=]+=[^=]*$")
_INSTALL_HINT = "scanning tables needs pyarrow and SQLAlchemy: pip install 'piiscan[tables]'"

#: what a table target is: scanned through which source
PARQUET, DATABASE = "parquet", "database"

#: progress of one table: its label, rows read so far, rows expected (None when unknown)
TableProgress = Callable[[str, int, "int | None"], None]


def table_file_kind(path: str) -> str | None:
    """``parquet`` or ``database`` for a file whose header says so (whatever its name), else ``None``."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError:
        return None
    if head[: len(PARQUET_MAGIC)] == PARQUET_MAGIC:
        return PARQUET
    duckdb = head[DUCKDB_MAGIC_OFFSET : DUCKDB_MAGIC_OFFSET + len(DUCKDB_MAGIC)]
    if head[: len(SQLITE_MAGIC)] == SQLITE_MAGIC or duckdb == DUCKDB_MAGIC:
        return DATABASE
    return None


def table_target_kind(target: str) -> str | None:
    """How a command-line TARGET is scanned as tables, or ``None`` for plain files/directories."""
    from piiscan.sources.sql import is_database_target

    if is_database_target(target):
        return DATABASE
    if os.path.isfile(target):
        return table_file_kind(target)
    if os.path.isdir(target):
        from piiscan.sources.parquet import is_parquet_target

        return PARQUET if is_parquet_target(target) else None
    return None


def dataset_root(path: str) -> str:
    """The dataset a Parquet file belongs to: its directory above any ``key=value`` partitions."""
    root = os.path.dirname(path) or "."
    while _PARTITION_DIR.match(os.path.basename(root)) and os.path.dirname(root) not in ("", root):
        root = os.path.dirname(root)
    return root


def group_table_files(found: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Table files met in a walk -> table targets: Parquet files grouped into their datasets."""
    from piiscan.sources.parquet import is_parquet_target

    targets: dict[str, str] = {}
    for path, kind in found:
        if kind == PARQUET:
            root = dataset_root(path)
            target = root if root != os.path.dirname(path) or _only_parquet(root, is_parquet_target) else path
            targets.setdefault(target, PARQUET)
        else:
            targets.setdefault(path, kind)
    return sorted(targets.items())


def _only_parquet(directory: str, is_parquet_target: Callable[[str], bool]) -> bool:
    return directory not in (".", "") and is_parquet_target(directory)


@dataclass(slots=True)
class TableResult:
    """What scanning table targets produced."""

    columns: list[ColumnFinding] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    tables: int = 0
    fields: int = 0
    values: int = 0  # non-null values examined, all columns together
    seconds: float = 0.0


class TableScanner:
    """Runs table sources through one column profiler and judge (build once per scan)."""

    def __init__(
        self, specs: Sequence[RecognizerSpec], taxonomy: Taxonomy, options: TableOptions, *,
        entities: Iterable[str] | None = None, min_score: float = 0.6, ner: NerTier | None = None,
    ) -> None:
        from piiscan.columns.decide import ColumnJudge, Thresholds
        from piiscan.columns.profile import ColumnProfiler

        self.options = options
        self.profiler: ColumnProfiler = ColumnProfiler(specs, entities=entities, ner=ner)
        self.judge: ColumnJudge = ColumnJudge(self.profiler.specs, taxonomy, Thresholds(min_score=min_score))

    def scan(self, targets: Sequence[tuple[str, str]], progress: TableProgress | None = None) -> TableResult:
        """Scan ``(target, kind)`` pairs; bad input becomes error records, never exceptions."""
        result = TableResult()
        began = time.perf_counter()
        for target, kind in targets:
            for item in self._open(target, kind):
                if isinstance(item, ScanError):
                    result.errors.append(item)
                else:
                    self._scan_table(item, result, progress)
        result.seconds = time.perf_counter() - began
        return result

    def _open(self, target: str, kind: str) -> Iterator[TableScan | ScanError]:
        if kind == PARQUET:
            from piiscan.sources.parquet import open_parquet

            yield from open_parquet(target, self.options)
        else:
            from piiscan.sources.sql import open_database

            yield from open_database(target, self.options)

    def _scan_table(self, table: TableScan, result: TableResult, progress: TableProgress | None) -> None:
        from piiscan.columns.classify import classify_batches

        batches = table.batches if progress is None else self._counted(table, progress)
        try:
            columns, stats = classify_batches(
                batches, self.profiler, self.judge, source=table.source, table=table.table
            )
        except Exception as exc:  # a safety net: one odd table never stops the scan
            result.errors.append(
                ScanError(table.source, "internal", f"{table.source}: table {table.table!r}: scan failed "
                                                    f"({type(exc).__name__})")
            )
            return
        finally:
            result.errors.extend(table.errors)
        result.tables += 1
        result.fields += len(stats)
        result.values += sum(s.non_null for s in stats.values())
        result.columns.extend(columns)


    def _counted(self, table: TableScan, progress: TableProgress) -> Iterator[Any]:
        """The table's batches, reporting rows read after each one."""
        expected = table.total_rows
        if self.options.sample and expected is not None:
            expected = min(expected, self.options.sample)
        label = f"{table.source} :: {table.table}"
        done = 0
        progress(label, 0, expected)
        for batch in table.batches:
            yield batch
            done += batch.num_rows
            progress(label, done, expected)


def tables_available() -> bool:
    """True when the ``[tables]`` extra (pyarrow, SQLAlchemy) is installed."""
    try:
        import pyarrow  # noqa: F401
        import sqlalchemy  # noqa: F401
    except ImportError:
        return False
    return True


def missing_extra_errors(targets: Iterable[str]) -> list[ScanError]:
    """One clear error per table target when the extra is not installed."""
    return [ScanError(t, "missing_dependency", f"{t}: {_INSTALL_HINT}") for t in targets]
