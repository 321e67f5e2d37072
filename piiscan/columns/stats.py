"""Per-column statistics: plain counters that add up, so partial results merge exactly.

A profile of one batch, of one Parquet file or of one Spark partition is a
``dict[field, ColumnStats]``; merging two is adding their counters. Nothing here holds a raw
value: examples are kept masked.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from piiscan.findings import mask


@dataclass(slots=True)
class Tally:
    """How the values of one column fared against one entity's recognizers."""

    candidates: int = 0  # values a pattern matched as a whole, whatever the validator said
    valid: int = 0  # values whose validator outcome is strong or medium
    weak: int = 0  # values with the identifier's shape only
    placeholder: int = 0  # all-zero ad ids, test IMEIs ...
    max_score: float = 0.0  # free text: best match score
    recognizers: dict[str, int] = field(default_factory=dict)  # recognizer id -> values it decided
    tags: dict[str, int] = field(default_factory=dict)  # validator tags, counted over the ``tagged`` values
    tagged: int = 0  # valid+weak values whose tags were looked at (all, or a probe of vectorised ones)
    preview: str = ""  # one matching value, masked

    def add(self, recognizer: str, outcome: str, count: int, tags: frozenset[str], value: str) -> None:
        """Count ``count`` values with validator ``outcome`` (strong, medium, weak, placeholder or invalid)."""
        self.candidates += count
        if outcome == "invalid":
            return
        self.recognizers[recognizer] = self.recognizers.get(recognizer, 0) + count
        if outcome == "placeholder":
            self.placeholder += count
            return
        if outcome == "weak":
            self.weak += count
        else:
            self.valid += count
        self.tagged += count
        for tag in tags:
            self.tags[tag] = self.tags.get(tag, 0) + count
        if not self.preview:
            self.preview = mask(value)

    def common_tags(self) -> tuple[str, ...]:
        """Tags at least half of the looked-at values carry (``private`` IPs, ``hashed`` ...)."""
        return tuple(sorted(t for t, n in self.tags.items() if self.tagged and n * 2 >= self.tagged))

    @property
    def recognizer(self) -> str:
        """The recognizer that decided most values ("" when none did)."""
        return max(self.recognizers.items(), key=lambda kv: (kv[1], kv[0]))[0] if self.recognizers else ""

    def merge(self, other: Tally) -> None:
        """Add ``other``'s counts to this tally."""
        self.candidates += other.candidates
        self.valid += other.valid
        self.weak += other.weak
        self.placeholder += other.placeholder
        self.tagged += other.tagged
        self.max_score = max(self.max_score, other.max_score)
        for mine, theirs in ((self.recognizers, other.recognizers), (self.tags, other.tags)):
            for key, count in theirs.items():
                mine[key] = mine.get(key, 0) + count
        self.preview = self.preview or other.preview


@dataclass(slots=True)
class ColumnStats:
    """Everything the decision needs to know about one (leaf) column."""

    name: str  # dotted field name
    kind: str  # text, integer, decimal, binary, float, map
    arrow_type: str
    rows: int = 0  # values examined, nulls included
    non_null: int = 0
    text_values: int = 0  # values that look like free text (scanned with the text engine)
    scientific: int = 0  # numbers in scientific notation (4.90154E+14): cannot be validated
    digests: int = 0  # 32/40/64-hex values: MD5/SHA-1/SHA-256 digests (hashed identifiers)
    latitude: int = 0  # numbers within [-90, 90]
    longitude: int = 0  # numbers within [-180, 180]
    precise: int = 0  # numbers with at least 3 decimals (about 100 m or better)
    examined: int = 0  # distinct values put to the whole-value patterns
    text_checked: int = 0  # distinct values checked for free text
    values: dict[str, Tally] = field(default_factory=dict)  # entity -> whole-value tally
    text: dict[str, Tally] = field(default_factory=dict)  # entity -> values of free text containing it
    preview: str = ""  # one non-null value, masked (for name-only findings)
    pruned: set[str] = field(default_factory=set)  # entities no longer validated (they failed at chance level)
    ner_checked: int = 0  # values (weighted by rows) put to the NER tier as a whole (--ner)
    ner: dict[str, Tally] = field(default_factory=dict)  # entity -> values the NER tier tagged as a whole

    def merge(self, other: ColumnStats) -> None:
        """Add ``other`` (the same field from another batch or partition)."""
        for name in (
            "rows", "non_null", "text_values", "scientific", "digests", "latitude", "longitude", "precise", "examined",
            "text_checked", "ner_checked",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for mine, theirs in ((self.values, other.values), (self.text, other.text), (self.ner, other.ner)):
            for rid, tally in theirs.items():
                mine.setdefault(rid, Tally()).merge(tally)
        self.preview = self.preview or other.preview
        self.pruned |= other.pruned

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form (for shipping partial statistics between processes)."""
        data = asdict(self)
        data["pruned"] = sorted(self.pruned)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ColumnStats:
        """Inverse of :meth:`to_dict`."""
        def tallies(group: str) -> dict[str, Tally]:
            return {k: Tally(**v) for k, v in data.get(group, {}).items()}

        plain = {k: v for k, v in data.items() if k not in ("values", "text", "ner", "pruned")}
        return cls(
            **plain, values=tallies("values"), text=tallies("text"), ner=tallies("ner"),
            pruned=set(data.get("pruned", ())),
        )


TableStats = dict[str, ColumnStats]


def merge_tables(into: TableStats, other: TableStats) -> TableStats:
    """Merge ``other`` into ``into`` field by field (fields seen only in ``other`` are added)."""
    for name, stats in other.items():
        if name in into:
            into[name].merge(stats)
        else:
            into[name] = stats
    return into
