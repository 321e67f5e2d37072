"""The recognizer loader rejects broken definitions with a message naming the file and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from piiscan.recognizers import RecognizerError, default_directory, load_file, load_recognizers, parse_spec

VALID: dict[str, Any] = {
    "id": "demo",
    "entity": "IMEI",
    "category": "device_identifier",
    "sensitivity": "confidential",
    "patterns": [{"name": "p", "regex": "(?<![0-9])[0-9]{15}(?![0-9])"}],
    "validator": "imei",
    "scores": {"strong": 0.65, "weak": 0.2},
}


def _with(**changes: Any) -> dict[str, Any]:
    data = dict(VALID)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def test_valid_definition_parses() -> None:
    spec = parse_spec(VALID, "demo.yaml")
    assert spec.entity == "IMEI"
    assert spec.boost_key == pytest.approx(0.35)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_with(entity=None), "missing field(s): entity"),
        (_with(colour="red"), "unknown field(s): colour"),
        (_with(validator="nope"), "unknown validator 'nope'"),
        (_with(sensitivity="secret"), "unknown sensitivity"),
        (_with(patterns=[{"regex": "("}]), "does not compile"),
        (_with(patterns=[{"regex": r"\b[0-9]{15}\b"}]), "uses \\b, \\d or a back-reference"),
        (_with(patterns=[{"regex": "[0-9]+", "flags": ["verbose"]}]), "unknown flag"),
        (_with(scores={"placeholder": 0.1}), "scores.placeholder must be a number"),
        (_with(scores={"great": 0.1}), "unknown outcome"),
        (_with(id="Demo"), "'id' must be snake_case"),
        (_with(keys="imei"), "'keys' must be a list"),
        ("just a string", "is a mapping"),
    ],
)
def test_invalid_definitions_are_rejected(data: Any, message: str) -> None:
    with pytest.raises(RecognizerError, match=r"demo\.yaml") as info:
        parse_spec(data, "demo.yaml")
    assert message in str(info.value)


def test_id_must_equal_file_stem(tmp_path: Path) -> None:
    path = tmp_path / "other.yaml"
    path.write_text("id: demo\nentity: IMEI\ncategory: c\nsensitivity: internal\nvalidator: imei\n"
                    "scores: {strong: 0.6}\npatterns: [{regex: '[0-9]{15}'}]\n", encoding="utf-8")
    with pytest.raises(RecognizerError, match="must equal the file name"):
        load_file(path)


def test_duplicate_ids_are_rejected(tmp_path: Path) -> None:
    body = ("id: demo\nentity: IMEI\ncategory: c\nsensitivity: internal\nvalidator: imei\n"
            "scores: {strong: 0.6}\npatterns: [{regex: '[0-9]{15}'}]\n")
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "demo.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(RecognizerError, match="duplicate recognizer id"):
        load_recognizers([tmp_path])


def test_bundled_definitions_cover_the_contract_entities() -> None:
    entities = {spec.entity for spec in load_recognizers()}
    assert entities >= {
        "IMEI", "MEID", "IMSI", "ICCID", "MAC_ADDRESS", "ANDROID_ID", "ADVERTISING_ID", "OAID",
        "DEVICE_SERIAL", "FIREBASE_ID", "FCM_TOKEN", "GEO_COORDINATE", "CELL_ID", "IP_ADDRESS",
        "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "CN_RESIDENT_ID", "CN_PASSPORT",
    }
    assert default_directory().is_dir()


def test_every_bundled_definition_has_bilingual_context_and_examples() -> None:
    for spec in load_recognizers():
        assert len(spec.match_examples) >= 3, spec.id
        assert len(spec.no_match_examples) >= 3, spec.id
        assert any(not w.isascii() for w in spec.context), f"{spec.id} has no Chinese context words"
        assert any(w.isascii() for w in spec.context), f"{spec.id} has no English context words"
