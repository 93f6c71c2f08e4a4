"""Rasa's lock store: in memory on one machine, Redis when `REDIS_URL` is set.

The lock serialises messages of one conversation. With more than one Rasa
process (the production path) they must share it, hence Redis.
"""
import os
from typing import Any

from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from redis.connection import parse_url


class BridgeLockStore:
    """Rasa builds custom lock stores by calling the class; we hand back a real one."""

    def __new__(cls, endpoint_config: Any = None) -> LockStore:
        url = os.environ.get("REDIS_URL")
        if not url:
            return InMemoryLockStore()
        parts = parse_url(url)
        return RedisLockStore(
            host=parts.get("host", "localhost"),
            port=int(parts.get("port", 6379)),
            db=int(parts.get("db", 0)),
            username=parts.get("username"),
            password=parts.get("password"),
            use_ssl=url.startswith("rediss://"),
            key_prefix="bridge",
        )
