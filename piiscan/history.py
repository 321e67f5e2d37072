"""``piiscan scan --git [RANGE]``: the blobs each commit introduced, each blob scanned once.

For auditing a repository before it is published: a value deleted long ago is still in the
history. Every finding carries the commit that introduced it: a finding (entity, path, value: its
fingerprint) already present in an earlier blob is not reported again when a later commit edits the
file around it.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable, Iterator

from piiscan import __version__
from piiscan.model import Finding, Report, ScanError, Summary
from piiscan.scanner import TextScanner
from piiscan.sources.decode import blob_text
from piiscan.sources.git import HistoryBlob, history_blobs, read_blobs, repo_root

BATCH = 500  # blobs read per git cat-file call
MAX_SIZE = 20_000_000


def scan_history(path: str, rev_range: str | None, scanner: TextScanner) -> Report:
    """Scan the history of the repository at ``path``; raises GitError for a bad repository or range."""
    from piiscan.sources.git import GitError

    began = time.perf_counter()
    root = repo_root(path)
    if root is None:
        raise GitError(f"{path}: not inside a git repository")
    summary = Summary()
    findings: list[Finding] = []
    errors: list[ScanError] = []
    introduced: set[str] = set()  # fingerprints found in earlier blobs (history is oldest first)
    for batch in _batches(history_blobs(root, rev_range), BATCH):
        contents = read_blobs(root, [b.blob for b in batch], MAX_SIZE)
        for blob in batch:
            found = _scan_blob(blob, contents.get(blob.blob), scanner, summary)
            findings.extend(f for f in found if f.fingerprint not in introduced)
            introduced.update(f.fingerprint for f in found)
    findings.sort(key=lambda f: (f.path, f.commit or "", f.line, f.column))
    summary.count_findings(findings)
    summary.duration_seconds = time.perf_counter() - began
    return Report(findings, errors, summary, scanner.rules(), __version__)


def _scan_blob(blob: HistoryBlob, data: bytes | str | None, scanner: TextScanner, summary: Summary) -> list[Finding]:
    text, reason = blob_text(data)
    if text is None:
        summary.skip(reason)
        return []
    summary.files_scanned += 1
    summary.bytes_scanned += len(data) if isinstance(data, bytes) else 0
    found = scanner.scan_text(text, blob.path)
    return [dataclasses.replace(f, commit=blob.commit) for f in found]


def _batches(items: Iterable[HistoryBlob], size: int) -> Iterator[list[HistoryBlob]]:
    batch: list[HistoryBlob] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
