"""Training editions, invitations, capacity and waitlist, cancellations and attendance in storage."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from storage import clients, scheduled
from storage.trainings import attendance
from storage.trainings import participants
from storage import trainings
from storage.db import cached_session_factory, run_migrations, unit_of_work
from storage.errors import ValidationError
from storage.export import export_client


def two_reminders(client_id, starts_at):
    return [starts_at - timedelta(days=1), starts_at - timedelta(hours=2)]


def plan(session, now, *, capacity=15, sessions=2, gemeente_id="hengelo"):
    return trainings.plan_edition(
        session,
        gemeente_id=gemeente_id,
        training_id="vca",
        titel="Cursus VCA <veilig werken>",
        omschrijving="Je leert veilig werken en doet een examen.",
        meenemen="je identiteitsbewijs",
        verplicht=False,
        zelf_aanmelden=True,
        capacity=capacity,
        signup_deadline=now + timedelta(days=5),
        sessions=[
            trainings.PlannedSession(now + timedelta(days=7 + 7 * i), 120, f"Werkplein, zaal {i + 1}")
            for i in range(sessions)
        ],
        created_by="cli:test",
        now=now,
    )


def more_clients(session, gemeente, count):
    return [clients.add_client(session, gemeente_id=gemeente.id, naam=f"Cliënt {i}") for i in range(count)]


def pending(session, client_id, kind):
    return [m for m in scheduled.upcoming_for_client(session, client_id) if m.kind == kind]


def test_plan_checks_capacity_sessions_and_deadline(session, gemeente, now):
    edition = plan(session, now)
    assert [s.waar for s in trainings.sessions_of(session, edition.id)] == ["Werkplein, zaal 1", "Werkplein, zaal 2"]
    with pytest.raises(ValidationError):
        plan(session, now, capacity=0)
    with pytest.raises(ValidationError):
        plan(session, now, sessions=0)
    with pytest.raises(ValidationError, match="deadline"):
        trainings.plan_edition(
            session, gemeente_id="hengelo", training_id="vca", titel="VCA", omschrijving="Een cursus veilig werken.",
            meenemen="pen", verplicht=False, zelf_aanmelden=False, capacity=5, signup_deadline=now + timedelta(days=9),
            sessions=[trainings.PlannedSession(now + timedelta(days=8), 60, "Werkplein")], created_by="cli", now=now,
        )
    assert trainings.open_editions(session, "hengelo", now=now) == [edition]
    assert trainings.open_editions(session, "hengelo", now=now + timedelta(days=6)) == []


def test_invitation_is_a_scheduled_message_with_everything_it_names(session, gemeente, client, now):
    edition = plan(session, now)
    assert participants.invite(session, edition.id, [client.id, client.id], now=now) == [client.id]
    assert participants.invite(session, edition.id, [client.id], now=now) == []  # never twice
    [message] = pending(session, client.id, "training_invitation")
    payload = scheduled.payload_of(message)
    assert payload["titel"] == "Cursus VCA <veilig werken>" and payload["sessies"] == 2
    assert payload["waar"] == "Werkplein, zaal 1" and payload["meenemen"] == "je identiteitsbewijs"
    assert payload["verplicht"] is False and payload["edition_id"] == edition.id
    assert participants.get_participant(session, edition.id, client.id).status == "uitgenodigd"


def test_invite_refuses_another_gemeente(session, gemeente, now):
    from storage.gemeenten import upsert_gemeente

    upsert_gemeente(session, "losser", "Losser")
    stranger = clients.add_client(session, gemeente_id="losser", naam="Piet")
    with pytest.raises(ValidationError, match="another gemeente"):
        participants.invite(session, plan(session, now).id, [stranger.id], now=now)


def test_yes_gives_a_place_and_reminders_before_each_session(session, gemeente, client, now):
    edition = plan(session, now)
    participants.invite(session, edition.id, [client.id], now=now)
    answer = participants.say_yes(session, edition.id, client.id, now=now, reminders_for=two_reminders)
    assert answer == participants.Answer(participants.SIGNED_UP)
    reminders = pending(session, client.id, "training_session")
    assert len(reminders) == 4
    first_session = trainings.sessions_of(session, edition.id)[0]
    assert reminders[0].event_at == first_session.starts_at
    assert reminders[0].due_at == first_session.starts_at - timedelta(days=1)
    assert scheduled.payload_of(reminders[0])["titel"] == edition.titel
    # A double tap changes nothing.
    assert participants.say_yes(session, edition.id, client.id, now=now, reminders_for=two_reminders).outcome == "al_aangemeld"
    assert len(pending(session, client.id, "training_session")) == 4


def test_full_edition_waitlists_with_position_and_a_cancellation_moves_the_first_up(session, gemeente, now):
    edition = plan(session, now, capacity=2)
    people = more_clients(session, gemeente, 4)
    answers = [participants.say_yes(session, edition.id, p.id, now=now, reminders_for=two_reminders) for p in people]
    assert [a.outcome for a in answers] == ["aangemeld", "aangemeld", "wachtlijst", "wachtlijst"]
    assert [a.position for a in answers[2:]] == [1, 2]

    result = participants.withdraw(session, edition.id, people[0].id, reason="ziek", now=now, reminders_for=two_reminders)
    assert result == participants.Withdrawal(was="aangemeld", moved_up=people[2].id)
    assert pending(session, people[0].id, "training_session") == []
    [moved] = pending(session, people[2].id, "training_moved_up")
    assert scheduled.payload_of(moved)["titel"] == edition.titel
    assert len(pending(session, people[2].id, "training_session")) == 4
    last = participants.get_participant(session, edition.id, people[3].id)
    assert participants.waitlist_position(session, last) == 1
    assert participants.count_signed_up(session, edition.id) == 2
    # Someone on the waitlist who stops frees no place: nobody moves.
    assert participants.withdraw(session, edition.id, people[3].id, reason=None, now=now, reminders_for=two_reminders).moved_up is None


def test_no_after_yes_and_yes_again_plans_the_reminders_again(session, gemeente, client, now):
    edition = plan(session, now)
    participants.say_yes(session, edition.id, client.id, now=now, reminders_for=two_reminders)
    participants.withdraw(session, edition.id, client.id, reason="<b>moet werken</b>", now=now, reminders_for=two_reminders)
    row = participants.get_participant(session, edition.id, client.id)
    assert (row.status, row.reason) == ("afgemeld", "<b>moet werken</b>")
    participants.say_yes(session, edition.id, client.id, now=now, reminders_for=two_reminders)
    assert len(pending(session, client.id, "training_session")) == 4


def test_yes_after_the_deadline_is_closed(session, gemeente, client, now):
    edition = plan(session, now)
    late = now + timedelta(days=6)
    assert participants.say_yes(session, edition.id, client.id, now=late, reminders_for=two_reminders).outcome == "gesloten"


def test_client_skips_one_session_and_caseworker_cancels_another(session, gemeente, client, now):
    edition = plan(session, now)
    other = more_clients(session, gemeente, 1)[0]
    for person in (client, other):
        participants.say_yes(session, edition.id, person.id, now=now, reminders_for=two_reminders)
    first, second = trainings.sessions_of(session, edition.id)
    participants.skip_session(session, first.id, client.id, now=now)
    assert {scheduled.payload_of(m)["session_id"] for m in pending(session, client.id, "training_session")} == {second.id}
    assert attendance.attendance_of(session, first.id, client.id).status == "afgemeld"

    assert sorted(trainings.cancel_session(session, second.id, now=now)) == sorted([client.id, other.id])
    assert trainings.cancel_session(session, second.id, now=now) == []  # nobody told twice
    session.expire_all()
    assert pending(session, client.id, "training_session") == []
    assert [scheduled.payload_of(m)["session_id"] for m in pending(session, other.id, "training_session")] == [first.id] * 2
    [told] = pending(session, other.id, "training_session_cancelled")
    assert told.event_at == second.starts_at and scheduled.payload_of(told)["waar"] == "Werkplein, zaal 2"


def test_attendance_and_the_noshow_question(session, gemeente, client, now):
    edition = plan(session, now)
    participants.say_yes(session, edition.id, client.id, now=now, reminders_for=two_reminders)
    first, second = trainings.sessions_of(session, edition.id)
    next_day = first.starts_at + timedelta(days=1)
    attendance.register(session, first.id, client.id, status="afwezig", by="cli:anna", now=now, noshow_due=next_day)
    [question] = pending(session, client.id, "training_noshow")
    assert question.due_at == next_day and scheduled.payload_of(question)["sessie_at"] == first.starts_at.isoformat()
    # Corrected to present: the question is not sent.
    attendance.register(session, first.id, client.id, status="aanwezig", by="cli:anna", now=now, noshow_due=next_day)
    session.expire_all()
    assert pending(session, client.id, "training_noshow") == []
    # Someone who said beforehand they could not come is not asked what happened.
    participants.skip_session(session, second.id, client.id, now=now)
    attendance.register(session, second.id, client.id, status="afwezig", by="cli:anna", now=now, noshow_due=next_day)
    assert pending(session, client.id, "training_noshow") == []
    with pytest.raises(ValidationError):
        attendance.register(session, first.id, client.id, status="misschien", by="cli", now=now, noshow_due=None)


def test_export_shows_invitations_answers_waitlist_and_attendance(session, gemeente, client, now):
    edition = plan(session, now, capacity=1)
    other = more_clients(session, gemeente, 1)[0]
    participants.invite(session, edition.id, [client.id, other.id], now=now)
    participants.say_yes(session, edition.id, other.id, now=now, reminders_for=two_reminders)
    participants.say_yes(session, edition.id, client.id, now=now, reminders_for=two_reminders)
    first = trainings.sessions_of(session, edition.id)[0]
    attendance.register(session, first.id, other.id, status="aanwezig", by="cli:anna", now=now, noshow_due=None)
    [mine] = export_client(session, client.id)["trainings"]
    assert (mine["titel"], mine["status"], mine["waitlist_position"]) == (edition.titel, "wachtlijst", 1)
    assert mine["invited_at"] == now.isoformat() and mine["source"] == "uitnodiging"
    [theirs] = export_client(session, other.id)["trainings"]
    assert theirs["status"] == "aangemeld" and theirs["sessions"][0]["attendance"] == "aanwezig"
    assert theirs["sessions"][1]["attendance"] is None
    kinds = {m["kind"] for m in export_client(session, other.id)["scheduled_messages"]}
    assert {"training_invitation", "training_session"} <= kinds


def test_twenty_people_tapping_yes_at_once_for_fifteen_places(empty_db_url, now):
    """20 threads, each its own connection and transaction, say "Ja" at the same moment."""
    run_migrations(empty_db_url)
    factory = cached_session_factory(empty_db_url)
    with unit_of_work(factory) as session:
        from storage.gemeenten import upsert_gemeente

        gemeente = upsert_gemeente(session, "hengelo", "Hengelo")
        edition_id = plan(session, now, capacity=15).id
        people = [c.id for c in more_clients(session, gemeente, 20)]
        participants.invite(session, edition_id, people, now=now)
    start = threading.Barrier(len(people))
    answers, errors = {}, []

    def tap_yes(client_id):
        try:
            start.wait()
            with unit_of_work(factory) as session:
                answers[client_id] = participants.say_yes(
                    session, edition_id, client_id, now=now, reminders_for=two_reminders
                )
        except Exception as error:  # noqa: BLE001 - reported below, with the thread's client
            errors.append((client_id, error))

    threads = [threading.Thread(target=tap_yes, args=(client_id,)) for client_id in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    outcomes = [answer.outcome for answer in answers.values()]
    assert outcomes.count("aangemeld") == 15 and outcomes.count("wachtlijst") == 5
    assert sorted(a.position for a in answers.values() if a.outcome == "wachtlijst") == [1, 2, 3, 4, 5]
    with unit_of_work(factory) as session:
        assert participants.count_signed_up(session, edition_id) == 15
        rows = participants.participants(session, edition_id)
        assert sorted(r.waitlist_seq for r in rows if r.status == "wachtlijst") == [1, 2, 3, 4, 5]
        # Only people with a place got session reminders.
        with_reminders = {c for c in people if pending(session, c, "training_session")}
        assert with_reminders == {r.client_id for r in rows if r.status == "aangemeld"}
    factory.kw["bind"].dispose()


def test_a_reason_given_later_fills_in_the_request(session, client, now):
    from storage import handoffs

    request = handoffs.create_handoff(session, client.id, kind="training_declined", reason="Reden: geen", urgent=False, now=now)
    handoffs.set_reason(session, request.id, reason="Reden: <i>moet werken</i>", now=now + timedelta(minutes=1))
    session.expire_all()
    [stored] = handoffs.handoffs_for_client(session, client.id)
    assert (stored.reason, stored.updated_at, stored.status) == ("Reden: <i>moet werken</i>", now + timedelta(minutes=1), "open")
