"""Loading a policy file: YAML in, a validated :class:`~piiscan.policy.rules.Policy` out.

The format (``samples/policy.yaml`` is a commented example)::

    version: 1                                   # required; the only version so far
    recipients: [logistics, payment_processor, ad_partner, analytics]   # every recipient named below
    regions: [cn, eu, us]                        # every region named below
    defaults:                                    # optional: for categories and entities not listed
      recipients: []
    categories:                                  # per category (device_identifier, location ...)
      location: {retention_days: 30, recipients: [logistics], regions: [cn]}
      device_identifier: {retention_days: 365, recipients: [analytics], hash_when_shared: [analytics]}
    entities:                                    # per entity (IMEI, CN_RESIDENT_ID ...)
      CN_RESIDENT_ID: {retention_days: 180, recipients: [payment_processor]}
    assets:                                      # what files and tables are; first match wins
      - match: "exports/ad_partner/**"           # files: a glob on paths
        owner: growth-team
        purpose: ad attribution export
        declares: [advertising_identifier]       # categories and/or entities it is meant to hold
        shared_with: [ad_partner]
        region: cn
      - table: "app.db#devices"                  # tables: SOURCE#TABLE or TABLE, globs allowed
        declares: [device_identifier, subscriber_identifier]
        dated_by: updated_at                     # the column that dates each row
        date_unit: ms                            # only for integer columns: s|ms|us|ns (else inferred)
        region: cn

Data rules (``defaults``, each category, each entity) may set ``retention_days`` (a whole
number of days, 0 or more), ``recipients`` (who may receive it; ``[]``: nobody), ``regions``
(where it may reside) and ``hash_when_shared`` (recipients that may receive it only hashed or
masked; they must also be among the recipients, or sharing with them is a violation anyway).
Each field is resolved on its own: the entity's rule, then its category's, then ``defaults``;
a field no level sets is not checked.

Asset rules take exactly one of ``match`` (files) and ``table`` (tables) and any of ``owner``,
``purpose``, ``declares``, ``shared_with``, ``region``, and, for tables, ``dated_by`` and
``date_unit``. Pattern semantics are in :mod:`piiscan.policy.rules`.

Everything is checked when the file is loaded: YAML syntax, unknown and duplicate keys, wrong
types, and unknown categories, entities, recipients and regions are errors that name the file,
the line and the key, e.g. ``policy.yaml:12: categories.locaton: unknown category 'locaton'
(did you mean 'location'? known: contact, device_identifier, ...)``. Known categories and
entities are those of the piiscan contract and of the bundled recognizers (plus any the caller
adds, e.g. from a user taxonomy).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from piiscan.policy.rules import DATA_FIELDS, DATE_UNITS, AssetRule, DataRule, Policy

__all__ = [
    "CONTRACT_CATEGORIES",
    "CONTRACT_ENTITIES",
    "PolicyError",
    "Vocabulary",
    "default_vocabulary",
    "load_policy",
    "parse_policy",
]

#: categories named by the contract (section 3)
CONTRACT_CATEGORIES: frozenset[str] = frozenset(
    {
        "device_identifier", "subscriber_identifier", "advertising_identifier", "network_identifier",
        "location", "contact", "government_id", "financial", "person",
    }
)
#: entity names of the contract (section 2)
CONTRACT_ENTITIES: frozenset[str] = frozenset(
    {
        "IMEI", "MEID", "IMSI", "ICCID", "MAC_ADDRESS", "ANDROID_ID", "ADVERTISING_ID", "OAID",
        "DEVICE_SERIAL", "FIREBASE_ID", "FCM_TOKEN", "GEO_COORDINATE", "CELL_ID", "IP_ADDRESS",
        "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "CN_RESIDENT_ID",
        "CN_PASSPORT", "PERSON", "LOCATION",
    }
)

_TOP_KEYS = ("version", "recipients", "regions", "defaults", "categories", "entities", "assets")
_ASSET_KEYS = (
    "match", "table", "owner", "purpose", "declares", "shared_with", "region", "dated_by", "date_unit",
)
_VERSION = 1
_INT_TAG = "tag:yaml.org,2002:int"
_STR_TAG = "tag:yaml.org,2002:str"

T = TypeVar("T")


class PolicyError(ValueError):
    """A policy file cannot be used; the message names the file, the line and the key."""


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The category and entity names a policy may use."""

    categories: frozenset[str]
    entities: frozenset[str]


def default_vocabulary(
    categories: Iterable[str] = (), entities: Iterable[str] = ()
) -> Vocabulary:
    """The contract's names, the bundled recognizers' and the extra ``categories``/``entities``."""
    from piiscan.recognizers import load_recognizers

    specs = load_recognizers()
    return Vocabulary(
        CONTRACT_CATEGORIES | {spec.category for spec in specs} | set(categories),
        CONTRACT_ENTITIES | {spec.entity for spec in specs} | set(entities),
    )


def load_policy(path: Path, *, vocabulary: Vocabulary | None = None) -> Policy:
    """Read and validate the policy file at ``path``; raise :class:`PolicyError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise PolicyError(f"{path}: cannot read the policy file: {reason}") from None
    return parse_policy(text, str(path), vocabulary=vocabulary)


def parse_policy(text: str, source: str = "<policy>", *, vocabulary: Vocabulary | None = None) -> Policy:
    """Validate a policy given as YAML text; ``source`` names it in error messages."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f"{mark.line + 1}:" if mark is not None else ""
        problem = exc.problem or exc.context or "malformed"
        raise PolicyError(f"{source}:{line} invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise PolicyError(f"{source}: invalid YAML: {exc}") from None
    if root is None:
        raise PolicyError(f"{source}: the policy file is empty")
    return _Reader(source, vocabulary or default_vocabulary()).policy(root)


# --------------------------------------------------------------------------- reading nodes


def _suggest(name: str, known: Collection[str]) -> str:
    same = [item for item in sorted(known) if item.casefold() == name.casefold()]
    close = same or difflib.get_close_matches(name, sorted(known), n=1)
    listed = ", ".join(sorted(known)) or "none declared"
    return f"(did you mean {close[0]!r}? known: {listed})" if close else f"(known: {listed})"


class _Reader:
    """Walks the composed YAML nodes; every error names the line and the key path."""

    def __init__(self, source: str, vocabulary: Vocabulary) -> None:
        self.source = source
        self.vocabulary = vocabulary
        self.recipients: tuple[str, ...] = ()
        self.regions: tuple[str, ...] = ()
        self._constructor = SafeConstructor()

    def fail(self, node: Node, path: str, message: str) -> PolicyError:
        """A PolicyError at ``node``'s line."""
        where = f"{path}: " if path else ""
        return PolicyError(f"{self.source}:{node.start_mark.line + 1}: {where}{message}")

    # ---- shapes

    def mapping(self, node: Node, path: str, allowed: Collection[str] | None = None) -> dict[str, tuple[Node, Node]]:
        """``{key: (key node, value node)}``; keys are strings, unique, and in ``allowed``."""
        if not isinstance(node, MappingNode):
            raise self.fail(node, path, f"expected a mapping, found {_kind(node)}")
        out: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag != _STR_TAG:
                raise self.fail(key_node, path, f"keys must be names, found {_kind(key_node)}")
            key = str(key_node.value)
            where = f"{path}.{key}" if path else key
            if key in out:
                raise self.fail(key_node, where, "duplicate key")
            if allowed is not None and key not in allowed:
                raise self.fail(key_node, where, f"unknown key {key!r} {_suggest(key, allowed)}")
            out[key] = (key_node, value_node)
        return out

    def scalar(self, node: Node, path: str) -> object:
        """A scalar's Python value."""
        if not isinstance(node, ScalarNode):
            raise self.fail(node, path, f"expected a single value, found {_kind(node)}")
        try:
            return self._constructor.construct_object(node)
        except ConstructorError as exc:
            raise self.fail(node, path, f"unreadable value: {exc.problem}") from None

    def string(self, node: Node, path: str) -> str:
        """A non-empty text value."""
        value = self.scalar(node, path)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(node, path, f"expected text, found {_describe(value)}")
        return value.strip()

    def integer(self, node: Node, path: str) -> int:
        """A whole number, 0 or more (booleans are not numbers here)."""
        value = self.scalar(node, path)
        if node.tag != _INT_TAG or not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.fail(node, path, f"expected a whole number of days (0 or more), found {_describe(value)}")
        return value

    def sequence(self, node: Node, path: str, item: Callable[[Node, str], T]) -> tuple[T, ...]:
        """A list, each item read by ``item(node, path[i])``."""
        if not isinstance(node, SequenceNode):
            raise self.fail(node, path, f"expected a list, found {_kind(node)}")
        return tuple(item(child, f"{path}[{i}]") for i, child in enumerate(node.value))

    def known(self, node: Node, path: str, what: str, names: Collection[str]) -> str:
        """A name that must be among ``names``."""
        name = self.string(node, path)
        if name not in names:
            raise self.fail(node, path, f"unknown {what} {name!r} {_suggest(name, names)}")
        return name

    # ---- the policy

    def policy(self, root: Node) -> Policy:
        """The whole document."""
        top = self.mapping(root, "", _TOP_KEYS)
        if "version" not in top:
            raise self.fail(root, "version", f"missing key (add 'version: {_VERSION}')")
        version_node = top["version"][1]
        version = self.scalar(version_node, "version")
        if version_node.tag != _INT_TAG or version != _VERSION:
            raise self.fail(version_node, "version", f"unsupported policy version (expected {_VERSION})")
        self.recipients = self.names(top, "recipients")
        self.regions = self.names(top, "regions")
        defaults = self.data_rule(top["defaults"][1], "defaults") if "defaults" in top else DataRule()
        categories = self.data_rules(top, "categories", "category", self.vocabulary.categories)
        entities = self.data_rules(top, "entities", "entity", self.vocabulary.entities)
        assets = self.sequence(top["assets"][1], "assets", self.asset_rule) if "assets" in top else ()
        return Policy(self.source, self.recipients, self.regions, defaults, categories, entities, assets)

    def names(self, top: dict[str, tuple[Node, Node]], key: str) -> tuple[str, ...]:
        """The declared recipients or regions (unique names)."""
        if key not in top:
            return ()
        values = self.sequence(top[key][1], key, self.string)
        seen: set[str] = set()
        for i, (value, child) in enumerate(zip(values, top[key][1].value, strict=True)):
            if value in seen:
                raise self.fail(child, f"{key}[{i}]", f"{value!r} is listed twice")
            seen.add(value)
        return values

    def data_rules(
        self, top: dict[str, tuple[Node, Node]], key: str, what: str, known: Collection[str]
    ) -> dict[str, DataRule]:
        """``categories`` or ``entities``: a mapping of known names to data rules."""
        if key not in top:
            return {}
        rules: dict[str, DataRule] = {}
        for name, (name_node, value_node) in self.mapping(top[key][1], key).items():
            path = f"{key}.{name}"
            if name not in known:
                raise self.fail(name_node, path, f"unknown {what} {name!r} {_suggest(name, known)}")
            rules[name] = self.data_rule(value_node, path)
        return rules

    def data_rule(self, node: Node, path: str) -> DataRule:
        """One category, entity or defaults rule."""
        fields = self.mapping(node, path, DATA_FIELDS)

        def recipient(child: Node, where: str) -> str:
            return self.known(child, where, "recipient", self.recipients)

        def region(child: Node, where: str) -> str:
            return self.known(child, where, "region", self.regions)

        def names(key: str, item: Callable[[Node, str], str]) -> tuple[str, ...] | None:
            return self.sequence(fields[key][1], f"{path}.{key}", item) if key in fields else None

        retention = fields.get("retention_days")
        rule = DataRule(
            retention_days=None if retention is None else self.integer(retention[1], f"{path}.retention_days"),
            recipients=names("recipients", recipient),
            regions=names("regions", region),
            hash_when_shared=names("hash_when_shared", recipient),
        )
        if rule.recipients is not None and rule.hash_when_shared is not None:
            for i, name in enumerate(rule.hash_when_shared):
                if name not in rule.recipients:
                    where = f"{path}.hash_when_shared[{i}]"
                    child = fields["hash_when_shared"][1].value[i]
                    raise self.fail(child, where, f"{name!r} is not among this rule's recipients")
        return rule

    def asset_rule(self, node: Node, path: str) -> AssetRule:
        """One entry of ``assets``."""
        index = int(path[path.rindex("[") + 1 : -1])
        fields = self.mapping(node, path, _ASSET_KEYS)
        if ("match" in fields) == ("table" in fields):
            raise self.fail(node, path, "an asset needs exactly one of 'match' (files) or 'table' (tables)")
        for key in ("dated_by", "date_unit"):
            if key in fields and "table" not in fields:
                raise self.fail(fields[key][0], f"{path}.{key}", "only tables have a dating column")
        if "date_unit" in fields and "dated_by" not in fields:
            raise self.fail(fields["date_unit"][0], f"{path}.date_unit", "'date_unit' needs 'dated_by'")

        def text(key: str) -> str | None:
            return self.string(fields[key][1], f"{path}.{key}") if key in fields else None

        def declared(child: Node, where: str) -> str:
            known = self.vocabulary.categories | self.vocabulary.entities
            name = self.string(child, where)
            if name not in known:
                raise self.fail(child, where, f"unknown category or entity {name!r} {_suggest(name, known)}")
            return name

        def recipient(child: Node, where: str) -> str:
            return self.known(child, where, "recipient", self.recipients)

        unit = text("date_unit")
        if unit is not None and unit not in DATE_UNITS:
            raise self.fail(fields["date_unit"][1], f"{path}.date_unit", f"expected one of {', '.join(DATE_UNITS)}")
        region = fields.get("region")
        declares = self.sequence(fields["declares"][1], f"{path}.declares", declared) if "declares" in fields else None
        shared = fields.get("shared_with")
        return AssetRule(
            index=index,
            match=text("match"),
            table=text("table"),
            owner=text("owner") or "",
            purpose=text("purpose") or "",
            declares=declares,
            shared_with=() if shared is None else self.sequence(shared[1], f"{path}.shared_with", recipient),
            region=None if region is None else self.known(region[1], f"{path}.region", "region", self.regions),
            dated_by=text("dated_by"),
            date_unit=unit,
        )


def _kind(node: Node) -> str:
    if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        return "nothing"
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return f"the value {node.value!r}" if isinstance(node, ScalarNode) else "something else"


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    return f"{value!r}"
