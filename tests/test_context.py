from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.context import _SEGMENT_BREAK, ContextRules, Lexicon, find_key, key_tokens, segment_start


@pytest.mark.parametrize(
    ("key", "tokens"),
    [
        ("deviceImei", ("device", "imei")),
        ("DEVICE_IMEI", ("device", "imei")),
        ("x-b3-spanid", ("x", "b", "3", "spanid")),
        ("IMEI1", ("imei", "1")),
        ("设备IMEI号", ("设备", "imei", "号")),
        ("getSimSerialNumber", ("get", "sim", "serial", "number")),
    ],
)
def test_key_tokens(key: str, tokens: tuple[str, ...]) -> None:
    assert key_tokens(key) == tokens


@pytest.mark.parametrize(
    ("key", "hit"),
    [
        ("android_id", True),
        ("androidId", True),
        ("ANDROIDID", True),
        ("device.android_id", True),
        ("android", False),
        ("span_id", False),
        ("安卓ID", True),
    ],
)
def test_lexicon_matches_token_runs(key: str, hit: bool) -> None:
    assert Lexicon.build(["android_id", "ssaid", "安卓ID"]).matches(key) is hit


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('{"imei":"490154203237518"}', "imei"),
        ("imei=490154203237518", "imei"),
        ("IMEI: 490154203237518", "IMEI"),
        ("X-Device-Id: 490154203237518", "X-Device-Id"),
        ("<imei>490154203237518", "imei"),
        ('"coordinates":[116.397428', "coordinates"),
        ("设备IMEI号:490154203237518", "设备IMEI号"),
        ("the number 490154203237518", None),
    ],
)
def test_find_key(text: str, key: str | None) -> None:
    start = max(text.find("490154203237518"), text.find("116.397428"))
    found = find_key(text, 0, start)
    assert (found[0] if found else None) == key


def test_context_words_respect_ascii_boundaries() -> None:
    rules = ContextRules(["mac"], ["MAC", "hardware address"], [])
    assert rules.word_gap("the mac address", "") is not None
    assert rules.word_gap("its hardware-address is", "") is not None
    assert rules.word_gap("macos machine", "") is None
    assert rules.negative_gap("order id", "") is not None
    assert rules.negative_gap("border", "") is None


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('map.put("imei", "490154203237518', "imei"),
        ('mapOf("imei" to "490154203237518', "imei"),
        ('"android_id", "490154203237518', "android_id"),
    ],
)
def test_find_key_in_code(text: str, key: str) -> None:
    found = find_key(text, 0, len(text) - 15)
    assert found is not None and found[0] == key


KEYISH = st.sampled_from(
    ['"', "'", ":", "=", " ", "imei", "deviceId", "设备IMEI号", "<imei>", "<tag a='1'>", ",", " to ", "[", "(",
     "=>", "->", "_", "-", ".", "x", "1", "\t", "{", "put(", "：", "key"]
)


@given(st.lists(KEYISH, max_size=25))
def test_fast_find_key_equals_reference(pieces: list[str]) -> None:
    text = "".join(pieces) + "490154203237518"
    start = len(text) - 15
    assert find_key(text, 0, start) == find_key_slow(text, 0, start)


#: The forward form of the key regex the engine runs reversed: readable, and the reference for it.
KEY_BEFORE = re.compile(
    r"""(?:
        (?P<key>[A-Za-z_\u4e00-\u9fff][\w.\-\u4e00-\u9fff]{0,60}?)["']?[ \t]{0,24}(?:=>|->|[:=])\s{0,3}
        (?:["'\[(]\s{0,2})?
      | <(?P<tag>[A-Za-z_][\w:.\-]{0,60})(?:\s[^<>]{0,80})?>
      | ["'](?P<arg>[A-Za-z_][\w.\-]{0,60})["']\s{0,3}(?:,|\sto\s)\s{0,3}["']?
    )$""",
    re.VERBOSE,
)


def find_key_slow(text: str, line_start: int, value_start: int) -> tuple[str, int] | None:
    """Reference for :func:`piiscan.context.find_key`: a forward search, anchored at the value."""
    lo = max(line_start, value_start - 96)
    found = KEY_BEFORE.search(text[lo:value_start])
    if found is None:
        return None
    for group in ("key", "tag", "arg"):
        key = found.group(group)
        if key:
            return key, lo + found.start(group)
    return None


_WORD_PIECES = st.sampled_from([
    "imei", "mac", "serial", "number", "installation", "id", "android", "ad", "sn", " ", "_", "-", ":", "=",
    "设备", "串号", "手机号", "x", "7", "ation", "install", ".", "/",
])


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(_WORD_PIECES, max_size=14), from_end=st.booleans())
def test_token_walk_and_compiled_regex_agree(pieces: list[str], from_end: bool) -> None:
    from piiscan.context import WordSet

    words = WordSet.build(["IMEI", "serial number", "installation id", "Android ID", "ad id", "SN", "串号", "手机号"])
    text = "".join(pieces)
    walked = words.token_distance(text, from_end=from_end)
    forward, backward = words._compile()
    found = backward.search(text[::-1]) if from_end else forward.search(text)
    assert walked == (None if found is None else found.start())


def _last_separator_end(text: str, lo: int, hi: int) -> int:
    """segment_start by its definition: the end of the last separator match in the window."""
    last = lo
    for separator in _SEGMENT_BREAK.finditer(text, lo, hi):
        last = separator.end()
    return last


@given(st.text(alphabet=st.sampled_from([*"ab1 ,;&|{}[]\"'\t:=", "号"]), max_size=40), st.data())
def test_segment_start_finds_the_last_separator(text: str, data: st.DataObject) -> None:
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    assert segment_start(text, lo, hi) == _last_separator_end(text, lo, hi)
