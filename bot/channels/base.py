"""What every messaging channel does with a message a person sent.

`ConversationService.process` is the one entry point, for a message the
webhook already recorded (bot.delivery.inbox): find the person by a keyed
hash of their address, hand the text to the dialogue engine under a random
conversation id, and queue what it says (bot.delivery.outbox) in the same
transaction that marks the message handled. Bad input never crashes it and
never goes unanswered: media gets a kind "text only" reply, empty text gets
the menu, very long text is cut, an engine failure gets an apology with 112;
but when the database is away the message is left in the inbox and answered
once it is back (bot.storage.db.unavailable), rather than answered from a
conversation state that could not be read.
"""
import asyncio
import logging
from dataclasses import dataclass
from typing import Awaitable, Callable, Protocol

from bot import content, replies
from bot.delivery import inbox, outbox
from bot.handoff import person as handoff
from bot.replies import Media, Reply
from bot.storage import chat_messages
from bot.storage import contacts, erasure
from bot.storage.db import session, unavailable
from bot.text import normalize

logger = logging.getLogger(__name__)
MAX_TEXT = 1000  # what the NLU reads of one message; longer text is cut


@dataclass(frozen=True)
class Incoming:
    delivery_key: str  # the channel's own id of this delivery, to answer retries once
    address: str  # chat id or phone number: in memory only, never logged or stored in clear
    text: str | None  # None for voice notes, photos, stickers, locations, documents
    callback_id: str | None = None  # a pressed button to acknowledge (Telegram)
    order_key: int | None = None  # the order the person sent it in, when the channel says (Telegram)
    media: Media | None = None  # a voice note, photo or file (source is set when it is recorded)
    message_id: int | None = None  # the message's number in the chat, to delete it on /forget (Telegram)


class Dialogue(Protocol):
    """The dialogue engine, as the channels see it (Rasa today: bot.engine.channels)."""

    async def respond(self, conversation_id: str, text: str) -> list[Reply]: ...

    async def language_of(self, conversation_id: str) -> str | None: ...

    async def show_notice_again(self, conversation_id: str) -> None:
        """The first-contact notice (112, anonymity, retention) is due again: the
        reply that carried it may never have arrived."""

    async def understand(self, text: str) -> tuple[str | None, list[str]]:
        """The intent of a text and the crises it may be about (bot.safety),
        without it becoming part of the conversation."""


class ConversationService:
    def __init__(self, channel: str, dialogue: Dialogue, acknowledge: Callable[[str], Awaitable[None]] | None = None):
        self.channel = channel
        self.dialogue = dialogue
        # Buttons shown as a numbered list the person answers by typing (WhatsApp).
        self.numbered_choices = channel in outbox.NUMBERED_CHOICES
        self.acknowledge = acknowledge

    async def process(self, arrived: inbox.Arrived) -> None:
        person = await asyncio.to_thread(contacts.arrived, self.channel, arrived.address)
        if await asyncio.to_thread(erasure.is_pending, person.conversation_id) and \
                await asyncio.to_thread(erasure.erase, person.conversation_id):
            person = await asyncio.to_thread(contacts.arrived, self.channel, arrived.address)  # the fresh start we promised
        if person.answer_lost:  # a reply never reached them: the notice it may have carried comes again
            await self.dialogue.show_notice_again(person.conversation_id)
            await asyncio.to_thread(contacts.answer_lost_told, person.conversation_id)
        if arrived.message_id and self.channel == chat_messages.CHANNEL:
            await asyncio.to_thread(chat_messages.remember, arrived.address, arrived.message_id)
        if arrived.callback_id and self.acknowledge:
            await self.acknowledge(arrived.callback_id)
        answer, with_answer = None, []
        if arrived.text is None and arrived.media:  # passed on in a live chat, else "text only"
            answer = await handoff.relay_media(person, arrived.media, with_answer)
        if answer is None:
            answer = await self._answer(person, arrived.text, with_answer)
        await asyncio.to_thread(self._queue, person, arrived, answer, with_answer)

    def _queue(self, person: contacts.Person, arrived: inbox.Arrived, answer: list[Reply],
               with_answer: list[handoff.Step]) -> None:
        """The answer, what it says happened (`with_answer`, from
        bot.handoff.person: a relay, a cancel, a live chat the person ended)
        and "handled" in one transaction: after a crash, either all of it
        happened or the message is handled again, never half."""
        with session() as db:
            for step in with_answer:
                step(db)
            if self.numbered_choices:  # before the person can reply to it
                contacts.remember_choices(person.conversation_id, replies.numbered_options(answer), db=db)
            outbox.send(self.channel, arrived.address, answer, db=db)
            inbox.done(arrived.id, db=db)

    async def _answer(self, person: contacts.Person, text: str | None,
                      with_answer: list[handoff.Step]) -> list[Reply]:
        conversation = person.conversation_id
        if text is None:
            return [replies.say(await self.dialogue.language_of(conversation), content.ONLY_TEXT)]
        text, was_cut = _readable(text)
        text = self._chosen_option(person, text)
        during_handoff = await handoff.intercept(person, text, self.dialogue, with_answer)
        if during_handoff is not None:
            return during_handoff
        try:
            answer = await self.dialogue.respond(conversation, text)
        except Exception as error:  # the engine broke: the person still gets an answer
            if unavailable(error):
                raise  # the database is away: the message stays recorded and is answered when it is back
            logger.exception("The dialogue engine failed on a %s message.", self.channel)
            return [replies.say(await self._language_or_none(conversation), content.TECHNICAL_ERROR)]
        if was_cut:
            answer.insert(0, replies.say(await self.dialogue.language_of(conversation), content.LONG_MESSAGE))
        return answer or [replies.say(await self.dialogue.language_of(conversation), content.FALLBACK)]

    def _chosen_option(self, person: contacts.Person, text: str) -> str:
        """On channels with numbered lists, "2" means the 2nd option just shown."""
        typed = normalize(text)
        if self.numbered_choices and typed.isdigit() and 1 <= int(typed) <= len(person.last_choices):
            return person.last_choices[int(typed) - 1]
        return text

    async def _language_or_none(self, conversation: str) -> str | None:
        try:
            return await self.dialogue.language_of(conversation)
        except Exception:
            return None


def _readable(text: str) -> tuple[str, bool]:
    """The text the engine gets, and whether it had to be cut. Nothing typed
    (or only invisible characters) is taken as asking for the menu."""
    if not normalize(text):
        return "/menu", False
    if len(text) > MAX_TEXT:
        return text[:MAX_TEXT], True
    return text, False
