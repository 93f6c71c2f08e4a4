"""A hand-off's topic is sealed at rest, like a text: the column grows to hold it."""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade():
    with op.batch_alter_table("handoffs") as batch:
        batch.alter_column("topic", type_=sa.Text, existing_type=sa.String(40), existing_nullable=False)
    # Requests still open from before are few and short-lived; end them rather than keep a topic in clear.
    op.execute("UPDATE handoffs SET state = 'cancelled', topic = '' WHERE topic NOT LIKE 'v1:%'")


def downgrade():
    pass
