"""The hand-off's clock: tells ambassadors about new requests, tells people
when nobody answered in time, and delivers what a restart left undelivered.
Runs every few seconds in the Rasa server (see DeskInput); every step claims
its work with a conditional UPDATE, so several servers never do it twice."""
import asyncio
import logging

from bot import content, payloads, settings
from bot.delivery import media, outbox
from bot.handoff import ambassadors, queue
from bot.handoff.states import State
from bot.handoff.desk import request_card, send_to_person
from bot.handoff.person import DESK, tell_ambassador
from bot.i18n import translate
from bot.replies import Button, Reply

logger = logging.getLogger(__name__)
NOTIFY_AT_MOST = 3  # ambassadors told of one request, best matches first
# Which 24/7 numbers fit a topic, when nobody could answer in time.
_LINES_FOR = {
    "sexual_violence": [content.LINE_CSG], "csg": [content.LINE_CSG],
    "domestic_violence": [content.LINE_VEILIG_THUIS], "honour_violence": [content.LINE_VEILIG_THUIS],
    "mental_health": [content.LINE_113], "suicide": [content.LINE_113],
}


def timeout_minutes() -> float:
    return settings.load().handoff_timeout_minutes


async def run_forever(every: float = 2.0) -> None:
    while True:
        try:
            await asyncio.to_thread(tick)  # database work: off the event loop
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("The hand-off worker failed; trying again.")
        await asyncio.sleep(every)


def tick() -> None:
    _notify_new_requests()
    _tell_timeouts()
    _expire()
    _retry_undelivered()
    media.purge_expired()  # a held file lives ten minutes at most


def _notify_new_requests() -> None:
    for request in queue.take_unnotified():
        available = [a for a in ambassadors.everyone() if a.available]
        for ambassador in queue.matches(request, available)[:NOTIFY_AT_MOST]:
            outbox.send(DESK, ambassador.telegram_id, [request_card(request)], case_id=request.id)


def _tell_timeouts() -> None:
    for request in queue.take_timed_out(timeout_minutes()):
        send_to_person(request, [timeout_notice(request.person_language, request.topic)])


def _expire() -> None:
    for request in queue.take_expired():
        send_to_person(request, [Reply(_with_lines(request.person_language, request.topic, content.HANDOFF_EXPIRED))])


def _with_lines(language: str, topic: str, message: str) -> str:
    """The message, then the 24/7 numbers that fit the topic, then 112."""
    lines = _LINES_FOR.get(topic, [content.LINE_CSG, content.LINE_VEILIG_THUIS, content.LINE_113])
    return "\n".join([translate(language, message), *(translate(language, line) for line in lines),
                      translate(language, content.LINE_112)])


def timeout_notice(language: str, topic: str) -> Reply:
    text = _with_lines(language, topic, content.HANDOFF_TIMEOUT)
    return Reply(text, (Button(translate(language, content.HANDOFF_KEEP), payloads.HANDOFF_KEEP),
                        Button(translate(language, content.HANDOFF_STOP_WAITING), payloads.HANDOFF_CANCEL)))


def _retry_undelivered() -> None:
    for relay_id, handoff_id, direction, text in queue.left_by_a_restart():
        request = queue.get(handoff_id)
        if request is None or request.state != State.CLAIMED:
            queue.delivered(relay_id)  # the chat is over; nothing left to deliver to
            continue
        if direction == "to_person":
            sent = send_to_person(request, [Reply(text)])
        else:
            sent = tell_ambassador(request, content.DESK_FROM_PERSON, case=request.id, text=text)
        if sent:
            queue.delivered(relay_id)
