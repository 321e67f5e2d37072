"""Name and postal-address validators (key-only PERSON / LOCATION, spec 2.21)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piiscan.context import Lexicon
from piiscan.validators.base import Outcome
from piiscan.validators.person import person_name, postal_address

M, W, X, P = Outcome.MEDIUM, Outcome.WEAK, Outcome.INVALID, Outcome.PLACEHOLDER

NAME_ROWS = [
    ("Maria Gonzalez", M),
    ("Seán O’Brien", M),
    ("Ludwig van Beethoven", M),
    ("Mary-Jane Watson", M),
    ("McDonald", M),
    ("LaToya Jackson", M),
    ("J. R. Tolkien", M),
    ("ZHANG WEI", M),
    ("Oluwaseun", M),
    ("王秀英", M),
    ("欧阳娜娜", M),
    ("司马懿", M),
    ("阿依古丽·买买提", M),
    ("联系手机", W),  # Han and name-shaped, but no surname: only a name key makes it a name
    ("入住坐标", W),
    ("John Doe", P),
    ("张三", P),
    ("Test User", P),
    ("张*", X),  # masked
    ("J*** S****", X),
    ("MainActivity", X),  # code, not a name
    ("UserService", X),
    ("getName", X),
    ("Foo_Bar", X),
    ("HTTP GET", X),
    ("HTTP", X),
    ("Galaxy A54", X),
    ("van Beethoven", X),  # starts with a particle
    ("a b", X),
    ("One Two Three Four Five", X),
    ("", X),
]


@pytest.mark.parametrize(("value", "outcome"), NAME_ROWS)
def test_person_name(value: str, outcome: Outcome) -> None:
    assert person_name(value).outcome is outcome


ADDRESS_ROWS = [
    ("北京市海淀区西二旗中路33号", M),
    ("浙江省杭州市西湖区文三路90号3幢201室", M),
    ("上海市浦东新区", M),
    ("1600 Amphitheatre Pkwy, Mountain View, CA 94043", M),
    ("221B Baker Street", M),
    ("Flat 2, 10 Downing St", M),
    ("123 Main St", P),
    ("见附件", X),
    ("中国", X),
    ("support team", X),
    ("0x52908400098527886E0F7030069857D2E4169EE7", X),
    ("https://example.org/12 Main Street", X),
    ("北京市****", X),
]


@pytest.mark.parametrize(("value", "outcome"), ADDRESS_ROWS)
def test_postal_address(value: str, outcome: Outcome) -> None:
    assert postal_address(value).outcome is outcome


@given(st.text(max_size=80))
def test_validators_never_raise(value: str) -> None:
    for validator in (person_name, postal_address):
        result = validator(value)
        assert result.outcome in Outcome


@pytest.mark.parametrize(
    ("key", "expected"),
    [("name", True), ("Name", True), ("file_name", False), ("appName", False), ("full_name", True),
     ("customerFullName", True), ("姓名", True), ("客户姓名", True), ("hostname", False)],
)
def test_exact_lexicon_entries_match_only_the_whole_key(key: str, expected: bool) -> None:
    lexicon = Lexicon.build(["=name", "full_name", "姓名"])
    assert lexicon.matches(key) is expected
