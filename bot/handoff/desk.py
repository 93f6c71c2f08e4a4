"""The ambassador desk: a second Telegram bot, for registered ambassadors only.

`process` is the one entry point for everything an ambassador sends: a
command, a button press (claim, close outcome) or a message for the person.
Anyone not registered gets one polite refusal and nothing else. Ambassadors see
a case number, the language and the topic, never a phone number or chat id, and
only their own cases.

Each press or message is one transaction: what it changes (a claim, a close,
a transfer), every notice it queues (bot.delivery.outbox) and the press
marked handled (bot.delivery.inbox) commit together, or not at all. A turn
that dies halfway leaves nothing behind and is handled again from the start,
so a claim counts once the database says so, and its notices go out once,
whatever the desk API or the process does (courier's rule: receive, commit,
send separately).
"""
import logging
import re
from dataclasses import replace
from datetime import timedelta

from bot import content, payloads, replies, settings
from bot.delivery import inbox, media, outbox
from bot.handoff import ambassadors, queue, rules, workload
from bot.handoff.ambassadors import AmbassadorView
from bot.handoff.person import DESK, desk_language, rating_question, rest_after, tell_ambassador
from bot.i18n import LANGUAGES, translate
from bot.replies import Button, Media, Reply
from bot.storage import contacts
from bot.storage.db import session
from bot.storage.models import as_utc, now

logger = logging.getLogger(__name__)
WHATSAPP_WINDOW = timedelta(hours=24)
OUTCOMES = {
    "helped": content.DESK_OUTCOME_HELPED,
    "csg": content.DESK_OUTCOME_CSG,
    "gp": content.DESK_OUTCOME_GP,
    "other": content.DESK_OUTCOME_OTHER,
}
_ADDRESSED = re.compile(r"^#(\d+)\s+(.+)$", re.S)
_ADDRESSED_CAPTION = re.compile(r"^#(\d+)\s*(.*)$", re.S)  # a photo may carry only its case number


def process(arrived: inbox.Arrived) -> None:
    """Handle one recorded desk message, and mark it handled, in one transaction.
    Plain database work: run it off the event loop."""
    with session() as db:
        if arrived.text is not None or arrived.media:
            Desk(db).handle(arrived.address, arrived.text, arrived.media)
        inbox.done(arrived.id, db=db)


class Desk:
    """What an ambassador's message does, all of it in the transaction `db`."""

    def __init__(self, db) -> None:
        self.db = db

    def handle(self, telegram_id: str, text: str | None, item: Media | None = None) -> None:
        """`text`, or a voice note, photo or file (`item`) for the person of a case."""
        ambassador = ambassadors.by_telegram_id(telegram_id)
        if ambassador is None:
            self._say(telegram_id, content.DESK_NOT_REGISTERED)
            return
        if text is None:
            if item:
                self._media_to_person(ambassador, item)
            return
        command, _, rest = text.strip().partition(" ")
        handler = {
            "/start": self._welcome, "/help": self._welcome, "/available": self._available, "/away": self._away,
            "/queue": self._queue, "/close": self._close, "/transfer": self._transfer, "/csg": self._csg,
            "/ready": self._ready,
        }.get(command.split("@")[0].lower())
        claim, close = payloads.CLAIM.match(text), payloads.CLOSE.match(text)
        if handler:
            handler(ambassador, rest.strip())
        elif claim:
            self._claim(ambassador, int(claim.group(1)))
        elif close:
            self._closed(ambassador, int(close.group(1)), close.group(2))
        elif command.startswith("/"):  # a command we do not know: show the ones we do
            self._welcome(ambassador, "")
        else:
            self._to_person(ambassador, text)

    # --- commands ---------------------------------------------------------------

    def _welcome(self, ambassador: AmbassadorView, _: str) -> None:
        self._say(ambassador.telegram_id, content.DESK_WELCOME, name=ambassador.name)

    def _available(self, ambassador: AmbassadorView, _: str) -> None:
        ambassadors.set_available(ambassador.id, True, db=self.db)
        self._say(ambassador.telegram_id, content.DESK_AVAILABLE)
        self._queue(ambassador, "")

    def _away(self, ambassador: AmbassadorView, _: str) -> None:
        ambassadors.set_available(ambassador.id, False, db=self.db)
        self._say(ambassador.telegram_id, content.DESK_AWAY)

    def _ready(self, ambassador: AmbassadorView, _: str) -> None:
        """Ends a pause after a hard case early: the ambassador decides when they are ready."""
        was_pausing = workload.end_pause(ambassador.id, db=self.db)
        self._say(ambassador.telegram_id, content.DESK_READY if was_pausing else content.DESK_NOT_PAUSED)

    def _queue(self, ambassador: AmbassadorView, _: str) -> None:
        fitting = [r for r in queue.waiting() if queue.matches(r, [ambassador], action="see_card")]
        if not fitting:
            self._say(ambassador.telegram_id, content.DESK_QUEUE_EMPTY)
        for request in fitting:
            outbox.send(DESK, ambassador.telegram_id, [request_card(request)], case_id=request.id, db=self.db)

    def _claim(self, ambassador: AmbassadorView, case: int) -> None:
        stopped = queue.claim(case, ambassador.id, db=self.db)
        if stopped:  # a rule the person was promised (bot.handoff.rules), or someone was faster
            self._say(ambassador.telegram_id, stopped.refusal, case=case)
            return
        request = queue.get(case, db=self.db)
        self._say(ambassador.telegram_id, content.DESK_CLAIMED, case=case)
        if request.note and rules.may("see_note", ambassador, request):  # only the one who claimed
            self._say(ambassador.telegram_id, content.DESK_NOTE, note=request.note)
        if request.transfer_note:
            self._say(ambassador.telegram_id, content.DESK_TRANSFER_NOTE, note=request.transfer_note)
        send_to_person(request, [replies.say(request.person_language, content.HANDOFF_CONNECTED)], db=self.db)

    def _close(self, ambassador: AmbassadorView, argument: str) -> None:
        request = self._case(ambassador, argument, "close")
        if request:
            buttons = tuple(Button(translate(desk_language(), label), payloads.close(request.id, key))
                            for key, label in OUTCOMES.items())
            outbox.send(DESK, ambassador.telegram_id, [
                Reply(translate(desk_language(), content.DESK_CLOSE_HOW, case=request.id), buttons)], db=self.db)

    def _closed(self, ambassador: AmbassadorView, case: int, outcome: str) -> None:
        request = queue.close(case, outcome if outcome in OUTCOMES else "other", ambassador.id, db=self.db)
        if request is None:
            return
        self._say(ambassador.telegram_id, content.DESK_CLOSED, case=case)
        send_to_person(request, [replies.say(request.person_language, content.HANDOFF_ENDED),
                                 rating_question(request.person_language)], db=self.db)
        rest_after(request, ambassador.id, db=self.db)

    def _transfer(self, ambassador: AmbassadorView, argument: str) -> None:
        """/transfer [#case] [a note for the next ambassador]"""
        case, _, note = argument.partition(" ") if argument.startswith("#") else ("", "", argument)
        request = self._case(ambassador, case, "transfer")
        moved = queue.transfer(request.id, ambassador.id, note.strip(), db=self.db) if request else None
        if moved:
            self._say(ambassador.telegram_id, content.DESK_TRANSFERRED, case=request.id)
            rest_after(moved, ambassador.id, db=self.db)

    def _csg(self, ambassador: AmbassadorView, argument: str) -> None:
        request = self._case(ambassador, argument, "send_csg")
        if request and send_to_person(request, [Reply(replies.topic(request.person_language, "csg")[0].text)],
                                      db=self.db):
            self._say(ambassador.telegram_id, content.DESK_CSG_SENT, case=request.id)

    # --- messages for the person ------------------------------------------------

    def _to_person(self, ambassador: AmbassadorView, text: str) -> None:
        addressed = _ADDRESSED.match(text)
        request = self._case(ambassador, addressed.group(1) if addressed else "", "message")
        if request is None:
            return
        message = addressed.group(2) if addressed else text
        relay_id = queue.record_relay(request.id, "to_person", message, db=self.db)
        if send_to_person(request, [Reply(message)], relay_id, db=self.db):
            queue.delivered(relay_id, db=self.db)
        else:
            queue.gave_up(relay_id, db=self.db)  # the ambassador was told (send_to_person)

    def _media_to_person(self, ambassador: AmbassadorView, item: Media) -> None:
        addressed = _ADDRESSED_CAPTION.match(item.caption)
        request = self._case(ambassador, addressed.group(1) if addressed else "", "message")
        if request is None:
            return
        if item.size > media.MAX_BYTES:
            self._say(ambassador.telegram_id, content.DESK_MEDIA_TOO_BIG, case=request.id)
            return
        caption = addressed.group(2).strip() if addressed else item.caption
        send_to_person(request, [Reply(caption, media=replace(item, caption=""))], db=self.db)

    def _case(self, ambassador: AmbassadorView, argument: str, action: str) -> queue.Request | None:
        """The case a command or message is about: the one named, or the only one open."""
        cases = [c for c in queue.cases_of(ambassador.id) if rules.may(action, ambassador, c)]
        if argument.lstrip("#").isdigit():
            chosen = [c for c in cases if c.id == int(argument.lstrip("#"))]
            if chosen:
                return chosen[0]
        elif len(cases) == 1:
            return cases[0]
        if not cases:
            self._say(ambassador.telegram_id, content.DESK_NO_CASE)
        else:
            self._say(ambassador.telegram_id, content.DESK_WHICH_CASE, case=cases[0].id)
        return None

    def _say(self, telegram_id: str, message: str, **values) -> None:
        outbox.send(DESK, telegram_id, [replies.say(desk_language(), message, **values)], db=self.db)


def request_card(request: queue.Request) -> Reply:
    """What an ambassador sees of a request: no identifier, only what helps to choose."""
    language = desk_language()
    topic = content.TOPICS.get(request.topic)
    lines = [translate(language, content.DESK_NEW_REQUEST, case=request.id,
                       language=f"{LANGUAGES.get(request.language, request.language)} ({request.language})",
                       topic=translate(language, topic.title) if topic else request.topic,
                       minutes=int(request.waiting_minutes()))]
    if request.wants_woman:
        lines.append(translate(language, content.DESK_WISH_WOMAN))
    if request.wants_lgbtqi_friendly:
        lines.append(translate(language, content.DESK_WISH_LGBTQI))
    if request.later:
        lines.append(translate(language, content.DESK_WISH_LATER))
    claim = Button(translate(language, content.DESK_CLAIM, case=request.id), payloads.claim(request.id))
    return Reply("\n".join(lines), (claim,))


def send_to_person(request: queue.Request, answer: list[Reply], relay_id: int | None = None, db=None) -> bool:
    """Queue for the person of a case on their own channel (bot.delivery.outbox
    delivers it, whatever that channel's API does right now). `relay_id`: an
    ambassador's message, which may wait for WhatsApp's window to reopen.
    Pass `db` to make it part of a larger transaction."""
    person = contacts.find(request.conversation_id, db=db)
    if person is None:
        return False
    if request.channel == "whatsapp" and now() - as_utc(person.last_inbound_at) > WHATSAPP_WINDOW:
        return _outside_the_window(request, person, relay_id, db)
    if request.channel in outbox.NUMBERED_CHOICES:  # before the person can reply
        contacts.remember_choices(person.conversation_id, replies.numbered_options(answer), db=db)
    outbox.send(request.channel, person.address, answer, case_id=request.id, db=db)
    return True


def _outside_the_window(request: queue.Request, person: contacts.Person, relay_id: int | None, db=None) -> bool:
    """WhatsApp lets us write first after 24 hours only with a pre-approved
    template. With one configured, the person gets it once ("your ambassador
    answered, write anything to read it") and the message waits for them
    (bot.handoff.person delivers it when they write); without, the ambassador
    is told it was not delivered."""
    template = settings.load().twilio_handoff_template_sid
    if not template or relay_id is None:
        _tell(request, content.DESK_WINDOW_CLOSED, db)
        return False
    if queue.hold(relay_id, db=db):
        outbox.send(request.channel, person.address, [Reply("", template_sid=template)], case_id=request.id, db=db)
        _tell(request, content.DESK_PERSON_HAS_WINDOW_TEMPLATE, db)
    return True


def _tell(request: queue.Request, message: str, db=None) -> None:
    tell_ambassador(request, message, db=db, case=request.id)

