"""Bounded expansion of compressed files and archives (gzip, bzip2, xz, zip, tar).

:func:`expand_archive` turns the bytes of an archive into its leaf members, each with a
display path such as ``logs.zip!2024/app.log`` or ``app.log.gz!app.log``. It never raises
and never decompresses more than the limits allow:

* every decompressed byte (gzip/bzip2/xz output, zip member data) counts against one
  budget per top-level archive (``max_bytes``); a zip member whose declared size does
  not fit in what is left is not decompressed at all;
* no single member may exceed ``max_member_bytes`` (the per-file size limit);
* a compression ratio above ``max_ratio`` (judged from zip headers *and* from the bytes
  actually produced) stops that member: it is a decompression bomb;
* at most ``max_members`` members are looked at;
* at most ``max_layers`` archive layers are opened (``a.zip!b.zip!c.txt`` with the
  default of two); a deeper archive is reported as skipped (``nested_archive``).

Problems become :class:`~piiscan.model.ScanError` records of kind ``archive_limit`` or
``corrupt_archive``; their messages name the archive path and the problem, never content.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import posixpath
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, Protocol

from piiscan.model import ScanError

__all__ = [
    "HEAD_BYTES",
    "ArchiveLimits",
    "Member",
    "MemberSkipped",
    "archive_kind",
    "expand_archive",
]

HEAD_BYTES = 512
"""How many leading bytes :func:`archive_kind` needs to recognise every format."""

_CHUNK = 64 * 1024
_RATIO_MIN_BYTES = 1024 * 1024
"""Ratio checks only apply past this many decompressed bytes (tiny files compress well)."""

_STREAM_KINDS = ("gzip", "bzip2", "xz")
_SUFFIX_KINDS: dict[str, str] = {
    ".gz": "gzip",
    ".tgz": "gzip",
    ".bz2": "bzip2",
    ".tbz": "bzip2",
    ".tbz2": "bzip2",
    ".xz": "xz",
    ".txz": "xz",
    ".zip": "zip",
    ".tar": "tar",
}
_TAR_SHORTHANDS: dict[str, str] = {".tgz": ".tar", ".tbz": ".tar", ".tbz2": ".tar", ".txz": ".tar"}
_STREAM_SUFFIXES: dict[str, str] = {"gzip": ".gz", "bzip2": ".bz2", "xz": ".xz"}


@dataclass(frozen=True, slots=True)
class ArchiveLimits:
    """Bounds for one top-level archive and everything nested in it."""

    max_bytes: int = 200 * 1024 * 1024
    max_member_bytes: int = 20 * 1024 * 1024
    max_members: int = 10_000
    max_ratio: float = 200.0
    max_layers: int = 2


@dataclass(frozen=True, slots=True)
class Member:
    """A leaf member (not itself an archive) and its decompressed bytes."""

    path: str
    data: bytes


@dataclass(frozen=True, slots=True)
class MemberSkipped:
    """A member that was deliberately not expanded (``nested_archive``, ``encrypted`` ...)."""

    path: str
    reason: str


ArchiveItem = Member | MemberSkipped | ScanError


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class _LimitExceeded(Exception):
    """Raised from inside a decompressing read when a bound is crossed."""

    def __init__(self, message: str, *, budget: bool) -> None:
        super().__init__(message)
        self.message = message
        self.budget = budget


@dataclass(slots=True)
class _State:
    limits: ArchiveLimits
    used: int = 0
    members: int = 0
    budget_reported: bool = False
    members_exhausted: bool = False

    @property
    def remaining(self) -> int:
        return max(0, self.limits.max_bytes - self.used)


class _Counter:
    """A read-only file object that counts what a decompressor produces.

    Raises :class:`_LimitExceeded` as soon as the archive budget or the compression
    ratio is exceeded, so a bomb is stopped after at most one chunk too many.
    """

    def __init__(self, raw: _Readable, state: _State, path: str, compressed_size: int) -> None:
        self._raw = raw
        self._state = state
        self._path = path
        self._compressed = max(compressed_size, 1)
        self.produced = 0

    def read(self, size: int = -1, /) -> bytes:
        if size < 0:
            parts = []
            while chunk := self.read(_CHUNK):
                parts.append(chunk)
            return b"".join(parts)
        data = self._raw.read(size)
        self.produced += len(data)
        self._state.used += len(data)
        limits = self._state.limits
        if self._state.used > limits.max_bytes:
            raise _LimitExceeded(
                f"{self._path}: decompressed size exceeds the archive budget of {limits.max_bytes} bytes",
                budget=True,
            )
        if self.produced > _RATIO_MIN_BYTES and self.produced > limits.max_ratio * self._compressed:
            raise _LimitExceeded(
                _ratio_message(self._path, self.produced, self._compressed, limits), budget=False
            )
        return data


def archive_kind(name: str, head: bytes) -> str | None:
    """The archive format of a file: ``gzip``, ``bzip2``, ``xz``, ``zip``, ``tar`` or ``None``.

    Recognised by magic bytes in ``head`` (the first :data:`HEAD_BYTES` bytes or more),
    so ``.docx``/``.jar`` files are zips, or else by the file name's suffix.
    """
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"\xfd7zXZ\x00"):
        return "xz"
    if head.startswith(b"BZh") and head[4:10] in (b"1AY&SY", b"\x17rE8P\x90"):
        return "bzip2"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return "zip"
    if head[257:262] == b"ustar":
        return "tar"
    _, suffix = posixpath.splitext(name.lower())
    return _SUFFIX_KINDS.get(suffix)


def expand_archive(path: str, data: bytes, kind: str, limits: ArchiveLimits) -> Iterator[ArchiveItem]:
    """Expand the archive ``data`` (of format ``kind``) found at display path ``path``.

    Yields leaf :class:`Member` objects (to be decoded by the caller), :class:`MemberSkipped`
    for members not expanded, and :class:`ScanError` for limits and corruption. Never raises.
    """
    state = _State(limits)
    name = posixpath.basename(path.rsplit("!", 1)[-1]) or path
    try:
        yield from _expand_bytes(path, name, data, kind, 1, state)
    except Exception as exc:
        yield _corrupt(path, kind, exc)


def _expand_bytes(
    path: str, name: str, data: bytes, kind: str, layer: int, state: _State
) -> Iterator[ArchiveItem]:
    if kind == "zip":
        yield from _expand_zip(path, data, layer, state)
    elif kind == "tar":
        yield from _expand_tar(path, io.BytesIO(data), layer, state)
    elif kind in _STREAM_KINDS:
        yield from _expand_stream(path, name, data, kind, layer, state)
    else:
        yield ScanError(path, "corrupt_archive", f"{path}: unsupported archive format {kind!r}")


def _leaf(path: str, name: str, data: bytes, layer: int, state: _State) -> Iterator[ArchiveItem]:
    """A member's bytes: an archive to open (one layer deeper) or a leaf for the caller."""
    kind = archive_kind(name, data[:HEAD_BYTES])
    if kind is None:
        yield Member(path, data)
    elif layer >= state.limits.max_layers:
        yield MemberSkipped(path, "nested_archive")
    else:
        yield from _expand_bytes(path, name, data, kind, layer + 1, state)


def _inner_name(name: str, kind: str) -> str:
    """``app.log.gz`` → ``app.log``; ``src.tgz`` → ``src.tar``; otherwise the name itself."""
    stem, suffix = posixpath.splitext(name)
    lowered = suffix.lower()
    if lowered in _TAR_SHORTHANDS and _SUFFIX_KINDS[lowered] == kind:
        return stem + _TAR_SHORTHANDS[lowered]
    if lowered == _STREAM_SUFFIXES[kind] and stem:
        return stem
    return name


def _open_stream(kind: str, fileobj: BinaryIO) -> _Readable:
    if kind == "gzip":
        return gzip.GzipFile(fileobj=fileobj, mode="rb")
    if kind == "bzip2":
        return bz2.BZ2File(fileobj, mode="rb")
    return lzma.LZMAFile(fileobj, mode="rb")


def _expand_stream(
    path: str, name: str, data: bytes, kind: str, layer: int, state: _State
) -> Iterator[ArchiveItem]:
    """A gzip/bzip2/xz file: one compressed stream holding one file (maybe a tar)."""
    inner_name = _inner_name(name, kind)
    inner_path = f"{path}!{inner_name}"
    counter = _Counter(_open_stream(kind, io.BytesIO(data)), state, inner_path, len(data))
    if posixpath.splitext(inner_name.lower())[1] == ".tar":
        # A compressed tarball is streamed into the tar reader, never held in memory whole.
        if layer >= state.limits.max_layers:
            yield MemberSkipped(inner_path, "nested_archive")
        else:
            yield from _expand_tar(inner_path, counter, layer + 1, state)
        return
    try:
        inner = _read_member(counter, inner_path, state)
    except _LimitExceeded as exc:
        yield from _limit_error(inner_path, exc, state)
        return
    except _ARCHIVE_ERRORS as exc:
        yield _corrupt(inner_path, kind, exc)
        return
    yield from _leaf(inner_path, inner_name, inner, layer, state)


def _read_member(stream: _Readable, path: str, state: _State) -> bytes:
    """Read a whole member, refusing to go past the per-member limit or the budget."""
    limit = state.limits.max_member_bytes
    parts: list[bytes] = []
    size = 0
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise _LimitExceeded(
                f"{path}: decompressed size exceeds the per-file limit of {limit} bytes", budget=False
            )
        parts.append(chunk)
    return b"".join(parts)


def _expand_zip(path: str, data: bytes, layer: int, state: _State) -> Iterator[ArchiveItem]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except _ARCHIVE_ERRORS as exc:
        yield _corrupt(path, "zip", exc)
        return
    with archive:
        for info in infos:
            if not info.filename or info.filename.endswith("/"):
                continue
            if not _take_member(state):
                yield from _members_error(path, state)
                return
            member_path = f"{path}!{info.filename}"
            if info.flag_bits & 0x1:
                yield MemberSkipped(member_path, "encrypted")
                continue
            problem = _declared_problem(member_path, info, state)
            if problem is not None:
                yield ScanError(member_path, "archive_limit", problem)
                continue
            try:
                with archive.open(info) as raw:
                    content = _read_member(
                        _Counter(raw, state, member_path, info.compress_size), member_path, state
                    )
            except _LimitExceeded as exc:
                yield from _limit_error(member_path, exc, state)
                if exc.budget:
                    return
                continue
            except _ARCHIVE_ERRORS as exc:
                yield _corrupt(member_path, "zip", exc)
                continue
            name = posixpath.basename(info.filename.rstrip("/"))
            yield from _leaf(member_path, name, content, layer, state)
            if state.members_exhausted or (state.budget_reported and state.remaining == 0):
                return


def _declared_problem(member_path: str, info: zipfile.ZipInfo, state: _State) -> str | None:
    """Reject a zip member from its header alone, before decompressing anything."""
    limits = state.limits
    declared = info.file_size
    if declared > limits.max_member_bytes:
        return (
            f"{member_path}: decompressed size exceeds the per-file limit of {limits.max_member_bytes} bytes "
            f"({declared} bytes declared)"
        )
    if declared > state.remaining:
        return (
            f"{member_path}: decompressed size exceeds the archive budget of {limits.max_bytes} bytes "
            f"({declared} bytes declared, {state.remaining} left)"
        )
    if declared > _RATIO_MIN_BYTES and declared > limits.max_ratio * max(info.compress_size, 1):
        return _ratio_message(member_path, declared, max(info.compress_size, 1), limits)
    return None


def _expand_tar(path: str, fileobj: _Readable, layer: int, state: _State) -> Iterator[ArchiveItem]:
    """A tar read strictly front to back (works on a decompressing stream)."""
    try:
        archive = tarfile.open(fileobj=fileobj, mode="r|")  # type: ignore[call-overload]  # noqa: SIM115
    except _LimitExceeded as exc:
        yield from _limit_error(path, exc, state)
        return
    except _ARCHIVE_ERRORS as exc:
        yield _corrupt(path, "tar", exc)
        return
    limit = state.limits.max_member_bytes
    with archive:
        while True:
            try:
                info = archive.next()
                if info is None:
                    return
                if not info.isreg():
                    continue
                if not _take_member(state):
                    yield from _members_error(path, state)
                    return
                member_path = f"{path}!{info.name}"
                if info.issparse():
                    yield MemberSkipped(member_path, "sparse_file")
                    continue
                if info.size > limit:
                    yield ScanError(
                        member_path,
                        "archive_limit",
                        f"{member_path}: decompressed size exceeds the per-file limit of {limit} bytes "
                        f"({info.size} bytes declared)",
                    )
                    continue
                extracted = archive.extractfile(info)
                content = extracted.read() if extracted is not None else b""
            except _LimitExceeded as exc:
                yield from _limit_error(path, exc, state)
                return
            except _ARCHIVE_ERRORS as exc:
                yield _corrupt(path, "tar", exc)
                return
            yield from _leaf(member_path, posixpath.basename(info.name), content, layer, state)
            if state.members_exhausted:
                return


def _take_member(state: _State) -> bool:
    if state.members >= state.limits.max_members:
        return False
    state.members += 1
    return True


def _members_error(path: str, state: _State) -> Iterator[ScanError]:
    if not state.members_exhausted:
        state.members_exhausted = True
        yield ScanError(
            path,
            "archive_limit",
            f"{path}: more than {state.limits.max_members} archive members; the rest were not scanned",
        )


def _limit_error(path: str, exc: _LimitExceeded, state: _State) -> Iterator[ScanError]:
    """Report a crossed limit once (a budget overrun surfaces at every enclosing layer)."""
    if exc.budget:
        if state.budget_reported:
            return
        state.budget_reported = True
    yield ScanError(path, "archive_limit", exc.message)


def _ratio_message(path: str, produced: int, compressed: int, limits: ArchiveLimits) -> str:
    return (
        f"{path}: compression ratio over {produced // compressed}:1 exceeds the limit of "
        f"{limits.max_ratio:g}:1 (suspected decompression bomb)"
    )


_ARCHIVE_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    EOFError,
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    tarfile.TarError,
    RuntimeError,
    NotImplementedError,
    ValueError,
    KeyError,
    IndexError,
    OverflowError,
    MemoryError,
    struct.error,
)
"""What corrupt or hostile archives make the standard library raise."""

_SAFE_MESSAGES: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    tarfile.TarError,
    EOFError,
    NotImplementedError,
)
"""Exceptions whose text describes the structure problem only (never data)."""


def _corrupt(path: str, kind: str, exc: BaseException) -> ScanError:
    if isinstance(exc, gzip.BadGzipFile):
        detail = "invalid gzip data"  # its own message quotes leading bytes
    elif isinstance(exc, OSError) and exc.strerror:
        detail = exc.strerror
    elif isinstance(exc, (*_SAFE_MESSAGES, OSError)) and str(exc):
        detail = str(exc)[:200]
    else:
        detail = type(exc).__name__
    return ScanError(path, "corrupt_archive", f"{path}: damaged or unreadable {kind} data ({detail})")
