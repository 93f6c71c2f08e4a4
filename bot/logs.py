"""No message text, name, phone number, chat id or token in any log line, at any level.

Libraries log what they handle when turned up to debug: Rasa the text of every
message, python-telegram-bot whole updates with profile names, httpx request
URLs that contain the bot token. So in every Bridge process a log record
factory (global, whatever handlers Rasa or Sanic set up later):
- withholds debug output of every logger that is not ours (`bot`, `actions`);
- scrubs what is left: the configured secrets and tokens, Bot API URLs,
  and runs of digits long enough to be a phone number or chat id;
- keeps a traceback's frames and exception types but not the exceptions'
  messages, which may quote what failed (a message text, an SQL parameter).
Our own code never logs a text, a name or an identifier in the first place.
"""
import logging
import os
import re
import traceback

OURS = ("bot", "actions")
SECRET_VARIABLES = ("TELEGRAM_TOKEN", "DESK_TELEGRAM_TOKEN", "TWILIO_AUTH_TOKEN", "TELEGRAM_WEBHOOK_SECRET",
                    "DESK_WEBHOOK_SECRET", "BRIDGE_SECRET_KEY", "BRIDGE_API_TOKEN", "BRIDGE_ACTION_SECRET")
_PATTERNS = [
    (re.compile(r"/bot[^/\s]+/"), "/bot<token>/"),
    (re.compile(r"\b\d{5,12}:[A-Za-z0-9_-]{8,}"), "<token>"),
    (re.compile(r"(?<![\w.])\+?\d{7,15}(?![\w.])"), "<number>"),
]
_original_factory = logging.getLogRecordFactory()
_secrets: list[str] = []


def scrub(text: str) -> str:
    for secret in _secrets:
        text = text.replace(secret, "<secret>")
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _record(*args, **kwargs) -> logging.LogRecord:
    record = _original_factory(*args, **kwargs)
    if record.levelno < logging.INFO and not record.name.startswith(OURS):
        record.msg, record.args, record.exc_info = f"({record.name}: debug output withheld)", None, None
        return record
    try:
        message = record.getMessage()
    except Exception:  # a malformed record: say so rather than risk its arguments
        message = f"({record.name}: unreadable log record)"
    record.msg, record.args = scrub(message), None
    if record.exc_info:
        record.exc_text = scrub(_without_messages(record.exc_info[1]))
    return record


def _without_messages(error: BaseException | None) -> str:
    """Where it failed and how (the frames and the exception types), oldest cause first."""
    chain, seen = [], set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        chain.append(error)
        error = error.__cause__ or error.__context__
    parts = [
        "Traceback (most recent call last):\n" + "".join(traceback.format_tb(error.__traceback__))
        + f"{type(error).__module__}.{type(error).__qualname__} (message withheld)"
        for error in reversed(chain)
    ]
    return "\n\nwhich led to:\n\n".join(parts)


def install() -> None:
    """Once per process, before anything of interest is logged (bot.engine does it on import)."""
    _secrets[:] = sorted({v for v in (os.environ.get(n, "") for n in SECRET_VARIABLES) if len(v) >= 8},
                         key=len, reverse=True)
    logging.setLogRecordFactory(_record)
