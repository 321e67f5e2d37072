"""Telecom validators: spec 2.3 (IMSI/SUPI/SUCI), 2.4 (ICCID), 2.7 (cell identity) plus properties."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from piiscan.validators import get_validator
from piiscan.validators.base import Outcome
from piiscan.validators.checksums import luhn_check_digit
from piiscan.validators.telecom import cell_id, iccid, imsi, plmn_info

S, M, W, X, P = Outcome.STRONG, Outcome.MEDIUM, Outcome.WEAK, Outcome.INVALID, Outcome.PLACEHOLDER

IMSI_CASES = [
    # spec 2.3 example table
    ("460007312948571", M, set()),
    ("460 01 1847203915", M, set()),
    ("460110539271846", M, set()),
    ("310150482913570", M, set()),
    ("46000731294857", W, set()),
    ("imsi-460007312948571", S, {"supi"}),
    ("310260000000000", P, {"test"}),
    ("001010123456789", P, {"test"}),
    ("439011234567890", X, set()),
    ("4600012345678901", X, set()),
    ("460001234567890", P, {"test"}),
    # brief rules
    ("460991847203915", W, set()),
    ("999991847203915", P, {"test"}),
    ("000000000000000", P, {"test"}),
    ("imsi-208930000000003", P, {"test"}),
    ("imsi-439011234567890", X, set()),
    ("imsi-46000731294857", S, {"supi"}),
    ("IMSI-460007312948571", S, {"supi"}),
    ("imsi-4600073129485", X, set()),
    ("460-00-7312948571", M, set()),
    ("460 00-7312948571", X, set()),
    ("4600 07312948571", X, set()),
    ("suci-0-460-00-0000-0-0-7312948571", S, {"suci"}),
    ("suci-0-460-00-0000-1-1-3b2f4e5a6c7d8e9f", X, set()),
    ("suci-1-460-00-0000-0-0-7312948571", X, set()),
    ("suci-0-460-00-0000-0-0", X, set()),
    ("", X, set()),
]


@pytest.mark.parametrize(("value", "outcome", "tags"), IMSI_CASES)
def test_imsi_table(value: str, outcome: Outcome, tags: set[str]) -> None:
    result = imsi(value)
    assert (result.outcome, set(result.tags)) == (outcome, tags), result.reason


def test_imsi_normalized_forms_agree() -> None:
    expected = "460007312948571"
    for value in ("460007312948571", "460 00 7312948571", "imsi-460007312948571",
                  "suci-0-460-00-0000-0-0-7312948571"):
        assert imsi(value).normalized == expected


def test_plmn_info() -> None:
    assert plmn_info("460007312948571") == ("460", "00", "7312948571", True)
    assert plmn_info("439011234567890") is None


ICCID_CASES = [
    # spec 2.4 example table
    ("89860070310112094320", S, set()),
    ("89860019212345678909", S, set()),
    ("89860112345678901237", S, set()),
    ("89441100682562700546", S, set()),
    ("89860318640220133897", S, set()),
    ("8901260123456789012F", W, {"no_check_digit"}),
    ("89860070310112094321", X, set()),
    ("8986007031011209432", W, {"no_check_digit"}),
    ("98860070310112094320", X, set()),
    # separators, filler, lengths
    ("8986 0070 3101 1209 4320", S, set()),
    ("8986-0070-3101-1209-4320", S, set()),
    ("8986 0070-3101 1209 4320", X, set()),
    ("8986007031011209432f", W, {"no_check_digit"}),
    ("89860070310112094320F", X, set()),
    ("898600703101120943", X, set()),
    ("898600703101120943201", X, set()),
    ("8944110068256270055", X, set()),
    ("89860000000000000000", X, set()),
    ("", X, set()),
]


@pytest.mark.parametrize(("value", "outcome", "tags"), ICCID_CASES)
def test_iccid_table(value: str, outcome: Outcome, tags: set[str]) -> None:
    result = iccid(value)
    assert (result.outcome, set(result.tags)) == (outcome, tags), result.reason


def test_iccid_dummy_account_is_placeholder() -> None:
    body = "898600" + "0" * 13
    assert iccid(body + luhn_check_digit(body)).outcome is Outcome.PLACEHOLDER


CELL_CASES = [
    # spec 2.7 example table (the key-dependent bit-width checks need the key, see cell_id docstring)
    ("41234", W, set()),
    ("52731", W, set()),
    ("6315", W, set()),
    ("186548481", W, set()),
    ("4398046511103", X, set()),
    ("6871947673", W, set()),
    ("460-00-186548481", W, {"cgi"}),
    ("2147483647", P, {"test"}),
    ("65534", P, {"test"}),
    ("-1", P, {"test"}),
    # brief placeholders and hex
    ("65535", P, {"test"}),
    ("0", P, {"test"}),
    ("268435455", P, {"test"}),
    ("0xFFFE", P, {"test"}),
    ("0x1A2B3C4", W, set()),
    ("68719476735", W, set()),
    ("68719476736", X, set()),
    ("439-00-186548481", X, set()),
    ("460-00-2147483647", P, {"test"}),
    ("12.5", X, set()),
    ("0x", X, set()),
    ("9" * 5000, X, set()),
    ("", X, set()),
]


@pytest.mark.parametrize(("value", "outcome", "tags"), CELL_CASES)
def test_cell_id_table(value: str, outcome: Outcome, tags: set[str]) -> None:
    result = cell_id(value)
    assert (result.outcome, set(result.tags)) == (outcome, tags), result.reason


def test_cell_id_normalizes_hex_to_decimal() -> None:
    assert cell_id("0x1A2B3C4").normalized == str(0x1A2B3C4)


def test_registry_resolves_telecom_validators() -> None:
    for name, func in [("imsi", imsi), ("iccid", iccid), ("cell_id", cell_id)]:
        assert get_validator(name) is func


# --- properties ---------------------------------------------------------------------------------

VALIDATORS = [imsi, iccid, cell_id]


@given(st.text(max_size=80))
def test_validators_never_raise_on_text(value: str) -> None:
    for func in VALIDATORS:
        result = func(value)
        assert len(result.normalized) <= len(value)


@given(st.text(alphabet="0123456789 -xXfFimsuc", max_size=40))
def test_validators_never_raise_on_number_like_text(value: str) -> None:
    for func in VALIDATORS:
        func(value)


def test_validators_reject_huge_input_quickly() -> None:
    for func in VALIDATORS:
        assert func("8" * 200_000).outcome is Outcome.INVALID


@given(st.text(alphabet="0123456789", min_size=16, max_size=17))
def test_luhn_valid_iccid_is_strong(middle: str) -> None:
    body = "89" + middle
    assume(len(set(body[6:])) > 1)
    good = body + luhn_check_digit(body)
    assert iccid(good).outcome is Outcome.STRONG
    bad = body + str((int(luhn_check_digit(body)) + 1) % 10)
    assert iccid(bad).outcome is not Outcome.STRONG


KNOWN_PLMNS = ["46000", "46001", "46011", "310150", "23415"]


@given(st.sampled_from(KNOWN_PLMNS), st.text("0123456789", min_size=9, max_size=10))
def test_imsi_with_known_plmn(plmn: str, msin: str) -> None:
    value = (plmn + msin)[:15]
    result = imsi(value)
    assert result.outcome in (Outcome.MEDIUM, Outcome.WEAK, Outcome.PLACEHOLDER)
    if len(value) == 15 and result.outcome is not Outcome.PLACEHOLDER:
        assert result.outcome is Outcome.MEDIUM


@given(st.text(alphabet="0123456789", min_size=1, max_size=16))
def test_the_cached_operator_table_answers_like_python_stdnum(number: str) -> None:
    from stdnum import numdb

    from piiscan.validators import telecom

    assert telecom._find(number, telecom._imsi_prefixes()) == numdb.get("imsi").info(number)


@given(st.from_regex(r"[0-9]{6}", fullmatch=True))
def test_mcc_index_walks_as_the_whole_table(head: str) -> None:
    from piiscan.validators import telecom

    whole = telecom._find(head + "0" * 9, telecom._imsi_prefixes())
    index = telecom._by_mcc()
    assert index is not None
    assert telecom._find(head + "0" * 9, index.get(head[:3], [])) == whole
