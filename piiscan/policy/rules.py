"""The policy as typed data: what each category or entity allows, and what each asset is.

A :class:`Policy` is what :func:`piiscan.policy.load.load_policy` returns (the file format is
described there). It answers two kinds of questions:

* for a category and an entity, what may be done with it: :meth:`Policy.retention_days`,
  :meth:`Policy.allowed_recipients`, :meth:`Policy.allowed_regions`,
  :meth:`Policy.hashed_for` (and :meth:`Policy.setting`, which also says which rule said it).
  Each field is looked up on its own: the entity's rule, then the category's, then
  ``defaults``; a field no level sets puts no constraint;
* for a file or a table, which asset rule describes it (owner, purpose, declared data,
  recipients, region, dating column): :meth:`Policy.file_rule`, :meth:`Policy.table_rule`.
  The first rule that matches wins.

Patterns. ``match`` globs (files and folders) use ``*`` (within a path component), ``**``
(any number of components), ``?`` and ``[...]``; a glob matches a file when it matches the
file's path, any trailing part of it starting at a ``/`` (``exports/**`` matches
``samples/repo/exports/users.csv``), or any folder above the file (``logs`` matches every
file below a ``logs`` folder; an archive counts as a folder of its members).

``table`` patterns are ``SOURCE#TABLE`` or a bare ``TABLE``. ``TABLE`` is matched,
case-insensitively, against ``schema.table`` and the bare table name; ``SOURCE`` like a
``match`` glob against the source (a path, or a database URL as piiscan shows it, with or
without its redacted ``:***`` password). So ``app.db#devices`` matches the table ``devices``
of ``samples/warehouse/app.db``, and ``*#events`` any table named ``events``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

#: the fields a category, entity or ``defaults`` rule may set
DATA_FIELDS: tuple[str, ...] = ("retention_days", "recipients", "regions", "hash_when_shared")
#: units of an integer dating column (seconds, milliseconds, microseconds, nanoseconds since 1970)
DATE_UNITS: tuple[str, ...] = ("s", "ms", "us", "ns")
#: record tags that count as "hashed or masked" for ``hash_when_shared``
PROTECTED_TAGS: frozenset[str] = frozenset({"hashed", "masked"})


@dataclass(frozen=True, slots=True)
class DataRule:
    """What the policy says about one category, one entity, or the defaults.

    ``None`` means this level does not say (the next level is asked); an empty tuple means
    "none": ``recipients: []`` shares with nobody.
    """

    retention_days: int | None = None
    recipients: tuple[str, ...] | None = None
    regions: tuple[str, ...] | None = None
    hash_when_shared: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Setting:
    """A resolved field: its value and the rule it comes from (``categories.location.regions``)."""

    value: object
    rule: str


@dataclass(frozen=True, slots=True)
class AssetRule:
    """One entry of ``assets``: files (``match``) or tables (``table``) and what they are."""

    index: int
    match: str | None = None  # glob on file paths (files and folders)
    table: str | None = None  # SOURCE#TABLE or TABLE pattern
    owner: str = ""
    purpose: str = ""
    #: declared categories and entities; ``None`` when the rule does not say (no undeclared check)
    declares: tuple[str, ...] | None = None
    shared_with: tuple[str, ...] = ()
    region: str | None = None
    dated_by: str | None = None  # tables: the column that dates each row
    date_unit: str | None = None  # integer dating columns: one of DATE_UNITS (inferred when None)

    @property
    def path(self) -> str:
        """The rule's place in the policy (``assets[2]``)."""
        return f"assets[{self.index}]"

    @property
    def label(self) -> str:
        """``assets[2] (owner growth-team)``: the path and the owner, for messages."""
        return f"{self.path} (owner {self.owner})" if self.owner else self.path

    def declared(self, category: str, entity: str) -> bool:
        """Whether the rule declares ``category`` or ``entity`` (always true without ``declares``)."""
        return self.declares is None or category in self.declares or entity in self.declares

    def matches_file(self, path: str) -> bool:
        """Whether this is a file rule whose glob matches ``path`` (see the module docstring)."""
        return self.match is not None and glob_matches_path(self.match, path)

    def matches_table(self, source: str, table: str) -> bool:
        """Whether this is a table rule whose pattern matches ``source#table``."""
        return self.table is not None and table_pattern_matches(self.table, source, table)


@dataclass(frozen=True, slots=True)
class Policy:
    """A loaded, validated policy file."""

    source: str  # the file it was loaded from (for messages)
    recipients: tuple[str, ...]
    regions: tuple[str, ...]
    defaults: DataRule = DataRule()
    categories: Mapping[str, DataRule] = field(default_factory=dict)
    entities: Mapping[str, DataRule] = field(default_factory=dict)
    assets: tuple[AssetRule, ...] = ()

    def setting(self, name: str, category: str, entity: str) -> Setting | None:
        """Field ``name`` (one of :data:`DATA_FIELDS`) for ``entity`` of ``category``: the
        entity's rule, else the category's, else ``defaults``; ``None`` when none sets it."""
        levels = (
            (self.entities.get(entity), f"entities.{entity}"),
            (self.categories.get(category), f"categories.{category}"),
            (self.defaults, "defaults"),
        )
        for rule, path in levels:
            value = None if rule is None else getattr(rule, name)
            if value is not None:
                return Setting(value, f"{path}.{name}")
        return None

    def retention_days(self, category: str, entity: str = "") -> int | None:
        """Days ``entity`` of ``category`` may be kept (``None``: the policy does not say)."""
        found = self.setting("retention_days", category, entity)
        return None if found is None else _as_int(found.value)

    def allowed_recipients(self, category: str, entity: str = "") -> tuple[str, ...] | None:
        """Recipients it may be shared with (``None``: no constraint, ``()``: nobody)."""
        return self._names("recipients", category, entity)

    def allowed_regions(self, category: str, entity: str = "") -> tuple[str, ...] | None:
        """Regions it may reside in (``None``: no constraint)."""
        return self._names("regions", category, entity)

    def hashed_for(self, category: str, entity: str = "") -> tuple[str, ...]:
        """Recipients that may receive it only hashed or masked."""
        return self._names("hash_when_shared", category, entity) or ()

    def file_rule(self, path: str) -> AssetRule | None:
        """The first ``match`` rule describing the file at ``path``."""
        return next((rule for rule in self.assets if rule.matches_file(path)), None)

    def table_rule(self, source: str, table: str) -> AssetRule | None:
        """The first ``table`` rule describing ``source#table``."""
        return next((rule for rule in self.assets if rule.matches_table(source, table)), None)

    def _names(self, name: str, category: str, entity: str) -> tuple[str, ...] | None:
        found = self.setting(name, category, entity)
        if found is None:
            return None
        assert isinstance(found.value, tuple)
        return tuple(str(item) for item in found.value)


def _as_int(value: object) -> int:
    assert isinstance(value, int)
    return value


# --------------------------------------------------------------------------- patterns


@functools.lru_cache(maxsize=512)
def glob_regex(pattern: str, *, ignore_case: bool = False) -> re.Pattern[str]:
    """A compiled regular expression for a ``/``-separated glob (``*``, ``**``, ``?``, ``[...]``)."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif char == "*":
            out.append("[^/]*")
            i += 1
        elif char == "?":
            out.append("[^/]")
            i += 1
        elif char == "[" and (end := pattern.find("]", i + 2)) > 0:
            body = pattern[i + 1 : end]
            negate = body.startswith("!")
            body = re.escape(body[1:] if negate else body).replace("\\-", "-")
            out.append(f"[{'^' if negate else ''}{body}]")
            i = end + 1
        else:
            out.append(re.escape(char))
            i += 1
    return re.compile("".join(out), re.IGNORECASE if ignore_case else 0)


def _normalise(path: str) -> str:
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path


def _path_candidates(path: str) -> list[str]:
    """Every run of whole components of ``path``: trailing parts, and the folders above them
    (an archive counts as a folder: ``logs.zip!2024/app.log`` is below ``logs.zip``)."""
    parts = [part for part in _normalise(path).replace("!", "/").split("/") if part]
    return ["/".join(parts[i:j]) for i in range(len(parts)) for j in range(len(parts), i, -1)]


def glob_matches_path(pattern: str, path: str) -> bool:
    """Whether a ``match`` glob matches the file at ``path`` (or a folder above it)."""
    regex = glob_regex(_normalise(pattern).strip("/"))
    return any(regex.fullmatch(candidate) for candidate in _path_candidates(path))


_REDACTED_PASSWORD = re.compile(r"^([A-Za-z][A-Za-z0-9_+.-]*://[^/@:]*):\*\*\*@")


def _source_candidates(source: str) -> list[str]:
    """The source, the source without a redacted password, and their trailing path parts."""
    forms = dict.fromkeys([source, _REDACTED_PASSWORD.sub(r"\1@", source)])
    candidates: list[str] = []
    for form in forms:
        parts = _normalise(form).split("/")
        candidates.extend("/".join(parts[i:]) for i in range(len(parts)) if parts[i])
    return candidates


def table_pattern_matches(pattern: str, source: str, table: str) -> bool:
    """Whether ``SOURCE#TABLE`` (or a bare ``TABLE``) matches ``table`` of ``source``."""
    source_glob, hash_mark, table_glob = pattern.rpartition("#")
    names = {table, table.split(".", 1)[-1]}
    table_regex = glob_regex(table_glob, ignore_case=True)
    if not any(table_regex.fullmatch(name) for name in names):
        return False
    if not hash_mark or source_glob in ("", "*", "**"):
        return True
    source_regex = glob_regex(source_glob)
    return any(source_regex.fullmatch(candidate) for candidate in _source_candidates(source))
