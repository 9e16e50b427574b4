"""Scheduled messages, appointments and message preferences (reminders).

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

CLIENT_ID = 16


def _timestamp(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _client_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["client_id"], ["clients.id"], name=f"fk_{table}_client_id_clients", ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "appointments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(CLIENT_ID), nullable=False),
        _timestamp("starts_at"),
        sa.Column("waar", sa.String(200), nullable=False),
        sa.Column("met", sa.String(120), nullable=False),
        sa.Column("status", sa.String(12), nullable=False, server_default="planned"),
        sa.Column("created_by", sa.String(254), nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_appointments"),
        _client_fk("appointments"),
    )
    op.create_index("ix_appointments_client_id", "appointments", ["client_id"])

    op.create_table(
        "scheduled_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(CLIENT_ID), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        _timestamp("due_at"),
        _timestamp("event_at", nullable=True),
        sa.Column("payload", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("status", sa.String(12), nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("dedupe_key", sa.String(80), nullable=True),
        sa.Column("appointment_id", sa.Integer(), nullable=True),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        _timestamp("claimed_at", nullable=True),
        _timestamp("sent_at", nullable=True),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_scheduled_messages"),
        _client_fk("scheduled_messages"),
        sa.ForeignKeyConstraint(
            ["appointment_id"], ["appointments.id"],
            name="fk_scheduled_messages_appointment_id_appointments", ondelete="CASCADE",
        ),
        sa.UniqueConstraint("client_id", "dedupe_key", name="uq_scheduled_messages_client_id_dedupe_key"),
    )
    op.create_index("ix_scheduled_messages_client_id", "scheduled_messages", ["client_id"])
    op.create_index("ix_scheduled_messages_appointment_id", "scheduled_messages", ["appointment_id"])
    op.create_index("ix_scheduled_messages_status_due_at", "scheduled_messages", ["status", "due_at"])

    op.create_table(
        "message_preferences",
        sa.Column("client_id", sa.String(CLIENT_ID), nullable=False),
        sa.Column("nudges_off", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("no_weekend", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("part_of_day", sa.String(12), nullable=True),
        _timestamp("paused_since", nullable=True),
        _timestamp("updated_at"),
        sa.PrimaryKeyConstraint("client_id", name="pk_message_preferences"),
        _client_fk("message_preferences"),
    )


def downgrade() -> None:
    op.drop_table("message_preferences")
    op.drop_index("ix_scheduled_messages_status_due_at", table_name="scheduled_messages")
    op.drop_index("ix_scheduled_messages_appointment_id", table_name="scheduled_messages")
    op.drop_index("ix_scheduled_messages_client_id", table_name="scheduled_messages")
    op.drop_table("scheduled_messages")
    op.drop_index("ix_appointments_client_id", table_name="appointments")
    op.drop_table("appointments")
