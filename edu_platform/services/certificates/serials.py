"""Certificate serials: EDU-<year>-XXXX-XXXX-XXXC, self-checking, hard to misread."""

from __future__ import annotations

import secrets

from edu_platform.models import (
    utcnow,
)

# Serials: EDU-<year>-XXXX-XXXX-XXXC, Crockford base32 (no I, L, O, U: nothing to misread),
# 11 random characters (55 bits: not guessable) and a Luhn mod 32 check character that
# catches any single mistyped character and any swap of two neighbours.
SERIAL_PREFIX = "EDU"
SERIAL_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SERIAL_RANDOM_CHARS = 11
_MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1"})


# --- serials ----------------------------------------------------------------------------


def _check_character(payload: str) -> str:
    """Luhn mod N over the alphabet (N = 32) for `payload` (digits and alphabet letters)."""
    base = len(SERIAL_ALPHABET)
    total, factor = 0, 2
    for char in reversed(payload):
        addend = factor * SERIAL_ALPHABET.index(char)
        total += addend // base + addend % base
        factor = 1 if factor == 2 else 2
    return SERIAL_ALPHABET[(base - total % base) % base]


def new_serial(year: int | None = None) -> str:
    """A fresh random serial such as EDU-2026-7KQ2-M9XD-4TPA."""
    year = year or utcnow().year
    body = "".join(secrets.choice(SERIAL_ALPHABET) for _ in range(SERIAL_RANDOM_CHARS))
    body += _check_character(f"{year}{body}")
    return f"{SERIAL_PREFIX}-{year}-{body[0:4]}-{body[4:8]}-{body[8:12]}"


def normalise_serial(raw: str) -> str | None:
    """The canonical serial for what someone typed (case, O/0, I/1), or None if malformed."""
    text = str(raw or "").strip().upper()[:64]
    parts = text.split("-")
    if len(parts) != 5 or parts[0] != SERIAL_PREFIX or not parts[1].isdigit():
        return None
    year, groups = parts[1], [part.translate(_MISREAD) for part in parts[2:]]
    if len(year) != 4 or any(len(group) != 4 for group in groups):
        return None
    body = "".join(groups)
    if any(char not in SERIAL_ALPHABET for char in body):
        return None
    if _check_character(f"{year}{body[:-1]}") != body[-1]:
        return None
    return f"{SERIAL_PREFIX}-{year}-{'-'.join(groups)}"
