"""Turn the bytes of a file into text: BOMs, binary detection, UTF-8, GBK/GB18030, Latin-1.

:func:`decode_bytes` never raises. It returns ``None`` for data that looks binary and
otherwise a ``(text, encoding)`` pair; character offsets of findings are offsets into
that ``text``. The decision order is:

1. a byte order mark: UTF-8 (``utf-8-sig``), UTF-32 and UTF-16 (``utf-32``/``utf-16``);
2. binary: NUL bytes, or a high share of control characters, in the first 8 KiB;
3. strict UTF-8 (``utf-8``);
4. strict GB18030 when the text is plausibly Chinese (``gb18030``);
5. UTF-8 with a few invalid bytes replaced, when it is clearly UTF-8 otherwise (``utf-8``);
6. ``cp1252`` when that decodes strictly and differs from Latin-1, else ``latin-1``
   (which maps every byte, so this step cannot fail).
"""

from __future__ import annotations

import codecs
import re

__all__ = ["SNIFF_BYTES", "decode_bytes", "looks_binary"]

SNIFF_BYTES = 8192
"""How many leading bytes binary detection looks at."""

_GB_SAMPLE_BYTES = 64 * 1024
_TEXT_SAMPLE_CHARS = 64 * 1024
_CONTROL_SHARE_LIMIT = 0.15

# Bytes that do not occur in text: C0 controls other than TAB LF VT FF CR and ESC, and DEL.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_TEXT_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)

# One GB18030 multi-byte character: a lead byte and either one trail byte or the
# digit/lead/digit tail of a four-byte sequence. Scanning left to right with this
# pattern tokenises exactly like the decoder does once strict decoding succeeded.
_GB_MULTIBYTE = re.compile(rb"[\x81-\xfe](?:[\x30-\x39][\x81-\xfe][\x30-\x39]|[\x40-\x7e\x80-\xfe])")

# Characters that Chinese text is made of once it leaves ASCII: CJK ideographs
# (with extensions and compatibility forms), CJK symbols and punctuation, full-width
# forms, general punctuation (curly quotes, ellipsis, dashes), the middle dot,
# multiplication/division signs and the letter-like/number/arrow/box/shape symbols
# that GB2312 carries.
_CHINESE_LIKE = re.compile(
    "[\u00b7\u00d7\u00f7\u2000-\u206f\u2100-\u27bf\u3000-\u303f\u3200-\u32ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]"
)
_NON_ASCII = re.compile("[^\x00-\x7f]")
_C1_BYTES = re.compile(rb"[\x80-\x9f]")


def looks_binary(head: bytes) -> bool:
    """Whether ``head`` (the first bytes of a file) looks like binary data.

    UTF-16/UTF-32 data with a BOM is text even though it holds NUL bytes.
    """
    sample = head[:SNIFF_BYTES]
    if not sample or _bom(sample) is not None:
        return False
    if b"\x00" in sample:
        return True
    controls = len(sample.translate(None, _TEXT_BYTES))
    return controls > _CONTROL_SHARE_LIMIT * len(sample)


def decode_bytes(data: bytes) -> tuple[str, str] | None:
    """Decode ``data`` to ``(text, encoding)``, or return ``None`` when it looks binary.

    Never raises: undecodable bytes end up as replacement characters (or Latin-1).
    """
    bom = _bom(data)
    if bom is not None:
        codec, label = bom
        return data.decode(codec, errors="replace"), label
    if looks_binary(data):
        return None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    chinese = _decode_chinese(data)
    if chinese is not None:
        return chinese, "gb18030"
    lossy = _decode_mostly_utf8(data)
    if lossy is not None:
        return lossy, "utf-8"
    return _decode_western(data)


def _bom(data: bytes) -> tuple[str, str] | None:
    for mark, codec, label in _BOMS:
        if data.startswith(mark):
            return codec, label
    return None


def _decode_chinese(data: bytes) -> str | None:
    """Strict GB18030 (a superset of GBK and GB2312), kept only for plausible Chinese text.

    Latin-1 text often decodes as GB18030 too (an accented letter followed by an ASCII
    letter forms a valid two-byte character), so the bytes must also look like Chinese:

    * a fair share of the two-byte characters lie in the GB2312 core (both bytes
      0xA1-0xFE), where all common hanzi and Chinese punctuation live (even traditional
      characters in GBK land there about half the time), while an accented Latin letter
      followed by an ASCII letter never does (four-byte sequences are too unusual in
      Latin text to need this test);
    * most multi-byte characters stand next to another one (Chinese is written in runs
      of ideographs, accented letters are scattered one at a time among ASCII);
    * most non-ASCII characters of the decoded text are ideographs or Chinese punctuation.
    """
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    total = two_byte = core = neighboured = 0
    prev_end = -1
    prev_lonely = False
    for match in _GB_MULTIBYTE.finditer(data, 0, _GB_SAMPLE_BYTES):
        start = match.start()
        total += 1
        if match.end() - start == 2:
            two_byte += 1
            if 0xA1 <= data[start] <= 0xF7 and 0xA1 <= data[start + 1] <= 0xFE:
                core += 1
        if start == prev_end:
            neighboured += 2 if prev_lonely else 1
            prev_lonely = False
        else:
            prev_lonely = True
        prev_end = match.end()
    if total == 0 or core < 0.3 * two_byte or neighboured < 0.5 * total:
        return None
    sample = text[:_TEXT_SAMPLE_CHARS]
    non_ascii = len(_NON_ASCII.findall(sample))
    chinese = len(_CHINESE_LIKE.findall(sample))
    if non_ascii == 0 or chinese < 0.8 * non_ascii:
        return None
    return text


def _decode_mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with replacement characters, when invalid bytes are rare among valid ones."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    if good > 0 and bad <= max(1, good // 10):
        return text
    return None


def _decode_western(data: bytes) -> tuple[str, str]:
    """cp1252 when it applies strictly and differs from Latin-1; Latin-1 otherwise."""
    if _C1_BYTES.search(data):
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    return data.decode("latin-1"), "latin-1"


def blob_text(data: bytes | str | None, missing: str = "missing") -> tuple[str | None, str]:
    """The text of a blob read from git, or why there is none: ``(text, "")`` or ``(None, reason)``.

    ``data`` is the blob's bytes, or the reason a reader gave instead (``too_large`` ...);
    binary and undecodable blobs give ``binary`` and ``undecodable``.
    """
    if not isinstance(data, bytes):
        return None, str(data or missing)
    if looks_binary(data[:SNIFF_BYTES]):
        return None, "binary"
    decoded = decode_bytes(data)
    if decoded is None:
        return None, "undecodable"
    return decoded[0], ""
