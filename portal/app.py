"""The portal application: routes, middleware and the sign-in pages."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from portal import (
    pages_admin,
    pages_client,
    pages_client_actions,
    pages_dashboard,
    pages_health,
    pages_inbox,
    pages_intake,
    pages_privacy,
    pages_threads,
    pages_trainings,
    security,
)
from portal.filters import register_filters
from portal.web import TEMPLATES_DIR, PortalState, SecurityHeaders, view
from storage.db import unit_of_work
from storage.portal.accounts import attempt_login
from storage.portal.sessions import end_session, start_session
from werkmaatje.trainings_catalogue import load_catalogues

STATIC_DIR = Path(__file__).resolve().parent / "static"


def create_app(settings, factory, gemeenten, *, clock=None) -> Starlette:
    """Build the app; nothing connects to the database until the first request."""
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    register_filters(templates.env, settings.timezone)
    state = PortalState(
        settings=settings,
        factory=factory,
        gemeenten=gemeenten,
        templates=templates,
        catalogues=load_catalogues(settings.gemeenten_dir, gemeenten),
    )
    if clock is not None:
        state.clock = clock

    routes = [
        *pages_health.health_routes(),
        Route("/login", login_form, methods=["GET"]),
        Route("/login", login_submit, methods=["POST"]),
        Route("/uitloggen", logout, methods=["POST"]),
        Route("/", view(pages_inbox.today), methods=["GET"]),
        Route("/verzoeken/{handoff_id:int}/afhandelen", view(pages_inbox.close_request, roles=["klantmanager"]), methods=["POST"]),
        *pages_threads.thread_routes(view),
        Route("/clienten", view(pages_client.caseload, roles=["klantmanager", "teamleider"]), methods=["GET"]),
        *pages_client.client_routes(view),
        *pages_client_actions.client_action_routes(view),
        *pages_intake.intake_routes(view),
        *pages_trainings.training_routes(view),
        *pages_privacy.privacy_routes(view),
        Route("/dashboard", view(pages_dashboard.dashboard, roles=["teamleider", "beheerder"]), methods=["GET"]),
        Route("/audit", view(pages_admin.audit_log, roles=["beheerder"]), methods=["GET"]),
        Route("/medewerkers", view(pages_admin.accounts, roles=["beheerder"]), methods=["GET"]),
        Route("/medewerkers", view(pages_admin.add_account, roles=["beheerder"]), methods=["POST"]),
        Route("/medewerkers/{caseworker_id:int}", view(pages_admin.change_account, roles=["beheerder"]), methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={404: _not_found, 405: _not_found, 500: _server_error},
    )
    app.state.portal = state
    return app


async def _not_found(request: Request, exc) -> Response:
    return request.app.state.portal.render(request, "fout.html", status_code=404, kind="niet_gevonden")


async def _server_error(request: Request, exc) -> Response:
    return request.app.state.portal.render(request, "fout.html", status_code=500, kind="storing")


def _safe_next(target: Optional[str]) -> str:
    # Only paths on this site: "//evil.example" or "https://..." would send the caseworker away.
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


async def login_form(request: Request, *, status_code: int = 200, fout: Optional[str] = None) -> Response:
    state: PortalState = request.app.state.portal
    nonce = security.login_nonce()
    response = state.render(
        request,
        "login.html",
        status_code=status_code,
        login_csrf=security.login_csrf_token(state.settings.portal_secret_key, nonce),
        volgende=_safe_next(request.query_params.get("volgende")),
        fout=fout,
    )
    response.set_cookie(security.LOGIN_COOKIE, nonce, max_age=3600, **security.cookie_options(state.settings.portal_cookies_secure))
    return response


async def login_submit(request: Request) -> Response:
    state: PortalState = request.app.state.portal
    form = await request.form()
    if not security.login_csrf_ok(
        state.settings.portal_secret_key, request.cookies.get(security.LOGIN_COOKIE), form.get(security.CSRF_FIELD)
    ):
        return await login_form(request, status_code=403, fout="csrf")
    email = str(form.get("email") or "")[:300]
    password = str(form.get("wachtwoord") or "")
    remote = request.client.host if request.client else "-"

    def work():
        with unit_of_work(state.factory) as db:
            now = state.clock()
            result = attempt_login(db, email=email, password=password, remote=remote, now=now)
            token = start_session(db, result.caseworker.id, now=now) if result.ok else None
            return result.status, token

    status, token = await run_in_threadpool(work)
    if token is None:
        return await login_form(request, status_code=429 if status == "throttled" else 401, fout=status)
    response = RedirectResponse(_safe_next(str(form.get("volgende") or "/")), status_code=303)
    response.set_cookie(security.SESSION_COOKIE, token, **security.cookie_options(state.settings.portal_cookies_secure))
    response.delete_cookie(security.LOGIN_COOKIE, path="/")
    return response


async def logout(request: Request) -> Response:
    state: PortalState = request.app.state.portal
    form = await request.form()
    token = request.cookies.get(security.SESSION_COOKIE)

    def work():
        from storage.portal.sessions import resume_session

        with unit_of_work(state.factory) as db:
            signed_in = resume_session(db, token, now=state.clock())
            if signed_in is None or not security.session_csrf_ok(signed_in.csrf_token, form.get(security.CSRF_FIELD)):
                return False
            end_session(db, token)
            return True

    if not await run_in_threadpool(work):
        return RedirectResponse("/", status_code=303)
    response = RedirectResponse("/login?melding=uitgelogd", status_code=303)
    response.delete_cookie(security.SESSION_COOKIE, path="/")
    return response
