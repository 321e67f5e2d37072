"""Baselines: the fingerprints of accepted findings, in a file that never churns.

``.piiscan-baseline.json`` lists one entry per accepted finding: its ``fingerprint`` (contract:
entity + path + normalised value, no line number), ``entity``, ``path``, the masked ``preview``
and the ``audit`` decision (``unreviewed``, ``true_positive`` or ``false_positive``). Scans and the
hook subtract it: a finding whose fingerprint is in the baseline is not reported.

What detect-secrets gets wrong and this file does not:

* No line numbers, no timestamps, no tool version: moving code, re-running or upgrading piiscan
  leaves the file byte-identical (an entry still found keeps its stored preview and audit).
* Entries are sorted by (path, entity, fingerprint), one entry per line, keys sorted: two branches
  that accept findings in different files touch different lines and merge cleanly; a duplicate
  entry left by a merge is folded on the next load.
* No raw values: only the hash and the masked preview. (The fingerprint is an unsalted hash of a
  low-entropy identifier, so treat the file as pseudonymous, not anonymous.)

Paths are part of the fingerprint, so **renaming or moving a file changes the fingerprints of its
findings**: they come back as new findings, and ``piiscan baseline update`` records them again (the
entries of the old path are dropped, and their audit decisions with them). Paths must also be given
the same way on every run (relative to the repository root, no ``./`` prefix) for fingerprints to match.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Literal, TypeVar, cast, get_args

from piiscan.model import ColumnFinding, Finding

DEFAULT_BASELINE = ".piiscan-baseline.json"
FORMAT_VERSION = 1

Audit = Literal["unreviewed", "true_positive", "false_positive"]
AUDITS: tuple[Audit, ...] = get_args(Audit)

#: stronger decisions win when a merge leaves the same entry twice
_AUDIT_RANK: dict[str, int] = {"unreviewed": 0, "false_positive": 1, "true_positive": 2}

F = TypeVar("F", bound=Finding | ColumnFinding)


class BaselineError(Exception):
    """A baseline file that cannot be read or understood; the message names the file."""


@dataclass(frozen=True, slots=True, order=True)
class BaselineEntry:
    """One accepted finding. Field order is the sort order: (path, entity, fingerprint)."""

    path: str
    entity: str
    fingerprint: str
    preview: str = ""
    audit: Audit = "unreviewed"

    def to_record(self) -> dict[str, str]:
        """The entry as written in the file."""
        return {
            "audit": self.audit,
            "entity": self.entity,
            "fingerprint": self.fingerprint,
            "path": self.path,
            "preview": self.preview,
        }


def finding_path(finding: Finding | ColumnFinding) -> str:
    """The location a fingerprint covers: the file path, or ``source#table.field`` for a column."""
    return finding.path if isinstance(finding, Finding) else finding.location


def entry_for(finding: Finding | ColumnFinding) -> BaselineEntry:
    """A new, unreviewed entry for ``finding`` (only its fingerprint and masked preview are kept)."""
    return BaselineEntry(finding_path(finding), finding.entity, finding.fingerprint, finding.preview)


class Baseline:
    """An immutable set of baseline entries, keyed by fingerprint."""

    __slots__ = ("_entries",)

    def __init__(self, entries: Iterable[BaselineEntry] = ()) -> None:
        merged: dict[str, BaselineEntry] = {}
        for entry in entries:
            merged[entry.fingerprint] = _merge(merged.get(entry.fingerprint), entry)
        self._entries: Mapping[str, BaselineEntry] = merged

    # ------------------------------------------------------------------ construction

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Baseline:
        """Read a baseline file; a missing file is an empty baseline.

        Raises :class:`BaselineError` (naming the file) when it is unreadable or malformed.
        """
        name = os.fspath(path)
        try:
            with open(name, "rb") as handle:
                raw = handle.read()
        except FileNotFoundError:
            return cls()
        except OSError as exc:
            raise BaselineError(f"{name}: cannot read baseline: {exc.strerror or exc}") from None
        return cls.loads(raw, name)

    @classmethod
    def loads(cls, data: bytes | str, name: str = DEFAULT_BASELINE) -> Baseline:
        """Parse a baseline from its text; ``name`` is used in error messages."""
        try:
            text = data.decode("utf-8") if isinstance(data, bytes) else data
            document = json.loads(text)
        except UnicodeDecodeError:
            raise BaselineError(f"{name}: not a baseline: the file is not UTF-8 text") from None
        except json.JSONDecodeError as exc:
            hint = " (unresolved merge conflict?)" if "\n<<<<<<< " in f"\n{text}" else ""
            raise BaselineError(
                f"{name}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}{hint}"
            ) from None
        return cls(_parse_document(document, name))

    @classmethod
    def from_findings(cls, findings: Iterable[Finding | ColumnFinding]) -> Baseline:
        """A baseline accepting every finding given, all unreviewed."""
        return cls(entry_for(f) for f in findings)

    # ------------------------------------------------------------------ queries

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[BaselineEntry]:
        return iter(self.entries)

    def __contains__(self, fingerprint: object) -> bool:
        return fingerprint in self._entries

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Baseline) and dict(self._entries) == dict(other._entries)

    def __hash__(self) -> int:
        return hash(self.entries)

    def __repr__(self) -> str:
        return f"Baseline({len(self)} entries)"

    @property
    def entries(self) -> tuple[BaselineEntry, ...]:
        """All entries, sorted by (path, entity, fingerprint)."""
        return tuple(sorted(self._entries.values()))

    def get(self, fingerprint: str) -> BaselineEntry | None:
        """The entry with this fingerprint, if any."""
        return self._entries.get(fingerprint)

    def unreviewed(self) -> list[BaselineEntry]:
        """Entries without an audit decision, in file order."""
        return [e for e in self.entries if e.audit == "unreviewed"]

    def subtract(self, findings: Iterable[F]) -> tuple[list[F], int]:
        """The findings not in the baseline (in their order), and how many were suppressed.

        Works for text findings and column findings (whose fingerprint covers ``source#table.field``).
        """
        kept = []
        suppressed = 0
        for finding in findings:
            if finding.fingerprint in self._entries:
                suppressed += 1
            else:
                kept.append(finding)
        return kept, suppressed

    # ------------------------------------------------------------------ changes (new baselines)

    def update(
        self, findings: Iterable[Finding | ColumnFinding], *, scanned_paths: set[str] | None = None
    ) -> Baseline:
        """The baseline after a new scan: every current finding accepted.

        * an entry still found keeps its audit decision and its stored preview;
        * a new finding becomes an unreviewed entry;
        * an entry that was not found again is dropped when its path was scanned, kept otherwise.

        ``scanned_paths`` names what the scan covered: files, directories (their whole subtree),
        archives (their members, ``a.zip!…``) or table sources (their columns, ``db#…``). ``None``
        means the whole repository was scanned, so every entry not found again is dropped.
        """
        current = Baseline.from_findings(findings)
        entries = [self._entries.get(e.fingerprint) or e for e in current._entries.values()]
        entries.extend(
            e for fp, e in self._entries.items()
            if fp not in current and scanned_paths is not None and not _covered(e.path, scanned_paths)
        )
        return Baseline(entries)

    def mark(self, fingerprint: str, audit: Audit) -> Baseline:
        """A baseline with the entry ``fingerprint`` given this audit decision.

        Raises ``KeyError`` for an unknown fingerprint and ``ValueError`` for an unknown decision.
        """
        if audit not in AUDITS:
            raise ValueError(f"unknown audit decision {audit!r} (expected one of: {', '.join(AUDITS)})")
        entry = self._entries[fingerprint]
        return Baseline([*(e for fp, e in self._entries.items() if fp != fingerprint), replace(entry, audit=audit)])

    # ------------------------------------------------------------------ writing

    def dumps(self) -> str:
        """The file text: stable JSON, keys sorted, one entry per line, trailing newline."""
        if not self._entries:
            return f'{{\n  "entries": [],\n  "version": {FORMAT_VERSION}\n}}\n'
        lines = ",\n".join(
            "    " + _json_line(e.to_record()) for e in self.entries
        )
        return f'{{\n  "entries": [\n{lines}\n  ],\n  "version": {FORMAT_VERSION}\n}}\n'

    def save(self, path: str | os.PathLike[str]) -> bool:
        """Write the baseline atomically; returns ``False`` (and leaves the file alone) when unchanged.

        Raises :class:`BaselineError` naming the file when it cannot be written.
        """
        name = os.fspath(path)
        data = self.dumps().encode("utf-8")
        with contextlib.suppress(OSError), open(name, "rb") as handle:
            if handle.read() == data:
                return False
        try:
            _atomic_write(name, data)
        except OSError as exc:
            raise BaselineError(f"{name}: cannot write baseline: {exc.strerror or exc}") from None
        return True


# ---------------------------------------------------------------------- helpers


def _merge(old: BaselineEntry | None, new: BaselineEntry) -> BaselineEntry:
    """Fold two entries with one fingerprint: the stronger decision wins, then the smaller entry.

    A total order, so the result does not depend on the order entries come in.
    """
    if old is None:
        return new
    return min(old, new, key=lambda e: (-_AUDIT_RANK[e.audit], e))


def _json_line(record: dict[str, str]) -> str:
    """One entry as one line of JSON; non-ASCII stays readable unless it cannot be UTF-8 (surrogates)."""
    line = json.dumps(record, sort_keys=True, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(record, sort_keys=True)
    return line


def _covered(path: str, scanned: set[str]) -> bool:
    """Whether ``path`` (a file, an archive member or a column) lies in one of the scanned paths."""
    if path in scanned:
        return True
    for target in scanned:
        base = target.rstrip("/" + os.sep)
        if base in ("", "."):
            return True
        if any(path.startswith(base + sep) for sep in ("/", os.sep, "!", "#")):
            return True
    return False


def _parse_document(document: object, name: str) -> Iterator[BaselineEntry]:
    if not isinstance(document, dict):
        raise BaselineError(f"{name}: not a baseline: expected a JSON object with 'version' and 'entries'")
    version = document.get("version")
    if type(version) is not int or version != FORMAT_VERSION:  # not bool: True == 1
        if type(version) is int and version > FORMAT_VERSION:
            raise BaselineError(f"{name}: baseline version {version} is newer than this piiscan understands")
        raise BaselineError(f"{name}: not a baseline: 'version' must be {FORMAT_VERSION}, found {version!r}")
    entries = document.get("entries")
    if not isinstance(entries, list):
        raise BaselineError(f"{name}: not a baseline: 'entries' must be a list")
    return (_parse_entry(item, index, name) for index, item in enumerate(entries))


def _parse_entry(item: object, index: int, name: str) -> BaselineEntry:
    where = f"{name}: entry {index + 1}"
    if not isinstance(item, dict):
        raise BaselineError(f"{where}: expected an object")
    values: dict[str, str] = {}
    for key, required in (("fingerprint", True), ("entity", True), ("path", True), ("preview", False)):
        value = item.get(key, None if required else "")
        if not isinstance(value, str) or (required and not value):
            raise BaselineError(f"{where}: '{key}' must be a non-empty string" if required else
                                f"{where}: '{key}' must be a string")
        values[key] = value
    audit = item.get("audit", "unreviewed")
    if audit not in AUDITS:
        raise BaselineError(f"{where}: 'audit' must be one of {', '.join(AUDITS)}, found {audit!r}")
    return BaselineEntry(
        values["path"], values["entity"], values["fingerprint"], values["preview"], cast(Audit, audit)
    )


def _atomic_write(name: str, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``name``, then rename it over ``name``."""
    directory = os.path.dirname(os.path.abspath(name))
    temp = os.path.join(directory, f".{os.path.basename(name)}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        mode = os.stat(name).st_mode & 0o7777
    except OSError:
        mode = None
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, name)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
