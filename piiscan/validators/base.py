"""The validator contract: a pure function from matched text to a :class:`Verdict`."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import NamedTuple


class Outcome(enum.Enum):
    """How strongly the value itself (without context) supports the identifier."""

    STRONG = "strong"  # checksum/structure proves it: reportable without context
    MEDIUM = "medium"  # plausible, some structure checked
    WEAK = "weak"  # shape only: needs context to reach a reportable score
    INVALID = "invalid"  # not this identifier: dropped
    PLACEHOLDER = "placeholder"  # test/zero/documentation value: not personal data


class Verdict(NamedTuple):
    """Result of validating one candidate.

    ``normalized`` is the canonical form (separators removed, case folded where the
    identifier is case-insensitive); it feeds the fingerprint. ``tags`` carry extra facts
    (``private``, ``laa``, ``minor``, ``coarse``, ``imeisv`` ...) that recognizer
    definitions may map to another sensitivity. (A named tuple: a scan makes one per new
    candidate value, and tuples are the cheapest immutable records in CPython.)
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


_TAG_SETS: dict[tuple[str, ...], frozenset[str]] = {}


def verdict(outcome: Outcome, normalized: str, *tags: str, reason: str = "") -> Verdict:
    """Shorthand constructor used by validators (one shared set per combination of tags)."""
    tag_set = _TAG_SETS.get(tags)
    if tag_set is None:
        tag_set = frozenset(tags)
        if len(_TAG_SETS) < 4096:  # tags such as ``region:GB`` vary a little; never grow without bound
            _TAG_SETS[tags] = tag_set
    return Verdict(outcome, normalized, tag_set, reason)
