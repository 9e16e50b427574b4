"""Trainings in the chat: "welke cursussen zijn er?", "ik kan morgen niet naar de training", and the no-show answer.

Listing shows the gemeente's open editions whose training fits the client's
intake profile (werkmaatje.training_matching; without a finished intake only
trainings for everyone and those marked `zonder_intake`). Cancelling asks
whether it is one session or the whole training; either way the klantmanager
hears it.
"""
from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Optional, Text
from zoneinfo import ZoneInfo

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.helpers import Person, database, linked_person, may_serve, utc_now
from dutch.wording import parse_iso
from actions.helpers import as_id, latest_entities
from actions.trainings.common import matching_open_editions, pass_on, reminders_for, typed_text, when
from actions.trainings.messages import RSVP_KINDS
from actions.trainings.rsvp import answer_no
from dutch.dates import FUTURE, resolve_date
from storage import scheduled
from storage.trainings import participants
from storage import trainings
from werkmaatje.texts import caseworker as caseworker_texts, chat as chat_texts
from werkmaatje.settings import get_settings

# Words that make "ik kan morgen niet" about a training rather than an appointment.
_TRAINING_WORDS = re.compile(r"\b(training|trainingen|cursus|cursussen|workshop|les|lessen|bijeenkomst|groep)\b")
MAX_LISTED = 6


def _cancel_payload(**entity: Any) -> str:
    return "/cancel_training" + json.dumps({k: str(v) for k, v in entity.items()}, separators=(",", ":"))


def _signup_payload(edition_id: int) -> str:
    return "/training_signup" + json.dumps({"training_edition": str(edition_id)}, separators=(",", ":"))


class ActionListTrainings(Action):
    def name(self) -> Text:
        return "action_list_trainings"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        with database() as session:
            person = linked_person(session, tracker)
            if not may_serve(dispatcher, person):  # the listing reads the intake profile: consent first
                return []
            lines, buttons = [], []
            for edition in matching_open_editions(session, person)[:MAX_LISTED]:
                sessions = trainings.sessions_of(session, edition.id)
                first = sessions[0]
                lines.append(
                    chat_texts.TRAINING_LINE.format(titel=edition.titel, sessies=len(sessions), waar=first.waar, **when(first.starts_at))
                )
                mine = participants.get_participant(session, edition.id, person.client_id)
                if edition.zelf_aanmelden and (mine is None or mine.status in ("uitgenodigd", "afgemeld")):
                    buttons.append({"title": chat_texts.TRAINING_SIGNUP_BUTTON.format(titel=edition.titel), "payload": _signup_payload(edition.id)})
        if not lines:
            dispatcher.utter_message(response="utter_trainings_none")
            return []
        response = "utter_trainings_list_signup" if buttons else "utter_trainings_list"
        dispatcher.utter_message(response=response, lijst="\n".join(lines), buttons=buttons)
        return []


def _upcoming_signed_up(session, person: Person):
    """(edition, its future sessions) for every edition the person has a place in."""
    found = []
    for participant in participants.participations_of(session, person.client_id):
        if participant.status not in ("aangemeld", "wachtlijst"):
            continue
        edition = trainings.get_edition(session, participant.edition_id)
        upcoming = [row for row in trainings.sessions_of(session, edition.id) if row.starts_at > utc_now()]
        if edition.status == "gepland" and upcoming:
            found.append((edition, upcoming))
    return found


def _skip_one(session, person: Person, session_row, edition, reason: Optional[str]) -> None:
    participants.skip_session(session, session_row.id, person.client_id, now=utc_now())
    moment = when(session_row.starts_at)
    pass_on(
        session,
        person,
        kind="training_cancelled",
        reason=caseworker_texts.TRAINING_HANDOFF_SKIP_SESSION.format(
            titel=edition.titel, moment=f"{moment['dag']} {moment['tijd']}", sessie=session_row.id, reden=reason or ""
        ).strip(),
    )


class ActionCancelTraining(Action):
    """"ik kan morgen niet naar de training": one session or the whole edition (asked with buttons)."""

    def name(self) -> Text:
        return "action_cancel_training"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        return cancel_training(dispatcher, tracker)


def cancel_training(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict]:
    entities = latest_entities(tracker)
    chosen_session, chosen_edition = as_id(entities.get("training_session")), as_id(entities.get("training_edition"))
    text = typed_text(tracker)
    with database() as session:
        person = linked_person(session, tracker)
        if not may_serve(dispatcher, person):
            return []
        mine = _upcoming_signed_up(session, person)
        termijn = person.gemeente.contact.reactietermijn
        if chosen_session is not None:
            for edition, upcoming in mine:
                row = next((r for r in upcoming if r.id == chosen_session), None)
                if row is not None:
                    _skip_one(session, person, row, edition, tracker.get_slot("training_cancel_reason"))
                    dispatcher.utter_message(response="utter_training_session_skipped", titel=edition.titel, termijn=termijn, **when(row.starts_at))
                    return [SlotSet("training_cancel_reason", None)]
        if chosen_edition is not None:
            for edition, _upcoming in mine:
                if edition.id == chosen_edition:
                    reason = tracker.get_slot("training_cancel_reason")
                    participants.withdraw(
                        session, edition.id, person.client_id, reason=reason, now=utc_now(),
                        reminders_for=reminders_for(session, person),
                    )
                    pass_on(session, person, kind="training_cancelled",
                            reason=caseworker_texts.TRAINING_HANDOFF_STOP.format(titel=edition.titel, editie=edition.id, reden=reason or "").strip())
                    dispatcher.utter_message(response="utter_training_stopped", titel=edition.titel, termijn=termijn)
                    return [SlotSet("training_cancel_reason", None)]
        if not mine:
            dispatcher.utter_message(response="utter_training_none_to_cancel")
            return []
        # Which session: the day they named, else the next one.
        day = resolve_date(text, reference=utc_now(), timezone=get_settings().timezone, bias=FUTURE) if text else None
        every = sorted(((e, r) for e, upcoming in mine for r in upcoming), key=lambda pair: pair[1].starts_at)
        on_that_day = [pair for pair in every if day is not None and _local_day(pair[1].starts_at) == day.day]
        edition, row = (on_that_day or every)[0]
        buttons = [
            {"title": chat_texts.TRAINING_SKIP_ONE_BUTTON.format(**when(row.starts_at)), "payload": _cancel_payload(training_session=row.id)},
            {"title": chat_texts.TRAINING_STOP_ALL_BUTTON, "payload": _cancel_payload(training_edition=edition.id)},
        ]
        dispatcher.utter_message(response="utter_ask_training_cancel_which", titel=edition.titel, buttons=buttons, **when(row.starts_at))
    return [SlotSet("training_cancel_reason", text)]


def _local_day(moment):
    return moment.astimezone(ZoneInfo(get_settings().timezone)).date()


def answer_cannot_attend(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict]]:
    """action_cannot_attend's training cases; None when it is about an appointment (or nothing known)."""
    kind = tracker.get_slot("scheduled_kind")
    entities = latest_entities(tracker)
    if entities.get("training_edition") or kind in RSVP_KINDS:
        return answer_no(dispatcher, tracker)
    if entities.get("training_reason") or kind == "training_noshow":
        return _noshow_answer(dispatcher, tracker, entities.get("training_reason"))
    if kind == "training_session":
        return _session_reminder_answer(dispatcher, tracker)
    text = typed_text(tracker) or ""
    if _TRAINING_WORDS.search(text.lower()):
        return cancel_training(dispatcher, tracker)
    return None


def _scheduled_row(session, tracker, client_id):
    message = scheduled.get_message(session, as_id(tracker.get_slot("scheduled_id")) or -1)
    return message if message is not None and message.client_id == client_id else None


def _noshow_answer(dispatcher, tracker, button_reason: Optional[str]) -> List[Dict]:
    answer = chat_texts.TRAINING_NOSHOW_REASONS.get(button_reason or "") or typed_text(tracker) or caseworker_texts.TRAINING_NO_REASON
    with database() as session:
        person = linked_person(session, tracker)
        if not may_serve(dispatcher, person):
            return []
        message = _scheduled_row(session, tracker, person.client_id)
        payload = scheduled.payload_of(message) if message else {}
        session_at = parse_iso(payload.get("sessie_at"))
        moment = when(session_at) if session_at else {"dag": "", "tijd": ""}
        pass_on(session, person, kind="training_noshow", reason=caseworker_texts.TRAINING_HANDOFF_NOSHOW.format(
            titel=payload.get("titel", "een training"), moment=f"{moment['dag']} {moment['tijd']}".strip(), antwoord=answer))
    dispatcher.utter_message(response="utter_training_noshow_passed_on", termijn=person.gemeente.contact.reactietermijn)
    return [SlotSet("scheduled_id", None), SlotSet("scheduled_kind", None)]


def _session_reminder_answer(dispatcher, tracker) -> Optional[List[Dict]]:
    """"Ik kan niet" on a session reminder: that session is skipped and the klantmanager hears it."""
    with database() as session:
        person = linked_person(session, tracker)
        if person is None or not person.consent_given:
            return None  # the appointment path says why it cannot help
        message = _scheduled_row(session, tracker, person.client_id)
        session_id = scheduled.payload_of(message).get("session_id") if message else None
        row = trainings.get_session(session, int(session_id)) if session_id else None
        if row is None:
            return None
        edition = trainings.get_edition(session, row.edition_id)
        _skip_one(session, person, row, edition, typed_text(tracker))
        termijn = person.gemeente.contact.reactietermijn
    dispatcher.utter_message(response="utter_training_session_skipped", titel=edition.titel, termijn=termijn, **when(row.starts_at))
    return [SlotSet("scheduled_id", None), SlotSet("scheduled_kind", None)]
