"""Turn content into what a person receives: translated text and buttons.

Engine-agnostic on purpose: a button's payload is a command a person could also
type ("/topic costs", "/language ar", "7"), handled by `bot.shortcuts`, so the
same reply works on any channel and with any dialogue engine.
"""
from dataclasses import dataclass, field

from bot import content, payloads
from bot.i18n import LANGUAGES, translate


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Media:
    """A voice note, photo or file relayed in a live chat: where it is held
    (the channel that received it) and its reference there. The file itself
    is fetched only when it is delivered, and never stored by us."""

    kind: str  # voice | audio | photo | video | document
    source: str  # telegram | desk | whatsapp
    ref: str  # Telegram's file_id, or Twilio's media URL
    size: int = 0  # bytes, when the channel says
    caption: str = ""  # the words sent with it; on the desk "#12 ..." says for which case


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = field(default_factory=tuple)
    media: Media | None = None  # sent with `text` as its caption
    delete_ids: tuple[int, ...] = ()  # not a message: delete these from the chat (Telegram, /forget)
    template_sid: str = ""  # a pre-approved WhatsApp template instead of the text (Twilio Content SID)


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
    return Reply(translate(language, content.CHOOSE_LANGUAGE), _language_buttons(payloads.language))


def language_set(language: str) -> Reply:
    return Reply(translate(language, content.LANGUAGE_SET))


def topic(language: str, key: str, situation: str | None = None) -> list[Reply]:
    """The answer to a topic (for the person's situation, where that matters),
    ending with its one list of choices: the follow-up topics and, for the
    sensitive topics, a person to talk to."""
    item = content.TOPICS[key]
    buttons = tuple(Button(_topic_title(language, other), payloads.topic(other)) for other in item.related)
    if item.offers_person:
        buttons += (_person_button(language),)
    return [Reply(translate(language, situation_body(key, situation)), buttons)]


def situation_body(key: str, situation: str | None) -> str:
    body = content.SITUATION_BODIES.get((key, situation), content.TOPICS[key].body)
    return content.TOPICS[body].body if body in content.TOPICS else body


def situation_question(language: str, key: str) -> Reply:
    """Asked once, before an answer that depends on it; every choice answers `key`."""
    return Reply(translate(language, content.SITUATION_QUESTION), tuple(
        Button(translate(language, title), payloads.topic(key, situation))
        for situation, title in content.SITUATION_TITLES.items()
    ))


def next_step(language: str, key: str) -> list[Reply]:
    """For a disclosure said again: its free 24/7 number first and the
    service's chat, then a person or the self-check as the one set of choices,
    asked last (safety lines the net adds join the first reply, not the question)."""
    lines = [translate(language, line) for line in content.NEXT_STEP_LINES.get(key, ())]
    lines.append(translate(language, content.NEXT_STEP_INTRO))
    if key in content.SERVICE_CHATS:
        lines.append(translate(language, content.SERVICE_CHATS[key]))
    buttons = (_person_button(language), Button(_topic_title(language, "self_check"), payloads.topic("self_check")))
    return [Reply("\n".join(lines)), Reply(translate(language, content.NEXT_STEP_QUESTION), buttons)]


def _person_button(language: str) -> Button:
    return Button(_topic_title(language, "human"), payloads.PERSON)


def offer_person(language: str) -> Reply:
    return Reply(
        translate(language, content.OFFER_PERSON),
        (Button(translate(language, content.YES), payloads.YES), Button(translate(language, content.NO), payloads.NO)),
    )


def handoff_offer(language: str) -> Reply:
    """What the ambassador will see, and the person's consent and wishes in one question."""
    return Reply(translate(language, content.HANDOFF_EXPLAIN), (
        Button(translate(language, content.HANDOFF_ANYONE), payloads.handoff("any")),
        Button(translate(language, content.HANDOFF_WOMAN), payloads.handoff("woman")),
        Button(translate(language, content.HANDOFF_LGBTQI), payloads.handoff("lgbtqi")),
        Button(translate(language, content.HANDOFF_OTHER_LANGUAGE), payloads.HANDOFF_CHOOSE_LANGUAGE),
        Button(translate(language, content.NO), payloads.NO),
    ))


def handoff_languages(language: str) -> Reply:
    return Reply(translate(language, content.HANDOFF_WHICH_LANGUAGE), _language_buttons(payloads.handoff_language))


def handoff_when(language: str, preference: str) -> Reply:
    return Reply(translate(language, content.HANDOFF_WHEN), (
        Button(translate(language, content.HANDOFF_NOW), payloads.handoff(preference, "now")),
        Button(translate(language, content.HANDOFF_LATER), payloads.handoff(preference, "later")),
    ))


def support_lines(language: str) -> Reply:
    """The 24/7 lines to talk to someone now."""
    lines = [content.LINE_CSG, content.LINE_VEILIG_THUIS, content.LINE_113, content.LINE_112]
    return Reply("\n".join(translate(language, line) for line in lines))


SAFETY_LINES = {
    "danger": content.LINE_112,
    "suicide": content.LINE_113,
    "sexual_violence": content.LINE_CSG,
    "domestic_violence": content.LINE_VEILIG_THUIS,
}


def safety_lines(language: str, kinds: list[str]) -> Reply:
    """The free 24/7 numbers for these crises, one line each (bot.safety.KINDS order)."""
    return Reply("\n".join(translate(language, SAFETY_LINES[kind]) for kind in kinds))


def danger(language: str) -> Reply:
    return Reply(translate(language, content.DANGER))


def suicide(language: str, again: bool = False) -> list[Reply]:
    """Thoughts of suicide: 113 first and the offer of a person; said again,
    the next step instead of the same text twice."""
    if again:
        return next_step(language, "suicide")
    return [Reply(translate(language, content.SUICIDE)), offer_person(language)]


def one_set_of_choices(answer: list[Reply]) -> list[Reply]:
    """An answer ends with at most one set of choices and nothing after it: on
    WhatsApp a number must mean an item of the last list shown, and on
    Telegram the buttons at the bottom must belong to the question just asked.
    Only the last set is kept. The reply that carries it moves to the end,
    except the first reply, which keeps its place (a crisis answer must come
    first): then its choices move onto the last reply."""
    asking = [index for index, reply in enumerate(answer) if reply.buttons]
    if not asking:
        return answer
    chosen = asking[-1]
    buttons = answer[chosen].buttons
    plain = [Reply(reply.text) for reply in answer]
    if chosen == 0 and len(plain) > 1:
        return plain[:-1] + [Reply(plain[-1].text, buttons)]
    return plain[:chosen] + plain[chosen + 1:] + [Reply(plain[chosen].text, buttons)]


def fallback(language: str, likely_topics: list[str]) -> Reply:
    """Not understood: the guesses worth a tap, then the menu and a person."""
    buttons = [Button(_topic_title(language, topic), payloads.topic(topic)) for topic in likely_topics]
    # No "0 "/"9 " in the titles: WhatsApp numbers the list itself ("3. Menu").
    buttons += [Button(translate(language, content.MENU_TITLE), "0"), _person_button(language)]
    return Reply(translate(language, content.FALLBACK), tuple(buttons))


def numbered_options(answer: list[Reply]) -> list[str]:
    """What "1", "2"... mean from now on, on channels with numbered lists: the
    payloads of the latest list the person was shown."""
    listed = [reply.buttons for reply in answer if reply.buttons]
    return [b.payload for b in (listed[-1] if listed else ())]


def say(language: str, message: str, /, **values: object) -> Reply:
    """A single translated sentence with no buttons."""
    return Reply(translate(language, message, **values))


def confirm_forget(language: str) -> Reply:
    return Reply(
        translate(language, content.FORGET_CONFIRM),
        (Button(translate(language, content.YES), payloads.YES), Button(translate(language, content.NO), payloads.NO)),
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


def _language_buttons(payload) -> tuple[Button, ...]:
    """One button per language, in its own name, sending `payload(code)`."""
    return tuple(Button(name, payload(code)) for code, name in LANGUAGES.items())


def _topic_title(language: str, key: str) -> str:
    if key == "human":
        return translate(language, content.HUMAN_TITLE)
    return translate(language, content.TOPICS[key].title)
