"""Erasure requests from the chat: the klantmanager sees them on Vandaag and carries them out.

Carrying out is final, so it needs the request's own form (CSRF-checked like
every POST) and the typed word "wissen"; it is audited (storage does that).
What the gemeente must keep comes from its configuration, never from the form.
"""
from __future__ import annotations

from typing import List

from starlette.routing import Route

from portal.web import Ctx, NotFound
from storage.erasure import KeepRule, confirm_erasure, open_requests
from storage.handoffs import handoffs_for_client
from storage.portal.scope import can_change_clients, clients_in_scope, erasure_request_in_scope

CONFIRM_WORD = "wissen"


def privacy_routes(view) -> List[Route]:
    return [
        Route(
            "/wisverzoeken/{request_id:int}/uitvoeren",
            view(carry_out_erasure, roles=["klantmanager"]),
            methods=["POST"],
        )
    ]


def erasure_section(ctx: Ctx) -> dict:
    """For Vandaag: open requests of clients in the user's scope, with each client's name."""
    in_scope = {client.id: client for client in clients_in_scope(ctx.db, ctx.user)}
    requests = open_requests(ctx.db, list(in_scope))
    return {
        "template": "_wisverzoeken.html",
        "requests": [
            {
                "request": r,
                "client": in_scope[r.client_id],
                "kept": _keep_rules(ctx, r.gemeente_id),
                "open_handoffs": _open_handoffs(ctx, r.client_id),
            }
            for r in requests
        ],
        "can_confirm": can_change_clients(ctx.user),
        "confirm_word": CONFIRM_WORD,
    }


def _open_handoffs(ctx: Ctx, client_id: str):
    """Requests not yet afgehandeld: erasure would remove them unseen, so they come first."""
    return [h for h in handoffs_for_client(ctx.db, client_id) if h.status != "afgehandeld"]


def _keep_rules(ctx: Ctx, gemeente_id: str) -> List[KeepRule]:
    gemeente = ctx.state.gemeenten.get(gemeente_id)
    if gemeente is None:
        return []
    return [KeepRule(wat=i.wat, maanden=i.maanden, reden=i.reden) for i in gemeente.privacy.wettelijk_bewaren]


def carry_out_erasure(ctx: Ctx):
    # Someone else's client, or no such request: the same 404.
    request = erasure_request_in_scope(ctx.db, ctx.user, ctx.request.path_params["request_id"])
    if request is None:
        raise NotFound()
    if request.status != "requested":
        return ctx.back("/", "wisverzoek_al_uitgevoerd")
    if _open_handoffs(ctx, request.client_id):
        return ctx.back("/", "wisverzoek_open_verzoek")
    if str(ctx.form.get("bevestiging") or "").strip().lower() != CONFIRM_WORD:
        return ctx.back("/", "wisverzoek_niet_bevestigd")
    confirm_erasure(ctx.db, request.id, keep=_keep_rules(ctx, request.gemeente_id), actor=ctx.user.email, now=ctx.now)
    return ctx.back("/", "wisverzoek_uitgevoerd")
