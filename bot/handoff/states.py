"""The states of a hand-off request, named once (transitions: bot.handoff.queue)."""


class State:
    """Waiting and claimed are open; the rest are final."""

    WAITING = "waiting"  # in the queue, nobody has it
    CLAIMED = "claimed"  # a live chat with one ambassador
    CLOSED = "closed"  # the chat ended (by the ambassador or the person)
    EXPIRED = "expired"  # nobody claimed it before its deadline
    CANCELLED = "cancelled"  # the person stopped waiting, or asked again


OPEN = (State.WAITING, State.CLAIMED)
ENDED = (State.CLOSED, State.EXPIRED, State.CANCELLED)
