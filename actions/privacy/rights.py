"""Data rights in the chat (AVG art. 7, 15, 17, 20): see, take and erase your data, withdraw consent.

None of these asks for consent first: a person who said no, or stopped, keeps
these rights. The JSON document itself is never put in Rasa's tracker: the
action asks the bot (a custom message) to build and send it from the database.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, List, Text
from zoneinfo import ZoneInfo

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.helpers import chat_id_of, database, linked_person, utc_now
from storage import audit, consent
from storage.erasure import KeepRule, months_after, request_erasure
from storage.preferences import get_preferences, update_preferences
from storage.privacy import data_overview, data_readers
from werkmaatje.texts import calendar as calendar_texts, chat as chat_texts
from werkmaatje.settings import get_settings

# The custom message the bot turns into a Telegram document (bot/telegram_out.py).
SEND_EXPORT_DOCUMENT = {"werkmaatje_document": "export"}


def say_date(moment: datetime) -> str:
    return calendar_texts.day_in_words(moment.astimezone(ZoneInfo(get_settings().timezone)).date())


def overview_text(overview) -> str:
    topics = [chat_texts.INTAKE_TOPICS.get(key, key).lower() for key in overview.intake_topics]
    lines = [
        chat_texts.MY_DATA_INTAKE.format(onderwerpen=", ".join(topics)) if topics else chat_texts.MY_DATA_NO_INTAKE,
        chat_texts.MY_DATA_APPLICATIONS.format(aantal=overview.applications),
        chat_texts.MY_DATA_REMINDERS.format(aantal=overview.open_reminders),
        chat_texts.MY_DATA_TRAININGS.format(titels=", ".join(overview.trainings))
        if overview.trainings
        else chat_texts.MY_DATA_NO_TRAININGS,
        *([chat_texts.MY_DATA_THREADS.format(aantal=overview.thread_messages)] if overview.thread_messages else []),
        chat_texts.MY_DATA_READER.format(naam=overview.klantmanager)
        if overview.klantmanager
        else chat_texts.MY_DATA_READER_UNKNOWN,
    ]
    return "\n".join(lines)


def kept_text(keep_rules, now: datetime) -> str:
    if not keep_rules:
        return chat_texts.ERASURE_KEEPS_NOTHING
    lines = [
        chat_texts.KEPT_LINE.format(
            wat=chat_texts.KEPT_SECTION_NAMES.get(rule.wat, rule.wat), tot=say_date(months_after(now, rule.maanden)), reden=rule.reden
        )
        for rule in keep_rules
    ]
    return chat_texts.ERASURE_KEEPS.format(lijst="\n".join(lines))


class ActionShowMyData(Action):
    """A short overview: what kinds of data, how many, and who reads them."""

    def name(self) -> Text:
        return "action_show_my_data"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        with database() as session:
            person = linked_person(session, tracker)
            if person is None:
                dispatcher.utter_message(response="utter_not_linked")
                return []
            overview = data_overview(session, person.client_id)
        dispatcher.utter_message(response="utter_my_data", overzicht=overview_text(overview))
        dispatcher.utter_message(response="utter_my_data_choices")
        return []


class ActionSendMyData(Action):
    """Everything `werkmaatje export` gives, as a JSON document the bot sends."""

    def name(self) -> Text:
        return "action_send_my_data"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        with database() as session:
            person = linked_person(session, tracker)
            if person is None:
                dispatcher.utter_message(response="utter_not_linked")
                return []
            # The client's own copy: recorded, but not as a read by the gemeente.
            audit.record_audit(session, actor="client", action="client_export", client_id=person.client_id, now=utc_now())
        dispatcher.utter_message(json_message=SEND_EXPORT_DOCUMENT)
        dispatcher.utter_message(response="utter_export_sent")
        return []


class ActionShowDataReaders(Action):
    """'wie heeft mijn gegevens bekeken?': roles and dates from the audit log."""

    def name(self) -> Text:
        return "action_show_data_readers"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        with database() as session:
            person = linked_person(session, tracker)
            if person is None:
                dispatcher.utter_message(response="utter_not_linked")
                return []
            reads = data_readers(session, person.client_id)
        if not reads:
            dispatcher.utter_message(response="utter_data_readers_none")
            return []
        lines = [
            chat_texts.DATA_READER_LINE.format(rol=chat_texts.DATA_READER_ROLES.get(role, role), datum=say_date(at))
            for role, at in reads
        ]
        dispatcher.utter_message(response="utter_data_readers", lijst="\n".join(lines))
        return []


class ActionAskErasure(Action):
    """Say what erasure means and what the gemeente must keep, then ask with buttons."""

    def name(self) -> Text:
        return "action_ask_erasure"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        with database() as session:
            person = linked_person(session, tracker)
        if person is None:
            dispatcher.utter_message(response="utter_not_linked")
            return []
        dispatcher.utter_message(response="utter_erasure_explain", bewaard=kept_text(keep_rules_of(person.gemeente), utc_now()))
        dispatcher.utter_message(response="utter_ask_erasure_confirm")
        return []


class ActionRequestErasure(Action):
    """The confirmed request: the klantmanager carries it out in the portal."""

    def name(self) -> Text:
        return "action_request_erasure"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        with database() as session:
            person = linked_person(session, tracker)
            if person is None:
                dispatcher.utter_message(response="utter_not_linked")
                return []
            request_erasure(session, person.client_id, chat_id=chat_id_of(tracker), now=utc_now())
        dispatcher.utter_message(response="utter_erasure_requested", termijn=person.gemeente.contact.reactietermijn)
        return []


class ActionWithdrawConsent(Action):
    """Stop all processing: record the withdrawal, pause every message, offer erasure."""

    def name(self) -> Text:
        return "action_withdraw_consent"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        now = utc_now()
        with database() as session:
            person = linked_person(session, tracker)
            if person is None:
                dispatcher.utter_message(response="utter_not_linked")
                return []
            consent.record_consent(
                session, person.client_id, text_version=chat_texts.PRIVACY_TEXT_VERSION, decision="withdrawn", now=now
            )
            # Planned messages stay, unsent: the scheduler sends nothing to a paused chat.
            if not get_preferences(session, person.client_id).paused:
                update_preferences(session, person.client_id, now=now, paused_since=now)
        dispatcher.utter_message(response="utter_consent_withdrawn")
        dispatcher.utter_message(response="utter_offer_erasure")
        return []


def keep_rules_of(gemeente):
    """The gemeente's legal keep rules as storage wants them."""
    return [KeepRule(wat=item.wat, maanden=item.maanden, reden=item.reden) for item in gemeente.privacy.wettelijk_bewaren]
