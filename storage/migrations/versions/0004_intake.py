"""Intake: one row per run, its answers (sensitive ones apart), and ladder assessments.

Written by hand, like 0001–0003. Constraint names follow
storage.models.NAMING_CONVENTION. Everything points at a client (directly or
through an intake) with ON DELETE CASCADE, so erasing a client erases the
intake too.

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

CLIENT_ID = 16
QUESTION_KEY = 40


def _timestamp(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _answers_table(name: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("intake_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(QUESTION_KEY), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("raw_text", sa.Text(), nullable=True),
        _timestamp("answered_at"),
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
        sa.ForeignKeyConstraint(
            ["intake_id"], ["intakes.id"], name=f"fk_{name}_intake_id_intakes", ondelete="CASCADE"
        ),
    )
    op.create_index(f"ix_{name}_intake_id", name, ["intake_id"])


def upgrade() -> None:
    op.create_table(
        "intakes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(CLIENT_ID), nullable=False),
        sa.Column("status", sa.String(12), nullable=False, server_default="open"),
        sa.Column("questions", sa.Text(), nullable=False),
        sa.Column("redo_question", sa.String(QUESTION_KEY), nullable=True),
        _timestamp("started_at"),
        _timestamp("updated_at"),
        _timestamp("last_answer_at", nullable=True),
        _timestamp("finished_at", nullable=True),
        sa.Column("summary_text", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_intakes"),
        sa.ForeignKeyConstraint(["client_id"], ["clients.id"], name="fk_intakes_client_id_clients", ondelete="CASCADE"),
    )
    op.create_index("ix_intakes_client_id", "intakes", ["client_id"])

    _answers_table("intake_answers")
    _answers_table("intake_sensitive_answers")

    op.create_table(
        "ladder_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(CLIENT_ID), nullable=False),
        sa.Column("intake_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("ladder_group", sa.String(20), nullable=False),
        sa.Column("flags", sa.Text(), nullable=True),
        sa.Column("reasons", sa.Text(), nullable=True),
        sa.Column("caseworker_id", sa.Integer(), nullable=True),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_ladder_assessments"),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name="fk_ladder_assessments_client_id_clients", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["intake_id"], ["intakes.id"], name="fk_ladder_assessments_intake_id_intakes", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["caseworker_id"],
            ["caseworkers.id"],
            name="fk_ladder_assessments_caseworker_id_caseworkers",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_ladder_assessments_client_id", "ladder_assessments", ["client_id"])
    op.create_index("ix_ladder_assessments_intake_id", "ladder_assessments", ["intake_id"])


def downgrade() -> None:
    # Children before parents, so foreign keys never block a drop.
    for table in ("ladder_assessments", "intake_sensitive_answers", "intake_answers", "intakes"):
        op.drop_table(table)
