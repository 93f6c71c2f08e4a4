"""Reading Telegram updates (the JSON Telegram posts or getUpdates returns).

Only private chats are answered: in a group, a reply would be read by others,
which is exactly the leak a person fears. Edited messages, channel posts and
membership changes are ignored (the webhook still says 200, so Telegram does
not retry them).
"""
from bot.channels.base import Incoming

# Anything a person can send that is not text: answered with "text only, please".
_MEDIA = {"photo", "voice", "audio", "video", "video_note", "document", "sticker", "animation",
          "location", "venue", "contact", "poll", "dice"}


class MalformedUpdate(ValueError):
    """Not a Telegram update at all."""


def read_update(update: object) -> Incoming | None:
    """The message in an update, or None when there is nothing to answer."""
    if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
        raise MalformedUpdate("an update is an object with an integer update_id")
    key = str(update["update_id"])
    if isinstance(update.get("message"), dict):
        return _message(key, update["message"])
    if isinstance(update.get("callback_query"), dict):
        return _button(key, update["callback_query"])
    return None


def _message(key: str, message: dict) -> Incoming | None:
    chat = message.get("chat") or {}
    if chat.get("type") != "private" or "id" not in chat:
        return None
    if isinstance(message.get("text"), str):
        return Incoming(key, str(chat["id"]), message["text"])
    if _MEDIA & message.keys():
        return Incoming(key, str(chat["id"]), None)
    return None  # service messages (pinned, joined, ...)


def _button(key: str, query: dict) -> Incoming | None:
    chat = (query.get("message") or {}).get("chat") or {}
    if chat.get("type") != "private" or not isinstance(query.get("data"), str):
        return None
    return Incoming(key, str(chat["id"]), query["data"], callback_id=str(query.get("id", "")))
