"""GET /health for load balancers and monitoring: does this portal process reach its database?

Outside the sign-in on purpose: nginx and Prometheus' blackbox exporter have no
account. So it says nothing but ok or not (no client data, no error text), writes
no audit row (a probe every few seconds would drown the log) and sets no cookie.
"""
from __future__ import annotations

from sqlalchemy import text
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from storage.db import unit_of_work

NO_STORE = {"Cache-Control": "no-store"}


def health_routes() -> list:
    return [Route("/health", health, methods=["GET"])]


async def health(request: Request) -> Response:
    factory = request.app.state.portal.factory
    if await run_in_threadpool(_database_answers, factory):
        return JSONResponse({"status": "ok"}, headers=NO_STORE)
    return JSONResponse({"status": "unavailable"}, status_code=503, headers=NO_STORE)


def _database_answers(factory) -> bool:
    try:
        with unit_of_work(factory) as session:
            session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - whatever the failure, the answer is "not healthy"
        return False
    return True
