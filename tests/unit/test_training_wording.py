"""How training messages are worded from their payload: buttons, facts, staleness."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from actions.reminders.scheduled import _wording
from actions.trainings.messages import training_slots
from bot.dispatcher import is_stale
from storage.models import ScheduledMessage

AMS = ZoneInfo("Europe/Amsterdam")
TZ = "Europe/Amsterdam"
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=AMS)  # Monday
INVITATION = {
    "edition_id": 123456, "titel": "Sollicitatietraining Werken aan werk", "omschrijving": "Een training in een groep.",
    "meenemen": "je cv", "verplicht": True, "sessies": 10,
    "eerste": datetime(2026, 12, 1, 10, 0, tzinfo=AMS).isoformat(), "waar": "Gemeentehuis Losser",
}


def test_invitation_names_everything_and_its_buttons_carry_the_edition_in_64_bytes():
    response, facts = _wording("training_invitation", INVITATION, None, NOW, NOW, TZ)
    assert response == "utter_training_invitation_mandatory"
    assert (facts["dag"], facts["tijd"], facts["sessies"], facts["waar"], facts["meenemen"]) == (
        "dinsdag 1 december", "10:00", 10, "Gemeentehuis Losser", "je cv"
    )
    for key, intent in (("knop_ja", "will_attend"), ("knop_nee", "training_decline"), ("knop_vraag", "training_question")):
        assert facts[key].startswith(f"/{intent}{{")
        assert json.loads(facts[key][len(intent) + 1:]) == {"training_edition": "123456"}
        assert len(facts[key].encode()) <= 64
    assert _wording("training_invitation", {**INVITATION, "verplicht": False}, None, NOW, NOW, TZ)[0] == "utter_training_invitation"


def test_noshow_names_the_session_and_offers_three_answers():
    payload = {"edition_id": 1, "session_id": 2, "titel": "VCA", "sessie_at": datetime(2026, 11, 22, 10, 0, tzinfo=AMS).isoformat()}
    response, facts = _wording("training_noshow", payload, None, NOW, NOW, TZ)
    assert response == "utter_training_noshow" and (facts["dag"], facts["tijd"]) == ("gisteren", "10:00")
    assert facts["knop_ziek"] == '/cannot_attend{"training_reason":"ziek"}'


def test_moved_up_and_cancelled_session():
    start = datetime(2026, 11, 24, 13, 0, tzinfo=AMS)
    assert _wording("training_moved_up", {"edition_id": 1, "titel": "VCA", "waar": "Werkplein"}, start, NOW, NOW, TZ)[1]["dag"] == "morgen"
    response, facts = _wording("training_session_cancelled", {"titel": "VCA", "waar": "x"}, start, NOW, NOW, TZ)
    assert response == "utter_training_session_cancelled" and facts["tijd"] == "13:00"


def test_the_edition_slot_is_set_for_training_messages_only():
    assert training_slots("training_invitation", INVITATION)[0]["value"] == "123456"
    assert training_slots("appointment", {"edition_id": 5})[0]["value"] is None


def test_a_noshow_question_days_later_is_still_sent():
    due = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
    message = ScheduledMessage(kind="training_noshow", due_at=due, event_at=None)
    assert not is_stale(message, due + timedelta(days=3))
