"""Caseload and client file: reading pages. Every read of a client's data is audited."""
from __future__ import annotations

import csv
import io
import json
from typing import List, Optional

from starlette.responses import Response
from starlette.routing import Route

from portal.caseload import SORTS, caseload_rows, progress_for
from portal.summaries import summarise
from portal.web import Ctx
from storage import applications, appointments, audit, handoffs, scheduled
from storage.consent import current_consent
from storage.export import export_client
from storage.tables import Caseworker, Gemeente
from storage.portal.inbox import notes_for_client
from storage.portal.scope import can_change_clients
from storage.portal.timeline import client_timeline
from storage.portal.transcripts import transcript
from storage.clients import get_link
from werkmaatje.texts import caseworker as texts

READERS = ["klantmanager", "teamleider"]


def client_routes(view) -> List[Route]:
    return [
        Route("/clienten/{client_id}", view(client_file, roles=READERS), methods=["GET"]),
        Route("/clienten/{client_id}/gesprekken", view(client_transcript, roles=READERS), methods=["GET"]),
        Route("/clienten/{client_id}/export.json", view(client_export_json, roles=READERS), methods=["GET"]),
        Route("/clienten/{client_id}/export.csv", view(client_export_csv, roles=READERS), methods=["GET"]),
    ]


def record_read(ctx: Ctx, action: str, client_id: str) -> None:
    audit.record_audit(ctx.db, actor=ctx.user.email, action=action, client_id=client_id, now=ctx.now)


def caseload(ctx: Ctx):
    query = ctx.request.query_params
    sorteer = query.get("sorteer") if query.get("sorteer") in SORTS else "naam"
    signaal = query.get("signaal") if query.get("signaal") in texts.PORTAL_FLAGS else ""
    rows = caseload_rows(
        ctx.db,
        ctx.user,
        gemeenten=ctx.state.gemeenten,
        timezone=ctx.settings.timezone,
        now=ctx.now,
        zoek=query.get("zoek", "")[:120],
        signaal=signaal,
        achter=query.get("achter") == "1",
        sorteer=sorteer,
        af=query.get("richting") == "af",
    )
    return ctx.render(
        "clienten.html",
        rows=rows,
        zoek=query.get("zoek", "")[:120],
        signaal=signaal,
        achter=query.get("achter") == "1",
        sorteer=sorteer,
        richting=query.get("richting", "op"),
    )


def client_file(ctx: Ctx):
    client = ctx.client(ctx.request.path_params["client_id"])
    record_read(ctx, "portal_dossier", client.id)
    db = ctx.db
    caseworker = db.get(Caseworker, client.caseworker_id) if client.caseworker_id else None
    consent = current_consent(db, client.id)
    notes = {}
    for note in notes_for_client(db, client.id):
        notes.setdefault(note.handoff_id, []).append(note)
    return ctx.render(
        "dossier.html",
        client=client,
        gemeente=db.get(Gemeente, client.gemeente_id),
        caseworker=caseworker,
        consent=consent.decision if consent is not None else None,
        link=get_link(db, client.id),
        summaries=summarise(client_timeline(db, client.id), ctx.settings.timezone),
        handoffs=list(reversed(handoffs.handoffs_for_client(db, client.id))),
        notes=notes,
        applications=list(reversed(applications.applications_for_client(db, client.id))),
        histories=applications.status_histories(db, client.id),
        progress=progress_for(db, client, gemeenten=ctx.state.gemeenten, timezone=ctx.settings.timezone, now=ctx.now),
        appointments=list(reversed(appointments.appointments_for_client(db, client.id))),
        upcoming=scheduled.upcoming_for_client(db, client.id),
        can_change=can_change_clients(ctx.user),
        koppelcode=ctx.extra.get("koppelcode"),
        extra_sections=file_sections(ctx, client),
    )


def file_sections(ctx: Ctx, client) -> list:
    """The intake profile and trainings, each a template of its own."""
    from portal.pages_intake import intake_section
    from portal.pages_trainings import client_trainings_section

    return [intake_section(ctx, client), client_trainings_section(ctx, client)]


def client_transcript(ctx: Ctx):
    client = ctx.client(ctx.request.path_params["client_id"])
    record_read(ctx, "portal_transcript", client.id)
    return ctx.render("gesprekken.html", client=client, lines=transcript(ctx.db, client.id))


def client_export_json(ctx: Ctx):
    client = ctx.client(ctx.request.path_params["client_id"])
    record_read(ctx, "portal_export_json", client.id)
    body = json.dumps(export_client(ctx.db, client.id), ensure_ascii=False, indent=2)
    return Response(
        body,
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{client.id}.json"'},
    )


# The werkmap's order (UWV werk.nl), like `werkmaatje applications --csv`.
CSV_HEADER = ["datum", "werkgever", "functie", "hoe", "resultaat"]
# A spreadsheet runs a cell starting with these as a formula; a quote makes it text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Optional[str]) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def client_export_csv(ctx: Ctx):
    client = ctx.client(ctx.request.path_params["client_id"])
    record_read(ctx, "portal_export_csv", client.id)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for a in applications.applications_for_client(ctx.db, client.id):
        writer.writerow([csv_cell(v) for v in (a.applied_on.isoformat(), a.employer, a.position, a.channel, a.status)])
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{client.id}-sollicitaties.csv"'},
    )
