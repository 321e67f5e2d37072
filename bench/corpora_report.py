"""Print the per-entity tables of the third-party corpus tests (``tests/corpora``), without asserting.

Usage::

    python bench/corpora_report.py [presidio_cases|stdnum|presidio_research ...]

The corpora are read in place from ``../shared/corpora`` (next to the repository); nothing is copied.
The figures and tables are the ones ``pytest -s tests/corpora`` prints; the thresholds live in the
test modules. Exit status 2 when the corpora are absent.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[1]
for _path in (str(_ROOT / "tests"), str(_ROOT)):  # the corpora test package, and piiscan in a checkout
    if _path not in sys.path:
        sys.path.insert(0, _path)

import pytest  # noqa: E402  (after the path set-up above)
from corpora import test_presidio_cases, test_presidio_research, test_stdnum_cases  # noqa: E402

from piiscan.engine import Engine  # noqa: E402


def main(argv: Sequence[str]) -> int:
    engine = Engine.default()
    placeholder_engine = Engine.default(include_placeholders=True)
    reports: dict[str, Callable[[], None]] = {
        "presidio_cases": lambda: test_presidio_cases.report(engine),
        "stdnum": lambda: test_stdnum_cases.report(engine, placeholder_engine),
        "presidio_research": lambda: test_presidio_research.report(engine),
    }
    unknown = [name for name in argv if name not in reports]
    if unknown:
        print(f"unknown report(s) {unknown}; choose from {sorted(reports)}", file=sys.stderr)
        return 2
    try:
        for name in argv or reports:
            print(f"\n==================== {name}")
            reports[name]()
    except pytest.skip.Exception as skipped:
        print(skipped.msg, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
