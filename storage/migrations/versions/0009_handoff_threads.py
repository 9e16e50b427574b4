"""The caseworker answers in the chat: a thread per request, and an outbox of e-mails about requests.

Written by hand, like 0001. Constraint names follow storage.models.NAMING_CONVENTION.
Thread messages go with their request and client (erasure); e-mails hold no
client data, only links to the requests they are about, which go with them.

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

CLIENT_ID = 16
EMAIL = 254
NAAM = 120


def _timestamp(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "handoff_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handoff_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(CLIENT_ID), nullable=False),
        sa.Column("author_kind", sa.String(12), nullable=False),
        sa.Column("author", sa.String(EMAIL), nullable=True),
        sa.Column("author_name", sa.String(NAAM), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("scheduled_message_id", sa.Integer(), nullable=True),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_handoff_messages"),
        sa.ForeignKeyConstraint(
            ["handoff_id"], ["handoff_requests.id"], name="fk_handoff_messages_handoff_id_handoff_requests", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["client_id"], ["clients.id"], name="fk_handoff_messages_client_id_clients", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["scheduled_message_id"],
            ["scheduled_messages.id"],
            name="fk_handoff_messages_scheduled_message_id_scheduled_messages",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_handoff_messages_handoff_id", "handoff_messages", ["handoff_id"])
    op.create_index("ix_handoff_messages_client_id", "handoff_messages", ["client_id"])

    op.create_table(
        "email_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("to_address", sa.String(EMAIL), nullable=False),
        sa.Column("status", sa.String(12), nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default=sa.text("0")),
        _timestamp("next_attempt_at"),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("dedupe_key", sa.String(120), nullable=True),
        _timestamp("claimed_at", nullable=True),
        _timestamp("created_at"),
        _timestamp("sent_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_email_outbox"),
        sa.UniqueConstraint("dedupe_key", name="uq_email_outbox_dedupe_key"),
    )
    op.create_index("ix_email_outbox_status_next_attempt_at", "email_outbox", ["status", "next_attempt_at"])

    op.create_table(
        "email_handoffs",
        sa.Column("email_id", sa.Integer(), nullable=False),
        sa.Column("handoff_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("email_id", "handoff_id", name="pk_email_handoffs"),
        sa.ForeignKeyConstraint(["email_id"], ["email_outbox.id"], name="fk_email_handoffs_email_id_email_outbox", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["handoff_id"], ["handoff_requests.id"], name="fk_email_handoffs_handoff_id_handoff_requests", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_email_handoffs_handoff_id", "email_handoffs", ["handoff_id"])


def downgrade() -> None:
    op.drop_index("ix_email_handoffs_handoff_id", table_name="email_handoffs")
    op.drop_table("email_handoffs")
    op.drop_index("ix_email_outbox_status_next_attempt_at", table_name="email_outbox")
    op.drop_table("email_outbox")
    op.drop_index("ix_handoff_messages_client_id", table_name="handoff_messages")
    op.drop_index("ix_handoff_messages_handoff_id", table_name="handoff_messages")
    op.drop_table("handoff_messages")
