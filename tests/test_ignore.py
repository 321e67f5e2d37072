"""Inline ``piiscan:ignore`` markers: comment syntaxes, entity lists, next-line, and the real engine."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.findings import fingerprint, mask
from piiscan.ignore import filter_findings, ignored, markers
from piiscan.model import Finding, Sensitivity
from piiscan.scan import ScanConfig, Scanner
from piiscan.sources.files import Document
from piiscan.text import LineIndex

IMEI = "352099001761481"


def make_finding(
    text: str, value: str, entity: str = "IMEI", *, path: str = "app/x.py", occurrence: int = 0
) -> Finding:
    """A finding for the ``occurrence``-th ``value`` in ``text``, built as the engine builds them."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(value, start + 1)
    line, column = LineIndex(text).locate(start)
    return Finding(
        entity=entity, score=0.9, category="device_identifier", sensitivity=Sensitivity.RESTRICTED,
        recognizer=entity.lower(), preview=mask(value), fingerprint=fingerprint(entity, path, value),
        path=path, line=line, column=column, start=start, end=start + len(value),
    )


# ---------------------------------------------------------------------------- comment syntaxes

SUPPRESSING = [
    f"imei = '{IMEI}'  # piiscan:ignore",
    f"imei = '{IMEI}'  #piiscan:ignore",
    f'String imei = "{IMEI}"; // piiscan:ignore',
    f'String imei = "{IMEI}"; //piiscan:ignore',
    f'char *imei = "{IMEI}"; /* piiscan:ignore */',
    f'char *imei = "{IMEI}"; /*piiscan:ignore*/',
    f"<imei>{IMEI}</imei> <!-- piiscan:ignore -->",
    f"<imei>{IMEI}</imei><!--piiscan:ignore-->",
    f"SELECT '{IMEI}' AS imei; -- piiscan:ignore",
    f"SELECT '{IMEI}' AS imei; --piiscan:ignore",
    f"imei = {IMEI} ; piiscan:ignore",
    f"imei={IMEI} ;piiscan:ignore",
    f"imei = {IMEI} % piiscan:ignore",
    f"imei = {IMEI} %piiscan:ignore",
    f"REM imei {IMEI} piiscan:ignore",
    f"set IMEI={IMEI} & REM piiscan:ignore",
    f":: {IMEI} piiscan:ignore",
    f"imei = {IMEI} ! piiscan:ignore",
    f"imei = {IMEI} ' piiscan:ignore",
    f"imei: \"{IMEI}\" \"piiscan:ignore\"",
    f"imei = {IMEI} (* piiscan:ignore *)",
    f"imei = {IMEI} {{ piiscan:ignore }}",
    f"imei = {IMEI} {{-piiscan:ignore-}}",
    f"imei = {IMEI} [piiscan:ignore]",
    f"imei = {IMEI} # PIISCAN:IGNORE",
    f"imei = {IMEI} # PiiScan:Ignore",
    f"# piiscan:ignore\timei = {IMEI}",
    f"piiscan:ignore {IMEI}",
    f"imei = {IMEI} # piiscan:ignore because it is a test fixture",
    f"imei = {IMEI} # piiscan:ignore.",
    f"imei = {IMEI}  # piiscan:ignore\r",
]


@pytest.mark.parametrize("line", SUPPRESSING)
def test_marker_in_any_comment_syntax_suppresses(line: str) -> None:
    finding = make_finding(line, IMEI)
    kept, suppressed = filter_findings([finding], line)
    assert (kept, suppressed) == ([], 1)
    assert ignored(line, "IMEI")


NOT_MARKERS = [
    f"imei = {IMEI}",
    f"imei = {IMEI} # piiscan:ignored",
    f"imei = {IMEI} # piiscan:ignored-foo",
    f"imei = {IMEI} # piiscan:ignore-foo",
    f"imei = {IMEI} # piiscan:ignore_all",
    f"imei = {IMEI} # piiscan:ignoreIMEI",
    f"imei = {IMEI} # piiscan:ignore:IMEI",
    f"imei = {IMEI} # xpiiscan:ignore",
    f"imei = {IMEI} # my.piiscan:ignore",
    f"imei = {IMEI} # piiscan:ignore.txt",
    f"imei = {IMEI} # piiscan ignore",
    f"imei = {IMEI} # piiscan-ignore",
    f"imei = {IMEI} # pragma: allowlist secret",
    f"imei = {IMEI} # piiscan:ignore-next-line",  # suppresses the next line, not this one
]


@pytest.mark.parametrize("line", NOT_MARKERS)
def test_near_misses_do_not_suppress(line: str) -> None:
    finding = make_finding(line, IMEI)
    assert filter_findings([finding], line) == ([finding], 0)
    assert not ignored(line, "IMEI")


# ---------------------------------------------------------------------------- entity lists

MAC = "3c:5a:b4:12:34:56"


@pytest.mark.parametrize(
    ("marker", "suppressed_entities"),
    [
        ("# piiscan:ignore", {"IMEI", "MAC_ADDRESS"}),
        ("# piiscan:ignore IMEI", {"IMEI"}),
        ("# piiscan:ignore MAC_ADDRESS", {"MAC_ADDRESS"}),
        ("# piiscan:ignore IMEI,MAC_ADDRESS", {"IMEI", "MAC_ADDRESS"}),
        ("# piiscan:ignore IMEI, MAC_ADDRESS", {"IMEI", "MAC_ADDRESS"}),
        ("# piiscan:ignore MAC_ADDRESS , IMEI -- test device", {"IMEI", "MAC_ADDRESS"}),
        ("/* piiscan:ignore IMEI */", {"IMEI"}),
        ("<!-- piiscan:ignore MAC_ADDRESS -->", {"MAC_ADDRESS"}),
        ("# piiscan:ignore EMAIL_ADDRESS", set()),
        ("# piiscan:ignore NOT_AN_ENTITY", set()),  # unknown names: no crash, nothing suppressed
        ("# piiscan:ignore IMIE", set()),  # a typo fails closed
        ("# piiscan:ignore NOT_AN_ENTITY,IMEI", {"IMEI"}),
        ("# piiscan:ignore IMEI,mac_address", {"IMEI"}),  # names are upper-case, as the contract spells them
        ("# piiscan:ignore fixture data", {"IMEI", "MAC_ADDRESS"}),  # lower-case words are a reason
        ("# piiscan:ignore IMEI # piiscan:ignore MAC_ADDRESS", {"IMEI", "MAC_ADDRESS"}),
        ("# piiscan:ignore IMEI # piiscan:ignore", {"IMEI", "MAC_ADDRESS"}),
    ],
)
def test_entity_list_limits_the_suppression(marker: str, suppressed_entities: set[str]) -> None:
    line = f"device = ('{IMEI}', '{MAC}')  {marker}"
    findings = [make_finding(line, IMEI, "IMEI"), make_finding(line, MAC, "MAC_ADDRESS")]
    kept, suppressed = filter_findings(findings, line)
    assert {f.entity for f in kept} == {"IMEI", "MAC_ADDRESS"} - suppressed_entities
    assert suppressed == len(suppressed_entities)
    for entity in ("IMEI", "MAC_ADDRESS"):
        assert ignored(line, entity) == (entity in suppressed_entities)


# ---------------------------------------------------------------------------- lines

def test_marker_on_another_line_does_not_suppress() -> None:
    text = f"# piiscan:ignore\n\nimei = {IMEI}\nother = 1  # piiscan:ignore\n"
    finding = make_finding(text, IMEI)
    assert filter_findings([finding], text) == ([finding], 0)


def test_only_the_marked_line_is_suppressed() -> None:
    text = f"a = {IMEI}  # piiscan:ignore\nb = {IMEI}\n"
    first, second = make_finding(text, IMEI), make_finding(text, IMEI, occurrence=1)
    assert filter_findings([first, second], text) == ([second], 1)


@pytest.mark.parametrize(
    ("above", "suppressed"),
    [
        ("# piiscan:ignore-next-line", 1),
        ("// PIISCAN:IGNORE-NEXT-LINE", 1),
        ("<!-- piiscan:ignore-next-line -->", 1),
        ("<!--piiscan:ignore-next-line-->", 1),
        ("# piiscan:ignore-next-line IMEI", 1),
        ("# piiscan:ignore-next-line MAC_ADDRESS", 0),
        ("# piiscan:ignore-next-lines", 0),
        ("# piiscan:ignore", 0),
    ],
)
def test_ignore_next_line(above: str, suppressed: int) -> None:
    text = f"{above}\nimei = {IMEI}\nimei2 = {IMEI}\n"
    first, second = make_finding(text, IMEI), make_finding(text, IMEI, occurrence=1)
    kept, count = filter_findings([first, second], text)
    assert count == suppressed
    assert kept == ([second] if suppressed else [first, second])


def test_next_line_marker_at_the_last_line_is_harmless() -> None:
    text = f"imei = {IMEI}\n# piiscan:ignore-next-line"
    finding = make_finding(text, IMEI)
    assert filter_findings([finding], text) == ([finding], 0)


def test_crlf_text() -> None:
    text = f"a = 1\r\nimei = {IMEI}  # piiscan:ignore IMEI\r\nb = {IMEI}\r\n"
    first, second = make_finding(text, IMEI), make_finding(text, IMEI, occurrence=1)
    assert filter_findings([first, second], text) == ([second], 1)


def test_no_marker_keeps_everything_and_returns_a_new_list() -> None:
    text = f"imei = {IMEI}\n"
    findings = [make_finding(text, IMEI)]
    kept, count = filter_findings(findings, text)
    assert kept == findings and kept is not findings and count == 0
    assert filter_findings([], "# piiscan:ignore") == ([], 0)


def test_finding_outside_the_text_is_kept() -> None:
    text = f"imei = {IMEI}  # piiscan:ignore\n"
    finding = make_finding(text, IMEI)
    places = [(0, 1), (-3, 1), (99, 1), (1, 10_000), (1, -5)]
    stray = [replace(finding, line=line, column=column) for line, column in places]
    kept, count = filter_findings(stray, text)
    # lines outside the text are kept; columns do not matter for the marker of an existing line
    assert kept == stray[:3] and count == 2


# ---------------------------------------------------------------------------- a value cannot suppress itself

def test_marker_inside_the_value_does_not_count() -> None:
    line = 'mail = "piiscan:ignore@zhang-corp.cn"'
    value = "ignore@zhang-corp.cn"
    finding = make_finding(line, value, "EMAIL_ADDRESS")
    assert filter_findings([finding], line) == ([finding], 0)
    span = (finding.column - 1, finding.column - 1 + len(value))
    assert not ignored(line, "EMAIL_ADDRESS", span=span)


def test_marker_words_are_not_the_token() -> None:
    # the value may follow the marker (the reason text): the marker still counts
    line = f"# piiscan:ignore IMEI {IMEI}"
    finding = make_finding(line, IMEI)
    assert filter_findings([finding], line) == ([], 1)


def test_markers_report_token_offsets() -> None:
    line = "x  // piiscan:ignore-next-line IMEI, MAC_ADDRESS"
    (found,) = markers(line)
    assert line[found.start : found.end] == "piiscan:ignore-next-line"
    assert found.next_line and found.entities == frozenset({"IMEI", "MAC_ADDRESS"})


# ---------------------------------------------------------------------------- with the real engine

@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner(ScanConfig())


def _scan(scanner: Scanner, text: str) -> list[Finding]:
    """The engine's findings before inline ignores (``Scanner.scan_document`` applies them)."""
    from piiscan.findings import to_findings

    return to_findings(scanner.engine.scan_text(text, "app/device.py"), text, "app/device.py", scanner.taxonomy)


def test_scanning_a_document_applies_the_markers(scanner: Scanner) -> None:
    text = f'imei = "{IMEI}"  # piiscan:ignore\nimei2 = {IMEI}\n'
    found = scanner.scan_document(Document("app/device.py", text, "utf-8", len(text.encode())))
    assert [f.line for f in found] == [2]


def test_engine_findings_are_suppressed_and_the_marker_is_no_finding(scanner: Scanner) -> None:
    text = (
        f'imei = "{IMEI}"  # piiscan:ignore IMEI,MAC_ADDRESS\n'
        f"mac = '{MAC}'  // piiscan:ignore\n"
        "<!-- piiscan:ignore-next-line -->\n"
        "contact: jane.doe@zhang-corp.cn\n"
        f"imei2 = {IMEI}\n"
    )
    findings = _scan(scanner, text)
    assert [f.line for f in findings] == [1, 2, 4, 5]
    for f in findings:  # no finding comes from a marker
        assert "piiscan:ignore" not in text[f.start : f.end].lower()
    kept, suppressed = filter_findings(findings, text)
    assert suppressed == 3
    assert [(f.line, f.entity) for f in kept] == [(5, "IMEI")]
    assert all(f.value is None and IMEI not in f.preview for f in kept)


def test_engine_value_containing_the_marker_stays(scanner: Scanner) -> None:
    text = 'mail = "piiscan:ignore@zhang-corp.cn"\n'
    findings = _scan(scanner, text)
    assert [f.entity for f in findings] == ["EMAIL_ADDRESS"]
    assert filter_findings(findings, text) == (findings, 0)


# ---------------------------------------------------------------------------- properties

_LINES = st.lists(
    st.one_of(
        st.text(max_size=40),
        st.sampled_from([
            "# piiscan:ignore", "piiscan:ignore IMEI", "// piiscan:ignore-next-line", "PIISCAN:IGNORE x,Y",
            "piiscan:ignore ,,", "piiscan:ignore-next-line \u00e9\u00e9", "<!--piiscan:ignore-->", "\r",
        ]),
    ),
    max_size=8,
)
_FINDINGS = st.lists(
    st.builds(
        Finding,
        entity=st.sampled_from(["IMEI", "MAC_ADDRESS", "EMAIL_ADDRESS", "x"]),
        score=st.just(0.5), category=st.just("c"), sensitivity=st.just(Sensitivity.INTERNAL),
        recognizer=st.just("r"), preview=st.just("**"), fingerprint=st.text(max_size=4), path=st.just("p"),
        line=st.integers(-2, 10), column=st.integers(-2, 50), start=st.integers(-5, 300), end=st.integers(-5, 300),
    ),
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(lines=_LINES, findings=_FINDINGS)
def test_filter_never_raises_and_never_adds(lines: list[str], findings: list[Finding]) -> None:
    text = "\n".join(lines)
    kept, suppressed = filter_findings(findings, text)
    assert len(kept) + suppressed == len(findings)
    assert suppressed >= 0
    remaining = iter(findings)
    assert all(any(k is f for f in remaining) for k in kept)  # a subsequence, in order


@settings(max_examples=200, deadline=None)
@given(line=st.text(max_size=80), entity=st.text(max_size=12))
def test_ignored_never_raises(line: str, entity: str) -> None:
    assert ignored(line, entity) in (True, False)
