"""Column decisions (spec 1.5), one rule per row: values, name, hashed, neighbour, mixed, text, geo."""

from __future__ import annotations

import random
from typing import Any

import pyarrow as pa
import pytest

from piiscan.columns import classify_batches
from piiscan.columns.decide import ColumnJudge
from piiscan.columns.profile import ColumnProfiler
from piiscan.recognizers import load_recognizers
from piiscan.taxonomy import Taxonomy
from piiscan.validators.checksums import luhn_check_digit

SPECS = load_recognizers()
PROFILER = ColumnProfiler(SPECS)
JUDGE = ColumnJudge(SPECS, Taxonomy.from_specs(SPECS))
RNG = random.Random(5)
N = 60


def _imei() -> str:
    body = "86" + "".join(RNG.choice("0123456789") for _ in range(12))
    return body + luhn_check_digit(body)


def _hex(n: int) -> str:
    return "".join(RNG.choice("0123456789abcdef") for _ in range(n))


def _digits(n: int) -> str:
    return str(RNG.randint(1, 9)) + "".join(RNG.choice("0123456789") for _ in range(n - 1))


def _decide(columns: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    found, _ = classify_batches([pa.RecordBatch.from_pydict(columns)], PROFILER, JUDGE, source="s", table="t")
    out: dict[str, list[tuple[str, str]]] = {}
    for f in found:
        out.setdefault(f.field, []).append((f.entity, f.evidence))
    return out


IMEIS = [_imei() for _ in range(N)]


@pytest.mark.parametrize(
    ("name", "values", "expected"),
    [
        ("dev_hw", IMEIS, [("IMEI", "values")]),  # Luhn + RBI on 60 values: decisive without a name
        ("imei", IMEIS, [("IMEI", "values+name")]),
        # two thirds IMEIs among other things: still a column holding IMEIs (every IMEI-shaped value is one)
        ("dev_hw", [v if i % 3 else "n/a" for i, v in enumerate(IMEIS)], [("IMEI", "values")]),
        ("order_no", [_digits(19) for _ in range(N)], []),  # Luhn at chance rate
        ("android_id", [_hex(16) for _ in range(N)], [("ANDROID_ID", "values+name")]),
        ("c7", [_hex(16) for _ in range(N)], []),  # shape only, no name: silent
        ("span_id", [_hex(16) for _ in range(N)], []),
        ("imei_md5", [_hex(32) for _ in range(N)], [("IMEI", "name")]),
        ("imei", [None] * N, [("IMEI", "name")]),  # nothing sampled: the name speaks
        ("imei", ["4.90154E+14"] * N, [("IMEI", "name")]),  # Excel ate the digits
        ("tags", [f"user{i}@corp.cn" if i % 4 == 0 else f"tag{i}" for i in range(N)], [("EMAIL_ADDRESS", "values")]),
        ("notes", [f"my phone 139{_digits(8)} tomorrow" if i % 5 == 0 else "nothing to see here, really"
                   for i in range(N)], [("PHONE_NUMBER", "text")]),
    ],
)
def test_single_column_rules(name: str, values: list[Any], expected: list[tuple[str, str]]) -> None:
    assert _decide({name: pa.array(values, pa.string())}).get(name, []) == expected


def test_an_imei_stored_as_an_integer_gets_its_leading_zero_back() -> None:
    imeis = []
    for _ in range(N):
        body = "01" + "".join(RNG.choice("0123456789") for _ in range(12))
        imeis.append(int(body + luhn_check_digit(body)))
    assert _decide({"n": pa.array(imeis, pa.int64())}) == {"n": [("IMEI", "values")]}


def test_shape_only_columns_beside_imeis_but_not_look_alikes() -> None:
    hexes = [_hex(16) for _ in range(N)]
    found = _decide({
        "dev_hw": IMEIS, "c3": [f"46000{_digits(10)}" for _ in range(N)], "hw2": hexes, "span_id": hexes,
        "trace": [_hex(16) for _ in range(N)], "u": [str(__import__("uuid").UUID(int=RNG.getrandbits(128), version=4))
                                                   for _ in range(N)],
    })
    assert found["c3"] == [("IMSI", "neighbour")]
    assert found["hw2"] == [("ANDROID_ID", "neighbour")]  # spec 1.5: a strong column beside vouches for it
    assert found["u"] == [("ADVERTISING_ID", "neighbour")]
    assert "span_id" not in found and "trace" not in found  # named as look-alikes


def test_shape_only_columns_alone_are_silent() -> None:
    assert _decide({"hw2": [_hex(16) for _ in range(N)]}) == {}


def test_latitude_and_longitude_need_each_other() -> None:
    lat = [39.9 + RNG.random() / 10 for _ in range(N)]
    lng = [116.3 + RNG.random() / 10 for _ in range(N)]
    assert _decide({"lat": lat, "lng": lng}) == {
        "lat": [("GEO_COORDINATE", "values+name")], "lng": [("GEO_COORDINATE", "values+name")]
    }
    assert _decide({"lat": lat, "price": lng}) == {}


def test_coarse_coordinates_are_tagged() -> None:
    found, _ = classify_batches(
        [pa.RecordBatch.from_pydict({"lat": [39.9] * N, "lon": [116.4] * N})], PROFILER, JUDGE, source="s", table="t"
    )
    assert all(f.tags == ("coarse",) for f in found)


def test_findings_carry_counts_reason_and_no_raw_value() -> None:
    found, _ = classify_batches(
        [pa.RecordBatch.from_pydict({"dev_hw": IMEIS + [None] * 5})], PROFILER, JUDGE, source="db", table="t"
    )
    (finding,) = found
    assert (finding.rows_scanned, finding.matches, finding.ratio) == (N + 5, N, 1.0)
    assert "header 'dev_hw' gives no hint" in finding.reason
    assert finding.location == "db#t.dev_hw"
    record = str(finding.to_record())
    assert not any(imei in record for imei in IMEIS)
