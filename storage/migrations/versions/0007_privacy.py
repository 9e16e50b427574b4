"""Data rights (AVG): erasure requests, records kept by law, anonymous counts, closed clients.

Written by hand, like 0001. Constraint names follow storage.models.NAMING_CONVENTION.
No foreign keys to clients on the new tables: they outlive the client's erasure.

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

CLIENT_ID = 16
EMAIL = 254


def _timestamp(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    with op.batch_alter_table("clients") as batch:
        batch.add_column(_timestamp("closed_at", nullable=True))

    op.create_table(
        "erasure_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(CLIENT_ID), nullable=False),
        sa.Column("gemeente_id", sa.String(40), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(12), nullable=False, server_default="requested"),
        _timestamp("requested_at"),
        _timestamp("decided_at", nullable=True),
        sa.Column("decided_by", sa.String(EMAIL), nullable=True),
        sa.Column("kept", sa.Text(), nullable=True),
        _timestamp("announced_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_erasure_requests"),
    )
    op.create_index("ix_erasure_requests_client_id", "erasure_requests", ["client_id"])

    op.create_table(
        "retained_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(CLIENT_ID), nullable=False),
        sa.Column("gemeente_id", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        _timestamp("kept_at"),
        _timestamp("keep_until"),
        sa.PrimaryKeyConstraint("id", name="pk_retained_records"),
    )
    op.create_index("ix_retained_records_client_id", "retained_records", ["client_id"])
    op.create_index("ix_retained_records_keep_until", "retained_records", ["keep_until"])

    op.create_table(
        "anonymous_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gemeente_id", sa.String(40), nullable=False),
        sa.Column("metric", sa.String(40), nullable=False),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_anonymous_counts"),
        sa.UniqueConstraint("gemeente_id", "metric", "period", name="uq_anonymous_counts_gemeente_id_metric_period"),
    )


def downgrade() -> None:
    op.drop_table("anonymous_counts")
    op.drop_index("ix_retained_records_keep_until", table_name="retained_records")
    op.drop_index("ix_retained_records_client_id", table_name="retained_records")
    op.drop_table("retained_records")
    op.drop_index("ix_erasure_requests_client_id", table_name="erasure_requests")
    op.drop_table("erasure_requests")
    with op.batch_alter_table("clients") as batch:
        batch.drop_column("closed_at")
