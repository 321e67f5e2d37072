"""Government identifier validators: US SSN, China resident ID (spec 2.17), PRC passports (spec 2.18).

``cn_ric`` deliberately does not use ``stdnum.cn.ric.is_valid``: it ties the county code to the
birth year and so rejects real numbers (Pudong ``310115…`` before 1992, residence permits, PR cards).
"""

from __future__ import annotations

import datetime as _dt
import re

from piiscan.validators.base import INVALID, Outcome, Verdict, verdict
from piiscan.validators.checksums import mod11_2_check

# --------------------------------------------------------------------------- US SSN

_SSN = re.compile(r"(?P<area>[0-9]{3})(?P<s1>[ .\-]?)(?P<group>[0-9]{2})(?P<s2>[ .\-]?)(?P<serial>[0-9]{4})")
#: Woolworth wallet card, the 1960s ad number, the "123-45-6789" example.
_SSN_PLACEHOLDERS = frozenset({"078051120", "219099999", "123456789", "111223333", "987654320"})


def us_ssn(value: str) -> Verdict:
    """Validate a US SSN (area not 000/666/9xx, group not 00, serial not 0000).

    ``AAA-GG-SSSS`` is MEDIUM; space- or dot-separated and bare 9-digit forms are WEAK (they need
    an ``ssn`` key or context word: ``680 36 4022`` in a street address is not an SSN).
    """
    found = _SSN.fullmatch(value.strip())
    if found is None or found.group("s1") != found.group("s2"):
        return INVALID
    area, group, serial = found.group("area"), found.group("group"), found.group("serial")
    digits = area + group + serial
    if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return Verdict(Outcome.INVALID, digits, reason="area, group or serial never issued")
    if digits in _SSN_PLACEHOLDERS or len(set(digits)) == 1:
        return verdict(Outcome.PLACEHOLDER, digits, reason="published example / advertising SSN")
    if found.group("s1") == "-":
        return verdict(Outcome.MEDIUM, digits, reason="AAA-GG-SSSS")
    if found.group("s1"):
        return verdict(Outcome.WEAK, digits, "spaced", reason="space/dot separated: needs context")
    return verdict(Outcome.WEAK, digits, "bare", reason="bare 9 digits: needs context")


# --------------------------------------------------------------------------- China resident ID

_RIC_18 = re.compile(
    r"(?P<addr>[1-9][0-9]{5})(?P<s1>[ ]?)(?P<birth>[0-9]{8})(?P<s2>[ ]?)(?P<seq>[0-9]{3})(?P<check>[0-9Xx])"
)
_RIC_15 = re.compile(r"(?P<addr>[1-9][0-9]{5})(?P<birth>[0-9]{6})(?P<seq>[0-9]{3})")
#: GB/T 2260 province-level codes (11-15 north, 21-23 north-east, 31-37 east, 41-46 central-south,
#: 50-54 south-west, 61-65 north-west, 71 Taiwan).
# fmt: off
_PROVINCES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
})
# fmt: on
_RESIDENCE_PERMITS = frozenset({"810000", "820000", "830000"})  # HK, Macao, Taiwan residents
_RIC_PLACEHOLDERS = frozenset({"11010519491231002X", "341126197709218366"})
_MINOR_AGE = 14


def _birth_date(text: str) -> _dt.date | None:
    try:
        return _dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def _age(born: _dt.date, today: _dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _region_tag(address: str) -> str | None:
    """``province`` / ``residence_permit`` / ``pr_card`` by address code, or ``None``."""
    if address in _RESIDENCE_PERMITS:
        return "residence_permit"
    if address[0] == "9":  # 9 + issuing province + 3-digit nationality (layout unverified, spec 2.17)
        return "pr_card" if address[1:3] in _PROVINCES else None
    if address[:2] in _PROVINCES:
        return "province"
    return None


def _ric_legacy(found: re.Match[str]) -> Verdict:
    digits = found.group(0)
    born = _birth_date("19" + found.group("birth"))
    if born is None or _region_tag(found.group("addr")) != "province":
        return Verdict(Outcome.INVALID, digits, reason="15-digit: bad date or region")
    return verdict(Outcome.WEAK, digits, "legacy", reason="first-generation 15-digit number: needs context")


def cn_ric(value: str) -> Verdict:
    """Validate an 18-character resident ID: MOD 11-2, real birth date 1880..today, region code."""
    text = value.strip()
    legacy = _RIC_15.fullmatch(text)
    if legacy is not None:
        return _ric_legacy(legacy)
    found = _RIC_18.fullmatch(text)
    if found is None or found.group("s1") != found.group("s2"):
        return INVALID
    body = found.group("addr") + found.group("birth") + found.group("seq")
    normalized = body + found.group("check").upper()
    if normalized in _RIC_PLACEHOLDERS:
        return verdict(Outcome.PLACEHOLDER, normalized, reason="textbook / sandbox sample ID")
    if mod11_2_check(body) != normalized[-1]:
        return Verdict(Outcome.INVALID, normalized, reason="MOD 11-2 check fails")
    today = _dt.date.today()
    born = _birth_date(found.group("birth"))
    if born is None or born.year < 1880 or born > today:
        return Verdict(Outcome.INVALID, normalized, reason="birth date is not a real past date")
    region = _region_tag(found.group("addr"))
    if region is None:
        return Verdict(Outcome.INVALID, normalized, reason="unknown province code")
    tags = [] if region == "province" else [region]
    if _age(born, today) < _MINOR_AGE:
        tags.append("minor")
    return verdict(Outcome.STRONG, normalized, *tags, reason="checksum, birth date and region code")


# --------------------------------------------------------------------------- PRC passports

_PASSPORT_KINDS = (
    ("ordinary", re.compile(r"E[0-9]{8}|E[A-HJ-NP-Z][0-9]{7}|G[0-9]{8}|1[45][0-9]{7}")),
    ("official", re.compile(r"[DSP]E[0-9]{7}|[DSP]\.?[0-9]{7,8}")),
    ("hksar", re.compile(r"K[0-9]{8}")),
    ("macao_sar", re.compile(r"MA[0-9]{7}")),
)


def cn_passport(value: str) -> Verdict:
    """Validate a PRC passport number shape (no check digit: always WEAK, context required)."""
    text = value.strip()
    if len(text) > 12:
        return INVALID
    for kind, pattern in _PASSPORT_KINDS:
        if pattern.fullmatch(text):
            normalized = text.replace(".", "")
            digits = normalized.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            if len(set(digits)) == 1 and digits[0] == "0":
                return verdict(Outcome.PLACEHOLDER, normalized, kind, reason="all-zero number")
            return verdict(Outcome.WEAK, normalized, kind, reason="passport shape (no check digit)")
    return INVALID
