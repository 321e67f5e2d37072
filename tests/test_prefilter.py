"""Prefilters only decide where to look: every prefilter must give the engine the same matches."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from piiscan.engine import Engine
from piiscan.prefilter import (
    FULL,
    HyperscanPrefilter,
    Prefilter,
    RegexPrefilter,
    Windows,
    char_offsets,
    ends_token,
    load_hyperscan,
)

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "repo"


class WholeText:
    """Every pattern over the whole text: the reference."""

    anchored: frozenset[int] = frozenset()

    def __init__(self, count: int) -> None:
        self.count = count

    def windows(self, text: str) -> Windows:
        return {i: list(FULL) for i in range(self.count)}


def _matches(engine: Engine, prefilter: Prefilter, text: str, path: str | None = None) -> list[tuple[str, int, int]]:
    engine._prefilter = lambda _text: prefilter  # type: ignore[method-assign]
    return [(m.entity, m.start, m.end) for m in engine.scan_text(text, path)]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.default(include_placeholders=True)


def _prefilters(engine: Engine) -> dict[str, Prefilter]:
    out: dict[str, Prefilter] = {"regex": RegexPrefilter(engine._slots)}
    hyperscan = load_hyperscan()
    if hyperscan is not None:
        out["hyperscan"] = HyperscanPrefilter(engine._slots, hyperscan)
    return out


@pytest.mark.parametrize("path", sorted(p.relative_to(SAMPLES).as_posix() for p in SAMPLES.rglob("*") if p.is_file()))
def test_prefilters_agree_on_samples(engine: Engine, path: str) -> None:
    text = (SAMPLES / path).read_text(encoding="utf-8")
    reference = _matches(engine, WholeText(len(engine._flat)), text, path)
    for name, prefilter in _prefilters(engine).items():
        assert _matches(engine, prefilter, text, path) == reference, name


PIECES = st.sampled_from(
    ["imei=", "352099001761481", " ", "\n", "android_id: ", "0add995fe0a8dd1f", "，", "手机号", "13912345679",
     "00:E0:FC:12:34:56", "36.112.10.5", "2408:8207:1851:9a0::1", "39.909230,116.397428", '"oaid":"',
     "2e66865617a9bf39", '"', "span_id", "sha256:", "4539075793834700", "x", "设备", "E12345678", "护照",
     "lat=", "39.958392", "imsi-460007312948571", "a@b.cn", "89860070310112094320",
     "ＩＭＥＩ：４９０１５４２０３２３７５１８", "cellId=", "lacValue: ", "ci", "special", "Imei", "IMEI", "2", "52731",
     "deviceSerial", "R58M41ABCDE", "cid"]
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.lists(PIECES, max_size=40))
def test_prefilters_agree_on_generated_text(engine: Engine, pieces: list[str]) -> None:
    text = "".join(pieces)
    reference = _matches(engine, WholeText(len(engine._flat)), text)
    for name, prefilter in _prefilters(engine).items():
        assert _matches(engine, prefilter, text) == reference, name


def test_a_failing_accelerator_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken Hyperscan (bad cache, unsupported CPU) must never fail a scan."""
    import piiscan.engine as engine_module

    text = '{"imei":"352099001761481"} ' * 5000
    expected = [(m.entity, m.start) for m in Engine.default(accelerate=False).scan_text(text)]

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("no hyperscan today")

    monkeypatch.setattr(engine_module, "HyperscanPrefilter", broken)
    engine = Engine.default()
    assert [(m.entity, m.start) for m in engine.scan_text(text)] == expected
    assert not engine.accelerated


@given(text=st.text(alphabet=st.sampled_from([*"ab1:", "é", "设", "号", "😀", "Ｉ"]), max_size=40), data=st.data())
def test_byte_offsets_map_to_character_offsets(text: str, data: st.DataObject) -> None:
    encoded = text.encode("utf-8")
    offsets = data.draw(st.lists(st.integers(0, len(encoded)), max_size=8))
    mapped = char_offsets(encoded, offsets)
    for offset in offsets:
        # a character counts once its first byte is in: an offset inside it maps just past it
        assert mapped[offset] == len(encoded[:offset].decode("utf-8", "ignore")) + (
            0 if offset == len(encoded) or (encoded[offset] & 0xC0) != 0x80 else 1
        )


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("ci=5", 2, True),  # a separator follows
        ("special", 5, False),  # "ci" inside a word
        ("ciValue", 2, True),  # camel case: a new token starts
        ("CIValue", 2, True),  # an upper-case run ends before a capitalised word
        ("CIVALUE", 2, False),
        ("Civic", 2, False),
        ("imei2", 4, True),  # letters, then digits
        ("lac", 3, True),  # the end of the text
        ("基站编号", 2, True),  # Chinese keywords match anywhere
        ("cid号", 3, True),
    ],
)
def test_ends_token(text: str, end: int, expected: bool) -> None:
    assert ends_token(text, end) is expected


def test_keyword_inside_a_word_opens_no_window(engine: Engine) -> None:
    cell = next(i for i, (c, _p) in enumerate(engine._flat) if c.spec.id == "cell_id")
    for prefilter in _prefilters(engine).values():
        assert cell not in prefilter.windows("a special decision was made at 1732867200")
        assert cell in prefilter.windows('{"cellCi": 58454}')
