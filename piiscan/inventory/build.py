"""Findings -> assets -> containers, classified and escalated: the inventory of one scan."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from piiscan.inventory.escalation import Rule
from piiscan.inventory.model import COLUMN, FILE, Asset, Container, Inventory, Record
from piiscan.model import ColumnFinding, Finding, Report
from piiscan.taxonomy import Taxonomy


def utc_now() -> str:
    """The current time as ISO 8601 UTC, to the second (``2026-11-29T18:55:00Z``)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def build_inventory(
    report: Report, taxonomy: Taxonomy, rules: Sequence[Rule], *, targets: Sequence[str], scanned_at: str = ""
) -> Inventory:
    """The inventory of ``report``: one record per asset and entity, escalations applied."""
    when = scanned_at or utc_now()
    containers: dict[str, Container] = {}
    for asset in [*_file_assets(report.findings, taxonomy, when), *_column_assets(report.columns, taxonomy, when)]:
        container = containers.get(asset.container)
        if container is None:
            container = containers[asset.container] = _container_for(asset)
        container.assets.append(asset)
    for container in containers.values():
        _escalate(container, rules)
    ordered = sorted(containers.values(), key=lambda c: c.id)
    return Inventory(when, tuple(targets), ordered)


def _file_assets(findings: Iterable[Finding], taxonomy: Taxonomy, when: str) -> list[Asset]:
    by_path: dict[str, dict[str, list[Finding]]] = {}
    for finding in findings:
        if not finding.placeholder:
            by_path.setdefault(finding.path, {}).setdefault(finding.entity, []).append(finding)
    assets = []
    for path, by_entity in sorted(by_path.items()):
        asset = Asset(path, FILE, _folder(path))
        for entity, group in sorted(by_entity.items()):
            top = max(group, key=lambda f: (f.sensitivity, f.score))
            tags = sorted({t for f in group for t in f.tags if sum(t in g.tags for g in group) * 2 >= len(group)})
            asset.records.append(Record(
                asset=path, asset_kind=FILE, entity=entity, category=top.category, sensitivity=top.sensitivity,
                count=len(group), max_score=max(f.score for f in group), first_line=min(f.line for f in group),
                scanned_at=when, container=asset.container, tags=tuple(tags),
                legal_basis=taxonomy.legal_basis(top.category),
            ))
        assets.append(asset)
    return assets


def _column_assets(columns: Iterable[ColumnFinding], taxonomy: Taxonomy, when: str) -> list[Asset]:
    assets: dict[str, Asset] = {}
    for finding in sorted(columns, key=lambda c: (c.location, c.entity)):
        asset = assets.get(finding.location)
        if asset is None:
            asset = assets[finding.location] = Asset(finding.location, COLUMN, f"{finding.source}#{finding.table}")
        asset.records.append(Record(
            asset=finding.location, asset_kind=COLUMN, entity=finding.entity, category=finding.category,
            sensitivity=finding.sensitivity, count=finding.matches, max_score=finding.score, ratio=finding.ratio,
            scanned_at=when, container=asset.container, tags=finding.tags,
            reasons=(f"evidence: {finding.reason}",), legal_basis=taxonomy.legal_basis(finding.category),
        ))
    return list(assets.values())


def _folder(path: str) -> str:
    """The folder a file (or an archive member's archive) sits in."""
    archive = path.split("!", 1)[0]
    return os.path.dirname(archive) or "."


def _container_for(asset: Asset) -> Container:
    if asset.kind == FILE:
        return Container(asset.container, "folder")
    source = asset.container.rsplit("#", 1)[0]
    return Container(asset.container, "table", parent=source)


def _escalate(container: Container, rules: Sequence[Rule]) -> None:
    """Apply the rules per file (its records) and per table (all its columns' records)."""
    if container.kind == "table":
        scopes = [(f"table {container.id.rsplit('#', 1)[-1]}", [r for a in container.assets for r in a.records])]
    else:
        scopes = [("file", a.records) for a in container.assets]
    for scope, records in scopes:
        for rule in rules:
            for reason in rule.apply(records, scope):
                if reason not in container.reasons:
                    container.reasons.append(reason)
