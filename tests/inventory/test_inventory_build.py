"""Findings -> assets -> containers, and the escalation rules (each with a trigger and a non-trigger)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from piiscan.inventory.build import build_inventory
from piiscan.inventory.escalation import EscalationError, load_rules
from piiscan.inventory.model import COLUMN, FILE, Inventory
from piiscan.model import ColumnFinding, Finding, Report, Sensitivity, Summary
from piiscan.recognizers import load_recognizers
from piiscan.taxonomy import Taxonomy

TAXONOMY = Taxonomy.from_specs(load_recognizers())
RULES = load_rules()
C, R = Sensitivity.CONFIDENTIAL, Sensitivity.RESTRICTED
CATEGORY = {"IMEI": "device_identifier", "PHONE_NUMBER": "contact", "GEO_COORDINATE": "location",
            "IP_ADDRESS": "network_identifier", "EMAIL_ADDRESS": "contact", "OAID": "advertising_identifier"}


def text(path: str, entity: str, line: int = 1, *, level: Sensitivity = C, placeholder: bool = False) -> Finding:
    return Finding(entity, 0.9, CATEGORY[entity], level, entity.lower(), "**", "f" * 40, path, line, 1, 0, 1,
                   placeholder=placeholder)


def column(table: str, field: str, entity: str, matches: int = 100, *, level: Sensitivity = C,
           tags: tuple[str, ...] = ()) -> ColumnFinding:
    return ColumnFinding(entity, 0.9, CATEGORY[entity], level, entity.lower(), "**", "f" * 40, "app.db", table,
                         field, 100, matches, matches / 100, "a reason", "values", tags)


def inventory(findings: list[Finding] = (), columns: list[ColumnFinding] = ()) -> Inventory:  # type: ignore[assignment]
    report = Report(list(findings), [], Summary(), {}, columns=list(columns))
    return build_inventory(report, TAXONOMY, RULES, targets=["t"], scanned_at="2026-11-29T00:00:00Z")


def levels(built: Inventory) -> dict[tuple[str, str], Sensitivity]:
    return {(r.asset, r.entity): r.sensitivity for r in built.records}


def test_files_and_columns_become_assets_in_containers() -> None:
    built = inventory(
        [text("repo/logs/a.log", "IP_ADDRESS", 7), text("repo/logs/a.log", "IP_ADDRESS", 3),
         text("repo/logs/a.log", "IMEI", placeholder=True), text("repo/b.txt", "EMAIL_ADDRESS")],
        [column("devices", "dev_hw", "IMEI")],
    )
    by_id = {c.id: c for c in built.containers}
    assert set(by_id) == {"repo/logs", "repo", "app.db#devices"}
    assert by_id["app.db#devices"].kind == "table" and by_id["app.db#devices"].parent == "app.db"
    (log,) = by_id["repo/logs"].assets
    assert log.kind == FILE and [(r.entity, r.count, r.first_line) for r in log.records] == [("IP_ADDRESS", 2, 3)]
    (col,) = by_id["app.db#devices"].assets
    assert col.kind == COLUMN and col.id == "app.db#devices.dev_hw" and col.records[0].ratio == 1.0
    assert all(r.scanned_at == "2026-11-29T00:00:00Z" and r.legal_basis for r in built.records)


@pytest.mark.parametrize(
    ("findings", "columns", "expected"),
    [
        # linkable: a device identifier and a direct identifier in one file -> both restricted
        ([text("a.json", "IMEI"), text("a.json", "PHONE_NUMBER")], [],
         {("a.json", "IMEI"): R, ("a.json", "PHONE_NUMBER"): R}),
        # ... but not across two files
        ([text("a.json", "IMEI"), text("b.json", "PHONE_NUMBER")], [],
         {("a.json", "IMEI"): C, ("b.json", "PHONE_NUMBER"): C}),
        # linkable across the columns of one table
        ([], [column("users", "dev", "OAID"), column("users", "mail", "EMAIL_ADDRESS")],
         {("app.db#users.dev", "OAID"): R, ("app.db#users.mail", "EMAIL_ADDRESS"): R}),
        # ... not across two tables
        ([], [column("devices", "dev", "OAID"), column("users", "mail", "EMAIL_ADDRESS")],
         {("app.db#devices.dev", "OAID"): C, ("app.db#users.mail", "EMAIL_ADDRESS"): C}),
        # trajectory: precise coordinates in many rows beside a device identifier
        ([], [column("logins", "lat", "GEO_COORDINATE", 320), column("logins", "dev", "IMEI")],
         {("app.db#logins.lat", "GEO_COORDINATE"): R, ("app.db#logins.dev", "IMEI"): C}),
        # ... not with few rows, and not coarse ones
        ([], [column("logins", "lat", "GEO_COORDINATE", 5), column("logins", "dev", "IMEI")],
         {("app.db#logins.lat", "GEO_COORDINATE"): C, ("app.db#logins.dev", "IMEI"): C}),
    ],
)
def test_escalations(findings: list[Finding], columns: list[ColumnFinding],
                     expected: dict[tuple[str, str], Sensitivity]) -> None:
    assert levels(inventory(findings, columns)) == expected


def test_coarse_coordinates_are_no_trajectory() -> None:
    built = inventory([], [column("l", "lat", "GEO_COORDINATE", 500, tags=("coarse",)), column("l", "d", "IMEI")])
    assert levels(built)[("app.db#l.lat", "GEO_COORDINATE")] == C


def test_escalations_explain_themselves_and_hashed_keeps_its_tier() -> None:
    built = inventory([], [column("u", "imei_md5", "IMEI", tags=("hashed",)), column("u", "phone", "PHONE_NUMBER")])
    record = next(r for r in built.records if r.entity == "IMEI")
    assert record.sensitivity == R and "hashed" in record.tags
    assert any(reason.startswith("linkable: IMEI together with the direct identifier PHONE_NUMBER in the same table u")
               for reason in record.reasons)
    (container,) = built.containers
    assert container.reasons and container.sensitivity == R


def test_rules_never_lower_a_level() -> None:
    built = inventory([text("a", "IMEI", level=R), text("a", "PHONE_NUMBER")])
    assert levels(built)[("a", "IMEI")] == R


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("rules: nope", "a mapping with a 'rules' list"),
        ("rules: [{id: x, to: secret, when: [{entities: [IMEI]}], reason: r}]", "rules[0].to"),
        ("rules: [{id: x, to: restricted, when: [], reason: r}]", "rules[0].when"),
        ("rules: [{id: x, to: restricted, when: [{colour: red}], reason: r}]", "rules[0].when[0]"),
        ("rules: [{id: x, to: restricted, when: [{entities: [IMEI]}], reason: r, extra: 1}]", "unknown key"),
        ("rules: [{id: x, to: restricted, when: [{entities: [IMEI], min_count: 0}], reason: r}]", "min_count"),
    ],
)
def test_bad_rule_files_are_named_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EscalationError, match=re.escape(message)):
        load_rules(path)


def test_a_rule_file_replaces_the_shipped_rules(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(
        "rules: [{id: any_ip, to: restricted, when: [{entities: [IP_ADDRESS]}], reason: 'every IP in a {scope}'}]",
        encoding="utf-8",
    )
    report = Report([text("a", "IP_ADDRESS"), text("a", "IMEI"), text("a", "PHONE_NUMBER")], [], Summary(), {})
    built = build_inventory(report, TAXONOMY, load_rules(path), targets=["t"])
    assert levels(built) == {("a", "IMEI"): C, ("a", "IP_ADDRESS"): R, ("a", "PHONE_NUMBER"): C}
