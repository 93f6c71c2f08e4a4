"""Who may do what with a hand-off case: one table of rules, as data.

Every promise made to the person in the consent text (someone who speaks
their language, a woman, an LGBTQI+-friendly person) is a rule here, and
the same rules decide whom routing tells about a request and who may claim
it. Claiming checks them again in the transaction that takes the case
(bot.handoff.queue.claim), so what an ambassador types cannot get around
them; a refused ambassador is told which rule stopped them.
"""
from dataclasses import dataclass
from typing import Callable

from bot import content
from bot.handoff.ambassadors import AmbassadorView
from bot.handoff.states import State


@dataclass(frozen=True)
class Load:
    """What an ambassador carries right now (bot.handoff.workload counts it)."""

    open_chats: int = 0
    hours_this_month: float = 0.0  # live-chat hours, running chats included
    cap_lifted: bool = False  # a coordinator lifted the monthly cap for this month
    minutes_left_today: float = float("inf")  # of the daily live-chat limit
    paused: bool = False  # resting after a case with a danger or suicide alert


@dataclass(frozen=True)
class Rule:
    name: str
    holds: Callable  # (ambassador, request, load) -> bool
    refusal: str  # what the ambassador is told on the desk ({case} is filled in)


def _fits_wishes(wish: str, trait: str) -> Callable:
    return lambda a, r, load: getattr(a, trait) or not getattr(r, wish)


RULES = {rule.name: rule for rule in (
    Rule("active", lambda a, r, load: a.active, content.DESK_REFUSED_INACTIVE),
    Rule("available", lambda a, r, load: a.available, content.DESK_REFUSED_AWAY),
    Rule("waiting", lambda a, r, load: r.state == State.WAITING, content.DESK_TAKEN),
    Rule("language", lambda a, r, load: r.language in a.languages, content.DESK_REFUSED_LANGUAGE),
    Rule("woman", _fits_wishes("wants_woman", "woman"), content.DESK_REFUSED_WOMAN),
    Rule("lgbtqi_friendly", _fits_wishes("wants_lgbtqi_friendly", "lgbtqi_friendly"), content.DESK_REFUSED_LGBTQI),
    Rule("room", lambda a, r, load: load.open_chats < a.max_chats, content.DESK_REFUSED_FULL),
    Rule("not_paused", lambda a, r, load: not load.paused, content.DESK_REFUSED_PAUSED),
    Rule("daily_limit", lambda a, r, load: load.minutes_left_today > 0, content.DESK_REFUSED_DAILY),
    Rule("hours_left", lambda a, r, load: load.hours_this_month < a.monthly_hours or load.cap_lifted,
         content.DESK_REFUSED_HOURS),
    Rule("holder", lambda a, r, load: r.state == State.CLAIMED and r.ambassador_id == a.id, content.DESK_NO_CASE),
)}

# What each action on a case requires, checked in this order. Volunteers who
# listen to people in crisis burn out: the workload rules guard them too.
PERMISSIONS = {
    "see_card": ("active", "waiting", "language", "woman", "lgbtqi_friendly"),
    "claim": ("active", "available", "waiting", "language", "woman", "lgbtqi_friendly", "room",
              "not_paused", "daily_limit", "hours_left"),
    "take_more": ("not_paused", "daily_limit", "hours_left"),  # no case yet: may they get new requests?
    "see_note": ("active", "holder"),
    "message": ("active", "holder"),
    "transfer": ("active", "holder"),
    "close": ("active", "holder"),
    "send_csg": ("active", "holder"),
}


def refusal(action: str, ambassador: AmbassadorView, request, load: Load = Load()) -> Rule | None:
    """The first rule that stops `ambassador` doing `action` on `request`, or None."""
    for name in PERMISSIONS[action]:
        rule = RULES[name]
        if not rule.holds(ambassador, request, load):
            return rule
    return None


def may(action: str, ambassador: AmbassadorView, request, load: Load = Load()) -> bool:
    return refusal(action, ambassador, request, load) is None
