"""Privacy and robustness properties of a whole scan (run_scan + every writer).

* No output contains a detected raw value unless values were asked for (``--show-values``).
* Scanning arbitrary bytes (or a zip of arbitrary members) never raises: problems are
  :class:`~piiscan.model.ScanError` records.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import tempfile
import zipfile
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from piiscan.context import GLOBAL_NEGATIVES
from piiscan.model import Report, ScanError
from piiscan.recognizers import load_recognizers
from piiscan.scan import ScanConfig, Scanner, run_scan
from piiscan.validators.checksums import luhn_check_digit, mod11_2_check
from piiscan.writers import WRITERS, get_writer

FORMATS = tuple(WRITERS)  # table, json, jsonl, csv, sarif
ERROR_KINDS = frozenset(
    {"not_found", "unreadable", "permission", "not_regular", "too_large", "vanished", "archive_limit",
     "corrupt_archive", "corrupt", "not_parquet", "schema_drift"}
)  # fmt: skip
PROPERTY_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)


@cache
def _scanner(show_values: bool) -> Scanner:
    return Scanner(ScanConfig(show_values=show_values, jobs=1))


def _scan(path: Path, *, show_values: bool = False) -> Report:
    scanner = _scanner(show_values)
    return run_scan([str(path)], scanner.config, scanner=scanner)


def _render(report: Report, fmt: str) -> str:
    out = io.StringIO()
    get_writer(fmt).write(report, out)
    return out.getvalue()


# --------------------------------------------------------------------------- identifiers


def _varied(digits: str) -> bool:
    """Looks like a real number: several distinct digits, no long repeats, not a counting run."""
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(digits)}
    longest_run = max(len(list(group)) for _, group in itertools.groupby(digits))
    return len(set(digits)) >= 5 and longest_run < 4 and len(steps) > 1


def _digits(size: int) -> st.SearchStrategy[str]:
    return st.text("0123456789", min_size=size, max_size=size).filter(_varied)


@st.composite
def imeis(draw: st.DrawFn) -> str:
    """Luhn-valid 15-digit IMEI with an allocating reporting body (35 or 86)."""
    body = draw(st.sampled_from(["35", "86"])) + draw(_digits(12))
    return body + luhn_check_digit(body)


@st.composite
def visa_cards(draw: st.DrawFn) -> str:
    body = "4" + draw(_digits(14))
    return body + luhn_check_digit(body)


@st.composite
def emails(draw: st.DrawFn) -> str:
    """Random mailboxes at gmail.com. Each word of the local part starts with ``j`` and holds no
    other letter: no character run of it can spell a context word (``hash``, ``test`` ...)."""
    tail = st.text("j0123456789", min_size=2, max_size=12)
    local = "j" + draw(tail)
    if draw(st.booleans()):
        local += draw(st.sampled_from("._-")) + "j" + draw(tail)
    return f"{local}@gmail.com"


@st.composite
def cn_resident_ids(draw: st.DrawFn) -> str:
    """18-character PRC resident ID: province + area code, real adult birth date, MOD 11-2 check."""
    province = draw(st.sampled_from(["11", "12", "31", "32", "33", "44", "51", "61"]))
    area = draw(st.text("0123456789", min_size=4, max_size=4).filter(lambda a: a != "0000"))
    born = draw(st.dates(dt.date(1940, 1, 1), dt.date(2004, 12, 31)))
    sequence = draw(st.text("0123456789", min_size=3, max_size=3))
    body = f"{province}{area}{born:%Y%m%d}{sequence}"
    return body + mod11_2_check(body)


IDENTIFIERS: dict[str, st.SearchStrategy[str]] = {
    "IMEI": imeis(),
    "CREDIT_CARD": visa_cards(),
    "EMAIL_ADDRESS": emails(),
    "CN_RESIDENT_ID": cn_resident_ids(),
}


def _context_characters() -> frozenset[str]:
    """Every character of every key, context and negative-context word the engine knows."""
    words = [*GLOBAL_NEGATIVES]
    for spec in load_recognizers():
        words += [*spec.keys, *spec.context, *spec.negative_context]
    return frozenset("".join(words))


# Surrounding text: CJK, punctuation, white space and a few letters, none of which occurs in
# a context word ("test", "订单号" ...), so every planted value stays an unambiguous finding.
_CONTEXT_CHARS = _context_characters()
_FILLER = st.text(
    st.one_of(
        st.sampled_from([c for c in " \n\t,.;:()[]=/qxzjkvQXZJKV" if c.isspace() or c not in _CONTEXT_CHARS]),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5, exclude_characters="".join(_CONTEXT_CHARS)),
    ),
    max_size=40,
)


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[tuple[str, str]]]:
    """A text holding one or two values of every entity (shuffled) between random filler."""
    planted = [
        (entity, draw(strategy)) for entity, strategy in IDENTIFIERS.items() for _ in range(draw(st.integers(1, 2)))
    ]
    planted = draw(st.permutations(planted))
    parts = [draw(_FILLER)]
    for _, value in planted:
        parts += [" ", value, " ", draw(_FILLER)]
    return "".join(parts), planted


@PROPERTY_SETTINGS
@given(documents())
def test_no_output_contains_a_raw_value_without_show_values(document: tuple[str, list[tuple[str, str]]]) -> None:
    text, planted = document
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.txt"
        path.write_bytes(text.encode("utf-8"))
        report = _scan(path)
        shown = _scan(path, show_values=True)
    assert not report.errors

    # each planted value was found, as its entity, at its place in the text
    located = {(f.entity, text[f.start : f.end]) for f in report.findings}
    for entity, value in planted:
        assert (entity, value) in located, f"{entity} not found"
    assert all(f.value is None for f in report.findings)

    for fmt in FORMATS:
        output = _render(report, fmt)
        for entity, value in planted:
            assert value not in output, f"raw {entity} in --format {fmt}"

    # with --show-values the JSON output does carry the values (so the check above can fail)
    records = json.loads(_render(shown, "json"))["findings"]
    values = {r.get("value") for r in records}
    for _, value in planted:
        assert value in values
    assert all(value not in _render(shown, "sarif") for _, value in planted)  # never in SARIF


# --------------------------------------------------------------------------- hostile bytes

_MAGIC = st.sampled_from(
    [b"", b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b\x08", b"BZh9", b"\xfd7zXZ\x00", b"\xff\xfe", b"\xfe\xff",
     b"\xef\xbb\xbf", b"ustar", b"SQLite format 3\x00", b"PAR1"]
)  # fmt: skip
_NAMES = st.sampled_from(
    ["blob", "blob.txt", "blob.zip", "blob.gz", "blob.tar", "blob.tgz", "blob.xz", "blob.bz2", "blob.json"]
)


def _check_report(report: Report, display: str) -> None:
    for error in report.errors:
        assert isinstance(error, ScanError)
        assert error.kind in ERROR_KINDS, error
        assert error.path.startswith(display)
        assert isinstance(error.message, str)
        assert error.message
    for finding in report.findings:
        assert finding.path.startswith(display)
        assert 0 <= finding.start < finding.end
        assert finding.line >= 1
        assert finding.column >= 1
        assert 0 <= finding.score <= 1
    for fmt in FORMATS:
        _render(report, fmt)


@PROPERTY_SETTINGS
@given(magic=_MAGIC, data=st.binary(max_size=4096), name=_NAMES)
def test_scanning_arbitrary_bytes_never_raises(magic: bytes, data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(magic + data)
        report = _scan(path)
    _check_report(report, str(path))
    summary = report.summary
    assert summary.files_scanned + sum(summary.files_skipped.values()) + summary.errors >= 1


_MEMBER_NAMES = st.text(
    st.one_of(st.sampled_from(list("abc./\\-_ ")), st.characters(codec="utf-8")),
    min_size=1,
    max_size=30,
).filter(lambda name: "\x00" not in name and name.strip("/"))  # what zipfile itself cannot write


@PROPERTY_SETTINGS
@given(
    members=st.lists(
        st.tuples(_MEMBER_NAMES, st.one_of(st.binary(max_size=512), _FILLER.map(str.encode))),
        max_size=5,
        unique_by=lambda member: member[0],
    ),
    truncate=st.one_of(st.none(), st.integers(min_value=0, max_value=2000)),
)
def test_scanning_a_zip_of_arbitrary_members_never_raises(
    members: list[tuple[str, bytes]], truncate: int | None
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            archive.writestr(name, content)
    blob = buffer.getvalue()
    if truncate is not None:
        assume(truncate < len(blob))
        blob = blob[:truncate]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "blob.zip"
        path.write_bytes(blob)
        report = _scan(path)
    _check_report(report, str(path))
