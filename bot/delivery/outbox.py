"""What waits to be sent: one row per reply, delivered by one sender per process.

`send` only writes rows,
so it works the same in every process and whatever the channel's API does
right now. `Sender` delivers them through each channel's transport, oldest
first per recipient, claiming each row with a conditional UPDATE so two
processes never send the same row. A transport raises one of the errors
below, and each has its rule (we never retry what cannot succeed, and never
give up on what only needs patience).
"""
import asyncio
import json
from dataclasses import asdict
import logging
from datetime import timedelta
from typing import Protocol

from sqlalchemy import delete, func, select, update

from bot import privacy
from bot.delivery.loop import ClaimLoop
from bot.replies import Button, Media, Reply
from bot.storage import contacts
from bot.storage.db import joined, session
from bot.storage.models import Outbound, as_utc, now

logger = logging.getLogger(__name__)
SEALED = "outbox"
NUMBERED_CHOICES = {"whatsapp"}  # no buttons there: a numbered list the person answers by typing
_senders: list["Sender"] = []  # in this process, woken when a row is written
LEASE = timedelta(seconds=30)  # longer than any send; a dead process's rows are sent after it
GIVE_UP_AFTER = timedelta(hours=24)  # of trying: a person who comes back later gets fresh answers


class Blocked(Exception):
    """The person blocked the bot or left: stop, and drop what waits for them."""


class RetryLater(Exception):
    """429, 5xx or network trouble: try again after `seconds` (or a growing back-off)."""

    def __init__(self, seconds: float | None = None):
        super().__init__(seconds)
        self.seconds = seconds


class Rejected(Exception):
    """A permanent refusal (a 4xx that will not change): give up on this reply."""


class Transport(Protocol):
    """A channel's API, one reply at a time (bot.channels.<type>.outbox)."""

    async def deliver(self, address: str, reply: Reply) -> None: ...


def send(channel: str, address: str, answer: list[Reply], case_id: int | None = None, db=None) -> None:
    """Queue these replies, in order. Pass `db` to make it part of a larger transaction."""
    if not answer:
        return
    recipient = privacy.lookup_key(channel, address)
    rows = [Outbound(channel=channel, recipient=recipient, case_id=case_id, attempts=0, next_attempt_at=now(),
                     sealed=privacy.seal(SEALED, json.dumps({"address": address, "reply": _as_dict(reply)}),
                                         recipient))
            for reply in answer]
    with joined(db) as db:
        db.add_all(rows)
        db.info.setdefault("after_commit", []).append(_wake_senders)  # once the rows really exist


def _wake_senders() -> None:
    for sender in _senders:
        sender.wake_from_anywhere()


def waiting() -> int:
    with session() as db:
        return db.execute(select(func.count()).select_from(Outbound)).scalar()


def drop_for(channel: str, address: str) -> int:
    """Forget what waits for one recipient (they blocked us, or were erased)."""
    recipient = privacy.lookup_key(channel, address)
    with session() as db:
        contacts.answer_lost(recipient, db=db)
        return db.execute(delete(Outbound).where(Outbound.recipient == recipient)).rowcount


def _lost(row_id: int) -> None:
    with session() as db:
        row = db.get(Outbound, row_id)
        if row is not None:
            _give_up(db, row)


def _give_up(db, row: Outbound) -> None:
    """A reply given up on: gone, and its person noted (their notice comes again)."""
    contacts.answer_lost(row.recipient, db=db)
    db.delete(row)


def _claim(channels: set[str]) -> tuple[int, str, str, Reply, int | None, int] | None:
    moment = now()
    with session() as db:
        busy = select(Outbound.recipient).where(Outbound.locked_until > moment)
        candidates = db.execute(
            select(Outbound).where(Outbound.channel.in_(channels), Outbound.recipient.not_in(busy))
            .order_by(Outbound.id).limit(50)
        ).scalars().all()
        seen = set()
        for row in candidates:
            if row.recipient in seen:
                continue
            seen.add(row.recipient)  # the oldest of each recipient, so replies arrive in order
            if as_utc(row.next_attempt_at) > moment:
                continue
            claimed = db.execute(
                update(Outbound).where(Outbound.id == row.id,
                                       (Outbound.locked_until.is_(None)) | (Outbound.locked_until <= moment))
                .values(locked_until=moment + LEASE, attempts=Outbound.attempts + 1)
                .execution_options(synchronize_session=False)).rowcount  # SQLite hands back naive times
            if claimed:
                content = json.loads(privacy.unseal(SEALED, row.sealed, row.recipient))
                return (row.id, row.channel, content["address"], _as_reply(content["reply"]), row.case_id,
                        row.attempts + 1)
    return None


def _delivered(row_id: int) -> None:
    with session() as db:
        db.execute(delete(Outbound).where(Outbound.id == row_id))


def _later(row_id: int, seconds: float) -> bool:
    """Try again in `seconds`; False when it has been tried for too long."""
    with session() as db:
        row = db.get(Outbound, row_id)
        if row is None:
            return True
        if now() - as_utc(row.created_at) > GIVE_UP_AFTER:
            _give_up(db, row)
            return False
        row.next_attempt_at, row.locked_until = now() + timedelta(seconds=seconds), None
        return True


class Sender(ClaimLoop):
    """Delivers the outbox through each channel's transport, in this process."""

    what = "outbox"

    def __init__(self) -> None:
        super().__init__()
        self.transports: dict[str, Transport] = {}

    def add(self, channel: str, transport: Transport) -> None:
        self.transports[channel] = transport

    def ready(self) -> bool:
        return bool(self.transports)

    def start(self) -> None:
        if self._task is None and self.ready():
            super().start()
            _senders.append(self)

    def stop(self) -> None:
        if self._task:
            super().stop()
            _senders.remove(self)

    def claim(self):
        return _claim(set(self.transports))

    async def work(self, claimed) -> None:
        await self._deliver(*claimed)

    async def _deliver(self, row_id, channel, address, reply, case_id, attempt) -> None:
        case = f"case {case_id}" if case_id else "no case"
        try:
            await self.transports[channel].deliver(address, reply)
            await asyncio.to_thread(_delivered, row_id)
        except Blocked:
            dropped = await asyncio.to_thread(drop_for, channel, address)
            logger.info("A %s recipient blocked the bot (%s); %d replies dropped.", channel, case, dropped)
        except RetryLater as error:
            wait = error.seconds if error.seconds is not None else min(2 ** attempt, 300)
            if not await asyncio.to_thread(_later, row_id, wait):
                logger.error("A %s reply could not be delivered for a day and is dropped (%s).", channel, case)
        except Rejected as error:
            await asyncio.to_thread(_lost, row_id)
            logger.error("%s refused a reply for good (%s): %s.", channel, case, error)
        except Exception as error:  # a bug, not the channel: keep the row, try again later
            logger.exception("Delivering a %s reply failed (%s, %s).", channel, case, error.__class__.__name__)
            await asyncio.to_thread(_later, row_id, min(2 ** attempt, 300))
        self.wake()


def _as_dict(reply: Reply) -> dict:
    return {"text": reply.text, "buttons": [[b.title, b.payload] for b in reply.buttons],
            "media": asdict(reply.media) if reply.media else None, "delete": list(reply.delete_ids),
            "template": reply.template_sid}


def _as_reply(data: dict) -> Reply:
    return Reply(data["text"], tuple(Button(title, payload) for title, payload in data["buttons"]),
                 Media(**data["media"]) if data.get("media") else None, tuple(data.get("delete") or ()),
                 data.get("template") or "")
