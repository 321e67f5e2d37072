"""Core value types shared by the engine, the sources and the writers.

Raw detected values never leave :class:`Match`: a :class:`Finding` only carries a
masked ``preview`` and a ``fingerprint`` unless the user asked for values.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from piiscan.ner.base import NerStats


class Sensitivity(enum.IntEnum):
    """Sensitivity levels, ordered: ``restricted`` is the highest."""

    PUBLIC = 0
    INTERNAL = 1
    CONFIDENTIAL = 2
    RESTRICTED = 3

    @property
    def label(self) -> str:
        """The contract's lower-case name (``restricted``, ``confidential`` ...)."""
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Sensitivity:
        """Parse a level name (case-insensitive); raise ``ValueError`` on anything else."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(level.label for level in cls)
            raise ValueError(f"unknown sensitivity {text!r} (expected one of: {names})") from None


class Match(NamedTuple):
    """One detection inside a text, before it becomes a :class:`Finding`.

    ``start``/``end`` are character offsets into the *original* (not normalised) text.
    ``value`` is the raw matched text and must not be written anywhere. (A named tuple: the
    engine makes one per candidate, and tuples are the cheapest immutable records in CPython.)
    """

    entity: str
    recognizer: str
    start: int
    end: int
    score: float
    value: str
    normalized: str
    tags: frozenset[str] = frozenset()
    placeholder: bool = False
    key: str | None = None
    reasons: tuple[str, ...] = ()


def _common_record(finding: Finding | ColumnFinding) -> dict[str, object]:
    """The contract fields every finding has, in the contract's order."""
    return {
        "entity": finding.entity,
        "score": round(finding.score, 3),
        "category": finding.category,
        "sensitivity": finding.sensitivity.label,
        "recognizer": finding.recognizer,
        "preview": finding.preview,
        "fingerprint": finding.fingerprint,
    }


@dataclass(frozen=True, slots=True)
class Finding:
    """A reportable finding in a text source (contract section 3)."""

    entity: str
    score: float
    category: str
    sensitivity: Sensitivity
    recognizer: str
    preview: str
    fingerprint: str
    path: str
    line: int
    column: int
    start: int
    end: int
    value: str | None = None
    placeholder: bool = False
    tags: tuple[str, ...] = ()
    commit: str | None = None  # ``scan --git``: the commit that introduced the value

    def to_record(self) -> dict[str, object]:
        """The contract's flat record (``value`` only when it was kept)."""
        record = _common_record(self)
        record.update({
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "start": self.start,
            "end": self.end,
        })
        if self.placeholder:
            record["placeholder"] = True
        if self.tags:
            record["tags"] = list(self.tags)
        if self.commit is not None:
            record["commit"] = self.commit
        if self.value is not None:
            record["value"] = self.value
        return record


@dataclass(frozen=True, slots=True)
class ColumnFinding:
    """A reportable finding about a table column (contract section 3, table fields).

    ``evidence`` says what decided it: ``values`` (the values pass the validator),
    ``name`` (the column name alone: hashed, empty or unparseable values), ``values+name``,
    ``neighbour`` (shape-only values beside a strong identifier column) or ``text`` (found
    inside free-text values). ``reason`` is one human sentence; neither holds a raw value.
    """

    entity: str
    score: float
    category: str
    sensitivity: Sensitivity
    recognizer: str
    preview: str
    fingerprint: str
    source: str
    table: str
    field: str
    rows_scanned: int
    matches: int
    ratio: float
    reason: str
    evidence: str
    tags: tuple[str, ...] = ()
    placeholders: int = 0

    @property
    def location(self) -> str:
        """``source#table.field``: the asset, as inventories name it."""
        return f"{self.source}#{self.table}.{self.field}"

    def to_record(self) -> dict[str, object]:
        """The contract's flat record."""
        record = _common_record(self)
        record.update({
            "source": self.source,
            "table": self.table,
            "field": self.field,
            "rows_scanned": self.rows_scanned,
            "matches": self.matches,
            "ratio": round(self.ratio, 4),
            "reason": self.reason,
            "evidence": self.evidence,
        })
        if self.tags:
            record["tags"] = list(self.tags)
        if self.placeholders:
            record["placeholders"] = self.placeholders
        return record


@dataclass(frozen=True, slots=True)
class ScanError:
    """An input that could not be (fully) scanned. ``message`` never holds a detected value."""

    path: str
    kind: str
    message: str

    def to_record(self) -> dict[str, str]:
        """JSON form for the ``errors`` list."""
        return {"path": self.path, "kind": self.kind, "message": self.message}


@dataclass(slots=True)
class Summary:
    """Counters for the end-of-scan summary."""

    files_scanned: int = 0
    bytes_scanned: int = 0
    files_skipped: dict[str, int] = field(default_factory=dict)
    findings_by_entity: dict[str, int] = field(default_factory=dict)
    findings_by_sensitivity: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    duration_seconds: float = 0.0
    tables_scanned: int = 0
    columns_scanned: int = 0
    values_scanned: int = 0  # non-null column values examined (after sampling)
    baselined: int = 0  # findings accepted in the baseline, not reported
    ner: NerStats | None = None  # what went to the NER models (None: the NER tier did not run)

    def skip(self, reason: str) -> None:
        """Count one skipped input under ``reason``."""
        self.files_skipped[reason] = self.files_skipped.get(reason, 0) + 1

    def count_findings(self, findings: Iterable[Finding | ColumnFinding]) -> None:
        """Set the per-entity and per-sensitivity counts from what is reported (placeholders aside)."""
        self.findings_by_entity, self.findings_by_sensitivity = {}, {}
        for f in findings:
            if isinstance(f, Finding) and f.placeholder:
                continue
            self.findings_by_entity[f.entity] = self.findings_by_entity.get(f.entity, 0) + 1
            label = f.sensitivity.label
            self.findings_by_sensitivity[label] = self.findings_by_sensitivity.get(label, 0) + 1

    def to_record(self) -> dict[str, object]:
        """JSON form for the ``summary`` object."""
        return {
            "files_scanned": self.files_scanned,
            "bytes_scanned": self.bytes_scanned,
            "files_skipped": dict(sorted(self.files_skipped.items())),
            "findings": sum(self.findings_by_entity.values()),
            "findings_by_entity": dict(sorted(self.findings_by_entity.items())),
            "findings_by_sensitivity": dict(sorted(self.findings_by_sensitivity.items())),
            "errors": self.errors,
            "duration_seconds": round(self.duration_seconds, 3),
            **(
                {"tables_scanned": self.tables_scanned, "columns_scanned": self.columns_scanned,
                 "values_scanned": self.values_scanned}
                if self.tables_scanned else {}
            ),
            **({"baselined": self.baselined} if self.baselined else {}),
            **({"ner": self.ner.to_record()} if self.ner is not None else {}),
        }


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What a writer needs to know about a recognizer (SARIF rules, table legends)."""

    id: str
    entity: str
    category: str
    sensitivity: Sensitivity
    description: str


@dataclass(slots=True)
class Report:
    """Everything a writer renders: findings (sorted), errors, summary and rule metadata."""

    findings: list[Finding]
    errors: list[ScanError]
    summary: Summary
    rules: dict[str, RuleInfo]
    tool_version: str = "0.1.0"
    columns: list[ColumnFinding] = field(default_factory=list)  # findings in table columns

    def all_findings(self) -> list[Finding | ColumnFinding]:
        """Text findings, then column findings."""
        return [*self.findings, *self.columns]

    def records(self) -> list[dict[str, object]]:
        """Every finding as a contract record: text findings, then column findings."""
        return [f.to_record() for f in self.findings] + [c.to_record() for c in self.columns]
