"""Baselines: a stable file (no churn, clean merges, no raw values), subtract, update and audit marks."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from piiscan.baseline import Baseline, BaselineEntry, BaselineError, finding_path
from piiscan.findings import fingerprint, mask
from piiscan.model import ColumnFinding, Finding, Sensitivity
from piiscan.text import LineIndex

IMEI = "352099001761481"
IMEI2 = "490154203237518"
MAC = "3c:5a:b4:12:34:56"


def make_finding(value: str, entity: str = "IMEI", path: str = "app/x.py", *, text: str | None = None) -> Finding:
    """A finding as the engine makes it (masked preview, contract fingerprint), found in ``text``."""
    text = text if text is not None else f"x = '{value}'\n"
    start = text.index(value)
    line, column = LineIndex(text).locate(start)
    return Finding(
        entity=entity, score=0.9, category="device_identifier", sensitivity=Sensitivity.RESTRICTED,
        recognizer=entity.lower(), preview=mask(value), fingerprint=fingerprint(entity, path, value),
        path=path, line=line, column=column, start=start, end=start + len(value),
    )


def make_column(entity: str = "IMEI", source: str = "sqlite:///app.db", table: str = "devices",
                field: str = "imei", preview: str = "35**********481") -> ColumnFinding:
    """A column finding as the table scanner makes it (fingerprint over ``source#table.field``)."""
    return ColumnFinding(
        entity=entity, score=0.95, category="device_identifier", sensitivity=Sensitivity.RESTRICTED,
        recognizer=entity.lower(), preview=preview, fingerprint=fingerprint(entity, f"{source}#{table}.{field}", ""),
        source=source, table=table, field=field, rows_scanned=100, matches=97, ratio=0.97,
        reason="values pass the check", evidence="values",
    )


FINDINGS = [
    make_finding(IMEI, path="app/x.py"),
    make_finding(MAC, "MAC_ADDRESS", path="app/x.py"),
    make_finding(IMEI2, path="tests/fixtures/devices.json"),
    make_finding("jane.doe@zhang-corp.cn", "EMAIL_ADDRESS", path="docs/README.md"),
]


# ---------------------------------------------------------------------------- the file format

def test_file_format() -> None:
    text = Baseline.from_findings(FINDINGS[:2]).dumps()
    fp_imei, fp_mac = FINDINGS[0].fingerprint, FINDINGS[1].fingerprint
    assert text == (
        "{\n"
        '  "entries": [\n'
        f'    {{"audit": "unreviewed", "entity": "IMEI", "fingerprint": "{fp_imei}", "path": "app/x.py", '
        '"preview": "35**********481"},\n'
        f'    {{"audit": "unreviewed", "entity": "MAC_ADDRESS", "fingerprint": "{fp_mac}", "path": "app/x.py", '
        f'"preview": "{mask(MAC)}"}}\n'
        "  ],\n"
        '  "version": 1\n'
        "}\n"
    )
    document = json.loads(text)
    assert list(document) == ["entries", "version"]
    assert all(list(e) == sorted(e) for e in document["entries"])


def test_empty_baseline_format() -> None:
    assert Baseline().dumps() == '{\n  "entries": [],\n  "version": 1\n}\n'
    assert Baseline.loads(Baseline().dumps()) == Baseline()


def test_entries_are_sorted_by_path_entity_fingerprint() -> None:
    entries = Baseline.from_findings(FINDINGS).entries
    assert [(e.path, e.entity) for e in entries] == [
        ("app/x.py", "IMEI"), ("app/x.py", "MAC_ADDRESS"),
        ("docs/README.md", "EMAIL_ADDRESS"), ("tests/fixtures/devices.json", "IMEI"),
    ]
    assert entries == tuple(sorted(entries, key=lambda e: (e.path, e.entity, e.fingerprint)))


@settings(max_examples=50, deadline=None)
@given(st.permutations(FINDINGS + FINDINGS[:2]))
def test_same_findings_in_any_order_give_identical_bytes(findings: list[Finding]) -> None:
    assert Baseline.from_findings(findings).dumps() == Baseline.from_findings(FINDINGS).dumps()


@pytest.mark.parametrize(
    "moved",
    [
        f"x = '{IMEI}'\n",
        f"\n\n\n# moved down\n    x = '{IMEI}'\n",
        f"def f():\n    return {{'imei': '{IMEI}'}}\n",
        f"{IMEI}",
    ],
)
def test_moving_a_finding_does_not_change_the_file(moved: str) -> None:
    original = Baseline.from_findings([make_finding(IMEI, text=f"a = 1\nx = '{IMEI}'\n")])
    after = Baseline.from_findings([make_finding(IMEI, text=moved)])
    assert after.dumps() == original.dumps()
    assert original.update([make_finding(IMEI, text=moved)], scanned_paths=None).dumps() == original.dumps()


def test_rename_changes_fingerprints() -> None:
    # documented: the path is part of the fingerprint, so a renamed file's findings come back as new
    before = Baseline.from_findings([make_finding(IMEI, path="app/old.py")])
    renamed = make_finding(IMEI, path="app/new.py")
    assert before.subtract([renamed]) == ([renamed], 0)
    after = before.update([renamed], scanned_paths=None)
    assert [e.path for e in after] == ["app/new.py"]


# ---------------------------------------------------------------------------- load / save

def test_round_trip(tmp_path: Path) -> None:
    baseline = Baseline.from_findings([*FINDINGS, make_column()]).mark(FINDINGS[0].fingerprint, "false_positive")
    target = tmp_path / ".piiscan-baseline.json"
    assert baseline.save(target) is True
    loaded = Baseline.load(target)
    assert loaded == baseline
    assert loaded.dumps() == baseline.dumps() == target.read_text(encoding="utf-8")
    assert loaded.get(FINDINGS[0].fingerprint) == BaselineEntry(
        "app/x.py", "IMEI", FINDINGS[0].fingerprint, "35**********481", "false_positive"
    )


def test_save_is_byte_identical_and_leaves_an_unchanged_file_alone(tmp_path: Path) -> None:
    target = tmp_path / "baseline.json"
    Baseline.from_findings(FINDINGS).save(target)
    first = target.read_bytes()
    os.utime(target, (1_000_000, 1_000_000))
    again = Baseline.load(target).update(reversed(FINDINGS), scanned_paths=None)
    assert again.save(target) is False
    assert target.read_bytes() == first
    assert target.stat().st_mtime == 1_000_000


def test_save_normalises_a_hand_formatted_file(tmp_path: Path) -> None:
    target = tmp_path / "baseline.json"
    baseline = Baseline.from_findings(FINDINGS)
    target.write_text(json.dumps(json.loads(baseline.dumps()), indent=4), encoding="utf-8")
    loaded = Baseline.load(target)
    assert loaded == baseline
    assert loaded.save(target) is True
    assert target.read_text(encoding="utf-8") == baseline.dumps()


def test_save_is_atomic_and_keeps_the_file_mode(tmp_path: Path) -> None:
    target = tmp_path / "baseline.json"
    Baseline().save(target)
    os.chmod(target, 0o640)
    Baseline.from_findings(FINDINGS).save(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["baseline.json"]  # no temporary file left


def test_save_errors_name_the_file(tmp_path: Path) -> None:
    target = tmp_path / "missing-dir" / "baseline.json"
    with pytest.raises(BaselineError, match=re.escape("missing-dir/baseline.json")):
        Baseline.from_findings(FINDINGS).save(target)


def test_missing_file_is_an_empty_baseline(tmp_path: Path) -> None:
    baseline = Baseline.load(tmp_path / "nope.json")
    assert len(baseline) == 0 and baseline.entries == ()
    assert baseline.subtract(FINDINGS) == (FINDINGS, 0)


_GOOD_ENTRY = {"fingerprint": "ab12", "entity": "IMEI", "path": "a.py", "preview": "35**", "audit": "unreviewed"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not valid JSON"),
        (b"{", "not valid JSON at line 1"),
        (b"not json at all", "not valid JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"[]", "expected a JSON object"),
        (b'"entries"', "expected a JSON object"),
        (b'{"entries": []}', "'version' must be 1"),
        (b'{"version": "1", "entries": []}', "'version' must be 1"),
        (b'{"version": true, "entries": []}', "'version' must be 1"),
        (b'{"version": 2, "entries": []}', "newer than this piiscan"),
        (b'{"version": 1}', "'entries' must be a list"),
        (b'{"version": 1, "entries": {}}', "'entries' must be a list"),
        (b'{"version": 1, "entries": [1]}', "entry 1: expected an object"),
        (json.dumps({"version": 1, "entries": [_GOOD_ENTRY, {**_GOOD_ENTRY, "fingerprint": ""}]}).encode(),
         "entry 2: 'fingerprint' must be a non-empty string"),
        (json.dumps({"version": 1, "entries": [{k: v for k, v in _GOOD_ENTRY.items() if k != "entity"}]}).encode(),
         "'entity' must be a non-empty string"),
        (json.dumps({"version": 1, "entries": [{**_GOOD_ENTRY, "path": 3}]}).encode(), "'path' must be"),
        (json.dumps({"version": 1, "entries": [{**_GOOD_ENTRY, "preview": None}]}).encode(), "'preview' must be"),
        (json.dumps({"version": 1, "entries": [{**_GOOD_ENTRY, "audit": "yes"}]}).encode(), "'audit' must be one of"),
        (b'{\n  "entries": [\n<<<<<<< HEAD\n    {"a": 1}\n=======\n    {"b": 2}\n>>>>>>> other\n  ],\n'
         b'  "version": 1\n}\n', "unresolved merge conflict"),
    ],
)
def test_malformed_file_raises_naming_the_file(tmp_path: Path, content: bytes, message: str) -> None:
    target = tmp_path / "my-baseline.json"
    target.write_bytes(content)
    with pytest.raises(BaselineError, match=re.escape("my-baseline.json")) as caught:
        Baseline.load(target)
    assert message in str(caught.value)


def test_unreadable_path_raises_naming_the_file(tmp_path: Path) -> None:
    directory = tmp_path / "a-directory"
    directory.mkdir()
    with pytest.raises(BaselineError, match="a-directory: cannot read baseline"):
        Baseline.load(directory)


def test_lenient_about_optional_fields_and_extra_keys() -> None:
    text = json.dumps({"version": 1, "entries": [
        {"fingerprint": "ab12", "entity": "IMEI", "path": "a.py", "line": 3, "note": "ok"},
    ], "generated_at": "ignored"})
    (entry,) = Baseline.loads(text).entries
    assert entry == BaselineEntry("a.py", "IMEI", "ab12", "", "unreviewed")


@pytest.mark.parametrize(
    ("audits", "kept"),
    [
        (["unreviewed", "false_positive"], "false_positive"),
        (["false_positive", "unreviewed"], "false_positive"),
        (["true_positive", "false_positive"], "true_positive"),
        (["false_positive", "true_positive"], "true_positive"),
        (["unreviewed", "unreviewed"], "unreviewed"),
    ],
)
def test_duplicate_entries_from_a_merge_are_folded(audits: list[str], kept: str) -> None:
    entries = [{**_GOOD_ENTRY, "audit": audit} for audit in audits]
    baseline = Baseline.loads(json.dumps({"version": 1, "entries": entries}))
    assert [e.audit for e in baseline] == [kept]


def test_non_utf8_file_names_round_trip(tmp_path: Path) -> None:
    odd = "data/caf\udce9.csv"  # a Latin-1 file name decoded with surrogateescape
    chinese = "数据/设备.csv"
    odd_finding = replace(make_finding(IMEI), path=odd, fingerprint="0" * 40)  # findings.fingerprint() cannot hash it
    baseline = Baseline.from_findings([odd_finding, make_finding(IMEI, path=chinese)])
    target = tmp_path / "b.json"
    baseline.save(target)
    assert Baseline.load(target) == baseline
    assert chinese in target.read_text(encoding="utf-8")  # readable where it can be


# ---------------------------------------------------------------------------- subtract

def test_subtract_text_findings() -> None:
    baseline = Baseline.from_findings(FINDINGS[:2])
    new = make_finding(IMEI2, path="app/x.py")
    moved = make_finding(IMEI, text=f"\n\n# elsewhere\n{IMEI}\n")
    assert baseline.subtract([*FINDINGS, new, moved]) == ([*FINDINGS[2:], new], 3)


def test_subtract_column_findings() -> None:
    accepted = make_column()
    other_field = make_column(field="device_imei")
    other_source = make_column(source="duckdb:///warehouse.duckdb")
    baseline = Baseline.from_findings([accepted])
    assert finding_path(accepted) == "sqlite:///app.db#devices.imei"
    # the column fingerprint does not depend on the sampled preview
    resampled = make_column(preview="86**********123")
    assert baseline.subtract([resampled, other_field, other_source]) == ([other_field, other_source], 1)


def test_subtract_mixed_findings() -> None:
    baseline = Baseline.from_findings([FINDINGS[0], make_column()])
    mixed: list[Finding | ColumnFinding] = [FINDINGS[0], FINDINGS[1], make_column(), make_column(field="x")]
    kept, suppressed = baseline.subtract(mixed)
    assert kept == [FINDINGS[1], make_column(field="x")] and suppressed == 2


# ---------------------------------------------------------------------------- update and mark

def test_update_keeps_audits_and_previews_of_entries_still_found() -> None:
    old = Baseline.from_findings([*FINDINGS, make_column()])
    old = old.mark(FINDINGS[0].fingerprint, "true_positive").mark(make_column().fingerprint, "false_positive")
    updated = old.update([*FINDINGS, make_column(preview="86**********123")], scanned_paths=None)
    assert updated == old
    assert updated.get(make_column().fingerprint) == old.get(make_column().fingerprint)  # stored preview kept


def test_update_adds_new_findings_unreviewed() -> None:
    old = Baseline.from_findings(FINDINGS[:1]).mark(FINDINGS[0].fingerprint, "false_positive")
    updated = old.update(FINDINGS[:2], scanned_paths={"app/x.py"})
    assert [(e.entity, e.audit) for e in updated] == [("IMEI", "false_positive"), ("MAC_ADDRESS", "unreviewed")]


@pytest.mark.parametrize(
    ("scanned", "left"),
    [
        (None, set()),  # the whole repository was scanned: every entry not found is stale
        (set(), {"app/x.py", "docs/README.md", "tests/fixtures/devices.json", "sqlite:///app.db#devices.imei"}),
        ({"app/x.py"}, {"docs/README.md", "tests/fixtures/devices.json", "sqlite:///app.db#devices.imei"}),
        ({"app"}, {"docs/README.md", "tests/fixtures/devices.json", "sqlite:///app.db#devices.imei"}),
        ({"app/"}, {"docs/README.md", "tests/fixtures/devices.json", "sqlite:///app.db#devices.imei"}),
        ({"ap"}, {"app/x.py", "docs/README.md", "tests/fixtures/devices.json", "sqlite:///app.db#devices.imei"}),
        ({"tests", "docs/README.md"}, {"app/x.py", "sqlite:///app.db#devices.imei"}),
        ({"sqlite:///app.db"}, {"app/x.py", "docs/README.md", "tests/fixtures/devices.json"}),
        ({"."}, set()),
    ],
)
def test_update_drops_stale_entries_of_scanned_paths_only(scanned: set[str] | None, left: set[str]) -> None:
    old = Baseline.from_findings([*FINDINGS, make_column()])
    updated = old.update([], scanned_paths=scanned)
    assert {e.path for e in updated} == left


def test_update_archive_members_follow_their_archive() -> None:
    old = Baseline.from_findings([make_finding(IMEI, path="dumps/logs.zip!device.log")])
    assert len(old.update([], scanned_paths={"dumps/logs.zip"})) == 0
    assert len(old.update([], scanned_paths={"dumps/logs"})) == 1


def test_mark() -> None:
    baseline = Baseline.from_findings(FINDINGS)
    fp = FINDINGS[2].fingerprint
    marked = baseline.mark(fp, "true_positive")
    assert marked.get(fp) is not None and marked.get(fp).audit == "true_positive"  # type: ignore[union-attr]
    assert baseline.get(fp).audit == "unreviewed"  # type: ignore[union-attr]  # immutable
    assert len(marked.unreviewed()) == len(FINDINGS) - 1
    assert marked.mark(fp, "unreviewed") == baseline
    with pytest.raises(KeyError):
        baseline.mark("0" * 40, "true_positive")
    with pytest.raises(ValueError, match="unknown audit decision"):
        baseline.mark(fp, "maybe")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- no raw values

_VALUES = st.text(alphabet="0123456789ABCDEF:-", min_size=8, max_size=40)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(_VALUES, min_size=1, max_size=8, unique=True),
       entity=st.sampled_from(["IMEI", "MAC_ADDRESS", "ANDROID_ID"]))
def test_no_raw_value_in_the_file(tmp_path: Path, values: list[str], entity: str) -> None:
    findings = [make_finding(v, entity, path=f"src/f{i}.py") for i, v in enumerate(values)]
    baseline = Baseline.from_findings(findings).mark(findings[0].fingerprint, "true_positive")
    target = tmp_path / "b.json"
    baseline.save(target)
    content = target.read_text(encoding="utf-8")
    for value in values:
        assert value not in content
    assert Baseline.load(target).subtract(findings) == ([], len(findings))


# ---------------------------------------------------------------------------- merges

def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@localhost", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@localhost", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_two_branches_accepting_findings_in_different_files_merge_cleanly(tmp_path: Path) -> None:
    target = tmp_path / ".piiscan-baseline.json"
    # git conflicts on changes to adjacent lines, as for any file: these are a line apart
    base = [make_finding(IMEI, path=p) for p in ("a/one.py", "c/two.py", "m/middle.py", "t/four.py", "z/last.py")]
    _git(tmp_path, "init", "-q", "-b", "main")
    Baseline.from_findings(base).save(target)
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "base")
    _git(tmp_path, "checkout", "-qb", "feature")
    ours = make_finding(IMEI2, path="p/feature.py")
    Baseline.load(target).update([*base, ours], scanned_paths=None).save(target)
    _git(tmp_path, "commit", "-qam", "feature")
    _git(tmp_path, "checkout", "-q", "main")
    theirs = make_finding(MAC, "MAC_ADDRESS", path="d/other.py")
    Baseline.load(target).update([*base, theirs], scanned_paths=None).mark(base[0].fingerprint, "false_positive").save(
        target
    )
    _git(tmp_path, "commit", "-qam", "main")
    _git(tmp_path, "merge", "-q", "--no-edit", "feature")
    merged = Baseline.load(target)
    expected = Baseline.from_findings([*base, ours, theirs]).mark(base[0].fingerprint, "false_positive")
    assert merged == expected
    assert target.read_text(encoding="utf-8") == expected.dumps()  # the merge result is already canonical
