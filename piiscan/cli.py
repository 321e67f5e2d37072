"""The ``piiscan`` command line (contract section 1)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer

from piiscan import __version__

app = typer.Typer(
    name="piiscan",
    help="Find and classify personal data: device, telecom and ad identifiers, contact, ID and card data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
recognizers_app = typer.Typer(help="List or test the recognizer definitions.", no_args_is_help=True)
app.add_typer(recognizers_app, name="recognizers")

FORMATS = ("table", "json", "jsonl", "csv", "sarif")
FAIL_LEVELS = ("any", "public", "internal", "confidential", "restricted", "never")
_SUFFIX_FORMATS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".sarif": "sarif",
                   ".txt": "table"}


def _usage_error(message: str) -> typer.Exit:
    sys.stderr.write(f"piiscan: error: {message}\n")
    return typer.Exit(2)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"piiscan {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """piiscan: personal-data discovery and classification."""


def _choose_format(fmt: str | None, output: Path | None) -> str:
    if fmt is not None:
        if fmt not in FORMATS:
            raise _usage_error(f"unknown --format {fmt!r} (choose from {', '.join(FORMATS)})")
        return fmt
    if output is not None:
        return _SUFFIX_FORMATS.get(output.suffix.lower(), "jsonl")
    return "table" if sys.stdout.isatty() else "jsonl"


def _exit_code(report: object, fail_on: str) -> int:
    from piiscan.model import Report, Sensitivity

    assert isinstance(report, Report)
    if fail_on == "never":
        return 0
    threshold = Sensitivity.PUBLIC if fail_on == "any" else Sensitivity.parse(fail_on)
    return int(
        any(f.sensitivity >= threshold and not f.placeholder for f in report.findings)
        or any(c.sensitivity >= threshold for c in report.columns)
    )


@app.command()
def scan(
    targets: Annotated[
        list[str] | None, typer.Argument(help="Files, directories, datasets, databases (or a --git range).")
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="table | json | jsonl | csv | sarif", show_default=False)
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to FILE.")] = None,
    min_score: Annotated[float | None, typer.Option(help="Report findings at or above this score [0.5].")] = None,
    entities: Annotated[str | None, typer.Option(help="Only these entities, comma-separated.")] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(help="Exit 1 on findings at or above: any|public|internal|confidential|restricted|never"),
    ] = None,
    show_values: Annotated[bool, typer.Option(help="Include raw detected values in the output.")] = False,
    show_placeholders: Annotated[bool, typer.Option(help="Also report placeholder/test values (score 0).")] = False,
    sample: Annotated[
        int | None, typer.Option(help="Values sampled per table column [10000]; 0 scans every row.")
    ] = None,
    table: Annotated[
        list[str] | None, typer.Option("--table", help="Only tables matching this glob (schema.table; repeatable).")
    ] = None,
    exclude_table: Annotated[
        list[str] | None, typer.Option("--exclude-table", help="Skip tables matching this glob (repeatable).")
    ] = None,
    views: Annotated[bool, typer.Option("--views/--no-views", help="Also scan database views.")] = False,
    timeout: Annotated[float, typer.Option(help="Database statement timeout in seconds.")] = 60.0,
    ask_password: Annotated[
        bool, typer.Option("--ask-password", help="Prompt for the password of database URLs that name a user.")
    ] = False,
    engine: Annotated[
        str, typer.Option(help="local, or spark: classify Parquet / spark:db.table targets on Apache Spark.")
    ] = "local",
    spark_master: Annotated[str, typer.Option("--spark-master", help="Spark master URL [local[*]].")] = "local[*]",
    spark_conf: Annotated[
        list[str] | None, typer.Option("--conf", help="Spark configuration key=value (repeatable).")
    ] = None,
    ner: Annotated[
        bool | None,
        typer.Option("--ner/--no-ner", help="NER tier: names and addresses in prose (piiscan[ner]) [config: ner]."),
    ] = None,
    baseline: Annotated[
        Path | None, typer.Option(help="Accepted findings to leave out [.piiscan-baseline.json when present].")
    ] = None,
    git: Annotated[
        bool, typer.Option("--git", help="Scan git history: TARGET is a revision range [all history].")
    ] = False,
    config: Annotated[Path | None, typer.Option(help="Configuration file (.piiscan.toml).")] = None,
    include: Annotated[list[str] | None, typer.Option(help="Only scan paths matching this glob (repeatable).")] = None,
    exclude: Annotated[list[str] | None, typer.Option(help="Skip paths matching this glob (repeatable).")] = None,
    max_file_size: Annotated[int | None, typer.Option(help="Skip files larger than this many bytes [20 MB].")] = None,
    no_gitignore: Annotated[bool, typer.Option("--no-gitignore", help="Do not honour .gitignore files.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Parallel processes (0 = one per core).")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary on stderr.")] = False,
) -> None:
    """Scan files, directories, Parquet datasets and databases for personal data."""
    file_config = _file_config(config)
    out_format = _choose_format(fmt, output)
    level = _fail_level(fail_on, file_config)
    if git:
        if targets and len(targets) > 1:
            raise _usage_error("--git takes one revision range (e.g. main..feature), or none for all history")
        run = _git_run(targets[0] if targets else None, file_config, min_score=min_score, entities=entities,
                       show_values=show_values)
    else:
        if not targets:
            raise _usage_error("missing TARGET (a file, directory, dataset or database URL)")
        run = _scan_run(
            targets, file_config, min_score=min_score, entities=entities, show_values=show_values,
            show_placeholders=show_placeholders, include=include, exclude=exclude, max_file_size=max_file_size,
            no_gitignore=no_gitignore, jobs=jobs, sample=sample, table=table, exclude_table=exclude_table,
            views=views, timeout=timeout, ask_password=ask_password, quiet=quiet,
            ner=file_config.ner if ner is None else ner, engine=engine, spark_master=spark_master,
            spark_conf=spark_conf,
        )
    report = run.report
    _subtract_baseline(report, baseline)
    _report_errors(report.errors)
    _write(report, out_format, output)
    if not quiet and (out_format != "table" or output is not None):
        _summary_line(report)
    if run.unscannable:
        raise typer.Exit(2)
    raise typer.Exit(_exit_code(report, level))


_SCAN_HELP = "Files, directories, Parquet datasets, SQLite/DuckDB files or database URLs."


@app.command()
def inventory(
    targets: Annotated[list[str], typer.Argument(help=_SCAN_HELP, show_default=False)],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="FILE.json, .csv or .parquet (records), or .html (report).")
    ],
    policy: Annotated[Path | None, typer.Option(help="Policy file (retention, recipients, regions).")] = None,
    compare: Annotated[
        Path | None, typer.Option(help="An older inventory: report what is new, gone or changed.")
    ] = None,
    fail_on: Annotated[
        str | None, typer.Option(help="With --compare: exit 1 when something new at or above this level appeared.")
    ] = None,
    escalations: Annotated[Path | None, typer.Option(help="Escalation rules replacing the shipped ones.")] = None,
    compare_format: Annotated[str, typer.Option("--compare-format", help="text | json")] = "text",
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Judge retention as of this date (YYYY-MM-DD, UTC) [today].")
    ] = None,
    sample: Annotated[int | None, typer.Option(help="Values sampled per table column [10000]; 0: all.")] = None,
    table: Annotated[list[str] | None, typer.Option("--table", help="Only tables matching this glob.")] = None,
    exclude_table: Annotated[list[str] | None, typer.Option("--exclude-table", help="Skip these tables.")] = None,
    views: Annotated[bool, typer.Option("--views/--no-views", help="Also scan database views.")] = False,
    timeout: Annotated[float, typer.Option(help="Database statement timeout in seconds.")] = 60.0,
    ask_password: Annotated[bool, typer.Option("--ask-password", help="Prompt for database passwords.")] = False,
    config: Annotated[Path | None, typer.Option(help="Configuration file (.piiscan.toml).")] = None,
    include: Annotated[list[str] | None, typer.Option(help="Only scan paths matching this glob.")] = None,
    exclude: Annotated[list[str] | None, typer.Option(help="Skip paths matching this glob.")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Parallel processes (0 = one per core).")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary on stderr.")] = False,
    engine: Annotated[str, typer.Option(help="local, or spark (Parquet / spark:db.table targets).")] = "local",
    spark_master: Annotated[str, typer.Option("--spark-master", help="Spark master URL [local[*]].")] = "local[*]",
    spark_conf: Annotated[
        list[str] | None, typer.Option("--conf", help="Spark configuration key=value (repeatable).")
    ] = None,
    ner: Annotated[
        bool | None, typer.Option("--ner/--no-ner", help="NER tier for names and addresses [config: ner].")
    ] = None,
) -> None:
    """Write an inventory of personal data: one record per asset (file or column) and entity."""
    from piiscan.inventory.io import InventoryFileError, format_for

    try:
        kind = format_for(output)
    except InventoryFileError as exc:
        raise _usage_error(str(exc)) from None
    if compare_format not in ("text", "json"):
        raise _usage_error("--compare-format must be text or json")
    file_config = _file_config(config)
    _as_of(as_of)  # a bad date is a usage error before the scan, not after
    level = _fail_level(fail_on or "confidential", file_config)
    old = _read_inventory(compare) if compare is not None else None
    run = _scan_run(
        targets, file_config, min_score=None, entities=None, show_values=False, show_placeholders=False,
        include=include, exclude=exclude, max_file_size=None, no_gitignore=False, jobs=jobs, sample=sample,
        table=table, exclude_table=exclude_table, views=views, timeout=timeout, ask_password=ask_password,
        quiet=quiet, engine=engine, spark_master=spark_master, spark_conf=spark_conf,
        ner=file_config.ner if ner is None else ner,
    )
    _report_errors(run.report.errors)
    rules = escalations or (Path(file_config.escalations) if file_config.escalations else None)
    built, violations = _inventory_of(run, rules, policy or _found_policy(targets, file_config), _as_of(as_of), timeout)
    _write_inventory(built, violations, output, kind)
    if not quiet:
        sys.stderr.write(
            f"piiscan: inventory of {len(built.assets)} assets ({len(built.records)} records) written to {output}"
            f"{f', {len(violations)} policy violations' if violations else ''}\n"
        )
    code = 2 if run.unscannable else 0
    if old is not None:
        code = max(code, _print_difference(old, built.records, level, compare_format))
    raise typer.Exit(code)


@app.command()
def check(
    targets: Annotated[list[str], typer.Argument(help=_SCAN_HELP, show_default=False)],
    policy: Annotated[Path | None, typer.Option(help="Policy file (default: found in the targets or config).")] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="table | json | jsonl | csv | sarif")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the violations to FILE.")] = None,
    escalations: Annotated[Path | None, typer.Option(help="Escalation rules replacing the shipped ones.")] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Judge retention as of this date (YYYY-MM-DD, UTC) [today].")
    ] = None,
    sample: Annotated[int | None, typer.Option(help="Values sampled per table column [10000]; 0: all.")] = None,
    timeout: Annotated[float, typer.Option(help="Database statement timeout in seconds.")] = 60.0,
    ask_password: Annotated[bool, typer.Option("--ask-password", help="Prompt for database passwords.")] = False,
    config: Annotated[Path | None, typer.Option(help="Configuration file (.piiscan.toml).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Parallel processes (0 = one per core).")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary on stderr.")] = False,
    ner: Annotated[
        bool | None, typer.Option("--ner/--no-ner", help="NER tier for names and addresses [config: ner].")
    ] = None,
) -> None:
    """Check a policy (retention, sharing, residency, declared categories): exit 1 on any violation."""
    file_config = _file_config(config)
    _as_of(as_of)
    chosen = policy or _found_policy(targets, file_config)
    if chosen is None:
        raise _usage_error("no policy: give --policy FILE (or put .piiscan-policy.yaml beside the data)")
    out_format = fmt or (_SUFFIX_FORMATS.get(output.suffix.lower(), "jsonl") if output is not None else
                         "table" if sys.stdout.isatty() else "jsonl")
    if out_format not in FORMATS:
        raise _usage_error(f"unknown --format {out_format!r} (choose from {', '.join(FORMATS)})")
    run = _scan_run(
        targets, file_config, min_score=None, entities=None, show_values=False, show_placeholders=False,
        include=None, exclude=None, max_file_size=None, no_gitignore=False, jobs=jobs, sample=sample, table=None,
        exclude_table=None, views=False, timeout=timeout, ask_password=ask_password, quiet=quiet,
        ner=file_config.ner if ner is None else ner,
    )
    _report_errors(run.report.errors)
    rules = escalations or (Path(file_config.escalations) if file_config.escalations else None)
    _built, violations = _inventory_of(run, rules, chosen, _as_of(as_of), timeout)
    _write_violations(violations, out_format, output)
    if not quiet:
        sys.stderr.write(f"piiscan: {len(violations)} policy violations\n")
    raise typer.Exit(2 if run.unscannable else int(bool(violations)))


POLICY_NAMES = (".piiscan-policy.yaml", "piiscan-policy.yaml")


def _found_policy(targets: Sequence[str], file_config: Any) -> Path | None:
    """The policy named in the config, or a policy file in the current directory or a scanned folder."""
    configured = getattr(file_config, "policy", None)
    if configured:
        return Path(configured)
    for folder in [Path.cwd(), *(Path(t) for t in targets if Path(t).is_dir())]:
        for name in POLICY_NAMES:
            if (folder / name).is_file():
                return folder / name
    return None


def _read_inventory(path: Path) -> Any:
    from piiscan.inventory.io import InventoryFileError, read_records

    try:
        return read_records(path)
    except InventoryFileError as exc:
        raise _usage_error(str(exc)) from None


def _as_of(text: str | None) -> Any:
    """``--as-of`` as an aware UTC datetime (None: now)."""
    from datetime import UTC, datetime

    if text is None:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise _usage_error(f"--as-of must be a date like 2024-12-01, not {text!r}") from None


def _inventory_of(
    run: _Run, escalations: Path | None, policy_path: Path | None, now: Any = None, timeout: float = 60.0
) -> tuple[Any, list[Any]]:
    """Build the inventory (escalations applied) and, with a policy, annotate and check it."""
    from piiscan.inventory.build import build_inventory
    from piiscan.inventory.escalation import EscalationError, load_rules

    try:
        rules = load_rules(escalations)
    except EscalationError as exc:
        raise _usage_error(str(exc)) from None
    built = build_inventory(run.report, run.scanner.taxonomy, rules, targets=run.targets)
    if policy_path is None:
        return built, []
    return built, _apply_policy(built, policy_path, run, now, timeout)


def _apply_policy(built: Any, policy_path: Path, run: _Run, now: Any, timeout: float) -> list[Any]:
    from piiscan.policy.check import annotate, attach, check
    from piiscan.policy.load import PolicyError, load_policy
    from piiscan.sources.sql import redact_url

    try:
        policy = load_policy(policy_path)
    except PolicyError as exc:
        raise _usage_error(str(exc)) from None
    annotate(built, policy)
    result = check(built, policy, now=now, sources={redact_url(t): t for t in run.targets}, timeout_seconds=timeout)
    _report_errors(result.errors)
    attach(built, result.violations)
    return list(result.violations)


def _write_inventory(built: Any, violations: list[Any], output: Path, kind: str) -> None:
    from piiscan.inventory.io import InventoryFileError, write_records

    try:
        if kind == "html":
            from piiscan.inventory.html import render_html

            output.write_text(render_html(built, violations), encoding="utf-8")
        else:
            write_records(built.records, output)
    except InventoryFileError as exc:
        raise _usage_error(str(exc)) from None
    except OSError as exc:
        raise _usage_error(f"cannot write {output}: {exc.strerror or exc}") from None


def _print_difference(old: Any, new: Any, level: str, form: str) -> int:
    """Print what changed since ``old``; 1 when something new at or above ``level`` appeared."""
    import json

    from piiscan.inventory.compare import compare as diff
    from piiscan.model import Sensitivity

    found = diff(old, new)
    if form == "json":
        sys.stdout.write(json.dumps(found.to_document(), ensure_ascii=False, indent=2) + "\n")
    else:
        for label, records in (("new", found.new), ("gone", found.gone)):
            for r in records:
                sys.stdout.write(f"{label:8} {r.sensitivity.label:12} {r.entity:16} {r.asset}\n")
        for change in found.changed:
            after = change.after
            sys.stdout.write(
                f"{'changed':8} {change.before.sensitivity.label} -> {after.sensitivity.label}  {after.entity}  "
                f"{after.asset}\n"
            )
        if not (found.new or found.gone or found.changed):
            sys.stdout.write("no change since the older inventory\n")
    if level == "never":
        return 0
    threshold = Sensitivity.PUBLIC if level == "any" else Sensitivity.parse(level)
    return int(bool(found.new_at_or_above(threshold)))


def _write_violations(violations: list[Any], out_format: str, output: Path | None) -> None:
    from piiscan.policy.output import render

    text = render(violations, out_format)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise _usage_error(f"cannot write {output}: {exc.strerror or exc}") from None


def _subtract_baseline(report: Any, path: Path | None) -> None:
    """Leave out the findings accepted in the baseline (the given file, or one in the current folder)."""
    from piiscan.baseline import DEFAULT_BASELINE, Baseline, BaselineError

    chosen = path or (Path(DEFAULT_BASELINE) if Path(DEFAULT_BASELINE).is_file() else None)
    if chosen is None:
        return
    try:
        accepted = Baseline.load(chosen)
    except BaselineError as exc:
        raise _usage_error(str(exc)) from None
    report.findings, dropped = accepted.subtract(report.findings)
    report.columns, dropped_columns = accepted.subtract(report.columns)
    report.summary.baselined = dropped + dropped_columns
    report.summary.count_findings(report.all_findings())  # the summary counts what is reported


def _git_run(rev_range: str | None, file_config: Any, *, min_score: float | None, entities: str | None,
             show_values: bool) -> _Run:
    """Scan the blobs each commit of ``rev_range`` introduced, each blob once."""
    from piiscan.history import scan_history
    from piiscan.recognizers import load_recognizers
    from piiscan.scan import Scanner
    from piiscan.sources.git import GitError

    specs = load_recognizers()
    scan_config = _scan_config(
        file_config, {s.entity for s in specs}, min_score=min_score, entities=entities, show_values=show_values,
        show_placeholders=False, include=None, exclude=None, max_file_size=None, no_gitignore=False, jobs=1,
    )
    scanner = Scanner(scan_config, specs)
    try:
        report = scan_history(".", rev_range, scanner)
    except GitError as exc:
        raise _usage_error(str(exc)) from None
    return _Run(report, scanner, [rev_range or "--all"], False)


def _spark_run(
    targets: list[str], scan_config: Any, specs: Any, master: str, conf: list[str], quiet: bool
) -> _Run:
    """``--engine spark``: Parquet paths/URIs and ``spark:db.table`` targets, classified on Spark."""
    from piiscan.scan import Scanner
    from piiscan.spark import SparkOptions, run_spark_scan, valid_master

    if not valid_master(master):
        raise _usage_error(
            f"--spark-master {master!r} is no Spark master URL (local[*], local[N], yarn, spark://HOST:PORT, k8s://URL)"
        )
    pairs = []
    for item in conf:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise _usage_error(f"--conf takes key=value, got {item!r}")
        pairs.append((key.strip(), value))
    scanner = Scanner(scan_config, specs)  # the taxonomy and rule metadata the writers and inventory use
    report, failed = run_spark_scan(
        targets, SparkOptions(master=master, conf=tuple(pairs)), sample=scan_config.tables.sample,
        entities=scan_config.entities, min_score=max(scan_config.column_min_score, scan_config.min_score),
        taxonomy_overrides=scan_config.taxonomy_overrides, rules=scanner.rules(),
        progress=not quiet and sys.stderr.isatty(),
    )
    return _Run(report, scanner, targets, bool(failed))


def _scanner(scan_config: Any, specs: Any) -> Any:
    """The file scanner; with the NER tier, its models load now (a missing extra is a usage error)."""
    from piiscan.ner.base import NerUnavailable
    from piiscan.scan import Scanner

    try:
        return Scanner(scan_config, specs)
    except NerUnavailable as exc:
        raise _usage_error(f"--ner: {exc}") from None


class _Run:
    """One scan as the inventory and check commands need it: the report and what made it."""

    def __init__(self, report: Any, scanner: Any, targets: list[str], unscannable: bool) -> None:
        self.report = report
        self.scanner = scanner
        self.targets = targets
        self.unscannable = unscannable


def _file_config(path: Path | None) -> Any:
    from piiscan.config import ConfigError, load_config

    try:
        return load_config(path)
    except ConfigError as exc:
        raise _usage_error(str(exc)) from None


def _fail_level(fail_on: str | None, file_config: Any) -> str:
    level = (fail_on or file_config.fail_on or "any").lower()
    if level not in FAIL_LEVELS:
        raise _usage_error(f"unknown --fail-on {level!r} (choose from {', '.join(FAIL_LEVELS)})")
    return level


def _scan_run(
    targets: list[str], file_config: Any, *, min_score: float | None, entities: str | None, show_values: bool,
    show_placeholders: bool, include: list[str] | None, exclude: list[str] | None, max_file_size: int | None,
    no_gitignore: bool, jobs: int, sample: int | None, table: list[str] | None, exclude_table: list[str] | None,
    views: bool, timeout: float, ask_password: bool, quiet: bool, ner: bool = False, engine: str = "local",
    spark_master: str = "local[*]", spark_conf: list[str] | None = None,
) -> _Run:
    """Validate the options and run the scan (with progress bars on a terminal)."""
    from piiscan.recognizers import load_recognizers
    from piiscan.scan import run_scan, unscannable_targets

    specs = load_recognizers()
    scan_config = _scan_config(
        file_config, {s.entity for s in specs}, min_score=min_score, entities=entities, show_values=show_values,
        show_placeholders=show_placeholders, include=include, exclude=exclude, max_file_size=max_file_size,
        no_gitignore=no_gitignore, jobs=jobs,
    )
    scan_config = _with_tables(
        scan_config, sample=sample, include=table, exclude=exclude_table, views=views, timeout=timeout
    )
    if ask_password:
        targets = _with_passwords(targets)
    if engine == "spark":
        return _spark_run(targets, scan_config, specs, spark_master, spark_conf or [], quiet)
    if engine != "local":
        raise _usage_error(f"unknown --engine {engine!r} (choose from local, spark)")
    scanner = _scanner(replace(scan_config, ner=ner), specs)
    progress = None if quiet or not sys.stderr.isatty() else _Progress()
    try:
        report = run_scan(
            targets, scan_config, progress=progress.update if progress else None, scanner=scanner,
            table_progress=progress.table if progress else None,
        )
    finally:
        if progress:
            progress.close()
    return _Run(report, scanner, targets, bool(unscannable_targets(targets, report.errors)))


def _scan_config(
    file_config: Any, known_entities: set[str], *, min_score: float | None, entities: str | None,
    show_values: bool, show_placeholders: bool, include: list[str] | None, exclude: list[str] | None,
    max_file_size: int | None, no_gitignore: bool, jobs: int,
) -> Any:
    """Command-line options over the configuration file, validated (usage errors exit 2)."""
    from piiscan.scan import ScanConfig
    from piiscan.sources.files import WalkOptions, compile_patterns

    score = min_score if min_score is not None else file_config.min_score
    if score is not None and not 0 <= score <= 1:
        raise _usage_error("--min-score must be between 0 and 1")
    wanted = _entity_list(known_entities, entities, file_config.entities, file_config.disabled_entities)
    if max_file_size is not None and max_file_size <= 0:
        raise _usage_error("--max-file-size must be a positive number of bytes")
    globs = {
        "include": tuple(include or ()) + file_config.include,
        "exclude": tuple(exclude or ()) + file_config.exclude,
    }
    for option, patterns in globs.items():
        try:
            compile_patterns(patterns)
        except ValueError as exc:
            raise _usage_error(f"--{option}: {exc}") from None
    size_limit = max_file_size if max_file_size is not None else file_config.max_file_size
    walk = WalkOptions(
        include=globs["include"],
        exclude=globs["exclude"],
        max_file_size=size_limit if size_limit is not None else WalkOptions().max_file_size,
        honour_gitignore=not no_gitignore,
    )
    return ScanConfig(
        min_score=score if score is not None else 0.5,
        entities=wanted,
        show_values=show_values,
        include_placeholders=show_placeholders or file_config.show_placeholders,
        jobs=max(jobs, 0),
        walk=walk,
        taxonomy_overrides=file_config.taxonomy,
    )


def _with_tables(
    scan_config: Any, *, sample: int | None, include: list[str] | None, exclude: list[str] | None,
    views: bool, timeout: float,
) -> Any:
    """Table options (``--sample``, ``--table``, ``--views`` ...) onto the scan configuration."""
    from dataclasses import replace

    from piiscan.sources.tables import DEFAULT_SAMPLE, TableOptions

    if sample is not None and sample < 0:
        raise _usage_error("--sample must be 0 (every row) or a positive number of values")
    if timeout <= 0:
        raise _usage_error("--timeout must be a positive number of seconds")
    options = TableOptions(
        sample=DEFAULT_SAMPLE if sample is None else sample,
        include_tables=tuple(include or ()),
        exclude_tables=tuple(exclude or ()),
        include_views=views,
        timeout_seconds=timeout,
    )
    return replace(scan_config, tables=options)


def _with_passwords(targets: list[str]) -> list[str]:
    """Prompt (no echo) for the password of each database URL that names a user without one."""
    import getpass

    from piiscan.sources.sql import needs_password, redact_url, with_password

    out = []
    for target in targets:
        if needs_password(target):
            try:
                secret = getpass.getpass(f"password for {redact_url(target)}: ")
            except (EOFError, KeyboardInterrupt):
                raise _usage_error("no password given") from None
            target = with_password(target, secret)
        out.append(target)
    return out


def _entity_list(
    known: set[str], cli: str | None, configured: tuple[str, ...], disabled: tuple[str, ...]
) -> tuple[str, ...]:
    chosen = [e.strip().upper() for e in cli.split(",") if e.strip()] if cli else [e.upper() for e in configured]
    unknown = sorted(set(chosen) - known)
    if unknown:
        raise _usage_error(f"unknown entit{'y' if len(unknown) == 1 else 'ies'}: {', '.join(unknown)}")
    if disabled:
        base = chosen or sorted(known)
        chosen = [e for e in base if e not in {d.upper() for d in disabled}]
    return tuple(chosen)


def _report_errors(errors: Sequence[object]) -> None:
    for error in errors:
        path = str(getattr(error, "path", "?"))
        message = str(getattr(error, "message", ""))
        line = message if message.startswith(path) else f"{path}: {message}"
        sys.stderr.write(f"piiscan: {line}\n")


def _write(report: object, out_format: str, output: Path | None) -> None:
    from piiscan.model import Report
    from piiscan.writers import get_writer

    assert isinstance(report, Report)
    writer = get_writer(out_format)
    if output is None:
        writer.write(report, sys.stdout)
        sys.stdout.flush()
        return
    try:
        with output.open("w", encoding="utf-8", newline="") as handle:
            writer.write(report, handle)
    except OSError as exc:
        raise _usage_error(f"cannot write {output}: {exc.strerror or exc}") from None


def _summary_line(report: object) -> None:
    from piiscan.model import Report

    assert isinstance(report, Report)
    s = report.summary
    skipped = sum(s.files_skipped.values())
    by_level = ", ".join(f"{n} {lvl}" for lvl, n in sorted(s.findings_by_sensitivity.items()))
    findings = sum(s.findings_by_entity.values())
    tables = (
        f"{s.tables_scanned} tables ({s.columns_scanned} columns, {s.values_scanned:,} values), "
        if s.tables_scanned else ""
    )
    ner = f", NER read {s.ner.chars:,} characters of prose in {s.ner.segments:,} segments" if s.ner else ""
    sys.stderr.write(
        f"piiscan: {tables}{s.files_scanned} files scanned ({s.bytes_scanned:,} bytes){ner}, {skipped} skipped, "
        f"{findings} findings{f' ({by_level})' if by_level else ''}, {s.errors} errors "
        f"in {s.duration_seconds:.2f}s\n"
    )


class _Progress:
    """Rich progress bars with ETA on stderr (terminal only): files for scans of many files, and
    rows read per table or dataset."""

    MIN_FILES = 50

    def __init__(self) -> None:
        self._progress: Any = None
        self._task: Any = None
        self._table_task: Any = None
        self._table_label = ""

    def update(self, done: int, total: int) -> None:
        if self._progress is None:
            if total < self.MIN_FILES:
                return
            self._start(total)
        if self._task is None:
            self._task = self._progress.add_task("scanning files", total=total)
        self._progress.update(self._task, completed=done, total=total)

    def table(self, label: str, done: int, total: int | None) -> None:
        """Rows read of one table (or dataset), with an ETA when the total is known."""
        if self._progress is None:
            self._start(None)
        if self._table_label != label:
            self._table_label = label
            self._table_task = self._progress.add_task(label, total=total)
        self._progress.update(self._table_task, completed=done, total=total)

    def _start(self, total: int | None) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=Console(file=sys.stderr), transient=True,
        )
        if total is not None:
            self._task = self._progress.add_task("scanning files", total=total)
        self._progress.start()

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()


baseline_app = typer.Typer(help="Accepted findings: create, update and audit the baseline.", no_args_is_help=True)
app.add_typer(baseline_app, name="baseline")


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True}, add_help_option=False,
)
def hook(ctx: typer.Context) -> None:
    """Pre-commit entry point: scan the staged changes (see 'piiscan hook --help')."""
    from piiscan.hook import main as hook_main

    raise typer.Exit(hook_main(list(ctx.args)))


def _baseline_findings(targets: list[str] | None, config: Path | None) -> tuple[Any, list[str]]:
    chosen = targets or ["."]
    run = _scan_run(
        chosen, _file_config(config), min_score=None, entities=None, show_values=False, show_placeholders=False,
        include=None, exclude=None, max_file_size=None, no_gitignore=False, jobs=0, sample=None, table=None,
        exclude_table=None, views=False, timeout=60.0, ask_password=False, quiet=True,
    )
    _report_errors(run.report.errors)
    return run.report, chosen


@baseline_app.command("create")
def baseline_create(
    targets: Annotated[list[str] | None, typer.Argument(help="What to scan [.].")] = None,
    baseline: Annotated[Path, typer.Option(help="Baseline file.")] = Path(".piiscan-baseline.json"),
    config: Annotated[Path | None, typer.Option(help="Configuration file (.piiscan.toml).")] = None,
) -> None:
    """Accept every current finding: write them (fingerprints, no values) to the baseline."""
    from piiscan.baseline import Baseline

    report, _ = _baseline_findings(targets, config)
    created = Baseline.from_findings(report.all_findings())
    created.save(baseline)
    sys.stderr.write(f"piiscan: {baseline}: {len(created.entries)} accepted findings\n")


@baseline_app.command("update")
def baseline_update(
    targets: Annotated[list[str] | None, typer.Argument(help="What to scan [.].")] = None,
    baseline: Annotated[Path, typer.Option(help="Baseline file.")] = Path(".piiscan-baseline.json"),
    config: Annotated[Path | None, typer.Option(help="Configuration file (.piiscan.toml).")] = None,
) -> None:
    """Add new findings, drop fixed ones, keep the audit decisions of the rest."""
    from piiscan.baseline import Baseline, BaselineError

    try:
        current = Baseline.load(baseline)
    except BaselineError as exc:
        raise _usage_error(str(exc)) from None
    report, scanned = _baseline_findings(targets, config)
    updated = current.update(report.all_findings(), scanned_paths=None if scanned == ["."] else set(scanned))
    changed = updated.save(baseline)
    state = "updated" if changed else "unchanged"
    sys.stderr.write(f"piiscan: {baseline}: {len(updated.entries)} accepted findings ({state})\n")


@baseline_app.command("audit")
def baseline_audit(
    baseline: Annotated[Path, typer.Option(help="Baseline file.")] = Path(".piiscan-baseline.json"),
) -> None:
    """Walk through the unreviewed entries and record true or false positive."""
    from piiscan.audit import audit
    from piiscan.baseline import BaselineError

    try:
        audit(baseline)
    except BaselineError as exc:
        raise _usage_error(str(exc)) from None


@recognizers_app.command("list")
def recognizers_list(
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json")] = "table",
) -> None:
    """Print every recognizer with its entity, category and sensitivity."""
    import json

    from piiscan.ner.base import NER_RECOGNIZERS
    from piiscan.recognizers import load_recognizers

    specs = load_recognizers()
    rows = [
        {"id": s.id, "entity": s.entity, "category": s.category, "sensitivity": s.sensitivity.label,
         "context_required": s.context_required, "validator": s.validator, "description": s.description}
        for s in specs
    ]
    rows += [  # the NER tier's (--ner): a language model instead of a pattern and a validator
        {"id": r.id, "entity": r.entity, "category": r.category, "sensitivity": r.sensitivity,
         "context_required": False, "validator": "ner (--ner)", "description": r.description}
        for r in NER_RECOGNIZERS
    ]
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(rows)} recognizers")
    for column in ("id", "entity", "category", "sensitivity", "context", "validator"):
        table.add_column(column)
    for r in rows:
        table.add_row(str(r["id"]), str(r["entity"]), str(r["category"]), str(r["sensitivity"]),
                      "required" if r["context_required"] else "-", str(r["validator"]))
    Console(file=sys.stdout, width=None if sys.stdout.isatty() else 120).print(table)


@recognizers_app.command("test")
def recognizers_test(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print every example.")] = False,
) -> None:
    """Run every definition's match / no_match examples; exit 1 on any failure."""
    from piiscan.examples import run_examples

    results = run_examples()
    failures = [r for r in results if not r.passed]
    for r in results:
        if verbose or not r.passed:
            status = "ok  " if r.passed else "FAIL"
            sys.stdout.write(f"{status} {r.recognizer:<16} {r.kind:<8} {r.describe()}\n")
    sys.stdout.write(f"{len(results) - len(failures)} passed, {len(failures)} failed\n")
    raise typer.Exit(1 if failures else 0)


def main() -> None:
    """Console-script entry point: no traceback ever reaches the user."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("piiscan: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except Exception as exc:
        from piiscan.recognizers import RecognizerError

        if isinstance(exc, RecognizerError):
            sys.stderr.write(f"piiscan: error: invalid recognizer definition: {exc}\n")
        else:
            sys.stderr.write(f"piiscan: internal error: {type(exc).__name__}\n")
        sys.exit(2)


