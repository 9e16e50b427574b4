"""Koppelcodes: one-time codes that link a client's Telegram chat to their record.

A klantmanager issues a code; the client opens https://t.me/<bot>?start=<code>
(or types it). Only a sha256 of the code is stored, so a database copy cannot be
used to link someone else's chat. A code works once, before it expires.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import update
from sqlalchemy.orm import Session

from storage.clients import chat_for_client, link_chat, require_client
from storage.errors import StorageError, ValidationError
from storage.tables import Koppelcode
from storage.timestamps import as_utc
from storage.tokens import random_string

# Upper case without 0/O and 1/I, so a code read from paper is typed right; all
# characters are allowed in a Telegram deep-link start parameter.
KOPPELCODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
KOPPELCODE_LENGTH = 10  # 32**10 = 2**50 possible codes

LINKED = "linked"
UNKNOWN = "unknown"
USED = "used"
EXPIRED = "expired"
ALREADY_LINKED = "already_linked"  # this chat is already linked to this client: success


@dataclass(frozen=True)
class RedeemResult:
    status: str
    client_id: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.status in (LINKED, ALREADY_LINKED)


def issue_koppelcode(s: Session, client_id: str, *, now: datetime, ttl: timedelta) -> str:
    """Store a new code for the client and return it in plain text (the only time it exists)."""
    now = as_utc(now)
    if ttl <= timedelta(0):
        raise ValidationError("A koppelcode needs a positive time to live.")
    require_client(s, client_id)
    for _ in range(8):
        code = random_string(KOPPELCODE_ALPHABET, KOPPELCODE_LENGTH)
        code_hash = hash_koppelcode(code)
        if s.get(Koppelcode, code_hash) is None:
            break
    else:  # pragma: no cover - 2**50 codes; reaching this means a broken random source
        raise StorageError("Could not generate an unused koppelcode.")
    s.add(Koppelcode(code_hash=code_hash, client_id=client_id, created_at=now, expires_at=now + ttl))
    s.flush()
    return code


def redeem_koppelcode(s: Session, code: str, chat_id: int, *, now: datetime) -> RedeemResult:
    """Link `chat_id` to the code's client if the code is valid, unused and unexpired."""
    now = as_utc(now)
    normalized = normalize_koppelcode(code)
    if normalized is None:
        return RedeemResult(UNKNOWN)
    koppelcode = s.get(Koppelcode, hash_koppelcode(normalized))
    if koppelcode is None:
        return RedeemResult(UNKNOWN)
    client_id = koppelcode.client_id

    # Checked before used/expired: tapping the deep link again must not look like an error.
    if chat_for_client(s, client_id) == chat_id:
        return RedeemResult(ALREADY_LINKED, client_id)
    if koppelcode.used_at is not None:
        return RedeemResult(USED, client_id)
    if koppelcode.expires_at <= now:
        return RedeemResult(EXPIRED, client_id)

    # The conditional UPDATE is the real check: of two concurrent redeems only one
    # changes the row (PostgreSQL makes the second wait, then re-evaluates WHERE).
    claimed = s.execute(
        update(Koppelcode)
        .where(Koppelcode.code_hash == koppelcode.code_hash, Koppelcode.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    if claimed != 1:
        if chat_for_client(s, client_id) == chat_id:
            return RedeemResult(ALREADY_LINKED, client_id)
        return RedeemResult(USED, client_id)

    link_chat(s, chat_id=chat_id, client_id=client_id, now=now)
    return RedeemResult(LINKED, client_id)


def normalize_koppelcode(code: str) -> Optional[str]:
    """Upper-case and drop whitespace; None if it cannot be a koppelcode at all."""
    if not isinstance(code, str):
        return None
    normalized = "".join(code.split()).upper()
    if len(normalized) != KOPPELCODE_LENGTH or any(c not in KOPPELCODE_ALPHABET for c in normalized):
        return None
    return normalized


def hash_koppelcode(normalized_code: str) -> str:
    return hashlib.sha256(normalized_code.encode("ascii")).hexdigest()
