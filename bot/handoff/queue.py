"""Hand-off requests: opened by a person, claimed by one ambassador, closed.

Every state change is one conditional UPDATE, so two ambassadors pressing
Claim at the same moment (or two Bridge processes) cannot both win: the
database decides, and exactly one UPDATE matches the row still "waiting".
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update

from bot import privacy
from bot.handoff import ambassadors
from bot.handoff.ambassadors import AmbassadorView
from bot.handoff.hours import DUTCH_TIME
from bot.storage.db import session
from bot.storage.models import Handoff, Relayed, WorkLog, as_utc, now

ENDED = ("closed", "expired", "cancelled")
NOTE = "handoff-note"
TOPIC = "handoff-topic"  # sealed like a text: "domestic_violence" next to a conversation says what happened
NOTE_LENGTH = 500
RELAYED = "relayed"


@dataclass(frozen=True)
class Request:
    id: int
    conversation_id: str
    channel: str
    language: str  # the ambassador's
    person_language: str
    later: bool
    topic: str
    wants_woman: bool
    wants_lgbtqi_friendly: bool
    note: str | None
    transfer_note: str | None
    awaiting_note: bool
    state: str
    ambassador_id: int | None
    created_at: datetime
    claimed_at: datetime | None
    ended_at: datetime | None
    rating: int | None

    def waiting_minutes(self) -> float:
        return (now() - as_utc(self.created_at)).total_seconds() / 60


def open_request(conversation_id: str, channel: str, language: str, topic: str,
                 wants_woman: bool = False, wants_lgbtqi_friendly: bool = False,
                 ambassador_language: str | None = None, later: bool = False) -> Request:
    """A new waiting request; an earlier one still waiting is replaced. The
    person is invited to add a short message (`add_note`). `language` is the
    person's; the ambassador speaks it unless they asked for another."""
    with session() as db:
        db.execute(update(Handoff).where(Handoff.conversation_id == conversation_id, Handoff.state == "waiting")
                   .values(state="cancelled", ended_at=now()))
        row = Handoff(conversation_id=conversation_id, channel=channel, language=ambassador_language or language,
                      person_language=language, later=later, topic=privacy.seal(TOPIC, topic),
                      wants_woman=wants_woman, wants_lgbtqi_friendly=wants_lgbtqi_friendly,
                      state="waiting", timeout_told=False, awaiting_note=True)
        db.add(row)
        db.flush()
        return _view(row)


def add_note(handoff_id: int, note: str) -> None:
    """The person's short message for the ambassador (once; shown only to who claims it)."""
    with session() as db:
        row = db.get(Handoff, handoff_id)
        row.sealed_note = privacy.seal(NOTE, note[:NOTE_LENGTH], str(row.id))
        row.awaiting_note = False


def get(handoff_id: int) -> Request | None:
    with session() as db:
        row = db.get(Handoff, handoff_id)
        return _view(row) if row else None


def active_for(conversation_id: str) -> Request | None:
    """The person's request that is waiting or live, if any."""
    with session() as db:
        row = db.execute(select(Handoff).where(Handoff.conversation_id == conversation_id,
                                               Handoff.state.in_(["waiting", "claimed"]))
                         .order_by(Handoff.id.desc())).scalars().first()
        return _view(row) if row else None


def awaiting_rating(conversation_id: str, within: timedelta = timedelta(hours=1)) -> Request | None:
    """A chat that just ended and has not been rated yet."""
    with session() as db:
        row = db.execute(select(Handoff).where(Handoff.conversation_id == conversation_id,
                                               Handoff.state == "closed", Handoff.rating.is_(None),
                                               Handoff.claimed_at.is_not(None), Handoff.ended_at >= now() - within)
                         .order_by(Handoff.id.desc())).scalars().first()
        return _view(row) if row else None


def position(request: Request) -> int:
    """1 for the oldest waiting request."""
    with session() as db:
        return db.execute(select(func.count()).select_from(Handoff)
                          .where(Handoff.state == "waiting", Handoff.id <= request.id)).scalar_one()


def claim(handoff_id: int, ambassador_id: int) -> bool:
    """True for the one ambassador who got it."""
    with session() as db:
        won = db.execute(update(Handoff).where(Handoff.id == handoff_id, Handoff.state == "waiting")
                         .values(state="claimed", ambassador_id=ambassador_id, claimed_at=now())).rowcount
    return won == 1


def close(handoff_id: int, outcome: str, ambassador_id: int | None = None) -> Request | None:
    """End a live chat (by its ambassador, or by the person when ambassador_id is None)."""
    return _end(handoff_id, "claimed", "closed", outcome, ambassador_id)


def cancel(handoff_id: int) -> Request | None:
    return _end(handoff_id, "waiting", "cancelled", "cancelled", None)


def transfer(handoff_id: int, ambassador_id: int, note: str = "") -> Request | None:
    """Back to the queue, for another ambassador, with a note for them."""
    with session() as db:
        row = db.get(Handoff, handoff_id)
        if row is None:
            return None
        claimed_at = row.claimed_at
        sealed = privacy.seal(NOTE, note[:NOTE_LENGTH], str(row.id)) if note else None
        moved = db.execute(update(Handoff).where(Handoff.id == handoff_id, Handoff.state == "claimed",
                                                 Handoff.ambassador_id == ambassador_id)
                           .values(state="waiting", ambassador_id=None, claimed_at=None, notified_at=None,
                                   sealed_transfer_note=sealed)).rowcount
        if moved != 1:
            return None
        db.add(WorkLog(ambassador_id=ambassador_id, handoff_id=handoff_id, started_at=claimed_at,
                       minutes=_minutes_since(claimed_at)))
        db.refresh(row)
        return _view(row)


def rate(handoff_id: int, rating: int) -> None:
    with session() as db:
        db.get(Handoff, handoff_id).rating = rating


def cases_of(ambassador_id: int) -> list[Request]:
    with session() as db:
        rows = db.execute(select(Handoff).where(Handoff.ambassador_id == ambassador_id, Handoff.state == "claimed")
                          .order_by(Handoff.claimed_at)).scalars()
        return [_view(row) for row in rows]


def waiting() -> list[Request]:
    with session() as db:
        return [_view(row) for row in db.execute(select(Handoff).where(Handoff.state == "waiting")
                                                 .order_by(Handoff.id)).scalars()]


def take_unnotified() -> list[Request]:
    """Waiting requests no ambassador was told about yet; each is handed out once."""
    taken = []
    for request in waiting():
        with session() as db:
            got = db.execute(update(Handoff).where(Handoff.id == request.id, Handoff.notified_at.is_(None))
                             .values(notified_at=now())).rowcount
        if got:
            taken.append(request)
    return taken


def take_timed_out(minutes: float) -> list[Request]:
    """Waiting requests nobody claimed in time ("later today": by the end of
    that Dutch day); the person is told once."""
    taken = []
    for request in waiting():
        if request.later:
            if as_utc(request.created_at).astimezone(DUTCH_TIME).date() >= now().astimezone(DUTCH_TIME).date():
                continue
        elif request.waiting_minutes() < minutes:
            continue
        with session() as db:
            got = db.execute(update(Handoff).where(Handoff.id == request.id, Handoff.timeout_told.is_(False))
                             .values(timeout_told=True)).rowcount
        if got:
            taken.append(request)
    return taken


def matches(request: Request, candidates: list[AmbassadorView]) -> list[AmbassadorView]:
    """Who fits the request, best first: language and preferences must match;
    then the available ones with the fewest open chats and the most hours left."""
    fitting = [a for a in candidates
               if a.active and request.language in a.languages
               and (a.woman or not request.wants_woman)
               and (a.lgbtqi_friendly or not request.wants_lgbtqi_friendly)]
    used = {ambassador.id: hours for ambassador, hours in ambassadors.hours()}
    ranked = []
    for ambassador in fitting:
        chats = ambassadors.open_chats(ambassador.id)
        if chats < ambassador.max_chats:
            hours_left = ambassador.monthly_hours - used.get(ambassador.id, 0.0)
            ranked.append((not ambassador.available, chats, -hours_left, ambassador.id, ambassador))
    return [entry[-1] for entry in sorted(ranked)]


# --- Relayed messages -------------------------------------------------------------

def record_relay(handoff_id: int, direction: str, text: str) -> int:
    with session() as db:
        row = Relayed(handoff_id=handoff_id, direction=direction, sealed_text="", delivered=False, attempts=0)
        db.add(row)
        db.flush()
        row.sealed_text = privacy.seal(RELAYED, text, str(row.id))
        return row.id


def delivered(relay_id: int) -> None:
    with session() as db:
        db.get(Relayed, relay_id).delivered = True


def gave_up(relay_id: int) -> None:
    """Delivery failed while the sender waited; they were told, so no retry."""
    with session() as db:
        db.get(Relayed, relay_id).attempts = 1


def undelivered_count() -> int:
    """Relayed messages not (yet) delivered, for /health."""
    with session() as db:
        return db.execute(select(func.count()).select_from(Relayed).where(Relayed.delivered.is_(False))).scalar()


def left_by_a_restart(older_than: timedelta = timedelta(seconds=30)) -> list[tuple[int, int, str, str]]:
    """(relay id, hand-off id, direction, text) recorded but never attempted,
    because the server stopped in between; each is handed out once."""
    with session() as db:
        rows = db.execute(select(Relayed).where(Relayed.delivered.is_(False), Relayed.attempts == 0,
                                                Relayed.created_at < now() - older_than)
                          .order_by(Relayed.id)).scalars().all()
        for row in rows:
            row.attempts = 1
        return [(row.id, row.handoff_id, row.direction, privacy.unseal(RELAYED, row.sealed_text, str(row.id)))
                for row in rows]


def purge_expired(days: int) -> int:
    """Relayed messages and ended requests older than the retention period:
    a request names a conversation and a topic (domestic violence, ...)."""
    cutoff = now() - timedelta(days=days)
    with session() as db:
        gone = db.execute(delete(Relayed).where(Relayed.created_at < cutoff)).rowcount
        old = select(Handoff.id).where(Handoff.created_at < cutoff, Handoff.state.in_(ENDED))
        db.execute(delete(Relayed).where(Relayed.handoff_id.in_(old)).execution_options(synchronize_session=False))
        return gone + db.execute(delete(Handoff).where(Handoff.created_at < cutoff, Handoff.state.in_(ENDED))
                                 .execution_options(synchronize_session=False)).rowcount


def _end(handoff_id: int, from_state: str, to_state: str, outcome: str, ambassador_id: int | None) -> Request | None:
    with session() as db:
        query = update(Handoff).where(Handoff.id == handoff_id, Handoff.state == from_state)
        if ambassador_id is not None:
            query = query.where(Handoff.ambassador_id == ambassador_id)
        if db.execute(query.values(state=to_state, outcome=outcome, ended_at=now())).rowcount != 1:
            return None
        row = db.get(Handoff, handoff_id)
        db.refresh(row)
        if to_state == "closed":
            _log_work(db, row)
        return _view(row)


def _log_work(db, row: Handoff) -> None:
    if row.ambassador_id and row.claimed_at:
        db.add(WorkLog(ambassador_id=row.ambassador_id, handoff_id=row.id, started_at=row.claimed_at,
                       minutes=_minutes_since(row.claimed_at)))


def _minutes_since(moment: datetime) -> float:
    return (now() - as_utc(moment)).total_seconds() / 60


def _view(row: Handoff) -> Request:
    def opened(sealed: str | None) -> str | None:
        return privacy.unseal(NOTE, sealed, str(row.id)) if sealed else None

    return Request(row.id, row.conversation_id, row.channel, row.language, row.person_language, row.later,
                   privacy.unseal(TOPIC, row.topic) if row.topic else "other", row.wants_woman,
                   row.wants_lgbtqi_friendly, opened(row.sealed_note), opened(row.sealed_transfer_note),
                   row.awaiting_note, row.state, row.ambassador_id, row.created_at, row.claimed_at,
                   row.ended_at, row.rating)
