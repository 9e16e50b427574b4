"""The conversation on a request in the portal: write through the bot, read the answers, close it."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from storage import clients, handoffs
from storage.db import unit_of_work
from storage.tables import AuditEntry, HandoffMessage, HandoffRequest, ScheduledMessage
from tests.portal.conftest import page_csrf


def _write(browser, handoff_id, text, csrf=None):
    token = csrf if csrf is not None else page_csrf(browser, f"/verzoeken/{handoff_id}")
    return browser.post(f"/verzoeken/{handoff_id}/bericht", data={"bericht": text, "csrf_token": token})


def _actions(factory, client_id):
    with unit_of_work(factory) as s:
        return [(e.actor, e.action) for e in s.execute(select(AuditEntry).where(AuditEntry.client_id == client_id).order_by(AuditEntry.id)).scalars()]


def test_a_message_is_queued_for_the_bot_as_plain_text_and_audited(signed_in, world, factory, clock):
    with unit_of_work(factory) as s:
        clients.link_chat(s, chat_id=980000 + world.ids["a"], client_id=world.client_a, now=clock.now)
    browser = signed_in("a")
    page = browser.get(f"/verzoeken/{world.handoff_a}")
    assert page.status_code == 200 and "Schrijf aan" in page.text
    response = _write(browser, world.handoff_a, "Hoi! <b>Bel</b> je mij <script>x</script> morgen?")
    assert response.status_code == 303 and response.headers["location"] == f"/verzoeken/{world.handoff_a}?melding=bericht_verstuurd#gesprek"
    with unit_of_work(factory) as s:
        message = s.execute(select(HandoffMessage).where(HandoffMessage.handoff_id == world.handoff_a)).scalar_one()
        outgoing = s.get(ScheduledMessage, message.scheduled_message_id)
        assert (message.author_kind, message.author, message.text) == ("klantmanager", world.emails["a"], "Hoi! <b>Bel</b> je mij <script>x</script> morgen?")
        assert (outgoing.kind, outgoing.status, json.loads(outgoing.payload)) == ("caseworker_reply", "pending", {"handoff_message_id": message.id})
        assert s.get(HandoffRequest, world.handoff_a).status == "in_behandeling"
    thread = browser.get(f"/verzoeken/{world.handoff_a}").text
    assert "&lt;script&gt;x&lt;/script&gt;" in thread and "<script>x" not in thread and "Wordt verstuurd" in thread
    assert _actions(factory, world.client_a)[-3:] == [
        (world.emails["a"], "portal_gesprek"),
        (world.emails["a"], "portal_bericht"),
        (world.emails["a"], "portal_gesprek"),
    ]


def test_too_long_or_empty_is_refused_in_the_form_in_dutch(signed_in, world, factory):
    browser = signed_in("a")
    long_text = "a" * 4097
    response = _write(browser, world.handoff_a, long_text)
    assert response.status_code == 400
    assert "Dit bericht is te lang: hoogstens 4096 tekens (nu 4097)" in response.text and long_text in response.text
    assert "Typ eerst een bericht." in _write(browser, world.handoff_a, "   ").text
    assert _write(browser, world.handoff_a, "b" * 4096).status_code == 303  # exactly the limit is fine
    with unit_of_work(factory) as s:
        assert [len(m.text) for m in s.execute(select(HandoffMessage).where(HandoffMessage.handoff_id == world.handoff_a)).scalars()] == [4096]


def test_outside_the_caseload_404_without_csrf_403_teamleider_reads_only(signed_in, world, factory):
    other = signed_in("b")
    assert other.get(f"/verzoeken/{world.handoff_a}").status_code == 404
    assert _write(other, world.handoff_a, "hallo", csrf=page_csrf(other)).status_code == 404
    owner = signed_in("a")
    assert owner.post(f"/verzoeken/{world.handoff_a}/bericht", data={"bericht": "hallo"}).status_code == 403
    lead = signed_in("tl")
    page = lead.get(f"/verzoeken/{world.handoff_a}")
    assert page.status_code == 200 and "Schrijf aan" not in page.text
    assert _write(lead, world.handoff_a, "hallo", csrf=page_csrf(lead)).status_code == 403
    with unit_of_work(factory) as s:
        assert s.execute(select(HandoffMessage).where(HandoffMessage.handoff_id == world.handoff_a)).first() is None
    assert (world.emails["b"], "portal_buiten_bereik") in _actions(factory, world.client_a)


def test_the_thread_says_when_the_client_blocked_the_bot(signed_in, world, factory, clock):
    with unit_of_work(factory) as s:
        clients.link_chat(s, chat_id=990000 + world.ids["a"], client_id=world.client_a, now=clock.now)
        clients.mark_unreachable(s, world.client_a, now=clock.now)
    browser = signed_in("a")
    _write(browser, world.handoff_a, "Gaat het goed?")
    page = browser.get(f"/verzoeken/{world.handoff_a}").text
    assert "heeft de bot geblokkeerd" in page and "Niet bezorgd: de cliënt heeft de bot geblokkeerd" in page


def test_closing_tells_the_person_once_and_ends_the_thread(signed_in, world, factory):
    browser = signed_in("a")
    _write(browser, world.handoff_a, "Ik bel je morgen om 10 uur.")
    csrf = page_csrf(browser)
    browser.post(f"/verzoeken/{world.handoff_a}/afhandelen", data={"status": "afgehandeld", "notitie": "gebeld", "csrf_token": csrf})
    with unit_of_work(factory) as s:
        closing = s.execute(
            select(ScheduledMessage).where(ScheduledMessage.client_id == world.client_a, ScheduledMessage.kind == "handoff_closed")
        ).scalar_one()
        assert json.loads(closing.payload)["handoff_id"] == world.handoff_a
    page = browser.get(f"/verzoeken/{world.handoff_a}").text
    assert "Schrijf aan" not in page and "Afgehandeld" in page
    assert _write(browser, world.handoff_a, "nog iets", csrf=csrf).status_code == 400


def test_export_holds_the_thread(signed_in, world, factory, clock):
    from storage.handoff_threads import add_client_message

    browser = signed_in("a")
    _write(browser, world.handoff_a, "Wanneer kun je?")
    with unit_of_work(factory) as s:
        add_client_message(s, s.get(HandoffRequest, world.handoff_a), "morgen na 2 uur", now=clock.now)
    export = browser.get(f"/clienten/{world.client_a}/export.json").json()
    assert [(m["van"], m["tekst"]) for m in export["handoff_messages"]] == [("klantmanager", "Wanneer kun je?"), ("client", "morgen na 2 uur")]


def test_vandaag_puts_distress_first_with_the_time_left(signed_in, world, factory, clock):
    with unit_of_work(factory) as s:
        distress = handoffs.create_handoff(s, world.client_a, kind="distress", reason="het gaat niet", urgent=True, now=clock.now)
        old = handoffs.create_handoff(s, world.client_a, kind="contact", reason=None, urgent=False, now=clock.now - timedelta(days=9))
    page = signed_in("a").get("/").text
    first, second, third = (page.index(f'id="verzoek-{i}"') for i in (distress.id, old.id, world.handoff_a))
    assert first < second < third
    assert "binnen de termijn" in page and "termijn" in page and "voorbij" in page


def test_ladder_form_is_not_prefilled_without_a_proposal(signed_in, world, factory):
    browser = signed_in("a")
    page = browser.get(f"/clienten/{world.client_a}").text
    form = page[page.index('action="/clienten/' + world.client_a + '/trede"'):]
    form = form[: form.index("</form>")]
    assert "Kies een trede" in form and "Kies een groep" in form and "Voorstel bevestigen" not in form
    assert 'value="1" selected' not in form and 'selected disabled' in form
    response = browser.post(f"/clienten/{world.client_a}/trede", data={"csrf_token": page_csrf(browser), "reden": ""})
    assert "trede_fout" in response.headers["location"]
