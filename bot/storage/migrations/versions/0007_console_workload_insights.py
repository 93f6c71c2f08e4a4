"""The coordinators' console (accounts, sessions, login throttle, audit log), the
ambassadors' workload (monthly caps lifted, pauses after an alert) and the
insights: raw weekly counts, the published (suppressed) counts and the
read-only view `insights_public` over them, for an organisation's own BI tool."""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"

# Only what publishing allowed; a count below 5 is never shown whatever the
# configuration says, so even a wrongly filled table cannot leak one.
VIEW = """
CREATE VIEW insights_public AS
SELECT week, kind, language, channel, topic,
       CASE WHEN count >= 5 THEN count END AS count,
       CASE WHEN count >= 5 THEN CAST(count AS VARCHAR(12))
            WHEN shown = 'x' OR shown LIKE '<%' THEN shown
            ELSE '<5' END AS shown
FROM insight_published
"""


def _cell_columns():
    return [sa.Column("week", sa.String(8), primary_key=True), sa.Column("kind", sa.String(24), primary_key=True),
            sa.Column("language", sa.String(8), primary_key=True),
            sa.Column("channel", sa.String(16), primary_key=True), sa.Column("topic", sa.String(40), primary_key=True)]


def upgrade():
    op.create_table(
        "coordinators",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "console_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("coordinator_id", sa.Integer, sa.ForeignKey("coordinators.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "login_throttle",
        sa.Column("key_hash", sa.String(64), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "console_audit",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("coordinator_id", sa.Integer, sa.ForeignKey("coordinators.id", ondelete="SET NULL")),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("target", sa.String(60), nullable=False),
        sa.Column("fields", sa.String(200), nullable=False),
    )
    op.create_table(
        "ambassador_cap_lifts",
        sa.Column("ambassador_id", sa.Integer, sa.ForeignKey("ambassadors.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("lifted_by", sa.Integer, sa.ForeignKey("coordinators.id", ondelete="SET NULL")),
        sa.Column("lifted_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "ambassador_pauses",
        sa.Column("ambassador_id", sa.Integer, sa.ForeignKey("ambassadors.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table("insight_counts", *_cell_columns(), sa.Column("count", sa.Integer, nullable=False))
    op.create_table("insight_published", *_cell_columns(), sa.Column("count", sa.Integer),
                    sa.Column("shown", sa.String(12), nullable=False))
    op.execute(VIEW)


def downgrade():
    op.execute("DROP VIEW insights_public")
    for table in ("insight_published", "insight_counts", "ambassador_pauses", "ambassador_cap_lifts",
                  "console_audit", "login_throttle", "console_sessions", "coordinators"):
        op.drop_table(table)
