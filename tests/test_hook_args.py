"""The hook's quick argument parser agrees with its argparse parser on every command line it takes."""

from __future__ import annotations

import pytest

from piiscan.hook import _quick_args, parser


@pytest.mark.parametrize(
    "argv",
    [
        [], ["a.py", "b/c.txt"], ["--all-lines"], ["--fail-on", "confidential", "x"], ["-f", "jsonl"],
        ["--format", "sarif", "--baseline", "base.json", "--min-score", "0.7", "a"], ["--install", "--force"],
    ],
)
def test_quick_parse_equals_argparse(argv: list[str]) -> None:
    quick = _quick_args(argv)
    assert quick is not None
    assert vars(quick) == vars(parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv", [["--help"], ["--fail-on", "bogus"], ["--min-score", "high"], ["--format=json"], ["--", "-a"], ["-x"]]
)
def test_anything_unusual_goes_to_argparse(argv: list[str]) -> None:
    assert _quick_args(argv) is None
