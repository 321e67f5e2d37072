"""The sample warehouse (``samples/warehouse``) is what ``samples/tables.py`` writes, and its labels hold.

Regenerating into a temporary directory must give the same table content (rows and declared
types; not bytes: SQLite and Parquet files carry library versions) and byte-identical
``labels.json``. The labels are then checked against the values with piiscan's validators:
identifier columns hold valid identifiers (placeholders exactly where labeled), hashed columns
hold digests of their neighbours, decoys pass checksum validators no more often than chance.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
ds = pytest.importorskip("pyarrow.dataset")

from piiscan.validators import Outcome, get_validator  # noqa: E402
from piiscan.validators.checksums import luhn_ok  # noqa: E402
from piiscan.validators.financial import card_network  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
WAREHOUSE = ROOT / "samples" / "warehouse"

#: validators that decide whether a value holds an entity (the first that accepts it wins)
ENTITY_VALIDATORS: dict[str, tuple[str, ...]] = {
    "IMEI": ("imei",), "IMSI": ("imsi",), "ICCID": ("iccid",), "MAC_ADDRESS": ("mac",),
    "ANDROID_ID": ("android_id",), "ADVERTISING_ID": ("ad_uuid",), "OAID": ("oaid",),
    "DEVICE_SERIAL": ("device_serial",), "FCM_TOKEN": ("fcm_token",), "GEO_COORDINATE": ("coordinate",),
    "CELL_ID": ("cell_id",), "IP_ADDRESS": ("ipv4", "ipv6"), "EMAIL_ADDRESS": ("email",),
    "PHONE_NUMBER": ("cn_mobile", "phone"), "CREDIT_CARD": ("payment_card",), "CN_RESIDENT_ID": ("cn_ric",),
}
#: checksum identifiers a decoy could imitate; chance rate is 1/10 (Luhn) or lower
CHECKSUM_VALIDATORS = ("imei", "payment_card", "iccid", "cn_ric", "imsi")
CHANCE_CEILING = 0.2


def _load_tables() -> ModuleType:
    spec = importlib.util.spec_from_file_location("piiscan_samples_tables", ROOT / "samples" / "tables.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tables() -> ModuleType:
    return _load_tables()


@pytest.fixture(scope="module")
def generated(tables: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("warehouse")
    tables.generate(out)
    return out


@pytest.fixture(scope="module")
def labels() -> dict[str, Any]:
    document: dict[str, Any] = json.loads((WAREHOUSE / "labels.json").read_text(encoding="utf-8"))
    return document


# --- reading the committed files ----------------------------------------------------------------


def _sqlite_content(path: Path) -> dict[str, tuple[str, list[tuple[Any, ...]]]]:
    """Table name -> (CREATE statement, rows in rowid order)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        schema = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall()
        return {name: (sql, con.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall()) for name, sql in schema}
    finally:
        con.close()


def _parquet_content(root: Path) -> dict[str, tuple[str, list[dict[str, Any]]]]:
    """File (relative) -> (Arrow schema, rows)."""
    content = {}
    for path in sorted(root.rglob("*.parquet")):
        table = pq.read_table(path)
        content[path.relative_to(root).as_posix()] = (str(table.schema), table.to_pylist())
    return content


def _plain(value: Any) -> Any:
    """A value as a scanner sees it: text for bytes, ``None`` kept."""
    return value.decode("utf-8") if isinstance(value, bytes) else value


def column_values(table: dict[str, Any], column: str, tables: ModuleType) -> list[Any]:
    """Every value (nulls included) of one labeled column of the committed warehouse."""
    if table["format"] == "sqlite":
        con = sqlite3.connect(f"file:{WAREHOUSE / table['source']}?mode=ro", uri=True)
        try:
            query = f"SELECT {tables.quote(column)} FROM {tables.quote(table['table'])} ORDER BY rowid"
            return [row[0] for row in con.execute(query)]
        finally:
            con.close()
    values: list[Any] = []
    for path in sorted((WAREHOUSE / table["source"]).rglob("*.parquet")):
        data = pq.read_table(path)
        if column == "dt":
            values += [path.parent.name.removeprefix("dt=")] * data.num_rows
            continue
        for top in data.column_names:
            for leaf, array in tables.leaf_fields(top, data.column(top)):
                if leaf == column:
                    values += [_plain(v) for v in array.to_pylist()]
    return values


def labeled_columns(labels: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str, dict[str, Any]]]:
    for table in labels["tables"]:
        for column, label in table["columns"].items():
            yield table, column, label


def _outcome(entity: str, value: str) -> Outcome:
    """The best outcome any validator of ``entity`` gives ``value``."""
    outcomes = [get_validator(name)(value).outcome for name in ENTITY_VALIDATORS[entity]]
    accepted = [o for o in outcomes if o not in (Outcome.INVALID, Outcome.PLACEHOLDER)]
    if accepted:
        return accepted[0]
    return Outcome.PLACEHOLDER if Outcome.PLACEHOLDER in outcomes else Outcome.INVALID


# --- regeneration -----------------------------------------------------------------------------------


def test_committed_database_matches_generator(generated: Path) -> None:
    committed = _sqlite_content(WAREHOUSE / "app.db")
    expected = _sqlite_content(generated / "app.db")
    assert sorted(committed) == sorted(expected), "run `python samples/tables.py` and commit samples/warehouse"
    for name, (sql, rows) in expected.items():
        assert committed[name][0] == sql, name
        assert committed[name][1] == rows, f"{name}: content differs from the generator; regenerate"


def test_committed_dataset_matches_generator(generated: Path) -> None:
    committed = _parquet_content(WAREHOUSE / "events")
    expected = _parquet_content(generated / "events")
    assert sorted(committed) == sorted(expected)
    for path, (schema, rows) in expected.items():
        assert committed[path][0] == schema, path
        assert committed[path][1] == rows, f"{path}: content differs from the generator; regenerate"


def test_committed_labels_match_generator(generated: Path) -> None:
    assert (WAREHOUSE / "labels.json").read_bytes() == (generated / "labels.json").read_bytes()


def test_only_generated_files(generated: Path) -> None:
    def files(root: Path) -> set[str]:
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}

    assert files(WAREHOUSE) == files(generated)


# --- shape of the samples -----------------------------------------------------------------------------


def test_sizes_stay_small() -> None:
    assert (WAREHOUSE / "app.db").stat().st_size < 300_000
    assert sum(p.stat().st_size for p in (WAREHOUSE / "events").rglob("*.parquet")) < 1_000_000


def test_labels_cover_every_column(labels: dict[str, Any], tables: ModuleType) -> None:
    content = _sqlite_content(WAREHOUSE / "app.db")
    sqlite_labels = {t["table"]: t for t in labels["tables"] if t["format"] == "sqlite"}
    assert sorted(sqlite_labels) == sorted(content)
    assert "order items" in content  # a table name that needs quoting
    con = sqlite3.connect(f"file:{WAREHOUSE / 'app.db'}?mode=ro", uri=True)
    try:
        for name, table in sqlite_labels.items():
            info = con.execute(f"PRAGMA table_info({tables.quote(name)})").fetchall()
            assert [row[1] for row in info] == list(table["columns"]), name
            assert table["rows"] == len(content[name][1])
    finally:
        con.close()
    (events,) = [t for t in labels["tables"] if t["format"] == "parquet"]
    data = pq.read_table(next((WAREHOUSE / "events").rglob("*.parquet")))
    leaves = [leaf for top in data.column_names for leaf, _ in tables.leaf_fields(top, data.column(top))]
    assert [*leaves, "dt"] == list(events["columns"])


def test_label_vocabulary(labels: dict[str, Any]) -> None:
    allowed = {"entity", "decoy", "hashed", "free_text", "mixed", "contains", "placeholders", "type", "values", "nulls"}
    for table, column, label in labeled_columns(labels):
        where = f"{table['table']}.{column}"
        assert set(label) <= allowed, where
        assert label["entity"] is None or label["entity"] in ENTITY_VALIDATORS, where
        assert (label["entity"] is None) == bool(label.get("decoy") or label.get("free_text")), where


def test_mix_of_personal_and_decoy_columns(labels: dict[str, Any]) -> None:
    for table in labels["tables"]:
        entities = [label["entity"] for label in table["columns"].values()]
        decoys = [label for label in table["columns"].values() if label.get("decoy")]
        assert any(entities) and len(decoys) >= 3, table["table"]


# --- the labels hold --------------------------------------------------------------------------------


def test_identifier_columns_hold_valid_identifiers(labels: dict[str, Any], tables: ModuleType) -> None:
    for table, column, label in labeled_columns(labels):
        entity = label["entity"]
        if entity is None or label.get("hashed"):
            continue
        values = [str(v) for v in column_values(table, column, tables) if v is not None]
        assert len(values) == label["values"]
        outcomes = [_outcome(entity, v) for v in values]
        where = f"{table['table']}.{column}"
        if label.get("mixed"):
            accepted = sum(o not in (Outcome.INVALID, Outcome.PLACEHOLDER) for o in outcomes)
            assert accepted == label["contains"][entity], where
            continue
        rejected = [v for v, o in zip(values, outcomes, strict=True) if o is Outcome.INVALID]
        assert rejected == [], f"{where}: {rejected[:3]}"
        assert outcomes.count(Outcome.PLACEHOLDER) == label.get("placeholders", 0), where


def test_emulator_imeis_are_listed_placeholders(tables: ModuleType) -> None:
    from synth import IMEI_PLACEHOLDERS  # samples/ is on sys.path once samples/tables.py is loaded

    assert set(tables.EMULATOR_IMEIS) <= IMEI_PLACEHOLDERS


def test_integer_imeis_lost_leading_zeros(labels: dict[str, Any], tables: ModuleType) -> None:
    for table, column, label in labeled_columns(labels):
        if label["entity"] != "IMEI" or not label["type"].startswith(("INTEGER", "int")):
            continue
        values = [v for v in column_values(table, column, tables) if v is not None]
        short = [v for v in values if v < 10**14]
        assert short, f"{table['table']}.{column}: no IMEI with reporting body 01"
        assert all(luhn_ok(f"{v:015d}") and f"{v:015d}".startswith("01") for v in short)


def test_hashed_columns_are_digests(labels: dict[str, Any], tables: ModuleType) -> None:
    (devices,) = [t for t in labels["tables"] if t["table"] == "devices"]
    imeis = column_values(devices, "dev_hw", tables)
    digests = column_values(devices, "imei_md5", tables)
    assert digests == [hashlib.md5(v.encode()).hexdigest() if v else None for v in imeis]
    for table, column, label in labeled_columns(labels):
        if label.get("hashed"):
            values = [v for v in column_values(table, column, tables) if v is not None]
            assert all(re.fullmatch(r"[0-9a-f]{32}|[0-9a-f]{64}", v) for v in values), column


def test_free_text_counts(labels: dict[str, Any], tables: ModuleType) -> None:
    email = re.compile(r"[\w.+-]+@[\w-]+\.[a-z]{2,}")
    phone = re.compile(r"(?<![0-9a-f])(?:\+\d{10,14}|1[3-9]\d(?: ?\d{4}){2})(?![0-9a-f])")
    for table, column, label in labeled_columns(labels):
        if not label.get("free_text"):
            continue
        values = [v for v in column_values(table, column, tables) if v is not None]
        assert sum(bool(email.search(v)) for v in values) == label["contains"]["EMAIL_ADDRESS"]
        assert sum(bool(phone.search(v)) for v in values) == label["contains"]["PHONE_NUMBER"]
        assert sum(not (email.search(v) or phone.search(v)) for v in values) > len(values) / 2


def test_decoys_pass_checksums_only_by_chance(labels: dict[str, Any], tables: ModuleType) -> None:
    for table, column, label in labeled_columns(labels):
        if not label.get("decoy"):
            continue
        values = [str(_plain(v)) for v in column_values(table, column, tables) if v is not None]
        for name in CHECKSUM_VALIDATORS:
            strong = sum(get_validator(name)(v).outcome is Outcome.STRONG for v in values)
            assert strong <= CHANCE_CEILING * len(values), f"{table['table']}.{column} passes {name}"


def test_decoys_really_look_alike(labels: dict[str, Any], tables: ModuleType) -> None:
    """Span ids have the Android ID shape, trace ids and digests OAID shapes, request ids the ad-id shape."""
    lookalike = {"span id": "android_id", "trace id": "oaid", "sha256": "oaid", "UUID": "ad_uuid"}
    checked = set()
    for table, column, label in labeled_columns(labels):
        for word, validator in lookalike.items():
            if word in label.get("decoy", ""):
                values = [v for v in column_values(table, column, tables) if v is not None]
                weak = sum(get_validator(validator)(v).outcome is Outcome.WEAK for v in values)
                assert weak >= 0.99 * len(values), column  # a random 16-hex lacks a letter 1 time in 1,800
                checked.add(word)
    assert checked == set(lookalike)
    (events,) = [t for t in labels["tables"] if t["table"] == "events"]
    orders = [v for v in column_values(events, "order_no", tables) if v is not None]
    assert all(card_network(v) == "mastercard" for v in orders)


# --- the benchmark table generator (bench/make_tables.py) ---------------------------------------------


@pytest.fixture(scope="module")
def bench_tables() -> ModuleType:
    pytest.importorskip("numpy")
    spec = importlib.util.spec_from_file_location("piiscan_bench_make_tables", ROOT / "bench" / "make_tables.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_bench_table_is_deterministic(bench_tables: ModuleType) -> None:
    first = bench_tables.generate_table(2000, 7, part=1)
    assert first.equals(bench_tables.generate_table(2000, 7, part=1))
    assert not first.equals(bench_tables.generate_table(2000, 7, part=2))
    assert first.num_rows == 2000 and first.num_columns == 15


def test_bench_table_values_match_labels(bench_tables: ModuleType) -> None:
    table, placeholders = bench_tables.generate_counted(3000, 7)
    personal = [c for c in bench_tables.COLUMNS if c.entity]
    assert len(personal) == 9 and len(bench_tables.COLUMNS) == 15
    for column in bench_tables.COLUMNS:
        values = [str(v) for v in table.column(column.name).to_pylist() if v is not None]
        if column.entity:
            outcomes = [_outcome(column.entity, v) for v in values]
            assert Outcome.INVALID not in outcomes, column.name
            assert outcomes.count(Outcome.PLACEHOLDER) == placeholders[column.name], column.name
            continue
        for name in CHECKSUM_VALIDATORS:
            strong = sum(get_validator(name)(v).outcome is Outcome.STRONG for v in values)
            assert strong <= CHANCE_CEILING * len(values), f"{column.name} passes {name}"


def test_bench_dataset_layout(bench_tables: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "bench_tables"
    document = bench_tables.make_tables(out, rows=5000, files=2, row_group=1000, jobs=1)
    parts = sorted(out.glob("*.parquet"))
    assert [p.name for p in parts] == ["part-00000.parquet", "part-00001.parquet"]
    assert [pq.ParquetFile(p).metadata.num_row_groups for p in parts] == [3, 3]
    (table,) = document["tables"]
    assert list(table["columns"]) == [c.name for c in bench_tables.COLUMNS]
    assert all(c["values"] + c["nulls"] == 5000 for c in table["columns"].values())
    assert json.loads((out / "_labels.json").read_text(encoding="utf-8")) == document
    assert ds.dataset(out, format="parquet").count_rows() == 5000  # the labels are not taken for data
    bench_tables.make_tables(out, rows=100, files=1, jobs=1)  # replaces its own earlier output
    assert [p.name for p in out.glob("*.parquet")] == ["part-00000.parquet"]
