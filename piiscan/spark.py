"""Warehouse scale: the column engine inside Spark executors (``piiscan[spark]``, ``--engine spark``).

The local engine is a pure function, Arrow record batches in and mergeable column statistics
out (:meth:`~piiscan.columns.profile.ColumnProfiler.profile`). On Spark:

1. **Executors profile**, through ``mapInArrow`` (no row-by-row Python UDF), and return one row per
   partition: the statistics as JSON (no raw value: previews are masked).

   * A Parquet target (:func:`scan_parquet`, what ``--engine spark PATH`` uses): the driver plans
     row groups from the footers exactly as the local engine samples, and each task reads its
     row groups with pyarrow on the executor. No row crosses from the JVM to Python, so a full scan
     runs at the local engine's speed per core, and the findings are the local engine's, to the
     count and fingerprint.
   * Any DataFrame (:func:`scan_dataframe`: catalog tables, notebooks, filesystems pyarrow cannot
     open): Spark reads, and each partition's Arrow batches go to the profiler; when sampling,
     every partition stops after its share (a per-partition limit in the JVM), so a sampled scan
     reads a slice of each partition, never the whole table.
2. **The driver decides.** The partial statistics merge (counters add up exactly) and
   :class:`~piiscan.columns.decide.ColumnJudge` makes the same column findings as the local engine.

Executors need piiscan and pyarrow in their Python (``spark.pyspark.python``): the same
virtualenv on ``local[*]``, a packed environment (``spark.archives``) on a cluster; README.md
shows the commands. A worker that cannot import piiscan fails the scan with a message saying so.

Notebook use::

    from piiscan.spark import scan_dataframe
    result = scan_dataframe(spark.table("sales.customers"))
    result.findings            # ColumnFinding records (the contract's column findings)
    result.to_dataframe(spark) # the same as a Spark DataFrame
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from piiscan.columns.stats import ColumnStats, TableStats, merge_tables
from piiscan.model import ColumnFinding, ScanError
from piiscan.recognizers import RecognizerSpec, load_recognizers
from piiscan.sources.tables import DEFAULT_SAMPLE
from piiscan.taxonomy import Taxonomy

if TYPE_CHECKING:
    import pyarrow as pa

INSTALL_HINT = "pip install 'piiscan[spark]'"
WORKER_HINT = (
    "the Spark workers cannot import piiscan: install piiscan and pyarrow into the executors' Python "
    "(spark.pyspark.python; on a cluster ship a packed environment with spark.archives, see README.md)"
)
#: what the executors return per partition
_PARTIAL_SCHEMA = "stats string, rows long, error string"
_OVERSAMPLE = 1.2  # partitions differ in size: ask each for a little more than its even share
_MAX_BATCH_ROWS = 10_000  # Spark's default Arrow batch size
_FULL_SCAN_BATCH_ROWS = 65_536  # as the local engine streams a full scan (per-batch work amortised)


class SparkScanError(RuntimeError):
    """The Spark scan could not run (no pyspark, workers without piiscan, unreadable target)."""


class _OutOfReach(SparkScanError):
    """pyarrow on the executors cannot open the target's filesystem: Spark's own reader must."""


@dataclass(slots=True)
class SparkScanResult:
    """Column findings of one DataFrame, with what made them."""

    source: str
    table: str
    findings: list[ColumnFinding] = field(default_factory=list)
    stats: TableStats = field(default_factory=dict)
    errors: list[ScanError] = field(default_factory=list)
    rows: int = 0  # rows the executors profiled (after sampling)
    partitions: int = 0

    @property
    def values(self) -> int:
        """Non-null values examined, all columns together."""
        return sum(s.non_null for s in self.stats.values())

    def records(self) -> list[dict[str, object]]:
        """The contract's column-finding records."""
        return [f.to_record() for f in self.findings]

    def to_dataframe(self, spark: Any) -> Any:
        """The findings as a Spark DataFrame (one row per column finding, the contract's fields)."""
        from pyspark.sql.types import DoubleType, LongType, StringType, StructField, StructType

        fields = [
            ("entity", StringType()), ("score", DoubleType()), ("category", StringType()),
            ("sensitivity", StringType()), ("recognizer", StringType()), ("preview", StringType()),
            ("fingerprint", StringType()), ("source", StringType()), ("table", StringType()),
            ("field", StringType()), ("rows_scanned", LongType()), ("matches", LongType()),
            ("ratio", DoubleType()), ("reason", StringType()), ("evidence", StringType()),
        ]
        schema = StructType([StructField(name, kind, True) for name, kind in fields])
        rows = [tuple(record.get(name) for name, _ in fields) for record in self.records()]
        return spark.createDataFrame(rows, schema)


# --------------------------------------------------------------------------- executors

_PROFILERS: dict[tuple[str, ...], Any] = {}


def _profiler(specs: Sequence[RecognizerSpec], entities: tuple[str, ...]) -> Any:
    """One profiler per Python worker (workers are reused across tasks; it caches verdicts)."""
    from piiscan.columns.profile import ColumnProfiler

    key = (*entities, *(s.id for s in specs))
    found = _PROFILERS.get(key)
    if found is None:
        found = _PROFILERS[key] = ColumnProfiler(specs, entities=entities or None)
    return found


def _profile_partition(
    specs: Sequence[RecognizerSpec], entities: tuple[str, ...], cap: int
) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """The function ``mapInArrow`` runs on each partition (``cap`` rows at most; 0 = all)."""

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:

        stats: TableStats = {}
        rows, error = 0, None
        try:
            profiler = _profiler(specs, entities)
            for batch in batches:
                if cap and rows + batch.num_rows > cap:
                    batch = batch.slice(0, cap - rows)
                rows += batch.num_rows
                profiler.profile(batch, stats)
                if cap and rows >= cap:
                    break  # a sampled scan stops reading this partition here
        except Exception as exc:  # one odd partition is reported, the others still count
            # the type only: an exception's text may quote the value it choked on (as the local engine)
            error = f"a partition could not be profiled ({type(exc).__name__})"
        yield _partial(stats, rows, error)

    return run


def _partial(stats: TableStats, rows: int, error: str | None) -> pa.RecordBatch:
    """What one partition returns (``_PARTIAL_SCHEMA``): its statistics as JSON, rows read, problems."""
    import pyarrow as pa

    payload = json.dumps({name: s.to_dict() for name, s in stats.items()})
    return pa.RecordBatch.from_pydict({"stats": [payload], "rows": [rows], "error": [error]})


# --------------------------------------------------------------------------- driver


def _partitions(df: Any) -> int:
    """The DataFrame's partition count (Spark Connect, as on Databricks serverless, has no RDDs:
    there the default parallelism stands in, and the per-partition cap still bounds the sample)."""
    try:
        return max(1, int(df.rdd.getNumPartitions()))
    except Exception:
        try:
            return max(1, int(df.sparkSession.conf.get("spark.default.parallelism", "8")))
        except Exception:
            return 8


def _per_partition_cap(sample: int, partitions: int) -> int:
    if sample <= 0:
        return 0
    return max(1, math.ceil(sample * _OVERSAMPLE / max(1, partitions)))


def scan_dataframe(
    df: Any,
    *,
    sample: int = DEFAULT_SAMPLE,
    source: str = "dataframe",
    table: str = "dataframe",
    specs: Sequence[RecognizerSpec] | None = None,
    entities: Sequence[str] = (),
    min_score: float = 0.6,
    taxonomy_overrides: Mapping[str, Mapping[str, str]] | None = None,
) -> SparkScanResult:
    """Classify the columns of a Spark DataFrame with piiscan's column engine.

    ``sample`` is the number of values per column to look at (spread over every partition);
    ``0`` reads everything. Returns the contract's column findings; raises
    :class:`SparkScanError` when the executors cannot run piiscan.
    """
    specs = list(specs) if specs is not None else load_recognizers()
    wanted = tuple(e.upper() for e in entities)
    partitions = _partitions(df)
    result = SparkScanResult(source, table, partitions=partitions)
    _profile(df, specs, wanted, _per_partition_cap(sample, partitions), result)
    # the local engine orders fields as the schema does; partial results may arrive in any order
    result.stats = {name: result.stats[name] for name in _field_order(df, result.stats)}
    _decide(result, specs, wanted, min_score, taxonomy_overrides)
    return result


def _decide(
    result: SparkScanResult, specs: Sequence[RecognizerSpec], wanted: tuple[str, ...], min_score: float,
    taxonomy_overrides: Mapping[str, Mapping[str, str]] | None,
) -> None:
    """The driver's part: the local engine's judge turns the merged statistics into column findings."""
    from piiscan.columns.decide import ColumnJudge, Thresholds

    chosen = [s for s in specs if not wanted or s.entity in wanted]
    taxonomy = Taxonomy.from_specs(specs).with_overrides(taxonomy_overrides or {})
    judge = ColumnJudge(chosen, taxonomy, Thresholds(min_score=min_score))
    result.findings = judge.decide(result.stats, source=result.source, table=result.table)


def _profile(df: Any, specs: Sequence[RecognizerSpec], wanted: tuple[str, ...], cap: int,
             result: SparkScanResult) -> None:
    """Run the profiler on every partition (``cap`` rows each; 0 = all) and merge into ``result``."""
    spark = df.sparkSession
    previous = spark.conf.get("spark.sql.execution.arrow.maxRecordsPerBatch", str(_MAX_BATCH_ROWS))
    # sampled: batches no larger than a partition's share; full scan: the local engine's batch size
    batch_rows = min(_MAX_BATCH_ROWS, cap) if cap else _FULL_SCAN_BATCH_ROWS
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(batch_rows))
    source_df = _per_partition_limit(df, cap) if cap else df
    try:
        with _stage_name(spark, f"piiscan: profiling {result.table}"):
            partial = source_df.mapInArrow(_profile_partition(specs, wanted, cap), _PARTIAL_SCHEMA).collect()
    except Exception as exc:
        raise SparkScanError(_explain(exc)) from None
    finally:
        spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", previous)
    _merge_partials(partial, result)


def _per_partition_limit(df: Any, cap: int) -> Any:
    """``df`` with at most ``cap`` rows per partition, cut in the JVM (Spark's LocalLimit).

    Each partition's scan stops after its share, so a sampled scan never reads the whole table:
    the executors' Python also stops after ``cap`` rows, but the JVM would go on feeding it the
    rest of the partition. The DataFrame API has no per-partition limit, so the plan is built
    through py4j; where that is not possible (Spark Connect) the Python-side cap still bounds the
    sample, at the cost of reading the partitions.
    """
    try:
        from pyspark.sql import DataFrame

        spark = df.sparkSession
        jvm = spark._jvm
        literal = getattr(getattr(jvm.org.apache.spark.sql.catalyst.expressions, "Literal$"), "MODULE$").apply(cap)
        plan = jvm.org.apache.spark.sql.catalyst.plans.logical.LocalLimit(literal, df._jdf.queryExecution().logical())
        for dataset in ("org.apache.spark.sql.classic.Dataset", "org.apache.spark.sql.Dataset"):  # Spark 4, 3
            try:
                owner = jvm
                for part in dataset.split("."):
                    owner = getattr(owner, part)
                return DataFrame(owner.ofRows(spark._jsparkSession, plan), spark)
            except Exception:
                continue
    except Exception:
        pass
    return df


def _field_order(df: Any, stats: TableStats) -> list[str]:
    """Leaf names in schema order (as the local engine sees them), then any others."""
    top = [f.name for f in df.schema.fields]
    rank = {name: i for i, name in enumerate(top)}

    def key(name: str) -> tuple[int, str]:
        head = name.split(".", 1)[0].split("[", 1)[0]
        return rank.get(head, len(rank)), name

    return sorted(stats, key=key)


#: what the driver is doing now, shown on the progress bars of the stages it starts
_PHASE = ["Spark"]


@contextmanager
def _stage_name(spark: Any, name: str) -> Iterator[None]:
    """Label the Spark stages started inside (in piiscan's progress bars and as the job
    description in Spark's UI)."""
    context = getattr(spark, "sparkContext", None)
    previous = _PHASE[0]
    _PHASE[0] = name
    if context is not None:
        context.setJobDescription(name)
    try:
        yield
    finally:
        _PHASE[0] = previous
        if context is not None:
            context.setJobDescription(None)


def _explain(exc: Exception) -> str:
    """One clear line for a failed Spark job (the worker's traceback stays in Spark's logs)."""
    text = str(exc)
    if "No module named 'piiscan'" in text or "No module named 'pyarrow'" in text:
        return WORKER_HINT
    if "PATH_NOT_FOUND" in text or "Path does not exist" in text:
        return "the target does not exist"
    first = next((line.strip() for line in text.splitlines() if line.strip()), type(exc).__name__)
    if "PythonException" in text or "Traceback" in text:
        # a worker's Python error: its text may quote a value of the data, so only its type is told
        raised = _PYTHON_ERROR.findall(text)
        return f"the Spark job failed in a worker ({raised[-1] if raised else type(exc).__name__})"
    return f"the Spark job failed: {first[:300]}"


_PYTHON_ERROR = re.compile(r"^\s*([A-Za-z_][\w.]*(?:Error|Exception)):", re.MULTILINE)


# --------------------------------------------------------------------------- targets and sessions


@dataclass(frozen=True, slots=True)
class SparkOptions:
    """How to reach Spark: the master URL and configuration passed through (``--conf k=v``)."""

    master: str = "local[*]"
    conf: tuple[tuple[str, str], ...] = ()
    app_name: str = "piiscan"


_MASTER = re.compile(r"local(?:\[(?:\*|[0-9]+)(?:,\s*[0-9]+)?\])?|yarn|(?:spark|k8s|mesos)://\S+")


def valid_master(master: str) -> bool:
    """A master URL Spark accepts (``local[*]``, ``local[2]``, ``yarn``, ``spark://host:7077``, ``k8s://…``)."""
    return _MASTER.fullmatch(master) is not None


def session(options: SparkOptions) -> Any:
    """A SparkSession for the scan (``SparkScanError`` when pyspark is missing)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkScanError(f"--engine spark needs pyspark: {INSTALL_HINT}") from None
    builder = SparkSession.builder.master(options.master).appName(options.app_name)
    given = dict(options.conf)
    defaults = {
        "spark.ui.showConsoleProgress": "false",  # piiscan reports stages itself, with an ETA
        "spark.sql.files.ignoreCorruptFiles": "false",  # unreadable files are found first and reported
    }
    if not any(k == "spark.driver.extraJavaOptions" for k in given):
        from importlib import resources

        logging_file = resources.files("piiscan") / "data" / "spark-log4j2.properties"
        defaults["spark.driver.extraJavaOptions"] = f"-Dlog4j2.configurationFile=file:{logging_file}"
    local = options.master.startswith("local")
    if local:
        defaults["spark.driver.host"] = os.environ.get("SPARK_LOCAL_IP", "127.0.0.1")
    # local executors run this very Python (with piiscan); on a cluster the user says which. pyspark
    # takes the workers' Python from PYSPARK_PYTHON when the driver starts in-process, not from the conf
    python = given.get("spark.pyspark.python") or os.environ.get("PYSPARK_PYTHON") or (sys.executable if local else "")
    if python:
        os.environ["PYSPARK_PYTHON"] = python
        defaults["spark.pyspark.python"] = python
    for key, value in {**defaults, **given}.items():
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as exc:
        why = _explain(exc)
        if "JAVA_GATEWAY_EXITED" in str(exc):
            why = "the Java gateway exited (is Java 17 or newer installed, and the master reachable?)"
        raise SparkScanError(f"could not start Spark at {options.master}: {why}") from None
    spark.sparkContext.setLogLevel(given.get("piiscan.spark.logLevel", "ERROR"))
    return spark


def read_target(spark: Any, target: str) -> tuple[Any, str, str, list[ScanError]]:
    """The DataFrame for a target, its source and table names, and files that could not be read.

    ``spark:db.table`` is a catalog table; anything else a Parquet file or directory (any
    filesystem URI Spark understands). Parquet files whose footer cannot be read are reported
    and left out; the rest of the dataset is scanned.
    """
    if target.startswith("spark:"):
        name = target[len("spark:") :]
        try:
            return spark.table(name), target, name, []
        except Exception as exc:
            raise SparkScanError(_explain(exc)) from None
    try:
        df = spark.read.parquet(target)
        files = list(df.inputFiles())
    except Exception as exc:
        raise SparkScanError(_explain(exc)) from None
    try:
        bad = _unreadable(spark, files)
    except Exception as exc:  # the footer check is the first job that runs piiscan on the workers
        raise SparkScanError(_explain(exc)) from None
    errors = [ScanError(path, "corrupt", f"{path}: {why}; the rest of the dataset is scanned") for path, why in bad]
    if bad:
        good = sorted(set(files) - {path for path, _ in bad})
        if not good:
            raise SparkScanError("no readable Parquet file")
        base = target if not target.endswith(".parquet") else os.path.dirname(target) or "."
        df = spark.read.option("basePath", base).parquet(*good)
    name = os.path.basename(os.path.normpath(target.rstrip("/"))) or target
    return df, target, name, errors


def _unreadable(spark: Any, files: list[str]) -> list[tuple[str, str]]:
    """Files whose Parquet footer cannot be read, checked on the executors (pyarrow filesystems).

    A file pyarrow cannot open at all (a filesystem it does not know, which is why Spark's own reader
    is used) is not known to be broken: it is left to Spark, not reported or dropped.
    """
    return [
        (path, problem) for path, _, problem in _footers(spark, files)
        if problem and not problem.startswith(_NO_FILESYSTEM)
    ]


def _footers(spark: Any, files: list[str]) -> list[tuple[str, list[int], str]]:
    """``(file, rows of each row group, problem or "")`` for every file, read on the executors."""
    if not files or not hasattr(spark, "sparkContext"):  # Spark Connect: Spark itself reports bad files
        return []
    slices = min(len(files), max(1, spark.sparkContext.defaultParallelism * 4))
    with _stage_name(spark, f"piiscan: reading {len(files)} Parquet footers"):
        return spark.sparkContext.parallelize(files, slices).map(_footer).collect()  # type: ignore[no-any-return]


def _open_file(path: str) -> Any:
    import pyarrow.fs as pafs

    if "://" not in path:
        return pafs.LocalFileSystem().open_input_file(path)
    uri = "s3://" + path[len("s3a://") :] if path.startswith(("s3a://", "s3n://")) else path
    filesystem, inner = pafs.FileSystem.from_uri(uri)
    return filesystem.open_input_file(inner)


_NO_FILESYSTEM = "no pyarrow filesystem"


def _footer(path: str) -> tuple[str, list[int], str]:
    import pyarrow.parquet as pq

    try:
        handle = _open_file(path)
    except Exception as exc:  # an unknown scheme, missing credentials support ...
        return path, [], f"{_NO_FILESYSTEM} ({type(exc).__name__})"
    try:
        with handle:
            metadata = pq.ParquetFile(handle).metadata
            return path, [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)], ""
    except Exception as exc:
        return path, [], f"unreadable Parquet file ({type(exc).__name__})"


# --------------------------------------------------------------------------- Parquet, read by the executors

_Split = tuple[str, int, list[int]]  # file, row group, rows to take (empty: all of them)


def scan_parquet(
    spark: Any,
    target: str,
    *,
    sample: int = DEFAULT_SAMPLE,
    specs: Sequence[RecognizerSpec] | None = None,
    entities: Sequence[str] = (),
    min_score: float = 0.6,
    taxonomy_overrides: Mapping[str, Mapping[str, str]] | None = None,
    seed: int = 0,
    tasks: int | None = None,
) -> SparkScanResult:
    """Classify a Parquet file or dataset (local path or filesystem URI) on Spark, Spark scheduling
    and the executors reading the files themselves.

    The driver plans row groups from the footers (the executors read them), exactly as the local
    engine samples (the same row groups and rows for the same seed), and ``mapInArrow`` runs over
    those splits: each executor task opens its files with pyarrow, reads its row groups (only the
    sampled rows when sampling) and profiles them, so no row travels from the JVM to Python. Hive
    partition directories (``dt=2024-11-01``) give their columns as in the local engine. ``tasks``
    is how many Spark tasks share the row groups (default: 4 per core). Raises
    :class:`SparkScanError` when a filesystem is out of pyarrow's reach (then use
    :func:`scan_dataframe` on ``spark.read.parquet(...)``).
    """
    import random

    from piiscan.sources.parquet import _plan_sample

    specs = list(specs) if specs is not None else load_recognizers()
    wanted = tuple(e.upper() for e in entities)
    try:
        with _stage_name(spark, "piiscan: listing the dataset"):
            files = sorted(spark.read.parquet(target).inputFiles())
        footers = _footers(spark, files)
    except Exception as exc:
        raise SparkScanError(_explain(exc)) from None
    root = target.rstrip("/")
    table = os.path.basename(os.path.normpath(root)) or target
    result = SparkScanResult(target, table)
    readable = [(path, sizes) for path, sizes, problem in footers if not problem]
    if footers and all(problem.startswith(_NO_FILESYSTEM) for _, _, problem in footers):
        raise _OutOfReach(target)
    for path, _, problem in footers:
        if problem:
            result.errors.append(ScanError(path, "corrupt", f"{path}: {problem}; the rest of the dataset is scanned"))
    if not readable:
        raise SparkScanError("no readable Parquet file") if files else _OutOfReach(target)
    slots = [(path, index) for path, sizes in readable for index in range(len(sizes))]
    sizes = [size for _, row_groups in readable for size in row_groups]
    if sample > 0 and sample < sum(sizes):
        plan = _plan_sample(sizes, sample, random.Random(f"{seed}/{table}"))
        splits: list[_Split] = [(slots[pos][0], slots[pos][1], rows) for pos, rows in plan]
    else:
        splits = [(path, index, []) for path, index in slots]
    base = _base_uri(files, target)
    slices = max(1, min(len(splits), tasks or spark.sparkContext.defaultParallelism * 4))
    frame = spark.sparkContext.parallelize(splits, slices).toDF("path string, row_group int, rows array<long>")
    try:
        with _stage_name(spark, f"piiscan: profiling {table} ({len(splits)} row groups)"):
            partial = frame.mapInArrow(_read_and_profile(specs, wanted, base), _PARTIAL_SCHEMA).collect()
    except Exception as exc:
        raise SparkScanError(_explain(exc)) from None
    result.partitions = slices
    _merge_partials(partial, result)
    _decide(result, specs, wanted, min_score, taxonomy_overrides)
    return result


def _base_uri(files: list[str], target: str) -> str:
    """The dataset root as Spark names its files (``file:/...``), for hive partition directories."""
    if not files:
        return target
    common = os.path.commonpath([f.split("://", 1)[-1] for f in files]) if len(files) > 1 else os.path.dirname(
        files[0].split("://", 1)[-1]
    )
    # partition directories below the root are `key=value`: climb above them
    parts = common.split("/")
    while parts and "=" in parts[-1]:
        parts.pop()
    return "/".join(parts)


def _partition_values(path: str, base: str) -> list[tuple[str, str]]:
    inner = path.split("://", 1)[-1]
    rel = inner[len(base) :].strip("/") if inner.startswith(base) else ""
    pairs = []
    for part in rel.split("/")[:-1]:
        key, sep, value = part.partition("=")
        if sep and key:
            pairs.append((key, value))
    return pairs


def _read_and_profile(
    specs: Sequence[RecognizerSpec], entities: tuple[str, ...], base: str
) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """The function ``mapInArrow`` runs on each partition of splits: read, take, profile."""

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        stats: TableStats = {}
        rows, errors = 0, []
        profiler = _profiler(specs, entities)
        for split in batches:
            for path, row_group, take in zip(
                split.column(0).to_pylist(), split.column(1).to_pylist(), split.column(2).to_pylist(), strict=True
            ):
                try:
                    with _open_file(path) as handle:
                        table = pq.ParquetFile(handle).read_row_group(row_group)
                    if take:
                        table = table.take(pa.array(take, pa.int64()))
                    for key, value in _partition_values(path, base):
                        if key not in table.column_names:
                            table = table.append_column(key, pa.array([value] * table.num_rows, pa.string()))
                    for batch in table.to_batches(max_chunksize=_FULL_SCAN_BATCH_ROWS):
                        profiler.profile(batch, stats)
                    rows += table.num_rows
                except Exception as exc:  # a row group that fails is reported, the others still count
                    errors.append(f"{path}: row group {row_group} could not be read ({type(exc).__name__})")
        yield _partial(stats, rows, "; ".join(errors) or None)

    return run


def _merge_partials(partial: list[Any], result: SparkScanResult) -> None:
    for row in partial:
        if row["error"]:
            result.errors.append(ScanError(result.source, "partition", f"{result.source}: {row['error']}"))
        part = {name: ColumnStats.from_dict(data) for name, data in json.loads(row["stats"]).items()}
        merge_tables(result.stats, part)
        result.rows += int(row["rows"])


# --------------------------------------------------------------------------- progress


class StageProgress:
    """Reports the running Spark stages (tasks done / total, with an ETA) on a terminal."""

    def __init__(self, spark: Any, interval: float = 0.5) -> None:
        self._tracker = spark.sparkContext.statusTracker()
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._tasks: dict[int, Any] = {}

    def __enter__(self) -> StageProgress:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

        self._progress = Progress(
            TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeRemainingColumn(),
            console=Console(file=sys.stderr), transient=True,
        )
        self._progress.start()
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._progress.stop()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self.poll()
            except Exception:  # the JVM may be shutting down; progress is best effort
                return

    def poll(self) -> None:
        """Update one bar per active stage."""
        for stage_id in self._tracker.getActiveStageIds():
            info = self._tracker.getStageInfo(stage_id)
            if info is None:
                continue
            task = self._tasks.get(stage_id)
            if task is None:
                task = self._tasks[stage_id] = self._progress.add_task(
                    f"{_PHASE[0]} (stage {stage_id})", total=max(1, info.numTasks)
                )
            self._progress.update(task, completed=info.numCompletedTasks, total=max(1, info.numTasks))


# --------------------------------------------------------------------------- the command


def run_spark_scan(
    targets: Sequence[str],
    options: SparkOptions,
    *,
    sample: int,
    entities: Sequence[str] = (),
    min_score: float = 0.6,
    taxonomy_overrides: Mapping[str, Mapping[str, str]] | None = None,
    rules: Mapping[str, Any] | None = None,
    progress: bool = False,
) -> tuple[Any, list[str]]:
    """``piiscan scan --engine spark``: a Report of column findings, and the targets not scanned at all."""
    from piiscan import __version__
    from piiscan.model import Report, Summary

    began = time.perf_counter()
    report = Report([], [], Summary(), dict(rules or {}), __version__)
    failed: list[str] = []
    try:
        spark = session(options)
    except SparkScanError as exc:
        report.errors.append(ScanError(options.master, "unreachable", str(exc)))
        report.summary.errors = len(report.errors)
        return report, list(targets)
    specs = load_recognizers()
    for target in targets:
        try:
            with StageProgress(spark) if progress else nullcontext():
                result = _scan_target(spark, target, sample, specs, entities, min_score, taxonomy_overrides)
        except SparkScanError as exc:
            report.errors.append(ScanError(target, "unreadable", f"{target}: {exc}"))
            failed.append(target)
            continue
        report.errors.extend(result.errors)
        report.columns.extend(result.findings)
        report.summary.tables_scanned += 1
        report.summary.columns_scanned += len(result.stats)
        report.summary.values_scanned += result.values
    report.summary.count_findings(report.columns)
    report.summary.errors = len(report.errors)
    report.summary.duration_seconds = time.perf_counter() - began
    return report, failed


def _scan_target(
    spark: Any, target: str, sample: int, specs: Sequence[RecognizerSpec], entities: Sequence[str],
    min_score: float, taxonomy_overrides: Mapping[str, Mapping[str, str]] | None,
) -> SparkScanResult:
    """A Parquet target read by the executors (pyarrow), else Spark's reader (catalog tables, other
    filesystems) through :func:`scan_dataframe`."""
    if not target.startswith("spark:"):
        try:
            return scan_parquet(
                spark, target, sample=sample, specs=specs, entities=entities, min_score=min_score,
                taxonomy_overrides=taxonomy_overrides,
            )
        except _OutOfReach:
            pass
    df, source, table, errors = read_target(spark, target)
    result = scan_dataframe(
        df, sample=sample, source=source, table=table, specs=specs, entities=entities, min_score=min_score,
        taxonomy_overrides=taxonomy_overrides,
    )
    result.errors[:0] = errors
    return result

