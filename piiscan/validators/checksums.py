"""Check-digit algorithms shared by several validators (pure functions, no I/O)."""

from __future__ import annotations

_HEX = "0123456789ABCDEF"
_RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RIC_CHECK = "10X98765432"


_DECIMAL = "0123456789"
_DOUBLED = str.maketrans(_DECIMAL, "0246813579")  # each digit doubled, digits of the product summed


def luhn_sum(digits: str, alphabet: str = _DECIMAL) -> int:
    """Luhn checksum over ``digits`` in ``alphabet`` (base = len(alphabet)); 0 means valid."""
    if alphabet == _DECIMAL and digits.isascii() and digits.isdigit():
        backwards = digits[::-1]
        return (sum(map(int, backwards[::2])) + sum(map(int, backwards[1::2].translate(_DOUBLED)))) % 10
    base = len(alphabet)
    total = 0
    for i, char in enumerate(reversed(digits)):
        value = alphabet.index(char)
        if i % 2:
            value *= 2
            value = value // base + value % base
        total += value
    return total % base


def luhn_ok(digits: str) -> bool:
    """True when the decimal string passes the Luhn check (ISO/IEC 7812 Annex B)."""
    return bool(digits) and digits.isascii() and digits.isdigit() and luhn_sum(digits) == 0


def luhn_hex_ok(value: str) -> bool:
    """Luhn over the hexadecimal alphabet (MEID check digit)."""
    upper = value.upper()
    return bool(upper) and all(c in _HEX for c in upper) and luhn_sum(upper, _HEX) == 0


def luhn_check_digit(body: str, alphabet: str = "0123456789") -> str:
    """The check character that makes ``body + check`` Luhn-valid."""
    for candidate in alphabet:
        if luhn_sum(body + candidate, alphabet) == 0:
            return candidate
    raise ValueError("no Luhn check digit")  # unreachable for a valid alphabet


def mod11_2_check(body17: str) -> str:
    """ISO 7064 MOD 11-2 check character of a 17-digit China resident ID body."""
    total = sum(int(c) * w for c, w in zip(body17, _RIC_WEIGHTS, strict=True))
    return _RIC_CHECK[total % 11]


#: letters as their MOD 97-10 numbers (A=10 ... Z=35), either case
_BASE36 = str.maketrans({c: str(10 + i) for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
                        | {c: str(10 + i) for i, c in enumerate("abcdefghijklmnopqrstuvwxyz")})


def mod97_ok(text: str) -> bool:
    """ISO 7064 MOD 97-10 over an IBAN already rearranged (country+check moved to the end)."""
    digits = text.translate(_BASE36)
    if not (digits.isascii() and digits.isdigit()):  # something other than letters and digits
        raise ValueError(f"not alphanumeric: {len(text)} characters")
    return int(digits) % 97 == 1
