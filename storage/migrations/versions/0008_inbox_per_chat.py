"""The bot's next message per chat is found through one index, however long the chat.

`inbox.next_pending` asks for a chat's oldest pending message. With only the
primary key (chat_id, update_id) the database walks every message the chat
ever sent to find the pending one; a client of years pays that on every turn.

Revision ID: 0008
Revises: 0007
"""
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

INDEX = "ix_inbound_messages_chat_status_update"


def upgrade() -> None:
    op.create_index(INDEX, "inbound_messages", ["chat_id", "status", "update_id"])


def downgrade() -> None:
    op.drop_index(INDEX, table_name="inbound_messages")
