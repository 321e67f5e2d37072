"""IP address validators (spec 2.15): classify with the stdlib :mod:`ipaddress` module.

Outcomes: public global unicast -> STRONG; private, loopback, link-local, CGNAT -> MEDIUM
(tag ``private``); documentation ranges and public DNS resolvers -> PLACEHOLDER; multicast,
unspecified, broadcast and "this network" -> INVALID; reserved/unallocated space -> WEAK.
"""

from __future__ import annotations

import ipaddress
import re
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache

from piiscan.validators.base import INVALID, Outcome, Verdict, verdict

_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
_IPV4_SHAPE = re.compile(rf"{_OCTET}(?:\.{_OCTET}){{3}}")
_IPV6_CHARS = re.compile(r"[0-9A-Fa-f:.]{2,45}")
_ZONE = re.compile(r"[0-9A-Za-z_.\-]{1,32}")
_MAC_SHAPE = re.compile(r"[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}")
_TIME_SHAPE = re.compile(r"[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?")

#: Public DNS resolvers and anycast infrastructure: configuration, not a user's address.
# fmt: off
_RESOLVERS = frozenset({
    "8.8.8.8", "8.8.4.4", "1.1.1.1", "1.0.0.1", "9.9.9.9", "149.112.112.112", "114.114.114.114",
    "114.114.115.115", "223.5.5.5", "223.6.6.6", "119.29.29.29", "180.76.76.76", "208.67.222.222",
    "208.67.220.220", "4.2.2.1", "4.2.2.2", "2001:4860:4860::8888", "2001:4860:4860::8844",
    "2606:4700:4700::1111", "2606:4700:4700::1001", "2620:fe::fe", "2400:3200::1", "2400:3200:baba::1",
})
# fmt: on
#: the Android emulator's virtual network (host alias, DNS, the emulated device itself)
_EMULATOR = frozenset({"10.0.2.2", "10.0.2.3", "10.0.2.15"})
_DOCUMENTATION = tuple(
    ipaddress.ip_network(n)
    for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32", "3fff::/20")
)
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_THIS_NETWORK = ipaddress.ip_network("0.0.0.0/8")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_GLOBAL_UNICAST_V6 = ipaddress.ip_network("2000::/3")
_V4_COMPATIBLE = ipaddress.ip_network("::/96")
_V4_MAPPED = ipaddress.ip_network("::ffff:0:0/96")
_SIX_TO_FOUR = ipaddress.ip_network("2002::/16")


def _is_documentation(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return any(addr.version == net.version and addr in net for net in _DOCUMENTATION)


_V4_BROADCAST = ipaddress.ip_network("255.255.255.255/32")
_VERSION_LIKE = frozenset({"version_like"})


def _range_of_both(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """The ranges both families check first, in this order (``None``: none of them)."""
    if _is_documentation(addr):
        return "documentation"
    if addr.is_unspecified or addr.is_multicast:
        return "unspecified"
    if addr.is_loopback:
        return "loopback"
    if addr.is_link_local:
        return "link_local"
    return None


def _range_v4(addr: ipaddress.IPv4Address) -> str:
    """The IPv4 range an address falls in, by network membership alone (see :func:`_v4_verdict`)."""
    common = _range_of_both(addr)
    if common is not None:
        return common
    if addr in _V4_BROADCAST or addr in _THIS_NETWORK:
        return "broadcast"
    if addr in _CGNAT:
        return "cgnat"
    if addr.is_reserved:
        return "reserved"
    if addr.is_private:
        return "private"
    return "global" if addr.is_global else "special"


def _v4_verdict(kind: str, text: str) -> Verdict:
    """The verdict for a canonical dotted quad ``text`` in range ``kind``."""
    if text in _EMULATOR:
        return verdict(Outcome.PLACEHOLDER, text, "infra", reason="Android emulator network")
    if text in _RESOLVERS:
        return verdict(Outcome.PLACEHOLDER, text, "infra", reason="public DNS resolver")
    if kind == "global":
        if text[1:2] == text[3:4] == text[5:6] == ".":  # single-digit first octets: 1.2.3.4, "8.2.4.44 Bogus"
            return Verdict(Outcome.WEAK, text, _VERSION_LIKE, "single-digit octets (version-like)")
        return Verdict(Outcome.STRONG, text, reason="public unicast")
    outcome, tags, reason = _V4_RANGES[kind]
    return verdict(outcome, text, *tags, reason=reason)


_V4_RANGES: dict[str, tuple[Outcome, tuple[str, ...], str]] = {
    "documentation": (Outcome.PLACEHOLDER, ("documentation",), "documentation range"),
    "unspecified": (Outcome.INVALID, (), "multicast or unspecified"),
    "loopback": (Outcome.PLACEHOLDER, ("private", "loopback"), "loopback (this host)"),
    "link_local": (Outcome.MEDIUM, ("private", "link_local"), "link-local"),
    "broadcast": (Outcome.INVALID, (), "broadcast or 'this network'"),
    "cgnat": (Outcome.MEDIUM, ("private", "cgnat"), "carrier-grade NAT"),
    "reserved": (Outcome.WEAK, ("reserved",), "reserved range"),
    "private": (Outcome.MEDIUM, ("private",), "private range"),
    "special": (Outcome.WEAK, ("reserved",), "special-purpose range"),
}


def _classify_v4(addr: ipaddress.IPv4Address) -> Verdict:
    return _v4_verdict(_range_v4(addr), str(addr))


def _cut_table(
    version: int, networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network], points: tuple[int, ...],
    range_of: Callable[[int], str],
) -> tuple[list[int], list[str]] | None:
    """The address space cut wherever one of ``networks`` starts or ends (and at ``points``).

    Returns the interval starts and the range :func:`range_of` gives each, or ``None`` when an
    interval does not have one range from end to end (a network this table was not told of).
    """
    size = 2**32 if version == 4 else 2**128
    cuts = {0, *points}
    for net in networks:
        if net.version == version:
            cuts.add(int(net.network_address))
            cuts.add(int(net.broadcast_address) + 1)
    starts = sorted(c for c in cuts if c < size)
    kinds = []
    for index, start in enumerate(starts):
        last = (starts[index + 1] if index + 1 < len(starts) else size) - 1
        kind = range_of(start)
        if kind != range_of(last):
            return None
        kinds.append(kind)
    return starts, kinds


def _ipaddress_networks(constants: object) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Every network (and single address) in one of ``ipaddress``'s private constant tables."""
    found: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
    for value in vars(constants).values():
        for item in value if isinstance(value, list | tuple) else (value,):
            if isinstance(item, ipaddress.IPv4Network | ipaddress.IPv6Network):
                found.append(item)
            elif isinstance(item, ipaddress.IPv4Address | ipaddress.IPv6Address):
                found.append(ipaddress.ip_network(item))
    return found


@lru_cache(maxsize=1)
def _v4_table() -> tuple[list[int], list[str]] | None:
    """IPv4 space cut where any network :func:`_range_v4` asks about starts or ends: interval starts and kinds.

    ``ipaddress`` answers ``is_private`` and the like by walking lists of networks (~8 us an
    address); one bisect in this table gives the same range. The networks are read from the
    running Python's own ``ipaddress`` tables, so the answers stay those of its version; the
    table is ``None`` (and every address takes the slow path) when they cannot be read.
    """
    constants = getattr(ipaddress, "_IPv4Constants", None)
    if constants is None:
        return None
    networks = [*_DOCUMENTATION, _V4_BROADCAST, _THIS_NETWORK, _CGNAT, *_ipaddress_networks(constants)]
    return _cut_table(4, networks, (), lambda number: _range_v4(ipaddress.IPv4Address(number)))


@lru_cache(maxsize=1)
def _v6_table() -> tuple[list[int], list[str]] | None:
    """The IPv6 counterpart of :func:`_v4_table` (``ipaddress`` takes ~70 us an IPv6 address)."""
    constants = getattr(ipaddress, "_IPv6Constants", None)
    if constants is None:
        return None
    networks = [
        *_DOCUMENTATION, _NAT64, _GLOBAL_UNICAST_V6, _V4_COMPATIBLE, _V4_MAPPED, _SIX_TO_FOUR,
        *_ipaddress_networks(constants),
    ]
    # :: and ::1 (unspecified, loopback) are not IPv4-compatible addresses
    return _cut_table(6, networks, (1, 2), lambda number: _range_v6(ipaddress.IPv6Address(number)))


def _v4_number(dotted: str) -> int:
    """The 32 bits of a dotted quad that matched ``_IPV4_SHAPE``."""
    a, b, c, d = map(int, dotted.split("."))
    return a << 24 | b << 16 | c << 8 | d


def _v4_of(number: int, text: str | None = None) -> Verdict:
    """The verdict for the IPv4 address ``number`` (32 bits), written ``text`` when given (canonical)."""
    text = text or f"{number >> 24}.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"
    table = _v4_table()
    if table is None:
        return _classify_v4(ipaddress.IPv4Address(number))
    starts, kinds = table
    return _v4_verdict(kinds[bisect_right(starts, number) - 1], text)


def _range_v6(addr: ipaddress.IPv6Address) -> str:
    """The IPv6 range an address falls in, by network membership alone (see :func:`_v6_verdict`)."""
    if addr.ipv4_mapped is not None:
        return "mapped"
    if addr in _NAT64:
        return "nat64"
    if addr in _V4_COMPATIBLE and int(addr) > 1:
        return "v4compat"
    if addr.sixtofour is not None:
        return "6to4"
    common = _range_of_both(addr)
    if common is not None:
        return common
    if addr.is_private or addr.is_site_local:
        return "private"
    return "global" if addr in _GLOBAL_UNICAST_V6 and addr.is_global else "reserved"


#: ranges holding an IPv4 address, and where its 32 bits sit
_EMBEDDED_SHIFT = {"mapped": 0, "nat64": 0, "v4compat": 0, "6to4": 80}

_V6_RANGES: dict[str, tuple[Outcome, tuple[str, ...], str]] = {
    "documentation": (Outcome.PLACEHOLDER, ("documentation",), "documentation range"),
    "unspecified": (Outcome.INVALID, (), "multicast or unspecified"),
    "loopback": (Outcome.PLACEHOLDER, ("private", "loopback"), "loopback (this host)"),
    "link_local": (Outcome.MEDIUM, ("private", "link_local"), "link-local"),
    "private": (Outcome.MEDIUM, ("private",), "unique-local or private range"),
    "global": (Outcome.STRONG, (), "public unicast"),
    "reserved": (Outcome.WEAK, ("reserved",), "reserved or unallocated range"),
}


def _v6_verdict(kind: str, addr: ipaddress.IPv6Address, written: str) -> Verdict:
    """The verdict for ``addr`` (written ``written``) in range ``kind``."""
    text = addr.compressed
    if kind == "v4compat" and "." not in written:
        return Verdict(Outcome.INVALID, text, reason="'::n' without a dotted quad (e.g. a slice)")
    shift = _EMBEDDED_SHIFT.get(kind)
    if shift is not None:
        inner = _v4_of(int(addr) >> shift & 0xFFFFFFFF)
        return Verdict(inner.outcome, inner.normalized, inner.tags | {"embedded_v4"}, inner.reason)
    if text in _RESOLVERS:
        return verdict(Outcome.PLACEHOLDER, text, "infra", reason="public DNS resolver")
    outcome, tags, reason = _V6_RANGES[kind]
    return verdict(outcome, text, *tags, reason=reason)


def _classify_v6(addr: ipaddress.IPv6Address, written: str) -> Verdict:
    return _v6_verdict(_range_v6(addr), addr, written)


@lru_cache(maxsize=8192)
def ipv4(value: str) -> Verdict:
    """Validate a dotted-quad IPv4 address (no leading-zero octets) and classify its range.

    A candidate containing ``:`` is handed to :func:`ipv6`, so one recognizer can use this
    validator for both families.
    """
    text = value.strip()
    if ":" in text:
        return ipv6(text)
    if not _IPV4_SHAPE.fullmatch(text):
        return INVALID
    return _v4_of(_v4_number(text), text)


def ipv4_interface(value: str) -> Verdict:
    """``10.55.249.223/24`` as printed for an interface: a host address with its prefix length.

    A network address (host bits all zero, e.g. ``36.112.0.0/16``) or a /0-/7 block is a
    route, not a device: INVALID. The fingerprint uses the address without the prefix.
    """
    address, _, prefix = value.strip().partition("/")
    if not prefix.isdigit() or not 8 <= int(prefix) <= 32 or not _IPV4_SHAPE.fullmatch(address):
        return INVALID
    number = _v4_number(address)
    if int(prefix) < 32 and not number & ((1 << (32 - int(prefix))) - 1):  # no host bits set
        return Verdict(Outcome.INVALID, address, reason="network address (a route, not a host)")
    return _v4_of(number)


def _split_zone(text: str) -> tuple[str, str] | None:
    address, _, zone = text.partition("%")
    if zone and not _ZONE.fullmatch(zone):
        return None
    return address, zone


@lru_cache(maxsize=8192)
def ipv6(value: str) -> Verdict:
    """Validate an IPv6 address (compressed, zone-indexed, IPv4-mapped) and classify its range."""
    text = value.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    parts = _split_zone(text)
    if parts is None:
        return INVALID
    address = parts[0]
    if not _IPV6_CHARS.fullmatch(address) or address.count(":") < 2:
        return INVALID
    if _MAC_SHAPE.fullmatch(address) or _TIME_SHAPE.fullmatch(address):
        return Verdict(Outcome.INVALID, reason="MAC address or time of day")
    try:
        addr = ipaddress.IPv6Address(address)
    except ValueError:
        return INVALID
    table = _v6_table()
    if table is None:
        return _classify_v6(addr, address)
    starts, kinds = table
    return _v6_verdict(kinds[bisect_right(starts, int(addr)) - 1], addr, address)
