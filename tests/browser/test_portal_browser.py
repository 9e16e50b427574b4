"""The portal in headless Chromium on demo data: sign in, handle an inbox item, confirm a ladder step, plan a training."""
from __future__ import annotations

from datetime import date, timedelta

from tests.browser.conftest import screenshot, sign_in

KLANTMANAGER = "sanne.bakker@hengelo.example"
TEAMLEIDER = "joost.teamleider@hengelo.example"


def test_sign_in_and_handle_an_inbox_item(page, portal_url):
    sign_in(page, portal_url, KLANTMANAGER)
    assert page.get_by_role("heading", level=1).inner_text() == "Vandaag"
    cards = page.locator("ol.cards > li")
    before = cards.count()
    assert before >= 1
    screenshot(page, "01-vandaag")
    first = cards.first
    name = first.locator("h3 a").inner_text()
    first.get_by_label("Notitie (wat heb je gedaan?)").fill("Gebeld, alles <b>goed</b>.")
    first.get_by_role("button", name="Afgehandeld").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text() == "Het verzoek is afgehandeld."
    assert page.locator("ol.cards > li").count() == before - 1
    screenshot(page, "02-vandaag-afgehandeld")
    # The note is in the client's file, as text.
    page.get_by_role("link", name="Cliënten").click()
    page.get_by_role("link", name=name, exact=True).first.click()
    assert page.get_by_text("Gebeld, alles <b>goed</b>.").count() >= 1


def test_confirm_a_ladder_step(page, portal_url):
    sign_in(page, portal_url, KLANTMANAGER)
    page.goto(portal_url + "/clienten?sorteer=trede")
    row = page.locator("tbody tr", has=page.locator(".tag", has_text="bevestigen")).first
    row.locator("th a").click()
    page.wait_for_load_state()
    section = page.locator("#intake")
    assert "Nog niet bevestigd" in section.inner_text()
    screenshot(page, "03-dossier-voorstel")
    section.get_by_label("Trede").select_option("4")
    section.get_by_label("Groep").select_option("middengroep")
    section.get_by_label("Reden").fill("Doet wekelijks vrijwilligerswerk bij de voedselbank.")
    section.get_by_role("button", name="Voorstel bevestigen of aanpassen").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text() == "De trede en groep zijn vastgelegd."
    text = page.locator("#intake").inner_text()
    assert "4 · Onbetaald werk, Kwetsbare middengroep (Sanne Bakker)" in text
    assert "Bevestigd door Sanne Bakker — trede 4, Kwetsbare middengroep — “Doet wekelijks vrijwilligerswerk bij de voedselbank.”" in text
    screenshot(page, "04-dossier-trede-bevestigd")


def test_plan_a_training_and_invite(page, portal_url):
    sign_in(page, portal_url, KLANTMANAGER)
    page.get_by_role("link", name="Trainingen").click()
    page.get_by_label("Training uit de catalogus").select_option("heftruck")
    first = date.today() + timedelta(days=21)
    page.get_by_label("Datum 1", exact=True).fill(first.isoformat())
    page.get_by_label("Tijd 1", exact=True).fill("09:30")
    page.get_by_label("Datum 2", exact=True).fill((first + timedelta(days=7)).isoformat())
    page.get_by_label("Waar").fill("Opleidingscentrum Twente, lokaal 4")
    page.get_by_label("Aantal plaatsen").fill("10")
    screenshot(page, "05-training-plannen")
    page.get_by_role("button", name="Training plannen").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text() == "De training is gepland."
    assert page.get_by_role("heading", level=1).inner_text() == "Cursus heftruckchauffeur"
    boxes = page.locator("fieldset input[type=checkbox]")
    assert boxes.count() >= 2
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_role("button", name="Gekozen cliënten uitnodigen").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text().startswith("De uitnodigingen staan klaar.")
    assert page.locator("tbody tr").count() == 2
    assert page.get_by_text("Uitgenodigd, nog geen antwoord").count() == 2
    screenshot(page, "06-training-uitgenodigd")


def test_dashboard_and_keyboard_navigation(page, portal_url):
    sign_in(page, portal_url, TEAMLEIDER)
    page.goto(portal_url + "/dashboard")
    assert page.locator("figure.chart svg").count() == 7
    screenshot(page, "07-dashboard")
    # The first Tab reaches the skip link, Enter moves to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"


def test_user_text_is_shown_as_text(page, portal_url):
    sign_in(page, portal_url, KLANTMANAGER)
    page.goto(portal_url + "/clienten")
    for link in page.locator("tbody th a").all()[:12]:
        href = link.get_attribute("href")
        detail = page.context.new_page()
        detail.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        detail.goto(portal_url + href)
        if detail.get_by_text("<script>alert('x')</script> BV").count():
            screenshot(detail, "08-dossier-escaped")
            detail.close()
            return
        detail.close()
    raise AssertionError("no demo client with the <script> employer in this caseload")


def test_answer_a_request_in_the_chat_and_close_it(page, portal_url):
    sign_in(page, portal_url, KLANTMANAGER)
    card = page.locator("ol.cards > li", has=page.get_by_role("link", name="Schrijf in de chat of lees het gesprek")).first
    name = card.locator("h3 a").inner_text()
    card.get_by_role("link", name="Schrijf in de chat of lees het gesprek").click()
    page.wait_for_load_state()
    assert name in page.get_by_role("heading", level=1).inner_text()
    page.get_by_label(f"Schrijf aan {name}").fill("Hoi! Ik bel je morgen om 10 uur. <b>Goed?</b>")
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text() == "Je bericht staat klaar en gaat nu naar de cliënt."
    bubble = page.locator("ol.thread > li").last
    assert "Hoi! Ik bel je morgen om 10 uur. <b>Goed?</b>" in bubble.inner_text()
    screenshot(page, "07-verzoek-gesprek")
    # Too long: refused in the form, the text kept.
    page.get_by_label(f"Schrijf aan {name}").fill("x" * 4100)
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_load_state()
    assert "Dit bericht is te lang" in page.get_by_role("alert").last.inner_text()
    page.get_by_label("Notitie (wat heb je gedaan?)").fill("Afspraak gemaakt.")
    page.get_by_role("button", name="Afgehandeld").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text() == "Het verzoek is afgehandeld."
    screenshot(page, "08-verzoek-afgehandeld")
