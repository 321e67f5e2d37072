"""Runs the ``match`` / ``no_match`` examples of every recognizer definition through the engine."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from piiscan.engine import Engine
from piiscan.recognizers import RecognizerSpec, load_recognizers


@dataclass(frozen=True, slots=True)
class ExampleResult:
    """Outcome of one example. ``detail`` never repeats a detected value, only positions."""

    recognizer: str
    kind: str  # "match" | "no_match"
    text: str
    passed: bool
    detail: str

    def describe(self) -> str:
        """One line for the terminal (examples are synthetic test data, so the text is shown)."""
        shown = self.text if len(self.text) <= 80 else self.text[:77] + "..."
        return f"{shown!r}{' - ' + self.detail if self.detail else ''}"


def run_examples(specs: Sequence[RecognizerSpec] | None = None) -> list[ExampleResult]:
    """Check every example against an engine holding *all* recognizers (as a real scan would)."""
    specs = list(specs) if specs is not None else load_recognizers()
    engine = Engine(specs)
    results: list[ExampleResult] = []
    for spec in specs:
        for example in spec.match_examples:
            hits = [m for m in engine.scan_text(example.text) if m.entity == spec.entity]
            ok = any(m.value == example.value for m in hits) if example.value is not None else bool(hits)
            found = ", ".join(f"{m.entity}@{m.start}-{m.end} ({m.recognizer}, {m.score:.2f})"
                              for m in engine.scan_text(example.text))
            results.append(ExampleResult(spec.id, "match", example.text, ok, "" if ok else f"got [{found}]"))
        for example in spec.no_match_examples:
            hits = [m for m in engine.scan_text(example.text) if m.entity == spec.entity]
            detail = ", ".join(f"{m.entity}@{m.start}-{m.end} ({m.recognizer}, {m.score:.2f})" for m in hits)
            results.append(
                ExampleResult(spec.id, "no_match", example.text, not hits, f"got [{detail}]" if hits else "")
            )
    return results
