"""The console's settings are checked at start like every other one."""
import subprocess
import sys

import pytest

from bot import settings
from bot.settings import ROOT


@pytest.mark.parametrize("name, value, said", [
    ("INSIGHTS_MIN_COUNT", "4", "INSIGHTS_MIN_COUNT must be at least 5"),
    ("VOLUNTEER_ALLOWANCE_YEAR", "2031", "VOLUNTEER_ALLOWANCE_YEAR is one of 2025, 2026"),
    ("CONSOLE_PORT", "http", "CONSOLE_PORT must be a number"),
    ("AMBASSADOR_ALERT_PAUSE_MINUTES", "-1", "AMBASSADOR_ALERT_PAUSE_MINUTES must be at least 0"),
])
def test_a_bad_console_setting_stops_bridge_at_start_with_a_clear_message(name, value, said, monkeypatch):
    monkeypatch.setenv(name, value)
    with pytest.raises(settings.BadSetting, match=said):
        settings.load()
    result = subprocess.run([sys.executable, "-m", "bot", "check"], cwd=ROOT, capture_output=True, text=True,
                            env={**__import__("os").environ, name: value})
    assert result.returncode == 1 and said in result.stderr


def test_the_allowance_amounts_are_data_with_their_year_and_source(monkeypatch):
    monkeypatch.setenv("VOLUNTEER_ALLOWANCE_YEAR", "2025")
    limits = settings.load().console.allowance
    assert (limits.year, limits.per_hour, limits.per_month, limits.per_year) == (2025, 5.60, 210, 2100)
    assert not limits.single_source
    settings.load.cache_clear()
    monkeypatch.setenv("VOLUNTEER_ALLOWANCE_YEAR", "2026")
    assert settings.load().console.allowance.single_source  # the console says so next to every amount


def test_the_defaults_are_those_the_readme_gives():
    config = settings.load().console
    assert (config.port, config.insights_min_count, config.alert_pause_minutes) == (5080, 10, 30)
