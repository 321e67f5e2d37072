"""``piiscan baseline audit`` driven with scripted answers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from piiscan.audit import PROMPT, audit
from piiscan.baseline import Baseline, BaselineEntry, BaselineError
from piiscan.findings import fingerprint, mask
from piiscan.model import Finding, Sensitivity

VALUES = {"app/a.py": "352099001761481", "app/b.py": "490154203237518", "app/c.py": "356938035643809"}


def _finding(path: str, value: str) -> Finding:
    return Finding(
        entity="IMEI", score=0.9, category="device_identifier", sensitivity=Sensitivity.RESTRICTED,
        recognizer="imei", preview=mask(value), fingerprint=fingerprint("IMEI", path, value),
        path=path, line=1, column=1, start=0, end=len(value),
    )


FINDINGS = [_finding(path, value) for path, value in VALUES.items()]


class Terminal:
    """Scripted answers in, written lines out; records the prompts it was asked with."""

    def __init__(self, answers: Iterable[str | BaseException]) -> None:
        self.answers = list(answers)
        self.prompts: list[str] = []
        self.out: list[str] = []

    def read_line(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if not self.answers:
            raise EOFError
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def write(self, text: str) -> None:
        self.out.append(text)

    @property
    def text(self) -> str:
        return "\n".join(self.out)


@pytest.fixture
def baseline_file(tmp_path: Path) -> Path:
    target = tmp_path / ".piiscan-baseline.json"
    Baseline.from_findings(FINDINGS).save(target)
    return target


def _audits(path: Path) -> list[str]:
    return [e.audit for e in Baseline.load(path)]


def _run(path: Path, answers: Iterable[str | BaseException],
         context: Callable[[BaselineEntry], str | None] | None = None) -> tuple[int, Terminal]:
    terminal = Terminal(answers)
    reviewed = audit(path, read_line=terminal.read_line, write=terminal.write, context=context)
    return reviewed, terminal


@pytest.mark.parametrize(
    ("answers", "reviewed", "audits"),
    [
        (["t", "f", "t"], 3, ["true_positive", "false_positive", "true_positive"]),
        (["T", " F ", "true"], 3, ["true_positive", "false_positive", "true_positive"]),
        (["tp", "fp", "false"], 3, ["true_positive", "false_positive", "false_positive"]),
        (["s", "t", "skip"], 1, ["unreviewed", "true_positive", "unreviewed"]),
        (["f", "q"], 1, ["false_positive", "unreviewed", "unreviewed"]),
        (["quit"], 0, ["unreviewed", "unreviewed", "unreviewed"]),
        (["t"], 1, ["true_positive", "unreviewed", "unreviewed"]),  # then end of input: quit
        (["t", KeyboardInterrupt()], 1, ["true_positive", "unreviewed", "unreviewed"]),
        (["", "maybe", "y", "t", "f", "f"], 3, ["true_positive", "false_positive", "false_positive"]),
    ],
)
def test_scripted_answers(baseline_file: Path, answers: list[str | BaseException], reviewed: int,
                          audits: list[str]) -> None:
    count, terminal = _run(baseline_file, answers)
    assert count == reviewed
    assert _audits(baseline_file) == audits
    assert set(terminal.prompts) == {PROMPT}
    assert terminal.out[-1] == f"reviewed {reviewed}, {audits.count('unreviewed')} left unreviewed"


def test_invalid_answer_is_asked_again(baseline_file: Path) -> None:
    _, terminal = _run(baseline_file, ["x", "t", "q"])
    assert "please answer t, f, s or q" in terminal.out
    assert len(terminal.prompts) == 3


def test_shows_path_entity_and_masked_preview_never_the_value(baseline_file: Path) -> None:
    _, terminal = _run(baseline_file, ["s", "s", "s"])
    entries = Baseline.load(baseline_file).entries
    for number, entry in enumerate(entries, start=1):
        assert f"[{number}/3] {entry.path}  IMEI  {entry.preview}" in terminal.out
    for value in VALUES.values():
        assert value not in terminal.text
        assert value not in baseline_file.read_text(encoding="utf-8")


def test_only_unreviewed_entries_are_walked_and_a_second_run_continues(baseline_file: Path) -> None:
    _run(baseline_file, ["t", "q"])
    count, terminal = _run(baseline_file, ["f", "f"])
    assert count == 2
    assert _audits(baseline_file) == ["true_positive", "false_positive", "false_positive"]
    assert "[1/2] app/b.py  IMEI" in terminal.text
    count, terminal = _run(baseline_file, ["t"])
    assert count == 0 and terminal.prompts == []
    assert terminal.out == [f"{baseline_file}: nothing to review"]


def test_progress_is_saved_after_each_answer(baseline_file: Path) -> None:
    seen: list[list[str]] = []

    def context(entry: BaselineEntry) -> str | None:
        seen.append(_audits(baseline_file))  # the file as it is when the next entry is shown
        return None

    _run(baseline_file, ["t", "f", "s"], context)
    assert seen == [
        ["unreviewed", "unreviewed", "unreviewed"],
        ["true_positive", "unreviewed", "unreviewed"],
        ["true_positive", "false_positive", "unreviewed"],
    ]


def test_context_lines_are_shown(baseline_file: Path) -> None:
    def context(entry: BaselineEntry) -> str | None:
        return f"    {entry.path}:1: imei = {entry.preview}" if entry.path != "app/b.py" else None

    _, terminal = _run(baseline_file, ["s", "s", "s"], context)
    assert "    app/a.py:1: imei = 35**********481" in terminal.out
    assert not any(line.startswith("    app/b.py") for line in terminal.out)


def test_missing_baseline_has_nothing_to_review(tmp_path: Path) -> None:
    count, terminal = _run(tmp_path / "none.json", ["t"])
    assert count == 0 and terminal.prompts == []
    assert not (tmp_path / "none.json").exists()


def test_malformed_baseline_raises(tmp_path: Path) -> None:
    target = tmp_path / "broken.json"
    target.write_text("{", encoding="utf-8")
    with pytest.raises(BaselineError, match=re.escape("broken.json")):
        _run(target, ["t"])


def test_decisions_survive_an_update(baseline_file: Path) -> None:
    _run(baseline_file, ["t", "f", "q"])
    Baseline.load(baseline_file).update(FINDINGS, scanned_paths=None).save(baseline_file)
    assert _audits(baseline_file) == ["true_positive", "false_positive", "unreviewed"]
