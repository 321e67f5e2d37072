"""Policy rules: which asset rule describes a file or a table, and how data rules resolve."""

from __future__ import annotations

import pytest

from piiscan.policy.load import parse_policy
from piiscan.policy.rules import Setting, glob_matches_path, table_pattern_matches


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("exports/**", "samples/repo/exports/users.csv", True),
        ("exports/**", "samples/repo/exports/ad/deep/users.csv", True),
        ("samples/repo/exports/**", "samples/repo/exports/users.csv", True),
        ("exports/*.csv", "samples/repo/exports/users.csv", True),
        ("exports/*.csv", "samples/repo/exports/ad/users.csv", False),
        ("exports/payouts_*.csv", "samples/repo/exports/payouts_2024-11.csv", True),
        ("exports/payouts_*.csv", "samples/repo/exports/users.csv", False),
        ("exports", "samples/repo/exports/users.csv", True),  # a folder: everything below it
        ("exports/ad_partner/**", "samples/repo/exports/users.csv", False),
        ("**/*.log", "logs/access.log", True),
        ("logs/**/*.txt", "samples/repo/logs/qa/logcat-telecom.txt", True),
        ("logs/**/*.txt", "samples/repo/logs/logcat.txt", True),
        ("users.csv", "samples/repo/exports/users.csv", True),
        ("user?.csv", "samples/repo/exports/users.csv", True),
        ("[ux]sers.csv", "samples/repo/exports/users.csv", True),
        ("[!u]sers.csv", "samples/repo/exports/users.csv", False),
        ("ports/**", "samples/repo/exports/users.csv", False),  # components match whole
        ("Exports/**", "samples/repo/exports/users.csv", False),  # file globs are case-sensitive
        ("./exports/**", "exports/users.csv", True),
        ("exports/**", "logs.zip!exports/users.csv", True),
        ("logs.zip", "samples/logs.zip!2024/app.log", True),
    ],
)
def test_file_globs(pattern: str, path: str, expected: bool) -> None:
    assert glob_matches_path(pattern, path) is expected


@pytest.mark.parametrize(
    ("pattern", "source", "table", "expected"),
    [
        ("app.db#devices", "samples/warehouse/app.db", "devices", True),
        ("app.db#devices", "samples/warehouse/app.db", "users", False),
        ("warehouse/app.db#devices", "samples/warehouse/app.db", "devices", True),
        ("other.db#devices", "samples/warehouse/app.db", "devices", False),
        ("*#events", "samples/warehouse/events", "events", True),
        ("events", "samples/warehouse/events", "events", True),
        ("app.db#DEVICES", "samples/warehouse/app.db", "devices", True),  # table names: case-insensitive
        ("app.db#order items", "samples/warehouse/app.db", "order items", True),
        ("*#public.users", "postgresql://app@db/shop", "public.users", True),
        ("*#users", "postgresql://app@db/shop", "public.users", True),  # the bare table name
        ("*#public.*", "postgresql://app@db/shop", "public.users", True),
        ("*#audit.*", "postgresql://app@db/shop", "public.users", False),
        ("postgresql://app@db/shop#public.users", "postgresql://app:***@db/shop", "public.users", True),
        ("postgresql://*@db/shop#public.users", "postgresql://app:***@db/shop", "public.users", True),
        ("postgresql://app@other/shop#public.users", "postgresql://app@db/shop", "public.users", False),
    ],
)
def test_table_patterns(pattern: str, source: str, table: str, expected: bool) -> None:
    assert table_pattern_matches(pattern, source, table) is expected


POLICY = parse_policy(
    """\
version: 1
recipients: [logistics, payment_processor, analytics]
regions: [cn, us]
defaults: {retention_days: 1000, recipients: []}
categories:
  government_id:
    {retention_days: 365, recipients: [payment_processor], regions: [cn], hash_when_shared: [payment_processor]}
entities:
  US_SSN: {regions: [us]}
  CN_PASSPORT: {retention_days: 30, hash_when_shared: []}
assets:
  - {match: "exports/payouts*", owner: finance}
  - {match: "exports/**", owner: crm}
  - {table: "*#users", owner: accounts}
"""
)


def test_entity_rules_override_category_rules_field_by_field() -> None:
    assert POLICY.setting("regions", "government_id", "US_SSN") == Setting(("us",), "entities.US_SSN.regions")
    days = Setting(365, "categories.government_id.retention_days")
    assert POLICY.setting("retention_days", "government_id", "US_SSN") == days
    assert POLICY.retention_days("government_id", "CN_PASSPORT") == 30
    assert POLICY.hashed_for("government_id", "CN_PASSPORT") == ()
    assert POLICY.hashed_for("government_id", "CN_RESIDENT_ID") == ("payment_processor",)
    assert POLICY.allowed_recipients("government_id", "US_SSN") == ("payment_processor",)


def test_defaults_apply_to_categories_not_listed_and_unset_fields_are_unconstrained() -> None:
    assert POLICY.setting("recipients", "contact", "EMAIL_ADDRESS") == Setting((), "defaults.recipients")
    assert POLICY.retention_days("contact", "EMAIL_ADDRESS") == 1000
    assert POLICY.allowed_regions("contact", "EMAIL_ADDRESS") is None
    assert POLICY.setting("regions", "contact", "EMAIL_ADDRESS") is None


def test_the_first_matching_asset_rule_wins() -> None:
    payouts = POLICY.file_rule("samples/repo/exports/payouts_2024-11.csv")
    users = POLICY.file_rule("samples/repo/exports/users.csv")
    assert payouts is not None and payouts.owner == "finance" and payouts.path == "assets[0]"
    assert users is not None and users.owner == "crm" and users.label == "assets[1] (owner crm)"
    assert POLICY.file_rule("samples/repo/logs/access.log") is None
    table = POLICY.table_rule("postgresql://app@db/shop", "public.users")
    assert table is not None and table.owner == "accounts"
    assert POLICY.file_rule("users") is None  # a table rule never describes a file
