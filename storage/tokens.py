"""Random identifiers for rows whose id is shown to, or typed by, people.

`secrets` rather than `random`: client ids, koppelcodes and keyboard ids must not
be guessable from earlier ones.
"""
from __future__ import annotations

import secrets
from typing import Callable

from sqlalchemy.orm import Session

from storage.errors import StorageError

# RFC 4648 base32 in lower case: letters and 2-7, no 0/1/8/9 to confuse.
LOWER_BASE32 = "abcdefghijklmnopqrstuvwxyz234567"

# Attempts before giving up on finding an unused id; with 40+ bits of randomness a
# single retry is already astronomically rare, so running out means a bug.
_MAX_ATTEMPTS = 8


def random_string(alphabet: str, length: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def unused_primary_key(s: Session, model: type, generate: Callable[[], str]) -> str:
    """Generate ids until one is not yet a primary key of `model`."""
    for _ in range(_MAX_ATTEMPTS):
        candidate = generate()
        if s.get(model, candidate) is None:
            return candidate
    raise StorageError(f"Could not find an unused id for {model.__name__}.")
