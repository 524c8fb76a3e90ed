"""Identifiers.

- ``new_public_code()``: opaque random codes for public URLs (never sequential ids).
- ``human_code()`` / ``check_char()`` / ``is_valid_human_code()``: codes printed on paper, from an
  alphabet without look-alike characters (no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V), ending in a check
  character (weighted sum modulo the alphabet size, catching any single substitution and any swap
  of neighbours).
"""

import secrets

# 23 characters (a prime, so the weighted check catches every single error and swap),
# none confusable with another when printed or read aloud.
HUMAN_ALPHABET = "34679ACDEFGHJKMNPQRTWXY"
PUBLIC_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_public_code(length: int = 12) -> str:
    return "".join(secrets.choice(PUBLIC_ALPHABET) for _ in range(length))


def check_char(body: str) -> str:
    n = len(HUMAN_ALPHABET)
    total = 0
    for position, char in enumerate(reversed(body.replace("-", "").upper()), start=1):
        index = HUMAN_ALPHABET.find(char)
        if index < 0:
            raise ValueError(f"character {char!r} is not allowed in a human code")
        total += index * (position + 1)
    return HUMAN_ALPHABET[(n - total % n) % n]


def human_code(length: int = 8, prefix: str = "") -> str:
    """A random code such as ``OCOP-7KQ4-X9TC`` (prefix, groups of four, last char = check)."""
    body = "".join(secrets.choice(HUMAN_ALPHABET) for _ in range(length - 1))
    body += check_char(body)
    groups = "-".join(body[i : i + 4] for i in range(0, len(body), 4))
    return f"{prefix}-{groups}" if prefix else groups


def normalise_human_code(code: str) -> str:
    return code.strip().upper().replace(" ", "")


def is_valid_human_code(code: str, prefix: str = "") -> bool:
    code = normalise_human_code(code)
    if prefix:
        if not code.startswith(prefix + "-"):
            return False
        code = code[len(prefix) + 1 :]
    body = code.replace("-", "")
    if len(body) < 2 or any(c not in HUMAN_ALPHABET for c in body):
        return False
    return check_char(body[:-1]) == body[-1]
