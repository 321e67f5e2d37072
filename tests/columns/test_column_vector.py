"""Vectorised validators agree with the Python validators on every value (outcome only).

Each covered validator gets a hand-picked table (every branch: valid, placeholder, each invalid
reason, odd layouts that take the Python fallback) and hypothesis properties generating values of
the right shape plus junk. The oracle is always the Python validator itself.
"""

from __future__ import annotations

import datetime
import ipaddress
import random
import string
import sys
from collections.abc import Callable, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from piiscan.columns.vector import (
    OUTCOME_CODES,
    PY_WHITESPACE,
    VECTORISED,
    ipv4_boundaries,
    outcome_code,
    vector_validator,
)
from piiscan.validators import VALIDATORS, get_validator
from piiscan.validators.base import Outcome
from piiscan.validators.checksums import luhn_check_digit, mod11_2_check
from piiscan.validators.device import _RBI_ANY, IMEI_PLACEHOLDERS, MAC_PLACEHOLDERS
from piiscan.validators.financial import _NETWORKS, _TEST_PANS

S, M, W, X, P = Outcome.STRONG, Outcome.MEDIUM, Outcome.WEAK, Outcome.INVALID, Outcome.PLACEHOLDER
DIGITS = "0123456789"
HEX = "0123456789abcdef"


def python_codes(name: str, values: Sequence[str]) -> list[int]:
    validator = get_validator(name)
    return [outcome_code(validator(v).outcome) for v in values]


def assert_agrees(name: str, values: Sequence[str]) -> list[int]:
    """Vector and Python outcomes are equal for every value; returns the codes."""
    vector = vector_validator(name)
    assert vector is not None
    got = vector(pa.array(list(values), type=pa.string()))
    assert got.dtype == np.int8
    assert len(got) == len(values)
    expected = python_codes(name, values)
    wrong = [
        (v, OUTCOME_CODES[g], OUTCOME_CODES[e])
        for v, g, e in zip(values, got.tolist(), expected, strict=True)
        if g != e
    ]
    assert not wrong, f"{name}: (value, vector, python) {wrong[:10]}"
    return expected


def luhn_fixed(body: str) -> str:
    return body + luhn_check_digit(body)


def padded(core: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """``core`` sometimes wrapped in whitespace that ``str.strip`` removes."""
    edge = st.sampled_from(["", "", "", " ", "\t", "\n", "\u3000", "\xa0", "\x1c"])
    return st.builds(lambda a, c, b: a + c + b, edge, core, edge)


def digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=DIGITS, min_size=n, max_size=n)


def hexes(n: int, alphabet: str = HEX) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, min_size=n, max_size=n)


JUNK = (
    st.text(max_size=30)
    | st.text(alphabet=string.printable, max_size=30)
    | st.text(alphabet=DIGITS + " -", max_size=22)
)


def values_of(core: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(padded(core) | JUNK, min_size=1, max_size=40)


# --- API ----------------------------------------------------------------------------------------


def test_registry() -> None:
    assert set(VECTORISED) <= set(VALIDATORS)
    assert vector_validator("phone") is None
    assert vector_validator("nonexistent") is None
    assert OUTCOME_CODES == ("invalid", "placeholder", "weak", "medium", "strong")
    for outcome in Outcome:
        assert OUTCOME_CODES[outcome_code(outcome)] == outcome.value


def test_whitespace_is_what_str_strip_removes() -> None:
    expected = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
    assert expected == PY_WHITESPACE


@pytest.mark.parametrize("name", VECTORISED)
def test_array_forms(name: str) -> None:
    """Nulls are INVALID; chunked, large-string, sliced and empty arrays work."""
    vector = vector_validator(name)
    assert vector is not None
    sample = ["352099001761481", "11010519491231002X", " 13912345678", "a@b.com", "8.8.4.4", None, ""]
    expected = [
        c if v is not None else 0 for v, c in zip(sample, python_codes(name, [v or "" for v in sample]), strict=True)
    ]
    assert vector(pa.array(sample)).tolist() == expected
    assert vector(pa.array(sample, type=pa.large_string())).tolist() == expected
    assert vector(pa.chunked_array([sample[:3], sample[3:]])).tolist() == expected
    assert vector(pa.array(["x", *sample]).slice(1)).tolist() == expected
    assert vector(pa.array([], type=pa.string())).tolist() == []
    assert python_codes(name, [""]) == [0]  # a null is validated as ""


@pytest.mark.parametrize("name", VECTORISED)
def test_input_is_not_modified(name: str) -> None:
    """The byte matrices are copies: a one-value array (whose matrix could be a view) stays intact."""
    vector = vector_validator(name)
    assert vector is not None
    for value in ("352099001761481", "13957924680", "8986001234567890123", "00:1a:2b:3c:4d:5e"):
        array = pa.array([value])
        vector(array)
        assert array.to_pylist() == [value]


# --- hand-picked tables ---------------------------------------------------------------------------

IMEI = [
    "490154203237518", "352099001761481", "869817040123454", "013263001234565", "990001234567899",
    "490154203237519", "123456789012345", "000000000000000", "004999010640000", "012345678901237",
    "460001234567890", "352099001761480", "350000000000000", "352099000000005", "352099000000000",
    "012345678901234", "3520990017614823", "3520990017614899", "0049990106400005", "3500000000000000",
    "4601234567890123", "35209900176148", "01234567890123", "00000000000000", "00123456789012",
    "12345678901234", "13263001234565", "13263001234566", "45678901234567", "4901542032375",
    "35-209900-176148-1", "35 209900 176148 1", "35209900-176148-1", "350077-52-323751-3",
    "35-209900-176148-23", "35-209900 176148-1", "imei-352099001761481", "IMEISV-3520990017614823",
    "imei-35209900176148", " 352099001761481 ", "\u3000352099001761481", "３５２０９９００１７６１４８１",
    "35209900176148x", "", "352099001761481352099001761481",
]  # fmt: skip
CN_RIC = [
    "11010519491231002X", "11010519491231002x", "341126197709218366", "110105194912310021",
    "110105194912310020", "440308199901011235", "44030819990101123X", "810000199408230021",
    "830000199201300022", "911101199001010012", "913101199001010012", "990101199001010012",
    "050101199001010012", "010101199001010012", "110101187901010012", "110101199002290012",
    "110101200002290012", "110101190002290012", "110101199013010012", "110101299001010012",
    "110105491231002", "110105490229002", "110105480229002", "810000940823002", "011050491231002",
    "110105 19491231 002X", "110105 19491231002X", "1101051949123100 2X", "11010519491231002Y", "",
]  # fmt: skip
ICCID = [
    "89860012345678901234", "8986001234567890123", "8991101200003204514", "89014103211118510720",
    "8901410321111851072F", "8901410321111851072f", "8986001234567890123F", "89860011111111111111",
    "8986001111111111114", "89860011111111111112", "8944110011111111111", "88014103211118510720",
    "890141032111185107200",
    "8986 0012 3456 7890 123", "8901-4103-2111-1851-0720", "8901 4103-2111 1851 0720",
    "8901410321111851072 F", "89014103211118510720F", "898600123456789012", "",
]  # fmt: skip
CARDS = [
    "4111111111111111", "4012888888881881", "4539578763621486", "5425233430109903", "2223000048410010",
    "374245455400126", "6011000991300009", "3530111333300000", "6200000000000005", "6212345678901232",
    "6212345678901234", "8171999927660000", "8100123456789012", "4222222222222", "4539578763621",
    "30569309025904", "36227206271667", "180012345678902", "213112345678903", "220000000000000008",
    "5019717010103742", "676770000000000001", "501812345678", "4539578763621487", "3530111333300001",
    "4000000000000002", "4000000001234562", "4444444444444448", "9111111111111111", "41111111111",
    "41111111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "3782 822463 10005",
    "4111 1111-1111 1111", "4111111111111111 ", "",
]  # fmt: skip
IMSI = [
    "460001357924680", "46000135792468", "460011357924680", "310150135792468", "234150135792468",
    "262019735182461", "310260135792468", "46002135792468", "90128135792468", "310260000000000",
    "000000000000000", "001010123456789", "999991357924680", "460001111111111", "460000000000003",
    "460001234567890", "460000001234567", "111111357924680", "46000123456", "4600012345678901",
    "460 00 1357924680", "46000-1357924680", "460 00-1357924680", "imsi-460001357924680", "IMSI-46000135792468",
    "suci-0-460-00-0-0-0-1357924680", "suci-0-460-00-0-1-0-1357924680", "",
]  # fmt: skip
EMAIL = [
    "john.doe@gmail.com", "Li.Wei@Company.COM.cn", "12345678@qq.com", "a@b.co", "user@example.com",
    "user@mail.example.org", "x@foo.test", "x@foo.invalid", "test@company.com", "No-Reply@company.com",
    "git@github.com", "GIT@GitHub.com", "image@2x.png", "icon@3x.WEBP", "a@b", "a..b@c.com", ".a@c.com",
    "a.@c.com", "a@-b.com", "a@b-.com", "a@b..com", "a@b.c", "a@b.c0m", "a@b.xn--p1ai", "a@b.XN--P1AI",
    "a@@b.com", "a b@c.com", "a@b.com.", "@b.com", "a@", "x" * 65 + "@b.com", "x@" + "a" * 250 + ".com",
    "a@\u212aelvin.com", "a@\u212a.example.com", "é@b.com", "a@bé.com", "user@users.noreply.github.com",
    " user@gmail.com ", "",
]  # fmt: skip
CN_MOBILE = [
    "13957924680", "19957924680", "16257924680", "14057924680", "17957924680", "17951357924", "13800138000",
    "13888888888", "13911111111", "13912345678", "13987654321", "15555215554", "12345678901", "23912345678",
    "+8613957924680", "+86 139 5792 4680", "+86-13957924680", "008613957924680", "0086 13957924680",
    "(+86)13957924680", "(86) 139-5792-4680", "86 13957924680", "86-139-5792-4680", "8613957924680",
    "139 5792 4680", "139-5792-4680", "139 5792-4680", "139-57924680", "+8617957924680", "+86 179 5135 7924",
    "+86 140 5792 4680", "+8613800138000", "1395792468", "139579246801", "１３９５７９２４６８０", "",
]  # fmt: skip
MAC = [
    "00:1a:2b:3c:4d:5e", "00-1A-2B-3C-4D-5E", "02:1a:2b:3c:4d:5e", "01:1a:2b:3c:4d:5e", "ff:ff:ff:ff:ff:ff",
    "00:00:00:00:00:00", "AC:DE:48:00:11:22", "00:50:56:aa:bb:cc", "001a2b3c4d5e", "001A2B3C4D5E",
    "abcdefabcdef", "aabbccddeeff", "011a2b3c4d5e", "001a.2b3c.4d5e", "001A.2B3C.4D5E", "011a.2b3c.4d5e",
    "001a.2b3c.4d5g", "0:1a:2b:3c:4d:5e", "0:0:0:0:0:0", "1:2:3:4:5:67", "2:1a:2b:3c:4d:5", "0-1a-2b-3c-4d-5e",
    "00:1a:2b:3c:4d-5e", "00:1a:2b:3c:4d:5g", "00:1a:2b:3c:4d", "00:1a:2b:3c:4d:5e:6f", "001a2b3c4d5", "",
    "00:1a:2b:3c:4d:5e ", "00::1a:2b:3c:4d", "1:2:3:4:5:6", "001a2b3c4d5e6f",
]  # fmt: skip
ANDROID_ID = [
    "9774d56d682e549c", "0000000000000000", "0123456789abcdef", "unknown", "UNKNOWN", "un\u212anown",
    "a1b2c3d4e5f60718", "1234567890123456", "abcdefabcdefabcd", "A1B2C3D4E5F60718", "a1b2c3d4e5f607",
    "0a1b2c3d4e5f607", "a1b2c3d4e5f6071", "a1b2c3d4e5f6", "a1b2c3d4e5f607182", "a1b2c3d4e5f6071g",
    " a1b2c3d4e5f60718", "",
]  # fmt: skip
UUIDS = [
    "38400000-8cf0-11bd-b23e-10b96e40000d", "38400000-8CF0-11BD-B23E-10B96E40000D",
    "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
    "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", "6d92078a-8246-4ba4-ae5b-76104861e7dc",
    "cdda802e-fb9c-47ad-9866-0794d394c912", "CDDA802E-FB9C-47AD-9866-0794D394C912",
    "CDDA802E-fb9c-47AD-9866-0794d394c912", "cdda802e-fb9c-47ad-9866-0794d394c91g",
    "cdda802efb9c47ad98660794d394c912", "cdda802e-fb9c-47ad-9866_0794d394c912",
    "{cdda802e-fb9c-47ad-9866-0794d394c912}",
    "a1b2c3d4e5f60718", "1234567890123456", "abcdefabcdefabcd", "a1b2c3d4e5f6071a2b3c4d5e6f708192",
    "A1B2C3D4E5F6071A2B3C4D5E6F708192", "a" * 64, "A1" * 32, "a1" * 32, "A1b2" * 16, "0" * 16, "0" * 32,
    "a1b2c3d4e5f6071", "",
]  # fmt: skip
FIREBASE_ID = [
    "cAbc123XyZ-_defGHIjk9L", "fAbc123XyZ-_defGHIjk9L", "dabcdefghijklmnopqrstu", "dABCDEFGHIJKLMNOPQRST1",
    "eabc123xyz-_defghijk9l", "aAbc123XyZ-_defGHIjk9L", "cAbc123XyZ-_defGHIjk9!", "cAbc123XyZ-_defGHIjk9",
    "fe7v8fhgq84", "cFe7V8fhgq8", "ec2_backend", "ec2_Backend", "eventHandler", "dataSource", "fAbcDefGhij",
    "dabcdefghij", "d1234567890", "d123456789_", "d-Ab3", "cAbc123XyZ-_defGHIjk9L ", "",
]  # fmt: skip
IPV4 = [
    "8.8.8.8", "114.114.114.114", "1.1.1.1", "36.112.10.20", "203.0.113.7", "192.0.2.1", "198.51.100.255",
    "10.0.2.15", "10.0.2.2", "10.1.2.3", "172.16.0.1", "172.32.0.1", "192.168.1.1", "100.64.0.1",
    "100.128.0.1", "127.0.0.1", "169.254.1.1", "224.0.0.1", "239.255.255.255", "240.0.0.1",
    "255.255.255.255", "0.0.0.0", "0.1.2.3", "1.2.3.4", "7.1.4.34", "9.9.9.10", "10.9.9.9", "192.0.0.9",
    "198.18.0.1", "01.2.3.4", "256.1.1.1", "1.2.3", "1.2.3.4.5", "1.2.3.4 ", "::1", "2001:db8::1",
    "::ffff:8.8.8.8", "fe80::1%eth0", "2400:3200::1", "1:2", "",
]  # fmt: skip

TABLES: list[tuple[str, list[str], set[Outcome]]] = [
    ("imei", IMEI, {S, M, W, X, P}),
    ("cn_ric", CN_RIC, {S, W, X, P}),
    ("iccid", ICCID, {S, W, X, P}),
    ("payment_card", CARDS, {S, W, X, P}),
    ("imsi", IMSI, {S, M, W, X, P}),
    ("email", EMAIL, {S, X, P}),
    ("cn_mobile", CN_MOBILE, {S, M, W, X, P}),
    ("mac", MAC, {S, M, W, X, P}),
    ("android_id", ANDROID_ID, {W, X, P}),
    ("oaid", UUIDS, {W, X, P}),
    ("ad_uuid", UUIDS, {W, X, P}),
    ("firebase_id", FIREBASE_ID, {M, W, X}),
    ("ipv4", IPV4, {S, M, W, X, P}),
]


@pytest.mark.parametrize(("name", "values", "outcomes"), TABLES, ids=[t[0] for t in TABLES])
def test_hand_picked(name: str, values: list[str], outcomes: set[Outcome]) -> None:
    codes = assert_agrees(name, values)
    assert {OUTCOME_CODES[c] for c in codes} == {o.value for o in outcomes}  # the table covers every outcome


def test_every_validator_has_a_table() -> None:
    assert {t[0] for t in TABLES} == set(VECTORISED)


# --- properties: IMEI -----------------------------------------------------------------------------

RBI = st.sampled_from(sorted(_RBI_ANY | {"12", "46", "77"}))  # every allocated body and a few others
SNR = digits(6) | st.sampled_from(["000000", "123456", "654321", "111111", "890123"])
IMEI_BODY = st.builds(lambda r, t, s: r + t + s, RBI, digits(6), SNR)  # 14 digits


def _imei_layout(text: str, sep: str, cut: tuple[int, ...]) -> str:
    parts, start = [], 0
    for size in cut:
        parts.append(text[start : start + size])
        start += size
    parts.append(text[start:])
    return sep.join(p for p in parts if p)


IMEI_VALUES = st.one_of(
    IMEI_BODY.map(luhn_fixed),
    st.builds(lambda b, d: b + d, IMEI_BODY, st.sampled_from(DIGITS)),
    st.builds(lambda b, sv: b + sv, IMEI_BODY, digits(2) | st.just("99")),
    IMEI_BODY,
    IMEI_BODY.map(lambda b: luhn_fixed(b)[1:] if b[0] == "0" else b),
    st.sampled_from(sorted(IMEI_PLACEHOLDERS)),
    st.sampled_from(sorted(IMEI_PLACEHOLDERS)).map(lambda p: p[:14] + "12"),
    digits(14) | digits(15) | digits(16),
    st.builds(lambda s, n: ("0123456789" * 3)[s : s + n], st.integers(0, 9), st.sampled_from([14, 15, 16])),
    st.builds(
        _imei_layout,
        IMEI_BODY.map(luhn_fixed),
        st.sampled_from([" ", "-"]),
        st.sampled_from([(2, 6, 6), (8, 6), (6, 2, 6)]),
    ),
    st.builds(lambda p, b: p + luhn_fixed(b), st.sampled_from(["imei-", "IMEI-", "imeisv-"]), IMEI_BODY),
)


@given(values_of(IMEI_VALUES))
def test_imei_property(values: list[str]) -> None:
    assert_agrees("imei", values)


# --- properties: China resident ID ----------------------------------------------------------------

RIC_ADDRESS = st.one_of(
    st.builds(
        lambda p, r: p + r, st.sampled_from(["11", "31", "44", "65", "71", "10", "39", "81", "99", "05"]), digits(4)
    ),
    st.sampled_from(["810000", "820000", "830000", "840000"]),
    st.builds(lambda p: "9" + p + "156", st.sampled_from(["11", "44", "99"])),
    digits(6),
)
RIC_DATE = st.dates(min_value=datetime.date(1860, 1, 1), max_value=datetime.date(2040, 12, 31)).map(
    lambda d: d.strftime("%Y%m%d")
) | st.builds(lambda y, m, d: f"{y:04d}{m:02d}{d:02d}", st.integers(0, 2999), st.integers(0, 13), st.integers(0, 32))


def _ric(address: str, born: str, seq: str, check: str | None) -> str:
    body = address + born + seq
    return body + (mod11_2_check(body) if check is None else check)


RIC_VALUES = st.one_of(
    st.builds(_ric, RIC_ADDRESS, RIC_DATE, digits(3), st.none() | st.sampled_from("0123456789Xx")),
    st.builds(lambda a, d, s: a + d[2:] + s, RIC_ADDRESS, RIC_DATE, digits(3)),
    st.builds(
        lambda r, sep: r[:6] + sep + r[6:14] + sep + r[14:],
        st.builds(_ric, RIC_ADDRESS, RIC_DATE, digits(3), st.none()),
        st.sampled_from([" ", "-", ""]),
    ),
    st.sampled_from(["11010519491231002X", "11010519491231002x", "341126197709218366"]),
    digits(15) | digits(17) | digits(18),
)


@given(values_of(RIC_VALUES))
def test_cn_ric_property(values: list[str]) -> None:
    assert_agrees("cn_ric", values)


# --- properties: ICCID ----------------------------------------------------------------------------

ICCID_BODY = st.builds(lambda p, d: p + d, st.sampled_from(["89", "8986", "891", "88", "98"]), digits(16))
ICCID_VALUES = st.one_of(
    ICCID_BODY.map(lambda b: b[:18]).map(luhn_fixed),
    ICCID_BODY.map(lambda b: b[:19]).map(luhn_fixed),
    ICCID_BODY.map(lambda b: b[:19]),
    ICCID_BODY.map(lambda b: b[:20]),
    st.builds(lambda b, f: b[:19] + f, ICCID_BODY, st.sampled_from(["F", "f", " F", "-f", "FF"])),
    st.builds(
        lambda p, f: luhn_fixed(p + "0" * 11 + f), st.sampled_from(["898600", "891004"]), st.sampled_from(["", "0"])
    ),
    st.builds(
        lambda b, s: s.join(b[i : i + 4] for i in range(0, 20, 4)),
        ICCID_BODY.map(lambda b: luhn_fixed(b[:19])),
        st.sampled_from([" ", "-"]),
    ),
)


@given(values_of(ICCID_VALUES))
def test_iccid_property(values: list[str]) -> None:
    assert_agrees("iccid", values)


# --- properties: payment cards --------------------------------------------------------------------

CARD_PREFIXES = sorted(
    {low for _, ranges, _ in _NETWORKS for low, _ in ranges}
    | {high for _, ranges, _ in _NETWORKS for _, high in ranges}
    | {"4", "62", "81", "3", "9", "6"}
)


def _card(prefix: str, length: int, tail: str, fix: bool) -> str:
    body = (prefix + tail)[: length - 1] if fix else (prefix + tail)[:length]
    return luhn_fixed(body) if fix else body


CARD_VALUES = st.one_of(
    st.builds(_card, st.sampled_from(CARD_PREFIXES), st.integers(11, 21), digits(20), st.booleans()),
    st.builds(
        _card,
        st.sampled_from(CARD_PREFIXES),
        st.integers(12, 19),
        st.sampled_from(["0" * 20, "1" * 20, "12345678" * 3]),
        st.booleans(),
    ),
    st.sampled_from(sorted(_TEST_PANS)),
    st.builds(
        lambda c, s: s.join(c[i : i + 4] for i in range(0, len(c), 4)),
        st.builds(_card, st.sampled_from(CARD_PREFIXES), st.integers(13, 19), digits(20), st.booleans()),
        st.sampled_from([" ", "-"]),
    ),
)


@given(values_of(CARD_VALUES))
def test_payment_card_property(values: list[str]) -> None:
    assert_agrees("payment_card", values)


# --- properties: IMSI -----------------------------------------------------------------------------

MCC = st.sampled_from(["460", "310", "311", "234", "262", "404", "405", "440", "001", "999", "000", "123", "901"])
MSIN = digits(10) | st.sampled_from(
    ["0000000000", "0000000003", "1234567890", "1111111111", "0012345678", "9876543210"]
)
IMSI_VALUES = st.one_of(
    st.builds(lambda m, n, s: (m + n + s)[:15], MCC, digits(3), MSIN),
    st.builds(lambda m, n, s: (m + n + s)[:14], MCC, digits(2), MSIN),
    st.builds(lambda m, n, s: m + n + s, MCC, digits(2), MSIN),
    st.sampled_from(["310260000000000", "000000000000000"]),
    st.builds(lambda m, n, s, sep: sep.join([m, n, s]), MCC, digits(2), MSIN, st.sampled_from([" ", "-"])),
    st.builds(lambda m, n, s: f"imsi-{m}{n}{s}", MCC, digits(2), MSIN),
    digits(14) | digits(15),
)


@given(values_of(IMSI_VALUES))
def test_imsi_property(values: list[str]) -> None:
    assert_agrees("imsi", values)


# --- properties: e-mail ---------------------------------------------------------------------------

LOCAL = st.text(alphabet=string.ascii_letters + string.digits + "._%+-", min_size=1, max_size=66) | st.sampled_from(
    ["test", "TEST", "noreply", "no_reply", "foo", "git", "your.name", "john.doe"]
)
LABEL = st.text(alphabet=string.ascii_letters + string.digits + "-", min_size=1, max_size=12)
TLD = st.sampled_from(
    ["com", "cn", "COM", "png", "Jpg", "test", "example", "local", "c", "c0", "xn--p1ai", "XN--P1AI", "x" * 25]
)
DOMAIN = st.one_of(
    st.builds(lambda ls, t: ".".join([*ls, t]), st.lists(LABEL, min_size=1, max_size=3), TLD),
    st.sampled_from(
        [
            "example.com",
            "sub.example.org",
            "EXAMPLE.NET",
            "users.noreply.github.com",
            "github.com",
            "qq.com",
            "\u212aa.com",
            "notexample.com",
        ]
    ),
)
EMAIL_VALUES = st.builds(
    lambda lo, d, sep: lo + sep + d, LOCAL, DOMAIN, st.sampled_from(["@", "@", "@", "@@", " @", ""])
)


@given(values_of(EMAIL_VALUES))
def test_email_property(values: list[str]) -> None:
    assert_agrees("email", values)


# --- properties: Chinese mobile numbers -----------------------------------------------------------

CN_BODY = st.builds(lambda a, b: "1" + a + b, st.sampled_from("0123456789"), digits(9)) | st.sampled_from(
    ["13800138000", "13888888888", "13912345678", "13987654321", "17951234567", "15555215554", "19999999999"]
)
CN_VALUES = st.builds(
    lambda cc, n, sep: cc + n[:3] + sep + n[3:7] + sep + n[7:],
    st.sampled_from(["", "", "+86", "+86 ", "+86-", "0086", "0086 ", "(+86)", "(86) ", "86 ", "86-", "86", "+85"]),
    CN_BODY,
    st.sampled_from(["", "", " ", "-"]),
) | st.builds(
    lambda n, sep: n[:3] + sep[0] + n[3:7] + sep[1] + n[7:], CN_BODY, st.sampled_from([" -", "- ", "  ", "--", " ."])
)


@given(values_of(CN_VALUES))
def test_cn_mobile_property(values: list[str]) -> None:
    assert_agrees("cn_mobile", values)


def test_cn_mobile_listing_by_prefix() -> None:
    """Every 4-digit prefix 1000-1999 with random tails: the libphonenumber listing agrees."""
    rng = random.Random(7)
    values = [f"{p}{rng.randrange(10**7):07d}" for p in range(1000, 2000) for _ in range(3)]
    assert_agrees("cn_mobile", values)
    assert_agrees("cn_mobile", ["+86" + v for v in values[::7]])


# --- properties: MAC ------------------------------------------------------------------------------

OCTETS = st.lists(st.integers(0, 255), min_size=6, max_size=6) | st.sampled_from(
    [[int(o, 16) for o in p.split(":")] for p in sorted(MAC_PLACEHOLDERS)]
)


def _mac(octets: list[int], style: str, upper: bool) -> str:
    hexes = [f"{o:02x}" for o in octets]
    text = {
        "colon": ":".join(hexes),
        "dash": "-".join(hexes),
        "bare": "".join(hexes),
        "cisco": ".".join("".join(hexes[i : i + 2]) for i in range(0, 6, 2)),
        "unpadded": ":".join(f"{o:x}" for o in octets),
        "mixed": ":".join(hexes[:5]) + "-" + hexes[5],
        "short": ":".join(hexes[:5]),
    }[style]
    return text.upper() if upper else text


MAC_VALUES = (
    st.builds(
        _mac, OCTETS, st.sampled_from(["colon", "dash", "bare", "cisco", "unpadded", "mixed", "short"]), st.booleans()
    )
    | hexes(12, "abcdef")
    | hexes(12)
    | st.text(alphabet=HEX + ":-.", min_size=11, max_size=17)
)


@given(values_of(MAC_VALUES))
def test_mac_property(values: list[str]) -> None:
    assert_agrees("mac", values)


# --- properties: Android ID, UUIDs and OAIDs ------------------------------------------------------

ANDROID_VALUES = st.one_of(
    st.integers(12, 17).flatmap(hexes),
    st.integers(13, 16).flatmap(lambda n: hexes(n, DIGITS) | hexes(n, "abcdef") | hexes(n, HEX + "ABCDEF")),
    st.sampled_from(["9774d56d682e549c", "unknown", "Unknown", "un\u212anown", "0123456789ABCDEF"]),
)


@given(values_of(ANDROID_VALUES))
def test_android_id_property(values: list[str]) -> None:
    assert_agrees("android_id", values)


def _uuid(text: str, case: str) -> str:
    body = f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
    return {"lower": body, "upper": body.upper(), "mixed": body[:18].upper() + body[18:]}[case]


UUID_VALUES = st.builds(
    _uuid,
    hexes(32) | st.sampled_from(HEX).map(lambda c: c * 32) | st.sampled_from(["384000008cf011bdb23e10b96e40000d"]),
    st.sampled_from(["lower", "upper", "mixed"]),
)
OAID_VALUES = st.one_of(
    UUID_VALUES,
    st.sampled_from([16, 32, 64]).flatmap(
        lambda n: hexes(n) | hexes(n, "0123456789ABCDEF") | hexes(n, "0a") | hexes(n, "aA")
    ),
    st.sampled_from([16, 32, 64]).flatmap(lambda n: st.sampled_from(HEX + "A").map(lambda c: c * n)),
    hexes(16, DIGITS) | hexes(16, "abcdef") | hexes(15) | hexes(36),
)


@given(values_of(UUID_VALUES | OAID_VALUES))
def test_ad_uuid_property(values: list[str]) -> None:
    assert_agrees("ad_uuid", values)


@given(values_of(OAID_VALUES))
def test_oaid_property(values: list[str]) -> None:
    assert_agrees("oaid", values)


# --- properties: Firebase IDs ---------------------------------------------------------------------

B64URL = string.ascii_letters + string.digits + "-_"
FIREBASE_VALUES = st.one_of(
    st.builds(lambda f, t: f + t, st.sampled_from("cdefa"), st.text(alphabet=B64URL, min_size=21, max_size=21)),
    st.builds(lambda f, t: f + t, st.sampled_from("cdefa"), st.text(alphabet=B64URL, min_size=10, max_size=10)),
    st.builds(
        lambda f, t: f + t,
        st.sampled_from("cdef"),
        st.text(alphabet=string.ascii_lowercase + "_0", min_size=10, max_size=10),
    ),
    st.sampled_from(["eventHandler", "dataSource", "fooBar", "deviceToken"]).map(lambda w: w[:11].ljust(11, "x")),
    st.text(alphabet=B64URL + "!.", min_size=10, max_size=23),
)


@given(values_of(FIREBASE_VALUES))
def test_firebase_id_property(values: list[str]) -> None:
    assert_agrees("firebase_id", values)


# --- properties: IPv4 -----------------------------------------------------------------------------

IPV4_VALUES = st.one_of(
    st.ip_addresses(v=4).map(str),
    st.ip_addresses(v=6).map(str),
    st.builds(lambda a, z: f"[{a}%{z}]", st.ip_addresses(v=6).map(str), st.text(alphabet="eth0._-!", max_size=4)),
    st.text(alphabet="0123456789abcdefABCDEFg:.%[]", max_size=24),
    st.lists(st.integers(0, 12), min_size=4, max_size=4).map(lambda o: ".".join(map(str, o))),
    st.lists(st.sampled_from(["0", "00", "01", "10", "255", "256", "999", "1"]), min_size=3, max_size=5).map(".".join),
)


@given(values_of(IPV4_VALUES))
def test_ipv4_property(values: list[str]) -> None:
    assert_agrees("ipv4", values)


def test_ipv4_range_boundaries() -> None:
    """Both sides of every range boundary, and a sweep over the whole address space."""
    points = {p + d for p in ipv4_boundaries() for d in (-1, 0, 1) if 0 <= p + d < 1 << 32}
    points.update(range(0, 1 << 32, (1 << 32) // 4099))
    assert_agrees("ipv4", [str(ipaddress.IPv4Address(p)) for p in sorted(points)])


# --- bulk random arrays (the shapes of a warehouse column) ------------------------------------------


def _bulk(make: Callable[[random.Random], str], count: int = 3000) -> list[str]:
    rng = random.Random(20240611)
    return [make(rng) for _ in range(count)]


def _rdigits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(DIGITS) for _ in range(n))


def _bulk_imei(r: random.Random) -> str:
    if r.random() < 0.7:
        return luhn_fixed(r.choice(["35", "86", "01", "49", "00", "99"]) + _rdigits(r, 12))
    return _rdigits(r, r.choice([14, 15, 16]))


def _bulk_ric(r: random.Random) -> str:
    born = f"{r.randrange(1900, 2030)}{r.randrange(1, 13):02d}{r.randrange(1, 32):02d}"
    check = None if r.random() < 0.7 else r.choice("0123456789X")
    return _ric(r.choice(["11", "31", "44", "51"]) + _rdigits(r, 4), born, _rdigits(r, 3), check)


def _bulk_iccid(r: random.Random) -> str:
    return luhn_fixed("8986" + _rdigits(r, r.choice([14, 15]))) if r.random() < 0.7 else "89" + _rdigits(r, 17)


def _bulk_card(r: random.Random) -> str:
    card = luhn_fixed(r.choice(["4", "51", "62", "37", "35", "6011"]) + _rdigits(r, r.choice([11, 12, 13, 14])))
    return card if r.random() < 0.8 else card + _rdigits(r, 1)


def _bulk_imsi(r: random.Random) -> str:
    return r.choice(["46000", "46001", "46011", "31026", "23415", "00101", "90128"]) + _rdigits(r, r.choice([9, 10]))


def _bulk_email(r: random.Random) -> str:
    return (
        f"{r.choice(['a', 'li.wei', 'x_y', 'test'])}{r.randrange(1000)}@{r.choice(['qq.com', 'example.com', 'b.cn'])}"
    )


def _bulk_hex(r: random.Random, width: int) -> str:
    return "".join(r.choice(HEX) for _ in range(width))


BULK: list[tuple[str, Callable[[random.Random], str]]] = [
    ("imei", _bulk_imei),
    ("cn_ric", _bulk_ric),
    ("iccid", _bulk_iccid),
    ("payment_card", _bulk_card),
    ("imsi", _bulk_imsi),
    ("cn_mobile", lambda r: "1" + r.choice("3456789") + _rdigits(r, 9)),
    ("email", _bulk_email),
    ("mac", lambda r: ":".join(f"{r.randrange(256):02x}" for _ in range(6))),
    ("android_id", lambda r: _bulk_hex(r, 16)),
    ("oaid", lambda r: _bulk_hex(r, r.choice([16, 32, 64]))),
    ("ad_uuid", lambda r: _uuid(_bulk_hex(r, 32), "lower")),
    ("firebase_id", lambda r: r.choice("cdef") + "".join(r.choice(B64URL) for _ in range(r.choice([10, 21])))),
    ("ipv4", lambda r: ".".join(str(r.randrange(256)) for _ in range(4))),
]


@pytest.mark.parametrize(("name", "make"), BULK, ids=[b[0] for b in BULK])
def test_bulk_random(name: str, make: Callable[[random.Random], str]) -> None:
    assert_agrees(name, _bulk(make))


def test_mixed_edges_keep_positions() -> None:
    """Values needing strip are validated apart and written back to their own positions."""
    values = [" 352099001761481", "352099001761481", "\u3000352099001761480\t", "490154203237518", "é", ""] * 5
    vector = vector_validator("imei")
    assert vector is not None
    got = vector(pc.cast(pa.array(values), pa.large_string()))
    assert got.tolist() == python_codes("imei", values)
