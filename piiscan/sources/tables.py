"""What every table source (Parquet datasets, SQL databases) hands to the column engine.

A source yields one :class:`TableScan` per table: the columns it will deliver and a lazy
stream of Arrow record batches (already sampled when sampling is on). Problems are
:class:`~piiscan.model.ScanError` records, never exceptions: the caller reports them and
goes on with the next table. pyarrow is imported only by the modules that build these,
never on the plain-file scan path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from piiscan.model import ScanError

if TYPE_CHECKING:
    import pyarrow as pa

#: default values examined per column (``--sample N``; 0 means every row)
DEFAULT_SAMPLE = 10_000


@dataclass(frozen=True, slots=True)
class TableOptions:
    """Options shared by table sources (CLI flags and config keys)."""

    sample: int = DEFAULT_SAMPLE  # values per column; 0 = full scan
    include_tables: tuple[str, ...] = ()  # globs on `schema.table` (or the dataset name)
    exclude_tables: tuple[str, ...] = ()
    include_views: bool = False
    timeout_seconds: float = 60.0  # per statement (databases)
    batch_rows: int = 65_536  # rows per record batch when streaming a full scan
    seed: int = 0  # sampling is random but repeatable


@dataclass(slots=True)
class TableScan:
    """One table (or Parquet dataset) ready for the column engine.

    ``batches`` is consumed once; it reports read problems through ``errors`` (appended to
    while iterating) and stops early rather than raising.
    """

    source: str  # dataset path, or database URL with the password removed
    table: str  # `schema.table`, or the dataset / file name for Parquet
    schema: pa.Schema  # the columns being scanned, in order
    batches: Iterable[pa.RecordBatch]
    total_rows: int | None = None  # rows in the table (metadata or estimate), if known
    comments: Mapping[str, str] = field(default_factory=dict)  # column comments, where the source has them
    errors: list[ScanError] = field(default_factory=list)


#: a source: targets plus options in, tables (or errors for what could not be opened) out
TableSource = Callable[[str, TableOptions], Iterator["TableScan | ScanError"]]
