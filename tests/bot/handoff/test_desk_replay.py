"""A desk press whose turn dies halfway, on SQLite and PostgreSQL: the press is
handled again from the start, the claim (or close) counts once, and each
notice reaches the ambassador and the person once, never a refusal instead."""
import pytest
from sqlalchemy.exc import OperationalError

from bot import content, payloads
from bot.delivery import inbox
from bot.handoff import desk, queue
from bot.handoff.states import State
from bot.i18n import translate
from tests.support.replay import a_waiting_person, clean_database, delivered, fail_once, handled, recorded


@pytest.fixture(params=["sqlite", "postgresql"], autouse=True)
def database(request, tmp_path, monkeypatch):
    yield from clean_database(request.param, tmp_path, monkeypatch)


def press(telegram_id: str, payload: str) -> inbox.Arrived:
    """A button press as the desk webhook records it (bot.delivery.inbox)."""
    return recorded("desk", telegram_id, payload, callback_id="query-1")


# Where the turn dies: right after the claim, before the person is told, before the press is marked handled.
STEPS = [(queue, "get"), (desk, "send_to_person"), (inbox, "done")]


@pytest.mark.parametrize("owner, step", STEPS, ids=["after the claim", "before the person's notice",
                                                    "before the press is handled"])
def test_a_claim_whose_turn_dies_halfway_counts_once_and_each_notice_goes_out_once(monkeypatch, owner, step):
    chat_id, case, yonas = a_waiting_person()
    arrived = press(yonas.telegram_id, payloads.claim(case.id))
    fail_once(monkeypatch, owner, step)
    with pytest.raises(OperationalError):
        desk.process(arrived)
    assert not handled(arrived), "the press stays in the inbox, to be handled again"

    desk.process(arrived)  # the inbox hands out the same press again

    assert handled(arrived)
    claimed = queue.get(case.id)
    assert claimed.state == State.CLAIMED and claimed.ambassador_id == yonas.id
    phones = delivered(("desk", yonas.telegram_id), ("telegram", chat_id))
    assert phones["desk"].sent[yonas.telegram_id] == [translate("en", content.DESK_CLAIMED, case=case.id)]
    assert phones["telegram"].sent[chat_id] == [translate("ti", content.HANDOFF_CONNECTED)]


def test_a_close_whose_turn_dies_halfway_ends_the_chat_once(monkeypatch):
    chat_id, case, yonas = a_waiting_person()
    desk.process(press(yonas.telegram_id, payloads.claim(case.id)))
    arrived = press(yonas.telegram_id, payloads.close(case.id, "helped"))
    fail_once(monkeypatch, desk, "send_to_person")
    with pytest.raises(OperationalError):
        desk.process(arrived)
    assert queue.get(case.id).state == State.CLAIMED, "nothing of the failed turn is kept"

    desk.process(arrived)

    assert queue.get(case.id).state == State.CLOSED
    assert [reason for *_, reason in queue.history(case.id)] == ["requested", "claimed", "helped"]
    phones = delivered(("desk", yonas.telegram_id), ("telegram", chat_id))
    assert phones["desk"].sent[yonas.telegram_id] == [translate("en", content.DESK_CLAIMED, case=case.id),
                                                      translate("en", content.DESK_CLOSED, case=case.id)]
    assert phones["telegram"].sent[chat_id] == [translate("ti", content.HANDOFF_CONNECTED),
                                                translate("ti", content.HANDOFF_ENDED),
                                                translate("ti", content.HANDOFF_RATE)]
