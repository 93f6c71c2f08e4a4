"""Telegram's side of receiving: the secret on every webhook call, the body,
and getting updates at all (webhook registration, or long polling).

We fail closed: without the configured secret token nothing is processed.
Registration runs in the background and is retried while the Bot API cannot
be reached, so an outage of Telegram at start keeps no other channel down.
"""
import asyncio
import hmac
import json
import logging
from typing import Awaitable, Callable

from telegram import Bot

from bot.channels.base import Incoming
from bot.channels.telegram.updates import MalformedUpdate, read_update
from bot.storage import leader

logger = logging.getLogger(__name__)
UPDATES = ["message", "callback_query"]  # all we serve; Telegram sends nothing else
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

Record = Callable[[Incoming], Awaitable[bool]]  # True once what arrived is kept


def verified(given: str, secret: str) -> bool:
    return bool(secret) and hmac.compare_digest(given.encode(), secret.encode())


def read_body(body: bytes) -> Incoming | None:
    """The message in a webhook body; MalformedUpdate for anything that is not an update."""
    try:
        return read_update(json.loads(body or b"", parse_constant=_no_constants))
    except (ValueError, RecursionError) as error:  # deep nesting too: a 400, never a 500
        raise MalformedUpdate(str(error)[:80]) from error


def _no_constants(name: str) -> None:
    raise ValueError(f"{name} is not JSON a Telegram update can hold")


async def connect(bot: Bot, name: str, webhook_url: str, secret: str, record: Record,
                  tasks: list[asyncio.Future], connected: Callable[[], None]) -> None:
    """Register the webhook, or start long polling without a webhook URL."""
    delay = 1.0
    while True:
        try:
            await bot.initialize()
            if webhook_url:
                await bot.set_webhook(webhook_url, secret_token=secret, allowed_updates=UPDATES)
                logger.info("Telegram webhook registered (%s).", name)
            else:
                await bot.delete_webhook()
                # Two pollers of one bot make Telegram refuse both: one process polls.
                tasks.append(asyncio.ensure_future(
                    leader.run_alone(f"Telegram long polling ({name})", lambda: poll(bot, name, record))))
                logger.info("Telegram (%s): no webhook URL, using long polling.", name)
            connected()
            return
        except asyncio.CancelledError:
            raise
        except Exception as error:
            logger.warning("Telegram (%s) cannot be reached yet (%s); trying again in %.0f s.",
                           name, error.__class__.__name__, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 60.0)


async def poll(bot: Bot, name: str, record: Record) -> None:
    """Long polling, for running without a public URL: updates are recorded like webhook ones."""
    offset = None
    while True:
        try:
            updates = await bot.get_updates(offset=offset, timeout=25, allowed_updates=UPDATES)
        except asyncio.CancelledError:
            raise
        except Exception:  # network trouble: wait and try again
            logger.warning("Telegram long polling failed (%s); retrying.", name)
            await asyncio.sleep(3)
            continue
        for update in updates:
            try:
                incoming = read_update(update.to_dict())
                if incoming is not None and not await record(incoming):
                    break  # not recorded: ask for it again
            except MalformedUpdate:
                logger.warning("A Telegram update could not be read (%s).", name)
            offset = update.update_id + 1
