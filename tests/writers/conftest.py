"""A canned :class:`Report` shared by the writer tests, and golden-file helpers.

Regenerate the golden files with ``PIISCAN_UPDATE_GOLDEN=1 pytest tests/writers``
(pytest only honours ``pytest_addoption`` in the rootdir conftest, so an environment
variable is used instead of an ``--update-golden`` option).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from piiscan.model import ColumnFinding, Finding, Report, RuleInfo, ScanError, Sensitivity, Summary
from piiscan.writers import get_writer

GOLDEN_DIR = Path(__file__).parent / "golden"
UPDATE_GOLDEN = os.environ.get("PIISCAN_UPDATE_GOLDEN") == "1"

CONFIG_PATH = "src/app/config.py"
CHINESE_PATH = "数据/用户 列表.txt"

# The raw values behind the canned findings: no output may contain them unless
# Finding.value is set.
RAW_VALUES = {
    "email": "li.wei@example.com",
    "imei": "352099001761481",
    "phone_cn": "+86 138 0013 8000",
    "cn_resident_id": "11010519491231002X",
    "advertising_id": "00000000-0000-0000-0000-000000000000",
}


def _finding(**fields: object) -> Finding:
    return Finding(**fields)  # type: ignore[arg-type]


def canned_findings() -> list[Finding]:
    """Five findings across two files: a Chinese path, a placeholder, tags, a ``+`` preview."""
    return [
        _finding(
            entity="EMAIL_ADDRESS", score=0.9, category="contact", sensitivity=Sensitivity.INTERNAL,
            recognizer="email", preview="l*****@example.com", fingerprint="fp-email-0001",
            path=CONFIG_PATH, line=3, column=11, start=42, end=60,
        ),
        _finding(
            entity="IMEI", score=0.85, category="device_identifier", sensitivity=Sensitivity.CONFIDENTIAL,
            recognizer="imei", preview="35*********1481", fingerprint="fp-imei-0002",
            path=CONFIG_PATH, line=12, column=9, start=301, end=316, tags=("context", "luhn"),
        ),
        _finding(
            entity="PHONE_NUMBER", score=0.7, category="contact", sensitivity=Sensitivity.CONFIDENTIAL,
            recognizer="phone_cn", preview="+86 ***********8000", fingerprint="fp-phone-0003",
            path=CHINESE_PATH, line=2, column=4, start=20, end=37,
        ),
        _finding(
            entity="CN_RESIDENT_ID", score=1.0, category="government_id", sensitivity=Sensitivity.RESTRICTED,
            recognizer="cn_resident_id", preview="110105**********2X", fingerprint="fp-cnid-0004",
            path=CHINESE_PATH, line=2, column=30, start=46, end=64,
        ),
        _finding(
            entity="ADVERTISING_ID", score=0.0, category="advertising_identifier",
            sensitivity=Sensitivity.PUBLIC, recognizer="advertising_id", preview="0000****-****-0000",
            fingerprint="fp-adid-0005", path=CHINESE_PATH, line=7, column=1, start=120, end=156,
            placeholder=True,
        ),
    ]


def canned_rules() -> dict[str, RuleInfo]:
    """Rules for the canned findings, plus one (``mac_address``) that matched nothing."""
    rules = [
        RuleInfo("imei", "IMEI", "device_identifier", Sensitivity.CONFIDENTIAL, "15-digit IMEI (Luhn)."),
        RuleInfo("email", "EMAIL_ADDRESS", "contact", Sensitivity.INTERNAL, "E-mail address."),
        RuleInfo("phone_cn", "PHONE_NUMBER", "contact", Sensitivity.CONFIDENTIAL, "Chinese mobile number."),
        RuleInfo("cn_resident_id", "CN_RESIDENT_ID", "government_id", Sensitivity.RESTRICTED,
                 "China resident identity card number (checksum-validated)."),
        RuleInfo("advertising_id", "ADVERTISING_ID", "advertising_identifier", Sensitivity.CONFIDENTIAL,
                 "Google/Apple advertising identifier."),
        RuleInfo("mac_address", "MAC_ADDRESS", "network_identifier", Sensitivity.CONFIDENTIAL, ""),
    ]
    return {rule.id: rule for rule in rules}


def canned_report() -> Report:
    """The canned report: 5 findings in 2 files, 1 error and a summary."""
    summary = Summary(
        files_scanned=3,
        bytes_scanned=12345,
        files_skipped={"gitignored": 4, "binary": 1},
        findings_by_entity={"EMAIL_ADDRESS": 1, "IMEI": 1, "PHONE_NUMBER": 1, "CN_RESIDENT_ID": 1},
        findings_by_sensitivity={"internal": 1, "confidential": 2, "restricted": 1},
        errors=1,
        duration_seconds=0.4242,
    )
    errors = [ScanError(path="logs/broken.log", kind="decode_error", message="not valid UTF-8 or GB18030")]
    return Report(canned_findings(), errors, summary, canned_rules(), tool_version="0.1.0")


def canned_columns() -> list[ColumnFinding]:
    """Column findings of one database table and one Parquet dataset."""
    def column(**fields: object) -> ColumnFinding:
        base: dict[str, object] = {
            "category": "device_identifier", "sensitivity": Sensitivity.CONFIDENTIAL, "evidence": "values",
            "source": "postgresql://scanner@db.internal:5432/app", "table": "public.devices", "rows_scanned": 1000,
        }
        base.update(fields)
        return ColumnFinding(**base)  # type: ignore[arg-type]

    return [
        column(entity="IMEI", score=0.9, recognizer="imei", preview="86************05", field="dev_hw",
               fingerprint="3f1c0e2b9a7d4c5e6f8091a2b3c4d5e6f7081920", matches=980, ratio=0.98,
               reason="98% of 1,000 sampled values are valid IMEI values (imei validator); "
                      "header 'dev_hw' gives no hint"),
        column(entity="IMEI", score=0.75, recognizer="imei", preview="9e**************(32)c1a0", field="imei_md5",
               fingerprint="44c1e0d2b9a7d4c5e6f8091a2b3c4d5e6f708192", matches=1000, ratio=1.0, evidence="name",
               reason="100% of 1,000 sampled values are MD5/SHA digests; "
                      "header 'imei_md5' says they are hashed IMEI values",
               tags=("hashed",)),
        column(entity="GEO_COORDINATE", score=0.85, recognizer="geo_coordinate", preview="39****11", field="device.lat",
               category="location", sensitivity=Sensitivity.RESTRICTED, source="warehouse/events", table="events",
               fingerprint="55d2f1e3c0b8e5d6f7a8091a2b3c4d5e6f708192", matches=2917, ratio=1.0, rows_scanned=2917,
               evidence="values+name", reason="100% of 2,917 sampled values are latitudes (96% with 3+ decimals)"),
    ]


def canned_table_report() -> Report:
    """A report with column findings only (a database and a dataset)."""
    summary = Summary(
        findings_by_entity={"IMEI": 2, "GEO_COORDINATE": 1},
        findings_by_sensitivity={"confidential": 2, "restricted": 1},
        duration_seconds=1.5,
        tables_scanned=2,
        columns_scanned=17,
        values_scanned=15000,
    )
    return Report([], [], summary, canned_rules(), tool_version="0.1.0", columns=canned_columns())


@pytest.fixture
def report() -> Report:
    """A fresh canned report (tests may mutate it)."""
    return canned_report()


@pytest.fixture
def table_report() -> Report:
    """A fresh canned report of column findings."""
    return canned_table_report()


@pytest.fixture
def raw_values() -> dict[str, str]:
    """Raw values behind the canned findings, keyed by recognizer."""
    return dict(RAW_VALUES)


def render(fmt: str, report: Report) -> str:
    """``report`` written by the ``fmt`` writer to a (non-terminal) string stream."""
    out = io.StringIO()
    get_writer(fmt).write(report, out)
    return out.getvalue()


@pytest.fixture
def render_format() -> Callable[[str, Report], str]:
    """The :func:`render` helper as a fixture (test modules do not import conftest)."""
    return render


def check_golden(name: str, actual: str) -> None:
    """Compare ``actual`` with ``golden/name`` byte for byte, or rewrite it when updating."""
    path = GOLDEN_DIR / name
    if UPDATE_GOLDEN:
        path.write_bytes(actual.encode("utf-8"))
        return
    if not path.exists():
        pytest.fail(f"missing golden file {path}; run with PIISCAN_UPDATE_GOLDEN=1 to create it")
    expected = path.read_bytes().decode("utf-8")
    assert actual == expected, f"{name} differs from the golden file; PIISCAN_UPDATE_GOLDEN=1 regenerates it"


@pytest.fixture
def golden() -> Callable[[str, str], None]:
    """The :func:`check_golden` helper as a fixture."""
    return check_golden
