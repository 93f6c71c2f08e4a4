"""For tests of a turn (or a tick) that dies halfway and is done again: a clean
hand-off database on SQLite or PostgreSQL, the database failing at one step,
and the outbox run until what was queued has arrived."""
import asyncio
import random
import uuid
from collections import defaultdict

from sqlalchemy import delete, select
from sqlalchemy.exc import OperationalError

from bot import privacy
from bot.delivery import inbox, outbox
from bot.handoff import ambassadors, queue
from bot.storage import contacts, db
from bot.storage.console_models import AmbassadorPause, CapLift, InsightCount
from bot.storage.models import Ambassador, Handoff, HandoffEvent, Inbound, Outbound, Relayed, WorkLog
from tests.support.services import postgres_url


def clean_database(kind: str, tmp_path, monkeypatch):
    """A migrated database with an empty queue (PostgreSQL is shared); use with `yield from`."""
    url = f"sqlite:///{tmp_path / 'bridge.db'}" if kind == "sqlite" else postgres_url()
    monkeypatch.setenv("DATABASE_URL", url)
    db.engine.cache_clear()
    db.migrate(url)
    with db.session() as s:
        for table in (Relayed, WorkLog, CapLift, AmbassadorPause, InsightCount, HandoffEvent, Handoff, Ambassador):
            s.execute(delete(table))
    yield
    db.engine.cache_clear()


class Phone:
    """A channel's API that records what each chat was sent."""

    def __init__(self):
        self.sent: dict[str, list[str]] = defaultdict(list)

    async def deliver(self, address, reply):
        self.sent[address].append(reply.text)


def delivered(*recipients: tuple[str, str]) -> dict[str, Phone]:
    """Run the outbox until nothing waits for these (channel, address) recipients."""
    phones = {"desk": Phone(), "telegram": Phone()}

    def waiting() -> bool:
        with db.session() as s:
            keys = [privacy.lookup_key(channel, address) for channel, address in recipients]
            return s.execute(select(Outbound.id).where(Outbound.recipient.in_(keys))).first() is not None

    async def go():
        sender = outbox.Sender()
        for channel, phone in phones.items():
            sender.add(channel, phone)
        sender.start()
        while await asyncio.to_thread(waiting):
            await asyncio.sleep(0.02)
        sender.stop()

    asyncio.run(asyncio.wait_for(go(), 20))
    return phones


def fail_once(monkeypatch, owner, name, when=None):
    """The database goes away at this step, once (at its first call, or the first one `when` picks)."""
    real, failed = getattr(owner, name), []

    def step(*args, **kwargs):
        if not failed and (when is None or when(*args, **kwargs)):
            failed.append(True)
            raise OperationalError("the step", None, ConnectionError("the database went away"))
        return real(*args, **kwargs)
    monkeypatch.setattr(owner, name, step)


def recorded(channel: str, address: str, text: str, callback_id: str | None = None) -> inbox.Arrived:
    """A message or button press as its webhook records it (bot.delivery.inbox)."""
    key = f"update-{uuid.uuid4().hex}"
    assert inbox.record(channel, key, address, text, callback_id=callback_id)
    with db.session() as s:
        row_id = s.execute(select(Inbound.id).order_by(Inbound.id.desc())).scalars().first()
    return inbox.Arrived(row_id, channel, key, address, text, callback_id)


def handled(arrived: inbox.Arrived) -> bool:
    with db.session() as s:
        return s.get(Inbound, arrived.id).state == "done"


def a_waiting_person():
    """A Tigrinya person on Telegram waiting for an ambassador, and Yonas, who may take them."""
    chat_id = str(random.randint(10**9, 10**10))
    person = contacts.arrived("telegram", chat_id)
    case = queue.open_request(person.conversation_id, "telegram", "ti", "other")
    yonas = ambassadors.add("Yonas", str(uuid.uuid4().int % 10**9), ["ti"])
    ambassadors.set_available(yonas.id, True)
    return chat_id, case, yonas
