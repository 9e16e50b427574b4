"""How every portal page runs: sign-in check, CSRF check, one unit of work, role rules.

A page is a plain function `page(ctx) -> Response`, run in a worker thread
(SQLAlchemy 1.4 is synchronous). `view()` wraps it into a Starlette endpoint.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Dict, Iterable, Optional
from urllib.parse import quote

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.templating import Jinja2Templates

from portal import security
from storage.db import unit_of_work
from storage.tables import CLIENT_ID_LENGTH, Caseworker, Client
from storage.portal.scope import client_in_scope, erasure_request_in_scope, handoff_in_scope
from storage.portal.sessions import resume_session
from storage.timestamps import utc_now

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


class NotFound(Exception):
    """Answer 404: also for things that exist but are outside the user's scope."""


class Forbidden(Exception):
    """Answer 403: a page the user's role does not have (never used for client data)."""


@dataclass
class Ctx:
    request: Request
    db: Session
    user: Caseworker
    csrf: str
    form: FormData
    now: datetime
    state: "PortalState"
    extra: Dict = field(default_factory=dict)

    @property
    def settings(self):
        return self.state.settings

    def client(self, client_id: str) -> Client:
        """The client if the user may see them, else 404."""
        client = client_in_scope(self.db, self.user, client_id)
        if client is None:
            raise NotFound()
        return client

    def render(self, template: str, status_code: int = 200, **context) -> Response:
        return self.state.render(self.request, template, status_code=status_code, user=self.user, csrf=self.csrf, **context)

    def back(self, url: str, melding: Optional[str] = None) -> Response:
        """Post/redirect/get, with a message key (never free text) for the next page."""
        path, hash_mark, fragment = url.partition("#")
        if melding:
            path += ("&" if "?" in path else "?") + "melding=" + quote(melding)
        return RedirectResponse(path + hash_mark + fragment, status_code=303)


@dataclass
class PortalState:
    settings: object
    factory: object
    gemeenten: Dict
    templates: Jinja2Templates
    clock: Callable[[], datetime] = utc_now
    # The gemeenten's training catalogues, read once when the app is built, like the gemeenten.
    catalogues: Dict = field(default_factory=dict)

    def render(self, request: Request, template: str, status_code: int = 200, **context) -> Response:
        from werkmaatje.texts import caseworker as caseworker_texts, portal as portal_texts

        context.setdefault("user", None)
        context.setdefault("csrf", "")
        context["melding"] = portal_texts.PORTAL_MELDINGEN.get(request.query_params.get("melding", ""))
        context["t"] = caseworker_texts
        return self.templates.TemplateResponse(request, template, context, status_code=status_code)


def view(page: Callable[[Ctx], Response], *, roles: Optional[Iterable[str]] = None) -> Callable:
    allowed = tuple(roles) if roles is not None else None

    async def endpoint(request: Request) -> Response:
        state: PortalState = request.app.state.portal
        form = await request.form() if request.method == "POST" else FormData()
        return await run_in_threadpool(_run, page, request, form, state, allowed)

    endpoint.__name__ = page.__name__
    return endpoint


def _run(page, request: Request, form: FormData, state: PortalState, allowed) -> Response:
    who: Dict[str, str] = {}
    try:
        with unit_of_work(state.factory) as db:
            now = state.clock()
            signed_in = resume_session(db, request.cookies.get(security.SESSION_COOKIE), now=now)
            if signed_in is not None:
                who["email"] = signed_in.caseworker.email
            if signed_in is None:
                target = "/login"
                if request.method == "GET" and request.url.path != "/":
                    target += "?volgende=" + quote(request.url.path)
                return RedirectResponse(target, status_code=303)
            ctx = Ctx(request, db, signed_in.caseworker, signed_in.csrf_token, form, now, state)
            if request.method == "POST" and not security.session_csrf_ok(
                signed_in.csrf_token, form.get(security.CSRF_FIELD)
            ):
                # Nothing of the request is done; the session's own changes (last seen) may commit.
                return ctx.render("fout.html", status_code=403, kind="csrf")
            if allowed is not None and ctx.user.role not in allowed:
                # About a client the user may not even read: the same 404 as a wrong id.
                _require_readable(ctx)
                raise Forbidden()
            return page(ctx)
    except NotFound:
        if "email" in who:
            _record_refused(state, request, who["email"])
        return state.render(request, "fout.html", status_code=404, kind="niet_gevonden")
    except Forbidden:
        return state.render(request, "fout.html", status_code=403, kind="geen_toegang")


SCOPED_PARAMS = ("client_id", "handoff_id", "request_id")


def _record_refused(state: PortalState, request: Request, actor: str) -> None:
    """A client URL outside the user's scope: one audit row, so a beheerder can see someone trying.

    In its own unit of work, because the page's was rolled back. The id as
    tried is kept (no foreign key in the audit log), whether or not it exists.
    """
    params = request.path_params
    if not any(name in params for name in SCOPED_PARAMS):
        return
    from storage.audit import record_audit
    from storage.tables import ErasureRequest, HandoffRequest

    with unit_of_work(state.factory) as db:
        client_id = params.get("client_id")
        if client_id is None and "handoff_id" in params:
            handoff = db.get(HandoffRequest, params["handoff_id"])
            client_id = handoff.client_id if handoff is not None else None
        if client_id is None and "request_id" in params:
            erasure = db.get(ErasureRequest, params["request_id"])
            client_id = erasure.client_id if erasure is not None else None
        if not isinstance(client_id, str) or len(client_id) > CLIENT_ID_LENGTH:
            client_id = None
        record_audit(db, actor=actor, action="portal_buiten_bereik", client_id=client_id, now=state.clock())


def _require_readable(ctx: Ctx) -> None:
    params = ctx.request.path_params
    if "client_id" in params:
        ctx.client(params["client_id"])
    if "handoff_id" in params and handoff_in_scope(ctx.db, ctx.user, params["handoff_id"]) is None:
        raise NotFound()
    if "request_id" in params and erasure_request_in_scope(ctx.db, ctx.user, params["request_id"]) is None:
        raise NotFound()


SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
        b"form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    # Pages hold personal data: no copies in shared browser caches.
    (b"cache-control", b"no-store"),
]


class SecurityHeaders:
    """Pure ASGI middleware: the same safety headers on every response."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in SECURITY_HEADERS if name not in present]
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        await self.app(scope, receive, send_with_headers)
