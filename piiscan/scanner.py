"""Text in, findings out: the engine, the taxonomy and inline ignores, with nothing else imported.

:class:`TextScanner` is what the pre-commit hook uses (it must start fast: no file walking,
archives, tables or process pools); :class:`piiscan.scan.Scanner` adds reading files to it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from piiscan.engine import DEFAULT_MIN_SCORE, Engine
from piiscan.findings import to_findings
from piiscan.ignore import filter_findings
from piiscan.model import Finding, Match, RuleInfo
from piiscan.recognizers import RecognizerSpec, load_recognizers
from piiscan.taxonomy import Taxonomy


class TextScanner:
    """Scans decoded texts with one engine; build one per process and reuse it."""

    def __init__(
        self, specs: Sequence[RecognizerSpec] | None = None, *, min_score: float = DEFAULT_MIN_SCORE,
        entities: Sequence[str] = (), include_placeholders: bool = False, show_values: bool = False,
        taxonomy_overrides: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        self.specs = list(specs) if specs is not None else load_recognizers()
        self.show_values = show_values
        self.engine = Engine(
            self.specs, min_score=min_score, entities=entities or None, include_placeholders=include_placeholders
        )
        self.taxonomy = Taxonomy.from_specs(self.specs).with_overrides(taxonomy_overrides or {})

    def matches(self, text: str, path: str) -> list[Match]:
        """Raw matches in one decoded text (the regex tier; a subclass may add more)."""
        return self.engine.scan_text(text, path)

    def scan_text(self, text: str, path: str) -> list[Finding]:
        """Findings in one decoded text, less those a ``piiscan:ignore`` marker suppresses."""
        matches = self.matches(text, path)
        found = to_findings(matches, text, path, self.taxonomy, show_values=self.show_values)
        return filter_findings(found, text)[0] if found else found

    def rules(self) -> dict[str, RuleInfo]:
        """Rule metadata for writers (SARIF rules)."""
        out = {}
        for spec in self.specs:
            category, level = self.taxonomy.classify(spec.id)
            out[spec.id] = RuleInfo(spec.id, spec.entity, category, level, spec.description)
        return out
