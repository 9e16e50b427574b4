"""The full chat of a client, read from Rasa's tracker-store table for the portal's transcript view.

Only what was said (user and bot texts) is read; Rasa's internal events stay
out. Without consent Rasa's copy is erased after a quiet while, so a
transcript can be empty although a summary shows a day.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import List

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.clients import chat_for_client
from storage.rasa_events import rasa_tables_exist
from storage.tables.rasa_events import rasa_events

SPEAKERS = {"user": "client", "bot": "werkmaatje"}


@dataclass(frozen=True)
class Line:
    at: datetime
    speaker: str  # "client" or "werkmaatje"
    text: str


def transcript(s: Session, client_id: str) -> List[Line]:
    chat_id = chat_for_client(s, client_id)
    if chat_id is None or not rasa_tables_exist(s):
        return []
    rows = s.execute(
        select(rasa_events.c.type_name, rasa_events.c.timestamp, rasa_events.c.data)
        .where(rasa_events.c.sender_id == str(chat_id), rasa_events.c.type_name.in_(list(SPEAKERS)))
        .order_by(rasa_events.c.id)
    ).all()
    lines = []
    for type_name, stamp, data in rows:
        try:
            text = (json.loads(data or "{}").get("text") or "").strip()
        except ValueError:
            continue
        if text:
            lines.append(Line(datetime.fromtimestamp(stamp, tz=timezone.utc), SPEAKERS[type_name], text))
    return lines
