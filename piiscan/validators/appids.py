"""App and advertising identifiers: GAID/IDFA/IDFV (UUID), MSA OAID, Firebase FID/IID, FCM tokens.

Spec sections 2.11, 2.12, 2.13 and Appendix A. All but the FCM token are shape-only: the
verdict is at most ``WEAK``/``MEDIUM`` and the engine needs a key or context word.
"""

from __future__ import annotations

import re

from piiscan.validators.base import INVALID, Outcome, Verdict, verdict

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_B64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
_LOWER_HEX = frozenset("0123456789abcdef")
_UPPER_HEX = frozenset("0123456789ABCDEF")
_FIRST_FID_CHAR = frozenset("cdef")
_CAMEL_WORD = re.compile(r"[a-z]{2,}(?:[A-Z][a-z]+)+")
_FCM_ANCHOR = "APA91b"
_MAX_TOKEN = 1024

ZERO_UUID = "00000000-0000-0000-0000-000000000000"
UUID_PLACEHOLDERS = frozenset({
    ZERO_UUID, "ffffffff-ffff-ffff-ffff-ffffffffffff", "38400000-8cf0-11bd-b23e-10b96e40000d",
    "6d92078a-8246-4ba4-ae5b-76104861e7dc", "123e4567-e89b-12d3-a456-426614174000",
})


def _single_char(text: str) -> bool:
    return len(set(text.replace("-", ""))) == 1


# --- UUID advertising IDs (spec 2.11) -------------------------------------------------------------


def ad_uuid(value: str) -> Verdict:
    """GAID/AAID, IDFA, IDFV: an 8-4-4-4-12 UUID (any version); tag ``upper`` hints at iOS."""
    text = value.strip()
    if not _UUID.fullmatch(text):
        return verdict(Outcome.INVALID, "", reason="not an 8-4-4-4-12 UUID")
    normalized = text.lower()
    if normalized in UUID_PLACEHOLDERS or _single_char(normalized):
        return verdict(Outcome.PLACEHOLDER, normalized, "test", reason="zero/documentation UUID")
    tags = ("upper",) if text != normalized and text == text.upper() else ()
    return verdict(Outcome.WEAK, normalized, *tags, reason="UUID shape (context needed)")


# --- MSA OAID (spec 2.12) -------------------------------------------------------------------------


def oaid(value: str) -> Verdict:
    """OAID shapes: UUID (Huawei/Honor), 16 or 32 lower-hex (Xiaomi, Meizu), 64 hex (vivo, Samsung, OPPO)."""
    text = value.strip()
    if _UUID.fullmatch(text):
        normalized = text.lower()
        if _single_char(normalized):
            return verdict(Outcome.PLACEHOLDER, normalized, "test", reason="tracking disabled (zero OAID)")
        return verdict(Outcome.WEAK, normalized, "uuid", reason="UUID-shaped OAID")
    if len(text) not in (16, 32, 64):
        return verdict(Outcome.INVALID, "", reason="no OAID shape")
    chars = set(text)
    upper = len(text) == 64 and chars <= _UPPER_HEX
    if not (chars <= _LOWER_HEX or upper):
        return verdict(Outcome.INVALID, "", reason="not single-case hex of a vendor shape")
    normalized = text.lower()
    if len(chars) == 1:
        return verdict(Outcome.PLACEHOLDER, normalized, "test", reason="tracking disabled (zero OAID)")
    if len(text) == 16 and (chars <= set("0123456789") or chars <= set("abcdef")):
        return verdict(Outcome.INVALID, normalized, reason="16-hex OAID needs a letter and a digit")
    tags = (f"hex{len(text)}", "upper") if upper else (f"hex{len(text)}",)
    return verdict(Outcome.WEAK, normalized, *tags, reason="vendor OAID shape (context needed)")


# --- Firebase installation / instance IDs, FCM tokens (spec 2.13) --------------------------------


def _b64url_id(text: str, length: int) -> bool:
    """``length`` base64url characters starting with c/d/e/f (first nibble forced to 0111)."""
    return len(text) == length and text[:1] in _FIRST_FID_CHAR and set(text) <= _B64URL


def _mixed_classes(text: str) -> bool:
    """FID entropy rule: at least one digit, one upper-case and one lower-case letter."""
    return (
        any(c.isdigit() for c in text)
        and any("A" <= c <= "Z" for c in text)
        and any("a" <= c <= "z" for c in text)
    )


def firebase_id(value: str) -> Verdict:
    """Firebase installation ID (22 chars, entropy rule) or legacy instance ID (11 chars)."""
    text = value.strip()
    if _b64url_id(text, 22):
        if _mixed_classes(text):
            return verdict(Outcome.MEDIUM, text, "fid", reason="22-char FID, first nibble 0111")
        return verdict(Outcome.INVALID, text, reason="FID without digit+upper+lower (likely a word)")
    if _b64url_id(text, 11):
        # random base64url, not a code identifier: mixed case, or digits without snake_case
        # (`ec2_backend`, `instance_id` are identifiers; `fe7v8fhgq84` is not)
        mixed_case = any("A" <= c <= "Z" for c in text) and any("a" <= c <= "z" for c in text)
        digits_no_snake = any(c.isdigit() for c in text) and "_" not in text
        if (mixed_case or digits_no_snake) and not _CAMEL_WORD.fullmatch(text):
            return verdict(Outcome.WEAK, text, "iid", reason="11-char instance ID (context needed)")
        return verdict(Outcome.INVALID, text, reason="identifier-like word, not an instance ID")
    return verdict(Outcome.INVALID, "", reason="not a 22-char FID or 11-char IID")


def fcm_token(value: str) -> Verdict:
    """FCM registration token ``<IID|FID>:APA91b…`` (context-free) or a bare legacy ``APA91b…`` token."""
    text = value.strip()
    if len(text) > _MAX_TOKEN:
        return INVALID
    prefix, colon, body = text.partition(":")
    if not colon:
        prefix, body = "", text
    if not body.startswith(_FCM_ANCHOR) or not set(body) <= _B64URL:
        return verdict(Outcome.INVALID, "", reason="no APA91b body")
    payload = body[len(_FCM_ANCHOR):]
    if colon:
        if not (_b64url_id(prefix, 11) or _b64url_id(prefix, 22)):
            return verdict(Outcome.INVALID, "", reason="prefix is not an IID/FID (server key?)")
        if len(payload) < 100:
            return verdict(Outcome.INVALID, "", reason="body too short (truncated/doc sample)")
    elif len(payload) < 130:
        return verdict(Outcome.INVALID, "", reason="bare token too short")
    if len(set(payload)) <= 3:
        return verdict(Outcome.PLACEHOLDER, text, "test", reason="filler token")
    if colon:
        return verdict(Outcome.STRONG, text, reason="<IID|FID>:APA91b registration token")
    return verdict(Outcome.MEDIUM, text, "legacy", reason="bare APA91b (GCM-era) token")
