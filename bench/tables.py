"""Table scanning, timed: Parquet (sampled and full), PostgreSQL (sampled), and Presidio on the same values.

One run prints one table:

(a) the 10-million-row x 15-column Parquet dataset of ``bench/make_tables.py``: ``piiscan scan
    DATASET`` with the default sample (10,000 values per column; the whole command, start-up
    included), and ``--sample 0`` (every value) in values per second;
(b) a 1-million-row PostgreSQL table with the same columns: ``piiscan scan postgresql://...``
    with the default sample (needs a server: ``--postgres URL`` or ``$PIISCAN_TEST_POSTGRES_URL``;
    ``.ci/dbservers.sh start`` starts one on loopback);
(c) the same sampled values through Presidio's ``BatchAnalyzerEngine.analyze_dict`` (spaCy small
    model, with and without NER) beside piiscan's column engine on exactly those values.

    pip install -e '.[bench]'
    python bench/tables.py [--data /tmp/bench_tables] [--rows 10000000] [--postgres URL]
                           [--presidio-values 2000] [--skip-full] [--skip-presidio]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

Row = tuple[str, str, float, str]  # what, values, seconds, rate or note


def ensure_dataset(path: Path, rows: int) -> Path:
    """Generate the Parquet dataset once (it is large: keep it outside the repository)."""
    labels = path / "_labels.json"
    if not labels.is_file() or json.loads(labels.read_text())["tables"][0].get("rows") != rows:
        subprocess.run([sys.executable, str(BENCH / "make_tables.py"), "--out", str(path), "--rows", str(rows)],
                       check=True)
    return path


def scan_cli(target: str, *extra: str) -> tuple[float, dict[str, Any]]:
    """Wall time of the whole ``piiscan scan`` command and its JSON report."""
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "piiscan", "scan", target, "--format", "json", "--quiet", *extra],
        capture_output=True, text=True, check=False,
    )
    elapsed = time.perf_counter() - began
    if done.returncode not in (0, 1):
        raise SystemExit(f"piiscan scan {target} failed ({done.returncode}): {done.stderr.strip()[:500]}")
    return elapsed, json.loads(done.stdout)


def verdicts(report: dict[str, Any]) -> str:
    """``field=ENTITY`` for every reported column, to show the result next to the time."""
    return ", ".join(f"{f['field']}={f['entity']}" for f in report["findings"] if "field" in f)


def load_postgres(url: str, rows: int, seed: int) -> str:
    """Create ``bench_tables`` with ``rows`` rows (COPY from CSV) unless it is already there."""
    import psycopg
    import pyarrow.csv as pacsv
    from make_tables import generate_table

    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        have = conn.execute("select count(*) from pg_tables where tablename = 'bench_tables'").fetchone()
        if have and have[0]:
            count = conn.execute("select count(*) from bench_tables").fetchone()
            if count and count[0] == rows:
                return url
            conn.execute("drop table bench_tables")
        table = generate_table(rows, seed)
        types = {"amount": "numeric(12,2)"}
        columns = ", ".join(f'"{name}" {types.get(name, "text")}' for name in table.schema.names)
        conn.execute(f"create table bench_tables ({columns})")
        buffer = io.BytesIO()
        pacsv.write_csv(table, buffer)
        with conn.cursor().copy("copy bench_tables from stdin with (format csv, header true)") as copy:
            copy.write(buffer.getvalue())
        conn.execute("analyze bench_tables")
    return url


def sampled_values(data: Path, per_column: int) -> dict[str, list[str]]:
    """The first ``per_column`` values of the piiscan sample of every column (as text)."""
    from piiscan.sources.parquet import open_parquet
    from piiscan.sources.tables import TableOptions

    (table,) = [t for t in open_parquet(str(data), TableOptions()) if not hasattr(t, "kind")]
    columns: dict[str, list[str]] = {}
    for batch in table.batches:  # type: ignore[union-attr]
        for name, column in zip(batch.schema.names, batch.columns, strict=True):
            values = [str(v) for v in column.to_pylist() if v is not None]
            columns.setdefault(name, []).extend(values)
    return {name: values[:per_column] for name, values in columns.items()}


def piiscan_on_values(values: dict[str, list[str]]) -> float:
    """Seconds for piiscan's column engine (profile + decide) on exactly these values."""
    import pyarrow as pa

    from piiscan.columns import classify_batches
    from piiscan.columns.decide import ColumnJudge
    from piiscan.columns.profile import ColumnProfiler
    from piiscan.recognizers import load_recognizers
    from piiscan.taxonomy import Taxonomy

    specs = load_recognizers()
    profiler, judge = ColumnProfiler(specs), ColumnJudge(specs, Taxonomy.from_specs(specs))
    batch = pa.RecordBatch.from_pydict({k: pa.array(v, pa.string()) for k, v in values.items()})
    classify_batches([batch.slice(0, 10)], profiler, judge, source="warm-up", table="t")
    profiler = ColumnProfiler(specs)  # fresh verdict cache: nothing measured is remembered
    began = time.perf_counter()
    classify_batches([batch], profiler, judge, source="bench", table="t")
    return time.perf_counter() - began


def presidio_on_values(values: dict[str, list[str]], ner: bool) -> float:
    """Seconds for Presidio's BatchAnalyzerEngine.analyze_dict on the same values."""
    from presidio_analyzer import BatchAnalyzerEngine
    from presidio_engine import build_presidio

    batch = BatchAnalyzerEngine(analyzer_engine=build_presidio(ner=ner))
    list(batch.analyze_dict({"warm": ["warm-up John 36.112.10.5"]}, language="en"))
    began = time.perf_counter()
    for result in batch.analyze_dict(values, language="en"):
        list(result.recognizer_results)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("/tmp/bench_tables"))
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--pg-rows", type=int, default=1_000_000)
    parser.add_argument("--postgres", default=os.environ.get("PIISCAN_TEST_POSTGRES_URL"))
    parser.add_argument("--presidio-values", type=int, default=2000, help="values per column given to Presidio")
    parser.add_argument("--skip-full", action="store_true")
    parser.add_argument("--skip-presidio", action="store_true")
    args = parser.parse_args()

    data = ensure_dataset(args.data, args.rows)
    rows: list[Row] = []
    seconds, report = scan_cli(str(data))
    sampled = report["summary"]["values_scanned"]
    rows.append(("Parquet, default sample: `piiscan scan DATASET` (whole command)", f"{sampled:,}", seconds,
                 verdicts(report)))
    if not args.skip_full:
        seconds, report = scan_cli(str(data), "--sample", "0")
        scanned = report["summary"]["values_scanned"]
        rows.append(("Parquet, full scan: `--sample 0`", f"{scanned:,}", seconds,
                     f"{scanned / seconds:,.0f} values/s; {verdicts(report)}"))
    if args.postgres:
        url = load_postgres(args.postgres, args.pg_rows, 7)
        seconds, report = scan_cli(url)
        rows.append((f"PostgreSQL {args.pg_rows:,} rows, default sample (whole command)",
                     f"{report['summary']['values_scanned']:,}", seconds, verdicts(report)))
    else:
        rows.append(("PostgreSQL", "-", 0.0, "skipped: no --postgres URL / $PIISCAN_TEST_POSTGRES_URL"))
    if not args.skip_presidio:
        values = sampled_values(data, args.presidio_values)
        count = sum(len(v) for v in values.values())
        ours = piiscan_on_values(values)
        rows.append(
            ("piiscan column engine on the Presidio subset", f"{count:,}", ours, f"{count / ours:,.0f} values/s")
        )
        for ner in (True, False):
            theirs = presidio_on_values(values, ner)
            label = "with NER (spaCy sm)" if ner else "without NER"
            rows.append((f"Presidio BatchAnalyzerEngine.analyze_dict {label}", f"{count:,}", theirs,
                         f"{count / theirs:,.0f} values/s; piiscan {theirs / ours:,.0f}x faster"))
    print(f"\ndataset: {data} ({args.rows:,} rows x 15 columns); machine: {os.cpu_count()} cores\n")
    print("| run | values | seconds | result |")
    print("|---|---:|---:|---|")
    for what, count_text, secs, note in rows:
        print(f"| {what} | {count_text} | {secs:.2f} | {note} |")


if __name__ == "__main__":
    main()
