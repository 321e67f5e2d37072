"""Tests for the SARIF writer: schema validity, rules, levels, locations, notifications."""

from __future__ import annotations

import dataclasses
import json
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piiscan.model import Report, RuleInfo, ScanError, Sensitivity, Summary
from piiscan.writers.sarif import (
    FINGERPRINT_KEY,
    artifact_uri,
    level_for,
    location_for,
    rule_name,
    sarif_log,
    split_archive_member,
)

Render = Callable[[str, Report], str]
REPO_ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = (REPO_ROOT / ".." / "shared" / "schemas" / "sarif-schema-2.1.0.json").resolve()


def _log(report: Report, render_format: Render) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(render_format("sarif", report))
    return log


def _run(report: Report, render_format: Render) -> dict[str, Any]:
    run: dict[str, Any] = _log(report, render_format)["runs"][0]
    return run


def _validate(log: object) -> None:
    if not SCHEMA_PATH.is_file():
        pytest.skip(f"SARIF schema not found at {SCHEMA_PATH} (../shared/schemas is not checked out)")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(log), key=lambda error: list(error.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


# --- schema ------------------------------------------------------------------------------------------


def test_sarif_validates_against_the_schema(report: Report, render_format: Render) -> None:
    _validate(_log(report, render_format))


def test_sarif_of_an_empty_report_validates(report: Report, render_format: Render) -> None:
    empty = Report([], [], Summary(), report.rules)
    log = _log(empty, render_format)
    _validate(log)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["invocations"][0]["toolExecutionNotifications"] == []


def test_sarif_header(report: Report, render_format: Render) -> None:
    log = _log(report, render_format)
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "piiscan"
    assert driver["semanticVersion"] == report.tool_version
    assert driver["informationUri"].startswith("https://")


# --- rules -------------------------------------------------------------------------------------------


def test_every_rule_is_listed_sorted_by_id(report: Report, render_format: Render) -> None:
    rules = _run(report, render_format)["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == sorted(report.rules)
    imei = next(rule for rule in rules if rule["id"] == "imei")
    assert imei["name"] == "Imei"
    assert imei["defaultConfiguration"]["level"] == "error"
    assert imei["properties"] == {
        "entity": "IMEI",
        "category": "device_identifier",
        "sensitivity": "confidential",
        "tags": ["privacy", "pii", "device_identifier"],
    }
    assert imei["shortDescription"]["text"] and imei["fullDescription"]["text"]


def test_rule_index_points_at_the_rule(report: Report, render_format: Render) -> None:
    run = _run(report, render_format)
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_recognizer_missing_from_rules_gets_a_rule(report: Report, render_format: Render) -> None:
    del report.rules["imei"]
    run = _run(report, render_format)
    rules = run["tool"]["driver"]["rules"]
    assert "imei" in [rule["id"] for rule in rules]
    _validate(_log(report, render_format))


@pytest.mark.parametrize(
    ("rule_id", "name"),
    [
        ("imei", "Imei"),
        ("cn_resident_id", "CnResidentId"),
        ("mac-address.v2", "MacAddressV2"),
        ("__", "Rule"),
    ],
)
def test_rule_name_is_camel_case(rule_id: str, name: str) -> None:
    assert rule_name(rule_id) == name


# --- results -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sensitivity", "level"),
    [("restricted", "error"), ("confidential", "error"), ("internal", "warning"), ("public", "note")],
)
def test_level_follows_sensitivity(sensitivity: str, level: str) -> None:
    assert level_for(sensitivity) == level
    assert level_for(Sensitivity.parse(sensitivity).label) == level


def test_result_levels_fingerprints_and_message(report: Report, render_format: Render) -> None:
    results = _run(report, render_format)["results"]
    by_rule = {result["ruleId"]: result for result in results}
    assert by_rule["cn_resident_id"]["level"] == "error"
    assert by_rule["email"]["level"] == "warning"
    assert by_rule["advertising_id"]["level"] == "note"  # placeholder
    imei = by_rule["imei"]
    assert imei["message"]["text"] == "IMEI (confidential device_identifier) 35*********1481 — score 0.85"
    assert imei["partialFingerprints"] == {FINGERPRINT_KEY: "fp-imei-0002"}


def test_text_finding_has_a_line_region(report: Report, render_format: Render) -> None:
    result = _run(report, render_format)["results"][1]
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "src/app/config.py"
    assert physical["region"] == {"startLine": 12, "startColumn": 9, "endColumn": 9 + 15}


def test_uri_of_a_chinese_path_with_a_space_is_percent_encoded(report: Report, render_format: Render) -> None:
    result = _run(report, render_format)["results"][2]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "%E6%95%B0%E6%8D%AE/%E7%94%A8%E6%88%B7%20%E5%88%97%E8%A1%A8.txt"


def test_archive_member_points_at_the_archive(report: Report, render_format: Render) -> None:
    member = dataclasses.replace(report.findings[1], path="dist/app.zip!assets/ids.txt")
    report = dataclasses.replace(report, findings=[member])
    log = _log(report, render_format)
    _validate(log)
    result = log["runs"][0]["results"][0]
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "dist/app.zip"
    assert "region" not in physical
    assert result["message"]["text"].endswith("in archive member assets/ids.txt, line 12, column 9")


# --- locations -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("src/app.py", "src/app.py"),
        ("./a b/c.txt", "a%20b/c.txt"),
        ("dir#1/a?.txt", "dir%231/a%3F.txt"),
        ("dir\\sub\\x.txt", "dir/sub/x.txt"),
        ("/home/u/repo/x.txt", "file:///home/u/repo/x.txt"),
        ("C:\\Users\\u\\my file.txt", "file:///C:/Users/u/my%20file.txt"),
        ("postgresql://app@db:5432/main", "postgresql://app@db:5432/main"),
    ],
)
def test_artifact_uri(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri


_URI_CHARS = set(string.ascii_letters + string.digits + "-._~:/?#[]@!$&'()*+,;=%")


@given(st.text(min_size=1))
def test_artifact_uri_is_always_plain_ascii(path: str) -> None:
    assert set(artifact_uri(path)) <= _URI_CHARS


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("a.zip!x/y.txt", ("a.zip", "x/y.txt")),
        ("lib/b.tar.gz!c.jar!d.txt", ("lib/b.tar.gz", "c.jar!d.txt")),
        ("notes!.txt", ("notes!.txt", None)),
        ("a.zip!", ("a.zip!", None)),
        ("plain.txt", ("plain.txt", None)),
    ],
)
def test_split_archive_member(path: str, expected: tuple[str, str | None]) -> None:
    assert split_archive_member(path) == expected


def test_column_findings_get_a_logical_location() -> None:
    record: dict[str, object] = {
        "entity": "IMEI", "source": "data/events", "table": "events", "field": "device.imei",
        "rows_scanned": 100, "matches": 90, "ratio": 0.9,
    }
    location = location_for(record)
    assert location["logicalLocations"] == [{"fullyQualifiedName": "events.device.imei", "kind": "member"}]
    assert location["physicalLocation"] == {"artifactLocation": {"uri": "data/events"}}


def test_database_column_findings_have_no_physical_location() -> None:
    record: dict[str, object] = {"source": "postgresql://app@db/main", "table": "public.users"}
    record["field"] = "imei"
    logical = [{"fullyQualifiedName": "public.users.imei", "kind": "member"}]
    assert location_for(record) == {"logicalLocations": logical}


# --- errors ----------------------------------------------------------------------------------------------


def test_errors_become_tool_execution_notifications(report: Report, render_format: Render) -> None:
    invocation = _run(report, render_format)["invocations"][0]
    assert invocation["executionSuccessful"] is True
    [notification] = invocation["toolExecutionNotifications"]
    assert notification["descriptor"] == {"id": "decode_error"}
    assert notification["message"]["text"] == "not valid UTF-8 or GB18030"
    uri = notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "logs/broken.log"


def test_error_inside_an_archive_names_the_member() -> None:
    rules = {"imei": RuleInfo("imei", "IMEI", "device_identifier", Sensitivity.CONFIDENTIAL, "")}
    error = ScanError(path="dist/app.apk!res/raw/big.bin", kind="too_large", message="member too large")
    log = sarif_log(Report([], [error], Summary(errors=1), rules))
    [notification] = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]  # type: ignore[index]
    assert notification["message"]["text"] == "member too large (archive member res/raw/big.bin)"
    assert notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "dist/app.apk"
