"""Telegram's Bot API, one reply at a time: inline keyboards, safe HTML, long
texts split under the limit, media relayed in live chats, deleting a chat's
messages for /forget, and every failure told apart (bot.delivery.outbox)."""
import asyncio
import html
import logging
from datetime import timedelta
from typing import Callable

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError

from bot.channels.telegram.http import AiohttpRequest
from bot.delivery import media
from bot.delivery.outbox import Blocked, Rejected, RetryLater
from bot.replies import Reply
from bot.text_split import split_text

logger = logging.getLogger(__name__)
MAX_MESSAGE = 4096  # Telegram's limit, counted after HTML escaping


MAX_CAPTION = 1024
_SEND = {"voice": "send_voice", "audio": "send_audio", "photo": "send_photo", "video": "send_video",
         "document": "send_document"}


def make_bot(token: str, api_url: str) -> Bot:
    # {api_url}/bot{token}/{method}, as the official and a local Bot API server expect.
    base = api_url.rstrip("/")
    return Bot(token, base_url=f"{base}/bot", base_file_url=f"{base}/file/bot", request=AiohttpRequest(),
               get_updates_request=AiohttpRequest())


class TelegramTransport:
    def __init__(self, bot: Bot, remember_sent: Callable[[str, int], None] | None = None):
        self.bot = bot
        self.remember_sent = remember_sent  # the person's bot keeps message ids for /forget

    async def deliver(self, address: str, reply: Reply) -> None:
        if reply.delete_ids:
            await self._delete(address, reply.delete_ids)
            return
        if reply.media:
            content = await media.fetch(reply.media)
            method = getattr(self.bot, _SEND.get(reply.media.kind, "send_document"))
            await self._send(address, method, chat_id=int(address), caption=reply.text[:MAX_CAPTION] or None,
                             **{reply.media.kind if reply.media.kind in _SEND else "document": content})
            return
        chunks = split_text(reply.text, MAX_MESSAGE // 2)  # escaping can double the length
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            markup = _keyboard(reply) if last and reply.buttons else None
            await self._send(address, self.bot.send_message, chat_id=int(address),
                             text=html.escape(chunk, quote=False), parse_mode=ParseMode.HTML, reply_markup=markup)

    async def download(self, file_id: str) -> bytes:
        """A file a person or an ambassador sent to this bot (bot.delivery.media)."""
        try:
            await self.bot.initialize()
            found = await self.bot.get_file(file_id)
            if found.file_size and found.file_size > media.MAX_BYTES:
                raise media.TooBig()
            return bytes(await found.download_as_bytearray())
        except media.TooBig:
            raise
        except RetryAfter as error:
            raise RetryLater(_seconds(error.retry_after)) from error
        except BadRequest as error:  # "file is too big" (over 20 MB) or gone
            raise media.TooBig() if "too big" in str(error).lower() else Rejected("the file is gone") from error
        except (NetworkError, TelegramError) as error:
            raise RetryLater() from error

    async def _delete(self, address: str, message_ids: tuple[int, ...]) -> None:
        """Best effort per message: one that is older than 48 hours or already
        gone stays as it is; Telegram's answer is the same either way."""
        for message_id in message_ids:
            try:
                await self._call(self.bot.delete_message, chat_id=int(address), message_id=message_id)
            except Rejected:
                continue

    async def _send(self, address: str, method, **arguments) -> None:
        sent = await self._call(method, **arguments)
        if self.remember_sent and getattr(sent, "message_id", None):
            await asyncio.to_thread(self.remember_sent, address, sent.message_id)

    async def acknowledge(self, callback_id: str) -> None:
        """Stops the spinner on a pressed button; best effort, nothing depends on it."""
        try:
            await self._call(self.bot.answer_callback_query, callback_query_id=callback_id)
        except Exception as error:
            logger.info("A button press could not be acknowledged (%s).", error.__class__.__name__)

    async def _call(self, method, **arguments):
        try:
            await self.bot.initialize()  # once; a message may come before the server finished starting
            return await method(**arguments)
        except RetryAfter as error:  # flood limit: Telegram says how long to wait
            raise RetryLater(_seconds(error.retry_after)) from error
        except Forbidden as error:  # blocked by the person, or their account is gone
            raise Blocked() from error
        except (BadRequest, InvalidToken) as error:
            raise Rejected(error.__class__.__name__) from error
        except (NetworkError, TelegramError) as error:  # timeouts, 5xx, no connection
            raise RetryLater() from error


def _seconds(wait) -> float:
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


def _keyboard(reply: Reply) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.title, callback_data=b.payload)] for b in reply.buttons])
