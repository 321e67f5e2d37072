"""Text hygiene: NFKC normalisation with an offset map back to the original text.

Chinese documents often carry full-width digits, letters and colons (``ＩＭＥＩ：４９０…``);
matching runs on the NFKC form, and findings report offsets into the original text.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """NFKC text plus, when it differs from the original, the map back.

    ``origin[i]`` is the original offset of normalised character ``i``; ``origin`` has one
    extra entry (the original length) so that exclusive end offsets map too.
    """

    text: str
    original_length: int
    origin: tuple[int, ...] | None = None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised ``[start, end)`` span to the original text."""
        if self.origin is None:
            return start, end
        orig_start = self.origin[start]
        orig_end = self.origin[end] if end > start else orig_start
        # an expanded character (e.g. "ﬁ" -> "fi") may end inside itself: round up
        if end > start and self.origin[end - 1] == orig_end:
            orig_end = self._next_origin(end - 1)
        return orig_start, orig_end

    def _next_origin(self, index: int) -> int:
        base = self.origin[index] if self.origin is not None else index
        assert self.origin is not None
        for j in range(index + 1, len(self.origin)):
            if self.origin[j] != base:
                return self.origin[j]
        return self.original_length


def normalize(text: str) -> NormalizedText:
    """NFKC-normalise ``text`` character by character, keeping an offset map.

    Per-character normalisation keeps the map exact; it differs from whole-string NFKC
    only for combining sequences, which identifiers never contain.
    """
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return NormalizedText(text, len(text))
    parts: list[str] = []
    origin: list[int] | None = None  # built from the first line that changes length
    position = 0
    for line in text.splitlines(keepends=True):
        normalized = line.isascii() or unicodedata.is_normalized("NFKC", line)
        folded = line if normalized else unicodedata.normalize("NFKC", line)
        if normalized or (len(folded) == len(line) and _same_shape(line, folded)):
            parts.append(folded)  # one character for one: the offsets stay
            if origin is not None:
                origin.extend(range(position, position + len(line)))
        else:
            if origin is None:
                origin = list(range(position))
            for offset, char in enumerate(line):
                piece = unicodedata.normalize("NFKC", char)
                parts.append(piece)
                origin.extend([position + offset] * len(piece))
        position += len(line)
    if origin is None:
        return NormalizedText("".join(parts), len(text))
    origin.append(len(text))
    return NormalizedText("".join(parts), len(text), tuple(origin))


def _same_shape(line: str, folded: str) -> bool:
    """True when NFKC mapped every character to exactly one (full-width forms, CJK punctuation).

    Equal length alone could hide an expansion balanced by a composition; those involve
    combining marks, so a line with any is mapped character by character instead.
    """
    return not any(map(unicodedata.combining, line))  # ASCII characters combine with nothing (class 0)


class LineIndex:
    """1-based line and column numbers for character offsets of one text."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self._starts = starts

    def locate(self, offset: int) -> tuple[int, int]:
        """Return ``(line, column)``, both 1-based, of ``offset``."""
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


#: context never reaches further than this along one line: keeps huge lines (minified JSON,
#: one-line dumps) linear to scan instead of quadratic
LINE_REACH = 4096


def line_bounds(text: str, lo: int, hi: int) -> tuple[int, int]:
    """Start and end of the line around ``[lo, hi)``, looking at most ``LINE_REACH`` characters away."""
    return start_of_line(text, lo), end_of_line(text, hi)


def start_of_line(text: str, lo: int) -> int:
    """Start of the line holding ``lo``, at most ``LINE_REACH`` characters back."""
    floor = max(0, lo - LINE_REACH)
    return text.rfind("\n", floor, lo) + 1 or floor


def end_of_line(text: str, hi: int) -> int:
    """End of the line holding ``hi`` (its newline), at most ``LINE_REACH`` characters on."""
    ceiling = min(len(text), hi + LINE_REACH)
    end = text.find("\n", hi, ceiling)
    return ceiling if end == -1 else end
