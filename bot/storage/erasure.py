"""Erasing a person: everything we keep about one conversation, at once.

A person whose family may read their phone must be able to trust "Done, I
erased this conversation", so it is said only after one transaction deleted
the conversation's events (Rasa's tracker store table), the contact (the
sealed address and the link to the conversation), the hand-off requests
with their notes and relayed messages, the delivery ids of the messages
already handled, and that transaction committed.
On Telegram the same transaction queues the deletion of the chat's messages
of the last 48 hours from the phone (bot.storage.chat_messages); WhatsApp
allows no such thing, and the confirmation says so.
When the database refuses, the erasure is written down and tried again
(at the person's next message and with the retention clean-up) until it
succeeds; the person is told so honestly.
"""
import logging

from sqlalchemy import delete, select, text
from sqlalchemy.exc import SQLAlchemyError

from bot import privacy
from bot.delivery import outbox
from bot.replies import Reply
from bot.storage import chat_messages, contacts
from bot.storage.db import session
from bot.storage.models import Contact, Handoff, HandoffEvent, Inbound, PendingErasure, Relayed

logger = logging.getLogger(__name__)
EVENTS = "events"  # Rasa's tracker store table (bot.engine.tracker_store)


def erase(conversation_id: str) -> bool:
    """True once everything of this conversation is deleted and committed."""
    try:
        with session() as db:
            db.execute(text(f"DELETE FROM {EVENTS} WHERE sender_id = :id"), {"id": conversation_id})
            _clear_the_phone(db, conversation_id)
            _forget_deliveries(db, conversation_id)
            cases = select(Handoff.id).where(Handoff.conversation_id == conversation_id)
            for table in (Relayed, HandoffEvent):
                db.execute(delete(table).where(table.handoff_id.in_(cases)).execution_options(synchronize_session=False))
            db.execute(delete(Handoff).where(Handoff.conversation_id == conversation_id))
            db.execute(delete(Contact).where(Contact.conversation_id == conversation_id))
            db.execute(delete(PendingErasure).where(PendingErasure.conversation_id == conversation_id))
        return True
    except SQLAlchemyError as error:
        logger.warning("An erasure failed (%s); it will be tried again.", error.__class__.__name__)
        _write_down(conversation_id)
        return False


def _forget_deliveries(db, conversation_id: str) -> None:
    """The delivery ids of the person's handled messages (kept two days to
    recognise a retry) go too: with the keyed hash beside them they say when
    this person wrote. Messages still waiting to be handled stay."""
    key = db.execute(select(Contact.lookup_key).where(Contact.conversation_id == conversation_id)).scalar()
    if key:
        db.execute(delete(Inbound).where(Inbound.sender == key, Inbound.state == "done"))


def _clear_the_phone(db, conversation_id: str) -> None:
    contact = db.execute(select(Contact).where(Contact.conversation_id == conversation_id)).scalar_one_or_none()
    if contact is None or contact.channel != chat_messages.CHANNEL:
        return
    ids = chat_messages.take_deletable(db, contact.lookup_key)
    if ids:
        address = privacy.unseal(contacts.ADDRESS, contact.sealed_address, contact.conversation_id)
        outbox.send(contact.channel, address, [Reply("", delete_ids=tuple(ids))], db=db)


def is_pending(conversation_id: str) -> bool:
    with session() as db:
        return db.get(PendingErasure, conversation_id) is not None


def pending() -> list[str]:
    with session() as db:
        return list(db.execute(select(PendingErasure.conversation_id)).scalars())


def retry_pending() -> int:
    """Try every erasure the database refused before; returns how many succeeded."""
    try:
        waiting = pending()
    except SQLAlchemyError:
        return 0
    return sum(erase(conversation_id) for conversation_id in waiting)


def _write_down(conversation_id: str) -> None:
    try:
        with session() as db:
            if db.get(PendingErasure, conversation_id) is None:
                db.add(PendingErasure(conversation_id=conversation_id))
    except SQLAlchemyError:
        logger.error("An erasure could not even be written down; the tracker store tries again on save.")
