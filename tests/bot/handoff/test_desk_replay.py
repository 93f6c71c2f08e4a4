"""A desk press whose turn dies halfway, on SQLite and PostgreSQL: the press is
handled again from the start, the claim (or close) counts once, and each
notice reaches the ambassador and the person once, never a refusal instead."""
import asyncio
import random
import uuid

import pytest
from sqlalchemy import delete, select
from sqlalchemy.exc import OperationalError

from bot import content, payloads, privacy
from bot.delivery import inbox, outbox
from bot.handoff import ambassadors, desk, queue
from bot.handoff.states import State
from bot.i18n import translate
from bot.storage import contacts, db
from bot.storage.console_models import AmbassadorPause, CapLift, InsightCount
from bot.storage.models import Ambassador, Handoff, HandoffEvent, Inbound, Outbound, Relayed, WorkLog
from tests.support.services import postgres_url


@pytest.fixture(params=["sqlite", "postgresql"], autouse=True)
def database(request, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'bridge.db'}" if request.param == "sqlite" else postgres_url()
    monkeypatch.setenv("DATABASE_URL", url)
    db.engine.cache_clear()
    db.migrate(url)
    with db.session() as s:  # a clean queue for each test (PostgreSQL is shared)
        for table in (Relayed, WorkLog, CapLift, AmbassadorPause, InsightCount, HandoffEvent, Handoff, Ambassador):
            s.execute(delete(table))
    yield
    db.engine.cache_clear()


class Phone:
    """A channel's API that records what each chat was sent."""

    def __init__(self):
        self.sent: dict[str, list[str]] = {}

    async def deliver(self, address, reply):
        self.sent.setdefault(address, []).append(reply.text)


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


def fail_once(monkeypatch, owner, name):
    """The database goes away at this step, once."""
    real, failed = getattr(owner, name), []

    def step(*args, **kwargs):
        if not failed:
            failed.append(True)
            raise OperationalError("the step", None, ConnectionError("the database went away"))
        return real(*args, **kwargs)
    monkeypatch.setattr(owner, name, step)


def press(telegram_id: str, payload: str) -> inbox.Arrived:
    """A button press as the desk webhook records it (bot.delivery.inbox)."""
    key = f"update-{uuid.uuid4().hex}"
    assert inbox.record("desk", key, telegram_id, payload, callback_id="query-1")
    with db.session() as s:
        row_id = s.execute(select(Inbound.id).order_by(Inbound.id.desc())).scalars().first()
    return inbox.Arrived(row_id, "desk", key, telegram_id, payload, "query-1")


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


# Where the turn dies: right after the claim, before the person is told, before the press is marked handled.
STEPS = [(queue, "get"), (desk, "send_to_person"), (inbox, "done")]


@pytest.mark.parametrize("owner, step", STEPS, ids=["after the claim", "before the person's notice",
                                                    "before the press is handled"])
def test_a_claim_whose_turn_dies_halfway_counts_once_and_each_notice_goes_out_once(monkeypatch, owner, step):
    chat_id, case, yonas = a_waiting_person()
    arrived = press(yonas.telegram_id, payloads.claim(case.id))
    fail_once(monkeypatch, owner, step)
    with pytest.raises(OperationalError):
        desk.process(arrived)
    assert not handled(arrived), "the press stays in the inbox, to be handled again"

    desk.process(arrived)  # the inbox hands out the same press again

    assert handled(arrived)
    claimed = queue.get(case.id)
    assert claimed.state == State.CLAIMED and claimed.ambassador_id == yonas.id
    phones = delivered(("desk", yonas.telegram_id), ("telegram", chat_id))
    assert phones["desk"].sent[yonas.telegram_id] == [translate("en", content.DESK_CLAIMED, case=case.id)]
    assert phones["telegram"].sent[chat_id] == [translate("ti", content.HANDOFF_CONNECTED)]


def test_a_close_whose_turn_dies_halfway_ends_the_chat_once(monkeypatch):
    chat_id, case, yonas = a_waiting_person()
    desk.process(press(yonas.telegram_id, payloads.claim(case.id)))
    arrived = press(yonas.telegram_id, payloads.close(case.id, "helped"))
    fail_once(monkeypatch, desk, "send_to_person")
    with pytest.raises(OperationalError):
        desk.process(arrived)
    assert queue.get(case.id).state == State.CLAIMED, "nothing of the failed turn is kept"

    desk.process(arrived)

    assert queue.get(case.id).state == State.CLOSED
    assert [reason for *_, reason in queue.history(case.id)] == ["requested", "claimed", "helped"]
    phones = delivered(("desk", yonas.telegram_id), ("telegram", chat_id))
    assert phones["desk"].sent[yonas.telegram_id] == [translate("en", content.DESK_CLAIMED, case=case.id),
                                                      translate("en", content.DESK_CLOSED, case=case.id)]
    assert phones["telegram"].sent[chat_id] == [translate("ti", content.HANDOFF_CONNECTED),
                                                translate("ti", content.HANDOFF_ENDED),
                                                translate("ti", content.HANDOFF_RATE)]
