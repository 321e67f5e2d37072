"""Vectorised validators: a whole Arrow string array in, one outcome code per value out.

A full column scan validates millions of distinct values; calling the Python validator for each
costs 3-20 µs. A vectorised validator computes the same outcome (only the outcome: not the
normalized form, tags or reason) for every value of a string array with RE2 kernels
(:mod:`pyarrow.compute`) and numpy, without a Python loop per value:

1. **Strip.** Every Python validator starts with ``value.strip()``. Values whose first and last
   bytes are printable ASCII need none; the others are trimmed with exactly Python's
   whitespace set (``pc.utf8_trim``) and validated like the rest.
2. **Byte matrices.** The common shapes (plain digit strings, canonical hex, UUIDs) of one width
   become a ``(width, n)`` matrix, one row per character position, so every rule (Luhn, reporting
   body, birth date, placeholder lists) is a few numpy operations on contiguous rows.
3. **Rejection.** One RE2 pass marks the remaining values that could be anything but INVALID
   (separators, ``imei-`` prefixes, spaced layouts ...); all others are INVALID.
4. **Fallback.** The values marked in step 3 go to the Python validator one by one: rare in a
   warehouse column, and exactness never depends on a rare layout.

Outcome codes are indices into :data:`OUTCOME_CODES`, as ``np.int8``. Rule tables (reporting
bodies, placeholders, card networks ...) are read from the validator modules, not copied.
"""

from __future__ import annotations

import datetime as _dt
import functools
import ipaddress
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from piiscan.validators import appids, checksums, contact, device, financial, get_validator, identity, network, telecom
from piiscan.validators.base import Outcome
from piiscan.validators.checksums import luhn_ok

__all__ = ["OUTCOME_CODES", "VECTORISED", "VectorValidator", "outcome_code", "vector_validator"]

#: Outcome code -> ``Outcome.value``; a code is the index of the outcome in this tuple.
OUTCOME_CODES: tuple[str, ...] = ("invalid", "placeholder", "weak", "medium", "strong")

Codes = npt.NDArray[np.int8]
Mask = npt.NDArray[np.bool_]
Rows = npt.NDArray[np.intp]
Cols = npt.NDArray[np.uint8]
#: A vectorised validator: string array (no nulls expected; a null counts as INVALID) -> codes.
VectorValidator = Callable[[Any], Codes]

_INVALID, _PLACEHOLDER, _WEAK, _MEDIUM, _STRONG = (
    OUTCOME_CODES.index(o.value)
    for o in (Outcome.INVALID, Outcome.PLACEHOLDER, Outcome.WEAK, Outcome.MEDIUM, Outcome.STRONG)
)
_CODE = {outcome: OUTCOME_CODES.index(outcome.value) for outcome in Outcome}

#: Every character ``str.isspace`` accepts, i.e. what ``str.strip()`` removes.
PY_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def outcome_code(outcome: Outcome) -> int:
    """The code of ``outcome`` (its index in :data:`OUTCOME_CODES`)."""
    return _CODE[outcome]


# --- byte-level access ------------------------------------------------------------------------


def _lut(values: Iterable[int], size: int = 256) -> Mask:
    table = np.zeros(size, dtype=bool)
    table[list(values)] = True
    return table


#: First/last bytes that may need stripping: ASCII whitespace and every non-ASCII byte.
_EDGE = _lut([*(ord(c) for c in PY_WHITESPACE if c.isascii()), *range(0x80, 0x100)])
#: Byte -> hex digit value, 255 for anything else.
_HEX = np.full(256, 255, dtype=np.uint8)
for _value, _chars in enumerate(zip("0123456789abcdef", "0123456789ABCDEF", strict=True)):
    _HEX[[ord(c) for c in _chars]] = _value


def _start_and_data(array: Any) -> tuple[int, npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
    """First offset, data bytes and offsets of a (large) string array, without copying the data."""
    count = len(array)
    buffers = array.buffers()
    large = pa.types.is_large_string(array.type)
    offsets: npt.NDArray[np.int64] = np.frombuffer(
        buffers[1], dtype=np.int64 if large else np.int32, count=count + 1, offset=array.offset * (8 if large else 4)
    ).astype(np.int64)
    data = buffers[2]
    raw = np.frombuffer(data, dtype=np.uint8) if data is not None and data.size else np.zeros(0, dtype=np.uint8)
    raw.setflags(write=False)  # Arrow's memory: never written through
    return int(offsets[0]), raw, offsets


class _Strings:
    """A stripped string array and its byte offsets (the data buffer is shared, not copied)."""

    __slots__ = ("array", "data", "lengths", "offsets")

    def __init__(self, array: Any) -> None:
        self.array = array
        _, self.data, self.offsets = _start_and_data(array)
        self.lengths: npt.NDArray[np.int64] = np.diff(self.offsets)

    def __len__(self) -> int:
        return len(self.lengths)

    def rows(self, width: int) -> Rows:
        """Indices of the values that are ``width`` bytes long."""
        return np.flatnonzero(self.lengths == width)

    def take(self, rows: Rows) -> Any:
        """The values at ``rows`` as a new Arrow array."""
        return self.array if len(rows) == len(self) else self.array.take(pa.array(rows))

    def matrix(self, rows: Rows, width: int) -> Cols:
        """Bytes of ``rows`` (each exactly ``width`` bytes long) as a ``(width, len(rows))`` matrix."""
        if len(rows) == len(self):
            start, data = int(self.offsets[0]), self.data
        else:
            start, data, _ = _start_and_data(self.array.take(pa.array(rows)))
        flat = data[start : start + len(rows) * width]
        return np.array(flat.reshape(len(rows), width).T, order="C")  # always a copy: callers write to it


def _string_array(values: Any) -> Any:
    """``values`` as one string or large-string array, nulls replaced by ``""``."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    elif not isinstance(values, pa.Array):
        values = pa.array(values, type=pa.large_string())
    if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)):
        values = values.cast(pa.large_string())
    if values.null_count:
        values = pc.fill_null(values, "")
    return values


def _needs_strip(strings: _Strings) -> Mask:
    """Values whose first or last byte is whitespace or non-ASCII (``strip`` might change them)."""
    if not strings.data.size:
        return np.zeros(len(strings), dtype=bool)
    last = strings.data.size - 1
    first_bytes = strings.data[np.clip(strings.offsets[:-1], 0, last)]
    last_bytes = strings.data[np.clip(strings.offsets[1:] - 1, 0, last)]
    return (_EDGE[first_bytes] | _EDGE[last_bytes]) & (strings.lengths > 0)


def _matches(array: Any, pattern: str) -> Mask:
    """RE2 search of ``pattern`` in every value."""
    return np.asarray(pc.match_substring_regex(array, pattern).to_numpy(zero_copy_only=False), dtype=bool)


def _python(name: str, values: Any) -> Codes:
    """The Python validator's outcome codes, one call per value (the fallback)."""
    validator = get_validator(name)
    texts: list[str] = values.to_pylist()
    return np.fromiter((_CODE[validator(t).outcome] for t in texts), dtype=np.int8, count=len(texts))


def _settle(strings: _Strings, codes: Codes, done: Mask, maybe: str, name: str) -> None:
    """Values not ``done``: the Python validator when they match ``maybe`` (RE2), INVALID otherwise."""
    rest = np.flatnonzero(~done)
    if not rest.size:
        return
    rows = rest[_matches(strings.take(rest), maybe)]
    if rows.size:
        codes[rows] = _python(name, strings.take(rows))


# --- vectorised building blocks -----------------------------------------------------------------


def _keep(rows: Rows, cols: Cols, ok: Mask) -> tuple[Rows, Cols]:
    if ok.all():
        return rows, cols
    return rows[ok], cols[:, ok]


def _digit_block(strings: _Strings, width: int) -> tuple[Rows, Cols]:
    """Values that are exactly ``width`` ASCII digits, and their digit values (``width`` x rows)."""
    rows = strings.rows(width)
    if not rows.size:
        return rows, np.zeros((width, 0), dtype=np.uint8)
    cols = strings.matrix(rows, width)
    cols -= 48  # wraps: anything but a digit becomes > 9
    return _keep(rows, cols, cols.max(axis=0) <= 9)


def _decide(count: int, default: int, rules: Sequence[tuple[Mask, int]]) -> Codes:
    """Per row, the code of the first rule whose mask is set (an if/elif chain), else ``default``."""
    if not rules:
        return np.full(count, default, dtype=np.int8)
    if len(rules) > 8:
        head = _decide(count, -1, rules[:8])
        return np.where(head >= 0, head, _decide(count, default, rules[8:])).astype(np.int8)
    bits = np.zeros(count, dtype=np.uint8)
    for i, (mask, _) in enumerate(rules):
        bits |= np.asarray(mask, dtype=bool).view(np.uint8) << i
    table = np.full(1 << len(rules), default, dtype=np.int8)
    for value in range(1, len(table)):
        table[value] = rules[(value & -value).bit_length() - 1][1]
    return table[bits]


def _luhn_sum(digits: Cols) -> npt.NDArray[np.uint16]:
    """Luhn sum mod 10 of each row of digits (0: the check digit is right)."""
    doubled = digits[digits.shape[0] - 2 :: -2]
    # uint8 partial sums (at most 9 x 28) reduce fastest; widen only the three per-row totals
    total = digits.sum(axis=0, dtype=np.uint8).astype(np.uint16)
    total += doubled.sum(axis=0, dtype=np.uint8)
    total -= 9 * (doubled >= 5).sum(axis=0, dtype=np.uint8).astype(np.uint16)
    return np.asarray(total % 10, dtype=np.uint16)


def _number(cols: Cols) -> npt.NDArray[np.int64]:
    """Decimal value of each column of digits (at most 18 rows)."""
    value = np.zeros(cols.shape[1], dtype=np.int64)
    for row in cols:
        value *= 10
        value += row
    return value


def _all_equal(cols: Cols) -> Mask:
    """Rows made of one repeated character (``len(set(text)) == 1``; empty text: False)."""
    width, count = cols.shape
    hit = np.zeros(count, dtype=bool)
    if width == 0:
        return hit
    rows = np.flatnonzero(cols[1] == cols[0]) if width > 1 else np.arange(count)
    for j in range(2, width):
        rows = rows[cols[j, rows] == cols[0, rows]]
    hit[rows] = True
    return hit


def _counting_run(cols: Cols) -> Mask:
    """Digits ascending or descending by one at every step, mod 10 (``device.is_counting_run``)."""
    width, count = cols.shape
    hit = np.zeros(count, dtype=bool)
    if width < 2:
        return hit
    step = cols[1] + 10 - cols[0]
    for good in ((1, 11), (9, 19)):
        rows = np.flatnonzero((step == good[0]) | (step == good[1]))
        for j in range(2, width):
            diff = cols[j, rows] + 10 - cols[j - 1, rows]
            rows = rows[(diff == good[0]) | (diff == good[1])]
        hit[rows] = True
    return hit


def _zero_run(cols: Cols, length: int) -> Mask:
    """Rows containing ``length`` consecutive zeros."""
    width, count = cols.shape
    hit = np.zeros(count, dtype=bool)
    rows = np.flatnonzero((cols == 0).sum(axis=0) >= length)
    run = np.zeros(rows.size, dtype=np.int32)
    for j in range(width):
        run = np.where(cols[j, rows] == 0, run + 1, 0)
        hit[rows[run >= length]] = True
    return hit


def _table(texts: Iterable[str], width: int, values: Callable[[str], int] = int) -> npt.NDArray[np.uint8]:
    """Strings of ``width`` characters as a ``(count, width)`` matrix of character values (each < 16)."""
    rows = [[values(c) for c in text] for text in sorted(texts)]
    if any(len(row) != width for row in rows):
        raise ValueError(f"table strings must have {width} characters")
    table = np.array(rows, dtype=np.uint8).reshape(len(rows), width)
    if table.size and table.max() >= 16:
        raise ValueError("table values must be below 16")
    return table


def _nibble_key(cols: Cols) -> npt.NDArray[np.uint16]:
    key = np.zeros(cols.shape[1], dtype=np.uint16)
    for row in cols:
        key <<= 4
        key |= row
    return key


def _rows_in(cols: Cols, table: npt.NDArray[np.uint8]) -> Mask:
    """Rows whose first ``table.shape[1]`` values equal one row of ``table`` (values < 16)."""
    count = cols.shape[1]
    hit = np.zeros(count, dtype=bool)
    if count == 0 or table.shape[0] == 0:
        return hit
    width = table.shape[1]
    tail = slice(max(width - 3, 0), width)  # the last characters: serial numbers, the least skewed
    allowed = np.zeros(1 << 12, dtype=bool)
    allowed[_nibble_key(np.ascontiguousarray(table.T[tail]))] = True
    candidates = np.flatnonzero(allowed[_nibble_key(cols[tail])])
    for pattern in table:
        rows = candidates
        for j in range(width - 1, -1, -1):
            rows = rows[cols[j, rows] == pattern[j]]
            if not rows.size:
                break
        hit[rows] = True
    return hit


def _by_width(strings: _Strings, judges: Sequence[tuple[int, Callable[[Cols], Codes]]], maybe: str, name: str) -> Codes:
    """Plain digit strings of each width through their judge; the rest through :func:`_settle`."""
    codes = np.zeros(len(strings), dtype=np.int8)
    done = np.zeros(len(strings), dtype=bool)
    for width, judge in judges:
        rows, digits = _digit_block(strings, width)
        if rows.size:
            codes[rows] = judge(digits)
            done[rows] = True
    _settle(strings, codes, done, maybe, name)
    return codes


# --- IMEI / IMEISV (device.imei) ------------------------------------------------------------------

_RBI_CURRENT = _lut((int(r) for r in device._RBI_CURRENT), 100)
_RBI_LEGACY = _lut((int(r) for r in device._RBI_LEGACY), 100)
_RBI_TEST = _lut((int(r) for r in device._RBI_TEST), 100)
_RBI_ANY = _lut((int(r) for r in device._RBI_ANY), 100)
_IMEI15_PH = _table((p for p in device.IMEI_PLACEHOLDERS if len(p) == 15), 15)
_IMEI14_PH = _table((p for p in device.IMEI_PLACEHOLDERS if len(p) == 14), 14)
#: 14-digit values that become a placeholder once the lost leading zero is restored
_IMEI14_PADDED_PH = _table((p[1:] for p in device.IMEI_PLACEHOLDERS if len(p) == 15 and p[0] == "0"), 14)
#: IMEISV bodies whose IMEI (body + Luhn check digit) is a placeholder
_IMEISV_PH = _table((p[:14] for p in device.IMEI_PLACEHOLDERS if len(p) == 15 and luhn_ok(p)), 14)
#: ``imei-``/``imeisv-`` prefixes and separated layouts: left to the Python validator
_IMEI_MAYBE = r"(?i)^imei(?:sv)?-|^[0-9]+[ \-][0-9 \-]*[0-9]$"


def _rbi(digits: Cols) -> npt.NDArray[np.uint8]:
    return np.asarray(digits[0] * 10 + digits[1], dtype=np.uint8)


def _dummy_imei_body(body: Cols) -> Mask:
    """``device._dummy_imei_body`` on 14-digit bodies."""
    zero_serial: Mask = body[8:14].max(axis=0) == 0
    return zero_serial | _all_equal(body) | _counting_run(body)


def _imei15(digits: Cols) -> Codes:
    rbi = _rbi(digits)
    luhn = _luhn_sum(digits) == 0
    known = _RBI_ANY[rbi]
    spare = ~luhn & (digits[14] == 0) & known
    return _decide(digits.shape[1], _MEDIUM, [
        (~(luhn | spare), _INVALID),
        (_rows_in(digits, _IMEI15_PH), _PLACEHOLDER),
        (~known, _INVALID),
        (_RBI_TEST[rbi] | _dummy_imei_body(digits[:14]), _PLACEHOLDER),
        (spare, _WEAK),
        (_RBI_CURRENT[rbi], _STRONG),
    ])  # fmt: skip


def _imeisv(digits: Cols) -> Codes:
    rbi = _rbi(digits)
    body = digits[:14]
    return _decide(digits.shape[1], _WEAK, [
        ((digits[14] == 9) & (digits[15] == 9), _INVALID),
        (~_RBI_ANY[rbi], _INVALID),
        (_RBI_TEST[rbi] | _dummy_imei_body(body) | _rows_in(body, _IMEISV_PH), _PLACEHOLDER),
    ])  # fmt: skip


def _imei14(digits: Cols) -> Codes:
    rbi = _rbi(digits)
    zero_stripped = (digits[0] == 1) & (_luhn_sum(digits) == 0) & ~_rows_in(digits, _IMEI14_PADDED_PH)
    return _decide(digits.shape[1], _INVALID, [
        (_rows_in(digits, _IMEI14_PH) | _dummy_imei_body(digits), _PLACEHOLDER),
        (_RBI_TEST[rbi], _PLACEHOLDER),
        (_RBI_CURRENT[rbi] | _RBI_LEGACY[rbi], _WEAK),
        (zero_stripped, _WEAK),
    ])  # fmt: skip


def _imei_kernel(strings: _Strings) -> Codes:
    return _by_width(strings, ((15, _imei15), (16, _imeisv), (14, _imei14)), _IMEI_MAYBE, "imei")


# --- China resident ID (identity.cn_ric) ----------------------------------------------------------


def _ric_value(char: str) -> int:
    return 10 if char == "X" else int(char)


#: MOD 11-2 remainder -> value of the check character (X = 10)
_RIC_EXPECTED = np.array([_ric_value(c) for c in checksums._RIC_CHECK], dtype=np.uint8)
_RIC_PH = _table(identity._RIC_PLACEHOLDERS, 18, _ric_value)
_PROVINCES = _lut((int(p) for p in identity._PROVINCES), 100)
_RESIDENCE_PERMITS = _table(identity._RESIDENCE_PERMITS, 6)
_DAYS_IN_MONTH = np.zeros(100, dtype=np.uint8)
_DAYS_IN_MONTH[1:13] = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
#: the spaced layout ``AAAAAA BBBBBBBB CCCK``: left to the Python validator
_RIC_MAYBE = r"^[1-9][0-9]{5} [0-9]{8} [0-9]{3}[0-9Xx]$"


def _two(digits: Cols, at: int) -> npt.NDArray[np.uint16]:
    return np.asarray(digits[at].astype(np.uint16) * 10 + digits[at + 1], dtype=np.uint16)


def _valid_date(year: npt.NDArray[np.uint16], month: npt.NDArray[np.uint16], day: npt.NDArray[np.uint16]) -> Mask:
    """Real Gregorian dates (month 1-12, day within the month, 29 February in leap years)."""
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    last = _DAYS_IN_MONTH[month] + ((month == 2) & leap)
    real: Mask = (year >= 1) & (day >= 1) & (day <= last)
    return real


def _ric_region(address: Cols) -> Mask:
    """``identity._region_tag`` is not None: residence permit, PR card (9 + province) or province."""
    nine: Mask = address[0] == 9
    return (
        _rows_in(address, _RESIDENCE_PERMITS)
        | (nine & _PROVINCES[_two(address, 1)])
        | (~nine & _PROVINCES[_two(address, 0)])
    )


def _ric18(digits: Cols, check: npt.NDArray[np.uint8]) -> Codes:
    """18-character IDs: the 17-digit body and the check character's value (X = 10)."""
    total = np.zeros(digits.shape[1], dtype=np.uint16)
    for weight, row in zip(checksums._RIC_WEIGHTS, digits, strict=True):
        total += row * np.uint16(weight)
    year = np.asarray(_two(digits, 6) * 100 + _two(digits, 8), dtype=np.uint16)
    month, day = _two(digits, 10), _two(digits, 12)
    today = _dt.date.today()
    born = year.astype(np.uint32) * 10_000 + month * 100 + day
    real = (
        _valid_date(year, month, day) & (year >= 1880) & (born <= today.year * 10_000 + today.month * 100 + today.day)
    )
    values = np.concatenate([digits, check[None, :]])
    return _decide(digits.shape[1], _STRONG, [
        (digits[0] == 0, _INVALID),
        (_rows_in(values, _RIC_PH), _PLACEHOLDER),
        (_RIC_EXPECTED[total % 11] != check, _INVALID),
        (~real, _INVALID),
        (~_ric_region(digits[:6]), _INVALID),
    ])  # fmt: skip


def _ric15(digits: Cols) -> Codes:
    """First-generation 15-digit IDs (``identity._ric_legacy``): 19YYMMDD date and a province."""
    year = np.asarray(1900 + _two(digits, 6), dtype=np.uint16)
    real = _valid_date(year, _two(digits, 8), _two(digits, 10))
    address = digits[:6]
    province = ~_rows_in(address, _RESIDENCE_PERMITS) & (address[0] != 9) & _PROVINCES[_two(address, 0)]
    return _decide(digits.shape[1], _WEAK, [(digits[0] == 0, _INVALID), (~(real & province), _INVALID)])


def _cn_ric_kernel(strings: _Strings) -> Codes:
    codes = np.zeros(len(strings), dtype=np.int8)
    done = np.zeros(len(strings), dtype=bool)
    rows = strings.rows(18)
    if rows.size:
        raw = strings.matrix(rows, 18)
        digits = raw - np.uint8(48)
        is_x = (raw[17] == ord("X")) | (raw[17] == ord("x"))
        ok = (digits[:17].max(axis=0) <= 9) & ((digits[17] <= 9) | is_x)
        digits[17] = np.where(is_x, np.uint8(10), digits[17])
        rows, digits = _keep(rows, digits, ok)
        codes[rows] = _ric18(digits[:17], digits[17])
        done[rows] = True
    rows, digits = _digit_block(strings, 15)
    codes[rows] = _ric15(digits)
    done[rows] = True
    _settle(strings, codes, done, _RIC_MAYBE, "cn_ric")
    return codes


# --- ICCID (telecom.iccid) ------------------------------------------------------------------------

#: separated layouts (a trailing F filler allowed): left to the Python validator
_ICCID_MAYBE = r"^8[0-9]*[ \-][0-9 \-]*[Ff]?$"


def _iccid_digits(digits: Cols, *, filler: bool) -> Codes:
    width = digits.shape[0]
    luhn = _luhn_sum(digits) == 0
    no_check = (width == 19) & (filler | ((digits[2] == 8) & (digits[3] == 6)))
    return _decide(digits.shape[1], _INVALID, [
        (~((digits[0] == 8) & (digits[1] == 9)), _INVALID),
        (luhn & _all_equal(digits[6 : width - 1]), _PLACEHOLDER),
        (luhn, _STRONG),
        (no_check, _WEAK),
    ])  # fmt: skip


def _iccid_kernel(strings: _Strings) -> Codes:
    codes = np.zeros(len(strings), dtype=np.int8)
    done = np.zeros(len(strings), dtype=bool)
    rows, digits = _digit_block(strings, 19)
    codes[rows] = _iccid_digits(digits, filler=False)
    done[rows] = True
    rows = strings.rows(20)
    if rows.size:
        raw = strings.matrix(rows, 20)
        digits = raw - np.uint8(48)
        body = digits[:19].max(axis=0) <= 9
        for ok, filler in ((body & (digits[19] <= 9), False), (body & ((raw[19] | 0x20) == ord("f")), True)):
            kept, block = _keep(rows, digits[: 19 + (not filler)], ok)
            codes[kept] = _iccid_digits(block, filler=filler)
            done[kept] = True
    _settle(strings, codes, done, _ICCID_MAYBE, "iccid")
    return codes


# --- payment cards (financial.payment_card) -------------------------------------------------------

_CARD_NAMES = [name for name, _, _ in financial._NETWORKS]
_UNIONPAY = _CARD_NAMES.index("unionpay")
_CARD_MAYBE = r"^[0-9]+[ \-][0-9 \-]*[0-9]$"


def _prefix_value(digits: Cols, length: int) -> npt.NDArray[np.int64]:
    return _number(digits[:length])


def _card_network(digits: Cols) -> npt.NDArray[np.int8]:
    """Index into ``financial._NETWORKS`` of ``card_network(digits)``, -1 for none (one width)."""
    width = digits.shape[0]
    network = np.full(digits.shape[1], -1, dtype=np.int8)
    heads: dict[int, npt.NDArray[np.int64]] = {}
    for index, (_, ranges, lengths) in enumerate(financial._NETWORKS):
        if width not in lengths:
            continue
        for low, high in ranges:
            if len(low) != len(high):  # string comparison would differ from numeric: not vectorised
                raise ValueError(f"card range {low}-{high} has mixed lengths")
            head = heads.get(len(low))
            if head is None:
                head = heads[len(low)] = _prefix_value(digits, len(low))
            network[(network < 0) & (head >= int(low)) & (head <= int(high))] = index
    return network


@functools.cache
def _test_pans(width: int) -> npt.NDArray[np.uint8]:
    return _table((p for p in financial._TEST_PANS if len(p) == width), width)


def _card_digits(digits: Cols) -> Codes:
    width = digits.shape[0]
    luhn = _luhn_sum(digits) == 0
    head = _rbi(digits)
    network = _card_network(digits)
    test = _rows_in(digits, _test_pans(width)) | _zero_run(digits[1:], 8) | _all_equal(digits[1 : width - 1])
    legacy_networks = [i for i, name in enumerate(_CARD_NAMES) if (name, width) in financial._LEGACY_LENGTHS]
    legacy = np.isin(network, legacy_networks) | (width == 12)
    return _decide(digits.shape[1], _INVALID, [
        (~luhn & (head != 62) & (head != 81), _INVALID),
        (network < 0, _INVALID),
        (test, _PLACEHOLDER),
        (luhn & legacy, _WEAK),
        (luhn, _STRONG),
        (network == _UNIONPAY, _WEAK),
    ])  # fmt: skip


def _payment_card_kernel(strings: _Strings) -> Codes:
    return _by_width(strings, [(width, _card_digits) for width in range(12, 20)], _CARD_MAYBE, "payment_card")


# --- IMSI (telecom.imsi) --------------------------------------------------------------------------

_IMSI_PH = {width: _table((p for p in telecom.IMSI_PLACEHOLDERS if len(p) == width), width) for width in (14, 15)}
#: 5G ``imsi-``/``suci-`` forms and separated layouts: left to the Python validator
_IMSI_MAYBE = r"(?i)^(?:imsi|suci)-|^[0-9]+[ \-][0-9 \-]*[0-9]$"
_PLMN_UNKNOWN, _PLMN_TEST, _PLMN_OK = 0, 1, 2


@functools.cache
def _plmn_table() -> npt.NDArray[np.int16]:
    """6-digit IMSI head -> packed PLMN facts (filled lazily, -1 = not looked up yet)."""
    return np.full(1_000_000, -1, dtype=np.int16)


def _plmn_facts(head: int) -> int:
    """``status | len(mcc + mnc) << 2 | mnc_known << 6`` from ``telecom.plmn_info`` (a table walk)."""
    info = telecom.plmn_info(f"{head:06d}" + "0" * 9)
    if info is None:
        return _PLMN_UNKNOWN
    mcc, mnc, _, known = info
    status = _PLMN_TEST if mcc in telecom._TEST_MCCS else _PLMN_OK
    return status | (len(mcc) + len(mnc)) << 2 | int(known) << 6


def _plmn(digits: Cols) -> npt.NDArray[np.int16]:
    """PLMN facts of every IMSI: one table walk per distinct 6-digit head, ever."""
    table = _plmn_table()
    heads = _number(digits[:6])
    facts = table[heads]
    missing = np.unique(heads[facts < 0])
    if missing.size:
        table[missing] = [_plmn_facts(int(h)) for h in missing]
        facts = table[heads]
    return facts


def _dummy_msin(msin: Cols) -> Mask:
    """``telecom._dummy_msin``: one repeated digit, at most two significant digits, a counting tail."""
    width, count = msin.shape
    if width <= 2:
        return np.ones(count, dtype=bool)
    few: Mask = msin[: width - 2].max(axis=0) == 0
    return _all_equal(msin) | few | _counting_run(msin[-8:])


def _imsi_digits(digits: Cols) -> Codes:
    width, count = digits.shape
    facts = _plmn(digits)
    status = facts & 3
    plmn_length = (facts >> 2) & 15
    dummy = np.zeros(count, dtype=bool)
    for length in np.unique(plmn_length[status == _PLMN_OK]).tolist():
        rows = np.flatnonzero(plmn_length == length)
        dummy[rows] = _dummy_msin(digits[length:, rows])
    return _decide(count, _WEAK, [
        (_rows_in(digits, _IMSI_PH[width]), _PLACEHOLDER),
        (status == _PLMN_UNKNOWN, _INVALID),
        (status == _PLMN_TEST, _PLACEHOLDER),
        (dummy, _PLACEHOLDER),
        (((facts >> 6) & 1 == 1) & (width == 15), _MEDIUM),
    ])  # fmt: skip


def _imsi_kernel(strings: _Strings) -> Codes:
    return _by_width(strings, ((15, _imsi_digits), (14, _imsi_digits)), _IMSI_MAYBE, "imsi")


# --- e-mail (contact.email) -----------------------------------------------------------------------


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words))


_ATOM = r"[A-Za-z0-9_%+\-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
_EMAIL = rf"^{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+(?:[A-Za-z]{{2,24}}|(?i:xn--)[A-Za-z0-9]{{1,59}})$"
_EMAIL_FILE = rf"\.(?i:{_alternatives(contact._FILE_EXTENSIONS)})$"
_EMAIL_PH_DOMAIN = (
    rf"\.(?i:{_alternatives(contact._PLACEHOLDER_TLDS)})$|[@.](?i:{_alternatives(contact._PLACEHOLDER_DOMAINS)})$"
)
_EMAIL_SERVICE = rf"^(?i:{_alternatives(contact._SERVICE_ADDRESSES)})$"
_EMAIL_PH_LOCAL = rf"^(?i:{_alternatives(contact._PLACEHOLDER_LOCALS)})@"
#: ``str.lower`` turns the Kelvin sign into ``k``: such domains go to the Python validator
_EMAIL_MAYBE = r"^[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9.\-\x{212A}]*\x{212A}[A-Za-z0-9.\-\x{212A}]*$"


def _email_kernel(strings: _Strings) -> Codes:
    codes = np.zeros(len(strings), dtype=np.int8)
    shaped = _matches(strings.array, _EMAIL)
    rows = np.flatnonzero(shaped)
    if rows.size:
        sub = strings.take(rows)
        local = np.asarray(pc.find_substring(sub, "@").to_numpy(zero_copy_only=False))
        too_long = (strings.lengths[rows] > 254) | (local > 64)
        special = _matches(sub, "|".join((_EMAIL_FILE, _EMAIL_PH_DOMAIN, _EMAIL_SERVICE, _EMAIL_PH_LOCAL)))
        rules = [(too_long, _INVALID)]
        hits = np.flatnonzero(special)
        if hits.size:  # rare: the exact rule of each special address
            found = strings.take(rows[hits])
            for pattern, code in (
                (_EMAIL_FILE, _INVALID), (_EMAIL_PH_DOMAIN, _PLACEHOLDER), (_EMAIL_SERVICE, _PLACEHOLDER),
                (_EMAIL_PH_LOCAL, _PLACEHOLDER),
            ):  # fmt: skip
                mask = np.zeros(rows.size, dtype=bool)
                mask[hits] = _matches(found, pattern)
                rules.append((mask, code))
        codes[rows] = _decide(rows.size, _STRONG, rules)
    _settle(strings, codes, shaped, _EMAIL_MAYBE, "email")
    return codes


# --- Chinese mobile numbers (contact.cn_mobile) ---------------------------------------------------

_CN_PH = _table(contact._CN_PLACEHOLDERS, 11)
_CN_COUNTING_TAILS = _table(("12345678", "87654321"), 8)
_CN_FORMATTED = (
    r"^(?:(?:\+|00)86[ \-]?|\(\+?86\)[ \-]?|86[ \-])?"
    r"1[3-9][0-9](?: [0-9]{4} |-[0-9]{4}-|[0-9]{4})[0-9]{4}$"
)


@functools.cache
def _cn_listing() -> tuple[str | None, str | None, str | None]:
    """RE2 forms of libphonenumber's CN patterns for 11-digit national numbers (see
    ``contact._cn_pattern_sources``, cached there): ``(carrier, general, types)``, anchored."""
    carrier, general, types = contact.cn_pattern_sources()
    return (
        f"^{carrier}" if carrier else None,
        f"^{general}$" if general else None,
        f"^{types}$" if types else None,
    )


def _digit_strings(digits: Cols) -> Any:
    """An Arrow string array of the rows of a digit matrix."""
    width, count = digits.shape
    data = np.ascontiguousarray((digits + np.uint8(48)).T).tobytes()
    offsets = np.arange(0, (count + 1) * width, width, dtype=np.int32)
    return pa.Array.from_buffers(pa.string(), count, [None, pa.py_buffer(offsets), pa.py_buffer(data)])


def _cn_listed(digits: Cols) -> tuple[Mask, Mask]:
    """``contact._cn_listed`` per row, and the rows it cannot decide (carrier-prefix numbers)."""
    carrier, general, types = _cn_listing()
    texts = _digit_strings(digits)
    count = digits.shape[1]
    undecided = _matches(texts, carrier) if carrier else np.zeros(count, dtype=bool)
    if general is None or types is None:
        return np.zeros(count, dtype=bool), undecided
    return _matches(texts, general) & _matches(texts, types), undecided


def _cn_digits(digits: Cols, formatted: bool) -> tuple[Codes, Mask]:
    count = digits.shape[1]
    placeholder = (
        _rows_in(digits, _CN_PH)
        | _all_equal(digits[3:])
        | _rows_in(np.ascontiguousarray(digits[3:]), _CN_COUNTING_TAILS)
        | _all_equal(digits[1:])
    )
    listed, undecided = _cn_listed(digits)
    if formatted:
        rules = [(placeholder, _PLACEHOLDER), (listed, _STRONG)]
        return _decide(count, _MEDIUM, rules), undecided
    return _decide(count, _WEAK, [(placeholder, _PLACEHOLDER), (listed, _MEDIUM)]), undecided


def _cn_mobile_kernel(strings: _Strings) -> Codes:
    codes = np.zeros(len(strings), dtype=np.int8)
    python = np.zeros(len(strings), dtype=bool)
    rows, digits = _digit_block(strings, 11)
    done = np.zeros(len(strings), dtype=bool)
    done[rows] = True  # 11 digits: bare mobile or INVALID
    ok = (digits[0] == 1) & (digits[1] >= 3)
    rows, digits = _keep(rows, digits, ok)
    if rows.size:
        codes[rows], undecided = _cn_digits(digits, formatted=False)
        python[rows[undecided]] = True
    rest = np.flatnonzero(~done)
    if rest.size:
        rows = rest[_matches(strings.take(rest), _CN_FORMATTED)]
        if rows.size:
            bare = pc.utf8_slice_codeunits(pc.replace_substring_regex(strings.take(rows), "[^0-9]", ""), -11)
            digits = _Strings(bare).matrix(np.arange(rows.size), 11) - np.uint8(48)
            codes[rows], undecided = _cn_digits(digits, formatted=True)
            python[rows[undecided]] = True
    rows = np.flatnonzero(python)
    if rows.size:
        codes[rows] = _python("cn_mobile", strings.take(rows))
    return codes


# --- MAC address (device.mac) ---------------------------------------------------------------------

_MAC_PH = _table((p.replace(":", "") for p in device.MAC_PLACEHOLDERS), 12, lambda c: int(c, 16))
_MAC_UNPADDED = r"^[0-9A-Fa-f]{1,2}(?::[0-9A-Fa-f]{1,2}){5}$"
_MAC_HEX17 = [i for i in range(17) if i % 3 != 2]
_MAC_HEX14 = [i for i in range(14) if i not in (4, 9)]
_BARE, _DELIMITED, _UNPADDED = 0, 1, 2


def _mac_values(values: Cols, form: int) -> Codes:
    """Outcome of 12 hex values per row (``values``: 12 x rows) written in ``form``."""
    first = values[0] * 16 + values[1]
    rules = [((first & 1) == 1, _INVALID), (_rows_in(values, _MAC_PH), _PLACEHOLDER)]
    if form == _BARE:
        rules.append(((values >= 10).all(axis=0), _INVALID))
        return _decide(values.shape[1], _WEAK, rules)
    if form == _UNPADDED:
        return _decide(values.shape[1], _WEAK, rules)
    rules.append(((first & 2) == 2, _MEDIUM))
    return _decide(values.shape[1], _STRONG, rules)


def _mac_kernel(strings: _Strings) -> Codes:
    codes = np.zeros(len(strings), dtype=np.int8)
    done = np.zeros(len(strings), dtype=bool)
    for width, positions, form in (
        (12, list(range(12)), _BARE),
        (17, _MAC_HEX17, _DELIMITED),
        (14, _MAC_HEX14, _DELIMITED),
    ):
        rows = strings.rows(width)
        if not rows.size:
            continue
        raw = strings.matrix(rows, width)
        values = _HEX[raw[positions]]
        ok = values.max(axis=0) < 16
        if width == 17:  # one separator kind, ':' or '-'
            separators = raw[2::3]
            ok &= ((raw[2] == ord(":")) | (raw[2] == ord("-"))) & (separators == raw[2]).all(axis=0)
        if width == 14:  # Cisco dots; other 14-character values may be unpadded colon notation
            dotted = (raw[4] == ord(".")) & (raw[9] == ord("."))
            rows, raw, values, ok = rows[dotted], raw[:, dotted], values[:, dotted], ok[dotted]
        done[rows] = True
        codes[rows[ok]] = _mac_values(values[:, ok], form)
    rest = np.flatnonzero(~done)
    if rest.size:
        rows = rest[_matches(strings.take(rest), _MAC_UNPADDED)]
        if rows.size:
            padded = pc.replace_substring_regex(strings.take(rows), r"\b([0-9A-Fa-f])\b", r"0\1")
            compact = _Strings(pc.replace_substring(padded, ":", ""))
            codes[rows] = _mac_values(_HEX[compact.matrix(np.arange(rows.size), 12)], _UNPADDED)
    return codes


# --- Android ID (device.android_id) ---------------------------------------------------------------

#: byte -> class bit: 1 digit, 2 a-f, 4 A-F, 8 anything else
_DIGIT, _LOWER, _UPPER, _OTHER = 1, 2, 4, 8
_CHAR_CLASS = np.full(256, _OTHER, dtype=np.uint8)
_CHAR_CLASS[[ord(c) for c in "0123456789"]] = _DIGIT
_CHAR_CLASS[[ord(c) for c in "abcdef"]] = _LOWER
_CHAR_CLASS[[ord(c) for c in "ABCDEF"]] = _UPPER


def _classes(raw: Cols) -> npt.NDArray[np.uint8]:
    """Per row, the OR of the class bits of its characters (which classes occur)."""
    return np.asarray(np.bitwise_or.reduce(_CHAR_CLASS[raw], axis=0), dtype=np.uint8)


def _android_id_kernel(strings: _Strings) -> Codes:
    codes = np.zeros(len(strings), dtype=np.int8)
    for width in range(13, 17):
        rows = strings.rows(width)
        if not rows.size:
            continue
        raw = strings.matrix(rows, width)
        found = _classes(raw)
        rules = [((found & (_UPPER | _OTHER)) != 0, _INVALID), (found != (_DIGIT | _LOWER), _INVALID)]
        if width < 16:
            rules.append((raw[0] == ord("0"), _INVALID))
        codes[rows] = _decide(rows.size, _WEAK, rules)
    placeholder = np.asarray(
        pc.is_in(strings.array, value_set=pa.array(sorted(device.ANDROID_ID_PLACEHOLDERS))).to_numpy(
            zero_copy_only=False
        ),
        dtype=bool,
    ) | _matches(strings.array, r"(?i)^unknown$")
    codes[placeholder] = _PLACEHOLDER
    return codes


# --- UUID-shaped and vendor OAIDs (appids.ad_uuid, appids.oaid) -----------------------------------

_UUID_HEX = [i for i in range(36) if i not in (8, 13, 18, 23)]
_UUID_PH = _table((p.replace("-", "") for p in appids.UUID_PLACEHOLDERS), 32, lambda c: int(c, 16))


def _uuid_block(strings: _Strings) -> tuple[Rows, Cols]:
    """Values shaped 8-4-4-4-12 hex (any case) and their 32 hex values."""
    rows = strings.rows(36)
    if not rows.size:
        return rows, np.zeros((32, 0), dtype=np.uint8)
    raw = strings.matrix(rows, 36)
    values = _HEX[raw[_UUID_HEX]]
    ok = (values.max(axis=0) < 16) & (raw[[8, 13, 18, 23]] == ord("-")).all(axis=0)
    return _keep(rows, values, ok)


def _ad_uuid_kernel(strings: _Strings) -> Codes:
    codes = np.zeros(len(strings), dtype=np.int8)
    rows, values = _uuid_block(strings)
    placeholder = _rows_in(values, _UUID_PH) | _all_equal(values)
    codes[rows] = _decide(rows.size, _WEAK, [(placeholder, _PLACEHOLDER)])
    return codes


def _oaid_kernel(strings: _Strings) -> Codes:
    codes = np.zeros(len(strings), dtype=np.int8)
    rows, values = _uuid_block(strings)
    codes[rows] = _decide(rows.size, _WEAK, [(_all_equal(values), _PLACEHOLDER)])
    for width in (16, 32, 64):
        rows = strings.rows(width)
        if not rows.size:
            continue
        raw = strings.matrix(rows, width)
        found = _classes(raw)
        lower = (found & (_UPPER | _OTHER)) == 0
        upper = (width == 64) & ((found & (_LOWER | _OTHER)) == 0)
        rules = [(~(lower | upper), _INVALID), (_all_equal(raw), _PLACEHOLDER)]
        if width == 16:
            rules.append(((found == _DIGIT) | (found == _LOWER), _INVALID))
        codes[rows] = _decide(rows.size, _WEAK, rules)
    return codes


# --- Firebase installation / instance IDs (appids.firebase_id) -----------------------------------

#: byte -> class bit for base64url: 1 digit, 2 A-Z, 4 a-z, 8 '-' or '_', 16 anything else
_B64_DIGIT, _B64_UPPER, _B64_LOWER, _B64_MARK, _B64_OTHER = 1, 2, 4, 8, 16
_B64_CLASS = np.full(256, _B64_OTHER, dtype=np.uint8)
_B64_CLASS[[ord(c) for c in "0123456789"]] = _B64_DIGIT
_B64_CLASS[[ord(c) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]] = _B64_UPPER
_B64_CLASS[[ord(c) for c in "abcdefghijklmnopqrstuvwxyz"]] = _B64_LOWER
_B64_CLASS[[ord("-"), ord("_")]] = _B64_MARK
_FID_FIRST = _lut(ord(c) for c in appids._FIRST_FID_CHAR)
_CAMEL_WORD = f"^(?:{appids._CAMEL_WORD.pattern})$"


def _firebase_id_kernel(strings: _Strings) -> Codes:
    codes = np.zeros(len(strings), dtype=np.int8)
    for width in (22, 11):
        rows = strings.rows(width)
        if not rows.size:
            continue
        raw = strings.matrix(rows, width)
        found = np.asarray(np.bitwise_or.reduce(_B64_CLASS[raw], axis=0), dtype=np.uint8)
        shaped = _FID_FIRST[raw[0]] & ((found & _B64_OTHER) == 0)
        letters = _B64_UPPER | _B64_LOWER
        if width == 22:  # installation ID: a digit, an upper- and a lower-case letter
            codes[rows] = _decide(rows.size, _INVALID, [(shaped & ((found & (_B64_DIGIT | letters)) == 7), _MEDIUM)])
            continue
        mixed_case = (found & letters) == letters
        digits_no_snake = ((found & _B64_DIGIT) != 0) & ~(raw == ord("_")).any(axis=0)
        candidates = np.flatnonzero(shaped & (mixed_case | digits_no_snake))
        camel = np.zeros(rows.size, dtype=bool)
        if candidates.size:
            camel[candidates] = _matches(strings.take(rows[candidates]), _CAMEL_WORD)
        codes[rows] = _decide(rows.size, _INVALID, [(shaped & (mixed_case | digits_no_snake) & ~camel, _WEAK)])
    return codes


# --- IPv4 (network.ipv4) --------------------------------------------------------------------------

_IPV4_SHAPE = rf"^{network._OCTET}(?:\.{network._OCTET}){{3}}$"
#: what ``network.ipv6`` (called for values with a colon) may accept: optional brackets and zone
_IPV6_MAYBE = r"^\[?[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(?:%[0-9A-Za-z_.\-]*)?\]?$"
#: IANA special-purpose IPv4 blocks: extra range boundaries, in case a Python version tests one
_IANA_V4 = (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/24", "192.0.0.0/29", "192.0.0.8/32", "192.0.0.9/32", "192.0.0.10/32", "192.0.0.170/31",
    "192.0.2.0/24", "192.31.196.0/24", "192.52.193.0/24", "192.88.99.0/24", "192.168.0.0/16",
    "192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
    "255.255.255.255/32",
)  # fmt: skip


def _ipv4_networks(value: object) -> Iterator[ipaddress.IPv4Network]:
    """Every IPv4 network or address in ``value`` (nested containers and address strings included)."""
    if isinstance(value, ipaddress.IPv4Network):
        yield value
    elif isinstance(value, ipaddress.IPv4Address):
        yield ipaddress.IPv4Network(value)
    elif isinstance(value, str):
        try:
            found = ipaddress.ip_network(value)
        except ValueError:
            return
        if isinstance(found, ipaddress.IPv4Network):
            yield found
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _ipv4_networks(item)


def ipv4_boundaries() -> list[int]:
    """Start addresses of ranges on which ``network.ipv4`` gives one outcome throughout.

    Boundaries: every IPv4 network or address named in the validator module and in
    :mod:`ipaddress`'s constants, the IANA special-purpose blocks, and the "version-like"
    ranges ``a.b.0.0 - a.b.9.255`` (single-digit first three octets).
    """
    sources: list[object] = [list(vars(network).values()), list(_IANA_V4)]
    constants = getattr(ipaddress, "_IPv4Constants", None)
    if constants is not None:
        sources.append(list(vars(constants).values()))
    points = {0}
    for net in _ipv4_networks(sources):
        points.add(int(net.network_address))
        points.add(int(net.broadcast_address) + 1)
    for a in range(10):
        for b in range(10):
            points.update(((a << 24) | (b << 16), (a << 24) | (b << 16) | (10 << 8)))
    return sorted(p for p in points if p < 1 << 32)


@functools.cache
def _ipv4_ranges() -> tuple[npt.NDArray[np.uint32], Codes]:
    """Range starts and the Python validator's outcome for each range (evaluated once)."""
    starts = ipv4_boundaries()
    validator = get_validator("ipv4")
    codes = [_CODE[validator(str(ipaddress.IPv4Address(p))).outcome] for p in starts]
    return np.array(starts, dtype=np.uint32), np.array(codes, dtype=np.int8)


def _ipv4_kernel(strings: _Strings) -> Codes:
    codes = np.zeros(len(strings), dtype=np.int8)
    shaped = _matches(strings.array, _IPV4_SHAPE)
    rows = np.flatnonzero(shaped)
    if rows.size:
        parts = pc.list_flatten(pc.split_pattern(strings.take(rows), "."))
        octets = np.asarray(pc.cast(parts, pa.uint32()).to_numpy(zero_copy_only=False), dtype=np.uint32)
        quads = octets.reshape(-1, 4)
        address = (quads[:, 0] << 24) | (quads[:, 1] << 16) | (quads[:, 2] << 8) | quads[:, 3]
        starts, outcomes = _ipv4_ranges()
        codes[rows] = outcomes[np.searchsorted(starts, address, side="right") - 1]
    _settle(strings, codes, shaped, _IPV6_MAYBE, "ipv4")  # IPv6 candidates: the Python validator
    return codes


# --- registry -------------------------------------------------------------------------------------

_KERNELS: dict[str, Callable[[_Strings], Codes]] = {
    "imei": _imei_kernel,
    "cn_ric": _cn_ric_kernel,
    "iccid": _iccid_kernel,
    "payment_card": _payment_card_kernel,
    "imsi": _imsi_kernel,
    "email": _email_kernel,
    "cn_mobile": _cn_mobile_kernel,
    "mac": _mac_kernel,
    "android_id": _android_id_kernel,
    "oaid": _oaid_kernel,
    "ad_uuid": _ad_uuid_kernel,
    "firebase_id": _firebase_id_kernel,
    "ipv4": _ipv4_kernel,
}
#: Validator names that have a vectorised form.
VECTORISED: tuple[str, ...] = tuple(_KERNELS)


def _validate(kernel: Callable[[_Strings], Codes], values: Any) -> Codes:
    array = _string_array(values)
    codes = np.zeros(len(array), dtype=np.int8)
    if not len(array):
        return codes
    strings = _Strings(array)
    edges = _needs_strip(strings)
    if not edges.any():
        return kernel(strings)
    plain = np.flatnonzero(~edges)
    if plain.size:
        codes[plain] = kernel(_Strings(strings.take(plain)))
    rows = np.flatnonzero(edges)
    codes[rows] = kernel(_Strings(pc.utf8_trim(strings.take(rows), characters=PY_WHITESPACE)))
    return codes


@functools.cache
def vector_validator(name: str) -> VectorValidator | None:
    """The vectorised form of validator ``name``, or ``None`` when there is none.

    The function takes a pyarrow string array (or chunked array) of candidate values and returns
    an ``np.int8`` array of :data:`OUTCOME_CODES` indices, one per value, equal to the index of
    ``get_validator(name)(value).outcome.value`` for every value (a null counts as INVALID).
    """
    kernel = _KERNELS.get(name)
    if kernel is None:
        return None
    return functools.partial(_validate, kernel)
