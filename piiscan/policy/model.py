"""What a policy check reports: one :class:`Violation` per asset, rule and problem."""

from __future__ import annotations

from dataclasses import dataclass, field

from piiscan.model import ScanError, Sensitivity

#: the kinds of violation ``piiscan check`` reports
UNDECLARED, SHARING, HASHING, RETENTION, RESIDENCY = "undeclared", "sharing", "hashing", "retention", "residency"
KINDS = (UNDECLARED, SHARING, HASHING, RETENTION, RESIDENCY)


@dataclass(frozen=True, slots=True)
class Violation:
    """A policy rule an asset breaks, with the evidence in one sentence (never a raw value)."""

    kind: str  # one of KINDS
    asset: str  # the asset (file or ``source#table.field``) or container (``source#table``, a folder)
    rule: str  # where the rule is in the policy, e.g. ``categories.device_identifier.recipients``
    message: str  # the evidence, for a person
    category: str = ""
    entity: str = ""
    sensitivity: Sensitivity = Sensitivity.CONFIDENTIAL
    count: int | None = None  # rows (retention) or values involved, when counted
    #: the inventory records it is about, as ``(asset, entity)`` keys (see ``Record.key``)
    records: tuple[tuple[str, str], ...] = ()

    def to_record(self) -> dict[str, object]:
        """JSON form (``piiscan check --format json|jsonl``)."""
        record: dict[str, object] = {
            "kind": self.kind,
            "asset": self.asset,
            "rule": self.rule,
            "message": self.message,
            "category": self.category,
            "entity": self.entity,
            "sensitivity": self.sensitivity.label,
        }
        if self.count is not None:
            record["count"] = self.count
        return record

    def sort_key(self) -> tuple[str, int, str, str, str, str]:
        """Report order: by asset, kind (in :data:`KINDS` order), rule, then the rest."""
        order = KINDS.index(self.kind) if self.kind in KINDS else len(KINDS)
        return (self.asset, order, self.rule, self.category, self.entity, self.message)


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What ``check`` found: violations (sorted) and what could not be checked (errors)."""

    violations: list[Violation] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)  # e.g. a table whose rows cannot be dated

    @property
    def ok(self) -> bool:
        """True when no violation was found (errors do not count)."""
        return not self.violations

    def to_record(self) -> dict[str, object]:
        """JSON form: ``{"violations": [...], "errors": [...]}``."""
        return {
            "violations": [v.to_record() for v in self.violations],
            "errors": [e.to_record() for e in self.errors],
        }
