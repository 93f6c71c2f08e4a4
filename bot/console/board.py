"""The queue as coordinators see it: case numbers, languages, topics, wishes
and minutes, and who holds which case. Never a message, a note or an
identifier: we copy only those fields out of the requests, so a template
cannot show what it was never given."""
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from bot import privacy
from bot.handoff import ambassadors, queue
from bot.storage.db import session
from bot.storage.models import Handoff, as_utc, now

RECENT = timedelta(hours=24)


@dataclass(frozen=True)
class Case:
    number: int
    language: str
    topic: str
    wishes: tuple[str, ...]  # woman, lgbtqi_friendly, later
    minutes: int  # waiting, live, or waited before it expired
    ambassador: str = ""


def _wishes(request) -> tuple[str, ...]:
    return tuple(wish for wish, on in (("woman", request.wants_woman), ("lgbtqi_friendly", request.wants_lgbtqi_friendly),
                                       ("later", request.later)) if on)


def snapshot() -> dict:
    waiting = [Case(r.id, r.language, r.topic, _wishes(r), round(r.waiting_minutes())) for r in queue.waiting()]
    held = []
    for ambassador in ambassadors.everyone():
        for r in queue.cases_of(ambassador.id):
            live = (now() - as_utc(r.claimed_at)).total_seconds() / 60 if r.claimed_at else 0
            held.append(Case(r.id, r.language, r.topic, _wishes(r), round(live), ambassador.name))
    return {"waiting": waiting, "held": sorted(held, key=lambda case: case.number), "expired": expired_unclaimed()}


def expired_unclaimed() -> list[Case]:
    """Requests of the last 24 hours that expired before anyone claimed them."""
    with session() as db:
        rows = db.execute(select(Handoff.id, Handoff.language, Handoff.topic, Handoff.wants_woman,
                                 Handoff.wants_lgbtqi_friendly, Handoff.later, Handoff.created_at, Handoff.ended_at)
                          .where(Handoff.state == "expired", Handoff.claimed_at.is_(None),
                                 Handoff.created_at >= now() - RECENT).order_by(Handoff.id)).all()
    cases = []
    for row in rows:
        waited = ((as_utc(row.ended_at) if row.ended_at else now()) - as_utc(row.created_at)).total_seconds() / 60
        wishes = tuple(w for w, on in (("woman", row.wants_woman), ("lgbtqi_friendly", row.wants_lgbtqi_friendly),
                                       ("later", row.later)) if on)
        cases.append(Case(row.id, row.language, _topic(row.topic), wishes, round(waited)))
    return cases


def _topic(sealed: str) -> str:
    try:
        return privacy.unseal(queue.TOPIC, sealed) if sealed else "other"
    except ValueError:
        return "other"
