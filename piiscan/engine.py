"""The fast detection engine: prefilter -> regex -> validator -> context -> de-overlap.

No NER model, Presidio, spaCy or pyarrow is imported here: this is the pre-commit path.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from piiscan.context import HASH_KEYS, ContextRules, find_key, segment_end, segment_start
from piiscan.fastre import hoist_lookbehinds
from piiscan.model import Match
from piiscan.prefilter import (
    CORE_MARGIN,
    FULL,
    HyperscanPrefilter,
    Prefilter,
    RegexPrefilter,
    Slot,
    Windows,
    core_slot,
    keyword_expression,
    load_hyperscan,
    merge_windows,
    pattern_width,
)
from piiscan.recognizers import RecognizerSpec, load_recognizers
from piiscan.text import NormalizedText, end_of_line, normalize, start_of_line
from piiscan.validators import Validator, get_validator
from piiscan.validators.base import Verdict

DEFAULT_MIN_SCORE = 0.5
_NEGATIVE_WINDOW = 24
_TABULAR_SUFFIXES = {".csv": ",", ".tsv": "\t"}
_VERDICT_CACHE_LIMIT = 200_000
_LOOKAHEAD_ROOM = 16
_KEY_GAP = 40  # a key, its quotes and separator (aligned `key      = value` included) before a value
_HASHED = frozenset({"hashed"})
_NO_TAGS: frozenset[str] = frozenset()
_NEVER = 1 << 62
_UNSEEN = -1  # not an answer WordSet.nearest gives
_Site = tuple[int, str | None, int]  # line start, key, key start
_Sites = dict[int, _Site]
#: the compiled multi-pattern prefilter is used once this many characters were scanned (or for
#: one text this long): loading it costs ~4 ms, which the standard-library prefilter spends on
#: ~8 KB of text, so a one-small-file scan never loads it and a hook of ten files loads it early.
ACCELERATE_FROM = 8 * 1024
#: every context-word regex is compiled once this much was scanned (~10 ms): before that, a word
#: set walks tokens until it has been asked ``context._COMPILE_AFTER`` questions, which is cheaper
#: for a hook's few hundred kilobytes
COMPILE_CONTEXT_FROM = 512 * 1024


class _Pattern:
    """One recognizer pattern; its regex compiles on first use (a small scan needs few of them)."""

    __slots__ = (
        "_regex", "core", "flags", "has_value_group", "hoisted", "literals", "needs_context", "source", "validator",
        "validator_name", "width",
    )

    def __init__(
        self, source: str, flags: int, literals: tuple[str, ...], validator: Validator, validator_name: str,
        hoisted: str = "", core: str = "", width: int = -1, needs_context: bool = False,
    ) -> None:
        self.needs_context = needs_context
        self.source = source
        self.hoisted = hoisted or source
        self.core = core
        self.width = width if width >= 0 else pattern_width(source)
        self.flags = flags
        self.literals = literals  # one must occur in the text (stdlib prefilter only)
        self.validator = validator
        self.validator_name = validator_name
        self._regex: re.Pattern[str] | None = None
        self.has_value_group = "(?P<v>" in source  # the pattern marks the value with a ``v`` group

    @property
    def regex(self) -> re.Pattern[str]:
        """The (look-behind hoisted) compiled pattern."""
        if self._regex is None:
            self._regex = re.compile(self.hoisted, self.flags)
        return self._regex


#: context evidence: score adjustment, key, reasons, tags, whether a key or context word was found
_Context = tuple[float, str | None, tuple[str, ...], frozenset[str], bool]
_KEYS_SEEN_LIMIT = 65_536


@dataclass(frozen=True, slots=True)
class _Compiled:
    spec: RecognizerSpec
    patterns: tuple[_Pattern, ...]
    rules: ContextRules
    bases: dict[str, float]  # base score by validator outcome value (str keys hash in C, enums do not)
    top_weak_base: float  # the best base a medium or weak outcome gets
    #: what each key seen so far says: the whole context when it names this identifier, else
    #: whether it is a negative key (keys repeat on every line of a log or table)
    keys_seen: dict[str, _Context | bool] = field(default_factory=dict)
    #: the gap to the nearest context word in the text before a keyed value (key included)
    gaps_before_key: dict[str, int | None] = field(default_factory=dict)

    def judge_key(self, key: str) -> _Context | bool:
        """What ``key`` says about a value of this recognizer (remembered in ``keys_seen``)."""
        spec, rules = self.spec, self.rules
        judged: _Context | bool
        if rules.keys.matches(key):  # the key decides: `imei_md5` is a hashed IMEI, `serialVersionUID` no serial
            if HASH_KEYS.matches(key):  # imei_md5, md5_imei, sha256(phone): same identifier, hashed
                judged = (spec.boost_key, key, ("key",), _HASHED, True)
            else:
                tail = rules.keys.tail_after(key)
                if tail and rules.negative_keys.matches(tail):
                    judged = (spec.boost_key + spec.boost_negative, key, ("key", "negative key"), _NO_TAGS, True)
                else:
                    judged = (spec.boost_key, key, ("key",), _NO_TAGS, True)
        else:
            judged = rules.negative_keys.matches(key)
        return _remember(self.keys_seen, key, judged, _KEYS_SEEN_LIMIT)


_Candidate = tuple[Match, int]  # a match and its recognizer's priority
_K = TypeVar("_K")
_V = TypeVar("_V")


def _remember(cache: dict[_K, _V], key: _K, value: _V, limit: int) -> _V:
    """Store ``value`` under ``key``, emptying ``cache`` first when it holds ``limit`` entries."""
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value
    return value


def _compile(spec: RecognizerSpec) -> _Compiled:
    patterns = []
    for p in spec.patterns:
        name = p.validator or spec.validator
        validator = get_validator(name)
        # the engine remembers verdicts itself: skip a validator's own lru_cache (a second lookup)
        validator = getattr(validator, "__wrapped__", validator)
        patterns.append(
            _Pattern(
                p.regex, p.flags, p.prefilter, validator, name, p.hoisted or hoist_lookbehinds(p.regex),
                p.core, p.width, p.needs_context,
            )
        )
    rules = ContextRules(spec.keys, spec.context, spec.negative_context)
    bases = {outcome.value: score for outcome, score in spec.scores.items()}
    top_weak = max((bases.get(name, 0.0) for name in ("medium", "weak")), default=0.0)
    return _Compiled(spec, tuple(patterns), rules, bases, top_weak)


class _TableHeader:
    """Column names of a CSV/TSV text, used as the key of each cell."""

    def __init__(self, header_line: str, delimiter: str) -> None:
        self.delimiter = delimiter
        try:
            self.names = next(csv.reader([header_line], delimiter=delimiter))
        except (csv.Error, StopIteration):
            self.names = []
        self._cells: dict[int, list[int]] = {}  # line start -> offsets of its unquoted delimiters

    def key_at(self, text: str, line_start: int, offset: int) -> str | None:
        """Header name of the cell containing ``offset`` (quotes respected)."""
        cuts = self._cells.get(line_start)
        if cuts is None:
            cuts = self._cells[line_start] = self._delimiters(text, line_start)
        column = bisect_left(cuts, offset)
        return self.names[column] if column < len(self.names) else None

    def cells(self, text: str, columns: Sequence[int]) -> list[tuple[int, int]]:
        """``(start, end)`` of the cells in ``columns`` on every line below the header."""
        out: list[tuple[int, int]] = []
        start = text.find("\n") + 1
        while 0 < start < len(text):
            end = text.find("\n", start)
            end = len(text) if end == -1 else end
            cuts = self._cells.get(start)
            if cuts is None:
                cuts = self._cells[start] = self._delimiters(text, start)
            for column in columns:
                if column <= len(cuts):
                    lo = cuts[column - 1] + 1 if column else start
                    hi = cuts[column] if column < len(cuts) else end
                    if lo < hi:
                        out.append((lo, hi))
            start = end + 1
        return out

    def _delimiters(self, text: str, line_start: int) -> list[int]:
        end = text.find("\n", line_start)
        line = text[line_start : end if end != -1 else len(text)]
        delimiter = self.delimiter
        if '"' not in line:  # the common case: split without walking characters in Python
            cuts, at = [], line.find(delimiter)
            while at != -1:
                cuts.append(line_start + at)
                at = line.find(delimiter, at + 1)
            return cuts
        cuts, quoted = [], False
        for i, char in enumerate(line):
            if char == '"':
                quoted = not quoted
            elif char == delimiter and not quoted:
                cuts.append(line_start + i)
        return cuts


def _table_header(text: str, path: str | None) -> _TableHeader | None:
    if not path:
        return None
    lowered = path.lower()
    for suffix, delimiter in _TABULAR_SUFFIXES.items():
        if lowered.endswith(suffix):
            end = text.find("\n")
            return _TableHeader(text[: end if end != -1 else len(text)].strip("\r\ufeff"), delimiter)
    return None


class Engine:
    """Runs compiled recognizers over text. Build once per process and reuse it for many texts.

    It keeps caches (validator verdicts, the compiled prefilter), so do not share one
    instance between threads.
    """

    def __init__(
        self,
        specs: Sequence[RecognizerSpec],
        *,
        min_score: float = DEFAULT_MIN_SCORE,
        entities: Iterable[str] | None = None,
        include_placeholders: bool = False,
        accelerate: bool = True,
    ) -> None:
        wanted = {e.upper() for e in entities} if entities else None
        self.specs = tuple(specs)
        self.min_score = min_score
        self.include_placeholders = include_placeholders
        self._compiled = tuple(_compile(s) for s in specs if wanted is None or s.entity in wanted)
        self._verdicts: dict[tuple[str, str], Verdict] = {}
        self._flat: list[tuple[_Compiled, _Pattern]] = [(c, p) for c in self._compiled for p in c.patterns]
        #: each recognizer with the indexes of its patterns in ``_flat`` (the prefilter's targets)
        self._targets: list[tuple[_Compiled, range]] = []
        index = 0
        for compiled in self._compiled:
            self._targets.append((compiled, range(index, index + len(compiled.patterns))))
            index += len(compiled.patterns)
        self._slots = self._build_slots()
        self._regex_prefilter = RegexPrefilter(self._slots)
        self._fast_prefilter: Prefilter | None = None
        self._seen = 0
        self._context_compiled = False
        #: use Hyperscan once a scan is large enough (False after it proved missing or broken)
        self.accelerated = accelerate
        #: patterns marked ``needs_context`` check for a key or context word before validating
        self.context_first = True

    @classmethod
    def default(cls, **kwargs: object) -> Engine:
        """An engine with the bundled recognizer definitions."""
        return cls(load_recognizers(), **kwargs)  # type: ignore[arg-type]

    def _build_slots(self) -> list[Slot]:
        slots: list[Slot] = []
        for compiled, indexes in self._targets:
            targets = tuple(indexes)
            if compiled.spec.context_required:
                words = (*compiled.spec.keys, *compiled.spec.context)
                value_width = max(p.width for p in compiled.patterns)
                # a value starts or ends within the context window of a word, or right after a key
                reach = max(compiled.spec.context_window, _KEY_GAP) + value_width
                slots.append(Slot(targets, keyword_expression(words), True, True, max(map(len, words)), reach=reach))
            else:
                for target, pattern in zip(targets, compiled.patterns, strict=True):
                    slots.append(
                        core_slot(target, pattern.source, pattern.flags, pattern.literals, pattern.core, pattern.width)
                    )
        return slots

    def _prefilter(self, text: str) -> Prefilter:
        self._seen += len(text)
        if not self._context_compiled and self._seen >= COMPILE_CONTEXT_FROM:
            # a long scan: its context words will be asked thousands of times
            self._context_compiled = True
            for compiled in self._compiled:
                compiled.rules.compile()
        if self._fast_prefilter is not None:
            return self._fast_prefilter
        if not self.accelerated or self._seen < ACCELERATE_FROM:
            return self._regex_prefilter
        hyperscan = load_hyperscan()  # imported only now: a small scan never pays for it
        try:
            if hyperscan is None:
                raise ImportError("hyperscan is not installed")
            self._fast_prefilter = HyperscanPrefilter(self._slots, hyperscan)
        except Exception:  # not installed, or e.g. a CPU without SSSE3: the standard library still works
            self.accelerated = False
            return self._regex_prefilter
        return self._fast_prefilter

    def _windows(self, text: str) -> tuple[Windows, frozenset[int]]:
        """The windows of each pattern, and the patterns whose windows end at their last core match."""
        prefilter = self._prefilter(text)
        if prefilter is self._regex_prefilter:
            return prefilter.windows(text), prefilter.anchored
        try:
            return prefilter.windows(text), prefilter.anchored
        except Exception:  # the accelerator is optional: fall back, never fail a scan
            self.accelerated = False
            self._fast_prefilter = None
            return self._regex_prefilter.windows(text), self._regex_prefilter.anchored

    def scan_text(self, text: str, path: str | None = None) -> list[Match]:
        """All matches at or above ``min_score`` in ``text``, with offsets into ``text``.

        ``path`` only hints at structure (a ``.csv`` file's header names its columns).
        """
        norm = normalize(text)
        ntext = norm.text
        header = _table_header(ntext, path)
        windows, anchored = self._windows(ntext)
        if header is not None:
            self._open_header_columns(header, ntext, windows)
        candidates: list[_Candidate] = []
        append, evaluate = candidates.append, self._evaluate
        sites: _Sites = {}
        for index, spans in windows.items():
            compiled, pattern = self._flat[index]
            # how far past a window a match may read: its longest match plus look-ahead room
            reach = pattern.width + _LOOKAHEAD_ROOM
            is_anchored = index in anchored
            search = pattern.regex.search
            value_group = pattern.regex.groupindex.get("v", 0) if pattern.has_value_group else 0  # 0: the match
            for lo, hi in spans:
                if hi == -1:
                    hi = endpos = len(ntext)
                    last_end = _NEVER
                else:
                    # a window bounds where matches *start*; reading on past it keeps look-aheads and
                    # the match's own tail honest (a cut "36.112.10.53|52…" is no IP address)
                    endpos = hi + reach
                    # a match ending here is the window's last: no need to look on for another
                    last_end = hi - CORE_MARGIN - 1 if is_anchored else _NEVER
                found = search(ntext, lo, endpos)
                while found is not None:
                    begin = found.start()
                    if begin >= hi:
                        break
                    span = found.span(value_group)
                    if span[0] >= 0 and span[0] != span[1]:
                        candidate = evaluate(compiled, pattern, ntext, span, header, sites)
                        if candidate is not None:
                            append(candidate)
                    after = found.end()
                    if after >= last_end:
                        break
                    # as finditer goes on (no pattern matches the empty string)
                    found = search(ntext, after if after > begin else after + 1, endpos)
        return self._resolve(candidates, norm, text)

    def _open_header_columns(self, header: _TableHeader, text: str, windows: Windows) -> None:
        """A context-required recognizer whose key names a column is run over that column's cells.

        (Its candidates elsewhere need a key or context word, whose windows the prefilter opened.)
        """
        for compiled, indexes in self._targets:
            if not compiled.spec.context_required:
                continue
            columns = [i for i, name in enumerate(header.names) if compiled.rules.keys.matches(name)]
            if columns:
                cells = header.cells(text, columns)
                for target in indexes:
                    opened = windows.get(target, [])
                    if FULL[0] not in opened:  # the whole text is opened already
                        windows[target] = merge_windows([*opened, *cells])

    def _evaluate(
        self, compiled: _Compiled, pattern: _Pattern, text: str, span: tuple[int, int],
        header: _TableHeader | None, sites: _Sites,
    ) -> _Candidate | None:
        start, end = span
        value = text[start:end]
        context = None
        remembered = (pattern.validator_name, value)
        verdict = self._verdicts.get(remembered)
        if verdict is None:
            if pattern.needs_context and self.context_first and compiled.top_weak_base < self.min_score:
                # this form is never rated above medium: without a key or context word it cannot be
                # reported, so look for those first and spare the (costly) validator when they are absent
                probe = not self.include_placeholders
                context = self._context(compiled, text, start, end, header, sites, probe)
                if context[0] <= 0 and probe:
                    return None
            verdict = _remember(self._verdicts, remembered, pattern.validator(value), _VERDICT_CACHE_LIMIT)
        outcome = verdict.outcome._value_
        placeholder = outcome == "placeholder"
        if placeholder:
            if not self.include_placeholders:
                return None
            base = 0.0
        else:
            base = compiled.bases.get(outcome)  # type: ignore[assignment]
            if base is None:
                return None
        if context is None:
            context = self._context(compiled, text, start, end, header, sites)
        adjust, key, reasons, tags, has_context = context
        spec = compiled.spec
        if spec.context_required and not has_context:
            return None
        if placeholder:
            score = 0.0
        else:
            score = base + adjust
            score = 1.0 if score > 1.0 else 0.0 if score < 0.0 else score
            if score < self.min_score:
                return None
        match = Match(
            spec.entity, spec.id, start, end, round(score, 4), value, verdict.normalized or value,
            verdict.tags | tags, placeholder, key,
            (f"{outcome}: {verdict.reason}" if verdict.reason else outcome, *reasons),
        )
        return match, spec.priority

    def _site(self, text: str, start: int, header: _TableHeader | None, sites: _Sites) -> _Site:
        """Line start and key of a value; shared by every recognizer matching at ``start``."""
        line_start = start_of_line(text, start)
        key: str | None = None
        key_start = start
        if header is not None and line_start > 0:
            key = header.key_at(text, line_start, start)
        if key is None:
            found = find_key(text, line_start, start)
            if found is not None:
                key, key_start = found
        site = (line_start, key, key_start)
        sites[start] = site
        return site

    def _context(
        self, compiled: _Compiled, text: str, start: int, end: int, header: _TableHeader | None, sites: _Sites,
        probe: bool = False,
    ) -> _Context:
        """Score adjustment from key, context words and negatives; plus evidence notes.

        A ``probe`` only asks whether a key or context word is there: without one it skips the
        negative words (the candidate is dropped anyway).
        """
        site = sites.get(start)
        if site is None:
            site = self._site(text, start, header, sites)
        line_start, key, key_start = site
        negative_key = False
        if key:
            known = compiled.keys_seen.get(key)
            if known is None:
                known = compiled.judge_key(key)
            if isinstance(known, tuple):  # the key decides
                return known
            negative_key = known
        spec = compiled.spec
        rules = compiled.rules
        adjust = spec.boost_negative if negative_key else 0.0
        reasons: list[str] = ["negative key"] if negative_key else []
        window = spec.context_window
        value_left = min(key_start, start)
        left = segment_start(text, max(line_start, value_left - window), value_left)
        negative_gap = None
        if key is not None and header is None:
            # a value with its own key takes no context from the right (that is the next pair's);
            # a context word may span the key ("serial number: R58M41ABCDE" has the key "number").
            # What stands before a keyed value repeats (`"gaid":"` on every event): remembered.
            before = text[left:start]
            word_gap = compiled.gaps_before_key.get(before, _UNSEEN)
            if word_gap is _UNSEEN:
                word_gap = _remember(
                    compiled.gaps_before_key, before, rules.word_gap(before.lower(), ""), _KEYS_SEEN_LIMIT
                )
        else:
            right = segment_end(text, end, min(end_of_line(text, end), end + window))
            left_text = text[left:value_left].lower()
            right_text = text[end:right].lower() if right > end else ""
            keyed_text = text[left:start].lower() if key is not None and key_start < start else left_text
            word_gap = rules.word_gap(keyed_text, right_text)
            if key is None and not (probe and word_gap is None):
                # the nearer of a context word and a negative word decides ("IMEI …；手机号139…")
                negative_gap = rules.negative_gap(left_text[-_NEGATIVE_WINDOW:], right_text[:_NEGATIVE_WINDOW])
        if word_gap is not None:
            adjust += spec.boost_context
            reasons.append("context word")
        elif probe:
            return adjust, key, tuple(reasons), _NO_TAGS, False
        if negative_gap is not None and (word_gap is None or negative_gap <= word_gap):
            adjust += spec.boost_negative
            reasons.append("negative context")
        return adjust, key, tuple(reasons), _NO_TAGS, word_gap is not None

    def _resolve(self, candidates: list[_Candidate], norm: NormalizedText, original: str) -> list[Match]:
        """Keep the best of overlapping candidates; map offsets back to the original text.

        Candidates are taken in runs that overlap one another; a run of one (the usual case) is
        kept as it is, a longer one goes to :func:`_best_of`.
        """
        ordered = sorted(candidates, key=_by_position)
        kept: list[Match] = []
        count = len(ordered)
        i = 0
        while i < count:
            reach = ordered[i][0].end
            j = i + 1
            while j < count and ordered[j][0].start < reach:
                reach = max(reach, ordered[j][0].end)
                j += 1
            if j == i + 1:
                kept.append(ordered[i][0])
            else:
                kept.extend(_best_of(ordered[i:j]))
            i = j
        if norm.text is not original:
            for index, m in enumerate(kept):
                start, end = norm.to_original(m.start, m.end)
                kept[index] = m._replace(start=start, end=end, value=original[start:end])
        return kept


def _by_position(candidate: _Candidate) -> tuple[int, int]:
    return candidate[0].start, candidate[0].end


def _best_of(run: list[_Candidate]) -> list[Match]:
    """Of overlapping candidates, the best first (score, then recognizer priority, then length), then
    each next one that overlaps none already kept; in text order."""
    ranked = sorted(run, key=lambda c: (-c[0].score, -c[1], c[0].start - c[0].end, c[0].start))
    starts: list[int] = []
    ends: list[int] = []
    kept: list[Match] = []
    for m, _priority in ranked:
        i = bisect_left(starts, m.start)
        if (i < len(starts) and starts[i] < m.end) or (i > 0 and ends[i - 1] > m.start):
            continue
        starts.insert(i, m.start)
        ends.insert(i, m.end)
        kept.append(m)
    kept.sort(key=lambda m: (m.start, m.end))
    return kept
