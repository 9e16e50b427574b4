"""Beheerder pages: accounts of the gemeente, and the audit log (who read or changed which file)."""
from __future__ import annotations

from portal.web import Ctx, NotFound
from storage import caseworkers
from storage.errors import DuplicateError, ValidationError
from storage.tables import Caseworker, CASEWORKER_ROLES
from storage.portal.accounts import has_password, set_password
from storage.portal.admin import audit_for_gemeente, caseworkers_of, set_active
from werkmaatje.texts import portal as texts


def audit_log(ctx: Ctx):
    query = ctx.request.query_params
    client_id = query.get("client", "").strip()[:20] or None
    actor = query.get("door", "").strip()[:254] or None
    entries = [
        {"entry": entry, "naam": naam, "wat": audit_action_label(entry.action), "wie": audit_actor_label(entry.actor)}
        for entry, naam in audit_for_gemeente(ctx.db, ctx.user.gemeente_id, client_id=client_id, actor=actor)
    ]
    return ctx.render("audit.html", entries=entries, client_filter=client_id or "", actor_filter=actor or "")


def audit_action_label(action: str) -> str:
    return texts.PORTAL_AUDIT_ACTIONS.get(action, action)


def audit_actor_label(actor: str) -> str:
    """A caseworker's e-mail as it is; the bot, the client and the command line in words."""
    if actor.startswith("cli:"):
        return texts.PORTAL_AUDIT_CLI_ACTOR.format(gebruiker=actor[len("cli:"):])
    return texts.PORTAL_AUDIT_ACTORS.get(actor, actor)


def accounts(ctx: Ctx):
    people = caseworkers_of(ctx.db, ctx.user.gemeente_id)
    return ctx.render(
        "medewerkers.html",
        people=people,
        with_password={p.id for p in people if has_password(ctx.db, p.id)},
        roles=CASEWORKER_ROLES,
    )


def add_account(ctx: Ctx):
    form = ctx.form
    try:
        person = caseworkers.add_caseworker(
            ctx.db,
            email=str(form.get("email") or ""),
            naam=str(form.get("naam") or ""),
            gemeente_id=ctx.user.gemeente_id,
            role=str(form.get("rol") or ""),
            now=ctx.now,
        )
        set_password(ctx.db, person.id, str(form.get("wachtwoord") or ""), now=ctx.now)
    except DuplicateError:
        return ctx.back("/medewerkers", "medewerker_bestaat")
    except ValidationError:
        # The unit of work rolls back: no account without a valid password.
        ctx.db.rollback()
        return ctx.back("/medewerkers", "medewerker_fout")
    return ctx.back("/medewerkers", "medewerker_toegevoegd")


def change_account(ctx: Ctx):
    person = ctx.db.get(Caseworker, ctx.request.path_params["caseworker_id"])
    if person is None or person.gemeente_id != ctx.user.gemeente_id:
        raise NotFound()
    form = ctx.form
    if form.get("actief") in ("0", "1"):
        if person.id == ctx.user.id and form.get("actief") == "0":
            return ctx.back("/medewerkers", "niet_jezelf")
        set_active(ctx.db, person, form.get("actief") == "1")
    if form.get("wachtwoord"):
        try:
            set_password(ctx.db, person.id, str(form.get("wachtwoord")), now=ctx.now)
        except ValidationError:
            return ctx.back("/medewerkers", "medewerker_fout")
    return ctx.back("/medewerkers", "medewerker_gewijzigd")
