"""Rasa's tracker store on our database, with erasure and retention.

Rasa's SQL store wants host/db/user pieces; we configure one `DATABASE_URL`
for everything. Three privacy rules are enforced here, where conversations are
written, so no other code path can forget them:
- every event is sealed (encrypted) before it is written: what people tell us is
  never readable in the database or its backups without BRIDGE_SECRET_KEY;
- after `action_erase_conversation` nothing of that turn is written, and
  everything of the conversation is erased (bot.storage.erasure) if the action
  could not do it itself;
- events, contacts, hand-off requests and relayed messages older than the
  retention period are deleted (hourly), and refused erasures tried again.
"""
import logging
import time
from pathlib import Path
from typing import Any, Optional

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.agent import Agent
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine import make_url
from sqlalchemy.orm import declarative_base
from sqlalchemy.types import TypeDecorator

from bot import privacy, settings
from bot.handoff import queue
from bot.delivery import inbox
from bot.storage import chat_messages, contacts, erasure

logger = logging.getLogger(__name__)
ERASE_ACTION = "action_erase_conversation"
PURGE_EVERY_SECONDS = 3600


EVENTS = "events"


class SealedText(TypeDecorator):
    """A text column stored encrypted (bot.privacy)."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else privacy.seal(EVENTS, value)

    def process_result_value(self, value, dialect):
        return None if value is None else privacy.unseal(EVENTS, value)


_Base = declarative_base()


class SealedEvent(_Base):
    """Rasa's `events` table, with the event itself (`data`) sealed."""

    __tablename__ = "events"

    id = sa.Column(sa.Integer, primary_key=True)
    sender_id = sa.Column(sa.String(255), nullable=False, index=True)
    type_name = sa.Column(sa.String(255), nullable=False)
    timestamp = sa.Column(sa.Float)
    intent_name = sa.Column(sa.String(255))
    action_name = sa.Column(sa.String(255))
    data = sa.Column(SealedText)

    def __init__(self, **columns: Any) -> None:
        # "report_sexual_violence" or "action_safety" in clear would tell what
        # the person said: the names stay inside the sealed data only.
        super().__init__(**{**columns, "intent_name": None, "action_name": None})


class BridgeTrackerStore(SQLTrackerStore):
    Base = _Base
    SQLEvent = SealedEvent

    def __init__(
        self,
        domain: Optional[Domain] = None,
        host: Optional[str] = None,
        event_broker: Optional[EventBroker] = None,
        **kwargs: Any,
    ) -> None:
        settings.secret_key()  # fail at start, not on the first message, when it is missing
        url = make_url(settings.database_url())
        if url.drivername.startswith("sqlite") and url.database:
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        super().__init__(
            domain=domain,
            dialect=url.drivername,
            host=url.host,
            port=url.port,
            db=url.database,
            username=url.username,
            password=url.password,
            query=dict(url.query) or None,
            event_broker=event_broker,
        )
        # Pooled connections are tested before use: after a database restart a
        # stale one would fail the first turn of whoever comes next.
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(str(url)))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self._last_purge = 0.0
        self.purge_expired()

    async def save(self, tracker: DialogueStateTracker) -> None:
        if _erased_this_turn(tracker):
            self.erase(tracker.sender_id)
            return
        await super().save(tracker)
        if time.time() - self._last_purge > PURGE_EVERY_SECONDS:
            self.purge_expired()

    def erase(self, sender_id: str) -> None:
        """Everything of one conversation (bot.storage.erasure). The action has
        normally done it already; when the database refused, it was written
        down and is tried again, so a failure here must not fail the turn."""
        if erasure.erase(sender_id):
            logger.info("Erased a conversation at the person's request.")

    def purge_expired(self) -> int:
        """Delete events older than the retention period; returns how many."""
        cutoff = time.time() - settings.retention_days() * 86400
        with self.session_scope() as session:
            deleted = (
                session.query(self.SQLEvent)
                .filter(self.SQLEvent.timestamp < cutoff)
                .delete(synchronize_session=False)
            )
            session.commit()
        self._last_purge = time.time()
        deleted += contacts.purge_expired(settings.retention_days())
        deleted += queue.purge_expired(settings.retention_days())
        deleted += erasure.retry_pending()
        deleted += inbox.purge_done()
        deleted += chat_messages.purge_old()
        if deleted:
            logger.info("Deleted %d records past the retention period.", deleted)
        return deleted


def _without_a_fallback(store: Any, domain: Domain) -> Any:
    """Rasa wraps every tracker store in FailSafeTrackerStore, which answers a
    database error with an empty conversation (on reading) or keeps the turn
    in memory only (on saving): the person's language, situation and last
    numbered list would be silently lost. We fail the turn instead; the
    message stays in the inbox and is handled when the database is back."""
    store.domain = domain
    return store


Agent._create_tracker_store = staticmethod(_without_a_fallback)  # this module loads before the agent


def _erased_this_turn(tracker: DialogueStateTracker) -> bool:
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name == ERASE_ACTION:
            return True
    return False
