"""Scanning files and repositories: sources -> engine -> findings, in parallel when it pays."""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace

from piiscan import __version__
from piiscan.engine import DEFAULT_MIN_SCORE
from piiscan.model import Finding, Match, Report, RuleInfo, ScanError, Summary
from piiscan.ner.base import NER_RECOGNIZERS, NerStats
from piiscan.ner.tier import NerTier, build_tier, merge
from piiscan.recognizers import RecognizerSpec
from piiscan.scan_tables import (
    TableProgress,
    TableResult,
    TableScanner,
    group_table_files,
    missing_extra_errors,
    table_file_kind,
    table_target_kind,
    tables_available,
)
from piiscan.scanner import TextScanner
from piiscan.sources.files import Document, FileRef, Skipped, WalkOptions, read_documents, walk
from piiscan.sources.tables import TableOptions

_PARALLEL_MIN_FILES = 24
_CHUNK = 8


@dataclass(frozen=True, slots=True)
class ScanConfig:
    """Everything that shapes one scan; passed explicitly (no global settings)."""

    min_score: float = DEFAULT_MIN_SCORE
    entities: tuple[str, ...] = ()
    show_values: bool = False
    include_placeholders: bool = False
    jobs: int = 0  # 0: one per core
    walk: WalkOptions = field(default_factory=WalkOptions)
    taxonomy_overrides: dict[str, dict[str, str]] = field(default_factory=dict)
    tables: TableOptions = field(default_factory=TableOptions)
    column_min_score: float = 0.6  # spec 1.3: the warehouse default
    ner: bool = False  # the NER tier (PERSON / LOCATION in prose and free-text columns); needs piiscan[ner]


@dataclass(slots=True)
class FileResult:
    """What scanning one file (or archive) produced."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    documents: int = 0
    bytes: int = 0
    tables: list[tuple[str, str]] = field(default_factory=list)  # (path, kind) of table files met
    ner: NerStats = field(default_factory=NerStats)  # prose sent to the NER models


class Scanner(TextScanner):
    """Scans files and documents with one engine; one instance per process."""

    def __init__(self, config: ScanConfig, specs: Sequence[RecognizerSpec] | None = None) -> None:
        super().__init__(
            specs, min_score=config.min_score, entities=config.entities,
            include_placeholders=config.include_placeholders, show_values=config.show_values,
            taxonomy_overrides=config.taxonomy_overrides,
        )
        self.config = config
        #: the NER tier, built (models loaded) before any worker forks; ``NerUnavailable`` without the extra
        self.ner: NerTier | None = build_tier(config.min_score, config.entities) if config.ner else None

    def matches(self, text: str, path: str) -> list[Match]:
        """The regex tier's matches, plus PERSON / LOCATION in the prose when the NER tier is on."""
        found = super().matches(text, path)
        if self.ner is None:
            return found
        return merge(found, self.ner.scan_text(text, path))

    def rules(self) -> dict[str, RuleInfo]:
        """Rule metadata for writers; the NER tier's recognizers when it is on."""
        out = super().rules()
        if self.ner is not None:
            for rec in NER_RECOGNIZERS:
                if self.ner.wants(rec.entity):
                    category, level = self.taxonomy.classify(rec.id)
                    out[rec.id] = RuleInfo(rec.id, rec.entity, category, level, rec.description)
        return out

    def scan_document(self, doc: Document) -> list[Finding]:
        """Findings in one decoded document, less those a ``piiscan:ignore`` marker suppresses."""
        return self.scan_text(doc.text, doc.path)

    def scan_file(self, ref: FileRef) -> FileResult:
        """Read, decode and scan one file (archives expand to several documents).

        A Parquet, SQLite or DuckDB file is not read as text: it is handed back to be scanned
        as tables.
        """
        result = FileResult()
        before = replace(self.ner.stats) if self.ner is not None else None
        try:
            return self._scan_file(ref, result)
        finally:
            if self.ner is not None and before is not None:
                result.ner = self.ner.stats.since(before)

    def _scan_file(self, ref: FileRef, result: FileResult) -> FileResult:
        kind = table_file_kind(ref.fs_path)
        if kind is not None:
            result.tables.append((ref.path, kind))
            return result
        for item in read_documents(ref, self.config.walk):
            if isinstance(item, Document):
                result.documents += 1
                result.bytes += item.size
                try:
                    result.findings.extend(self.scan_document(item))
                except Exception as exc:
                    result.errors.append(ScanError(item.path, "internal", f"scan failed: {type(exc).__name__}"))
            elif isinstance(item, Skipped):
                result.skipped.append(item.reason)
            else:
                result.errors.append(item)
        return result

_worker: Scanner | None = None


def _init_worker(config: ScanConfig, specs: list[RecognizerSpec]) -> None:
    global _worker
    _worker = Scanner(config, specs)


def _scan_in_worker(ref: FileRef) -> FileResult:
    assert _worker is not None
    return _worker.scan_file(ref)


def _results(
    scanner: Scanner, refs: list[FileRef], jobs: int
) -> Iterator[FileResult]:
    # The scanner (recognizers, tables, models) lives as long as the scan: frozen, it is left out
    # of the garbage collections that the engine's many short-lived tuples set off (~6 % of scan
    # time), and forked workers share its pages instead of copying them.
    ours = gc.get_freeze_count() == 0  # a caller that froze its own heap keeps it frozen
    gc.freeze()
    try:
        yield from _scan_files(scanner, refs, jobs)
    finally:
        if ours:
            gc.unfreeze()


def _scan_files(scanner: Scanner, refs: list[FileRef], jobs: int) -> Iterator[FileResult]:
    if jobs <= 1 or len(refs) < _PARALLEL_MIN_FILES:
        for ref in refs:
            yield scanner.scan_file(ref)
        return
    global _worker
    if hasattr(os, "fork"):
        # forked workers inherit this process's scanner: no per-worker start-up
        _worker = scanner
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
    else:
        pool = ProcessPoolExecutor(
            max_workers=jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker,
            initargs=(scanner.config, scanner.specs),
        )
    with pool:
        yield from pool.map(_scan_in_worker, refs, chunksize=_CHUNK)


ProgressHook = Callable[[int, int], None]


def run_scan(
    targets: Sequence[str],
    config: ScanConfig,
    *,
    progress: ProgressHook | None = None,
    scanner: Scanner | None = None,
    table_progress: TableProgress | None = None,
) -> Report:
    """Scan files, directories, Parquet datasets and databases; never raises for bad input."""
    began = time.perf_counter()
    scanner = scanner or Scanner(config)
    summary = Summary(ner=NerStats() if scanner.ner is not None else None)
    errors: list[ScanError] = []
    table_targets: list[tuple[str, str]] = []
    file_targets: list[str] = []
    for target in targets:
        kind = table_target_kind(target)
        if kind is None:
            file_targets.append(target)
        else:
            table_targets.append((target, kind))
    refs: list[FileRef] = []
    for item in walk(file_targets, config.walk) if file_targets else ():
        if isinstance(item, FileRef):
            refs.append(item)
        else:
            errors.append(item)
    jobs = config.jobs or os.cpu_count() or 1
    findings: list[Finding] = []
    met: list[tuple[str, str]] = []
    for done, result in enumerate(_results(scanner, refs, jobs), start=1):
        _merge(result, summary, findings, errors)
        met.extend(result.tables)
        if progress is not None:
            progress(done, len(refs))
    table_targets.extend(group_table_files(met))
    before = replace(scanner.ner.stats) if scanner.ner is not None else None
    tables = _scan_tables(scanner, table_targets, table_progress)
    if summary.ner is not None and scanner.ner is not None and before is not None:  # column values it read
        summary.ner.add(scanner.ner.stats.since(before))
    errors.extend(tables.errors)
    findings.sort(key=lambda f: (f.path, f.start, f.entity))
    summary.count_findings([*findings, *tables.columns])
    summary.tables_scanned = tables.tables
    summary.columns_scanned = tables.fields
    summary.values_scanned = tables.values
    summary.errors = len(errors)
    summary.duration_seconds = time.perf_counter() - began
    return Report(findings, errors, summary, scanner.rules(), __version__, columns=tables.columns)



def _scan_tables(
    scanner: Scanner, targets: list[tuple[str, str]], progress: TableProgress | None
) -> TableResult:
    if not targets:
        return TableResult()
    if not tables_available():
        return TableResult(errors=missing_extra_errors(t for t, _ in targets))
    config = scanner.config
    tables = TableScanner(
        scanner.specs, scanner.taxonomy, config.tables, entities=config.entities or None,
        min_score=max(config.column_min_score, config.min_score), ner=scanner.ner,
    )
    return tables.scan(targets, progress)


def _merge(result: FileResult, summary: Summary, findings: list[Finding], errors: list[ScanError]) -> None:
    if summary.ner is not None:
        summary.ner.add(result.ner)
    summary.files_scanned += result.documents
    summary.bytes_scanned += result.bytes
    for reason in result.skipped:
        summary.skip(reason)
    findings.extend(result.findings)
    errors.extend(result.errors)


#: error kinds that mean the input named in the error was not scanned at all
_FATAL = frozenset({
    "not_found", "unreadable", "permission", "not_regular", "too_large", "unreachable", "missing_driver",
    "invalid_url", "missing_dependency", "corrupt", "not_parquet",
})


def unscannable_targets(targets: Iterable[str], errors: Iterable[ScanError]) -> list[str]:
    """Targets that could not be scanned at all (exit status 2)."""
    from piiscan.sources.sql import redact_url

    failed = {e.path for e in errors if e.kind in _FATAL}
    return [t for t in targets if t in failed or redact_url(t) in failed]
