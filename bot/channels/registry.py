"""The outboxes of the running channels, by name, for messages nobody asked for
right now: an ambassador's reply, a timeout notice, a retry after a restart."""
from typing import Any

_outboxes: dict[str, Any] = {}  # name -> bot.channels.base.Outbox


def register(channel: str, outbox: Any) -> None:
    _outboxes[channel] = outbox


def outbox(channel: str) -> Any:
    return _outboxes.get(channel)
