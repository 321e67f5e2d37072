"""The "files and repositories" source: walk targets, read files, expand archives, decode text.

Two steps, so the cheap one can run in the main process and the expensive one in workers:

* :func:`walk` turns ``TARGET...`` into :class:`FileRef` objects (plain, picklable), in a
  deterministic order, honouring ``.gitignore`` files (nested ones, negations) and
  ``.git/info/exclude``, skipping the usual VCS/build/vendor folders and applying the
  user's include/exclude globs;
* :func:`read_documents` reads one file (once), expands gzip/bzip2/xz/zip/tar archives
  within bounds, and decodes text into :class:`Document` objects.

Neither raises for anything a file system or a file can do: problems become
:class:`~piiscan.model.ScanError` records (kinds ``not_found``, ``unreadable``,
``permission``, ``not_regular``, ``too_large``, ``vanished``, ``archive_limit``,
``corrupt_archive``) whose messages name the path and the problem, never content.
Deliberately unscanned inputs become :class:`Skipped` (reasons ``empty``, ``binary``,
``nested_archive``, ``encrypted``, ``sparse_file``). The only exception is
:class:`ValueError` from :func:`walk` for an invalid include/exclude pattern, which is a
usage error.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from pathspec import GitIgnoreSpec

from piiscan.model import ScanError
from piiscan.sources.archives import (
    HEAD_BYTES,
    ArchiveLimits,
    Member,
    MemberSkipped,
    archive_kind,
    expand_archive,
)
from piiscan.sources.decode import SNIFF_BYTES, decode_bytes, looks_binary

__all__ = [
    "DEFAULT_SKIP_DIRS",
    "Document",
    "FileRef",
    "Skipped",
    "WalkOptions",
    "compile_patterns",
    "read_documents",
    "walk",
]

DEFAULT_SKIP_DIRS: frozenset[str] = frozenset(
    {
        # version control metadata
        ".git",
        ".hg",
        ".svn",
        ".bzr",
        "CVS",
        "_darcs",
        # dependencies and virtual environments
        "node_modules",
        "bower_components",
        "vendor",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        ".eggs",
        # build output and caches
        "build",
        "dist",
        "target",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".hypothesis",
        ".gradle",
        ".terraform",
        ".next",
        ".nuxt",
        # IDE state
        ".idea",
    }
)
"""Directory names skipped below a target when ``WalkOptions.skip_default_dirs`` is on."""


@dataclass(frozen=True, slots=True)
class WalkOptions:
    """What to walk and how far to go when reading.

    ``include``/``exclude`` are gitignore-style patterns matched against paths relative
    to the TARGET (for a file given directly: against the path as given). When
    ``include`` is non-empty only files it matches are scanned; ``exclude`` wins over it.
    """

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    max_file_size: int = 20 * 1024 * 1024
    honour_gitignore: bool = True
    skip_default_dirs: bool = True
    max_archive_bytes: int = 200 * 1024 * 1024
    max_archive_members: int = 10_000
    max_compression_ratio: float = 200.0


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file to read: its display ``path`` (TARGET joined with the path below it) and
    the real ``fs_path`` to open (absolute)."""

    path: str
    fs_path: str


@dataclass(frozen=True, slots=True)
class Document:
    """Decoded text of a file or archive member; finding offsets index into ``text``.

    ``path`` is the display path; archive members read ``archive.zip!dir/member.txt``
    and compressed files ``file.log.gz!file.log``. ``size`` is the size in bytes
    (decompressed, for archive members).
    """

    path: str
    text: str
    encoding: str
    size: int


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input deliberately not scanned; ``reason`` feeds the summary counters."""

    path: str
    reason: str


# --------------------------------------------------------------------------- walking


def _git_line(line: str) -> str:
    """Adjust one pattern where pathspec and git disagree.

    Git's ``dir/**`` matches everything *inside* ``dir`` but not ``dir`` itself (so
    ``!dir/keep.txt`` can re-include a file); pathspec also matches ``dir/`` with it,
    which would prune the whole directory. ``dir/**/*`` means the same to git and
    matches the same way in pathspec.
    """
    stripped = line.rstrip()
    if stripped.endswith("/**"):
        return stripped + "/*"
    return line


def compile_patterns(patterns: Iterable[str]) -> GitIgnoreSpec | None:
    """Compile gitignore-style patterns (``None`` when there are none).

    Raises :class:`ValueError` naming the offending pattern when one is invalid.
    """
    lines = [_git_line(line) for line in patterns if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        return None
    try:
        return GitIgnoreSpec.from_lines(lines)
    except Exception:
        for line in lines:
            try:
                GitIgnoreSpec.from_lines([line])
            except Exception as exc:
                raise ValueError(f"invalid pattern {line!r}: {exc}") from None
        raise ValueError("invalid patterns") from None


def _lenient_spec(lines: Sequence[str]) -> GitIgnoreSpec | None:
    """Compile an ignore file's lines, dropping any that pathspec rejects (like git does)."""
    usable = [_git_line(line) for line in lines if line.strip() and not line.startswith("#")]
    if not usable:
        return None
    try:
        spec = GitIgnoreSpec.from_lines(usable)
    except Exception:
        good = []
        for line in usable:
            try:
                GitIgnoreSpec.from_lines([line])
            except Exception:
                continue
            good.append(line)
        if not good:
            return None
        spec = GitIgnoreSpec.from_lines(good)
    return spec if len(spec) else None


def _read_ignore_file(path: str) -> GitIgnoreSpec | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return _lenient_spec(handle.read().splitlines())
    except OSError:
        return None


@dataclass(frozen=True, slots=True)
class _Rule:
    """One ignore file; it sees an entry as ``prefix + rel[strip:]`` (``rel`` is
    relative to the walk target), i.e. relative to the ignore file's directory."""

    prefix: str
    strip: int
    spec: GitIgnoreSpec


def _ignored(rules: tuple[_Rule, ...], rel: str, is_dir: bool) -> bool:
    """Git's answer: the deepest ignore file with a matching pattern decides."""
    suffix = "/" if is_dir else ""
    for rule in reversed(rules):
        verdict = rule.spec.check_file(rule.prefix + rel[rule.strip :] + suffix).include
        if verdict is not None:
            return verdict
    return False


def _git_dir(work_tree: str) -> str | None:
    """The git directory of a work tree root (``.git`` dir, or the target of a ``.git`` file)."""
    dot_git = os.path.join(work_tree, ".git")
    if os.path.isdir(dot_git):
        return dot_git
    try:
        with open(dot_git, encoding="utf-8", errors="replace") as handle:
            first = handle.readline().strip()
    except OSError:
        return None
    if not first.startswith("gitdir:"):
        return None
    git_dir = os.path.normpath(os.path.join(work_tree, first[len("gitdir:") :].strip()))
    try:
        # Linked work trees keep info/exclude in the common directory.
        with open(os.path.join(git_dir, "commondir"), encoding="utf-8") as handle:
            return os.path.normpath(os.path.join(git_dir, handle.read().strip()))
    except OSError:
        return git_dir


def _exclude_rule(git_dir: str | None, strip: int, prefix: str = "") -> tuple[_Rule, ...]:
    """The repository's ``info/exclude`` (lowest precedence, relative to the work tree root)."""
    if git_dir is None:
        return ()
    spec = _read_ignore_file(os.path.join(git_dir, "info", "exclude"))
    return () if spec is None else (_Rule(prefix, strip, spec),)


def _repository_rules(target_abs: str) -> tuple[_Rule, ...]:
    """Rules from the enclosing repository above a directory target: ``info/exclude`` and
    the ``.gitignore`` files from the work tree root down to the target's parent.

    When the target directory itself (or a directory above it) is ignored, the user named
    it on purpose: the rules from above are dropped (they would ignore everything in it)
    and only the ignore files inside the target apply.
    """
    real = os.path.realpath(target_abs)
    root = real
    while not os.path.lexists(os.path.join(root, ".git")):
        parent = os.path.dirname(root)
        if parent == root:
            return ()
        root = parent
    below = os.path.relpath(real, root).replace(os.sep, "/")
    parts = [] if below == "." else below.split("/")
    # (depth of the ignore file's directory below the root, its patterns)
    found: list[tuple[int, GitIgnoreSpec]] = [(0, rule.spec) for rule in _exclude_rule(_git_dir(root), 0)]
    directory = root
    for depth, name in enumerate(parts):
        spec = _read_ignore_file(os.path.join(directory, ".gitignore"))
        if spec is not None:
            found.append((depth, spec))
        for base, candidate in reversed(found):
            verdict = candidate.check_file("/".join(parts[base : depth + 1]) + "/").include
            if verdict is not None:
                if verdict:
                    return ()
                break
        directory = os.path.join(directory, name)
    # A rule from the directory at depth D sees "<target relative to D>/<rel>".
    return tuple(_Rule("".join(part + "/" for part in parts[base:]), 0, spec) for base, spec in found)


@dataclass(slots=True)
class _Frame:
    entries: Iterator[os.DirEntry[str]]
    rel: str
    rules: tuple[_Rule, ...]


@dataclass(slots=True)
class _Walker:
    options: WalkOptions
    include: GitIgnoreSpec | None
    exclude: GitIgnoreSpec | None
    seen: set[str]

    def files(self, targets: Sequence[str]) -> Iterator[FileRef | ScanError]:
        for target in targets:
            yield from self.target(target)

    def target(self, target: str) -> Iterator[FileRef | ScanError]:
        try:
            st = os.stat(target)
        except OSError as exc:
            if os.path.islink(target):
                yield _link_error(target, target, exc)
            elif isinstance(exc, FileNotFoundError):
                yield ScanError(target, "not_found", f"{target}: no such file or directory")
            else:
                yield _os_error(target, exc, "cannot access")
            return
        absolute = os.path.abspath(target)
        if stat.S_ISDIR(st.st_mode):
            yield from self.directory(target, absolute)
            return
        if self.excluded(os.path.normpath(target), is_dir=False):
            return
        if absolute in self.seen:
            return
        self.seen.add(absolute)
        yield from self.file(target, absolute, st)

    def excluded(self, rel: str, is_dir: bool) -> bool:
        """The user's include/exclude patterns (include only ever filters files)."""
        suffix = "/" if is_dir else ""
        if self.exclude is not None and self.exclude.match_file(rel + suffix):
            return True
        return not is_dir and self.include is not None and not self.include.match_file(rel)

    def file(self, display: str, fs_path: str, st: os.stat_result) -> Iterator[FileRef | ScanError]:
        if not stat.S_ISREG(st.st_mode):
            yield ScanError(
                display, "not_regular", f"{display}: not a regular file ({_file_type(st)}); skipped"
            )
        elif st.st_size > self.options.max_file_size:
            yield _too_large(display, st.st_size, self.options.max_file_size)
        else:
            yield FileRef(display, fs_path)

    def directory(self, target: str, absolute: str) -> Iterator[FileRef | ScanError]:
        rules: tuple[_Rule, ...] = ()
        if self.options.honour_gitignore:
            rules = _repository_rules(absolute)
        frames: list[_Frame] = []
        opened = self.open_dir(target, absolute, "", rules, is_root=True)
        if isinstance(opened, ScanError):
            yield opened
            return
        frames.append(opened)
        while frames:
            frame = frames[-1]
            entry = next(frame.entries, None)
            if entry is None:
                frames.pop()
                continue
            rel = f"{frame.rel}/{entry.name}" if frame.rel else entry.name
            try:
                is_link = entry.is_symlink()
                is_dir = not is_link and entry.is_dir(follow_symlinks=False)
            except OSError as exc:
                yield _os_error(_display(target, rel), exc, "cannot access")
                continue
            if is_dir:
                if self.options.skip_default_dirs and entry.name in DEFAULT_SKIP_DIRS:
                    continue
                if _ignored(frame.rules, rel, is_dir=True) or self.excluded(rel, is_dir=True):
                    continue
                child = self.open_dir(_display(target, rel), entry.path, rel, frame.rules, is_root=False)
                if isinstance(child, ScanError):
                    yield child
                else:
                    frames.append(child)
                continue
            if _ignored(frame.rules, rel, is_dir=False) or self.excluded(rel, is_dir=False):
                continue
            display = _display(target, rel)
            try:
                st = entry.stat(follow_symlinks=True)
            except OSError as exc:
                yield (
                    _link_error(display, entry.path, exc)
                    if is_link
                    else _os_error(display, exc, "cannot access")
                )
                continue
            if is_link and stat.S_ISDIR(st.st_mode):
                continue  # symbolic links to directories are not followed (no loops, no escapes)
            if entry.path in self.seen:
                continue
            self.seen.add(entry.path)
            yield from self.file(display, entry.path, st)

    def open_dir(
        self, display: str, fs_path: str, rel: str, rules: tuple[_Rule, ...], *, is_root: bool
    ) -> _Frame | ScanError:
        """List a directory (sorted) and extend the ignore rules with what it holds."""
        try:
            with os.scandir(fs_path) as scan:
                entries = sorted(scan, key=lambda item: item.name)
        except OSError as exc:
            return _os_error(display, exc, "cannot list directory")
        if self.options.honour_gitignore:
            strip = len(rel) + 1 if rel else 0
            names = {entry.name for entry in entries}
            if ".git" in names and not is_root:
                # A nested repository (submodule): the outer ignore files stop applying.
                rules = _exclude_rule(_git_dir(fs_path), strip)
            if ".gitignore" in names:
                spec = _read_ignore_file(os.path.join(fs_path, ".gitignore"))
                if spec is not None:
                    rules = (*rules, _Rule("", strip, spec))
        return _Frame(iter(entries), rel, rules)


def walk(targets: Sequence[str], options: WalkOptions) -> Iterator[FileRef | ScanError]:
    """Yield the files to scan under ``targets`` (files or directories), in order.

    Directories are walked recursively in sorted order without following symbolic links
    to directories. A file named directly is scanned even when ignored by git (the
    include/exclude patterns still apply to it). Each file is yielded once.
    """
    walker = _Walker(
        options,
        include=compile_patterns(options.include),
        exclude=compile_patterns(options.exclude),
        seen=set(),
    )
    yield from walker.files(targets)


def _display(target: str, rel: str) -> str:
    """The TARGET as given joined with the path below it (``.`` adds no ``./`` prefix)."""
    native = rel.replace("/", os.sep)
    if target in (".", "." + os.sep):
        return native
    return os.path.join(target, native)


# --------------------------------------------------------------------------- reading


_OPEN_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
)


def read_documents(ref: FileRef, options: WalkOptions) -> Iterator[Document | Skipped | ScanError]:
    """Read ``ref`` once and yield its text (one :class:`Document`, or one per archive member).

    Never raises; never blocks on a FIFO (files are opened non-blocking and checked
    with ``fstat`` before reading); never reads more than ``max_file_size + 1`` bytes.
    """
    loaded = _load(ref, options)
    if not isinstance(loaded, tuple):
        yield loaded
        return
    data, kind = loaded
    if kind is None:
        yield _document(ref.path, data)
        return
    limits = ArchiveLimits(
        max_bytes=options.max_archive_bytes,
        max_member_bytes=options.max_file_size,
        max_members=options.max_archive_members,
        max_ratio=options.max_compression_ratio,
    )
    items = expand_archive(ref.path, data, kind, limits)
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except Exception as exc:  # a safety net: hostile archives trip odd library errors
            yield ScanError(
                ref.path, "corrupt_archive", f"{ref.path}: unreadable {kind} archive ({type(exc).__name__})"
            )
            return
        if isinstance(item, Member):
            yield _document(item.path, item.data)
        elif isinstance(item, MemberSkipped):
            yield Skipped(item.path, item.reason)
        else:
            yield item


def _load(ref: FileRef, options: WalkOptions) -> tuple[bytes, str | None] | Skipped | ScanError:
    """The file's bytes and archive kind, or why there are none."""
    path = ref.path
    limit = options.max_file_size
    try:
        fd = os.open(ref.fs_path, _OPEN_FLAGS)
    except FileNotFoundError:
        if os.path.lexists(ref.fs_path):
            return _link_error(path, ref.fs_path, FileNotFoundError(errno.ENOENT, "broken symbolic link"))
        return ScanError(path, "vanished", f"{path}: file disappeared before it could be read")
    except PermissionError:
        return ScanError(path, "permission", f"{path}: permission denied")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return _link_error(path, ref.fs_path, exc)
        if exc.errno == errno.ENXIO:
            return ScanError(path, "not_regular", f"{path}: not a regular file (socket); skipped")
        return _os_error(path, exc, "cannot open")
    try:
        with open(fd, "rb", closefd=True) as handle:
            st = os.fstat(handle.fileno())
            if not stat.S_ISREG(st.st_mode):
                return ScanError(
                    path, "not_regular", f"{path}: not a regular file ({_file_type(st)}); skipped"
                )
            if st.st_size > limit:
                return _too_large(path, st.st_size, limit)
            head = handle.read(SNIFF_BYTES)
            if not head:
                return Skipped(path, "empty")
            kind = archive_kind(os.path.basename(ref.fs_path), head[:HEAD_BYTES])
            if kind is None and looks_binary(head):
                return Skipped(path, "binary")  # no need to read the rest
            more = limit + 1 - len(head)
            rest = handle.read(more) if len(head) == SNIFF_BYTES and more > 0 else b""
    except PermissionError:
        return ScanError(path, "permission", f"{path}: permission denied")
    except OSError as exc:
        return _os_error(path, exc, "cannot read")
    if len(head) + len(rest) > limit:
        return _too_large(path, len(head) + len(rest), limit, grew=True)
    return (head + rest if rest else head), kind


def _document(path: str, data: bytes) -> Document | Skipped:
    if not data:
        return Skipped(path, "empty")
    decoded = decode_bytes(data)
    if decoded is None:
        return Skipped(path, "binary")
    text, encoding = decoded
    return Document(path, text, encoding, len(data))


# --------------------------------------------------------------------------- errors


def _too_large(path: str, size: int, limit: int, *, grew: bool = False) -> ScanError:
    amount = f"more than {limit} bytes (it grew while being read)" if grew else f"{size} bytes"
    return ScanError(
        path, "too_large", f"{path}: file is {amount}, over the size limit of {limit} bytes; skipped"
    )


def _file_type(st: os.stat_result) -> str:
    mode = st.st_mode
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    if stat.S_ISDIR(mode):
        return "directory"
    return "special file"


def _link_error(display: str, fs_path: str, exc: OSError) -> ScanError:
    if exc.errno == errno.ELOOP:
        problem = "symbolic link loop (too many levels of symbolic links)"
    elif isinstance(exc, FileNotFoundError):
        try:
            problem = f"broken symbolic link (target {os.readlink(fs_path)!r} does not exist)"
        except OSError:
            problem = "broken symbolic link"
    else:
        return _os_error(display, exc, "cannot follow symbolic link")
    return ScanError(display, "unreadable", f"{display}: {problem}")


def _os_error(display: str, exc: OSError, action: str) -> ScanError:
    if isinstance(exc, PermissionError):
        return ScanError(display, "permission", f"{display}: {action}: permission denied")
    if isinstance(exc, FileNotFoundError):
        return ScanError(display, "vanished", f"{display}: disappeared while being scanned")
    if exc.errno == errno.ELOOP:
        return _link_error(display, display, exc)
    reason = exc.strerror or type(exc).__name__
    return ScanError(display, "unreadable", f"{display}: {action}: {reason}")
