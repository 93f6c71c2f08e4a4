"""A person who ends a live chat ("stop", or /forget) in a turn that dies
halfway, on SQLite and PostgreSQL: the message is handled again from the
start, the chat ends once, the ambassador is told once, and the person gets
"ended" and the rating question once (not the bot's answer to "stop")."""
import asyncio

import pytest
from sqlalchemy.exc import OperationalError

from bot import content, settings
from bot.channels.base import ConversationService
from bot.delivery import inbox, outbox
from bot.handoff import person, queue
from bot.handoff.states import State
from bot.i18n import translate
from bot.replies import Reply
from tests.support.replay import a_waiting_person, clean_database, delivered, fail_once, handled, recorded


@pytest.fixture(params=["sqlite", "postgresql"], autouse=True)
def database(request, tmp_path, monkeypatch):
    yield from clean_database(request.param, tmp_path, monkeypatch)


class Bot:
    """The dialogue engine, standing in for Rasa: it answers every text it is asked."""

    async def respond(self, conversation_id, text):
        return [Reply(f"the bot on {text}")]

    async def language_of(self, conversation_id):
        return "ti"

    async def understand(self, text):
        return ("forget_me" if text == "/forget" else None), []


def a_live_chat(alerted: bool = False):
    chat_id, case, yonas = a_waiting_person()
    assert queue.claim(case.id, yonas.id) is None
    if alerted:  # the person wrote of danger during the chat: Yonas rests after it
        queue.mark_alerted(case.id)
    return chat_id, case, yonas


def handle(arrived: inbox.Arrived) -> None:
    asyncio.run(ConversationService("telegram", Bot()).process(arrived))


# Where the turn dies: after the close, before the ambassador's pause, before the person's
# own reply, before the message is marked handled.
STEPS = [(person, "tell_ambassador", None), (person, "rest_after", None),
         (outbox, "send", lambda channel, *_, **__: channel == "telegram"), (inbox, "done", None)]
STEP_NAMES = ["after the close", "before the pause", "before the person's reply", "before the message is handled"]


@pytest.mark.parametrize("owner, step, when", STEPS, ids=STEP_NAMES)
def test_a_stop_whose_turn_dies_halfway_ends_the_chat_once_and_the_person_is_asked_for_a_rating(
        monkeypatch, owner, step, when):
    chat_id, case, yonas = a_live_chat(alerted=True)
    arrived = recorded("telegram", chat_id, "stop")
    fail_once(monkeypatch, owner, step, when)
    with pytest.raises(OperationalError):
        handle(arrived)
    assert not handled(arrived) and queue.get(case.id).state == State.CLAIMED, "nothing of the failed turn is kept"

    handle(arrived)  # the inbox hands out the same message again

    assert handled(arrived)
    assert queue.get(case.id).state == State.CLOSED
    assert [reason for *_, reason in queue.history(case.id)] == ["requested", "claimed", "ended_by_person"]
    phones = delivered(("desk", yonas.telegram_id), ("telegram", chat_id))
    assert phones["telegram"].sent[chat_id] == [translate("ti", content.HANDOFF_ENDED),
                                                translate("ti", content.HANDOFF_RATE)]
    pause = int(settings.load().console.alert_pause_minutes)
    assert phones["desk"].sent[yonas.telegram_id] == [translate("en", content.DESK_PERSON_LEFT, case=case.id),
                                                      translate("en", content.DESK_PAUSE_STARTED, minutes=pause)]


@pytest.mark.parametrize("owner, step, when", [STEPS[0], STEPS[2], STEPS[3]],
                         ids=[STEP_NAMES[0], STEP_NAMES[2], STEP_NAMES[3]])
def test_forget_in_a_live_chat_whose_turn_dies_halfway_ends_it_once_and_the_bot_asks_once(
        monkeypatch, owner, step, when):
    chat_id, case, yonas = a_live_chat()
    arrived = recorded("telegram", chat_id, "/forget")
    fail_once(monkeypatch, owner, step, when)
    with pytest.raises(OperationalError):
        handle(arrived)
    assert queue.get(case.id).state == State.CLAIMED

    handle(arrived)

    assert handled(arrived) and queue.get(case.id).state == State.CLOSED
    phones = delivered(("desk", yonas.telegram_id), ("telegram", chat_id))
    assert phones["telegram"].sent[chat_id] == ["the bot on /forget"]
    assert phones["desk"].sent[yonas.telegram_id] == [translate("en", content.DESK_PERSON_LEFT, case=case.id)]
