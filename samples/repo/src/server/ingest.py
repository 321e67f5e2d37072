"""Event ingestion: normalise device payloads before they reach the warehouse."""

import re

COLLECTOR_HOST = "172.28.10.157"
COLLECTOR_HOST_V6 = "240e:d9e0:4159:a73f:7594:f53d:bc56:cbc"

PLACEHOLDERS = {
    "004999010640000",  # emulator IMEI
    "00000000-0000-0000-0000-000000000000",  # limit-ad-tracking GAID
    "02:00:00:00:00:00",  # Android fake MAC
    "9774d56d682e549c",  # duplicate Android ID
    "11010519491231002X",
    "4111111111111111",
    "13800138000",
}

_PHONE = re.compile(r"(1[3-9][0-9])[0-9]{4}([0-9]{4})")


def is_placeholder(value):
    return value in PLACEHOLDERS


def mask_phone(value):
    digits = value.replace(" ", "").replace("-", "")
    return _PHONE.sub(r"\1****\2", digits)


def normalise_event(event):
    out = dict(event)
    user = dict(out.get("user") or {})
    if "phone" in user:
        user["phone"] = mask_phone(user["phone"])
    out["user"] = user
    out["schema"] = "4.2.6.2"
    return out
