"""E-mail about waiting requests, against a real local SMTP server (aiosmtpd) started by the test.

Runs on SQLite and PostgreSQL. The clock is injected, so office hours, the
batch and the digest are decided by the test, never by the time it runs.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import socket
import ssl
from datetime import datetime, timedelta, timezone
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from bot.database import Database
from bot.mailer import Mailer
from bot.notifications import Notifier
from storage import caseworkers, clients, handoffs, notifications
from storage.db import unit_of_work
from storage.erasure import erase_client
from testing.postgres import BACKENDS, migrated_database
from werkmaatje.gemeenten import load_gemeenten
from werkmaatje.settings import Settings

# Tuesday 3 December 2030, 10:00 in Hengelo (09:00 UTC): office hours.
TUESDAY_10 = datetime(2030, 12, 3, 9, 0, tzinfo=timezone.utc)
SATURDAY_23 = datetime(2030, 12, 7, 22, 0, tzinfo=timezone.utc)


class Inbox:
    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append((list(envelope.rcpt_tos), message["Subject"], message.get_content()))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="module", params=BACKENDS)
def factory(request, tmp_path_factory):
    with migrated_database(request.param, tmp_path_factory, {"hengelo": "Gemeente Hengelo"}) as (_url, made):
        yield made


@pytest.fixture
def smtp():
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port, controller
    finally:
        controller.stop()


_people = iter(range(1, 10_000))


@pytest.fixture
def people(factory):
    """A klantmanager in Hengelo with a client, and a client without klantmanager."""
    n = next(_people)
    with unit_of_work(factory) as s:
        sanne = caseworkers.add_caseworker(s, email=f"sanne{n}@hengelo.example", naam="Sanne Bakker", gemeente_id="hengelo")
        anna = clients.add_client(s, gemeente_id="hengelo", naam="Anna de Vries", caseworker_email=sanne.email, now=TUESDAY_10)
        bram = clients.add_client(s, gemeente_id="hengelo", naam="Bram Jansen", now=TUESDAY_10)
    return sanne.email, anna.id, bram.id


def notifier(factory, port, clock, **overrides) -> Notifier:
    settings = Settings(environment="test", smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False, **overrides)
    return Notifier(
        Database(factory), Mailer(settings), load_gemeenten(settings.gemeenten_dir),
        portal_url="https://portal.hengelo.example", sender="werkmaatje@hengelo.example", timezone_name="Europe/Amsterdam", clock=clock,
    )


def _handoff(factory, client_id, kind, at, reason="ik zie het niet meer zitten, mijn schulden"):
    with unit_of_work(factory) as s:
        return handoffs.create_handoff(s, client_id, kind=kind, reason=reason, urgent=kind == "distress", now=at).id


def _to(inbox, address):
    return [m for m in inbox.messages if address in m[0]]


def test_distress_mails_the_klantmanager_at_once_without_what_was_written(factory, smtp, people):
    inbox, port, _ = smtp
    sanne, anna, _ = people
    handoff_id = _handoff(factory, anna, "distress", TUESDAY_10)
    clock = Clock(TUESDAY_10 + timedelta(seconds=2))
    asyncio.run(notifier(factory, port, clock).scan())
    (recipients, subject, body), = _to(inbox, sanne)
    assert recipients == [sanne] and subject == "Werkmaatje: een noodsignaal wacht op je"
    assert f"Anna ({anna})" in body and f"https://portal.hengelo.example/verzoeken/{handoff_id}" in body
    for secret in ("zitten", "schulden", "de Vries", "Vries"):
        assert secret not in body and secret not in subject
    # During office hours the team address is not woken; a second scan sends nothing again.
    assert all(f"/verzoeken/{handoff_id}" not in m[2] for m in _to(inbox, "werk-team@hengelo.example"))
    before = len(inbox.messages)
    asyncio.run(notifier(factory, port, clock).scan())
    assert len(inbox.messages) == before


def test_distress_at_night_or_without_klantmanager_also_reaches_the_team(factory, smtp, people):
    inbox, port, _ = smtp
    sanne, anna, bram = people
    night = _handoff(factory, anna, "distress", SATURDAY_23)
    orphan = _handoff(factory, bram, "distress", SATURDAY_23)
    asyncio.run(notifier(factory, port, Clock(SATURDAY_23 + timedelta(seconds=3))).scan())
    team = [m[2] for m in _to(inbox, "werk-team@hengelo.example")]
    assert any(f"/verzoeken/{night}" in body for body in team) and any(f"/verzoeken/{orphan}" in body for body in team)
    assert any(f"/verzoeken/{night}" in m[2] for m in _to(inbox, sanne))


def test_new_requests_are_batched_per_klantmanager(factory, smtp, people):
    inbox, port, _ = smtp
    sanne, anna, _ = people
    first = [_handoff(factory, anna, "contact", TUESDAY_10 + timedelta(minutes=m), reason="bel me") for m in (1, 5)]
    clock = Clock(TUESDAY_10 + timedelta(minutes=30))
    mail = notifier(factory, port, clock)
    asyncio.run(mail.batch())
    asyncio.run(mail.send_due())
    batch = [m for m in _to(inbox, sanne) if m[1] == "Werkmaatje: nieuwe verzoeken om contact"]
    assert len(batch) == 1 and all(f"/verzoeken/{h}" in batch[0][2] for h in first) and "bel me" not in batch[0][2]
    asyncio.run(mail.batch())
    asyncio.run(mail.send_due())
    assert len([m for m in _to(inbox, sanne) if m[1].endswith("contact")]) == 1  # nothing new, no mail
    later = _handoff(factory, anna, "contact", clock.now + timedelta(minutes=1))
    clock.now += timedelta(minutes=30)
    asyncio.run(mail.batch())
    asyncio.run(mail.send_due())
    batches = [m for m in _to(inbox, sanne) if m[1].endswith("contact")]
    assert len(batches) == 2 and f"/verzoeken/{later}" in batches[1][2] and f"/verzoeken/{first[0]}" not in batches[1][2]


def test_the_digest_lists_requests_past_half_their_term_once_a_day(factory, smtp, people):
    inbox, port, _ = smtp
    sanne, anna, _ = people
    # Hengelo: "binnen 2 werkdagen". Friday 10:00 -> deadline Tuesday 10:00, half way on Sunday.
    friday = datetime(2030, 12, 6, 9, 0, tzinfo=timezone.utc)
    waiting = _handoff(factory, anna, "contact", friday)
    monday_early = datetime(2030, 12, 9, 7, 0, tzinfo=timezone.utc)  # 08:00 local, before the digest hour
    fresh = _handoff(factory, anna, "contact", monday_early)
    clock = Clock(monday_early)
    mail = notifier(factory, port, clock)

    def digests():
        with unit_of_work(factory) as s:
            return [e for e in notifications.emails_to(s, sanne) if e.kind == "digest"]

    with unit_of_work(factory) as s:
        mail.plan_digests(s, now=clock.now)
    assert digests() == []
    clock.now = datetime(2030, 12, 9, 8, 0, tzinfo=timezone.utc)  # 09:00 local
    for later in (timedelta(0), timedelta(hours=2)):  # once a day
        with unit_of_work(factory) as s:
            mail.plan_digests(s, now=clock.now + later)
    assert len(digests()) == 1
    asyncio.run(mail.send_due())
    (digest,) = [m for m in _to(inbox, sanne) if m[1] == "Werkmaatje: verzoeken die bijna te lang wachten"]
    assert f"/verzoeken/{waiting}" in digest[2] and f"/verzoeken/{fresh}" not in digest[2]


def test_smtp_down_then_up_loses_nothing_and_vandaag_shows_the_wait(factory, people):
    sanne, anna, _ = people
    port = free_port()  # nothing listens here yet
    handoff_id = _handoff(factory, anna, "distress", TUESDAY_10)
    clock = Clock(TUESDAY_10 + timedelta(seconds=1))
    mail = notifier(factory, port, clock)
    asyncio.run(mail.scan())
    with unit_of_work(factory) as s:
        (email,) = [e for e in notifications.emails_to(s, sanne) if e.kind == "distress"]
        assert (email.status, email.attempts) == ("pending", 1) and "ConnectionRefusedError" in email.last_error
        caseworker = caseworkers.get_caseworker_by_email(s, sanne)
        assert [e.id for e in notifications.failing_emails(s, caseworker)] == [email.id]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        asyncio.run(mail.scan())
        assert _to(inbox, sanne) == []  # not yet: the retry waits a minute
        clock.now += timedelta(minutes=2)
        asyncio.run(mail.scan())
    finally:
        controller.stop()
    assert [f"/verzoeken/{handoff_id}" in m[2] for m in _to(inbox, sanne)] == [True]
    with unit_of_work(factory) as s:
        assert notifications.failing_emails(s, caseworkers.get_caseworker_by_email(s, sanne)) == []


def test_a_mail_about_an_erased_client_is_not_sent(factory, smtp, people):
    inbox, port, _ = smtp
    sanne, anna, _ = people
    _handoff(factory, anna, "distress", TUESDAY_10)
    mail = notifier(factory, port, Clock(TUESDAY_10))
    with unit_of_work(factory) as s:
        mail.plan_distress(s, now=TUESDAY_10)
        erase_client(s, anna, keep=[], actor="test", now=TUESDAY_10)
    asyncio.run(mail.send_due())
    assert _to(inbox, sanne) == []


def _self_signed(tmp_path):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import ipaddress

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return cert_file, key_file


def test_starttls_and_sign_in_with_the_settings_credentials(factory, people, tmp_path):
    sanne, anna, _ = people
    cert_file, key_file = _self_signed(tmp_path)
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert_file, key_file)
    seen = []

    def authenticate(server, session, envelope, mechanism, auth_data):
        seen.append((mechanism, session.ssl is not None))
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (b"werkmaatje", b"geheim-wachtwoord")
        return AuthResult(success=ok)

    inbox, port = Inbox(), free_port()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=port, tls_context=server_tls, require_starttls=True,
        authenticator=authenticate, auth_require_tls=True,
    )
    controller.start()
    try:
        _handoff(factory, anna, "distress", TUESDAY_10)
        settings = Settings(
            environment="test", smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=True,
            smtp_username="werkmaatje", smtp_password="geheim-wachtwoord",
        )
        client_tls = ssl.create_default_context(cafile=str(cert_file))
        mail = Notifier(
            Database(factory), Mailer(settings, ssl_context=client_tls), load_gemeenten(settings.gemeenten_dir),
            portal_url="https://portal.hengelo.example", sender="werkmaatje@hengelo.example", timezone_name="Europe/Amsterdam",
            clock=Clock(TUESDAY_10),
        )
        asyncio.run(mail.scan())
    finally:
        controller.stop()
    assert seen and all(tls for _, tls in seen)
    assert _to(inbox, sanne)
