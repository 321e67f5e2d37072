"""Precision guards for PERSON spans: small pure functions shared by the NER taggers.

Statistical taggers (spaCy's small English model in particular) call almost any capitalised word a
person when the text is not prose: log levels (``INFO``), class names (``MainActivity``), the verb at
the start of a log line (``Started``), pieces of e-mail addresses. Presidio's issue tracker is full of
these complaints. Every function here looks only at the candidate span and the text around it; none
imports a model, so they are cheap to test one by one.
"""

from __future__ import annotations

import re
import unicodedata

from piiscan.ner.prose import HAN


def wordset(words: str) -> frozenset[str]:
    """A set of the whitespace-separated words of ``words`` (keeps long word lists readable)."""
    return frozenset(words.split())

#: Words that look capitalised or shouty in logs, protocols and code but are never a person's name.
LOG_WORDS = wordset(
    """
    trace debug info information notice warn warning error err fatal critical crit severe fine finer finest
    alert emerg emergency verbose log logger stdout stderr ok okay fail failed failure success pass passed
    http https ftp ssh tcp udp ip dns tls ssl url uri api rest json xml yaml csv html sql uuid guid id
    get post put patch delete head options connect
    null none nil nan true false undefined void
    """
)

#: Capitalised words that start log lines, headers or sentences and are not names. Checked only at
#: the edge of a span, so a real name that happens to be in this list inside a longer span survives.
COMMON_CAPITALISED = wordset(
    """
    started starting start stopped stopping stop running run ran finished finishing completed complete
    connecting connected connection disconnected loading loaded load saving saved reading read writing
    wrote received receiving sending sent sending using used creating created updating updated deleting
    deleted removing removed adding added initializing initialising initialized initialised init retrying
    retry timeout timed exception caused traceback thread task job worker request response server client
    service session user users account admin customer caller agent ticket order invoice payment card
    hello hi hey dear thanks thank regards cheers best kind sincerely please note notes summary subject
    re fwd fw cc bcc from to date sent attachment attached call called calling contact contacted
    customer's client's patient patients doctor nurse manager team support staff department office
    monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday
    january february march september october november december
    spoke spoken talked met emailed texted phoned replied asked told wrote visited
    mainactivity activity main app application module class method function handler controller process
    name names first last full surname address street city country state zip phone email mobile
    map maps tile tiles password passwords reset login logout signin signup device devices tablet laptop
    router modem wifi bluetooth network screen settings setting profile location locations data backup
    sync cloud storage cache file files folder document documents report reports refund refunds shipment
    delivery parcel package product products feature features bug bugs issue issues release version build
    update upgrade install jira slack zendesk confluence github gitlab cisco google apple android ios
    windows linux chrome safari firefox huawei xiaomi oppo vivo samsung honor redmi oneplus
    """
)

#: Common words that often stand right before a name ("Dear Anna", "Customer John Smith"): trimming
#: one of them may leave a one-word name. Trimming any other common word must leave two words.
NAME_PRECEDERS = wordset(
    """
    hello hi hey dear thanks thank regards cheers best sincerely re fwd fw cc bcc from to attn
    customer client patient user caller agent contact contacted called calling call doctor nurse
    manager spoke met emailed texted phoned asked told
    """
)

#: Honorifics the corpora label apart from the name (``Mr.`` is TITLE/PREFIX, the name follows).
TITLES = wordset(
    """
    mr mrs ms miss mx dr prof sir madam dame lady lord rev fr sr jr mister doctor professor
    """
)

#: Words that end a name but belong to what follows (``Barbara Yudina Apt. 675``).
ADDRESS_WORDS = wordset("apt apartment suite ste unit flat room floor box po")

_LOWER_PART = re.compile(r"-[a-z]{3,}")  # Mary-Jane, Jean-Luc, al-Rashid (2 letters) pass; Crash-free does not
_CODE_CHARS = re.compile(r"[_()\[\]{}<>=/\\@#$%&*+|~`^;:\"]")
_CAMEL_LOWER_START = re.compile(r"(?:^|\s)[a-z]+[A-Z]")  # getName, iPhone
_PASCAL = re.compile(r"[a-z]{3,}[A-Z]")  # MainActivity, UserService (McDonald, DeAndre pass)
_DOTTED = re.compile(r"[A-Za-z0-9]\.[A-Za-z0-9]")  # UserService.getName, com.example (J.R. checked apart)
_INITIALS = re.compile(r"^(?:[A-Z]\.){1,3}[A-Z]?\.?$")
_URLISH = re.compile(r"://|www\.|\.(?:com|org|net|io|dev|html?|php|js|py|java)\b", re.IGNORECASE)
_EDGE_JOINERS = "@._-/\\:"


def letters(text: str) -> str:
    """Only the letters of ``text``."""
    return "".join(c for c in text if c.isalpha())


def has_digit(text: str) -> bool:
    """True when ``text`` contains any digit (names never do)."""
    return any(c.isdigit() for c in text)


def is_code_identifier(text: str) -> bool:
    """True for snake_case, camelCase/PascalCase compounds, dotted.names, calls ``Foo()`` and paths."""
    if _CODE_CHARS.search(text) or _URLISH.search(text):
        return True
    if _CAMEL_LOWER_START.search(text) or _PASCAL.search(text):
        return True
    return any(_DOTTED.search(word) and not _INITIALS.match(word) for word in text.split())


def is_log_word(word: str) -> bool:
    """True for log levels, protocol verbs and technical acronyms (``INFO``, ``GET``, ``UUID``)."""
    return word.strip(".,:;!?[]()'\"").lower() in LOG_WORDS


def is_shouting_acronym(word: str) -> bool:
    """True for a short all-capitals token (``ERR``, ``JVM``): an acronym, not a name."""
    core = word.strip(".,:;!?[]()'\"")
    return 0 < len(core) <= 3 and core.isalpha() and core.isupper()


def is_common_capitalised(word: str) -> bool:
    """True for a capitalised common word that starts log lines and sentences (``Started``, ``Dear``)."""
    return word.strip(".,:;!?[]()'\"").lower() in COMMON_CAPITALISED


def is_title(word: str) -> bool:
    """True for an honorific (``Mr.``, ``Dr``, ``Mrs``)."""
    return word.strip(".,").lower() in TITLES


def in_email_or_url(text: str, start: int, end: int) -> bool:
    """True when the span is glued to an e-mail address, URL, path or identifier around it."""
    if start > 0 and text[start - 1] in _EDGE_JOINERS and start > 1 and text[start - 2].isalnum():
        return True
    if end < len(text) - 1 and text[end] in _EDGE_JOINERS and text[end + 1].isalnum():
        return True
    left = start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < len(text) and not text[right].isspace():
        right += 1
    token = text[left:right]
    return "@" in token or bool(_URLISH.search(token))


def is_name_like(text: str) -> bool:
    """A cheap sanity check of a PERSON candidate's surface (after trimming).

    Rejects single characters, bare initials, digits, code identifiers, log words and
    short all-caps acronyms standing alone. Accepts lower-case names (chat text) and
    unicode letters (``Szöllösy``).
    """
    words = text.split()
    if not words or len(letters(text)) < 2:
        return False
    if has_digit(text) or is_code_identifier(text):
        return False
    if all(_INITIALS.match(w) for w in words):
        return False
    if any(is_log_word(w) for w in words):
        return False
    if len(words) == 1 and (is_shouting_acronym(words[0]) or is_common_capitalised(words[0])):
        return False
    if any(HAN.search(w) for w in words) or any(_LOWER_PART.search(w) for w in words):
        return False  # "设备IMEI" (Chinese text is the Chinese tagger's), "Crash-free" (names capitalise each part)
    return all(_wordish(w) for w in words)


def _wordish(word: str) -> bool:
    """A name word: letters with inner apostrophes, hyphens or a trailing dot (``O'Neil``, ``J.``)."""
    core = word.strip(",")
    if not core:
        return False
    for ch in core:
        if ch.isalpha() or ch in "'’-.":
            continue
        if unicodedata.category(ch).startswith("M"):  # combining accents
            continue
        return False
    return any(ch.isalpha() for ch in core)


_POSSESSIVE = re.compile(r"['’]s?$")


def trim_person(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the name inside a PERSON candidate, without titles, possessive 's and punctuation.

    The corpora label ``Mr.`` apart from the name and stop before ``'s``; trailing address words
    (``Apt``) and leading/trailing common capitalised words (``Dear``, ``Started``) go too.
    """
    while start < end:
        changed = False
        # edges: whitespace and punctuation that never belongs to a name
        while start < end and (text[start].isspace() or text[start] in ",;:!?\"'“”‘’()[]<>>-*•·|"):
            start += 1
        while start < end and (text[end - 1].isspace() or text[end - 1] in ",;:!?\"“”()[]<>-*•·|"):
            end -= 1
        span = text[start:end]
        m = _POSSESSIVE.search(span)
        if m and m.start() > 0:
            end = start + m.start()
            changed = True
        words = list(re.finditer(r"\S+", text[start:end]))
        if len(words) > 1 or (words and is_title(words[0].group())):
            first, last = words[0], words[-1]
            if is_title(first.group()) or is_common_capitalised(first.group()) or is_log_word(first.group()):
                if (
                    len(words) == 2
                    and not is_title(first.group())
                    and first.group().strip(".,:;!?").lower() not in NAME_PRECEDERS
                ):
                    return start, start  # "Worker Pool": a common word next to one capitalised word
                start += first.end()
                changed = True
            elif len(words) > 1 and (
                last.group().strip(".,").lower() in ADDRESS_WORDS
                or is_common_capitalised(last.group())
                or is_log_word(last.group())
            ):
                end = start + last.start()
                changed = True
        if end - start > 1 and text[end - 1] == "." and not re.search(r"(?:^|\s)\S\.$", text[start:end]):
            end -= 1  # sentence full stop (keep the dot of an initial "J.")
            changed = True
        if not changed:
            break
    return start, max(start, end)
