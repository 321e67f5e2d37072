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


def spark_scan(spark: Any, target: str | list[str], sample: int) -> tuple[float, list[tuple[str, str]], int, int]:
    from piiscan.spark import read_target, scan_dataframe

    began = time.perf_counter()
    if isinstance(target, list):
        df, source, table = spark.read.parquet(*target), "subset", "subset"
    else:
        df, source, table, _ = read_target(spark, target)
    result = scan_dataframe(df, sample=sample, source=source, table=table)
    return (time.perf_counter() - began, sorted((f.field, f.entity) for f in result.findings), result.values,
            result.partitions)


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
    seconds, found, values, parts = spark_scan(spark, str(data), 10_000)
    same = "same findings" if found == local_sampled else f"DIFFERENT: {sorted(set(found) ^ set(local_sampled))}"
    rows.append(("sampled, 10,000 values per column", f"Spark local[2], {parts} partitions", values, seconds, same))
    seconds, found, values, parts = spark_scan(spark, str(data), 0)
    spark_rate = values / seconds
    same = "same findings" if found == local_full else f"DIFFERENT: {sorted(set(found) ^ set(local_full))}"
    rows.append(("full scan", f"Spark local[2], {parts} partitions", values, seconds,
                 f"{rate(values, seconds)}; {spark_rate / 2 / 1e6:.2f} M/s per core vs local "
                 f"{local_rate / 1e6:.2f}: {local_rate / (spark_rate / 2):.1f}x; {same}"))

    if not args.skip_scale:
        for share in (4, 2):
            subset = files[: max(1, len(files) // share)]
            seconds, _, values, parts = spark_scan(spark, subset, 0)
            rows.append((f"full scan, {len(subset)} of {len(files)} files", f"Spark local[2], {parts} partitions",
                         values, seconds, f"{rate(values, seconds)}; {seconds / (values / 15 / 1e6):.2f} s per M rows"))
        rows.append(("full scan, all files", "Spark local[2]", rows[3][2], rows[3][3],
                     f"{rows[3][3] / (rows[3][2] / 15 / 1e6):.2f} s per M rows"))
        spark.stop()
        size = max(1, sum(os.path.getsize(f) for f in files) // 20)
        spark, _ = start("local[2]", (("spark.sql.files.maxPartitionBytes", str(size)),
                                      ("spark.sql.files.openCostInBytes", "0")))
        seconds, _, values, parts = spark_scan(spark, str(data), 0)
        rows.append(("full scan, 10 partitions per core", f"Spark local[2], {parts} partitions", values, seconds,
                     rate(values, seconds)))
        spark.stop()
        spark, _ = start("local[1]")
        half = files[: max(1, len(files) // 2)]
        seconds, _, values, parts = spark_scan(spark, half, 0)
        rows.append((f"full scan, {len(half)} files", f"Spark local[1], {parts} partitions", values, seconds,
                     rate(values, seconds)))
    spark.stop()

    print(f"\ndataset: {data} ({args.rows:,} rows x 15 columns, {len(files)} files); machine: {os.cpu_count()} cores\n")
    print("| run | engine | values | seconds | |")
    print("|---|---|---:|---:|---|")
    for what, engine, values, seconds, note in rows:
        print(f"| {what} | {engine} | {values:,} | {seconds:.1f} | {note} |")


if __name__ == "__main__":
    main()
