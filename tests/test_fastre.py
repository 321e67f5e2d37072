"""The speed rewrites must not change what any bundled pattern matches."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from piiscan.fastre import core_expression, hoist_lookbehinds, strip_lookarounds
from piiscan.recognizers import load_recognizers

PATTERNS = [(s.id, p.regex, p.flags) for s in load_recognizers() for p in s.patterns]
# text made of the characters identifiers and their boundaries are built from
ALPHABET = st.sampled_from([*"0123456789abcdefABCDEF:-. _/,@+xX\n设号imeIMSsuc", "APA91b", "imei-", "89", "46"])


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?<![0-9A-Za-z])[0-9]{15}", r"[0-9](?<!(?:[0-9A-Za-z])[0-9])[0-9]{14}"),
        (r"(?<![0-9])(?P<v>[1-9][0-9]{5})", r"(?P<v>[1-9](?<!(?:[0-9])[1-9])[0-9]{5})"),
        (r"(?<![0-9A-Za-z])imei-[0-9]{15}", r"i(?<!(?:[0-9A-Za-z])i)mei-[0-9]{15}"),
        (r"(?<![0-9])[0-9]+x", r"[0-9](?<!(?:[0-9])[0-9])[0-9]*x"),
        (r"(?<![0-9A-Za-z])(?:a|b)x", r"(?<![0-9A-Za-z])(?:a|b)x"),  # alternation first: unchanged
        (r"(?<![0-9])[0-9]?x", r"(?<![0-9])[0-9]?x"),  # optional first atom: unchanged
    ],
)
def test_hoist_lookbehinds(pattern: str, expected: str) -> None:
    assert hoist_lookbehinds(pattern) == expected


def test_core_expression_anchors_token_edges() -> None:
    core = core_expression(r"(?<![0-9A-Za-z])(?P<v>[0-9]{15})(?![0-9A-Za-z])(?!\.[0-9])")
    assert core == r"(?:^|[^0-9A-Za-z])(?P<v>[0-9]{15})(?:[^0-9A-Za-z]|$)"
    assert strip_lookarounds(r"a(?=b)c(?<!d)e") == "ace"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?<![a-z])(?P<v>[a-z.]{1,64}@[a-z]+\.com)(?![a-z])", r"(?P<v>[a-z.]@[a-z]+\.com)(?:[^a-z]|$)"),
        (r"(?<![a-z])[a-z]{3,40}@x", r"[a-z]{3}@x"),
        (r"[a-z]+@x", r"[a-z]@x"),
        (r"[a-z]*@x", r"@x"),
        (r"(?<![0-9])[0-9]{15}(?![0-9])", r"(?:^|[^0-9])[0-9]{15}(?:[^0-9]|$)"),  # fixed width: kept
        (r"(?<![0-9])[0-9]{14,16}", r"(?:^|[^0-9])[0-9]{14,16}"),  # a short range: kept
        (r"(?:a|b)[a-z]{1,64}@x", r"(?:a|b)[a-z]{1,64}@x"),  # not a run first: kept
        (r"(?:[a-z]{1,64}|x)@x", r"(?:[a-z]{1,64}|x)@x"),  # alternation: kept
    ],
)
def test_shrunk_core_drops_long_leading_runs(pattern: str, expected: str) -> None:
    assert core_expression(pattern, shrink=True) == expected


@pytest.mark.parametrize(("rid", "pattern", "flags"), PATTERNS, ids=[f"{r}-{i}" for i, (r, *_) in enumerate(PATTERNS)])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(ALPHABET, max_size=60))
def test_rewrites_preserve_matches(rid: str, pattern: str, flags: int, pieces: list[str]) -> None:
    text = "".join(pieces)
    original = re.compile(pattern, flags)
    hoisted = re.compile(hoist_lookbehinds(pattern), flags)
    assert [m.span() for m in original.finditer(text)] == [m.span() for m in hoisted.finditer(text)]
    # the prefilter core finds every real match (it may find more)
    core = re.compile(core_expression(pattern), flags)
    core_spans = [m.span() for m in core.finditer(text)]
    for m in original.finditer(text):
        assert any(s <= m.start() and m.end() <= e for s, e in core_spans) or _core_matches_at(core, text, m)
    # the shrunk core (Hyperscan's) can end wherever a real match ends
    shrunk = re.compile(core_expression(pattern, shrink=True), flags)
    for m in original.finditer(text):
        assert any(shrunk.fullmatch(text, lo, m.end()) for lo in range(max(0, m.start() - 1), m.end())) or any(
            shrunk.fullmatch(text, lo, min(len(text), m.end() + 1)) for lo in range(max(0, m.start() - 1), m.end())
        )


def _core_matches_at(core: re.Pattern[str], text: str, m: re.Match[str]) -> bool:
    """Non-overlapping finditer can hide a core match; search from just before the match."""
    found = core.search(text, max(0, m.start() - 1))
    return found is not None and found.start() <= m.start() and m.end() <= found.end()
