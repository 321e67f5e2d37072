"""The ``piiscan`` command line against the contract (/work/shared/spec/contract.md).

Most tests run the Typer app in-process (``CliRunner`` keeps stdout and stderr apart);
the ones about the real process (no traceback, terminal detection, imports) run
``python -m piiscan`` in a subprocess.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from fsutil import write_file
from typer.testing import CliRunner, Result

from piiscan.cli import app
from piiscan.ner.base import NER_RECOGNIZERS
from piiscan.recognizers import load_recognizers

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
SARIF_SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "sarif-schema-2.1.0.json"

# Synthetic identifiers (valid checksums, no real person behind them).
IMEI = "352099001761481"
EMAIL = "jane_roe88@outlook.com"
CARD = "4539075793834700"  # Visa: restricted
ANDROID_ID = "3f2a9c81b7e4d605"
PRIVATE_IP = "192.168.1.20"  # internal (tagged private)
ZERO_GAID = "00000000-0000-0000-0000-000000000000"  # a placeholder, never a finding

CONTRACT_FIELDS = (
    "entity", "score", "category", "sensitivity", "recognizer", "preview", "fingerprint",
    "path", "line", "column", "start", "end",
)  # fmt: skip
SENSITIVITIES = ("public", "internal", "confidential", "restricted")
SARIF_LEVELS = {"restricted": "error", "confidential": "error", "internal": "warning", "public": "note"}
HEAVY_MODULES = ("presidio_analyzer", "spacy", "pyarrow", "pandas", "jieba", "pyspark", "piiscan.ner.english")

RICH_TEXT = (
    f"device imei: {IMEI}\n"
    f"contact {EMAIL} for details\n"
    f"card {CARD}\n"
    f"android_id: {ANDROID_ID}\n"
    f"server at {PRIVATE_IP}\n"
    f"gaid {ZERO_GAID}\n"
)
ALL_VALUES = (IMEI, EMAIL, CARD, ANDROID_ID, PRIVATE_IP)


# --------------------------------------------------------------------------- helpers


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test from an empty directory: no .piiscan.toml / pyproject.toml is picked up."""
    monkeypatch.chdir(tmp_path)


def make_tree(files: Mapping[str, str | bytes], root: str = "tree") -> str:
    """Write ``files`` (relative path → content) below ``root`` in the current directory."""
    base = Path(root)
    base.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        write_file(base, rel, content)
    return root


def run(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def scan_json(*args: str) -> tuple[int, dict[str, Any], str]:
    result = run("scan", *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout), result.stderr


def run_process(*args: str, timeout: float = 60, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "piiscan", *args],
        capture_output=True, text=True, timeout=timeout, check=False, **kwargs,
    )  # fmt: skip


def zip_bomb(path: Path, *, inner: str | None = None) -> None:
    """A zip with 5 MB of zeros compressed ~1000:1 (and optionally a normal member)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.txt", b"0" * (5 * 1024 * 1024))
        if inner is not None:
            archive.writestr("inner.txt", inner)


# --------------------------------------------------------------------------- exit codes


@pytest.mark.parametrize(
    ("content", "options", "code"),
    [
        pytest.param("nothing to see here\n", [], 0, id="clean"),
        pytest.param(f"device imei: {IMEI}\n", [], 1, id="finding"),
        pytest.param(f"device imei: {IMEI}\nmail {EMAIL}\n", ["--fail-on", "restricted"], 0, id="restricted-none"),
        pytest.param(f"device imei: {IMEI}\ncard {CARD}\n", ["--fail-on", "restricted"], 1, id="restricted-card"),
        pytest.param(f"device imei: {IMEI}\n", ["--fail-on", "confidential"], 1, id="confidential"),
        pytest.param(f"server at {PRIVATE_IP}\n", ["--fail-on", "confidential"], 0, id="internal-below"),
        pytest.param(f"server at {PRIVATE_IP}\n", ["--fail-on", "internal"], 1, id="internal-at"),
        pytest.param(f"server at {PRIVATE_IP}\n", ["--fail-on", "any"], 1, id="any"),
        pytest.param(f"card {CARD}\n", ["--fail-on", "never"], 0, id="never"),
        pytest.param(f"card {CARD}\n", ["--fail-on", "RESTRICTED"], 1, id="case-insensitive"),
        pytest.param(f"gaid {ZERO_GAID}\n", [], 0, id="placeholder"),
        pytest.param(f"gaid {ZERO_GAID}\n", ["--show-placeholders"], 0, id="placeholder-shown"),
    ],
)
def test_exit_code(content: str, options: list[str], code: int) -> None:
    target = make_tree({"data/notes.txt": content})
    result = run("scan", target, *options)
    assert result.exit_code == code, result.stderr


def test_fail_on_from_config_file() -> None:
    target = make_tree({"a.txt": f"device imei: {IMEI}\n"})
    Path(".piiscan.toml").write_text('fail_on = "restricted"\n', encoding="utf-8")
    assert run("scan", target).exit_code == 0
    assert run("scan", target, "--fail-on", "any").exit_code == 1  # the command line wins


@pytest.mark.parametrize(
    ("options", "named"),
    [
        pytest.param(["--format", "xml"], "xml", id="unknown-format"),
        pytest.param(["--entities", "IMEI,NOT_AN_ENTITY"], "NOT_AN_ENTITY", id="unknown-entity"),
        pytest.param(["--min-score", "2"], "min-score", id="min-score-too-high"),
        pytest.param(["--min-score", "-0.1"], "min-score", id="min-score-negative"),
        pytest.param(["--fail-on", "sometimes"], "sometimes", id="unknown-fail-on"),
        pytest.param(["--config", "bad.toml"], "no_such_option", id="config-unknown-key"),
        pytest.param(["--config", "missing.toml"], "missing.toml", id="config-missing"),
        pytest.param(["--config", "broken.toml"], "broken.toml", id="config-invalid-toml"),
    ],
)
def test_usage_errors_exit_2(options: list[str], named: str) -> None:
    target = make_tree({"a.txt": f"device imei: {IMEI}\n"})
    Path("bad.toml").write_text("no_such_option = true\n", encoding="utf-8")
    Path("broken.toml").write_text("min_score = [\n", encoding="utf-8")
    result = run("scan", target, *options)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert named in result.stderr
    assert result.stdout == ""
    assert IMEI not in result.stderr


@pytest.mark.parametrize(
    "targets",
    [pytest.param(["no-such-dir"], id="alone"), pytest.param(["tree", "no-such-dir"], id="with-others")],
)
def test_missing_target_exits_2_and_is_named(targets: list[str]) -> None:
    make_tree({"a.txt": f"device imei: {IMEI}\n"})
    result = run("scan", *targets, "--format", "json")
    assert result.exit_code == 2
    assert "no-such-dir" in result.stderr
    report = json.loads(result.stdout)
    assert [(e["path"], e["kind"]) for e in report["errors"]] == [("no-such-dir", "not_found")]
    assert len(report["findings"]) == len(targets) - 1  # the other target was still scanned


def test_no_target_is_a_usage_error() -> None:
    result = run("scan")
    assert result.exit_code == 2


# --------------------------------------------------------------------------- partial failures


@pytest.mark.parametrize("with_finding", [True, False], ids=["finding", "clean"])
def test_partial_failure_keeps_0_1_semantics(with_finding: bool) -> None:
    target = make_tree(
        {
            "ok.txt": f"device imei: {IMEI}\n" if with_finding else "nothing here\n",
            "big.txt": "x" * 200_000,
            "blob.bin": bytes(range(256)) * 8,
            "empty.txt": b"",
        }
    )
    zip_bomb(Path(target) / "bomb.zip", inner="just text\n")
    os.symlink("nowhere", Path(target) / "dangling.txt")
    code, report, stderr = scan_json(target, "--max-file-size", "100000")
    assert code == (1 if with_finding else 0), stderr

    expected = {
        (os.path.join(target, "big.txt"), "too_large"),
        (os.path.join(target, "bomb.zip") + "!zeros.txt", "archive_limit"),
        (os.path.join(target, "dangling.txt"), "unreadable"),
    }
    assert {(e["path"], e["kind"]) for e in report["errors"]} == expected
    for error in report["errors"]:
        assert error["message"]
        assert error["path"] in stderr
    assert report["summary"]["errors"] == 3
    assert IMEI not in stderr  # problems are named by path, never by content
    assert report["summary"]["files_skipped"] == {"binary": 1, "empty": 1}
    # the scan went on: ok.txt and the archive's other member were read
    assert report["summary"]["files_scanned"] == 2
    assert [f["path"] for f in report["findings"]] == ([os.path.join(target, "ok.txt")] if with_finding else [])


def test_zip_bomb_member_does_not_stop_the_archive() -> None:
    target = make_tree({})
    zip_bomb(Path(target) / "bomb.zip", inner=f"device imei: {IMEI}\n")
    code, report, stderr = scan_json(target)
    assert code == 1
    assert [f["path"] for f in report["findings"]] == [os.path.join(target, "bomb.zip") + "!inner.txt"]
    assert [e["kind"] for e in report["errors"]] == ["archive_limit"]
    assert "bomb.zip!zeros.txt" in stderr


def test_stderr_names_each_problem_once() -> None:
    target = make_tree({"big.txt": "x" * 5000})
    result = run("scan", target, "--max-file-size", "1000", "--quiet")
    lines = [line for line in result.stderr.splitlines() if "big.txt" in line]
    assert len(lines) == 1
    assert lines[0].count("big.txt") == 1, lines[0]


# --------------------------------------------------------------------------- formats


def test_json_is_one_object() -> None:
    target = make_tree({"a.txt": RICH_TEXT})
    code, report, _ = scan_json(target)
    assert code == 1
    assert set(report) >= {"findings", "errors", "summary"}
    assert report["errors"] == []
    assert {f["entity"] for f in report["findings"]} == {
        "IMEI", "EMAIL_ADDRESS", "CREDIT_CARD", "ANDROID_ID", "IP_ADDRESS",
    }  # fmt: skip
    summary = report["summary"]
    assert summary["files_scanned"] == 1
    assert summary["findings"] == len(report["findings"]) == sum(summary["findings_by_entity"].values())


def test_jsonl_is_one_finding_per_line_and_nothing_else() -> None:
    target = make_tree({"a.txt": RICH_TEXT, "b.txt": f"imei {IMEI}\n"})
    _, report, _ = scan_json(target)
    result = run("scan", target, "--format", "jsonl")
    assert result.exit_code == 1
    assert result.stdout.endswith("\n")
    lines = result.stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert records == report["findings"]
    assert all(isinstance(r, dict) and set(CONTRACT_FIELDS) <= set(r) for r in records)
    assert "files scanned" in result.stderr  # the summary goes to stderr, never to stdout


def test_jsonl_without_findings_prints_nothing() -> None:
    target = make_tree({"a.txt": "hello\n"})
    result = run("scan", target, "--format", "jsonl")
    assert (result.exit_code, result.stdout) == (0, "")


def test_csv_header_and_rows() -> None:
    target = make_tree({"a.txt": RICH_TEXT})
    _, report, _ = scan_json(target)
    result = run("scan", target, "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert tuple(rows[0][: len(CONTRACT_FIELDS)]) == CONTRACT_FIELDS
    assert len(rows) == 1 + len(report["findings"])
    by_column = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    for row, finding in zip(by_column, report["findings"], strict=True):
        assert row["fingerprint"] == finding["fingerprint"]
        assert int(row["line"]) == finding["line"]
        assert float(row["score"]) == pytest.approx(finding["score"])


def _sarif_validator() -> Any:
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA}")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


def test_sarif_validates_with_fingerprints_and_levels() -> None:
    validator = _sarif_validator()
    target = make_tree({"src/a.txt": RICH_TEXT, "src/b.txt": f"mail {EMAIL}\n"})
    # make e-mail addresses "public" so every level of contract section 5 shows up
    Path("levels.toml").write_text('[taxonomy.EMAIL_ADDRESS]\nsensitivity = "public"\n', encoding="utf-8")
    _, report, _ = scan_json(target, "--config", "levels.toml")
    result = run("scan", target, "--config", "levels.toml", "--format", "sarif")
    assert result.exit_code == 1
    sarif = json.loads(result.stdout)
    errors = sorted(validator.iter_errors(sarif), key=str)
    assert not errors, "\n".join(e.message for e in errors[:5])

    assert sarif["version"] == "2.1.0"
    (sarif_run,) = sarif["runs"]
    rule_ids = [rule["id"] for rule in sarif_run["tool"]["driver"]["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    assert {s.id for s in load_recognizers()} <= set(rule_ids)

    by_fingerprint = {f["fingerprint"]: f for f in report["findings"]}
    results = sarif_run["results"]
    assert len(results) == len(report["findings"])
    levels = set()
    for res in results:
        (fp,) = res["partialFingerprints"].values()
        finding = by_fingerprint[fp]
        assert res["ruleId"] == finding["recognizer"]
        assert rule_ids[res["ruleIndex"]] == finding["recognizer"]
        assert res["level"] == SARIF_LEVELS[finding["sensitivity"]]
        levels.add(res["level"])
        location = res["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == finding["path"].replace(os.sep, "/")
        assert location["region"]["startLine"] == finding["line"]
        assert location["region"]["startColumn"] == finding["column"]
    assert levels == {"error", "warning", "note"}
    assert {f["sensitivity"] for f in report["findings"]} == set(SENSITIVITIES)


def test_sarif_never_holds_raw_values() -> None:
    target = make_tree({"a.txt": RICH_TEXT})
    shown = run("scan", target, "--format", "json", "--show-values")
    assert all(value in shown.stdout for value in ALL_VALUES)  # the values are there to be leaked
    result = run("scan", target, "--format", "sarif", "--show-values")
    for value in ALL_VALUES:
        assert value not in result.stdout


def test_table_to_file_contains_the_summary() -> None:
    target = make_tree({"a.txt": RICH_TEXT})
    result = run("scan", target, "--output", "report.txt")
    assert result.exit_code == 1
    assert result.stdout == ""
    text = Path("report.txt").read_text(encoding="utf-8")
    assert "Summary" in text
    assert "Files scanned" in text
    assert "CREDIT_CARD" in text
    assert "\x1b[" not in text  # a file gets plain text
    for value in ALL_VALUES:
        assert value not in text


def _parse_json(text: str) -> list[dict[str, Any]]:
    findings = json.loads(text)["findings"]
    assert isinstance(findings, list)
    return findings


def _parse_jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def _parse_csv(text: str) -> list[dict[str, Any]]:
    return list(csv.DictReader(io.StringIO(text)))


def _parse_sarif(text: str) -> list[dict[str, Any]]:
    log = json.loads(text)
    assert log["version"] == "2.1.0"
    results = log["runs"][0]["results"]
    assert isinstance(results, list)
    return results


@pytest.mark.parametrize(
    ("name", "parse"),
    [
        ("out.json", _parse_json),
        ("out.JSON", _parse_json),
        ("out.jsonl", _parse_jsonl),
        ("out.csv", _parse_csv),
        ("out.sarif", _parse_sarif),
    ],
)
def test_output_file_format_from_extension(name: str, parse: Callable[[str], list[dict[str, Any]]]) -> None:
    target = make_tree({"a.txt": RICH_TEXT})
    _, report, _ = scan_json(target)
    result = run("scan", target, "--output", name)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(parse(Path(name).read_text(encoding="utf-8"))) == len(report["findings"])


def test_explicit_format_wins_over_extension() -> None:
    target = make_tree({"a.txt": RICH_TEXT})
    run("scan", target, "--output", "out.txt", "--format", "json")
    assert "findings" in json.loads(Path("out.txt").read_text(encoding="utf-8"))


def test_default_format_is_jsonl_when_stdout_is_not_a_terminal() -> None:
    target = make_tree({"a.txt": RICH_TEXT})
    proc = run_process("scan", target)
    assert proc.returncode == 1, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(records) == 5
    assert all(set(CONTRACT_FIELDS) <= set(r) for r in records)


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_default_format_is_table_on_a_terminal() -> None:
    target = make_tree({"a.txt": RICH_TEXT})
    primary, secondary = os.openpty()
    env = {**os.environ, "COLUMNS": "160", "TERM": "xterm"}
    with subprocess.Popen(
        [sys.executable, "-m", "piiscan", "scan", target],
        stdout=secondary, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env,
    ) as proc:  # fmt: skip
        os.close(secondary)
        chunks = []
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        stderr = proc.stderr.read() if proc.stderr else b""
        code = proc.wait(timeout=60)
    os.close(primary)
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", b"".join(chunks).decode("utf-8", "replace"))
    assert code == 1, stderr
    assert "Summary" in screen
    assert not screen.lstrip().startswith("{")


# --------------------------------------------------------------------------- filters


def test_entities_option_reports_only_those() -> None:
    target = make_tree({"a.txt": RICH_TEXT})
    _, everything, _ = scan_json(target)
    assert len({f["entity"] for f in everything["findings"]}) > 1
    code, report, _ = scan_json(target, "--entities", "IMEI")
    assert code == 1
    assert [f["entity"] for f in report["findings"]] == ["IMEI"]
    assert report["summary"]["findings_by_entity"] == {"IMEI": 1}
    _, two, _ = scan_json(target, "--entities", "imei, credit_card")
    assert {f["entity"] for f in two["findings"]} == {"IMEI", "CREDIT_CARD"}


def test_min_score_drops_weaker_findings() -> None:
    target = make_tree({"a.txt": RICH_TEXT})
    _, everything, _ = scan_json(target)
    scores = {f["entity"]: f["score"] for f in everything["findings"]}
    assert min(scores.values()) < 0.9 <= max(scores.values())
    _, strong, _ = scan_json(target, "--min-score", "0.9")
    assert strong["findings"]
    assert all(f["score"] >= 0.9 for f in strong["findings"])
    assert {f["entity"] for f in strong["findings"]} == {e for e, s in scores.items() if s >= 0.9}
    _, zero, _ = scan_json(target, "--min-score", "0")
    assert len(zero["findings"]) >= len(everything["findings"])


def test_show_placeholders() -> None:
    target = make_tree({"a.txt": f"gaid {ZERO_GAID}\n"})
    code, hidden, _ = scan_json(target)
    assert (code, hidden["findings"]) == (0, [])
    code, shown, _ = scan_json(target, "--show-placeholders")
    assert code == 0
    (placeholder,) = shown["findings"]
    assert placeholder["entity"] == "ADVERTISING_ID"
    assert placeholder["placeholder"] is True
    assert placeholder["score"] == 0
    assert shown["summary"]["findings_by_entity"] == {}


def test_show_values_adds_the_value_field() -> None:
    target = make_tree({"a.txt": f"device imei: {IMEI}\n"})
    _, hidden, _ = scan_json(target)
    assert "value" not in hidden["findings"][0]
    assert IMEI not in json.dumps(hidden)
    _, shown, _ = scan_json(target, "--show-values")
    assert shown["findings"][0]["value"] == IMEI
    assert shown["findings"][0]["preview"] != IMEI


# --------------------------------------------------------------------------- text finding fields

_CHINESE = f"用户资料：全角字符ＡＢＣ１２３，说明文字。\n设备号　{IMEI}，邮箱：{EMAIL}\n"
_GBK = f"用户的设备号码是 {IMEI}，联系邮箱 {EMAIL}，中文内容较多以便检测编码。\n第二行也是中文说明。\n"


@pytest.mark.parametrize(
    ("name", "text", "encoding"),
    [
        pytest.param("plain.txt", f"one\n\ttwo  {IMEI}\nmail: {EMAIL}\n", "utf-8", id="ascii"),
        pytest.param("中文.txt", _CHINESE, "utf-8", id="utf-8-fullwidth"),
        pytest.param("utf16.txt", "备注 IMEI " + IMEI + "\n第二行 " + EMAIL + "\n", "utf-16", id="utf-16"),
        pytest.param("gbk.txt", _GBK, "gbk", id="gbk"),
        pytest.param("crlf.txt", f"first\r\nsecond {IMEI}\r\n{EMAIL}\r\n", "utf-8", id="crlf"),
    ],
)
def test_text_finding_fields(name: str, text: str, encoding: str) -> None:
    raw = text.encode(encoding)
    target = make_tree({f"sub/{name}": raw})
    code, report, _ = scan_json(target)
    assert code == 1
    decoded = raw.decode(encoding)
    recognizers = {s.id: s for s in load_recognizers()}
    found = {}
    for f in report["findings"]:
        assert set(CONTRACT_FIELDS) <= set(f)
        assert isinstance(f["entity"], str)
        assert isinstance(f["score"], int | float)
        assert 0 <= f["score"] <= 1
        assert f["sensitivity"] in SENSITIVITIES
        assert isinstance(f["category"], str)
        assert f["category"]
        assert f["recognizer"] in recognizers
        assert recognizers[f["recognizer"]].entity == f["entity"]
        assert re.fullmatch(r"[0-9a-f]{16,}", f["fingerprint"])
        assert f["path"] == os.path.join(target, "sub", name)
        start, end = f["start"], f["end"]
        assert all(isinstance(f[k], int) for k in ("line", "column", "start", "end"))
        value = decoded[start:end]
        assert f["preview"] != value
        assert value not in f["preview"]
        line_start = decoded.rfind("\n", 0, start) + 1
        assert f["line"] == decoded.count("\n", 0, start) + 1
        assert f["column"] == start - line_start + 1
        found[f["entity"]] = value
    assert found == {"IMEI": IMEI, "EMAIL_ADDRESS": EMAIL}


def test_offsets_are_characters_not_bytes() -> None:
    """Before the value there are multi-byte characters, so character and byte offsets differ."""
    raw = _CHINESE.encode("utf-8")
    target = make_tree({"zh.txt": raw})
    _, report, _ = scan_json(target)
    imei = next(f for f in report["findings"] if f["entity"] == "IMEI")
    assert _CHINESE[imei["start"] : imei["end"]] == IMEI
    assert raw.index(IMEI.encode()) != imei["start"]
    assert imei["line"] == 2
    assert imei["column"] == len("设备号　") + 1


# --------------------------------------------------------------------------- recognizers


def test_recognizers_list_table() -> None:
    result = run("recognizers", "list")
    assert result.exit_code == 0
    specs = load_recognizers()
    for spec in specs:
        rows = [line for line in result.stdout.splitlines() if re.search(rf"\b{re.escape(spec.id)}\b", line)]
        assert rows, f"{spec.id} not listed"
        assert any(spec.entity in row and spec.category in row and spec.sensitivity.label in row for row in rows), rows
    contract_entities = {
        "IMEI", "MEID", "IMSI", "ICCID", "MAC_ADDRESS", "ANDROID_ID", "ADVERTISING_ID", "OAID", "DEVICE_SERIAL",
        "FIREBASE_ID", "FCM_TOKEN", "GEO_COORDINATE", "CELL_ID", "IP_ADDRESS", "EMAIL_ADDRESS", "PHONE_NUMBER",
        "CREDIT_CARD", "IBAN_CODE", "US_SSN", "CN_RESIDENT_ID", "CN_PASSPORT", "PERSON", "LOCATION",
    }  # fmt: skip
    for entity in contract_entities:
        assert entity in result.stdout
    for rec in NER_RECOGNIZERS:
        assert re.search(rf"{rec.id}\s.*{rec.entity}.*ner \(--ner\)", result.stdout), rec.id


def test_recognizers_list_json() -> None:
    result = run("recognizers", "list", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    specs = load_recognizers()
    assert [(r["id"], r["entity"], r["category"], r["sensitivity"]) for r in rows] == [
        (s.id, s.entity, s.category, s.sensitivity.label) for s in specs
    ] + [(r.id, r.entity, r.category, r.sensitivity) for r in NER_RECOGNIZERS]


def test_recognizers_test_passes() -> None:
    result = run("recognizers", "test")
    assert result.exit_code == 0, result.stdout
    assert re.search(r"\b[1-9][0-9]* passed, 0 failed", result.stdout)


# --------------------------------------------------------------------------- no traceback, ever


def _fifo(root: Path) -> str:
    os.mkfifo(root / "pipe")
    return str(root / "pipe")


def _symlink_loop(root: Path) -> str:
    os.symlink(root / "b", root / "a")
    os.symlink(root / "a", root / "b")
    return str(root / "a")


def _locked_dir(root: Path) -> str:
    locked = root / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text(f"imei {IMEI}\n", encoding="utf-8")
    locked.chmod(0)
    return str(locked)


def _empty_file(root: Path) -> str:
    (root / "empty.txt").write_bytes(b"")
    return str(root / "empty.txt")


def _empty_zip(root: Path) -> str:
    (root / "empty.zip").write_bytes(b"")
    return str(root / "empty.zip")


def _truncated_zip(root: Path) -> str:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", f"imei {IMEI}\n" * 100)
    (root / "cut.zip").write_bytes(buffer.getvalue()[:60])
    return str(root / "cut.zip")


def _garbage_gzip(root: Path) -> str:
    (root / "x.log.gz").write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(200)))
    return str(root / "x.log.gz")


def _invalid_utf8(root: Path) -> str:
    (root / "mixed.txt").write_bytes(b"device imei: " + IMEI.encode() + b"\n\xff\xfe\xc3\x28 end\n")
    return str(root / "mixed.txt")


def _hostile_tree(root: Path) -> str:
    tree = root / "all"
    tree.mkdir()
    for build in (_fifo, _symlink_loop, _empty_file, _empty_zip, _truncated_zip, _garbage_gzip, _invalid_utf8):
        build(tree)
    os.symlink(tree, tree / "self")  # a directory link back to the tree
    return str(tree)


HOSTILE: list[Any] = [
    pytest.param(_fifo, id="fifo", marks=pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")),
    pytest.param(_symlink_loop, id="symlink-loop"),
    pytest.param(_locked_dir, id="dir-without-permission", marks=pytest.mark.skipif(IS_ROOT, reason="root reads all")),
    pytest.param(_empty_file, id="empty-file"),
    pytest.param(_empty_zip, id="zero-byte-zip"),
    pytest.param(_truncated_zip, id="truncated-zip"),
    pytest.param(_garbage_gzip, id="garbage-gzip"),
    pytest.param(_invalid_utf8, id="invalid-utf-8"),
    pytest.param(_hostile_tree, id="tree-of-all"),
]


@pytest.fixture
def restore_permissions(tmp_path: Path) -> Iterator[None]:
    yield
    for path in tmp_path.rglob("*"):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)


@pytest.mark.usefixtures("restore_permissions")
@pytest.mark.parametrize("build", HOSTILE)
def test_no_traceback_on_hostile_input(tmp_path: Path, build: Callable[[Path], str]) -> None:
    target = build(tmp_path)
    for fmt in ("json", "table"):
        proc = run_process("scan", target, "--format", fmt, timeout=60)
        assert "Traceback" not in proc.stderr
        assert "Traceback" not in proc.stdout
        assert "internal error" not in proc.stderr
        assert proc.returncode in (0, 1, 2), proc.stderr
        if fmt == "json":
            report = json.loads(proc.stdout)
            for error in report["errors"]:
                assert error["path"].startswith(target)
                assert error["path"] in proc.stderr


def test_invalid_taxonomy_in_config_is_a_configuration_error() -> None:
    target = make_tree({"a.txt": f"device imei: {IMEI}\n"})
    Path("bad.toml").write_text('[taxonomy.IP_ADDRESS]\nsensitivity = "secret"\n', encoding="utf-8")
    proc = run_process("scan", target, "--config", "bad.toml")
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 2
    assert "internal error" not in proc.stderr
    assert "bad.toml" in proc.stderr


@pytest.mark.parametrize("option", ["--include", "--exclude"])
def test_invalid_glob_is_a_usage_error(option: str) -> None:
    target = make_tree({"a.txt": "hello\n"})
    proc = run_process("scan", target, option, "[z-a]")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "internal error" not in proc.stderr
    assert "[z-a]" in proc.stderr


# --------------------------------------------------------------------------- cold path


def test_scan_does_not_import_heavy_modules(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(f"device imei: {IMEI}\n", encoding="utf-8")
    out = tmp_path / "modules.json"
    script = textwrap.dedent(
        """
        import json, runpy, sys
        target, out, heavy = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
        sys.argv = ["piiscan", "scan", target, "--format", "json", "--quiet"]
        try:
            runpy.run_module("piiscan", run_name="__main__", alter_sys=True)
        except SystemExit as exc:
            code = exc.code
        else:
            code = None
        with open(out, "w") as handle:
            json.dump({"code": code, "loaded": sorted(m for m in heavy if m in sys.modules)}, handle)
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "one.txt"), str(out), ",".join(HEAVY_MODULES)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["findings"][0]["entity"] == "IMEI"  # the scan really ran
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result == {"code": 1, "loaded": []}
