"""Context evidence: keys (JSON keys, ``k=v``, headers, CSV columns), context words, negatives.

Key names are the strongest context (spec 1.4): ``"android_id": "…"`` or ``imei=…``.
Keys are compared on tokens, so ``deviceImei``, ``device-imei`` and ``DEVICE_IMEI`` all
contain the token ``imei``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

#: Spec 1.4 negative context: hashes, tracing, orders, versions, timestamps.
GLOBAL_NEGATIVES: tuple[str, ...] = (
    "sha", "sha1", "sha256", "sha512", "md5", "hash", "digest", "checksum", "crc", "commit", "rev",
    "revision", "etag", "nonce", "salt", "trace_id", "traceid", "span_id", "spanid", "traceparent",
    "request_id", "requestid", "correlation_id", "uuid", "guid", "order", "order_id", "订单", "订单号",
    "流水号", "交易号", "运单号", "快递单号", "发票", "tracking", "invoice", "version", "版本", "build",
    "timestamp", "ts", "时间戳", "sku", "isbn", "ean", "x-b3-spanid", "x-b3-traceid", "x-request-id",
    "session_id", "event_id", "message_id", "msg_id",
)

#: hash words in a key that also names an identifier (``imei_md5``) mark a hashed identifier (spec 1.6)
HASH_WORDS: tuple[str, ...] = ("md5", "sha", "sha1", "sha256", "sha512", "hash", "hashed", "digest")

_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+|[^\x00-\x7f]+")

#: Separators that end one key/value pair in structured text; context does not cross them.
_SEGMENT_BREAK = re.compile(r"""["'\]}]\s*,|[{;&|\t]""")
_SEGMENT_BREAK_REVERSED = re.compile(r""",\s*["'\]}]|[{;&|\t]""")  # the same, written backwards


def key_tokens(key: str) -> tuple[str, ...]:
    """Split a key into lower-case tokens: ``deviceImei`` -> ``("device", "imei")``."""
    return tuple(t.lower() for t in _CAMEL.findall(key))


def _joined_forms(tokens: tuple[str, ...]) -> set[str]:
    forms: set[str] = set()
    for i in range(len(tokens)):
        for j in range(i + 1, len(tokens) + 1):
            forms.add("".join(tokens[i:j]))
    return forms


@dataclass(frozen=True, slots=True)
class Lexicon:
    """A set of key names matched on contiguous token runs (``android_id`` ~ ``androidId``)."""

    joined: frozenset[str]
    cjk: tuple[str, ...]
    #: entries written ``=name``: the whole key must be this word (``name``, not ``file_name``)
    exact: frozenset[str] = frozenset()

    @classmethod
    def build(cls, words: Iterable[str]) -> Lexicon:
        """Compile key names; CJK names match as substrings of the key, ``=word`` only as the whole key."""
        joined: set[str] = set()
        exact: set[str] = set()
        cjk: list[str] = []
        for word in words:
            if word.startswith("="):
                exact.add("".join(key_tokens(word[1:])))
            elif word.isascii():
                joined.add("".join(key_tokens(word)))
            else:
                cjk.append(word.lower())
        return cls(frozenset(joined), tuple(cjk), frozenset(exact))

    @lru_cache(maxsize=65536)  # noqa: B019 - lexicons live as long as the engine; keys repeat a lot
    def matches(self, key: str) -> bool:
        """True when some contiguous run of ``key``'s tokens is a lexicon entry (or all of them an exact one)."""
        if not key:
            return False
        lowered = key.lower()
        if any(word in lowered for word in self.cjk):
            return True
        tokens = key_tokens(key)
        if self.exact and "".join(tokens) in self.exact:
            return True
        return not self.joined.isdisjoint(_joined_forms(tokens))

    @lru_cache(maxsize=65536)  # noqa: B019 - as above
    def tail_after(self, key: str) -> str:
        """The tokens of ``key`` after its first matching run, joined with ``_`` ("" if none).

        Compound keys put the head noun last: in ``imei_md5`` the value is an MD5 (of an IMEI),
        in ``serialVersionUID`` a version id, while ``Build.SERIAL`` is a serial.
        """
        tokens = key_tokens(key)
        for i in range(len(tokens)):
            joined = ""
            for j in range(i, len(tokens)):
                joined += tokens[j]
                if joined in self.joined:
                    return "_".join(tokens[j + 1 :])
        return ""


def nearer(first: int | None, second: int | None) -> int | None:
    """The smaller of two gaps, either of which may be missing (``None``)."""
    if first is None:
        return second
    return first if second is None or first < second else second


_ASCII_TOKEN = re.compile(r"[a-z0-9]+")
_GAP = "[^a-z0-9]*"  # what may separate the tokens of a phrase in text ("installation_id", "serial number")


def _phrase_pattern(tokens: list[str]) -> str:
    return _GAP.join(re.escape(t) for t in tokens)


class WordSet:
    """Context words matched on whole tokens of lower-cased text.

    ASCII words and phrases match on runs of whole tokens (``mac`` hits "the MAC address" but
    not "macOS"; ``installation id`` also hits "installation_id" and "installationid"); other
    words (Chinese) match as substrings.

    Two equivalent ways find the nearest word. The first calls walk the text's tokens (nothing
    to compile: a pre-commit hook scanning a few files asks only a few questions); once a set
    has been asked ``_COMPILE_AFTER`` times it compiles all its words into one regex, and a
    second over the reversed text for the word nearest to the end (one anchored search per
    question). A test checks that both give the same answers.
    """

    __slots__ = ("_asked", "_backward", "_cjk", "_forward", "_longest", "_phrases", "_words")

    def __init__(self, words: tuple[str, ...]) -> None:
        self._words = words
        self._forward: re.Pattern[str] | None = None
        self._backward: re.Pattern[str] | None = None
        self._asked = 0
        #: joined phrase -> the token boundaries (offsets into it) of each phrase that joins to it
        self._phrases: dict[str, list[frozenset[int]]] = {}
        self._longest = 1
        cjk: set[str] = set()
        for tokens in self._ascii_phrases():
            joined, cuts, offset = "".join(tokens), set(), 0
            for token in tokens[:-1]:
                offset += len(token)
                cuts.add(offset)
            self._phrases.setdefault(joined, []).append(frozenset(cuts))
            self._longest = max(self._longest, len(tokens))
        for word in words:
            if not word.lower().isascii():
                cjk.add(word.lower())
        self._cjk = tuple(sorted(cjk))

    def _ascii_phrases(self) -> list[tuple[str, ...]]:
        phrases: set[tuple[str, ...]] = set()
        for word in self._words:
            lowered = word.lower()
            if lowered.isascii():
                tokens = _ASCII_TOKEN.findall(lowered)
                if tokens:
                    phrases.add(tuple(tokens))
        return sorted(phrases)

    @classmethod
    def build(cls, words: Iterable[str]) -> WordSet:
        """Index ``words`` (any case)."""
        return cls(tuple(words))

    def compile(self) -> None:
        """Compile the word regexes now rather than after ``_COMPILE_AFTER`` questions (idempotent)."""
        if self._forward is None:
            self._compile()

    def _compile(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        phrases = self._ascii_phrases()
        forward = [_phrase_pattern(list(t)) for t in phrases]
        backward = [_phrase_pattern([token[::-1] for token in reversed(t)]) for t in phrases]
        edge_in, edge_out = "(?<![a-z0-9])(?:", ")(?![a-z0-9])"
        parts_f = [f"{edge_in}{'|'.join(forward)}{edge_out}"] if forward else []
        parts_b = [f"{edge_in}{'|'.join(backward)}{edge_out}"] if backward else []
        parts_f += [re.escape(w) for w in self._cjk]
        parts_b += [re.escape(w[::-1]) for w in self._cjk]
        never = "(?!)"
        self._forward = re.compile("|".join(parts_f) or never)
        self._backward = re.compile("|".join(parts_b) or never)
        return self._forward, self._backward

    def distance(self, lowered: str, *, from_end: bool) -> int | None:
        """Characters between the nearest word and the start (or the end) of ``lowered``.

        ``None`` when no word occurs. Used to let the closer of a context word and a negative
        word decide ("IMEI …；手机号13804509961": 手机号 is nearer than IMEI).
        """
        if not lowered:
            return None
        if self._forward is None:
            self._asked += 1
            if self._asked <= _COMPILE_AFTER:
                return self.token_distance(lowered, from_end=from_end)
            self._compile()
        forward, backward = self._forward, self._backward
        assert forward is not None and backward is not None
        found = backward.search(lowered[::-1]) if from_end else forward.search(lowered)
        return None if found is None else found.start()

    def nearest(self, left: str, right: str) -> int | None:
        """Gap to the nearest word: in ``left`` counted back from its end, in ``right`` from its start."""
        forward, backward = self._forward, self._backward
        if forward is None or backward is None:  # not compiled yet: ask word by word
            return nearer(self.distance(left, from_end=True), self.distance(right, from_end=False))
        before = backward.search(left[::-1]) if left else None
        after = forward.search(right) if right else None
        return nearer(before.start() if before else None, after.start() if after else None)

    def token_distance(self, lowered: str, *, from_end: bool) -> int | None:
        """:meth:`distance` by walking tokens (no regex to compile)."""
        best: int | None = None
        for word in self._cjk:
            at = lowered.rfind(word) if from_end else lowered.find(word)
            if at != -1:
                gap = len(lowered) - (at + len(word)) if from_end else at
                best = gap if best is None or gap < best else best
        spans = [(m.start(), m.end()) for m in _ASCII_TOKEN.finditer(lowered)]
        phrases, longest = self._phrases, self._longest
        for i in range(len(spans)):
            joined, cuts = "", set()
            for j in range(i, min(len(spans), i + longest)):
                if j > i:
                    cuts.add(len(joined))
                joined += lowered[spans[j][0] : spans[j][1]]
                allowed = phrases.get(joined)
                # a text token may not split a phrase token ("install ation id" is no "installation id")
                if allowed is not None and any(cuts <= boundaries for boundaries in allowed):
                    gap = len(lowered) - spans[j][1] if from_end else spans[i][0]
                    best = gap if best is None or gap < best else best
        return best


#: questions a word set answers by walking tokens before it compiles its regexes
_COMPILE_AFTER = 256


HASH_KEYS = Lexicon.build(HASH_WORDS)


_GLOBAL_NEGATIVE_WORDS = WordSet.build(GLOBAL_NEGATIVES)


@lru_cache(maxsize=64)
def _negatives(extra: tuple[str, ...]) -> tuple[WordSet | None, Lexicon]:
    """A recognizer's own negative words (``None`` without any), and all its negatives as a key lexicon.

    The global words are one shared :class:`WordSet`: every recognizer asks it, so it compiles
    once rather than once per recognizer.
    """
    return (WordSet.build(extra) if extra else None), Lexicon.build((*GLOBAL_NEGATIVES, *extra))


class ContextRules:
    """Context evidence of one recognizer: key lexicon, context words and negative words."""

    __slots__ = ("_own_negatives", "keys", "negative_keys", "words")

    def __init__(self, keys: Iterable[str], words: Iterable[str], negatives: Iterable[str] = ()) -> None:
        self.keys = Lexicon.build(keys)
        self.words = WordSet.build(words)
        own, lexicon = _negatives(tuple(sorted(negatives)))
        self._own_negatives = own
        #: negative words as a key lexicon (``span_id``, ``sha256`` ...)
        self.negative_keys = lexicon

    def word_gap(self, left: str, right: str) -> int | None:
        """Characters between the value and the nearest context word in ``left``/``right`` (lower-cased)."""
        return self.words.nearest(left, right)

    def negative_gap(self, left: str, right: str) -> int | None:
        """Characters between the value and the nearest negative word in ``left``/``right``."""
        shared = _GLOBAL_NEGATIVE_WORDS.nearest(left, right)
        own = self._own_negatives
        if own is None:
            return shared
        return nearer(shared, own.nearest(left, right))

    def compile(self) -> None:
        """Compile the word regexes now (a long scan asks them thousands of questions)."""
        self.words.compile()
        _GLOBAL_NEGATIVE_WORDS.compile()
        if self._own_negatives is not None:
            self._own_negatives.compile()


#: A key right before a value (``"key": "``, ``key=``, ``key: ``, ``<key>``, ``IMEI号：``, code such as
#: ``put("key", "``), written backwards and matched on the reversed prefix: one anchored attempt
#: instead of a search from every position (this runs once per candidate site). The forward form
#: it mirrors is in tests/test_context.py, which checks that both agree.
_KEY_BEFORE_REVERSED = re.compile(
    r"""(?:
        (?:\s{0,2}["'\[(])?\s{0,3}(?:>=|>-|[:=])[ \t]{0,24}["']?
        (?P<key>[\w.\-\u4e00-\u9fff]{0,60}[A-Za-z_\u4e00-\u9fff])
      | >(?:[^<>]{0,80}\s)?(?P<tag>[\w:.\-]{0,60}[A-Za-z_])<
      | ["']?\s{0,3}(?:,|\sot\s)\s{0,3}["'](?P<arg>[\w.\-]{0,60}[A-Za-z_])["']
    )""",
    re.VERBOSE,
)


def find_key(text: str, line_start: int, value_start: int) -> tuple[str, int] | None:
    """The key written right before a value on its line, and where the key starts."""
    lo = max(line_start, value_start - 96)
    reversed_prefix = text[lo:value_start][::-1]
    found = _KEY_BEFORE_REVERSED.match(reversed_prefix)
    if found is None:
        return None
    for group in ("key", "tag", "arg"):
        key = found.group(group)
        if key:
            return key[::-1], value_start - found.end(group)
    return None


def segment_start(text: str, lo: int, hi: int) -> int:
    """Start of the key/value segment ending at ``hi``: after the last structural separator.

    The last separator is the first one found in the reversed window (one search instead of
    walking every separator; tests/test_context.py checks both agree).
    """
    found = _SEGMENT_BREAK_REVERSED.search(text[lo:hi][::-1])
    return lo if found is None else hi - found.start()


def segment_end(text: str, lo: int, hi: int) -> int:
    """End of the key/value segment starting at ``lo``: before the next structural separator."""
    found = _SEGMENT_BREAK.search(text, lo, hi)
    return found.start() if found else hi
