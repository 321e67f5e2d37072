"""The one pure function at the centre of table scanning: batches in, column findings out."""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa

from piiscan.columns.decide import ColumnJudge
from piiscan.columns.profile import ColumnProfiler
from piiscan.columns.stats import TableStats
from piiscan.model import ColumnFinding


def classify_batches(
    batches: Iterable[pa.RecordBatch], profiler: ColumnProfiler, judge: ColumnJudge, *, source: str, table: str
) -> tuple[list[ColumnFinding], TableStats]:
    """Profile every batch of one table, then decide its column findings.

    No I/O: the batches may come from Parquet, a database cursor or a Spark partition
    (there, :meth:`ColumnProfiler.profile` runs per partition and the statistics merge on the
    driver before :meth:`ColumnJudge.decide`).
    """
    stats: TableStats = {}
    for batch in batches:
        profiler.profile(batch, stats)
    return judge.decide(stats, source=source, table=table), stats
