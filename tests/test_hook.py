"""``piiscan hook`` end to end, in temporary git repositories (issue 5, "Real tests").

Every test runs the real executable as a subprocess in a real repository: through the pre-commit
framework (``pre-commit try-repo`` on this checkout; slow, it builds the hook environment from
PyPI), through ``piiscan hook --install`` and a real ``git commit``, and directly. Bad input
(binary, huge, deleted, renamed files, submodules, empty repositories, non-UTF-8 names) must give
a clear outcome and never a traceback; no output may hold a raw value.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from gitutil import clean_git_env, init_repo

REPO_ROOT = Path(__file__).parents[1]
PIISCAN = str(Path(sys.executable).with_name("piiscan"))

IMEI = "490154203237518"  # Luhn-valid, reporting body 49
IMEI_2 = "356938035643809"
PREVIEW = "49**********518"
LEAK = f'imei = "{IMEI}"\n'
IGNORED = f'imei = "{IMEI}"  # piiscan:ignore\n'
HINT = "hint: "




def git(repo: Path, *args: str | bytes, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    """Run git in ``repo``; fail the test with git's message when it fails and ``check``."""
    done = subprocess.run(["git", *args], cwd=repo, env=clean_git_env(), capture_output=True, check=False)
    if check and done.returncode != 0:
        pytest.fail(f"git {args!r} failed: {done.stderr.decode(errors='replace')}")
    return done


def make_repo(path: Path, *, commit: bool = True) -> Path:
    """A fresh repository with a local identity and, with ``commit``, one commit (README)."""
    init_repo(path)
    if commit:
        (path / "README").write_text("readme\n", encoding="utf-8")
        git(path, "add", "README")
        git(path, "commit", "-q", "-m", "init")
    return path


def stage(repo: Path, name: str | bytes, content: str | bytes) -> None:
    """Write a file (bytes names allowed) and stage it."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    target = os.path.join(os.fsencode(repo), os.fsencode(name))
    with open(target, "wb") as handle:
        handle.write(data)
    git(repo, "add", "--", os.fsencode(name))


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").stdout.decode().strip()


@dataclass
class Run:
    code: int
    raw: bytes
    out: str
    err: str


def run(cwd: Path, *args: str, **env: str) -> Run:
    """``piiscan ARGS`` in ``cwd``; asserts there is no traceback and no raw value in the output."""
    done = subprocess.run(
        [PIISCAN, *args], cwd=cwd, env=clean_git_env(**env), capture_output=True, check=False, timeout=120
    )
    out = done.stdout.decode("utf-8", "surrogateescape")
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert IMEI not in out and IMEI not in err
    assert IMEI_2 not in out and IMEI_2 not in err
    return Run(done.returncode, done.stdout, out, err)


def hook(cwd: Path, *args: str, **env: str) -> Run:
    return run(cwd, "hook", *args, **env)


def summary(cwd: Path, *args: str) -> dict[str, object]:
    """The JSON summary of ``piiscan hook --format json ARGS``."""
    result = hook(cwd, "--format", "json", *args)
    document = json.loads(result.raw.decode("utf-8"))
    assert isinstance(document, dict)
    value = document["summary"]
    assert isinstance(value, dict)
    return value


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


# --------------------------------------------------------------------------- the pre-commit framework


@dataclass
class PreCommit:
    home: Path
    checkout: Path


@pytest.fixture(scope="module")
def pre_commit(tmp_path_factory: pytest.TempPathFactory) -> PreCommit:
    """A private PRE_COMMIT_HOME, and this checkout as it is on disk, committed in a scratch repository.

    ``pre-commit try-repo`` on a checkout with uncommitted changes commits its tracked and staged
    files in a shadow repository, but leaves out new untracked ones (a new module would be missing
    from the hook environment); the snapshot holds every file git does not ignore. try-repo keeps
    the hook environment in a temporary store of its own, so each invocation builds it again (pip
    from PyPI, a few seconds with a warm pip cache): the test keeps to two invocations.
    """
    if importlib.util.find_spec("pre_commit") is None:
        if not os.environ.get("CI"):
            pytest.skip("pre-commit is not installed (pip install -e '.[dev]'); required when CI is set")
        pytest.fail("pre-commit is not installed in the CI test environment")
    listed = git(REPO_ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard", check=False)
    if listed.returncode != 0:
        pytest.skip(f"{REPO_ROOT} is not a git checkout: cannot tell its files for pre-commit try-repo")
    checkout = make_repo(tmp_path_factory.mktemp("checkout") / "piiscan", commit=False)
    for name in filter(None, listed.stdout.split(b"\0")):
        source = os.path.join(os.fsencode(REPO_ROOT), name)
        if os.path.isfile(source):  # a file deleted but not staged is absent
            target = os.path.join(os.fsencode(checkout), name)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copy2(source, target)
    git(checkout, "add", "-A")
    git(checkout, "commit", "-q", "-m", "snapshot")
    return PreCommit(tmp_path_factory.mktemp("pre-commit-home"), checkout)


@pytest.mark.slow
def test_pre_commit_try_repo_blocks_an_imei_and_passes_an_ignored_one(tmp_path: Path, pre_commit: PreCommit) -> None:
    repo = make_repo(tmp_path / "repo")

    def try_repo() -> tuple[int, str]:
        done = subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(pre_commit.checkout), "piiscan", "--color", "never"],
            cwd=repo, env=clean_git_env(PRE_COMMIT_HOME=str(pre_commit.home)), capture_output=True, check=False,
            timeout=600,
        )
        output = done.stdout.decode("utf-8", "replace") + done.stderr.decode("utf-8", "replace")
        assert "Traceback" not in output, output
        assert IMEI not in output
        return done.returncode, output

    stage(repo, "fixtures.py", LEAK)  # the staged files are what try-repo runs the hook on
    code, output = try_repo()
    assert code == 1, output
    assert re.search(r"piiscan .*Failed", output), output
    assert f"fixtures.py:1:9  IMEI  {PREVIEW}  (imei, " in output

    stage(repo, "fixtures.py", IGNORED)
    code, output = try_repo()
    assert code == 0, output
    assert re.search(r"piiscan .*Passed", output), output


# --------------------------------------------------------------------------- --install and git commit


def test_install_then_commit(repo: Path) -> None:
    installed = hook(repo, "--install")
    assert installed.code == 0, installed.err
    script = repo / ".git" / "hooks" / "pre-commit"
    assert os.access(script, os.X_OK)
    assert "piiscan hook" in script.read_text(encoding="utf-8")
    # the installed script runs `piiscan` from PATH
    env_path = {"PATH": f"{Path(PIISCAN).parent}{os.pathsep}{os.environ.get('PATH', '')}"}

    def commit(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            ["git", "commit", "-q", "-m", "change", *args],
            cwd=repo, env=clean_git_env(**env_path), capture_output=True, check=False,
        )

    before = head(repo)
    stage(repo, "fixtures.py", LEAK)
    blocked = commit()
    output = (blocked.stdout + blocked.stderr).decode()
    assert blocked.returncode != 0
    assert f"fixtures.py:1:9  IMEI  {PREVIEW}" in output and HINT in output
    assert IMEI not in output and "Traceback" not in output
    assert head(repo) == before

    stage(repo, "fixtures.py", IGNORED)
    passed = commit()
    assert passed.returncode == 0, passed.stderr
    assert head(repo) != before

    # `git commit -a` runs the hook on a temporary index (GIT_INDEX_FILE): still checked
    (repo / "fixtures.py").write_text(IGNORED + f'other = "{IMEI_2}"\n', encoding="utf-8")
    blocked = commit("-a")
    assert blocked.returncode != 0
    assert "fixtures.py:2:10  IMEI" in (blocked.stdout + blocked.stderr).decode()

    again = hook(repo, "--install")
    assert again.code == 2
    assert "--force" in again.err and "exists" in again.err
    script.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    refused = hook(repo, "--install")
    assert refused.code == 2
    assert script.read_text(encoding="utf-8") == "#!/bin/sh\nexit 0\n"
    forced = hook(repo, "--install", "--force")
    assert forced.code == 0, forced.err
    assert "piiscan hook" in script.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- changed lines, baseline


def test_an_old_finding_does_not_block_an_unrelated_change(repo: Path) -> None:
    stage(repo, "old.py", f"x = 1\n{LEAK}y = 2\n")
    git(repo, "commit", "-q", "-m", "old finding")
    stage(repo, "old.py", f"x = 1\n{LEAK}y = 3\n")
    default = hook(repo)
    assert (default.code, default.out) == (0, "")
    every = hook(repo, "--all-lines")
    assert every.code == 1
    assert every.out.startswith(f"old.py:2:9  IMEI  {PREVIEW}  (imei, ")
    # a new finding on a changed line still blocks
    stage(repo, "old.py", f"x = 1\n{LEAK}y = 3\nz = \"{IMEI_2}\"\n")
    new = hook(repo)
    assert new.code == 1
    assert [line.split("  ")[0] for line in new.out.splitlines() if not line.startswith(HINT)] == ["old.py:4:6"]


def test_baseline_survives_moved_code(repo: Path) -> None:
    stage(repo, "app.py", f"x = 1\ny = 2\n{LEAK}z = 3\n")
    created = run(repo, "baseline", "create")
    assert created.code == 0, created.err
    baseline = repo / ".piiscan-baseline.json"
    original = baseline.read_bytes()
    entries = json.loads(original)["entries"]
    assert [(e["path"], e["entity"], e["preview"]) for e in entries] == [("app.py", "IMEI", PREVIEW)]
    git(repo, "add", ".piiscan-baseline.json")
    git(repo, "commit", "-q", "-m", "baseline")

    # the same line moved up, and to another column
    stage(repo, "app.py", f'    imei = "{IMEI}"\nx = 1\n\n\ny = 2\nz = 3\n')
    assert hook(repo, "--all-lines").code == 0
    assert hook(repo).code == 0
    assert hook(repo, "--baseline", "none.json").code == 1  # without the baseline (a missing file) it is reported

    updated = run(repo, "baseline", "update")
    assert updated.code == 0, updated.err
    assert "unchanged" in updated.err
    assert baseline.read_bytes() == original


# --------------------------------------------------------------------------- output


def test_formats(repo: Path) -> None:
    stage(repo, "fixtures.py", LEAK)
    text = hook(repo)
    assert text.code == 1
    first, hint = text.out.splitlines()
    assert re.fullmatch(rf"fixtures\.py:1:9  IMEI  {re.escape(PREVIEW)}  \(imei, 0\.\d\d\)", first), first
    assert hint.startswith(HINT) and "piiscan:ignore IMEI" in hint and "baseline" in hint

    document = json.loads(hook(repo, "--format", "json").out)
    assert [(f["path"], f["line"], f["entity"]) for f in document["findings"]] == [("fixtures.py", 1, "IMEI")]
    lines = [json.loads(line) for line in hook(repo, "--format", "jsonl").out.splitlines()]
    assert [(f["path"], f["entity"], f["preview"]) for f in lines] == [("fixtures.py", "IMEI", PREVIEW)]
    sarif = json.loads(hook(repo, "--format", "sarif").out)
    results = sarif["runs"][0]["results"]
    assert len(results) == 1
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "fixtures.py"


def test_fail_on_and_file_arguments(repo: Path) -> None:
    stage(repo, "fixtures.py", LEAK)
    stage(repo, "clean.py", "x = 1\n")
    assert hook(repo, "--fail-on", "confidential").code == 1
    assert hook(repo, "--fail-on", "restricted").code == 0
    assert hook(repo, "--fail-on", "never").code == 0
    # under pre-commit only the files given are scanned
    assert hook(repo, "clean.py").code == 0
    assert hook(repo, "fixtures.py", "clean.py").code == 1


# --------------------------------------------------------------------------- bad input


def test_binary_staged_file_is_skipped(repo: Path) -> None:
    stage(repo, "blob.bin", b"\x00\x01\x02" + IMEI.encode() + b"\x00\xff" * 100)
    result = hook(repo, "--all-lines")
    assert (result.code, result.out) == (0, "")
    assert summary(repo)["files_skipped"] == {"binary": 1}


def test_huge_staged_file_is_skipped_with_a_note(repo: Path) -> None:
    stage(repo, "export.csv", LEAK + ("y" * 99 + "\n") * 21_000)  # > 2 MB
    result = hook(repo)
    assert (result.code, result.out) == (0, "")
    assert "export.csv: not scanned (larger than 2 MB)" in result.err
    assert summary(repo)["files_skipped"] == {"too_large": 1}


def test_deleted_file(repo: Path) -> None:
    stage(repo, "old.py", LEAK)
    git(repo, "commit", "-q", "-m", "leak")
    git(repo, "rm", "-q", "old.py")
    assert hook(repo).code == 0
    assert hook(repo, "--all-lines").code == 0
    result = hook(repo, "old.py")  # named although it is gone
    assert (result.code, result.out, result.err) == (0, "", "")


def test_renamed_file(repo: Path) -> None:
    stage(repo, "old.py", f"x = 1\n{LEAK}y = 2\n")
    git(repo, "commit", "-q", "-m", "leak")
    git(repo, "mv", "old.py", "new.py")
    only = hook(repo)
    assert (only.code, only.out) == (0, "")  # renamed only: the old finding is not new
    assert hook(repo, "new.py").code == 0
    every = hook(repo, "--all-lines")
    assert every.code == 1 and every.out.startswith("new.py:2:9  IMEI")

    stage(repo, "new.py", f"x = 1\n{LEAK}y = 2\nz = \"{IMEI_2}\"\n")  # renamed with an edit
    assert git(repo, "diff", "--cached", "-M", "--name-status").stdout.decode().startswith("R")
    edited = hook(repo)
    assert edited.code == 1
    assert [line.split("  ")[0] for line in edited.out.splitlines() if not line.startswith(HINT)] == ["new.py:4:6"]


def test_submodule_added_with_git_submodule(tmp_path: Path) -> None:
    sub = make_repo(tmp_path / "sub")
    stage(sub, "inner.py", LEAK)
    git(sub, "commit", "-q", "-m", "inner")
    repo = make_repo(tmp_path / "repo")
    git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(sub), "sub")
    result = hook(repo)
    assert (result.code, result.out) == (0, "")
    assert summary(repo)["files_skipped"] == {"submodule": 1}


def test_submodule_gitlink_in_the_index(repo: Path) -> None:
    sha = head(repo)
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{sha},vendored")
    stage(repo, "fixtures.py", LEAK)
    result = hook(repo)
    assert result.code == 1
    assert [line.split("  ")[0] for line in result.out.splitlines() if not line.startswith(HINT)] == ["fixtures.py:1:9"]
    assert summary(repo)["files_skipped"] == {"submodule": 1}


def test_repository_without_commits(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "fresh", commit=False)
    empty = hook(repo)
    assert (empty.code, empty.out, empty.err) == (0, "", "")
    stage(repo, "fixtures.py", LEAK)
    result = hook(repo)
    assert result.code == 1
    assert result.out.startswith(f"fixtures.py:1:9  IMEI  {PREVIEW}")
    stage(repo, "fixtures.py", IGNORED)
    assert hook(repo).code == 0


def test_not_a_git_repository(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "fixtures.py").write_text(LEAK, encoding="utf-8")
    env = {"GIT_CEILING_DIRECTORIES": str(tmp_path)}  # tmp_path could lie inside a repository
    result = hook(plain, **env)
    assert result.code == 2
    assert result.err == "piiscan hook: not inside a git repository\n"
    named = hook(plain, "fixtures.py", **env)
    assert named.code == 2
    install = hook(plain, "--install", **env)
    assert install.code == 2
    assert "not a git repository" in install.err
    assert not (plain / ".git").exists()


NON_UTF8 = b"caf\xe9 fixtures.py"


@pytest.fixture
def non_utf8_repo(repo: Path) -> Path:
    try:
        stage(repo, NON_UTF8, LEAK)
    except OSError as exc:
        pytest.skip(f"the file system refuses a non-UTF-8 file name: {exc}")
    return repo


def test_non_utf8_file_name(non_utf8_repo: Path) -> None:
    repo = non_utf8_repo
    for env in ({}, {"PYTHONIOENCODING": "utf-8"}):  # a strict UTF-8 stdout too
        result = hook(repo, **env)
        assert result.code == 1, result.err
        assert result.raw.startswith(NON_UTF8 + b":1:9  IMEI  ")  # the name's own bytes, as git shows it
        document = json.loads(hook(repo, "--format", "json", **env).raw.decode("utf-8"))  # valid UTF-8 JSON
        assert [os.fsencode(f["path"]) for f in document["findings"]] == [NON_UTF8]
        lines = hook(repo, "--format", "jsonl", **env).raw.decode("utf-8").splitlines()
        assert [os.fsencode(json.loads(line)["path"]) for line in lines] == [NON_UTF8]
    named = hook(repo, os.fsdecode(NON_UTF8))  # as pre-commit passes it
    assert named.code == 1


def test_non_utf8_file_name_sarif(non_utf8_repo: Path) -> None:
    result = hook(non_utf8_repo, "--format", "sarif")
    assert result.code == 1, result.err
    document = json.loads(result.raw.decode("utf-8"))
    uri = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "caf%E9%20fixtures.py"
