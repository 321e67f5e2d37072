"""Telecom identifiers: IMSI / SUPI / SUCI, ICCID (SIM serial), cell identity (spec 2.3, 2.4, 2.7)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from piiscan.validators.base import INVALID, Outcome, Verdict, verdict
from piiscan.validators.checksums import luhn_ok
from piiscan.validators.device import is_counting_run, is_digits, split_groups

_MAX_LEN = 64

# --- IMSI / SUPI / SUCI (spec 2.3) ---------------------------------------------------------------

IMSI_PLACEHOLDERS = frozenset({"310260000000000", "000000000000000"})
_TEST_MCCS = frozenset({"001", "999"})
_IMSI_LAYOUTS = frozenset({
    (14,), (15,), (3, 2, 9), (3, 2, 10), (3, 3, 8), (3, 3, 9), (5, 9), (5, 10), (6, 9),
})


#: one level of python-stdnum's E.212 prefix tree: (length, low, high, properties, children)
_Prefixes = list[tuple[int, str, str, dict[str, str], list[Any]]]


@functools.lru_cache(maxsize=1)
def _imsi_prefixes() -> _Prefixes:
    """python-stdnum's E.212 table as plain data, kept in the user cache.

    Importing python-stdnum and parsing its table costs ~55 ms, the pickle ~5 ms: the
    pre-commit hook pays the former only when the installed python-stdnum changes.
    """
    from importlib.util import find_spec

    from piiscan.usercache import cached, files_key

    spec = find_spec("stdnum")
    source = Path(spec.origin).with_name("imsi.dat") if spec is not None and spec.origin else Path("?")
    return cached("imsi-prefixes", files_key(source), _load_prefixes, lambda data: isinstance(data, list))


@functools.lru_cache(maxsize=1)
def _by_mcc() -> dict[str, _Prefixes] | None:
    """The table's top-level entries that can match each 3-digit head, in table order.

    Every top-level entry of python-stdnum's table is a 3-digit MCC range, and the walk of
    :func:`_find` skips entries that do not match, so it may start from these alone instead of
    comparing a head with all 237 MCCs. ``None`` when the table is not shaped so.
    """
    index: dict[str, _Prefixes] = {}
    for entry in _imsi_prefixes():
        length, low, high = entry[0], entry[1], entry[2]
        if length != 3 or not (low.isdigit() and high.isdigit()):
            return None
        for mcc in range(int(low), int(high) + 1):
            index.setdefault(f"{mcc:03d}", []).append(entry)
    return index


def _load_prefixes() -> _Prefixes:
    from stdnum import numdb

    prefixes: _Prefixes = numdb.get("imsi").prefixes
    return prefixes


def _find(number: str, prefixes: _Prefixes) -> list[tuple[str, dict[str, str]]]:
    """The parts of ``number`` and their properties: the walk of python-stdnum's ``NumDB.info``."""
    parts: list[tuple[str, dict[str, str]]] = []
    while number:
        part = number
        properties: dict[str, str] = {}
        children: _Prefixes = []
        for length, low, high, props, below in prefixes:
            if len(part) >= length and low <= part[:length] <= high:
                if length < len(part):  # only the shortest match counts
                    part, properties, children = part[:length], {}, []
                properties.update(props)
                children.extend(below)
        parts.append((part, properties))
        number, prefixes = number[len(part) :], children
    return parts


def plmn_info(digits: str) -> tuple[str, str, str, bool] | None:
    """``(mcc, mnc, msin, mnc_known)`` from python-stdnum's E.212 table; ``None`` when the MCC is unknown."""
    prefix = _plmn_prefix(digits[:6])
    if prefix is None:
        return None
    mcc, mnc, known = prefix
    return mcc, mnc, digits[len(mcc) + len(mnc) :], known


@functools.lru_cache(maxsize=4096)
def _plmn_prefix(head: str) -> tuple[str, str, bool] | None:
    """MCC and MNC of a 6-digit IMSI head (cached: the table walk is the slow part of this validator)."""
    try:
        index = _by_mcc()
        parts = _find(head + "0" * 9, _imsi_prefixes() if index is None else index.get(head[:3], []))
    except Exception:  # the table is data we do not control: never let it raise into a scan
        return None
    if len(parts) == 2 and len(parts[0][0]) == 3:  # known MCC, MNC missing from the table
        return str(parts[0][0]), head[3:5], False
    if len(parts) < 3:
        return None
    (mcc, _), (mnc, mnc_props), _ = parts[:3]
    return str(mcc), str(mnc), bool(mnc_props)


def _dummy_msin(msin: str) -> bool:
    """All one digit, almost all zeros (``0000000003``) or a counting run ending in ``…1234567890``."""
    if len(set(msin)) == 1 or len(msin.lstrip("0")) <= 2:
        return True
    return is_counting_run(msin[-8:])


def imsi(value: str) -> Verdict:
    """IMSI (14-15 digits, known MCC), 5G SUPI ``imsi-…`` and null-scheme SUCI ``suci-0-…``."""
    text = value.strip()
    if len(text) > _MAX_LEN:
        return INVALID
    lowered = text.lower()
    if lowered.startswith("suci-"):
        return _suci(lowered)
    if lowered.startswith("imsi-"):
        body = text[5:]
        if not is_digits(body):
            return verdict(Outcome.INVALID, "", reason="imsi- needs digits")
        return _imsi_digits(body, "supi")
    parts = split_groups(text)
    if parts is None or tuple(len(p) for p in parts) not in _IMSI_LAYOUTS:
        return verdict(Outcome.INVALID, "", reason="not a 14-15 digit IMSI layout")
    return _imsi_digits("".join(parts), None)


def _imsi_digits(digits: str, prefix: str | None) -> Verdict:
    if not is_digits(digits) or len(digits) not in (14, 15):
        return verdict(Outcome.INVALID, "", reason="IMSI has 14-15 digits")
    if digits in IMSI_PLACEHOLDERS:
        return verdict(Outcome.PLACEHOLDER, digits, "test", reason="emulator/zero IMSI")
    info = plmn_info(digits)
    if info is None:
        return verdict(Outcome.INVALID, digits, reason="MCC not assigned")
    mcc, mnc, msin, mnc_known = info
    if mcc in _TEST_MCCS:
        return verdict(Outcome.PLACEHOLDER, digits, "test", reason=f"test/internal MCC {mcc}")
    if _dummy_msin(msin):
        return verdict(Outcome.PLACEHOLDER, digits, "test", reason="dummy MSIN")
    if prefix is not None:
        return verdict(Outcome.STRONG, digits, prefix, reason=f"5G {prefix.upper()} prefix, MCC {mcc}")
    if mnc_known and len(digits) == 15:
        return verdict(Outcome.MEDIUM, digits, reason=f"known PLMN {mcc}-{mnc}")
    return verdict(Outcome.WEAK, digits, reason=f"known MCC {mcc}")


def _suci(lowered: str) -> Verdict:
    """``suci-0-<mcc>-<mnc>-<routing>-<scheme>-<hnpki>-<msin>``: only the null scheme reveals the IMSI."""
    parts = lowered.split("-")
    if len(parts) != 8 or parts[1] != "0" or not all(is_digits(p) for p in parts[1:7]):
        return verdict(Outcome.INVALID, "", reason="not an IMSI-type SUCI")
    mcc, mnc, scheme, msin = parts[2], parts[3], parts[5], parts[7]
    if scheme != "0":
        return verdict(Outcome.INVALID, "", reason="concealed SUCI (protection scheme != 0)")
    if len(mcc) != 3 or len(mnc) not in (2, 3) or not is_digits(msin):
        return verdict(Outcome.INVALID, "", reason="malformed SUCI")
    return _imsi_digits(mcc + mnc + msin, "suci")


# --- ICCID (spec 2.4) -----------------------------------------------------------------------------


def iccid(value: str) -> Verdict:
    """SIM serial: ``89`` + 17-18 digits with Luhn check (optional ``F`` filler after 19 digits)."""
    text = value.strip()
    if len(text) > _MAX_LEN:
        return INVALID
    filler = text[-1:] in ("F", "f")
    if filler:
        text = text[:-1].rstrip(" -")
    parts = split_groups(text)
    digits = "".join(parts) if parts is not None else ""
    if not is_digits(digits) or not digits.startswith("89"):
        return verdict(Outcome.INVALID, "", reason="ICCID is digits starting 89")
    length = len(digits)
    if length not in (19, 20) or (filler and length != 19):
        return verdict(Outcome.INVALID, digits, reason="ICCID has 19-20 digits")
    if luhn_ok(digits):
        if len(set(digits[6:-1])) == 1:
            return verdict(Outcome.PLACEHOLDER, digits, "test", reason="dummy account number")
        return verdict(Outcome.STRONG, digits, reason="89 prefix and Luhn ok")
    if length == 19 and (digits.startswith("8986") or filler):
        return verdict(Outcome.WEAK, digits, "no_check_digit", reason="19 digits, check digit omitted")
    return verdict(Outcome.INVALID, digits, reason="Luhn check digit fails")


# --- cell identity (spec 2.7) ---------------------------------------------------------------------

CELL_PLACEHOLDERS = frozenset({2147483647, 65535, 65534, 0, 268435455})
_CELL_MAX = (1 << 36) - 1


def _parse_int(text: str) -> int | None:
    if text[:2] in ("0x", "0X"):
        body = text[2:]
        if 0 < len(body) <= 9 and all(c in "0123456789abcdefABCDEF" for c in body):
            return int(body, 16)
        return None
    return int(text) if is_digits(text) and len(text) <= 20 else None


def cell_id(value: str) -> Verdict:
    """LAC/TAC/CI/ECI/NCI (decimal or ``0x`` hex, < 2^36) or composite ``MCC-MNC-ID``; context only."""
    text = value.strip()
    if text == "-1":
        return verdict(Outcome.PLACEHOLDER, "-1", "test", reason="unknown cell (-1)")
    parts = text.split("-") if len(text) <= _MAX_LEN else []
    if len(parts) == 3:
        return _cell_global_id(parts)
    number = _parse_int(text) if len(parts) == 1 else None
    if number is None:
        return verdict(Outcome.INVALID, "", reason="not an integer cell identity")
    if 0 < number < 100:  # ("ci", 95), int(cid) == 10: counters and settings, not cells
        return verdict(Outcome.INVALID, str(number), reason="too small to locate a cell")
    return _cell_number(number, ())


def _cell_number(number: int, tags: tuple[str, ...], prefix: str = "") -> Verdict:
    normalized = prefix + str(number)
    if number in CELL_PLACEHOLDERS:
        return verdict(Outcome.PLACEHOLDER, normalized, "test", reason="unavailable/reserved cell value")
    if not 1 <= number <= _CELL_MAX:
        return verdict(Outcome.INVALID, normalized, reason="outside 36 bits")
    return verdict(Outcome.WEAK, normalized, *tags, reason="cell identity (context needed)")


def _cell_global_id(parts: list[str]) -> Verdict:
    mcc, mnc, cell = parts
    if len(mcc) != 3 or len(mnc) not in (2, 3) or not is_digits(mcc + mnc) or not is_digits(cell):
        return verdict(Outcome.INVALID, "", reason="not MCC-MNC-cell")
    number = _parse_int(cell)
    if number is None or plmn_info(mcc + mnc + "0" * 9) is None:
        return verdict(Outcome.INVALID, "", reason="unknown MCC or bad cell id")
    return _cell_number(number, ("cgi",), f"{mcc}-{mnc}-")
