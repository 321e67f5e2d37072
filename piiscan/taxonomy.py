"""Entity -> category -> sensitivity: the one place that classifies a match.

Defaults come from the recognizer definitions (spec section 5 tiers); a policy or config
file may override them per entity or per recognizer without touching the definitions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

from piiscan.model import Sensitivity
from piiscan.ner.base import NER_RECOGNIZERS
from piiscan.recognizers import RecognizerSpec


@lru_cache(maxsize=1)
def categories() -> dict[str, dict[str, str]]:
    """The shipped categories (``piiscan/data/categories.yaml``): name and legal basis of each."""
    import yaml

    text = resources.files("piiscan").joinpath("data", "categories.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return {str(k): {str(f): str(v) for f, v in fields.items()} for k, fields in data.items()}


@dataclass(frozen=True, slots=True)
class Classification:
    """Category and sensitivity of one recognizer's matches (and tag-specific tiers)."""

    entity: str
    category: str
    sensitivity: Sensitivity
    by_tag: Mapping[str, Sensitivity] = field(default_factory=dict)


class Taxonomy:
    """Classifies matches; built from recognizer specs, optionally overridden."""

    def __init__(self, by_recognizer: Mapping[str, Classification]) -> None:
        self._by_recognizer = dict(by_recognizer)

    @classmethod
    def from_specs(cls, specs: Iterable[RecognizerSpec]) -> Taxonomy:
        """Defaults from the definitions, plus the NER tier's recognizers (piiscan.ner.base)."""
        by_recognizer = {
            r.id: Classification(r.entity, r.category, Sensitivity.parse(r.sensitivity), {}) for r in NER_RECOGNIZERS
        }
        by_recognizer.update(
            {s.id: Classification(s.entity, s.category, s.sensitivity, dict(s.sensitivity_by_tag)) for s in specs}
        )
        return cls(by_recognizer)

    def with_overrides(self, overrides: Mapping[str, Mapping[str, str]]) -> Taxonomy:
        """Override by entity or recognizer id: ``{"IP_ADDRESS": {"sensitivity": "internal"}}``.

        An overridden sensitivity replaces the tag-specific tiers too: the user said what they want.
        """
        updated: dict[str, Classification] = {}
        for rid, current in self._by_recognizer.items():
            change = overrides.get(rid) or overrides.get(current.entity) or {}
            if "category" in change:
                current = replace(current, category=str(change["category"]))
            if "sensitivity" in change:
                current = replace(current, sensitivity=Sensitivity.parse(str(change["sensitivity"])), by_tag={})
            updated[rid] = current
        return Taxonomy(updated)

    def legal_basis(self, category: str) -> str:
        """The legal anchors of ``category`` (PIPL, GB/T 35273-2020, GDPR), or "" when unknown."""
        entry = categories().get(category, {})
        return str(entry.get("legal_basis", ""))

    def classify(self, recognizer: str, tags: Iterable[str] = ()) -> tuple[str, Sensitivity]:
        """Category and sensitivity for a match of ``recognizer`` with validator ``tags``."""
        info = self._by_recognizer[recognizer]
        level = info.sensitivity
        for tag in tags:
            if tag in info.by_tag:
                level = info.by_tag[tag]
        return info.category, level
