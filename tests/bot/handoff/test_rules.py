"""The permission table, row by row: who may do what with a case (bot.handoff.rules)."""
from datetime import datetime, timezone

import pytest

from bot.handoff.ambassadors import AmbassadorView
from bot.handoff.queue import Request
from bot.handoff.rules import PERMISSIONS, Load, refusal

FREE = Load(open_chats=0, hours_this_month=0)


def someone(**changes) -> AmbassadorView:
    base = dict(id=1, name="Amal", telegram_id="1", languages=("ar", "en"), woman=True, lgbtqi_friendly=True,
                max_chats=2, monthly_hours=16.0, active=True, available=True)
    return AmbassadorView(**(base | changes))


def case(**changes) -> Request:
    base = dict(id=7, conversation_id="wa-x", channel="whatsapp", language="ar", person_language="ar", later=False,
                topic="other", wants_woman=False, wants_lgbtqi_friendly=False, note=None, transfer_note=None,
                awaiting_note=False, state="waiting", ambassador_id=None, created_at=datetime.now(timezone.utc),
                claimed_at=None, ended_at=None, rating=None)
    return Request(**(base | changes))


LIVE_WITH_AMAL = dict(state="claimed", ambassador_id=1)

# (action, ambassador, case, load, the rule that stops it or None)
ROWS = [
    ("claim", someone(), case(), FREE, None),
    ("claim", someone(active=False), case(), FREE, "active"),
    ("claim", someone(available=False), case(), FREE, "available"),
    ("claim", someone(), case(state="claimed", ambassador_id=2), FREE, "waiting"),
    ("claim", someone(), case(state="expired"), FREE, "waiting"),
    ("claim", someone(languages=("ti",)), case(), FREE, "language"),
    ("claim", someone(woman=False), case(wants_woman=True), FREE, "woman"),
    ("claim", someone(woman=False), case(), FREE, None),
    ("claim", someone(lgbtqi_friendly=False), case(wants_lgbtqi_friendly=True), FREE, "lgbtqi_friendly"),
    ("claim", someone(max_chats=1), case(), Load(open_chats=1), "room"),
    ("claim", someone(monthly_hours=4), case(), Load(hours_this_month=4.0), "hours_left"),
    ("claim", someone(monthly_hours=4), case(), Load(hours_this_month=3.9), None),
    ("claim", someone(monthly_hours=4), case(), Load(hours_this_month=5, cap_lifted=True), None),
    ("claim", someone(), case(), Load(paused=True), "not_paused"),
    ("claim", someone(), case(), Load(minutes_left_today=0), "daily_limit"),
    ("take_more", someone(available=False), None, FREE, None),
    ("take_more", someone(), None, Load(paused=True), "not_paused"),
    ("take_more", someone(), None, Load(minutes_left_today=-5), "daily_limit"),
    ("take_more", someone(monthly_hours=2), None, Load(hours_this_month=2), "hours_left"),
    ("see_card", someone(available=False), case(), Load(open_chats=9), None),
    ("see_card", someone(languages=("so",)), case(), FREE, "language"),
    ("see_note", someone(), case(**LIVE_WITH_AMAL), FREE, None),
    ("see_note", someone(id=2), case(**LIVE_WITH_AMAL), FREE, "holder"),
    ("see_note", someone(), case(), FREE, "holder"),
    ("message", someone(), case(**LIVE_WITH_AMAL), FREE, None),
    ("message", someone(active=False), case(**LIVE_WITH_AMAL), FREE, "active"),
    ("message", someone(id=2), case(**LIVE_WITH_AMAL), FREE, "holder"),
    ("message", someone(), case(state="closed", ambassador_id=1), FREE, "holder"),
    ("transfer", someone(), case(**LIVE_WITH_AMAL), FREE, None),
    ("transfer", someone(id=2), case(**LIVE_WITH_AMAL), FREE, "holder"),
    ("close", someone(), case(**LIVE_WITH_AMAL), FREE, None),
    ("close", someone(id=2), case(**LIVE_WITH_AMAL), FREE, "holder"),
    ("close", someone(active=False), case(**LIVE_WITH_AMAL), FREE, "active"),
    ("send_csg", someone(), case(**LIVE_WITH_AMAL), FREE, None),
    ("send_csg", someone(id=2), case(**LIVE_WITH_AMAL), FREE, "holder"),
]


@pytest.mark.parametrize("action, ambassador, request_, load, stopped_by", ROWS)
def test_each_rule_of_the_permission_table(action, ambassador, request_, load, stopped_by):
    rule = refusal(action, ambassador, request_, load)
    assert (rule.name if rule else None) == stopped_by


def test_every_action_in_the_table_is_tested():
    assert {row[0] for row in ROWS} == set(PERMISSIONS)
