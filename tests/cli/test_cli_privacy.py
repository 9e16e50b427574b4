"""`werkmaatje retention run` and `werkmaatje client close`, as an operator runs them."""
from __future__ import annotations

import json

from sqlalchemy import create_engine, text

from tests.cli.test_cli import env, werkmaatje  # noqa: F401 - the fixture and helper


def test_close_then_retention_run_keeps_the_client_until_the_term_is_over(env):  # noqa: F811
    created = json.loads(werkmaatje(env, "client", "add", "--gemeente", "hengelo", "--naam", "Jan Sluiten", "--json").stdout)
    result = werkmaatje(env, "client", "close", created["client_id"])
    assert "gesloten" in result.stdout
    summary = json.loads(werkmaatje(env, "retention", "run", "--json").stdout)
    # Closed today: 12 months to go (gemeenten/hengelo.yml), so nothing is erased yet.
    assert summary == {"chat_events_deleted": 0, "sensitive_answers_deleted": 0, "clients_erased": 0, "retained_records_deleted": 0}
    engine = create_engine(env["DATABASE_URL"])
    with engine.connect() as connection:
        closed_at = connection.execute(text("SELECT closed_at FROM clients WHERE id = :id"), {"id": created["client_id"]}).scalar_one()
        actions = connection.execute(text("SELECT action FROM audit_log WHERE client_id = :id"), {"id": created["client_id"]}).scalars().all()
    engine.dispose()
    assert closed_at is not None and "client_closed" in actions


def test_closing_an_unknown_client_is_a_one_line_error(env):  # noqa: F811
    result = werkmaatje(env, "client", "close", "wm-bestaatniet", check=False)
    assert result.returncode != 0 and "Traceback" not in result.stderr and "bestaat niet" in result.stderr
