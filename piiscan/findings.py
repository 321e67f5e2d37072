"""From engine matches to reportable findings: masked preview, stable fingerprint.

This is where the raw value is dropped: a :class:`~piiscan.model.Finding` keeps it only
when the user asked for values (``--show-values``).
"""

from __future__ import annotations

import hashlib

from piiscan.model import Finding, Match
from piiscan.taxonomy import Taxonomy
from piiscan.text import LineIndex

_MAX_STARS = 20  # long tokens (FCM, 64-hex OAIDs) get a bounded preview with their length


def mask(value: str) -> str:
    """Masked preview: at most a third of the characters stay visible (``35*********1481``)."""
    n = len(value)
    if n <= 4:
        return "*" * n
    if "@" in value:
        local, _, domain = value.rpartition("@")
        tld = domain.rsplit(".", 1)[-1] if "." in domain else ""
        return f"{local[:1]}{'*' * max(len(local) - 1, 1)}@{'*' * max(len(domain) - len(tld) - 1, 1)}.{tld}"
    visible = max(1, n // 3)
    shown_head = min(2, visible // 2) if n >= 8 else 1
    shown_tail = min(4, visible - shown_head)
    hidden = n - shown_head - shown_tail
    stars = "*" * hidden if hidden <= _MAX_STARS else "*" * _MAX_STARS + f"({n})"
    return value[:shown_head] + stars + (value[n - shown_tail :] if shown_tail else "")


def fingerprint(entity: str, path: str, normalized: str) -> str:
    """Stable identity of a finding: entity + location (no line number) + normalised value."""
    text = f"piiscan/v1\0{entity}\0{path}\0{normalized}"
    try:  # a non-UTF-8 file name arrives surrogate-escaped: hash its original bytes
        data = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:40]


def to_findings(
    matches: list[Match], text: str, path: str, taxonomy: Taxonomy, *, show_values: bool = False
) -> list[Finding]:
    """Turn the matches of one text into findings (line/column computed once per text)."""
    if not matches:
        return []
    lines = LineIndex(text)
    findings = []
    for m in matches:
        line, column = lines.locate(m.start)
        category, sensitivity = taxonomy.classify(m.recognizer, m.tags)
        findings.append(
            Finding(
                entity=m.entity,
                score=m.score,
                category=category,
                sensitivity=sensitivity,
                recognizer=m.recognizer,
                preview=mask(m.value),
                fingerprint=fingerprint(m.entity, path, m.normalized),
                path=path,
                line=line,
                column=column,
                start=m.start,
                end=m.end,
                value=m.value if show_values else None,
                placeholder=m.placeholder,
                tags=tuple(sorted(m.tags)),
            )
        )
    return findings
