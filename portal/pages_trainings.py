"""Trainings: plan editions from the gemeente's catalogue, invite (chosen or matching), participants, attendance.

Editions belong to a gemeente; a klantmanager sees the names of their own
clients on it and only a count of the others.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import List
from zoneinfo import ZoneInfo

from starlette.routing import Route

from portal.web import Ctx, Forbidden, NotFound
from storage import audit, trainings
from storage.trainings import attendance
from storage.trainings import participants
from storage.errors import ValidationError
from storage.portal.scope import clients_in_scope
from storage.portal.trainings import editions_of
from storage.preferences import get_preferences
from usecases.trainings import fitting_clients
from werkmaatje.scheduling import rules_for
from werkmaatje.texts import portal as portal_texts
from werkmaatje.training_schedule import noshow_moment

READERS = ["klantmanager", "teamleider"]
CHANGERS = ["klantmanager"]
SESSION_ROWS = 6


def training_routes(view) -> List[Route]:
    return [
        Route("/trainingen", view(training_list, roles=READERS), methods=["GET"]),
        Route("/trainingen", view(plan, roles=CHANGERS), methods=["POST"]),
        Route("/trainingen/{edition_id:int}", view(edition_page, roles=READERS), methods=["GET"]),
        Route("/trainingen/{edition_id:int}/uitnodigen", view(invite, roles=CHANGERS), methods=["POST"]),
        Route(
            "/trainingen/{edition_id:int}/sessies/{session_id:int}/aanwezigheid",
            view(register_attendance, roles=CHANGERS),
            methods=["POST"],
        ),
        Route(
            "/trainingen/{edition_id:int}/sessies/{session_id:int}/annuleren",
            view(cancel_session, roles=CHANGERS),
            methods=["POST"],
        ),
    ]


def _catalogue(ctx: Ctx):
    return ctx.state.catalogues.get(ctx.user.gemeente_id)


def _local(ctx: Ctx, day: str, clock: str) -> datetime:
    d = date.fromisoformat(day)
    hour, minute = (int(part) for part in clock.split(":")[:2])
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=ZoneInfo(ctx.settings.timezone))


def training_list(ctx: Ctx):
    catalogue = _catalogue(ctx)
    editions = editions_of(ctx.db, ctx.user.gemeente_id)
    rows = [
        {
            "edition": e,
            "sessions": trainings.sessions_of(ctx.db, e.id, include_cancelled=True),
            "signed_up": participants.count_signed_up(ctx.db, e.id),
            "people": participants.participants(ctx.db, e.id),
        }
        for e in editions
    ]
    return ctx.render("trainingen.html", rows=rows, catalogue=catalogue, session_rows=range(SESSION_ROWS))


def plan(ctx: Ctx):
    catalogue = _catalogue(ctx)
    form = ctx.form
    training = catalogue.training(str(form.get("training") or "")) if catalogue else None
    try:
        if training is None:
            raise ValidationError("unknown training")
        starts = [
            _local(ctx, str(form.get(f"datum{i}")), str(form.get(f"tijd{i}") or ""))
            for i in range(SESSION_ROWS)
            if form.get(f"datum{i}")
        ]
        if not starts or any(start <= ctx.now for start in starts):
            raise ValidationError("sessions must be in the future")
        deadline = _local(ctx, str(form.get("aanmelden_tot")), "23:59") if form.get("aanmelden_tot") else min(starts)
        deadline = min(deadline, min(starts))
        edition = trainings.plan_edition(
            ctx.db,
            gemeente_id=ctx.user.gemeente_id,
            **training.edition_fields(),
            capacity=int(str(form.get("capaciteit") or "0")),
            signup_deadline=deadline,
            sessions=[trainings.PlannedSession(start, int(str(form.get("duur") or "120")), str(form.get("waar") or "")) for start in starts],
            created_by=ctx.user.email,
            now=ctx.now,
        )
    except (ValueError, ValidationError):
        ctx.db.rollback()
        return ctx.back("/trainingen", "editie_fout")
    return ctx.back(f"/trainingen/{edition.id}", "editie_gepland")


def _edition(ctx: Ctx):
    edition = trainings.get_edition(ctx.db, ctx.request.path_params["edition_id"])
    if edition is None or edition.gemeente_id != ctx.user.gemeente_id:
        raise NotFound()
    return edition


def edition_page(ctx: Ctx):
    edition = _edition(ctx)
    mine = {c.id: c for c in clients_in_scope(ctx.db, ctx.user)}
    sessions = trainings.sessions_of(ctx.db, edition.id, include_cancelled=True)
    people, others = [], 0
    for row in participants.participants(ctx.db, edition.id):
        if row.client_id not in mine:
            others += 1
            continue
        people.append(
            {
                "row": row,
                "client": mine[row.client_id],
                "position": participants.waitlist_position(ctx.db, row),
                "attendance": {s.id: getattr(attendance.attendance_of(ctx.db, s.id, row.client_id), "status", None) for s in sessions},
            }
        )
        audit.record_audit(ctx.db, actor=ctx.user.email, action="portal_training", client_id=row.client_id, now=ctx.now)
    listed = {p["client"].id for p in people}
    catalogue = _catalogue(ctx)
    training = catalogue.training(edition.training_id) if catalogue else None
    candidates = [c for c in mine.values() if c.id not in listed]
    matching = set(_matching(ctx, training, [c.id for c in candidates]))
    return ctx.render(
        "training.html",
        edition=edition,
        sessions=sessions,
        people=people,
        others=others,
        signed_up=participants.count_signed_up(ctx.db, edition.id),
        candidates=sorted(candidates, key=lambda c: (c.id not in matching, c.naam.lower())),
        matching=matching,
        open_for_signup=trainings.is_open_for_signup(edition, ctx.now),
        can_change=ctx.user.role == "klantmanager",
        can_cancel=edition.created_by == ctx.user.email,
        now=ctx.now,
    )


def invite(ctx: Ctx):
    edition = _edition(ctx)
    mine = {c.id for c in clients_in_scope(ctx.db, ctx.user)}
    if ctx.form.get("passend") == "1":
        catalogue = _catalogue(ctx)
        training = catalogue.training(edition.training_id) if catalogue else None
        chosen = _matching(ctx, training, sorted(mine))
    else:
        chosen = [c for c in ctx.form.getlist("client") if c in mine]  # only one's own clients, whatever is posted
    back = f"/trainingen/{edition.id}"
    try:
        invited = participants.invite(ctx.db, edition.id, chosen, now=ctx.now)
    except ValidationError:
        return ctx.back(back, "uitnodigen_gesloten")
    for client_id in invited:
        audit.record_audit(ctx.db, actor=ctx.user.email, action="portal_training_uitnodiging", client_id=client_id, now=ctx.now)
    return ctx.back(back, "uitgenodigd" if invited else "niemand_uitgenodigd")


def _matching(ctx: Ctx, training, client_ids) -> List[str]:
    """The clients whose intake profile fits the training; reading a profile is a read of client data, so audited."""
    return fitting_clients(ctx.db, training, client_ids, actor=ctx.user.email, audit_action="portal_training_matching", now=ctx.now)


def register_attendance(ctx: Ctx):
    edition = _edition(ctx)
    session_row = trainings.get_session(ctx.db, ctx.request.path_params["session_id"])
    if session_row is None or session_row.edition_id != edition.id:
        raise NotFound()
    mine = {c.id for c in clients_in_scope(ctx.db, ctx.user)}
    gemeente = ctx.state.gemeenten.get(edition.gemeente_id)
    for row in participants.participants(ctx.db, edition.id):
        status = ctx.form.get(f"aanwezig-{row.client_id}")
        if row.client_id not in mine or status not in ("aanwezig", "afwezig"):
            continue
        rules = rules_for(gemeente, timezone_name=ctx.settings.timezone, kind="training_noshow", wishes=get_preferences(ctx.db, row.client_id))
        attendance.register(
            ctx.db, session_row.id, row.client_id, status=status, by=ctx.user.email, now=ctx.now,
            noshow_due=noshow_moment(session_row.starts_at, rules),
        )
        audit.record_audit(ctx.db, actor=ctx.user.email, action="portal_training_aanwezigheid", client_id=row.client_id, now=ctx.now)
    return ctx.back(f"/trainingen/{edition.id}", "aanwezigheid_opgeslagen")


def cancel_session(ctx: Ctx):
    """Only the klantmanager who planned the edition cancels a session: it reaches everyone signed up."""
    edition = _edition(ctx)
    session_row = trainings.get_session(ctx.db, ctx.request.path_params["session_id"])
    if session_row is None or session_row.edition_id != edition.id:
        raise NotFound()
    if edition.created_by != ctx.user.email:
        raise Forbidden()
    trainings.cancel_session(ctx.db, session_row.id, now=ctx.now)
    return ctx.back(f"/trainingen/{edition.id}", "bijeenkomst_geannuleerd")


def client_trainings_section(ctx: Ctx, client) -> dict:
    rows = []
    for row in participants.participations_of(ctx.db, client.id):
        edition = trainings.get_edition(ctx.db, row.edition_id)
        sessions = trainings.sessions_of(ctx.db, edition.id, include_cancelled=True)
        marks = attendance.attendance_by_session(ctx.db, client.id)
        rows.append({"row": row, "edition": edition, "sessions": [(s, marks.get(s.id)) for s in sessions],
                     "position": participants.waitlist_position(ctx.db, row)})
    return {"template": "_trainingen.html", "anchor": "trainingen", "title": portal_texts.SECTION_TITLES["trainingen"], "rows": rows}
