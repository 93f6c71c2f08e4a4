"""Messages that mean one thing for sure: menu numbers, commands, button payloads.

They never go to the statistical classifier. A low-literacy person who learned
that "7" is help after sexual violence must get exactly that, every time, and a
button must do exactly what its label says. Works on text already passed
through `bot.text.normalize` (which folds digits and drops a leading "/").
"""
import re
from dataclasses import dataclass, field

from bot import payloads
from bot.content import MENU, TOPIC_INTENTS
from bot.i18n import LANGUAGES
from bot.text import normalize

_LANGUAGE_NAMES = {
    "en": ["english", "engels", "inglizi", "انگلیسی", "انجلیزی", "ingilizce", "англійська", "ingiriis", "እንግሊዝኛ"],
    "nl": ["dutch", "nederlands", "hollands", "nederlandse", "هولندی", "هلندی", "flemenkçe", "нідерландська", "голландська", "holandays"],
    "ar": ["arabic", "arabisch", "عربی", "العربیه", "عربيه", "arabi", "3arabi", "arapça", "arapca", "арабська", "carabi", "ዓረብኛ", "ዓረቢ"],
    "ti": ["tigrinya", "tigrigna", "tigrinia", "ትግርኛ", "tigrinja", "تیگرینیا"],
    "fa": ["persian", "farsi", "dari", "perzisch", "فارسی", "دری", "فارسي", "farsça", "farsca", "перська", "фарсі", "dari/farsi"],
    "tr": ["turkish", "turks", "türkçe", "turkce", "ترکی", "ترکیه", "turkî", "турецька", "turki"],
    "uk": ["ukrainian", "oekraïens", "oekraiens", "українська", "украинский", "українською", "ukraynaca", "اوکراینی"],
    "so": ["somali", "somalisch", "soomaali", "af soomaali", "صومالی", "somalice", "сомалі"],
}
LANGUAGE_BY_NAME = {
    normalize(name): code for code, names in _LANGUAGE_NAMES.items() for name in names
}

# Commands, typed with or without "/", in any of our languages.
_COMMANDS = {
    "greet": {"start", "menu", "0", "menü", "меню", "منو", "قائمه", "القائمه", "ሜኑ", "liiska"},
    "change_language": {"language", "taal", "لغه", "اللغه", "زبان", "dil", "мова", "ቋንቋ", "luqad"},
    "forget_me": {"forget", "vergeet", "delete"},
    "request_human": {"human", "person", "ambassador"},
    "deny": {"stop", "stoppen", "توقف", "dur", "стоп", "ጠጠው", "jooji"},
    "affirm": {"yes"},
}
_COMMAND_INTENT = {
    normalize(word): intent for intent, words in _COMMANDS.items() for word in words
}
_NUMBER = re.compile(r"^\d{1,3}$")
_LANGUAGE = re.compile(r"^(?:language |lang )?(\S+(?: \S+)?)$")


# Commands a person may give at any moment, also in a live chat with an ambassador.
_ALWAYS_FOR_THE_BOT = {"greet", "change_language", "forget_me"}


def command(text: str) -> str | None:
    """The intent of a normalised message that is one of those commands
    (menu, language, forget), else None. Numbers, yes and stop are not:
    in a live chat they are words for the ambassador."""
    intent = _COMMAND_INTENT.get(text)
    return intent if intent in _ALWAYS_FOR_THE_BOT else None


@dataclass(frozen=True)
class Shortcut:
    intent: str
    entities: dict = field(default_factory=dict)


def shortcut(text: str) -> Shortcut | None:
    """The sure meaning of a normalised message, or None to let the classifier decide."""
    if _NUMBER.match(text):
        return _menu_choice(text)
    if text in _COMMAND_INTENT:
        intent = _COMMAND_INTENT[text]
        return Shortcut(intent, {"topic": "menu"} if intent == "greet" else {})
    handoff = payloads.HANDOFF.match(text)
    if handoff:  # buttons of the hand-off offer and of the timeout notice
        choice, timing = handoff.groups()
        if choice == "cancel":
            return Shortcut("deny")
        wishes = {"preference": "any" if choice == "keep" else choice}
        return Shortcut("request_human", wishes | ({"timing": timing} if timing else {}))
    in_language = payloads.HANDOFF_IN.match(text)
    if in_language and (in_language.group(1) in LANGUAGES or in_language.group(1) == "choose"):
        return Shortcut("request_human", {"handoff_language": in_language.group(1)})
    if text == "selfcheck":
        return Shortcut("ask_self_check", {"topic": "self_check"})
    topic = payloads.TOPIC.match(text)
    if topic and topic.group(1) in TOPIC_INTENTS:  # a follow-up button, maybe with the situation chosen
        key, situation = topic.groups()
        return Shortcut(TOPIC_INTENTS[key], {"topic": key} | ({"situation": situation} if situation else {}))
    chosen = payloads.LANGUAGE.match(text)
    if chosen and chosen.group(1) in LANGUAGES:
        return Shortcut("change_language", {"language": chosen.group(1)})
    named = _LANGUAGE.match(text)
    if named and named.group(1) in LANGUAGE_BY_NAME:
        return Shortcut("change_language", {"language": LANGUAGE_BY_NAME[named.group(1)]})
    return None


def language_named_in(text: str) -> str | None:
    """A language the person names anywhere in the message ("can you speak arabic")."""
    for word in text.split():
        if word in LANGUAGE_BY_NAME:
            return LANGUAGE_BY_NAME[word]
    return None


def _menu_choice(number: str) -> Shortcut:
    # A bare number is also an answer (the self-check uses it); the menu
    # meaning applies wherever no question is waiting for an answer.
    number = str(int(number))
    entities = {"number": number}
    if number == "0":
        return Shortcut("greet", {"topic": "menu"})
    topic = MENU.get(number)
    if topic == "human":
        return Shortcut("request_human", entities)
    if topic:
        return Shortcut(TOPIC_INTENTS[topic], {**entities, "topic": topic})
    return Shortcut("out_of_scope", entities)
