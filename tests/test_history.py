"""``piiscan scan --git [RANGE]`` end to end on a temporary repository of three commits.

1. adds ``f.py`` with an IMEI;
2. edits ``f.py`` (the IMEI stays) and adds ``b.txt`` with a second IMEI;
3. removes the IMEI from ``f.py``.

The first IMEI is reported once, at the commit that introduced it, although commit 2 wrote a new
blob of ``f.py`` that still holds it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from gitutil import clean_git_env, init_repo

PIISCAN = str(Path(sys.executable).with_name("piiscan"))
IMEI = "490154203237518"
IMEI_2 = "356938035643809"




def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, env=clean_git_env(), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.fail(f"git {args!r} failed: {done.stderr}")
    return done.stdout.strip()


def commit(repo: Path, files: dict[str, str], message: str) -> str:
    for name, content in files.items():
        (repo / name).write_text(content, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


@dataclass
class History:
    repo: Path
    c1: str
    c2: str
    c3: str


@pytest.fixture
def history(tmp_path: Path) -> History:
    repo = init_repo(tmp_path / "repo")
    c1 = commit(repo, {"f.py": f'x = 1\nimei = "{IMEI}"\n'}, "add a fixture")
    c2 = commit(repo, {"f.py": f'x = 2\nimei = "{IMEI}"\ny = 3\n', "b.txt": f"device {IMEI_2}\n"}, "edit")
    c3 = commit(repo, {"f.py": "x = 2\ny = 3\n"}, "remove the IMEI")
    return History(repo, c1, c2, c3)


@dataclass
class Scan:
    code: int
    findings: list[dict[str, object]]
    err: str


def scan_git(cwd: Path, *args: str) -> Scan:
    done = subprocess.run(
        [PIISCAN, "scan", "--format", "jsonl", "--git", *args],
        cwd=cwd, env=clean_git_env(), capture_output=True, text=True, check=False, timeout=120,
    )
    assert "Traceback" not in done.stderr, done.stderr
    for value in (IMEI, IMEI_2):
        assert value not in done.stdout and value not in done.stderr
    findings = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    return Scan(done.returncode, findings, done.stderr)


def where(scan: Scan) -> list[tuple[object, ...]]:
    return sorted((f["path"], f["line"], f["entity"], f["commit"]) for f in scan.findings)


def test_whole_history_reports_each_finding_once_at_its_commit(history: History) -> None:
    scan = scan_git(history.repo)
    assert scan.code == 1, scan.err
    assert where(scan) == sorted([("f.py", 2, "IMEI", history.c1), ("b.txt", 1, "IMEI", history.c2)])
    assert {f["preview"] for f in scan.findings} == {"49**********518", "35**********809"}


def test_revision_ranges(history: History) -> None:
    only_c3 = scan_git(history.repo, f"{history.c2}..{history.c3}")
    assert (only_c3.code, only_c3.findings) == (0, []), only_c3.err

    only_c2 = scan_git(history.repo, f"{history.c1}..{history.c2}")
    assert only_c2.code == 1
    # seen from the range, commit 2 introduced both (its blob of f.py still holds the first IMEI)
    assert where(only_c2) == sorted([("f.py", 2, "IMEI", history.c2), ("b.txt", 1, "IMEI", history.c2)])

    up_to_c1 = scan_git(history.repo, history.c1)
    assert where(up_to_c1) == [("f.py", 2, "IMEI", history.c1)]

    everything = scan_git(history.repo, "HEAD")
    assert where(everything) == where(scan_git(history.repo))


def test_bad_range(history: History) -> None:
    scan = scan_git(history.repo, "no-such-branch..HEAD")
    assert (scan.code, scan.findings) == (2, [])
    assert "no-such-branch..HEAD" in scan.err and "bad revision" in scan.err

    option = scan_git(history.repo, "--", "--output=/tmp/x")  # git options are refused, not run
    assert option.code == 2
    assert "options are not allowed" in option.err


def test_not_a_repository(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "f.py").write_text(f'imei = "{IMEI}"\n', encoding="utf-8")
    done = subprocess.run(
        [PIISCAN, "scan", "--git"], cwd=plain, env={**clean_git_env(), "GIT_CEILING_DIRECTORIES": str(tmp_path)},
        capture_output=True, text=True, check=False, timeout=120,
    )
    assert done.returncode == 2
    assert "not inside a git repository" in done.stderr
    assert "Traceback" not in done.stderr


def test_repository_without_commits(tmp_path: Path) -> None:
    repo = tmp_path / "fresh"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "f.py").write_text(f'imei = "{IMEI}"\n', encoding="utf-8")
    git(repo, "add", "f.py")  # staged, never committed: no history yet
    scan = scan_git(repo)
    assert (scan.code, scan.findings) == (0, []), scan.err
