"""``check``: each rule with the smallest inventory that breaks it and one that must not, on
hand-made inventories; then the sample policy on the sample repository and warehouse."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from piiscan.inventory.model import COLUMN, FILE, Asset, Container, Inventory, Record
from piiscan.model import Sensitivity
from piiscan.policy.check import annotate, attach, check
from piiscan.policy.load import load_policy, parse_policy
from piiscan.policy.model import HASHING, KINDS, RESIDENCY, RETENTION, SHARING, UNDECLARED, CheckResult
from piiscan.policy.rules import Policy

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2024, 12, 1, tzinfo=dt.UTC)

CATEGORY = {
    "IMEI": "device_identifier", "MAC_ADDRESS": "device_identifier", "OAID": "advertising_identifier",
    "GEO_COORDINATE": "location", "PHONE_NUMBER": "contact", "US_SSN": "government_id",
}

#: a held entity: NAME, or NAME+TAG (``IMEI+hashed``)
Held = str


def record(asset: str, held: Held, kind: str, container: str, count: int = 3) -> Record:
    entity, _, tag = held.partition("+")
    return Record(
        asset=asset, asset_kind=kind, entity=entity, category=CATEGORY[entity], sensitivity=Sensitivity.CONFIDENTIAL,
        count=count, max_score=0.9, container=container, tags=(tag,) if tag else (),
    )


def file_inventory(path: str, *held: Held) -> Inventory:
    """One file holding ``held`` entities."""
    folder = os.path.dirname(path)
    asset = Asset(path, FILE, folder, [record(path, h, FILE, folder) for h in held])
    return Inventory("2024-12-01T00:00:00Z", (folder,), [Container(folder, "folder", assets=[asset])])


def table_inventory(table: str, columns: Mapping[str, Sequence[Held]]) -> Inventory:
    """One table (``source#table``) whose columns hold entities."""
    assets = [
        Asset(f"{table}.{name}", COLUMN, table, [record(f"{table}.{name}", h, COLUMN, table) for h in held])
        for name, held in columns.items()
    ]
    source = table.rpartition("#")[0]
    return Inventory("2024-12-01T00:00:00Z", (source,), [Container(table, "table", parent=source, assets=assets)])


BASE = """\
version: 1
recipients: [ad_partner, analytics, logistics]
regions: [cn, us]
categories:
  device_identifier: {recipients: [analytics], hash_when_shared: [analytics], regions: [cn]}
  advertising_identifier: {recipients: [ad_partner, analytics]}
  location: {regions: [cn]}
entities:
  US_SSN: {recipients: [], regions: [us]}
assets:
"""


def policy_with(*assets: str) -> Policy:
    return parse_policy(BASE + "".join(f"  - {asset}\n" for asset in assets))


def retention_policy(*assets: str, device_days: int | None = None) -> Policy:
    """BASE with retention periods: location 30 days, GEO_COORDINATE 10 days (devices: ``device_days``)."""
    text = BASE
    if device_days is not None:
        text = text.replace("device_identifier: {", f"device_identifier: {{retention_days: {device_days}, ")
    text = text.replace("  location: {regions: [cn]}\n", "  location: {regions: [cn], retention_days: 30}\n")
    text = text.replace("  US_SSN:", "  GEO_COORDINATE: {retention_days: 10}\n  US_SSN:")
    return parse_policy(text + ("".join(f"  - {asset}\n" for asset in assets) or "  []\n"))


def kinds_and_rules(result: CheckResult) -> list[tuple[str, str, str]]:
    return [(v.kind, v.rule, v.entity) for v in result.violations]


EXPORT = "repo/exports/ad/devices.csv"

# (asset rule, entities the file holds, expected (kind, rule, entity) violations)
FILE_CASES = [
    # undeclared: a category the owner did not declare
    pytest.param(
        '{match: "exports/**", declares: [advertising_identifier]}', ["OAID", "IMEI"],
        [(UNDECLARED, "assets[0].declares", "IMEI")], id="undeclared",
    ),
    pytest.param('{match: "exports/**", declares: [advertising_identifier, device_identifier]}', ["OAID", "IMEI"], [],
                 id="undeclared-not"),
    pytest.param('{match: "exports/**", declares: [IMEI]}', ["IMEI", "MAC_ADDRESS"],
                 [(UNDECLARED, "assets[0].declares", "MAC_ADDRESS")], id="undeclared-entity"),
    pytest.param('{match: "exports/**", owner: x}', ["IMEI"], [], id="undeclared-not-without-declares"),
    pytest.param('{match: "logs/**", declares: []}', ["IMEI"], [], id="undeclared-not-other-files"),
    # sharing: a recipient that may not receive a category (an IMEI in the ad-partner export)
    pytest.param('{match: "exports/ad/**", shared_with: [ad_partner]}', ["OAID", "IMEI"],
                 [(SHARING, "categories.device_identifier.recipients", "IMEI")], id="sharing"),
    pytest.param('{match: "exports/ad/**", shared_with: [ad_partner]}', ["OAID"], [], id="sharing-not"),
    pytest.param('{match: "exports/ad/**", shared_with: [ad_partner]}', ["US_SSN"],
                 [(SHARING, "entities.US_SSN.recipients", "US_SSN")], id="sharing-entity-rule"),
    pytest.param('{match: "exports/ad/**", shared_with: [logistics]}', ["PHONE_NUMBER"], [],
                 id="sharing-not-unconstrained"),
    # hashing: a raw value for a recipient that may receive it only hashed
    pytest.param('{match: "exports/ad/**", shared_with: [analytics]}', ["IMEI"],
                 [(HASHING, "categories.device_identifier.hash_when_shared", "IMEI")], id="hashing"),
    pytest.param('{match: "exports/ad/**", shared_with: [analytics]}', ["IMEI+hashed"], [], id="hashing-not-hashed"),
    pytest.param('{match: "exports/ad/**", shared_with: [analytics]}', ["IMEI+masked"], [], id="hashing-not-masked"),
    pytest.param('{match: "exports/ad/**", shared_with: [analytics]}', ["OAID"], [], id="hashing-not-required"),
    # residency: a region where a category may not reside
    pytest.param('{match: "exports/**", region: us}', ["GEO_COORDINATE", "OAID"],
                 [(RESIDENCY, "categories.location.regions", "GEO_COORDINATE")], id="residency"),
    pytest.param('{match: "exports/**", region: cn}', ["GEO_COORDINATE", "OAID"], [], id="residency-not"),
    pytest.param('{match: "exports/**", region: cn}', ["US_SSN"], [(RESIDENCY, "entities.US_SSN.regions", "US_SSN")],
                 id="residency-entity-rule"),
]


@pytest.mark.parametrize(("rule", "held", "expected"), FILE_CASES)
def test_file_rules(rule: str, held: list[str], expected: list[tuple[str, str, str]]) -> None:
    result = check(file_inventory(EXPORT, *held), policy_with(rule), now=NOW)
    assert kinds_and_rules(result) == expected
    assert result.errors == [] and result.ok is (not expected)
    for violation in result.violations:
        assert violation.asset == EXPORT
        assert violation.records == ((EXPORT, violation.entity),)


TABLE = "warehouse/app.db#devices"

TABLE_CASES = [
    pytest.param('{table: "app.db#devices", declares: [device_identifier]}', {"imei": ["IMEI"], "oaid": ["OAID"]},
                 [(UNDECLARED, "assets[0].declares", "OAID")], id="undeclared"),
    pytest.param('{table: "app.db#users", declares: [device_identifier]}', {"imei": ["IMEI"], "oaid": ["OAID"]}, [],
                 id="undeclared-not-other-table"),
    pytest.param('{table: "*#devices", shared_with: [ad_partner]}', {"imei": ["IMEI"], "oaid": ["OAID"]},
                 [(SHARING, "categories.device_identifier.recipients", "IMEI")], id="sharing"),
    pytest.param('{table: "devices", shared_with: [analytics]}', {"imei": ["IMEI"], "imei_md5": ["IMEI+hashed"]},
                 [(HASHING, "categories.device_identifier.hash_when_shared", "IMEI")], id="hashing"),
    pytest.param('{table: "devices", shared_with: [analytics]}', {"imei_md5": ["IMEI+hashed"]}, [], id="hashing-not"),
    pytest.param('{table: "devices", region: us}', {"lat": ["GEO_COORDINATE"], "lng": ["GEO_COORDINATE"]},
                 [(RESIDENCY, "categories.location.regions", "GEO_COORDINATE")], id="residency"),
]


@pytest.mark.parametrize(("rule", "columns", "expected"), TABLE_CASES)
def test_table_rules(rule: str, columns: dict[str, list[str]], expected: list[tuple[str, str, str]]) -> None:
    result = check(table_inventory(TABLE, columns), policy_with(rule), now=NOW)
    assert kinds_and_rules(result) == expected
    assert all(v.asset == TABLE for v in result.violations)


def test_table_messages_name_columns_and_counts() -> None:
    inventory = table_inventory(TABLE, {"lat": ["GEO_COORDINATE"], "lng": ["GEO_COORDINATE"], "oaid": ["OAID"]})
    (violation,) = check(inventory, policy_with('{table: "devices", region: us}'), now=NOW).violations
    assert violation.message == (
        "warehouse/app.db#devices resides in us (assets[0]), where location may not reside: "
        "GEO_COORDINATE in lat, lng (6 values); allowed: cn"
    )
    assert violation.count == 6 and violation.category == "location"
    assert violation.records == ((f"{TABLE}.lat", "GEO_COORDINATE"), (f"{TABLE}.lng", "GEO_COORDINATE"))


def test_file_message_is_one_sentence_with_evidence() -> None:
    inventory = file_inventory(EXPORT, "OAID", "IMEI", "MAC_ADDRESS")
    policy = policy_with('{match: "exports/ad/**", shared_with: [ad_partner]}')
    (violation,) = check(inventory, policy, now=NOW).violations
    assert violation.message == (
        "repo/exports/ad/devices.csv is shared with ad_partner (assets[0]), which may not receive "
        "device_identifier: IMEI (3 findings); MAC_ADDRESS (3 findings); allowed: analytics"
    )
    assert violation.entity == "" and violation.category == "device_identifier" and violation.count == 6


def test_violations_are_sorted_by_asset_kind_and_rule() -> None:
    policy = policy_with(
        '{match: "**", declares: [], shared_with: [ad_partner, analytics], region: us}',
    )
    b = file_inventory("b/x.txt", "IMEI", "GEO_COORDINATE")
    a = file_inventory("a/y.txt", "IMEI")
    inventory = Inventory("", (), [*b.containers, *a.containers])
    found = [(v.asset, v.kind, v.rule) for v in check(inventory, policy, now=NOW).violations]
    assert found == sorted(found, key=lambda t: (t[0], KINDS.index(t[1]), t[2]))
    assert [asset for asset, _, _ in found][:3] == ["a/y.txt"] * 3
    assert {kind for _, kind, _ in found} == {UNDECLARED, SHARING, HASHING, RESIDENCY}


# --------------------------------------------------------------------------- retention


@pytest.mark.parametrize(("age_days", "expected"), [(31, ["entities.GEO_COORDINATE.retention_days"]), (9, [])])
def test_file_retention(tmp_path: Path, age_days: int, expected: list[str]) -> None:
    path = tmp_path / "logs" / "gps.log"
    path.parent.mkdir()
    path.write_text("x", encoding="utf-8")
    stamp = (NOW - dt.timedelta(days=age_days)).timestamp()
    os.utime(path, (stamp, stamp))
    result = check(file_inventory(str(path), "GEO_COORDINATE", "OAID"), retention_policy(), now=NOW)
    assert [v.rule for v in result.violations] == expected
    if expected:
        (violation,) = result.violations
        assert violation.kind == RETENTION and violation.count is None
        assert f"was last modified on 2024-10-31, {age_days} days ago, beyond the 10-day retention" in violation.message


def test_file_retention_of_a_vanished_file_is_an_error(tmp_path: Path) -> None:
    result = check(file_inventory(str(tmp_path / "gone.log"), "GEO_COORDINATE"), retention_policy(), now=NOW)
    assert result.violations == []
    assert [(e.kind, e.path) for e in result.errors] == [("not_found", str(tmp_path / "gone.log"))]


def make_db(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute('CREATE TABLE "login log" (id INTEGER PRIMARY KEY, lat REAL, "Seen At" TEXT)')
        rows = [(None, 31.2, (NOW - dt.timedelta(days=d)).strftime("%Y-%m-%d %H:%M:%S")) for d in (1, 5, 20, 40, 50)]
        db.executemany('INSERT INTO "login log" VALUES (?, ?, ?)', [*rows, (None, 31.2, None)])


def test_table_retention_counts_rows_per_retention_period(tmp_path: Path) -> None:
    make_db(tmp_path / "app.db")
    table = f"{tmp_path / 'app.db'}#login log"
    inventory = table_inventory(table, {"lat": ["GEO_COORDINATE"], "imei": ["IMEI"]})
    policy = retention_policy('{table: "app.db#login log", dated_by: seen at}', device_days=45)
    result = check(inventory, policy, now=NOW)
    assert result.errors == []
    found = [(v.kind, v.rule, v.count) for v in result.violations]
    assert found == [
        (RETENTION, "categories.device_identifier.retention_days", 1),
        (RETENTION, "entities.GEO_COORDINATE.retention_days", 3),
    ]
    assert result.violations[1].message == (
        f"3 rows of {table} are dated by seen at before 2024-11-21, beyond the 10-day retention of "
        "GEO_COORDINATE (location): GEO_COORDINATE in lat (3 values)"
    )
    assert result.violations[0].message.startswith(f"1 row of {table} is dated by seen at before 2024-10-17")
    assert check(inventory, policy, now=NOW, count_rows=False).violations == []


def test_table_retention_problems_are_errors_not_violations(tmp_path: Path) -> None:
    make_db(tmp_path / "app.db")
    table = f"{tmp_path / 'app.db'}#login log"
    inventory = table_inventory(table, {"lat": ["GEO_COORDINATE"]})
    policy = retention_policy('{table: "*#login log", dated_by: created_at}')
    result = check(inventory, policy, now=NOW)
    assert result.violations == []
    assert [(e.path, e.kind) for e in result.errors] == [(table, "unknown_column")]
    assert "no column 'created_at' to date rows by (columns: id, lat, Seen At)" in result.errors[0].message


def test_sources_map_redacted_names_to_real_targets(tmp_path: Path) -> None:
    make_db(tmp_path / "real.db")
    inventory = table_inventory("sqlite:///app.db#login log", {"lat": ["GEO_COORDINATE"]})
    policy = retention_policy('{table: "*#login log", dated_by: Seen At}')
    sources = {"sqlite:///app.db": f"sqlite:///{tmp_path / 'real.db'}"}
    (violation,) = check(inventory, policy, now=NOW, sources=sources).violations
    assert violation.count == 3


# --------------------------------------------------------------------------- annotate and attach


def test_annotate_and_attach() -> None:
    policy = retention_policy('{match: "**", region: us}')
    inventory = file_inventory(EXPORT, "GEO_COORDINATE", "IMEI", "PHONE_NUMBER")
    annotate(inventory, policy)
    by_entity = {r.entity: r for r in inventory.records}
    assert by_entity["GEO_COORDINATE"].retention_days == 10
    assert by_entity["IMEI"].allowed_recipients == ("analytics",)
    assert by_entity["PHONE_NUMBER"].retention_days is None and by_entity["PHONE_NUMBER"].allowed_recipients == ()
    result = check(inventory, policy, now=NOW)
    attach(inventory, result.violations)
    assert by_entity["GEO_COORDINATE"].violations == (f"residency: {result.violations[1].message}",)
    assert by_entity["IMEI"].violations[0].startswith("residency: repo/exports/ad/devices.csv resides in us")
    assert by_entity["PHONE_NUMBER"].violations == ()


# --------------------------------------------------------------------------- the samples


def sample_inventory() -> Inventory:
    """An inventory of samples/repo and samples/warehouse: one record per asset and entity."""
    from piiscan.scan import ScanConfig, run_scan

    targets = [str(ROOT / "samples" / "repo"), str(ROOT / "samples" / "warehouse")]
    report = run_scan(targets, ScanConfig(jobs=1))
    containers: dict[str, Container] = {}
    assets: dict[str, Asset] = {}
    records: dict[tuple[str, str], Record] = {}
    for f in report.findings:
        if f.placeholder:
            continue
        folder = os.path.dirname(f.path)
        key = (f.path, f.entity)
        if key in records:
            records[key].count += 1
            continue
        records[key] = Record(f.path, FILE, f.entity, f.category, f.sensitivity, 1, f.score, container=folder,
                              tags=f.tags)
        asset = assets.setdefault(f.path, Asset(f.path, FILE, folder))
        asset.records.append(records[key])
        container = containers.setdefault(folder, Container(folder, "folder"))
        if asset not in container.assets:
            container.assets.append(asset)
    for c in report.columns:
        table = f"{c.source}#{c.table}"
        asset = assets.setdefault(c.location, Asset(c.location, COLUMN, table))
        asset.records.append(Record(c.location, COLUMN, c.entity, c.category, c.sensitivity, c.matches, c.score,
                                    ratio=c.ratio, container=table, tags=c.tags))
        container = containers.setdefault(table, Container(table, "table", parent=c.source))
        if asset not in container.assets:
            container.assets.append(asset)
    return Inventory("2024-12-01T00:00:00Z", tuple(targets), list(containers.values()))


@pytest.fixture(scope="module")
def sample_result() -> CheckResult:
    pytest.importorskip("pyarrow")
    return check(sample_inventory(), load_policy(ROOT / "samples" / "policy.yaml"), now=NOW)


def test_the_sample_policy_shows_every_kind_of_violation(sample_result: CheckResult) -> None:
    assert sample_result.errors == []
    assert {v.kind for v in sample_result.violations} == set(KINDS)
    found = {(Path(v.asset).name, v.kind, v.rule) for v in sample_result.violations}
    assert {
        ("devices.csv", UNDECLARED, "assets[0].declares"),
        ("devices.csv", SHARING, "categories.device_identifier.recipients"),  # IMEIs in the ad-partner export
        ("devices.csv", HASHING, "categories.advertising_identifier.hash_when_shared"),  # raw OAIDs
        ("payouts_2024-11.csv", RESIDENCY, "entities.US_SSN.regions"),
        ("app.db#devices", HASHING, "categories.device_identifier.hash_when_shared"),
        ("app.db#users", SHARING, "categories.government_id.recipients"),
        ("app.db#logins", RESIDENCY, "categories.location.regions"),
        ("app.db#logins", UNDECLARED, "assets[5].declares"),
        ("app.db#devices", RETENTION, "categories.device_identifier.retention_days"),
        ("app.db#users", RETENTION, "categories.contact.retention_days"),
        ("app.db#order items", RETENTION, "categories.financial.retention_days"),
        ("events#events", RETENTION, "entities.OAID.retention_days"),
    } <= found


def test_the_sample_retention_counts(sample_result: CheckResult) -> None:
    counts = {(Path(v.asset).name, v.rule): v.count for v in sample_result.violations if v.kind == RETENTION}
    # rows dated before the cutoffs (checked against the data with plain SQL and pyarrow)
    assert counts[("app.db#devices", "categories.device_identifier.retention_days")] == 86
    assert counts[("app.db#users", "categories.contact.retention_days")] == 192
    assert counts[("app.db#users", "entities.CN_RESIDENT_ID.retention_days")] == 223
    assert counts[("app.db#order items", "categories.financial.retention_days")] == 177
    assert counts[("events#events", "entities.OAID.retention_days")] == 1000  # the 2024-11-27 partition
    hashing = next(v for v in sample_result.violations if v.kind == HASHING and v.asset.endswith("app.db#devices"))
    assert "imei_md5" not in hashing.message and "IMEI in dev_hw, hw_sn2" in hashing.message
