"""Which parts of a text are prose: the only text the NER tier sends to a language model.

A model is slow (tens of KB/s) and, on code tokens and log formats, wrong; the regex tier already
covers structured values. So NER reads documents by paragraphs that read as text, and elsewhere only
the pieces that read like sentences: comments and string literals in code, free-text values in JSON,
CSV and YAML, and the message of a log line. Everything here is a pure function of the text (and
its path).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

#: files that are prose as a whole (markup aside)
DOCUMENT_SUFFIXES = frozenset({
    ".md", ".markdown", ".txt", ".text", ".rst", ".adoc", ".asciidoc", ".org", ".tex", ".eml", ".html", ".htm",
    ".rtf", ".srt", ".vtt",
})
_DOCUMENT_LETTERS = 0.33  # share of a document block's visible characters that must be letters
MAX_SEGMENT = 4000  # characters per segment handed to a model (longer prose is cut into pieces this long)

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")  # a Han character
_LATIN_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*")  # a word of letters (Latin, Greek, Cyrillic ...)
_CODEISH = re.compile(r"[_{}<>=\\]|[a-z][A-Z]|\w\(|[A-Za-z]\.[A-Za-z]|::|->|=>|/\w")  # not 10.0.0.8 or 4.2.6
_FUNCTION_WORD_TEXT = """
a an the and or but to of in on at by for from with about after before into over under is was are were be been
has have had will would can could should may must please our your my his her their its we you he she they it
i me him them us this that these those who whom which called asked said says told wrote sent spoke met
dear hi hello thanks regards mr mrs ms dr
"""
_FUNCTION_WORDS = frozenset(_FUNCTION_WORD_TEXT.split())
#: a piece of a non-document line: a quoted string, a comment, or the text after a label/separator
_QUOTED = re.compile(r'"((?:[^"\\\n]|\\.){8,})"|\'((?:[^\'\\\n]|\\.){8,})\'')
_COMMENT = re.compile(r"(?:^|\s)(?:#|//|--|;)\s?(.{8,})$|/\*+\s?(.{8,}?)\s*(?:\*/|$)|^\s*\*\s?(.{8,})$")
_MESSAGE_SPLIT = re.compile(r"(?:^|(?<=\s))(?:[:|>\-]|\]|=)\s|:\s|\t|,")
_MARKDOWN_PREFIX = re.compile(r"^\s*(?:#{1,6}\s|>+\s?|[-*+]\s|\d+[.)]\s|\|)?")  # also e-mail quotes (">text")
_FENCE = re.compile(r"^\s*(?:```|~~~)")
_TIMESTAMP = re.compile(  # 2024-11-29, logcat's 11-29 16:01, 16:01:18
    r"\s*\[?(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}|[0-9]{2}:[0-9]{2}:[0-9]{2})"
)
#: what precedes the message of a log line: a timestamp, thread and process ids, a level, a logger
#: or tag and brackets (logcat ``11-29 16:01:18.639 2345 2399 I Tag: ``, ``2024-11-29 10:00:01 INFO [svc] ``)
_LOG_PREFIX = re.compile(
    r"""\s*(?:\[?[0-9][0-9:./\-T,Z+]{4,}\]?\s+){1,3}(?:[0-9]+\s+){0,2}
    (?:(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|FATAL|CRITICAL|[VDIWEF])(?:/[\w.$-]+(?:\(\s*[0-9]+\))?)?:?\s+)?
    (?:\[[^\]]{0,60}\]\s*)*(?:[A-Za-z_$][\w.$-]{0,60}(?:\(\s*[0-9]+\))?:\s+)?""",
    re.VERBOSE,
)


class Segment(NamedTuple):
    """A piece of prose: ``text[start:end]`` of the scanned text, and its script (``zh`` or ``en``).

    ``fragment`` marks a piece cut out of a line of code, data or log (not a document's paragraph).
    """

    start: int
    end: int
    script: str
    fragment: bool = False


def script_of(piece: str) -> str | None:
    """``zh`` for Chinese prose, ``en`` for Latin-script prose, ``None`` for anything else."""
    visible = sum(1 for c in piece if not c.isspace())
    han = len(HAN.findall(piece))
    if han >= 4 and han >= 0.3 * visible:
        return "zh"
    words = _LATIN_WORD.findall(piece)  # English (a few Han characters inside go to both taggers)
    if len(words) < 3:
        return None
    if sum(map(len, words)) < 0.6 * visible:
        return None
    # code marks: none at all in a short piece ("Started MainActivity in 320 ms"), few in a long one
    if len(_CODEISH.findall(piece)) > (len(words) // 4 if len(words) >= 6 else 0):
        return None
    if not any(w.lower() in _FUNCTION_WORDS for w in words):
        return None
    return "en"


def _line_spans(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for line in text.splitlines(keepends=True):
        end = start + len(line.rstrip("\r\n"))
        yield start, end
        start += len(line)


def _pieces(line: str) -> Iterator[tuple[int, int]]:
    """Candidate prose pieces of one non-document line (offsets into the line)."""
    for found in _QUOTED.finditer(line):
        group = 1 if found.group(1) is not None else 2
        yield found.span(group)
    prefix = _LOG_PREFIX.match(line)
    if prefix is not None and prefix.end() < len(line):  # a log line: its message, after time, level and tag
        yield prefix.end(), len(line)
    for found in _COMMENT.finditer(line):
        for group in (1, 2, 3):
            if found.group(group) is not None:
                yield found.span(group)
    # a log line or a key: value line: the longest stretch between separators is the message
    cuts = [0, *(m.end() for m in _MESSAGE_SPLIT.finditer(line))]
    best = max(zip(cuts, [*cuts[1:], len(line)], strict=True), key=lambda span: span[1] - span[0])
    yield best
    yield 0, len(line)


def text_script(piece: str) -> str | None:
    """The script of a document block that reads as text (looser than :func:`script_of`: an
    address block or a signature has no function word), ``None`` for code or data."""
    visible = sum(1 for c in piece if not c.isspace())
    if not visible:
        return None
    han = len(HAN.findall(piece))
    if han >= 2 and han >= 0.3 * visible:
        return "zh"
    words = _LATIN_WORD.findall(piece)
    # a signature or an address block is mostly numbers (phones, postcodes): letters need only be a third
    if not words or sum(map(len, words)) < _DOCUMENT_LETTERS * visible:
        return None
    if len(_CODEISH.findall(piece)) > max(1, len(words) // 4):
        return None
    return "en"


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Blocks of non-blank lines outside fenced code, as (start, end) offsets."""
    fenced = False
    first = last = -1
    for start, end in _line_spans(text):
        line = text[start:end]
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and line.strip():
            first = start if first < 0 else first
            last = end
            continue
        if first >= 0:
            yield first, last
            first = -1
    if first >= 0:
        yield first, last


def _document_segments(text: str) -> Iterator[Segment]:
    """A document's paragraphs that read as text, consecutive ones of one script joined (an
    address block split by blank lines, a signature under a letter); code blocks left out."""
    current: Segment | None = None
    for start, end in _paragraphs(text):
        plain = "\n".join(line[m.end() :] if (m := _MARKDOWN_PREFIX.match(line)) else line
                          for line in text[start:end].split("\n"))
        script = text_script(plain)
        if script is None:
            if current is not None:
                yield current
            current = None
        elif current is not None and current.script == script and end - current.start <= MAX_SEGMENT:
            current = Segment(current.start, end, script)
        else:
            if current is not None:
                yield current
            current = Segment(start, end, script)
    if current is not None:
        yield current


def _other_segments(text: str) -> Iterator[Segment]:
    for start, end in _line_spans(text):
        line = text[start:end]
        if len(line) < 8:
            continue
        taken: list[tuple[int, int]] = []
        for lo, hi in _pieces(line):
            piece = line[lo:hi].strip()
            if not piece or any(a <= lo and hi <= b for a, b in taken):
                continue
            script = script_of(piece)
            if script is None:
                continue
            lead = len(line[lo:hi]) - len(line[lo:hi].lstrip())
            lo += lead
            hi = lo + len(piece)
            if any(lo < b and a < hi for a, b in taken):
                continue
            taken.append((lo, hi))
            yield Segment(start + lo, start + hi, script, True)


def _merged(segments: Iterator[Segment], text: str) -> Iterator[Segment]:
    """Join consecutive lines of the same script into one segment (a model reads sentences, not lines)."""
    current: Segment | None = None
    for seg in segments:
        if (
            current is not None
            and seg.script == current.script
            and seg.end - current.start <= MAX_SEGMENT
            and text[current.end : seg.start].strip() == ""
            and text.count("\n", current.end, seg.start) == 1
        ):
            current = Segment(current.start, seg.end, seg.script, seg.fragment)
            continue
        if current is not None:
            yield current
        current = seg
    if current is not None:
        yield current


def _bounded(segments: Iterator[Segment]) -> Iterator[Segment]:
    for seg in segments:
        start = seg.start
        while seg.end - start > MAX_SEGMENT:
            yield Segment(start, start + MAX_SEGMENT, seg.script, seg.fragment)
            start += MAX_SEGMENT
        yield Segment(start, seg.end, seg.script, seg.fragment)


def _looks_like_log(text: str) -> bool:
    """A ``.txt`` that is a log (``logcat.txt``): most of its first lines start with a timestamp."""
    lines = [line for line in text[:20_000].splitlines() if line.strip()][:50]
    stamped = sum(1 for line in lines if _TIMESTAMP.match(line))
    return bool(lines) and stamped * 2 >= len(lines)


def prose_segments(text: str, path: str | None = None) -> list[Segment]:
    """The prose of ``text``, as segments with their script: a document (by suffix, unless it is a
    log) by paragraphs, anything else by the prose pieces of its lines."""
    suffix = ""
    if path:
        name = path.rsplit("/", 1)[-1].lower()
        if "." in name:
            suffix = name[name.rindex(".") :]
    if suffix in DOCUMENT_SUFFIXES and not _looks_like_log(text):
        return list(_bounded(_document_segments(text)))
    return list(_bounded(_merged(_other_segments(text), text)))
