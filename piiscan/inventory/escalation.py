"""Escalation rules as data: combinations that raise sensitivity (``piiscan/data/escalations.yaml``).

A rule applies to one *scope* — a file, or the columns of one table — when every one of its
groups finds records there; the records of the raised groups go up to the rule's level and
carry the rule's reason. Rules never lower a level.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from piiscan.inventory.model import Record
from piiscan.model import Sensitivity

_RULE_KEYS = {"id", "to", "when", "raise", "reason"}
_GROUP_KEYS = {"categories", "entities", "min_count", "without_tags"}


class EscalationError(ValueError):
    """An escalation rule file is invalid; the message names the file and the rule."""


@dataclass(frozen=True, slots=True)
class Group:
    """Records a rule looks for: by category or entity, with a minimum count and excluded tags."""

    categories: frozenset[str] = frozenset()
    entities: frozenset[str] = frozenset()
    min_count: int = 1
    without_tags: frozenset[str] = frozenset()

    def matches(self, record: Record) -> bool:
        """True when ``record`` belongs to this group."""
        named = record.category in self.categories or record.entity in self.entities
        return named and record.count >= self.min_count and not self.without_tags & set(record.tags)


@dataclass(frozen=True, slots=True)
class Rule:
    """One escalation rule."""

    id: str
    to: Sensitivity
    groups: tuple[Group, ...]
    raise_all: bool  # raise every group's records, or only the first group's
    reason: str  # template: {first}, {second}, {count}, {scope}

    def apply(self, records: Sequence[Record], scope: str) -> list[str]:
        """Raise the matching records of one scope; return the reasons given (empty: no match)."""
        found = [[r for r in records if group.matches(r)] for group in self.groups]
        if not all(found):
            return []
        first, second = _names(found[0]), _names(found[1]) if len(found) > 1 else ""
        count = sum(r.count for r in found[0])
        reason = " ".join(self.reason.format(first=first, second=second, count=count, scope=scope).split())
        raised = [r for group in found for r in group] if self.raise_all else found[0]
        for record in raised:
            if record.sensitivity < self.to:
                record.sensitivity = self.to
            if reason not in record.reasons:
                record.reasons = (*record.reasons, f"{self.id}: {reason}")
        return [f"{self.id}: {reason}"]


def _names(records: Sequence[Record]) -> str:
    return ", ".join(sorted({r.entity for r in records}))


def default_rules_path() -> Path:
    """The bundled ``escalations.yaml``."""
    return Path(str(resources.files("piiscan").joinpath("data", "escalations.yaml")))


def load_rules(path: Path | None = None) -> list[Rule]:
    """Load escalation rules (default: the bundled ones); raise :class:`EscalationError` when invalid."""
    import yaml

    path = path or default_rules_path()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise EscalationError(f"{path}: cannot read: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise EscalationError(f"{path}: expected a mapping with a 'rules' list")
    return [_rule(item, f"{path}: rules[{i}]") for i, item in enumerate(data["rules"])]


def _rule(item: Any, where: str) -> Rule:
    if not isinstance(item, dict):
        raise EscalationError(f"{where}: a rule is a mapping")
    unknown = sorted(set(item) - _RULE_KEYS)
    missing = sorted({"id", "to", "when", "reason"} - set(item))
    if unknown or missing:
        raise EscalationError(f"{where}: unknown key(s) {unknown}" if unknown else f"{where}: missing {missing}")
    try:
        level = Sensitivity.parse(str(item["to"]))
    except ValueError as exc:
        raise EscalationError(f"{where}.to: {exc}") from None
    when = item["when"]
    if not isinstance(when, list) or not when:
        raise EscalationError(f"{where}.when: a non-empty list of groups")
    if item.get("raise", "all") not in ("all", "first"):
        raise EscalationError(f"{where}.raise: 'all' or 'first'")
    groups = tuple(_group(g, f"{where}.when[{i}]") for i, g in enumerate(when))
    return Rule(str(item["id"]), level, groups, item.get("raise", "all") == "all", str(item["reason"]))


def _group(item: Any, where: str) -> Group:
    if not isinstance(item, dict) or not set(item) <= _GROUP_KEYS or not ({"categories", "entities"} & set(item)):
        raise EscalationError(f"{where}: a mapping with 'categories' or 'entities' (and min_count, without_tags)")
    lists = {}
    for key in ("categories", "entities", "without_tags"):
        value = item.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise EscalationError(f"{where}.{key}: a list of names")
        lists[key] = frozenset(value)
    count = item.get("min_count", 1)
    if not isinstance(count, int) or count < 1:
        raise EscalationError(f"{where}.min_count: a whole number >= 1")
    return Group(lists["categories"], lists["entities"], count, lists["without_tags"])
