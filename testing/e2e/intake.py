"""Answering Hengelo's 26 intake questions the way the end-to-end tests do, by the question's wording."""
from __future__ import annotations

from testing.e2e.chat import press, say

TOTAL = 26
# How the tests answer each question (by its wording): a button title, or typed text.
ANSWERS = {
    "Hoe oud ben je?": ("text", "ik ben 34"),
    "Welke uitkering heb je nu?": ("button", "Bijstand"),
    "Hoe lang heb je al een uitkering?": ("text", "sinds 2 jaar ongeveer"),
    "Had je eerder ook al eens een uitkering?": ("text", "nee nooit"),
    "Heb je een partner die ook in je uitkering zit?": ("button", "Nee"),
    "Heb je kinderen die bij je wonen?": ("text", "2 kids van 3 en 7"),
    "Is er opvang voor je kinderen als je gaat werken?": ("text", "nog niet geregeld"),
    "Zorg je voor iemand die ziek is": ("button", "Nee"),
    "Wat is je hoogste opleiding?": ("text", "mbo 2 gehaald"),
    "Heb je een diploma uit een ander land?": ("button", "Nee"),
    "Wat voor werk heb je al gedaan?": ("text", "3 jaar in een magazijn"),
    "Heb je een rijbewijs, VCA of heftruckcertificaat?": ("text", "geen"),
    "Hoe goed spreek je Nederlands?": ("button", "Goed"),
    "Moet je inburgeren?": ("button", "Hoeft niet"),
    "Wat doe je in een gewone week?": ("text", "ik ga naar voetbal en zie mijn zus"),
    "Heb je een vast ritme op een dag?": ("button", "Ja, een vast ritme"),
    "Heb je klachten die werken lastig maken?": ("button", "Liever persoonlijk bespreken"),
    "Is er iets dat werken nu moeilijk maakt?": ("text", "vervoer en schulden"),
    "In wat voor werk zou je graag werken?": ("text", "iets in de zorg"),
    "Hoeveel uur per week wil je werken?": ("text", "24 uur"),
    "Zou je ook in Duitsland willen werken?": ("button", "Nee"),
    "Zou je een eigen bedrijf willen beginnen?": ("text", "sla over"),
    "Wil je een cursus of opleiding doen?": ("text", "ja graag"),
    "Waar ben je goed in?": ("text", "ik ben goed met <b>mensen</b> 💪"),
    "Wat heb je nodig om mee te doen?": ("text", "hulp met mijn cv"),
    "Hoe wil je het liefst contact met je klantmanager?": ("button", "Via de chat"),
}


def question_of(message) -> str:
    """The question under "Vraag n van t"."""
    return message["text"].split("\n", 1)[1]


async def answer(telegram, chat_id, message):
    how, value = next(v for prefix, v in ANSWERS.items() if question_of(message).startswith(prefix))
    if how == "button":
        [reply] = await press(telegram, chat_id, message, value)
    else:
        [reply] = await say(telegram, chat_id, value)
    return reply


async def answer_until(telegram, chat_id, message, stop_prefix):
    """Answer questions until one starting with `stop_prefix` (or the summary) is asked."""
    for _ in range(TOTAL + 2):
        if message["text"].startswith("Dit heb je verteld:"):
            return message
        assert message["text"].startswith("Vraag "), message["text"]
        if question_of(message).startswith(stop_prefix):
            return message
        message = await answer(telegram, chat_id, message)
    raise AssertionError(f"never reached {stop_prefix!r}")
