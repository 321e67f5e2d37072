"""Chinese PERSON and LOCATION tagging: jieba part-of-speech tags, checked by surname, context and address rules.

jieba (``piiscan[ner]``) segments the text and tags person names (``nr``/``nrfg``/``nrt``) and places
(``ns``); it works offline from the dictionary inside the package. Its tags alone are noisy (it calls
西二旗 and 王老吉 persons, 欧阳 a place), so this tagger keeps a person only when it starts with a
known surname and a single (1-2 character) or compound (欧阳/司马 + 1-2 character) given name, and
scores it by context: roles and form labels before it (客户, 收件人, 姓名=), titles or verbs after it
(先生, 女士, 说, 致电), field delimiters around it, and lists of names (张伟、李娜和王芳). Words that
start with a surname character (周一, 黄金, 张江, 李宁 the brand) are guarded by lists.

Addresses are assembled from consecutive tokens: places (``ns`` or the province/city list),
administrative and street parts (…省/市/区/县/镇/村, …路/街/巷/胡同, …小区/大厦) and numbered parts
(33号, 5栋, 2单元, 301室); a whole address is one LOCATION span. A bare province or city name (上海市)
is a place too, reported with a low score (0.55), unless it names an organisation (江苏卫视).

The word lists live in ``piiscan/data/zh_names.yaml`` and ``piiscan/data/zh_places.yaml``.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

from piiscan.ner.base import LOCATION, PERSON, NerSpan, NerUnavailable

PERSON_ID = "ner_zh_person"
ADDRESS_ID = "ner_zh_address"

_NR_FLAGS = frozenset({"nr", "nrfg", "nrt"})
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_HAN_LINE = re.compile(r"[^\n]*[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff][^\n]*")
_NUMBER = re.compile(r"[0-9０-９]{1,6}|[A-Za-zＡ-Ｚ]|[0-9０-９]{1,4}[A-Za-z]|[一二三四五六七八九十]{1,3}")
_ALNUM_UNIT = re.compile(r"[0-9A-Za-z]{1,4}(?:号楼|号|栋|幢|座|楼|单元|室|层|区|期)")
# Tokens after which a bare number is a room number (2单元1302).
_ROOM_BEFORE = frozenset({"单元", "栋", "幢", "号楼", "楼", "座", "层"})
_DASH = frozenset({"-", "－", "—", "#", "＃"})
# Characters skipped between a cue and the name (客户：张伟, name="张伟").
_CUE_GAP = " \t:：=＝\"'“”‘’「」『』【】[]()（）<>《》"
# Characters around a name that make it a field of its own (CSV cells, key=value, chat speaker).
_FIELD_EDGE = frozenset(",，;；|\t\n\r ")
_PERSON_MIN_SCORE = 0.3
# A field holding only a short Han string: CSV cell, key=value value, chat speaker.
_FIELD_NAME = re.compile(
    r"(?:^|(?<=[,，;；|\t\n\r :：=＝\]】]))([\u3400-\u4dbf\u4e00-\u9fff]{2,4})(?=$|[,，;；|\t\n\r :：。])", re.M
)
# Contact data on the same line makes a name-shaped field a name (姓名,手机号,地址 rows).
_ROW_CUE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)|[\w.+-]+@[\w-]+\.[\w.]+|[省市区县路街]\S{0,12}\d+号")
# jieba flags of a one-character token that cannot end a name (verbs, particles, pronouns, numbers).
_PARTICLE_FLAGS = frozenset({"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "y", "e", "o", "x"})
_FUNCTION_FLAGS = _PARTICLE_FLAGS | {"v", "vn", "vd", "d", "r", "m", "q", "f", "t"}
# jieba flags that cannot be part of a street name.
_PART_STOP_FLAGS = _PARTICLE_FLAGS | {"r", "v", "vd", "m"}


class _Token(NamedTuple):
    word: str
    flag: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The word lists of the Chinese tagger (``piiscan/data/zh_*.yaml``)."""

    surnames: frozenset[str]
    compound_surnames: frozenset[str]
    not_given: frozenset[str]
    prefix_cues: tuple[str, ...]
    suffix_titles: tuple[str, ...]
    suffix_verbs: tuple[str, ...]
    list_joiners: frozenset[str]
    not_names: frozenset[str]
    brands: tuple[str, ...]
    places: frozenset[str]
    admin_suffixes: tuple[str, ...]
    street_suffixes: tuple[str, ...]
    estate_suffixes: tuple[str, ...]
    number_units: frozenset[str]
    not_places: frozenset[str]
    org_suffixes: tuple[str, ...]


def _load_yaml(name: str) -> dict[str, Any]:
    import yaml

    text = resources.files("piiscan").joinpath("data", name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return data if isinstance(data, dict) else {}


def _words(value: Any) -> list[str]:
    return [str(v) for v in value or ()]


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shipped lexicon, loaded once."""
    names = _load_yaml("zh_names.yaml")
    places = _load_yaml("zh_places.yaml")
    province_like = _words(places.get("provinces")) + _words(places.get("cities"))
    place_names = set(province_like)
    for p in province_like:
        place_names.update({p + "省", p + "市"})
    return Lexicon(
        surnames=frozenset(str(names.get("surnames_single", "")).replace(" ", "")),
        compound_surnames=frozenset(_words(names.get("surnames_compound"))),
        not_given=frozenset(str(names.get("not_given", "")).replace(" ", "")),
        prefix_cues=_longest_first([w.lower() for w in _words(names.get("prefix_cues"))]),
        suffix_titles=_longest_first(_words(names.get("suffix_titles"))),
        suffix_verbs=_longest_first(_words(names.get("suffix_verbs"))),
        list_joiners=frozenset(_words(names.get("list_joiners"))),
        not_names=frozenset(_words(names.get("not_names"))),
        brands=_longest_first(_words(names.get("brands"))),
        places=frozenset(place_names),
        admin_suffixes=_longest_first(_words(places.get("admin_suffixes"))),
        street_suffixes=_longest_first(_words(places.get("street_suffixes"))),
        estate_suffixes=_longest_first(_words(places.get("estate_suffixes"))),
        number_units=frozenset(_words(places.get("number_units"))),
        not_places=frozenset(_words(places.get("not_places"))),
        org_suffixes=_longest_first(_words(places.get("org_suffixes"))),
    )


def _is_han(word: str) -> bool:
    return _HAN.fullmatch(word) is not None


def split_name(word: str, lex: Lexicon) -> tuple[str, str] | None:
    """``(surname, given name)`` when ``word`` has the shape of a Chinese full name, else None."""
    if not 2 <= len(word) <= 4 or not _is_han(word) or word in lex.compound_surnames:
        return None
    for size in (2, 1):
        surname, given = word[:size], word[size:]
        known = surname in lex.compound_surnames if size == 2 else surname in lex.surnames
        if known and 1 <= len(given) <= 2 and not any(c in lex.not_given for c in given):
            return surname, given
    return None


def _ends_with(word: str, suffixes: Sequence[str]) -> str | None:
    for suffix in suffixes:
        if len(word) > len(suffix) and word.endswith(suffix):
            return suffix
    return None


#: a two-character "name" this frequent in jieba's dictionary is a word (real names are rare there:
#: 张伟 0, 李娜 438, 安抚 629, 申请 2869); only a cue word (客户, 先生 ...) can still make it a name
_COMMON_WORD_FREQ = 500
_ALWAYS_WORD_FREQ = 1000  # ... and this frequent, not even then, unless jieba tags it a name

class ChineseTagger:
    """PERSON and LOCATION entities in Chinese text (jieba + rules); never raises on any text."""

    name = "zh"

    def __init__(self, *, bare_places: bool = True) -> None:
        try:
            import jieba
            import jieba.posseg
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise NerUnavailable("Chinese NER needs jieba: pip install 'piiscan[ner]'") from exc
        logging.getLogger("jieba").setLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        self._freq: dict[str, int] = tokenizer.FREQ  # word -> frequency in jieba's dictionary
        self._pos: Any = jieba.posseg.POSTokenizer(tokenizer)
        self._lex = lexicon()
        self._cue_re = re.compile("|".join(map(re.escape, self._lex.prefix_cues)), re.IGNORECASE)
        self._bare_places = bare_places

    # -- tokens -------------------------------------------------------------------------------

    def tokens(self, text: str) -> list[_Token]:
        """jieba tokens with character offsets (only lines that contain Han characters)."""
        out: list[_Token] = []
        for line in _HAN_LINE.finditer(text):
            pos = line.start()
            end = line.end()
            for pair in self._pos.cut(line.group()):
                word, flag = str(pair.word), str(pair.flag)
                if not word:
                    continue
                if not text.startswith(word, pos):
                    found = text.find(word, pos, end)
                    if found < 0:
                        continue
                    pos = found
                out.append(_Token(word, flag, pos, pos + len(word)))
                pos += len(word)
        return out

    # -- public API ---------------------------------------------------------------------------

    def tag(self, text: str) -> list[NerSpan]:
        """PERSON and LOCATION spans in ``text``, sorted by offset."""
        if not text or _HAN.search(text) is None:
            return []
        toks = self.tokens(text)
        addresses = list(self._addresses(toks, text))
        strong = _Intervals()
        for a in addresses:
            if a.score >= 0.65:  # a person inside a whole address is a street or estate name
                strong.add(a.start, a.end)
        persons = [p for p in self._persons(toks, text) if not strong.overlaps(p.start, p.end)]
        return _resolve(addresses + persons)

    def tag_many(self, texts: Sequence[str]) -> list[list[NerSpan]]:
        """``tag`` over many texts, in order."""
        return [self.tag(t) for t in texts]

    # -- persons ------------------------------------------------------------------------------

    def _candidates(self, toks: list[_Token], text: str) -> Iterator[tuple[int, int, str]]:
        """``(start, end, how)`` for every span that may be a full name; ``how`` starts with
        ``jieba`` when jieba tagged it a person."""
        lex = self._lex
        starts = {t.start for t in toks}
        ends = {t.end for t in toks}
        for i, tok in enumerate(toks):
            word = tok.word
            nr = tok.flag in _NR_FLAGS
            if split_name(word, lex):
                yield tok.start, tok.end, ("jieba:" + tok.flag) if nr else "surname"
            elif nr and word[:1] in lex.list_joiners and split_name(word[1:], lex):
                yield tok.start + 1, tok.end, "jieba:" + tok.flag  # 和|罗浩 glued by jieba
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if nxt is None or nxt.start != tok.end or len(nxt.word) > 2 or not split_name(word + nxt.word, lex):
                continue
            nxt_nr = nxt.flag in _NR_FLAGS
            how = "jieba:" + (nxt.flag if nxt_nr else tok.flag) if (nr or nxt_nr) else "surname"
            if word in lex.compound_surnames or (  # 欧阳|娜娜, 司马|文博, 王|秀英; not 和|王芳
                word in lex.surnames and not (split_name(nxt.word, lex) and tok.flag in _FUNCTION_FLAGS)
            ):
                yield tok.start, nxt.end, how
            elif len(word) == 2 and len(nxt.word) == 1 and (nxt.flag == "v" or nxt.flag not in _FUNCTION_FLAGS):
                # jieba cuts some unseen three-character names after the second character (李梓|涵, 徐海|燕).
                yield tok.start, nxt.end, ("jieba:" + tok.flag + "+1") if nr else "surname"
        # Before a title or verb, after a role or label: take the name by characters.
        for i, tok in enumerate(toks):
            if i > 0 and (tok.word in lex.suffix_titles or tok.word in lex.suffix_verbs):
                end = tok.start
                for size in (3, 2, 4):
                    start = end - size
                    if start >= 0 and start in starts and split_name(text[start:end], lex):
                        yield start, end, "surname"
                        break
        for m in self._cue_re.finditer(text):
            start = m.end()
            while start < len(text) and text[start] in _CUE_GAP:
                start += 1
            for size in (3, 2, 4):
                end = start + size
                if end <= len(text) and (end in ends or end == len(text)) and split_name(text[start:end], lex):
                    yield start, end, "surname"
                    break
        # A delimited field that is nothing but a name (CSV cell, key=value, chat speaker).
        for m in _FIELD_NAME.finditer(text):
            if split_name(m.group(1), lex):
                yield m.start(1), m.end(1), "surname"

    def _context(self, text: str, start: int, end: int, row_cue: bool) -> tuple[float, list[str]]:
        """Score added by the words around a name (cue before, title or verb after, field), with reasons."""
        lex = self._lex
        reasons: list[str] = []
        boost = 0.0
        before = start
        while before > 0 and text[before - 1] in _CUE_GAP:
            before -= 1
        head = text[max(0, before - 8) : before].lower()
        cue = next((c for c in lex.prefix_cues if head.endswith(c)), None)
        if cue is not None:
            boost += 0.25
            reasons.append("cue:" + cue)
        title = next((t for t in lex.suffix_titles if text.startswith(t, end)), None)
        verb = next((v for v in lex.suffix_verbs if text.startswith(v, end)), None)
        if title is not None:
            boost += 0.3
            reasons.append("title:" + title)
        elif verb is not None:
            boost += 0.2
            reasons.append("verb:" + verb)
        left_edge = start == 0 or text[start - 1] in _FIELD_EDGE or text[start - 1] in _CUE_GAP
        right_char = text[end] if end < len(text) else "\n"
        if left_edge and right_char in "：:" and cue is None:
            boost += 0.2
            reasons.append("speaker")
        elif left_edge and (right_char in _FIELD_EDGE or right_char in "。.!！?？)）\"”'"):
            boost += 0.1
            reasons.append("field")
            if row_cue:
                boost += 0.15
                reasons.append("row with contact data")
        return boost, reasons

    def _is_guarded(self, text: str, start: int, end: int, toks_by_start: dict[int, _Token]) -> str | None:
        """Why the span is not a name (brand, place, common word, title), or None."""
        lex = self._lex
        name = text[start:end]
        split = split_name(name, lex)
        if split is None or split[1] in lex.suffix_titles or name[1:] in lex.suffix_titles:
            return "title, not a given name"
        if name in lex.not_names:
            return "common word"
        if name in lex.places:
            return "place"
        if any(text.startswith(b, start) for b in lex.brands) and not any(
            text.startswith(t, end) for t in lex.suffix_titles
        ):
            return "brand"
        nxt = toks_by_start.get(end)
        if nxt is not None and (
            (nxt.word in lex.number_units and nxt.word not in {"号", "房", "户", "组"})
            or nxt.word in lex.street_suffixes
            or nxt.word in lex.admin_suffixes
            or nxt.word in lex.estate_suffixes
            or (_ends_with(nxt.word, lex.estate_suffixes) and nxt.flag != "v")
        ):
            return "place: followed by " + nxt.word
        if end < len(text) and text[end] in "路街区市县镇村省巷弄":
            return "place: followed by " + text[end]
        return None

    def _common_word(self, name: str, boost: float) -> bool:
        """A frequent word of jieba's dictionary: never a name if it is not tagged one (申请, after
        a cue too), and not without a cue word if it is (安抚 is tagged nr; 李娜 is rarer)."""
        freq = self._freq.get(name, 0)
        if freq >= _ALWAYS_WORD_FREQ and self._pos.word_tag_tab.get(name) != "nr":
            return True
        return freq >= _COMMON_WORD_FREQ and boost < 0.25

    def _persons(self, toks: list[_Token], text: str) -> list[NerSpan]:
        lex = self._lex
        toks_by_start = {t.start: t for t in toks}
        rows: dict[int, bool] = {}
        best: dict[tuple[int, int], tuple[float, tuple[str, ...]]] = {}
        for start, end, how in self._candidates(toks, text):
            if self._is_guarded(text, start, end, toks_by_start):
                continue
            line_start = text.rfind("\n", 0, start) + 1
            if line_start not in rows:
                line_end = text.find("\n", start)
                rows[line_start] = (
                    _ROW_CUE.search(text, line_start, line_end if line_end >= 0 else len(text)) is not None
                )
            boost, reasons = self._context(text, start, end, rows[line_start])
            name = text[start:end]
            if name[:2] in lex.not_names and boost < 0.25:
                continue  # 黄金周, 安全帽: a common word plus one character
            if len(name) == 2 and self._common_word(name, boost):
                continue  # 安抚, 申请: a frequent dictionary word (even one jieba tags nr), not a name
            surname, _ = split_name(name, lex) or ("", "")
            # jieba's own cut wins ties: its name with one more character needs more context (李梓|涵反馈).
            base = 0.35 if not how.startswith("jieba") else 0.55 if how.endswith("+1") else 0.6
            score = base + boost
            why = (how, "surname:" + surname, *reasons)
            if score > best.get((start, end), (0.0, ()))[0]:
                best[(start, end)] = (min(score, 0.95), why)
        # Names in a list (张伟、李娜和王芳) lend each other confidence.
        spans = sorted(best)
        for a, b in itertools.pairwise(spans):
            if text[a[1] : b[0]] in lex.list_joiners:
                (sa, ra), (sb, rb) = best[a], best[b]
                top = min(max(sa, sb), 0.9)
                if top >= 0.5:
                    best[a] = (max(sa, top), ra if sa >= top else (*ra, "list"))
                    best[b] = (max(sb, top), rb if sb >= top else (*rb, "list"))
        return [
            NerSpan(PERSON, s, e, round(score, 2), PERSON_ID, why)
            for (s, e), (score, why) in best.items()
            if score >= _PERSON_MIN_SCORE
        ]

    # -- addresses ----------------------------------------------------------------------------

    def _is_suffix(self, word: str) -> bool:
        lex = self._lex
        return word in lex.street_suffixes or word in lex.estate_suffixes or word in lex.admin_suffixes

    def _piece(self, toks: list[_Token], i: int) -> str | None:
        """What part of an address token ``i`` can be: ``place``, ``unit``, ``part``, ``num``, or None."""
        lex = self._lex
        tok = toks[i]
        word = tok.word
        nxt = toks[i + 1].word if i + 1 < len(toks) and toks[i + 1].start == tok.end else ""
        if _is_han(word):
            if word in lex.number_units or self._is_suffix(word):
                return "unit"
            if word in lex.not_places:
                return None
            if word in lex.places or tok.flag == "ns":
                return "place"
            if (
                _ends_with(word, lex.admin_suffixes)
                or _ends_with(word, lex.street_suffixes)
                or _ends_with(word, lex.estate_suffixes)
            ):
                return "unit"
            return "part" if self._names_a_street(toks, i) else None
        if _NUMBER.fullmatch(word):
            if nxt in lex.number_units or nxt in _DASH:
                return "num"
            prev = toks[i - 1] if i > 0 and toks[i - 1].end == tok.start else None
            if prev is not None and prev.word in _ROOM_BEFORE and len(word) <= 4 and not _is_han(nxt[:1]):
                return "num"  # 2单元1302, 3号楼502
            if prev is not None and prev.word in _DASH:
                return "num"
            return None
        if _ALNUM_UNIT.fullmatch(word):
            return "num"  # B座, 3A栋
        if word in _DASH and i > 0 and _NUMBER.fullmatch(toks[i - 1].word) and _NUMBER.fullmatch(nxt):
            return "num"
        return None

    def _names_a_street(self, toks: list[_Token], i: int) -> bool:
        """Whether short tokens from ``i`` on lead to a street or estate suffix (西二旗|中路, 珞|喻|路)."""
        lex = self._lex
        size = 0
        for j in range(i, min(i + 4, len(toks))):
            tok = toks[j]
            if j > i and (tok.start != toks[j - 1].end):
                return False
            if j > i and (
                self._is_suffix(tok.word)
                or _ends_with(tok.word, lex.street_suffixes)
                or _ends_with(tok.word, lex.estate_suffixes)
            ):
                return True
            size += len(tok.word)
            if not _is_han(tok.word) or tok.flag in _PART_STOP_FLAGS or size > 6 or tok.word in lex.not_places:
                return False
        return False

    def _addresses(self, toks: list[_Token], text: str) -> Iterator[NerSpan]:
        i = 0
        n = len(toks)
        while i < n:
            kind = self._piece(toks, i)
            if kind not in ("place", "unit", "part") or (kind == "unit" and self._is_suffix(toks[i].word)):
                i += 1
                continue
            kinds = [kind]
            j = i + 1
            while j < n:
                if toks[j].start != toks[j - 1].end:
                    break
                k = self._piece(toks, j)
                if k is None and toks[j].word == " " and j + 1 < n and self._piece(toks, j + 1) in ("place", "unit"):
                    j += 1
                    continue
                if k is None:
                    break
                kinds.append(k)
                j += 1
            span = self._address_span(text, toks[i].start, toks[j - 1].end, kinds, toks[i:j])
            if span is not None:
                yield span
            i = j

    def _address_span(self, text: str, start: int, end: int, kinds: list[str], toks: list[_Token]) -> NerSpan | None:
        lex = self._lex
        has_num = "num" in kinds
        places = kinds.count("place")
        streets = sum(1 for t in toks if _ends_with(t.word, lex.street_suffixes) or t.word in lex.street_suffixes)
        if len(kinds) >= 2:
            if has_num and (places or streets):
                score, why = 0.9, "address: street and number"
            elif places and streets:
                score, why = 0.85, "address: place and street"
            elif places >= 2 or (places and "unit" in kinds):
                score, why = 0.75, "address: administrative units"
            elif has_num:
                score, why = 0.65, "address: street and number"
            elif streets:
                score, why = 0.45, "address: street name only"
            else:
                return None
            return NerSpan(LOCATION, start, end, score, ADDRESS_ID, (why,))
        if not self._bare_places:
            return None
        word = toks[0].word
        if any(text.startswith(o, end) for o in lex.org_suffixes):
            return None
        if word in lex.places:
            return NerSpan(LOCATION, start, end, 0.55, ADDRESS_ID, ("place name",))
        if kinds[0] in ("place", "unit") and _ends_with(word, lex.admin_suffixes) and len(word) >= 3:
            return NerSpan(LOCATION, start, end, 0.55, ADDRESS_ID, ("administrative unit",))
        if kinds[0] == "unit" and _ends_with(word, lex.street_suffixes) and len(word) >= 3:
            return NerSpan(LOCATION, start, end, 0.5, ADDRESS_ID, ("street name",))
        if kinds[0] == "place":
            return NerSpan(LOCATION, start, end, 0.4, ADDRESS_ID, ("jieba:ns",))
        return None


class _Intervals:
    """Disjoint half-open intervals, with an overlap test in O(log n)."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start)
        if i > 0 and self._ends[i - 1] > start:
            return True
        return i < len(self._starts) and self._starts[i] < end

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)


def _resolve(spans: list[NerSpan]) -> list[NerSpan]:
    """Non-overlapping spans, the best (score, then length) winning; sorted by offset."""
    kept: list[NerSpan] = []
    taken = _Intervals()
    for span in sorted(spans, key=lambda s: (-s.score, -(s.end - s.start), s.start)):
        if span.end > span.start and not taken.overlaps(span.start, span.end):
            taken.add(span.start, span.end)
            kept.append(span)
    return sorted(kept, key=lambda s: (s.start, s.end))
