"""Government ID validators: US SSN, China RIC (spec 2.17), PRC passports (spec 2.18) plus properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piiscan.validators import get_validator
from piiscan.validators.base import Outcome
from piiscan.validators.checksums import mod11_2_check
from piiscan.validators.identity import cn_passport, cn_ric, us_ssn

S, M, W, X, P = Outcome.STRONG, Outcome.MEDIUM, Outcome.WEAK, Outcome.INVALID, Outcome.PLACEHOLDER


def _minor(born: dt.date) -> set[str]:
    """``{"minor"}`` when the holder is under 14 today (keeps the table valid as time passes)."""
    today = dt.date.today()
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return {"minor"} if age < 14 else set()


# ----------------------------------------------------------------------------- China RIC

# spec 2.17 table
RIC_SPEC_ROWS = [
    ("360426199101010071", S, set()),
    ("44011320141005001X", S, _minor(dt.date(2014, 10, 5))),
    ("44011320141005001x", S, _minor(dt.date(2014, 10, 5))),
    ("110102199101010078", S, set()),
    ("310115198001011238", S, set()),  # stdnum rejects (birth-year rule)
    ("810000199001010019", S, {"residence_permit"}),
    ("931840202301010018", S, {"pr_card"} | _minor(dt.date(2023, 1, 1))),
    ("11010519491231002X", P, set()),
    ("110105194912310021", X, set()),
    ("520102198502300019", X, set()),
    ("110105194913310021", X, set()),
    ("110105491231002", W, {"legacy"}),
    ("000000000000000000", X, set()),
]

RIC_MORE_ROWS = [
    ("341126197709218366", P, set()),  # UnionPay sandbox identity
    ("110102 19910101 0078", S, set()),  # 6-8-4 spacing
    ("110102 199101010078", X, set()),  # inconsistent spacing
    ("990426199112010074", X, set()),  # leading 9 but "99" is no issuing province
    ("810001199001010015", X, set()),  # 81xxxx other than 810000 (checksum valid)
    ("170102199101010079", X, set()),  # no province 17 (checksum valid)
    ("110102187901010078", X, set()),  # born 1879 (checksum valid)
    ("110102299901010074", X, set()),  # born in the future (checksum valid)
    ("110105491331002", X, set()),  # legacy, month 13
    ("11010519491231002Y", X, set()),
    ("", X, set()),
]


@pytest.mark.parametrize(("value", "outcome", "tags"), RIC_SPEC_ROWS + RIC_MORE_ROWS)
def test_cn_ric_table(value: str, outcome: Outcome, tags: set[str]) -> None:
    result = cn_ric(value)
    assert (result.outcome, set(result.tags)) == (outcome, tags), result.reason


def test_cn_ric_normalized_upper_x() -> None:
    assert cn_ric("44011320141005001x").normalized == "44011320141005001X"
    assert cn_ric("110102 19910101 0078").normalized == "110102199101010078"


# ----------------------------------------------------------------------------- US SSN

SSN_ROWS = [
    ("536-22-1478", M, set()),
    ("078-05-1123", M, set()),  # Presidio: medium match
    # Presidio reports spaced / dotted forms alone at 0.5; piiscan wants an ssn key or context word
    # (a street address "Suite 680 36 4022" is the synthetic corpus's only SSN false positive)
    ("078 05 1123", W, {"spaced"}),
    ("078.05.1123", W, {"spaced"}),
    ("078051121", W, {"bare"}),  # Presidio: weak match
    # placeholders: Woolworth wallet card, 1960s ad number, the "123-45-6789" example
    ("078-05-1120", P, set()),
    ("078051120", P, set()),
    ("219-09-9999", P, set()),
    ("123-45-6789", P, set()),
    ("111-11-1111", P, set()),
    # never issued
    ("000-12-3456", X, set()),
    ("666-12-3456", X, set()),
    ("900-72-3456", X, set()),  # 9xx: ITIN range
    ("536-00-1478", X, set()),
    ("536-22-0000", X, set()),
    ("000000000", X, set()),
    ("666000000", X, set()),
    ("078 00 1123", X, set()),
    ("078-05-0000", X, set()),
    # inconsistent separators: Presidio's "very weak match" (score 0); piiscan drops them
    ("078-051121", X, set()),
    ("07805-1121", X, set()),
    ("693-09.4444", X, set()),
    ("0780511201", X, set()),
    ("", X, set()),
]


@pytest.mark.parametrize(("value", "outcome", "tags"), SSN_ROWS)
def test_us_ssn_table(value: str, outcome: Outcome, tags: set[str]) -> None:
    result = us_ssn(value)
    assert (result.outcome, set(result.tags)) == (outcome, tags), result.reason


def test_us_ssn_normalized_digits() -> None:
    assert us_ssn("536-22-1478").normalized == "536221478"


# ----------------------------------------------------------------------------- passports

PASSPORT_ROWS = [
    ("E12345678", W, {"ordinary"}),
    ("EA1234567", W, {"ordinary"}),
    ("EF1260892", W, {"ordinary"}),
    ("G12345678", W, {"ordinary"}),
    ("141234567", W, {"ordinary"}),
    ("DE1234567", W, {"official"}),
    ("SE1234567", W, {"official"}),
    ("P.1234567", W, {"official"}),
    ("D12345678", W, {"official"}),
    ("K12345678", W, {"hksar"}),
    ("MA1234567", W, {"macao_sar"}),
    ("E00000000", P, {"ordinary"}),
    ("EI1234567", X, set()),  # I and O are not used
    ("EO1234567", X, set()),
    ("E1234567", X, set()),  # 7 digits
    ("E123456789", X, set()),
    ("e12345678", X, set()),
    ("X12345678", X, set()),
    ("", X, set()),
]


@pytest.mark.parametrize(("value", "outcome", "tags"), PASSPORT_ROWS)
def test_cn_passport_table(value: str, outcome: Outcome, tags: set[str]) -> None:
    result = cn_passport(value)
    assert (result.outcome, set(result.tags)) == (outcome, tags), result.reason


def test_registry_names() -> None:
    assert get_validator("us_ssn") is us_ssn
    assert get_validator("cn_ric") is cn_ric
    assert get_validator("cn_passport") is cn_passport


# ----------------------------------------------------------------------------- properties

PROVINCES = ["11", "31", "44", "51", "65", "71"]


@given(st.text(max_size=60))
def test_never_raises(text: str) -> None:
    for validator in (us_ssn, cn_ric, cn_passport):
        assert validator(text).outcome in Outcome


@given(st.from_regex(r"\A[0-9Xx \-.]{0,25}\Z"))
def test_number_shaped_text_never_raises(text: str) -> None:
    for validator in (us_ssn, cn_ric, cn_passport):
        assert validator(text).outcome in Outcome


ric_bodies = st.builds(
    lambda province, county, born, seq: f"{province}{county:04d}{born:%Y%m%d}{seq:03d}",
    st.sampled_from(PROVINCES),
    st.integers(min_value=0, max_value=9999),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date.today()),
    st.integers(min_value=0, max_value=999),
)


@given(ric_bodies)
def test_generated_ric_is_strong(body: str) -> None:
    number = body + mod11_2_check(body)
    result = cn_ric(number)
    assert result.outcome is S, result.reason
    assert result.normalized == number


@given(ric_bodies, st.integers(min_value=0, max_value=17), st.integers(min_value=1, max_value=10))
def test_single_character_change_of_a_ric_is_never_strong(body: str, position: int, delta: int) -> None:
    number = body + mod11_2_check(body)
    alphabet = "0123456789X" if position == 17 else "0123456789"
    current = alphabet.index(number[position])
    replacement = alphabet[(current + delta) % len(alphabet)]
    if replacement == number[position]:  # delta == len(alphabet) for digits: skip the identity
        return
    changed = number[:position] + replacement + number[position + 1 :]
    assert cn_ric(changed).outcome is not S
