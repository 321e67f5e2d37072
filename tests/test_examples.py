"""Every recognizer definition's ``match`` / ``no_match`` examples pass through the engine."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

from piiscan.examples import ExampleResult, run_examples
from piiscan.recognizers import Example, load_recognizers


def _results() -> list[tuple[str, ExampleResult]]:
    """``(id, result)`` pairs; ids read ``recognizer/kind/index`` (index within that pair)."""
    seen: Counter[tuple[str, str]] = Counter()
    out = []
    for result in run_examples():
        key = (result.recognizer, result.kind)
        out.append((f"{result.recognizer}/{result.kind}/{seen[key]}", result))
        seen[key] += 1
    return out


RESULTS = _results()


@pytest.mark.parametrize("result", [r for _, r in RESULTS], ids=[i for i, _ in RESULTS])
def test_example(result: ExampleResult) -> None:
    assert result.passed, f"{result.recognizer} {result.kind} {result.text!r}: {result.detail}"


def test_every_recognizer_has_match_and_no_match_examples() -> None:
    kinds: dict[str, set[str]] = {}
    for result in run_examples():
        kinds.setdefault(result.recognizer, set()).add(result.kind)
    for spec in load_recognizers():
        assert kinds.get(spec.id) == {"match", "no_match"}, f"{spec.id} lacks match or no_match examples"


def test_a_broken_example_is_reported_as_failed() -> None:
    """The runner can fail: an IMEI definition whose ``match`` example holds no IMEI is caught."""
    specs = load_recognizers()
    imei = next(s for s in specs if s.id == "imei")
    broken = dataclasses.replace(
        imei,
        match_examples=(Example("no identifier in this sentence", None),),
        no_match_examples=(Example("IMEI: 352099001761481", None),),
    )
    results = [r for r in run_examples([broken if s.id == "imei" else s for s in specs]) if r.recognizer == "imei"]
    assert [(r.kind, r.passed) for r in results] == [("match", False), ("no_match", False)]
    assert all(r.detail for r in results)
    assert "352099001761481" not in results[1].detail  # details give positions, never the value
