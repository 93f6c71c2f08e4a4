"""Twilio's Messages API for WhatsApp, one reply at a time.

WhatsApp has no buttons here, so options become a numbered list the person
answers by typing the number (bot.channels.base maps it back to the option).
Media goes by URL: an ambassador's voice note is held on an unguessable URL
of ours that Twilio fetches once (bot.delivery.media). A pre-approved
template reopens the conversation after WhatsApp's 24 hours. Every failure
is told apart for the outbox (bot.delivery.outbox).
"""
import asyncio
import logging

import httpx

from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client

from bot.delivery import media
from bot.delivery.outbox import Blocked, Rejected, RetryLater
from bot.replies import Reply
from bot.text_split import split_text

logger = logging.getLogger(__name__)
MAX_MESSAGE = 1600  # Twilio's limit for a WhatsApp body
UNREACHABLE = {21610, 63024, 63003}  # unsubscribed or blocked, not a WhatsApp user


MEDIA_PATH = "/webhooks/whatsapp/media/"  # + token; served by bot.engine.channels


class WhatsAppTransport:
    def __init__(self, account_sid: str, auth_token: str, sender: str, api_url: str, public_url: str = ""):
        self.client = Client(account_sid, auth_token)
        self.client.api.base_url = api_url.rstrip("/")  # a local stand-in in tests
        self.sender = sender
        self.auth = (account_sid, auth_token)
        self.api_url = api_url.rstrip("/")
        self.public_url = public_url.rstrip("/")

    async def deliver(self, address: str, reply: Reply) -> None:
        if reply.template_sid:
            await self._create(to=address, content_sid=reply.template_sid)
            return
        if reply.media:
            content = await media.fetch(reply.media)
            token = await asyncio.to_thread(media.hold, content, media.content_type_of(reply.media.kind))
            caption = {"body": reply.text[:MAX_MESSAGE]} if reply.text else {}
            await self._create(to=address, media_url=[f"{self.public_url}{MEDIA_PATH}{token}"], **caption)
            return
        for chunk in split_text(numbered(reply), MAX_MESSAGE):
            await self._create(to=address, body=chunk)

    async def download(self, url: str) -> bytes:
        """A person's voice note or photo, from Twilio, with the account's credentials
        (sent only to Twilio's own API, whatever a URL says)."""
        if not url.startswith(self.api_url + "/"):
            raise Rejected("media outside Twilio's API")
        try:
            async with httpx.AsyncClient(auth=self.auth, follow_redirects=True, timeout=30) as client:
                async with client.stream("GET", url) as answer:
                    if answer.status_code == 429 or answer.status_code >= 500:
                        raise RetryLater()
                    if answer.status_code >= 400:
                        raise Rejected(f"media status {answer.status_code}")
                    if int(answer.headers.get("content-length") or 0) > media.MAX_BYTES:
                        raise media.TooBig()
                    content = b""
                    async for part in answer.aiter_bytes():
                        content += part
                        if len(content) > media.MAX_BYTES:
                            raise media.TooBig()
                    return content
        except httpx.HTTPError as error:
            raise RetryLater() from error

    async def _create(self, **message) -> None:
        try:
            await asyncio.to_thread(self.client.messages.create, from_=self.sender, **message)
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
