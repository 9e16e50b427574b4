"""Data rights in storage: overview, who read, erasure that leaves only what the config keeps, retention."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, func, insert, inspect, select

from storage import rasa_events
from storage.anonymous_counts import counts
from storage.applications import log_application
from storage.audit import audit_for_client, record_audit
from storage.caseworkers import add_caseworker
from storage.clients import add_client, link_chat
from storage.consent import record_consent
from storage.erasure import (
    KeepRule,
    confirm_erasure,
    erasures_to_announce,
    kept_items,
    mark_announced,
    open_requests,
    request_erasure,
)
from storage.errors import NotFoundError
from storage.handoffs import create_handoff
from storage.inbox import enqueue_inbound
from storage.intake import record_answer, start_intake
from storage.keyboards import store_keyboard
from storage.koppelcodes import issue_koppelcode
from storage.tables import Client, RetainedRecord, metadata
from storage.preferences import update_preferences
from storage.portal.stats import applications_per_week
from storage.privacy import data_overview, data_readers, export_document_for_chat
from storage.retention import RetentionPolicy, close_client, run_retention
from storage.scheduled import schedule_message

RASA_EVENTS = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)
CHAT = 4242
NAME = "Sanne Jansen"
KEEP_APPLICATIONS = KeepRule(wat="applications", maanden=60, reden="Sollicitatieplicht aantonen")
# Tables that keep the client id on purpose after erasure (see docs/privacy.md).
PSEUDONYMOUS_TRAIL = {"audit_log", "erasure_requests", "retained_records"}


def _rasa_event(session, sender, at, text="hoi ik ben Sanne Jansen"):
    session.execute(
        insert(RASA_EVENTS).values(sender_id=sender, type_name="user", timestamp=at.timestamp(), data=json.dumps({"text": text}))
    )


def _full_client(session, client, now):
    """A client with a row in every kind of table, and a chat with Rasa events."""
    RASA_EVENTS.create(session.connection(), checkfirst=True)
    link_chat(session, chat_id=CHAT, client_id=client.id, now=now - timedelta(days=30))
    issue_koppelcode(session, client.id, now=now - timedelta(days=31), ttl=timedelta(days=14))
    record_consent(session, client.id, text_version="v2", decision="given", now=now - timedelta(days=30))
    create_handoff(session, client.id, kind="contact", reason="bel me over Sanne Jansen", urgent=False, now=now)
    log_application(session, client.id, employer="Jumbo", position="vakkenvuller", channel="online", applied_on=date(2024, 2, 20), now=now)
    intake = start_intake(session, client.id, ["leeftijd", "gezondheid"], now=now - timedelta(days=20))
    record_answer(session, client.id, intake.id, "leeftijd", status="answered", value="27-44", raw_text="ik ben 34", now=now - timedelta(days=20))
    record_answer(session, client.id, intake.id, "gezondheid", status="answered", value="rug", raw_text="rugklachten", now=now - timedelta(days=20))
    schedule_message(session, client_id=client.id, kind="own_reminder", due_at=now + timedelta(days=1), now=now, payload={"about": "bellen"})
    update_preferences(session, client.id, now=now, nudges_off=True)
    store_keyboard(session, chat_id=CHAT, buttons=[{"title": "Ja", "payload": "/affirm"}], now=now)
    enqueue_inbound(session, update_id=1, chat_id=CHAT, kind="text", text="hallo", now=now)
    _rasa_event(session, str(CHAT), now - timedelta(days=2))


def _rows_mentioning(session, needles):
    """(table, row) for every row in any table whose text holds one of `needles`."""
    found = []
    tables = list(metadata.sorted_tables) + [RASA_EVENTS]
    existing = set(inspect(session.connection()).get_table_names())
    for table in tables:
        if table.name not in existing:
            continue
        for row in session.execute(select(table)).all():
            flat = " ".join(str(value) for value in row)
            if any(needle in flat for needle in needles):
                found.append((table.name, flat))
    return found


def test_overview_counts_topics_reminders_and_reader(session, client, now):
    _full_client(session, client, now)
    overview = data_overview(session, client.id)
    assert overview.intake_topics == ["leeftijd", "gezondheid"]
    assert (overview.applications, overview.open_reminders) == (1, 1)
    assert overview.trainings == []
    assert overview.klantmanager == "Anna de Vries"


def test_readers_are_roles_and_dates_of_reads_only(session, gemeente, client, caseworker, now):
    lead = add_caseworker(session, email="lead@hengelo.nl", naam="Lea Leider", gemeente_id=gemeente.id, role="teamleider")
    record_audit(session, actor=caseworker.email, action="portal_dossier", client_id=client.id, now=now - timedelta(days=2))
    record_audit(session, actor=lead.email, action="portal_transcript", client_id=client.id, now=now - timedelta(days=1))
    record_audit(session, actor="cli:root", action="export", client_id=client.id, now=now)
    record_audit(session, actor=caseworker.email, action="portal_afspraak_gepland", client_id=client.id, now=now)  # a change
    record_audit(session, actor="client", action="client_export", client_id=client.id, now=now)  # their own copy
    assert data_readers(session, client.id) == [
        ("beheer", now),
        ("teamleider", now - timedelta(days=1)),
        ("klantmanager", now - timedelta(days=2)),
    ]


def test_export_document_is_the_full_export_as_json(session, client, now):
    _full_client(session, client, now)
    document = json.loads(export_document_for_chat(session, CHAT).decode("utf-8"))
    assert document["client"]["naam"] == NAME
    assert document["applications"][0]["employer"] == "Jumbo"
    assert export_document_for_chat(session, 999) is None


def test_erasure_leaves_only_what_the_config_keeps(session, client, now):
    _full_client(session, client, now)
    other = add_client(session, gemeente_id=client.gemeente_id, naam="Piet Anders")
    link_chat(session, chat_id=5555, client_id=other.id, now=now)
    _rasa_event(session, "5555", now - timedelta(days=1), text="hoi")
    request = request_erasure(session, client.id, chat_id=CHAT, now=now)
    assert request_erasure(session, client.id, chat_id=CHAT, now=now).id == request.id  # asking twice: one request
    assert [r.id for r in open_requests(session, [client.id, other.id])] == [request.id]

    done = confirm_erasure(session, request.id, keep=[KEEP_APPLICATIONS], actor="anna.devries@hengelo.nl", now=now)
    session.expire_all()

    assert done.status == "done" and done.decided_by == "anna.devries@hengelo.nl"
    assert [item["wat"] for item in kept_items(done)] == ["applications"]
    leftovers = _rows_mentioning(session, [client.id, NAME, str(CHAT), "Sanne"])
    unexpected = [(table, row) for table, row in leftovers if table not in PSEUDONYMOUS_TRAIL]
    assert unexpected == []
    # The name is nowhere, not even in what is kept.
    assert _rows_mentioning(session, [NAME, "Sanne"]) == []
    kept = session.execute(select(RetainedRecord)).scalars().all()
    assert [(r.kind, json.loads(r.data)[0]["employer"]) for r in kept] == [("applications", "Jumbo")]
    assert kept[0].keep_until.date() == (now + timedelta(days=round(60 * 30.44))).date()
    # The other client's chat is untouched; the counters survive without ids.
    assert rasa_events.count_conversation_events(session, "5555") == 1
    assert counts(session, client.gemeente_id, "sollicitaties_gewist") == {"2024-W08": 1}
    assert counts(session, client.gemeente_id, "clienten_gewist") == {"2024-03": 1}
    # The dashboard's applications per week still counts the erased client's application.
    weekly = dict(applications_per_week(session, client.gemeente_id, last_monday=date(2024, 2, 26), weeks=2))
    assert weekly == {date(2024, 2, 19): 1, date(2024, 2, 26): 0}
    assert [e.action for e in audit_for_client(session, client.id)][-2:] == ["erasure_requested", "erasure_done"]

    # The bot says it once, then the chat id goes too.
    assert [r.id for r in erasures_to_announce(session)] == [request.id]
    mark_announced(session, request.id, now=now)
    assert erasures_to_announce(session) == []
    assert _rows_mentioning(session, [str(CHAT)]) == []
    with pytest.raises(NotFoundError):
        confirm_erasure(session, request.id, keep=[], actor="x", now=now)


def test_retention_with_an_injected_clock(session, gemeente, client, now):
    _full_client(session, client, now)
    policy = RetentionPolicy(gesprekken_maanden=6, gesloten_clienten_maanden=12, gevoelige_antwoorden_maanden=9, keep=(KEEP_APPLICATIONS,))
    policies = {gemeente.id: policy}
    stranger = "98765"  # a chat that never linked: the shortest term of all gemeenten
    _rasa_event(session, stranger, now - timedelta(days=100), text="wie ben jij")

    nothing_yet = run_retention(session, policies, now=now)
    assert (nothing_yet.chat_events_deleted, nothing_yet.sensitive_answers_deleted, nothing_yet.clients_erased) == (0, 0, 0)

    seven_months = now + timedelta(days=213)
    result = run_retention(session, policies, now=seven_months)
    assert result.chat_events_deleted == 2  # the client's old event and the stranger's
    assert result.sensitive_answers_deleted == 0
    assert data_overview(session, client.id).intake_topics == ["leeftijd", "gezondheid"]

    ten_months = now + timedelta(days=305)
    assert run_retention(session, policies, now=ten_months).sensitive_answers_deleted == 1
    assert data_overview(session, client.id).intake_topics == ["leeftijd"]  # the ordinary answer stays

    close_client(session, client.id, now=ten_months)
    assert run_retention(session, policies, now=ten_months + timedelta(days=300)).clients_erased == 0
    erased = run_retention(session, policies, now=ten_months + timedelta(days=370))
    assert erased.erased_client_ids == [client.id]
    assert session.get(Client, client.id) is None
    assert counts(session, gemeente.id, "sollicitaties_gewist") == {"2024-W08": 1}
    kept = session.execute(select(func.count()).select_from(RetainedRecord)).scalar_one()
    assert kept == 1
    # Five years later the kept applications go too.
    assert run_retention(session, policies, now=ten_months + timedelta(days=370 + 1830)).retained_records_deleted == 1


def test_no_table_has_bsn_ethnicity_or_religion_columns():
    forbidden = ("bsn", "burgerservice", "sofinummer", "etnic", "etnisch", "ethnic", "afkomst", "nationalit", "religi", "geloof", "kerk")
    columns = [f"{table.name}.{column.name}" for table in metadata.sorted_tables for column in table.columns]
    assert columns  # the check below cannot pass on an empty schema
    assert [name for name in columns if any(word in name.lower() for word in forbidden)] == []
