"""Loading policy files: a valid policy round-trips into typed rules; every malformed one is an
error naming the file, the line and the key."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from piiscan.policy.load import PolicyError, Vocabulary, default_vocabulary, load_policy, parse_policy
from piiscan.policy.rules import AssetRule, DataRule

ROOT = Path(__file__).resolve().parents[2]

VALID = """\
version: 1
recipients: [logistics, payment_processor, ad_partner, analytics]
regions: [cn, eu, us]
defaults:
  retention_days: 1095
  recipients: []
categories:
  device_identifier: {retention_days: 365, recipients: [analytics], regions: [cn], hash_when_shared: [analytics]}
  location:
    retention_days: 30
    recipients: []
    regions: [cn]
entities:
  CN_RESIDENT_ID: {retention_days: 180, recipients: [payment_processor]}
assets:
  - match: "exports/ad_partner/**"
    owner: growth-team
    purpose: ad attribution export
    declares: [advertising_identifier, IMEI]
    shared_with: [ad_partner]
    region: cn
  - table: "app.db#devices"
    declares: [device_identifier, subscriber_identifier]
    dated_by: updated_at
    date_unit: ms
    region: cn
"""


def load_text(tmp_path: Path, text: str) -> None:
    """Write ``text`` as policy.yaml and load it (the test expects an error)."""
    path = tmp_path / "policy.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    load_policy(path)


def test_valid_policy_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(VALID, encoding="utf-8")
    policy = load_policy(path)
    assert policy.source == str(path)
    assert policy.recipients == ("logistics", "payment_processor", "ad_partner", "analytics")
    assert policy.regions == ("cn", "eu", "us")
    assert policy.defaults == DataRule(retention_days=1095, recipients=())
    assert policy.categories["device_identifier"] == DataRule(365, ("analytics",), ("cn",), ("analytics",))
    assert policy.categories["location"] == DataRule(30, (), ("cn",), None)
    assert policy.entities == {"CN_RESIDENT_ID": DataRule(180, ("payment_processor",))}
    assert policy.assets == (
        AssetRule(
            index=0, match="exports/ad_partner/**", owner="growth-team", purpose="ad attribution export",
            declares=("advertising_identifier", "IMEI"), shared_with=("ad_partner",), region="cn",
        ),
        AssetRule(
            index=1, table="app.db#devices", declares=("device_identifier", "subscriber_identifier"),
            region="cn", dated_by="updated_at", date_unit="ms",
        ),
    )


def test_minimal_policy() -> None:
    policy = parse_policy("version: 1\n")
    assert policy.assets == () and policy.categories == {} and policy.defaults == DataRule()


def test_the_sample_policy_loads() -> None:
    policy = load_policy(ROOT / "samples" / "policy.yaml")
    assert {rule.match or rule.table for rule in policy.assets} >= {"exports/devices.csv", "*#events"}
    assert all(rule.dated_by for rule in policy.assets if rule.table)


def case(name: str, line: int | None, fragment: str, *lines: str) -> object:
    """One malformed policy (``lines``), the line its error names and a fragment of the message."""
    return pytest.param("".join(f"{text}\n" for text in lines), line, fragment, id=name)


V1 = "version: 1"

# Each error kind; the message starts "policy.yaml:LINE: " and holds the fragment.
ERRORS = [
    case("bad-yaml", 3, "invalid YAML", V1, "regions: [cn"),
    case("bad-yaml-indent", 3, "invalid YAML", V1, "regions: [cn]", "  - eu"),
    case("empty", None, "the policy file is empty"),
    case("not-a-mapping", 1, "expected a mapping, found a list", "- version"),
    case("no-version", 1, "version: missing key", "regions: [cn]"),
    case("version", 1, "version: unsupported policy version", "version: 2"),
    case("version-type", 1, "version: unsupported policy version", "version: true"),
    case("unknown-top-key", 2, "region: unknown key 'region' (did you mean 'regions'?", V1, "region: [cn]"),
    case(
        "unknown-rule-key", 4, "categories.location.retention: unknown key 'retention' (did you mean 'retention_days'?",
        V1, "categories:", "  location:", "    retention: 30",
    ),
    case(
        "unknown-asset-key", 4, "assets[0].owners: unknown key 'owners'",
        V1, "assets:", "  - match: a", "    owners: x",
    ),
    case(
        "unknown-category", 3,
        "categories.locaton: unknown category 'locaton' (did you mean 'location'? known: advertising_identifier,",
        V1, "categories:", "  locaton: {retention_days: 30}",
    ),
    case(
        "unknown-entity", 3, "entities.imei: unknown entity 'imei' (did you mean 'IMEI'?",
        V1, "entities:", "  imei: {retention_days: 30}",
    ),
    case(
        "unknown-recipient", 7, "categories.contact.recipients[1]: unknown recipient 'ad_partner' (known: logistics)",
        V1, "recipients: [logistics]", "categories:", "  contact:", "    recipients:", "      - logistics",
        "      - ad_partner",
    ),
    case(
        "unknown-region", 5, "assets[0].region: unknown region 'eu' (known: cn)",
        V1, "regions: [cn]", "assets:", "  - match: a", "    region: eu",
    ),
    case(
        "unknown-declared", 4,
        "assets[0].declares[0]: unknown category or entity 'device_identifer' (did you mean 'device_identifier'?",
        V1, "assets:", "  - table: t", "    declares: [device_identifer]",
    ),
    case(
        "type-days", 3,
        "categories.location.retention_days: expected a whole number of days (0 or more), found 'thirty'",
        V1, "categories:", "  location: {retention_days: thirty}",
    ),
    case(
        "negative-days", 4, "expected a whole number of days",
        V1, "categories:", "  location:", "    retention_days: -1",
    ),
    case("float-days", 3, "expected a whole number of days", V1, "categories:", "  location: {retention_days: 30.5}"),
    case(
        "type-list", 4, "categories.location.regions: expected a list, found the value 'cn'",
        V1, "regions: [cn]", "categories:", "  location: {regions: cn}",
    ),
    case("type-map", 2, "categories: expected a mapping, found a list", V1, "categories: [location]"),
    case("type-none", 2, "assets: expected a list, found nothing", V1, "assets:"),
    case("type-text", 3, "assets[0].match: expected a single value, found a list", V1, "assets:", "  - match: [a, b]"),
    case("type-bool", 3, "assets[0].match: expected text, found the boolean true", V1, "assets:", "  - match: yes"),
    case("duplicate-name", 2, "regions[2]: 'cn' is listed twice", V1, "regions: [cn, eu, cn]"),
    case(
        "duplicate-key", 4, "categories.location: duplicate key",
        V1, "categories:", "  location: {}", "  location: {}",
    ),
    case("asset-no-pattern", 3, "assets[0]: an asset needs exactly one of", V1, "assets:", "  - owner: x"),
    case(
        "asset-two-patterns", 3, "assets[0]: an asset needs exactly one of", V1, "assets:", "  - {match: a, table: b}",
    ),
    case(
        "file-dated-by", 4, "assets[0].dated_by: only tables have a dating column",
        V1, "assets:", "  - match: a", "    dated_by: ts",
    ),
    case(
        "unit-without-column", 4, "assets[0].date_unit: 'date_unit' needs 'dated_by'",
        V1, "assets:", "  - table: a", "    date_unit: ms",
    ),
    case(
        "bad-unit", 5, "assets[0].date_unit: expected one of s, ms, us, ns",
        V1, "assets:", "  - table: a", "    dated_by: ts", "    date_unit: days",
    ),
    case(
        "hash-not-recipient", 4, "categories.contact.hash_when_shared[0]: 'b' is not among this rule's recipients",
        V1, "recipients: [a, b]", "categories:", "  contact: {recipients: [a], hash_when_shared: [b]}",
    ),
]


@pytest.mark.parametrize(("text", "line", "fragment"), ERRORS)
def test_errors_name_file_line_and_key(tmp_path: Path, text: str, line: int | None, fragment: str) -> None:
    with pytest.raises(PolicyError) as caught:
        load_text(tmp_path, text)
    message = str(caught.value)
    where = f"{tmp_path / 'policy.yaml'}:{line}:" if line is not None else f"{tmp_path / 'policy.yaml'}:"
    assert message.startswith(where), message
    assert fragment in message, message


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match=r"missing\.yaml: cannot read the policy file"):
        load_policy(tmp_path / "missing.yaml")


def test_extra_vocabulary_is_accepted() -> None:
    vocabulary = default_vocabulary(categories=["biometric"], entities=["FACE_ID"])
    policy = parse_policy(
        "version: 1\ncategories:\n  biometric: {retention_days: 1}\nentities:\n  FACE_ID: {retention_days: 0}\n",
        vocabulary=vocabulary,
    )
    assert policy.retention_days("biometric", "FACE_ID") == 0
    with pytest.raises(PolicyError, match="unknown category 'biometric'"):
        parse_policy("version: 1\ncategories:\n  biometric: {}\n", vocabulary=Vocabulary(frozenset(), frozenset()))
