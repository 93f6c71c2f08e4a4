"""Turn content into what a person receives: translated text and buttons.

Engine-agnostic on purpose: a button's payload is a command a person could also
type ("/topic costs", "/language ar", "7"), handled by `bot.shortcuts`, so the
same reply works on any channel and with any dialogue engine.
"""
from dataclasses import dataclass, field

from bot import content
from bot.i18n import LANGUAGES, translate


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = field(default_factory=tuple)


def notice(language: str, retention_days: int) -> Reply:
    return Reply(translate(language, content.NOTICE, days=retention_days))


def menu(language: str, greeting: bool = False) -> Reply:
    lines = [translate(language, content.WELCOME)] if greeting else []
    lines.append(translate(language, content.MENU_PROMPT))
    buttons = []
    for number, topic in content.MENU.items():
        title = f"{number} {_topic_title(language, topic)}"
        lines.append(title)
        buttons.append(Button(title, number))
    lines.append(translate(language, content.MENU_FOOTER))
    return Reply("\n".join(lines), tuple(buttons))


def language_menu(language: str) -> Reply:
    """The languages as buttons; each channel shows them its own way."""
    return Reply(translate(language, content.CHOOSE_LANGUAGE), _language_buttons("/language"))


def language_set(language: str) -> Reply:
    return Reply(translate(language, content.LANGUAGE_SET))


def topic(language: str, key: str) -> list[Reply]:
    """The answer to a topic, with related topics as buttons and, for the
    sensitive topics, the offer of a person."""
    item = content.TOPICS[key]
    related = tuple(
        Button(_topic_title(language, other), f"/topic {other}") for other in item.related
    )
    replies = [Reply(translate(language, item.body), related)]
    if item.offers_person:
        replies.append(offer_person(language))
    return replies


def offer_person(language: str) -> Reply:
    return Reply(
        translate(language, content.OFFER_PERSON),
        (Button(translate(language, content.YES), "/yes"), Button(translate(language, content.NO), "/no")),
    )


def handoff_offer(language: str) -> Reply:
    """What the ambassador will see, and the person's consent and wishes in one question."""
    return Reply(translate(language, content.HANDOFF_EXPLAIN), (
        Button(translate(language, content.HANDOFF_ANYONE), "/handoff any"),
        Button(translate(language, content.HANDOFF_WOMAN), "/handoff woman"),
        Button(translate(language, content.HANDOFF_LGBTQI), "/handoff lgbtqi"),
        Button(translate(language, content.HANDOFF_OTHER_LANGUAGE), "/handoff in choose"),
        Button(translate(language, content.NO), "/no"),
    ))


def handoff_languages(language: str) -> Reply:
    return Reply(translate(language, content.HANDOFF_WHICH_LANGUAGE), _language_buttons("/handoff in"))


def handoff_when(language: str, preference: str) -> Reply:
    return Reply(translate(language, content.HANDOFF_WHEN), (
        Button(translate(language, content.HANDOFF_NOW), f"/handoff {preference} now"),
        Button(translate(language, content.HANDOFF_LATER), f"/handoff {preference} later"),
    ))


def support_lines(language: str) -> Reply:
    """The 24/7 lines to talk to someone now."""
    lines = [content.LINE_CSG, content.LINE_VEILIG_THUIS, content.LINE_113, content.LINE_112]
    return Reply("\n".join(translate(language, line) for line in lines))


def danger(language: str) -> Reply:
    return Reply(translate(language, content.DANGER))


def suicide(language: str) -> list[Reply]:
    return [Reply(translate(language, content.SUICIDE)), offer_person(language)]


def fallback(language: str, likely_topics: list[str]) -> Reply:
    """Not understood: the guesses worth a tap, then the menu and a person."""
    buttons = [Button(_topic_title(language, topic), f"/topic {topic}") for topic in likely_topics]
    buttons += [Button(f"0 {translate(language, content.MENU_TITLE)}", "0"), Button(f"9 {_topic_title(language, 'human')}", "9")]
    return Reply(translate(language, content.FALLBACK), tuple(buttons))


def say(language: str, message: str, /, **values: object) -> Reply:
    """A single translated sentence with no buttons."""
    return Reply(translate(language, message, **values))


def confirm_forget(language: str) -> Reply:
    return Reply(
        translate(language, content.FORGET_CONFIRM),
        (Button(translate(language, content.YES), "/yes"), Button(translate(language, content.NO), "/no")),
    )


def self_check_question(language: str, slot: str) -> Reply:
    index = content.SELF_CHECK_SLOTS.index(slot)
    question = content.SELF_CHECK[index]
    progress = translate(
        language, content.SELF_CHECK_PROGRESS, number=index + 1, total=len(content.SELF_CHECK)
    )
    options = [f"{n} {translate(language, option)}" for n, option in enumerate(question.options, 1)]
    text = "\n".join([progress, translate(language, question.text), *options])
    buttons = tuple(Button(option, str(n)) for n, option in enumerate(options, 1))
    return Reply(text, buttons)


def self_check_result(language: str, answers: dict[str, str | None]) -> Reply:
    """Suggestions that fit the answers; the answers themselves are never repeated."""
    worrying = {q.slot for q in content.SELF_CHECK if answers.get(q.slot) in q.worrying}
    advice = [translate(language, text) for slot, text in content.SELF_CHECK_ADVICE if slot in worrying]
    if not advice:
        advice = [translate(language, content.SELF_CHECK_ALL_WELL)]
    lines = [translate(language, content.SELF_CHECK_DONE), *(f"- {line}" for line in advice)]
    return Reply("\n".join(lines))


def _language_buttons(command: str) -> tuple[Button, ...]:
    """One button per language, in its own name, sending `command <code>`."""
    return tuple(Button(name, f"{command} {code}") for code, name in LANGUAGES.items())


def _topic_title(language: str, key: str) -> str:
    if key == "human":
        return translate(language, content.HUMAN_TITLE)
    return translate(language, content.TOPICS[key].title)
