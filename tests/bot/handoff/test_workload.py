"""An ambassador's workload on SQLite and PostgreSQL: the monthly hours cap
(liftable for a month), the daily live-chat limit, the pause after an alert."""
import uuid
from datetime import datetime, timedelta

import pytest
from sqlalchemy import delete

from bot.handoff import ambassadors, queue, workload
from bot.handoff.hours import DUTCH_TIME
from bot.storage import db
from bot.storage.console_models import AmbassadorPause, CapLift
from bot.storage.models import Ambassador, Handoff, HandoffEvent, Relayed, WorkLog, now
from tests.support.services import postgres_url


@pytest.fixture(params=["sqlite", "postgresql"], autouse=True)
def database(request, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'bridge.db'}" if request.param == "sqlite" else postgres_url()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("AMBASSADOR_DAILY_MINUTES", "120")
    db.engine.cache_clear()
    db.migrate(url)
    with db.session() as s:
        for table in (Relayed, WorkLog, CapLift, AmbassadorPause, HandoffEvent, Handoff, Ambassador):
            s.execute(delete(table))
    yield
    db.engine.cache_clear()


def ambassador(monthly_hours=10.0):
    return ambassadors.add("Amal", str(uuid.uuid4().int % 10**9), ["ar"], monthly_hours=monthly_hours)


def worked(who, minutes, ago=timedelta(minutes=5)):
    with db.session() as s:
        s.add(WorkLog(ambassador_id=who.id, started_at=now() - ago, minutes=minutes))


def test_an_ambassador_with_hours_left_may_be_offered_a_request():
    amal = ambassador()
    worked(amal, 60)
    assert workload.why_not_offered(amal) is None
    assert workload.of(amal).share == pytest.approx(0.1)


def test_used_up_monthly_hours_stop_new_requests_until_a_coordinator_lifts_the_cap_for_this_month(monkeypatch):
    monkeypatch.setenv("AMBASSADOR_DAILY_MINUTES", "600")
    amal = ambassador(monthly_hours=1)
    worked(amal, 30, ago=timedelta(minutes=40))
    assert not workload.hours_used_up(amal)
    worked(amal, 31, ago=timedelta(minutes=50))
    assert workload.hours_used_up(amal)
    assert workload.why_not_offered(amal) == workload.HOURS_USED_UP
    workload.lift_cap(amal.id)
    assert not workload.hours_used_up(amal) and workload.cap_lifted(amal.id)
    assert not workload.cap_lifted(amal.id, month="1999-01")


def test_a_running_live_chat_counts_towards_the_daily_limit():
    amal = ambassador(monthly_hours=100)
    ambassadors.set_available(amal.id, True)
    case = queue.open_request(f"wa-{uuid.uuid4().hex}", "whatsapp", "ar", "other")
    assert queue.claim(case.id, amal.id) is None  # nothing stopped the claim
    with db.session() as s:
        s.get(Handoff, case.id).claimed_at = now() - timedelta(minutes=100)
    since_midnight = (now() - datetime.now(DUTCH_TIME).replace(hour=0, minute=0, second=0, microsecond=0)
                      ).total_seconds() / 60
    assert workload.live_minutes_today(amal.id) == pytest.approx(min(100, since_midnight), abs=1)
    worked(amal, 125, ago=timedelta(seconds=1))  # today, whatever the hour
    assert workload.why_not_offered(amal) == workload.DAILY_LIMIT


def test_a_pause_after_an_alert_holds_new_requests_until_it_ends_or_the_ambassador_ends_it():
    amal = ambassador()
    until = workload.pause(amal.id)
    assert timedelta(minutes=29) < until - now() <= timedelta(minutes=30)
    assert workload.why_not_offered(amal) == workload.PAUSED
    assert workload.pause(amal.id, minutes=5) == until  # a shorter pause does not cut a running one
    assert workload.end_pause(amal.id) is True
    assert workload.paused_until(amal.id) is None and workload.why_not_offered(amal) is None
    assert workload.end_pause(amal.id) is False
    workload.pause(amal.id, minutes=0)
    assert workload.paused_until(amal.id) is None  # already over


def test_the_cap_in_euros_follows_the_configured_hourly_allowance(monkeypatch):
    amal = ambassador(monthly_hours=16)
    assert workload.of(amal).cap_euros == pytest.approx(16 * 5.75)  # the 2026 hourly maximum by default
    monkeypatch.setenv("VOLUNTEER_HOURLY_ALLOWANCE", "15")
    from bot import settings

    settings.load.cache_clear()
    assert workload.of(amal).cap_euros == 240 and workload.of(amal).over_allowance  # above the 220 a month


def test_a_paused_ambassador_cannot_claim_and_a_lifted_cap_lets_one_claim_again(monkeypatch):
    monkeypatch.setenv("AMBASSADOR_DAILY_MINUTES", "600")
    amal = ambassador(monthly_hours=1)
    ambassadors.set_available(amal.id, True)
    workload.pause(amal.id)
    assert queue.claim(queue.open_request(f"wa-{uuid.uuid4().hex}", "whatsapp", "ar", "other").id,
                       amal.id).name == "not_paused"
    workload.end_pause(amal.id)
    worked(amal, 61)
    case = queue.open_request(f"wa-{uuid.uuid4().hex}", "whatsapp", "ar", "other")
    assert queue.claim(case.id, amal.id).name == "hours_left"
    assert queue.matches(queue.get(case.id), [ambassadors.get(amal.id)]) == []
    workload.lift_cap(amal.id)
    assert queue.claim(case.id, amal.id) is None
