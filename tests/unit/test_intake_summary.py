"""The summaries: plain lines for the job seeker (never a step or group), a template paragraph for the klantmanager."""
from __future__ import annotations

from werkmaatje.intake_questions import DEFAULT_ORDER
from werkmaatje.intake_rules import propose
from werkmaatje.intake_summary import GROUPS, caseworker_paragraph, client_lines

ANSWERS = {
    "leeftijd": ("answered", "27-44"),
    "uitkering": ("answered", "bijstand"),
    "uitkering_duur": ("answered", "1-3"),
    "kinderen": ("answered", {"aantal": 2, "jongste": 3}),
    "kinderopvang": ("answered", "niet_geregeld"),
    "opleiding": ("answered", {"niveau": "mbo-2", "diploma": True, "startkwalificatie": True}),
    "certificaten": ("answered", ["rijbewijs", "vca"]),
    "taal": ("answered", "redelijk"),
    "week": ("answered", ["contact", "activiteit"]),
    "gezondheid": ("personal", None),
    "belemmeringen": ("skipped", None),
    "wens_sector": ("answered", ["zorg"]),
    "drijfveren": ("answered", "ik ben goed met <b>mensen</b>"),
    "mantelzorg": ("skipped", "not_asked"),
}


def test_every_question_belongs_to_one_summary_topic():
    grouped = [key for keys in GROUPS.values() for key in keys]
    assert sorted(grouped) == sorted(DEFAULT_ORDER)


def test_client_lines_are_plain_words_in_order_without_labels():
    lines = client_lines(DEFAULT_ORDER, ANSWERS)
    text = "\n".join(lines)
    assert lines[0] == "• Leeftijd: 27 tot 45"
    assert "• Kinderen: 2, de jongste is 3" in lines
    assert "• Gezondheid: liever persoonlijk" in lines
    assert "• Wat het lastig maakt: overgeslagen" in lines
    assert "Mantelzorg" not in text  # not asked, so not shown
    for label in ("trede", "participatie", "middengroep", "zelfredzaam"):
        assert label not in text.lower()


def test_caseworker_paragraph_has_the_facts_the_proposal_and_the_flags():
    proposal = propose(ANSWERS)
    text = caseworker_paragraph(ANSWERS, step=proposal.step, group=proposal.group, flags=proposal.flags)
    assert text.startswith("Leeftijd 27 tot 45. Uitkering: bijstand. Zo lang al: 1 tot 3 jaar.")
    assert "Opleiding: mbo 2; startkwalificatie: ja." in text
    assert "Voorstel (niet bevestigd): trede 3 van de participatieladder, groep middengroep." in text
    assert "wil iets liever persoonlijk bespreken" in text and "kinderopvang" in text
    assert "ik ben goed met <b>mensen</b>" in text  # stored as typed; the portal escapes on output
