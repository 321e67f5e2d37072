"""Inventory records (contract section 4) and the asset -> container view they come from.

An *asset* is a file or a table column; a *container* is what holds assets: a repository folder
for files, a table for columns (whose parent is the dataset or database). Every level carries its
highest sensitivity, counts per entity and the reasons (escalations) that raised it. Nothing here
holds a raw value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from piiscan.model import Sensitivity

FILE, COLUMN = "file", "column"

#: contract section 4 columns, in order (JSON keys, CSV header, Parquet schema)
RECORD_FIELDS: tuple[str, ...] = (
    "asset", "asset_kind", "entity", "category", "sensitivity", "count", "max_score", "first_line", "ratio",
    "retention_days", "allowed_recipients", "scanned_at",
)
#: extra columns piiscan adds after the contract's (compatible extension)
EXTRA_FIELDS: tuple[str, ...] = ("container", "tags", "reasons", "legal_basis", "violations")


@dataclass(slots=True)
class Record:
    """One row of an inventory: one asset and one entity (contract section 4)."""

    asset: str  # a file path, or ``source#table.field``
    asset_kind: str  # FILE or COLUMN
    entity: str
    category: str
    sensitivity: Sensitivity
    count: int  # findings in the file, or matching values in the column sample
    max_score: float
    first_line: int | None = None  # files
    ratio: float | None = None  # columns
    retention_days: int | None = None  # from the policy (None: the policy does not say)
    allowed_recipients: tuple[str, ...] = ()  # from the policy
    scanned_at: str = ""  # ISO 8601 UTC
    container: str = ""  # the folder or table holding the asset
    tags: tuple[str, ...] = ()  # hashed, coarse, private ...
    reasons: tuple[str, ...] = ()  # why the sensitivity is what it is (escalations)
    legal_basis: str = ""  # the category's anchor (PIPL, GB/T 35273, GDPR)
    violations: tuple[str, ...] = ()  # policy violations about this asset and entity (``kind: message``)

    def key(self) -> tuple[str, str]:
        """Identity across inventories: the asset and the entity."""
        return (self.asset, self.entity)

    def to_row(self) -> dict[str, object]:
        """A flat dict in RECORD_FIELDS + EXTRA_FIELDS order (lists stay lists)."""
        return {
            "asset": self.asset,
            "asset_kind": self.asset_kind,
            "entity": self.entity,
            "category": self.category,
            "sensitivity": self.sensitivity.label,
            "count": self.count,
            "max_score": round(self.max_score, 3),
            "first_line": self.first_line,
            "ratio": None if self.ratio is None else round(self.ratio, 4),
            "retention_days": self.retention_days,
            "allowed_recipients": list(self.allowed_recipients),
            "scanned_at": self.scanned_at,
            "container": self.container,
            "tags": list(self.tags),
            "reasons": list(self.reasons),
            "legal_basis": self.legal_basis,
            "violations": list(self.violations),
        }


@dataclass(slots=True)
class Asset:
    """A file or a table column with the records (entities) found in it."""

    id: str
    kind: str  # FILE or COLUMN
    container: str
    records: list[Record] = field(default_factory=list)

    @property
    def sensitivity(self) -> Sensitivity:
        """The highest sensitivity of its records."""
        return max((r.sensitivity for r in self.records), default=Sensitivity.PUBLIC)

    @property
    def categories(self) -> set[str]:
        """Categories of personal data it holds."""
        return {r.category for r in self.records}


@dataclass(slots=True)
class Container:
    """A folder (files) or a table (columns), inside an optional parent (a dataset or database)."""

    id: str
    kind: str  # "folder", "table"
    parent: str = ""
    assets: list[Asset] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # escalations that applied here

    @property
    def sensitivity(self) -> Sensitivity:
        """The highest sensitivity of its assets."""
        return max((a.sensitivity for a in self.assets), default=Sensitivity.PUBLIC)

    def counts(self) -> dict[str, int]:
        """Findings (files) or matching values (columns) per entity."""
        out: dict[str, int] = {}
        for asset in self.assets:
            for record in asset.records:
                out[record.entity] = out.get(record.entity, 0) + record.count
        return out


@dataclass(slots=True)
class Inventory:
    """Everything one ``piiscan inventory`` run knows, ready for writers, comparison and checks."""

    scanned_at: str
    targets: tuple[str, ...]
    containers: list[Container] = field(default_factory=list)

    @property
    def assets(self) -> list[Asset]:
        """Every asset, container by container."""
        return [a for c in self.containers for a in c.assets]

    @property
    def records(self) -> list[Record]:
        """Every record, sorted by asset then entity."""
        return sorted((r for a in self.assets for r in a.records), key=Record.key)
