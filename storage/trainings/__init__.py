"""Trainings: editions and their sessions, participants and their messages, attendance, the export section.

Modules: `editions` (planning, looking up, cancelling a session), `participants`
(invitations, answers, capacity, waitlist), `messages` (what a participant is
sent), `attendance`, and `export` (the trainings section of a client's export).
Every message a participant gets is a scheduled message; its dedupe key starts
with `training:<edition>:`, so the rows of one edition (or one session) can be
found and cancelled together.

The editions API is importable from the package itself (`from storage import
trainings; trainings.get_edition(...)`), as it is the one every caller needs.
"""
from storage.trainings.editions import (
    DESCRIPTION_LENGTH,
    MAX_CAPACITY,
    MAX_SESSIONS,
    PlannedSession,
    cancel_session,
    dedupe_prefix,
    get_edition,
    get_session,
    is_open_for_signup,
    open_editions,
    plan_edition,
    require_edition,
    sessions_of,
)

__all__ = [
    "DESCRIPTION_LENGTH",
    "MAX_CAPACITY",
    "MAX_SESSIONS",
    "PlannedSession",
    "cancel_session",
    "dedupe_prefix",
    "get_edition",
    "get_session",
    "is_open_for_signup",
    "open_editions",
    "plan_edition",
    "require_edition",
    "sessions_of",
]
