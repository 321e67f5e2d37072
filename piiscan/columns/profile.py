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
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from piiscan.columns.flatten import FLOAT, INTEGER, Leaf, leaves
from piiscan.columns.names import axis
from piiscan.columns.stats import ColumnStats, TableStats, Tally
from piiscan.columns.vector import VectorValidator, vector_validator
from piiscan.context import HASH_KEYS, Lexicon
from piiscan.engine import Engine
from piiscan.fastre import group_end, hoist_lookbehinds, strip_lookarounds
from piiscan.findings import mask
from piiscan.ner.tier import NerTier, merge
from piiscan.recognizers import RecognizerSpec
from piiscan.validators import Validator, get_validator
from piiscan.validators.base import Outcome, Verdict

_GROUP = re.compile(r"\(\?P<[A-Za-z_]\w*>")
#: prose (also Chinese, which has no spaces), JSON/XML, query strings and key=value lists
_TEXT_LIKE = r"\s|^[\[{<]|[=&;:,]|[^\x00-\x7f]"
_TEXT_MIN_LENGTH = 12
_SCIENTIFIC = r"^\s*[-+]?[0-9](?:\.[0-9]+)?[eE][-+]?[0-9]{1,3}\s*$"
_DIGEST = r"^\s*(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{64})\s*$"
_DECIMAL_NUMBER = r"^\s*[-+]?[0-9]{1,3}(?:\.[0-9]+)?\s*$"
_TEXT_CHUNK = 1 << 20  # characters of free text per engine call
_NER_SAMPLE = 200  # distinct values per column the NER tier reads as a whole (a model reads ~60k chars/s)
_NER_MAX_LENGTH = 120  # longer values are free text, not a name or an address
_NER_COVER = 0.6  # a value is a name (address) when such spans cover this share of its characters
_NER_WORDED = r"[A-Za-z]{2}|[\x{4e00}-\x{9fff}]{2}"  # RE2: a word of Latin letters or two Han characters
_CHUNK = 2048  # distinct values validated between two pruning checks ...
_LARGE_CHUNK = 65_536  # ... and once the column has shown what it holds
_UNIQUE_AFTER = 100_000  # values seen before a column of nearly all-distinct values ...
_UNIQUE_SHARE = 0.9  # ... (this share) is no longer de-duplicated
_PRUNE_AFTER = 256  # shaped values seen before an entity may be pruned from a column
_PRUNE_SHARE = 0.2  # ... when fewer than this share of them passed
_ABSENT_AFTER = 4096  # distinct values without one candidate of an entity before it is not looked for
_SETTLE_AFTER = 4096  # a column is settled once one entity passed on this many values ...
_SETTLE_SHARE = 0.95  # ... making up this share of its candidates; then rivals below
_SETTLE_RIVAL = 0.5  # this share of valid values stop being validated
_VERDICT_CACHE_LIMIT = 500_000
#: validator outcomes as codes, in rank order (the vectorised validators return these codes)
_OUTCOMES = ("invalid", "placeholder", "weak", "medium", "strong")
_CODE = {name: code for code, name in enumerate(_OUTCOMES)}
_NO_MATCH = -1  # the exact pattern (look-arounds included) did not match after all
_TAG_PROBE = 64  # values per chunk whose tags are looked at (vectorised ones re-validated in Python)
_TAGGED_ENOUGH = 1024  # values per column after which tags are not looked at any more


class _Chunk:
    """One chunk of candidate values and, per entity, the best outcome code of each."""

    def __init__(self, values: pa.Array, weights: npt.NDArray[np.int64]) -> None:
        self.values = values  # trimmed candidate values
        self.weights = weights  # how many rows hold each value
        self.best: dict[str, npt.NDArray[np.int8]] = {}  # entity -> best code per value (-1: no pattern)
        self.owner: dict[str, npt.NDArray[np.int16]] = {}  # entity -> pattern position that gave it
        self.verdicts: dict[tuple[str, int], tuple[Verdict, str]] = {}  # Python verdicts and matched values
        self._texts: list[str] | None = None

    def texts(self) -> list[str]:
        """The values as Python strings (made once, only when some value needs Python)."""
        if self._texts is None:
            self._texts = self.values.to_pylist()
        return self._texts

    def undecided(self, entity: str, hits: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
        """The ``hits`` that no pattern of ``entity`` has found valid (medium or strong) yet."""
        best = self.best.get(entity)
        return hits if best is None else hits[best[hits] < _CODE["medium"]]

    def offer(self, position: int, entity: str, hits: npt.NDArray[np.intp], codes: npt.NDArray[np.int8]) -> None:
        """Keep, per value, the best code any pattern of ``entity`` gave it."""
        best = self.best.get(entity)
        if best is None:
            best = self.best[entity] = np.full(len(self.values), _NO_MATCH, dtype=np.int8)
            self.owner[entity] = np.zeros(len(self.values), dtype=np.int16)
        better = codes > best[hits]
        best[hits[better]] = codes[better]
        self.owner[entity][hits[better]] = position


@dataclass(frozen=True, slots=True)
class _ColumnPattern:
    spec: RecognizerSpec
    regex: re.Pattern[str]  # the exact pattern (look-arounds included), matched on the whole value
    re2: str  # anchored RE2 form without look-arounds: a superset, for the vectorised pass
    body: str  # the same, unanchored (an alternative of the combined expression)
    has_value_group: bool
    validator: Validator
    validator_name: str
    vector: VectorValidator | None  # the validator over a whole array, when it has one and it applies
    scored: npt.NDArray[np.int8]  # outcome code -> code, with outcomes this recognizer does not score -> invalid


def _scored(spec: RecognizerSpec) -> npt.NDArray[np.int8]:
    """Code map: an outcome the recognizer gives no base score counts as invalid (-1 stays -1)."""
    table = np.arange(len(_OUTCOMES), dtype=np.int8)
    for code, name in enumerate(_OUTCOMES):
        if name not in ("invalid", "placeholder") and Outcome(name) not in spec.scores:
            table[code] = _CODE["invalid"]
    return np.append(table, np.int8(_NO_MATCH))  # index -1 (no match) maps to itself


def _edges_only(pattern: str) -> bool:
    """True when look-arounds sit only at the ends and any value group is the whole match.

    Then a whole value that matches the RE2 form matches the exact pattern too (an edge
    look-around always holds at the ends of a value), and the vectorised validator can take the
    value as it is.
    """
    body = re.sub(r"^(?:\(\?<[!=](?:[^()]|\([^()]*\))*\))+", "", pattern)
    body = re.sub(r"(?:\(\?[!=](?:[^()]|\([^()]*\))*\))+$", "", body)
    if strip_lookarounds(body) != body:
        return False
    if "(?P<v>" not in body:
        return True
    return body.startswith("(?P<v>") and group_end(body, 0) == len(body)


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
        text_engine: Engine | None = None, ner: NerTier | None = None,
    ) -> None:
        wanted = {e.upper() for e in entities} if entities else None
        self.specs = [s for s in specs if wanted is None or s.entity in wanted]
        self._patterns: list[_ColumnPattern] = []
        for spec in self.specs:
            for p in spec.patterns:
                name = p.validator or spec.validator
                regex = re.compile(hoist_lookbehinds(p.regex), p.flags)
                vector = vector_validator(name) if _edges_only(p.regex) else None
                body = _re2_body(p.regex, p.flags)
                self._patterns.append(
                    _ColumnPattern(
                        spec, regex, _anchored(body), body, "v" in regex.groupindex,
                        get_validator(name), name, vector, _scored(spec),
                    )
                )
        self._combined_cache: dict[tuple[int, ...], str] = {}
        self._named_cache: dict[str, bool] = {}
        self.text_engine = text_engine if text_engine is not None else Engine(self.specs)
        self._keys: dict[str, list[Lexicon]] = {}
        for spec in self.specs:
            self._keys.setdefault(spec.entity, []).append(Lexicon.build(spec.keys))
        self._verdicts: dict[tuple[str, str], Verdict] = {}
        #: the NER tier (--ner): names and addresses as whole values, and inside free text
        self.ner = ner if ner is not None and ner.active() else None

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
        raw = leaf.raw
        stats.rows += len(raw)
        stats.non_null += len(raw) - raw.null_count
        if len(raw) == raw.null_count or self._idle(stats):
            return
        values = leaf.values
        if leaf.kind == FLOAT:
            _count_coordinates(values, stats)
            return
        if leaf.kind == INTEGER:
            values = _restore_lost_zero(values)
        if stats.non_null > _UNIQUE_AFTER and stats.examined > _UNIQUE_SHARE * stats.non_null:
            # nearly every value is new (IMEIs, ids): counting duplicates costs more than it saves
            distinct = values.drop_null()
            counts = pa.array(np.ones(len(distinct), dtype=np.int64))
        else:
            counted = pc.value_counts(values)
            distinct, counts = counted.field(0), counted.field(1)
            present = pc.is_valid(distinct)
            distinct, counts = distinct.filter(present), counts.filter(present)
        if not stats.preview:
            stats.preview = _masked_first(distinct)
        self._name_features(distinct, counts, stats)
        if self.ner is not None and stats.ner_checked < _NER_SAMPLE:
            self._ner_values(distinct, counts, stats)
        whole = self._whole_values(distinct, counts, stats)
        if whole.all():
            stats.text_checked += len(distinct)  # identifiers as a whole are no free text either
            return
        if stats.text_checked >= _ABSENT_AFTER and not stats.text_values:
            return  # thousands of values and not one looked like text: not looked for again
        # free text: values that look like prose or structure and are not an identifier as a whole
        rest = pa.array(~whole)
        distinct, counts = distinct.filter(rest), counts.filter(rest)
        stats.text_checked += len(distinct)
        text_like = pc.and_(
            pc.match_substring_regex(distinct, _TEXT_LIKE), pc.greater_equal(pc.utf8_length(distinct), _TEXT_MIN_LENGTH)
        )
        in_text = _weighted(counts, text_like)
        if in_text:
            stats.text_values += in_text
            self._free_text(distinct.filter(text_like), counts.filter(text_like), stats)

    def _idle(self, stats: ColumnStats) -> bool:
        """Nothing left to look for in this column: every entity pruned, no free text seen, a mute name.

        Only its row and null counts go on (a decoy column of a full scan costs nothing else).
        """
        return (
            len(stats.pruned) >= len(self._keys)
            and stats.text_checked >= _ABSENT_AFTER
            and not stats.text_values
            and not self._named(stats.name)
            and axis(stats.name) is None
        )

    def _name_features(self, distinct: pa.Array, counts: pa.Array, stats: ColumnStats) -> None:
        """Shapes only the name rules read, computed for columns whose name can use them."""
        named = self._named(stats.name)
        if named:
            stats.scientific += _weighted(counts, pc.match_substring_regex(distinct, _SCIENTIFIC))
            if HASH_KEYS.matches(stats.name):
                stats.digests += _weighted(counts, pc.match_substring_regex(distinct, _DIGEST))
        if axis(stats.name) is not None:
            numeric = pc.match_substring_regex(distinct, _DECIMAL_NUMBER)
            if pc.any(numeric).as_py():
                numbers = pc.cast(pc.utf8_trim_whitespace(distinct.filter(numeric)), pa.float64())
                _count_coordinates(numbers, stats, counts.filter(numeric))

    def _named(self, name: str) -> bool:
        """True when some recognizer's key lexicon has the column name."""
        known = self._named_cache.get(name)
        if known is None:
            known = self._named_cache[name] = any(
                lexicon.matches(name) for lexicons in self._keys.values() for lexicon in lexicons
            )
        return known

    def _whole_values(self, distinct: pa.Array, counts: pa.Array, stats: ColumnStats) -> npt.NDArray[np.bool_]:
        """Validate the values that may be an identifier as a whole (surrounding blanks aside); return that mask.

        Chunk by chunk, one anchored expression of the patterns still in play marks the
        candidates; as entities are pruned the expression shrinks, and a settled column runs
        only its own entity's patterns.
        """
        whole = np.zeros(len(distinct), dtype=bool)
        start = 0
        while start < len(distinct):
            live = [position for position, p in enumerate(self._patterns) if p.spec.entity not in stats.pruned]
            if not live:
                break
            # small chunks while pruning decides what to look for, large ones once it has
            size = _CHUNK if stats.examined < _ABSENT_AFTER * 2 else _LARGE_CHUNK
            values = distinct.slice(start, size)
            stats.examined += len(values)
            hit = pc.match_substring_regex(values, self._combined(live)).to_numpy(zero_copy_only=False)
            if hit.any():
                chosen = pa.array(hit)
                # broad shapes (a name, an address) match much prose: only a value some validator did
                # not reject counts as an identifier as a whole, the rest stays free text
                found = self._whole_chunk(values.filter(chosen), counts.slice(start, size).filter(chosen), stats, live)
                whole[start + np.flatnonzero(hit)[found]] = True
            else:
                self._prune(stats)
            start += size
        return whole

    def _combined(self, live: list[int]) -> str:
        """One anchored RE2 alternation of the patterns at ``live`` positions (cached per set)."""
        key = tuple(live)
        expression = self._combined_cache.get(key)
        if expression is None:
            bodies = "|".join(self._patterns[position].body for position in live)
            expression = self._combined_cache[key] = _anchored(f"(?:{bodies})")
        return expression

    def _whole_chunk(
        self, candidates: pa.Array, counts: pa.Array, stats: ColumnStats, live: list[int]
    ) -> npt.NDArray[np.bool_]:
        """Validate one chunk of candidates: per entity, the best outcome code of each value.

        Returns which candidates some recognizer did not reject (placeholders included).
        """
        trimmed = pc.utf8_trim_whitespace(candidates)
        chunk = _Chunk(trimmed, counts.to_numpy(zero_copy_only=False))
        everything = np.arange(len(candidates))
        for position in live:
            pattern = self._patterns[position]
            entity = pattern.spec.entity
            # a value another pattern of the entity already found valid needs no second opinion
            todo = chunk.undecided(entity, everything)
            if not len(todo):
                continue
            if len(live) == 1:  # the combined expression was this pattern: every candidate matches it
                hits = todo
            else:
                subset = candidates if len(todo) == len(candidates) else candidates.take(pa.array(todo))
                hits = todo[pc.match_substring_regex(subset, pattern.re2).to_numpy(zero_copy_only=False)]
            if len(hits):
                chunk.offer(position, entity, hits, self._codes(pattern, chunk, hits))
        found = np.zeros(len(candidates), dtype=bool)
        for entity, best in chunk.best.items():
            self._tally(entity, best, chunk, stats)
            found |= best >= _CODE["placeholder"]
        self._prune(stats)
        return found

    def _codes(self, pattern: _ColumnPattern, chunk: _Chunk, hits: npt.NDArray[np.intp]) -> npt.NDArray[np.int8]:
        """Outcome codes of the values at ``hits`` (vectorised when the validator has a vector form)."""
        if pattern.vector is not None:
            codes = pattern.vector(chunk.values.take(pa.array(hits)))
            return pattern.scored[codes]
        texts = chunk.texts()
        out = np.empty(len(hits), dtype=np.int8)
        for k, index in enumerate(hits.tolist()):
            found = pattern.regex.fullmatch(texts[index])
            value = (found.group("v") if pattern.has_value_group else texts[index]) if found is not None else ""
            if not value:
                out[k] = _NO_MATCH
                continue
            verdict = self._validate(pattern, value)
            out[k] = pattern.scored[_CODE[verdict.outcome.value]]
            chunk.verdicts[(pattern.validator_name, index)] = (verdict, value)
        return out

    def _tally(self, entity: str, best: npt.NDArray[np.int8], chunk: _Chunk, stats: ColumnStats) -> None:
        matched = best >= 0
        if not matched.any():
            return
        tally = stats.values.setdefault(entity, Tally())
        weights = chunk.weights[matched]
        sums = np.bincount(best[matched], weights=weights, minlength=len(_OUTCOMES)).astype(np.int64)
        tally.candidates += int(sums.sum())
        tally.placeholder += int(sums[_CODE["placeholder"]])
        tally.weak += int(sums[_CODE["weak"]])
        tally.valid += int(sums[_CODE["medium"]] + sums[_CODE["strong"]])
        owners = chunk.owner[entity]
        passing = np.flatnonzero(matched & (best >= _CODE["placeholder"]))
        for position in np.unique(owners[passing]).tolist():
            rid = self._patterns[position].spec.id
            mine = passing[owners[passing] == position]
            tally.recognizers[rid] = tally.recognizers.get(rid, 0) + int(chunk.weights[mine].sum())
        self._tags_and_preview(entity, best, chunk, tally)

    def _tags_and_preview(self, entity: str, best: npt.NDArray[np.int8], chunk: _Chunk, tally: Tally) -> None:
        """Validator tags (``private``, ``legacy_rbi`` ...) and one masked example.

        Tags are a proportion, so a probe is enough: at most ``_TAG_PROBE`` values per chunk,
        and no more once ``_TAGGED_ENOUGH`` values of the column were looked at (values that
        went through Python have their verdicts already; vectorised ones are re-validated).
        """
        if tally.tagged >= _TAGGED_ENOUGH and tally.preview:
            return
        shaped = np.flatnonzero(best >= _CODE["weak"])[:_TAG_PROBE]
        owners = chunk.owner[entity]
        texts = chunk.texts() if len(shaped) else []
        for index in shaped.tolist():
            pattern = self._patterns[int(owners[index])]
            known = chunk.verdicts.get((pattern.validator_name, index))
            verdict, value = known if known is not None else (self._validate(pattern, texts[index]), texts[index])
            weight = int(chunk.weights[index])
            tally.tagged += weight
            for tag in verdict.tags:
                tally.tags[tag] = tally.tags.get(tag, 0) + weight
            if not tally.preview:
                tally.preview = mask(value)

    def _prune(self, stats: ColumnStats) -> None:
        """Stop validating an entity that fails at chance level on enough of its shaped values.

        Such an entity can reach none of the column rules (90% valid values; 90% of its shaped
        values valid; for a column named after it, half of the values of its shape), so the rest
        of the column need not be validated for it: an order-number column is not checked for
        cards ten thousand times, a column of UUIDs named ``gaid`` not for OAIDs. An entity with
        no candidate at all in ``_ABSENT_AFTER`` distinct values is not looked for any more, and a
        settled column (one entity passes on nearly all of its values) only for that entity and
        rivals whose own values are mostly valid: only one whole-value entity per column is reported.
        """
        if stats.examined >= _ABSENT_AFTER:  # never seen in thousands of distinct values: not looked for again
            stats.pruned.update(e for e in self._keys if e not in stats.values)
        settled = False
        for entity, tally in stats.values.items():
            if entity in stats.pruned or tally.candidates < _PRUNE_AFTER:
                continue
            named = any(rules.matches(stats.name) for rules in self._keys[entity])
            passed = tally.valid + tally.placeholder + (tally.weak if named else 0)
            if passed < _PRUNE_SHARE * tally.candidates:
                stats.pruned.add(entity)
            settled = settled or (tally.candidates >= _SETTLE_AFTER and passed >= _SETTLE_SHARE * tally.candidates)
        if settled:
            # one entity holds the column (only the best whole-value entity of a column is ever
            # reported): others are validated further only where their own values are mostly valid
            for entity in self._keys:
                other = stats.values.get(entity)
                strong_rival = other is not None and other.valid >= _SETTLE_RIVAL * other.candidates
                if not strong_rival and not (other is not None and self._leads(stats, entity)):
                    stats.pruned.add(entity)

    def _leads(self, stats: ColumnStats, entity: str) -> bool:
        """True when ``entity`` is (one of) the column's settled holders."""
        tally = stats.values[entity]
        named = any(rules.matches(stats.name) for rules in self._keys[entity])
        passed = tally.valid + tally.placeholder + (tally.weak if named else 0)
        return tally.candidates >= _SETTLE_AFTER and passed >= _SETTLE_SHARE * tally.candidates

    def _validate(self, pattern: _ColumnPattern, value: str) -> Verdict:
        key = (pattern.validator_name, value)
        cached = self._verdicts.get(key)
        if cached is None:
            if len(self._verdicts) > _VERDICT_CACHE_LIMIT:
                self._verdicts.clear()
            cached = self._verdicts[key] = pattern.validator(value)
        return cached

    def _ner_values(self, distinct: pa.Array, counts: pa.Array, stats: ColumnStats) -> None:
        """Put up to ``_NER_SAMPLE`` worded values to the NER tier; count those it tags as a whole."""
        assert self.ner is not None
        worded = pc.and_(
            pc.match_substring_regex(distinct, _NER_WORDED),
            pc.less_equal(pc.utf8_length(distinct), _NER_MAX_LENGTH),
        )
        picked = distinct.filter(worded)
        weights = counts.filter(worded)
        room = _NER_SAMPLE - stats.ner_checked
        if not len(picked) or room <= 0:
            return
        values: list[str] = [v.strip() for v in picked.slice(0, room).to_pylist()]
        rows: list[int] = weights.slice(0, room).to_pylist()
        stats.ner_checked += sum(rows)
        for value, weight, spans in zip(values, rows, self.ner.tag_values(values), strict=True):
            for entity in {s.entity for s in spans}:
                mine = [s for s in spans if s.entity == entity]
                if sum(s.end - s.start for s in mine) >= _NER_COVER * len(value.replace(" ", "")):
                    best = max(mine, key=lambda s: s.score)
                    tally = stats.ner.setdefault(entity, Tally())
                    tally.add(best.recognizer, "medium", weight, frozenset(), value)
                    tally.max_score = max(tally.max_score, best.score)

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
        matches = self.text_engine.scan_text(joined)
        if self.ner is not None:
            matches = merge(matches, self.ner.scan_text(joined))
        for match in matches:
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
