"""Device identifiers: IMEI / IMEISV / 5G PEI, MEID, MAC address, Android ID, device serial.

Spec sections 2.1, 2.2, 2.8, 2.9, 2.10 and Appendix A. Regexes cannot use back-references,
so the "same separator throughout" rule (spec 1.1) is enforced here.
"""

from __future__ import annotations

import re

from piiscan.validators.base import INVALID, Outcome, Verdict, verdict
from piiscan.validators.checksums import luhn_check_digit, luhn_hex_ok, luhn_ok

#: Longest raw value any validator here accepts; longer text is rejected before parsing.
_MAX_LEN = 64

_LOWER_HEX = frozenset("0123456789abcdef")
_DIGITS = frozenset("0123456789")

# --- shared helpers ---------------------------------------------------------------------------


def split_groups(value: str, separators: str = " -") -> list[str] | None:
    """Split ``value`` on the one separator it uses; ``None`` if it mixes separators or has empty groups."""
    used = [c for c in separators if c in value]
    if len(used) > 1:
        return None
    if not used:
        return [value] if value else None
    parts = value.split(used.pop())
    return None if any(not p for p in parts) else parts


def is_digits(text: str) -> bool:
    """True for a non-empty string of ASCII digits only (``str.isdigit`` accepts other scripts)."""
    return text.isascii() and text.isdigit()


def _is_hex(text: str) -> bool:
    return bool(text) and not text.strip("0123456789abcdefABCDEF")


_ASCENDING = "0123456789" * 8
_DESCENDING = _ASCENDING[::-1]


def is_counting_run(digits: str) -> bool:
    """Ascending or descending by one at every step (mod 10), e.g. ``01234567890123``."""
    if len(digits) < 2 or not is_digits(digits):
        return False
    return digits in _ASCENDING or digits in _DESCENDING


# --- IMEI / IMEISV / PEI (spec 2.1) ----------------------------------------------------------------

_RBI_CURRENT = frozenset({"01", "35", "86", "99"})
_RBI_LEGACY = frozenset({"10", "30", "33", "44", "45", "49", "50", "51", "52", "53", "54", "91", "98"})
_RBI_TEST = frozenset({"00", "02", "03", "04", "05", "06", "07", "08", "09"})
_RBI_ANY = _RBI_CURRENT | _RBI_LEGACY | _RBI_TEST

_IMEI_LAYOUTS: dict[int, frozenset[tuple[int, ...]]] = {
    14: frozenset({(14,), (2, 6, 6), (8, 6)}),
    15: frozenset({(15,), (2, 6, 6, 1), (8, 6, 1), (6, 2, 6, 1)}),
    16: frozenset({(16,), (2, 6, 6, 2), (8, 6, 2)}),
}
_PEI_PREFIXES = (("imeisv-", 16), ("imei-", 15))

IMEI_PLACEHOLDERS = frozenset({
    "000000000000000", "00000000000000", "004999010640000", "012345678912345", "012345678901237",
    "111111111111111", "123456789012345", "358673013795895", "352005048247251", "355195000000017",
    "001068000000006", "862280010599525", "004400152020000", "356591000000222", "345630000000115",
    "111111111111119", "113456798945455", "012379000772883",
})


def _dummy_imei_body(body: str) -> bool:
    """TAC+SNR that no real handset carries: SNR ``000000``, one repeated digit, or a digit run."""
    return body[8:14] == "000000" or len(set(body)) == 1 or is_counting_run(body)


def imei(value: str) -> Verdict:
    """IMEI (15 digits, Luhn), IMEISV (16), IMEI without check digit (14) and 5G PEI ``imei-``/``imeisv-``."""
    text = value.strip()
    if len(text) > _MAX_LEN:
        return INVALID
    if text.isdigit() and text.isascii():  # the usual, unseparated form
        if len(text) == 15:
            return _imei15(text, pei=False)
        if len(text) == 16:
            return _imeisv(text, pei=False)
        if len(text) == 14:
            return _imei14(text)
    lowered = text.lower()
    for prefix, length in _PEI_PREFIXES:
        if lowered.startswith(prefix):
            body = text[len(prefix):]
            if len(body) != length or not is_digits(body):
                return verdict(Outcome.INVALID, "", reason=f"{prefix} needs {length} digits")
            return _imei15(body, pei=True) if length == 15 else _imeisv(body, pei=True)
    parts = split_groups(text)
    if parts is None:
        return verdict(Outcome.INVALID, "", reason="inconsistent separators")
    digits = "".join(parts)
    layout = tuple(len(p) for p in parts)
    if not is_digits(digits) or layout not in _IMEI_LAYOUTS.get(len(digits), ()):
        return verdict(Outcome.INVALID, "", reason="not a 14-16 digit IMEI layout")
    if len(digits) == 15:
        return _imei15(digits, pei=False)
    if len(digits) == 16:
        return _imeisv(digits, pei=False)
    return _imei14(digits)


def _imei15(digits: str, *, pei: bool) -> Verdict:
    rbi = digits[:2]
    luhn = luhn_ok(digits)
    spare = not luhn and digits[-1] == "0" and rbi in _RBI_ANY
    if not luhn and not spare:
        return verdict(Outcome.INVALID, digits, reason="Luhn check digit fails")
    if digits in IMEI_PLACEHOLDERS:
        return verdict(Outcome.PLACEHOLDER, digits, "test", reason="known placeholder IMEI")
    if rbi not in _RBI_ANY:
        return verdict(Outcome.INVALID, digits, reason=f"reporting body {rbi} never allocated")
    if rbi in _RBI_TEST or _dummy_imei_body(digits[:14]):
        return verdict(Outcome.PLACEHOLDER, digits, "test", reason="test RBI or dummy serial")
    tags = ("spare_digit",) if spare else ()
    if pei:
        return verdict(Outcome.STRONG, digits, "pei", *tags, reason="5G PEI imei- prefix")
    if spare:
        return verdict(Outcome.WEAK, digits, *tags, reason="Luhn fails but ends in spare digit 0")
    if rbi in _RBI_CURRENT:
        return verdict(Outcome.STRONG, digits, reason=f"Luhn ok, allocating RBI {rbi}")
    return verdict(Outcome.MEDIUM, digits, "legacy_rbi", reason=f"Luhn ok, legacy RBI {rbi}")


def _imeisv(digits: str, *, pei: bool) -> Verdict:
    body, svn = digits[:14], digits[14:]
    rbi = body[:2]
    if svn == "99":
        return verdict(Outcome.INVALID, digits, reason="SVN 99 is reserved")
    if rbi not in _RBI_ANY:
        return verdict(Outcome.INVALID, digits, reason=f"reporting body {rbi} never allocated")
    if rbi in _RBI_TEST or _dummy_imei_body(body) or body + luhn_check_digit(body) in IMEI_PLACEHOLDERS:
        return verdict(Outcome.PLACEHOLDER, digits, "imeisv", "test", reason="test RBI or dummy serial")
    if pei:
        return verdict(Outcome.STRONG, digits, "imeisv", "pei", reason="5G PEI imeisv- prefix")
    return verdict(Outcome.WEAK, digits, "imeisv", reason="IMEISV shape (no check digit)")


def _imei14(digits: str) -> Verdict:
    if digits in IMEI_PLACEHOLDERS or _dummy_imei_body(digits):
        return verdict(Outcome.PLACEHOLDER, digits, "test", reason="dummy IMEI")
    rbi = digits[:2]
    if rbi in _RBI_TEST:
        return verdict(Outcome.PLACEHOLDER, digits, "test", reason="test RBI")
    if rbi in _RBI_CURRENT or rbi in _RBI_LEGACY:
        return verdict(Outcome.WEAK, digits, "no_check_digit", reason="14-digit IMEI without check digit")
    padded = "0" + digits
    if digits[0] == "1" and luhn_ok(padded) and padded not in IMEI_PLACEHOLDERS:
        return verdict(Outcome.WEAK, padded, "zero_stripped", reason="RBI 01 IMEI that lost its leading zero")
    return verdict(Outcome.INVALID, digits, reason=f"reporting body {rbi} never allocated")


# --- MEID (spec 2.2) ----------------------------------------------------------------------------

_MEID_HEX_LAYOUTS = frozenset({(14,), (15,), (2,) * 7, (2,) * 7 + (1,)})
_MEID_DEC_LAYOUTS = frozenset({(18,), (19,), (18, 1), (10, 8), (10, 8, 1), (5, 5, 4, 4), (5, 5, 4, 4, 1)})


def meid(value: str) -> Verdict:
    """CDMA MEID: 14 hex (+ hex-Luhn check), RR >= A0; or the 18/19-digit decimal form."""
    text = value.strip()
    if len(text) > _MAX_LEN:
        return INVALID
    parts = split_groups(text)
    if parts is None:
        return verdict(Outcome.INVALID, "", reason="inconsistent separators")
    chars = "".join(parts)
    layout = tuple(len(p) for p in parts)
    if is_digits(chars):
        if layout in _MEID_DEC_LAYOUTS:
            return _meid_decimal(chars)
        return verdict(Outcome.INVALID, chars, reason="all-decimal: an IMEI, not a MEID")
    if layout in _MEID_HEX_LAYOUTS and _is_hex(chars):
        return _meid_hex(chars.lower())
    return verdict(Outcome.INVALID, "", reason="not a MEID layout")


def _meid_placeholder(body: str) -> bool:
    return len(set(body[2:])) == 1


def _meid_hex(chars: str) -> Verdict:
    body = chars[:14]
    if int(body[:2], 16) < 0xA0:
        return verdict(Outcome.INVALID, body, reason="regional code below A0")
    if not any(c in _DIGITS for c in body):
        return verdict(Outcome.INVALID, body, reason="no digits: a hex word, not a MEID")
    if len(chars) == 15 and not luhn_hex_ok(chars):
        return verdict(Outcome.INVALID, body, reason="hex Luhn check digit fails")
    if _meid_placeholder(body):
        return verdict(Outcome.PLACEHOLDER, body, "test", reason="dummy MEID")
    if len(chars) == 15:
        return verdict(Outcome.STRONG, body, reason="RR >= A0 and hex check digit ok")
    return verdict(Outcome.MEDIUM, body, "no_check_digit", reason="RR >= A0, no check digit")


def _meid_decimal(digits: str) -> Verdict:
    manufacturer, serial = int(digits[:10]), int(digits[10:18])
    if manufacturer >= 1 << 32 or serial >= 1 << 24:
        return verdict(Outcome.INVALID, digits, reason="decimal fields out of range")
    body = f"{manufacturer:08x}{serial:06x}"
    if manufacturer >> 24 < 0xA0:
        return verdict(Outcome.INVALID, body, reason="regional code below A0")
    if len(digits) == 19 and not luhn_ok(digits):
        return verdict(Outcome.INVALID, body, reason="decimal check digit fails")
    if _meid_placeholder(body):
        return verdict(Outcome.PLACEHOLDER, body, "test", reason="dummy MEID")
    if len(digits) == 19:
        return verdict(Outcome.MEDIUM, body, "decimal", reason="decimal MEID with check digit")
    return verdict(Outcome.WEAK, body, "decimal", reason="decimal MEID shape")


# --- MAC address (spec 2.8) ---------------------------------------------------------------------

MAC_PLACEHOLDERS = frozenset({
    "02:00:00:00:00:00", "00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff", "ac:de:48:00:11:22",
    "00:11:22:33:44:55", "01:02:03:04:05:06", "aa:bb:cc:dd:ee:ff",
})
#: VMware, VirtualBox, QEMU/KVM, Hyper-V, Parallels OUIs and the Docker ``02:42`` prefix.
_VM_PREFIXES = ("005056", "000c29", "000569", "080027", "525400", "00155d", "001c42", "0242")


def _parse_mac(text: str) -> tuple[str, str] | None:
    """Twelve lower-case hex digits and the notation (``delimited``, ``cisco``, ``unpadded``, ``bare``)."""
    if len(text) == 17 and text[2::3] in (":::::", "-----"):  # the usual aa:bb:cc:dd:ee:ff
        joined = text.replace(text[2], "")
        return (joined.lower(), "delimited") if len(joined) == 12 and _is_hex(joined) else None
    if len(text) == 12:
        return (text.lower(), "bare") if _is_hex(text) else None
    if len(text) == 14 and text[4] == "." and text[9] == ".":
        joined = text.replace(".", "")
        return (joined.lower(), "cisco") if len(joined) == 12 and _is_hex(joined) else None
    parts = split_groups(text, ":-")
    if parts is None or len(parts) != 6 or not all(_is_hex(p) and len(p) <= 2 for p in parts):
        return None
    if all(len(p) == 2 for p in parts):
        return "".join(parts).lower(), "delimited"
    if ":" not in text:
        return None
    return "".join(p.rjust(2, "0") for p in parts).lower(), "unpadded"


def mac(value: str) -> Verdict:
    """EUI-48 MAC address: colon/dash/Cisco-dot/bare notation; group addresses rejected."""
    text = value.strip()
    parsed = _parse_mac(text) if len(text) <= _MAX_LEN else None
    if parsed is None:
        return verdict(Outcome.INVALID, "", reason="not a 48-bit MAC address")
    hex12, form = parsed
    normalized = ":".join(hex12[i:i + 2] for i in range(0, 12, 2))
    first = int(hex12[:2], 16)
    if first & 1:
        return verdict(Outcome.INVALID, normalized, reason="group (multicast/broadcast) address")
    if normalized in MAC_PLACEHOLDERS:
        return verdict(Outcome.PLACEHOLDER, normalized, "test", reason="placeholder MAC")
    tags = ["laa"] if first & 2 else []
    if hex12.startswith(_VM_PREFIXES):
        tags.append("vm")
    if form == "bare":
        if not any(c in _DIGITS for c in hex12):
            return verdict(Outcome.INVALID, normalized, reason="bare hex word without digits")
        return verdict(Outcome.WEAK, normalized, "bare", *tags, reason="bare 12-hex (context needed)")
    if form == "unpadded":
        return verdict(Outcome.WEAK, normalized, "unpadded", *tags, reason="unpadded octets")
    if first & 2:
        return verdict(Outcome.MEDIUM, normalized, *tags, reason="locally administered (randomised)")
    return verdict(Outcome.STRONG, normalized, *tags, reason="universally administered unicast")


# --- Android ID (spec 2.10) ---------------------------------------------------------------------

ANDROID_ID_PLACEHOLDERS = frozenset({
    "9774d56d682e549c", "0000000000000000", "e21833235b6eef10", "0123456789abcdef", "unknown",
})


def android_id(value: str) -> Verdict:
    """Settings.Secure.ANDROID_ID: 16 lower-case hex (13-15 for pre-8.0 values without leading zeros)."""
    text = value.strip()
    if text in ANDROID_ID_PLACEHOLDERS or text.lower() == "unknown":
        return verdict(Outcome.PLACEHOLDER, text.lower(), "test", reason="known placeholder Android ID")
    if not 13 <= len(text) <= 16:
        return verdict(Outcome.INVALID, "", reason="length is not 13-16")
    if text.strip("0123456789abcdef"):  # something besides lower-case hex digits
        return verdict(Outcome.INVALID, "", reason="not lower-case hex")
    if text.isdigit() or not text.strip("abcdef"):
        return verdict(Outcome.INVALID, text, reason="needs at least one letter and one digit")
    if len(text) < 16:
        if text[0] == "0":
            return verdict(Outcome.INVALID, text, reason="short value with a leading zero")
        return verdict(Outcome.WEAK, text, "legacy", reason="pre-8.0 Android ID (leading zeros dropped)")
    return verdict(Outcome.WEAK, text, reason="16 lower-case hex (context needed)")


# --- device serial number (spec 2.9) ------------------------------------------------------------

SERIAL_PLACEHOLDERS = frozenset({
    "unknown", "0123456789abcdef", "emulator", "null", "none", "nil", "undefined", "default",
})
_EMULATOR = re.compile(r"emulator-?[0-9]{0,6}", re.ASCII)
_ALNUM = re.compile(r"[A-Za-z0-9]{6,20}", re.ASCII)
_ORDER_LIKE = re.compile(r"(?:ord|order|inv|invoice|txn|sku)[0-9]{4,}", re.ASCII | re.IGNORECASE)
_DATE_PREFIX = re.compile(r"20[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{6,}", re.ASCII)
_SEQUENCES = "0123456789abcdefghijklmnopqrstuvwxyz"


def device_serial(value: str) -> Verdict:
    """Hardware serial number (``ro.serialno``, ``SN码``): 6-20 alphanumerics with a digit; context only."""
    text = value.strip()
    lowered = text.lower()
    if lowered in SERIAL_PLACEHOLDERS or _EMULATOR.fullmatch(lowered):
        return verdict(Outcome.PLACEHOLDER, lowered, "test", reason="placeholder serial")
    if not _ALNUM.fullmatch(text):
        return verdict(Outcome.INVALID, "", reason="not 6-20 ASCII letters/digits")
    if not any(c in _DIGITS for c in text):
        return verdict(Outcome.INVALID, "", reason="no digit")
    if is_digits(text):  # device serials are alphanumeric; digit-only "serials" are certificates, invoices
        return verdict(Outcome.INVALID, "", reason="digits only: not a hardware serial")
    if _ORDER_LIKE.fullmatch(text):
        return verdict(Outcome.INVALID, "", reason="looks like an order/invoice number")
    normalized = text.upper()
    if "xxx" in lowered or len(set(lowered)) <= 2 or lowered in _SEQUENCES or _is_cyclic_digits(text):
        return verdict(Outcome.PLACEHOLDER, normalized, "test", reason="documentation or dummy serial")
    return verdict(Outcome.WEAK, normalized, reason="serial-number shape (context needed)")


def _is_cyclic_digits(text: str) -> bool:
    return is_digits(text) and is_counting_run(text)
