from datetime import datetime

from bot.handoff.hours import DUTCH_TIME, outside_hours


def test_no_configured_hours_means_always_open(monkeypatch):
    monkeypatch.delenv("AMBASSADOR_HOURS", raising=False)
    assert outside_hours(datetime(2026, 11, 29, 3, 0, tzinfo=DUTCH_TIME)) is None


def test_outside_the_configured_dutch_hours_the_person_is_told_up_front(monkeypatch):
    monkeypatch.setenv("AMBASSADOR_HOURS", "09:00-21:00")
    assert outside_hours(datetime(2026, 11, 29, 12, 0, tzinfo=DUTCH_TIME)) is None
    assert outside_hours(datetime(2026, 11, 29, 22, 30, tzinfo=DUTCH_TIME)) == ("09:00", "21:00")
    assert outside_hours(datetime(2026, 11, 29, 8, 59, tzinfo=DUTCH_TIME)) == ("09:00", "21:00")


def test_hours_that_are_not_hh_mm_are_refused_when_settings_load(monkeypatch):
    import pytest

    from bot import settings

    for wrong in ["9-21", "21:00-09:00", "09:00 till 21:00"]:
        monkeypatch.setenv("AMBASSADOR_HOURS", wrong)
        settings.load.cache_clear()
        with pytest.raises(settings.BadSetting):
            settings.load()


def test_later_today_ends_with_the_ambassador_hours_or_at_dutch_midnight(monkeypatch):
    from bot.handoff.queue import deadline

    monkeypatch.setenv("AMBASSADOR_HOURS", "09:00-21:00")
    afternoon = datetime(2026, 11, 29, 15, 0, tzinfo=DUTCH_TIME)
    assert deadline(afternoon, later=True) == datetime(2026, 11, 29, 21, 0, tzinfo=DUTCH_TIME)
    after_hours = datetime(2026, 11, 29, 22, 0, tzinfo=DUTCH_TIME)
    assert deadline(after_hours, later=True) == datetime(2026, 11, 30, 0, 0, tzinfo=DUTCH_TIME)
    monkeypatch.delenv("AMBASSADOR_HOURS")
    from bot import settings

    settings.load.cache_clear()
    assert deadline(afternoon, later=True) == datetime(2026, 11, 30, 0, 0, tzinfo=DUTCH_TIME)


def test_a_request_for_now_ends_at_dutch_midnight_but_never_within_its_first_hour(monkeypatch):
    from datetime import timedelta

    from bot.handoff.queue import deadline

    monkeypatch.setenv("AMBASSADOR_HOURS", "09:00-21:00")
    evening = datetime(2026, 11, 29, 20, 30, tzinfo=DUTCH_TIME)
    assert deadline(evening, later=False) == datetime(2026, 11, 30, 0, 0, tzinfo=DUTCH_TIME)
    late = datetime(2026, 11, 29, 23, 45, tzinfo=DUTCH_TIME)
    assert deadline(late, later=False) == late + timedelta(hours=1)
