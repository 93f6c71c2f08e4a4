"""A person's turn in a hand-off that dies halfway, on SQLite and PostgreSQL:
stopping to wait, adding the note, a message or voice note relayed in a live
chat, a danger alert, a rating. Nothing of the failed turn is kept; the
message is handled again from the start, each notice and relay reaches the
ambassador once, and the person gets the answer to what they wrote, once
(not the bot's answer to a request that already changed)."""
import asyncio
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from bot import content
from bot.channels.base import ConversationService
from bot.delivery import inbox, outbox
from bot.handoff import person, queue
from bot.handoff.states import State
from bot.i18n import translate
from bot.replies import Media, Reply
from bot.storage import db
from bot.storage.models import Inbound, Relayed
from tests.support.replay import a_waiting_person, clean_database, delivered, fail_once, handled, recorded

DANGER = "he says he will kill me tonight"


@pytest.fixture(params=["sqlite", "postgresql"], autouse=True)
def database(request, tmp_path, monkeypatch):
    yield from clean_database(request.param, tmp_path, monkeypatch)


class Bot:
    """The dialogue engine, standing in for Rasa: it answers every text it is
    asked, and reads danger in one."""

    async def respond(self, conversation_id, text):
        return [Reply(f"the bot on {text}")]

    async def language_of(self, conversation_id):
        return "ti"

    async def understand(self, text):
        return None, (["danger"] if text == DANGER else [])


def handle(arrived: inbox.Arrived) -> None:
    asyncio.run(ConversationService("telegram", Bot()).process(arrived))


def a_live_chat():
    chat_id, case, yonas = a_waiting_person()
    assert queue.claim(case.id, yonas.id) is None
    return chat_id, case, yonas


def a_voice_note(chat_id: str) -> inbox.Arrived:
    """A voice note as the Telegram webhook records it."""
    key, voice = f"update-{uuid.uuid4().hex}", Media("voice", "telegram", "voice-file-1", size=20_000)
    assert inbox.record("telegram", key, chat_id, None, media=voice)
    with db.session() as s:
        row_id = s.execute(select(Inbound.id).order_by(Inbound.id.desc())).scalars().first()
    return inbox.Arrived(row_id, "telegram", key, chat_id, None, None, media=voice)


def relayed(case: queue.Request) -> list[bool]:
    """Whether each message kept for the ambassador of this case was delivered."""
    with db.session() as s:
        return list(s.execute(select(Relayed.delivered).where(Relayed.handoff_id == case.id)
                              .order_by(Relayed.id)).scalars())


def dies_once_then_is_handled_again(monkeypatch, arrived: inbox.Arrived, owner, step, when) -> None:
    fail_once(monkeypatch, owner, step, when)
    with pytest.raises(OperationalError):
        handle(arrived)
    assert not handled(arrived)
    handle(arrived)  # the inbox hands out the same message again
    assert handled(arrived)


def to(channel):
    return lambda address_channel, *_, **__: address_channel == channel


PERSON_REPLY = [(outbox, "send", to("telegram")), (inbox, "done", None)]
PERSON_REPLY_NAMES = ["before the person's reply", "before the message is handled"]


@pytest.mark.parametrize("owner, step, when", PERSON_REPLY, ids=PERSON_REPLY_NAMES)
def test_stop_waiting_in_a_turn_that_dies_halfway_cancels_once_and_the_person_is_told_so(
        monkeypatch, owner, step, when):
    chat_id, case, _ = a_waiting_person()
    arrived = recorded("telegram", chat_id, "cancel")

    dies_once_then_is_handled_again(monkeypatch, arrived, owner, step, when)

    assert queue.get(case.id).state == State.CANCELLED
    assert [reason for *_, reason in queue.history(case.id)] == ["requested", "cancelled"]
    phones = delivered(("telegram", chat_id))
    assert phones["telegram"].sent[chat_id] == [translate("ti", content.HANDOFF_CANCELLED)]


@pytest.mark.parametrize("owner, step, when", PERSON_REPLY, ids=PERSON_REPLY_NAMES)
def test_a_note_added_in_a_turn_that_dies_halfway_is_saved_once_and_the_person_is_told_so(
        monkeypatch, owner, step, when):
    chat_id, case, _ = a_waiting_person()
    arrived = recorded("telegram", chat_id, "My husband took my passport")
    fail_once(monkeypatch, owner, step, when)
    with pytest.raises(OperationalError):
        handle(arrived)
    assert queue.get(case.id).note is None and queue.get(case.id).awaiting_note, "the note waits to be saved"

    handle(arrived)

    assert handled(arrived)
    saved = queue.get(case.id)
    assert saved.note == "My husband took my passport" and not saved.awaiting_note
    phones = delivered(("telegram", chat_id))
    assert phones["telegram"].sent[chat_id] == [translate("ti", content.HANDOFF_NOTE_SAVED)]


# Where a relay dies: as it is queued for the ambassador, as it is marked delivered, before
# the message is handled.
RELAY = [(outbox, "send", to("desk")), (queue, "delivered", None), (inbox, "done", None)]
RELAY_NAMES = ["as the ambassador's copy is queued", "as the relay is marked delivered",
               "before the message is handled"]


@pytest.mark.parametrize("owner, step, when", RELAY, ids=RELAY_NAMES)
def test_a_message_relayed_in_a_turn_that_dies_halfway_reaches_the_ambassador_once(monkeypatch, owner, step, when):
    chat_id, case, yonas = a_live_chat()
    arrived = recorded("telegram", chat_id, "I am at the station now")

    dies_once_then_is_handled_again(monkeypatch, arrived, owner, step, when)

    assert relayed(case) == [True]
    phones = delivered(("desk", yonas.telegram_id), ("telegram", chat_id))
    assert phones["desk"].sent[yonas.telegram_id] == [
        translate("en", content.DESK_FROM_PERSON, case=case.id, text="I am at the station now")]
    assert phones["telegram"].sent[chat_id] == [], "the person is told nothing, as with any relay"


@pytest.mark.parametrize("owner, step, when", [RELAY[0], RELAY[2]], ids=[RELAY_NAMES[0], RELAY_NAMES[2]])
def test_a_voice_note_relayed_in_a_turn_that_dies_halfway_reaches_the_ambassador_once(
        monkeypatch, owner, step, when):
    chat_id, case, yonas = a_live_chat()
    arrived = a_voice_note(chat_id)

    dies_once_then_is_handled_again(monkeypatch, arrived, owner, step, when)

    phones = delivered(("desk", yonas.telegram_id), ("telegram", chat_id))
    assert phones["desk"].sent[yonas.telegram_id] == [f"#{case.id}"]
    assert phones["telegram"].sent[chat_id] == []


# Where a danger turn dies: at the alert, between the alert and the relay, before the
# person's own answer, before the message is handled.
ALERT = [(person, "tell_ambassador", None), (queue, "record_relay", None)] + PERSON_REPLY
ALERT_NAMES = ["at the alert", "between the alert and the relay"] + PERSON_REPLY_NAMES


@pytest.mark.parametrize("owner, step, when", ALERT, ids=ALERT_NAMES)
def test_danger_in_a_live_chat_whose_turn_dies_halfway_alerts_the_ambassador_once_and_the_person_gets_112(
        monkeypatch, owner, step, when):
    chat_id, case, yonas = a_live_chat()
    arrived = recorded("telegram", chat_id, DANGER)
    fail_once(monkeypatch, owner, step, when)
    with pytest.raises(OperationalError):
        handle(arrived)
    assert not queue.get(case.id).alerted and relayed(case) == [], "nothing of the failed turn is kept"

    handle(arrived)

    assert handled(arrived) and queue.get(case.id).alerted
    phones = delivered(("desk", yonas.telegram_id), ("telegram", chat_id))
    assert phones["desk"].sent[yonas.telegram_id] == [translate("en", content.DESK_DANGER, case=case.id),
                                                      translate("en", content.DESK_FROM_PERSON, case=case.id,
                                                                text=DANGER)]
    assert phones["telegram"].sent[chat_id] == [translate("ti", content.DANGER)]


@pytest.mark.parametrize("owner, step, when", PERSON_REPLY, ids=PERSON_REPLY_NAMES)
def test_a_rating_given_in_a_turn_that_dies_halfway_is_kept_and_the_person_is_thanked_once(
        monkeypatch, owner, step, when):
    chat_id, case, _ = a_live_chat()
    assert queue.close(case.id, "ended_by_person")
    arrived = recorded("telegram", chat_id, "4")

    dies_once_then_is_handled_again(monkeypatch, arrived, owner, step, when)

    assert queue.get(case.id).rating == 4
    phones = delivered(("telegram", chat_id))
    assert phones["telegram"].sent[chat_id] == [translate("ti", content.HANDOFF_RATED)]
