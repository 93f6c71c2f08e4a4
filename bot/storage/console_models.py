"""Tables of the coordinators' console, the ambassadors' workload and the
insights (migration 0007). Apart from bot.storage.models because none of them
holds anything of a person who chats: coordinators are staff, workload rows
are about ambassadors, and insight rows are counts.
"""
from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Text

from bot.storage.db import Base
from bot.storage.models import now


class Coordinator(Base):
    """Someone who runs Bridge and signs in to the console (python -m bot coordinators)."""

    __tablename__ = "coordinators"

    id = Column(Integer, primary_key=True)
    name = Column(String(120), nullable=False)
    email = Column(String(254), nullable=False, unique=True)  # stored lower-case
    role = Column(String(16), nullable=False)  # bot.console.permissions.ROLES
    password_hash = Column(Text, nullable=False)  # Argon2id
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=now)


class ConsoleSession(Base):
    """A signed-in browser. The cookie holds a random token; only its hash is
    stored, so a copy of the database signs nobody in."""

    __tablename__ = "console_sessions"

    token_hash = Column(String(64), primary_key=True)
    coordinator_id = Column(Integer, ForeignKey("coordinators.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=now)
    last_seen_at = Column(DateTime(timezone=True), nullable=False, default=now)


class LoginThrottle(Base):
    """Wrong passwords in a row for one e-mail address (a keyed hash of it, so
    addresses that do not exist are throttled alike and not stored)."""

    __tablename__ = "login_throttle"

    key_hash = Column(String(64), primary_key=True)
    failures = Column(Integer, nullable=False, default=0)
    blocked_until = Column(DateTime(timezone=True))


class AuditEntry(Base):
    """Who changed what, when. `target` names an ambassador or coordinator by
    id; `fields` lists the fields that changed, never their values."""

    __tablename__ = "console_audit"

    id = Column(Integer, primary_key=True)
    at = Column(DateTime(timezone=True), nullable=False, default=now, index=True)
    coordinator_id = Column(Integer, ForeignKey("coordinators.id", ondelete="SET NULL"))
    action = Column(String(40), nullable=False)
    target = Column(String(60), nullable=False, default="")
    fields = Column(String(200), nullable=False, default="")


class CapLift(Base):
    """A coordinator let an ambassador go past their monthly hours for one month."""

    __tablename__ = "ambassador_cap_lifts"

    ambassador_id = Column(Integer, ForeignKey("ambassadors.id", ondelete="CASCADE"), primary_key=True)
    month = Column(String(7), primary_key=True)  # YYYY-MM, Dutch time
    lifted_by = Column(Integer, ForeignKey("coordinators.id", ondelete="SET NULL"))
    lifted_at = Column(DateTime(timezone=True), nullable=False, default=now)


class AmbassadorPause(Base):
    """No new requests for this ambassador until `until` (after a case with a
    danger or suicide alert); they may end it early from the desk."""

    __tablename__ = "ambassador_pauses"

    ambassador_id = Column(Integer, ForeignKey("ambassadors.id", ondelete="CASCADE"), primary_key=True)
    until = Column(DateTime(timezone=True), nullable=False)


class InsightCount(Base):
    """How often something happened in one ISO week, per language, channel and
    topic. Counted when it happens; no conversation, text or time finer than
    the week, so nothing here points back to a person (bot.insights)."""

    __tablename__ = "insight_counts"

    week = Column(String(8), primary_key=True)  # ISO week, "2026-W49"
    kind = Column(String(24), primary_key=True)  # question, crisis, self_check, handoff, outcome, rating, wait
    language = Column(String(8), primary_key=True)
    channel = Column(String(16), primary_key=True)
    topic = Column(String(40), primary_key=True)
    count = Column(Integer, nullable=False, default=0)


class InsightPublished(Base):
    """The counts as they may be shown: suppressed where small, or where a
    total would reveal a small one (bot.insights.publish). The SQL view
    `insights_public` reads only this table."""

    __tablename__ = "insight_published"

    week = Column(String(8), primary_key=True)
    kind = Column(String(24), primary_key=True)
    language = Column(String(8), primary_key=True)
    channel = Column(String(16), primary_key=True)
    topic = Column(String(40), primary_key=True)
    count = Column(Integer)  # NULL where suppressed
    shown = Column(String(12), nullable=False)  # "12", "<10", or "x" (hidden to protect a small count)
