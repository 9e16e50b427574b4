"""Looking back: the last five applications with their status, and the count for the period asked.

"deze week" and "deze maand" are counted as asked (actions/applications/period.py);
otherwise the count is set against the agreement period.

Plain and encouraging: the count is there to help plan, never to warn. Exempt
clients see their list but no count.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.applications.fields import day_label, label, latest_text, timezone
from actions.applications.base import allowed_person
from actions.applications.period import asked_period
from actions.helpers import database, utc_now
from storage import applications
from storage.agreements import local_date
from storage.tables import Application
from usecases.agreements import progress_for
from werkmaatje.texts import chat as texts


def overview_line(application: Application) -> str:
    """"• 28-02-2024 Jumbo Hengelo, vakkenvuller: uitgenodigd" (facts only; the words come from the response)."""
    what = f"{application.employer}, {application.position}" if application.position else application.employer
    return f"• {day_label(application.applied_on)} {what}: {label(application.status)}"


class ActionShowApplications(Action):
    """Show the latest applications and the count for the period asked, by default the agreement period."""

    def name(self) -> Text:
        return "action_show_applications"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        person = allowed_person(dispatcher, tracker)
        if person is None:
            return []
        asked = asked_period(latest_text(tracker), local_date(utc_now(), timezone()))
        with database() as session:
            latest = applications.recent(session, person.client_id)
            lines = [overview_line(application) for application in latest]
            if asked is not None:
                counted = applications.count_applied_between(session, person.client_id, start=asked.start, end=asked.end)
            progress = progress_for(session, person.client_id, person.gemeente, now=utc_now(), timezone=timezone())
        if lines:
            dispatcher.utter_message(response="utter_applications_recent", lijst="\n".join(lines))
        else:
            dispatcher.utter_message(response="utter_applications_none")
        if asked is not None:
            dispatcher.utter_message(
                response="utter_applications_count_period",
                periode=texts.APPLICATION_PERIODS[asked.key],
                van=day_label(asked.start),
                tot=day_label(asked.end - timedelta(days=1)),
                aantal=counted,
            )
            return []
        if progress.period is None:
            return []
        facts = {
            "van": day_label(progress.period.start),
            "tot": day_label(progress.period.last_day),
            "aantal": progress.count,
            "afspraak": progress.terms.aantal,
            "weken": progress.terms.periode_weken,
        }
        if progress.remaining:
            dispatcher.utter_message(response="utter_applications_progress_open", nog=progress.remaining, **facts)
        else:
            dispatcher.utter_message(response="utter_applications_progress_reached", **facts)
        return []
