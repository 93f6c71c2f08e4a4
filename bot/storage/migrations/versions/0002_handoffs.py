"""Ambassadors, hand-off requests, relayed messages and the work log."""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade():
    op.create_table(
        "ambassadors",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("telegram_id", sa.String(32), nullable=False, unique=True),
        sa.Column("languages", sa.String(120), nullable=False),
        sa.Column("woman", sa.Boolean, nullable=False),
        sa.Column("lgbtqi_friendly", sa.Boolean, nullable=False),
        sa.Column("max_chats", sa.Integer, nullable=False),
        sa.Column("monthly_hours", sa.Float, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("available", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "handoffs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_id", sa.String(40), nullable=False, index=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("person_language", sa.String(8), nullable=False),
        sa.Column("later", sa.Boolean, nullable=False),
        sa.Column("topic", sa.String(40), nullable=False),
        sa.Column("wants_woman", sa.Boolean, nullable=False),
        sa.Column("wants_lgbtqi_friendly", sa.Boolean, nullable=False),
        sa.Column("sealed_note", sa.Text),
        sa.Column("awaiting_note", sa.Boolean, nullable=False),
        sa.Column("sealed_transfer_note", sa.Text),
        sa.Column("state", sa.String(16), nullable=False, index=True),
        sa.Column("ambassador_id", sa.Integer, sa.ForeignKey("ambassadors.id")),
        sa.Column("outcome", sa.String(24)),
        sa.Column("rating", sa.Integer),
        sa.Column("timeout_told", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("notified_at", sa.DateTime(timezone=True)),
        sa.Column("claimed_at", sa.DateTime(timezone=True)),
        sa.Column("ended_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "relayed_messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("handoff_id", sa.Integer, sa.ForeignKey("handoffs.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("direction", sa.String(16), nullable=False),
        sa.Column("sealed_text", sa.Text, nullable=False),
        sa.Column("delivered", sa.Boolean, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "work_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ambassador_id", sa.Integer, sa.ForeignKey("ambassadors.id"), nullable=False, index=True),
        sa.Column("handoff_id", sa.Integer, sa.ForeignKey("handoffs.id", ondelete="SET NULL")),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("minutes", sa.Float, nullable=False),
    )


def downgrade():
    for table in ("work_log", "relayed_messages", "handoffs", "ambassadors"):
        op.drop_table(table)
