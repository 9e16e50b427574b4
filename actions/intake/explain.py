"""Questions about the intake itself: who reads it, why a question is asked, what a word means.

Recognised in the form's own validation (by intent or by these words), so
the form is never broken: the explanation comes, then the question again.
"""
from __future__ import annotations

import re
from typing import Optional

from rasa_sdk.executor import CollectingDispatcher

from actions.intake.parsing import normalise
from werkmaatje.intake_summary import group_of

_WHO_READS = r"wie (leest|ziet|kan|krijgt)|wie .*(lezen|zien)|wat doe je (er )?(mee|met mijn)|klantmanager dit|waar gaat dit heen"
_TERMS = (
    (r"startkwalificatie", "utter_intake_term_startkwalificatie"),
    (r"mantelzorg", "utter_intake_term_mantelzorg"),
    (r"inburger", "utter_intake_term_inburgering"),
    (r"\bvca\b", "utter_intake_term_vca"),
    (r"dagritme|\britme\b", "utter_intake_term_dagritme"),
)
# A question about the form, not an answer: "waarom ...?", "wie leest dit?", "wat is een ...?".
_ABOUT_THE_FORM = (
    r"^(waarom|wrm|waarvoor|hoezo)\b|^wie (leest|ziet|kan|krijgt)|^wat (is|betekent|bedoel)\b"
    r"|ik snap de vraag niet|^moet ik dat (echt )?zeggen|^waar is (die|deze) vraag voor"
)


def is_question_about_the_form(text: str) -> bool:
    return re.search(_ABOUT_THE_FORM, normalise(text)) is not None


def explain(dispatcher: CollectingDispatcher, text: str, question_key: Optional[str]) -> None:
    """Say who reads it, what the word means, or why the current question is asked."""
    cleaned = normalise(text)
    if re.search(_WHO_READS, cleaned):
        dispatcher.utter_message(response="utter_intake_who_reads")
        return
    for pattern, response in _TERMS:
        if re.search(pattern, cleaned):
            dispatcher.utter_message(response=response)
            return
    if question_key is not None:
        dispatcher.utter_message(response=f"utter_intake_why_{group_of(question_key)}")
    else:
        dispatcher.utter_message(response="utter_intake_why_general")
