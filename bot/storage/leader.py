"""Background work that must run in exactly one Bridge process.

Telegram long polling (two pollers of one bot make Telegram refuse both), the
hand-off clock and the retention clean-up each run in one process only, however
many serve (BRIDGE_WORKERS). Each job holds a PostgreSQL advisory lock, at
session level, on a connection of its own, while it runs. The other processes
try again every few seconds, so when the process that holds it dies, its
connection closes, PostgreSQL releases the lock and another process takes over.
The job also stops here when its connection is lost, because then the lock may
be someone else's. On SQLite there is only ever one process (settings refuse
BRIDGE_WORKERS above 1 without PostgreSQL), so the job just runs.
"""
import asyncio
import hashlib
import logging
from typing import Awaitable, Callable

from sqlalchemy import text

from bot.storage.db import engine

logger = logging.getLogger(__name__)
CHECK_EVERY = 5.0  # seconds: how soon a job starts elsewhere once its process is gone

Job = Callable[[], Awaitable[None]]


def lock_id(name: str) -> int:
    """A stable signed 64-bit number for the job's name (advisory locks are numbers)."""
    return int.from_bytes(hashlib.sha256(f"bridge:{name}".encode()).digest()[:8], "big", signed=True)


class _Held:
    """The lock of one job, on its own connection (None on SQLite: nothing to hold)."""

    def __init__(self, connection=None):
        self.connection = connection

    def alive(self) -> bool:
        if self.connection is None:
            return True
        try:
            self.connection.execute(text("SELECT 1"))
            self.connection.commit()  # never idle in a transaction
            return True
        except Exception:  # noqa: BLE001 - any failure means the lock may be gone
            return False

    def release(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()  # closing the session releases its advisory locks
            except Exception:  # noqa: BLE001
                pass


def _acquire(name: str) -> _Held | None:
    database = engine()
    if database.dialect.name != "postgresql":
        return _Held()
    connection = database.connect()
    try:
        taken = connection.execute(text("SELECT pg_try_advisory_lock(:id)"), {"id": lock_id(name)}).scalar()
        connection.commit()
    except Exception:
        connection.close()
        raise
    if not taken:
        connection.close()
        return None
    # Not back into the pool with the lock on it: this connection is the lock.
    connection.detach()
    return _Held(connection)


async def run_alone(name: str, job: Job) -> None:
    """Run `job` in the one process that holds its lock; wait for it otherwise.
    A job that fails is started again; one that returns is done."""
    while True:
        try:
            held = await asyncio.to_thread(_acquire, name)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # the database is away: nothing runs until it is back
            logger.warning("Cannot ask the database who runs %s (%s); trying again.", name, error.__class__.__name__)
            held = None
        if held is None:
            await asyncio.sleep(CHECK_EVERY)
            continue
        logger.info("This process runs %s.", name)
        task = asyncio.ensure_future(job())
        try:
            while not task.done():
                await asyncio.wait({task}, timeout=CHECK_EVERY)
                if not task.done() and not await asyncio.to_thread(held.alive):
                    logger.warning("Lost the database connection that holds %s; stopping it here.", name)
                    task.cancel()
            if not task.cancelled() and task.exception() is None:
                return
            if not task.cancelled():
                logger.warning("%s stopped (%s); starting it again.", name, task.exception().__class__.__name__)
        finally:
            task.cancel()
            await asyncio.to_thread(held.release)
        await asyncio.sleep(CHECK_EVERY)
