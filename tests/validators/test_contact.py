"""Contact validators: e-mail (spec 2.21), phone numbers and Chinese mobiles (spec 2.5) plus properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.validators import get_validator
from piiscan.validators.base import Outcome
from piiscan.validators.contact import cn_mobile, email, phone

S, M, W, X, P = Outcome.STRONG, Outcome.MEDIUM, Outcome.WEAK, Outcome.INVALID, Outcome.PLACEHOLDER

# ----------------------------------------------------------------------------- cn_mobile

# spec 2.5 table; per the brief, bare 11 digits are WEAK (context needed, spec 1.7) and only
# +86 / 0086 / 3-4-4 grouping is context-free
CN_SPEC_ROWS = [
    ("13912345679", M, set()),  # spec 1.3: bare, libphonenumber-valid -> medium (0.35: context still needed)
    ("+86 139 1234 5679", S, set()),
    ("008615093847261", S, set()),
    ("19283746510", M, set()),
    ("16637281945", M, set()),
    ("19437281945", W, {"unlisted"}),
    ("12345678901", X, set()),
    ("1391234567", X, set()),
    ("13800138000", P, set()),
    ("15555215554", P, set()),
]

CN_MORE_ROWS = [
    ("+86-139-1234-5679", S, set()),
    ("(+86)13912345679", S, set()),
    ("+8613912345679", S, set()),
    ("86 13912345679", S, set()),
    ("139 1234 5679", S, set()),
    ("139-1234-5679", S, set()),
    ("194 3728 1945", M, {"unlisted"}),
    ("139 1234-5679", X, set()),  # inconsistent separators
    ("139****5679", X, set()),  # masked: not personal data
    ("15555215584", P, set()),
    ("15555215555", M, set()),  # odd: not an emulator line
    ("18888888888", P, set()),
    ("13552535506", P, set()),  # UnionPay sandbox phone
    ("13912345678", P, set()),  # 1xx12345678 run
    ("13900000000", P, set()),
    ("+1 139 1234 5679", X, set()),
    ("", X, set()),
]


@pytest.mark.parametrize(("value", "outcome", "tags"), CN_SPEC_ROWS + CN_MORE_ROWS)
def test_cn_mobile_table(value: str, outcome: Outcome, tags: set[str]) -> None:
    result = cn_mobile(value)
    assert (result.outcome, set(result.tags)) == (outcome, tags), result.reason


def test_cn_mobile_normalized_is_e164() -> None:
    assert cn_mobile("+86 139 1234 5679").normalized == "+8613912345679"
    assert cn_mobile("13912345679").normalized == "+8613912345679"
    assert phone("+86 10 1234 5678").normalized == "+861012345678"


# ----------------------------------------------------------------------------- phone

PHONE_ROWS = [
    # international (+CC / 00CC with separators): valid -> STRONG
    ("+44 20 7123 4567", S, {"region:GB"}),
    ("+49 30 1234567", S, {"region:DE"}),
    ("+55 11 98456 5666", S, {"region:BR"}),
    ("+41 (0)71 526 99 04", S, {"region:CH"}),
    ("+46 (0)8 928 571 38", S, {"region:SE"}),
    ("+91 4155 550132", S, {"region:IN"}),
    ("+1 (425) 882-9090", S, {"region:US"}),
    ("0044 20 7123 4567", S, {"region:GB"}),
    ("+86 10 1234 5678", S, {"region:CN"}),
    ("+972-9-7625400", S, {"region:IL"}),
    # 00CC written as bare digits looks like a zero-padded number: MEDIUM
    ("00442071234567", M, {"region:GB"}),
    # North American grouping
    ("(425) 882-9090", S, {"region:US"}),
    ("425-882-9090", S, {"region:US"}),
    ("425.882.9090", S, {"region:US"}),
    ("201-948-1927 x123", S, {"region:US"}),
    ("(602)272-9781x6837", S, {"region:US"}),
    ("1-425-882-9090", S, {"region:US"}),
    # national numbers with a trunk 0: the country is a guess, so MEDIUM (needs context)
    ("020 7123 4567", M, {"region:GB"}),
    ("030 1234567", M, {"region:DE"}),
    ("01.84.17.61.18", M, {"region:FR"}),
    ("09-7625400", M, {"region:DE"}),  # Presidio's Israeli number is also valid in DE; first region wins
    ("(03) 5327 5996", M, {"region:DE"}),  # Australian in the corpus; regions are tried in a fixed order
    # bare 10-digit NANP
    ("4258829090", M, {"region:US"}),
    # formatted, possible length, unassigned range (Faker-style data): WEAK
    ("+1-054-353-1726", W, {"unassigned"}),
    ("(311)905-4466x8827", W, {"unassigned"}),
    ("+447700 921 916", W, {"unassigned"}),
    # placeholders: NANP 555-01xx fictional range, filler, sequences, Ofcom drama numbers
    ("(415) 555-0132", S, {"fictional"}),  # reserved for fiction, still reported like any number
    ("+1-202-555-0173", S, {"fictional"}),
    ("(555) 555-5555", P, {"fictional"}),
    ("001-234-567-8901x123", P, {"fictional"}),
    ("090-1234-5678", P, {"fictional"}),
    ("07700 900123", M, {"fictional"}),
    ("+44 20 7946 0018", S, {"fictional"}),
    # Chinese mobiles belong to cn_mobile
    ("+86 139 1234 5679", X, set()),
    ("0086 139 1234 5679", X, set()),
    # not phone numbers
    ("123-456-7890", X, set()),
    ("1234567890", X, set()),
    ("05.03.2024", X, set()),
    ("2024-03-05", X, set()),
    ("930.167.3943", X, set()),  # exchange 1xx
    ("12345", X, set()),
    ("+1 2", X, set()),
    ("+99 1234 5678", X, set()),
    ("tel:425-882-9090", X, set()),
    ("+1 555 0123", X, set()),  # 7 digits: possible only as a local number
    ("+1 425 88290", X, set()),
    ("", X, set()),
]


@pytest.mark.parametrize(("value", "outcome", "tags"), PHONE_ROWS)
def test_phone_table(value: str, outcome: Outcome, tags: set[str]) -> None:
    result = phone(value)
    assert (result.outcome, set(result.tags)) == (outcome, tags), result.reason


def test_phone_normalized_is_e164_without_extension() -> None:
    assert phone("(602)272-9781x6837").normalized == "+16022729781"
    assert phone("0044 20 7123 4567").normalized == "+442071234567"


# ----------------------------------------------------------------------------- email

EMAIL_ROWS = [
    ("zhang.wei@163.com", S, set()),
    ("Li.Na@QQ.com", S, set()),
    ("10086123@qq.com", S, {"qq_number"}),
    ("user@xn--80ak6aa92e.com", S, set()),
    ("a@xn--d1acufc.xn--p1ai", S, set()),
    ("jane.roe+news@company.co.uk", S, set()),
    ("first_last@sub.example-mail.io", S, set()),
    # placeholders (spec 2.21): example domains, test@ / noreply@, reserved TLDs, service addresses
    ("someone@example.com", P, set()),
    ("a@mail.example.org", P, set()),
    ("x@example.net", P, set()),
    ("test@company.com", P, set()),
    ("noreply@github.com", P, set()),
    ("no-reply@service.cn", P, set()),
    ("12345+octocat@users.noreply.github.com", P, set()),
    ("admin@host.localhost", P, set()),
    ("dev@app.test", P, set()),
    ("git@github.com", P, {"service"}),
    # not e-mail addresses
    ("image@2x.png", X, set()),
    ("icon@3x.webp", X, set()),
    ("bundle@1.2.js", X, set()),
    ("style@print.css", X, set()),
    ("info@presidio.", X, set()),
    ("a..b@c.com", X, set()),
    (".a@c.com", X, set()),
    ("a@b@c.com", X, set()),
    ("a@-bad.com", X, set()),
    ("a@b.c", X, set()),
    ("a@b.c0m", X, set()),
    ("hello-world", X, set()),
    ("", X, set()),
]


@pytest.mark.parametrize(("value", "outcome", "tags"), EMAIL_ROWS)
def test_email_table(value: str, outcome: Outcome, tags: set[str]) -> None:
    result = email(value)
    assert (result.outcome, set(result.tags)) == (outcome, tags), result.reason


def test_email_normalized_lower_case() -> None:
    assert email("Li.Na@QQ.com").normalized == "li.na@qq.com"


def test_registry_names() -> None:
    assert get_validator("email") is email
    assert get_validator("phone") is phone
    assert get_validator("cn_mobile") is cn_mobile


# ----------------------------------------------------------------------------- properties


@given(st.text(max_size=60))
def test_never_raises(text: str) -> None:
    for validator in (email, phone, cn_mobile):
        assert validator(text).outcome in Outcome


@given(st.from_regex(r"\A[0-9 ()+.\-x]{0,30}\Z"))
def test_phone_shaped_text_never_raises(text: str) -> None:
    assert phone(text).outcome in Outcome
    assert cn_mobile(text).outcome in Outcome


@given(st.sampled_from("3456789"), st.integers(min_value=0, max_value=999_999_999))
def test_cn_mobile_with_country_code_is_never_weak(second: str, rest: int) -> None:
    number = f"1{second}{rest:09d}"
    result = cn_mobile(f"+86 {number[:3]} {number[3:7]} {number[7:]}")
    assert result.outcome in (S, M, P)
    # bare digits are never strong: at most medium (0.35), so text needs context to report them
    assert cn_mobile(number).outcome in (M, W, P)


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=10_000_000_000, max_value=19_999_999_999))
def test_cached_cn_listing_agrees_with_libphonenumber(number: int) -> None:
    from piiscan.validators import contact

    digits = str(number)
    assert contact._cn_listed(digits) == contact._cn_listed_by_phonenumbers(digits)
