"""What a column's name says about its values, for the rules that read names."""

from __future__ import annotations

from piiscan.context import key_tokens

LATITUDE = frozenset({"lat", "latitude", "纬度", "wd"})
LONGITUDE = frozenset({"lon", "lng", "long", "longitude", "经度", "jd"})


def axis(field: str) -> str | None:
    """``lat`` or ``lon`` when the (last part of the) column name names a coordinate axis."""
    tokens = key_tokens(field.rsplit(".", 1)[-1].replace("[]", ""))
    if not tokens:
        return None
    if tokens[-1] in LATITUDE or any(t in LATITUDE for t in tokens[-2:]):
        return "lat"
    if tokens[-1] in LONGITUDE or any(t in LONGITUDE for t in tokens[-2:]):
        return "lon"
    return None
