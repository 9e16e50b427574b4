"""`werkmaatje training …` as a klantmanager uses it: real processes, a real SQLite file, the real catalogues."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from storage import audit, handoffs, scheduled
from storage import intake as intakes
from storage.db import cached_session_factory, unit_of_work
from tests.cli.test_cli import env, werkmaatje  # noqa: F401 - the env fixture and the runner are shared

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime.now(timezone.utc)
QUESTIONS = ["leeftijd", "uitkering_duur", "taal", "wens_sector", "wens_opleiding"]


def _client(env, naam):
    created = werkmaatje(env, "client", "add", "--gemeente", "hengelo", "--naam", naam, "--json")
    return json.loads(created.stdout)["client_id"]


def _finished_intake(env, client_id, **answers):
    with unit_of_work(cached_session_factory(env["DATABASE_URL"])) as session:
        run = intakes.start_intake(session, client_id, QUESTIONS, now=NOW)
        for question in QUESTIONS:
            intakes.record_answer(session, client_id, run.id, question, status="answered", value=answers[question], raw_text="-", now=NOW)
        intakes.finish_intake(session, client_id, run.id, summary_text="klaar", now=NOW)


def _day(days: int, clock: str) -> str:
    return f"{(datetime.now(AMS) + timedelta(days=days)).date().isoformat()} {clock}"


def _plan(env, training="vca", capacity="2", sessions=(10, 17)):
    args = ["training", "plan", "--gemeente", "hengelo", "--training", training, "--waar", "Werkplein Hengelo, zaal 2",
            "--capaciteit", capacity, "--aanmelden-tot", _day(8, "17:00"), "--json"]
    for days in sessions:
        args += ["--sessie", _day(days, "10:00")]
    return json.loads(werkmaatje(env, *args).stdout)


def _rows(env, client_id):
    with unit_of_work(cached_session_factory(env["DATABASE_URL"])) as session:
        return scheduled.messages_for_client(session, client_id)


def test_plan_invite_by_client_and_by_matching(env):
    planned = _plan(env)
    assert planned["titel"] == "Cursus VCA (veilig werken)" and len(planned["sessions"]) == 2
    fits = _client(env, "Ahmed")
    other_sector = _client(env, "Bea")
    no_intake = _client(env, "Cor")
    _finished_intake(env, fits, leeftijd="27-44", uitkering_duur="<1", taal="redelijk", wens_sector=["logistiek"], wens_opleiding="ja")
    _finished_intake(env, other_sector, leeftijd="27-44", uitkering_duur="<1", taal="goed", wens_sector=["zorg"], wens_opleiding="ja")

    matched = json.loads(werkmaatje(env, "training", "invite", str(planned["edition_id"]), "--matching", "--json").stdout)
    assert matched["invited"] == [fits]
    [invitation] = _rows(env, fits)
    assert invitation.kind == "training_invitation" and scheduled.payload_of(invitation)["sessies"] == 2
    assert _rows(env, other_sector) == [] and _rows(env, no_intake) == []
    with unit_of_work(cached_session_factory(env["DATABASE_URL"])) as session:
        # Every profile read for matching is audited, matched or not.
        assert [e.action for e in audit.audit_for_client(session, other_sector)] == ["training_matching"]

    # By hand, anyone of the gemeente; inviting twice sends once.
    by_hand = json.loads(werkmaatje(env, "training", "invite", str(planned["edition_id"]), "--client", no_intake, "--client", fits, "--json").stdout)
    assert by_hand == {"edition_id": planned["edition_id"], "invited": [no_intake], "skipped": [fits]}

    # Without a finished intake, a newcomers' meeting (zonder_intake) still matches.
    newcomers = _plan(env, training="voorlichting-nieuwe-aanvragers", capacity="20", sessions=(9,))
    invited = json.loads(werkmaatje(env, "training", "invite", str(newcomers["edition_id"]), "--matching", "--json").stdout)["invited"]
    assert set(invited) == {fits, other_sector, no_intake}


def test_attendance_noshow_cancel_session_show_and_export(env):
    planned = _plan(env)
    first, second = (s["session_id"] for s in planned["sessions"])
    came, missed = _client(env, "Ahmed"), _client(env, "Bea")
    from storage.trainings import participants

    with unit_of_work(cached_session_factory(env["DATABASE_URL"])) as session:
        for client_id in (came, missed):
            participants.say_yes(session, planned["edition_id"], client_id, now=NOW, reminders_for=lambda c, s: [s - timedelta(days=1)])

    werkmaatje(env, "training", "attendance", str(first), "--aanwezig", came, "--afwezig", missed)
    noshow = [m for m in _rows(env, missed) if m.kind == "training_noshow"]
    assert len(noshow) == 1 and noshow[0].due_at.astimezone(AMS).hour in (8, 10)
    assert not [m for m in _rows(env, came) if m.kind == "training_noshow"]

    result = werkmaatje(env, "training", "cancel-session", str(second))
    assert "2 deelnemer(s) krijgen bericht" in result.stdout
    waiting = [m for m in _rows(env, came) if m.status == "pending"]
    # The second session's reminder is off; the first one's stays; the cancellation is told.
    assert sorted((m.kind, scheduled.payload_of(m).get("session_id")) for m in waiting) == [
        ("training_session", first), ("training_session_cancelled", None)
    ]

    shown = json.loads(werkmaatje(env, "training", "show", str(planned["edition_id"])).stdout)
    assert shown["signed_up"] == 2
    assert {p["client_id"]: p["attendance"][str(first)] for p in shown["participants"]} == {came: "aanwezig", missed: "afwezig"}
    with unit_of_work(cached_session_factory(env["DATABASE_URL"])) as session:
        assert [e.action for e in audit.audit_for_client(session, missed)] == ["training_attendance", "training_show"]
        assert handoffs.handoffs_for_client(session, missed) == []

    exported = json.loads(werkmaatje(env, "export", missed).stdout)["trainings"]
    assert exported[0]["status"] == "aangemeld"
    assert [s["attendance"] for s in exported[0]["sessions"]] == ["afwezig", None]
    assert [s["status"] for s in exported[0]["sessions"]] == ["gepland", "geannuleerd"]


def test_operator_mistakes_get_a_clear_answer(env):
    unknown = werkmaatje(env, "training", "plan", "--gemeente", "hengelo", "--training", "breien", "--waar", "x",
                         "--capaciteit", "5", "--sessie", _day(5, "10:00"), check=False)
    assert unknown.returncode == 2 and "staat niet in de catalogus van hengelo" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    past = werkmaatje(env, "training", "plan", "--gemeente", "hengelo", "--training", "vca", "--waar", "x",
                      "--capaciteit", "5", "--sessie", "2020-01-01 10:00", check=False)
    assert past.returncode == 2 and "verleden" in past.stderr
    bad_time = werkmaatje(env, "training", "plan", "--gemeente", "hengelo", "--training", "vca", "--waar", "x",
                          "--capaciteit", "5", "--sessie", "morgen", check=False)
    assert bad_time.returncode == 2 and "JJJJ-MM-DD" in bad_time.stderr
    assert werkmaatje(env, "training", "invite", "999", "--client", "wm-x", check=False).returncode == 2
    assert werkmaatje(env, "training", "attendance", "999", "--aanwezig", "wm-x", check=False).returncode == 2
