"""Intake runs, answers (sensitive ones apart), resuming, ladder proposals and decisions, on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from storage import intake as store
from storage.caseworkers import add_caseworker
from storage.clients import add_client
from storage.errors import NotFoundError, ValidationError
from storage.export import export_client
from storage.gemeenten import upsert_gemeente
from storage.tables import Intake, IntakeAnswer, IntakeSensitiveAnswer, LadderAssessment

QUESTIONS = ["leeftijd", "uitkering_duur", "taal", "gezondheid", "belemmeringen", "wens_sector", "wens_opleiding"]


def _start(session, client, now):
    return store.start_intake(session, client.id, QUESTIONS, now=now)


def _answer(session, client, intake, question, value, raw, now, status="answered"):
    return store.record_answer(session, client.id, intake.id, question, status=status, value=value, raw_text=raw, now=now)


def _finish_all(session, client, intake, now):
    _answer(session, client, intake, "leeftijd", "27-44", "ik ben 34", now)
    _answer(session, client, intake, "uitkering_duur", "1-3", "2 jaar ongeveer", now)
    _answer(session, client, intake, "taal", "redelijk", "gaat wel", now)
    _answer(session, client, intake, "gezondheid", None, "liever persoonlijk", now, status="personal")
    _answer(session, client, intake, "belemmeringen", ["schulden"], "schulden", now)
    _answer(session, client, intake, "wens_sector", ["zorg", "logistiek"], "zorg of magazijn", now)
    _answer(session, client, intake, "wens_opleiding", "ja", "ja graag", now)
    return store.finish_intake(session, client.id, intake.id, summary_text="Sanne is 27-44 jaar.", now=now)


def test_answers_keep_raw_text_and_time_and_the_next_question_follows_the_order(session, client, now):
    intake = _start(session, client, now)
    assert store.next_question(session, client.id, intake.id) == "leeftijd"
    assert store.progress(session, client.id, intake.id) == {"number": 1, "total": 7}
    _answer(session, client, intake, "leeftijd", "27-44", "ik ben 34", now)
    assert store.next_question(session, client.id, intake.id) == "uitkering_duur"
    assert store.progress(session, client.id, intake.id) == {"number": 2, "total": 7}
    record = store.current_answers(session, client.id, intake.id)["leeftijd"]
    assert (record.value, record.raw_text, record.answered_at, record.sensitive) == ("27-44", "ik ben 34", now, False)


def test_sensitive_answers_are_stored_in_their_own_table(session, client, now):
    intake = _start(session, client, now)
    _answer(session, client, intake, "belemmeringen", ["schulden", "psychisch"], "schulden en depressie", now)
    _answer(session, client, intake, "taal", "goed", "goed", now)
    assert session.execute(select(func.count(IntakeSensitiveAnswer.id))).scalar_one() == 1
    assert session.execute(select(IntakeAnswer.question)).scalars().all() == ["taal"]
    assert store.current_answers(session, client.id, intake.id)["belemmeringen"].sensitive is True


def test_a_correction_is_a_new_row_and_the_newest_counts(session, client, now):
    intake = _start(session, client, now)
    _answer(session, client, intake, "taal", "matig", "matig", now)
    _answer(session, client, intake, "taal", "goed", "nee wacht, goed", now + timedelta(minutes=1))
    assert store.current_answers(session, client.id, intake.id)["taal"].value == "goed"
    assert [r.value for r in store.answer_history(session, client.id, intake.id)] == ["matig", "goed"]


def test_stop_and_resume_continue_the_same_run_where_it_stopped(session, client, now):
    intake = _start(session, client, now)
    _answer(session, client, intake, "leeftijd", "55+", "58", now)
    store.stop_intake(session, client.id, intake.id, now=now)
    session.expire_all()
    assert store.open_intake(session, client.id).status == "stopped"
    resumed = store.start_intake(session, client.id, ["taal"], now=now + timedelta(days=3))
    assert resumed.id == intake.id and resumed.status == "open"
    assert store.questions_of(resumed) == QUESTIONS  # the order fixed at the start stays
    assert store.next_question(session, client.id, intake.id) == "uitkering_duur"


def test_redo_from_the_summary_is_asked_first_and_cleared_by_the_answer(session, client, now):
    intake = _start(session, client, now)
    for question in QUESTIONS:
        _answer(session, client, intake, question, None, "weet ik niet", now, status="unknown")
    assert store.next_question(session, client.id, intake.id) is None
    store.request_redo(session, client.id, intake.id, "taal", now=now)
    assert store.next_question(session, client.id, intake.id) == "taal"
    _answer(session, client, intake, "taal", "goed", "goed", now)
    assert store.next_question(session, client.id, intake.id) is None
    with pytest.raises(ValidationError):
        store.request_redo(session, client.id, intake.id, "bsn", now=now)


def test_a_repeated_intake_is_a_new_run_and_keeps_the_old_one(session, client, now):
    first = _start(session, client, now)
    _finish_all(session, client, first, now)
    with pytest.raises(ValidationError):
        _answer(session, client, first, "taal", "goed", "goed", now)
    second = store.start_intake(session, client.id, QUESTIONS, now=now + timedelta(days=365))
    assert second.id != first.id
    assert [i.id for i in store.intakes_for_client(session, client.id)] == [first.id, second.id]
    assert store.latest_finished_intake(session, client.id).id == first.id


def test_bad_input_is_refused(session, client, gemeente, now):
    intake = _start(session, client, now)
    with pytest.raises(ValidationError):
        _answer(session, client, intake, "religie", "x", "x", now)  # not a question of this run
    with pytest.raises(ValidationError):
        _answer(session, client, intake, "taal", "goed", "goed", now, status="misschien")
    with pytest.raises(ValidationError):
        store.finish_intake(session, client.id, intake.id, summary_text="  ", now=now)
    store.finish_intake(session, client.id, intake.id, summary_text="x", now=now)
    with pytest.raises(ValidationError):
        store.start_intake(session, client.id, ["taal", "taal"], now=now)
    other = add_client(session, gemeente_id=gemeente.id, naam="Piet")
    with pytest.raises(NotFoundError):
        store.record_answer(session, other.id, intake.id, "taal", status="answered", value="goed", raw_text="goed", now=now)
    with pytest.raises(NotFoundError):
        store.start_intake(session, "wm-nobody", QUESTIONS, now=now)


def test_odd_text_is_stored_as_plain_text(session, client, now):
    intake = _start(session, client, now)
    odd = "<script>x</script> '; DROP TABLE intakes;-- 💪" + "x" * 2000
    _answer(session, client, intake, "wens_sector", ["overig"], odd, now)
    session.expire_all()
    stored = store.current_answers(session, client.id, intake.id)["wens_sector"].raw_text
    assert stored == odd[:1000]


def test_profile_for_matching_is_none_until_an_intake_is_finished(session, client, now):
    intake = _start(session, client, now)
    _answer(session, client, intake, "leeftijd", "27-44", "ik ben 34", now)
    assert store.profile_for_matching(session, client.id) is None
    _finish_all(session, client, intake, now)
    from storage.ladder import record_proposal

    record_proposal(session, client.id, intake_id=intake.id, step=3, group="middengroep", flags=[], reasons=[], now=now)
    assert store.profile_for_matching(session, client.id) == {
        "age_band": "27-44",
        "benefit_duration": "1-3",
        "ladder_step": 3,
        "wants_training": True,
        "wish_sectors": ["zorg", "logistiek"],
        "language_level": "redelijk",
    }


def test_profile_values_that_were_not_answered_are_none(session, client, now):
    intake = _start(session, client, now)
    for question in QUESTIONS:
        _answer(session, client, intake, question, None, "sla over", now, status="skipped")
    store.finish_intake(session, client.id, intake.id, summary_text="Weinig ingevuld.", now=now)
    assert store.profile_for_matching(session, client.id) == {
        "age_band": None,
        "benefit_duration": None,
        "ladder_step": None,
        "wants_training": None,
        "wish_sectors": [],
        "language_level": None,
    }


def test_confirmation_overrides_the_proposal_and_history_is_kept(session, client, caseworker, now):
    from storage.ladder import record_proposal

    record_proposal(
        session, client.id, intake_id=None, step=2, group="participatie", flags=["schulden"], reasons=["week: vrienden"], now=now
    )
    assert store.ladder_overview(session, client.id)["confirmed"] is None
    store.confirm_ladder(session, client.id, caseworker.id, 3, "middengroep", "Doet al taalles", now=now + timedelta(hours=1))
    overview = store.ladder_overview(session, client.id)
    assert overview["proposal"]["step"] == 2 and overview["proposal"]["flags"] == ["schulden"]
    assert overview["confirmed"]["step"] == 3 and overview["confirmed"]["reasons"] == "Doet al taalles"
    assert overview["confirmed"]["caseworker_id"] == caseworker.id
    assert [row["kind"] for row in overview["history"]] == ["proposal", "confirmed"]
    with pytest.raises(ValidationError):
        store.confirm_ladder(session, client.id, caseworker.id, 7, "middengroep", None)
    with pytest.raises(ValidationError):
        store.confirm_ladder(session, client.id, caseworker.id, 3, "rood", None)


def test_a_klantmanager_of_another_gemeente_cannot_decide(session, client, now):
    upsert_gemeente(session, "losser", "Losser")
    stranger = add_caseworker(session, email="km@losser.example", naam="Kim", gemeente_id="losser")
    with pytest.raises(ValidationError):
        store.confirm_ladder(session, client.id, stranger.id, 3, "middengroep", None, now=now)
    with pytest.raises(NotFoundError):
        store.confirm_ladder(session, client.id, 999999, 3, "middengroep", None, now=now)


def test_export_shows_the_intake_its_history_and_the_proposal(session, client, now):
    from storage.ladder import record_proposal

    intake = _start(session, client, now)
    _answer(session, client, intake, "taal", "matig", "matig", now)
    _finish_all(session, client, intake, now + timedelta(minutes=5))
    record_proposal(session, client.id, intake_id=intake.id, step=4, group="middengroep", flags=["schulden"], reasons=["r"], now=now)
    exported = export_client(session, client.id)
    run = exported["intakes"][0]
    assert run["status"] == "finished" and run["summary_text"] == "Sanne is 27-44 jaar."
    assert run["answers"]["taal"]["value"] == "redelijk"
    assert [a["value"] for a in run["answer_history"] if a["question"] == "taal"] == ["matig", "redelijk"]
    assert run["answers"]["gezondheid"]["status"] == "personal" and run["answers"]["gezondheid"]["sensitive"]
    assert exported["ladder"]["proposal"]["step"] == 4


def test_erasing_the_client_erases_the_intake(session, client, now):
    from storage.ladder import record_proposal

    intake = _start(session, client, now)
    _answer(session, client, intake, "belemmeringen", ["schulden"], "schulden", now)
    record_proposal(session, client.id, intake_id=intake.id, step=1, group="participatie", flags=[], reasons=[], now=now)
    session.delete(client)
    session.flush()
    for table in (Intake, IntakeSensitiveAnswer, LadderAssessment):
        assert session.execute(select(func.count()).select_from(table)).scalar_one() == 0
