"""Masked previews and stable fingerprints (contract section 3)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.findings import fingerprint, mask
from piiscan.scan import ScanConfig, run_scan

MASK_CHAR = "*"
_LENGTH_MARK = re.compile(r"\*\((\d+)\)")


def _expand(preview: str, size: int) -> str:
    """Undo the bounded preview of a long value: ``ab****(30)wxyz`` → all the stars, ``size`` long."""
    found = _LENGTH_MARK.search(preview)
    if found is None or len(preview) == size:
        return preview
    assert int(found.group(1)) == size
    head, tail = preview[: found.start() + 1], preview[found.end() :]
    return head + MASK_CHAR * (int(found.group(1)) - len(head) - len(tail)) + tail


def _visible(preview: str, size: int) -> int:
    """Characters of the value left visible (the ``(n)`` length mark is not part of it)."""
    return sum(1 for c in _expand(preview, size) if c != MASK_CHAR)


def _longest_common_substring(a: str, b: str) -> int:
    best = 0
    previous = [0] * (len(b) + 1)
    for ca in a:
        current = [0] * (len(b) + 1)
        for j, cb in enumerate(b, start=1):
            if ca == cb:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


# --------------------------------------------------------------------------- mask: table


@pytest.mark.parametrize(
    "value",
    [
        "352099001761481",  # IMEI
        "3520990017614815",  # IMEISV
        "4539075793834700",  # Visa
        "6217001742180965",  # UnionPay
        "11010219910101007X",  # CN resident ID
        "460001234567890",  # IMSI
        "192.168.1.20",
        "2001:db8:85a3::8a2e:370:7334",
        "cdda802e-fb9c-47ad-9866-0794d394c912",
        "9774d56d682e549c",
        "+86 138 0013 8000",
        "02:00:00:00:00:00",
        "DE44500105175407324931",
        "abcde",
        "abcdefg",
        "abcdefgh",
    ],
)
def test_mask_hides_at_least_two_thirds(value: str) -> None:
    raw = mask(value)
    assert raw != value
    assert value not in raw
    preview = _expand(raw, len(value))
    assert len(preview) == len(value)
    assert _visible(preview, len(value)) <= max(1, len(value) // 3)
    # what stays visible is a head and a tail, in place; everything between is masked
    head = preview[: preview.index(MASK_CHAR)]
    tail = preview[preview.rindex(MASK_CHAR) + 1 :]
    assert head, "the first character stays visible"
    assert value.startswith(head)
    assert value.endswith(tail)
    assert set(preview[len(head) : len(preview) - len(tail)]) == {MASK_CHAR}


@pytest.mark.parametrize("value", ["", "a", "ab", "abc", "1234"])
def test_mask_short_values_entirely(value: str) -> None:
    assert mask(value) == MASK_CHAR * len(value)


@pytest.mark.parametrize(
    ("value", "tld"),
    [
        ("jane_roe88@outlook.com", "com"),
        ("li.wei@example.com.cn", "cn"),
        ("a@b.co", "co"),
        ("firstname.lastname+tag@mail.university.edu", "edu"),
        ("12345678@qq.com", "com"),
    ],
)
def test_mask_email_keeps_first_letter_and_tld_only(value: str, tld: str) -> None:
    local, _, domain = value.rpartition("@")
    preview = mask(value)
    assert preview != value
    assert value not in preview
    assert preview.endswith("." + tld)
    assert preview.startswith(local[0])
    assert "@" in preview
    masked_local, _, masked_domain = preview.rpartition("@")
    assert set(masked_local[1:]) == {MASK_CHAR}
    assert set(masked_domain[: -len(tld) - 1]) == {MASK_CHAR}
    if len(local) > 1:
        assert local not in preview
    assert domain.rsplit(".", 1)[0] not in preview


# --------------------------------------------------------------------------- mask: properties

# '*' is the mask character: a value made of it would mask to itself, and no identifier
# piiscan detects contains one.
_TEXT = st.text(st.characters(exclude_characters=MASK_CHAR, codec="utf-8"), min_size=5, max_size=80)
_PLAIN = st.text(st.characters(exclude_characters=MASK_CHAR + "@", codec="utf-8"), min_size=5, max_size=80)
_LABEL = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12)
_EMAILS = st.builds(
    lambda local, labels, tld: f"{local}@{'.'.join(labels)}.{tld}",
    st.text("abcdefghijklmnopqrstuvwxyz0123456789._+-", min_size=1, max_size=20),
    st.lists(_LABEL, min_size=1, max_size=3),
    st.text("abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=6),
)


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_mask_never_returns_the_value(value: str) -> None:
    preview = mask(value)
    assert preview != value
    assert _longest_common_substring(value, preview) < len(value)


@settings(max_examples=200, deadline=None)
@given(_PLAIN)
def test_mask_keeps_at_most_a_third(value: str) -> None:
    preview = mask(value)
    assert len(_expand(preview, len(value))) == len(value)
    assert _visible(preview, len(value)) <= max(1, len(value) // 3)
    assert _longest_common_substring(value, preview) <= max(1, len(value) // 3)


@pytest.mark.parametrize("size", [5, 20, 26, 27, 64, 163, 4096])
def test_mask_of_long_tokens_is_bounded(size: int) -> None:
    value = "".join("0123456789abcdef"[(i * 7 + i // 16) % 16] for i in range(size))
    preview = mask(value)
    assert len(preview) <= 40
    assert len(_expand(preview, size)) == size
    assert _visible(preview, size) <= max(1, size // 3)


@settings(max_examples=200, deadline=None)
@given(_EMAILS)
def test_mask_email_reveals_only_first_letter_and_tld(value: str) -> None:
    tld = value.rsplit(".", 1)[1]
    preview = mask(value)
    assert preview.endswith("." + tld)
    assert preview != value
    # the only runs shared with the address: its first letter, "@", and ".tld"
    assert _longest_common_substring(value, preview) <= len(tld) + 1
    assert _visible(preview, len(value)) == 1 + 1 + 1 + len(tld)


# --------------------------------------------------------------------------- fingerprint

PINNED = ("IMEI", "src/app/config.py", "352099001761481")
PINNED_FINGERPRINT = "d57e1bdc86035effb4d6adf8aa2706e9c0a27284"


def test_fingerprint_is_pinned() -> None:
    """The contract: the same finding gives the same fingerprint on every run and machine, forever."""
    assert fingerprint(*PINNED) == PINNED_FINGERPRINT


def test_fingerprint_shape() -> None:
    value = fingerprint(*PINNED)
    assert len(value) == 40
    assert int(value, 16) >= 0
    assert fingerprint(*PINNED) == value


@pytest.mark.parametrize(
    "changed",
    [
        ("IMSI", "src/app/config.py", "352099001761481"),
        ("IMEI", "src/app/config.yml", "352099001761481"),
        ("IMEI", "src/app/config.py", "352099001761482"),
        ("IMEI", "", "352099001761481"),
        # no ambiguity where the parts meet
        ("IMEI", "src/app/config.py3", "52099001761481"),
        ("IMEIs", "rc/app/config.py", "352099001761481"),
    ],
)
def test_fingerprint_differs_by_entity_path_value(changed: tuple[str, str, str]) -> None:
    assert fingerprint(*changed) != PINNED_FINGERPRINT


def _scan_fingerprints(path: Path) -> dict[str, str]:
    report = run_scan([str(path)], ScanConfig(jobs=1))
    return {f.entity: f.fingerprint for f in report.findings}


def test_fingerprint_ignores_line_numbers(tmp_path: Path) -> None:
    target = tmp_path / "device.txt"
    target.write_text("device imei: 352099001761481\nmail jane_roe88@outlook.com\n", encoding="utf-8")
    before = _scan_fingerprints(target)
    assert set(before) == {"IMEI", "EMAIL_ADDRESS"}

    target.write_text(
        "# header\n\n\nsome notes\nmail   jane_roe88@outlook.com\n\n    device imei: 352099001761481\n",
        encoding="utf-8",
    )
    report = run_scan([str(target)], ScanConfig(jobs=1))
    after = {f.entity: f.fingerprint for f in report.findings}
    assert {f.entity: f.line for f in report.findings} == {"EMAIL_ADDRESS": 5, "IMEI": 7}
    assert after == before


def test_fingerprint_depends_on_file_and_value_in_a_scan(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("device imei: 352099001761481\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("device imei: 352099001761481\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("device imei: 490154203237518\n", encoding="utf-8")
    report = run_scan([str(tmp_path)], ScanConfig(jobs=1))
    prints = {Path(f.path).name: f.fingerprint for f in report.findings}
    assert len(prints) == 3
    assert len(set(prints.values())) == 3
    again = run_scan([str(tmp_path)], ScanConfig(jobs=1))
    assert {Path(f.path).name: f.fingerprint for f in again.findings} == prints
