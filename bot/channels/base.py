"""What every messaging channel does with a message a person sent.

`ConversationService.handle` is the one entry point: answer each delivery once,
keep the person's address only sealed, hand the text to the dialogue engine
under a random conversation id, and send back what it says. Bad input never
crashes it and never goes unanswered: media gets a kind "text only" reply,
empty text gets the menu, very long text is cut, an engine failure gets an
apology with 112.
"""
import logging
from dataclasses import dataclass
from typing import Protocol

from bot import content, replies
from bot.handoff import person as handoff
from bot.replies import Reply
from bot.storage import contacts
from bot.text import normalize

logger = logging.getLogger(__name__)
MAX_TEXT = 1000  # what the NLU reads of one message; longer text is cut


@dataclass(frozen=True)
class Incoming:
    delivery_key: str  # the channel's own id of this delivery, to answer retries once
    address: str  # chat id or phone number: in memory only, never logged or stored in clear
    text: str | None  # None for voice notes, photos, stickers, locations, documents
    callback_id: str | None = None  # a pressed button to acknowledge (Telegram)


class Dialogue(Protocol):
    """The dialogue engine, as the channels see it (Rasa today: bot.engine.channels)."""

    async def respond(self, conversation_id: str, text: str) -> list[Reply]: ...

    async def language_of(self, conversation_id: str) -> str | None: ...

    async def classify(self, text: str) -> str | None:
        """The intent of a text, without it becoming part of the conversation."""


class Outbox(Protocol):
    """A channel's way to reach a person."""

    numbered_choices: bool  # buttons shown as a numbered list the person answers by typing

    async def send(self, address: str, answer: list[Reply]) -> None: ...

    async def acknowledge(self, callback_id: str) -> None: ...


class ConversationService:
    def __init__(self, channel: str, outbox: Outbox, dialogue: Dialogue):
        self.channel = channel
        self.outbox = outbox
        self.dialogue = dialogue

    async def handle(self, incoming: Incoming) -> None:
        if not contacts.first_delivery(self.channel, incoming.delivery_key):
            return  # a retry of something already answered
        try:
            await self._handle(incoming)
        except Exception:  # e.g. the database went away: the channel's retry must get through
            contacts.undo_delivery(self.channel, incoming.delivery_key)
            raise

    async def _handle(self, incoming: Incoming) -> None:
        person = contacts.arrived(self.channel, incoming.address)
        if incoming.callback_id:
            await self.outbox.acknowledge(incoming.callback_id)
        answer = await self._answer(person, incoming.text)
        remember_numbered_options(self.outbox, person.conversation_id, answer)  # before the person can reply
        await self.outbox.send(incoming.address, answer)

    async def _answer(self, person: contacts.Person, text: str | None) -> list[Reply]:
        conversation = person.conversation_id
        if text is None:
            return [replies.say(await self.dialogue.language_of(conversation), content.ONLY_TEXT)]
        text, was_cut = _readable(text)
        text = self._chosen_option(person, text)
        during_handoff = await handoff.intercept(person, text, self.dialogue)
        if during_handoff is not None:
            return during_handoff
        try:
            answer = await self.dialogue.respond(conversation, text)
        except Exception:  # the engine is down or broke: the person still gets an answer
            logger.exception("The dialogue engine failed on a %s message.", self.channel)
            return [replies.say(await self._language_or_none(conversation), content.TECHNICAL_ERROR)]
        if was_cut:
            answer.insert(0, replies.say(await self.dialogue.language_of(conversation), content.LONG_MESSAGE))
        return answer or [replies.say(await self.dialogue.language_of(conversation), content.FALLBACK)]

    def _chosen_option(self, person: contacts.Person, text: str) -> str:
        """On channels with numbered lists, "2" means the 2nd option just shown."""
        typed = normalize(text)
        if self.outbox.numbered_choices and typed.isdigit() and 1 <= int(typed) <= len(person.last_choices):
            return person.last_choices[int(typed) - 1]
        return text

    async def _language_or_none(self, conversation: str) -> str | None:
        try:
            return await self.dialogue.language_of(conversation)
        except Exception:
            return None


def remember_numbered_options(outbox: Outbox, conversation_id: str, answer: list[Reply]) -> None:
    """On channels with numbered lists, what "1", "2"... mean from now on: the
    options of the latest list the person was shown."""
    if outbox.numbered_choices:
        listed = [reply.buttons for reply in answer if reply.buttons]
        contacts.remember_choices(conversation_id, [b.payload for b in (listed[-1] if listed else ())])


def _readable(text: str) -> tuple[str, bool]:
    """The text the engine gets, and whether it had to be cut. Nothing typed
    (or only invisible characters) is taken as asking for the menu."""
    if not normalize(text):
        return "/menu", False
    if len(text) > MAX_TEXT:
        return text[:MAX_TEXT], True
    return text, False
