"""The NER tier: prose segments -> language taggers -> PERSON / LOCATION matches.

Built only with ``--ner`` (or ``ner: true`` in the config). The taggers (spaCy for English,
jieba plus rules for Chinese) load on first use, so a scan without Chinese prose never loads
jieba. The tier counts how much text it sent to the models, for the scan summary.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from piiscan.model import Match
from piiscan.ner.base import LONE_WORD, NerSpan, NerStats, NerUnavailable, Tagger
from piiscan.ner.prose import HAN, Segment, prose_segments

TaggerFactory = Callable[[], Tagger]


def _english() -> Tagger:
    from piiscan.ner.english import EnglishTagger

    return EnglishTagger()


def _chinese() -> Tagger:
    from piiscan.ner.chinese import ChineseTagger

    return ChineseTagger()


DEFAULT_TAGGERS: dict[str, TaggerFactory] = {"en": _english, "zh": _chinese}


@dataclass
class NerTier:
    """Finds PERSON and LOCATION in the prose of texts; one per process (taggers are heavy)."""

    min_score: float = 0.5
    entities: frozenset[str] | None = None
    factories: dict[str, TaggerFactory] = field(default_factory=lambda: dict(DEFAULT_TAGGERS))
    stats: NerStats = field(default_factory=NerStats)
    _taggers: dict[str, Tagger] = field(default_factory=dict)

    def tagger(self, script: str) -> Tagger:
        """The tagger for ``script`` (``en``/``zh``), built on first use; ``NerUnavailable`` if missing."""
        tagger = self._taggers.get(script)
        if tagger is None:
            tagger = self._taggers[script] = self.factories[script]()
        return tagger

    def check(self) -> None:
        """Build every tagger now (so a missing extra is reported before the scan starts)."""
        for script in self.factories:
            self.tagger(script)

    def wants(self, entity: str) -> bool:
        """True when ``entity`` is reported (``--entities`` may leave NER with nothing to do)."""
        return self.entities is None or entity in self.entities

    def active(self) -> bool:
        """False when ``--entities`` names neither PERSON nor LOCATION."""
        return self.wants("PERSON") or self.wants("LOCATION")

    def scan_text(self, text: str, path: str | None = None) -> list[Match]:
        """PERSON / LOCATION matches in the prose of ``text`` (offsets into ``text``)."""
        if not self.active():
            return []
        segments = prose_segments(text, path)
        return self.scan_segments(text, segments)

    def scan_segments(self, text: str, segments: Sequence[Segment]) -> list[Match]:
        """Tag the given segments of ``text`` (grouped per tagger, batched).

        A segment goes to its script's tagger, and also to the other one when it mixes scripts
        (``message from 张伟`` in an English log line, ``客户 Maria Gonzalez 反馈`` in Chinese).
        """
        if not segments:
            return []
        self.stats.texts += 1
        self.stats.segments += len(segments)
        self.stats.chars += sum(s.end - s.start for s in segments)
        spans: list[tuple[int, NerSpan]] = []
        for script in ("en", "zh"):
            mine = [s for s in segments if s.script == script or _mixed(text[s.start : s.end], script)]
            if not mine:
                continue
            pieces = [text[s.start : s.end] for s in mine]
            tagged = self.tagger(script).tag_many(
                [_for_model(p, script) if s.fragment else p for s, p in zip(mine, pieces, strict=True)]
            )
            for seg, piece, found in zip(mine, pieces, tagged, strict=True):
                spans.extend(
                    (seg.start, _clipped(span, len(piece)))
                    for span in found
                    if self._keep(span) and not (seg.fragment and LONE_WORD in span.reasons)
                )
        return [self._match(text, offset, span) for offset, span in _best_of_overlaps(spans)]

    def tag_values(self, values: Sequence[str]) -> list[list[NerSpan]]:
        """Tag short values (column cells) whole, each by its script; spans below ``min_score`` dropped."""
        out: list[list[NerSpan]] = [[] for _ in values]
        by_script: dict[str, list[int]] = {}
        for index, value in enumerate(values):
            by_script.setdefault(_value_script(value), []).append(index)
        for script, indexes in by_script.items():
            tagged = self.tagger(script).tag_many([values[i] for i in indexes])
            for index, spans in zip(indexes, tagged, strict=True):
                out[index] = [s for s in spans if self._keep(s)]
        self.stats.chars += sum(len(v) for v in values)
        self.stats.segments += len(values)
        return out

    def _keep(self, span: NerSpan) -> bool:
        return span.score >= self.min_score and self.wants(span.entity)

    @staticmethod
    def _match(text: str, offset: int, span: NerSpan) -> Match:
        start, end = offset + span.start, offset + span.end
        value = text[start:end]
        return Match(
            entity=span.entity, recognizer=span.recognizer, start=start, end=end, score=round(span.score, 4),
            value=value, normalized=" ".join(value.split()).casefold(), reasons=("ner", *span.reasons),
        )


def merge(regex: list[Match], ner: list[Match]) -> list[Match]:
    """The regex tier's matches plus the NER matches that do not contradict them, in text order.

    A model span is dropped when it overlaps a regex finding of its own entity (a name under a
    ``name`` key keeps its validated finding) or lies inside any regex finding (a "name" inside an
    e-mail address); an address that contains a phone number keeps both findings.
    """
    if not ner:
        return regex
    ordered = sorted(regex, key=lambda m: m.start)
    starts = [m.start for m in ordered]
    reach = list(accumulate((m.end for m in ordered), max))  # furthest end among the first k matches
    kept = list(regex)
    for m in ner:
        i = bisect_left(starts, m.end)  # ordered[:i] start before the NER span ends
        if i and reach[i - 1] > m.start and _contradicted(m, ordered[:i]):
            continue
        kept.append(m)
    kept.sort(key=lambda m: (m.start, m.end))
    return kept


def _contradicted(span: Match, before: list[Match]) -> bool:
    for r in reversed(before):
        if r.end > span.start and (r.entity == span.entity or (r.start <= span.start and span.end <= r.end)):
            return True
    return False


_CAPITALISED_WORD = re.compile(r"(?<![A-Za-z])[A-Z][a-z]+")


def _mixed(piece: str, script: str) -> bool:
    """``piece`` (of the other script) also holds text for ``script``'s tagger."""
    if script == "zh":
        return len(HAN.findall(piece)) >= 2
    return len(_CAPITALISED_WORD.findall(piece)) >= 2


def _for_model(piece: str, script: str) -> str:
    """What the model reads of a fragment: English made to look like a sentence (a capital first
    letter, a full stop at the end): the small model misses "refund approved for Olivia Brown" but
    not "Refund approved for Olivia Brown." Offsets stay those of ``piece``."""
    if script != "en" or not piece:
        return piece
    fixed = piece[0].upper() + piece[1:] if len(piece[0].upper()) == 1 else piece
    return fixed if fixed.rstrip().endswith((".", "!", "?", "。")) else fixed + "."


def _clipped(span: NerSpan, length: int) -> NerSpan:
    return span if span.end <= length else span._replace(end=length)


def _best_of_overlaps(spans: list[tuple[int, NerSpan]]) -> list[tuple[int, NerSpan]]:
    """Where the two taggers' spans overlap, the higher score wins (then the longer span)."""
    ranked = sorted(spans, key=lambda item: (-item[1].score, item[1].start - item[1].end))
    kept: list[tuple[int, int]] = []
    out = []
    for offset, span in ranked:
        lo, hi = offset + span.start, offset + span.end
        if lo >= hi or any(a < hi and lo < b for a, b in kept):
            continue
        kept.append((lo, hi))
        out.append((offset, span))
    return sorted(out, key=lambda item: item[0] + item[1].start)


def _value_script(value: str) -> str:
    return "zh" if HAN.search(value) else "en"


def build_tier(min_score: float, entities: Sequence[str] = ()) -> NerTier:
    """A tier whose taggers are all loadable, or ``NerUnavailable`` naming what to install."""
    tier = NerTier(min_score=min_score, entities=frozenset(e.upper() for e in entities) or None)
    if tier.active():
        tier.check()
    return tier


__all__ = ["NerStats", "NerTier", "NerUnavailable", "build_tier", "merge"]
