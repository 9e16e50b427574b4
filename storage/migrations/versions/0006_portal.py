"""Caseworker portal: passwords, sign-in attempts, sessions and notes on handoff requests.

Written by hand, like 0001. Constraint names follow storage.models.NAMING_CONVENTION.
Sessions and accounts go with their caseworker; notes go with their handoff
request (and so with the client, on erasure).

Revision ID: 0006
Revises: 0005 (trainings; intake and trainings are merged into this branch)
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

EMAIL = 254


def _timestamp(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "portal_accounts",
        sa.Column("caseworker_id", sa.Integer(), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        _timestamp("password_set_at"),
        sa.PrimaryKeyConstraint("caseworker_id", name="pk_portal_accounts"),
        sa.ForeignKeyConstraint(
            ["caseworker_id"], ["caseworkers.id"], name="fk_portal_accounts_caseworker_id_caseworkers", ondelete="CASCADE"
        ),
    )

    op.create_table(
        "portal_login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(EMAIL), nullable=False),
        sa.Column("remote", sa.String(64), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        _timestamp("at"),
        sa.PrimaryKeyConstraint("id", name="pk_portal_login_attempts"),
    )
    for column in ("email", "remote", "at"):
        op.create_index(f"ix_portal_login_attempts_{column}", "portal_login_attempts", [column])

    op.create_table(
        "portal_sessions",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("caseworker_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        _timestamp("created_at"),
        _timestamp("last_seen_at"),
        _timestamp("expires_at"),
        sa.PrimaryKeyConstraint("token_hash", name="pk_portal_sessions"),
        sa.ForeignKeyConstraint(
            ["caseworker_id"], ["caseworkers.id"], name="fk_portal_sessions_caseworker_id_caseworkers", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_portal_sessions_caseworker_id", "portal_sessions", ["caseworker_id"])

    op.create_table(
        "handoff_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handoff_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("author", sa.String(EMAIL), nullable=False),
        _timestamp("at"),
        sa.PrimaryKeyConstraint("id", name="pk_handoff_notes"),
        sa.ForeignKeyConstraint(
            ["handoff_id"], ["handoff_requests.id"], name="fk_handoff_notes_handoff_id_handoff_requests", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_handoff_notes_handoff_id", "handoff_notes", ["handoff_id"])


def downgrade() -> None:
    for table in ("handoff_notes", "portal_sessions", "portal_login_attempts", "portal_accounts"):
        op.drop_table(table)
