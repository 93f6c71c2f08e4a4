"""Our tables. Nothing here holds a raw identifier or a message in clear."""
from datetime import datetime, timezone

from sqlalchemy import Column, DateTime, Integer, String, Text, UniqueConstraint

from bot.storage.db import Base


def now() -> datetime:
    return datetime.now(timezone.utc)


class Contact(Base):
    """A person on a channel: how to find them (keyed hash of their chat id or
    number), the conversation id Rasa knows them by (random, so a forgotten
    person starts an unlinked conversation), and the sealed address to reply to."""

    __tablename__ = "contacts"

    id = Column(Integer, primary_key=True)
    lookup_key = Column(String(64), nullable=False, unique=True)
    channel = Column(String(16), nullable=False)
    conversation_id = Column(String(40), nullable=False, unique=True)
    sealed_address = Column(Text, nullable=False)
    last_choices = Column(Text)  # payloads of the last numbered list (WhatsApp), JSON
    last_inbound_at = Column(DateTime(timezone=True), nullable=False, default=now)
    created_at = Column(DateTime(timezone=True), nullable=False, default=now)


class Delivery(Base):
    """A webhook delivery already handled, so a retry is answered once only."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("channel", "key_hash"),)

    id = Column(Integer, primary_key=True)
    channel = Column(String(16), nullable=False)
    key_hash = Column(String(64), nullable=False)
    received_at = Column(DateTime(timezone=True), nullable=False, default=now)
