"""Where to look: cheap passes that decide which windows of a text each pattern runs on.

Two kinds of slot feed the windows:

* a *core* slot per context-free pattern: the pattern with its look-arounds removed, a
  superset of its matches. A hit ending at ``e`` opens ``[e - max_width, e]``.
* a *keyword* slot per context-required recognizer: its key names and context words. A hit
  opens a window on the same line around it, because such identifiers (Android ID, OAID,
  serials...) are only reported with context nearby. Their generic shapes (``[0-9a-f]{16}``)
  are never run over the whole text.

:class:`HyperscanPrefilter` runs every slot in one pass of Intel Hyperscan (a compiled
multi-pattern engine) when its wheel is installed; :class:`RegexPrefilter` is the
standard-library fallback: core slots get the whole text, keywords one combined regex.
Both give the engine the same matches; only the speed differs.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from piiscan.fastre import core_expression
from piiscan.text import LINE_REACH, line_bounds

FULL: tuple[tuple[int, int], ...] = ((0, -1),)  # "the whole text"
_LOOK_MARGIN = 12  # characters kept around a window for look-behind/ahead checks
CORE_MARGIN = _LOOK_MARGIN
_UNBOUNDED = 2000
_KEYWORD_REACH = 48 + 130  # context distance plus the longest context-required value


@dataclass(frozen=True, slots=True)
class Slot:
    """One prefilter expression and the engine patterns it opens windows for."""

    targets: tuple[int, ...]
    expression: str  # Python regex syntax (RE2/Hyperscan-compatible subset)
    caseless: bool
    keyword: bool
    max_width: int  # longest match of ``expression``; -1: not computed yet (see ``slot_width``)
    literals: tuple[str, ...] = ()  # fallback only: one must occur for a core slot to run
    reach: int = 0  # keyword slots: how far from a keyword a value can start or end (0: the default)
    sized_by: str = ""  # core slots: the expression whose longest match bounds a window ("": ``expression``)


Windows = dict[int, list[tuple[int, int]]]


class Prefilter(Protocol):
    """Maps a text to the windows each engine pattern must be run on."""

    #: patterns whose windows each end ``CORE_MARGIN`` characters past the last match end of
    #: their core in the window (see :func:`_core_windows`): a match ending there is the last
    anchored: frozenset[int]

    def windows(self, text: str) -> Windows:
        """Pattern index -> sorted, merged ``(start, end)`` windows (``FULL`` for everything)."""
        ...


def core_slot(
    target: int, regex: str, flags: int, literals: Sequence[str], core: str = "", width: int = -1
) -> Slot:
    """A slot for a context-free pattern (``core`` and ``width`` when the definition has them precomputed)."""
    if core and width >= 0:
        return Slot((target,), core, bool(flags & re.IGNORECASE), False, width, tuple(literals))
    core = core_expression(regex, shrink=True)
    full = core_expression(regex)
    return Slot(
        (target,), core, bool(flags & re.IGNORECASE), False, -1, tuple(literals), sized_by="" if core == full else full
    )


def keyword_expression(words: Sequence[str]) -> str:
    """Case-insensitive alternation of key names / context words (separators flexible)."""
    alternatives = []
    for word in sorted({w.lower().lstrip("=") for w in words}, key=lambda w: (-len(w), w)):
        alternatives.append(re.sub(r"(?:\\ |_|\\-)", lambda _: r"[\s_\-]?", re.escape(word)))
    return "|".join(alternatives)


_SEPARATORS = re.compile(r"\[\\s_\\-\]\?|[\s_\-]|\\")


def _canonical_keyword(word: str) -> str:
    """A keyword expression or a matched keyword, without separators or escapes."""
    return _SEPARATORS.sub("", word)


def slot_width(slot: Slot) -> int:
    """``slot.max_width``, computed from the expression when the slot did not say (costs a regex parse)."""
    return slot.max_width if slot.max_width >= 0 else _width(slot.sized_by or slot.expression)


def pattern_width(regex: str) -> int:
    """Longest text ``regex`` can match (capped; look-arounds ignored)."""
    return _width(core_expression(regex))


def _widths(expression: str) -> tuple[int, int] | None:
    """Shortest and longest text ``expression`` can match (``None`` when it cannot be parsed)."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        low, high = _parser.parse(expression).getwidth()
    except Exception:
        return None
    return int(low), int(high)


def _min_width(expression: str) -> int:
    """Shortest text ``expression`` can match (0 when it cannot be parsed)."""
    widths = _widths(expression)
    return 0 if widths is None else widths[0]


def _width(expression: str) -> int:
    widths = _widths(expression)
    return _UNBOUNDED if widths is None else min(widths[1], _UNBOUNDED)


def merge_windows(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, overlapping or touching windows joined (the list is sorted in place)."""
    spans.sort()
    merged: list[tuple[int, int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            if hi > merged[-1][1]:
                merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return merged


_TOKEN_END = re.compile(r"[\s\"',;<>]")


def ends_token(text: str, end: int) -> bool:
    """True when a keyword ending at ``end`` ends a token: only there can it be a key or a context word.

    Context words match whole tokens of the lower-cased text, and key names whole camel-case
    tokens (``deviceImei``, ``LACValue``, ``cell2``), so a hit such as ``ci`` inside
    ``special`` is neither. Non-ASCII (Chinese) keywords match anywhere.
    """
    if end >= len(text):
        return True
    after, last = text[end], text[end - 1]
    if not (after.isascii() and after.isalnum()) or not last.isascii():
        return True
    if after.isdigit() != last.isdigit():  # "cell2", "imei1": letters and digits are separate tokens
        return True
    if after.isupper():  # "ciValue", and "CIValue" where an upper-case run ends before a capitalised word
        if last.islower():
            return True
        return last.isupper() and text[end + 1 : end + 2].islower()
    return False


def _keyword_windows(text: str, hits: Iterable[tuple[int, int]], reach: int = 0) -> list[tuple[int, int]]:
    """The windows of keyword hits ``(start, end)``; hits on one short line share its bounds."""
    out: list[tuple[int, int]] = []
    line = (-1, -1)
    for start, end in hits:
        if not (line[0] <= start and end <= line[1]):
            line = line_bounds(text, start, end)
        out.append(_keyword_window(text, start, end, reach, line))
        if line[1] - line[0] >= LINE_REACH:  # bounds cut at the reach: they hold for this hit only
            line = (-1, -1)
    return out


def _keyword_window(
    text: str, start: int, end: int, reach: int = 0, line: tuple[int, int] | None = None
) -> tuple[int, int]:
    reach = reach or _KEYWORD_REACH
    line_start, line_end = line or line_bounds(text, start, end)
    hi = min(line_end, end + reach)
    if hi < line_end:  # never cut a token in two: a cut value would look like a shorter one
        stop = _TOKEN_END.search(text, hi, min(line_end, hi + 512))
        hi = stop.start() if stop else min(line_end, hi + 512)
    return max(line_start, start - reach), hi


def _core_window(text: str, end: int, width: int) -> tuple[int, int]:
    if width >= _UNBOUNDED:
        line_start, line_end = line_bounds(text, end, end)
        return line_start, min(len(text), line_end + 1)
    return max(0, end - width - _LOOK_MARGIN), min(len(text), end + _LOOK_MARGIN)


class RegexPrefilter:
    """Standard-library prefilter: literals for core slots, one regex pass for keywords."""

    anchored: frozenset[int] = frozenset()

    def __init__(self, slots: Sequence[Slot]) -> None:
        self._slots = list(slots)
        self._owners: dict[str, list[int]] = {}
        words: set[str] = set()
        for index, slot in enumerate(self._slots):
            if slot.keyword:
                for word in slot.expression.split("|"):
                    self._owners.setdefault(_canonical_keyword(word), []).append(index)
                    words.add(word)
        ordered = sorted(words, key=lambda w: (-len(w), w))
        self._keywords = re.compile("|".join(ordered)) if ordered else None

    def windows(self, text: str) -> Windows:
        """Whole text for core slots whose literals occur; keyword windows otherwise."""
        result: Windows = {}
        folded: str | None = None
        for slot in self._slots:
            if slot.keyword:
                continue
            if slot.literals:
                if slot.caseless:
                    folded = text.lower() if folded is None else folded
                    if not any(lit.lower() in folded for lit in slot.literals):
                        continue
                elif not any(lit in text for lit in slot.literals):
                    continue
            for target in slot.targets:
                result[target] = list(FULL)
        if self._keywords is not None:
            folded = text.lower() if folded is None else folded
            spans: dict[int, list[tuple[int, int]]] = {}
            for hit in self._token_hits(self._keywords, text, folded):
                for slot_index in self._owners.get(_canonical_keyword(hit.group()), ()):
                    reach = self._slots[slot_index].reach
                    spans.setdefault(slot_index, []).append(_keyword_window(text, hit.start(), hit.end(), reach))
            for slot_index, found in spans.items():
                merged = merge_windows(found)
                for target in self._slots[slot_index].targets:
                    result.setdefault(target, []).extend(merged)
        return result


    @staticmethod
    def _token_hits(keywords: re.Pattern[str], text: str, folded: str) -> Iterator[re.Match[str]]:
        """Keyword hits that end a token, as Hyperscan reports them (which reports every end).

        A hit that ends inside a token may hide a shorter keyword at its start ("cellid" in
        "cellIdent" hides "cell") or one starting inside it: both are looked for.
        """
        search, match = keywords.search, keywords.match
        hit = search(folded)
        while hit is not None:
            start = hit.start()
            found: re.Match[str] | None = hit
            while found is not None and not ends_token(text, found.end()):
                found = match(folded, start, found.end() - 1) if found.end() - 1 > start else None
            if found is not None:
                yield found
                hit = search(folded, found.end())
            else:
                hit = search(folded, start + 1)


class HyperscanPrefilter:
    """All slots in one Hyperscan pass; per-pattern windows from the match end offsets."""

    def __init__(self, slots: Sequence[Slot], hyperscan: Any) -> None:
        self._slots = list(slots)
        candidates = [
            (
                index,
                re.sub(r"\(\?P<\w+>", "(?:", slot.expression).encode(),
                hyperscan.HS_FLAG_CASELESS if slot.caseless or slot.keyword else 0,
            )
            for index, slot in enumerate(self._slots)
        ]
        self._db, self._fallback = _cached_database(hyperscan, candidates)
        self._widths = [slot_width(slot) for slot in self._slots]
        fallback = set(self._fallback)
        self.anchored = frozenset(
            target
            for index, slot in enumerate(self._slots)
            if not slot.keyword and index not in fallback and self._widths[index] < _UNBOUNDED
            and _min_width(slot.expression) >= 2  # two matches cannot end at one core end
            for target in slot.targets
        )

    def windows(self, text: str) -> Windows:
        """One scan; byte offsets are mapped back to character offsets for non-ASCII text."""
        data = text.encode("utf-8", "surrogatepass")
        buckets: list[list[int]] = [[] for _ in self._slots]

        def on_match(slot: int, _start: int, end: int, _flags: int, _ctx: object) -> None:
            buckets[slot].append(end)

        self._db.scan(data, match_event_handler=on_match)
        ends = {slot: offsets for slot, offsets in enumerate(buckets) if offsets}
        identity = len(data) == len(text)
        to_char = {} if identity else char_offsets(data, (e for offsets in ends.values() for e in offsets))
        result: Windows = {}
        for index in self._fallback:
            for target in self._slots[index].targets:
                result[target] = list(FULL)
        for index, offsets in ends.items():
            slot = self._slots[index]
            if not identity:
                offsets = [to_char[end] for end in offsets]
            if slot.keyword:
                kept = [e for e in offsets if ends_token(text, e)]
                if not kept:
                    continue
                width = self._widths[index]
                merged = merge_windows(_keyword_windows(text, ((max(0, e - width), e) for e in kept), slot.reach))
            else:
                merged = _core_windows(text, offsets, self._widths[index])
            for target in slot.targets:
                result.setdefault(target, []).extend(merged)
        return result


def _core_windows(text: str, ends: list[int], width: int) -> list[tuple[int, int]]:
    """Merged windows for the match ends of one core slot.

    A window runs from ``width + CORE_MARGIN`` before its first core end to ``CORE_MARGIN``
    after its last (not cut at the text's end). Every match of the pattern ends at a core end
    (or one before it, where the core took a boundary character), so the engine knows a match
    ending at ``hi - CORE_MARGIN - 1`` or later is the window's last.
    """
    if width >= _UNBOUNDED:
        return merge_windows([_core_window(text, e, width) for e in ends])
    reach = width + _LOOK_MARGIN
    merged: list[tuple[int, int]] = []
    lo = hi = -1
    for end in sorted(ends):
        start = end - reach
        if start <= hi:
            hi = end + _LOOK_MARGIN
            continue
        if hi >= 0:
            merged.append((max(0, lo), hi))
        lo, hi = start, end + _LOOK_MARGIN
    if hi >= 0:
        merged.append((max(0, lo), hi))
    return merged


def _cached_database(hyperscan: Any, candidates: list[tuple[int, bytes, int]]) -> tuple[Any, list[int]]:
    """Compile the database, or load it from the user cache (compiling takes ~0.5 s, loading ~1 ms).

    Returns the database and the slots Hyperscan cannot compile (they get the whole text).
    The cache key covers expressions, flags and the Hyperscan version, so a changed recognizer
    definition never reuses a stale database; cache problems only cost a compile.
    """
    key = hashlib.sha256(repr((candidates, getattr(hyperscan, "__version__", ""))).encode()).hexdigest()[:32]
    from piiscan.usercache import cache_dir

    path = cache_dir() / f"hyperscan-{key}.db"
    try:
        blob = path.read_bytes()
        fallback = [int(x) for x in blob[: blob.index(b"\n")].split(b",") if x]
        loaded = hyperscan.loadb(blob[blob.index(b"\n") + 1 :], hyperscan.HS_MODE_BLOCK)
        loaded.scratch = hyperscan.Scratch(loaded)  # a deserialised database has no scratch space yet
        loaded.scan(b"probe", match_event_handler=lambda *_: None)
        return loaded, fallback
    except Exception:
        pass
    usable = [c for c in candidates if _compiles(hyperscan, c[1], c[2])]
    fallback = sorted({c[0] for c in candidates} - {c[0] for c in usable})
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(
        expressions=[c[1] for c in usable], ids=[c[0] for c in usable], elements=len(usable),
        flags=[c[2] for c in usable],
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(",".join(map(str, fallback)).encode() + b"\n" + hyperscan.dumpb(database))
        partial.replace(path)
    except OSError:
        pass
    return database, fallback


def _compiles(hyperscan: Any, source: bytes, flag: int) -> bool:
    try:
        probe = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        probe.compile(expressions=[source], ids=[0], elements=1, flags=[flag])
    except Exception:
        return False
    return True


#: 1 for a UTF-8 continuation byte (0x80-0xBF), 0 otherwise
_CONTINUATION = bytes(1 if 0x80 <= b < 0xC0 else 0 for b in range(256))


def char_offsets(data: bytes, offsets: Iterable[int]) -> dict[int, int]:
    """Byte offset -> character offset for each of ``offsets`` into the UTF-8 ``data``.

    A character offset is the byte offset minus the continuation bytes before it; counting
    them between consecutive sorted offsets keeps the whole map one linear pass in C. An
    offset inside a multi-byte character maps just past that character.
    """
    flags = data.translate(_CONTINUATION)
    out: dict[int, int] = {}
    previous = skipped = 0
    for offset in sorted(set(offsets)):
        skipped += flags.count(1, previous, offset)
        out[offset] = offset - skipped
        previous = offset
    return out


def load_hyperscan() -> Any | None:
    """The hyperscan module, or ``None`` where its wheel is not installed."""
    try:
        import hyperscan
    except ImportError:
        return None
    return hyperscan
