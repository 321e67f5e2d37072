"""The column engine on Spark (local[2]): the same verdicts as the local engine, sampling, errors, CLI."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyspark")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from typer.testing import CliRunner  # noqa: E402

from piiscan import spark as spark_module  # noqa: E402
from piiscan.cli import app  # noqa: E402
from piiscan.recognizers import load_recognizers  # noqa: E402
from piiscan.scan_tables import TableScanner  # noqa: E402
from piiscan.sources.tables import TableOptions  # noqa: E402
from piiscan.spark import (  # noqa: E402
    _NO_FILESYSTEM,
    WORKER_HINT,
    SparkOptions,
    StageProgress,
    _explain,
    _footer,
    read_target,
    scan_dataframe,
    scan_parquet,
    session,
    valid_master,
)
from piiscan.taxonomy import Taxonomy  # noqa: E402
from piiscan.validators.checksums import luhn_check_digit  # noqa: E402

pytestmark = pytest.mark.slow
SPECS = load_recognizers()
RNG = random.Random(17)
ROWS = 3000


def _imei() -> str:
    body = "86" + "".join(RNG.choice("0123456789") for _ in range(12))
    return body + luhn_check_digit(body)


def _table(n: int, offset: int = 0) -> Any:
    """Nine personal-data columns (two nested) and three decoys, uninformative names included."""
    first = ["Maria", "James", "Olivia", "Liam", "Sofia", "Noah", "Emma", "Lucas"]
    last = ["Gonzalez", "Whitfield", "Novak", "Schmidt", "Okafor", "Tanaka"]
    rows = range(offset, offset + n)
    return pa.table({
        "id": pa.array(list(rows), pa.int64()),
        "dev_hw": [_imei() for _ in rows],  # an IMEI column with an uninformative name
        "email": [f"user{i}@corp{i % 7}.cn" for i in rows],
        "full_name": [f"{RNG.choice(first)} {RNG.choice(last)}" for _ in rows],
        "order_no": [f"2024{RNG.randint(10**14, 10**15 - 1)}" for _ in rows],  # decoy
        "span_id": [f"{RNG.getrandbits(64):016x}" for _ in rows],  # decoy
        "sku": [f"SKU-{RNG.randint(1, 99999):05d}" for _ in rows],  # decoy
        "device": pa.array(
            [{"imei": _imei(), "os": "android"} for _ in rows],
            pa.struct([("imei", pa.string()), ("os", pa.string())]),
        ),
        "tags": pa.array([[f"vip{i % 3}", f"u{i}@mail{i % 5}.com"] for i in rows], pa.list_(pa.string())),
        "lat": [30.0 + RNG.random() for _ in rows],
        "lng": [104.0 + RNG.random() for _ in rows],
    })


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A hive-partitioned dataset of four files."""
    root = tmp_path_factory.mktemp("spark") / "events"
    for part in range(4):
        folder = root / f"dt=2024-11-0{part + 1}"
        folder.mkdir(parents=True)
        pq.write_table(_table(ROWS // 4, part * ROWS), folder / "part-0.parquet", row_group_size=250)
    return root


@pytest.fixture(scope="module")
def spark() -> Any:
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    return session(SparkOptions(master="local[2]", conf=(("spark.sql.shuffle.partitions", "2"),)))


def _local(target: Path, sample: int) -> list[tuple[str, str, str]]:
    scanner = TableScanner(SPECS, Taxonomy.from_specs(SPECS), TableOptions(sample=sample))
    result = scanner.scan([(str(target), "parquet")])
    assert not result.errors
    return sorted((f.field, f.entity, f.evidence) for f in result.columns)


def _verdicts(findings: list[Any]) -> list[tuple[str, str, str]]:
    return sorted((f.field, f.entity, f.evidence) for f in findings)


def test_full_scan_gives_the_local_engines_findings(spark: Any, dataset: Path) -> None:
    df, source, table, errors = read_target(spark, str(dataset))
    assert errors == []
    result = scan_dataframe(df, sample=0, source=source, table=table)
    expected = _local(dataset, 0)
    assert _verdicts(result.findings) == expected
    assert {field for field, _, _ in expected} >= {"dev_hw", "email", "full_name", "device.imei", "tags[]"}
    assert not {"order_no", "span_id", "sku"} & {field for field, _, _ in expected}  # decoys stay silent
    assert result.rows == ROWS
    scanner = TableScanner(SPECS, Taxonomy.from_specs(SPECS), TableOptions(sample=0))
    local = {(f.field, f.entity): f for f in scanner.scan([(str(dataset), "parquet")]).columns}
    for f in result.findings:  # full scans see the same values: the same counts and fingerprints
        twin = local[f.field, f.entity]
        assert (f.matches, f.rows_scanned, f.fingerprint) == (twin.matches, twin.rows_scanned, twin.fingerprint)


def _full(findings: list[Any]) -> list[tuple[Any, ...]]:
    return [(f.field, f.entity, f.evidence, f.matches, f.rows_scanned, f.ratio, f.fingerprint) for f in findings]


@pytest.mark.parametrize("sample", [0, 400])
def test_parquet_read_by_the_executors_is_the_local_engine_to_the_count(
    spark: Any, dataset: Path, sample: int
) -> None:
    """Same row groups and rows sampled, same reading, same profiler: identical findings."""
    result = scan_parquet(spark, str(dataset), sample=sample)
    scanner = TableScanner(SPECS, Taxonomy.from_specs(SPECS), TableOptions(sample=sample))
    local = scanner.scan([(str(dataset), "parquet")])
    assert _full(result.findings) == _full(local.columns)
    assert result.values == local.values
    assert result.rows == (ROWS if sample == 0 else sample)
    assert "dt" in result.stats  # the hive partition column, as pyarrow.dataset gives it


def test_parquet_unreadable_file_is_reported_and_the_rest_scanned(spark: Any, dataset: Path, tmp_path: Path) -> None:
    copy = tmp_path / "events"
    shutil.copytree(dataset, copy)
    broken = copy / "dt=2024-11-03" / "part-0.parquet"
    broken.write_bytes(b"PAR1" + b"\0" * 64)
    result = scan_parquet(spark, str(copy), sample=0)
    assert [(e.kind, e.path.endswith("dt=2024-11-03/part-0.parquet")) for e in result.errors] == [("corrupt", True)]
    assert result.rows == ROWS - ROWS // 4
    assert ("dev_hw", "IMEI") in {(f.field, f.entity) for f in result.findings}


def test_footer_of_an_unknown_filesystem_is_out_of_reach_not_corrupt(monkeypatch: pytest.MonkeyPatch) -> None:
    path = "nosuchfs://bucket/events/part-0.parquet"
    _path, sizes, problem = _footer(path)
    assert (sizes, problem.startswith(_NO_FILESYSTEM)) == ([], True)
    # Spark's reader (the fallback for such a filesystem) must not then drop the file as corrupt
    monkeypatch.setattr(spark_module, "_footers", lambda spark, files: [_footer(f) for f in files])
    assert spark_module._unreadable(None, [path]) == []


def test_sampled_scan_reads_a_bounded_share_of_every_partition(spark: Any, dataset: Path) -> None:
    df, source, table, _ = read_target(spark, str(dataset))
    result = scan_dataframe(df, sample=400, source=source, table=table)
    assert 400 <= result.rows <= 400 * 1.2 + result.partitions
    assert _verdicts(result.findings) == _local(dataset, 400)


def test_in_memory_dataframe_and_findings_as_a_dataframe(spark: Any) -> None:
    rows = [(i, _imei(), f"user{i}@corp.cn", "gold") for i in range(200)]
    df = spark.createDataFrame(rows, "id long, c1 string, contact string, tier string")
    result = scan_dataframe(df, source="memory", table="customers")
    assert {(f.field, f.entity) for f in result.findings} == {("c1", "IMEI"), ("contact", "EMAIL_ADDRESS")}
    out = result.to_dataframe(spark)
    assert {"entity", "field", "fingerprint", "evidence", "ratio"} <= set(out.columns)
    records = {(r["field"], r["entity"]) for r in out.collect()}
    assert records == {("c1", "IMEI"), ("contact", "EMAIL_ADDRESS")}
    assert all("@" not in str(r["preview"]).split("*")[0] for r in out.collect())  # masked


def test_catalog_table_target(spark: Any) -> None:
    spark.createDataFrame([(_imei(),) for _ in range(60)], "dev string").createOrReplaceTempView("devices_view")
    df, source, table, errors = read_target(spark, "spark:devices_view")
    assert (source, table, errors) == ("spark:devices_view", "devices_view", [])
    assert [(f.field, f.entity) for f in scan_dataframe(df, source=source, table=table).findings] == [("dev", "IMEI")]


def test_unreadable_file_is_reported_and_the_rest_scanned(spark: Any, dataset: Path, tmp_path: Path) -> None:
    copy = tmp_path / "events"
    shutil.copytree(dataset, copy)
    broken = copy / "dt=2024-11-02" / "part-0.parquet"
    broken.write_bytes(broken.read_bytes()[:100])  # a truncated file: no footer
    df, source, table, errors = read_target(spark, str(copy))
    assert [e.kind for e in errors] == ["corrupt"]
    assert "dt=2024-11-02/part-0.parquet" in errors[0].path
    result = scan_dataframe(df, sample=0, source=source, table=table)
    assert result.rows == ROWS - ROWS // 4
    assert ("dev_hw", "IMEI") in {(f.field, f.entity) for f in result.findings}
    assert "dt" in df.columns  # the partition column survives reading a file list


def test_cli_scan_and_inventory_on_spark(spark: Any, dataset: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(app, ["scan", str(dataset), "--engine", "spark", "--spark-master", "local[2]",
                               "--conf", "spark.sql.shuffle.partitions=2", "--format", "json", "--sample", "0"])
    assert done.exit_code == 1, done.stderr
    report = json.loads(done.stdout)
    assert _verdicts_from_records(report["findings"]) == _local(dataset, 0)
    assert report["summary"]["tables_scanned"] == 1
    inventory = tmp_path / "inventory.json"
    made = runner.invoke(app, ["inventory", str(dataset), "--engine", "spark", "-o", str(inventory), "--sample", "0"])
    assert made.exit_code == 0, made.stderr
    local = tmp_path / "local.json"
    assert runner.invoke(app, ["inventory", str(dataset), "-o", str(local), "--sample", "0"]).exit_code == 0
    assert _inventory_keys(inventory) == _inventory_keys(local)


def _verdicts_from_records(records: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    return sorted((r["field"], r["entity"], r["evidence"]) for r in records)


def _inventory_keys(path: Path) -> list[tuple[str, ...]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    records = data["records"] if isinstance(data, dict) else data
    return sorted(tuple(str(r.get(k)) for k in ("asset", "entity", "category", "sensitivity")) for r in records)


def test_cli_bad_conf_is_a_usage_error(dataset: Path) -> None:
    done = CliRunner().invoke(app, ["scan", str(dataset), "--engine", "spark", "--conf", "nonsense"])
    assert done.exit_code == 2 and "key=value" in done.stderr
    done = CliRunner().invoke(app, ["scan", str(dataset), "--engine", "spark", "--spark-master", "nonsense://x"])
    assert done.exit_code == 2 and "no Spark master URL" in done.stderr


@pytest.mark.parametrize(
    ("master", "valid"),
    [("local", True), ("local[*]", True), ("local[2]", True), ("local[4,2]", True), ("yarn", True),
     ("spark://10.0.0.1:7077", True), ("k8s://https://api:6443", True), ("nonsense://x", False), ("local[", False)],
)
def test_master_urls(master: str, valid: bool) -> None:
    assert valid_master(master) is valid


def test_missing_target_exits_2(spark: Any, tmp_path: Path) -> None:
    done = CliRunner().invoke(app, ["scan", str(tmp_path / "nope"), "--engine", "spark", "--format", "json"])
    assert done.exit_code == 2
    assert "does not exist" in done.stderr


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("PythonException: ModuleNotFoundError: No module named 'piiscan'", WORKER_HINT),
        ("[PATH_NOT_FOUND] Path does not exist: file:/x", "the target does not exist"),
        ("\n\nboom happened\nmore", "the Spark job failed: boom happened"),
        (  # a worker's error text may quote data: only its type is told
            "An exception was thrown from the Python worker.\nPythonException: Traceback (most recent call last):\n"
            "  File x\nValueError: invalid literal for int(): '490154203237518'",
            "the Spark job failed in a worker (ValueError)",
        ),
    ],
)
def test_explain(message: str, expected: str) -> None:
    assert _explain(RuntimeError(message)) == expected


@pytest.mark.skipif(not Path("/usr/bin/python3").exists(), reason="needs a Python without piiscan")
def test_workers_without_piiscan_fail_with_a_clear_message(dataset: Path, tmp_path: Path) -> None:
    """A worker Python without piiscan (the system Python): one clear line, exit 2, no traceback."""
    probe = subprocess.run(["/usr/bin/python3", "-c", "import piiscan"], capture_output=True, check=False, cwd=tmp_path)
    if probe.returncode == 0:
        pytest.skip("the system Python has piiscan")
    done = subprocess.run(
        [sys.executable, "-m", "piiscan", "scan", str(dataset), "--engine", "spark", "--spark-master", "local[1]",
         "--conf", "spark.pyspark.python=/usr/bin/python3", "--format", "json"],
        capture_output=True, text=True, timeout=300, check=False, cwd=tmp_path,
        env={**os.environ, "SPARK_LOCAL_IP": "127.0.0.1"},
    )  # fmt: skip
    assert done.returncode == 2, done.stderr[-2000:]
    assert "cannot import piiscan" in done.stderr
    assert "Traceback" not in done.stderr


class _FakeTracker:
    def __init__(self) -> None:
        self.done = 0

    def getActiveStageIds(self) -> list[int]:
        return [3]

    def getStageInfo(self, stage_id: int) -> Any:
        return type("Info", (), {"name": "mapInArrow at spark.py", "numTasks": 8, "numCompletedTasks": self.done})()


def test_stage_progress_tracks_tasks() -> None:
    fake = type("Spark", (), {"sparkContext": type("Ctx", (), {"statusTracker": lambda self: _FakeTracker()})()})()
    progress = StageProgress(fake, interval=60)
    with progress:
        progress._tracker.done = 5
        progress.poll()
        task = progress._progress.tasks[0]
        assert (task.completed, task.total) == (5, 8)
        assert "stage 3" in task.description
