"""`werkmaatje agreement set` and `werkmaatje applications` as an operator uses them: real processes, a real SQLite file."""
from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timezone

from storage import applications, audit
from storage.db import cached_session_factory, unit_of_work
from tests.cli.test_cli import env, werkmaatje  # noqa: F401 - the env fixture and the runner are shared

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)


def _client(env):
    created = werkmaatje(env, "client", "add", "--gemeente", "hengelo", "--naam", "Sanne Jansen", "--json")
    return json.loads(created.stdout)["client_id"]


def _log(env, client_id, employer, day, *, position=None, channel="online"):
    with unit_of_work(cached_session_factory(env["DATABASE_URL"])) as session:
        logged = applications.log_application(
            session, client_id, employer=employer, position=position, channel=channel, applied_on=day, now=NOW
        )
        return logged.id


def _audit_actions(env, client_id):
    with unit_of_work(cached_session_factory(env["DATABASE_URL"])) as session:
        return [entry.action for entry in audit.audit_for_client(session, client_id)]


def test_agreement_set_shows_in_the_listing_and_is_audited(env):
    client_id = _client(env)
    result = werkmaatje(env, "agreement", "set", client_id, "--aantal", "3", "--periode-weken", "2", "--vanaf", "2026-11-16")
    assert "3 sollicitaties per 2 weken" in result.stdout
    _log(env, client_id, "Jumbo Hengelo", date(2026, 11, 17), position="vakkenvuller")
    _log(env, client_id, "Lidl", date(2026, 11, 10))  # the period before

    listing = json.loads(werkmaatje(env, "applications", client_id).stdout)
    assert [a["employer"] for a in listing["applications"]] == ["Lidl", "Jumbo Hengelo"]
    assert listing["applications"][1]["status_history"][0]["status"] == "verstuurd"
    agreement = listing["agreement"]
    assert (agreement["aantal"], agreement["periode_weken"], agreement["gemeente_default"]) == (3, 2, False)
    assert agreement["starts_on"] == "2026-11-16"
    assert agreement["current_period"]["start"] in {"2026-11-16", "2026-11-30", "2026-12-14", "2026-12-28"}
    assert _audit_actions(env, client_id) == ["agreement_set", "applications"]


def test_exempt_client_has_no_count(env):
    client_id = _client(env)
    werkmaatje(env, "agreement", "set", client_id, "--vrijgesteld")
    agreement = json.loads(werkmaatje(env, "applications", client_id).stdout)["agreement"]
    assert agreement["vrijgesteld"] is True
    assert agreement["current_period"] is None and agreement["count_in_current_period"] is None


def test_without_an_agreement_the_gemeente_default_applies(env):
    client_id = _client(env)
    agreement = json.loads(werkmaatje(env, "applications", client_id).stdout)["agreement"]
    assert (agreement["aantal"], agreement["periode_weken"], agreement["gemeente_default"]) == (4, 4, True)
    assert agreement["count_in_current_period"] == 0


def test_csv_has_the_werkmap_columns_and_defuses_formulas(env):
    client_id = _client(env)
    _log(env, client_id, "Hema", date(2026, 11, 2), position="verkoper", channel="brief")
    _log(env, client_id, "=HYPERLINK(\"http://x\")", date(2026, 11, 3), channel=None)
    _log(env, client_id, "<b>Bakker</b>, 'de Vries'", date(2026, 11, 4), position="bakker")
    rows = list(csv.reader(io.StringIO(werkmaatje(env, "applications", client_id, "--csv").stdout)))
    assert rows[0] == ["datum", "werkgever", "functie", "hoe", "resultaat"]
    assert rows[1] == ["2026-11-02", "Hema", "verkoper", "brief", "verstuurd"]
    assert rows[2] == ["2026-11-03", "'=HYPERLINK(\"http://x\")", "", "", "verstuurd"]
    assert rows[3][1] == "<b>Bakker</b>, 'de Vries'"
    assert _audit_actions(env, client_id) == ["applications"]


def test_bad_arguments_are_one_line_errors(env):
    client_id = _client(env)
    for args in (
        ("agreement", "set", client_id, "--aantal", "4"),
        ("agreement", "set", client_id, "--vrijgesteld", "--periode-weken", "4"),
        ("agreement", "set", "wm-bestaatniet", "--aantal", "4", "--periode-weken", "4"),
        ("applications", "wm-bestaatniet"),
    ):
        result = werkmaatje(env, *args, check=False)
        assert result.returncode == 2 and "Traceback" not in result.stderr, args
        # Argument errors come before any logging; operator errors after the migration log.
        assert result.stderr.strip().splitlines()[-1].startswith(("werkmaatje: ", "usage: ", "werkmaatje agreement")), args
    result = werkmaatje(env, "agreement", "set", client_id, "--aantal", "99", "--periode-weken", "4", check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "aantal" in result.stderr
    assert _audit_actions(env, client_id) == []
