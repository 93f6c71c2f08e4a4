"""A person whose reply never reached them (blocked, refused for good) is
noted, so the first-contact notice that reply may have carried comes again."""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"


def upgrade():
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(sa.Column("answer_lost", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("answer_lost")
