"""Sending to Telegram: inline keyboards, safe HTML, split long texts, flood limits."""
import asyncio
import html
import logging
from datetime import timedelta

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import RetryAfter, TelegramError

from bot.replies import Reply
from bot.text_split import split_text

logger = logging.getLogger(__name__)
MAX_MESSAGE = 4096  # Telegram's limit, counted after HTML escaping
ATTEMPTS = 3
LONGEST_WAIT = 30  # seconds we wait on a flood limit before giving up on a message


def make_bot(token: str, api_url: str) -> Bot:
    # {api_url}/bot{token}/{method}, as the official and a local Bot API server expect.
    return Bot(token, base_url=f"{api_url.rstrip('/')}/bot")


class TelegramOutbox:
    numbered_choices = False  # buttons are tappable

    def __init__(self, bot: Bot):
        self.bot = bot

    async def send(self, address: str, answer: list[Reply]) -> None:
        for reply in answer:
            chunks = split_text(reply.text, MAX_MESSAGE // 2)  # escaping can double the length
            for index, chunk in enumerate(chunks):
                last = index == len(chunks) - 1
                markup = _keyboard(reply) if last and reply.buttons else None
                await self._call(self.bot.send_message, chat_id=int(address), text=html.escape(chunk, quote=False),
                                 parse_mode=ParseMode.HTML, reply_markup=markup)

    async def acknowledge(self, callback_id: str) -> None:
        await self._call(self.bot.answer_callback_query, callback_query_id=callback_id)

    async def _call(self, method, **arguments) -> None:
        await self.bot.initialize()  # once; a message may come before the server finished starting
        for attempt in range(1, ATTEMPTS + 1):
            try:
                await method(**arguments)
                return
            except RetryAfter as error:  # flood limit: Telegram says how long to wait
                wait = error.retry_after
                wait = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
                if attempt == ATTEMPTS or wait > LONGEST_WAIT:
                    raise
                await asyncio.sleep(wait)
            except TelegramError:
                logger.warning("Telegram refused a call (%s), attempt %d.", method.__name__, attempt)
                if attempt == ATTEMPTS:
                    raise
                await asyncio.sleep(attempt)


def _keyboard(reply: Reply) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.title, callback_data=b.payload)] for b in reply.buttons])
