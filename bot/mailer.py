"""E-mail through a real SMTP server (the standard library's smtplib, in a worker thread).

A mail names only that something waits, the client's first name and client
number, and the link to the portal page; never what the person wrote, their
health or their full name. Its text is written just before sending, from the
requests that still exist.
"""
from __future__ import annotations

import asyncio
import smtplib
import ssl
from email.message import EmailMessage
from typing import List, Optional
from zoneinfo import ZoneInfo

from storage.handoff_threads import first_name
from storage.notifications import Subject
from werkmaatje.texts import calendar as calendar_texts, caseworker as caseworker_texts
from werkmaatje.settings import Settings


def mail_text(kind: str, subjects: List[Subject], *, portal_url: str, timezone_name: str) -> str:
    zone = ZoneInfo(timezone_name)
    lines = [caseworker_texts.EMAIL_INTROS[kind], ""]
    for subject in subjects:
        since = subject.handoff.created_at.astimezone(zone)
        lines.append(
            caseworker_texts.EMAIL_LINE.format(
                voornaam=first_name(subject.client.naam) or "?",
                client_id=subject.client.id,
                soort=caseworker_texts.PORTAL_HANDOFF_KINDS.get(subject.handoff.kind, subject.handoff.kind).lower(),
                sinds=f"{calendar_texts.day_in_words(since.date())} {since:%H:%M}",
                link=f"{portal_url.rstrip('/')}/verzoeken/{subject.handoff.id}",
            )
        )
    lines += ["", caseworker_texts.EMAIL_FOOTER]
    return "\n".join(lines)


def build_message(kind: str, to: str, body: str, *, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = caseworker_texts.EMAIL_SUBJECTS[kind]
    message.set_content(body)
    return message


class Mailer:
    def __init__(self, settings: Settings, ssl_context: Optional[ssl.SSLContext] = None) -> None:
        self._settings = settings
        # Tests pass a context that trusts their own certificate; production uses the system's.
        self._ssl_context = ssl_context

    @property
    def configured(self) -> bool:
        return bool(self._settings.smtp_host)

    async def send(self, message: EmailMessage) -> None:
        """Raises OSError / smtplib.SMTPException when the server cannot take it now."""
        await asyncio.to_thread(self._send_blocking, message)

    def _send_blocking(self, message: EmailMessage) -> None:
        settings = self._settings
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout) as smtp:
            smtp.ehlo()
            if settings.smtp_starttls:
                smtp.starttls(context=self._ssl_context or ssl.create_default_context())
                smtp.ehlo()
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password or "")
            smtp.send_message(message)
