"""From a table's column statistics to column findings, with the reason in words (spec 1.5).

Per column and recognizer:

* **values**: at least ``min_values`` eligible values and a share ``>= ratio`` of them pass
  the validator at a level that a random value of the same shape rarely reaches (Luhn,
  MOD 11-2, allocated ranges, ...). The likelihood ratio against chance is decisive.
* **values+name**: the column name is in the recognizer's key lexicon and at least
  ``name_ratio`` of the values have the identifier's shape.
* **values** among others: a few self-evident identifiers (e-mails, IMEIs) in a column of
  other things (tags, attributes), when nearly every value of their shape passes the validator.
* **neighbour**: shape-only identifiers (Android ID, UUID ad IDs, IMSI, OAID) with no telling
  name, in a table where another column holds a device, subscriber or advertising identifier
  on its values alone; a look-alike name (``span_id``, ``trace``) keeps a column silent.
* **name**: the name says it and the values cannot be checked: hashed (``imei_md5`` with
  MD5/SHA digests), scientific notation (``4.90154E+14``), or no value in the sample.
* **text**: found inside free-text values (notes, JSON stored as text).

A negative name (``trace_id``, ``order_no``, ``sha256``) blocks every rule but the values rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from piiscan.columns.names import axis
from piiscan.columns.stats import ColumnStats, TableStats, Tally
from piiscan.context import HASH_KEYS, ContextRules, Lexicon
from piiscan.findings import fingerprint
from piiscan.model import ColumnFinding
from piiscan.recognizers import RecognizerSpec
from piiscan.taxonomy import Taxonomy
from piiscan.validators.base import Outcome

#: categories whose value-proven columns make shape-only neighbours credible
_ANCHOR_CATEGORIES = frozenset({"device_identifier", "subscriber_identifier", "advertising_identifier"})
#: the shape-only identifiers spec 1.5 lets a strong neighbour column vouch for, most likely first
#: (a 16-hex column beside IMEIs reads as Android IDs, a UUID column as advertising IDs)
_NEIGHBOURS = ("ANDROID_ID", "ADVERTISING_ID", "IMSI", "OAID")
#: column-name tokens that mark a look-alike (beside the recognizers' negative words)
COLUMN_NEGATIVES = Lexicon.build(["span", "trace", "parent_id", "request", "session", "nonce", "hash"])
_GEO = "geo_coordinate"


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Decision thresholds (defaults from spec 1.5)."""

    min_values: int = 20
    ratio: float = 0.9
    name_ratio: float = 0.5
    min_score: float = 0.6
    min_mixed: int = 3  # self-evident identifiers among other values: at least this many
    ner_min_values: int = 10  # --ner: values the NER tier must have read before it decides a column
    ner_ratio: float = 0.6  # ... and the share it must tag as names/addresses, with no telling header
    ner_named_ratio: float = 0.3  # ... or with a header that names the entity


@dataclass(frozen=True, slots=True)
class _Candidate:
    spec: RecognizerSpec
    score: float
    evidence: str
    matches: int
    ratio: float
    reason: str
    tags: tuple[str, ...]
    preview: str
    placeholders: int


class ColumnJudge:
    """Decides column findings for whole tables; built once from the recognizer specs."""

    def __init__(
        self, specs: Sequence[RecognizerSpec], taxonomy: Taxonomy, thresholds: Thresholds | None = None
    ) -> None:
        self.specs = {s.id: s for s in specs}
        self.by_entity: dict[str, list[RecognizerSpec]] = {}
        for spec in specs:
            self.by_entity.setdefault(spec.entity, []).append(spec)
        self.rules = {s.id: ContextRules(s.keys, s.context, s.negative_context) for s in specs}
        self.taxonomy = taxonomy
        self.limits = thresholds or Thresholds()

    def decide(self, stats: TableStats, *, source: str, table: str) -> list[ColumnFinding]:
        """Column findings of one table, in column order."""
        proven = {name: self._value_rule(column) for name, column in stats.items()}
        anchors = [
            name for name, found in proven.items()
            if found is not None and found.spec.category in _ANCHOR_CATEGORIES
        ]
        geo_pair = any(axis(n) == "lat" for n in stats) and any(axis(n) == "lon" for n in stats)
        findings: list[ColumnFinding] = []
        for name, column in stats.items():
            chosen = self._best_for_column(column, proven[name], anchors, geo_pair)
            findings.extend(self._finding(c, column, source, table) for c in chosen)
        return findings

    # ------------------------------------------------------------------ rules

    def _best_for_column(
        self, column: ColumnStats, proven: _Candidate | None, anchors: list[str], geo_pair: bool
    ) -> list[_Candidate]:
        whole: list[_Candidate] = [proven] if proven is not None else []
        for entity in self._entities_for(column):
            for rule in (self._name_rule, self._hashed_rule, self._neighbour_rule, self._mixed_rule, self._ner_rule):
                found = rule(column, entity, anchors)
                if found is not None:
                    whole.append(found)
        geo = self._coordinate_rule(column, geo_pair)
        if geo is not None:
            whole.append(geo)
        kept = [c for c in whole if c.score >= self.limits.min_score]
        # ties: a device identifier before other categories, then the recognizer's priority
        best = max(
            kept, key=lambda c: (c.score, c.spec.category == "device_identifier", c.spec.priority), default=None
        )
        out = [best] if best is not None else []
        seen = {best.spec.entity} if best is not None else set()
        for found in self._text_rule(column):
            if found.spec.entity not in seen and found.score >= self.limits.min_score:
                out.append(found)
                seen.add(found.spec.entity)
        return out

    def _entities_for(self, column: ColumnStats) -> list[str]:
        return [
            e for e in self.by_entity if e in column.values or e in column.ner or self._named(column, e) is not None
        ]

    def _named(self, column: ColumnStats, entity: str) -> RecognizerSpec | None:
        """The entity's recognizer whose key lexicon has the column name, if any."""
        for spec in self.by_entity[entity]:
            if self.rules[spec.id].keys.matches(column.name):
                return spec
        return None

    def _spec(self, entity: str, tally: Tally | None) -> RecognizerSpec:
        rid = tally.recognizer if tally is not None else ""
        return self.specs[rid] if rid in self.specs else self.by_entity[entity][0]

    def _negative(self, column: ColumnStats, spec: RecognizerSpec) -> bool:
        rules = self.rules[spec.id]
        if rules.keys.matches(column.name):  # imei_md5: a hashed IMEI, not a negative
            tail = rules.keys.tail_after(column.name)
            return bool(tail) and rules.negative_keys.matches(tail) and not HASH_KEYS.matches(tail)
        return rules.negative_keys.matches(column.name)

    def _value_rule(self, column: ColumnStats) -> _Candidate | None:
        """Values alone: a share of checksum/structure-valid values far above chance."""
        best: _Candidate | None = None
        for entity, tally in column.values.items():
            spec = self._spec(entity, tally)
            if spec.column != "values":
                continue
            eligible = column.non_null - tally.placeholder
            if eligible < self.limits.min_values or not tally.valid or tally.valid / eligible < self.limits.ratio:
                continue
            share = tally.valid / eligible
            named = self._named(column, entity) is not None
            found = self._candidate(
                spec, min(1.0, 0.8 + (share - self.limits.ratio) + (0.1 if named else 0.0)),
                "values+name" if named else "values", tally, tally.valid, column,
                f"{_pct(share)} of {eligible:,} sampled values are valid {_what(spec, tally)}; "
                f"{self._header(column, spec)}",
            )
            if best is None or (found.score, spec.priority) > (best.score, best.spec.priority):
                best = found
        return best

    def _mixed_rule(self, column: ColumnStats, entity: str, _anchors: list[str]) -> _Candidate | None:
        """Some values are self-evident identifiers (e-mails in a list of tags): report the column.

        Only for identifiers that text mode reports without context, and only when nearly every
        value of the identifier's shape also passes its validator: a share at chance level (Luhn
        on order numbers) proves nothing.
        """
        tally = column.values.get(entity)
        if tally is None or not tally.valid:
            return None
        spec = self._spec(entity, tally)
        shaped = tally.candidates - tally.placeholder
        if spec.column != "values" or spec.scores.get(Outcome.STRONG, 0.0) < 0.5 or self._negative(column, spec):
            return None
        if tally.valid < self.limits.min_mixed or tally.valid / max(shaped, 1) < self.limits.ratio:
            return None
        share = tally.valid / column.non_null
        return self._candidate(
            spec, 0.7, "values", tally, tally.valid, column,
            f"{tally.valid:,} of {column.non_null:,} sampled values ({_pct(share)}) are valid "
            f"{_what(spec, tally)}; the other values are something else",
        )

    def _name_rule(self, column: ColumnStats, entity: str, _anchors: list[str]) -> _Candidate | None:
        """A telling name and values of the right shape (or none, or unparseable ones)."""
        spec = self._named(column, entity)
        if spec is None or self._negative(column, spec) or HASH_KEYS.matches(column.name):
            return None
        tally = column.values.get(entity, Tally())
        eligible = column.non_null - tally.placeholder
        shaped = tally.valid + tally.weak
        if eligible > 0 and shaped / eligible >= self.limits.name_ratio:
            share = shaped / eligible
            return self._candidate(
                spec, min(1.0, 0.6 + 0.35 * share), "values+name", tally, shaped, column,
                f"{_pct(share)} of {eligible:,} sampled values have the shape of {_what(spec, tally)}; "
                f"header {column.name!r} names it",
            )
        if column.non_null == 0:
            return self._candidate(
                spec, 0.6, "name", tally, 0, column,
                f"no values in the sample; header {column.name!r} names {spec.entity}",
            )
        if column.scientific / column.non_null >= self.limits.name_ratio:
            return self._candidate(
                spec, 0.6, "name", tally, column.scientific, column,
                f"{_pct(column.scientific / column.non_null)} of the values are in scientific notation "
                f"(cannot be validated); header {column.name!r} names {spec.entity}",
            )
        return None

    def _ner_rule(self, column: ColumnStats, entity: str, _anchors: list[str]) -> _Candidate | None:
        """Names or addresses (--ner): the share of values the NER tier tags as a whole, plus the header."""
        tally = column.ner.get(entity)
        if tally is None or column.ner_checked < self.limits.ner_min_values:
            return None
        share = tally.valid / column.ner_checked
        named = self._named(column, entity)
        if named is not None and not self._negative(column, named) and share >= self.limits.ner_named_ratio:
            score, evidence, header = min(1.0, 0.7 + 0.3 * share), "ner+name", f"; header {column.name!r} names it"
        elif share >= self.limits.ner_ratio:
            score, evidence, header = 0.5 + 0.4 * share, "ner", f"; header {column.name!r} gives no hint"
        else:
            return None
        what = "names" if entity == "PERSON" else "addresses or places"
        return self._candidate(
            self._spec(entity, None) if named is None else named, score, evidence, tally, tally.valid, column,
            f"the NER tier reads {_pct(share)} of {column.ner_checked:,} sampled values as {what}{header}",
        )

    def _hashed_rule(self, column: ColumnStats, entity: str, _anchors: list[str]) -> _Candidate | None:
        """``imei_md5``: the identifier, hashed (spec 1.6: same class and tier)."""
        spec = self._named(column, entity)
        if spec is None or not HASH_KEYS.matches(column.name) or column.non_null == 0:
            return None
        share = column.digests / column.non_null
        if share < self.limits.name_ratio:
            return None
        return _Candidate(
            spec, 0.75, "name", column.digests, share,
            f"{_pct(share)} of {column.non_null:,} sampled values are MD5/SHA digests; header {column.name!r} "
            f"says they are hashed {spec.entity} values (still personal data: the input space is small)",
            ("hashed",), column.preview, 0,
        )

    def _neighbour_rule(self, column: ColumnStats, entity: str, anchors: list[str]) -> _Candidate | None:
        """Shape-only identifiers (spec 1.5: Android ID, OAID, UUID ad IDs, IMSI) with no telling
        name, beside a column whose values prove device, subscriber or ad identifiers.

        A look-alike named as one (``span_id``, ``trace``, ``request_id``, ``sha256``) stays silent.
        """
        tally = column.values.get(entity)
        if tally is None or not anchors or column.name in anchors or entity not in _NEIGHBOURS:
            return None
        spec = self._spec(entity, tally)
        if spec.column != "header" or self._negative(column, spec) or COLUMN_NEGATIVES.matches(column.name):
            return None
        eligible = column.non_null - tally.placeholder
        shaped = tally.valid + tally.weak
        if eligible < self.limits.min_values or shaped / eligible < self.limits.ratio:
            return None
        share = shaped / eligible
        checked = tally.valid / eligible >= self.limits.ratio  # IMSI: a real MCC+MNC, not only the shape
        what = f"are valid {_what(spec, tally)}" if checked else f"have the shape of {_what(spec, tally)}"
        return self._candidate(
            spec, (0.7 if checked else 0.65) - 0.001 * _NEIGHBOURS.index(entity), "neighbour", tally, shaped, column,
            f"{_pct(share)} of {eligible:,} sampled values {what}; header {column.name!r} gives no hint, "
            f"but the table's column {anchors[0]!r} holds device identifiers",
        )

    def _coordinate_rule(self, column: ColumnStats, geo_pair: bool) -> _Candidate | None:
        """Latitude/longitude columns named as such, in a table that has both."""
        spec = self.specs.get(_GEO)
        side = axis(column.name)
        if spec is None or side is None or not geo_pair or column.non_null == 0:
            return None
        in_range = column.latitude if side == "lat" else column.longitude
        share = in_range / column.non_null
        if share < self.limits.ratio:
            return None
        precise = column.precise / column.non_null
        tags = () if precise >= 0.5 else ("coarse",)
        return _Candidate(
            spec, 0.85 if not tags else 0.65, "values+name", in_range, share,
            f"{_pct(share)} of {column.non_null:,} sampled values are {'latitudes' if side == 'lat' else 'longitudes'}"
            f" ({_pct(precise)} with 3+ decimals); header {column.name!r} and its "
            f"{'longitude' if side == 'lat' else 'latitude'} column make a position",
            tags, column.preview, 0,
        )

    def _text_rule(self, column: ColumnStats) -> list[_Candidate]:
        """Identifiers inside free-text values, rolled up to the column."""
        out = []
        for entity, tally in sorted(column.text.items(), key=lambda kv: -kv[1].valid):
            if not tally.valid or entity not in self.by_entity:
                continue
            share = tally.valid / column.non_null if column.non_null else 0.0
            out.append(self._candidate(
                self._spec(entity, tally), tally.max_score, "text", tally, tally.valid, column,
                f"found in {tally.valid:,} of {column.non_null:,} sampled values ({_pct(share)}) of free text",
            ))
        return out

    # ------------------------------------------------------------------ helpers

    def _candidate(
        self, spec: RecognizerSpec, score: float, evidence: str, tally: Tally, matches: int, column: ColumnStats,
        reason: str,
    ) -> _Candidate:
        """The contract's ratio is over all non-null values; the reason names the eligible ones."""
        ratio = matches / column.non_null if column.non_null else 0.0
        tags = tally.common_tags() if matches else ()
        return _Candidate(
            spec, score, evidence, matches, ratio, reason, tags, tally.preview or column.preview, tally.placeholder
        )

    def _header(self, column: ColumnStats, spec: RecognizerSpec) -> str:
        if self._named(column, spec.entity) is not None:
            return f"header {column.name!r} agrees"
        if self._negative(column, spec):
            return f"header {column.name!r} reads like a look-alike, but the values decide"
        return f"header {column.name!r} gives no hint"

    def _finding(self, found: _Candidate, column: ColumnStats, source: str, table: str) -> ColumnFinding:
        category, sensitivity = self.taxonomy.classify(found.spec.id, found.tags)
        return ColumnFinding(
            entity=found.spec.entity,
            score=round(found.score, 4),
            category=category,
            sensitivity=sensitivity,
            recognizer=found.spec.id,
            preview=found.preview,
            fingerprint=fingerprint(found.spec.entity, f"{source}#{table}.{column.name}", ""),
            source=source,
            table=table,
            field=column.name,
            rows_scanned=column.rows,
            matches=found.matches,
            ratio=found.ratio,
            reason=found.reason,
            evidence=found.evidence,
            tags=found.tags,
            placeholders=found.placeholders,
        )


def _pct(share: float) -> str:
    return f"{share:.0%}" if share < 0.995 or share == 1 else ">99%"


def _what(spec: RecognizerSpec, tally: Tally) -> str:
    placeholders = f", plus {tally.placeholder:,} placeholders" if tally.placeholder else ""
    return f"{spec.entity} values ({spec.validator} validator{placeholders})"
