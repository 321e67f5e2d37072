"""``piiscan.scan.run_scan`` end to end on real trees: parallel = serial, summary, order, ignores."""

from __future__ import annotations

import itertools
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from fsutil import write_file as _write

from piiscan import scan as scan_module
from piiscan.model import Report
from piiscan.scan import ScanConfig, run_scan, unscannable_targets
from piiscan.sources.files import FileRef, WalkOptions, walk
from piiscan.validators.checksums import luhn_check_digit

N_TEXT_FILES = 40


def imei(i: int) -> str:
    """A distinct Luhn-valid IMEI (allocating RBI 35, no dummy serial) for each ``i``."""
    body = f"35{209900 + i:06d}{123457 + i * 7919:06d}"
    return body + luhn_check_digit(body)


def email(i: int) -> str:
    return f"user{i}.tester@mailbox{i}.net"




@dataclass(frozen=True)
class Tree:
    root: Path
    imeis: int
    emails: int
    text_documents: int  # decoded documents (archive members included)


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Tree:
    """≥ 40 text files (IMEIs, e-mails), empty and binary files, ignored files, an archive."""
    root = tmp_path_factory.mktemp("tree")
    for i in range(N_TEXT_FILES):
        lines = ["first line of the record", f"record {i}: device imei: {imei(i)}"]
        if i % 2 == 0:
            lines.append(f"contact: {email(i)}")
        lines.append("the end")
        _write(root, f"src/mod{i % 7}/file{i:02d}.txt", "\n".join(lines) + "\n")
    _write(root, "empty1.txt", b"")
    _write(root, "src/empty2.txt", b"")
    _write(root, "blob.bin", bytes(range(256)) * 4)
    _write(root, "img.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 2)
    _write(root, ".gitignore", "ignored/\n*.log\n")
    _write(root, "ignored/secret.txt", f"device imei: {imei(100)}\n")
    _write(root, "debug.log", f"device imei: {imei(101)}\n")
    with zipfile.ZipFile(root / "a.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("inner.txt", f"packed device imei: {imei(102)}\n")
    # 40 text files + .gitignore + a.zip!inner.txt
    return Tree(root, imeis=N_TEXT_FILES + 1, emails=N_TEXT_FILES // 2, text_documents=N_TEXT_FILES + 2)


def _scan(targets: list[str], **config: object) -> Report:
    return run_scan(targets, ScanConfig(**config))  # type: ignore[arg-type]


def _comparable(report: Report) -> tuple[list[dict[str, object]], list[dict[str, str]], dict[str, object]]:
    summary = report.summary.to_record()
    summary.pop("duration_seconds")
    return [f.to_record() for f in report.findings], [e.to_record() for e in report.errors], summary


def test_parallel_scan_equals_serial_scan(tree: Tree) -> None:
    files = [item for item in walk([str(tree.root)], WalkOptions()) if isinstance(item, FileRef)]
    assert len(files) >= max(N_TEXT_FILES, scan_module._PARALLEL_MIN_FILES)  # the process pool is used
    serial = _scan([str(tree.root)], jobs=1)
    parallel = _scan([str(tree.root)], jobs=2)
    assert len(serial.findings) == tree.imeis + tree.emails
    assert _comparable(parallel) == _comparable(serial)


def test_summary_counts(tree: Tree) -> None:
    report = _scan([str(tree.root)], jobs=1)
    s = report.summary
    assert s.files_scanned == tree.text_documents
    assert s.files_skipped == {"binary": 2, "empty": 2}
    assert s.findings_by_entity == {"IMEI": tree.imeis, "EMAIL_ADDRESS": tree.emails}
    assert s.findings_by_sensitivity == {"confidential": tree.imeis + tree.emails}
    assert s.errors == len(report.errors) == 0
    assert s.bytes_scanned > 0
    record = s.to_record()
    assert record["findings"] == tree.imeis + tree.emails


def test_every_planted_value_found_once_at_its_place(tree: Tree) -> None:
    report = _scan([str(tree.root)], jobs=1, show_values=True)
    by_value = {f.value: f for f in report.findings}
    assert len(by_value) == len(report.findings)
    for i in range(N_TEXT_FILES):
        found = by_value[imei(i)]
        assert found.entity == "IMEI"
        assert found.path == os.path.join(str(tree.root), "src", f"mod{i % 7}", f"file{i:02d}.txt")
        assert (found.line, found.column) == (2, len(f"record {i}: device imei: ") + 1)
        if i % 2 == 0:
            assert by_value[email(i)].line == 3


def test_findings_sorted_by_path_then_offset(tree: Tree) -> None:
    report = _scan([str(tree.root)], jobs=2)
    keys = [(f.path, f.start) for f in report.findings]
    assert keys == sorted(keys)
    assert len({f.path for f in report.findings}) > 1
    assert any(a[0] == b[0] and a[1] < b[1] for a, b in itertools.pairwise(keys))


def test_gitignored_files_are_not_scanned(tree: Tree) -> None:
    honoured = _scan([str(tree.root)], jobs=1)
    paths = {f.path for f in honoured.findings}
    ignored = {os.path.join(str(tree.root), "ignored", "secret.txt"), os.path.join(str(tree.root), "debug.log")}
    assert not paths & ignored

    everything = _scan([str(tree.root)], jobs=1, walk=WalkOptions(honour_gitignore=False))
    assert ignored <= {f.path for f in everything.findings}
    assert everything.summary.files_scanned == honoured.summary.files_scanned + 2


def test_a_file_named_directly_is_scanned_even_when_ignored(tree: Tree) -> None:
    target = os.path.join(str(tree.root), "debug.log")
    report = _scan([target], jobs=1)
    assert [(f.entity, f.path) for f in report.findings] == [("IMEI", target)]


def test_archive_member_path(tree: Tree) -> None:
    report = _scan([str(tree.root)], jobs=1)
    member = os.path.join(str(tree.root), "a.zip") + "!inner.txt"
    found = [f for f in report.findings if f.path == member]
    assert [(f.entity, f.line) for f in found] == [("IMEI", 1)]
    assert found[0].column == len("packed device imei: ") + 1


def test_archive_budget_stops_one_member_not_the_scan(tmp_path: Path) -> None:
    """A zip member that decompresses beyond the budget is an ``archive_limit`` error; the rest is scanned."""
    with zipfile.ZipFile(tmp_path / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.txt", b"0" * 300_000)
        archive.writestr("inner.txt", f"device imei: {imei(1)}\n")
    _write(tmp_path, "plain.txt", f"device imei: {imei(2)}\n")
    report = _scan([str(tmp_path)], jobs=1, walk=WalkOptions(max_archive_bytes=100_000))
    bomb = os.path.join(str(tmp_path), "bomb.zip")
    assert [(e.path, e.kind) for e in report.errors] == [(bomb + "!zeros.txt", "archive_limit")]
    assert {f.path for f in report.findings} == {bomb + "!inner.txt", os.path.join(str(tmp_path), "plain.txt")}
    assert report.summary.errors == 1
    assert unscannable_targets([str(tmp_path)], report.errors) == []


def test_decompression_bomb_by_ratio(tmp_path: Path) -> None:
    """5 MB of zeros in a few KB: a suspected bomb with the default limits."""
    with zipfile.ZipFile(tmp_path / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.txt", b"0" * (5 * 1024 * 1024))
    report = _scan([str(tmp_path / "bomb.zip")], jobs=1)
    assert [e.kind for e in report.errors] == ["archive_limit"]
    assert report.summary.bytes_scanned < 1024 * 1024


def _missing(root: Path) -> str:
    return str(root / "missing.txt")


def _symlink_loop(root: Path) -> str:
    (root / "loop1").symlink_to(root / "loop2")
    (root / "loop2").symlink_to(root / "loop1")
    return str(root / "loop1")


def _broken_link(root: Path) -> str:
    (root / "dangling").symlink_to(root / "nowhere")
    return str(root / "dangling")


@pytest.mark.parametrize(
    ("build", "kind"),
    [(_missing, "not_found"), (_symlink_loop, "unreadable"), (_broken_link, "unreadable")],
    ids=["missing", "symlink-loop", "broken-link"],
)
def test_unscannable_target(tmp_path: Path, build: Callable[[Path], str], kind: str) -> None:
    ok = _write(tmp_path, "ok.txt", f"device imei: {imei(3)}\n")
    target = build(tmp_path)
    report = _scan([target, str(ok)], jobs=1)
    assert [(e.path, e.kind) for e in report.errors] == [(target, kind)]
    assert unscannable_targets([target, str(ok)], report.errors) == [target]
    assert report.errors[0].message.startswith(target)
    assert [f.path for f in report.findings] == [str(ok)]


def test_entities_and_min_score(tree: Tree) -> None:
    only_email = _scan([str(tree.root)], jobs=1, entities=("EMAIL_ADDRESS",))
    assert {f.entity for f in only_email.findings} == {"EMAIL_ADDRESS"}
    assert only_email.summary.findings_by_entity == {"EMAIL_ADDRESS": tree.emails}
    scores = [f.score for f in _scan([str(tree.root)], jobs=1).findings]
    assert all(0.5 <= s <= 1 for s in scores)
    strict = _scan([str(tree.root)], jobs=1, min_score=max(scores))
    assert strict.findings
    assert all(f.score >= max(scores) for f in strict.findings)
