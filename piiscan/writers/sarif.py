"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning (contract section 5).

One rule per recognizer (every rule the scan knew, sorted by id), one result per
finding with a level derived from its sensitivity, the finding's fingerprint in
``partialFingerprints``, and scan errors as tool-execution notifications.

Results are built from the contract records (``to_record()``), so text findings
(``path``/``line``/``column``) get a physical location and column findings
(``table``/``field``) get a logical one. Raw values are never written, not even
when the user asked for them: SARIF files are uploaded to shared services.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import TextIO
from urllib.parse import quote

from piiscan.model import ColumnFinding, Finding, Report, RuleInfo, ScanError

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
TOOL_NAME = "piiscan"
INFORMATION_URI = "https://pypi.org/project/piiscan/"
FINGERPRINT_KEY = "piiscanFingerprint/v1"

ARCHIVE_SEPARATOR = "!"
"""Separates an archive from the member inside it in a path: ``dist/app.zip!res/ids.txt``."""

ARCHIVE_SUFFIXES = (
    ".zip", ".jar", ".war", ".ear", ".apk", ".aab", ".aar", ".ipa", ".whl", ".egg", ".nupkg",
    ".tar", ".tgz", ".tar.gz", ".tbz2", ".tar.bz2", ".txz", ".tar.xz", ".tar.zst", ".gz", ".bz2",
    ".xz", ".7z", ".rar",
)  # fmt: skip

LEVELS: Mapping[str, str] = {
    "restricted": "error",
    "confidential": "error",
    "internal": "warning",
    "public": "note",
}
"""SARIF ``level`` for each sensitivity label."""

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_DRIVE = re.compile(r"^[A-Za-z]:/")
_URL_SAFE = ":/?#[]@!$&'()*+,;=%"

Record = dict[str, object]


# --- small helpers -------------------------------------------------------------------------------


def level_for(sensitivity: str, *, placeholder: bool = False) -> str:
    """SARIF level for a sensitivity label; placeholders (not real findings) are notes."""
    return "note" if placeholder else LEVELS.get(sensitivity, "warning")


def rule_name(rule_id: str) -> str:
    """``cn_resident_id`` → ``CnResidentId`` (SARIF's ``name`` is an identifier-like string)."""
    parts = re.split(r"[^0-9A-Za-z]+", rule_id)
    return "".join(part[:1].upper() + part[1:] for part in parts) or "Rule"


def split_archive_member(path: str) -> tuple[str, str | None]:
    """``a.zip!x/y.txt`` → ``("a.zip", "x/y.txt")``; other paths → ``(path, None)``."""
    outer, separator, member = path.partition(ARCHIVE_SEPARATOR)
    if separator and member and outer.lower().endswith(ARCHIVE_SUFFIXES):
        return outer, member
    return path, None


def artifact_uri(path: str) -> str:
    """A URI reference for ``path``: relative paths stay relative, with ``/`` and percent-encoding.

    Absolute paths become ``file://`` URIs and URLs (database sources) are kept, so the
    result is always a valid URI reference.
    """
    if _SCHEME.match(path):
        return quote(_raw_bytes(path), safe=_URL_SAFE)
    posix = path.replace("\\", "/")
    if _DRIVE.match(posix):
        return "file:///" + quote(_raw_bytes(posix), safe="/:")
    if posix.startswith("/"):
        return "file://" + quote(_raw_bytes(posix), safe="/")
    while posix.startswith("./"):
        posix = posix[2:]
    return quote(_raw_bytes(posix), safe="/")


def _raw_bytes(path: str) -> bytes:
    """A path's bytes: a non-UTF-8 file name (surrogate-escaped) is percent-encoded as it is on disk."""
    try:
        return path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogatepass")


def _unique(items: Iterable[str]) -> list[str]:
    """``items`` without repeats, first occurrence kept (SARIF tag lists must be unique)."""
    return list(dict.fromkeys(items))


def _int(record: Record, key: str) -> int | None:
    value = record.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(record: Record, key: str) -> str:
    value = record.get(key)
    return "" if value is None else str(value)


def _score(record: Record) -> float:
    value = record.get("score")
    return float(value) if isinstance(value, int | float) else 0.0


# --- rules -----------------------------------------------------------------------------------------


def _rule_from_finding(finding: Finding | ColumnFinding) -> RuleInfo:
    """A stand-in rule for a recognizer that the report's rule table does not describe."""
    return RuleInfo(
        id=finding.recognizer,
        entity=finding.entity,
        category=finding.category,
        sensitivity=finding.sensitivity,
        description="",
    )


def rules_for(report: Report) -> list[RuleInfo]:
    """Every rule of the report plus any recognizer seen only in findings, sorted by id."""
    rules = {rule.id: rule for rule in report.rules.values()}
    for finding in report.all_findings():
        rules.setdefault(finding.recognizer, _rule_from_finding(finding))
    return [rules[rule_id] for rule_id in sorted(rules)]


def rule_descriptor(rule: RuleInfo) -> Record:
    """The ``reportingDescriptor`` for one recognizer."""
    short = f"{rule.entity} ({rule.category})"
    return {
        "id": rule.id,
        "name": rule_name(rule.id),
        "shortDescription": {"text": short},
        "fullDescription": {"text": rule.description or f"Personal data: {short}."},
        "defaultConfiguration": {"level": level_for(rule.sensitivity.label)},
        "properties": {
            "entity": rule.entity,
            "category": rule.category,
            "sensitivity": rule.sensitivity.label,
            "tags": _unique(["privacy", "pii", rule.category]),
        },
    }


# --- results ---------------------------------------------------------------------------------------


def message_text(record: Record) -> str:
    """What was found, masked: ``IMEI (confidential device_identifier) 35****1481 — score 0.85``."""
    text = (
        f"{_text(record, 'entity')} ({_text(record, 'sensitivity')} {_text(record, 'category')}) "
        f"{_text(record, 'preview')} — score {_score(record):.2f}"
    )
    if record.get("placeholder"):
        text += " (placeholder value)"
    if record.get("reason"):
        text += f": {_text(record, 'reason')}"
    _, member = split_archive_member(_text(record, "path"))
    if member is not None:
        text += f" in archive member {member}{_member_position(record)}"
    return text


def _member_position(record: Record) -> str:
    line, column = _int(record, "line"), _int(record, "column")
    if line is None:
        return ""
    return f", line {line}" + (f", column {column}" if column is not None else "")


def text_region(record: Record) -> Record | None:
    """Line/column region of a text finding; ``endColumn`` assumes the match is on one line."""
    line, column = _int(record, "line"), _int(record, "column")
    if line is None or line < 1:
        return None
    region: Record = {"startLine": line}
    if column is not None and column >= 1:
        region["startColumn"] = column
        start, end = _int(record, "start"), _int(record, "end")
        if start is not None and end is not None and end >= start:
            region["endColumn"] = column + (end - start)
    return region


def physical_location(path: str, region: Record | None = None) -> Record:
    """A ``location`` pointing at a file (or at the archive holding it)."""
    artifact, _ = split_archive_member(path)
    physical: Record = {"artifactLocation": {"uri": artifact_uri(artifact)}}
    if region is not None:
        physical["region"] = region
    return {"physicalLocation": physical}


def _text_location(record: Record) -> Record:
    path = _text(record, "path")
    _, member = split_archive_member(path)
    # A member's line/column refer to the member, not to the archive file GitHub would open.
    region = None if member is not None else text_region(record)
    return physical_location(path, region)


def _column_location(record: Record) -> Record:
    name = f"{_text(record, 'table')}.{_text(record, 'field')}"
    location: Record = {"logicalLocations": [{"fullyQualifiedName": name, "kind": "member"}]}
    source = _text(record, "source")
    if source and not _SCHEME.match(source):  # a Parquet file or dataset: also point at it
        location.update(physical_location(source))
    return location


def location_for(record: Record) -> Record:
    """The result location: logical (``table.field``) for column findings, physical otherwise."""
    if "table" in record and "field" in record:
        return _column_location(record)
    return _text_location(record)


def _result_properties(record: Record) -> Record:
    properties: Record = {
        "entity": _text(record, "entity"),
        "category": _text(record, "category"),
        "sensitivity": _text(record, "sensitivity"),
        "score": _score(record),
    }
    tags = record.get("tags")
    if isinstance(tags, list) and tags:
        properties["tags"] = _unique(str(tag) for tag in tags)
    if record.get("placeholder"):
        properties["placeholder"] = True
    return properties


def result_for(record: Record, rule_index: int) -> Record:
    """The SARIF ``result`` for one finding record (the ``value`` field is never used)."""
    return {
        "ruleId": _text(record, "recognizer"),
        "ruleIndex": rule_index,
        "level": level_for(_text(record, "sensitivity"), placeholder=bool(record.get("placeholder"))),
        "message": {"text": message_text(record)},
        "locations": [location_for(record)],
        "partialFingerprints": {FINGERPRINT_KEY: _text(record, "fingerprint")},
        "properties": _result_properties(record),
    }


# --- invocation ------------------------------------------------------------------------------------


def notification_for(error: ScanError) -> Record:
    """A tool-execution notification for an input that could not be (fully) scanned."""
    _, member = split_archive_member(error.path)
    text = error.message if member is None else f"{error.message} (archive member {member})"
    notification: Record = {
        "level": "warning",
        "message": {"text": text},
        "descriptor": {"id": error.kind},
    }
    if error.path:
        notification["locations"] = [physical_location(error.path)]
    return notification


def invocation_for(report: Report) -> Record:
    """The single invocation: partial failures are notifications, not a failed execution."""
    return {
        "executionSuccessful": True,
        "toolExecutionNotifications": [notification_for(error) for error in report.errors],
    }


# --- document --------------------------------------------------------------------------------------


def sarif_log(report: Report) -> Record:
    """The complete SARIF log for ``report``."""
    rules = rules_for(report)
    index = {rule.id: position for position, rule in enumerate(rules)}
    results = [
        result_for(f.to_record(), index[f.recognizer]) for f in report.all_findings()
    ]
    driver: Record = {
        "name": TOOL_NAME,
        "informationUri": INFORMATION_URI,
        "semanticVersion": report.tool_version,
        "version": report.tool_version,
        "rules": [rule_descriptor(rule) for rule in rules],
    }
    run: Record = {
        "tool": {"driver": driver},
        "invocations": [invocation_for(report)],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


class SarifWriter:
    """Writes the report as a SARIF 2.1.0 log (indented JSON, trailing newline)."""

    def write(self, report: Report, out: TextIO) -> None:
        """Write ``report`` to ``out``."""
        json.dump(sarif_log(report), out, indent=2, ensure_ascii=False)
        out.write("\n")
