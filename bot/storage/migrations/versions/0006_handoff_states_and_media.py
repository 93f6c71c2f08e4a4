"""Hand-off history and deadlines, replies held for WhatsApp's window, Telegram
message ids for /forget, and media on its way to WhatsApp."""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade():
    op.create_table(
        "handoff_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("handoff_id", sa.Integer, sa.ForeignKey("handoffs.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("from_state", sa.String(16)),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("ambassador_id", sa.Integer, sa.ForeignKey("ambassadors.id", ondelete="SET NULL")),
        sa.Column("reason", sa.String(24)),
    )
    with op.batch_alter_table("handoffs") as batch:
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("alerted", sa.Boolean, nullable=False, server_default=sa.false()))
    with op.batch_alter_table("relayed_messages") as batch:
        batch.add_column(sa.Column("held", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_table(
        "chat_messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("recipient", sa.String(64), nullable=False, index=True),
        sa.Column("message_id", sa.BigInteger, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "media_files",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("content_type", sa.String(80), nullable=False),
        sa.Column("sealed", sa.Text, nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    # Requests from before had no deadline; "later today" ones that are still
    # waiting are long past theirs: they expire at the next tick and the person is told.
    op.execute("UPDATE handoffs SET expires_at = CURRENT_TIMESTAMP WHERE state = 'waiting' AND later = true")


def downgrade():
    op.drop_table("media_files")
    op.drop_table("chat_messages")
    with op.batch_alter_table("relayed_messages") as batch:
        batch.drop_column("held")
    with op.batch_alter_table("handoffs") as batch:
        batch.drop_column("alerted")
        batch.drop_column("expires_at")
    op.drop_table("handoff_events")
