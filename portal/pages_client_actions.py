"""Changes a klantmanager makes in a client file: agreement, appointments, koppelcode.

Only the client's own klantmanager changes things (a teamleider reads); every
change is in the audit log next to the reads.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import List
from zoneinfo import ZoneInfo

import segno
from starlette.routing import Route

from portal.pages_client import client_file, record_read
from portal.web import Ctx, NotFound
from storage import appointments, koppelcodes
from storage.agreements import set_agreement
from storage.errors import ValidationError
from storage.preferences import get_preferences
from werkmaatje.scheduling import appointment_reminder_moments, rules_for

CHANGERS = ["klantmanager"]


def client_action_routes(view) -> List[Route]:
    return [
        Route("/clienten/{client_id}/sollicitatieafspraak", view(change_agreement, roles=CHANGERS), methods=["POST"]),
        Route("/clienten/{client_id}/afspraken", view(add_appointment, roles=CHANGERS), methods=["POST"]),
        Route(
            "/clienten/{client_id}/afspraken/{appointment_id:int}/annuleren",
            view(cancel_appointment, roles=CHANGERS),
            methods=["POST"],
        ),
        Route("/clienten/{client_id}/koppelcode", view(new_koppelcode, roles=CHANGERS), methods=["POST"]),
    ]


def _int(value) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError("not a whole number")


def change_agreement(ctx: Ctx):
    client = ctx.client(ctx.request.path_params["client_id"])
    form = ctx.form
    back = f"/clienten/{client.id}"
    try:
        if form.get("vrijgesteld") == "1":
            terms = {"vrijgesteld": True}
        else:
            terms = {"aantal": _int(form.get("aantal")), "periode_weken": _int(form.get("periode_weken"))}
        starts_on = date.fromisoformat(str(form.get("vanaf") or "")) if form.get("vanaf") else _today(ctx)
        set_agreement(ctx.db, client.id, starts_on=starts_on, set_by=ctx.user.email, now=ctx.now, **terms)
    except (ValidationError, ValueError):
        return ctx.back(back, "sollicitatieafspraak_fout")
    record_read(ctx, "portal_sollicitatieafspraak", client.id)
    return ctx.back(back, "sollicitatieafspraak_opgeslagen")


def _today(ctx: Ctx) -> date:
    return ctx.now.astimezone(ZoneInfo(ctx.settings.timezone)).date()


def add_appointment(ctx: Ctx):
    client = ctx.client(ctx.request.path_params["client_id"])
    back = f"/clienten/{client.id}"
    form = ctx.form
    try:
        day = date.fromisoformat(str(form.get("datum") or ""))
        hour, minute = (int(part) for part in str(form.get("tijd") or "").split(":")[:2])
        starts_at = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(ctx.settings.timezone))
    except ValueError:
        return ctx.back(back, "afspraak_fout")
    if starts_at <= ctx.now or starts_at > ctx.now + timedelta(days=366):
        return ctx.back(back, "afspraak_fout")
    gemeente = ctx.state.gemeenten.get(client.gemeente_id)
    if gemeente is None:
        raise NotFound()
    rules = rules_for(
        gemeente, timezone_name=ctx.settings.timezone, kind="appointment", wishes=get_preferences(ctx.db, client.id)
    )
    try:
        appointments.add_appointment(
            ctx.db,
            client_id=client.id,
            starts_at=starts_at,
            waar=str(form.get("waar") or ""),
            met=str(form.get("met") or ""),
            created_by=ctx.user.email,
            reminders_due=appointment_reminder_moments(starts_at, now=ctx.now, rules=rules),
            now=ctx.now,
        )
    except ValidationError:
        return ctx.back(back, "afspraak_velden")
    record_read(ctx, "portal_afspraak_gepland", client.id)
    return ctx.back(back, "afspraak_gepland")


def cancel_appointment(ctx: Ctx):
    client = ctx.client(ctx.request.path_params["client_id"])
    appointment = appointments.get_appointment(ctx.db, ctx.request.path_params["appointment_id"])
    if appointment is None or appointment.client_id != client.id:
        raise NotFound()
    appointments.cancel_appointment(ctx.db, appointment.id)
    record_read(ctx, "portal_afspraak_geannuleerd", client.id)
    return ctx.back(f"/clienten/{client.id}", "afspraak_geannuleerd")


def new_koppelcode(ctx: Ctx):
    """A new one-time code, shown once on the file page with its QR code (the old ones stay valid until used)."""
    client = ctx.client(ctx.request.path_params["client_id"])
    code = koppelcodes.issue_koppelcode(
        ctx.db, client.id, now=ctx.now, ttl=timedelta(days=ctx.settings.koppelcode_days_valid)
    )
    deeplink = ctx.settings.deeplink(code)
    record_read(ctx, "portal_koppelcode", client.id)
    ctx.extra["koppelcode"] = {
        "code": code,
        "deeplink": deeplink,
        "qr": segno.make(deeplink, error="m").svg_data_uri(scale=5, border=2),
        "dagen": ctx.settings.koppelcode_days_valid,
    }
    return client_file(ctx)
