"""The validator contract: a pure function from matched text to a :class:`Verdict`."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass


class Outcome(enum.Enum):
    """How strongly the value itself (without context) supports the identifier."""

    STRONG = "strong"  # checksum/structure proves it: reportable without context
    MEDIUM = "medium"  # plausible, some structure checked
    WEAK = "weak"  # shape only: needs context to reach a reportable score
    INVALID = "invalid"  # not this identifier: dropped
    PLACEHOLDER = "placeholder"  # test/zero/documentation value: not personal data


@dataclass(frozen=True, slots=True)
class Verdict:
    """Result of validating one candidate.

    ``normalized`` is the canonical form (separators removed, case folded where the
    identifier is case-insensitive); it feeds the fingerprint. ``tags`` carry extra facts
    (``private``, ``laa``, ``minor``, ``coarse``, ``imeisv`` ...) that recognizer
    definitions may map to another sensitivity.
    """

    outcome: Outcome
    normalized: str = ""
    tags: frozenset[str] = frozenset()
    reason: str = ""

    @property
    def ok(self) -> bool:
        """True unless the value was rejected."""
        return self.outcome is not Outcome.INVALID


Validator = Callable[[str], Verdict]

INVALID = Verdict(Outcome.INVALID)


def verdict(outcome: Outcome, normalized: str, *tags: str, reason: str = "") -> Verdict:
    """Shorthand constructor used by validators."""
    return Verdict(outcome, normalized, frozenset(tags), reason)
