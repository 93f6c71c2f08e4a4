"""What a person types to leave a live chat or stop waiting, in our languages."""
from bot.text import normalize

# Folded once here, compared with folded text on every message.
_STOP = {normalize(w) for w in ("stop", "bot", "stoppen", "توقف", "dur", "стоп", "ጠጠው", "jooji", "end", "klaar")}
_CANCEL = _STOP | {normalize(w) for w in ("cancel", "handoff cancel", "annuleren", "الغاء", "لغو", "iptal",
                                          "скасувати", "ሰርዝ", "ka noqo")}


def is_stop(text: str) -> bool:
    return normalize(text) in _STOP


def is_cancel(text: str) -> bool:
    """Stopping while waiting also cancels."""
    return normalize(text) in _CANCEL
