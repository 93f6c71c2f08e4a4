import random

import pytest

from tests.bot.handoff.test_handoff_end_to_end import desk_post, register
from tests.support.webhooks import text_update


@pytest.fixture(scope="session")
def desk(channels):
    """Three ambassadors, all available: two for Arabic/English, one Tigrinya.
    One team for the whole run, so routing sees the same desk in every test."""
    base = random.randint(10**6, 10**7) * 10
    team = {"amal": base + 1, "omar": base + 2, "yonas": base + 3}
    register(channels, "Amal", team["amal"], "ar,en", "--woman")
    register(channels, "Omar", team["omar"], "ar,en", "--lgbtqi-friendly")
    register(channels, "Yonas", team["yonas"], "ti")
    for telegram_id in team.values():
        desk_post(channels, text_update(telegram_id, "/available"))
    return team
