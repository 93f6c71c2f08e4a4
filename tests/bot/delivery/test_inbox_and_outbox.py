"""The inbox and the outbox on SQLite and PostgreSQL: recorded once, handled in
the order people sent, every reply delivered once, each failure by its rule."""
import asyncio
import random
import uuid

import pytest

from bot.delivery import inbox, outbox
from bot.delivery.outbox import Blocked, Rejected, RetryLater
from bot.replies import Reply
from bot.storage.db import engine, migrate
from tests.support.services import postgres_url


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'bridge.db'}" if request.param == "sqlite" else postgres_url()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setitem(inbox.ORDER_GRACE, "t", inbox.ORDER_GRACE["telegram"])
    engine.cache_clear()
    migrate(url)
    yield
    engine.cache_clear()


def channel() -> str:
    return "c" + uuid.uuid4().hex[:12]  # each test its own channel: PostgreSQL's rows are shared


def run(coroutine_factory, seconds=3.0):
    async def go():
        return await asyncio.wait_for(coroutine_factory(), seconds)
    return asyncio.run(go())


def test_a_retried_delivery_is_recorded_once(database):
    name = channel()
    assert inbox.record(name, "update-1", "1001", "hello") is True
    assert inbox.record(name, "update-1", "1001", "hello") is False


def test_one_persons_messages_are_handled_one_at_a_time_in_the_order_sent(database):
    name, handled = channel(), []
    order = list(range(1, 11))
    random.Random(3).shuffle(order)
    for key in order:  # arriving out of order, as concurrent webhooks do
        inbox.record(name, f"u{key}", "1001", f"message {key}", order_key=key)
    inbox.record(name, "other", "2002", "someone else", order_key=5)

    async def go():
        processor, finished = inbox.Processor(), asyncio.Event()
        working = set()

        async def handle(arrived):
            assert arrived.address not in working, "never two turns of one person at once"
            working.add(arrived.address)
            await asyncio.sleep(0.01)
            handled.append((arrived.address, arrived.text))
            working.discard(arrived.address)
            inbox.done(arrived.id)
            if len(handled) == 11:
                finished.set()

        processor.add(name, handle)
        processor.start()
        await finished.wait()
        processor.stop()
    run(go, 20)
    mine = [text for address, text in handled if address == "1001"]
    assert mine == [f"message {key}" for key in range(1, 11)]
    assert ("2002", "someone else") in handled


def test_a_turn_that_failed_is_handled_again(database):
    name, attempts = channel(), []
    inbox.record(name, "u1", "1001", "hello")

    async def go():
        processor, finished = inbox.Processor(), asyncio.Event()

        async def handle(arrived):
            attempts.append(arrived.id)
            if len(attempts) == 1:
                raise ConnectionError("the dialogue engine is away")
            inbox.done(arrived.id)
            finished.set()

        processor.add(name, handle)
        processor.start()
        await finished.wait()
        processor.stop()
    run(go, 10)
    assert len(attempts) == 2 and inbox.waiting() >= 0


class Recording:
    """A transport that fails on command, then delivers."""

    def __init__(self, failures=()):
        self.failures = list(failures)
        self.delivered = []

    async def deliver(self, address, reply):
        if self.failures:
            raise self.failures.pop(0)
        self.delivered.append((address, reply.text))


def deliver_all(name, transport, until, seconds=10.0):
    async def go():
        sender = outbox.Sender()
        sender.add(name, transport)
        sender.start()
        while not until():
            await asyncio.sleep(0.02)
        sender.stop()
    run(go, seconds)


def pending(name) -> int:
    from sqlalchemy import func, select

    from bot.storage.db import session
    from bot.storage.models import Outbound

    with session() as db:
        return db.execute(select(func.count()).select_from(Outbound).where(Outbound.channel == name)).scalar()


def test_replies_are_delivered_once_and_in_order_and_then_forgotten(database):
    name, transport = channel(), Recording()
    outbox.send(name, "1001", [Reply("one"), Reply("two"), Reply("three")])
    deliver_all(name, transport, lambda: len(transport.delivered) == 3 and pending(name) == 0)
    assert transport.delivered == [("1001", "one"), ("1001", "two"), ("1001", "three")]
    assert pending(name) == 0, "nothing is kept after delivery"


def test_network_trouble_and_a_429_are_waited_out(database):
    name = channel()
    transport = Recording([RetryLater(0.2), RetryLater()])
    outbox.send(name, "1001", [Reply("hello")])
    deliver_all(name, transport, lambda: transport.delivered)
    assert transport.delivered == [("1001", "hello")]


def test_a_person_who_blocked_the_bot_is_not_retried(database):
    name = channel()
    transport = Recording([Blocked()])
    outbox.send(name, "1001", [Reply("one"), Reply("two")])
    deliver_all(name, transport, lambda: pending(name) == 0)
    assert transport.delivered == []


def test_a_permanent_refusal_gives_up_on_that_reply_only(database):
    name = channel()
    transport = Recording([Rejected("400")])
    outbox.send(name, "1001", [Reply("too long"), Reply("next")])
    deliver_all(name, transport, lambda: pending(name) == 0)
    assert transport.delivered == [("1001", "next")]


def test_replies_sit_sealed_in_the_outbox(database):
    from sqlalchemy import select

    from bot.storage.db import session
    from bot.storage.models import Outbound

    name = channel()
    outbox.send(name, "+31612345678", [Reply("Zanubia, the CSG number is 0800-0188")])
    with session() as db:
        sealed = db.execute(select(Outbound.sealed).where(Outbound.channel == name)).scalar()
    assert "Zanubia" not in sealed and "31612345678" not in sealed
