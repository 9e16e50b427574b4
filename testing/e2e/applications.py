"""Filling in the application form in the chat until its confirmation card shows."""
from __future__ import annotations

from testing.e2e.chat import press, say

# The question each missing field gets, and how the test answers it (a button title, or text).
ANSWERS = {
    "Bij welk bedrijf heb je gesolliciteerd?": ("text", "jumbo"),
    "Voor welke functie?": ("text", "vakkenvuller"),
    "Wanneer heb je gesolliciteerd?": ("button", "Gisteren"),
    "Hoe heb je gesolliciteerd?": ("button", "Online"),
}


async def answer_until_card(telegram, chat_id, question):
    """Answer the form's questions (whichever the NLU left open) until the confirmation card shows."""
    for _ in range(len(ANSWERS) + 1):
        if question["text"].startswith("Dit zet ik in je lijst:"):
            return question
        how, answer = next(value for prefix, value in ANSWERS.items() if question["text"].startswith(prefix))
        if how == "button":
            [question] = await press(telegram, chat_id, question, answer)
        else:
            [question] = await say(telegram, chat_id, answer)
    raise AssertionError(f"no confirmation card, last question: {question['text']!r}")
