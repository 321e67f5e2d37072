"""Pattern rewrites that let CPython's regex engine skip ahead quickly.

CPython's ``re`` only uses its fast "first character" scan when a pattern starts with a
character class or literal. Boundary look-behinds such as ``(?<![0-9A-Za-z])`` at the very
start defeat it, so every position of the text pays for a full match attempt. The rewrite
moves leading look-behinds past the first character: ``(?<!L)[0-9]{15}`` becomes
``[0-9](?<!(?:L)[0-9])[0-9]{14}``, which matches exactly the same spans (a test checks
this on every bundled pattern) and runs about twice as fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_QUANT = re.compile(r"\{(\d+)(?:(,)(\d*))?\}|[?*+]")


def _class_end(pattern: str, start: int) -> int:
    """Index just past the character class opening at ``start`` (-1 if unterminated)."""
    i = start + 1
    if pattern[i : i + 1] == "^":
        i += 1
    if pattern[i : i + 1] == "]":  # a leading "]" is a literal
        i += 1
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
            continue
        if pattern[i] == "]":
            return i + 1
        i += 1
    return -1


def _units(pattern: str, start: int = 0) -> Iterator[tuple[int, int]]:
    """Lexical units of a pattern from ``start``: an escape, a whole character class, or one character."""
    i = start
    while i < len(pattern):
        if pattern[i] == "\\":
            end = i + 2
        elif pattern[i] == "[":
            end = _class_end(pattern, i)
            if end == -1:
                end = len(pattern)
        else:
            end = i + 1
        yield i, end
        i = end


def group_end(pattern: str, start: int) -> int:
    """Index just past the parenthesised group opening at ``start`` (-1 if unbalanced)."""
    depth = 0
    for i, end in _units(pattern, start):
        char = pattern[i : end]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return end
    return -1


def _atom_end(pattern: str, start: int) -> int:
    """End of a single-character atom at ``start``: a class, an escape or a literal; -1 otherwise."""
    if start >= len(pattern):
        return -1
    char = pattern[start]
    if char == "[":
        return _class_end(pattern, start)
    if char == "\\":
        nxt = pattern[start + 1 : start + 2]
        if not nxt or nxt.isdigit() or nxt in "AbBZ":
            return -1
        return start + 2
    if char in "()|?*+{}^$.":
        return -1
    return start + 1


def _has_top_level_bar(body: str) -> bool:
    depth = 0
    for i, end in _units(body):
        char = body[i:end]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
    return False


def hoist_lookbehinds(pattern: str) -> str:
    """Rewrite leading look-behinds to follow the first character; unchanged when unsafe."""
    i = 0
    behinds: list[tuple[str, str]] = []
    while pattern.startswith(("(?<!", "(?<="), i):
        end = group_end(pattern, i)
        if end == -1:
            return pattern
        behinds.append((pattern[i : i + 4], pattern[i + 4 : end - 1]))
        i = end
    if not behinds:
        return pattern
    opened = ""
    group = re.match(r"\(\?P<[A-Za-z_]\w*>|\(\?:", pattern[i:])
    if group:
        end = group_end(pattern, i)
        if end == -1 or _has_top_level_bar(pattern[i + group.end() : end - 1]):
            return pattern
        opened = group.group()
        i += group.end()
    atom_end = _atom_end(pattern, i)
    if atom_end == -1:
        return pattern
    atom = pattern[i:atom_end]
    rest = pattern[atom_end:]
    quant = _QUANT.match(rest)
    remainder = rest
    if quant:
        text = quant.group()
        if rest[len(text) : len(text) + 1] in ("?", "+"):
            return pattern  # lazy/possessive quantifiers: leave alone
        if text in ("?", "*") or (quant.group(1) and int(quant.group(1)) == 0):
            return pattern
        if text == "+":
            reduced = "*"
        else:
            low = int(quant.group(1)) - 1
            if quant.group(2) is None:
                reduced = f"{{{low}}}" if low else ""
            elif quant.group(3):
                reduced = f"{{{low},{int(quant.group(3)) - 1}}}"
            else:
                reduced = f"{{{low},}}"
        remainder = (atom + reduced if reduced else "") + rest[len(text) :]
    checks = "".join(f"{kind}(?:{body}){atom})" for kind, body in behinds)
    candidate = opened + atom + checks + remainder
    try:
        re.compile(candidate)
    except re.error:
        return pattern
    return candidate


def strip_lookarounds(pattern: str) -> str:
    """Remove every look-around group: the result matches a superset of the original's spans.

    Used for prefilter expressions (Hyperscan and RE2 have no look-arounds).
    """
    out: list[str] = []
    skip_to = 0
    for i, end in _units(pattern):
        if i < skip_to:
            continue
        if pattern.startswith(("(?<!", "(?<=", "(?!", "(?="), i):
            closing = group_end(pattern, i)
            if closing == -1:
                break
            skip_to = closing
            continue
        out.append(pattern[i:end])
    return "".join(out)


_SINGLE_CLASS = re.compile(r"\[(\^?)((?:\\.|[^\]\\])+)\]")


def _negated(body: str) -> str | None:
    """``(?<![0-9A-Za-z])`` body ``[0-9A-Za-z]`` -> ``[^0-9A-Za-z]`` (single character classes only)."""
    found = _SINGLE_CLASS.fullmatch(body)
    if found is None or found.group(1):
        return None
    return f"[^{found.group(2)}]"


#: a leading repeat that may run this much longer than its minimum is cut to the minimum
_LONG_RUN = 16


def _shrink_leading_run(body: str) -> str | None:
    """``[A-Za-z0-9._%+-]{1,64}@…`` -> ``[A-Za-z0-9._%+-]@…``; ``None`` when the body does not start so.

    The result matches a superset of the body's match *ends*. Automata such as Hyperscan pay
    for every position a long variable run could start at (an e-mail core scans ~30x slower
    with its local part than without), while the match end is all a prefilter reports.
    """
    i = 0
    group = re.match(r"\(\?P<[A-Za-z_]\w*>|\(\?:", body)
    if group:
        end = group_end(body, 0)
        if end == -1 or _has_top_level_bar(body[group.end() : end - 1]):
            return None
        i = group.end()
    atom_end = _atom_end(body, i)
    if atom_end == -1:
        return None
    quant = _QUANT.match(body, atom_end)
    if quant is None or body[quant.end() : quant.end() + 1] in ("?", "+"):
        return None
    text = quant.group()
    if text in ("+", "*"):
        low = 0 if text == "*" else 1
    elif quant.group(2) and (not quant.group(3) or int(quant.group(3)) - int(quant.group(1)) >= _LONG_RUN):
        low = int(quant.group(1))
    else:
        return None
    atom = body[i:atom_end]
    reduced = "" if low == 0 else atom if low == 1 else f"{atom}{{{low}}}"
    return body[:i] + reduced + body[quant.end() :]


def core_expression(pattern: str, *, shrink: bool = False) -> str:
    """A look-around-free superset of ``pattern`` for a prefilter, anchored on token edges.

    The first negative look-behind and the last negative look-ahead on a single character
    class become ``(?:^|[^…])`` / ``(?:[^…]|$)``. A prefilter then reports one match per
    token instead of one per character of a long digit run, which keeps the number of
    events (each a Python call) near the number of real candidates.

    With ``shrink``, a long variable repeat at the start is cut to its minimum (and the
    leading edge dropped): a superset of the match ends, far cheaper for an automaton. The
    window width must then come from the unshrunk expression.
    """
    head = ""
    i = 0
    first = True
    while pattern.startswith(("(?<!", "(?<="), i):
        end = group_end(pattern, i)
        if end == -1:
            return strip_lookarounds(pattern)
        if first and pattern.startswith("(?<!", i):
            negated = _negated(pattern[i + 4 : end - 1])
            if negated is not None:
                head = f"(?:^|{negated})"
        first = False
        i = end
    body = pattern[i:]
    tail = ""
    trailing: list[tuple[int, int]] = []
    j = len(body)
    while j > 0 and body.endswith(")", 0, j):
        start = _matching_open(body, j - 1)
        if start == -1 or not body.startswith(("(?!", "(?="), start):
            break
        trailing.append((start, j))
        j = start
    if trailing:
        first_start, first_end = trailing[-1]  # the look-ahead right after the body
        if body.startswith("(?!", first_start):
            negated = _negated(body[first_start + 3 : first_end - 1])
            if negated is not None:
                tail = f"(?:{negated}|$)"
        body = body[:j]
    body = strip_lookarounds(body)
    shrunk = _shrink_leading_run(body) if shrink else None
    if shrunk is not None:
        return shrunk + tail
    return head + body + tail


def _matching_open(pattern: str, close: int) -> int:
    """Index of the ``(`` matching the ``)`` at ``close`` (-1 when not found)."""
    for start in range(close, -1, -1):
        escaped = start > 0 and pattern[start - 1] == "\\"
        if pattern[start] == "(" and not escaped and group_end(pattern, start) == close + 1:
            return start
    return -1
