"""Training actions against a real SQLite database: which session a named day means, and answers that cannot count."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from rasa_sdk import Tracker

from actions.privacy.consent import ActionRecordConsentGiven
from actions.reminders.attendance import ActionCannotAttend, ActionWillAttend
from actions.trainings.chat import ActionCancelTraining, ActionListTrainings
from actions.helpers import utc_now
from storage import handoffs, trainings
from storage import training_participants as participants
from storage.db import unit_of_work
from storage.gemeenten import get_gemeente
from tests.actions.conftest import run_action, tracker_for
from werkmaatje.scheduling import local_moment

AMS = ZoneInfo("Europe/Amsterdam")
DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def _tracker(intent, text, *, slots=None, **entities) -> Tracker:
    found = [{"entity": name, "value": value, "start": 0} for name, value in entities.items()]
    message = {"intent": {"name": intent, "confidence": 1.0}, "entities": found, "text": text}
    return Tracker("4242", dict(slots or {}), message, [], False, None, {}, "action_listen")


def _in_days(days, hour):
    return local_moment(datetime.now(AMS).date() + timedelta(days=days), time(hour, 0), "Europe/Amsterdam")


def _plan(db, training_id, starts, gemeente_id="losser"):
    with unit_of_work(db) as session:
        assert get_gemeente(session, gemeente_id) is not None
        edition = trainings.plan_edition(
            session, gemeente_id=gemeente_id, training_id=training_id, titel=training_id.title(),
            omschrijving="Een training om te testen.", meenemen="pen", verplicht=False, zelf_aanmelden=True,
            capacity=10, signup_deadline=utc_now() + timedelta(hours=1),
            sessions=[trainings.PlannedSession(s, 60, "Gemeentehuis") for s in starts], created_by="test", now=utc_now(),
        )
        return edition.id


def _sign_up(db, edition_id, client_id):
    with unit_of_work(db) as session:
        participants.say_yes(session, edition_id, client_id, now=utc_now(), reminders_for=lambda c, s: [])


def test_a_named_day_picks_that_session_across_editions(db, linked_client):
    run_action(ActionRecordConsentGiven(), tracker_for(intent="affirm"))
    soon = _plan(db, "cv-groepje", [_in_days(2, 10), _in_days(9, 10)])
    later = _plan(db, "terugkomdag", [_in_days(5, 14)])
    for edition_id in (soon, later):
        _sign_up(db, edition_id, linked_client)
    day = DAYS[(datetime.now(AMS).date() + timedelta(days=5)).weekday()]
    responses, messages, events = run_action(ActionCancelTraining(), _tracker("cancel_training", f"ik kan {day} niet naar de training"))
    assert responses == ["utter_ask_training_cancel_which"] and messages[0]["titel"] == "Terugkomdag"
    assert [b["payload"] for b in messages[0]["buttons"]][1] == '/cancel_training{"training_edition":"%s"}' % later
    # Without a day: the soonest session.
    _, messages, _ = run_action(ActionCancelTraining(), _tracker("cancel_training", "ik kan niet naar de training"))
    assert messages[0]["titel"] == "Cv-Groepje"


def test_nothing_to_cancel_and_no_consent(db, linked_client):
    responses, _, _ = run_action(ActionCancelTraining(), _tracker("cancel_training", "ik kan morgen niet naar de training"))
    assert responses == ["utter_consent_needed"]
    run_action(ActionRecordConsentGiven(), tracker_for(intent="affirm"))
    responses, _, _ = run_action(ActionCancelTraining(), _tracker("cancel_training", "ik kan morgen niet naar de training"))
    assert responses == ["utter_training_none_to_cancel"]


def test_an_edition_of_another_gemeente_cannot_be_answered(db, linked_client):
    run_action(ActionRecordConsentGiven(), tracker_for(intent="affirm"))
    elsewhere = _plan(db, "vca", [_in_days(4, 10)], gemeente_id="hengelo")
    responses, _, _ = run_action(ActionWillAttend(), _tracker("will_attend", "/will_attend", training_edition=str(elsewhere)))
    assert responses == ["utter_training_unknown"]
    with unit_of_work(db) as session:
        assert participants.get_participant(session, elsewhere, linked_client) is None


def test_plain_yes_and_no_after_other_messages_keep_their_meaning(db, linked_client):
    run_action(ActionRecordConsentGiven(), tracker_for(intent="affirm"))
    nudge = {"scheduled_kind": "application_nudge", "scheduled_id": "1"}
    assert run_action(ActionWillAttend(), _tracker("affirm", "ja", slots=nudge))[0] == ["utter_menu"]
    assert run_action(ActionCannotAttend(), _tracker("deny", "nee", slots=nudge))[0] == ["utter_no_contact_ok"]
    with unit_of_work(db) as session:
        assert handoffs.handoffs_for_client(session, linked_client) == []


def test_listing_without_intake_shows_only_trainings_for_everyone(db, linked_client):
    run_action(ActionRecordConsentGiven(), tracker_for(intent="affirm"))
    _plan(db, "terugkomdag", [_in_days(5, 14)])  # no doelgroep in losser.yml: for everyone
    _plan(db, "werken-aan-werk", [_in_days(6, 10)])  # trede 4-6: needs an intake
    responses, messages, _ = run_action(ActionListTrainings(), _tracker("ask_trainings", "welke cursussen zijn er"))
    assert responses == ["utter_trainings_list_signup"]
    assert "Terugkomdag" in messages[0]["lijst"] and "Werken-Aan-Werk" not in messages[0]["lijst"]
    assert [b["title"] for b in messages[0]["buttons"]] == ["Aanmelden: Terugkomdag"]


def test_a_typed_signup_without_a_training_shows_the_list(settings):
    from actions.trainings.rsvp import ActionTrainingSignup

    _, _, events = run_action(ActionTrainingSignup(), tracker_for(intent="training_signup", text="ik wil me aanmelden"))
    assert events == [{"event": "followup", "timestamp": None, "name": "action_list_trainings"}]
