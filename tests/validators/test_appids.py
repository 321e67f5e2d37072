"""App/ad identifier validators: spec 2.11 (UUID ad IDs), 2.12 (OAID), 2.13 (FID/IID/FCM) plus properties."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piiscan.validators import get_validator
from piiscan.validators.appids import UUID_PLACEHOLDERS, ad_uuid, fcm_token, firebase_id, oaid
from piiscan.validators.base import Outcome

S, M, W, X, P = Outcome.STRONG, Outcome.MEDIUM, Outcome.WEAK, Outcome.INVALID, Outcome.PLACEHOLDER

B64URL = string.ascii_letters + string.digits + "-_"
BODY_134 = (
    "Q5OOS5SlVNRvmQg1Wv0Dm8lH9uP4aiNY1bWg1k4Z8jXAsna3Dw1hEJjekgE-FAZJaYST6IJUdJrbvVGTXULN0tR0OBxBpKIYHt"
    "cXHVe-lfaN9fG7fpW__9zmhQdKY-oujJAyhG"
)
assert len(BODY_134) == 134

UUID_CASES = [
    ("cdda802e-fb9c-47ad-9866-0794d394c912", W, set()),
    ("0814FE88-E1CD-4971-94ED-14AC223E2D20", W, {"upper"}),
    ("09bcfafb-b0ff-4c96-bd91-040bfb0ce6be", W, set()),
    ("80546fb4-85e0-42eb-a142-47f726bb4aae", W, set()),
    ("5ab7e9d0-cd60-4a70-905b-1e7c84eadf7c", W, set()),
    ("g0546fb4-85e0-42eb-a142-47f726bb4aae", X, set()),
    ("00000000-0000-0000-0000-000000000000", P, {"test"}),
    ("38400000-8cf0-11bd-b23e-10b96e40000d", P, {"test"}),
    ("cdda802efb9c47ad98660794d394c912", X, set()),
    ("cdda802e-fb9c-47ad-9866-0794d394c91", X, set()),
    ("FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", P, {"test"}),
    ("6D92078A-8246-4BA4-AE5B-76104861E7DC", P, {"test"}),
    ("123E4567-E89B-12D3-A456-426614174000", P, {"test"}),
    ("Cdda802e-fb9c-47ad-9866-0794d394c912", W, set()),
    ("", X, set()),
]


@pytest.mark.parametrize(("value", "outcome", "tags"), UUID_CASES)
def test_ad_uuid_table(value: str, outcome: Outcome, tags: set[str]) -> None:
    result = ad_uuid(value)
    assert (result.outcome, set(result.tags)) == (outcome, tags), result.reason


def test_ad_uuid_placeholders_compare_case_insensitively() -> None:
    for value in UUID_PLACEHOLDERS:
        assert ad_uuid(value.upper()).outcome is Outcome.PLACEHOLDER
    upper = "0814FE88-E1CD-4971-94ED-14AC223E2D20"
    assert ad_uuid(upper).normalized == upper.lower()


OAID_CASES = [
    ("09bcfafb-b0ff-4c96-bd91-040bfb0ce6be", W, {"uuid"}),
    ("5ab7e9d0-cd60-4a70-905b-1e7c84eadf7c", W, {"uuid"}),
    ("2e66865617a9bf39", W, {"hex16"}),
    ("d6d6ad3073f4a3500fe495eb445c2dbc3522f7e17717d19b5fc01a876c6721c2", W, {"hex64"}),
    ("9f2b8837b90d87f73da0a1c9c7df4f6c3741a24c85a74c7088f48bc914420944", W, {"hex64"}),
    ("332D37A70BED43338D4864FCD1F08B9550E88790074327F4544802B8031FA895", W, {"hex64", "upper"}),
    ("8f94bfa4c07dd618a46f5e7c57d2457e", W, {"hex32"}),
    ("00000000000000000000000000000000", P, {"test"}),
    ("00000000-0000-0000-0000-000000000000", P, {"test"}),
    ("0000000000000000", P, {"test"}),
    ("0" * 64, P, {"test"}),
    ("2e66865617a9bf3", X, set()),
    ("2E66865617A9BF39", X, set()),
    ("d6d6ad3073f4a3500fe495eb445c2dbc3522f7e17717d19b5fc01a876c6721c", X, set()),
    ("332D37A70BED43338D4864FCD1F08B9550E88790074327F4544802B8031fa895", X, set()),
    ("8F94BFA4C07DD618A46F5E7C57D2457E", X, set()),
    ("1234567890123456", X, set()),
    ("", X, set()),
]


@pytest.mark.parametrize(("value", "outcome", "tags"), OAID_CASES)
def test_oaid_table(value: str, outcome: Outcome, tags: set[str]) -> None:
    result = oaid(value)
    assert (result.outcome, set(result.tags)) == (outcome, tags), result.reason


FIREBASE_CASES = [
    ("dRMnDiaeTTeyp03kUua0OG", M, {"fid"}),
    ("cj8IJBKLTzOMXH_QpqOkUN", M, {"fid"}),
    ("aRMnDiaeTTeyp03kUua0OG", X, set()),
    ("dRMnDiae+Teyp03kUua0OG", X, set()),
    ("dRMnDiaeTTeyp03kUua0O", X, set()),
    ("eTwlLwiTPtM", W, {"iid"}),
    ("aT0XjWwP05A", X, set()),
    ("createManufacturerImpl", X, set()),
    ("deviceToken", X, set()),
    ("eeeeeeeeeee", X, set()),
    ("f-x_9Lm2vK8", W, {"iid"}),
    ("", X, set()),
]


@pytest.mark.parametrize(("value", "outcome", "tags"), FIREBASE_CASES)
def test_firebase_id_table(value: str, outcome: Outcome, tags: set[str]) -> None:
    result = firebase_id(value)
    assert (result.outcome, set(result.tags)) == (outcome, tags), result.reason


FCM_CASES = [
    ("eTwlLwiTPtM:APA91b" + BODY_134, S, set()),
    ("dRMnDiaeTTeyp03kUua0OG:APA91b" + BODY_134, S, set()),
    ("eTwlLwiTPtM:APA91bH-0CjWQJ8p6DZHJ-LZiXkv2YKSCrGq9Z", X, set()),
    ("eTwlLwiTPtM:XPA91b" + BODY_134, X, set()),
    ("APA91b" + BODY_134, M, {"legacy"}),
    ("APA91b" + BODY_134[:129], X, set()),
    ("eTwlLwiTPtM:APA91b" + BODY_134[:100], S, set()),
    ("eTwlLwiTPtM:APA91b" + BODY_134[:99], X, set()),
    ("AAAAT4M3Eu2:APA91b" + BODY_134, X, set()),
    ("aTwlLwiTPtM:APA91b" + BODY_134, X, set()),
    ("eTwlLwiTPtM:APA91b" + BODY_134[:-1] + "+", X, set()),
    ("eTwlLwiTPtM:APA91b" + "x" * 140, P, {"test"}),
    ("", X, set()),
]


@pytest.mark.parametrize(("value", "outcome", "tags"), FCM_CASES)
def test_fcm_token_table(value: str, outcome: Outcome, tags: set[str]) -> None:
    result = fcm_token(value)
    assert (result.outcome, set(result.tags)) == (outcome, tags), result.reason


def test_registry_resolves_appid_validators() -> None:
    for name, func in [("ad_uuid", ad_uuid), ("oaid", oaid), ("firebase_id", firebase_id),
                       ("fcm_token", fcm_token)]:
        assert get_validator(name) is func


# --- properties ---------------------------------------------------------------------------------

VALIDATORS = [ad_uuid, oaid, firebase_id, fcm_token]


@given(st.text(max_size=200))
def test_validators_never_raise_on_text(value: str) -> None:
    for func in VALIDATORS:
        result = func(value)
        assert len(result.normalized) <= len(value)


@given(st.text(alphabet=B64URL + ":+/=", max_size=300))
def test_validators_never_raise_on_token_like_text(value: str) -> None:
    for func in VALIDATORS:
        func(value)


def test_validators_reject_huge_input_quickly() -> None:
    for func in VALIDATORS:
        assert func("APA91b" + "a" * 200_000).outcome is Outcome.INVALID


@given(st.uuids(version=4))
def test_any_random_uuid_is_weak_ad_id_and_oaid(value: object) -> None:
    text = str(value)
    assert ad_uuid(text).outcome is Outcome.WEAK
    assert ad_uuid(text.upper()).tags == frozenset({"upper"}) or text.upper() == text
    assert oaid(text).outcome is Outcome.WEAK


@given(st.sampled_from("cdef"), st.text(alphabet=B64URL, min_size=21, max_size=21))
def test_fid_shape(first: str, rest: str) -> None:
    value = first + rest
    result = firebase_id(value)
    mixed = any(c.isdigit() for c in value) and any(c.isupper() for c in value) and any(
        c.islower() for c in value)
    assert result.outcome is (Outcome.MEDIUM if mixed else Outcome.INVALID)


@given(st.sampled_from("cdef"), st.text(alphabet=B64URL, min_size=10, max_size=10),
       st.text(alphabet=B64URL, min_size=100, max_size=300))
def test_fcm_token_with_iid_prefix_is_strong(first: str, rest: str, body: str) -> None:
    result = fcm_token(f"{first}{rest}:APA91b{body}")
    assert result.outcome in (Outcome.STRONG, Outcome.PLACEHOLDER)
