"""A small on-disk cache in the user's cache folder (``$XDG_CACHE_HOME/piiscan``).

Start-up matters for the pre-commit hook: parsed recognizer definitions and python-stdnum's
E.212 operator table are kept as pickles (our own files), keyed so that a changed input is never
served stale. Any cache problem (read-only home, a corrupt file) only costs a rebuild.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_dir() -> Path:
    """The folder piiscan caches in."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "piiscan"


def key_of(*parts: str) -> str:
    """A short stable key for the given parts (versions, paths, sizes, mtimes)."""
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def files_key(*paths: Path, extra: tuple[str, ...] = ()) -> str:
    """A key that changes when any of ``paths`` changes (path, size, modification time) or ``extra`` does."""
    parts = list(extra)
    for path in paths:
        try:
            info = path.stat()
            parts.append(f"{path}|{info.st_size}|{info.st_mtime_ns}")
        except OSError:
            parts.append(f"{path}|missing")
    return key_of(*parts)


def cached(name: str, key: str, build: Callable[[], T], valid: Callable[[object], bool]) -> T:
    """``build()``'s result, from ``<cache>/<name>-<key>.pickle`` when it is there and ``valid``."""
    path = cache_dir() / f"{name}-{key}.pickle"
    try:
        data = pickle.loads(path.read_bytes())  # our own file, written below
        if valid(data):
            return data  # type: ignore[no-any-return]
    except Exception:  # missing, unreadable, or from another version: rebuild
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(path)
    except (OSError, pickle.PicklingError):
        pass
    return value
