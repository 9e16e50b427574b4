"""A provisional participatieladder step, main group and flags from intake answers.

The bot only *proposes*; the klantmanager decides (domain.md §2: "the
classification is the caseworker's decision; the assistant stores a
provisional suggestion with the answers that led to it"). Every rule is a row
in one of the tables below, with the line of domain.md it rests on, so a
beheerder can read why a proposal came out as it did. The client never sees
the step or the group.

Input: {question key: (status, value)} as stored (status "answered",
"unknown", "skipped" or "personal"). Pure Python: no storage, no Rasa.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, List, Mapping, Optional, Tuple

Answers = Mapping[str, Tuple[str, Any]]

# The ladder: what someone does in a normal week (domain.md §2, VNG steps 1–6)
# The highest step any activity reaches is the proposal; online contact only counts as 1.
LADDER_TABLE: Tuple[Tuple[str, int, str], ...] = (
    ("thuis", 1, "§2 trede 1: alleen functioneel contact buiten het huishouden (online telt als 1)"),
    ("contact", 2, "§2 trede 2: minstens wekelijks fysiek contact met mensen buiten het huishouden"),
    ("activiteit", 3, "§2 trede 3: wekelijks een club, cursus of inburgering zonder werkdeel"),
    ("vrijwilligerswerk", 4, "§2 trede 4: wekelijks vrijwilligerswerk, stage of werkervaringsplaats"),
    ("werk_met_steun", 5, "§2 trede 5: betaald werk met ondersteuning (loonkostensubsidie, jobcoach, BBL)"),
    ("betaald_werk", 6, "§2 trede 6: betaald werk zonder ondersteuning of aanvulling"),
)
# Without an answer about the week we propose step 2 and say so: the lowest
# step we can honestly assume for someone who chats and answers questions.
LADDER_DEFAULT = (2, "§2: geen antwoord over de week; trede 2 als voorzichtig voorstel")


def _value(answers: Answers, key: str) -> Any:
    status, value = answers.get(key, ("missing", None))
    return value if status == "answered" else None


def _listed(answers: Answers, key: str, item: str) -> bool:
    value = _value(answers, key)
    return isinstance(value, list) and item in value


def _personal(answers: Answers) -> bool:
    return any(status == "personal" for status, _ in answers.values())


# The main groups (domain.md §2: 000:58, 000:1002)
# Checked top to bottom; the first row whose test holds gives the group.
Fact = Callable[[int, Answers], bool]


def _low_three(step: int, answers: Answers) -> bool:
    """Step 3 with a hard daily rhythm or a health obstacle: the "low 3" of the participation group."""
    hard_rhythm = _value(answers, "dagritme") == "moeilijk"
    health = _value(answers, "gezondheid") in ("psychisch", "beide") or _listed(answers, "belemmeringen", "psychisch")
    return step == 3 and (hard_rhythm or health)


def _ready_alone(step: int, answers: Answers) -> bool:
    """High on the ladder, short on benefit, with a startkwalificatie and enough Dutch."""
    education = _value(answers, "opleiding") or {}
    return (
        step >= 5
        and _value(answers, "uitkering_duur") == "<1"
        and isinstance(education, dict) and education.get("startkwalificatie") is True
        and _value(answers, "taal") in ("goed", "redelijk")
    )


GROUP_TABLE: Tuple[Tuple[str, Fact, str], ...] = (
    ("participatie", lambda step, a: step <= 2, "§2: maatschappelijke participatie, treden 1–2"),
    ("participatie", _low_three, "§2: maatschappelijke participatie, 'low 3' (dagritme of psychische klachten)"),
    ("zelfredzaam", _ready_alone, "§2: zelfredzaam, vindt zelf werk (trede 5–6, kort in de uitkering, startkwalificatie, taal)"),
    ("zelfredzaam", lambda step, a: step == 6, "§2: zelfredzaam, betaald werk zonder ondersteuning"),
    ("middengroep", lambda step, a: True, "§2: kwetsbare middengroep, werk binnen ongeveer 2 jaar met programma's"),
)


# Flags for the klantmanager (domain.md §3 sensitive items, §8 safety)
def _wants_personal(a: Answers) -> bool:
    return _personal(a)


def _debts(a: Answers) -> bool:
    return _listed(a, "belemmeringen", "schulden")


def _health(a: Answers) -> bool:
    return (
        _value(a, "gezondheid") in ("lichamelijk", "psychisch", "beide")
        or _listed(a, "belemmeringen", "fysiek")
        or _listed(a, "belemmeringen", "psychisch")
    )


def _language(a: Answers) -> bool:
    return (
        _value(a, "taal") in ("matig", "slecht")
        or _listed(a, "belemmeringen", "taal")
        or _value(a, "inburgering") == "bezig"
    )


def _childcare(a: Answers) -> bool:
    children = _value(a, "kinderen") or {}
    young = isinstance(children, dict) and bool(children.get("aantal")) and (
        children.get("jongste") is None or children["jongste"] < 12
    )
    return (young and _value(a, "kinderopvang") != "geregeld") or _listed(a, "belemmeringen", "zorgtaken")


FLAG_TABLE: Tuple[Tuple[str, Callable[[Answers], bool], str], ...] = (
    ("persoonlijk_gesprek", _wants_personal, "§3: 'liever persoonlijk bespreken' wordt een vlag"),
    ("schulden", _debts, "§3: schulden als belemmering; §8 persona die post niet opent"),
    ("gezondheid", _health, "§3: gezondheid (optioneel), fysieke of psychische belemmering"),
    ("taal", _language, "§3: zelfbeoordeling Nederlands en inburgering"),
    ("kinderopvang", _childcare, "§3: kinderen onder 12 zonder geregelde opvang, of zorgtaken"),
)


@dataclass(frozen=True)
class Proposal:
    step: int
    group: str
    flags: List[str]
    reasons: List[str]


def ladder_step(answers: Answers) -> Tuple[int, str]:
    """The highest step the week's activities reach, with the rule that gave it."""
    activities = _value(answers, "week")
    best: Optional[Tuple[int, str]] = None
    if isinstance(activities, list):
        for activity, step, reason in LADDER_TABLE:
            if activity in activities and (best is None or step > best[0]):
                best = (step, reason)
    return best or LADDER_DEFAULT


def propose(answers: Answers) -> Proposal:
    step, step_reason = ladder_step(answers)
    group, group_reason = next((g, why) for g, test, why in GROUP_TABLE if test(step, answers))
    flags = [name for name, test, _ in FLAG_TABLE if test(answers)]
    flag_reasons = [why for name, test, why in FLAG_TABLE if name in flags]
    return Proposal(step=step, group=group, flags=flags, reasons=[step_reason, group_reason, *flag_reasons])
