"""IP address validators: spec 2.15 example table, range classification and properties."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piiscan.validators import get_validator
from piiscan.validators.base import Outcome, Verdict
from piiscan.validators.network import _classify_v4, _classify_v6, _v4_table, _v6_table, ipv4, ipv4_interface, ipv6

S, M, W, X, P = Outcome.STRONG, Outcome.MEDIUM, Outcome.WEAK, Outcome.INVALID, Outcome.PLACEHOLDER

# spec 2.15 table (the key `client_ip` is context; the validator sees the value only)
SPEC_ROWS = [
    ("36.112.10.5", S, set()),
    ("58.246.1.10", S, set()),
    ("240e:3a1:4c2:1::1", S, set()),
    ("2408:8207:1851:9a0::1", S, set()),
    ("::ffff:36.112.10.5", S, {"embedded_v4"}),
    ("8.8.8.8", P, {"infra"}),
    ("114.114.114.114", P, {"infra"}),
    ("10.1.2.3", M, {"private"}),
    ("192.168.1.1", M, {"private"}),
    ("100.64.1.1", M, {"private", "cgnat"}),
    ("192.0.2.1", P, {"documentation"}),
    ("2001:db8::1", P, {"documentation"}),
    ("fe80::1", M, {"private", "link_local"}),
    ("224.0.0.251", X, set()),  # multicast although Python says is_global
    ("1.0.2.301", X, set()),  # version string: 301 > 255
]

MORE_ROWS = [
    # brief: resolvers are placeholders tagged infra
    ("1.1.1.1", P, {"infra"}),
    ("223.5.5.5", P, {"infra"}),
    ("119.29.29.29", P, {"infra"}),
    ("180.76.76.76", P, {"infra"}),
    ("8.8.4.4", P, {"infra"}),
    ("1.0.0.1", P, {"infra"}),
    ("2001:4860:4860::8888", P, {"infra"}),
    ("198.51.100.7", P, {"documentation"}),
    ("203.0.113.200", P, {"documentation"}),
    ("127.0.0.1", P, {"private", "loopback"}),
    ("10.0.2.2", P, {"infra"}),
    ("::1", P, {"private", "loopback"}),
    ("169.254.10.20", M, {"private", "link_local"}),
    ("172.16.5.4", M, {"private"}),
    ("fd12:3456:789a::1", M, {"private"}),
    ("fe80::1%eth0", M, {"private", "link_local"}),
    ("0.0.0.0", X, set()),
    ("255.255.255.255", X, set()),
    ("0.1.2.3", X, set()),  # "this network"
    ("ff02::1", X, set()),
    ("::", X, set()),
    ("240.1.2.3", W, {"reserved"}),
    ("1.0.0.0", W, {"version_like"}),  # single-digit octets: "contentVersion": "1.0.0.0"
    ("4.2.6.2", W, {"version_like"}),
    ("01.2.3.4", X, set()),  # leading zero octet
    ("1.2.3.04", X, set()),
    ("256.1.1.1", X, set()),
    ("1.2.3", X, set()),
    ("2345:0425:2CA1::0567:5673:23b5", S, set()),
    ("2400:c401::5054:ff:fe1b:b031", S, set()),
    ("[2408:8207:1851:9a0::1]", S, set()),
    ("64:ff9b::192.0.2.1", P, {"documentation", "embedded_v4"}),  # NAT64 unwrapped
    ("::ffff:10.0.0.1", M, {"private", "embedded_v4"}),
    ("::10.0.0.1", M, {"private", "embedded_v4"}),
    ("::2", X, set()),  # a[::2] slice, not an address
    ("12:30:45", X, set()),
    ("aa:bb:cc:dd:ee:ff", X, set()),
    ("2001::db8::1", X, set()),
    ("12345:db8::1", X, set()),
    ("d80:e4b5:79da:6cf6:71f3:51f7:9161:c319", W, {"reserved"}),  # outside 2000::/3
    ("fe80::1%bad zone", X, set()),
    ("", X, set()),
]


def _validate(value: str) -> tuple[Outcome, set[str]]:
    result = ipv6(value) if ":" in value else ipv4(value)
    return result.outcome, set(result.tags)


@pytest.mark.parametrize(("value", "outcome", "tags"), SPEC_ROWS + MORE_ROWS)
def test_ip_table(value: str, outcome: Outcome, tags: set[str]) -> None:
    assert _validate(value) == (outcome, tags)


def test_normalized_forms() -> None:
    assert ipv6("2345:0425:2CA1::0567:5673:23b5").normalized == "2345:425:2ca1::567:5673:23b5"
    assert ipv6("::ffff:36.112.10.5").normalized == "36.112.10.5"
    assert ipv6("fe80::1%eth0").normalized == "fe80::1"


def test_ipv4_hands_colon_values_to_ipv6() -> None:
    assert ipv4("240e:3a1:4c2:1::1") == ipv6("240e:3a1:4c2:1::1")


def test_registry_names() -> None:
    assert get_validator("ipv4") is ipv4
    assert get_validator("ipv6") is ipv6


@given(st.text(max_size=80))
def test_never_raises(text: str) -> None:
    assert ipv4(text).outcome in Outcome
    assert ipv6(text).outcome in Outcome


@given(st.ip_addresses(v=4))
def test_ipv4_mapped_matches_ipv4(addr: ipaddress.IPv4Address) -> None:
    direct = ipv4(str(addr))
    mapped = ipv6(f"::ffff:{addr}")
    assert (mapped.outcome, mapped.normalized) == (direct.outcome, direct.normalized)


@given(st.ip_addresses(v=6))
def test_ipv6_only_global_unicast_is_strong(addr: ipaddress.IPv6Address) -> None:
    result = ipv6(str(addr))
    if result.outcome is S and "embedded_v4" not in result.tags:
        assert addr in ipaddress.ip_network("2000::/3")


def _as_tuple(result: Verdict) -> tuple[Outcome, str, frozenset[str], str]:
    return result.outcome, result.normalized, result.tags, result.reason


def test_range_tables_are_built_from_this_pythons_ipaddress() -> None:
    assert _v4_table() is not None
    assert _v6_table() is not None


@given(st.ip_addresses(v=4))
def test_v4_range_table_agrees_with_ipaddress(addr: ipaddress.IPv4Address) -> None:
    assert _as_tuple(ipv4(str(addr))) == _as_tuple(_classify_v4(addr))


@given(st.ip_addresses(v=6))
def test_v6_range_table_agrees_with_ipaddress(addr: ipaddress.IPv6Address) -> None:
    for written in (addr.compressed, addr.exploded):
        assert _as_tuple(ipv6(written)) == _as_tuple(_classify_v6(addr, written))


@pytest.mark.parametrize("version", [4, 6])
def test_range_tables_agree_at_every_cut(version: int) -> None:
    table = _v4_table() if version == 4 else _v6_table()
    assert table is not None
    for start in table[0]:
        for number in (start - 1, start, start + 1):
            if not 0 <= number < 2 ** (32 if version == 4 else 128):
                continue
            addr = ipaddress.ip_address(number) if version == 4 else ipaddress.IPv6Address(number)
            if isinstance(addr, ipaddress.IPv4Address):
                assert _as_tuple(ipv4(str(addr))) == _as_tuple(_classify_v4(addr)), addr
            else:
                assert _as_tuple(ipv6(addr.compressed)) == _as_tuple(_classify_v6(addr, addr.compressed)), addr


@given(st.ip_addresses(v=4), st.integers(0, 34))
def test_interface_agrees_with_ipaddress(addr: ipaddress.IPv4Address, prefix: int) -> None:
    result = ipv4_interface(f"{addr}/{prefix}")
    if not 8 <= prefix <= 32:
        assert result.outcome is X
    elif prefix < 32 and ipaddress.IPv4Interface(f"{addr}/{prefix}").network.network_address == addr:
        assert (result.outcome, result.reason) == (X, "network address (a route, not a host)")
    else:
        assert result == _classify_v4(addr)
