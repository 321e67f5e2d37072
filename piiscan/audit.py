"""``piiscan baseline audit``: walk the unreviewed baseline entries and record a decision for each.

Each entry is shown by path, entity and masked preview (never the raw value), with optional
context from the caller. Answers are saved to the baseline file one by one, so quitting (``q``,
end of input or Ctrl-C) keeps every decision made so far.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Literal

from piiscan.baseline import Baseline, BaselineEntry

PROMPT = "[t]rue positive / [f]alse positive / [s]kip / [q]uit? "

Answer = Literal["true_positive", "false_positive", "skip", "quit"]

_ANSWERS: dict[str, Answer] = {
    "t": "true_positive", "true": "true_positive", "tp": "true_positive",
    "f": "false_positive", "false": "false_positive", "fp": "false_positive",
    "s": "skip", "skip": "skip",
    "q": "quit", "quit": "quit",
}

ReadLine = Callable[[str], str]
Write = Callable[[str], None]
Context = Callable[[BaselineEntry], "str | None"]


def audit(
    baseline_path: str | os.PathLike[str],
    *,
    read_line: ReadLine = input,
    write: Write = print,
    context: Context | None = None,
) -> int:
    """Review the unreviewed entries of a baseline file; returns the number of entries decided.

    ``read_line(prompt)`` returns one answer (``t``, ``f``, ``s`` or ``q``; an unknown answer is
    asked again). ``context(entry)`` may return lines to show under the entry (e.g. the source line,
    masked). Raises :class:`~piiscan.baseline.BaselineError` for an unreadable or malformed file.
    """
    baseline = Baseline.load(baseline_path)
    pending = baseline.unreviewed()
    if not pending:
        write(f"{os.fspath(baseline_path)}: nothing to review")
        return 0
    reviewed = 0
    for number, entry in enumerate(pending, start=1):
        write(describe(entry, number, len(pending)))
        extra = context(entry) if context is not None else None
        if extra:
            write(extra)
        answer = _ask(read_line, write)
        if answer == "quit":
            break
        if answer == "skip":
            continue
        baseline = baseline.mark(entry.fingerprint, answer)
        baseline.save(baseline_path)
        reviewed += 1
    left = len(baseline.unreviewed())
    write(f"reviewed {reviewed}, {left} left unreviewed")
    return reviewed


def describe(entry: BaselineEntry, number: int, total: int) -> str:
    """One entry as shown to the reviewer: position, path, entity and masked preview."""
    return f"[{number}/{total}] {entry.path}  {entry.entity}  {entry.preview or '(no preview)'}"


def _ask(read_line: ReadLine, write: Write) -> Answer:
    """One valid answer: a decision, ``skip`` or ``quit`` (end of input and Ctrl-C quit)."""
    while True:
        try:
            reply = read_line(PROMPT)
        except (EOFError, KeyboardInterrupt):
            write("")
            return "quit"
        answer = _ANSWERS.get(reply.strip().lower())
        if answer is not None:
            return answer
        write("please answer t, f, s or q")
