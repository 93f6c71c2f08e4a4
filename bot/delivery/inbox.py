"""What arrived: recorded before the webhook answers, handled one by one.

`record` is all a webhook does after checking who sent it: one INSERT,
committed, and a retry of the same delivery (same channel and delivery id)
is recorded once. `Processor` then handles each sender's messages one at a
time, in order, in whichever Bridge process claims them: a claim is one
conditional UPDATE on a row that is the oldest pending one of its sender
while none of the sender's rows is being worked on. A process that dies
mid-turn leaves its row "working" with a lease; when the lease runs out the
row is handled again, so nothing is lost.
"""
import asyncio
import hashlib
import json
import logging
from dataclasses import asdict, dataclass, replace
from datetime import timedelta
from typing import Awaitable, Callable

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from bot import privacy
from bot.delivery.loop import ClaimLoop
from bot.replies import Media
from bot.storage.db import joined, session, unavailable
from bot.storage.models import Inbound, as_utc, now

logger = logging.getLogger(__name__)
SEALED = "inbox"
LEASE = timedelta(seconds=90)  # longer than any turn; a dead process's rows come back after it
KEEP_DONE = timedelta(days=2)  # delivery ids are kept this long, so a late retry is still recognised
# Telegram posts the updates of one chat concurrently; a short wait lets an
# earlier update that is still on its way overtake a later one. Posted at the
# same moment, they arrive within milliseconds of each other; every Telegram
# message waits this long, so it is kept short (issue 8), and the processor
# looks again the moment it ends rather than at its next idle look.
ORDER_GRACE = {"telegram": timedelta(milliseconds=60), "desk": timedelta(milliseconds=60)}
MAX_ATTEMPTS = 5  # a message whose turn keeps failing (not the database: that is retried forever)


@dataclass(frozen=True)
class Arrived:
    """One recorded message or button press, as its handler gets it."""

    id: int
    channel: str
    delivery_key: str
    address: str
    text: str | None  # None for media
    callback_id: str | None
    media: Media | None = None
    message_id: int | None = None


Handler = Callable[[Arrived], Awaitable[None]]


def record(channel: str, delivery_key: str, address: str, text: str | None,
           callback_id: str | None = None, order_key: int | None = None, media: Media | None = None,
           message_id: int | None = None) -> bool:
    """Keep what arrived; False when this delivery was recorded before (a retry)."""
    sender = privacy.lookup_key(channel, address)
    key_hash = hashlib.sha256(f"{channel}:{delivery_key}".encode()).hexdigest()
    held_by = replace(media, source=channel) if media else None  # the channel that can fetch the file
    content = json.dumps({"address": address, "text": text, "callback": callback_id, "key": delivery_key,
                          "media": asdict(held_by) if held_by else None, "message_id": message_id})
    try:
        with session() as db:
            row = Inbound(channel=channel, key_hash=key_hash, sender=sender, order_key=order_key or 0,
                          sealed=privacy.seal(SEALED, content, key_hash), state="pending", attempts=0)
            db.add(row)
            db.flush()
            if order_key is None:  # arrival order
                row.order_key = row.id
        return True
    except IntegrityError:
        return False


def waiting() -> int:
    """Messages recorded and not yet handled (for /health and the tests)."""
    with session() as db:
        return db.execute(select(func.count()).select_from(Inbound).where(Inbound.state != "done")).scalar()


def _claim(channels: set[str]) -> tuple[Arrived | None, float | None]:
    """The next message to handle, claimed for this process, or None; and, when
    a message only waits for its grace, in how many seconds it may be claimed."""
    moment, soonest = now(), None
    with session() as db:
        busy = select(Inbound.sender).where(Inbound.state == "working", Inbound.locked_until > moment)
        candidates = db.execute(
            select(Inbound).where(Inbound.state.in_(["pending", "working"]), Inbound.channel.in_(channels),
                                  Inbound.sender.not_in(busy))
            .order_by(Inbound.order_key, Inbound.id).limit(50)
        ).scalars().all()
        seen = set()
        for row in candidates:
            if row.sender in seen:
                continue  # only the oldest of each sender
            seen.add(row.sender)
            grace = ORDER_GRACE.get(row.channel)
            if row.state == "pending" and grace and moment - as_utc(row.received_at) < grace:
                ready_in = (as_utc(row.received_at) + grace - moment).total_seconds()
                soonest = ready_in if soonest is None else min(soonest, ready_in)
                continue
            claimed = db.execute(
                update(Inbound).where(Inbound.id == row.id, Inbound.state == row.state,
                                      (Inbound.locked_until.is_(None)) | (Inbound.locked_until <= moment))
                .values(state="working", locked_until=moment + LEASE, attempts=Inbound.attempts + 1)
                .execution_options(synchronize_session=False)  # SQLite hands back naive times
            ).rowcount
            if claimed:
                content = json.loads(privacy.unseal(SEALED, row.sealed, row.key_hash))
                found = content.get("media")
                return Arrived(row.id, row.channel, content["key"], content["address"], content["text"],
                               content["callback"], Media(**found) if found else None, content.get("message_id")), None
    return None, soonest


def done(arrived_id: int, db=None) -> None:
    """Handled: the text is gone, the delivery id stays a while to recognise retries.
    Pass `db` to make it part of the transaction that wrote the replies."""
    with joined(db) as db:
        db.execute(update(Inbound).where(Inbound.id == arrived_id).values(state="done", sealed="", locked_until=None))


def purge_done() -> int:
    with session() as db:
        return db.execute(delete(Inbound).where(Inbound.state == "done", Inbound.received_at < now() - KEEP_DONE)).rowcount


class Processor(ClaimLoop):
    """Handles recorded messages as they come, in this process, with one handler per channel."""

    what = "inbox"

    def __init__(self) -> None:
        super().__init__()
        self.handlers: dict[str, Handler] = {}

    def add(self, channel: str, handler: Handler) -> None:
        self.handlers[channel] = handler

    def ready(self) -> bool:
        return bool(self.handlers)

    def claim(self) -> Arrived | None:
        arrived, ready_in = _claim(set(self.handlers))
        self.look_again_in = ready_in
        return arrived

    async def work(self, arrived: Arrived) -> None:
        try:
            await self.handlers[arrived.channel](arrived)
        except Exception as error:
            logger.warning("A %s message could not be handled yet (%s); it will be tried again.",
                           arrived.channel, error.__class__.__name__)
            try:
                await asyncio.to_thread(_release, arrived.id, counted=not unavailable(error))
            except Exception as still:  # the database is still away: the lease brings the row back
                logger.warning("A %s message stays claimed until its lease ends (%s).",
                               arrived.channel, still.__class__.__name__)
        self.wake()  # the sender's next message may be waiting


def _release(arrived_id: int, counted: bool = True) -> None:
    """Let the row be tried again soon; after too many failed turns, give up on it.
    A turn that failed because the database or Redis was away is not counted."""
    with session() as db:
        row = db.get(Inbound, arrived_id)
        if row is None:
            return
        if not counted:
            row.attempts = max(row.attempts - 1, 0)
        if row.attempts >= MAX_ATTEMPTS:
            logger.error("A %s message failed %d times and is dropped.", row.channel, row.attempts)
            row.state, row.sealed = "done", ""
        else:
            row.state, row.locked_until = "pending", now() + timedelta(seconds=2 ** row.attempts)
