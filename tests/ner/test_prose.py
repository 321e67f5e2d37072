"""Which text the NER tier sends to a model (piiscan.ner.prose): prose yes, code tokens and log formats no."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piiscan.ner.prose import MAX_SEGMENT, prose_segments, script_of


@pytest.mark.parametrize(
    ("piece", "script"),
    [
        ("Customer Maria Gonzalez called about a refund", "en"),
        ("Please ask James to call her back", "en"),
        ("客户张伟反馈，收货地址是北京市海淀区西二旗中路33号", "zh"),
        ("联系人欧阳娜娜已确认", "zh"),
        ("Started MainActivity pid 320", None),  # no function word: a log format
        ("ERROR Connection refused", None),
        ("UserService.getName() returned null for the user_id", None),  # code
        ("com.example.app", None),
        ("a1b2c3 d4e5f6 0x1234", None),
        ("短文本", None),
        ("", None),
    ],
)
def test_script_of(piece: str, script: str | None) -> None:
    assert script_of(piece) == script


def _pieces(text: str, path: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.script) for s in prose_segments(text, path)]


CASES = [
    pytest.param(
        "# Ticket\n\nCustomer Maria Gonzalez called about a refund.\nShe asked for a call back.\n\n"
        "```\nname = get()\n```\n",
        "notes.md",
        [("# Ticket\n\nCustomer Maria Gonzalez called about a refund.\nShe asked for a call back.", "en")],
        id="markdown-paragraphs-code-fence-skipped",
    ),
    pytest.param(
        "11-29 16:01:18.639 24673 24726 I Support: Ticket from Maria Gonzalez about the refund\n"
        "2024-01-01 12:00:00 INFO Started MainActivity in 320 ms\n",
        "app.log",
        [("Ticket from Maria Gonzalez about the refund", "en")],
        id="log-message-only",
    ),
    pytest.param(
        '// Written by John Appleseed for the Berlin office\npublic class Main { String name = "UserService"; }\n',
        "Main.java",
        [("Written by John Appleseed for the Berlin office", "en")],
        id="code-comment-not-code",
    ),
    pytest.param(
        '{"event":"ticket","note":"Maria called from the Berlin office about her order","user_id":42}\n',
        "events.jsonl",
        [("Maria called from the Berlin office about her order", "en")],
        id="json-free-text-value",
    ),
    pytest.param(
        'id,name,comment\n7,Maria,"She said the parcel went to her neighbour"\n',
        "export.csv",
        [("She said the parcel went to her neighbour", "en")],
        id="csv-free-text-cell",
    ),
    pytest.param(
        "备注：客户张伟反馈，收货地址是北京市海淀区西二旗中路33号\n",
        "tickets.txt",
        [("备注：客户张伟反馈，收货地址是北京市海淀区西二旗中路33号", "zh")],
        id="chinese-document",
    ),
    pytest.param("imei=490154203237518 oaid=abc\n", "device.log", [], id="structured-only"),
    pytest.param(
        '2024-11-29 10:00:03 WARN user "John Smith" failed login from 203.0.113.5\n',
        "auth.log",
        [('user "John Smith" failed login from 203.0.113.5', "en")],  # an IP address is no code
        id="log-message-after-time-and-level",
    ),
    pytest.param(
        "11-29 16:01:18.639 2345 2399 I ChatActivity: message from 张伟: 你好，我的快递还没到\n",
        "logcat.txt",
        [("message from 张伟: 你好，我的快递还没到", "zh")],
        id="logcat-message-after-tag",
    ),
    pytest.param(
        "Ship to:\nBarbara Yudina\n123 Oak Street Apt. 4\nSpringfield, IL 62704\n\nx = f(y) + g[z];\n",
        "letter.txt",
        [("Ship to:\nBarbara Yudina\n123 Oak Street Apt. 4\nSpringfield, IL 62704", "en")],
        id="address-block-without-function-words-but-no-code",
    ),
]


@pytest.mark.parametrize(("text", "path", "expected"), CASES)
def test_prose_segments(text: str, path: str, expected: list[tuple[str, str]]) -> None:
    assert _pieces(text, path) == expected


def test_long_prose_is_cut_into_bounded_segments() -> None:
    text = "Customer Maria Gonzalez called about the refund again. " * 400
    segments = prose_segments(text, "notes.txt")
    assert len(segments) > 1
    assert all(0 < s.end - s.start <= MAX_SEGMENT for s in segments)
    assert segments[0].start == 0 and segments[-1].end == len(text.rstrip("\n"))


@given(st.text(max_size=300), st.sampled_from(["a.md", "a.log", "a.py", "a.json", None]))
def test_segments_are_well_formed(text: str, path: str | None) -> None:
    last = -1
    for seg in prose_segments(text, path):
        assert 0 <= seg.start < seg.end <= len(text)
        assert seg.end - seg.start <= MAX_SEGMENT
        assert seg.start >= last  # in order, never overlapping
        last = seg.end
        assert seg.script in ("en", "zh")
