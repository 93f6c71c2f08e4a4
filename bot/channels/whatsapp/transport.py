"""Twilio's Messages API for WhatsApp, one reply at a time.

WhatsApp has no buttons here, so options become a numbered list the person
answers by typing the number (bot.channels.base maps it back to the option).
Every failure is told apart for the outbox (bot.delivery.outbox).
"""
import asyncio
import logging

from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client

from bot.delivery.outbox import Blocked, Rejected, RetryLater
from bot.replies import Reply
from bot.text_split import split_text

logger = logging.getLogger(__name__)
MAX_MESSAGE = 1600  # Twilio's limit for a WhatsApp body
UNREACHABLE = {21610, 63024, 63003}  # unsubscribed or blocked, not a WhatsApp user


class WhatsAppTransport:
    def __init__(self, account_sid: str, auth_token: str, sender: str, api_url: str):
        self.client = Client(account_sid, auth_token)
        self.client.api.base_url = api_url.rstrip("/")  # a local stand-in in tests
        self.sender = sender

    async def deliver(self, address: str, reply: Reply) -> None:
        for chunk in split_text(numbered(reply), MAX_MESSAGE):
            try:
                await asyncio.to_thread(self.client.messages.create, from_=self.sender, to=address, body=chunk)
            except TwilioRestException as error:
                if error.status == 429 or error.status >= 500:
                    raise RetryLater() from error
                if error.code in UNREACHABLE:
                    raise Blocked() from error
                raise Rejected(f"status {error.status}, code {error.code}") from error
            except (TwilioException, OSError) as error:  # no connection, timeouts
                raise RetryLater() from error

    async def acknowledge(self, callback_id: str) -> None:
        """WhatsApp has no button presses to acknowledge."""


def numbered(reply: Reply) -> str:
    """The text with its options as a numbered list, unless the text already
    lists them (the menu and the self-check do, with the same numbers)."""
    lines = reply.text.split("\n")
    if not reply.buttons or all(button.title in lines for button in reply.buttons):
        return reply.text
    options = [f"{number}. {button.title}" for number, button in enumerate(reply.buttons, 1)]
    return "\n".join([reply.text, *options])
