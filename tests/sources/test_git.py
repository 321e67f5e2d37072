"""The git source on real temporary repositories (``git init`` in tmp_path)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from gitutil import init_repo

from piiscan.sources import git as gitsrc
from piiscan.sources.git import (
    GitError,
    HistoryBlob,
    StagedFile,
    git_path,
    history_blobs,
    is_added,
    read_blobs,
    repo_root,
    staged_changes,
)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

TEN = "".join(f"line{i}\n" for i in range(1, 11))


@pytest.fixture(autouse=True)
def isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No user/system git config and no GIT_* variables from an enclosing hook."""
    for name in list(os.environ):
        if name.startswith("GIT_"):
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def git(repo: Path, *args: str | bytes) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, check=True)
    return done.stdout.decode("utf-8", "surrogateescape").strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return init_repo(tmp_path / "repo")


def write(repo: Path, name: str | bytes, data: str | bytes) -> None:
    path = os.path.join(os.fsencode(repo), os.fsencode(name))
    with open(path, "wb") as handle:
        handle.write(data.encode() if isinstance(data, str) else data)


def commit(repo: Path, message: str = "c") -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def by_path(repo: Path, paths: list[str] | None = None) -> dict[str, StagedFile]:
    return {item.path: item for item in staged_changes(str(repo), paths)}


# --------------------------------------------------------------------------- repo_root


def test_repo_root_from_subdirectory_and_file(repo: Path) -> None:
    (repo / "sub").mkdir()
    write(repo, "sub/f.txt", "x\n")
    assert repo_root(str(repo / "sub")) == str(repo)
    assert repo_root(str(repo / "sub" / "f.txt")) == str(repo)
    assert git_path(str(repo), "hooks") == str(repo / ".git" / "hooks")


def test_not_a_repository(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    assert repo_root(str(plain)) is None
    assert repo_root(str(plain / "missing")) is None
    with pytest.raises(GitError, match="not a git repository") as info:
        staged_changes(str(plain))
    assert str(plain) in str(info.value)
    with pytest.raises(GitError):
        list(history_blobs(str(plain)))
    with pytest.raises(GitError):
        read_blobs(str(plain), ["e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"], 100)
    with pytest.raises(GitError, match="not a directory"):
        staged_changes(str(plain / "missing"))


# --------------------------------------------------------------------------- staged changes


def test_new_file_is_whole_file(repo: Path) -> None:
    commit_file(repo, "base.txt", "base\n")
    write(repo, "new.txt", TEN)
    git(repo, "add", "new.txt")
    item = by_path(repo)["new.txt"]
    assert item.status == "A"
    assert item.old_path is None
    assert item.added_lines is None
    assert item.skip_reason is None
    assert item.mode == "100644"
    assert item.blob == git(repo, "rev-parse", ":new.txt")
    assert read_blobs(str(repo), [item.blob], 1000) == {item.blob: TEN.encode()}


def test_modified_file_exact_ranges(repo: Path) -> None:
    write(repo, "m.txt", TEN)
    commit(repo)
    lines = TEN.splitlines(keepends=True)
    new = [
        *lines[0:2],
        "CHANGED3\n",  # line 3 changed
        *lines[3:5],
        "inserted a\n",  # 6, 7 inserted after line 5
        "inserted b\n",
        *lines[5:7],
        # old line 8 deleted: no range
        *lines[8:10],
        "end 1\n",  # 12, 13 appended
        "end 2\n",
    ]
    write(repo, "m.txt", "".join(new))
    git(repo, "add", "m.txt")
    item = by_path(repo)["m.txt"]
    assert item.status == "M"
    assert item.added_lines == [(3, 3), (6, 7), (12, 13)]
    assert is_added(item.added_lines, 6) and is_added(item.added_lines, 13)
    assert not is_added(item.added_lines, 5) and not is_added(item.added_lines, 8)
    assert is_added(None, 99)


def test_deletion_only_and_mode_change_add_nothing(repo: Path) -> None:
    write(repo, "d.txt", TEN)
    write(repo, "x.sh", "echo hi\n")
    commit(repo)
    write(repo, "d.txt", TEN.replace("line4\n", "").replace("line9\n", ""))
    git(repo, "add", "d.txt")
    git(repo, "update-index", "--chmod=+x", "x.sh")
    staged = by_path(repo)
    assert staged["d.txt"].added_lines == []
    assert staged["x.sh"].added_lines == []
    assert staged["x.sh"].mode == "100755"


def test_missing_newline_at_end(repo: Path) -> None:
    write(repo, "n.txt", "a\nb")
    commit(repo)
    write(repo, "n.txt", "a\nb\nc")
    git(repo, "add", "n.txt")
    assert by_path(repo)["n.txt"].added_lines == [(2, 3)]


def test_renamed_with_and_without_edits(repo: Path) -> None:
    write(repo, "plain.txt", TEN)
    write(repo, "edited.txt", TEN.replace("line", "row"))
    commit(repo)
    git(repo, "mv", "plain.txt", "moved.txt")
    git(repo, "mv", "edited.txt", "moved-edited.txt")
    write(repo, "moved-edited.txt", TEN.replace("line", "row").replace("row5\n", "row five\n"))
    git(repo, "add", "moved-edited.txt")
    staged = by_path(repo)
    assert set(staged) == {"moved.txt", "moved-edited.txt"}
    assert staged["moved.txt"].status == "R"
    assert staged["moved.txt"].old_path == "plain.txt"
    assert staged["moved.txt"].added_lines == []
    assert staged["moved-edited.txt"].status == "R"
    assert staged["moved-edited.txt"].old_path == "edited.txt"
    assert staged["moved-edited.txt"].added_lines == [(5, 5)]


def test_deleted_file_not_listed(repo: Path) -> None:
    write(repo, "gone.txt", "bye\n")
    write(repo, "kept.txt", "hi\n")
    commit(repo)
    git(repo, "rm", "-q", "gone.txt")
    assert staged_changes(str(repo)) == []


def test_binary_files(repo: Path) -> None:
    write(repo, "old.bin", b"\x00\x01\x02" * 100)
    commit(repo)
    write(repo, "old.bin", b"\x00\x01\x03" * 100)
    write(repo, "new.bin", b"PK\x03\x04\x00\x00binary")
    git(repo, "add", "-A")
    staged = by_path(repo)
    assert staged["new.bin"].added_lines is None
    # git cannot diff it by lines: the whole file counts as changed.
    assert staged["old.bin"].status == "M"
    assert staged["old.bin"].added_lines is None
    blobs = read_blobs(str(repo), [staged["new.bin"].blob], 1 << 20)
    assert blobs[staged["new.bin"].blob] == b"PK\x03\x04\x00\x00binary"


def test_read_blobs_limits_and_reasons(repo: Path) -> None:
    write(repo, "small.txt", "small\n")
    write(repo, "huge.txt", "x" * 300_000)
    write(repo, "empty.txt", "")
    git(repo, "add", "-A")
    staged = by_path(repo)
    tree = git(repo, "write-tree")
    missing = "0" * 39 + "1"
    ids = [staged["small.txt"].blob, staged["huge.txt"].blob, staged["empty.txt"].blob, tree, missing]
    blobs = read_blobs(str(repo), [*ids, staged["small.txt"].blob], max_size=100_000)
    assert list(blobs) == ids
    assert blobs[staged["small.txt"].blob] == b"small\n"
    assert blobs[staged["huge.txt"].blob] == "too_large"
    assert blobs[staged["empty.txt"].blob] == b""
    assert blobs[tree] == "not_blob"
    assert blobs[missing] == "missing"
    assert read_blobs(str(repo), [], 10) == {}
    with pytest.raises(GitError, match="invalid object id"):
        read_blobs(str(repo), ["HEAD\ncontents x"], 10)


def test_read_many_blobs_and_old_git_fallback(repo: Path) -> None:
    names = [f"f{i:03}.txt" for i in range(400)]
    for i, name in enumerate(names):
        write(repo, name, f"content {i}\n" * (i % 7))
    git(repo, "add", "-A")
    staged = staged_changes(str(repo))
    ids = [item.blob for item in staged]
    expected = {item.blob: (repo / item.path).read_bytes() for item in staged}
    assert read_blobs(str(repo), ids, 30) == {
        blob: data if len(data) <= 30 else "too_large" for blob, data in expected.items()
    }
    # The path for git < 2.36 (no --batch-command) gives the same answer.
    assert gitsrc._read_two_pass(str(repo), list(expected), 30) == read_blobs(str(repo), ids, 30)


def _can_create(repo: Path, name: bytes) -> bool:
    try:
        write(repo, name, "probe\n")
    except (OSError, UnicodeError):
        return False
    return os.fsencode(name) in os.listdir(os.fsencode(repo))


def test_non_utf8_and_quoted_file_names(repo: Path) -> None:
    latin = b"caf\xe9.txt"
    odd = b'we"ird\tna\\me.txt'
    if not (_can_create(repo, latin) and _can_create(repo, odd)):
        pytest.skip("file system refuses these names")
    write(repo, latin, TEN)
    write(repo, odd, TEN.upper())
    commit(repo)
    write(repo, latin, TEN.replace("line2\n", "line two\n"))
    write(repo, odd, TEN.upper() + "more\n")
    write(repo, b"new \xff.txt", "new\n")
    git(repo, "add", "-A")
    staged = by_path(repo)
    latin_name, odd_name, new_name = os.fsdecode(latin), os.fsdecode(odd), os.fsdecode(b"new \xff.txt")
    assert set(staged) == {latin_name, odd_name, new_name}
    assert staged[latin_name].added_lines == [(2, 2)]
    assert staged[odd_name].added_lines == [(11, 11)]
    assert staged[new_name].added_lines is None
    assert os.fsencode(latin_name) == latin
    assert list(by_path(repo, [latin_name])) == [latin_name]
    history = list(history_blobs(str(repo)))
    assert {blob.path for blob in history} == {latin_name, odd_name}


def test_submodule_and_symlink_are_skipped(repo: Path) -> None:
    first = commit_file(repo, "a.txt", "a\n")
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{first},vendor/lib")
    link_blob = _blob(repo, b"a.txt")
    git(repo, "update-index", "--add", "--cacheinfo", f"120000,{link_blob},link")
    staged = by_path(repo)
    assert staged["vendor/lib"].skip_reason == "submodule"
    assert staged["vendor/lib"].added_lines == []
    assert staged["link"].skip_reason == "symlink"
    assert read_blobs(str(repo), [staged["vendor/lib"].blob], 100) == {first: "not_blob"}
    git(repo, "commit", "-q", "--no-verify", "-m", "sub")
    assert [blob.path for blob in history_blobs(str(repo))] == ["a.txt"]


def _blob(repo: Path, data: bytes) -> str:
    done = subprocess.run(
        ["git", "hash-object", "-w", "--stdin"], cwd=repo, input=data, capture_output=True, check=True
    )
    return done.stdout.decode().strip()


def commit_file(repo: Path, name: str, data: str) -> str:
    write(repo, name, data)
    return commit(repo, f"add {name}")


def test_symlink_replaced_by_file_is_whole_file(repo: Path) -> None:
    link_blob = _blob(repo, b"target.txt")
    git(repo, "update-index", "--add", "--cacheinfo", f"120000,{link_blob},thing")
    git(repo, "commit", "-q", "--no-verify", "-m", "link")
    git(repo, "update-index", "--add", "--cacheinfo", f"100644,{_blob(repo, TEN.encode())},thing")
    item = by_path(repo)["thing"]
    assert item.status == "T"
    assert item.added_lines is None
    assert item.skip_reason is None


def test_no_commits_yet(repo: Path) -> None:
    assert staged_changes(str(repo)) == []
    assert list(history_blobs(str(repo))) == []
    write(repo, "first.txt", TEN)
    git(repo, "add", "first.txt")
    item = by_path(repo)["first.txt"]
    assert (item.status, item.added_lines) == ("A", None)
    assert read_blobs(str(repo), [item.blob], 1000)[item.blob] == TEN.encode()


def test_paths_filter(repo: Path) -> None:
    (repo / "dir").mkdir()
    for name in ("a.txt", "b.txt", "dir/c.txt"):
        write(repo, name, name)
    git(repo, "add", "-A")
    assert list(by_path(repo, ["b.txt", "./dir/c.txt", "not-staged.txt"])) == ["b.txt", "dir/c.txt"]
    assert list(by_path(repo, [str(repo / "a.txt")])) == ["a.txt"]
    assert staged_changes(str(repo), []) == []


def test_hostile_user_config_changes_nothing(repo: Path) -> None:
    write(repo, "m.txt", TEN)
    write(repo, "r.txt", TEN.replace("line", "row"))
    commit(repo)
    write(repo, "m.txt", TEN.replace("line3\n", "three\n").replace("line6\n", "six\n"))
    git(repo, "mv", "r.txt", "moved.txt")
    write(repo, "moved.txt", TEN.replace("line", "row") + "tail\n")
    git(repo, "add", "-A")
    expected = staged_changes(str(repo))
    for key, value in [
        ("diff.noprefix", "true"),
        ("diff.mnemonicPrefix", "true"),
        ("color.ui", "always"),
        ("color.diff", "always"),
        ("diff.external", "false"),
        ("diff.submodule", "log"),
        ("diff.interHunkContext", "10"),
        ("diff.context", "5"),
        ("diff.relative", "true"),
        ("diff.renames", "false"),
        ("core.quotePath", "true"),
        ("core.pager", "false"),
    ]:
        git(repo, "config", key, value)
    assert staged_changes(str(repo)) == expected
    assert by_path(repo)["m.txt"].added_lines == [(3, 3), (6, 6)]
    assert by_path(repo)["moved.txt"].added_lines == [(11, 11)]


def test_mixed_commit_hunks_map_to_the_right_files(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Type changes give two patch sections; binary and mode-only ones give no hunks."""
    write(repo, "a.txt", TEN)
    write(repo, "bin.dat", b"\x00" * 50)
    write(repo, "gone.txt", "bye\n")
    write(repo, "mode.sh", "echo\n")
    write(repo, "z.txt", TEN.upper())
    commit(repo)
    git(repo, "update-index", "--add", "--cacheinfo", f"120000,{_blob(repo, b'a.txt')},link")
    git(repo, "commit", "-q", "--no-verify", "-m", "link")
    git(repo, "update-index", "--add", "--cacheinfo", f"100644,{_blob(repo, TEN.encode())},link")
    write(repo, "a.txt", TEN.replace("line1\n", "first\n"))
    write(repo, "bin.dat", b"\x00" * 51)
    write(repo, "new.txt", "new\n")
    write(repo, "z.txt", TEN.upper() + "LAST\n")
    git(repo, "rm", "-q", "gone.txt")
    git(repo, "add", "a.txt", "bin.dat", "new.txt", "z.txt")
    git(repo, "update-index", "--chmod=+x", "mode.sh")
    expected = {
        "a.txt": [(1, 1)],
        "bin.dat": None,
        "link": None,
        "mode.sh": [],
        "new.txt": None,
        "z.txt": [(11, 11)],
    }
    assert {path: item.added_lines for path, item in by_path(repo).items()} == expected
    # The unlimited hunk diff (many modified files) sees everything, type change included.
    hunks = gitsrc._hunks(str(repo), [])
    assert hunks == {
        b"a.txt": [(1, 1)],
        b"bin.dat": None,
        b"gone.txt": None,  # deletions are dropped by staged_changes
        b"link": None,
        b"mode.sh": [],
        b"new.txt": None,
        b"z.txt": [(11, 11)],
    }
    monkeypatch.setattr(gitsrc, "_MAX_PATHSPECS", 0)
    assert {path: item.added_lines for path, item in by_path(repo).items()} == expected


def test_unquote() -> None:
    assert gitsrc._unquote(b"b/plain name") == b"b/plain name"
    assert gitsrc._unquote(b'"b/caf\\303\\251\\t\\"x\\\\"') == b'b/caf\xc3\xa9\t"x\\'


# --------------------------------------------------------------------------- history


def test_history_reports_each_blob_once_at_its_commit(repo: Path) -> None:
    c1 = commit_file(repo, "a.txt", "a1\n")
    write(repo, "a.txt", "a2\n")
    write(repo, "b.txt", "b\n")
    c2 = commit(repo)
    write(repo, "a.txt", "a3\n")
    write(repo, "copy-of-b.txt", "b\n")  # same blob as b.txt: not reported again
    c3 = commit(repo)
    blob = {text: _blob(repo, text.encode()) for text in ("a1\n", "a2\n", "a3\n", "b\n")}
    assert list(history_blobs(str(repo))) == [
        HistoryBlob(c1, "a.txt", blob["a1\n"]),
        HistoryBlob(c2, "a.txt", blob["a2\n"]),
        HistoryBlob(c2, "b.txt", blob["b\n"]),
        HistoryBlob(c3, "a.txt", blob["a3\n"]),
    ]
    assert [(item.commit, item.path) for item in history_blobs(str(repo), f"{c1}..{c3}")] == [
        (c2, "a.txt"),
        (c2, "b.txt"),
        (c3, "a.txt"),
    ]
    # Each blob once within the range: b.txt's blob is new to this range at copy-of-b.txt.
    assert [(item.commit, item.path) for item in history_blobs(str(repo), f"{c3} ^{c2}")] == [
        (c3, "a.txt"),
        (c3, "copy-of-b.txt"),
    ]


def test_history_merge_content_is_reported_at_the_merge(repo: Path) -> None:
    commit_file(repo, "base.txt", "base\n")
    main = git(repo, "rev-parse", "--abbrev-ref", "HEAD")
    git(repo, "checkout", "-q", "-b", "side")
    side = commit_file(repo, "side.txt", "side\n")
    git(repo, "checkout", "-q", main)
    commit_file(repo, "main.txt", "main\n")
    git(repo, "merge", "-q", "--no-commit", "--no-ff", "side")
    write(repo, "resolution.txt", "written in the merge\n")
    merge = commit(repo, "merge")
    found = {item.path: item.commit for item in history_blobs(str(repo))}
    assert found["side.txt"] == side
    assert found["resolution.txt"] == merge


def test_history_bad_range(repo: Path) -> None:
    commit_file(repo, "a.txt", "a\n")
    with pytest.raises(GitError, match="no-such-branch") as info:
        list(history_blobs(str(repo), "no-such-branch..HEAD"))
    assert str(repo) in str(info.value)
    with pytest.raises(GitError, match="options are not allowed"):
        history_blobs(str(repo), "--output=/tmp/x")
    with pytest.raises(GitError, match="empty"):
        history_blobs(str(repo), "  ")


def test_history_stopped_early_ends_git(repo: Path) -> None:
    for i in range(3):
        commit_file(repo, f"f{i}.txt", f"{i}\n")
    iterator = history_blobs(str(repo))
    assert next(iterator).path == "f0.txt"
    iterator.close()  # type: ignore[attr-defined]
