from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piiscan.context import ContextRules, Lexicon, find_key, find_key_slow, key_tokens


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
