"""What a person types to leave a live chat or stop waiting, in our languages."""
from bot.text import normalize

_STOP = {"stop", "bot", "stoppen", "توقف", "dur", "стоп", "ጠጠው", "jooji", "end", "klaar"}
_CANCEL = {"cancel", "handoff cancel", "annuleren", "الغاء", "لغو", "iptal", "скасувати", "ሰርዝ", "ka noqo"}


def is_stop(text: str) -> bool:
    return normalize(text) in {normalize(w) for w in _STOP}


def is_cancel(text: str) -> bool:
    return normalize(text) in {normalize(w) for w in _CANCEL} or is_stop(text)
