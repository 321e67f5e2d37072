"""What a policy check reports: one :class:`Violation` per asset, rule and problem."""

from __future__ import annotations

from dataclasses import dataclass

from piiscan.model import Sensitivity

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
