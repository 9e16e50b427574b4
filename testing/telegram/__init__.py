"""A local stand-in for the Telegram Bot API and builders for the updates it delivers.

`TelegramStandIn` is put together from mixins along the stand-in's seams:
`protocol` (the wire format: envelopes, errors, request parsing and checks),
`pushing` (updates the test injects, media files), `faults` (errors and blocked
chats on demand), `watching` (what the bot sent, waiting for it), `methods`
(the Bot API methods) and `standin` (the aiohttp server tying them together).
"""
from testing.telegram.protocol import ApiError, Call
from testing.telegram.standin import TelegramStandIn

__all__ = ["ApiError", "Call", "TelegramStandIn"]
