"""Contact data validators: e-mail (spec 2.21), phone numbers and Chinese mobile numbers (spec 2.5).

Phone numbers are checked with libphonenumber (``phonenumbers``, imported lazily). Chinese
mobile numbers belong to ``cn_mobile``: ``phone`` rejects them so that one value is reported once.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from piiscan.validators.base import INVALID, Outcome, Verdict, verdict

# --------------------------------------------------------------------------- e-mail

_LOCAL = re.compile(r"[A-Za-z0-9._%+\-]{1,64}")
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?")
_TLD = re.compile(r"[A-Za-z]{2,24}|xn--[A-Za-z0-9]{1,59}")
#: "image@2x.png", "icon@3x.webp": asset names, not addresses.
_FILE_EXTENSIONS = frozenset({"png", "jpg", "jpeg", "gif", "svg", "webp", "js", "css", "ico", "bmp", "tiff"})
_PLACEHOLDER_DOMAINS = ("example.com", "example.org", "example.net", "users.noreply.github.com")
_PLACEHOLDER_TLDS = frozenset({"example", "test", "invalid", "localhost", "local"})
# fmt: off
_PLACEHOLDER_LOCALS = frozenset({
    "test", "noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "do_not_reply", "example",
    "youremail", "your.email", "yourname", "your.name", "foo", "foobar",
})
# fmt: on
#: Service addresses that appear in every repository (git remotes), not people.
_SERVICE_ADDRESSES = frozenset(
    {"git@github.com", "git@gitlab.com", "git@bitbucket.org", "git@ssh.dev.azure.com"}
)


def _email_domain_verdict(normalized: str, domain: str) -> Verdict | None:
    labels = domain.split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels[:-1]):
        return INVALID
    tld = labels[-1]
    if not _TLD.fullmatch(tld):
        return INVALID
    if tld in _FILE_EXTENSIONS:
        return Verdict(Outcome.INVALID, reason=f"file name (.{tld})")
    if tld in _PLACEHOLDER_TLDS or any(domain == d or domain.endswith("." + d) for d in _PLACEHOLDER_DOMAINS):
        return verdict(Outcome.PLACEHOLDER, normalized, reason="reserved example/test domain")
    return None


@lru_cache(maxsize=8192)
def email(value: str) -> Verdict:
    """Validate an RFC 5322-lite address; example domains and test/noreply mailboxes are placeholders."""
    text = value.strip()
    if len(text) > 254 or text.count("@") != 1:
        return INVALID
    local, _, domain = text.partition("@")
    if not _LOCAL.fullmatch(local) or local.startswith(".") or local.endswith(".") or ".." in local:
        return INVALID
    normalized = f"{local}@{domain}".lower()
    domain = domain.lower()
    domain_verdict = _email_domain_verdict(normalized, domain)
    if domain_verdict is not None:
        return domain_verdict
    if normalized in _SERVICE_ADDRESSES:
        return verdict(Outcome.PLACEHOLDER, normalized, "service", reason="service address")
    if local.lower() in _PLACEHOLDER_LOCALS:
        return verdict(Outcome.PLACEHOLDER, normalized, reason="test/noreply mailbox")
    tags = ("qq_number",) if domain == "qq.com" and local.isdigit() else ()
    return verdict(Outcome.STRONG, normalized, *tags, reason="well-formed address")


# --------------------------------------------------------------------------- phone numbers

_PHONE_EXTENSION = re.compile(r"\s*(?:x|ext\.?|extension|#)\s*[0-9]{1,6}\s*$", re.IGNORECASE)
_PHONE_CHARS = re.compile(r"[0-9 ()+./\-]{7,32}")
_NANP_GROUPED = re.compile(
    r"(?:\+?1[ .\-]?)?(?:\([2-9][0-9]{2}\)[ ]?|[2-9][0-9]{2}(?P<s1>[ .\-]))"
    r"[2-9][0-9]{2}(?P<s2>[ .\-])[0-9]{4}"
)
_BARE_NANP = re.compile(r"[2-9][0-9]{2}[2-9][0-9]{6}")
_CN_MOBILE_NSN = re.compile(r"1[3-9][0-9]{9}")
_DECIMAL_TAIL = re.compile(r"\.[0-9]$")
_NOT_DIGITS = str.maketrans("", "", " ()+./-")
_DATE_LIKE = re.compile(r"(?:[0-3]?[0-9][./\-][01]?[0-9]|(?:19|20)[0-9]{2}[./\-][01]?[0-9])[./\-][0-9]{2,4}")
#: Regions tried, in order, for national numbers written with a trunk prefix (``020 7123 4567``).
# fmt: off
_NATIONAL_REGIONS = (
    "GB", "DE", "FR", "IN", "CN", "JP", "AU", "IL", "NL", "BE", "CH", "IT", "ES", "BR", "SE", "AT",
    "IE",
)
# fmt: on
#: UK Ofcom drama ranges (national significant numbers, prefix match).
# fmt: off
_UK_DRAMA_PREFIXES = (
    "7700900", "2079460", "1134960", "1144960", "1154960", "1164960", "1174960", "1184960", "1214960",
    "1314960", "1414960", "1514960", "1614960", "1914980", "2890180", "2920180",
)
# fmt: on


def _phonenumbers() -> Any:
    import phonenumbers

    return phonenumbers


def _parse(text: str, region: str | None) -> Any:
    """A parsed ``PhoneNumber`` or ``None`` (never raises)."""
    pn = _phonenumbers()
    try:
        return pn.parse(text, region)
    except Exception:  # NumberParseException, or anything else: a validator never raises
        return None


def _phone_style(core: str) -> str:
    """``intl`` (+CC, or 00CC with separators), ``intl_bare`` (00CC digits only: zero-padded numbers
    look the same), ``nanp`` (North American grouping), ``national`` (trunk 0), ``bare``."""
    if core.startswith("+") or (core.startswith("00") and not core.startswith("000")):
        return "intl_bare" if core.isdigit() else "intl"
    found = _NANP_GROUPED.fullmatch(core)
    if found and (found.group("s1") is None or found.group("s1") == found.group("s2")):
        return "nanp"
    if core.startswith(("0", "(0")):
        return "national"
    if core.isdigit():
        return "bare"
    return "other"


def _is_sequence(digits: str) -> bool:
    return digits in "01234567890123456789" or digits in "98765432109876543210"


def _phone_placeholder(number: Any) -> str | None:
    national = str(number.national_number)
    if len(set(national)) == 1 or _is_sequence(national):
        return "repeated or sequential digits"
    if number.country_code == 1 and len(national) == 10 and national[3:] == "5555555":
        return "555-5555 filler"
    return None


def _fictional(number: Any) -> str | None:
    """Ranges reserved for fiction (NANP 555-01xx, Ofcom drama numbers).

    Still reported (tag ``fictional``): in documents and fixtures they stand for somebody's
    number exactly where a real one would be, so the place is worth knowing.
    """
    national = str(number.national_number)
    if number.country_code == 1 and len(national) == 10 and national[3:8] == "55501":
        return "NANP 555-01xx fictional range"
    if number.country_code == 44 and national.startswith(_UK_DRAMA_PREFIXES):
        return "Ofcom drama range"
    return None


_Parsed = tuple[Any, bool, str | None]  # a PhoneNumber, whether it is valid, its region


def _checked(number: Any) -> _Parsed:
    """``number`` with its validity and region, deciding the region once (``is_valid_number`` does too)."""
    pn = _phonenumbers()
    region = pn.region_code_for_number(number)
    return number, bool(pn.is_valid_number_for_region(number, region)), region


def _parse_styled(core: str, style: str) -> _Parsed | None:
    """Parse by style; ``None`` when no reading parses."""
    if style in ("intl", "intl_bare"):
        number = _parse(core if core.startswith("+") else "+" + core[2:], None)
        return None if number is None else _checked(number)
    if style in ("nanp", "bare"):
        number = _parse(core, "US")
        return None if number is None else _checked(number)
    first = None
    for region in _NATIONAL_REGIONS:
        number = _parse(core, region)
        if number is None:
            continue
        checked = _checked(number)
        if checked[1] or _phone_placeholder(number) or _fictional(number):
            return checked
        first = first or checked
    return first


def _is_cn_mobile(number: Any) -> bool:
    national = str(number.national_number)
    return bool(number.country_code == 86 and _CN_MOBILE_NSN.fullmatch(national))


def _phone_outcome(number: Any, style: str, valid: bool, region: str | None) -> Verdict:
    pn = _phonenumbers()
    normalized = pn.format_number(number, pn.PhoneNumberFormat.E164)
    region = region or "ZZ"
    if _is_cn_mobile(number):
        return Verdict(Outcome.INVALID, normalized, reason="Chinese mobile: reported by cn_mobile")
    placeholder = _phone_placeholder(number)
    if placeholder:
        return verdict(Outcome.PLACEHOLDER, normalized, "fictional", reason=placeholder)
    formatted = style in ("intl", "nanp")
    fictional = _fictional(number)
    if fictional:
        return verdict(Outcome.STRONG if formatted else Outcome.MEDIUM, normalized, "fictional", reason=fictional)
    if valid and formatted:
        return verdict(Outcome.STRONG, normalized, f"region:{region}", reason=f"valid {style} number")
    if valid:
        return verdict(Outcome.MEDIUM, normalized, f"region:{region}", reason=f"valid {style} number")
    possible = pn.is_possible_number_with_reason(number) == pn.ValidationResult.IS_POSSIBLE
    if formatted and possible:
        return verdict(Outcome.WEAK, normalized, "unassigned", reason="possible length, range not assigned")
    return Verdict(Outcome.INVALID, normalized, reason="not a valid number")


@lru_cache(maxsize=8192)
def phone(value: str) -> Verdict:
    """Validate a phone number: international (+CC), NANP-grouped, national (trunk 0) or bare 10 digits."""
    text = value.strip()
    if len(text) > 48:
        return INVALID
    extension = _PHONE_EXTENSION.search(text)
    core = text[: extension.start()] if extension else text
    if not _PHONE_CHARS.fullmatch(core) or _DATE_LIKE.fullmatch(core):
        return INVALID
    digits = core.translate(_NOT_DIGITS)  # core holds only ASCII digits and " ()+./-"
    if not 7 <= len(digits) <= 17:
        return INVALID
    if _DECIMAL_TAIL.search(core):  # "+35236450.6": a decimal number, no phone group ends in one digit
        return INVALID
    style = _phone_style(core)
    if style == "other" or (style == "bare" and not _BARE_NANP.fullmatch(core)):
        return INVALID
    parsed = _parse_styled(core, style)
    if parsed is None:
        return INVALID
    number, valid, region = parsed
    return _phone_outcome(number, style, valid, region)


# --------------------------------------------------------------------------- Chinese mobile

_CN_MOBILE = re.compile(
    r"(?P<cc>(?:\+|00)86[ \-]?|\(\+?86\)[ \-]?|86[ \-])?"
    r"(?P<a>1[3-9][0-9])(?P<s1>[ \-]?)(?P<b>[0-9]{4})(?P<s2>[ \-]?)(?P<c>[0-9]{4})"
)
_CN_PLACEHOLDERS = frozenset(
    {"13800138000", "13800000000", "13888888888", "18888888888", "13552535506"}
    | {f"155552155{n:02d}" for n in range(54, 86, 2)}
)


def _cn_placeholder(digits: str) -> bool:
    tail = digits[3:]
    return (
        digits in _CN_PLACEHOLDERS
        or len(set(tail)) == 1
        or tail in ("12345678", "87654321")
        or len(set(digits[1:])) == 1
    )


@lru_cache(maxsize=8192)
def _cn_listed(digits: str) -> bool:
    """True when libphonenumber's CN metadata knows this mobile range.

    libphonenumber's own CN patterns (general description and number types, as its
    ``is_valid_number`` uses them) are kept in the user cache, so deciding this does not import
    phonenumbers (~20 ms of a cold hook); digits that start with a carrier-selection prefix may
    be parsed differently and still go through phonenumbers.
    """
    carrier, general, types = _cn_patterns()
    if general is None or types is None or (carrier is not None and carrier.match(digits)):
        return _cn_listed_by_phonenumbers(digits)
    return bool(general.fullmatch(digits) and types.fullmatch(digits))


def _cn_listed_by_phonenumbers(digits: str) -> bool:
    pn = _phonenumbers()
    number = _parse("+86" + digits, None)
    return bool(number is not None and pn.is_valid_number(number))


@lru_cache(maxsize=1)
def _cn_patterns() -> tuple[re.Pattern[str] | None, re.Pattern[str] | None, re.Pattern[str] | None]:
    """Compiled (carrier prefix, general, number types) patterns of the CN metadata, or Nones."""
    return tuple(None if text is None else re.compile(text) for text in cn_pattern_sources())  # type: ignore[return-value]


def cn_pattern_sources() -> tuple[str | None, str | None, str | None]:
    """``(carrier prefix, general, number types)`` patterns of libphonenumber's CN metadata.

    Kept in the user cache, keyed by the installed metadata file, so reading them does not
    import phonenumbers.
    """
    from importlib.util import find_spec

    from piiscan.usercache import cached, files_key

    spec = find_spec("phonenumbers")
    origin = Path(spec.origin) if spec is not None and spec.origin else Path("?")
    metadata = origin.with_name("data").joinpath("region_CN.py")
    result: tuple[str | None, str | None, str | None] = cached(
        "cn-phone", files_key(metadata), _cn_pattern_sources, lambda data: isinstance(data, tuple)
    )
    return result


def _cn_pattern_sources() -> tuple[str | None, str | None, str | None]:
    """The CN metadata's patterns for 11-digit national numbers, as ``_number_type_helper`` reads them."""
    pn = _phonenumbers()
    meta = pn.PhoneMetadata.metadata_for_region("CN")
    if meta is None:
        return None, None, None

    def usable(desc: Any) -> str | None:
        if desc is None or not desc.national_number_pattern:
            return None
        if desc.possible_length and 11 not in desc.possible_length:
            return None
        return str(desc.national_number_pattern)

    kinds = ["premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager", "uan", "voicemail",
             "fixed_line"]  # fmt: skip
    if not meta.same_mobile_and_fixed_line_pattern:
        kinds.append("mobile")
    types = [p for p in (usable(getattr(meta, kind, None)) for kind in kinds) if p is not None]
    general = usable(meta.general_desc)
    prefix = meta.national_prefix_for_parsing
    return (
        f"(?:{prefix})" if prefix else None,
        f"(?:{general})" if general else None,
        "(?:" + "|".join(f"(?:{p})" for p in types) + ")" if types else None,
    )


def cn_mobile(value: str) -> Verdict:
    """Validate a Chinese mobile number: +86/0086 or 3-4-4 grouping is strong; bare 11 digits need context."""
    text = value.strip()
    found = _CN_MOBILE.fullmatch(text) if len(text) <= 24 else None
    if found is None or found.group("s1") != found.group("s2"):
        return INVALID
    digits = found.group("a") + found.group("b") + found.group("c")
    normalized = "+86" + digits
    if _cn_placeholder(digits):
        return verdict(Outcome.PLACEHOLDER, normalized, reason="well-known fake or emulator number")
    formatted = bool(found.group("cc")) or bool(found.group("s1"))
    listed = _cn_listed(digits)
    if formatted and listed:
        return verdict(Outcome.STRONG, normalized, reason="country code or 3-4-4 grouping, listed range")
    if formatted:
        return verdict(Outcome.MEDIUM, normalized, "unlisted", reason="formatted, unlisted range")
    if listed:  # spec 1.3: libphonenumber-valid bare digits are medium (still need context in text)
        return verdict(Outcome.MEDIUM, normalized, reason="bare 11 digits in a listed range: needs context")
    return verdict(Outcome.WEAK, normalized, "unlisted", reason="bare 11 digits, range not in libphonenumber")
