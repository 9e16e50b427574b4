"""The intake profile in the client file, and the klantmanager's decision on ladder step and group."""
from __future__ import annotations

from typing import List

from starlette.routing import Route

from portal.web import Ctx
from storage import audit
from storage.errors import ValidationError
from storage.intake import current_answers, intakes_for_client, ladder_overview, progress
from storage.ladder import confirm_ladder
from storage.tables import LADDER_GROUPS, LADDER_STEPS
from werkmaatje.texts import chat as chat_texts, portal as portal_texts
from werkmaatje.intake_summary import describe


def intake_routes(view) -> List[Route]:
    return [Route("/clienten/{client_id}/trede", view(confirm_step, roles=["klantmanager"]), methods=["POST"])]


def intake_section(ctx: Ctx, client) -> dict:
    runs = intakes_for_client(ctx.db, client.id)
    latest = runs[-1] if runs else None
    answers = []
    if latest is not None:
        for question, record in current_answers(ctx.db, client.id, latest.id).items():
            # Health and obstacles: only the client's own klantmanager reads them.
            hidden = record.sensitive and ctx.user.role != "klantmanager"
            answers.append(
                {
                    "topic": chat_texts.INTAKE_TOPICS.get(question, question),
                    "text": portal_texts.PORTAL_SENSITIVE_HIDDEN if hidden else describe(question, record.status, record.value),
                    "personal": record.status == "personal",
                    "sensitive": record.sensitive,
                    "raw": None if hidden else record.raw_text,
                }
            )
    overview = ladder_overview(ctx.db, client.id)
    return {
        "template": "_intake.html",
        "anchor": "intake",
        "title": portal_texts.SECTION_TITLES["intake"],
        "intake": latest,
        "runs": len(runs),
        "progress": progress(ctx.db, client.id, latest.id) if latest is not None else None,
        "answers": answers,
        "ladder": overview,
        "steps": LADDER_STEPS,
        "groups": LADDER_GROUPS,
        "names": {cw.id: cw.naam for cw in _caseworkers(ctx, overview)},
    }


def _caseworkers(ctx: Ctx, overview):
    from storage.tables import Caseworker

    ids = {row["caseworker_id"] for row in overview["history"] if row["caseworker_id"]}
    return [ctx.db.get(Caseworker, i) for i in ids if ctx.db.get(Caseworker, i) is not None]


def confirm_step(ctx: Ctx):
    """Confirm the proposal or choose another step and group; the reason is kept with the history."""
    client = ctx.client(ctx.request.path_params["client_id"])
    back = f"/clienten/{client.id}"
    try:
        step = int(str(ctx.form.get("trede") or ""))
        group = str(ctx.form.get("groep") or "")
        reason = str(ctx.form.get("reden") or "") or None
        confirm_ladder(ctx.db, client.id, ctx.user.id, step, group, reason, now=ctx.now)
    except (ValueError, ValidationError):
        return ctx.back(back, "trede_fout")
    audit.record_audit(ctx.db, actor=ctx.user.email, action="portal_trede_bevestigd", client_id=client.id, now=ctx.now)
    return ctx.back(back + "#intake", "trede_bevestigd")
