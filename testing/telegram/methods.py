"""The Bot API methods the stand-in answers, each as Telegram would (named `_api_<lowercase method>`).

Methods not here answer `True`, as most of Telegram's setters do.
"""
from __future__ import annotations

import asyncio
import copy
from typing import Optional

import testing.telegram.updates as tu
from testing.telegram.protocol import NOT_MODIFIED, ApiError, checked_markup, checked_text, scope_key


class BotApiMethods:
    """The method half of `TelegramStandIn`; the state lives in its `__init__`."""


    def _api_getme(self, params: dict) -> dict:
        return {**self.bot_user, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False, "can_connect_to_business": False,
                "has_main_web_app": False}

    async def _api_getupdates(self, params: dict) -> list[dict]:
        if self.webhook_url:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is "
                                "active; use deleteWebhook to delete the webhook first")
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = min(float(params.get("timeout") or 0), self.long_poll_cap)
        # An offset confirms every update delivered before with a lower id. An update
        # queued again after that (a redelivery) is still pending and gets delivered.
        self._queue = [q for q in self._queue if not (q.delivered and q.update_id < offset)]
        assert self._new_update is not None
        deadline = asyncio.get_running_loop().time() + timeout
        while not self._queue and not self._closing:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                return []
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), remaining)
            except asyncio.TimeoutError:
                return []
        batch = sorted(self._queue, key=lambda q: q.update_id)[:limit]
        for queued in batch:
            queued.delivered = True
        return [copy.deepcopy(q.update) for q in batch]

    def _api_deletewebhook(self, params: dict) -> bool:
        self.webhook_url = ""
        if params.get("drop_pending_updates"):
            self._queue.clear()
        return True

    def _api_setwebhook(self, params: dict) -> bool:
        if not str(params.get("url", "")).startswith("https://") and params.get("url"):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided "
                                "for webhook")
        self.webhook_url = params.get("url") or ""
        self.webhook_secret = params.get("secret_token") or ""
        if params.get("drop_pending_updates"):
            self._queue.clear()
        return True

    def _api_getwebhookinfo(self, params: dict) -> dict:
        return {"url": self.webhook_url, "has_custom_certificate": False,
                "pending_update_count": len(self._queue)}

    def _api_setmycommands(self, params: dict) -> bool:
        self.commands[scope_key(params)] = list(params.get("commands") or [])
        return True

    def _api_getmycommands(self, params: dict) -> list:
        return self.commands.get(scope_key(params), [])

    def _api_sendmessage(self, params: dict) -> dict:
        chat_id = params.get("chat_id")
        if chat_id in (None, ""):
            raise ApiError(400, "Bad Request: chat_id is empty")
        if not isinstance(chat_id, int):  # @channelusername: no channels in this stand-in
            raise ApiError(400, "Bad Request: chat not found")
        text = checked_text(params)
        markup = checked_markup(params.get("reply_markup"))
        name = self._chat_names.setdefault(chat_id, "Test")
        msg = tu.message(self._take_message_id(chat_id), tu.private_chat(chat_id, name),
                         self.bot_user, {"text": text})
        if markup:
            msg["reply_markup"] = markup
        self.messages[(chat_id, msg["message_id"])] = msg
        self.sent.append(msg)
        return copy.deepcopy(msg)

    def _api_senddocument(self, params: dict) -> dict:
        """An uploaded file (multipart) becomes a document message; its bytes are kept for tests."""
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, int):
            raise ApiError(400, "Bad Request: chat not found")
        upload = params.get("document")
        if not isinstance(upload, dict) or not upload.get("content"):
            raise ApiError(400, "Bad Request: there is no document in the request")
        if len(upload["content"]) > 50 * 1024 * 1024:
            raise ApiError(413, "Request Entity Too Large")
        caption = params.get("caption")
        if caption is not None and len(str(caption)) > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        file_id, unique = self._new_file("document")
        name = self._chat_names.setdefault(chat_id, "Test")
        content = {"document": {"file_id": file_id, "file_unique_id": unique,
                                "file_name": upload.get("filename"), "file_size": len(upload["content"])}}
        if caption:
            content["caption"] = str(caption)
        msg = tu.message(self._take_message_id(chat_id), tu.private_chat(chat_id, name), self.bot_user, content)
        self.messages[(chat_id, msg["message_id"])] = msg
        self.documents[(chat_id, msg["message_id"])] = {
            "file_name": upload.get("filename"), "content": upload["content"], "caption": caption}
        self.sent.append(msg)
        return copy.deepcopy(msg)

    def _api_editmessagetext(self, params: dict) -> dict:
        msg = self._message_to_edit(params)
        text, markup = checked_text(params), checked_markup(params.get("reply_markup"))
        return self._edit(msg, text, markup)

    def _api_editmessagereplymarkup(self, params: dict) -> dict:
        msg = self._message_to_edit(params)
        return self._edit(msg, msg.get("text"), checked_markup(params.get("reply_markup")))

    def _message_to_edit(self, params: dict) -> dict:
        msg = self.messages.get((params.get("chat_id"), params.get("message_id")))
        if msg is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if msg["from"]["id"] != self.bot_user["id"]:
            raise ApiError(400, "Bad Request: message can't be edited")
        return msg

    @staticmethod
    def _edit(msg: dict, text: Optional[str], markup: Optional[dict]) -> dict:
        # Leaving reply_markup out of an edit removes the inline keyboard.
        if msg.get("text") == text and msg.get("reply_markup") == markup:
            raise ApiError(400, NOT_MODIFIED)
        msg["text"], msg["edit_date"] = text, tu.now()
        msg.pop("reply_markup", None)
        if markup:
            msg["reply_markup"] = markup
        return copy.deepcopy(msg)

    def _api_answercallbackquery(self, params: dict) -> bool:
        query_id = str(params.get("callback_query_id"))
        if query_id not in self._open_callbacks:
            raise ApiError(400, "Bad Request: query is too old and response timeout expired "
                                "or query ID is invalid")
        self._open_callbacks.discard(query_id)
        return True

    def _api_sendchataction(self, params: dict) -> bool:
        return True

    def _api_getfile(self, params: dict) -> dict:
        info = self._files.get(str(params.get("file_id")))
        if info is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return dict(info)

    def _api_close(self, params: dict) -> bool:
        return True

    def _api_logout(self, params: dict) -> bool:
        return True
