"""walk and read_documents on real directory trees (tmp_path)."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fsutil import write_file as _write

from piiscan.model import ScanError
from piiscan.sources.files import Document, FileRef, Skipped, WalkOptions, read_documents, walk

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0




def _walk(targets: list[str], **options: object) -> list[FileRef | ScanError]:
    return list(walk(targets, WalkOptions(**options)))  # type: ignore[arg-type]


def _rel(root: Path, **options: object) -> list[str]:
    """Walk ``root`` and return the files below it as relative paths."""
    prefix = str(root) + os.sep
    out = []
    for item in _walk([str(root)], **options):
        assert isinstance(item, FileRef), item
        assert item.path.startswith(prefix)
        out.append(item.path[len(prefix) :])
    return out


@pytest.fixture
def chdir(tmp_path: Path) -> Iterator[Path]:
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


@pytest.fixture
def alarm() -> Iterator[None]:
    """Fail instead of hanging forever if something blocks (a FIFO being opened)."""

    def _timeout(signum: int, frame: object) -> None:
        raise TimeoutError("blocked")

    previous = signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(10)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --------------------------------------------------------------------------- walk basics


def test_walk_sorted_with_display_paths(tmp_path: Path) -> None:
    for rel in ["b.txt", "a/z.txt", "a/b/c.txt", "A.txt", "c.txt"]:
        _write(tmp_path, rel)
    assert _rel(tmp_path) == ["A.txt", "a/b/c.txt", "a/z.txt", "b.txt", "c.txt"]
    refs = _walk([str(tmp_path)])
    assert all(isinstance(ref, FileRef) and os.path.isabs(ref.fs_path) for ref in refs)


def test_display_path_is_target_as_given(chdir: Path) -> None:
    _write(chdir, "src/pkg/mod.py")
    _write(chdir, "top.txt")
    assert [ref.path for ref in _walk(["src"])] == [os.path.join("src", "pkg", "mod.py")]
    assert [ref.path for ref in _walk(["src/"])] == [os.path.join("src", "pkg", "mod.py")]
    assert [ref.path for ref in _walk(["./src"])] == ["./src/pkg/mod.py"]
    assert [ref.path for ref in _walk(["."])] == ["src/pkg/mod.py", "top.txt"]
    assert [ref.path for ref in _walk(["top.txt"])] == ["top.txt"]
    (ref,) = _walk(["src/pkg/mod.py"])
    assert isinstance(ref, FileRef)
    assert ref.fs_path == str(chdir / "src" / "pkg" / "mod.py")


def test_target_not_found(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope")
    _write(tmp_path, "ok.txt")
    items = _walk([missing, str(tmp_path / "ok.txt")])
    assert items[0] == ScanError(missing, "not_found", f"{missing}: no such file or directory")
    assert isinstance(items[1], FileRef)


def test_overlapping_targets_yield_each_file_once(tmp_path: Path) -> None:
    _write(tmp_path, "d/a.txt")
    items = _walk([str(tmp_path), str(tmp_path / "d" / "a.txt"), str(tmp_path / "d")])
    assert len(items) == 1


# --------------------------------------------------------------------------- ignoring


def test_nested_gitignore_with_negation(tmp_path: Path) -> None:
    _write(tmp_path, ".gitignore", "*.log\nsecret/\n/only-top.txt\n")
    _write(tmp_path, "app.log")
    _write(tmp_path, "only-top.txt")
    _write(tmp_path, "keep.txt")
    _write(tmp_path, "secret/key.txt")
    _write(tmp_path, "sub/.gitignore", "!important.log\n*.tmp\n")
    _write(tmp_path, "sub/important.log")
    _write(tmp_path, "sub/debug.log")
    _write(tmp_path, "sub/only-top.txt")
    _write(tmp_path, "sub/x.tmp")
    _write(tmp_path, "other/x.tmp")
    _write(tmp_path, "sub/deeper/important.log")
    _write(tmp_path, "sub/deeper/.gitignore", "important.log\n")
    assert _rel(tmp_path) == [
        ".gitignore",
        "keep.txt",
        "other/x.tmp",
        "sub/.gitignore",
        "sub/deeper/.gitignore",
        "sub/important.log",
        "sub/only-top.txt",
    ]


def test_ignored_directory_cannot_be_reincluded(tmp_path: Path) -> None:
    # Like git: once a directory is excluded, negations below it do not apply.
    _write(tmp_path, ".gitignore", "logs/\n!logs/keep.txt\n")
    _write(tmp_path, "logs/keep.txt")
    _write(tmp_path, "logs/drop.txt")
    assert _rel(tmp_path) == [".gitignore"]


def test_gitignore_can_be_switched_off(tmp_path: Path) -> None:
    _write(tmp_path, ".gitignore", "*.log\n")
    _write(tmp_path, "a.log")
    assert _rel(tmp_path, honour_gitignore=False) == [".gitignore", "a.log"]


def test_repository_rules_above_a_subdirectory_target(tmp_path: Path) -> None:
    (tmp_path / ".git" / "info").mkdir(parents=True)
    (tmp_path / ".git" / "info" / "exclude").write_text("*.secret\n")
    _write(tmp_path, ".gitignore", "*.log\n/pkg/generated/\n")
    _write(tmp_path, "pkg/.gitignore", "local.cfg\n")
    _write(tmp_path, "pkg/sub/a.txt")
    _write(tmp_path, "pkg/sub/b.log")
    _write(tmp_path, "pkg/sub/c.secret")
    _write(tmp_path, "pkg/sub/local.cfg")
    _write(tmp_path, "pkg/sub/generated/kept.txt")  # "/pkg/generated/" is anchored elsewhere
    _write(tmp_path, "pkg/generated/gone.txt")
    assert _rel(tmp_path / "pkg" / "sub") == ["a.txt", "generated/kept.txt"]
    assert _rel(tmp_path / "pkg") == [".gitignore", "sub/a.txt", "sub/generated/kept.txt"]
    assert _rel(tmp_path) == [".gitignore", "pkg/.gitignore", "pkg/sub/a.txt", "pkg/sub/generated/kept.txt"]


def test_ignored_directory_given_as_target_is_walked(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    _write(tmp_path, ".gitignore", "build/\n*.log\n")
    _write(tmp_path, "build/out/report.txt")
    _write(tmp_path, "build/.gitignore", "*.tmp\n")
    _write(tmp_path, "build/x.tmp")
    assert _rel(tmp_path) == [".gitignore"]
    assert _rel(tmp_path / "build") == [".gitignore", "out/report.txt"]
    assert _rel(tmp_path / "build" / "out") == ["report.txt"]


def test_info_exclude_has_lowest_precedence(tmp_path: Path) -> None:
    (tmp_path / ".git" / "info").mkdir(parents=True)
    (tmp_path / ".git" / "info" / "exclude").write_text("*.txt\n")
    _write(tmp_path, ".gitignore", "!keep.txt\n")
    _write(tmp_path, "keep.txt")
    _write(tmp_path, "drop.txt")
    assert _rel(tmp_path) == [".gitignore", "keep.txt"]


def test_nested_repository_has_its_own_rules(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    _write(tmp_path, ".gitignore", "*.dat\n")
    _write(tmp_path, "a.dat")
    (tmp_path / "module" / ".git" / "info").mkdir(parents=True)
    (tmp_path / "module" / ".git" / "info" / "exclude").write_text("*.tmp\n")
    _write(tmp_path, "module/b.dat")
    _write(tmp_path, "module/c.tmp")
    assert _rel(tmp_path) == [".gitignore", "module/b.dat"]


def test_explicit_ignored_file_is_still_scanned(chdir: Path) -> None:
    _write(chdir, ".gitignore", "*.env\nbuild/\n")
    _write(chdir, "prod.env", "PASSWORD=x")
    _write(chdir, "build/out.txt")
    assert [ref.path for ref in _walk(["."])] == [".gitignore"]
    assert _walk(["prod.env", "build/out.txt"]) == [
        FileRef("prod.env", str(chdir / "prod.env")),
        FileRef("build/out.txt", str(chdir / "build" / "out.txt")),
    ]


def test_default_directories_are_skipped(tmp_path: Path) -> None:
    for rel in [
        ".git/config",
        "node_modules/lib/index.js",
        "__pycache__/m.pyc",
        ".venv/lib/site.py",
        "venv/bin/activate",
        "build/out.txt",
        "dist/pkg.whl",
        "target/classes/A.class",
        "vendor/github.com/x/y.go",
        ".mypy_cache/x.json",
        ".tox/py311/log.txt",
        "src/node_modules/deep.js",
        "src/main.py",
    ]:
        _write(tmp_path, rel)
    _write(tmp_path, "build.txt")  # only directories are skipped by name
    assert _rel(tmp_path) == ["build.txt", "src/main.py"]
    everything = _rel(tmp_path, skip_default_dirs=False)
    assert "node_modules/lib/index.js" in everything and ".git/config" in everything


def test_default_directory_given_as_target_is_walked(tmp_path: Path) -> None:
    _write(tmp_path, "build/out.txt")
    assert _rel(tmp_path / "build") == ["out.txt"]


def test_include_and_exclude(tmp_path: Path) -> None:
    for rel in ["a.py", "a.txt", "src/b.py", "src/c.json", "tests/t.py", "tests/fixtures/f.py", "docs/x.md"]:
        _write(tmp_path, rel)
    assert _rel(tmp_path, include=("*.py",)) == ["a.py", "src/b.py", "tests/fixtures/f.py", "tests/t.py"]
    assert _rel(tmp_path, exclude=("tests/", "*.md")) == ["a.py", "a.txt", "src/b.py", "src/c.json"]
    assert _rel(tmp_path, include=("src/", "/a.*"), exclude=("*.json",)) == ["a.py", "a.txt", "src/b.py"]
    assert _rel(tmp_path, exclude=("tests/**", "!tests/t.py")) == [
        "a.py",
        "a.txt",
        "docs/x.md",
        "src/b.py",
        "src/c.json",
        "tests/t.py",
    ]


def test_exclude_applies_to_explicit_files(chdir: Path) -> None:
    _write(chdir, "tests/fixtures/sample.txt")
    _write(chdir, "src/a.py")
    items = _walk(["tests/fixtures/sample.txt", "src/a.py"], exclude=("tests/fixtures/",))
    assert [item.path for item in items] == ["src/a.py"]


def test_invalid_pattern_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="invalid pattern"):
        _walk([str(tmp_path)], exclude=("ok", "!"))


# --------------------------------------------------------------------------- links and special files


def test_symlink_loop_is_an_error_not_a_crash(tmp_path: Path) -> None:
    os.symlink(tmp_path / "b", tmp_path / "a")
    os.symlink(tmp_path / "a", tmp_path / "b")
    _write(tmp_path, "ok.txt")
    items = _walk([str(tmp_path)])
    errors = [item for item in items if isinstance(item, ScanError)]
    assert [error.path for error in errors] == [str(tmp_path / "a"), str(tmp_path / "b")]
    assert all(error.kind == "unreadable" and "symbolic link loop" in error.message for error in errors)
    assert [item.path for item in items if isinstance(item, FileRef)] == [str(tmp_path / "ok.txt")]
    (explicit,) = _walk([str(tmp_path / "a")])
    assert isinstance(explicit, ScanError) and explicit.kind == "unreadable"


def test_broken_symlink(tmp_path: Path) -> None:
    os.symlink(tmp_path / "missing.txt", tmp_path / "dangling")
    (error,) = _walk([str(tmp_path)])
    assert isinstance(error, ScanError)
    assert error.kind == "unreadable"
    assert "broken symbolic link" in error.message
    (explicit,) = _walk([str(tmp_path / "dangling")])
    assert isinstance(explicit, ScanError) and "broken symbolic link" in explicit.message


def test_directory_symlink_not_followed_file_symlink_followed(tmp_path: Path) -> None:
    _write(tmp_path, "real/data.txt", "hello")
    os.symlink(tmp_path / "real", tmp_path / "alias")
    os.symlink(tmp_path, tmp_path / "real" / "up")  # would loop forever if followed
    os.symlink(tmp_path / "real" / "data.txt", tmp_path / "link.txt")
    assert _rel(tmp_path) == ["link.txt", "real/data.txt"]
    (ref,) = [item for item in _walk([str(tmp_path)]) if item.path.endswith("link.txt")]
    assert isinstance(ref, FileRef)
    docs = list(read_documents(ref, WalkOptions()))
    assert docs == [Document(str(tmp_path / "link.txt"), "hello", "utf-8", 5)]


def test_explicit_directory_symlink_target_is_walked(tmp_path: Path) -> None:
    _write(tmp_path, "real/data.txt")
    os.symlink(tmp_path / "real", tmp_path / "alias")
    assert _rel(tmp_path / "alias") == ["data.txt"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_fifo_is_skipped_without_blocking(tmp_path: Path, alarm: None) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    _write(tmp_path, "ok.txt")
    items = _walk([str(tmp_path)])
    assert isinstance(items[0], FileRef) and items[0].path.endswith("ok.txt")
    (error,) = [item for item in items if isinstance(item, ScanError)]
    assert error.kind == "not_regular" and "named pipe" in error.message
    # explicit target, and a FileRef that turned into a FIFO after the walk
    (explicit,) = _walk([str(fifo)])
    assert isinstance(explicit, ScanError) and explicit.kind == "not_regular"
    (read,) = read_documents(FileRef("pipe", str(fifo)), WalkOptions())
    assert isinstance(read, ScanError) and read.kind == "not_regular"


# --------------------------------------------------------------------------- permissions


@pytest.mark.skipif(IS_ROOT, reason="root can read everything")
def test_permission_denied_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "locked.txt", "secret")
    path.chmod(0)
    try:
        (ref,) = _walk([str(path)])
        assert isinstance(ref, FileRef)
        (error,) = read_documents(ref, WalkOptions())
        assert isinstance(error, ScanError) and error.kind == "permission"
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


@pytest.mark.skipif(IS_ROOT, reason="root can read everything")
def test_permission_denied_directory(tmp_path: Path) -> None:
    _write(tmp_path, "locked/a.txt")
    _write(tmp_path, "open/b.txt")
    (tmp_path / "locked").chmod(0)
    try:
        items = _walk([str(tmp_path)])
    finally:
        (tmp_path / "locked").chmod(stat.S_IRWXU)
    assert isinstance(items[0], ScanError) and items[0].kind == "permission"
    assert isinstance(items[1], FileRef) and items[1].path.endswith("b.txt")


def test_permission_errors_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same paths as above, also when running as root."""
    _write(tmp_path, "locked/a.txt")
    _write(tmp_path, "open/b.txt")
    real_scandir = os.scandir
    real_open = os.open

    def fake_scandir(path: str) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def fake_open(path: str, flags: int, *args: object) -> int:
        if str(path).endswith("b.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", fake_scandir)
    items = _walk([str(tmp_path)])
    assert isinstance(items[0], ScanError)
    assert items[0].kind == "permission" and items[0].path == str(tmp_path / "locked")
    assert "permission denied" in items[0].message
    ref = items[1]
    assert isinstance(ref, FileRef)
    monkeypatch.setattr(os, "open", fake_open)
    (error,) = read_documents(ref, WalkOptions())
    assert error == ScanError(ref.path, "permission", f"{ref.path}: permission denied")


# --------------------------------------------------------------------------- sizes and reading


def test_too_large_file(tmp_path: Path) -> None:
    _write(tmp_path, "big.txt", "a" * 5000)
    _write(tmp_path, "small.txt", "a" * 10)
    items = _walk([str(tmp_path)], max_file_size=1000)
    error = items[0]
    assert isinstance(error, ScanError) and error.kind == "too_large"
    assert "5000" in error.message and "1000" in error.message
    assert isinstance(items[1], FileRef)
    # the file can also grow between walk and read
    (late,) = read_documents(FileRef("big.txt", str(tmp_path / "big.txt")), WalkOptions(max_file_size=1000))
    assert isinstance(late, ScanError) and late.kind == "too_large"


def test_file_that_grows_past_the_limit_while_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "growing.txt", "a" * 20_000)
    real_fstat = os.fstat

    def small_fstat(fd: int) -> os.stat_result:
        result = real_fstat(fd)
        fields = list(result)
        fields[stat.ST_SIZE] = 10
        return os.stat_result(fields)

    monkeypatch.setattr(os, "fstat", small_fstat)
    (error,) = read_documents(FileRef("growing.txt", str(path)), WalkOptions(max_file_size=15_000))
    assert isinstance(error, ScanError) and error.kind == "too_large"


def test_vanished_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "tmp.txt", "soon gone")
    (ref,) = _walk([str(path)])
    assert isinstance(ref, FileRef)
    path.unlink()
    (error,) = read_documents(ref, WalkOptions())
    assert isinstance(error, ScanError)
    assert error.kind == "vanished"
    assert str(path) in error.message


def test_read_documents_text_binary_empty(tmp_path: Path) -> None:
    text = _write(tmp_path, "gbk.csv", "姓名,电话\n张三,13800138000\n".encode("gbk"))
    png = _write(tmp_path, "img.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100)
    empty = _write(tmp_path, "empty.txt", b"")
    (doc,) = read_documents(FileRef("gbk.csv", str(text)), WalkOptions())
    assert doc == Document("gbk.csv", "姓名,电话\n张三,13800138000\n", "gb18030", text.stat().st_size)
    assert list(read_documents(FileRef("img.png", str(png)), WalkOptions())) == [Skipped("img.png", "binary")]
    assert list(read_documents(FileRef("empty.txt", str(empty)), WalkOptions())) == [
        Skipped("empty.txt", "empty")
    ]


def test_large_text_file_read_whole(tmp_path: Path) -> None:
    body = ("line with ünïcode 中文 %d\n" * 5000) % tuple(range(5000))
    path = _write(tmp_path, "big.log", body)
    (doc,) = read_documents(FileRef("big.log", str(path)), WalkOptions())
    assert isinstance(doc, Document)
    assert doc.text == body and doc.size == len(body.encode())


def test_file_refs_are_picklable(tmp_path: Path) -> None:
    import pickle

    ref = FileRef("a", str(tmp_path / "a"))
    assert pickle.loads(pickle.dumps(ref)) == ref
    assert pickle.loads(pickle.dumps(WalkOptions(include=("*.py",)))) == WalkOptions(include=("*.py",))


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_same_files_as_git(tmp_path: Path) -> None:
    """Cross-check a tricky tree against ``git ls-files --others --exclude-standard``."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, env=env)
    (tmp_path / ".git" / "info").mkdir(exist_ok=True)
    (tmp_path / ".git" / "info" / "exclude").write_text("*.secret\n")
    _write(
        tmp_path,
        ".gitignore",
        "*.log\n!keep.log\nbuild/\n/top.txt\ndocs/**/*.md\n!docs/api/\ntmp*\n!tmp-keep/\n"
        "cache/**\n!cache/ok.txt\n**/gen/*.py\nfoo/bar\n\\#hash.txt\n*.o\n",
    )
    _write(tmp_path, "sub/.gitignore", "!*.o\n*.txt\n!important.txt\n")
    for rel in [
        "a/b/c.log", "a/keep.log", "top.txt", "a/top.txt", "build/a", "docs/a.md", "docs/x/b.md",
        "docs/api/c.md", "tmp-keep/f", "tmpdir/f", "tmpfile", "cache/ok.txt", "cache/no.txt",
        "cache/sub/ok.txt", "x/gen/a.py", "y/gen/b.txt", "z/foo/bar/q", "foo/bar/q", "#hash.txt",
        "a/x.secret", "a/x.o", "sub/x.o", "sub/a.txt", "sub/important.txt", "sub/deep/a.txt",
        "sub/deep/important.txt",
    ]:  # fmt: skip
        _write(tmp_path, rel)
    listed = subprocess.run(
        ["git", "-C", str(tmp_path), "ls-files", "--others", "--exclude-standard"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout.split("\n")
    assert sorted(_rel(tmp_path)) == sorted(line for line in listed if line)
