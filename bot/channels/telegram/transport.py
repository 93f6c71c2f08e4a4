"""Telegram's Bot API, one reply at a time: inline keyboards, safe HTML, long
texts split under the limit, and every failure told apart (bot.delivery.outbox)."""
import html
import logging
from datetime import timedelta

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError

from bot.channels.telegram.http import AiohttpRequest
from bot.delivery.outbox import Blocked, Rejected, RetryLater
from bot.replies import Reply
from bot.text_split import split_text

logger = logging.getLogger(__name__)
MAX_MESSAGE = 4096  # Telegram's limit, counted after HTML escaping


def make_bot(token: str, api_url: str) -> Bot:
    # {api_url}/bot{token}/{method}, as the official and a local Bot API server expect.
    return Bot(token, base_url=f"{api_url.rstrip('/')}/bot", request=AiohttpRequest(),
               get_updates_request=AiohttpRequest())


class TelegramTransport:
    def __init__(self, bot: Bot):
        self.bot = bot

    async def deliver(self, address: str, reply: Reply) -> None:
        chunks = split_text(reply.text, MAX_MESSAGE // 2)  # escaping can double the length
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            markup = _keyboard(reply) if last and reply.buttons else None
            await self._call(self.bot.send_message, chat_id=int(address), text=html.escape(chunk, quote=False),
                             parse_mode=ParseMode.HTML, reply_markup=markup)

    async def acknowledge(self, callback_id: str) -> None:
        """Stops the spinner on a pressed button; best effort, nothing depends on it."""
        try:
            await self._call(self.bot.answer_callback_query, callback_query_id=callback_id)
        except Exception as error:
            logger.info("A button press could not be acknowledged (%s).", error.__class__.__name__)

    async def _call(self, method, **arguments) -> None:
        try:
            await self.bot.initialize()  # once; a message may come before the server finished starting
            await method(**arguments)
        except RetryAfter as error:  # flood limit: Telegram says how long to wait
            wait = error.retry_after
            raise RetryLater(wait.total_seconds() if isinstance(wait, timedelta) else float(wait)) from error
        except Forbidden as error:  # blocked by the person, or their account is gone
            raise Blocked() from error
        except (BadRequest, InvalidToken) as error:
            raise Rejected(error.__class__.__name__) from error
        except (NetworkError, TelegramError) as error:  # timeouts, 5xx, no connection
            raise RetryLater() from error


def _keyboard(reply: Reply) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.title, callback_data=b.payload)] for b in reply.buttons])
