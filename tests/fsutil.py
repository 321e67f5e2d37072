"""Shared test helper: build small file trees."""

from __future__ import annotations

from pathlib import Path


def write_file(root: Path, rel: str, content: str | bytes = "x") -> Path:
    """Write ``content`` (text as UTF-8, or bytes) at ``root/rel``, creating folders."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path
