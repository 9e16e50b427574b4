"""Applications (sollicitaties), their status history, and per-client agreements.

Written by hand, like 0001. Constraint names follow storage.models.NAMING_CONVENTION.
Everything here points at a client with ON DELETE CASCADE, so erasing a client
erases their applications too.

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

CLIENT_ID = 16


def _timestamp(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(CLIENT_ID), nullable=False),
        sa.Column("applied_on", sa.Date(), nullable=False),
        sa.Column("employer", sa.String(80), nullable=False),
        sa.Column("position", sa.String(80), nullable=True),
        sa.Column("channel", sa.String(20), nullable=True),
        sa.Column("status", sa.String(20), nullable=False, server_default="verstuurd"),
        _timestamp("interview_at", nullable=True),
        sa.Column("interview_time_known", sa.Boolean(), nullable=False, server_default=sa.false()),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_applications"),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name="fk_applications_client_id_clients", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_applications_client_id", "applications", ["client_id"])
    op.create_index("ix_applications_interview_at", "applications", ["interview_at"])

    op.create_table(
        "application_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        _timestamp("changed_at"),
        sa.PrimaryKeyConstraint("id", name="pk_application_status_changes"),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name="fk_application_status_changes_application_id_applications",
            ondelete="CASCADE",
        ),
    )
    op.create_index(
        "ix_application_status_changes_application_id", "application_status_changes", ["application_id"]
    )

    op.create_table(
        "application_agreements",
        sa.Column("client_id", sa.String(CLIENT_ID), nullable=False),
        sa.Column("vrijgesteld", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("aantal", sa.Integer(), nullable=True),
        sa.Column("periode_weken", sa.Integer(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("set_by", sa.String(254), nullable=False),
        _timestamp("set_at"),
        sa.PrimaryKeyConstraint("client_id", name="pk_application_agreements"),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name="fk_application_agreements_client_id_clients", ondelete="CASCADE"
        ),
    )


def downgrade() -> None:
    # Children before parents, so foreign keys never block a drop.
    for table in ("application_agreements", "application_status_changes", "applications"):
        op.drop_table(table)
