"""Which messages are in a person's Telegram chat, so /forget can delete them
from the phone too. A person whose family may pick up the phone needs the
chat gone, not only our copy. Telegram lets a bot delete messages (its own
and the person's) for 48 hours, so only the ids of that window are kept:
never a text, and only while the person is known (a contact exists)."""
from datetime import timedelta

from sqlalchemy import delete, exists, select

from bot import privacy
from bot.storage.db import session
from bot.storage.models import ChatMessage, Contact, now

DELETABLE_FOR = timedelta(hours=48)  # Telegram's limit for deleteMessage
CHANNEL = "telegram"


def remember(address: str, message_id: int) -> None:
    recipient = privacy.lookup_key(CHANNEL, address)
    with session() as db:
        if db.execute(select(exists().where(Contact.lookup_key == recipient))).scalar():
            db.add(ChatMessage(recipient=recipient, message_id=message_id, at=now()))


def take_deletable(db, recipient: str) -> list[int]:
    """The ids still deletable in this chat, forgotten here in the same transaction."""
    ids = list(db.execute(select(ChatMessage.message_id).where(
        ChatMessage.recipient == recipient, ChatMessage.at > now() - DELETABLE_FOR)
        .order_by(ChatMessage.message_id)).scalars())
    db.execute(delete(ChatMessage).where(ChatMessage.recipient == recipient))
    return ids


def purge_old() -> int:
    with session() as db:
        return db.execute(delete(ChatMessage).where(ChatMessage.at <= now() - DELETABLE_FOR)).rowcount
