"""Chat leases: a bot replica holds a chat in the database while it answers it.

Written by hand, like 0001. Constraint names follow storage.models.NAMING_CONVENTION.
With several bot processes on one database, an in-process lock no longer keeps
one chat's answers in order; a row here does. No client data: only a chat id,
which process holds it, and until when.

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

HOLDER = 80


def upgrade() -> None:
    op.create_table(
        "chat_leases",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("holder", sa.String(HOLDER), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", name="pk_chat_leases"),
    )


def downgrade() -> None:
    op.drop_table("chat_leases")
