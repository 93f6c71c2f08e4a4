"""How much an ambassador may take on: the monthly hours cap (which a
coordinator may lift for one month), a daily limit of live-chat time, and a
pause from new requests after a case with a danger or suicide alert.

Volunteers who listen to people in crisis burn out; the allowance they get is
tax-free only within limits. So these are rules, checked in one place:
`load(ambassador_id)` counts them into a `rules.Load`, and the rules of
bot.handoff.rules (not_paused, daily_limit, hours_left) decide with them
whether an ambassador may be offered or claim a new request. Live chats still running count as they go,
so a long chat does not slip past the daily limit unnoticed.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, func, select

from bot import settings
from bot.handoff import ambassadors, rules
from bot.handoff.ambassadors import AmbassadorView
from bot.handoff.hours import DUTCH_TIME
from bot.handoff.states import State
from bot.storage.console_models import AmbassadorPause, CapLift
from bot.storage.db import session
from bot.storage.models import Handoff, WorkLog, as_utc, now

PAUSED, DAILY_LIMIT, HOURS_USED_UP = "not_paused", "daily_limit", "hours_left"  # names of rules
WARN_AT = 0.8  # the console warns at 80% of the monthly hours


def month_of(moment: datetime | None = None) -> str:
    """YYYY-MM of `moment` (UTC, as `ambassadors.hours` counts months)."""
    return (moment or now()).strftime("%Y-%m")


# --- Monthly hours ------------------------------------------------------------------

def lift_cap(ambassador_id: int, month: str | None = None, by: int | None = None) -> None:
    """Let this ambassador take requests past their monthly hours, this month only."""
    month = month or month_of()
    with session() as db:
        if db.get(CapLift, (ambassador_id, month)) is None:
            db.add(CapLift(ambassador_id=ambassador_id, month=month, lifted_by=by))


def cap_lifted(ambassador_id: int, month: str | None = None) -> bool:
    with session() as db:
        return db.get(CapLift, (ambassador_id, month or month_of())) is not None


def hours_this_month(ambassador_id: int) -> float:
    """Hours in live chats this month: ended chats (the work log) and the ones still running."""
    start, end = ambassadors.month_bounds(None)
    return (_logged_minutes(ambassador_id, start, end) + _running_minutes(ambassador_id, start)) / 60


def hours_used_up(ambassador: AmbassadorView) -> bool:
    """True when the monthly hours are used up and no coordinator lifted the cap this month."""
    return not rules.RULES[HOURS_USED_UP].holds(ambassador, None, load(ambassador.id))


# --- Daily live-chat time -----------------------------------------------------------

def live_minutes_today(ambassador_id: int) -> float:
    """Minutes in live chats since midnight, Dutch time, running chats included."""
    # In UTC: SQLite compares times as text, so every bound must be in the zone they were stored in.
    midnight = datetime.now(DUTCH_TIME).replace(hour=0, minute=0, second=0, microsecond=0).astimezone(timezone.utc)
    return _logged_minutes(ambassador_id, midnight, midnight + timedelta(days=1)) + \
        _running_minutes(ambassador_id, midnight)


def daily_limit_reached(ambassador_id: int) -> bool:
    return live_minutes_today(ambassador_id) >= settings.load().console.daily_live_minutes


def load(ambassador_id: int) -> rules.Load:
    """Everything the workload rules need to know about one ambassador, now."""
    return rules.Load(open_chats=ambassadors.open_chats(ambassador_id),
                      hours_this_month=hours_this_month(ambassador_id), cap_lifted=cap_lifted(ambassador_id),
                      minutes_left_today=settings.load().console.daily_live_minutes - live_minutes_today(ambassador_id),
                      paused=paused_until(ambassador_id) is not None)


# --- Pause after an alert -----------------------------------------------------------

def pause(ambassador_id: int, minutes: float | None = None) -> datetime:
    """No new requests for `minutes` (AMBASSADOR_ALERT_PAUSE_MINUTES, default 30);
    a later pause never shortens one already running."""
    minutes = settings.load().console.alert_pause_minutes if minutes is None else minutes
    until = now() + timedelta(minutes=minutes)
    with session() as db:
        row = db.get(AmbassadorPause, ambassador_id)
        if row is None:
            db.add(AmbassadorPause(ambassador_id=ambassador_id, until=until))
        elif as_utc(row.until) < until:
            row.until = until
        else:
            until = as_utc(row.until)
    return until


def paused_until(ambassador_id: int) -> datetime | None:
    """When the pause ends, or None when there is none (or it has passed)."""
    with session() as db:
        row = db.get(AmbassadorPause, ambassador_id)
        until = as_utc(row.until) if row else None
    return until if until and until > now() else None


def end_pause(ambassador_id: int) -> bool:
    """The ambassador is ready again (from the desk). True if a pause was running."""
    running = paused_until(ambassador_id) is not None
    with session() as db:
        db.execute(delete(AmbassadorPause).where(AmbassadorPause.ambassador_id == ambassador_id))
    return running


# --- The one rule for routing and claims -------------------------------------------

def why_not_offered(ambassador: AmbassadorView) -> str | None:
    """None when this ambassador's workload allows a new request; else the
    rule that stops it (PAUSED, DAILY_LIMIT or HOURS_USED_UP)."""
    rule = rules.refusal("take_more", ambassador, None, load(ambassador.id))
    return rule.name if rule else None


# --- For the console ----------------------------------------------------------------

@dataclass(frozen=True)
class Workload:
    ambassador: AmbassadorView
    open_chats: int
    hours: float  # this month
    share: float  # of the monthly hours, 0.0 ..
    cap_lifted: bool
    minutes_today: float
    paused_until: datetime | None
    cap_euros: float  # monthly hours x hourly allowance
    over_allowance: bool  # the cap in euros is more than the tax-free monthly maximum

    @property
    def warning(self) -> bool:
        return self.share >= WARN_AT

    @property
    def used_up(self) -> bool:
        return self.share >= 1 and not self.cap_lifted

    @property
    def daily_limit_reached(self) -> bool:
        return self.minutes_today >= settings.load().console.daily_live_minutes


def hourly_allowance() -> float:
    """What the organisation pays per hour: configured, else the year's tax-free hourly maximum."""
    config = settings.load().console
    return config.allowance.per_hour if config.hourly_allowance is None else config.hourly_allowance


def of(ambassador: AmbassadorView) -> Workload:
    hours = hours_this_month(ambassador.id)
    euros = round(ambassador.monthly_hours * hourly_allowance(), 2)
    return Workload(ambassador, ambassadors.open_chats(ambassador.id), hours,
                    hours / ambassador.monthly_hours if ambassador.monthly_hours > 0 else 1.0,
                    cap_lifted(ambassador.id), live_minutes_today(ambassador.id), paused_until(ambassador.id),
                    euros, euros > settings.load().console.allowance.per_month)


def _logged_minutes(ambassador_id: int, start: datetime, end: datetime) -> float:
    with session() as db:
        return float(db.execute(select(func.coalesce(func.sum(WorkLog.minutes), 0.0)).where(
            WorkLog.ambassador_id == ambassador_id, WorkLog.started_at >= start, WorkLog.started_at < end)
        ).scalar_one())


def _running_minutes(ambassador_id: int, since: datetime) -> float:
    """Live chats not yet ended count from their claim (or `since`) until now."""
    moment = now()
    with session() as db:
        claimed = db.execute(select(Handoff.claimed_at).where(Handoff.ambassador_id == ambassador_id,
                                                              Handoff.state == State.CLAIMED)).scalars().all()
    return sum((moment - max(as_utc(at), since)).total_seconds() / 60 for at in claimed if at)
