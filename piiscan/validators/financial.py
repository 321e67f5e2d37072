"""Financial validators: payment cards (network x length, then Luhn; spec 2.19) and IBAN.

The network table is checked *before* Luhn: a Luhn-valid 15-digit number starting ``49``,
``35`` or ``86`` is an IMEI, not a card (no network issues 15-digit PANs with those prefixes).
"""

from __future__ import annotations

import re
from functools import lru_cache

from piiscan.validators.base import INVALID, Outcome, Verdict, verdict
from piiscan.validators.checksums import luhn_ok, mod97_ok

# fmt: off
#: (network, [(low, high) prefix ranges compared on the first len(low) digits], lengths)
_NETWORKS: tuple[tuple[str, tuple[tuple[str, str], ...], frozenset[int]], ...] = (
    ("visa", (("4", "4"),), frozenset({13, 16, 19})),
    ("mastercard", (("51", "55"), ("2221", "2720")), frozenset({16})),
    ("amex", (("34", "34"), ("37", "37")), frozenset({15})),
    ("unionpay", (("62", "62"), ("8100", "8171")), frozenset(range(16, 20))),
    ("jcb", (("3528", "3589"),), frozenset(range(16, 20))),
    ("jcb", (("1800", "1800"), ("2131", "2131")), frozenset({15})),  # legacy JCB ranges
    ("discover", (("6011", "6011"), ("644", "649"), ("65", "65")), frozenset(range(16, 20))),
    ("diners", (("300", "305"), ("3095", "3095"), ("36", "36"), ("38", "39")), frozenset(range(14, 20))),
    ("mir", (("2200", "2204"),), frozenset(range(16, 20))),
    ("dankort", (("5019", "5019"),), frozenset({16})),
    (
        "maestro",
        (("5018", "5018"), ("5020", "5020"), ("5038", "5038"), ("5893", "5893"), ("6304", "6304"),
         ("6759", "6759"), ("6761", "6763")),
        frozenset(range(12, 20)),
    ),
)
# fmt: on

# fmt: off
#: Published PSP / sandbox test cards (spec Appendix A plus common PSP documentation cards).
_TEST_PANS = frozenset({
    "4111111111111111", "4012888888881881", "4242424242424242", "5555555555554444", "5105105105105100",
    "378282246310005", "371449635398431", "6011111111111117", "3530111333300000", "6200000000000005",
    "6216261000000000018", "6221558812340000", "4000056655665556", "5200828282828210",
    "2223003122003222", "6011000990139424", "3566002020360505", "36227206271667", "30569309025904",
    "38520000023237", "378734493671000", "4222222222222", "5431111111111111",
})
# fmt: on
#: Lengths that are legacy for their network and collide with other Luhn numbers (13-digit Visa vs
#: EAN-13 / Macedonian EDB, 14-digit Diners vs French SIRET): context needed.
_LEGACY_LENGTHS = frozenset({("visa", 13), ("diners", 14), ("jcb", 15)})
_CARD_CHARS = re.compile(r"[0-9][0-9 \-]{10,40}[0-9]")
_SPECIAL_GROUPINGS = frozenset({(4, 6, 5), (4, 6, 4), (6, 13)})
_NO_DIGITS = str.maketrans("", "", "0123456789")


def _grouping_ok(text: str) -> bool:
    """No separators, or one separator kind in printed groups (4-4-4-4[-3], AmEx 4-6-5 …)."""
    if text.isdigit():
        return True
    separators = set(text.translate(_NO_DIGITS))
    if len(separators) != 1:
        return False
    groups = tuple(len(g) for g in text.split(separators.pop()))
    if groups in _SPECIAL_GROUPINGS:
        return True
    return all(g == 4 for g in groups[:-1]) and 1 <= groups[-1] <= 4 and len(groups) >= 3


def card_network(digits: str) -> str | None:
    """The card network whose prefix range and length both fit ``digits``; ``None`` if none does."""
    for name, ranges, lengths in _NETWORKS:
        if len(digits) not in lengths:
            continue
        for low, high in ranges:
            head = digits[: len(low)]
            if low <= head <= high:
                return name
    return None


def _is_test_pan(digits: str) -> bool:
    return digits in _TEST_PANS or "00000000" in digits[1:] or len(set(digits[1:-1])) == 1


@lru_cache(maxsize=8192)
def payment_card(value: str) -> Verdict:
    """Validate a PAN: consistent grouping, network prefix x length, then Luhn (UnionPay Luhn ✗: weak)."""
    text = value.strip()
    if text.isdigit() and text.isascii():  # the usual, unseparated form
        digits = text
    elif not _CARD_CHARS.fullmatch(text) or not _grouping_ok(text):
        return INVALID
    else:
        digits = text.replace(" ", "").replace("-", "")
    if not 12 <= len(digits) <= 19:
        return INVALID
    luhn = luhn_ok(digits)
    if not luhn and not digits.startswith(("62", "81")):  # only UnionPay is known to print failing check digits
        return Verdict(Outcome.INVALID, digits, reason="Luhn check fails")
    network = card_network(digits)
    if network is None:
        return Verdict(Outcome.INVALID, digits, reason="no network issues this prefix with this length")
    if _is_test_pan(digits):
        return verdict(Outcome.PLACEHOLDER, digits, network, "test", reason="published test card")
    if luhn:
        if (network, len(digits)) in _LEGACY_LENGTHS or len(digits) == 12:  # 12: Maestro only, and AWS account ids
            return verdict(
                Outcome.WEAK, digits, network, "legacy_length", reason="legacy length: needs context"
            )
        return verdict(Outcome.STRONG, digits, network, reason=f"{network} prefix, length and Luhn")
    if network == "unionpay":
        return verdict(Outcome.WEAK, digits, network, "luhn_fail", reason="UnionPay prefix, Luhn fails")
    return Verdict(Outcome.INVALID, digits, reason="Luhn check fails")


# --------------------------------------------------------------------------- IBAN

_IBAN_CHARS = re.compile(r"[A-Za-z]{2}[0-9]{2}[A-Za-z0-9 \-]{11,44}")
#: Example IBANs printed in standards, Wikipedia and bank documentation.
_IBAN_PLACEHOLDERS = frozenset({"DE89370400440532013000", "GB29NWBK60161331926819", "GB82WEST12345698765432"})


def _iban_grouping_ok(text: str) -> bool:
    separators = {c for c in " -" if c in text}
    if not separators:
        return True
    if len(separators) != 1:
        return False
    groups = [len(g) for g in text.split(separators.pop())]
    return all(g == 4 for g in groups[:-1]) and 1 <= groups[-1] <= 4


def _iban_checked(compact: str) -> Verdict:
    """Verdict for a compact upper-case candidate (python-stdnum imported on first use).

    MOD 97-10 is checked first without python-stdnum: most IBAN-shaped strings in code and logs
    fail it, and importing python-stdnum costs a cold pre-commit hook ~10 ms.
    """
    if not (compact.isalnum() and compact.isascii() and compact[2:4].isdigit() and mod97_ok(compact[4:] + compact[:4])):
        return Verdict(Outcome.INVALID, compact, reason="length, format or MOD 97 check fails")
    from stdnum import iban as stdnum_iban
    from stdnum.exceptions import InvalidChecksum, ValidationError

    if not stdnum_iban.is_valid(compact, check_country=False):
        return Verdict(Outcome.INVALID, compact, reason="length, format or MOD 97 check fails")
    country = f"country:{compact[:2]}"
    if compact in _IBAN_PLACEHOLDERS:
        return verdict(Outcome.PLACEHOLDER, compact, "documentation", country, reason="example IBAN")
    try:
        stdnum_iban.validate(compact, check_country=True)
    except InvalidChecksum:
        return Verdict(Outcome.INVALID, compact, reason="national check digits fail")
    except ValidationError:  # bank registries lag reality: a tag, not a gate
        return verdict(Outcome.STRONG, compact, country, "unknown_bank", reason="bank code unknown")
    return verdict(Outcome.STRONG, compact, country, reason="length, format, MOD 97, national check")


@lru_cache(maxsize=4096)
def iban(value: str) -> Verdict:
    """Validate an IBAN (country length, BBAN format and MOD 97-10 via python-stdnum).

    Compact or grouped in fours with one separator kind; all upper- or all lower-case. National
    check digits must pass; an unknown bank code only adds the tag ``unknown_bank`` (python-stdnum's
    registries reject real codes, e.g. the Belgian example ``BE68 5390 0754 7034``).
    """
    text = value.strip()
    if not _IBAN_CHARS.fullmatch(text) or not _iban_grouping_ok(text):
        return INVALID
    letters = [c for c in text if c.isalpha()]
    if not (all(c.isupper() for c in letters) or all(c.islower() for c in letters)):
        return Verdict(Outcome.INVALID, reason="mixed case")
    return _iban_checked(text.replace(" ", "").replace("-", "").upper())
