"""Tables for applications (sollicitaties): the werkmap, its status history, agreements."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Boolean, Column, Date, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped

from storage.tables.base import EMAIL_LENGTH, Base, client_ref_column
from storage.timestamps import UtcDateTime


# The values follow UWV's werkmap: how someone applied, and what came of it.
APPLICATION_CHANNELS = (
    "brief",
    "online",
    "open_sollicitatie",
    "telefonisch",
    "langsgegaan",
    "uitzendbureau",
    "netwerk",
    "klantmanager",
)
APPLICATION_STATUSES = (
    "verstuurd",
    "uitgenodigd",
    "gesprek_gehad",
    "afgewezen",
    "aangenomen",
    "proefplaatsing",
    "geen_reactie",
)
EMPLOYER_LENGTH = 80
POSITION_LENGTH = 80


class Application(Base):
    """One application (sollicitatie) as the client told it: the werkmap's fields."""

    __tablename__ = "applications"

    id: Mapped[int] = Column(Integer, primary_key=True)
    client_id: Mapped[str] = client_ref_column(nullable=False, index=True)
    # A calendar day in the client's own time zone, as they said it ("gisteren").
    applied_on: Mapped[date] = Column(Date, nullable=False)
    employer: Mapped[str] = Column(String(EMPLOYER_LENGTH), nullable=False)
    position: Mapped[Optional[str]] = Column(String(POSITION_LENGTH), nullable=True)  # None: "weet ik niet meer"
    channel: Mapped[Optional[str]] = Column(String(20), nullable=True)
    # The latest status; every change is also kept in application_status_changes.
    status: Mapped[str] = Column(String(20), nullable=False, default="verstuurd", server_default="verstuurd")
    # When only the day of an interview is known, interview_at is the start of that
    # local day and interview_time_known is false.
    interview_at: Mapped[Optional[datetime]] = Column(UtcDateTime, nullable=True, index=True)
    interview_time_known: Mapped[bool] = Column(Boolean, nullable=False, default=False, server_default=false())
    created_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
    updated_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)


class ApplicationStatusChange(Base):
    """Append-only history of an application's status, first "verstuurd" included."""

    __tablename__ = "application_status_changes"

    id: Mapped[int] = Column(Integer, primary_key=True)
    application_id: Mapped[int] = Column(
        Integer, ForeignKey("applications.id", ondelete="CASCADE"), nullable=False, index=True
    )
    status: Mapped[str] = Column(String(20), nullable=False)
    changed_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)


class ApplicationAgreement(Base):
    """The per-client agreement on how often to apply, set by the klantmanager.

    No row means the gemeente's default (sollicitatieafspraak) applies. An exempt
    client (vrijgesteld) has no number and no period.
    """

    __tablename__ = "application_agreements"

    client_id: Mapped[str] = client_ref_column(primary_key=True)
    vrijgesteld: Mapped[bool] = Column(Boolean, nullable=False, default=False, server_default=false())
    aantal: Mapped[Optional[int]] = Column(Integer, nullable=True)
    periode_weken: Mapped[Optional[int]] = Column(Integer, nullable=True)
    # Periods are consecutive blocks of periode_weken weeks counted from this day.
    starts_on: Mapped[date] = Column(Date, nullable=False)
    set_by: Mapped[str] = Column(String(EMAIL_LENGTH), nullable=False)
    set_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
