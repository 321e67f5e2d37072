"""Geographic coordinate validators (spec 2.14).

``lat_lon_pair`` handles decimal pairs (``39.909230,116.397428`` or lon,lat order) and hands
degree-minute-second text to ``dms_coordinate`` so that one recognizer can carry both shapes.
Precision decides the outcome: >= 4 significant decimals is a precise location (STRONG),
3 decimals MEDIUM, coarser values are WEAK with tag ``coarse``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from piiscan.validators.base import INVALID, Outcome, Verdict, verdict

_MAX_LENGTH = 120
_DECIMAL_PAIR = re.compile(
    r"\s*(?P<a>[-+]?[0-9]{1,3}(?:\.[0-9]{1,12})?)\s*[,;/ ]\s*(?P<b>[-+]?[0-9]{1,3}(?:\.[0-9]{1,12})?)\s*"
)
_DMS_MARKERS = ("°", "度", "北纬", "南纬", "东经", "西经")
_DMS_PART = re.compile(
    r"(?P<hp>北纬|南纬|东经|西经)?\s*"
    r"(?P<d>[0-9]{1,3}(?:\.[0-9]{1,10})?)\s*(?:°|度)\s*"
    r"(?:(?P<m>[0-9]{1,2}(?:\.[0-9]{1,10})?)\s*(?:'|′|’|分)\s*)?"
    r"(?:(?P<s>[0-9]{1,2}(?:\.[0-9]{1,10})?)\s*(?:\"|″|′′|''|”|秒)\s*)?"
    r"(?P<h>[NSEWnsew](?![A-Za-z]))?"
)
_DMS_SEPARATOR = re.compile(r"\s*[,;/，、]?\s*")
_HEMISPHERES = {"北纬": "N", "南纬": "S", "东经": "E", "西经": "W"}


def _significant_decimals(number: str) -> int:
    _, _, fraction = number.partition(".")
    return len(fraction.rstrip("0"))


def _canonical(number: str) -> str:
    """``+39.909230`` -> ``39.90923``; ``-0.000`` -> ``0``."""
    text = number.lstrip("+")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text


def _order(a: float, b: float) -> tuple[bool, bool] | None:
    """(swapped, ambiguous) for a pair, or ``None`` when no order is in range."""
    a_lat = abs(a) <= 90 and abs(b) <= 180
    b_lat = abs(b) <= 90 and abs(a) <= 180
    if a_lat:
        return False, b_lat
    if b_lat:
        return True, False
    return None


def _precision_verdict(lat: str, lon: str, *tags: str) -> Verdict:
    normalized = f"{_canonical(lat)},{_canonical(lon)}"
    decimals = min(_significant_decimals(lat), _significant_decimals(lon))
    if abs(float(lat)) < 1 and abs(float(lon)) < 1:
        return verdict(
            Outcome.WEAK,
            normalized,
            *tags,
            "near_null_island",
            reason="both values below 1 degree: more likely a pair of fractions",
        )
    if decimals >= 4:
        return verdict(Outcome.STRONG, normalized, *tags, reason=f"{decimals} decimals: precise location")
    if decimals == 3:
        return verdict(Outcome.MEDIUM, normalized, *tags, reason="3 decimals (~111 m)")
    return verdict(Outcome.WEAK, normalized, *tags, "coarse", reason=f"{decimals} significant decimals")


def lat_lon_pair(value: str) -> Verdict:
    """Validate a decimal latitude/longitude pair (either order); DMS text goes to ``dms_coordinate``."""
    if len(value) > _MAX_LENGTH:
        return INVALID
    if any(marker in value for marker in _DMS_MARKERS):
        return dms_coordinate(value)
    found = _DECIMAL_PAIR.fullmatch(value)
    if found is None:
        return INVALID
    a_text, b_text = found.group("a"), found.group("b")
    a, b = float(a_text), float(b_text)
    if a == 0 and b == 0:
        return verdict(Outcome.PLACEHOLDER, "0,0", reason="null island / no fix")
    order = _order(a, b)
    if order is None:
        return Verdict(Outcome.INVALID, reason="out of range in both orders")
    swapped, ambiguous = order
    tags = ["lon_lat"] if swapped else []
    if ambiguous:
        tags.append("order_ambiguous")
    lat, lon = (b_text, a_text) if swapped else (a_text, b_text)
    return _precision_verdict(lat, lon, *tags)


@dataclass(frozen=True, slots=True)
class _Angle:
    hemisphere: str
    degrees: float
    resolution: float  # in degrees: the size of the last written unit

    @property
    def signed(self) -> float:
        return -self.degrees if self.hemisphere in "SW" else self.degrees

    @property
    def is_latitude(self) -> bool:
        return self.hemisphere in "NS"


def _unit(number: str, scale: float) -> float:
    _, _, fraction = number.partition(".")
    return scale * 10.0 ** -len(fraction)


def _angle(found: re.Match[str]) -> _Angle | None:
    hemisphere = _HEMISPHERES.get(found.group("hp") or "") or (found.group("h") or "").upper()
    if not hemisphere:
        return None
    degrees_text, minutes_text, seconds_text = found.group("d"), found.group("m"), found.group("s")
    minutes = float(minutes_text) if minutes_text else 0.0
    seconds = float(seconds_text) if seconds_text else 0.0
    if minutes >= 60 or seconds >= 60 or (seconds_text and not minutes_text):
        return None
    degrees = float(degrees_text) + minutes / 60 + seconds / 3600
    if degrees > (90 if hemisphere in "NS" else 180):
        return None
    if seconds_text:
        resolution = _unit(seconds_text, 1 / 3600)
    elif minutes_text:
        resolution = _unit(minutes_text, 1 / 60)
    else:
        resolution = _unit(degrees_text, 1.0)
    return _Angle(hemisphere, degrees, resolution)


def _dms_angles(text: str) -> list[_Angle] | None:
    angles: list[_Angle] = []
    position = 0
    while position < len(text) and len(angles) < 3:
        found = _DMS_PART.match(text, position)
        if found is None or found.end() == position:
            return None
        angle = _angle(found)
        if angle is None:
            return None
        angles.append(angle)
        separator = _DMS_SEPARATOR.match(text, found.end())
        position = separator.end() if separator else found.end()
    return angles if position >= len(text) and 1 <= len(angles) <= 2 else None


def dms_coordinate(value: str) -> Verdict:
    """Validate degree/minute/second coordinates with a hemisphere (``N``/``S``/``E``/``W`` or 北纬/东经)."""
    text = value.strip()
    if not text or len(text) > _MAX_LENGTH:
        return INVALID
    angles = _dms_angles(text)
    if angles is None:
        return INVALID
    if len(angles) == 2 and angles[0].is_latitude == angles[1].is_latitude:
        return Verdict(Outcome.INVALID, reason="two latitudes or two longitudes")
    tags = ["dms"]
    if max(a.resolution for a in angles) > 0.01:
        tags.append("coarse")
    if len(angles) == 1:
        angle = angles[0]
        axis = "lat" if angle.is_latitude else "lon"
        return verdict(
            Outcome.MEDIUM,
            f"{axis}:{angle.signed:.6f}",
            *tags,
            "single",
            reason="single DMS coordinate with hemisphere",
        )
    lat, lon = sorted(angles, key=lambda a: not a.is_latitude)
    # a latitude and a longitude, each with its hemisphere and seconds-level precision, say
    # "location" as plainly as a decimal pair with 4+ decimals does
    outcome = Outcome.MEDIUM if "coarse" in tags else Outcome.STRONG
    return verdict(outcome, f"{lat.signed:.6f},{lon.signed:.6f}", *tags, reason="DMS pair with hemispheres")


_SINGLE = re.compile(r"[-+]?[0-9]{1,3}\.[0-9]{1,10}")


def coordinate(value: str) -> Verdict:
    """One latitude or longitude (context decides which): in range, >= 3 decimals -> WEAK.

    Only reportable under a ``lat``/``lng`` key or next to 纬度/经度: a lone decimal is
    otherwise indistinguishable from any measurement.
    """
    text = value.strip()
    if len(text) > 20 or not _SINGLE.fullmatch(text):
        return INVALID
    decimals = _significant_decimals(text)
    number = float(text)
    if number == 0.0:
        return verdict(Outcome.PLACEHOLDER, "0", reason="null island / no fix")
    if abs(number) > 180 or decimals < 3:
        return INVALID
    tags = ("coarse",) if decimals < 4 else ()
    return verdict(Outcome.WEAK, _canonical(text), *tags, reason=f"{decimals} decimals; needs a lat/lng key")
