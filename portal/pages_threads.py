"""The conversation on a request: read it, write to the person through the bot, close it.

Every read of a thread and every message written is an audit entry. A
klantmanager's message is stored and queued here; the bot sends it
(bot/dispatcher.py), so this page says how far it got.
"""
from __future__ import annotations

from typing import List, Optional

from starlette.routing import Route

from portal.web import Ctx, NotFound
from storage import audit, handoff_threads
from storage.portal.scope import can_change_clients, handoff_in_scope
from storage.preferences import get_preferences
from storage.clients import chat_for_client
from werkmaatje.texts import portal as texts


def thread_routes(view) -> List[Route]:
    return [
        Route("/verzoeken/{handoff_id:int}", view(show_thread, roles=["klantmanager", "teamleider"]), methods=["GET"]),
        Route("/verzoeken/{handoff_id:int}/bericht", view(write_message, roles=["klantmanager"]), methods=["POST"]),
    ]


def _handoff(ctx: Ctx):
    handoff = handoff_in_scope(ctx.db, ctx.user, ctx.request.path_params["handoff_id"])
    if handoff is None:
        raise NotFound()
    return handoff


def delivery_state(entry, client, paused: bool, linked: bool) -> Optional[str]:
    """A key of werkmaatje.texts.caseworker.PORTAL_DELIVERY for a klantmanager's message; None for the person's own."""
    delivery = entry.delivery
    if entry.message.author_kind != "klantmanager":
        return None
    if delivery is None:
        return "cancelled"
    if delivery.status in ("pending", "sending"):
        if not linked:
            return "not_linked"
        if client.unreachable_since is not None:
            return "blocked"
        if paused:
            return "paused"
        return delivery.status
    if delivery.status == "failed" and "403" in (delivery.last_error or ""):
        return "blocked"
    if delivery.status == "failed" and not linked:
        return "not_linked"
    return delivery.status


def show_thread(ctx: Ctx, *, fout: Optional[str] = None, concept: str = "", status_code: int = 200):
    handoff = _handoff(ctx)
    client = ctx.client(handoff.client_id)
    audit.record_audit(ctx.db, actor=ctx.user.email, action="portal_gesprek", client_id=client.id, now=ctx.now)
    paused = get_preferences(ctx.db, client.id).paused
    linked = chat_for_client(ctx.db, client.id) is not None
    entries = [
        {"entry": entry, "delivery": delivery_state(entry, client, paused, linked)}
        for entry in handoff_threads.thread(ctx.db, handoff.id)
    ]
    return ctx.render(
        "verzoek.html",
        status_code=status_code,
        handoff=handoff,
        client=client,
        entries=entries,
        can_write=can_change_clients(ctx.user)
        and handoff.kind in handoff_threads.KINDS_WITH_THREAD
        and handoff.status != "afgehandeld",
        can_close=can_change_clients(ctx.user) and handoff.status != "afgehandeld",
        unreachable=client.unreachable_since is not None,
        linked=linked,
        fout=fout,
        concept=concept,
        max_chars=handoff_threads.MAX_MESSAGE_CHARS,
    )


def write_message(ctx: Ctx):
    handoff = _handoff(ctx)
    ctx.client(handoff.client_id)
    text = str(ctx.form.get("bericht") or "")
    try:
        handoff_threads.write_reply(ctx.db, handoff, ctx.user, text, now=ctx.now)
    except handoff_threads.ThreadError as error:
        message = texts.PORTAL_THREAD_ERRORS[error.code].format(**error.details)
        return show_thread(ctx, fout=message, concept=text, status_code=400)
    audit.record_audit(ctx.db, actor=ctx.user.email, action="portal_bericht", client_id=handoff.client_id, now=ctx.now)
    return ctx.back(f"/verzoeken/{handoff.id}#gesprek", "bericht_verstuurd")
