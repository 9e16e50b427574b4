"""What the application forms share: who may use them, first message or answer, problem flags.

Each form fills its slots itself (`custom` mappings in domain.yml): from the
entities and date words of the first message, then one answer per question.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT, FormValidationAction
from rasa_sdk.types import DomainDict

from actions.applications.fields import Answer
from actions.helpers import Person, consent_refusal, database, latest_intent, linked_person

PROBLEM_SLOT = "application_problem"
# Every slot the application forms use; reset when a form starts, ends or stops.
APPLICATION_SLOTS = (
    "application_initial_status",
    "application_employers",
    "application_position",
    "application_date",
    "application_channel",
    "application_confirmed",
    "application_change_field",
    PROBLEM_SLOT,
    "application_target_employer",
    "application_target",
    "application_edit_value",
    "application_delete_confirmed",
    "result_interview",
    "result_status",
)


@dataclass(frozen=True)
class Access:
    """The person behind the chat, and the response that explains why they cannot log (if so)."""

    person: Optional[Person]
    refusal: Optional[str]


def application_access(session, tracker: Tracker) -> Access:
    """Only linked clients who gave consent keep a log."""
    person = linked_person(session, tracker)
    return Access(person, consent_refusal(person))


def allowed_person(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[Person]:
    """The person if they may use their log; otherwise say why and return None."""
    with database() as session:
        access = application_access(session, tracker)
    if access.refusal is not None:
        dispatcher.utter_message(response=access.refusal)
        return None
    return access.person


def reset_application_slots() -> List[EventType]:
    return [SlotSet(slot, None) for slot in APPLICATION_SLOTS]


class ApplicationSubmitAction(Action, ABC):
    """A flow's last step: check who may use the log, do the work, then forget the answers."""

    @abstractmethod
    def name(self) -> Text:
        ...

    @abstractmethod
    def submit(self, dispatcher: CollectingDispatcher, tracker: Tracker, person: Person) -> None:
        ...

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        person = allowed_person(dispatcher, tracker)
        if person is not None:
            self.submit(dispatcher, tracker, person)
        return reset_application_slots()


def problem_of(tracker: Tracker, slot: str) -> Optional[str]:
    """The problem with the last answer for `slot` ("future", "rant", ...), if any."""
    problem = tracker.get_slot(PROBLEM_SLOT) or ""
    prefix = f"{slot}:"
    return problem[len(prefix):] if problem.startswith(prefix) else None


class ApplicationFormValidation(FormValidationAction, ABC):
    """Base of the application forms' validation actions (not registered itself)."""

    # Every slot this form can ask for, so an answer is told apart from a first message.
    form_slots: Tuple[str, ...] = ()
    # Intents that leave the question for a rule to handle (stop, distress...).
    interrupting_intents: Tuple[str, ...] = ("stop", "distress")

    @abstractmethod
    def name(self) -> Text:
        ...

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        with database() as session:
            access = application_access(session, tracker)
        if access.refusal is not None:
            # End the form at once; the form's submit action explains why.
            return [SlotSet(REQUESTED_SLOT, None)]
        starting = self.first_turn(tracker)  # before super().run() moves requested_slot on
        events = await super().run(dispatcher, tracker, domain)
        # Nothing from an earlier, abandoned form may leak into this one.
        return reset_application_slots() + events if starting else events

    def first_turn(self, tracker: Tracker) -> bool:
        """True while the form reads the message that started it."""
        return tracker.get_slot(REQUESTED_SLOT) not in self.form_slots

    def answering(self, tracker: Tracker, slot: str) -> bool:
        """True when the latest message answers the question for `slot`."""
        return tracker.get_slot(REQUESTED_SLOT) == slot and latest_intent(tracker) not in self.interrupting_intents

    @staticmethod
    def with_problem(tracker: Tracker, slot: str, answer: Answer) -> Dict[Text, Any]:
        """The slot's new value, plus the problem flag the ask action reads next."""
        result: Dict[Text, Any] = {slot: answer.value}
        if answer.problem is not None:
            result[PROBLEM_SLOT] = f"{slot}:{answer.problem}"
        elif problem_of(tracker, slot) is not None:
            result[PROBLEM_SLOT] = None
        return result
