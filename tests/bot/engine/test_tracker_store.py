"""Conversations are kept in DATABASE_URL, erased on request and deleted after
the retention period, on SQLite (the default) and PostgreSQL (production)."""
import asyncio
import time

import pytest
from rasa.shared.core.domain import Domain
from sqlalchemy import text as sa_text
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
    assert queue.get(request.id) is None, "the request named the conversation and its topic"
    assert queue.active_for(person.conversation_id) is None
    with store.engine.connect() as connection:
        left = connection.exec_driver_sql(f"select count(*) from relayed_messages where handoff_id = {request.id}").scalar()
    assert left == 0


def test_erasing_forgets_when_the_person_wrote_but_not_what_they_still_wait_for(store):
    from bot.delivery import inbox

    chat_id, run = f"55{time.time_ns() % 10**9}", time.time_ns()
    key = contacts.privacy.lookup_key("telegram", chat_id)
    person = contacts.arrived("telegram", chat_id)
    assert inbox.record("telegram", f"update-{run}-1", chat_id, "hello")
    with store.engine.connect() as connection:
        first = connection.execute(sa_text("select id from inbox where sender = :key"), {"key": key}).scalar()
    inbox.done(first)
    assert inbox.record("telegram", f"update-{run}-2", chat_id, "are you there?")  # sent after /forget
    tracker = conversation(person.conversation_id, UserUttered("/yes"), ActionExecuted("action_erase_conversation"))
    asyncio.run(store.save(tracker))
    with store.engine.connect() as connection:
        states = [state for (state,) in connection.execute(sa_text(
            "select state from inbox where sender = :key"), {"key": key})]
    assert states == ["pending"], "the handled delivery id is gone, the message still waiting stays"


def test_intent_and_action_names_are_not_stored_in_clear(store):
    sender = unique_sender()
    said = UserUttered("he forced me", parse_data={"intent": {"name": "report_sexual_violence", "confidence": 1.0}})
    asyncio.run(store.save(conversation(sender, said, ActionExecuted("action_answer_topic"))))
    with store.engine.connect() as connection:
        rows = connection.exec_driver_sql("select intent_name, action_name from events").fetchall()
    assert all(intent is None and action is None for intent, action in rows)
    assert stored(store, sender)[0].intent_name == "report_sexual_violence", "kept inside the sealed data"


def test_events_stored_before_labels_were_sealed_lose_their_clear_labels_on_upgrade(tmp_path, monkeypatch):
    from alembic import command
    from alembic.config import Config

    from bot.storage.db import MIGRATIONS

    url = f"sqlite:///{tmp_path / 'old.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    engine.cache_clear()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "0007")
    old = BridgeTrackerStore(domain=DOMAIN)
    sender = unique_sender()
    asyncio.run(old.save(conversation(sender, UserUttered("he forced me"))))
    with old.engine.begin() as connection:  # as an older Bridge wrote them
        connection.exec_driver_sql("UPDATE events SET intent_name = 'report_sexual_violence', "
                                   "action_name = 'action_answer_topic'")
    command.upgrade(config, "head")
    with old.engine.connect() as connection:
        rows = connection.exec_driver_sql("select intent_name, action_name from events").fetchall()
    assert rows and all(intent is None and action is None for intent, action in rows)
    assert [e.text for e in stored(old, sender) if isinstance(e, UserUttered)] == ["he forced me"]


def test_ended_hand_off_requests_past_the_retention_period_are_deleted(store, monkeypatch):
    from datetime import timedelta

    from bot.storage.db import session
    from bot.storage.models import Handoff, now

    monkeypatch.setenv("BRIDGE_RETENTION_DAYS", "30")
    old = queue.open_request(unique_sender(), "telegram", "en", "domestic_violence")
    queue.cancel(old.id)
    recent = queue.open_request(unique_sender(), "telegram", "en", "other")
    with session() as db:
        db.get(Handoff, old.id).created_at = now() - timedelta(days=31)
    store.purge_expired()
    assert queue.get(old.id) is None and queue.get(recent.id) is not None


def test_a_refused_erasure_is_written_down_and_done_on_the_next_try(tmp_path, monkeypatch):
    import sqlite3

    from bot.storage import erasure

    url = f"sqlite:///{tmp_path / 'bridge.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    engine.cache_clear()
    migrate(url)
    store = BridgeTrackerStore(domain=DOMAIN)
    person = contacts.arrived("whatsapp", "whatsapp:+31600000001")
    asyncio.run(store.save(conversation(person.conversation_id, UserUttered("my story"))))
    with sqlite3.connect(tmp_path / "bridge.db") as db:
        db.execute("CREATE TRIGGER refuse BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'refused'); END")
    assert erasure.erase(person.conversation_id) is False
    assert erasure.pending() == [person.conversation_id]
    assert contacts.find(person.conversation_id) is not None, "nothing half-erased: one transaction"
    with sqlite3.connect(tmp_path / "bridge.db") as db:
        db.execute("DROP TRIGGER refuse")
    assert erasure.retry_pending() == 1
    assert stored(store, person.conversation_id) == [] and contacts.find(person.conversation_id) is None
    assert erasure.pending() == []


def a_turn(store, sender, text, *events):
    """One turn as Rasa runs it: read the conversation, add to it, save it."""
    tracker = asyncio.run(store.retrieve(sender)) or conversation(sender)
    for event in (ActionExecuted("action_listen"), UserUttered(text), *events):
        tracker.update(event)
    asyncio.run(store.save(tracker))
    return tracker


def test_a_long_conversation_is_read_as_its_state_and_last_turns_and_kept_whole(store):
    from bot.engine.recent_history import KEEP_TURNS

    sender = unique_sender()
    a_turn(store, sender, "salam", SlotSet("language", "fa"))
    for n in range(60):
        a_turn(store, sender, f"question {n}", ActionExecuted("action_answer_topic"))
    tracker = asyncio.run(store.retrieve(sender))
    said = [e.text for e in tracker.events if isinstance(e, UserUttered)]
    assert tracker.get_slot("language") == "fa", "the state of the whole conversation"
    assert said[-1] == "question 59" and KEEP_TURNS <= len(said) <= 2 * KEEP_TURNS
    whole = asyncio.run(store.retrieve_full_tracker(sender))
    assert [e.text for e in whole.events if isinstance(e, UserUttered)][:2] == ["salam", "question 0"]
    assert len([e for e in whole.events if isinstance(e, UserUttered)]) == 61, "nothing lost, nothing twice"


def test_turns_saved_by_another_process_are_read_by_this_one(store):
    sender = unique_sender()
    other = BridgeTrackerStore(domain=DOMAIN)  # a second Rasa process on the same database
    for n in range(30):
        a_turn(store if n % 2 else other, sender, f"message {n}", SlotSet("language", "nl" if n < 20 else "tr"))
    for reader in (store, other):
        tracker = asyncio.run(reader.retrieve(sender))
        assert [e.text for e in tracker.events if isinstance(e, UserUttered)][-1] == "message 29"
        assert tracker.get_slot("language") == "tr"
    whole = asyncio.run(store.retrieve_full_tracker(sender))
    assert [e.text for e in whole.events if isinstance(e, UserUttered)] == [f"message {n}" for n in range(30)]


def test_an_erasure_by_another_process_is_not_undone_by_what_this_one_remembers(store):
    from bot.storage import erasure

    sender = unique_sender()
    for n in range(3):
        a_turn(store, sender, f"my story {n}")
    assert stored(store, sender) != []
    assert erasure.erase(sender)  # as the action server does it
    assert asyncio.run(store.retrieve(sender)) is None


def test_what_a_process_remembers_of_a_conversation_leaves_its_memory_after_an_hour_unused(monkeypatch):
    from bot.engine import recent_history

    history = recent_history.RecentHistory()
    history.put("someone", recent_history.Known(1, 1, (), ({"event": "user", "text": "my story"},)))
    assert history.get("someone") is not None
    clock = recent_history.time.monotonic() + recent_history.KEEP_FOR + 1
    monkeypatch.setattr(recent_history.time, "monotonic", lambda: clock)
    assert history.get("someone") is None
