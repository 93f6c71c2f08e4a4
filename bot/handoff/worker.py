"""The hand-off's clock: tells ambassadors about new requests, tells people
when nobody answered in time, and delivers what a restart left undelivered.
Runs every few seconds in the Rasa server (see DeskInput); every step claims
its work with a conditional UPDATE, so several servers never do it twice.

Each request's step is one transaction: the marking (ambassadors told, the
person told of the timeout, the request expired) and the notices it queues
(bot.delivery.outbox) commit together. A crash or a database error in between
leaves both undone, and the next tick does it again; so each notice goes out
once, and none is lost because its request was already marked."""
import asyncio
import logging
from typing import Any, Callable

from sqlalchemy.orm import Session

from bot import content, payloads, settings
from bot.delivery import media, outbox
from bot.handoff import ambassadors, queue
from bot.handoff.states import State
from bot.handoff.desk import request_card, send_to_person
from bot.handoff.person import DESK, tell_ambassador
from bot.i18n import translate
from bot.replies import Button, Reply
from bot.storage.db import session, unavailable

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
    _each(queue.unnotified(), _notify)
    _each(queue.timed_out(timeout_minutes()), _tell_timeout)
    _each(queue.past_deadline(), _expire)
    _each(queue.left_by_a_restart(), _retry)
    media.purge_expired()  # a held file lives ten minutes at most


def _each(work: list, step: Callable[[Any, Session], None]) -> None:
    """`step` for each piece of work, each in a transaction of its own. The
    database away ends the tick (the next one tries again); any other failure
    is logged and skips only that piece until the next tick, so one request
    that cannot be handled never holds up the others."""
    for piece in work:
        try:
            with session() as db:
                step(piece, db)
        except Exception as error:
            if unavailable(error):
                raise
            logger.exception("The hand-off clock failed on one request; trying it again at the next tick.")


def _notify(request: queue.Request, db: Session) -> None:
    available = [a for a in ambassadors.everyone() if a.available]
    chosen = queue.matches(request, available)[:NOTIFY_AT_MOST]
    if queue.mark_notified(request.id, db=db):
        for ambassador in chosen:
            outbox.send(DESK, ambassador.telegram_id, [request_card(request)], case_id=request.id, db=db)


def _tell_timeout(request: queue.Request, db: Session) -> None:
    if queue.mark_timeout_told(request.id, db=db):
        send_to_person(request, [timeout_notice(request.person_language, request.topic)], db=db)


def _expire(handoff_id: int, db: Session) -> None:
    request = queue.expire(handoff_id, db=db)
    if request:
        send_to_person(request, [Reply(_with_lines(request.person_language, request.topic, content.HANDOFF_EXPIRED))],
                       db=db)


def _with_lines(language: str, topic: str, message: str) -> str:
    """The message, then the 24/7 numbers that fit the topic, then 112."""
    lines = _LINES_FOR.get(topic, [content.LINE_CSG, content.LINE_VEILIG_THUIS, content.LINE_113])
    return "\n".join([translate(language, message), *(translate(language, line) for line in lines),
                      translate(language, content.LINE_112)])


def timeout_notice(language: str, topic: str) -> Reply:
    text = _with_lines(language, topic, content.HANDOFF_TIMEOUT)
    return Reply(text, (Button(translate(language, content.HANDOFF_KEEP), payloads.HANDOFF_KEEP),
                        Button(translate(language, content.HANDOFF_STOP_WAITING), payloads.HANDOFF_CANCEL)))


def _retry(left: tuple[int, int, str, str], db: Session) -> None:
    relay_id, handoff_id, direction, text = left
    if not queue.retry(relay_id, db=db):
        return  # another server took it
    request = queue.get(handoff_id, db=db)
    if request is None or request.state != State.CLAIMED:
        queue.delivered(relay_id, db=db)  # the chat is over; nothing left to deliver to
        return
    if direction == "to_person":
        sent = send_to_person(request, [Reply(text)], db=db)
    else:
        sent = tell_ambassador(request, content.DESK_FROM_PERSON, db=db, case=request.id, text=text)
    if sent:
        queue.delivered(relay_id, db=db)
