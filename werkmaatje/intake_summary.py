"""Summaries of an intake: the job seeker's plain lines and the klantmanager's paragraph.

Template text filled with facts, no language model. The job seeker's summary
never shows the ladder step or group; the klantmanager's paragraph shows
them as a proposal.
"""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Sequence, Tuple

from werkmaatje.texts import caseworker as caseworker_texts, chat as chat_texts

Answers = Mapping[str, Tuple[str, Any]]

GROUPS: Dict[str, Tuple[str, ...]] = {
    "situatie": ("leeftijd", "uitkering", "uitkering_duur", "eerder_uitkering"),
    "huishouden": ("partner", "kinderen", "kinderopvang", "mantelzorg"),
    "opleiding": ("opleiding", "diploma_buitenland", "werkervaring", "certificaten"),
    "taal": ("taal", "inburgering"),
    "week": ("week", "dagritme"),
    "gezondheid": ("gezondheid", "belemmeringen"),
    "wensen": ("wens_sector", "wens_uren", "wens_duitsland", "wens_eigen_bedrijf", "wens_opleiding"),
    "jij": ("drijfveren", "nodig", "contact"),
}


def group_of(question: str) -> str:
    return next(group for group, keys in GROUPS.items() if question in keys)


def _word(value: Any) -> str:
    return chat_texts.INTAKE_VALUES.get(value, str(value))


def describe(question: str, status: str, value: Any) -> str:
    """An answer in plain words, for both summaries."""
    if status != "answered":
        return chat_texts.INTAKE_STATUS_WORDS[status]
    if question == "kinderen":
        if not value.get("aantal") and value.get("aantal") is not None:
            return chat_texts.INTAKE_NO_CHILDREN
        if value.get("jongste") is None:
            return chat_texts.INTAKE_CHILDREN_NO_AGE.format(aantal=value.get("aantal") or "ja")
        return chat_texts.INTAKE_CHILDREN.format(aantal=value["aantal"], jongste=value["jongste"])
    if question == "opleiding":
        niveau = _word(value["niveau"])
        return chat_texts.INTAKE_EDUCATION_NOT_FINISHED.format(niveau=niveau) if value.get("diploma") is False else niveau
    if question == "werkervaring":
        if not value.get("ervaring"):
            return chat_texts.INTAKE_EXPERIENCE_NONE
        sectors = value.get("sectoren") or []
        return chat_texts.INTAKE_LIST_JOIN.join(_word(s) for s in sectors) if sectors else chat_texts.INTAKE_EXPERIENCE_SOME
    if isinstance(value, list):
        return chat_texts.INTAKE_LIST_JOIN.join(_word(item) for item in value)
    return _word(value)


def client_lines(order: Sequence[str], answers: Answers) -> List[str]:
    """One line per answered question, in the intake's order."""
    return [
        chat_texts.INTAKE_SUMMARY_LINE.format(onderwerp=chat_texts.INTAKE_TOPICS[key], antwoord=describe(key, *answers[key]))
        for key in order
        if key in answers and not (answers[key][0] == "skipped" and answers[key][1] == "not_asked")
    ]


def caseworker_paragraph(answers: Answers, *, step: int, group: str, flags: Sequence[str]) -> str:
    """The klantmanager's short paragraph: facts from the answers, then the proposal and flags."""
    parts: List[str] = []
    for key, template in caseworker_texts.CASEWORKER_PARTS.items():
        if key not in answers or answers[key][0] != "answered":
            continue
        status, value = answers[key]
        start = ""
        if key == "opleiding":
            start = caseworker_texts.CASEWORKER_YES_NO_UNKNOWN[value.get("startkwalificatie")]
        parts.append(template.format(waarde=describe(key, status, value), start=start))
    text = " ".join(parts)
    text += " " + caseworker_texts.CASEWORKER_PROPOSAL.format(trede=step, groep=group)
    if flags:
        text += " " + caseworker_texts.CASEWORKER_FLAGS.format(
            vlaggen=", ".join(caseworker_texts.CASEWORKER_FLAG_WORDS[flag] for flag in flags)
        )
    return text.strip()
