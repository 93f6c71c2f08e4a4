"""Every text the bot says goes through here.

English msgids are the source; each other language has a gettext catalog under
`translations/<lang>/LC_MESSAGES/messages.po` (compiled to `.mo` by `make`).
The test suite fails when any catalog is incomplete. Should a deployment still
lack a compiled catalog, we log an error and answer in English: saying nothing
to a person in danger would be worse than saying it in the wrong language.
"""
import gettext
import logging
import re
from functools import lru_cache
from pathlib import Path

TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "translations"
DOMAIN = "messages"
DEFAULT_LANGUAGE = "en"
logger = logging.getLogger(__name__)

# Code -> the language's own name, as a person looks for it in a list.
LANGUAGES = {
    "en": "English",
    "nl": "Nederlands",
    "ar": "العربية",
    "ti": "ትግርኛ",
    "fa": "فارسی / دری",
    "tr": "Türkçe",
    "uk": "Українська",
    "so": "Soomaali",
}
RIGHT_TO_LEFT = {"ar", "fa"}


def N_(message: str) -> str:
    """Mark a text for extraction; it is translated later, when rendered."""
    return message


@lru_cache(maxsize=None)
def _catalog(language: str) -> gettext.NullTranslations:
    if language == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    try:
        return gettext.translation(DOMAIN, TRANSLATIONS_DIR, languages=[language])
    except OSError:
        logger.error("No compiled catalog for %r; answering in English. Run `make`.", language)
        return gettext.NullTranslations()


def supported(language: str | None) -> str:
    """The language if we speak it, else the default."""
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def translate(language: str | None, message: str, /, **values: object) -> str:
    """`message` in `language`, with `{placeholders}` filled and direction marks."""
    language = supported(language)
    text = _catalog(language).gettext(message)
    if values:
        text = text.format(**values)
    return with_direction(language, text)


# A run that must read left to right inside Arabic or Persian: phone numbers,
# times, web addresses, Latin words. Without isolation "08:30–17:00" shows as
# "17:00–08:30" in a right-to-left line, which would give a person wrong hours.
_LTR_RUN = re.compile(r"[0-9A-Za-z+/][0-9A-Za-z+/.:@€\-–—' ]*[0-9A-Za-z]|[0-9A-Za-z]")
_LRI, _PDI, _RLM = "\u2066", "\u2069", "\u200f"


def with_direction(language: str, text: str) -> str:
    """Isolate left-to-right runs and anchor each line right-to-left (ar, fa)."""
    if language not in RIGHT_TO_LEFT:
        return text
    lines = []
    for line in text.split("\n"):
        line = _LTR_RUN.sub(lambda m: f"{_LRI}{m.group(0)}{_PDI}", line)
        lines.append(f"{_RLM}{line}" if line else line)
    return "\n".join(lines)
