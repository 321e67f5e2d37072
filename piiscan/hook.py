"""``piiscan hook``: the pre-commit entry point. Scans what is staged, not what is on disk.

Under the pre-commit framework it gets the staged file names as arguments; alone (a plain
``.git/hooks/pre-commit``) it lists the staged files itself. Either way the content comes from
the git index, and by default only the lines the commit adds or changes are reported: a finding
already in a file does not block an unrelated change (``--all-lines`` reports everything).
Inline ``piiscan:ignore`` markers and the baseline (``.piiscan-baseline.json``) are honoured.

It is parsed with :mod:`argparse`, not typer, and imports only what a scan of a few files
needs: the hook must stay fast enough that nobody turns it off.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

    from piiscan.model import Report
    from piiscan.sources.git import StagedFile

FAIL_LEVELS = ("any", "public", "internal", "confidential", "restricted", "never")
FORMATS = ("text", "table", "json", "jsonl", "csv", "sarif")
BASELINE = ".piiscan-baseline.json"
MAX_SIZE = 2_000_000  # bytes of one staged file
HINT = (
    "hint: remove or mask the value; if it is not personal data, add a comment 'piiscan:ignore {entity}' "
    "on the line, or accept it with 'piiscan baseline update'"
)
UNSCANNED = {
    "too_large": f"larger than {MAX_SIZE // 1_000_000} MB",
    "undecodable": "not text in a known encoding",
    "missing": "blob missing from the repository",
    "not_blob": "not a file",
}
"""Skip reasons worth a note on stderr: content that may hold personal data went unchecked."""
HOOK_SCRIPT = """#!/bin/sh
# installed by `piiscan hook --install`: scan staged changes for personal data
exec piiscan hook "$@"
"""


def parser() -> argparse.ArgumentParser:
    """The hook's command line."""
    import argparse

    p = argparse.ArgumentParser(prog="piiscan hook", description=__doc__.split("\n\n")[0])
    p.add_argument("files", nargs="*", help="staged files to scan (default: every staged file)")
    p.add_argument("--all-lines", action="store_true", help="report findings on every line, not just changed ones")
    p.add_argument("--fail-on", default=None, choices=FAIL_LEVELS, help="exit 1 at or above this level [any]")
    p.add_argument("--format", "-f", default="text", choices=FORMATS, help="output format [text]")
    p.add_argument("--baseline", type=Path, default=None, help=f"accepted findings [{BASELINE}]")
    p.add_argument("--min-score", type=float, default=None, help="report findings at or above this score [0.5]")
    p.add_argument("--install", action="store_true", help="write .git/hooks/pre-commit running this hook")
    p.add_argument("--force", action="store_true", help="with --install: replace an existing hook")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the hook; returns the exit status (0 clean, 1 findings, 2 usage or repository error)."""
    args = _quick_args(list(sys.argv[1:] if argv is None else argv)) or parser().parse_args(argv)
    try:
        if args.install:
            return _install(args.force)
        return _run(args)
    except HookError as exc:
        sys.stderr.write(f"piiscan hook: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("piiscan hook: interrupted\n")
        return 130
    except Exception as exc:  # never a traceback in someone's commit
        what = type(exc).__name__
        if isinstance(exc, ImportError) and exc.name:  # a broken install: say what is missing
            what += f": {exc.name}"
        sys.stderr.write(f"piiscan hook: internal error ({what}); the commit was not checked\n")
        return 2


_FLAGS = {"--all-lines": "all_lines", "--install": "install", "--force": "force"}
_VALUES = {"--fail-on": "fail_on", "--format": "format", "-f": "format", "--baseline": "baseline",
           "--min-score": "min_score"}


def _quick_args(argv: list[str]) -> SimpleNamespace | None:
    """The common command lines parsed without argparse (importing it is ~6 ms of a cold hook).

    Anything unusual (help, a bad value, ``--opt=value``, ``--``) returns ``None`` and goes to
    argparse, which validates and explains.
    """
    values: dict[str, object] = {
        "files": [], "all_lines": False, "fail_on": None, "format": "text", "baseline": None, "min_score": None,
        "install": False, "force": False,
    }
    files: list[str] = []
    index = 0
    while index < len(argv):
        item = argv[index]
        if item in _FLAGS:
            values[_FLAGS[item]] = True
        elif item in _VALUES and index + 1 < len(argv):
            values[_VALUES[item]] = argv[index + 1]
            index += 1
        elif item.startswith("-"):
            return None
        else:
            files.append(item)
        index += 1
    try:
        if values["fail_on"] is not None and values["fail_on"] not in FAIL_LEVELS:
            return None
        if values["format"] not in FORMATS:
            return None
        values["min_score"] = None if values["min_score"] is None else float(str(values["min_score"]))
    except ValueError:
        return None
    values["baseline"] = None if values["baseline"] is None else Path(str(values["baseline"]))
    values["files"] = files
    return SimpleNamespace(**values)


class HookError(Exception):
    """A problem that stops the hook (not a git repository, a bad baseline ...)."""


def _install(force: bool) -> int:
    from piiscan.sources.git import GitError, git_path

    try:
        hooks = Path(git_path(".", "hooks"))
    except GitError as exc:
        raise HookError(str(exc)) from None
    target = hooks / "pre-commit"
    if target.exists() and not force:
        raise HookError(f"{target} exists; use --force to replace it (or add 'piiscan hook' to it yourself)")
    hooks.mkdir(parents=True, exist_ok=True)
    target.write_text(HOOK_SCRIPT, encoding="utf-8")
    target.chmod(target.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    sys.stdout.write(f"piiscan: installed {target}\n")
    return 0


def _run(args: Any) -> int:
    from piiscan.sources.git import GitError, read_blobs, repo_root, staged_changes

    try:
        root = repo_root(".")
        if root is None:
            raise HookError("not inside a git repository")
        staged = staged_changes(root, [_relative(root, f) for f in args.files] or None)
        blobs = read_blobs(root, [s.blob for s in staged if not s.skip_reason], MAX_SIZE)
    except GitError as exc:
        raise HookError(str(exc)) from None
    unscanned: list[tuple[str, str]] = []
    report = _scan(root, staged, blobs, args, unscanned)
    status = _status(report, args.fail_on or "any")
    try:
        _write(report, args.format)
        sys.stdout.flush()
    except BrokenPipeError:  # `piiscan hook | head`: the verdict still stands
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    for path, reason in unscanned:
        sys.stderr.write(f"piiscan hook: {path}: not scanned ({UNSCANNED.get(reason, reason)})\n")
    return status


def _status(report: Report, level: str) -> int:
    """1 when a finding is at or above ``level`` (``any``, a sensitivity, or ``never``), else 0."""
    if level == "never":
        return 0
    from piiscan.model import Sensitivity

    threshold = Sensitivity.PUBLIC if level == "any" else Sensitivity.parse(level)
    return int(any(f.sensitivity >= threshold and not f.placeholder for f in report.findings))


def _relative(root: str, name: str) -> str:
    """pre-commit passes paths relative to the repository root (the hook runs there)."""
    path = os.path.relpath(os.path.abspath(name), root)
    return path.replace(os.sep, "/")


def _scan(
    root: str,
    staged: Sequence[StagedFile],
    blobs: dict[str, bytes | str],
    args: Any,
    unscanned: list[tuple[str, str]] | None = None,
) -> Report:
    import time

    from piiscan import __version__
    from piiscan.model import Finding, Report, ScanError, Summary
    from piiscan.scanner import TextScanner
    from piiscan.sources.decode import blob_text
    from piiscan.sources.git import is_added

    began = time.perf_counter()
    scanner = TextScanner(min_score=args.min_score if args.min_score is not None else 0.5)
    summary = Summary()
    findings: list[Finding] = []
    errors: list[ScanError] = []
    for item in staged:
        if item.skip_reason:
            summary.skip(item.skip_reason)
            continue
        path, data = item.path, blobs.get(item.blob)
        text, reason = blob_text(data, "unreadable")
        if text is None:
            summary.skip(reason)
            if unscanned is not None and reason != "binary":  # a binary file is no surprise
                unscanned.append((path, reason))
            continue
        summary.files_scanned += 1
        summary.bytes_scanned += len(data) if isinstance(data, bytes) else 0
        found = scanner.scan_text(text, path)
        if not args.all_lines:
            found = [f for f in found if is_added(item.added_lines, f.line)]
        findings.extend(found)
    accepted = args.baseline or Path(root) / BASELINE
    if findings and (args.baseline is not None or accepted.is_file()):  # no baseline: nothing to import
        from piiscan.baseline import Baseline, BaselineError

        try:
            findings, _count = Baseline.load(accepted).subtract(findings)
        except BaselineError as exc:
            raise HookError(str(exc)) from None
    findings.sort(key=lambda f: (f.path, f.line, f.column))
    summary.count_findings(findings)
    summary.duration_seconds = time.perf_counter() - began
    return Report(findings, errors, summary, scanner.rules(), __version__)


def _write(report: Report, fmt: str) -> None:
    # A file name that is not valid UTF-8 holds surrogate escapes: the text output gives its exact
    # bytes back (as git does with core.quotepath=off); the machine formats are UTF-8 and escape it
    # (JSON gets a valid "\\udcXX" escape) instead of failing on a strict UTF-8 stream.
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        if fmt == "text":
            reconfigure(errors="surrogateescape")
        else:
            reconfigure(encoding="utf-8", errors="backslashreplace")
    if fmt != "text":
        from piiscan.writers import get_writer

        get_writer(fmt).write(report, sys.stdout)
        return
    out = sys.stdout
    for f in report.findings:
        out.write(f"{f.path}:{f.line}:{f.column}  {f.entity}  {f.preview}  ({f.recognizer}, {f.score:.2f})\n")
    if report.findings:
        entities = ",".join(sorted({f.entity for f in report.findings}))
        out.write(HINT.format(entity=entities) + "\n")
