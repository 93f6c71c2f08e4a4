"""Events stored before their labels were sealed still hold the intent and
action names in clear ("report_sexual_violence" next to a conversation says
what happened). The same names are inside each event's sealed data, so the
clear copies can go without losing anything."""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"


def upgrade():
    if sa.inspect(op.get_bind()).has_table("events"):  # Rasa's tracker store creates it on first use
        op.execute("UPDATE events SET intent_name = NULL, action_name = NULL "
                   "WHERE intent_name IS NOT NULL OR action_name IS NOT NULL")


def downgrade():
    pass
