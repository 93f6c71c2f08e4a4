from rasa.core.lock_store import InMemoryLockStore, RedisLockStore

from bot.engine.lock_store import BridgeLockStore
from tests.support.services import redis_url, unique_sender


def test_one_machine_needs_no_redis(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert isinstance(BridgeLockStore(), InMemoryLockStore)


def test_with_redis_url_conversations_are_locked_across_processes(monkeypatch):
    monkeypatch.setenv("REDIS_URL", redis_url())
    first, second = BridgeLockStore(), BridgeLockStore()
    assert isinstance(first, RedisLockStore)
    sender = unique_sender()
    lock = first.issue_ticket(sender)
    # The second process sees the first one's ticket: it has to wait its turn.
    assert second.get_or_create_lock(sender).last_issued == lock
    first.finish_serving(sender, lock)
    first.cleanup(sender, lock)
