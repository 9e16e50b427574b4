"""A person in the chat: typing, tapping buttons, and the welcome every end-to-end test starts with."""
from __future__ import annotations


def button_data(message: dict, title: str) -> str:
    for row in message["reply_markup"]["inline_keyboard"]:
        for button in row:
            if button["text"] == title:
                return button["callback_data"]
    raise AssertionError(f"no button {title!r} in {message.get('reply_markup')}")


async def say(telegram, chat_id, text, count=1):
    telegram.mark()
    telegram.push_text(chat_id, text)
    return await telegram.wait_for_sent(chat_id, count)


async def press(telegram, chat_id, message, title, count=1):
    telegram.mark()
    telegram.push_callback(chat_id, button_data(message, title), message_id=message["message_id"])
    return await telegram.wait_for_sent(chat_id, count)


async def link_and_consent(telegram, chat_id: int, koppelcode: str):
    """Open the deep link and press Akkoord; returns (message_id, callback_data) of that button."""
    telegram.mark()
    telegram.push_text(chat_id, f"/start {koppelcode}", first_name="Anna")
    welcome, privacy, question = await telegram.wait_for_sent(chat_id, 3)
    assert welcome["text"].startswith("Welkom bij Werkmaatje, ")
    assert "niet gebruikt voor controle op fraude" in privacy["text"]
    pressed = (question["message_id"], button_data(question, "Akkoord"))
    telegram.mark()
    telegram.push_callback(chat_id, pressed[1], message_id=pressed[0])
    thanks, menu = await telegram.wait_for_sent(chat_id, 2)
    assert thanks["text"].startswith("Dank je wel")
    assert "reply_markup" in menu
    return pressed
