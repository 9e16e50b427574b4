"""Vandaag: open requests for a person (distress first, then oldest first), unreachable clients."""
from __future__ import annotations

from datetime import timedelta

from storage import audit, handoff_threads
from storage.notifications import failing_emails
from storage.errors import ValidationError
from storage.portal.inbox import close_handoff, open_handoffs, unreachable_clients
from storage.portal.scope import can_read_clients, handoff_in_scope

from portal.pages_privacy import erasure_section
from portal.web import Ctx, NotFound
from werkmaatje.texts import portal as texts
from werkmaatje.office_hours import add_workdays, duration_words

# Without a number in the gemeente's reactietermijn, the dashboard's default holds here too.
DEFAULT_WORKDAYS = 2


def today(ctx: Ctx):
    if not can_read_clients(ctx.user):
        return ctx.back("/dashboard")
    items = open_handoffs(ctx.db, ctx.user)
    return ctx.render(
        "vandaag.html",
        items=items,
        termijn={item.handoff.id: time_left(ctx, item) for item in items},
        failing=failing_emails(ctx.db, ctx.user),
        unreachable=unreachable_clients(ctx.db, ctx.user),
        extra_sections=today_sections(ctx),
    )


COMING_UP_DAYS = 7


def time_left(ctx: Ctx, item) -> dict:
    """How long is left in the gemeente's reactietermijn (working days), or how long it is past."""
    gemeente = ctx.state.gemeenten.get(item.client.gemeente_id)
    workdays = (gemeente.contact.reactietermijn_werkdagen if gemeente is not None else None) or DEFAULT_WORKDAYS
    deadline = add_workdays(item.handoff.created_at, workdays)
    if deadline >= ctx.now:
        return {"over": False, "text": texts.PORTAL_TERMIJN_LEFT.format(tijd=duration_words(deadline - ctx.now))}
    return {"over": True, "text": texts.PORTAL_TERMIJN_OVER.format(tijd=duration_words(ctx.now - deadline))}


def today_sections(ctx: Ctx) -> list:
    from storage.portal.trainings import sessions_coming_up, unanswered_invitations

    return [
        {"template": "_uitnodigingen.html", "invitations": unanswered_invitations(ctx.db, ctx.user, now=ctx.now)},
        {
            "template": "_binnenkort.html",
            "coming": sessions_coming_up(ctx.db, ctx.user, now=ctx.now, until=ctx.now + timedelta(days=COMING_UP_DAYS)),
        },
        erasure_section(ctx),
    ]


def close_request(ctx: Ctx):
    handoff = handoff_in_scope(ctx.db, ctx.user, ctx.request.path_params["handoff_id"])
    if handoff is None:
        raise NotFound()
    status = ctx.form.get("status") or "afgehandeld"
    note = ctx.form.get("notitie")
    try:
        close_handoff(ctx.db, handoff, status=status, note=str(note) if note else None, author=ctx.user.email, now=ctx.now)
    except ValidationError:
        return ctx.back("/", "al_afgehandeld")
    audit.record_audit(ctx.db, actor=ctx.user.email, action=f"portal_verzoek_{status}", client_id=handoff.client_id, now=ctx.now)
    if status == "afgehandeld":
        # The person hears it in one sentence, and the bot answers again.
        handoff_threads.announce_closing(ctx.db, handoff, ctx.user, now=ctx.now)
    return ctx.back("/", "afgehandeld" if status == "afgehandeld" else "in_behandeling")
