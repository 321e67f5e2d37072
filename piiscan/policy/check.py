"""Checking an inventory against a policy (``piiscan check``).

Each file asset, and each table (a container of column assets), is described by the first
asset rule that matches it (:mod:`piiscan.policy.rules`). Five kinds of violation, each with
the asset, the rule (a dotted path into the policy) and the evidence in one sentence
(entities, columns, counts; never a value):

* ``undeclared``: a described asset holds a category (or entity) its rule does not declare;
  rule ``assets[i].declares``;
* ``sharing``: an asset shared with a recipient holds data that recipient may not receive;
  rule ``categories.C.recipients`` (or ``entities.E.recipients``, ``defaults.recipients``);
* ``hashing``: it holds, unhashed, data that recipient may receive only hashed or masked
  (records tagged ``hashed`` or ``masked`` are fine); rule ``...hash_when_shared``;
* ``retention``: rows of a table older than the retention period, counted through the
  rule's ``dated_by`` column (:mod:`piiscan.policy.retention`), and files last modified
  before it; rule ``...retention_days``;
* ``residency``: an asset in a region where data it holds may not reside; rule ``...regions``.

Violations are grouped per asset, rule and category, and sorted by asset, kind and rule.
What cannot be checked (a table whose database cannot be reached, a missing dating column,
a file that vanished) is returned as :class:`~piiscan.model.ScanError` records beside them.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TypeVar

from piiscan.inventory.model import COLUMN, Container, Inventory, Record
from piiscan.model import ScanError
from piiscan.policy.model import HASHING, RESIDENCY, RETENTION, SHARING, UNDECLARED, CheckResult, Violation
from piiscan.policy.retention import RetentionError, TableRef, count_older_rows, cutoff_for, file_modified
from piiscan.policy.rules import PROTECTED_TAGS, AssetRule, Policy

__all__ = ["annotate", "attach", "check"]

K = TypeVar("K", bound=Hashable)


def annotate(inventory: Inventory, policy: Policy) -> None:
    """Set ``retention_days`` and ``allowed_recipients`` of every record from the policy."""
    for record in inventory.records:
        record.retention_days = policy.retention_days(record.category, record.entity)
        record.allowed_recipients = policy.allowed_recipients(record.category, record.entity) or ()


def attach(inventory: Inventory, violations: Iterable[Violation]) -> None:
    """Set every record's ``violations`` (``kind: message``) from the violations about it."""
    about: dict[tuple[str, str], list[str]] = {}
    for violation in violations:
        for key in violation.records:
            about.setdefault(key, []).append(f"{violation.kind}: {violation.message}")
    for record in inventory.records:
        record.violations = tuple(about.get(record.key(), ()))


def check(
    inventory: Inventory,
    policy: Policy,
    *,
    now: dt.datetime | None = None,
    sources: Mapping[str, str] | None = None,
    timeout_seconds: float = 60.0,
    count_rows: bool = True,
) -> CheckResult:
    """Every violation of ``policy`` in ``inventory``, and what could not be checked.

    ``now`` is the instant retention periods count back from (default: the current time; a
    naive datetime is UTC). ``sources`` maps a source as the inventory names it (a database
    URL with its password redacted) to the target to reconnect to. ``timeout_seconds`` bounds
    each SQL statement; ``count_rows=False`` skips the row counts (no database is opened).
    """
    moment = cutoff_for(now or dt.datetime.now(dt.UTC), 0)  # as an aware UTC instant
    checker = _Checker(policy, moment, dict(sources or {}), timeout_seconds, count_rows)
    for subject in _subjects(inventory, policy):
        checker.run(subject)
    errors = sorted(set(checker.errors), key=lambda e: (e.path, e.kind, e.message))
    return CheckResult(sorted(checker.violations, key=Violation.sort_key), errors)


# --------------------------------------------------------------------------- subjects


@dataclass(frozen=True, slots=True)
class _Held:
    """One record of a subject, and the column it is in (``""`` for a file)."""

    record: Record
    field: str


@dataclass(frozen=True, slots=True)
class _Subject:
    """What asset rules describe: a file, or a table with its columns."""

    id: str
    held: tuple[_Held, ...]
    rule: AssetRule | None
    table: bool


def _is_table(container: Container) -> bool:
    return container.kind == "table" or any(asset.kind == COLUMN for asset in container.assets)


def _field(asset_id: str, container_id: str) -> str:
    """The column of ``source#table.field`` within ``source#table``."""
    if asset_id.startswith(container_id + "."):
        return asset_id[len(container_id) + 1 :]
    return asset_id.rpartition("#")[2]


def _subjects(inventory: Inventory, policy: Policy) -> Iterator[_Subject]:
    for container in inventory.containers:
        if _is_table(container):
            ref = TableRef.parse(container.id)
            held = tuple(
                _Held(record, _field(asset.id, container.id)) for asset in container.assets for record in asset.records
            )
            yield _Subject(container.id, held, policy.table_rule(ref.source, ref.table), True)
            continue
        for asset in container.assets:
            held = tuple(_Held(record, "") for record in asset.records)
            yield _Subject(asset.id, held, policy.file_rule(asset.id), False)


def _group(held: Iterable[_Held], key: Callable[[_Held], K | None]) -> dict[K, list[_Held]]:
    """Records by ``key`` (those whose key is ``None`` left out), in first-seen order."""
    groups: dict[K, list[_Held]] = {}
    for item in held:
        found = key(item)
        if found is not None:
            groups.setdefault(found, []).append(item)
    return groups


# --------------------------------------------------------------------------- messages


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _evidence(items: Iterable[_Held]) -> str:
    """``IMEI (51 findings); MAC_ADDRESS in wlan (261 values)``: entities, columns and counts."""
    counts: dict[str, int] = {}
    fields: dict[str, list[str]] = {}
    for item in items:
        entity = item.record.entity
        counts[entity] = counts.get(entity, 0) + item.record.count
        if item.field and item.field not in fields.setdefault(entity, []):
            fields[entity].append(item.field)
    parts = []
    for entity in sorted(counts):
        columns = fields.get(entity)
        if columns:
            parts.append(f"{entity} in {', '.join(sorted(columns))} ({_plural(counts[entity], 'value')})")
        else:
            parts.append(f"{entity} ({_plural(counts[entity], 'finding')})")
    return "; ".join(parts)


def _what(rule: str, items: list[_Held]) -> str:
    """The data a rule is about: ``IMEI (device_identifier)`` for an entity rule, else the category."""
    category = items[0].record.category
    if rule.startswith("entities."):
        return f"{items[0].record.entity} ({category})"
    return category


def _names(values: Iterable[str], empty: str) -> str:
    listed = ", ".join(values)
    return listed or empty


# --------------------------------------------------------------------------- the checks


class _Checker:
    """Runs the five checks over subjects, collecting violations and errors."""

    def __init__(
        self, policy: Policy, now: dt.datetime, sources: dict[str, str], timeout: float, count_rows: bool
    ) -> None:
        self.policy = policy
        self.now = now
        self.sources = sources
        self.timeout = timeout
        self.count_rows = count_rows
        self.violations: list[Violation] = []
        self.errors: list[ScanError] = []

    def run(self, subject: _Subject) -> None:
        """All checks on one file or table."""
        if not subject.held:
            return
        self.undeclared(subject)
        self.sharing(subject)
        self.residency(subject)
        if subject.table:
            self.table_retention(subject)
        else:
            self.file_retention(subject)

    def add(self, kind: str, subject: _Subject, rule: str, items: list[_Held], message: str, count: int | None) -> None:
        """Record one violation about ``items`` of ``subject``."""
        categories = {item.record.category for item in items}
        entities = {item.record.entity for item in items}
        self.violations.append(
            Violation(
                kind=kind,
                asset=subject.id,
                rule=rule,
                message=message,
                category=next(iter(categories)) if len(categories) == 1 else "",
                entity=next(iter(entities)) if len(entities) == 1 else "",
                sensitivity=max(item.record.sensitivity for item in items),
                count=count,
                records=tuple(dict.fromkeys(item.record.key() for item in items)),
            )
        )

    def setting_rule(self, name: str, item: _Held) -> tuple[str, object] | None:
        """``(rule path, value)`` of a data-rule field for a record, if the policy sets it."""
        found = self.policy.setting(name, item.record.category, item.record.entity)
        return None if found is None else (found.rule, found.value)

    # ---- undeclared

    def undeclared(self, subject: _Subject) -> None:
        """Categories (and entities) the subject's rule does not declare."""
        rule = subject.rule
        if rule is None or rule.declares is None:
            return
        groups = _group(
            subject.held,
            lambda h: None if rule.declared(h.record.category, h.record.entity) else h.record.category,
        )
        for category, items in groups.items():
            message = f"{subject.id} holds {category} that {rule.label} does not declare: {_evidence(items)}"
            self.add(UNDECLARED, subject, f"{rule.path}.declares", items, message, _total(items))

    # ---- sharing and hashing

    def sharing(self, subject: _Subject) -> None:
        """Data a recipient may not receive, or may receive only hashed."""
        rule = subject.rule
        if rule is None:
            return
        for recipient in rule.shared_with:
            denied = _group(subject.held, functools.partial(self._denied, recipient=recipient))
            for (path, _category), items in denied.items():
                allowed = self.policy.allowed_recipients(items[0].record.category, items[0].record.entity) or ()
                message = (
                    f"{subject.id} is shared with {recipient} ({rule.path}), which may not receive "
                    f"{_what(path, items)}: {_evidence(items)}; allowed: {_names(allowed, 'nobody')}"
                )
                self.add(SHARING, subject, path, items, message, _total(items))
            raw = _group(subject.held, functools.partial(self._unhashed, recipient=recipient))
            for (path, _category), items in raw.items():
                message = (
                    f"{subject.id} is shared with {recipient} ({rule.path}) and holds {_what(path, items)} "
                    f"unhashed, which {recipient} may receive only hashed or masked: {_evidence(items)}"
                )
                self.add(HASHING, subject, path, items, message, _total(items))

    def _denied(self, item: _Held, recipient: str) -> tuple[str, str] | None:
        found = self.setting_rule("recipients", item)
        if found is None or recipient in _strings(found[1]):
            return None
        return found[0], item.record.category

    def _unhashed(self, item: _Held, recipient: str) -> tuple[str, str] | None:
        if self._denied(item, recipient) is not None or PROTECTED_TAGS.intersection(item.record.tags):
            return None
        found = self.setting_rule("hash_when_shared", item)
        if found is None or recipient not in _strings(found[1]):
            return None
        return found[0], item.record.category

    # ---- residency

    def residency(self, subject: _Subject) -> None:
        """Data held in a region it may not reside in."""
        rule = subject.rule
        if rule is None or rule.region is None:
            return
        region = rule.region

        def outside(item: _Held) -> tuple[str, str] | None:
            found = self.setting_rule("regions", item)
            if found is None or region in _strings(found[1]):
                return None
            return found[0], item.record.category

        for (path, _category), items in _group(subject.held, outside).items():
            allowed = self.policy.allowed_regions(items[0].record.category, items[0].record.entity) or ()
            message = (
                f"{subject.id} resides in {region} ({rule.path}), where {_what(path, items)} may not reside: "
                f"{_evidence(items)}; allowed: {_names(allowed, 'nowhere')}"
            )
            self.add(RESIDENCY, subject, path, items, message, _total(items))

    # ---- retention

    def retention_groups(self, subject: _Subject) -> dict[tuple[str, str, int], list[_Held]]:
        """Records by (rule path, category, retention days)."""

        def period(item: _Held) -> tuple[str, str, int] | None:
            found = self.setting_rule("retention_days", item)
            if found is None or not isinstance(found[1], int):
                return None
            return found[0], item.record.category, found[1]

        return _group(subject.held, period)

    def file_retention(self, subject: _Subject) -> None:
        """A file last modified before the retention period of data it holds."""
        groups = self.retention_groups(subject)
        if not groups:
            return
        try:
            modified = file_modified(subject.id)
        except RetentionError as exc:
            self.errors.append(exc.error)
            return
        age = (self.now - modified).days
        for (path, _category, days), items in groups.items():
            if modified < cutoff_for(self.now, days):
                message = (
                    f"{subject.id} was last modified on {modified:%Y-%m-%d}, {_plural(age, 'day')} ago, "
                    f"beyond the {days}-day retention of {_what(path, items)}: {_evidence(items)}"
                )
                self.add(RETENTION, subject, path, items, message, None)

    def table_retention(self, subject: _Subject) -> None:
        """Rows of a table dated before the retention period of data it holds."""
        rule = subject.rule
        if rule is None or rule.dated_by is None or not self.count_rows:
            return
        groups = self.retention_groups(subject)
        if not groups:
            return
        ref = TableRef.parse(subject.id)
        cutoffs = {days: cutoff_for(self.now, days) for _path, _category, days in groups}
        try:
            counts = count_older_rows(
                ref,
                rule.dated_by,
                sorted(set(cutoffs.values())),
                target=self.sources.get(ref.source),
                unit=rule.date_unit,
                timeout_seconds=self.timeout,
            )
        except RetentionError as exc:
            self.errors.append(exc.error)
            return
        for (path, _category, days), items in groups.items():
            rows = counts.get(cutoffs[days], 0)
            if rows:
                verb = "is" if rows == 1 else "are"
                message = (
                    f"{_plural(rows, 'row')} of {subject.id} {verb} dated by {rule.dated_by} before "
                    f"{cutoffs[days]:%Y-%m-%d}, beyond the {days}-day retention of {_what(path, items)}: "
                    f"{_evidence(items)}"
                )
                self.add(RETENTION, subject, path, items, message, rows)


def _strings(value: object) -> tuple[str, ...]:
    return tuple(str(item) for item in value) if isinstance(value, tuple) else ()


def _total(items: Iterable[_Held]) -> int:
    return sum(item.record.count for item in items)
