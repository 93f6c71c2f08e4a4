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
