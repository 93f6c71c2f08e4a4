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

from sqlalchemy import case, delete, func, select

from bot import settings
from bot.handoff import ambassadors, rules
from bot.handoff.ambassadors import AmbassadorView
from bot.handoff.hours import DUTCH_TIME
from bot.handoff.states import State
from bot.storage.console_models import AmbassadorPause, CapLift
from bot.storage.db import joined, session
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
    return load(ambassador_id).hours_this_month


def hours_used_up(ambassador: AmbassadorView) -> bool:
    """True when the monthly hours are used up and no coordinator lifted the cap this month."""
    return not rules.RULES[HOURS_USED_UP].holds(ambassador, None, load(ambassador.id))


# --- Daily live-chat time -----------------------------------------------------------

def live_minutes_today(ambassador_id: int) -> float:
    """Minutes in live chats since midnight, Dutch time, running chats included."""
    return settings.load().console.daily_live_minutes - load(ambassador_id).minutes_left_today


def load(ambassador_id: int, db=None) -> rules.Load:
    """Everything the workload rules need to know about one ambassador, now."""
    return loads([ambassador_id], db)[ambassador_id]


def loads(ambassador_ids: list[int], db=None) -> dict[int, rules.Load]:
    """`load` for several ambassadors at once, in four grouped queries rather than
    seven per ambassador: routing weighs every candidate for each new request.
    Pass `db` to count inside a larger transaction (a claim re-checks in its own)."""
    ids = list(dict.fromkeys(ambassador_ids))
    moment = now()
    month_start, month_end = ambassadors.month_bounds(None)
    # In UTC: SQLite compares times as text, so every bound must be in the zone they were stored in.
    midnight = datetime.now(DUTCH_TIME).replace(hour=0, minute=0, second=0, microsecond=0).astimezone(timezone.utc)
    tomorrow = midnight + timedelta(days=1)
    with joined(db) as db:
        running = db.execute(select(Handoff.ambassador_id, Handoff.claimed_at).where(
            Handoff.ambassador_id.in_(ids), Handoff.state == State.CLAIMED)).all()
        logged = {row[0]: row[1:] for row in db.execute(
            select(WorkLog.ambassador_id,
                   func.sum(case(((WorkLog.started_at >= month_start) & (WorkLog.started_at < month_end),
                                  WorkLog.minutes), else_=0.0)),
                   func.sum(case(((WorkLog.started_at >= midnight) & (WorkLog.started_at < tomorrow),
                                  WorkLog.minutes), else_=0.0)))
            .where(WorkLog.ambassador_id.in_(ids), WorkLog.started_at >= min(month_start, midnight),
                   WorkLog.started_at < max(month_end, tomorrow))
            .group_by(WorkLog.ambassador_id))}
        month = month_of()
        lifted = set(db.execute(select(CapLift.ambassador_id).where(
            CapLift.ambassador_id.in_(ids), CapLift.month == month)).scalars())
        paused = {who for who, until in db.execute(select(AmbassadorPause.ambassador_id, AmbassadorPause.until)
                                                   .where(AmbassadorPause.ambassador_id.in_(ids)))
                  if as_utc(until) > moment}
    daily = settings.load().console.daily_live_minutes
    result = {}
    for who in ids:
        chats = [at for owner, at in running if owner == who]
        claimed = [as_utc(at) for at in chats if at]  # live chats count from their claim until now
        month_minutes, today_minutes = (float(m or 0.0) for m in logged.get(who, (0.0, 0.0)))
        month_minutes += sum((moment - max(at, month_start)).total_seconds() / 60 for at in claimed)
        today_minutes += sum((moment - max(at, midnight)).total_seconds() / 60 for at in claimed)
        result[who] = rules.Load(open_chats=len(chats), hours_this_month=month_minutes / 60,
                                 cap_lifted=who in lifted, minutes_left_today=daily - today_minutes,
                                 paused=who in paused)
    return result


# --- Pause after an alert -----------------------------------------------------------

def pause(ambassador_id: int, minutes: float | None = None, db=None) -> datetime:
    """No new requests for `minutes` (AMBASSADOR_ALERT_PAUSE_MINUTES, default 30);
    a later pause never shortens one already running."""
    minutes = settings.load().console.alert_pause_minutes if minutes is None else minutes
    until = now() + timedelta(minutes=minutes)
    with joined(db) as db:
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


def end_pause(ambassador_id: int, db=None) -> bool:
    """The ambassador is ready again (from the desk). True if a pause was running."""
    running = paused_until(ambassador_id) is not None
    with joined(db) as db:
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


def of(ambassador: AmbassadorView, counted: rules.Load | None = None) -> Workload:
    counted = counted or load(ambassador.id)
    hours = counted.hours_this_month
    euros = round(ambassador.monthly_hours * hourly_allowance(), 2)
    return Workload(ambassador, counted.open_chats, hours,
                    hours / ambassador.monthly_hours if ambassador.monthly_hours > 0 else 1.0,
                    counted.cap_lifted, settings.load().console.daily_live_minutes - counted.minutes_left_today,
                    paused_until(ambassador.id) if counted.paused else None,
                    euros, euros > settings.load().console.allowance.per_month)


def of_everyone() -> list[Workload]:
    """The whole team's workload for the console, counted in one go."""
    team = ambassadors.everyone()
    counted = loads([ambassador.id for ambassador in team])
    return [of(ambassador, counted[ambassador.id]) for ambassador in team]
