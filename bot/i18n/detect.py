"""Which of our languages a message is written in.

Script decides first, because it is certain: Ge'ez is Tigrinya, Cyrillic is
Ukrainian (the Russian some Ukrainians write is answered in Ukrainian). Within
the Arabic script and the Latin script, lingua (restricted to our languages)
decides, but only when it is confident: a short "ok" tells nothing, and
guessing wrong would switch a person's language under their feet.
Arabic typed in Latin letters (Arabizi, with 3, 7, 2 for letters) and
Persian in Latin letters (Finglish) are Arabic and Persian, and Ukrainian in
Latin letters is Ukrainian: lingua would call them Somali or Turkish, so common
romanised words (`nlu/romanised/`) and Arabizi's digit-letters are counted first.
"""
import re
from functools import lru_cache

from bot.lexicon import romanised_words

_GEEZ = re.compile("[\u1200-\u137f\u2d80-\u2ddf\uab00-\uab2f]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
# Phone keyboards give each language its own letters: Persian ی ک پ چ ژ گ,
# Arabic ي ك ة ى. Counting them beats a statistical guess on short messages.
_PERSIAN_LETTERS = re.compile("[پچژگیک]")
_ARABIC_LETTERS = re.compile("[يكةى]")
_LATIN_WORD = re.compile(r"[A-Za-zÀ-ɏ]{2,}")
_MIN_CONFIDENCE = 0.5
_LATIN_TOKEN = re.compile(r"[a-z0-9'À-ɏ]*[a-zÀ-ɏ][a-z0-9'À-ɏ]*")
_ARABIZI = re.compile(r"[a-z]*[235679][a-z]+|[a-z]+[235679]")  # 3 = ع, 7 = ح, 2 = ء, 5 = خ ...
_ROMANISED_SHARE = 0.3  # of the words, before Latin text counts as romanised


@lru_cache(maxsize=1)
def _detector():
    """lingua, with its models loaded now: loaded lazily, as each language and
    word length first comes up, they cost the first people after a start a
    second and a half between them, and the rest a few milliseconds now and then."""
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(
        Language.ENGLISH, Language.DUTCH, Language.TURKISH, Language.SOMALI,
        Language.ARABIC, Language.PERSIAN,
    ).with_preloaded_language_models().build()


def preload() -> None:
    """Load the models before serving (in the Rasa server's first process, so
    that the processes Sanic forks from it share them)."""
    _detector()


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
    return _romanised(text) or _confident(text, {"en", "nl", "tr", "so"})


def _romanised(text: str) -> str | None:
    """"ar" for Arabizi, "fa" for Finglish (and so on for `nlu/romanised/`), or None."""
    tokens = _LATIN_TOKEN.findall(text.lower())
    scores = {
        language: sum(token.strip("'") in words for token in tokens)
        for language, words in romanised_words().items()
    }
    scores["ar"] = scores.get("ar", 0) + sum(bool(_ARABIZI.fullmatch(t)) for t in tokens)
    language, score = max(scores.items(), key=lambda item: item[1])
    return language if score >= 2 and score >= _ROMANISED_SHARE * len(tokens) else None


def _confident(text: str, allowed: set[str]) -> str | None:
    values = _detector().compute_language_confidence_values(text)
    for value in values:
        code = _CODES[value.language.name]
        if code in allowed:
            return code if value.value >= _MIN_CONFIDENCE else None
    return None
