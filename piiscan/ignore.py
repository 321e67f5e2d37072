"""Inline ignores: a ``piiscan:ignore`` marker in a comment suppresses the findings of its line.

Rules (one line of the decoded text at a time; lines split on ``\\n`` as finding line numbers are):

* The marker is the token ``piiscan:ignore``, case-insensitive, anywhere on the line, at the start of
  the line or after whitespace or a comment opener (``#``, ``//``, ``/*``, ``<!--``, ``--``, ``;``,
  ``%``, ``!``, ``'``, ``"``, ``(``, ``{``, ``[``), so every comment syntax works: ``# piiscan:ignore``,
  ``/* piiscan:ignore */``, ``<!--piiscan:ignore-->``, ``REM piiscan:ignore`` ...
* It must be a whole token: ``piiscan:ignored``, ``piiscan:ignore-foo``, ``xpiiscan:ignore`` and
  ``piiscan:ignore@host`` are not markers.
* ``piiscan:ignore`` alone suppresses every finding on its line; ``piiscan:ignore IMEI,MAC_ADDRESS``
  only those entities. Entity names are upper-case, as the contract spells them; lower-case words
  after the marker are a free-text reason (``# piiscan:ignore test fixture`` suppresses everything).
  A name that matches no entity (``piiscan:ignore IMIE``) suppresses nothing: a typo fails closed,
  so the finding stays visible.
* ``piiscan:ignore-next-line`` (with the same optional entity list) suppresses the findings of the
  following line instead of its own.
* A marker inside a detected value (``piiscan:ignore@example.com`` is an e-mail address) never
  counts: a value cannot suppress itself.

Suppressing only counts findings: neither the line text nor the value is kept or returned.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from piiscan.model import Finding

_MARKER = re.compile(
    r"(?<![^\s#/*;%!'\"(<{\[-])"  # start of line, whitespace or a comment opener
    r"(?P<token>(?i:piiscan:ignore(?P<next>-next-line)?))"
    r"(?![\w:@]|-(?!->|\})|\.\w)"  # a whole token ('-->' and '-}' close comments)
    r"(?:[ \t]+(?P<words>\w+(?:[ \t]*,[ \t]*\w+)*))?"
)
_QUICK = re.compile(r"(?i:piiscan:ignore)")

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Marker:
    """One ``piiscan:ignore`` marker found on a line.

    ``entities`` is ``None`` for a bare marker (all entities); ``start``/``end`` are the offsets of the
    ``piiscan:ignore[-next-line]`` token in the line.
    """

    next_line: bool
    entities: frozenset[str] | None
    start: int
    end: int

    def covers(self, entity: str) -> bool:
        """Whether this marker suppresses findings of ``entity``."""
        return self.entities is None or entity in self.entities


_MarkersOf = Callable[[int], list[Marker]]


def markers(line: str, *, values: Iterable[Span] = ()) -> list[Marker]:
    """The markers on one line, leaving out any that overlap a detected value's span in ``values``."""
    if not _QUICK.search(line):
        return []
    spans = list(values)
    found = []
    for m in _MARKER.finditer(line):
        if any(m.start() < end and start < m.end("token") for start, end in spans):
            continue
        found.append(Marker(m.group("next") is not None, _entities(m.group("words")), m.start(), m.end("token")))
    return found


def _entities(words: str | None) -> frozenset[str] | None:
    """An entity list when the first word after the marker is upper-case; otherwise a reason (all entities)."""
    if not words:
        return None
    names = [w.strip() for w in words.split(",")]
    first = names[0]
    if first != first.upper() or not any(c.isalpha() for c in first):
        return None
    return frozenset(names)


def ignored(finding_line_text: str, entity: str, *, span: Span | None = None) -> bool:
    """Whether a marker on the finding's own line suppresses a finding of ``entity``.

    ``span`` (offsets of the value in the line) keeps a marker inside the value from counting.
    ``piiscan:ignore-next-line`` markers are not considered here: see :func:`filter_findings`.
    """
    spans = () if span is None else (span,)
    return any(not m.next_line and m.covers(entity) for m in markers(finding_line_text, values=spans))


def filter_findings(findings: Sequence[Finding], text: str) -> tuple[list[Finding], int]:
    """Drop the findings of one document that an inline marker suppresses.

    ``text`` is the decoded text the findings were found in (``Finding.line`` is 1-based in it).
    Returns the kept findings, in their order, and the number suppressed. Never raises for odd
    findings (a line outside the text is simply kept).
    """
    if not findings or not _QUICK.search(text):
        return list(findings), 0
    lines = text.split("\n")
    values = _value_spans(findings, lines)
    parsed: dict[int, list[Marker]] = {}

    def on_line(index: int) -> list[Marker]:
        if index not in parsed:
            parsed[index] = markers(lines[index], values=values.get(index, ()))
        return parsed[index]

    kept: list[Finding] = []
    for finding in findings:
        index = finding.line - 1
        if 0 <= index < len(lines) and _suppressed(finding.entity, index, on_line):
            continue
        kept.append(finding)
    return kept, len(findings) - len(kept)


def _suppressed(entity: str, index: int, on_line: _MarkersOf) -> bool:
    if any(not m.next_line and m.covers(entity) for m in on_line(index)):
        return True
    return index > 0 and any(m.next_line and m.covers(entity) for m in on_line(index - 1))


def _value_spans(findings: Sequence[Finding], lines: Sequence[str]) -> dict[int, list[Span]]:
    """Each finding's span within its (start) line, by 0-based line index."""
    spans: dict[int, list[Span]] = {}
    for f in findings:
        index = f.line - 1
        if 0 <= index < len(lines):
            start = max(f.column - 1, 0)
            spans.setdefault(index, []).append((start, start + max(f.end - f.start, 1)))
    return spans
