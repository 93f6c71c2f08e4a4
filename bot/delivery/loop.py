"""The one loop both the inbox processor and the outbox sender run.

It claims the next piece of work from its table (in a thread: database work
stays off the event loop), hands it to its own task so one slow person or
channel never holds up the others, and sleeps until woken, or briefly, when
there is nothing to do (work written by another process shows up then).
"""
import asyncio
import logging
from typing import Any

logger = logging.getLogger(__name__)
IDLE = 0.3  # seconds between looks when nothing woke us


class ClaimLoop:
    what = "work"  # for the log

    def __init__(self) -> None:
        self._wake = asyncio.Event()
        self._task: asyncio.Future | None = None
        self._running: set[asyncio.Task] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self.look_again_in: float | None = None  # set by `claim` when work becomes ready at a known time

    def claim(self) -> Any | None:
        """The next piece of work, claimed for this process (runs in a thread)."""
        raise NotImplementedError

    async def work(self, item: Any) -> None:
        raise NotImplementedError

    def ready(self) -> bool:
        """Whether there is anything for this loop to do in this process."""
        return True

    def wake(self) -> None:
        self._wake.set()

    def wake_from_anywhere(self) -> None:
        """Like `wake`, from any thread."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._wake.set)

    def start(self) -> None:
        if self._task is None and self.ready():
            self._loop = asyncio.get_running_loop()
            self._task = asyncio.ensure_future(self._run())

    def stop(self) -> None:
        if self._task:
            self._task.cancel()
            self._task = None

    async def _run(self) -> None:
        while True:
            try:
                item = await asyncio.to_thread(self.claim)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # the database is away: wait, nothing is lost
                logger.warning("The %s cannot be read (%s); trying again.", self.what, error.__class__.__name__)
                item = None
                await asyncio.sleep(1)
            if item is None:
                self._wake.clear()
                try:
                    idle = IDLE if self.look_again_in is None else min(IDLE, max(self.look_again_in, 0.005))
                    await asyncio.wait_for(self._wake.wait(), timeout=idle)
                except asyncio.TimeoutError:
                    pass
                continue
            task = asyncio.ensure_future(self.work(item))
            self._running.add(task)
            task.add_done_callback(self._running.discard)
