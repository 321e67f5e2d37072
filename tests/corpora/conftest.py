"""Shared helpers for the third-party corpus tests: loading in place, span scoring, printed tables.

The corpora (``../shared/corpora`` next to the repository, see its README) carry labels written by
other projects (Presidio, presidio-research, python-stdnum). They are read where they are and never
copied into the repository; every test here is marked ``corpora`` and skips, saying why, when the
folder is absent. Run ``pytest -s tests/corpora`` to see the per-entity tables.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from piiscan.engine import Engine
from piiscan.model import Match
from piiscan.recognizers import load_recognizers
from piiscan.validators import Outcome, Verdict, get_validator

CORPORA_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"

Row = dict[str, Any]


def load_corpus(name: str) -> list[Row]:
    """All rows of ``name`` (JSON lines), read in place; skips the calling test when it is absent."""
    path = CORPORA_DIR / name
    if not path.is_file():
        pytest.skip(f"third-party corpus {name} not found under {CORPORA_DIR} (read in place, never copied)")
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture(scope="module")
def engine() -> Engine:
    """The default engine (report threshold 0.5, placeholders dropped), built once per module."""
    return Engine.default()


@pytest.fixture(scope="module")
def placeholder_engine() -> Engine:
    """The default engine that also returns placeholders (``placeholder=True``, score 0)."""
    return Engine.default(include_placeholders=True)


# --------------------------------------------------------------------------- spans and tallies


@dataclass(frozen=True, slots=True)
class Span:
    """A labeled or predicted span of one entity; offsets into the scanned text, end exclusive."""

    entity: str
    start: int
    end: int
    value: str = ""

    def overlaps(self, other: Span) -> bool:
        """True when the two spans share at least one character (entities are not compared)."""
        return self.start < other.end and other.start < self.end


def predicted(matches: Iterable[Match]) -> list[Span]:
    """The engine's matches as spans."""
    return [Span(m.entity, m.start, m.end, m.value) for m in matches]


def found_by(label: Span, predictions: Iterable[Span]) -> bool:
    """True when a prediction of the label's entity overlaps it."""
    return any(p.entity == label.entity and p.overlaps(label) for p in predictions)


def ratio(numerator: int, denominator: int) -> float | None:
    """``numerator / denominator``; ``None`` when nothing was counted."""
    return numerator / denominator if denominator else None


@dataclass(slots=True)
class Tally:
    """Overlap-based span counts of one entity.

    Recall counts labels (a label is found when a prediction of the same entity overlaps it);
    precision counts predictions (correct when it overlaps a label of its entity). With no
    prediction precision is vacuously 1.0; with no label recall is ``None``.
    """

    found: int = 0
    missed: int = 0
    correct: int = 0
    spurious: int = 0
    missed_spans: list[tuple[str, Span]] = field(default_factory=list)
    spurious_spans: list[tuple[str, Span]] = field(default_factory=list)

    def add(self, case_id: str, entity: str, labels: Sequence[Span], predictions: Sequence[Span]) -> None:
        """Score the labels and predictions of ``entity`` in one text."""
        mine = [p for p in predictions if p.entity == entity]
        for label in labels:
            if found_by(label, mine):
                self.found += 1
            else:
                self.missed += 1
                self.missed_spans.append((case_id, label))
        for p in mine:
            if any(p.overlaps(label) for label in labels):
                self.correct += 1
            else:
                self.spurious += 1
                self.spurious_spans.append((case_id, p))

    @property
    def labels(self) -> int:
        return self.found + self.missed

    @property
    def precision(self) -> float:
        value = ratio(self.correct, self.correct + self.spurious)
        return 1.0 if value is None else value

    @property
    def recall(self) -> float | None:
        return ratio(self.found, self.labels)

    @property
    def f1(self) -> float | None:
        recall = self.recall
        if recall is None:
            return None
        total = self.precision + recall
        return 2 * self.precision * recall / total if total else 0.0


# --------------------------------------------------------------------------- validators


@functools.cache
def validator_names(entity: str) -> tuple[str, ...]:
    """Names of the validators the bundled recognizers of ``entity`` use (pattern overrides included)."""
    names: dict[str, None] = {}
    for spec in load_recognizers():
        if spec.entity == entity:
            for pattern in spec.patterns:
                names[pattern.validator or spec.validator] = None
    return tuple(names)


#: Verdict tags that mean "well-formed, but the range is not assigned/allocated".
_UNASSIGNED_TAGS = frozenset({"unassigned", "reserved"})


def deliberate_rejection(entity: str, value: str) -> str | None:
    """Why piiscan deliberately does not report ``value`` as ``entity``, or ``None`` if it should.

    Computed mechanically: every validator of the entity says INVALID or PLACEHOLDER, or accepts
    the value only as an unassigned/reserved range. The answer is a short bucket name
    (``placeholder``, ``unassigned range``, ``invalid: <validator reason>``). For phone numbers most
    "invalid" ones are local numbers without an area code or national formats of regions piiscan does
    not try (``467 3395``, ``(37) 788-063``): the phone validator rejects the format itself.
    """
    verdicts: list[Verdict] = [get_validator(name)(value) for name in validator_names(entity)]
    if not verdicts:
        raise KeyError(f"no recognizer reports {entity}")
    if any(v.outcome in (Outcome.STRONG, Outcome.MEDIUM, Outcome.WEAK) and not v.tags & _UNASSIGNED_TAGS
           for v in verdicts):
        return None
    if any(v.outcome is Outcome.PLACEHOLDER for v in verdicts):
        return "placeholder"
    if any(v.tags & _UNASSIGNED_TAGS for v in verdicts):
        return "unassigned range"
    reasons = sorted({v.reason for v in verdicts if v.reason})
    return "invalid: " + (reasons[0] if reasons else "format or length not accepted")


# --------------------------------------------------------------------------- printed tables


def fmt(value: float | None) -> str:
    """A ratio as ``0.973``; ``-`` when undefined."""
    return "-" if value is None else f"{value:.3f}"


_NUMBER = re.compile(r"-?[0-9.]+%?|-")


def print_table(title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Print (and return) a plain-text table; visible with ``pytest -s``."""
    cells = [[str(c) for c in header], *([str(c) for c in row] for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [title, "  ".join(h.ljust(w) for h, w in zip(cells[0], widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.rjust(w) if _NUMBER.fullmatch(c) else c.ljust(w) for c, w in zip(row, widths, strict=True))
              for row in cells[1:]]
    text = "\n".join(line.rstrip() for line in lines)
    print("\n" + text)
    return text


def tally_row(name: str, tally: Tally) -> tuple[object, ...]:
    """One table row: entity, labels, found, missed, predictions, spurious, P, R, F1."""
    return (name, tally.labels, tally.found, tally.missed, tally.correct + tally.spurious, tally.spurious,
            fmt(tally.precision), fmt(tally.recall), fmt(tally.f1))


TALLY_HEADER = ("entity", "labels", "found", "missed", "predicted", "spurious", "P", "R", "F1")
