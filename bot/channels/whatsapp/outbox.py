"""Sending WhatsApp messages through Twilio's Messages API.

WhatsApp has no buttons here, so options become a numbered list the person
answers by typing the number (bot.channels.base maps it back to the option).
"""
import asyncio
import logging

from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from bot.replies import Reply
from bot.text_split import split_text

logger = logging.getLogger(__name__)
MAX_MESSAGE = 1600  # Twilio's limit for a WhatsApp body
ATTEMPTS = 3


class WhatsAppOutbox:
    numbered_choices = True

    def __init__(self, account_sid: str, auth_token: str, sender: str, api_url: str):
        self.client = Client(account_sid, auth_token)
        self.client.api.base_url = api_url.rstrip("/")  # a local stand-in in tests
        self.sender = sender

    async def send(self, address: str, answer: list[Reply]) -> None:
        for reply in answer:
            for chunk in split_text(numbered(reply), MAX_MESSAGE):
                await self._create(address, chunk)

    async def acknowledge(self, callback_id: str) -> None:
        """WhatsApp has no button presses to acknowledge."""

    async def _create(self, address: str, body: str) -> None:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                await asyncio.to_thread(self.client.messages.create, from_=self.sender, to=address, body=body)
                return
            except TwilioRestException as error:
                logger.warning("Twilio refused a message (status %s), attempt %d.", error.status, attempt)
                if attempt == ATTEMPTS or error.status < 500 and error.status != 429:
                    raise
                await asyncio.sleep(attempt)


def numbered(reply: Reply) -> str:
    """The text with its options as a numbered list, unless the text already
    lists them (the menu and the self-check do, with the same numbers)."""
    lines = reply.text.split("\n")
    if not reply.buttons or all(button.title in lines for button in reply.buttons):
        return reply.text
    options = [f"{number}. {button.title}" for number, button in enumerate(reply.buttons, 1)]
    return "\n".join([reply.text, *options])
