"""The audit log: every change made in the console or with the coordinators'
commands, who made it and when. Targets are ids and fields are names: an
entry never holds a value, and nothing of a person who chats."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from bot.storage.console_models import AuditEntry, Coordinator
from bot.storage.db import session


@dataclass(frozen=True)
class Entry:
    at: datetime
    who: str
    action: str
    target: str
    fields: str


def record(coordinator_id: int | None, action: str, target: str = "", fields: list[str] | tuple = ()) -> None:
    with session() as db:
        db.add(AuditEntry(coordinator_id=coordinator_id, action=action[:40], target=target[:60],
                          fields=", ".join(fields)[:200]))


def recent(limit: int = 200) -> list[Entry]:
    with session() as db:
        rows = db.execute(select(AuditEntry, Coordinator.name).outerjoin(
            Coordinator, Coordinator.id == AuditEntry.coordinator_id)
            .order_by(AuditEntry.id.desc()).limit(limit)).all()
        return [Entry(row.at, name or "-", row.action, row.target, row.fields) for row, name in rows]
