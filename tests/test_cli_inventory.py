"""``piiscan inventory`` end to end on the samples: records, formats, --compare and the HTML report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from piiscan.cli import app

REPO = Path(__file__).resolve().parent.parent
SAMPLES = [str(REPO / "samples" / "repo"), str(REPO / "samples" / "warehouse")]


def run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="module")
def inventory_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("inv") / "inventory.json"
    result = run("inventory", *SAMPLES, "--output", str(out), "--quiet")
    assert result.exit_code == 0, result.stderr
    return out


def test_one_inventory_of_files_and_tables(inventory_file: Path) -> None:
    rows = json.loads(inventory_file.read_text(encoding="utf-8"))
    kinds = {r["asset_kind"] for r in rows}
    assert kinds == {"file", "column"}
    column = next(r for r in rows if r["asset"].endswith("app.db#devices.dev_hw"))
    assert (column["entity"], column["first_line"], column["ratio"] > 0.9) == ("IMEI", None, True)
    a_file = next(r for r in rows if r["asset_kind"] == "file")
    assert a_file["first_line"] >= 1 and a_file["ratio"] is None
    assert all(r["scanned_at"].endswith("Z") and r["legal_basis"] for r in rows)
    # the devices table holds IMEIs and push tokens beside... and users hold phones: escalations explain
    assert any(reason.startswith("linkable:") for r in rows for reason in r["reasons"])


def test_compare_with_itself_and_with_an_older_one(inventory_file: Path, tmp_path: Path) -> None:
    same = run("inventory", *SAMPLES, "--output", str(tmp_path / "again.json"), "--compare", str(inventory_file),
               "--quiet")
    assert same.exit_code == 0 and "no change" in same.stdout
    rows = json.loads(inventory_file.read_text(encoding="utf-8"))
    older = tmp_path / "older.json"
    older.write_text(json.dumps([r for r in rows if "dev_hw" not in r["asset"]]), encoding="utf-8")
    grown = run("inventory", *SAMPLES, "--output", str(tmp_path / "now.json"), "--compare", str(older), "--quiet",
                "--compare-format", "json")
    assert grown.exit_code == 1  # something new at or above confidential appeared
    document = json.loads(grown.stdout)
    assert [r["entity"] for r in document["new"]] == ["IMEI"] and not document["gone"]
    relaxed = run("inventory", *SAMPLES, "--output", str(tmp_path / "now2.json"), "--compare", str(older),
                  "--quiet", "--fail-on", "never")
    assert relaxed.exit_code == 0


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".html"])
def test_other_formats(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"inventory{suffix}"
    result = run("inventory", SAMPLES[1], "--output", str(out), "--quiet")
    assert result.exit_code == 0, result.stderr
    if suffix == ".html":
        html = out.read_text(encoding="utf-8")
        assert "Assets ranked by risk" in html and "http://" not in html and "https://" not in html
    else:
        assert out.stat().st_size > 0


def test_bad_output_and_bad_comparison(tmp_path: Path) -> None:
    assert run("inventory", SAMPLES[1], "--output", str(tmp_path / "inventory.txt")).exit_code == 2
    junk = tmp_path / "old.json"
    junk.write_text("{}", encoding="utf-8")
    result = run("inventory", SAMPLES[1], "--output", str(tmp_path / "i.json"), "--compare", str(junk))
    assert result.exit_code == 2 and "old.json" in result.stderr


def test_no_raw_value_in_an_inventory(tmp_path: Path) -> None:
    import sqlite3

    with sqlite3.connect(REPO / "samples" / "warehouse" / "app.db") as db:
        raw = [str(row[0]) for row in db.execute("select mobile from users where mobile is not null limit 30")]
    for suffix in (".json", ".csv", ".html"):
        out = tmp_path / f"inventory{suffix}"
        run("inventory", SAMPLES[1], "--output", str(out), "--quiet")
        text = out.read_text(encoding="utf-8")
        assert not any(value in text for value in raw), suffix


# --------------------------------------------------------------------------- policies end to end

POLICY = str(REPO / "samples" / "policy.yaml")


def test_check_finds_every_kind_of_violation_in_the_samples() -> None:
    result = run("check", *SAMPLES, "--policy", POLICY, "--as-of", "2024-12-01", "--format", "json", "--quiet")
    assert result.exit_code == 1, result.stderr
    violations = json.loads(result.stdout)["violations"]
    assert {v["kind"] for v in violations} == {"undeclared", "sharing", "hashing", "retention", "residency"}
    retention = next(v for v in violations if v["kind"] == "retention" and v["asset"].endswith("app.db#devices"))
    assert retention["count"] == 86 and "updated_at" in retention["message"]


def test_inventory_with_a_policy_carries_retention_recipients_and_violations(tmp_path: Path) -> None:
    out = tmp_path / "inventory.json"
    result = run("inventory", *SAMPLES, "--policy", POLICY, "--as-of", "2024-12-01", "--output", str(out), "--quiet")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(out.read_text(encoding="utf-8"))
    imei = next(r for r in rows if r["asset"].endswith("app.db#devices.dev_hw"))
    assert imei["retention_days"] == 60 and imei["allowed_recipients"] == ["analytics"]
    assert any(v.startswith("hashing:") for v in imei["violations"])
    html = tmp_path / "report.html"
    run("inventory", *SAMPLES, "--policy", POLICY, "--as-of", "2024-12-01", "--output", str(html), "--quiet")
    assert "beyond the 60-day retention" in html.read_text(encoding="utf-8")


def test_check_needs_a_valid_policy(tmp_path: Path) -> None:
    missing = run("check", str(tmp_path))
    assert missing.exit_code == 2 and "no policy" in missing.stderr
    bad = tmp_path / "policy.yaml"
    bad.write_text("version: 1\ncategories:\n  locaton: {retention_days: 3}\n", encoding="utf-8")
    broken = run("check", SAMPLES[1], "--policy", str(bad))
    assert broken.exit_code == 2 and "policy.yaml:3" in broken.stderr and "locaton" in broken.stderr
    assert run("check", SAMPLES[1], "--policy", POLICY, "--as-of", "yesterday").exit_code == 2


def test_a_policy_beside_the_data_is_found(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("call 13912345679 (手机)\n", encoding="utf-8")
    (tmp_path / ".piiscan-policy.yaml").write_text(
        "version: 1\nrecipients: [crm]\nassets:\n  - match: 'notes.txt'\n    declares: [device_identifier]\n",
        encoding="utf-8",
    )
    result = run("check", str(tmp_path), "--format", "jsonl", "--quiet")
    assert result.exit_code == 1
    (violation,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert violation["kind"] == "undeclared" and violation["category"] == "contact"


@pytest.mark.parametrize("fmt", ["csv", "sarif", "table"])
def test_check_formats(fmt: str) -> None:
    result = run("check", SAMPLES[1], "--policy", POLICY, "--as-of", "2024-12-01", "--format", fmt, "--quiet")
    assert result.exit_code == 1
    if fmt == "csv":
        assert result.stdout.splitlines()[0] == "kind,asset,rule,message,category,entity,sensitivity,count"
    elif fmt == "sarif":
        log = json.loads(result.stdout)
        results = log["runs"][0]["results"]
        assert {r["ruleId"] for r in results} >= {"policy/retention", "policy/sharing"}
        schema = (REPO / ".." / "shared" / "schemas" / "sarif-schema-2.1.0.json").resolve()
        if schema.is_file():
            jsonschema = pytest.importorskip("jsonschema")
            document = json.loads(schema.read_text(encoding="utf-8"))
            assert not list(jsonschema.validators.validator_for(document)(document).iter_errors(log))
    else:
        assert "retention" in result.stdout
