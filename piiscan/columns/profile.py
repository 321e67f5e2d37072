"""The vectorised first stage and the validators: record batches -> column statistics.

For each leaf column of a batch, in C++ (pyarrow.compute, RE2):

1. the distinct non-null values and their counts (every later step works on distinct
   values, so each is validated once);
2. one combined, anchored expression of every recognizer pattern marks the values that
   could be an identifier as a whole; each pattern's own expression then says which;
3. shape features: free text, scientific notation, hex digests, numbers in
   latitude/longitude range.

Then in Python, on the candidates only: the pattern's exact regex and its validator (verdicts
cached across batches). Free-text values go through the text engine in one joined text per
batch, one value per line, so context never crosses from one value to the next. Nothing here
does I/O, so the same profiler runs in a Spark executor.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from piiscan.columns.flatten import FLOAT, INTEGER, Leaf, leaves
from piiscan.columns.stats import ColumnStats, TableStats, Tally
from piiscan.context import Lexicon
from piiscan.engine import Engine
from piiscan.fastre import hoist_lookbehinds, strip_lookarounds
from piiscan.recognizers import RecognizerSpec
from piiscan.validators import Validator, get_validator
from piiscan.validators.base import INVALID as _INVALID
from piiscan.validators.base import Verdict

_GROUP = re.compile(r"\(\?P<[A-Za-z_]\w*>")
#: prose (also Chinese, which has no spaces), JSON/XML, query strings and key=value lists
_TEXT_LIKE = r"\s|^[\[{<]|[=&;:,]|[^\x00-\x7f]"
_TEXT_MIN_LENGTH = 12
_SCIENTIFIC = r"^\s*[-+]?[0-9](?:\.[0-9]+)?[eE][-+]?[0-9]{1,3}\s*$"
_DIGEST = r"^\s*(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{64})\s*$"
_DECIMAL_NUMBER = r"^\s*[-+]?[0-9]{1,3}(?:\.[0-9]+)?\s*$"
_TEXT_CHUNK = 1 << 20  # characters of free text per engine call
_CHUNK = 2048  # distinct candidate values validated between two pruning checks
_PRUNE_AFTER = 256  # shaped values seen before an entity may be pruned from a column
_PRUNE_SHARE = 0.2  # ... when fewer than this share of them passed
_VERDICT_CACHE_LIMIT = 500_000
_RANK = {"strong": 4, "medium": 3, "weak": 2, "placeholder": 1, "invalid": 0}
#: (entity, value index) -> rank, recognizer, verdict, value
_Best = dict[tuple[str, int], tuple[int, str, Verdict, str]]


@dataclass(frozen=True, slots=True)
class _ColumnPattern:
    spec: RecognizerSpec
    regex: re.Pattern[str]  # the exact pattern (look-arounds included), matched on the whole value
    re2: str  # anchored RE2 form without look-arounds: a superset, for the vectorised pass
    has_value_group: bool
    validator: Validator
    validator_name: str


def _re2_body(pattern: str, flags: int) -> str:
    body = _GROUP.sub("(?:", strip_lookarounds(pattern))
    return f"(?i:{body})" if flags & re.IGNORECASE else f"(?:{body})"


def _anchored(body: str) -> str:
    return rf"^\s*{body}\s*$"


class ColumnProfiler:
    """Folds record batches into :class:`~piiscan.columns.stats.ColumnStats`.

    Build one per process and reuse it: it caches validator verdicts. Not thread-safe.
    """

    def __init__(
        self, specs: Sequence[RecognizerSpec], *, entities: Iterable[str] | None = None,
        text_engine: Engine | None = None,
    ) -> None:
        wanted = {e.upper() for e in entities} if entities else None
        self.specs = [s for s in specs if wanted is None or s.entity in wanted]
        self._patterns: list[_ColumnPattern] = []
        for spec in self.specs:
            for p in spec.patterns:
                name = p.validator or spec.validator
                regex = re.compile(hoist_lookbehinds(p.regex), p.flags)
                self._patterns.append(
                    _ColumnPattern(
                        spec, regex, _anchored(_re2_body(p.regex, p.flags)), "v" in regex.groupindex,
                        get_validator(name), name,
                    )
                )
        bodies = "|".join(_re2_body(p.regex, p.flags) for s in self.specs for p in s.patterns)
        self._combined = _anchored(f"(?:{bodies})") if bodies else "(?!)"
        self.text_engine = text_engine if text_engine is not None else Engine(self.specs)
        self._keys: dict[str, list[Lexicon]] = {}
        for spec in self.specs:
            self._keys.setdefault(spec.entity, []).append(Lexicon.build(spec.keys))
        self._verdicts: dict[tuple[str, str], Verdict] = {}

    def profile(self, batch: pa.RecordBatch, into: TableStats | None = None) -> TableStats:
        """Add ``batch`` to ``into`` (a new dict if not given) and return it."""
        stats: TableStats = {} if into is None else into
        for leaf in leaves(batch):
            column = stats.get(leaf.name)
            if column is None:
                column = stats[leaf.name] = ColumnStats(leaf.name, leaf.kind, leaf.arrow_type)
            self._profile_leaf(leaf, column)
        return stats

    def _profile_leaf(self, leaf: Leaf, stats: ColumnStats) -> None:
        values = leaf.values
        stats.rows += len(values)
        stats.non_null += len(values) - values.null_count
        if len(values) == values.null_count:
            return
        if leaf.kind == FLOAT:
            _count_coordinates(values, stats)
            return
        if leaf.kind == INTEGER:
            values = _restore_lost_zero(values)
        counted = pc.value_counts(values)
        distinct, counts = counted.field(0), counted.field(1)
        present = pc.is_valid(distinct)
        distinct, counts = distinct.filter(present), counts.filter(present)
        if not stats.preview:
            stats.preview = _masked_first(distinct)
        stats.scientific += _weighted(counts, pc.match_substring_regex(distinct, _SCIENTIFIC))
        stats.digests += _weighted(counts, pc.match_substring_regex(distinct, _DIGEST))
        numeric = pc.match_substring_regex(distinct, _DECIMAL_NUMBER)
        if pc.any(numeric).as_py():
            _count_coordinates(pc.cast(pc.utf8_trim_whitespace(distinct.filter(numeric)), pa.float64()), stats,
                               counts.filter(numeric))
        whole = self._whole_values(distinct, counts, stats)
        # free text: values that look like prose or structure and are not an identifier as a whole
        text_like = pc.and_(
            pc.and_(pc.invert(whole), pc.match_substring_regex(distinct, _TEXT_LIKE)),
            pc.greater_equal(pc.utf8_length(distinct), _TEXT_MIN_LENGTH),
        )
        in_text = _weighted(counts, text_like)
        if in_text:
            stats.text_values += in_text
            self._free_text(distinct.filter(text_like), counts.filter(text_like), stats)

    def _whole_values(self, distinct: pa.Array, counts: pa.Array, stats: ColumnStats) -> pa.Array:
        """Validate the values that may be an identifier as a whole (surrounding blanks aside); return that mask."""
        hit = pc.match_substring_regex(distinct, self._combined)
        candidates, weights = distinct.filter(hit), counts.filter(hit)
        for start in range(0, len(candidates), _CHUNK):
            self._whole_chunk(candidates.slice(start, _CHUNK), weights.slice(start, _CHUNK), stats)
        return hit

    def _whole_chunk(self, candidates: pa.Array, counts: pa.Array, stats: ColumnStats) -> None:
        texts: list[str] = candidates.to_pylist()
        weights: list[int] = counts.to_pylist()
        best: _Best = {}
        pruned = stats.pruned
        for pattern in self._patterns:
            if pattern.spec.entity in pruned:
                continue
            mask = pc.match_substring_regex(candidates, pattern.re2)
            for index in np.flatnonzero(mask.to_numpy(zero_copy_only=False)).tolist():
                self._judge(pattern, texts[index].strip(), index, best)
        for (entity, index), (_rank, rid, verdict, value) in best.items():
            tally = stats.values.setdefault(entity, Tally())
            tally.add(rid, verdict.outcome.value, weights[index], verdict.tags, value)
        self._prune(stats)

    def _prune(self, stats: ColumnStats) -> None:
        """Stop validating an entity that fails at chance level on enough of its shaped values.

        Such an entity can reach none of the column rules (90% valid values; 90% of its shaped
        values valid; for a column named after it, half of the values of its shape), so the rest
        of the column need not be validated for it: an order-number column is not checked for
        cards ten thousand times, a column of UUIDs named ``gaid`` not for OAIDs.
        """
        for entity, tally in stats.values.items():
            if entity in stats.pruned or tally.candidates < _PRUNE_AFTER:
                continue
            named = any(rules.matches(stats.name) for rules in self._keys[entity])
            passed = tally.valid + tally.placeholder + (tally.weak if named else 0)
            if passed < _PRUNE_SHARE * tally.candidates:
                stats.pruned.add(entity)

    def _judge(self, pattern: _ColumnPattern, text: str, index: int, best: _Best) -> None:
        """The best outcome per entity for one value (an entity may have several recognizers)."""
        found = pattern.regex.fullmatch(text)
        if found is None:
            return
        value = found.group("v") if pattern.has_value_group else text
        if not value:
            return
        verdict = self._validate(pattern, value)
        outcome = verdict.outcome.value
        if outcome not in ("placeholder", "invalid") and verdict.outcome not in pattern.spec.scores:
            outcome = "invalid"  # an outcome this recognizer does not score
        key = (pattern.spec.entity, index)
        rank = _RANK[outcome]
        if key not in best or best[key][0] < rank:
            best[key] = (rank, pattern.spec.id, verdict if outcome != "invalid" else _INVALID, value)

    def _validate(self, pattern: _ColumnPattern, value: str) -> Verdict:
        key = (pattern.validator_name, value)
        cached = self._verdicts.get(key)
        if cached is None:
            if len(self._verdicts) > _VERDICT_CACHE_LIMIT:
                self._verdicts.clear()
            cached = self._verdicts[key] = pattern.validator(value)
        return cached

    def _free_text(self, texts: pa.Array, counts: pa.Array, stats: ColumnStats) -> None:
        """Scan free-text values with the text engine; count the values each recognizer hits."""
        values: list[str] = texts.to_pylist()
        weights: list[int] = counts.to_pylist()
        start = 0
        while start < len(values):
            end, size = start, 0
            while end < len(values) and (size < _TEXT_CHUNK or end == start):
                size += len(values[end]) + 1
                end += 1
            self._scan_chunk(values[start:end], weights[start:end], stats)
            start = end

    def _scan_chunk(self, values: list[str], weights: list[int], stats: ColumnStats) -> None:
        offsets: list[int] = []
        position = 0
        for value in values:
            offsets.append(position)
            position += len(value) + 1
        # one value per line: line breaks inside a value become spaces (same length, same offsets)
        joined = "\n".join(v.replace("\n", " ").replace("\r", " ") for v in values)
        best: dict[tuple[str, int], tuple[float, str, str, frozenset[str]]] = {}
        for match in self.text_engine.scan_text(joined):
            if match.placeholder:
                continue
            index = bisect_right(offsets, match.start) - 1
            key = (match.entity, index)
            if key not in best or best[key][0] < match.score:
                best[key] = (match.score, match.recognizer, match.value, match.tags)
        for (entity, index), (score, rid, value, tags) in best.items():
            tally = stats.text.setdefault(entity, Tally())
            tally.add(rid, "strong", weights[index], tags, value)
            tally.max_score = max(tally.max_score, score)


def _weighted(counts: pa.Array, mask: pa.Array) -> int:
    total = pc.sum(counts.filter(mask)).as_py()
    return int(total or 0)


def _masked_first(distinct: pa.Array) -> str:
    from piiscan.findings import mask

    first = distinct[0].as_py() if len(distinct) else None
    return mask(str(first).strip()) if first is not None else ""


def _restore_lost_zero(values: pa.Array) -> pa.Array:
    """An IMEI with reporting body 01 stored as an integer lost its leading zero: put it back."""
    lost = pc.and_(pc.equal(pc.utf8_length(values), 14), pc.starts_with(values, "1"))
    return pc.if_else(lost, pc.utf8_lpad(values, 15, "0"), values)


def _count_coordinates(numbers: pa.Array, stats: ColumnStats, weights: pa.Array | None = None) -> None:
    """Latitude/longitude range and precision counts of numeric values."""
    data = numbers.to_numpy(zero_copy_only=False)
    weight = np.ones(len(data), dtype=np.int64) if weights is None else weights.to_numpy(zero_copy_only=False)
    finite = np.isfinite(data)
    data, weight = data[finite], weight[finite]
    magnitude = np.abs(data)
    hundredths = data * 100
    stats.latitude += int(weight[magnitude <= 90].sum())
    stats.longitude += int(weight[magnitude <= 180].sum())
    stats.precise += int(weight[np.abs(hundredths - np.round(hundredths)) > 1e-6].sum())
