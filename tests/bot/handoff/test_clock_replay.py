"""The hand-off clock with the database failing between a request's marking
and its notice, on SQLite and PostgreSQL: the tick leaves both undone, the
next tick does both, and each notice goes out exactly once."""
import random
from datetime import timedelta

import pytest
from sqlalchemy.exc import OperationalError

from bot import content
from bot.delivery import outbox
from bot.handoff import desk, queue, worker
from bot.handoff.states import State
from bot.i18n import translate
from bot.storage import contacts, db
from bot.storage.models import Handoff, Relayed, now
from tests.support.replay import a_waiting_person, clean_database, delivered, fail_once


@pytest.fixture(params=["sqlite", "postgresql"], autouse=True)
def database(request, tmp_path, monkeypatch):
    yield from clean_database(request.param, tmp_path, monkeypatch)


def ticks_after_a_failed_one(times: int = 2) -> None:
    with pytest.raises(OperationalError):
        worker.tick()
    for _ in range(times):
        worker.tick()


def backdate(case_id: int, **moments: timedelta) -> None:
    with db.session() as s:
        row = s.get(Handoff, case_id)
        for column, ago in moments.items():
            setattr(row, column, now() - ago)


def test_a_new_request_is_announced_once_when_the_first_tick_dies_before_the_card(monkeypatch):
    chat_id, case, yonas = a_waiting_person()
    fail_once(monkeypatch, outbox, "send", when=lambda channel, *_, **__: channel == "desk")

    ticks_after_a_failed_one()

    phones = delivered(("desk", yonas.telegram_id))
    assert phones["desk"].sent[yonas.telegram_id] == [desk.request_card(queue.get(case.id)).text]


def test_a_request_the_clock_cannot_handle_does_not_hold_up_the_others(monkeypatch):
    _, first, yonas = a_waiting_person()
    second = queue.open_request(contacts.arrived("telegram", str(random.randint(10**9, 10**10))).conversation_id,
                                "telegram", "ti", "other")
    real, failed = desk.request_card, []

    def card(request):
        if request.id == first.id and not failed:
            failed.append(True)
            raise RuntimeError("a card that cannot be made, once")
        return real(request)
    monkeypatch.setattr(worker, "request_card", card)

    worker.tick()  # the second is announced all the same
    worker.tick()  # and the first at the next tick

    phones = delivered(("desk", yonas.telegram_id))
    assert phones["desk"].sent[yonas.telegram_id] == [real(queue.get(second.id)).text, real(queue.get(first.id)).text]


def test_the_person_is_told_of_the_timeout_once_when_the_first_tick_dies_before_the_notice(monkeypatch):
    chat_id, case, yonas = a_waiting_person()
    backdate(case.id, created_at=timedelta(minutes=worker.timeout_minutes() + 1))
    fail_once(monkeypatch, worker, "send_to_person")

    ticks_after_a_failed_one()

    assert queue.get(case.id).state == State.WAITING, "the person may keep waiting"
    phones = delivered(("desk", yonas.telegram_id), ("telegram", chat_id))
    told = phones["telegram"].sent[chat_id]
    assert len(told) == 1 and told[0].startswith(translate("ti", content.HANDOFF_TIMEOUT))
    assert len(phones["desk"].sent[yonas.telegram_id]) == 1, "the ambassadors' card, once"


def test_a_request_expires_once_and_its_person_is_told_once_when_the_first_tick_dies_before_the_notice(monkeypatch):
    chat_id, case, yonas = a_waiting_person()
    backdate(case.id, expires_at=timedelta(seconds=1))
    fail_once(monkeypatch, worker, "send_to_person")

    ticks_after_a_failed_one()

    assert queue.get(case.id).state == State.EXPIRED
    assert [reason for *_, reason in queue.history(case.id)] == ["requested", "expired"]
    phones = delivered(("telegram", chat_id))
    told = phones["telegram"].sent[chat_id]
    assert len(told) == 1 and told[0].startswith(translate("ti", content.HANDOFF_EXPIRED))


def test_a_message_a_restart_left_undelivered_reaches_the_ambassador_once_when_the_first_retry_dies(monkeypatch):
    chat_id, case, yonas = a_waiting_person()
    assert queue.claim(case.id, yonas.id) is None
    relay_id = queue.record_relay(case.id, "to_ambassador", "Are you still there?")
    with db.session() as s:
        s.get(Relayed, relay_id).created_at = now() - timedelta(minutes=1)
    fail_once(monkeypatch, worker, "tell_ambassador")

    ticks_after_a_failed_one()

    phones = delivered(("desk", yonas.telegram_id))
    assert phones["desk"].sent[yonas.telegram_id] == [
        translate("en", content.DESK_FROM_PERSON, case=case.id, text="Are you still there?")]
    assert queue.undelivered_count() == 0
