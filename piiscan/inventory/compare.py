"""What changed since an older inventory: new, gone and re-classified records (asset + entity)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from piiscan.inventory.model import Record
from piiscan.model import Sensitivity


@dataclass(slots=True)
class Change:
    """A record whose sensitivity differs between the two inventories."""

    before: Record
    after: Record

    @property
    def raised(self) -> bool:
        """True when the sensitivity went up."""
        return self.after.sensitivity > self.before.sensitivity


@dataclass(slots=True)
class Difference:
    """The review list for a steward: only what differs."""

    new: list[Record] = field(default_factory=list)
    gone: list[Record] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)

    def new_at_or_above(self, level: Sensitivity) -> list[Record]:
        """New records, and records raised, at or above ``level`` (what ``--fail-on`` looks at)."""
        raised = [c.after for c in self.changed if c.raised and c.after.sensitivity >= level]
        return [r for r in self.new if r.sensitivity >= level] + raised

    def to_document(self) -> dict[str, object]:
        """JSON form (printed by ``piiscan inventory --compare``)."""
        return {
            "new": [r.to_row() for r in self.new],
            "gone": [r.to_row() for r in self.gone],
            "changed": [
                {"asset": c.after.asset, "entity": c.after.entity, "before": c.before.sensitivity.label,
                 "after": c.after.sensitivity.label}
                for c in self.changed
            ],
        }


def compare(old: Sequence[Record], new: Sequence[Record]) -> Difference:
    """Records are the same when asset and entity are; counts may move without being a change."""
    before = {r.key(): r for r in old}
    after = {r.key(): r for r in new}
    out = Difference()
    out.new = [after[k] for k in sorted(after.keys() - before.keys())]
    out.gone = [before[k] for k in sorted(before.keys() - after.keys())]
    out.changed = [
        Change(before[k], after[k]) for k in sorted(before.keys() & after.keys())
        if before[k].sensitivity != after[k].sensitivity
    ]
    return out
