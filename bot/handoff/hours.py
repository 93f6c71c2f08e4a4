"""When ambassadors are usually there (AMBASSADOR_HOURS, e.g. "09:00-21:00",
Dutch time, checked at start by bot.settings). Unset means no hours are
promised or announced."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot import settings

DUTCH_TIME = ZoneInfo("Europe/Amsterdam")


def outside_hours(moment: datetime | None = None) -> tuple[str, str] | None:
    """(start, end) when `moment` is outside the configured hours, else None."""
    hours = settings.load().ambassador_hours
    if hours is None:
        return None
    start, end = hours
    local = (moment or datetime.now(DUTCH_TIME)).astimezone(DUTCH_TIME).time()
    if start <= local < end:
        return None
    return start.strftime("%H:%M"), end.strftime("%H:%M")


def end_of_day(moment: datetime, hours: bool = True) -> datetime:
    """When the Dutch day of `moment` ends for the hand-off: the end of the
    ambassador hours if they are set and not yet over, else midnight."""
    local = moment.astimezone(DUTCH_TIME)
    midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), DUTCH_TIME)
    configured = settings.load().ambassador_hours if hours else None
    if configured:
        closing = datetime.combine(local.date(), configured[1], DUTCH_TIME)
        if local < closing:
            return closing
    return midnight
