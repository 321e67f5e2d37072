"""Recognizer definitions: YAML files under ``recognizers/`` loaded into typed specs.

A definition is data (see ``recognizers/README.md``); this module checks it strictly so a
mistake in a YAML file is reported with the file and the field, never at scan time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from piiscan.fastre import hoist_lookbehinds
from piiscan.model import Sensitivity
from piiscan.validators import VALIDATORS
from piiscan.validators.base import Outcome

_FLAGS = {"ignorecase": re.IGNORECASE, "multiline": re.MULTILINE, "dotall": re.DOTALL}
_DEFAULT_BOOSTS = {"key": 0.35, "context": 0.2, "negative": -0.4}
_REQUIRED = ("id", "entity", "category", "sensitivity", "patterns", "validator", "scores")
_KNOWN = {
    *_REQUIRED, "description", "priority", "context_required", "boosts", "keys", "context",
    "negative_context", "examples", "sensitivity_by_tag", "context_window", "column",
}
#: column mode (spec 1.5): do a column's values prove the identifier, or only its shape?
COLUMN_EVIDENCE = ("values", "header")


class RecognizerError(ValueError):
    """A recognizer definition is invalid; the message names the file and the field."""


@dataclass(frozen=True, slots=True)
class PatternSpec:
    """One regular expression of a recognizer."""

    name: str
    regex: str
    flags: int = 0
    prefilter: tuple[str, ...] = ()
    validator: str | None = None  # overrides the recognizer's validator for this pattern
    hoisted: str = ""  # ``regex`` with leading look-behinds moved past the first character (what runs)
    core: str = ""  # the prefilter's look-around-free superset (see piiscan.fastre.core_expression)
    width: int = -1  # the longest match (capped): how far a prefilter window must reach
    #: the validator never rates this form above medium, so it is reported only with a key or a
    #: context word: the engine looks for those first and skips the validator without them
    needs_context: bool = False


@dataclass(frozen=True, slots=True)
class Example:
    """A match / no-match example; ``value`` optionally pins the matched text."""

    text: str
    value: str | None = None


@dataclass(frozen=True, slots=True)
class RecognizerSpec:
    """A validated recognizer definition."""

    id: str
    entity: str
    category: str
    sensitivity: Sensitivity
    patterns: tuple[PatternSpec, ...]
    validator: str
    scores: Mapping[Outcome, float]
    description: str = ""
    priority: int = 50
    context_required: bool = False
    boost_key: float = 0.35
    boost_context: float = 0.2
    boost_negative: float = -0.4
    context_window: int = 48
    #: "values": a column whose values pass the validator is reported on its values alone;
    #: "header": the values only prove a shape, so a column name (or a strong neighbour) is needed
    column: str = "values"
    keys: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    negative_context: tuple[str, ...] = ()
    sensitivity_by_tag: Mapping[str, Sensitivity] = field(default_factory=dict)
    match_examples: tuple[Example, ...] = ()
    no_match_examples: tuple[Example, ...] = ()
    source: str = ""


def _fail(source: str, message: str) -> RecognizerError:
    return RecognizerError(f"{source}: {message}")


def _str_list(raw: Any, source: str, name: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, str) and x for x in raw):
        raise _fail(source, f"'{name}' must be a list of non-empty strings")
    return tuple(raw)


def _patterns(raw: Any, source: str) -> tuple[PatternSpec, ...]:
    if not isinstance(raw, list) or not raw:
        raise _fail(source, "'patterns' must be a non-empty list")
    out: list[PatternSpec] = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("regex"), str):
            raise _fail(source, f"patterns[{i}] needs a 'regex' string")
        flags = 0
        for flag in _str_list(item.get("flags"), source, f"patterns[{i}].flags"):
            if flag not in _FLAGS:
                raise _fail(source, f"patterns[{i}]: unknown flag {flag!r} (use {sorted(_FLAGS)})")
            flags |= _FLAGS[flag]
        hoisted = hoist_lookbehinds(item["regex"])
        try:  # compiled as the engine will (hoisted), so the engine's compile is a cache hit
            re.compile(hoisted, flags)
        except re.error as exc:
            raise _fail(source, f"patterns[{i}] does not compile: {exc}") from None
        if re.search(r"\\[bd]|\(\?P=|\\[1-9]", item["regex"]):
            raise _fail(source, f"patterns[{i}] uses \\b, \\d or a back-reference (see recognizers/README.md)")
        name = str(item.get("name", f"pattern_{i}"))
        validator = item.get("validator")
        if validator is not None and validator not in VALIDATORS:
            raise _fail(source, f"patterns[{i}]: unknown validator {validator!r}")
        prefilter = _str_list(item.get("prefilter"), source, "prefilter")
        from piiscan.fastre import core_expression
        from piiscan.prefilter import pattern_width

        core = core_expression(item["regex"], shrink=True)
        needs_context = item.get("needs_context", False)
        if not isinstance(needs_context, bool):
            raise _fail(source, f"patterns[{i}].needs_context must be true or false")
        out.append(
            PatternSpec(
                name, item["regex"], flags, prefilter, validator, hoisted, core, pattern_width(item["regex"]),
                needs_context,
            )
        )
    return tuple(out)


def _scores(raw: Any, source: str) -> dict[Outcome, float]:
    if not isinstance(raw, dict) or not raw:
        raise _fail(source, "'scores' must map validator outcomes to base scores")
    scores: dict[Outcome, float] = {}
    for name, value in raw.items():
        try:
            outcome = Outcome(name)
        except ValueError:
            raise _fail(source, f"scores: unknown outcome {name!r}") from None
        if outcome in (Outcome.INVALID, Outcome.PLACEHOLDER) or not isinstance(value, int | float):
            raise _fail(source, f"scores.{name} must be a number for strong/medium/weak")
        scores[outcome] = float(value)
    return scores


def _examples(raw: Any, source: str, name: str) -> tuple[Example, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise _fail(source, f"examples.{name} must be a list")
    out: list[Example] = []
    for item in raw:
        if isinstance(item, str):
            out.append(Example(item))
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            value = item.get("value")
            out.append(Example(item["text"], value if isinstance(value, str) else None))
        else:
            raise _fail(source, f"examples.{name}: each item is a string or {{text, value}}")
    return tuple(out)


def _sensitivity(raw: Any, source: str, name: str) -> Sensitivity:
    try:
        return Sensitivity.parse(str(raw))
    except ValueError as exc:
        raise _fail(source, f"{name}: {exc}") from None


def _context_words(raw: Any, source: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if isinstance(raw, dict):
        words: list[str] = []
        for lang, items in raw.items():
            words.extend(_str_list(items, source, f"context.{lang}"))
        return tuple(words)
    return _str_list(raw, source, "context")


def _window(raw: Any, source: str) -> int:
    if not isinstance(raw, int) or not 4 <= raw <= 200:
        raise _fail(source, "'context_window' must be a whole number of characters from 4 to 200")
    return raw


def _column(raw: Any, source: str) -> str:
    if raw not in COLUMN_EVIDENCE:
        raise _fail(source, f"'column' must be one of {', '.join(COLUMN_EVIDENCE)}")
    return str(raw)


def parse_spec(data: Any, source: str) -> RecognizerSpec:
    """Validate one parsed YAML document; ``source`` names the file in error messages."""
    if not isinstance(data, dict):
        raise _fail(source, "a recognizer definition is a mapping")
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise _fail(source, f"missing field(s): {', '.join(missing)}")
    unknown = sorted(set(data) - _KNOWN)
    if unknown:
        raise _fail(source, f"unknown field(s): {', '.join(unknown)}")
    if data["validator"] not in VALIDATORS:
        raise _fail(source, f"unknown validator {data['validator']!r}")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", str(data["id"])):
        raise _fail(source, "'id' must be snake_case")
    if not re.fullmatch(r"[A-Z][A-Z0-9_]*", str(data["entity"])):
        raise _fail(source, "'entity' must be UPPER_SNAKE_CASE")
    boosts = {**_DEFAULT_BOOSTS, **(data.get("boosts") or {})}
    examples = data.get("examples") or {}
    by_tag = {
        str(tag): _sensitivity(level, source, f"sensitivity_by_tag.{tag}")
        for tag, level in (data.get("sensitivity_by_tag") or {}).items()
    }
    return RecognizerSpec(
        id=str(data["id"]),
        entity=str(data["entity"]),
        category=str(data["category"]),
        sensitivity=_sensitivity(data["sensitivity"], source, "sensitivity"),
        patterns=_patterns(data["patterns"], source),
        validator=str(data["validator"]),
        scores=_scores(data["scores"], source),
        description=str(data.get("description", "")),
        priority=int(data.get("priority", 50)),
        context_required=bool(data.get("context_required", False)),
        boost_key=float(boosts["key"]),
        boost_context=float(boosts["context"]),
        boost_negative=float(boosts["negative"]),
        context_window=_window(data.get("context_window", 48), source),
        column=_column(data.get("column", "values"), source),
        keys=_str_list(data.get("keys"), source, "keys"),
        context=_context_words(data.get("context"), source),
        negative_context=_str_list(data.get("negative_context"), source, "negative_context"),
        sensitivity_by_tag=by_tag,
        match_examples=_examples(examples.get("match"), source, "match"),
        no_match_examples=_examples(examples.get("no_match"), source, "no_match"),
        source=source,
    )


def default_directory() -> Path:
    """The bundled ``recognizers/`` directory (inside the wheel, or the repository checkout)."""
    here = Path(__file__).resolve().parent
    if (here / "recognizers").is_dir():  # an installed wheel ships them inside the package
        return here / "recognizers"
    if (here.parent / "recognizers").is_dir():  # a checkout (editable install)
        return here.parent / "recognizers"
    from importlib import resources  # a zipped install; imported only here (~8 ms)

    return Path(str(resources.files("piiscan").joinpath("recognizers")))


def _loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_file(path: Path) -> RecognizerSpec:
    """Load and validate one YAML definition; the id must equal the file stem."""
    import yaml

    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_loader())
    except (OSError, yaml.YAMLError) as exc:
        raise _fail(str(path), f"cannot read: {exc}") from None
    spec = parse_spec(data, str(path))
    if spec.id != path.stem:
        raise _fail(str(path), f"id {spec.id!r} must equal the file name {path.stem!r}")
    return spec


def load_recognizers(directories: Iterable[Path] | None = None) -> list[RecognizerSpec]:
    """Load every ``*.yaml`` below the given directories (default: the bundled set).

    Validated specs are cached per process and in the user cache, keyed by every file's path,
    size and modification time: a pre-commit hook does not parse and check 23 YAML files on
    every commit (~60 ms), and an edited definition is never served stale.
    """
    dirs = list(directories) if directories is not None else [default_directory()]
    paths = sorted(p for d in dirs for p in d.rglob("*.yaml"))
    key = _cache_key(paths)
    if key not in _MEMORY:
        from piiscan.usercache import cached

        _MEMORY[key] = cached(
            "recognizers", key, lambda: tuple(_load_uncached(dirs)),
            lambda data: isinstance(data, tuple) and all(isinstance(s, RecognizerSpec) for s in data),
        )
    return list(_MEMORY[key])


_MEMORY: dict[str, tuple[RecognizerSpec, ...]] = {}


def _cache_key(paths: list[Path]) -> str:
    from piiscan import __version__
    from piiscan.usercache import files_key

    # this module too: a changed spec class must not load old pickles
    return files_key(Path(__file__), *paths, extra=(__version__,))


def _load_uncached(dirs: list[Path]) -> list[RecognizerSpec]:
    specs: dict[str, RecognizerSpec] = {}
    for directory in dirs:
        for path in sorted(directory.rglob("*.yaml")):
            spec = load_file(path)
            if spec.id in specs:
                raise _fail(str(path), f"duplicate recognizer id {spec.id!r} (also {specs[spec.id].source})")
            specs[spec.id] = spec
    return sorted(specs.values(), key=lambda s: s.id)
