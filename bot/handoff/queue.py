"""Hand-off requests: opened by a person, claimed by one ambassador, closed.

A request is in one of the `State`s, and each transition has one function
here (open_request, claim, transfer, hand_back, close, cancel, expire).
Every transition is one conditional UPDATE, so two ambassadors pressing
Claim at the same moment (or two Bridge processes) cannot both win: the
database decides, and exactly one UPDATE matches the row still "waiting".
Each is recorded in `handoff_events` in the same transaction, without text.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update

from bot import insights, privacy
from bot.handoff import ambassadors, rules, workload
from bot.handoff.ambassadors import AmbassadorView
from bot.handoff.hours import end_of_day
from bot.handoff.states import ENDED, OPEN, State
from bot.storage.db import joined, session
from bot.storage.models import Ambassador, Handoff, HandoffEvent, Relayed, WorkLog, as_utc, now

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
    expires_at: datetime | None = None
    alerted: bool = False  # a danger or suicide alert during the live chat

    def waiting_minutes(self) -> float:
        return (now() - as_utc(self.created_at)).total_seconds() / 60


def open_request(conversation_id: str, channel: str, language: str, topic: str,
                 wants_woman: bool = False, wants_lgbtqi_friendly: bool = False,
                 ambassador_language: str | None = None, later: bool = False) -> Request:
    """A new waiting request; an earlier one still waiting is replaced. The
    person is invited to add a short message (`add_note`). `language` is the
    person's; the ambassador speaks it unless they asked for another."""
    with session() as db:
        earlier = db.execute(select(Handoff.id).where(Handoff.conversation_id == conversation_id,
                                                      Handoff.state == State.WAITING)).scalars().all()
        for handoff_id in earlier:
            _move(db, handoff_id, State.WAITING, State.CANCELLED, "asked_again", ended_at=now())
        moment = now()
        row = Handoff(conversation_id=conversation_id, channel=channel, language=ambassador_language or language,
                      person_language=language, later=later, topic=privacy.seal(TOPIC, topic),
                      wants_woman=wants_woman, wants_lgbtqi_friendly=wants_lgbtqi_friendly,
                      state=State.WAITING, timeout_told=False, awaiting_note=True, created_at=moment,
                      expires_at=deadline(moment, later))
        db.add(row)
        db.flush()
        db.add(HandoffEvent(handoff_id=row.id, at=moment, from_state=None, state=State.WAITING, reason="requested"))
        _count_after_commit(db, row, [("handoff", "requested")])
        return _view(row)


def deadline(opened: datetime, later: bool) -> datetime:
    """When a request nobody claimed ends. "Later today" ends with the day's
    ambassador hours (or at Dutch midnight); "now" at Dutch midnight, but never
    within its first hour, so nobody waits overnight on a promise."""
    if later:
        return end_of_day(opened)
    return max(end_of_day(opened, hours=False), opened + timedelta(hours=1))


def add_note(handoff_id: int, note: str, db=None) -> None:
    """The person's short message for the ambassador (once; shown only to who claims it)."""
    with joined(db) as db:
        row = db.get(Handoff, handoff_id)
        row.sealed_note = privacy.seal(NOTE, note[:NOTE_LENGTH], str(row.id))
        row.awaiting_note = False


def get(handoff_id: int, db=None) -> Request | None:
    with joined(db) as db:
        row = db.get(Handoff, handoff_id)
        return _view(row) if row else None


def active_for(conversation_id: str) -> Request | None:
    """The person's request that is waiting or live, if any."""
    with session() as db:
        row = db.execute(select(Handoff).where(Handoff.conversation_id == conversation_id,
                                               Handoff.state.in_(OPEN))
                         .order_by(Handoff.id.desc())).scalars().first()
        return _view(row) if row else None


def awaiting_rating(conversation_id: str, within: timedelta = timedelta(hours=1)) -> Request | None:
    """A chat that just ended and has not been rated yet."""
    with session() as db:
        row = db.execute(select(Handoff).where(Handoff.conversation_id == conversation_id,
                                               Handoff.state == State.CLOSED, Handoff.rating.is_(None),
                                               Handoff.claimed_at.is_not(None), Handoff.ended_at >= now() - within)
                         .order_by(Handoff.id.desc())).scalars().first()
        return _view(row) if row else None


def position(request: Request) -> int:
    """1 for the oldest waiting request."""
    with session() as db:
        return db.execute(select(func.count()).select_from(Handoff)
                          .where(Handoff.state == State.WAITING, Handoff.id <= request.id)).scalar_one()


def claim(handoff_id: int, ambassador_id: int, db=None) -> rules.Rule | None:
    """Give the case to this ambassador, or the rule that stops them (None: they got it).

    Everything routing promised is checked again here, in the transaction that
    takes the case, with the ambassador's row locked (on PostgreSQL) so two of
    their own claims at once cannot both squeeze under max_chats. Pass `db` to
    make the claim and its notices one transaction (bot.handoff.desk)."""
    with joined(db) as db:
        row = db.execute(select(Ambassador).where(Ambassador.id == ambassador_id).with_for_update()).scalar_one()
        request = db.get(Handoff, handoff_id)
        if request is None:
            return rules.RULES["waiting"]
        stopped = rules.refusal("claim", ambassadors.view(row), _view(request), workload.load(ambassador_id, db))
        if stopped:
            return stopped
        if not _move(db, handoff_id, State.WAITING, State.CLAIMED, "claimed", ambassador_id,
                     ambassador_id=ambassador_id, claimed_at=now()):
            return rules.RULES["waiting"]  # someone else was faster
        return None


def close(handoff_id: int, outcome: str, ambassador_id: int | None = None, db=None) -> Request | None:
    """End a live chat (by its ambassador, or by the person when ambassador_id is None)."""
    with joined(db) as db:
        row = db.get(Handoff, handoff_id)
        if row is None or (ambassador_id is not None and row.ambassador_id != ambassador_id):
            return None
        if not _move(db, handoff_id, State.CLAIMED, State.CLOSED, outcome[:24], row.ambassador_id,
                     outcome=outcome, ended_at=now()):
            return None
        db.refresh(row)
        _log_work(db, row)
        return _view(row)


def cancel(handoff_id: int, db=None) -> Request | None:
    """The person stopped waiting. Pass `db` to commit it with their answer."""
    return _end_waiting(handoff_id, State.CANCELLED, "cancelled", db)


def expire(handoff_id: int, db=None) -> Request | None:
    """Nobody claimed it before its deadline (None: it is not waiting, or
    another server ended it first). Pass `db` to commit it with its notice."""
    return _end_waiting(handoff_id, State.EXPIRED, "expired", db)


def transfer(handoff_id: int, ambassador_id: int, note: str = "", db=None) -> Request | None:
    """Back to the queue, for another ambassador, with a note for them."""
    return _back_to_queue(handoff_id, ambassador_id, "transfer", note, db)


def hand_back(ambassador_id: int, note: str) -> list[Request]:
    """Every open chat of an ambassador who leaves the desk, back to the queue
    with a note for whoever takes it next."""
    moved = [_back_to_queue(request.id, ambassador_id, "ambassador_deactivated", note)
             for request in cases_of(ambassador_id)]
    return [request for request in moved if request]


def past_deadline() -> list[int]:
    """The ids of waiting requests past their deadline (`expire` ends each once)."""
    with session() as db:
        return db.execute(select(Handoff.id).where(Handoff.state == State.WAITING, Handoff.expires_at.is_not(None),
                                                   Handoff.expires_at <= now())).scalars().all()


def history(handoff_id: int) -> list[tuple[datetime, str | None, str, int | None, str | None]]:
    """(when, from, to, ambassador, reason) of every transition, oldest first."""
    with session() as db:
        rows = db.execute(select(HandoffEvent).where(HandoffEvent.handoff_id == handoff_id)
                          .order_by(HandoffEvent.id)).scalars()
        return [(row.at, row.from_state, row.state, row.ambassador_id, row.reason) for row in rows]


def _back_to_queue(handoff_id: int, ambassador_id: int, reason: str, note: str, db=None) -> Request | None:
    with joined(db) as db:
        row = db.get(Handoff, handoff_id)
        if row is None or row.ambassador_id != ambassador_id:
            return None
        claimed_at = row.claimed_at
        sealed = privacy.seal(NOTE, note[:NOTE_LENGTH], str(row.id)) if note else None
        if not _move(db, handoff_id, State.CLAIMED, State.WAITING, reason, ambassador_id, ambassador_id=None,
                     claimed_at=None, notified_at=None, timeout_told=False, sealed_transfer_note=sealed,
                     expires_at=deadline(now(), later=False)):
            return None
        db.add(WorkLog(ambassador_id=ambassador_id, handoff_id=handoff_id, started_at=claimed_at,
                       minutes=_minutes_since(claimed_at)))
        db.refresh(row)
        return _view(row)


def _end_waiting(handoff_id: int, to_state: str, reason: str, db=None) -> Request | None:
    with joined(db) as db:
        if not _move(db, handoff_id, State.WAITING, to_state, reason, outcome=reason, ended_at=now()):
            return None
        return _view(db.get(Handoff, handoff_id))


def _move(db, handoff_id: int, from_state: str, to_state: str, reason: str, by: int | None = None,
          **values) -> bool:
    """The one way a request changes state: conditional, and written into its
    history (`by`: the ambassador it concerns)."""
    moved = db.execute(update(Handoff).where(Handoff.id == handoff_id, Handoff.state == from_state)
                       .values(state=to_state, **values).execution_options(synchronize_session=False)).rowcount
    if moved == 1:
        db.add(HandoffEvent(handoff_id=handoff_id, at=now(), from_state=from_state, state=to_state,
                            ambassador_id=by, reason=reason))
        db.expire_all()  # the rows this session holds are stale now
        row = db.get(Handoff, handoff_id)
        _count_after_commit(db, row, _FUNNEL[to_state](row) if to_state in _FUNNEL else [])
    return moved == 1


# What each transition adds to the aggregate insights (bot.insights): the hand-off funnel.
_FUNNEL = {
    State.CLAIMED: lambda row: [("handoff", "claimed"),
                                ("wait", insights.wait_topic((as_utc(row.claimed_at) - as_utc(row.created_at))
                                                             .total_seconds() / 60))],
    State.EXPIRED: lambda row: [("handoff", "expired")],
    State.CANCELLED: lambda row: [("handoff", "cancelled")],
    State.CLOSED: lambda row: [("handoff", "closed"), ("outcome", row.outcome or "other")],
}


def _count_after_commit(db, row: Handoff, cells: list[tuple[str, str]]) -> None:
    """Counted once the transition committed (counting inside it could lock SQLite)."""
    language, channel = row.person_language, row.channel
    for kind, topic in cells:
        db.info.setdefault("after_commit", []).append(
            lambda kind=kind, topic=topic: insights.count(kind, language, channel, topic))


def rate(handoff_id: int, rating: int, db=None) -> None:
    with joined(db) as db:
        row = db.get(Handoff, handoff_id)
        row.rating = rating
        _count_after_commit(db, row, [("rating", str(rating))])


def mark_alerted(handoff_id: int, db=None) -> None:
    """The person wrote of danger or suicide during the chat: its ambassador rests after it (workload.pause)."""
    with joined(db) as db:
        db.execute(update(Handoff).where(Handoff.id == handoff_id).values(alerted=True))


def cases_of(ambassador_id: int) -> list[Request]:
    with session() as db:
        rows = db.execute(select(Handoff).where(Handoff.ambassador_id == ambassador_id, Handoff.state == State.CLAIMED)
                          .order_by(Handoff.claimed_at)).scalars()
        return [_view(row) for row in rows]


def waiting() -> list[Request]:
    with session() as db:
        return [_view(row) for row in db.execute(select(Handoff).where(Handoff.state == State.WAITING)
                                                 .order_by(Handoff.id)).scalars()]


def unnotified() -> list[Request]:
    """Waiting requests no ambassador was told about yet (`mark_notified`)."""
    with session() as db:
        return [_view(row) for row in db.execute(select(Handoff).where(Handoff.state == State.WAITING,
                                                                       Handoff.notified_at.is_(None))
                                                 .order_by(Handoff.id)).scalars()]


def mark_notified(handoff_id: int, db=None) -> bool:
    """Whether this call is the one that tells ambassadors of the request (a
    conditional UPDATE: several servers never both do). Pass `db` to commit it
    with the notices (bot.handoff.worker): a failure leaves both undone."""
    with joined(db) as db:
        return db.execute(update(Handoff).where(Handoff.id == handoff_id, Handoff.state == State.WAITING,
                                                Handoff.notified_at.is_(None))
                          .values(notified_at=now())).rowcount == 1


def timed_out(minutes: float) -> list[Request]:
    """"Now" requests nobody claimed within `minutes` whose person was not told
    yet (`mark_timeout_told`); they may keep waiting ("later today" ones wait
    for their deadline)."""
    with session() as db:
        rows = db.execute(select(Handoff).where(Handoff.state == State.WAITING, Handoff.later.is_(False),
                                                Handoff.timeout_told.is_(False))
                          .order_by(Handoff.id)).scalars()
        return [request for request in map(_view, rows) if request.waiting_minutes() >= minutes]


def mark_timeout_told(handoff_id: int, db=None) -> bool:
    """Whether this call is the one that tells the person nobody answered in
    time: once per request. Pass `db` to commit it with the notice."""
    with joined(db) as db:
        return db.execute(update(Handoff).where(Handoff.id == handoff_id, Handoff.state == State.WAITING,
                                                Handoff.timeout_told.is_(False))
                          .values(timeout_told=True)).rowcount == 1


def matches(request: Request, candidates: list[AmbassadorView], action: str = "claim") -> list[AmbassadorView]:
    """Who may take the request (bot.handoff.rules), best first: the available
    ones, then the fewest open chats, then the most monthly hours left."""
    loads = workload.loads([a.id for a in candidates])
    fitting = [a for a in candidates if rules.may(action, a, request, loads[a.id])]
    return sorted(fitting, key=lambda a: (not a.available, loads[a.id].open_chats,
                                          loads[a.id].hours_this_month - a.monthly_hours, a.id))


# --- Relayed messages -------------------------------------------------------------

def record_relay(handoff_id: int, direction: str, text: str, db=None) -> int:
    with joined(db) as db:
        row = Relayed(handoff_id=handoff_id, direction=direction, sealed_text="", delivered=False, attempts=0)
        db.add(row)
        db.flush()
        row.sealed_text = privacy.seal(RELAYED, text, str(row.id))
        return row.id


def delivered(relay_id: int, db=None) -> None:
    """Sent (a held message is sent only when the person writes: `take_held`)."""
    with joined(db) as db:
        db.execute(update(Relayed).where(Relayed.id == relay_id, Relayed.held.is_(False)).values(delivered=True))


def hold(relay_id: int, db=None) -> bool:
    """Keep an ambassador's message until the person writes again (WhatsApp's
    window is closed); True when it is the first one held in its case."""
    with joined(db) as db:
        row = db.get(Relayed, relay_id)
        first = not db.execute(select(func.count()).select_from(Relayed).where(
            Relayed.handoff_id == row.handoff_id, Relayed.held.is_(True))).scalar()
        row.held = True
        return first


def take_held(db, handoff_id: int) -> list[str]:
    """The held messages of a case, oldest first, marked delivered in `db`'s transaction."""
    rows = db.execute(select(Relayed).where(Relayed.handoff_id == handoff_id, Relayed.held.is_(True))
                      .order_by(Relayed.id)).scalars().all()
    for row in rows:
        row.held, row.delivered = False, True
    return [privacy.unseal(RELAYED, row.sealed_text, str(row.id)) for row in rows]


def gave_up(relay_id: int, db=None) -> None:
    """Delivery failed while the sender waited; they were told, so no retry."""
    with joined(db) as db:
        db.get(Relayed, relay_id).attempts = 1


def undelivered_count() -> int:
    """Relayed messages not (yet) delivered, for /health."""
    with session() as db:
        return db.execute(select(func.count()).select_from(Relayed).where(Relayed.delivered.is_(False),
                                                                          Relayed.held.is_(False))).scalar()


def left_by_a_restart(older_than: timedelta = timedelta(seconds=30)) -> list[tuple[int, int, str, str]]:
    """(relay id, hand-off id, direction, text) recorded but never attempted,
    because the server stopped in between (`retry` hands each out once)."""
    with session() as db:
        rows = db.execute(select(Relayed).where(Relayed.delivered.is_(False), Relayed.attempts == 0,
                                                Relayed.held.is_(False),
                                                Relayed.created_at < now() - older_than)
                          .order_by(Relayed.id)).scalars().all()
        return [(row.id, row.handoff_id, row.direction, privacy.unseal(RELAYED, row.sealed_text, str(row.id)))
                for row in rows]


def retry(relay_id: int, db=None) -> bool:
    """Whether this call is the one that retries a message `left_by_a_restart`.
    Pass `db` to commit it with the message queued again."""
    with joined(db) as db:
        return db.execute(update(Relayed).where(Relayed.id == relay_id, Relayed.attempts == 0,
                                                Relayed.delivered.is_(False))
                          .values(attempts=1)).rowcount == 1


def purge_expired(days: int) -> int:
    """Relayed messages and ended requests older than the retention period:
    a request names a conversation and a topic (domestic violence, ...)."""
    cutoff = now() - timedelta(days=days)
    with session() as db:
        gone = db.execute(delete(Relayed).where(Relayed.created_at < cutoff)).rowcount
        old = select(Handoff.id).where(Handoff.created_at < cutoff, Handoff.state.in_(ENDED))
        for table in (Relayed, HandoffEvent):
            db.execute(delete(table).where(table.handoff_id.in_(old)).execution_options(synchronize_session=False))
        return gone + db.execute(delete(Handoff).where(Handoff.created_at < cutoff, Handoff.state.in_(ENDED))
                                 .execution_options(synchronize_session=False)).rowcount


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
                   row.ended_at, row.rating, row.expires_at, bool(row.alerted))
