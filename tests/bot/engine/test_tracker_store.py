"""Conversations are kept in DATABASE_URL, erased on request and deleted after
the retention period, on SQLite (the default) and PostgreSQL (production)."""
import asyncio
import time

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.engine.tracker_store import BridgeTrackerStore
from bot.settings import ROOT
from bot.handoff import queue
from bot.storage import contacts
from bot.storage.db import engine, migrate
from tests.support.services import postgres_url, unique_sender

DOMAIN = Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'bridge.db'}" if request.param == "sqlite" else postgres_url()
    monkeypatch.setenv("DATABASE_URL", url)
    engine.cache_clear()
    migrate(url)
    return BridgeTrackerStore(domain=DOMAIN)


def conversation(sender, *events):
    return DialogueStateTracker.from_events(sender, list(events), slots=DOMAIN.slots)


def stored(store, sender):
    tracker = asyncio.run(store.retrieve(sender))
    return [] if tracker is None else list(tracker.events)


def test_a_returning_person_keeps_their_language(store):
    sender = unique_sender()
    asyncio.run(store.save(conversation(sender, UserUttered("salam"), SlotSet("language", "fa"))))
    assert asyncio.run(store.retrieve(sender)).get_slot("language") == "fa"


def test_erasing_deletes_every_event_of_that_conversation_only(store):
    sender, other = unique_sender(), unique_sender()
    asyncio.run(store.save(conversation(other, UserUttered("hello"))))
    tracker = conversation(sender, UserUttered("my story"), SlotSet("language", "ar"))
    asyncio.run(store.save(tracker))
    tracker.update(UserUttered("/yes"))
    tracker.update(ActionExecuted("action_erase_conversation"))
    asyncio.run(store.save(tracker))
    assert stored(store, sender) == []
    assert stored(store, other) != []


def test_events_past_the_retention_period_are_deleted(store, monkeypatch):
    monkeypatch.setenv("BRIDGE_RETENTION_DAYS", "30")
    sender = unique_sender()
    old = time.time() - 31 * 86400
    asyncio.run(store.save(conversation(sender, UserUttered("old", timestamp=old))))
    recent = unique_sender()
    asyncio.run(store.save(conversation(recent, UserUttered("new"))))
    assert store.purge_expired() >= 1
    assert stored(store, sender) == []
    assert stored(store, recent) != []


def test_what_people_write_is_never_stored_in_clear(store):
    sender = unique_sender()
    asyncio.run(store.save(conversation(sender, UserUttered("my uncle Yusuf hurts me"))))
    with store.engine.connect() as connection:
        raw = connection.exec_driver_sql("select data from events where sender_id = %s" % (
            "?" if store.engine.dialect.name == "sqlite" else "%s"), (sender,)).scalar()
    assert "Yusuf" not in raw and raw.startswith("v1:")
    assert stored(store, sender)[0].text == "my uncle Yusuf hurts me"


def test_erasing_also_deletes_the_contact_and_the_hand_off_messages(store):
    person = contacts.arrived("telegram", "555000111")
    request = queue.open_request(person.conversation_id, "telegram", "en", "other")
    queue.record_relay(request.id, "to_ambassador", "please help")
    tracker = conversation(person.conversation_id, UserUttered("/yes"), ActionExecuted("action_erase_conversation"))
    asyncio.run(store.save(tracker))
    assert contacts.find(person.conversation_id) is None
    assert queue.get(request.id).state == "cancelled"
    assert queue.active_for(person.conversation_id) is None
    with store.engine.connect() as connection:
        left = connection.exec_driver_sql(f"select count(*) from relayed_messages where handoff_id = {request.id}").scalar()
    assert left == 0
