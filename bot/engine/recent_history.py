"""What Rasa gets of a conversation on each turn: its state and its last turns.

Rasa rebuilds the whole conversation every turn, and its policies walk all of
it, several times (rasa issues #6334 and #11828): the 400th reply took 7.5
times as long as the 10th. Nothing we decide with needs the distant past: our
rules look a turn or two back, the actions read the slots. So a turn gets the
conversation as Rasa itself shapes a new session that carries the slots over
(session start, the slots that are set, the active form, a pause), followed
by the last `KEEP_TURNS` turns, in full. The database keeps every event, and
Rasa's HTTP API shows them all (`retrieve_full_tracker` is not shortened).

Each process also keeps, per conversation, the events it has already unsealed,
and reads only rows newer than the last one it knows; the turns another
process ran are just newer rows. A deletion (erasure, retention) shows as
fewer rows than it knew, and then it reads everything again.
"""
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from rasa.shared.core.constants import ACTION_SESSION_START_NAME
from rasa.shared.core.events import ActionExecuted, ActiveLoop, ConversationPaused, SessionStarted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

KEEP_TURNS = 4  # turns Rasa sees in full (our rules look one back); older ones folded in steps of as many
CONVERSATIONS = 2000  # kept per process, least recently used dropped first
KEEP_FOR = 3600.0  # seconds unused before a conversation's turns leave this process's memory
STATE_MARK = "bridge_state"  # in the metadata of the summary's session start: never stored


@dataclass(frozen=True)
class Known:
    """What this process has read of one conversation (never changed in place: threads share it)."""

    last_id: int  # the newest row read
    rows: int  # rows of this conversation up to `last_id` (fewer now: something was deleted)
    state: tuple[dict, ...]  # the summary of the turns folded away, as event dicts
    recent: tuple[dict, ...]  # the events since then, as stored


class RecentHistory:
    """The conversations this process served lately. Unsealed texts stay in
    memory no longer than `KEEP_FOR` unused (an erasure in another process is
    noticed at the next read, and here the entry goes at the latest then)."""

    def __init__(self) -> None:
        self._known: OrderedDict[str, tuple[float, Known]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, sender_id: str) -> Known | None:
        with self._lock:
            self._drop_old()
            found = self._known.pop(sender_id, None)
            if found is None:
                return None
            self._known[sender_id] = (time.monotonic(), found[1])
            return found[1]

    def put(self, sender_id: str, known: Known) -> None:
        with self._lock:
            self._known.pop(sender_id, None)
            self._known[sender_id] = (time.monotonic(), known)
            while len(self._known) > CONVERSATIONS:
                self._known.popitem(last=False)

    def _drop_old(self) -> None:
        """Oldest first: the dict is in order of last use."""
        cutoff = time.monotonic() - KEEP_FOR
        while self._known and next(iter(self._known.values()))[0] < cutoff:
            self._known.popitem(last=False)

    def forget(self, sender_id: str) -> None:
        with self._lock:
            self._known.pop(sender_id, None)


def extend(known: Known | None, rows: list[tuple[int, str, dict]], total_rows: int, sender_id: str,
           slots) -> Known:
    """`known` with the newer rows (id, type name, event) added, folded when long."""
    state, recent = (known.state, list(known.recent)) if known else ((), [])
    for _, type_name, event in rows:
        if type_name == SessionStarted.type_name:  # a new session: what came before is not read (as Rasa)
            state, recent = (), []
        recent.append(event)
    last_id = rows[-1][0] if rows else (known.last_id if known else 0)
    state, recent = _fold(state, recent, sender_id, slots)
    return Known(last_id, total_rows, state, tuple(recent))


def _fold(state: tuple, recent: list, sender_id: str, slots) -> tuple[tuple, list]:
    """Once there are twice `KEEP_TURNS` turns, the older ones become the state."""
    starts = [i for i, event in enumerate(recent) if event.get("event") == "user"]
    if len(starts) <= 2 * KEEP_TURNS:
        return state, recent
    cut = starts[-KEEP_TURNS]
    if cut > 0 and recent[cut - 1].get("event") == "action" and recent[cut - 1].get("name") == "action_listen":
        cut -= 1  # a turn begins with Rasa listening
    before = DialogueStateTracker.from_dict(sender_id, [*state, *recent[:cut]], slots)
    return summary(before, recent[cut].get("timestamp")), recent[cut:]


def summary(tracker: DialogueStateTracker, timestamp: float | None) -> tuple[dict, ...]:
    """The conversation's state as the start of a session that carries it over."""
    moment = (timestamp or 0.0) - 0.001
    events = [ActionExecuted(ACTION_SESSION_START_NAME, timestamp=moment).as_dict(),
              SessionStarted(metadata={STATE_MARK: True}, timestamp=moment).as_dict()]
    for slot in tracker.slots.values():
        if slot.value != slot.initial_value:
            events.append(SlotSet(slot.name, slot.value, timestamp=moment).as_dict())
    if tracker.active_loop_name:
        events.append(ActiveLoop(tracker.active_loop_name, timestamp=moment).as_dict())
    if tracker.is_paused():
        events.append(ConversationPaused(timestamp=moment).as_dict())
    return tuple(events)


def is_summary(event) -> bool:
    return isinstance(event, SessionStarted) and bool((event.metadata or {}).get(STATE_MARK))
