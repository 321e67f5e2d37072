"""What every NER tagger returns, and the interface the NER tier drives.

The NER tier is optional (``piiscan[ner]``, ``--ner``). Nothing under ``piiscan.ner`` may import
spaCy, jieba or Presidio at module level: taggers import them when they are built, so that
``import piiscan.ner`` stays as cheap as the rest of the fast path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

PERSON = "PERSON"
LOCATION = "LOCATION"


class NerSpan(NamedTuple):
    """One entity a tagger found.

    ``start``/``end`` are character offsets into the text the tagger was given; ``entity`` is
    ``PERSON`` or ``LOCATION`` (the contract's names); ``recognizer`` is a stable id such as
    ``ner_en_person``; ``reasons`` says why (model label, guard, context word) for ``--explain``.
    """

    entity: str
    start: int
    end: int
    score: float
    recognizer: str
    reasons: tuple[str, ...] = ()


#: a tagger's reason for a PERSON that is one word it cannot vouch for (the English model's "Config",
#: "Sequence" in code and logs): the tier reports it in documents only, not in fragments of code or data
LONE_WORD = "one unknown word"


@dataclass(slots=True)
class NerStats:
    """How much text went through the models (the scan summary's ``ner`` object)."""

    segments: int = 0  # prose segments and column values
    chars: int = 0
    texts: int = 0  # texts (files, documents, column batches) that had any prose

    def since(self, before: NerStats) -> NerStats:
        """What was counted after ``before`` (a copy taken earlier)."""
        return NerStats(self.segments - before.segments, self.chars - before.chars, self.texts - before.texts)

    def add(self, other: NerStats) -> None:
        """Count ``other`` in too (a worker's or a file's counts into the scan's)."""
        self.segments += other.segments
        self.chars += other.chars
        self.texts += other.texts

    def to_record(self) -> dict[str, int]:
        """JSON form."""
        return {"segments": self.segments, "chars": self.chars, "texts": self.texts}


class NerUnavailable(RuntimeError):
    """The NER extra (or its model) is not installed; the message says what to install."""


class Tagger(Protocol):
    """A named-entity tagger for one language (or script)."""

    name: str

    def tag(self, text: str) -> list[NerSpan]:
        """Entities in one text."""
        ...

    def tag_many(self, texts: Sequence[str]) -> list[list[NerSpan]]:
        """Entities in many texts, in order (batched where the model allows it)."""
        ...


class NerRecognizer(NamedTuple):
    """What the NER tier reports under one recognizer id (for the taxonomy, SARIF rules and ``recognizers list``)."""

    id: str
    entity: str
    description: str
    category: str = "person"
    sensitivity: str = "confidential"


#: Every recognizer id the NER taggers use; the ids are a stable contract, like the YAML ones.
NER_RECOGNIZERS: tuple[NerRecognizer, ...] = (
    NerRecognizer("ner_en_person", PERSON, "English person names (spaCy en_core_web_sm PERSON, precision guards)"),
    NerRecognizer("ner_en_location", LOCATION, "English places (spaCy GPE / LOC / FAC)"),
    NerRecognizer("ner_en_address", LOCATION, "English street addresses (house number, street, unit, city, ZIP)"),
    NerRecognizer("ner_zh_person", PERSON, "Chinese person names (jieba part-of-speech tags, surnames, context)"),
    NerRecognizer("ner_zh_address", LOCATION, "Chinese addresses and places (administrative and street units)"),
)
