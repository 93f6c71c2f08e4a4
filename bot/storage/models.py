"""Our tables. Nothing here holds a raw identifier or a message in clear."""
from datetime import datetime, timezone

from sqlalchemy import BigInteger, Boolean, Column, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.sql.expression import false as sa_false

from bot.storage.db import Base


def now() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes; everything we store is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


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
    # A reply never reached them (they blocked the bot, or it was refused for good): the
    # first-contact notice it may have carried is shown again at their next message.
    answer_lost = Column(Boolean, nullable=False, default=False, server_default=sa_false())
    last_inbound_at = Column(DateTime(timezone=True), nullable=False, default=now)
    created_at = Column(DateTime(timezone=True), nullable=False, default=now)


class Ambassador(Base):
    """A trained volunteer, registered by a coordinator (python -m bot ambassadors)."""

    __tablename__ = "ambassadors"

    id = Column(Integer, primary_key=True)
    name = Column(String(120), nullable=False)
    telegram_id = Column(String(32), nullable=False, unique=True)  # on the desk bot
    languages = Column(String(120), nullable=False)  # comma-separated codes
    woman = Column(Boolean, nullable=False, default=False)
    lgbtqi_friendly = Column(Boolean, nullable=False, default=False)
    max_chats = Column(Integer, nullable=False, default=2)
    monthly_hours = Column(Float, nullable=False, default=16)
    active = Column(Boolean, nullable=False, default=True)
    available = Column(Boolean, nullable=False, default=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=now)


class Handoff(Base):
    """A person's request to talk to an ambassador. Its states and the one
    function per transition are in bot.handoff.queue (State); every
    transition is recorded in `handoff_events`."""

    __tablename__ = "handoffs"

    id = Column(Integer, primary_key=True)  # the case number ambassadors see
    conversation_id = Column(String(40), nullable=False, index=True)
    channel = Column(String(16), nullable=False)
    language = Column(String(8), nullable=False)  # the ambassador's language (routing)
    person_language = Column(String(8), nullable=False)  # the bot's language with the person
    later = Column(Boolean, nullable=False, default=False)  # "later today" rather than now
    topic = Column(Text, nullable=False)  # sealed (bot.handoff.queue.TOPIC)
    wants_woman = Column(Boolean, nullable=False, default=False)
    wants_lgbtqi_friendly = Column(Boolean, nullable=False, default=False)
    sealed_note = Column(Text)  # optional short message in the person's words
    awaiting_note = Column(Boolean, nullable=False, default=False)  # the person was invited to write one
    sealed_transfer_note = Column(Text)  # from the ambassador who handed it back
    state = Column(String(16), nullable=False, default="waiting", index=True)
    ambassador_id = Column(Integer, ForeignKey("ambassadors.id"))
    outcome = Column(String(24))
    rating = Column(Integer)
    timeout_told = Column(Boolean, nullable=False, default=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=now)
    expires_at = Column(DateTime(timezone=True))  # waiting past this, it ends as expired
    alerted = Column(Boolean, nullable=False, default=False)  # danger or suicide came up in the live chat
    notified_at = Column(DateTime(timezone=True))  # ambassadors told of it
    claimed_at = Column(DateTime(timezone=True))
    ended_at = Column(DateTime(timezone=True))


class HandoffEvent(Base):
    """One transition of a hand-off: when, into which state, which ambassador,
    and a short code for why. Never any text."""

    __tablename__ = "handoff_events"

    id = Column(Integer, primary_key=True)
    handoff_id = Column(Integer, ForeignKey("handoffs.id", ondelete="CASCADE"), nullable=False, index=True)
    at = Column(DateTime(timezone=True), nullable=False, default=now)
    from_state = Column(String(16))
    state = Column(String(16), nullable=False)
    ambassador_id = Column(Integer, ForeignKey("ambassadors.id", ondelete="SET NULL"))
    reason = Column(String(24))  # a code such as "transfer" or "ambassador_deactivated"


class Relayed(Base):
    """A message relayed between a person and their ambassador, sealed, and
    deleted after the retention period. Kept so nothing is lost on a restart."""

    __tablename__ = "relayed_messages"

    id = Column(Integer, primary_key=True)
    handoff_id = Column(Integer, ForeignKey("handoffs.id", ondelete="CASCADE"), nullable=False, index=True)
    direction = Column(String(16), nullable=False)  # to_ambassador | to_person
    sealed_text = Column(Text, nullable=False)
    delivered = Column(Boolean, nullable=False, default=False)
    held = Column(Boolean, nullable=False, default=False)  # waits for the person to reopen WhatsApp's window
    attempts = Column(Integer, nullable=False, default=0)
    created_at = Column(DateTime(timezone=True), nullable=False, default=now)


class WorkLog(Base):
    """Minutes an ambassador spent in a live chat, for the volunteer allowance."""

    __tablename__ = "work_log"

    id = Column(Integer, primary_key=True)
    ambassador_id = Column(Integer, ForeignKey("ambassadors.id"), nullable=False, index=True)
    handoff_id = Column(Integer, ForeignKey("handoffs.id", ondelete="SET NULL"))
    started_at = Column(DateTime(timezone=True), nullable=False)
    minutes = Column(Float, nullable=False)


class PendingErasure(Base):
    """A person asked to be forgotten and the database refused at the time:
    tried again until it succeeds (bot.storage.erasure)."""

    __tablename__ = "pending_erasures"

    conversation_id = Column(String(40), primary_key=True)
    requested_at = Column(DateTime(timezone=True), nullable=False, default=now)


class Inbound(Base):
    """A message or button press as it arrived, recorded before the webhook
    answers (bot.delivery.inbox). Handled in `order_key` order per sender."""

    __tablename__ = "inbox"
    __table_args__ = (UniqueConstraint("channel", "key_hash"),)

    id = Column(Integer, primary_key=True)
    channel = Column(String(16), nullable=False)
    key_hash = Column(String(64), nullable=False)  # the channel's delivery id, hashed: a retry is recorded once
    sender = Column(String(64), nullable=False, index=True)  # keyed hash of who sent it
    order_key = Column(BigInteger, nullable=False)  # Telegram's update_id, or the arrival order
    sealed = Column(Text, nullable=False)  # address, text and button press; emptied once handled
    state = Column(String(12), nullable=False, default="pending", index=True)  # pending | working | done
    attempts = Column(Integer, nullable=False, default=0)
    locked_until = Column(DateTime(timezone=True))
    received_at = Column(DateTime(timezone=True), nullable=False, default=now)


class Outbound(Base):
    """One reply waiting to be delivered (bot.delivery.outbox); deleted once it is."""

    __tablename__ = "outbox"

    id = Column(Integer, primary_key=True)
    channel = Column(String(16), nullable=False)
    recipient = Column(String(64), nullable=False, index=True)  # keyed hash: replies to one person go in order
    sealed = Column(Text, nullable=False)  # the address and the reply
    case_id = Column(Integer)  # the hand-off case, to log a failure by
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(DateTime(timezone=True), nullable=False, default=now)
    locked_until = Column(DateTime(timezone=True))
    created_at = Column(DateTime(timezone=True), nullable=False, default=now)


class ChatMessage(Base):
    """The id of a message in a person's Telegram chat (theirs or ours), so
    /forget can delete it from their phone; Telegram allows that for 48 hours,
    so rows are dropped after that. No text: only the number of the message."""

    __tablename__ = "chat_messages"

    id = Column(Integer, primary_key=True)
    recipient = Column(String(64), nullable=False, index=True)  # keyed hash of the chat
    message_id = Column(BigInteger, nullable=False)
    at = Column(DateTime(timezone=True), nullable=False, default=now)


class MediaFile(Base):
    """A voice note or photo from an ambassador on its way to a WhatsApp
    person: Twilio fetches it once from an unguessable URL of ours, then it is
    deleted (and after 10 minutes in any case)."""

    __tablename__ = "media_files"

    token_hash = Column(String(64), primary_key=True)
    content_type = Column(String(80), nullable=False)
    sealed = Column(Text, nullable=False)  # the file, base64, sealed
    expires_at = Column(DateTime(timezone=True), nullable=False)
