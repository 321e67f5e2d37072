"""Financial validators: spec 2.19 example table (cards, IBAN) plus properties."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from piiscan.validators import get_validator
from piiscan.validators.base import Outcome
from piiscan.validators.checksums import luhn_check_digit
from piiscan.validators.financial import card_network, iban, payment_card

S, M, W, X, P = Outcome.STRONG, Outcome.MEDIUM, Outcome.WEAK, Outcome.INVALID, Outcome.PLACEHOLDER

# spec 2.19 table
CARD_SPEC_ROWS = [
    ("6222027877893287924", S, {"unionpay"}),
    ("6217001742180965", S, {"unionpay"}),
    ("6228487929081003397", S, {"unionpay"}),
    ("4539075793834700", S, {"visa"}),
    ("371417468145385", S, {"amex"}),
    ("5398 4019 1614 6102", S, {"mastercard"}),
    ("6216261000000000018", P, {"unionpay", "test"}),
    ("4111111111111111", P, {"visa", "test"}),
    ("6221558812340000", P, {"unionpay", "test"}),  # sandbox card, Luhn fails too
    ("490154203237518", X, set()),  # IMEI: Visa has no 15-digit PANs
    ("352099001761481", X, set()),  # IMEI: JCB is 16-19 digits
    ("6222027877893287925", W, {"unionpay", "luhn_fail"}),  # spec: invalid alone; UnionPay Luhn ✗ is weak
    ("1234567812345670", X, set()),
]

CARD_MORE_ROWS = [
    ("862280010599525", X, set()),  # 15-digit 86…: IMEI shape, no card network
    ("3714 174681 45385", S, {"amex"}),  # AmEx 4-6-5 grouping
    ("6222 0278 7789 3287 924", S, {"unionpay"}),  # 19 digits, 4-4-4-4-3
    ("5398-4019-1614-6102", S, {"mastercard"}),
    ("5398 4019-1614 6102", X, set()),  # mixed separators
    ("53984 0191 6146 102", X, set()),  # not a printed grouping
    ("5398  4019 1614 6102", X, set()),
    ("2221000000000009", P, {"mastercard", "test"}),  # zero-run test number
    ("4539075793834701", X, set()),  # Luhn fails (not UnionPay)
    ("4532015112833642", S, {"visa"}),
    ("6214830123456716", S, {"unionpay"}),
    ("6011520937848076", S, {"discover"}),
    ("3566111111111113", S, {"jcb"}),
    ("6759649826438453", S, {"maestro"}),
    ("5019717010103742", S, {"dankort"}),
    ("2200123456789019", S, {"mir"}),
    ("4000000000000002", P, {"visa", "test"}),
    ("5555555555554444", P, {"mastercard", "test"}),
    ("378282246310005", P, {"amex", "test"}),
    # legacy lengths colliding with other Luhn numbers: context needed
    ("4006012508266", W, {"visa", "legacy_length"}),  # 13 digits, also a Macedonian tax number shape
    ("30206838200050", W, {"diners", "legacy_length"}),  # 14 digits, also a French SIRET
    ("122000000000003", X, set()),  # UATP is not in the network table
    ("0000000000000000", X, set()),
    ("12345678901", X, set()),
    ("", X, set()),
]


@pytest.mark.parametrize(("value", "outcome", "tags"), CARD_SPEC_ROWS + CARD_MORE_ROWS)
def test_card_table(value: str, outcome: Outcome, tags: set[str]) -> None:
    result = payment_card(value)
    assert (result.outcome, set(result.tags)) == (outcome, tags), result.reason


def test_card_normalized_digits_only() -> None:
    assert payment_card("5398 4019 1614 6102").normalized == "5398401916146102"


@pytest.mark.parametrize(
    ("digits", "network"),
    [
        ("4" + "0" * 15, "visa"),
        ("2720" + "0" * 12, "mastercard"),
        ("2721" + "0" * 12, None),
        ("8171" + "0" * 12, "unionpay"),
        ("8172" + "0" * 12, None),
        ("3528" + "0" * 12, "jcb"),
        ("3527" + "0" * 12, None),
        ("6440" + "0" * 12, "discover"),
        ("3095" + "0" * 10, "diners"),
        ("6763" + "0" * 8, "maestro"),
        ("4" + "0" * 14, None),
        ("35" + "0" * 13, None),
    ],
)
def test_network_table_edges(digits: str, network: str | None) -> None:
    assert card_network(digits) == network


# ----------------------------------------------------------------------------- IBAN

IBAN_ROWS = [
    ("DE78 3704 0044 0532 0131 01", S, {"country:DE"}),
    ("DE78370400440532013101", S, {"country:DE"}),
    ("FR7630006000011234567890189", S, {"country:FR"}),
    ("nl20ingb0001234567", S, {"country:NL"}),  # all lower-case
    ("ES66-2100-0418-4012-3456-7891", S, {"country:ES"}),
    ("IT07 X054 2811 1010 0000 0654 321", S, {"country:IT"}),
    ("BE68539007547034", S, {"country:BE", "unknown_bank"}),  # stdnum's bank registry lags
    ("DE89370400440532013000", P, {"documentation", "country:DE"}),
    ("GB29 NWBK 6016 1331 9268 19", P, {"documentation", "country:GB"}),
    ("DE78 3704 0044 0532 0131 02", X, set()),  # MOD 97
    ("ES2121000418450200051331", X, set()),  # national check digits fail
    ("Nl20INGB0001234567", X, set()),  # mixed case
    ("DE78 3704-0044 0532 0131 01", X, set()),  # mixed separators
    ("DE78 370400 4405 3201 3101", X, set()),  # not grouped in fours
    ("IT07 X054 2811 1010 0000 0654 321 X", X, set()),
    ("XX78370400440532013101", X, set()),
    ("AB12CDEFGHIJKLMNOP", X, set()),
    ("", X, set()),
]


@pytest.mark.parametrize(("value", "outcome", "tags"), IBAN_ROWS)
def test_iban_table(value: str, outcome: Outcome, tags: set[str]) -> None:
    result = iban(value)
    assert (result.outcome, set(result.tags)) == (outcome, tags), result.reason


def test_iban_normalized_compact_upper() -> None:
    assert iban("nl20 ingb 0001 2345 67").normalized == "NL20INGB0001234567"


def test_registry_names() -> None:
    assert get_validator("payment_card") is payment_card
    assert get_validator("iban") is iban


# ----------------------------------------------------------------------------- properties


@given(st.text(max_size=60))
def test_never_raises(text: str) -> None:
    assert payment_card(text).outcome in Outcome
    assert iban(text).outcome in Outcome


@given(st.from_regex(r"\A[0-9 \-]{0,45}\Z"))
def test_card_shaped_text_never_raises(text: str) -> None:
    assert payment_card(text).outcome in Outcome


def _with_check(body: str) -> str:
    return body + luhn_check_digit(body)


def _not_test_like(digits: str) -> bool:
    return "00000000" not in digits[1:] and len(set(digits[1:-1])) > 1


digit_strings = st.text(alphabet="0123456789", min_size=17, max_size=17)


@given(digit_strings)
def test_generated_visa_16_is_strong(digits: str) -> None:
    pan = _with_check("4" + digits[:14])
    assume(_not_test_like(pan))
    result = payment_card(pan)
    assert result.outcome is S and "visa" in result.tags
    spaced = " ".join(pan[i : i + 4] for i in range(0, 16, 4))
    assert payment_card(spaced).outcome is S


@given(st.integers(min_value=16, max_value=19), digit_strings)
def test_generated_unionpay_is_strong(length: int, digits: str) -> None:
    pan = _with_check(("62" + digits)[: length - 1])
    assume(_not_test_like(pan))
    result = payment_card(pan)
    assert result.outcome is S and "unionpay" in result.tags


@given(digit_strings, st.integers(min_value=1, max_value=15), st.integers(min_value=1, max_value=9))
def test_single_digit_change_of_a_card_is_never_strong(digits: str, position: int, delta: int) -> None:
    pan = _with_check("4" + digits[:14])
    changed = pan[:position] + str((int(pan[position]) + delta) % 10) + pan[position + 1 :]
    assert payment_card(changed).outcome is not S
