"""Conversation summaries: one per day, worded from the client's stored events."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import List
from zoneinfo import ZoneInfo

from portal.filters import dutch_moment
from storage.portal.timeline import TimelineEvent
from werkmaatje.texts import caseworker as caseworker_texts, chat as chat_texts, portal as portal_texts


@dataclass(frozen=True)
class DaySummary:
    day: date
    lines: List[str]


def _line(event: TimelineEvent, timezone: str) -> List[str]:
    template = portal_texts.PORTAL_SUMMARY_LINES.get(event.kind)
    if template is None:
        return []
    facts = dict(event.facts)
    if "status" in facts:
        facts["status"] = caseworker_texts.PORTAL_APPLICATION_STATUSES.get(facts["status"], facts["status"]).lower()
    if "starts_at" in facts:
        facts["starts_at"] = dutch_moment(facts["starts_at"], timezone)
    facts.setdefault("about", None)
    if facts["about"] is None:
        facts["about"] = chat_texts.SCHEDULED_LABEL_FALLBACK
    lines = [template.format(**{key: value if value is not None else "?" for key, value in facts.items()})]
    if facts.get("reason"):
        lines.append(portal_texts.PORTAL_SUMMARY_REASON.format(reason=facts["reason"]))
    if facts.get("note"):
        lines.append(portal_texts.PORTAL_SUMMARY_NOTE.format(note=facts["note"]))
    return lines


def _intake_line(answers: List[TimelineEvent]) -> str:
    """All intake answers of one day as one line: how many, about what, and what to discuss in person."""
    topics = list(dict.fromkeys(chat_texts.INTAKE_TOPICS.get(e.facts["question"], e.facts["question"]) for e in answers))
    line = portal_texts.PORTAL_SUMMARY_INTAKE_ANSWERS.format(aantal=len(answers), onderwerpen=", ".join(topics))
    personal = [chat_texts.INTAKE_TOPICS.get(e.facts["question"], e.facts["question"]) for e in answers if e.facts["status"] == "personal"]
    if personal:
        line += " " + portal_texts.PORTAL_SUMMARY_INTAKE_PERSONAL.format(onderwerpen=", ".join(personal))
    return line


def summarise(events: List[TimelineEvent], timezone: str) -> List[DaySummary]:
    """Newest day first; within a day, in the order things happened (intake answers as one line)."""
    zone = ZoneInfo(timezone)
    days: dict = {}
    for event in events:
        days.setdefault(event.at.astimezone(zone).date(), []).append(event)
    summaries = []
    for day, day_events in sorted(days.items(), reverse=True):
        lines: List[str] = []
        answers = [e for e in day_events if e.kind == "intake_answer"]
        for event in day_events:
            if event.kind == "intake_answer":
                if event is answers[0]:
                    lines.append(_intake_line(answers))
                continue
            lines.extend(_line(event, timezone))
        if lines:
            summaries.append(DaySummary(day, lines))
    return summaries
