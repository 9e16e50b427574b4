"""Answers to a training invitation: Ja (a place or the waitlist), Nee (with an optional reason), a question.

"Ja, ik kom" and typed "ja hoor ik kom" reach action_will_attend, "kan niet,
moet naar de dokter" reaches action_cannot_attend (actions/reminders/scheduled.py);
those call `answer_yes` / `answer_no` here when the answer is about a
training, and keep their appointment behaviour otherwise. The "Nee, ik kan
niet" button has its own intent, so the bot can ask why (training_decline_form).
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.helpers import Person, database, latest_intent, linked_person, may_serve, utc_now
from actions.trainings.common import edition_meant, may_sign_up, pass_on, reminders_for, typed_text, when
from storage import handoffs, trainings
from storage.trainings import participants
from werkmaatje.texts import caseworker as texts

SKIPPED = "-"




def answer_yes(dispatcher: CollectingDispatcher, tracker: Tracker, *, source: str = "uitnodiging") -> Optional[List[Dict]]:
    """A yes to an edition; None when the yes is not about a training (an appointment reminder)."""
    edition_id = edition_meant(tracker)
    if edition_id is None:
        return None
    with database() as session:
        person = linked_person(session, tracker)
        if not may_serve(dispatcher, person):
            return []
        edition = trainings.get_edition(session, edition_id)
        if edition is None or edition.gemeente_id != person.gemeente.id:
            dispatcher.utter_message(response="utter_training_unknown")
            return []
        answer = participants.say_yes(
            session, edition.id, person.client_id, now=utc_now(), reminders_for=reminders_for(session, person), source=source
        )
        first = next((row for row in trainings.sessions_of(session, edition.id) if row.starts_at > utc_now()), None)
    facts = {"titel": edition.titel, **(when(first.starts_at) if first else {"dag": "", "tijd": ""})}
    if answer.outcome in (participants.SIGNED_UP, participants.ALREADY):
        dispatcher.utter_message(response="utter_training_signed_up", **facts)
    elif answer.outcome == participants.WAITLISTED:
        dispatcher.utter_message(response="utter_training_waitlisted", positie=answer.position, **facts)
    else:
        dispatcher.utter_message(response="utter_training_closed", **facts)
    return [SlotSet("training_edition", str(edition.id))]


def answer_no(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict]]:
    """A typed no ("kan niet, moet naar de dokter"): off the list, the text is the reason, the klantmanager hears it."""
    edition_id = edition_meant(tracker)
    if edition_id is None:
        return None
    # A bare "nee" is an answer, not a reason.
    reason = None if latest_intent(tracker) == "deny" else typed_text(tracker)
    with database() as session:
        person = linked_person(session, tracker)
        if not may_serve(dispatcher, person):
            return []
        edition = decline(session, person, edition_id, reason)
    if edition is None:
        dispatcher.utter_message(response="utter_training_unknown")
        return []
    dispatcher.utter_message(response="utter_training_declined_passed_on", termijn=person.gemeente.contact.reactietermijn)
    return [SlotSet("training_edition", None), SlotSet("scheduled_id", None), SlotSet("scheduled_kind", None)]


def decline(session, person: Person, edition_id: int, reason: Optional[str]):
    """Withdraw and tell the klantmanager; None if the edition is not the person's gemeente's."""
    edition = trainings.get_edition(session, edition_id)
    if edition is None or edition.gemeente_id != person.gemeente.id:
        return None
    participants.withdraw(
        session, edition.id, person.client_id, reason=reason, now=utc_now(), reminders_for=reminders_for(session, person)
    )
    pass_on(
        session,
        person,
        kind="training_declined",
        reason=texts.TRAINING_HANDOFF_DECLINED.format(titel=edition.titel, editie=edition.id, reden=reason or texts.TRAINING_NO_REASON),
    )
    return edition


class ActionTrainingDecline(Action):
    """The "Nee, ik kan niet" button: off the list at once (a place frees up), then the form asks why."""

    def name(self) -> Text:
        return "action_training_decline"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        edition_id = edition_meant(tracker)
        with database() as session:
            person = linked_person(session, tracker)
            edition = trainings.get_edition(session, edition_id) if edition_id is not None else None
            if person is not None and person.consent_given and edition is not None and edition.gemeente_id == person.gemeente.id:
                # Passed on at once, so the klantmanager hears the no even if the reason never comes.
                decline(session, person, edition.id, None)
        return [SlotSet("training_edition", str(edition_id) if edition_id is not None else None)]


class ValidateTrainingDeclineForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_training_decline_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain: DomainDict) -> List[Text]:
        # Nothing to ask when there is no one or nothing to pass the reason on for.
        with database() as session:
            person = linked_person(session, tracker)
        if person is None or not person.consent_given or tracker.get_slot("training_edition") is None:
            return []
        return domain_slots

    def validate_training_decline_reason(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = str(value or "").strip()
        return {"training_decline_reason": text[:2000] if text else SKIPPED}


class ActionTrainingDeclineReason(Action):
    """Tell the klantmanager about the no, with the reason if one was given."""

    def name(self) -> Text:
        return "action_training_decline_reason"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        reason = tracker.get_slot("training_decline_reason")
        edition_id = tracker.get_slot("training_edition")
        with database() as session:
            person = linked_person(session, tracker)
            if not may_serve(dispatcher, person):
                return [SlotSet("training_decline_reason", None)]
            edition = trainings.get_edition(session, int(edition_id)) if edition_id else None
            if edition is None or edition.gemeente_id != person.gemeente.id:
                dispatcher.utter_message(response="utter_training_unknown")
                return [SlotSet("training_decline_reason", None)]
            said = None if reason in (None, SKIPPED) else reason
            participant = participants.get_participant(session, edition.id, person.client_id)
            if participant is not None and said:
                participant.reason = said
            line = texts.TRAINING_HANDOFF_DECLINED.format(titel=edition.titel, editie=edition.id, reden=said or texts.TRAINING_NO_REASON)
            # The request made when "Nee" was tapped gets the reason; none yet (an old tap): a new one.
            earlier = [h for h in handoffs.handoffs_for_client(session, person.client_id) if h.kind == "training_declined"]
            if earlier and earlier[-1].status == "open" and f"(editie {edition.id})" in (earlier[-1].reason or ""):
                if said:
                    handoffs.set_reason(session, earlier[-1].id, reason=line, now=utc_now())
            else:
                pass_on(session, person, kind="training_declined", reason=line)
        dispatcher.utter_message(response="utter_training_declined_passed_on", termijn=person.gemeente.contact.reactietermijn)
        return [SlotSet("training_decline_reason", None), SlotSet("training_edition", None), SlotSet("scheduled_kind", None)]


class ValidateTrainingQuestionForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_training_question_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain: DomainDict) -> List[Text]:
        with database() as session:
            person = linked_person(session, tracker)
        return domain_slots if person is not None and person.consent_given else []

    def validate_training_question_text(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = str(value or "").strip()
        return {"training_question_text": text[:2000] if text else None}


class ActionTrainingQuestion(Action):
    """"Ik heb een vraag": the question goes to the klantmanager as a handoff request."""

    def name(self) -> Text:
        return "action_training_question"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        question = tracker.get_slot("training_question_text")
        edition_id = tracker.get_slot("training_edition")
        with database() as session:
            person = linked_person(session, tracker)
            if not may_serve(dispatcher, person) or not question:
                return [SlotSet("training_question_text", None)]
            edition = trainings.get_edition(session, int(edition_id)) if edition_id else None
            known = edition is not None and edition.gemeente_id == person.gemeente.id
            pass_on(
                session,
                person,
                kind="training_question",
                reason=texts.TRAINING_HANDOFF_QUESTION.format(
                    titel=edition.titel if known else "een training", editie=edition.id if known else "-", vraag=question
                ),
            )
        dispatcher.utter_message(response="utter_training_question_passed_on", termijn=person.gemeente.contact.reactietermijn)
        return [SlotSet("training_question_text", None)]


class ActionTrainingSignup(Action):
    """The "Aanmelden" button under "welke cursussen zijn er?"."""

    def name(self) -> Text:
        return "action_training_signup"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        edition_id = edition_meant(tracker)
        if edition_id is None:
            # Typed ("ik wil me aanmelden voor een cursus"), not tapped: show what there is, with its buttons.
            return [FollowupAction("action_list_trainings")]
        with database() as session:
            person = linked_person(session, tracker)
            allowed = person is not None and may_sign_up(session, person, edition_id)
        if person is not None and not allowed:
            dispatcher.utter_message(response="utter_training_signup_not_open")
            return []
        events = answer_yes(dispatcher, tracker, source="zelf")
        if events is None:
            dispatcher.utter_message(response="utter_training_unknown")
            return []
        return events
