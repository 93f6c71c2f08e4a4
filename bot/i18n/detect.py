"""Which of our languages a message is written in.

Script decides first, because it is certain: Ge'ez is Tigrinya, Cyrillic is
Ukrainian (the Russian some Ukrainians write is answered in Ukrainian). Within
the Arabic script and the Latin script, lingua (restricted to our languages)
decides, but only when it is confident: a short "ok" tells nothing, and
guessing wrong would switch a person's language under their feet.
"""
import re
from functools import lru_cache

_GEEZ = re.compile("[\u1200-\u137f\u2d80-\u2ddf\uab00-\uab2f]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
# Phone keyboards give each language its own letters: Persian ی ک پ چ ژ گ,
# Arabic ي ك ة ى. Counting them beats a statistical guess on short messages.
_PERSIAN_LETTERS = re.compile("[پچژگیک]")
_ARABIC_LETTERS = re.compile("[يكةى]")
_LATIN_WORD = re.compile(r"[A-Za-zÀ-ɏ]{2,}")
_MIN_CONFIDENCE = 0.5


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(
        Language.ENGLISH, Language.DUTCH, Language.TURKISH, Language.SOMALI,
        Language.ARABIC, Language.PERSIAN,
    ).build()


_CODES = {"ENGLISH": "en", "DUTCH": "nl", "TURKISH": "tr", "SOMALI": "so", "ARABIC": "ar", "PERSIAN": "fa"}


def detect_language(text: str) -> str | None:
    """Our language code for `text`, or None when it is not clear enough."""
    if _GEEZ.search(text):
        return "ti"
    if _CYRILLIC.search(text):
        return "uk"
    if _ARABIC_SCRIPT.search(text):
        persian, arabic = len(_PERSIAN_LETTERS.findall(text)), len(_ARABIC_LETTERS.findall(text))
        if persian != arabic:
            return "fa" if persian > arabic else "ar"
        return _confident(text, {"ar", "fa"}) or "ar"
    if len(_LATIN_WORD.findall(text)) < 2:
        return None
    return _confident(text, {"en", "nl", "tr", "so"})


def _confident(text: str, allowed: set[str]) -> str | None:
    values = _detector().compute_language_confidence_values(text)
    for value in values:
        code = _CODES[value.language.name]
        if code in allowed:
            return code if value.value >= _MIN_CONFIDENCE else None
    return None
