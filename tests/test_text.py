from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piiscan.text import LineIndex, normalize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain ascii 490154203237518", "plain ascii 490154203237518"),
        ("ＩＭＥＩ：４９０１５４２０３２３７５１８", "IMEI:490154203237518"),
        ("设备IMEI号490154203237518，", "设备IMEI号490154203237518,"),
        ("ﬁle ①", "file 1"),
    ],
)
def test_normalize_text(text: str, expected: str) -> None:
    assert normalize(text).text == expected


def test_offsets_map_back_to_full_width_digits() -> None:
    text = "号码：４９０１５４２０３２３７５１８。"
    norm = normalize(text)
    start = norm.text.index("490154203237518")
    orig = norm.to_original(start, start + 15)
    assert text[orig[0] : orig[1]] == "４９０１５４２０３２３７５１８"


def test_expanded_character_maps_to_whole_original() -> None:
    text = "aﬁb"
    norm = normalize(text)
    assert norm.text == "afib"
    assert norm.to_original(1, 3) == (1, 2)


@given(st.text())
def test_offset_map_is_monotonic_and_bounded(text: str) -> None:
    norm = normalize(text)
    for i in range(len(norm.text) + 1):
        start, end = norm.to_original(0, i)
        assert 0 <= start <= end <= len(text)


@pytest.mark.parametrize(
    ("offset", "expected"), [(0, (1, 1)), (3, (1, 4)), (4, (2, 1)), (6, (3, 1)), (7, (3, 2))]
)
def test_line_index(offset: int, expected: tuple[int, int]) -> None:
    assert LineIndex("abc\nd\nef").locate(offset) == expected
