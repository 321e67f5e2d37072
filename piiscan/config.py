"""Configuration from ``.piiscan.toml`` or ``pyproject.toml`` ``[tool.piiscan]``.

Command-line options override the file. Unknown keys are an error (exit 2), so a typo is
never silently ignored.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from piiscan.model import Sensitivity

_KEYS = {
    "min_score", "entities", "disabled_entities", "fail_on", "exclude", "include", "max_file_size",
    "show_placeholders", "taxonomy", "policy", "escalations", "ner",
}


class ConfigError(ValueError):
    """The configuration file is invalid; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class FileConfig:
    """Settings read from a configuration file (all optional)."""

    source: str = ""
    min_score: float | None = None
    entities: tuple[str, ...] = ()
    disabled_entities: tuple[str, ...] = ()
    fail_on: str | None = None
    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    max_file_size: int | None = None
    show_placeholders: bool = False
    taxonomy: dict[str, dict[str, str]] = field(default_factory=dict)
    policy: str | None = None  # the policy file for inventory/check (relative to the config file)
    escalations: str | None = None  # escalation rules replacing the shipped ones
    ner: bool = False  # the NER tier (as --ner): names and addresses in prose; needs piiscan[ner]


def _strings(raw: Any, source: str, key: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise ConfigError(f"{source}: '{key}' must be a list of strings")
    return tuple(raw)


def parse_config(data: dict[str, Any], source: str) -> FileConfig:
    """Validate the ``[tool.piiscan]`` table (or a whole ``.piiscan.toml``)."""
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ConfigError(f"{source}: unknown key(s): {', '.join(unknown)}")
    min_score = data.get("min_score")
    if min_score is not None and not (isinstance(min_score, int | float) and 0 <= min_score <= 1):
        raise ConfigError(f"{source}: 'min_score' must be a number between 0 and 1")
    taxonomy = data.get("taxonomy", {})
    if not isinstance(taxonomy, dict) or not all(isinstance(v, dict) for v in taxonomy.values()):
        raise ConfigError(f"{source}: 'taxonomy' maps entity names to {{category, sensitivity}}")
    for entity, change in taxonomy.items():
        unknown_fields = sorted(set(change) - {"category", "sensitivity"})
        if unknown_fields:
            raise ConfigError(f"{source}: taxonomy.{entity}: unknown key(s): {', '.join(unknown_fields)}")
        if "sensitivity" in change:
            try:
                Sensitivity.parse(str(change["sensitivity"]))
            except ValueError as exc:
                raise ConfigError(f"{source}: taxonomy.{entity}: {exc}") from None
    if not isinstance(data.get("ner", False), bool):
        raise ConfigError(f"{source}: 'ner' must be true or false")
    max_size = data.get("max_file_size")
    if max_size is not None and (not isinstance(max_size, int) or max_size <= 0):
        raise ConfigError(f"{source}: 'max_file_size' must be a positive number of bytes")
    return FileConfig(
        source=source,
        min_score=float(min_score) if min_score is not None else None,
        entities=_strings(data.get("entities", []), source, "entities"),
        disabled_entities=_strings(data.get("disabled_entities", []), source, "disabled_entities"),
        fail_on=str(data["fail_on"]) if "fail_on" in data else None,
        exclude=_strings(data.get("exclude", []), source, "exclude"),
        include=_strings(data.get("include", []), source, "include"),
        max_file_size=max_size,
        show_placeholders=bool(data.get("show_placeholders", False)),
        taxonomy={str(k): {str(a): str(b) for a, b in v.items()} for k, v in taxonomy.items()},
        policy=_path(data, "policy", source),
        escalations=_path(data, "escalations", source),
        ner=bool(data.get("ner", False)),
    )


def _path(data: dict[str, Any], key: str, source: str) -> str | None:
    """A file named in the config, resolved against the config file's folder."""
    raw = data.get(key)
    if raw is None:
        return None
    if not isinstance(raw, str) or not raw:
        raise ConfigError(f"{source}: '{key}' must be a file path")
    return str(Path(source).parent / raw) if source and not Path(raw).is_absolute() else raw


def load_config(path: Path | None, cwd: Path | None = None) -> FileConfig:
    """Load ``path``, or discover ``.piiscan.toml`` / ``pyproject.toml`` in ``cwd``."""
    if path is None:
        base = cwd or Path.cwd()
        if (base / ".piiscan.toml").is_file():
            path = base / ".piiscan.toml"
        elif (base / "pyproject.toml").is_file():
            path = base / "pyproject.toml"
        else:
            return FileConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("piiscan", {})
        if not data:
            return FileConfig()
    return parse_config(data, str(path))
