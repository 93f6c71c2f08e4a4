"""Ambassadors: registered by coordinators, the only people the desk answers.

Who may use the desk is data (an active row here), not a check scattered over
the code: `by_telegram_id` is the one permission check.
"""
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import func, select

from bot.handoff.states import State
from bot.storage.db import joined, session
from bot.storage.models import Ambassador, Handoff, WorkLog


@dataclass(frozen=True)
class AmbassadorView:
    id: int
    name: str
    telegram_id: str
    languages: tuple[str, ...]
    woman: bool
    lgbtqi_friendly: bool
    max_chats: int
    monthly_hours: float
    active: bool
    available: bool


def add(name: str, telegram_id: str, languages: list[str], woman=False, lgbtqi_friendly=False,
        max_chats=2, monthly_hours=16.0) -> AmbassadorView:
    with session() as db:
        row = Ambassador(name=name, telegram_id=str(telegram_id), languages=",".join(languages), woman=woman,
                         lgbtqi_friendly=lgbtqi_friendly, max_chats=max_chats, monthly_hours=monthly_hours,
                         active=True, available=False)
        db.add(row)
        db.flush()
        return view(row)


def edit(ambassador_id: int, **changes) -> AmbassadorView:
    with session() as db:
        row = db.get(Ambassador, ambassador_id)
        if row is None:
            raise LookupError(f"no ambassador {ambassador_id}")
        for field, value in changes.items():
            if value is None:
                continue
            setattr(row, field, ",".join(value) if field == "languages" else value)
        return view(row)


def everyone() -> list[AmbassadorView]:
    with session() as db:
        return [view(row) for row in db.execute(select(Ambassador).order_by(Ambassador.id)).scalars()]


def by_telegram_id(telegram_id: str) -> AmbassadorView | None:
    """The active ambassador with this desk account, or None: the desk's permission check."""
    with session() as db:
        row = db.execute(select(Ambassador).where(Ambassador.telegram_id == str(telegram_id),
                                                  Ambassador.active.is_(True))).scalar_one_or_none()
        return view(row) if row else None


def get(ambassador_id: int) -> AmbassadorView | None:
    with session() as db:
        row = db.get(Ambassador, ambassador_id)
        return view(row) if row else None


def set_available(ambassador_id: int, available: bool, db=None) -> None:
    with joined(db) as db:
        db.get(Ambassador, ambassador_id).available = available


def open_chats(ambassador_id: int) -> int:
    with session() as db:
        return db.execute(select(func.count()).select_from(Handoff).where(
            Handoff.ambassador_id == ambassador_id, Handoff.state == State.CLAIMED)).scalar_one()


def hours(month: str | None = None) -> list[tuple[AmbassadorView, float]]:
    """Hours in live chats per ambassador in a month (YYYY-MM, default this one)."""
    start, end = month_bounds(month)
    with session() as db:
        rows = db.execute(select(Ambassador, func.coalesce(func.sum(WorkLog.minutes), 0.0))
                          .outerjoin(WorkLog, (WorkLog.ambassador_id == Ambassador.id)
                                     & (WorkLog.started_at >= start) & (WorkLog.started_at < end))
                          .group_by(Ambassador.id).order_by(Ambassador.id)).all()
        return [(view(row), round(minutes / 60, 2)) for row, minutes in rows]


def month_bounds(month: str | None) -> tuple[datetime, datetime]:
    today = datetime.now(timezone.utc)
    year, number = map(int, month.split("-")) if month else (today.year, today.month)
    start = datetime(year, number, 1, tzinfo=timezone.utc)
    end = datetime(year + (number == 12), number % 12 + 1, 1, tzinfo=timezone.utc)
    return start, end


def view(row: Ambassador) -> AmbassadorView:
    return AmbassadorView(row.id, row.name, row.telegram_id, tuple(filter(None, row.languages.split(","))),
                          row.woman, row.lgbtqi_friendly, row.max_chats, row.monthly_hours, row.active, row.available)
