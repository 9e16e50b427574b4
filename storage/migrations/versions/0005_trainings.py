"""Trainings: editions of catalogue trainings, their sessions, participants and attendance.

Written by hand, like 0001. Constraint names follow storage.models.NAMING_CONVENTION.
Participants and attendance point at a client with ON DELETE CASCADE, so
erasing a client erases their training records too.

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

CLIENT_ID = 16
EMAIL = 254


def _timestamp(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "training_editions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gemeente_id", sa.String(40), nullable=False),
        sa.Column("training_id", sa.String(40), nullable=False),
        sa.Column("titel", sa.String(80), nullable=False),
        sa.Column("omschrijving", sa.Text(), nullable=False),
        sa.Column("meenemen", sa.String(200), nullable=False),
        sa.Column("verplicht", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("zelf_aanmelden", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("capacity", sa.Integer(), nullable=False),
        _timestamp("signup_deadline"),
        sa.Column("status", sa.String(12), nullable=False, server_default="gepland"),
        sa.Column("created_by", sa.String(EMAIL), nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_training_editions"),
        sa.ForeignKeyConstraint(["gemeente_id"], ["gemeenten.id"], name="fk_training_editions_gemeente_id_gemeenten"),
    )
    op.create_index("ix_training_editions_gemeente_id", "training_editions", ["gemeente_id"])

    op.create_table(
        "training_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        _timestamp("starts_at"),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("waar", sa.String(200), nullable=False),
        sa.Column("status", sa.String(12), nullable=False, server_default="gepland"),
        sa.PrimaryKeyConstraint("id", name="pk_training_sessions"),
        sa.ForeignKeyConstraint(
            ["edition_id"], ["training_editions.id"], name="fk_training_sessions_edition_id_training_editions",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_training_sessions_edition_id", "training_sessions", ["edition_id"])

    op.create_table(
        "training_participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(CLIENT_ID), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("source", sa.String(12), nullable=False),
        sa.Column("waitlist_seq", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("moved_up", sa.Boolean(), nullable=False, server_default=sa.false()),
        _timestamp("invited_at", nullable=True),
        _timestamp("responded_at", nullable=True),
        _timestamp("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_training_participants"),
        sa.ForeignKeyConstraint(
            ["edition_id"], ["training_editions.id"], name="fk_training_participants_edition_id_training_editions",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name="fk_training_participants_client_id_clients", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("edition_id", "client_id", name="uq_training_participants_edition_id_client_id"),
    )
    op.create_index("ix_training_participants_edition_id", "training_participants", ["edition_id"])
    op.create_index("ix_training_participants_client_id", "training_participants", ["client_id"])

    op.create_table(
        "training_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(CLIENT_ID), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("registered_by", sa.String(EMAIL), nullable=False),
        _timestamp("registered_at"),
        sa.PrimaryKeyConstraint("id", name="pk_training_attendance"),
        sa.ForeignKeyConstraint(
            ["session_id"], ["training_sessions.id"], name="fk_training_attendance_session_id_training_sessions",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name="fk_training_attendance_client_id_clients", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("session_id", "client_id", name="uq_training_attendance_session_id_client_id"),
    )
    op.create_index("ix_training_attendance_session_id", "training_attendance", ["session_id"])
    op.create_index("ix_training_attendance_client_id", "training_attendance", ["client_id"])


def downgrade() -> None:
    # Children before parents, so foreign keys never block a drop.
    for table in ("training_attendance", "training_participants", "training_sessions", "training_editions"):
        op.drop_table(table)
