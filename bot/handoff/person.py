"""The person's side of a hand-off, in the channel layer, not in Rasa.

While a chat is live, the person's messages go to the ambassador through our
database (Rasa is not involved: it runs no actions in a paused conversation and
slows down with long ones); only a possible crisis is still classified, so the
person gets the emergency answer at once and the ambassador is alerted.
`intercept` is the one entry point: it answers a message itself, or returns
None to let the dialogue engine answer as usual.
"""
import asyncio
import logging
from dataclasses import replace
from functools import partial
from typing import Callable

from sqlalchemy.orm import Session

from bot import content, replies, settings, shortcuts
from bot.delivery import media, outbox
from bot.handoff import ambassadors, queue, workload
from bot.handoff.states import State
from bot.handoff.words import is_cancel, is_stop
from bot.i18n import translate
from bot.replies import Button, Media, Reply
from bot.storage.contacts import Person
from bot.storage.db import session
from bot.text import normalize

logger = logging.getLogger(__name__)
DESK = "desk"
Step = Callable[[Session], None]  # database work that commits with the person's answer


async def intercept(person: Person, text: str, dialogue, with_answer: list[Step]) -> list[Reply] | None:
    """`with_answer` gets the steps that must commit with the answer: the
    caller runs them in the transaction that queues it and marks the message
    handled (bot.channels.base.ConversationService._queue). Whatever the
    answer says happened (cancelled, note saved, rated, relayed, ambassador
    alerted) is such a step: a turn that dies halfway then leaves nothing
    done, and its replay finds the request as it was and answers the same,
    with each notice and relay sent once."""
    # Database work runs in a thread, off the event loop that serves everyone.
    request = await asyncio.to_thread(queue.active_for, person.conversation_id)
    if request is None:
        return await asyncio.to_thread(_rating, person, text, with_answer)
    if request.state == State.WAITING:
        return await _while_waiting(request, text, dialogue, with_answer)
    await asyncio.to_thread(_deliver_held, request, person)
    return await _live(request, text, dialogue, with_answer)


async def relay_media(person: Person, item: Media, with_answer: list[Step]) -> list[Reply] | None:
    """A voice note, photo or file: passed on to the ambassador in a live chat
    (people who cannot write well speak), with the answer (`intercept`); None
    outside one."""
    request = await asyncio.to_thread(queue.active_for, person.conversation_id)
    if request is None or request.state != State.CLAIMED:
        return None
    await asyncio.to_thread(_deliver_held, request, person)
    if item.size > media.MAX_BYTES:
        return [replies.say(request.person_language, content.HANDOFF_MEDIA_TOO_BIG)]
    caption = translate(desk_language(), content.DESK_FROM_PERSON, case=request.id, text=item.caption) \
        if item.caption else f"#{request.id}"
    chat = await asyncio.to_thread(_ambassador_chat, request)
    if chat is None:
        return [replies.say(request.person_language, content.HANDOFF_NOT_DELIVERED)]
    passed_on = [Reply(caption, media=replace(item, caption=""))]
    with_answer.append(lambda db: outbox.send(DESK, chat, passed_on, case_id=request.id, db=db))
    return []


def _deliver_held(request: queue.Request, person: Person) -> None:
    """What the ambassador wrote while WhatsApp's window was closed, now that the person wrote."""
    if request.channel != "whatsapp":
        return  # only WhatsApp's 24-hour window holds replies back (bot.handoff.desk)
    with session() as db:
        held = queue.take_held(db, request.id)
        outbox.send(request.channel, person.address, [Reply(text) for text in held], case_id=request.id, db=db)


async def _while_waiting(request: queue.Request, text: str, dialogue,
                         with_answer: list[Step]) -> list[Reply] | None:
    if is_cancel(text):
        with_answer.append(lambda db: queue.cancel(request.id, db=db))
        return [replies.say(request.person_language, content.HANDOFF_CANCELLED)]
    typed = normalize(text)
    if typed == "handoff keep":
        return [replies.say(request.person_language, content.HANDOFF_KEPT)]
    if request.awaiting_note and not typed.isdigit() and not text.startswith("/"):
        _, crisis = await dialogue.understand(text)
        if {"danger", "suicide"} & set(crisis):
            return None  # the bot answers this first, with 112 or 113
        with_answer.append(lambda db: queue.add_note(request.id, text, db=db))
        saved = replies.say(request.person_language, content.HANDOFF_NOTE_SAVED)
        return [replies.safety_lines(request.person_language, crisis), saved] if crisis else [saved]
    return None  # the bot keeps answering (a crisis first of all) while the person waits


async def _live(request: queue.Request, text: str, dialogue, with_answer: list[Step]) -> list[Reply] | None:
    """Relay the person's message, except what is meant for the bot: stop,
    /forget ("delete my data") and the menu and language commands are never
    passed on. Forgetting ends the chat (the ambassador learns only that the
    person ended it); then the bot asks to confirm and erases, as always."""
    language = request.person_language
    if is_stop(text):
        with_answer.append(partial(_ended_by_person, request))
        return [replies.say(language, content.HANDOFF_ENDED), rating_question(language)]
    intent, crisis = await dialogue.understand(text)
    if intent == "forget_me" or shortcuts.command(normalize(text)) == "forget_me":
        with_answer.append(partial(_ended_by_person, request))
        return None  # the bot asks to confirm; the chat ends in the transaction that queues its question
    if text.lstrip().startswith("/") or shortcuts.command(normalize(text)):
        return None  # a command or a button: the bot answers; the chat goes on
    answer = []
    if crisis:  # the safety net holds in a live chat too: the number first, and the ambassador alerted
        answer = [live_safety_answer(language, crisis)]
        if {"danger", "suicide"} & set(crisis):
            with_answer.append(partial(_alert, request))
    chat = await asyncio.to_thread(_ambassador_chat, request)
    with_answer.append(partial(_relay, request, text, chat))
    if chat:
        return answer
    return answer + [replies.say(language, content.HANDOFF_NOT_DELIVERED)]


def _ended_by_person(request: queue.Request, db: Session) -> None:
    """The person left the live chat ("stop", or /forget): the chat is closed
    and its ambassador told, in `db`, the transaction that also queues the
    person's answer and marks their message handled (`intercept`). A turn
    that dies halfway leaves the chat live, so the message is handled again
    from the start: the person still gets "ended" and the rating question, and
    the ambassador is told once. (The other way, closing first and recognising
    the replay of the message that closed it, would need that message's id
    kept with the close, and a guess by time would take a second "stop" for a
    replay.)"""
    ended = queue.close(request.id, "ended_by_person", db=db)
    if ended:
        tell_ambassador(request, content.DESK_PERSON_LEFT, db=db, case=request.id)
        rest_after(ended, request.ambassador_id, db=db)


def rest_after(ended: queue.Request, ambassador_id: int, db=None) -> None:
    """After a chat with a danger or suicide alert, its ambassador gets no new
    requests for a while (bot.handoff.workload) and is told so."""
    if not ended.alerted:
        return
    ambassador = ambassadors.get(ambassador_id)
    if ambassador and ambassador.active:
        workload.pause(ambassador_id, db=db)
        outbox.send(DESK, ambassador.telegram_id, [replies.say(
            desk_language(), content.DESK_PAUSE_STARTED, minutes=int(settings.load().console.alert_pause_minutes))],
            db=db)


def _alert(request: queue.Request, db: Session) -> None:
    """Danger or suicide in a live chat: its ambassador is alerted, and rests after it (`rest_after`)."""
    queue.mark_alerted(request.id, db=db)
    tell_ambassador(request, content.DESK_DANGER, db=db, case=request.id)


def _relay(request: queue.Request, text: str, chat: str | None, db: Session) -> None:
    """Keep the person's message and queue it for their ambassador's `chat`
    (None: there is nobody to give it to, and the person was told)."""
    relay_id = queue.record_relay(request.id, "to_ambassador", text, db=db)
    if chat is None:
        queue.gave_up(relay_id, db=db)
        return
    outbox.send(DESK, chat, [replies.say(desk_language(), content.DESK_FROM_PERSON, case=request.id, text=text)],
                case_id=request.id, db=db)
    queue.delivered(relay_id, db=db)


def live_safety_answer(language: str, crisis: list[str]) -> Reply:
    """Danger gets the full 112 answer, suicide the 113 answer; other crises their lines."""
    if crisis[0] == "danger":
        return replies.danger(language)
    if crisis[0] == "suicide":
        return replies.suicide(language)[0]
    return replies.safety_lines(language, crisis)


def _rating(person: Person, text: str, with_answer: list[Step]) -> list[Reply] | None:
    typed = normalize(text)
    if typed in {"1", "2", "3", "4", "5"}:
        ended = queue.awaiting_rating(person.conversation_id)
        if ended:
            with_answer.append(lambda db: queue.rate(ended.id, int(typed), db=db))
            return [replies.say(ended.person_language, content.HANDOFF_RATED)]
    return None


def rating_question(language: str) -> Reply:
    return Reply(translate(language, content.HANDOFF_RATE), tuple(Button(str(n), str(n)) for n in range(1, 6)))


def tell_ambassador(request: queue.Request, message: str, db=None, **values) -> bool:
    """Queue a desk message for the ambassador of a live case; False if there is none."""
    chat = _ambassador_chat(request)
    if chat is not None:
        outbox.send(DESK, chat, [replies.say(desk_language(), message, **values)], case_id=request.id, db=db)
    return chat is not None


def _ambassador_chat(request: queue.Request) -> str | None:
    """The desk chat of the live case's ambassador; None if there is none (a
    deactivated ambassador gets nothing more)."""
    ambassador = ambassadors.get(request.ambassador_id) if request.ambassador_id else None
    return ambassador.telegram_id if ambassador and ambassador.active else None


def desk_language() -> str:
    """The language of the ambassadors' desk (texts go through the catalogs too)."""
    return settings.load().desk_language
