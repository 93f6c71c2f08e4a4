"""Erasures a person asked for that the database refused at the time."""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade():
    op.create_table(
        "pending_erasures",
        sa.Column("conversation_id", sa.String(40), primary_key=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade():
    op.drop_table("pending_erasures")
