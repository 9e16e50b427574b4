"""The intake's question catalogue: every question a gemeente can put in its list, with its rules.

Grounded in domain.md §3. The wording lives in domain.yml (`utter_intake_q_<key>`,
with buttons) and the summary wording in werkmaatje/texts/chat.py; this module only
says what kind of answer each question takes. A gemeente picks which questions
and in what order (`intake.vragen` in gemeenten/*.yml); without that list the
DEFAULT_ORDER below is used.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional, Tuple


@dataclass(frozen=True)
class Question:
    key: str
    # The parser in actions/intake/parsing.py that reads a free-text answer.
    parser: str
    # Allowed values for choice questions (also the button payloads).
    choices: Tuple[str, ...] = ()
    # Optional questions may be skipped at once ("sla over"); others only
    # after two answers that were not understood.
    optional: bool = False
    # Asked only when an earlier answer makes it relevant: (question, test name).
    ask_if: Optional[Tuple[str, str]] = None
    # Whether "weet ik niet" is an answer (stored with status "unknown").
    unknown_ok: bool = True


_YES_NO = ("ja", "nee")
_YES_NO_MAYBE = ("ja", "nee", "misschien")

QUESTIONS: Dict[str, Question] = {
    q.key: q
    for q in (
        Question("leeftijd", "age", ("18-26", "27-44", "45-54", "55+"), unknown_ok=False),
        Question("uitkering", "benefit", ("bijstand", "ioaw", "ioaz", "ww", "geen", "anders")),
        Question("uitkering_duur", "duration", ("<1", "1-3", ">3")),
        Question("eerder_uitkering", "yes_no", _YES_NO),
        Question("partner", "yes_no", _YES_NO),
        Question("kinderen", "children"),
        Question("kinderopvang", "childcare", ("geregeld", "niet_geregeld", "niet_nodig"), ask_if=("kinderen", "young_children")),
        Question("mantelzorg", "yes_no", _YES_NO),
        Question("opleiding", "education"),
        Question("diploma_buitenland", "yes_no", _YES_NO),
        Question("werkervaring", "experience"),
        Question("certificaten", "certificates", ("vca", "heftruck", "rijbewijs", "geen")),
        Question("taal", "language", ("goed", "redelijk", "matig", "slecht")),
        Question("inburgering", "integration", ("afgerond", "bezig", "niet_nodig")),
        Question("week", "week", ("thuis", "contact", "activiteit", "vrijwilligerswerk", "werk_met_steun", "betaald_werk")),
        Question("dagritme", "rhythm", ("goed", "wisselend", "moeilijk")),
        Question("gezondheid", "health", ("geen", "lichamelijk", "psychisch", "beide"), optional=True),
        Question(
            "belemmeringen",
            "obstacles",
            (
                "geen", "opleiding", "fysiek", "psychisch", "sociaal", "geen_werkervaring",
                "leeftijd", "zorgtaken", "taal", "schulden", "vervoer",
            ),
            optional=True,
        ),
        Question("wens_sector", "sectors"),
        Question("wens_uren", "hours", ("fulltime", "parttime", "weinig")),
        Question("wens_duitsland", "yes_no_maybe", _YES_NO_MAYBE, optional=True),
        Question("wens_eigen_bedrijf", "yes_no_maybe", _YES_NO_MAYBE, optional=True),
        Question("wens_opleiding", "yes_no_maybe", _YES_NO_MAYBE),
        Question("drijfveren", "open", optional=True),
        Question("nodig", "open", optional=True),
        Question("contact", "contact", ("chat", "telefoon", "email")),
    )
}

DEFAULT_ORDER: Tuple[str, ...] = tuple(QUESTIONS)
# Questions whose answer may be "liever persoonlijk bespreken" (domain.md §3: sensitive items).
PERSONAL_OK = ("gezondheid", "belemmeringen")


def question(key: str) -> Question:
    return QUESTIONS[key]
