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

from bot import content, replies, settings
from bot.delivery import outbox
from bot.handoff import ambassadors, queue
from bot.handoff.words import is_cancel, is_stop
from bot.i18n import translate
from bot.replies import Button, Reply
from bot.storage.contacts import Person
from bot.text import normalize

logger = logging.getLogger(__name__)
DESK = "desk"


async def intercept(person: Person, text: str, dialogue) -> list[Reply] | None:
    # Database work runs in a thread, off the event loop that serves everyone.
    request = await asyncio.to_thread(queue.active_for, person.conversation_id)
    if request is None:
        return await asyncio.to_thread(_rating, person, text)
    if request.state == "waiting":
        return await _while_waiting(request, text, dialogue)
    return await _live(request, text, dialogue)


async def _while_waiting(request: queue.Request, text: str, dialogue) -> list[Reply] | None:
    if is_cancel(text):
        await asyncio.to_thread(queue.cancel, request.id)
        return [replies.say(request.person_language, content.HANDOFF_CANCELLED)]
    typed = normalize(text)
    if typed == "handoff keep":
        return [replies.say(request.person_language, content.HANDOFF_KEPT)]
    if request.awaiting_note and not typed.isdigit() and not text.startswith("/"):
        _, crisis = await dialogue.understand(text)
        if {"danger", "suicide"} & set(crisis):
            return None  # the bot answers this first, with 112 or 113
        await asyncio.to_thread(queue.add_note, request.id, text)
        saved = replies.say(request.person_language, content.HANDOFF_NOTE_SAVED)
        return [replies.safety_lines(request.person_language, crisis), saved] if crisis else [saved]
    return None  # the bot keeps answering (a crisis first of all) while the person waits


async def _live(request: queue.Request, text: str, dialogue) -> list[Reply]:
    language = request.person_language
    if is_stop(text):
        await asyncio.to_thread(queue.close, request.id, "ended_by_person")
        await asyncio.to_thread(tell_ambassador, request, content.DESK_PERSON_LEFT, case=request.id)
        return [replies.say(language, content.HANDOFF_ENDED), rating_question(language)]
    answer = []
    _, crisis = await dialogue.understand(text)
    if crisis:  # the safety net holds in a live chat too: the number first, and the ambassador alerted
        answer = [live_safety_answer(language, crisis)]
        if {"danger", "suicide"} & set(crisis):
            await asyncio.to_thread(tell_ambassador, request, content.DESK_DANGER, case=request.id)
    if await asyncio.to_thread(_relay, request, text):
        return answer
    return answer + [replies.say(language, content.HANDOFF_NOT_DELIVERED)]


def _relay(request: queue.Request, text: str) -> bool:
    """Keep the person's message and queue it for their ambassador."""
    relay_id = queue.record_relay(request.id, "to_ambassador", text)
    if tell_ambassador(request, content.DESK_FROM_PERSON, case=request.id, text=text):
        queue.delivered(relay_id)
        return True
    queue.gave_up(relay_id)
    return False


def live_safety_answer(language: str, crisis: list[str]) -> Reply:
    """Danger gets the full 112 answer, suicide the 113 answer; other crises their lines."""
    if crisis[0] == "danger":
        return replies.danger(language)
    if crisis[0] == "suicide":
        return replies.suicide(language)[0]
    return replies.safety_lines(language, crisis)


def _rating(person: Person, text: str) -> list[Reply] | None:
    typed = normalize(text)
    if typed in {"1", "2", "3", "4", "5"}:
        ended = queue.awaiting_rating(person.conversation_id)
        if ended:
            queue.rate(ended.id, int(typed))
            return [replies.say(ended.person_language, content.HANDOFF_RATED)]
    return None


def rating_question(language: str) -> Reply:
    return Reply(translate(language, content.HANDOFF_RATE), tuple(Button(str(n), str(n)) for n in range(1, 6)))


def tell_ambassador(request: queue.Request, message: str, **values) -> bool:
    """Queue a desk message for the ambassador of a live case; False if there is none."""
    ambassador = ambassadors.get(request.ambassador_id) if request.ambassador_id else None
    if ambassador is None:
        return False
    outbox.send(DESK, ambassador.telegram_id, [replies.say(desk_language(), message, **values)], case_id=request.id)
    return True


def desk_language() -> str:
    """The language of the ambassadors' desk (texts go through the catalogs too)."""
    return settings.load().desk_language
