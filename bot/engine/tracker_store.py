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
  retention period are deleted (hourly, by one process: bot.storage.leader),
  and refused erasures tried again.
Reading and writing run in a thread: a database call on the event loop would
hold up every other person this process serves.
"""
import asyncio
import itertools
import json
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
from bot.engine import recent_history, speedups
from bot.handoff import queue
from bot.delivery import inbox
from bot.storage import chat_messages, contacts, erasure, leader

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
        self._history = recent_history.RecentHistory()
        self._clean_up = None
        try:  # Rasa creates the store while the server starts, on its event loop
            self._clean_up = asyncio.get_running_loop().create_task(
                leader.run_alone("the retention clean-up", self._purge_forever))
        except RuntimeError:  # no loop: a script or a test, which purges when it wants
            pass

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        return await asyncio.to_thread(self._read, sender_id, False)

    async def retrieve_full_tracker(self, conversation_id: str) -> Optional[DialogueStateTracker]:
        return await asyncio.to_thread(self._read, conversation_id, True)

    def _read(self, sender_id: str, all_sessions: bool) -> Optional[DialogueStateTracker]:
        """The conversation for a turn: its state and last turns (bot.engine.recent_history),
        from the rows this process has not read yet. With `all_sessions`, all of it, as Rasa reads it."""
        if all_sessions:
            with self.session_scope() as session:
                rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=True).all()
                events = [json.loads(row.data) for row in rows]
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots) if self.domain and events else None
        known = self._history.get(sender_id)
        event = self.SQLEvent
        with self.session_scope() as session:
            if known is not None:
                rows_known = session.query(sa.func.count(event.id)).filter(
                    event.sender_id == sender_id, event.id <= known.last_id).scalar()
                if rows_known != known.rows:  # erased or purged meanwhile: read it all again
                    known = None
            newer = session.query(event.id, event.type_name, event.data).filter(
                event.sender_id == sender_id, event.id > (known.last_id if known else 0)).order_by(event.id).all()
        rows = [(row.id, row.type_name, json.loads(row.data)) for row in newer]
        known = recent_history.extend(known, rows, (known.rows if known else 0) + len(rows), sender_id,
                                      self.domain.slots if self.domain else [])
        self._history.put(sender_id, known)
        events = [*known.state, *known.recent]
        if not self.domain or not events:
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        tracker.bridge_stored = len(tracker.events)  # what `_write` must not write again
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        if _erased_this_turn(tracker):
            await asyncio.to_thread(self.erase, tracker.sender_id)
            return
        await self.stream_events(tracker)
        await asyncio.to_thread(self._write, tracker)

    def _write(self, tracker: DialogueStateTracker) -> None:
        """The events not stored yet, in a thread. A shortened conversation
        knows how many it started with; Rasa's way (counting the stored ones)
        is right only for a whole one."""
        stored = getattr(tracker, "bridge_stored", None)
        with self.session_scope() as session:
            if stored is None:
                if any(recent_history.is_summary(event) for event in tracker.events):
                    raise RuntimeError("A shortened conversation lost its count of stored events; not saved.")
                new = list(self._additional_events(session, tracker))
            else:
                new = list(itertools.islice(tracker.events, stored, None))
            for event in new:
                data = event.as_dict()
                session.add(self.SQLEvent(sender_id=tracker.sender_id, type_name=event.type_name,
                                          timestamp=data.get("timestamp"), data=json.dumps(data)))
            session.commit()
        tracker.bridge_stored = len(tracker.events)

    async def _purge_forever(self) -> None:
        while True:
            try:
                await asyncio.to_thread(self.purge_expired)
            except Exception as error:  # the database is away: next hour, nothing is lost
                logger.warning("The retention clean-up failed (%s).", error.__class__.__name__)
            await asyncio.sleep(PURGE_EVERY_SECONDS)

    def erase(self, sender_id: str) -> None:
        """Everything of one conversation (bot.storage.erasure). The action has
        normally done it already; when the database refused, it was written
        down and is tried again, so a failure here must not fail the turn."""
        self._history.forget(sender_id)
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
speedups.install()


def _erased_this_turn(tracker: DialogueStateTracker) -> bool:
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name == ERASE_ACTION:
            return True
    return False
