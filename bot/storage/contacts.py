"""People on our channels, found by a keyed hash of their identifier.

The raw chat id or phone number lives only in memory while a message is handled,
and sealed (encrypted) in `contacts.sealed_address` so we can reply later, also
hours later for a hand-off. Erasing a person deletes the row: their next message
gets a new random conversation id, unlinked to anything before.
"""
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from bot import privacy
from bot.storage.db import joined, session
from bot.storage.models import Contact, now

ADDRESS = "address"


@dataclass(frozen=True)
class Person:
    channel: str
    conversation_id: str
    address: str
    last_choices: tuple[str, ...]
    last_inbound_at: datetime
    answer_lost: bool = False  # a reply never reached them (bot.delivery.outbox)


def arrived(channel: str, address: str) -> Person:
    """The person writing from `address`, created on first contact; refreshes
    the time of their last message (WhatsApp's 24-hour window counts from it)."""
    key = privacy.lookup_key(channel, address)
    for _ in range(2):  # a simultaneous first message may create the row first
        try:
            with session() as db:
                contact = db.execute(select(Contact).where(Contact.lookup_key == key)).scalar_one_or_none()
                if contact is None:
                    conversation_id = f"{channel[:2]}-{uuid.uuid4().hex}"
                    contact = Contact(lookup_key=key, channel=channel, conversation_id=conversation_id,
                                      sealed_address=privacy.seal(ADDRESS, address, conversation_id))
                    db.add(contact)
                contact.last_inbound_at = now()
                return _person(contact)
        except IntegrityError:
            continue
    raise RuntimeError("could not record the contact")


def find(conversation_id: str, db=None) -> Person | None:
    with joined(db) as db:
        contact = db.execute(select(Contact).where(Contact.conversation_id == conversation_id)).scalar_one_or_none()
        return _person(contact) if contact else None


def remember_choices(conversation_id: str, payloads: list[str], db=None) -> None:
    """What the numbers of the last numbered list stand for. An update only: a
    person erased during this turn must not come back. Pass `db` to make it
    part of a larger transaction."""
    with joined(db) as db:
        db.execute(update(Contact).where(Contact.conversation_id == conversation_id)
                   .values(last_choices=json.dumps(payloads) if payloads else None))


def answer_lost(recipient: str, db=None) -> None:
    """A reply to this person (by keyed hash) will never arrive; an ambassador
    on the desk has no contact row, so nothing happens for them."""
    with joined(db) as db:
        db.execute(update(Contact).where(Contact.lookup_key == recipient).values(answer_lost=True))


def answer_lost_told(conversation_id: str) -> None:
    with session() as db:
        db.execute(update(Contact).where(Contact.conversation_id == conversation_id).values(answer_lost=False))


def purge_expired(days: int) -> int:
    """Delete contacts silent for longer than `days`."""
    cutoff = now() - timedelta(days=days)
    with session() as db:
        gone = db.execute(delete(Contact).where(Contact.last_inbound_at < cutoff)).rowcount
    return gone


def _person(contact: Contact) -> Person:
    address = privacy.unseal(ADDRESS, contact.sealed_address, contact.conversation_id)
    choices = tuple(json.loads(contact.last_choices)) if contact.last_choices else ()
    return Person(contact.channel, contact.conversation_id, address, choices, contact.last_inbound_at,
                  bool(contact.answer_lost))
