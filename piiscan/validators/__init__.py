"""Validators by name: small pure functions ``str -> Verdict``.

Recognizer definitions refer to validators by name. Modules are imported lazily so that
a scan only pays for the validators (and their dependencies, e.g. phonenumbers) it uses.
"""

from __future__ import annotations

import importlib

from piiscan.validators.base import INVALID, Outcome, Validator, Verdict, verdict

__all__ = ["INVALID", "VALIDATORS", "Outcome", "Validator", "Verdict", "get_validator", "verdict"]

#: validator name -> "module:function" below ``piiscan.validators``
VALIDATORS: dict[str, str] = {
    # device identifiers
    "imei": "device:imei",
    "meid": "device:meid",
    "mac": "device:mac",
    "android_id": "device:android_id",
    "device_serial": "device:device_serial",
    # telecom
    "imsi": "telecom:imsi",
    "iccid": "telecom:iccid",
    "cell_id": "telecom:cell_id",
    # app / advertising identifiers
    "ad_uuid": "appids:ad_uuid",
    "oaid": "appids:oaid",
    "firebase_id": "appids:firebase_id",
    "fcm_token": "appids:fcm_token",
    # network and location
    "ipv4": "network:ipv4",
    "ipv6": "network:ipv6",
    "ipv4_interface": "network:ipv4_interface",
    "lat_lon_pair": "location:lat_lon_pair",
    "dms_coordinate": "location:dms_coordinate",
    "coordinate": "location:coordinate",
    # contact
    "email": "contact:email",
    "phone": "contact:phone",
    "cn_mobile": "contact:cn_mobile",
    # financial
    "payment_card": "financial:payment_card",
    "iban": "financial:iban",
    # government identifiers
    "us_ssn": "identity:us_ssn",
    "cn_ric": "identity:cn_ric",
    "cn_passport": "identity:cn_passport",
    # names and postal addresses under a key
    "person_name": "person:person_name",
    "postal_address": "person:postal_address",
}

_cache: dict[str, Validator] = {}


def get_validator(name: str) -> Validator:
    """Return the validator function called ``name``; ``KeyError`` when there is none."""
    cached = _cache.get(name)
    if cached is not None:
        return cached
    module_name, _, func_name = VALIDATORS[name].partition(":")
    module = importlib.import_module(f"piiscan.validators.{module_name}")
    func: Validator = getattr(module, func_name)
    _cache[name] = func
    return func
