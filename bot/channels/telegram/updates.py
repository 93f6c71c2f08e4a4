"""Reading Telegram updates (the JSON Telegram posts or getUpdates returns).

Only private chats are answered: in a group, a reply would be read by others,
which is exactly the leak a person fears. Edited messages, channel posts and
membership changes are ignored (the webhook still says 200, so Telegram does
not retry them).
"""
from dataclasses import replace

from bot.channels.base import Incoming
from bot.replies import Media

# Anything a person can send that is not text: answered with "text only, please".
_MEDIA = {"photo", "voice", "audio", "video", "video_note", "document", "sticker", "animation",
          "location", "venue", "contact", "poll", "dice"}


class MalformedUpdate(ValueError):
    """Not a Telegram update at all."""


def read_update(update: object) -> Incoming | None:
    """The message in an update, or None when there is nothing to answer."""
    update_id = update.get("update_id") if isinstance(update, dict) else None
    if not isinstance(update_id, int) or isinstance(update_id, bool) or not 0 <= update_id < 2**53:
        raise MalformedUpdate("an update is an object with an integer update_id")
    key = str(update["update_id"])
    if isinstance(update.get("message"), dict):
        found = _message(key, update["message"])
    elif isinstance(update.get("callback_query"), dict):
        found = _button(key, update["callback_query"])
    else:
        return None
    # update_id grows with every update: the order the person sent them in.
    return replace(found, order_key=update["update_id"]) if found else None


def _chat_id(chat: object) -> str:
    """A chat id is an integer; anything else is not a Telegram update."""
    chat_id = chat.get("id") if isinstance(chat, dict) else None
    if not isinstance(chat_id, int) or isinstance(chat_id, bool) or not abs(chat_id) < 2**53:
        raise MalformedUpdate("a chat id is an integer")
    return str(chat_id)


def _message(key: str, message: dict) -> Incoming | None:
    chat = message.get("chat") or {}
    if not isinstance(chat, dict) or chat.get("type") != "private":
        return None
    chat_id = _chat_id(chat)
    number = message.get("message_id")
    number = number if isinstance(number, int) and not isinstance(number, bool) and 0 < number < 2**53 else None
    if isinstance(message.get("text"), str):
        return Incoming(key, chat_id, message["text"], message_id=number)
    if _MEDIA & message.keys():
        return Incoming(key, chat_id, None, media=_relayable(message), message_id=number)
    return None  # service messages (pinned, joined, ...)


def _relayable(message: dict) -> Media | None:
    """A voice note, photo or file that a live chat can pass on (its file_id), else None."""
    for field, kind in (("voice", "voice"), ("audio", "audio"), ("photo", "photo"), ("video", "video"),
                        ("video_note", "video"), ("document", "document")):
        found = message.get(field)
        if field == "photo" and isinstance(found, list) and found:
            found = found[-1]  # the largest size comes last
        if isinstance(found, dict) and isinstance(found.get("file_id"), str) and found["file_id"]:
            size = found.get("file_size")
            caption = message.get("caption") if isinstance(message.get("caption"), str) else ""
            return Media(kind, "", found["file_id"][:200], size if isinstance(size, int) and size > 0 else 0,
                         caption[:1000])
    return None


def _button(key: str, query: dict) -> Incoming | None:
    message = query.get("message")
    chat = message.get("chat") if isinstance(message, dict) else None
    if not isinstance(chat, dict) or chat.get("type") != "private" or not isinstance(query.get("data"), str):
        return None
    return Incoming(key, _chat_id(chat), query["data"], callback_id=str(query.get("id", "")))
