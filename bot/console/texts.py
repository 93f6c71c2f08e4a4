"""The console's words, in English and Dutch, through their own gettext
domain (translations/console.pot, translations/nl/LC_MESSAGES/console.po),
apart from the bot's `messages` so the two can change independently.
Texts in Python are marked with C_; templates use _()."""
import gettext
from functools import lru_cache

from bot.i18n import TRANSLATIONS_DIR

DOMAIN = "console"
LANGUAGES = {"en": "English", "nl": "Nederlands"}
DEFAULT = "en"


def C_(message: str) -> str:
    """Mark a text for extraction into the console catalog; translated when shown."""
    return message


@lru_cache(maxsize=None)
def catalog(language: str) -> gettext.NullTranslations:
    """English is the source. A missing Dutch catalog fails the catalog test;
    at run time it falls back to English rather than showing nothing."""
    if language == DEFAULT or language not in LANGUAGES:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, TRANSLATIONS_DIR, languages=[language], fallback=True)


def choose(cookie: str | None, accept_language: str) -> str:
    """The language chosen in the console, else the browser's first we speak."""
    if cookie in LANGUAGES:
        return cookie
    for part in accept_language.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT
