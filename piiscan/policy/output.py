"""``piiscan check`` output: the violations as a table, JSON, JSON Lines, CSV or SARIF."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from piiscan import __version__
from piiscan.policy.model import KINDS, Violation

FORMATS = ("table", "json", "jsonl", "csv", "sarif")
CSV_COLUMNS = ("kind", "asset", "rule", "message", "category", "entity", "sensitivity", "count")
_DESCRIPTIONS = {
    "undeclared": "An asset holds a category of personal data its owner did not declare.",
    "sharing": "An asset shared with a recipient holds data that recipient may not receive.",
    "hashing": "An asset holds raw values a recipient may receive only hashed or masked.",
    "retention": "Personal data is kept longer than its category's retention period.",
    "residency": "An asset resides in a region where a category it holds may not reside.",
}


def render(violations: Sequence[Violation], fmt: str) -> str:
    """The violations in format ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "table":
        lines = [f"{v.kind:10} {v.asset}\n           {v.message}  [{v.rule}]" for v in violations]
        return "\n".join(lines) + "\n" if lines else "No policy violations.\n"
    if fmt == "json":
        return json.dumps({"violations": [v.to_record() for v in violations]}, ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(v.to_record(), ensure_ascii=False) + "\n" for v in violations)
    if fmt == "csv":
        return _csv(violations)
    if fmt == "sarif":
        return json.dumps(_sarif(violations), ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown format {fmt!r}")


def _csv(violations: Sequence[Violation]) -> str:
    from piiscan.writers.csv import neutralize

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for v in violations:
        record = v.to_record()
        writer.writerow(
            [neutralize(str(record[c])) if isinstance(record.get(c), str) else record.get(c, "") for c in CSV_COLUMNS]
        )
    return out.getvalue()


def _sarif(violations: Sequence[Violation]) -> dict[str, object]:
    from piiscan.writers.sarif import INFORMATION_URI, SARIF_SCHEMA, SARIF_VERSION, level_for, physical_location

    rules = [
        {"id": f"policy/{kind}", "name": f"Policy{kind.title()}", "shortDescription": {"text": _DESCRIPTIONS[kind]}}
        for kind in KINDS
    ]
    results = []
    for v in violations:
        table = "#" in v.asset
        location = (
            {"logicalLocations": [{"fullyQualifiedName": v.asset.rsplit("#", 1)[1], "kind": "member"}]}
            if table else physical_location(v.asset)
        )
        results.append({
            "ruleId": f"policy/{v.kind}",
            "ruleIndex": KINDS.index(v.kind),
            "level": level_for(v.sensitivity.label),
            "message": {"text": f"{v.message} [{v.rule}]"},
            "locations": [location],
            "properties": {"rule": v.rule, "category": v.category, "entity": v.entity},
        })
    driver = {"name": "piiscan", "informationUri": INFORMATION_URI, "version": __version__,
              "semanticVersion": __version__, "rules": rules}
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION,
            "runs": [{"tool": {"driver": driver}, "results": results}]}
