"""Foundation tables.

Gemeenten, caseworkers, clients, Telegram links, koppelcodes, consent, handoffs,
the bot's inbox, inline keyboards and the audit log.

Written by hand. Constraint names follow storage.models.NAMING_CONVENTION so later
migrations can refer to them; timestamps are timezone-aware (timestamptz on PostgreSQL).

Revision ID: 0001
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
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
        "gemeenten",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("naam", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_gemeenten"),
    )

    op.create_table(
        "caseworkers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("naam", sa.String(120), nullable=False),
        sa.Column("gemeente_id", sa.String(40), nullable=False),
        sa.Column("role", sa.String(20), nullable=False, server_default="klantmanager"),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_caseworkers"),
        sa.UniqueConstraint("email", name="uq_caseworkers_email"),
        sa.ForeignKeyConstraint(["gemeente_id"], ["gemeenten.id"], name="fk_caseworkers_gemeente_id_gemeenten"),
    )
    op.create_index("ix_caseworkers_gemeente_id", "caseworkers", ["gemeente_id"])

    op.create_table(
        "clients",
        sa.Column("id", sa.String(CLIENT_ID), nullable=False),
        sa.Column("naam", sa.String(120), nullable=False),
        sa.Column("gemeente_id", sa.String(40), nullable=False),
        sa.Column("caseworker_id", sa.Integer(), nullable=True),
        _timestamp("created_at"),
        _timestamp("unreachable_since", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_clients"),
        sa.ForeignKeyConstraint(["gemeente_id"], ["gemeenten.id"], name="fk_clients_gemeente_id_gemeenten"),
        sa.ForeignKeyConstraint(
            ["caseworker_id"], ["caseworkers.id"], name="fk_clients_caseworker_id_caseworkers", ondelete="SET NULL"
        ),
    )
    op.create_index("ix_clients_gemeente_id", "clients", ["gemeente_id"])
    op.create_index("ix_clients_caseworker_id", "clients", ["caseworker_id"])

    op.create_table(
        "telegram_links",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("client_id", sa.String(CLIENT_ID), nullable=False),
        _timestamp("linked_at"),
        sa.PrimaryKeyConstraint("chat_id", name="pk_telegram_links"),
        sa.UniqueConstraint("client_id", name="uq_telegram_links_client_id"),
        _client_fk("telegram_links"),
    )

    op.create_table(
        "koppelcodes",
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("client_id", sa.String(CLIENT_ID), nullable=False),
        _timestamp("created_at"),
        _timestamp("expires_at"),
        _timestamp("used_at", nullable=True),
        sa.PrimaryKeyConstraint("code_hash", name="pk_koppelcodes"),
        _client_fk("koppelcodes"),
    )
    op.create_index("ix_koppelcodes_client_id", "koppelcodes", ["client_id"])

    op.create_table(
        "consent_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(CLIENT_ID), nullable=False),
        sa.Column("text_version", sa.String(20), nullable=False),
        sa.Column("decision", sa.String(12), nullable=False),
        _timestamp("recorded_at"),
        sa.PrimaryKeyConstraint("id", name="pk_consent_records"),
        _client_fk("consent_records"),
    )
    op.create_index("ix_consent_records_client_id", "consent_records", ["client_id"])

    op.create_table(
        "handoff_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(CLIENT_ID), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("urgent", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("status", sa.String(20), nullable=False, server_default="open"),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_handoff_requests"),
        _client_fk("handoff_requests"),
    )
    op.create_index("ix_handoff_requests_client_id", "handoff_requests", ["client_id"])

    op.create_table(
        "inbound_messages",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("status", sa.String(12), nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default=sa.text("0")),
        _timestamp("received_at"),
        _timestamp("processed_at", nullable=True),
        sa.PrimaryKeyConstraint("chat_id", "update_id", name="pk_inbound_messages"),
    )
    op.create_index("ix_inbound_messages_status", "inbound_messages", ["status"])

    op.create_table(
        "keyboards",
        sa.Column("id", sa.String(12), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("buttons", sa.Text(), nullable=False),
        _timestamp("created_at"),
        _timestamp("used_at", nullable=True),
        sa.Column("chosen_index", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_keyboards"),
    )

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(254), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("client_id", sa.String(CLIENT_ID), nullable=True),
        _timestamp("at"),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_client_id", "audit_log", ["client_id"])


def downgrade() -> None:
    # Children before parents, so foreign keys never block a drop.
    for table in (
        "audit_log",
        "keyboards",
        "inbound_messages",
        "handoff_requests",
        "consent_records",
        "koppelcodes",
        "telegram_links",
        "clients",
        "caseworkers",
        "gemeenten",
    ):
        op.drop_table(table)
