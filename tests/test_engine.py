"""Engine behaviour: evidence model, shape collisions (spec 1.7), text hygiene, offsets."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from piiscan.engine import Engine


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.default()


def _found(engine: Engine, text: str, path: str | None = None) -> list[tuple[str, str]]:
    return [(m.entity, m.value) for m in engine.scan_text(text, path)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a Luhn-valid 15-digit number after "IMEI" is an IMEI, never a card (Presidio's bug)
        ("IMEI: 490154203237518", [("IMEI", "490154203237518")]),
        ("352099001761481", [("IMEI", "352099001761481")]),
        # CJK-safe boundaries and full-width digits
        ("设备IMEI号490154203237518，请核对", [("IMEI", "490154203237518")]),
        ("串号：４９０１５４２０３２３７５１８。", [("IMEI", "４９０１５４２０３２３７５１８")]),
        # key names are the strongest context, also in minified JSON
        ('{"ts":1,"oaid":"2e66865617a9bf39","v":2}', [("OAID", "2e66865617a9bf39")]),
        ('{"android_id":"0add995fe0a8dd1f"}', [("ANDROID_ID", "0add995fe0a8dd1f")]),
        (
            '{"gaid":"cdda802e-fb9c-47ad-9866-0794d394c912"}',
            [("ADVERTISING_ID", "cdda802e-fb9c-47ad-9866-0794d394c912")],
        ),
        ("client_ip=36.112.10.5", [("IP_ADDRESS", "36.112.10.5")]),
        ("卡号6217001742180965", [("CREDIT_CARD", "6217001742180965")]),
        ("身份证号码：110102199101010078，", [("CN_RESIDENT_ID", "110102199101010078")]),
    ],
)
def test_detects(engine: Engine, text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(engine, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # request-id UUIDs are not advertising IDs
        '{"request_id":"cdda802e-fb9c-47ad-9866-0794d394c912"}',
        "X-Request-Id: cdda802e-fb9c-47ad-9866-0794d394c912",
        # OpenTelemetry span ids are not Android IDs
        '{"span_id":"0add995fe0a8dd1f"}',
        "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        # version strings are not IP addresses
        "version 1.2.3.4",
        '"contentVersion": "1.0.0.0"',
        # digests, order numbers, bare shape-only values
        "sha256:9f2b8837b90d87f73da0a1c9c7df4f6c3741a24c85a74c7088f48bc914420944",
        "0add995fe0a8dd1f",
        # placeholders are not findings
        '{"gaid":"00000000-0000-0000-0000-000000000000"}',
        "wifi mac 02:00:00:00:00:00",
        '{"android_id":"9774d56d682e549c"}',
        "card 4111111111111111",
        "IMEI 004999010640000",
        "IMEI: 490154203237519",
    ],
)
def test_look_alikes_are_not_reported(engine: Engine, text: str) -> None:
    assert _found(engine, text) == []


def test_csv_header_gives_the_key(engine: Engine) -> None:
    text = "user,android_id,note\nbob,0add995fe0a8dd1f,hello\n"
    assert _found(engine, text, "export.csv") == [("ANDROID_ID", "0add995fe0a8dd1f")]
    assert _found(engine, text, "export.txt") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the column named by a key is read on every row, quoted or not; the same shape elsewhere is not
        ('user,android_id,trace\nbob,"0add995fe0a8dd1f",5e20583b305822f5\namy,9f3b2c1d4e5a6b7c,c225e06fc584c778\n',
         [("ANDROID_ID", "0add995fe0a8dd1f"), ("ANDROID_ID", "9f3b2c1d4e5a6b7c")]),
        # a context word in a neighbouring cell still counts
        ("user,note,value\nbob,android id,9f3b2c1d4e5a6b7c\n", [("ANDROID_ID", "9f3b2c1d4e5a6b7c")]),
        # rows shorter than the header, and a last row without a newline
        ("user,android_id\nbob\namy,9f3b2c1d4e5a6b7c", [("ANDROID_ID", "9f3b2c1d4e5a6b7c")]),
    ],
)
def test_csv_columns_named_by_a_key(engine: Engine, text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(engine, text, "export.csv") == expected


def test_offsets_point_into_the_original_text(engine: Engine) -> None:
    text = "第一行\n用户的串号：４９０１５４２０３２３７５１８，谢谢"
    (match,) = engine.scan_text(text)
    assert text[match.start : match.end] == "４９０１５４２０３２３７５１８"
    assert match.normalized == "490154203237518"


def test_negative_context_lowers_the_score(engine: Engine) -> None:
    plain = engine.scan_text("android id 0add995fe0a8dd1f")
    assert plain and plain[0].entity == "ANDROID_ID"
    assert engine.scan_text("android id sha 0add995fe0a8dd1f") == []


def test_placeholders_on_request(engine: Engine) -> None:
    loud = Engine(engine.specs, include_placeholders=True)
    (match,) = loud.scan_text('{"gaid":"00000000-0000-0000-0000-000000000000"}')
    assert match.placeholder and match.score == 0


def test_entities_filter(engine: Engine) -> None:
    only_ip = Engine(engine.specs, entities=["IP_ADDRESS"])
    assert _found(only_ip, "IMEI 352099001761481 from 36.112.10.5") == [("IP_ADDRESS", "36.112.10.5")]


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_scanning_arbitrary_text_never_raises(engine: Engine, text: str) -> None:
    for match in engine.scan_text(text):
        assert 0 <= match.start < match.end <= len(text)
        assert 0.0 <= match.score <= 1.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"imei_md5":"352099001761481"', [("IMEI", ("hashed",))]),
        ("md5_imei=352099001761481", [("IMEI", ("hashed",))]),
        ("Build.SERIAL=MP7Y25D013929567 ro.build.id", [("DEVICE_SERIAL", ())]),
        ("private static final long serialVersionUID = 3070751679311878447L;", []),
    ],
)
def test_compound_keys(engine: Engine, text: str, expected: list[tuple[str, tuple[str, ...]]]) -> None:
    """Hash words anywhere in an identifier key mark a hashed identifier; other negatives count after it."""
    assert [(m.entity, tuple(sorted(m.tags))) for m in engine.scan_text(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        # look-alikes met in real code (a scan of a Python installation's site-packages)
        '"Score": 0.3674522042274475',  # a decimal fraction is no card number
        "arn:aws:greengrass:us-west-2:675946970638:components",  # 12-digit account id, Luhn by chance
        "Return a Tuple[str, int] e.g., ['7.1.4.34', 1806]",  # version, not an IP
        'According to the HTML5 specs sections "8.2.4.44 Bogus',
        "# Serial: 80544274841616\n# MD5 Fingerprint",  # certificate serial, not a device
        "instance_id:\n    instance = self.ec2_backend.get_instance(instance_id)",
        "ExtendedContext.quantize(Decimal('+35236450.6'), Decimal('1e+2'))",
        'ssn : 111-22-3333',
    ],
)
def test_real_code_look_alikes(engine: Engine, text: str) -> None:
    assert _found(engine, text) == []


def test_context_first_changes_no_result() -> None:
    """Patterns marked needs_context skip the validator without a key or context word; nothing else changes."""
    from pathlib import Path

    from piiscan.engine import Engine

    root = Path(__file__).resolve().parent.parent / "samples" / "repo"
    texts = [(str(p), p.read_text(encoding="utf-8", errors="replace")) for p in sorted(root.rglob("*")) if p.is_file()]
    gated, plain = Engine.default(), Engine.default()
    plain.context_first = False
    for min_score in (0.5, 0.3):
        gated.min_score = plain.min_score = min_score
        for path, text in texts:
            assert gated.scan_text(text, path) == plain.scan_text(text, path), path


def test_needs_context_is_true_of_every_marked_pattern() -> None:
    """The claim behind needs_context: the recognizer's examples never get a strong verdict from such a form."""
    import re

    from piiscan.recognizers import load_recognizers
    from piiscan.validators import get_validator
    from piiscan.validators.base import Outcome

    for spec in load_recognizers():
        for pattern in spec.patterns:
            if not pattern.needs_context:
                continue
            validator = get_validator(pattern.validator or spec.validator)
            for example in (*spec.match_examples, *spec.no_match_examples):
                for found in re.finditer(pattern.hoisted, example.text, pattern.flags):
                    value = found.group("v") if "v" in found.re.groupindex else found.group()
                    assert validator(value).outcome is not Outcome.STRONG, (spec.id, pattern.name, value)
