"""Portal storage on SQLite and PostgreSQL: sign-in, sessions, scope, inbox notes, timeline, figures."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from storage import applications, caseworkers, clients, handoffs, scheduled
from storage.audit import record_audit
from storage.errors import ValidationError
from storage.ladder import confirm_ladder, record_proposal
from storage.portal.accounts import MAX_FAILURES_PER_EMAIL, attempt_login, set_password
from storage.portal.admin import audit_for_gemeente, set_active
from storage.portal.caseload import caseload_facts
from storage.portal.inbox import close_handoff, notes_for_client, open_handoffs, unreachable_clients
from storage.portal.intake import intake_facts
from storage.portal.scope import client_in_scope, clients_in_scope, handoff_in_scope
from storage.portal.sessions import IDLE_TIMEOUT, SESSION_LIFETIME, end_session, resume_session, start_session
from storage.portal.stats import handoff_timings, participation
from storage.portal.timeline import client_timeline

PASSWORD = "lang-genoeg-wachtwoord"


@pytest.fixture
def team(session, gemeente, caseworker, client, now):
    from storage.gemeenten import upsert_gemeente

    upsert_gemeente(session, "enschede", "Enschede")
    other = caseworkers.add_caseworker(session, email="b@hengelo.nl", naam="B", gemeente_id="hengelo")
    lead = caseworkers.add_caseworker(session, email="tl@hengelo.nl", naam="TL", gemeente_id="hengelo", role="teamleider")
    admin = caseworkers.add_caseworker(session, email="beheer@hengelo.nl", naam="Beheer", gemeente_id="hengelo", role="beheerder")
    far = caseworkers.add_caseworker(session, email="tl@enschede.nl", naam="TL2", gemeente_id="enschede", role="teamleider")
    theirs = clients.add_client(session, gemeente_id="hengelo", naam="Van B", caseworker_email=other.email, now=now)
    return {"a": caseworker, "b": other, "tl": lead, "beheer": admin, "far": far, "mine": client, "theirs": theirs}


def test_sign_in_checks_password_and_throttles_failures(session, caseworker, now):
    set_password(session, caseworker.id, PASSWORD, now=now)
    assert attempt_login(session, email=caseworker.email.upper(), password=PASSWORD, remote="1.2.3.4", now=now).ok
    assert attempt_login(session, email=caseworker.email, password="fout", remote="1.2.3.4", now=now).status == "wrong"
    assert attempt_login(session, email="niemand@x.nl", password=PASSWORD, remote="1.2.3.4", now=now).status == "wrong"
    for _ in range(MAX_FAILURES_PER_EMAIL - 1):
        attempt_login(session, email=caseworker.email, password="fout", remote="5.6.7.8", now=now)
    assert attempt_login(session, email=caseworker.email, password=PASSWORD, remote="9.9.9.9", now=now).status == "throttled"
    later = now + timedelta(minutes=16)
    assert attempt_login(session, email=caseworker.email, password=PASSWORD, remote="9.9.9.9", now=later).ok
    with pytest.raises(ValidationError):
        set_password(session, caseworker.id, "kort", now=now)


def test_sessions_resume_expire_and_end(session, caseworker, now):
    token = start_session(session, caseworker.id, now=now)
    signed_in = resume_session(session, token, now=now + timedelta(minutes=5))
    assert signed_in.caseworker.id == caseworker.id and len(signed_in.csrf_token) > 20
    assert resume_session(session, token + "x", now=now) is None
    assert resume_session(session, token, now=now + timedelta(minutes=5) + IDLE_TIMEOUT) is None  # idle: gone for good
    assert resume_session(session, token, now=now + timedelta(minutes=6)) is None
    busy = start_session(session, caseworker.id, now=now)
    moment = now
    while moment < now + SESSION_LIFETIME - IDLE_TIMEOUT:
        moment += IDLE_TIMEOUT / 2
        assert resume_session(session, busy, now=moment) is not None
    assert resume_session(session, busy, now=now + SESSION_LIFETIME) is None  # active, but the day is over
    third = start_session(session, caseworker.id, now=now)
    end_session(session, third)
    assert resume_session(session, third, now=now) is None


def test_a_deactivated_caseworker_loses_their_sessions(session, caseworker, now):
    token = start_session(session, caseworker.id, now=now)
    set_active(session, caseworker, False)
    assert resume_session(session, token, now=now) is None


def test_scope_by_role(session, team):
    mine, theirs = team["mine"].id, team["theirs"].id
    assert client_in_scope(session, team["a"], mine) is not None and client_in_scope(session, team["a"], theirs) is None
    assert {c.id for c in clients_in_scope(session, team["tl"])} >= {mine, theirs}
    assert client_in_scope(session, team["far"], mine) is None
    assert clients_in_scope(session, team["beheer"]) == []
    assert client_in_scope(session, team["a"], "x" * 500) is None


def test_inbox_notes_and_scope(session, team, now):
    request = handoffs.create_handoff(session, team["mine"].id, kind="distress", reason=None, urgent=True, now=now)
    handoffs.create_handoff(session, team["theirs"].id, kind="contact", reason="bel", urgent=False, now=now)
    assert [i.handoff.id for i in open_handoffs(session, team["a"])] == [request.id]
    assert handoff_in_scope(session, team["b"], request.id) is None
    close_handoff(session, request, status="afgehandeld", note="  gebeld  ", author=team["a"].email, now=now + timedelta(hours=3))
    assert open_handoffs(session, team["a"]) == []
    [note] = notes_for_client(session, team["mine"].id)
    assert (note.note, note.author) == ("gebeld", team["a"].email)
    with pytest.raises(ValidationError):
        close_handoff(session, request, status="afgehandeld", note=None, author=team["a"].email, now=now)
    [timing] = [t for t in handoff_timings(session, "hengelo", since=now - timedelta(days=1)) if t.created_at == now and t.answered_at]
    assert timing.answered_at == now + timedelta(hours=3)


def test_unreachable_and_caseload_facts(session, team, now):
    clients.mark_unreachable(session, team["mine"].id, now=now)
    assert [c.id for c in unreachable_clients(session, team["a"])] == [team["mine"].id]
    applications.log_application(session, team["mine"].id, employer="Jumbo", position=None, channel=None, applied_on=date(2024, 2, 28), now=now + timedelta(hours=1))
    facts = caseload_facts(session, [team["mine"]])[team["mine"].id]
    assert facts.last_contact == now + timedelta(hours=1)
    assert {"onbereikbaar", "niet_gekoppeld"} <= set(facts.flags)


def test_timeline_has_the_days_events(session, team, now):
    client_id = team["mine"].id
    application = applications.log_application(session, client_id, employer="Jumbo", position="kassa", channel="online", applied_on=now.date(), now=now)
    applications.set_status(session, client_id, application.id, "uitgenodigd", now=now + timedelta(days=1))
    scheduled.schedule_message(session, client_id=client_id, kind="own_reminder", due_at=now + timedelta(days=2), now=now, payload={"about": "bellen"})
    handoffs.create_handoff(session, client_id, kind="contact", reason="vraag", urgent=False, now=now)
    kinds = [(e.kind, e.facts.get("employer") or e.facts.get("about") or e.facts.get("reason")) for e in client_timeline(session, client_id)]
    assert ("application_logged", "Jumbo") in kinds and ("application_status", "Jumbo") in kinds
    assert ("reminder_set", "bellen") in kinds and ("handoff_contact", "vraag") in kinds


def test_intake_facts_and_participation(session, team, now):
    client_id = team["mine"].id
    record_proposal(session, client_id, intake_id=None, step=2, group="participatie", flags=["taal"], reasons=[], now=now)
    confirm_ladder(session, client_id, team["a"].id, 3, "middengroep", None, now=now + timedelta(hours=1))
    facts = intake_facts(session, [client_id, team["theirs"].id])
    assert (facts[client_id].proposed_step, facts[client_id].confirmed_step, facts[client_id].flags) == (2, 3, ("taal",))
    assert facts[team["theirs"].id].status is None and facts[team["theirs"].id].proposed_step is None
    application = applications.log_application(session, client_id, employer="X", position=None, channel=None, applied_on=now.date(), now=now)
    applications.set_status(session, client_id, application.id, "aangenomen", now=now)
    figures = participation(session, "hengelo")
    assert figures.paid_work >= 1 and figures.clients >= 2


def test_audit_log_per_gemeente(session, team, now):
    record_audit(session, actor=team["a"].email, action="portal_dossier", client_id=team["mine"].id, now=now)
    record_audit(session, actor=team["far"].email, action="portal_dossier", client_id=None, now=now)
    entries = audit_for_gemeente(session, "hengelo")
    assert [(e.actor, naam) for e, naam in entries if e.client_id == team["mine"].id] == [(team["a"].email, "Sanne Jansen")]
    assert all(e.actor != team["far"].email for e, _ in entries)
    assert audit_for_gemeente(session, "hengelo", actor=team["b"].email) == []
