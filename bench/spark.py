"""The column engine on Spark ``local[N]`` beside the local engine, in one run, and how Spark scales.

On the 10-million-row x 15-column Parquet dataset of ``bench/make_tables.py`` (nine personal-data
columns, four with uninformative names, six decoys), prints one table:

(a) sampled classification (10,000 values per column) and a full scan (every value), local engine
    (in-process ``TableScanner``) beside ``piiscan.spark.scan_dataframe`` on ``local[2]``, with the
    verdicts compared (Spark's session start-up is reported apart, as a cluster already runs);
(b) scale with rows: full scans of a quarter, half and all of the files (time per million rows);
(c) scale with cores: ``local[1]`` against ``local[2]`` on the same files, and ``local[2]`` with the
    dataset cut into 10 partitions per core.

    pip install -e '.[spark,bench]'   # Java 17+
    python bench/spark.py [--data /tmp/bench_tables] [--rows 10000000] [--skip-scale]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

Row = tuple[str, str, int, float, str]  # what, engine, values, seconds, note


def local_scan(data: Path, sample: int) -> tuple[float, list[tuple[str, str]], int]:
    from piiscan.recognizers import load_recognizers
    from piiscan.scan_tables import TableScanner
    from piiscan.sources.tables import TableOptions
    from piiscan.taxonomy import Taxonomy

    specs = load_recognizers()
    scanner = TableScanner(specs, Taxonomy.from_specs(specs), TableOptions(sample=sample))
    began = time.perf_counter()
    result = scanner.scan([(str(data), "parquet")])
    return time.perf_counter() - began, sorted((f.field, f.entity) for f in result.columns), result.values


def spark_scan(spark: Any, target: str, sample: int) -> tuple[float, list[tuple[str, str]], int, int]:
    """``--engine spark`` on a Parquet target: the executors read the row groups (scan_parquet)."""
    from piiscan.spark import scan_parquet

    began = time.perf_counter()
    result = scan_parquet(spark, target, sample=sample)
    LAST_ROWS[0] = result.rows
    return (time.perf_counter() - began, sorted((f.field, f.entity) for f in result.findings), result.values,
            result.partitions)


LAST_ROWS = [0]  # rows the last scan_parquet read


def spark_dataframe_scan(spark: Any, target: str, sample: int) -> tuple[float, list[tuple[str, str]], int, int]:
    """The notebook path: Spark reads, mapInArrow hands its Arrow batches to the profiler."""
    from piiscan.spark import read_target, scan_dataframe

    began = time.perf_counter()
    df, source, table, _ = read_target(spark, target)
    result = scan_dataframe(df, sample=sample, source=source, table=table)
    return (time.perf_counter() - began, sorted((f.field, f.entity) for f in result.findings), result.values,
            result.partitions)


def spark_scan_partitions(spark: Any, target: str, tasks: int) -> tuple[float, list[tuple[str, str]], int, int]:
    """As :func:`spark_scan`, the row groups cut into ``tasks`` Spark tasks."""
    from piiscan.spark import scan_parquet

    began = time.perf_counter()
    result = scan_parquet(spark, target, sample=0, tasks=tasks)
    return (time.perf_counter() - began, sorted((f.field, f.entity) for f in result.findings), result.values,
            result.partitions)


def subset(files: list[str], count: int, root: Path) -> str:
    """A directory of symbolic links to the first ``count`` files (a smaller dataset, same data)."""
    folder = root / f"subset-{count}"
    folder.mkdir(parents=True, exist_ok=True)
    for path in files[:count]:
        link = folder / Path(path).name
        if not link.exists():
            link.symlink_to(path)
    return str(folder)


def start(master: str, conf: tuple[tuple[str, str], ...] = ()) -> tuple[Any, float]:
    from piiscan.spark import SparkOptions, session

    began = time.perf_counter()
    spark = session(SparkOptions(master=master, conf=conf))
    spark.range(1).collect()  # the first job pays the JVM's warm-up
    return spark, time.perf_counter() - began


def rate(values: int, seconds: float) -> str:
    return f"{values / seconds / 1e6:.2f} M values/s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("/tmp/bench_tables"))
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--skip-scale", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from tables import ensure_dataset

    data = ensure_dataset(args.data, args.rows)
    files = sorted(str(p) for p in data.glob("*.parquet"))
    rows: list[Row] = []

    seconds, local_sampled, values = local_scan(data, 10_000)
    rows.append(("sampled, 10,000 values per column", "local engine, 1 process", values, seconds, ""))
    seconds, local_full, local_values = local_scan(data, 0)
    local_rate = local_values / seconds
    rows.append(("full scan", "local engine, 1 process", local_values, seconds, rate(local_values, seconds)))

    spark, startup = start("local[2]")
    print(f"Spark local[2] session start (not in the times below): {startup:.1f} s", file=sys.stderr)
    for label, scan in (("executors read (--engine spark)", spark_scan),
                        ("Spark reads, DataFrame path", spark_dataframe_scan)):
        seconds, found, values, parts = scan(spark, str(data), 10_000)
        same = "same findings" if found == local_sampled else f"DIFFERENT: {sorted(set(found) ^ set(local_sampled))}"
        rows.append(("sampled, 10,000 values per column", f"Spark local[2], {label}, {parts} partitions", values,
                     seconds, same))
        seconds, found, values, parts = scan(spark, str(data), 0)
        per_core = values / seconds / 2
        same = "same findings" if found == local_full else f"DIFFERENT: {sorted(set(found) ^ set(local_full))}"
        rows.append(("full scan", f"Spark local[2], {label}, {parts} partitions", values, seconds,
                     f"{rate(values, seconds)} = {per_core / 1e6:.2f} M/s per core, local engine "
                     f"{local_rate / per_core:.2f}x that; {same}"))

    if not args.skip_scale:
        links = Path(tempfile.mkdtemp(prefix="piiscan-spark-bench-"))
        for count in (max(1, len(files) // 4), max(1, len(files) // 2), len(files)):
            seconds, _, values, parts = spark_scan(spark, subset(files, count, links), 0)
            millions = LAST_ROWS[0] / 1e6
            rows.append((f"full scan, {count} of {len(files)} files ({millions:.1f} M rows)",
                         f"Spark local[2], {parts} partitions", values, seconds,
                         f"{rate(values, seconds)}; {seconds / millions:.2f} s per M rows"))
        spark.stop()
        spark, _ = start("local[1]")
        seconds, _, values, parts = spark_scan(spark, str(data), 0)
        rows.append(("full scan", f"Spark local[1], {parts} partitions", values, seconds, rate(values, seconds)))
        spark.stop()
        spark, _ = start("local[2]")
        seconds, _, values, parts = spark_scan_partitions(spark, str(data), 20)
        rows.append(("full scan, 10 partitions per core", f"Spark local[2], {parts} partitions", values, seconds,
                     rate(values, seconds)))
    spark.stop()

    print(f"\ndataset: {data} ({args.rows:,} rows x 15 columns, {len(files)} files); machine: {os.cpu_count()} cores\n")
    print("| run | engine | values | seconds | |")
    print("|---|---|---:|---:|---|")
    for what, engine, values, seconds, note in rows:
        print(f"| {what} | {engine} | {values:,} | {seconds:.1f} | {note} |")


if __name__ == "__main__":
    main()
