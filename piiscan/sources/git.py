"""The git source: staged changes, staged blobs and the blobs of a commit history.

Everything goes through the ``git`` executable (no shell, no GitPython), with NUL-separated
output wherever file names appear. File names are kept as bytes while parsing and presented
as ``str`` decoded with :func:`os.fsdecode` (undecodable bytes become surrogate escapes, so
``os.fsencode(path)`` gives the exact name back).

The functions are built for the pre-commit hook, whose budget is a few milliseconds, so they
spawn as few git processes as possible:

* :func:`repo_root`, :func:`git_path`: one ``git rev-parse``;
* :func:`staged_changes`: one ``git diff --cached --raw -z``, plus one
  ``git diff --cached --raw -p -U0`` limited to the modified/renamed files when there are any
  (new files need no hunks, so their content never goes through the diff);
* :func:`read_blobs`: one ``git cat-file --batch-command`` (git >= 2.36; on older git one
  ``--batch-check`` and one ``--batch``); blobs above the size limit are never read;
* :func:`history_blobs`: one ``git log --raw -z`` for the whole range.

Problems (not a repository, a bad revision range, git missing or failing) raise
:class:`GitError` whose message names the repository or range; nothing from
:mod:`subprocess` leaks out. An empty repository or one without commits is not an error:
there is simply nothing staged, or no history.
"""

from __future__ import annotations

import bisect
import os
import re
import subprocess
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO

__all__ = [
    "SKIP_MODES",
    "GitError",
    "HistoryBlob",
    "StagedFile",
    "git_path",
    "history_blobs",
    "is_added",
    "read_blobs",
    "repo_root",
    "staged_changes",
]

SKIP_MODES: dict[str, str] = {"160000": "submodule", "120000": "symlink"}
"""Index modes whose entries are not file content: mode -> ``skip_reason``."""

_GIT_PREFIX: tuple[str, ...] = ("git", "--no-pager", "-c", "core.quotepath=off")
_DIFF_OPTIONS: tuple[str, ...] = ("--no-color", "--no-ext-diff", "--no-textconv", "--no-abbrev")
_HUNK = re.compile(rb"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_OBJECT_ID = re.compile(r"[0-9a-fA-F]{4,64}")
_MAX_PATHSPECS = 2000
"""Above this many modified files the hunk diff runs unlimited (argv stays short)."""
_BATCH_COMMAND_UNSUPPORTED = 129


def _spawn_error(root: str, exc: OSError) -> GitError:
    """Why git could not be started in ``root``, as one clear message."""
    if isinstance(exc, FileNotFoundError):
        if not os.path.isdir(root):
            return GitError(f"{root}: not a directory")
        return GitError(f"cannot run git ({exc.strerror}); is git installed?")
    return GitError(f"cannot run git in {root}: {exc.strerror}")


class GitError(Exception):
    """A git operation failed; the message names the repository or revision range."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class StagedFile:
    """A file that the next commit adds, modifies, copies or renames.

    ``path`` and ``old_path`` (for renames and copies) are relative to the work tree root,
    ``/``-separated. ``status`` is git's letter (``A``, ``M``, ``R``, ``C`` or ``T`` for a
    type change). ``blob`` is the full id of the staged blob; read it with
    :func:`read_blobs`. ``added_lines`` holds the 1-based inclusive line ranges the commit
    adds or changes, ascending; ``None`` means the whole file counts as new (new files,
    copies, type changes, and modified files git considers binary); ``[]`` means the
    commit adds no line (a pure rename, a mode change, a deletion-only edit).

    Submodules and symlinks are returned with a ``skip_reason`` (``submodule``,
    ``symlink``) so a caller can count them; their ``blob`` is not file content and
    their ``added_lines`` are ``[]``.
    """

    path: str
    old_path: str | None
    status: str
    blob: str
    mode: str
    added_lines: list[tuple[int, int]] | None
    skip_reason: str | None = None


@dataclass(frozen=True, slots=True)
class HistoryBlob:
    """A blob first introduced by ``commit`` at ``path`` (see :func:`history_blobs`).

    ``added_lines`` is always ``None`` (the whole blob is new); it is there so staged
    files and history blobs can be handled alike.
    """

    commit: str
    path: str
    blob: str
    added_lines: list[tuple[int, int]] | None = None


def is_added(added_lines: Sequence[tuple[int, int]] | None, line: int) -> bool:
    """Whether 1-based ``line`` lies in ``added_lines`` (always true for ``None``)."""
    if added_lines is None:
        return True
    index = bisect.bisect_right(added_lines, line, key=lambda span: span[0]) - 1
    return index >= 0 and added_lines[index][0] <= line <= added_lines[index][1]


# --------------------------------------------------------------------------- running git


def _env() -> dict[str, str]:
    """The caller's environment (``GIT_INDEX_FILE`` and friends matter inside a hook) with
    messages in English, so that failures can be told apart."""
    env = dict(os.environ)
    env["LC_ALL"] = "C"
    env.pop("LANGUAGE", None)
    return env


def _first_line(stderr: bytes) -> str:
    text = os.fsdecode(stderr).strip()
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return "no message"
    # "fatal: ..." is the interesting line; hints and warnings come before it.
    for line in lines:
        if line.startswith(("fatal:", "error:")):
            return line
    return lines[0]


def _run(root: str, args: Sequence[str | bytes], what: str, literal: bool = False) -> bytes:
    """Run ``git ARGS`` in ``root`` and return its stdout; raise :class:`GitError` on failure."""
    prefix: list[str | bytes] = list(_GIT_PREFIX)
    if literal:
        prefix.append("--literal-pathspecs")
    try:
        done = subprocess.run(
            [*prefix, *args],
            cwd=root,
            env=_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=False,
        )
    except OSError as exc:
        raise _spawn_error(root, exc) from None
    if done.returncode != 0:
        raise GitError(f"{what} failed in {root}: {_first_line(done.stderr)}")
    return done.stdout


def git_path(path: str, name: str) -> str:
    """The absolute path of ``name`` inside the git directory of the repository at
    ``path`` (``git rev-parse --git-path``: ``hooks`` honours ``core.hooksPath``, linked
    work trees get their own or the common directory as git decides).

    Raises :class:`GitError` when ``path`` is not in a git repository.
    """
    directory = path if os.path.isdir(path) else os.path.dirname(path) or "."
    out = _run(directory, ["rev-parse", "--git-path", name], "git rev-parse --git-path")
    found = os.fsdecode(out[:-1] if out.endswith(b"\n") else out)
    return os.path.normpath(os.path.join(os.path.abspath(directory), found))


def repo_root(path: str = ".") -> str | None:
    """The root of the work tree containing ``path`` (a directory or a file), or ``None``
    when ``path`` is not inside a git work tree (including a bare repository or a
    ``.git`` directory, and a path that does not exist).

    Raises :class:`GitError` when git is missing or refuses the repository for another
    reason (for example ``safe.directory`` ownership checks).
    """
    directory = path if os.path.isdir(path) else os.path.dirname(path) or "."
    if not os.path.isdir(directory):
        return None
    try:
        out = _run(directory, ["rev-parse", "--show-toplevel"], "git rev-parse")
    except GitError as exc:
        message = exc.message
        if "not a git repository" in message or "must be run in a work tree" in message:
            return None
        raise
    top = out[:-1] if out.endswith(b"\n") else out
    if not top:
        return None
    return os.path.normpath(os.fsdecode(top))


# --------------------------------------------------------------------------- staged changes


@dataclass(frozen=True, slots=True)
class _RawEntry:
    old_mode: str
    new_mode: str
    old_blob: str
    new_blob: str
    status: str
    score: int | None
    old_path: bytes
    new_path: bytes


def _parse_raw(data: bytes, pos: int = 0) -> tuple[list[_RawEntry], int]:
    """Parse ``--raw -z`` records from ``pos``; return them and where they stopped."""
    entries: list[_RawEntry] = []
    size = len(data)
    while pos < size and data[pos] == 0x3A:  # ":"
        end = data.index(b"\0", pos)
        fields = data[pos + 1 : end].decode("ascii").split(" ")
        if len(fields) != 5:
            raise GitError(f"unexpected git diff output: {data[pos:end]!r}")
        old_mode, new_mode, old_blob, new_blob, status = fields
        pos = end + 1
        end = data.index(b"\0", pos)
        first = data[pos:end]
        pos = end + 1
        second = first
        if status[:1] in ("R", "C"):
            end = data.index(b"\0", pos)
            second = data[pos:end]
            pos = end + 1
        entries.append(
            _RawEntry(
                old_mode=old_mode,
                new_mode=new_mode,
                old_blob=old_blob,
                new_blob=new_blob,
                status=status[:1],
                score=int(status[1:]) if status[1:].isdigit() else None,
                old_path=first,
                new_path=second,
            )
        )
    return entries, pos


def _unquote(name: bytes) -> bytes:
    """Undo git's C-style quoting of a path in a patch header."""
    if not (len(name) >= 2 and name.startswith(b'"') and name.endswith(b'"')):
        return name
    body = name[1:-1]
    out = bytearray()
    escapes = {ord("a"): 7, ord("b"): 8, ord("t"): 9, ord("n"): 10, ord("v"): 11, ord("f"): 12, ord("r"): 13}
    i = 0
    while i < len(body):
        char = body[i]
        if char != 0x5C or i + 1 >= len(body):  # backslash
            out.append(char)
            i += 1
            continue
        nxt = body[i + 1]
        if 0x30 <= nxt <= 0x37 and i + 3 < len(body):
            out.append(int(body[i + 1 : i + 4], 8) & 0xFF)
            i += 4
            continue
        out.append(escapes.get(nxt, nxt))
        i += 2
    return bytes(out)


@dataclass(slots=True)
class _Section:
    """One ``diff --git`` section of a patch."""

    new_name: bytes | None = None
    binary: bool = False
    ranges: list[tuple[int, int]] | None = None


def _parse_patch(patch: bytes) -> list[_Section]:
    """Split a ``-U0`` patch into sections with the new-side line ranges of their hunks."""
    sections: list[_Section] = []
    current: _Section | None = None
    lines = patch.split(b"\n")
    i = 0
    count = len(lines)
    while i < count:
        line = lines[i]
        i += 1
        if line.startswith(b"diff --git "):
            current = _Section(ranges=[])
            sections.append(current)
            continue
        if current is None:
            continue
        if line.startswith(b"@@ "):
            match = _HUNK.match(line)
            if match is None:
                raise GitError(f"unexpected hunk header in git diff output: {line[:80]!r}")
            old_count = 1 if match.group(2) is None else int(match.group(2))
            start = int(match.group(3))
            new_count = 1 if match.group(4) is None else int(match.group(4))
            if new_count and current.ranges is not None:
                current.ranges.append((start, start + new_count - 1))
            # Skip the hunk body: exactly old_count "-" lines and new_count "+" lines
            # (with -U0 there is no context), plus "\ No newline" markers.
            remaining = old_count + new_count
            while remaining and i < count:
                if not lines[i].startswith(b"\\"):
                    remaining -= 1
                i += 1
        elif line.startswith(b"+++ "):
            name = line[4:]
            if name.endswith(b"\t"):  # git adds a tab after names containing spaces
                name = name[:-1]
            name = _unquote(name)
            current.new_name = name[2:] if name.startswith(b"b/") else None
        elif line.startswith((b"Binary files ", b"GIT binary patch")):
            current.binary = True
    return sections


def _normalise(path: str, root: str) -> bytes:
    """A path as pre-commit gives it (relative to the root) as index bytes."""
    if os.path.isabs(path):
        path = os.path.relpath(path, root)
    path = path.replace(os.sep, "/")
    parts = [part for part in path.split("/") if part not in ("", ".")]
    return os.fsencode("/".join(parts))


def _hunks(root: str, entries: Sequence[_RawEntry]) -> dict[bytes, list[tuple[int, int]] | None]:
    """Added line ranges of modified/renamed files by new path (one git process)."""
    args: list[str | bytes] = [
        "diff",
        "--cached",
        "--raw",
        "-p",
        "-z",
        "-U0",
        "--inter-hunk-context=0",
        "-M",
        "--submodule=short",
        "--src-prefix=a/",
        "--dst-prefix=b/",
        *_DIFF_OPTIONS,
    ]
    limited = len(entries) <= _MAX_PATHSPECS
    if limited:
        args.append("--")
        for entry in entries:
            args.append(entry.new_path)
            if entry.old_path != entry.new_path:
                args.append(entry.old_path)
    out = _run(root, args, "git diff --cached -p", literal=limited)
    raw, pos = _parse_raw(out)
    if pos < len(out) and out[pos] == 0:  # the separator between the raw and patch parts
        pos += 1
    sections = _parse_patch(out[pos:])
    # git prints one section per entry, two for a type change (a deletion and a creation).
    expected = sum(2 if entry.status == "T" else 1 for entry in raw)
    result: dict[bytes, list[tuple[int, int]] | None] = {}
    if expected != len(sections):
        return result  # unexpected layout: callers fall back to whole files
    index = 0
    for entry in raw:
        section = sections[index + (1 if entry.status == "T" else 0)]
        index += 2 if entry.status == "T" else 1
        if section.new_name is not None and section.new_name != entry.new_path:
            return {}
        if entry.status in ("M", "R") and not section.binary:
            result[entry.new_path] = section.ranges
        else:
            result[entry.new_path] = None
    return result


def staged_changes(root: str, paths: Sequence[str] | None = None) -> list[StagedFile]:
    """The files the next commit adds, modifies, copies or renames, in path order.

    Compares the index with ``HEAD`` (with the empty tree when there is no commit yet;
    the index git uses is the one the environment names, so inside a hook run by
    ``git commit -a`` it is git's temporary index). Renames are detected (``-M``).
    Deleted files and unmerged entries are not returned; submodules and symlinks are
    returned with a ``skip_reason``. ``paths`` (relative to ``root``, as pre-commit
    passes them; absolute paths below ``root`` work too) limits the result to those
    files; paths that are not staged are ignored.

    Spawns one git process, two when some file is modified or renamed with edits.
    Raises :class:`GitError` when ``root`` is not a git work tree.
    """
    try:
        out = _run(root, ["diff", "--cached", "--raw", "-z", "-M", *_DIFF_OPTIONS], "git diff --cached")
    except GitError:
        # Outside a repository "git diff" turns into "git diff --no-index" and complains
        # about --cached: say what is really wrong.
        if os.path.isdir(root) and repo_root(root) is None:
            raise GitError(f"{root}: not a git repository (nor a work tree inside one)") from None
        raise
    entries, _ = _parse_raw(out)
    wanted = None if paths is None else {_normalise(path, root) for path in paths}
    chosen: list[_RawEntry] = []
    for entry in entries:
        if entry.status not in ("A", "M", "R", "C", "T"):
            continue  # D(eleted), U(nmerged), X (unknown)
        if wanted is not None and entry.new_path not in wanted:
            continue
        chosen.append(entry)
    need_hunks = [
        entry
        for entry in chosen
        if entry.new_mode not in SKIP_MODES
        and entry.status in ("M", "R")
        and entry.old_blob != entry.new_blob
        and entry.old_mode not in SKIP_MODES
    ]
    hunks = _hunks(root, need_hunks) if need_hunks else {}
    result: list[StagedFile] = []
    for entry in chosen:
        skip_reason = SKIP_MODES.get(entry.new_mode)
        added: list[tuple[int, int]] | None
        if skip_reason is not None:
            added = []
        elif entry.status in ("A", "C", "T") or entry.old_mode in SKIP_MODES:
            added = None
        elif entry.old_blob == entry.new_blob:
            added = []  # a pure rename or a mode change
        else:
            added = hunks.get(entry.new_path)
        result.append(
            StagedFile(
                path=os.fsdecode(entry.new_path),
                old_path=os.fsdecode(entry.old_path) if entry.status in ("R", "C") else None,
                status=entry.status,
                blob=entry.new_blob,
                mode=entry.new_mode,
                added_lines=added,
                skip_reason=skip_reason,
            )
        )
    return result


# --------------------------------------------------------------------------- blobs


def _write_commands(stream: IO[bytes], commands: bytes, close: bool) -> None:
    try:
        stream.write(commands)
        stream.flush()
        if close:
            stream.close()
    except (BrokenPipeError, OSError, ValueError):
        pass  # git died; the reader reports it


def _writer(stream: IO[bytes], commands: bytes, close: bool) -> threading.Thread:
    """Feed ``commands`` from a thread, so git's output never blocks our input."""
    thread = threading.Thread(target=_write_commands, args=(stream, commands, close), daemon=True)
    thread.start()
    return thread


def _info(header: bytes, where: str) -> tuple[str, int] | str:
    """Parse ``<oid> <type> <size>`` (or ``<oid> missing``) into ``(type, size)`` or a reason."""
    fields = header.rstrip(b"\n").split(b" ")
    if len(fields) == 3 and fields[2].isdigit():
        return fields[1].decode("ascii", "replace"), int(fields[2])
    if len(fields) == 2 and fields[1] in (b"missing", b"ambiguous"):
        return fields[1].decode("ascii")
    raise GitError(f"unexpected git cat-file output in {where}: {header[:80]!r}")


def _read_exact(stream: IO[bytes], size: int, where: str) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise GitError(f"git cat-file ended early in {where}")
    return data


def _reason(kind: str, size: int, max_size: int) -> str | None:
    if kind != "blob":
        return "not_blob"
    if size > max_size:
        return "too_large"
    return None


def read_blobs(root: str, blob_ids: Sequence[str], max_size: int) -> dict[str, bytes | str]:
    """The content of blobs by id, through one ``git cat-file --batch-command`` process.

    Each requested id maps to its bytes, or to a reason string when there is no content
    to scan: ``too_large`` (larger than ``max_size`` bytes; never read), ``missing`` (no
    such object, or an ambiguous short id), ``not_blob`` (a commit or tree id, e.g. a
    submodule's). Duplicate ids are read once. Raises :class:`GitError` for an id that
    is not hexadecimal or when git fails.
    """
    ids = list(dict.fromkeys(blob_ids))
    for blob in ids:
        if _OBJECT_ID.fullmatch(blob) is None:
            raise GitError(f"invalid object id {blob[:80]!r} for {root}")
    if not ids:
        return {}
    result = _read_batch_command(root, ids, max_size)
    if result is None:  # git < 2.36
        result = _read_two_pass(root, ids, max_size)
    return result


def _spawn(root: str, args: Sequence[str], stderr: IO[bytes] | int) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(
            [*_GIT_PREFIX, *args],
            cwd=root,
            env=_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
        )
    except OSError as exc:
        raise _spawn_error(root, exc) from None


def _stderr_text(stderr: IO[bytes]) -> str:
    stderr.seek(0)
    return _first_line(stderr.read())


def _read_batch_command(root: str, ids: list[str], max_size: int) -> dict[str, bytes | str] | None:
    """Two rounds on one process: ``info`` for every id, then ``contents`` for the small
    blobs. ``None`` when this git has no ``--batch-command``."""
    where = f"repository {root}"
    import tempfile  # here: its import (shutil, random) is a few ms of a cold hook

    with tempfile.TemporaryFile() as stderr:
        proc = _spawn(root, ["cat-file", "--batch-command", "--buffer"], stderr)
        assert proc.stdin is not None and proc.stdout is not None
        try:
            result: dict[str, bytes | str] = {}
            wanted: list[tuple[str, int]] = []
            writer = _writer(proc.stdin, b"".join(b"info %s\n" % oid.encode() for oid in ids) + b"flush\n", False)
            for position, oid in enumerate(ids):
                header = proc.stdout.readline()
                if not header:
                    writer.join()
                    code = proc.wait()
                    message = _stderr_text(stderr)
                    if position == 0 and code == _BATCH_COMMAND_UNSUPPORTED and "batch-command" in message:
                        return None
                    raise GitError(f"git cat-file failed in {root}: {message}")
                info = _info(header, where)
                if isinstance(info, str):
                    result[oid] = info
                    continue
                kind, size = info
                reason = _reason(kind, size, max_size)
                if reason is not None:
                    result[oid] = reason
                else:
                    wanted.append((oid, size))
            writer.join()
            writer = _writer(proc.stdin, b"".join(b"contents %s\n" % oid.encode() for oid, _ in wanted), True)
            for oid, _size in wanted:
                header = proc.stdout.readline()
                info = _info(header, where) if header else "missing"
                if isinstance(info, str):  # vanished between the two rounds
                    result[oid] = info
                    continue
                result[oid] = _read_exact(proc.stdout, info[1], where)
                _read_exact(proc.stdout, 1, where)  # the newline after the content
            writer.join()
            proc.stdout.close()
            if proc.wait() != 0:
                raise GitError(f"git cat-file failed in {root}: {_stderr_text(stderr)}")
            return {oid: result[oid] for oid in ids}
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def _read_two_pass(root: str, ids: list[str], max_size: int) -> dict[str, bytes | str]:
    """For git < 2.36: sizes through ``--batch-check``, then the small blobs through ``--batch``."""
    where = f"repository {root}"
    checks = _run_input(root, ["cat-file", "--batch-check"], "".join(f"{oid}\n" for oid in ids).encode())
    headers = checks.split(b"\n")
    result: dict[str, bytes | str] = {}
    wanted: list[str] = []
    for position, oid in enumerate(ids):
        if position >= len(headers) or not headers[position]:
            raise GitError(f"git cat-file --batch-check ended early in {where}")
        info = _info(headers[position], where)
        reason = info if isinstance(info, str) else _reason(info[0], info[1], max_size)
        if reason is not None:
            result[oid] = reason
        else:
            wanted.append(oid)
    if wanted:
        data = _run_input(root, ["cat-file", "--batch"], "".join(f"{oid}\n" for oid in wanted).encode())
        pos = 0
        for oid in wanted:
            end = data.find(b"\n", pos)
            if end < 0:
                raise GitError(f"git cat-file --batch ended early in {where}")
            info = _info(data[pos : end + 1], where)
            pos = end + 1
            if isinstance(info, str):
                result[oid] = info
                continue
            result[oid] = data[pos : pos + info[1]]
            pos += info[1] + 1
    return {oid: result[oid] for oid in ids}


def _run_input(root: str, args: Sequence[str], data: bytes) -> bytes:
    proc = _spawn(root, args, subprocess.PIPE)
    out, err = proc.communicate(data)
    if proc.returncode != 0:
        raise GitError(f"git {' '.join(args)} failed in {root}: {_first_line(err)}")
    return out


# --------------------------------------------------------------------------- history


def history_blobs(root: str, rev_range: str | None = None) -> Iterator[HistoryBlob]:
    """Each blob introduced by each commit in ``rev_range``, every blob id once.

    ``rev_range`` is anything ``git log`` accepts as revisions (``main``, ``v1..HEAD``,
    ``main ^origin/main``; options are refused); by default the whole history reachable
    from all refs and ``HEAD`` (``--all``, which includes ``refs/stash``). Commits come
    oldest first (parents before children), so a blob is reported at the first commit
    that added it, at its path there. Merge commits are compared with each parent, so
    content first written in a merge (a conflict resolution) is reported at the merge.
    Submodules and symlinks are skipped. A repository without commits yields nothing.

    Runs one ``git log`` process, streamed, started on the first ``next``. Raises
    :class:`GitError` for a range holding an option at once, and on iteration for a bad
    range or when ``root`` is not a repository; stopping the iteration early ends git.
    """
    revs: list[str]
    if rev_range is None:
        revs = ["--all"]
    else:
        revs = rev_range.split()
        if not revs:
            raise GitError(f"empty revision range for {root}")
        for rev in revs:
            if rev.startswith("-"):
                raise GitError(f"bad revision range {rev_range!r} in {root}: options are not allowed")
    args = [
        "log",
        "--topo-order",
        "--reverse",
        "--raw",
        "-z",
        "-m",
        "--root",
        "--no-renames",
        "--diff-filter=AMT",
        "--format=commit %H",
        "--no-show-signature",
        "--no-notes",
        *_DIFF_OPTIONS,
        *revs,
        "--",
    ]
    return _history(root, args, rev_range)


def _history(root: str, args: list[str], rev_range: str | None) -> Iterator[HistoryBlob]:
    """The generator behind :func:`history_blobs` (git starts on the first ``next``)."""
    import tempfile  # here: its import (shutil, random) is a few ms of a cold hook

    with tempfile.TemporaryFile() as stderr:
        proc = _spawn(root, args, stderr)
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.close()
            yield from _parse_log(proc.stdout.fileno())
            proc.stdout.close()
            if proc.wait() != 0:
                what = "the history" if rev_range is None else f"revision range {rev_range!r}"
                raise GitError(f"cannot read {what} in {root}: {_stderr_text(stderr)}")
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def _parse_log(fd: int) -> Iterator[HistoryBlob]:
    """Parse ``git log --raw -z --format='commit %H'`` from a pipe as it arrives."""
    seen: set[str] = set()
    commit = ""
    pending: list[str] | None = None  # raw fields waiting for their path
    buffer = b""
    while chunk := os.read(fd, 1 << 16):
        tokens = (buffer + chunk).split(b"\0")
        buffer = tokens.pop()
        for token in tokens:
            if pending is not None:
                new_mode, blob = pending[1], pending[3]
                pending = None
                if new_mode in SKIP_MODES or blob in seen:
                    continue
                seen.add(blob)
                yield HistoryBlob(commit=commit, path=os.fsdecode(token), blob=blob)
                continue
            token = token.lstrip(b"\n")
            if token.startswith(b":"):
                pending = token[1:].decode("ascii").split(" ")
            elif token.startswith(b"commit "):
                commit = token[7:].strip().decode("ascii")
