"""Coordinate validators: spec 2.14 example table, DMS parsing and properties."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piiscan.validators import get_validator
from piiscan.validators.base import Outcome
from piiscan.validators.location import dms_coordinate, lat_lon_pair

S, M, W, X, P = Outcome.STRONG, Outcome.MEDIUM, Outcome.WEAK, Outcome.INVALID, Outcome.PLACEHOLDER

# spec 2.14 table ("precise location" = STRONG, "coarse" = WEAK + coarse)
SPEC_ROWS = [
    ("39.909230,116.397428", S, set(), "39.90923,116.397428"),
    ("116.397428,39.909230", S, {"lon_lat"}, "39.90923,116.397428"),
    ("31.2304,121.4737", S, set(), "31.2304,121.4737"),
    ("22.543096,114.057865", S, set(), "22.543096,114.057865"),
    ("-33.868820,151.209296", S, set(), "-33.86882,151.209296"),
    ("39.9,116.4", W, {"coarse"}, "39.9,116.4"),
    ("181.0000,45.0000", X, set(), ""),
    ("-95.5000,-200.0000", X, set(), ""),
    ("0.000000,0.000000", P, set(), "0,0"),
    ("95.123,116.3974", X, set(), ""),
]

MORE_ROWS = [
    ("39.909, 116.397", M, set(), "39.909,116.397"),  # 3 decimals ~ 111 m
    ("116.397 39.909", M, {"lon_lat"}, "39.909,116.397"),  # WKT POINT(lon lat)
    ("+39.9092;+116.3974", S, set(), "39.9092,116.3974"),
    ("39.9000,116.4000", W, {"coarse"}, "39.9,116.4"),  # trailing zeros carry no precision
    ("0.1234,0.5678", W, {"near_null_island", "order_ambiguous"}, "0.1234,0.5678"),
    ("45.1234,45.5678", S, {"order_ambiguous"}, "45.1234,45.5678"),
    ("39.909230,116.397428,50.0", X, set(), ""),
    ("lat 39.90923", X, set(), ""),
    ("", X, set(), ""),
]


@pytest.mark.parametrize(("value", "outcome", "tags", "normalized"), SPEC_ROWS + MORE_ROWS)
def test_lat_lon_table(value: str, outcome: Outcome, tags: set[str], normalized: str) -> None:
    result = lat_lon_pair(value)
    assert (result.outcome, set(result.tags)) == (outcome, tags), result.reason
    if normalized:
        assert result.normalized == normalized


DMS_ROWS = [
    ("39°54'33.2\"N 116°23'50.7\"E", S, {"dms"}, "39.909222,116.397417"),
    ("北纬39°54′33″ 东经116°23′50″", S, {"dms"}, "39.909167,116.397222"),
    ("北纬39度54分33秒，东经116度23分50秒", S, {"dms"}, "39.909167,116.397222"),
    ("116°23'50.7\"E, 39°54'33.2\"N", S, {"dms"}, "39.909222,116.397417"),  # lon first
    ("33°52′S 151°12′E", M, {"dms", "coarse"}, "-33.866667,151.200000"),
    ("39°54'33\"N", M, {"dms", "single"}, "lat:39.909167"),
    ("39°N", M, {"dms", "single", "coarse"}, "lat:39.000000"),
    ("西经74°0′21″", M, {"dms", "single"}, "lon:-74.005833"),
    ("39°54'33\"", X, set(), ""),  # no hemisphere
    ("91°00'00\"N", X, set(), ""),
    ("181°00'00\"E", X, set(), ""),
    ("39°61'00\"N", X, set(), ""),
    ("39°54'33\"N 40°00'00\"N", X, set(), ""),  # two latitudes
    ("39°C", X, set(), ""),
]


@pytest.mark.parametrize(("value", "outcome", "tags", "normalized"), DMS_ROWS)
def test_dms_table(value: str, outcome: Outcome, tags: set[str], normalized: str) -> None:
    for text in (value, unicodedata.normalize("NFKC", value)):  # the engine passes NFKC text
        result = dms_coordinate(text)
        assert (result.outcome, set(result.tags)) == (outcome, tags), (text, result.reason)
        if normalized:
            assert result.normalized == normalized
        assert lat_lon_pair(text) == result  # one recognizer: lat_lon_pair hands DMS over


def test_registry_names() -> None:
    assert get_validator("lat_lon_pair") is lat_lon_pair
    assert get_validator("dms_coordinate") is dms_coordinate


@given(st.text(max_size=80))
def test_never_raises(text: str) -> None:
    assert lat_lon_pair(text).outcome in Outcome
    assert dms_coordinate(text).outcome in Outcome


def _micro_degrees(limit: int, at_least: int = 0) -> st.SearchStrategy[int]:
    """Micro-degrees with at_least <= |value| < limit and non-zero last two digits (5+ decimals).

    Built rather than filtered: Hypothesis favours round, small and boundary integers, and
    filtering them out tripped its too-much-filtering health check.
    """
    hundreds = st.integers(min_value=at_least // 100, max_value=limit // 100 - 1)
    last_two = st.integers(min_value=1, max_value=99)
    return st.builds(lambda h, d, neg: -(h * 100 + d) if neg else h * 100 + d, hundreds, last_two, st.booleans())


# latitude, longitude; at least one a degree or more from 0 (not near null island)
far_from_null_island = st.one_of(
    st.tuples(_micro_degrees(90_000_000, at_least=1_000_000), _micro_degrees(180_000_000)),
    st.tuples(_micro_degrees(90_000_000), _micro_degrees(180_000_000, at_least=1_000_000)),
)


def _fmt(micro: int) -> str:
    sign = "-" if micro < 0 else ""
    whole, frac = divmod(abs(micro), 1_000_000)
    return f"{sign}{whole}.{frac:06d}"


@given(far_from_null_island)
def test_precise_pairs_are_strong_in_either_order(pair: tuple[int, int]) -> None:
    lat, lon = pair
    forward = lat_lon_pair(f"{_fmt(lat)},{_fmt(lon)}")
    assert forward.outcome is S
    if abs(lon) > 90_000_000:  # the order is only inferable when one value exceeds 90
        backward = lat_lon_pair(f"{_fmt(lon)},{_fmt(lat)}")
        assert backward.outcome is S
        assert backward.normalized == forward.normalized
