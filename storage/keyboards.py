"""Inline keyboards whose buttons are kept server-side.

Telegram's callback_data holds at most 64 bytes, too little for Rasa payloads, so
a button only carries the keyboard id and its index. Claiming a button marks the
whole keyboard used, so a double tap (or a tap on an old keyboard) counts once.
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Dict, List, Optional

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from storage.errors import ValidationError
from storage.tables import Keyboard
from storage.timestamps import as_utc
from storage.tokens import LOWER_BASE32, random_string, unused_primary_key

KEYBOARD_ID_LENGTH = 12  # 60 random bits


def store_keyboard(s: Session, *, chat_id: int, buttons: List[Dict[str, str]], now: datetime) -> str:
    """Store the buttons shown in `chat_id`; returns the keyboard id for callback_data."""
    now = as_utc(now)
    cleaned = _validate_buttons(buttons)
    keyboard_id = unused_primary_key(s, Keyboard, lambda: random_string(LOWER_BASE32, KEYBOARD_ID_LENGTH))
    s.add(
        Keyboard(
            id=keyboard_id,
            chat_id=chat_id,
            buttons=json.dumps(cleaned, ensure_ascii=False),
            created_at=now,
        )
    )
    s.flush()
    return keyboard_id


def claim_button(
    s: Session, keyboard_id: str, index: int, *, chat_id: int, now: datetime
) -> Optional[Dict[str, str]]:
    """The tapped button the first time; None for a repeat, an unknown id, another chat or a bad index."""
    now = as_utc(now)
    keyboard = s.get(Keyboard, keyboard_id) if isinstance(keyboard_id, str) else None
    if keyboard is None or keyboard.chat_id != chat_id:
        return None
    buttons = json.loads(keyboard.buttons)
    # bool is an int in Python; a True index is a caller bug, not button 1.
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(buttons):
        return None
    # The conditional UPDATE decides: only one of two simultaneous taps changes the row.
    claimed = s.execute(
        update(Keyboard)
        .where(Keyboard.id == keyboard_id, Keyboard.used_at.is_(None), Keyboard.chat_id == chat_id)
        .values(used_at=now, chosen_index=index)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    return buttons[index] if claimed == 1 else None


def purge_keyboards(s: Session, *, older_than: datetime) -> int:
    """Delete keyboards created before `older_than`; returns how many. Old buttons then just do nothing."""
    older_than = as_utc(older_than)
    result = s.execute(
        delete(Keyboard).where(Keyboard.created_at < older_than).execution_options(synchronize_session="fetch")
    )
    return result.rowcount


def _validate_buttons(buttons: List[Dict[str, str]]) -> List[Dict[str, str]]:
    if not isinstance(buttons, list) or not buttons:
        raise ValidationError("A keyboard needs a non-empty list of buttons.")
    cleaned = []
    for button in buttons:
        if not isinstance(button, dict) or not isinstance(button.get("title"), str) or not isinstance(
            button.get("payload"), str
        ):
            raise ValidationError("Each button needs a text 'title' and a text 'payload'.")
        cleaned.append({"title": button["title"], "payload": button["payload"]})
    return cleaned
