"""Device identifier validators: spec 2.1, 2.2, 2.8, 2.9, 2.10 example tables plus properties."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from piiscan.validators import get_validator
from piiscan.validators.base import Outcome
from piiscan.validators.checksums import luhn_check_digit
from piiscan.validators.device import (
    IMEI_PLACEHOLDERS,
    android_id,
    device_serial,
    imei,
    is_counting_run,
    mac,
    meid,
    split_groups,
)

S, M, W, X, P = Outcome.STRONG, Outcome.MEDIUM, Outcome.WEAK, Outcome.INVALID, Outcome.PLACEHOLDER

IMEI_CASES = [
    # spec 2.1 example table
    ("490154203237518", M, {"legacy_rbi"}),
    ("35-209900-176148-1", S, set()),
    ("869817040123454", S, set()),
    ("013263001234565", S, set()),
    ("990001234567899", S, set()),
    ("3520990017614823", W, {"imeisv"}),
    ("35-209900-176148-23", W, {"imeisv"}),
    ("490154203237519", X, set()),
    ("123456789012345", X, set()),
    ("000000000000000", P, {"test"}),
    ("004999010640000", P, {"test"}),
    ("012345678901237", P, {"test"}),
    ("3520990017614899", X, set()),
    ("4901542032375", X, set()),
    ("460001234567890", X, set()),
    # formats seen in the wild
    ("35 209900 176148 1", S, set()),
    ("35209900-176148-1", S, set()),
    ("350077-52-323751-3", S, set()),
    ("35686800-004141-20", W, {"imeisv"}),
    ("imei-352099001761481", S, {"pei"}),
    ("imeisv-3520990017614823", S, {"imeisv", "pei"}),
    ("IMEI-352099001761481", S, {"pei"}),
    # brief / spec 1.1, 1.3 rules
    ("35209900176148", W, {"no_check_digit"}),
    ("13263001234565", W, {"zero_stripped"}),
    ("352099001761480", W, {"spare_digit"}),
    ("imei-352099001761480", S, {"pei", "spare_digit"}),
    ("35 209900-176148-1", X, set()),
    ("35-209900 176148-1", X, set()),
    ("3520990-0176148-1", X, set()),
    ("imei-35209900176148", X, set()),
    ("imeisv-352099001761481", X, set()),
    ("004901542032375", P, {"test"}),
    ("352099000000006", P, {"test"}),
    ("358673013795895", P, {"test"}),
    ("345630000000115", P, {"test"}),
    ("00000000000000", P, {"test"}),
    ("0049990106400012", P, {"imeisv", "test"}),
    ("121234567890123", X, set()),
    ("", X, set()),
    ("３５２０９９００１７６１４８１", X, set()),
]


@pytest.mark.parametrize(("value", "outcome", "tags"), IMEI_CASES)
def test_imei_table(value: str, outcome: Outcome, tags: set[str]) -> None:
    result = imei(value)
    assert (result.outcome, set(result.tags)) == (outcome, tags), result.reason


def test_imei_normalized_is_digits() -> None:
    assert imei("35-209900-176148-1").normalized == "352099001761481"
    assert imei("imeisv-3520990017614823").normalized == "3520990017614823"
    assert imei("13263001234565").normalized == "013263001234565"


MEID_CASES = [
    ("A0000012345678D", S, set()),
    ("AF 01 23 45 0A BC DE C", S, set()),
    ("A10000009296F2", M, {"no_check_digit"}),
    ("A00000000023299", S, set()),
    ("29360 87365 0070 3710 0", M, {"decimal"}),
    ("A0000012345678E", X, set()),
    ("9F0001234567891", X, set()),
    ("AG0123450ABCDE", X, set()),
    ("99999 99999 0070 3710 4", X, set()),
    ("29360 87365 0070 3710 1", X, set()),
    ("35209900176148", X, set()),
    ("293608736500703710", W, {"decimal"}),
    ("a0000012345678d", S, set()),
    ("AF-01-23-45-0A-BC-DE-C", S, set()),
    ("AF 01-23 45 0A BC DE C", X, set()),
    ("ABCDEFABCDEFAB", X, set()),
    ("A0000000000000", P, {"test"}),
    ("", X, set()),
]


@pytest.mark.parametrize(("value", "outcome", "tags"), MEID_CASES)
def test_meid_table(value: str, outcome: Outcome, tags: set[str]) -> None:
    result = meid(value)
    assert (result.outcome, set(result.tags)) == (outcome, tags), result.reason


def test_meid_decimal_and_hex_share_normalized_form() -> None:
    assert meid("29360 87365 0070 3710 0").normalized == meid("AF 01 23 45 0A BC DE C").normalized
    assert meid("AF 01 23 45 0A BC DE C").normalized == "af0123450abcde"


MAC_CASES = [
    ("00:E0:FC:12:34:56", S, set()),
    ("28-6C-07-AB-CD-EF", S, set()),
    ("3c22.fb01.2345", S, set()),
    ("da:a1:19:5e:2b:7c", M, {"laa"}),
    ("64:09:80:1a:2b:3c", S, set()),
    ("02:00:00:00:00:00", P, {"test"}),
    ("01:00:5e:00:00:fb", X, set()),
    ("ff:ff:ff:ff:ff:ff", X, set()),
    ("00:00:00:00:00:00", P, {"test"}),
    ("00:E0:FC:12:34", X, set()),
    ("G0:E0:FC:12:34:56", X, set()),
    ("d0:5:9:4:a2:a0", W, {"unpadded"}),
    ("001A2B3C4D5E", W, {"bare"}),
    ("deadbeefcafe", X, set()),
    ("00:50:56:aa:bb:cc", S, {"vm"}),
    ("08:00:27:12:34:56", S, {"vm"}),
    ("52:54:00:12:34:56", M, {"laa", "vm"}),
    ("02:42:ac:11:00:02", M, {"laa", "vm"}),
    ("00:E0-FC:12:34:56", X, set()),
    ("ac:de:48:00:11:22", P, {"test"}),
    ("AA:BB:CC:DD:EE:FF", P, {"test"}),
    ("01:02:03:04:05:06", X, set()),
    ("", X, set()),
]


@pytest.mark.parametrize(("value", "outcome", "tags"), MAC_CASES)
def test_mac_table(value: str, outcome: Outcome, tags: set[str]) -> None:
    result = mac(value)
    assert (result.outcome, set(result.tags)) == (outcome, tags), result.reason


MAC_NOTATIONS = ["00:E0:FC:12:34:56", "00-e0-fc-12-34-56", "00e0.fc12.3456", "00E0FC123456"]


@pytest.mark.parametrize("value", MAC_NOTATIONS)
def test_mac_notations_normalize_to_colon_form(value: str) -> None:
    assert mac(value).normalized == "00:e0:fc:12:34:56"


ANDROID_ID_CASES = [
    ("0add995fe0a8dd1f", W, set()),
    ("d489a1ddec30fd24", W, set()),
    ("01ec46b2844810fd", W, set()),
    ("6e8b9eb89f36947c", W, set()),
    ("589503fab4b555d", W, {"legacy"}),
    ("9774d56d682e549c", P, {"test"}),
    ("0000000000000000", P, {"test"}),
    ("e21833235b6eef10", P, {"test"}),
    ("0123456789abcdef", P, {"test"}),
    ("unknown", P, {"test"}),
    ("0ADD995FE0A8DD1F", X, set()),
    ("0Add995fe0a8dd1f", X, set()),
    ("0add995fe0a8dd1f0", X, set()),
    ("12ab", X, set()),
    ("1234567890123456", X, set()),
    ("abcdefabcdefabcd", X, set()),
    ("089503fab4b555d", X, set()),
]


@pytest.mark.parametrize(("value", "outcome", "tags"), ANDROID_ID_CASES)
def test_android_id_table(value: str, outcome: Outcome, tags: set[str]) -> None:
    result = android_id(value)
    assert (result.outcome, set(result.tags)) == (outcome, tags), result.reason


SERIAL_CASES = [
    ("R58M41ABCDE", W, set()),
    ("FA6AX0301234", W, set()),
    ("8KX7N19A22004567", W, set()),
    ("C02XK1JHJG5J", W, set()),
    ("H4TFG6Q2XY", W, set()),
    ("unknown", P, {"test"}),
    ("UNKNOWN", P, {"test"}),
    ("0123456789ABCDEF", P, {"test"}),
    ("emulator-5554", P, {"test"}),
    ("EMULATOR", P, {"test"}),
    ("ZX1G22XXXX", P, {"test"}),
    ("1", X, set()),
    ("ORD-2024-000123", X, set()),
    ("ORD2024000123", X, set()),
    ("1234567", X, set()),
    ("20240513000123", X, set()),
    ("12345678", X, set()),  # digits only: certificates, invoices, not hardware serials
    ("00000000", X, set()),
    ("73920185", X, set()),
    ("firmware", X, set()),
    ("A1B2C3D4E5F6G7H8I9J0K", X, set()),
]


@pytest.mark.parametrize(("value", "outcome", "tags"), SERIAL_CASES)
def test_device_serial_table(value: str, outcome: Outcome, tags: set[str]) -> None:
    result = device_serial(value)
    assert (result.outcome, set(result.tags)) == (outcome, tags), result.reason


def test_registry_resolves_device_validators() -> None:
    for name, func in [("imei", imei), ("meid", meid), ("mac", mac), ("android_id", android_id),
                       ("device_serial", device_serial)]:
        assert get_validator(name) is func


def test_split_groups() -> None:
    assert split_groups("35-209900-176148-1") == ["35", "209900", "176148", "1"]
    assert split_groups("35 209900-176148-1") is None
    assert split_groups("35--1") is None
    assert split_groups("") is None


# --- properties ---------------------------------------------------------------------------------

VALIDATORS = [imei, meid, mac, android_id, device_serial]
_digits = st.text(alphabet="0123456789", min_size=6, max_size=6)


@given(st.text(max_size=80))
def test_validators_never_raise_on_text(value: str) -> None:
    for func in VALIDATORS:
        result = func(value)
        assert len(result.normalized) <= len(value) or "zero_stripped" in result.tags


@given(st.text(alphabet="0123456789abcdefABCDEF :.-imesvx", max_size=40))
def test_validators_never_raise_on_identifier_like_text(value: str) -> None:
    for func in VALIDATORS:
        func(value)


def test_validators_reject_huge_input_quickly() -> None:
    for func in VALIDATORS:
        assert func("9" * 200_000).outcome is Outcome.INVALID


def _imei_body(rbi: str, tac: str, snr: str) -> str:
    body = rbi + tac + snr
    assume(snr != "000000" and len(set(body)) > 1)
    assume(body + luhn_check_digit(body) not in IMEI_PLACEHOLDERS)
    return body


@given(st.sampled_from(["01", "35", "86", "99"]), _digits, _digits)
def test_luhn_valid_imei_with_allocating_rbi_is_strong(rbi: str, tac: str, snr: str) -> None:
    body = _imei_body(rbi, tac, snr)
    assume(not is_counting_run(body))
    value = body + luhn_check_digit(body)
    assert imei(value).outcome is Outcome.STRONG
    assert imei(f"{value[:2]}-{value[2:8]}-{value[8:14]}-{value[14]}").normalized == value


@given(st.sampled_from(["10", "30", "44", "49", "54", "91", "98"]), _digits, _digits)
def test_luhn_valid_imei_with_legacy_rbi_is_medium(rbi: str, tac: str, snr: str) -> None:
    body = _imei_body(rbi, tac, snr)
    assume(imei(body + luhn_check_digit(body)).outcome is not Outcome.PLACEHOLDER)
    assert imei(body + luhn_check_digit(body)).outcome is Outcome.MEDIUM


@given(st.text(alphabet="0123456789", min_size=14, max_size=14), st.integers(1, 9))
def test_luhn_invalid_imei_is_never_strong_or_medium(body: str, delta: int) -> None:
    wrong = str((int(luhn_check_digit(body)) + delta) % 10)
    assert imei(body + wrong).outcome not in (Outcome.STRONG, Outcome.MEDIUM)


@given(st.text(alphabet="0123456789ABCDEF", min_size=12, max_size=12))
def test_hex_meid_with_check_digit_is_strong_when_rr_allocated(tail: str) -> None:
    body = "A5" + tail
    assume(any(c.isdigit() for c in body) and len(set(tail)) > 1)
    check = luhn_check_digit(body, "0123456789ABCDEF")
    assert meid(body + check).outcome is Outcome.STRONG
    wrong = "0123456789ABCDEF"[("0123456789ABCDEF".index(check) + 1) % 16]
    assert meid(body + wrong).outcome is Outcome.INVALID


@given(st.binary(min_size=6, max_size=6))
def test_unicast_mac_outcome_follows_bits(raw: bytes) -> None:
    text = ":".join(f"{b:02x}" for b in raw)
    result = mac(text)
    if raw[0] & 1:
        assert result.outcome is Outcome.INVALID
    elif result.outcome is not Outcome.PLACEHOLDER:
        assert result.outcome is (Outcome.MEDIUM if raw[0] & 2 else Outcome.STRONG)
        assert result.normalized == text


@given(st.text(alphabet="0123456789", min_size=0, max_size=24))
def test_counting_run_is_a_step_of_one_everywhere(digits: str) -> None:
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(digits)}
    assert is_counting_run(digits) == (len(digits) >= 2 and steps in ({1}, {9}))


@pytest.mark.parametrize(("digits", "expected"), [("0123456789012", True), ("98765432109", True), ("1235", False)])
def test_counting_runs(digits: str, expected: bool) -> None:
    assert is_counting_run(digits) is expected
