"""When ambassadors are usually there (AMBASSADOR_HOURS, e.g. "09:00-21:00",
Dutch time). Unset means no hours are promised or announced."""
import os
from datetime import datetime, time
from zoneinfo import ZoneInfo

DUTCH_TIME = ZoneInfo("Europe/Amsterdam")


def outside_hours(moment: datetime | None = None) -> tuple[str, str] | None:
    """(start, end) when `moment` is outside the configured hours, else None."""
    configured = os.environ.get("AMBASSADOR_HOURS", "").strip()
    if not configured:
        return None
    start, end = (part.strip() for part in configured.split("-"))
    local = (moment or datetime.now(DUTCH_TIME)).astimezone(DUTCH_TIME).time()
    if time.fromisoformat(start) <= local < time.fromisoformat(end):
        return None
    return start, end
