"""Rasa custom actions: thin adapters from a Rasa turn to `bot.replies`.

Every action does the same three things around its own answer (`BridgeAction`):
it settles the person's language, adds the one-time first-contact notice, and
stops the self-check if the person moved on to something else. What is said
lives in `bot.content`; no text is written here.
"""
import asyncio
import os
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import content, insights, replies, safety, settings
from bot.handoff import queue
from bot.handoff.hours import outside_hours
from bot.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from bot.replies import Reply
from bot.storage import erasure

# When the classifier is unsure but a crisis is among its top guesses, we answer
# the crisis: a wrong emergency number costs little, a missed one may cost a life.
SAFETY_RANKING_THRESHOLD = 0.2
LIKELY_THRESHOLD = 0.1  # a guess worth offering as a button when nothing was sure
NOT_OFFERED = {"goodbye", "thanks", "out_of_scope", "bot"}
SELF_CHECK_FORM = "self_check_form"
MESSAGING_CHANNELS = {"telegram", "whatsapp"}  # where an ambassador's replies can reach the person


@dataclass
class Turn:
    """One run of an action. Actions are shared between concurrent requests,
    so everything about the current turn lives here, not on the action."""

    tracker: Tracker
    language: str
    language_known: bool
    situation: Optional[str] = None  # content.SITUATIONS, "unsaid", or None when not known
    shows_notice: bool = True
    keeps_self_check: bool = False  # only the self-check's own steps keep it running


class BridgeAction(Action, ABC):
    """Common frame of every action; subclasses implement `name` and `answer`."""

    @abstractmethod
    def name(self) -> Text:
        ...

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        language, events = self._settle_language(tracker)
        situation, said = _situation(tracker)
        events += said
        turn = Turn(tracker, language or DEFAULT_LANGUAGE, language is not None, situation)
        # `answer` may use the database (queue, erasure, insights): off the event loop.
        answer, more_events = await asyncio.to_thread(self.answer, turn)
        events += more_events
        answer = with_safety_lines(turn, answer)
        for kind in _crisis_answered(turn, answer):
            await asyncio.to_thread(_count, turn.tracker, turn.language, "crisis", kind)
        if turn.language_known and turn.shows_notice and not tracker.get_slot("notice_shown"):
            # Before the first answer; right after it when that answer is about a crisis.
            answer.insert(1 if _about_a_crisis(tracker) and answer else 0,
                          replies.notice(turn.language, settings.retention_days()))
            events.append(SlotSet("notice_shown", True))
        elif not turn.language_known and turn.shows_notice and not tracker.get_slot("language_asked"):
            answer.append(replies.language_menu(DEFAULT_LANGUAGE))  # truly unclear: let them choose
            events.append(SlotSet("language_asked", True))
        if tracker.active_loop.get("name") and not turn.keeps_self_check:
            events += [ActiveLoop(None), SlotSet("requested_slot", None)]
        for reply in replies.one_set_of_choices(answer):
            _send(dispatcher, reply)
        return events

    @abstractmethod
    def answer(self, turn: Turn) -> tuple[list[Reply], list[EventType]]:
        ...

    @staticmethod
    def _settle_language(tracker: Tracker) -> tuple[Optional[str], list[EventType]]:
        """The language to answer in. An explicit choice sticks; until then we
        follow the language each message is written in, when that is clear."""
        current = tracker.get_slot("language")
        if tracker.get_slot("language_source") == "chosen":
            return current, []
        # Noted by the NLU (bot.engine.nlu_components) from the text as typed.
        detected = (tracker.latest_message or {}).get("detected_language")
        if detected and detected != current:
            return detected, [SlotSet("language", detected), SlotSet("language_source", "detected")]
        return current, []


def _situation(tracker: Tracker) -> tuple[Optional[str], list[EventType]]:
    """The person's residence situation: a choice they made now (a button),
    what they just wrote ("ik heb geen papieren", noted by the NLU), or what
    they said before. Kept only in the sealed conversation state."""
    current = tracker.get_slot("situation")
    said = _entity(tracker, "situation") or (tracker.latest_message or {}).get("situation")
    if said and said != current:
        return said, [SlotSet("situation", said)]
    return current, []


def _about_a_crisis(tracker: Tracker) -> bool:
    message = tracker.latest_message or {}
    return bool(message.get("crisis")) or (message.get("intent") or {}).get("name") in safety.KIND_OF_INTENT


def with_safety_lines(turn: Turn, answer: list[Reply]) -> list[Reply]:
    """The first reply carries the number of every crisis the safety net saw
    in the message (bot.safety), whatever the answer was about. A crisis
    answer keeps its place and gains the lines it lacks; any other answer
    gets them in a reply of their own before it."""
    kinds = (turn.tracker.latest_message or {}).get("crisis") or []
    if not answer:  # a follow-up action answers this message, and adds them
        return answer
    first = answer[0].text
    missing = [kind for kind in kinds if not safety.carries_number(first, kind)]
    if not missing:
        return answer
    lines = replies.safety_lines(turn.language, missing)
    intent = ((turn.tracker.latest_message or {}).get("intent") or {}).get("name")
    # A crisis answer (also one the safety net chose when the classifier was
    # unsure) stays first: "call 112 now" must not come after other lines.
    if intent in safety.KIND_OF_INTENT or _is_crisis_answer(turn.language, first):
        return [Reply(f"{first}\n{lines.text}", answer[0].buttons), *answer[1:]]
    return [lines, *answer]


def _is_crisis_answer(language: str, text: str) -> bool:
    """Whether `text` is one of the answers to a crisis itself (not a topic that mentions 112)."""
    answers = {replies.danger(language).text, replies.suicide(language)[0].text}
    answers |= {translate(language, content.TOPICS[key].body) for key in ("sexual_violence", "domestic_violence")}
    answers |= {replies.next_step(language, key)[0].text for key in content.NEXT_STEP_LINES}
    return text in answers


def _crisis_answered(turn: Turn, answer: list[Reply]) -> list[str]:
    """The crises this message was about whose number the first reply carries."""
    message = turn.tracker.latest_message or {}
    about = set(message.get("crisis") or []) | {safety.KIND_OF_INTENT.get((message.get("intent") or {}).get("name"))}
    return [kind for kind in safety.KINDS if kind in about and answer and safety.carries_number(answer[0].text, kind)]


def _count(tracker: Tracker, language: str, kind: str, topic: str) -> None:
    """An aggregate count for the insights (bot.insights): week, language, channel, topic; nothing else."""
    insights.count(kind, language, tracker.get_latest_input_channel() or "", topic)


def _send(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    buttons = [{"title": b.title, "payload": b.payload} for b in reply.buttons]
    dispatcher.utter_message(text=reply.text, buttons=buttons or None)


def _offer(kind: Optional[str]) -> SlotSet:
    return SlotSet("pending_offer", kind)


def _entity(tracker: Tracker, name: str) -> Optional[str]:
    return next(tracker.get_latest_entity_values(name), None)


class ActionGreet(BridgeAction):
    """Hello, "menu" and "0": the menu, or the language list if we cannot tell."""

    def name(self) -> Text:
        return "action_greet"

    def answer(self, turn):
        if not turn.language_known:
            turn.shows_notice = False  # shown once the person picked a language
            return [replies.language_menu(DEFAULT_LANGUAGE)], [_offer(None)]
        greeting = _entity(turn.tracker, "topic") != "menu"
        return [replies.menu(turn.language, greeting=greeting)], [_offer(None)]


class ActionAnswerTopic(BridgeAction):
    """Every informational intent: its topic's answer and follow-ups, for the
    person's situation where the answer depends on it."""

    def name(self) -> Text:
        return "action_answer_topic"

    def answer(self, turn):
        intent = turn.tracker.latest_message["intent"]["name"]
        topic = _entity(turn.tracker, "topic") or content.INTENT_TOPICS[intent]
        if topic == "self_check":
            return self._start_self_check(turn)
        _count(turn.tracker, turn.language, "question", topic)
        offer = _offer("person" if content.TOPICS[topic].offers_person else None)
        if topic in REPEATS_GET_A_NEXT_STEP and turn.tracker.get_slot("last_topic") == topic:
            return replies.next_step(turn.language, topic), [_offer("person")]
        if topic in content.ASKS_SITUATION and turn.situation is None and not turn.tracker.get_slot("situation_asked"):
            return [replies.situation_question(turn.language, topic)], [_offer(None), SlotSet("situation_asked", True)]
        answer = replies.topic(turn.language, topic, turn.situation)
        return answer, [offer, SlotSet("last_topic", topic)]

    def _start_self_check(self, turn):
        turn.keeps_self_check = True
        _count(turn.tracker, turn.language, "self_check", "started")
        events = [SlotSet(slot, None) for slot in content.SELF_CHECK_SLOTS]
        events += [_offer(None), FollowupAction(SELF_CHECK_FORM)]
        return replies.topic(turn.language, "self_check"), events


# Said a second time in a row, a disclosure gets a next step, not the same text.
REPEATS_GET_A_NEXT_STEP = {"sexual_violence", "domestic_violence", "honour_violence"}


class ActionSafety(BridgeAction):
    """Immediate danger and suicidal thoughts: the emergency answer comes first."""

    def name(self) -> Text:
        return "action_safety"

    def answer(self, turn):
        intent = turn.tracker.latest_message["intent"]["name"]
        return safety_answer(turn, intent)


def safety_answer(turn: Turn, intent: str) -> tuple[list[Reply], list[EventType]]:
    language = turn.language
    if intent == "suicidal_thoughts":
        again = turn.tracker.get_slot("last_topic") == "suicide"
        return replies.suicide(language, again), [_offer("person"), SlotSet("last_topic", "suicide")]
    return [replies.danger(language)], [_offer(None), SlotSet("last_topic", "danger")]


class ActionRequestHandoff(BridgeAction):
    """The single entry point of the warm hand-off to a person: first what the
    ambassador will see and the person's consent and wishes, then the request."""

    def name(self) -> Text:
        return "action_request_handoff"

    def answer(self, turn):
        language = turn.language
        if not os.environ.get("DESK_TELEGRAM_TOKEN"):  # no ambassador desk runs here
            return [replies.say(language, content.HANDOFF_NOT_YET)], [_offer(None)]
        channel = turn.tracker.get_latest_input_channel()
        if channel not in MESSAGING_CHANNELS:
            return [replies.say(language, content.HANDOFF_ONLY_MESSAGING), replies.support_lines(language)], []
        asked = _entity(turn.tracker, "handoff_language")
        if asked == "choose":
            return [replies.handoff_languages(language)], []
        events = [SlotSet("handoff_language", asked)] if asked in LANGUAGES else []
        preference, timing = _entity(turn.tracker, "preference"), _entity(turn.tracker, "timing")
        if preference is None:
            answer = []
            closed = outside_hours()
            if closed:
                answer.append(replies.say(language, content.HANDOFF_OUTSIDE_HOURS, start=closed[0], end=closed[1]))
            return answer + [replies.handoff_offer(language)], events + [_offer(None)]
        if timing is None:
            return [replies.handoff_when(language, preference)], [_offer(None)]
        request = queue.open_request(
            turn.tracker.sender_id, channel, language, turn.tracker.get_slot("last_topic") or "other",
            wants_woman=preference == "woman", wants_lgbtqi_friendly=preference == "lgbtqi",
            ambassador_language=turn.tracker.get_slot("handoff_language"), later=timing == "later")
        waiting = replies.say(language, content.HANDOFF_WAITING, position=queue.position(request))
        answer = [waiting, replies.say(language, content.HANDOFF_NOTE_INVITE)]
        return answer, [_offer(None), SlotSet("handoff_language", None)]


class ActionChangeLanguage(BridgeAction):
    """Switch language when one is named; otherwise show the list."""

    def name(self) -> Text:
        return "action_change_language"

    def answer(self, turn):
        chosen = _entity(turn.tracker, "language")
        if chosen not in LANGUAGES:
            turn.shows_notice = False
            return [replies.language_menu(turn.language)], [_offer(None)]
        turn.language, turn.language_known = chosen, True
        answer = [replies.language_set(chosen), replies.menu(chosen)]
        return answer, [SlotSet("language", chosen), SlotSet("language_source", "chosen"), _offer(None)]


class ActionConfirmForget(BridgeAction):
    """Erasing cannot be undone, so we ask once before doing it."""

    def name(self) -> Text:
        return "action_confirm_forget"

    def answer(self, turn):
        return [replies.confirm_forget(turn.language)], [_offer("forget")]


class ActionEraseConversation(BridgeAction):
    """Erases everything of this conversation first (bot.storage.erasure) and
    says "done" only once that committed; the tracker store then writes
    nothing of this turn (bot.engine.tracker_store)."""

    def name(self) -> Text:
        return "action_erase_conversation"

    def answer(self, turn):
        turn.shows_notice = False
        done = erasure.erase(turn.tracker.sender_id)
        if not done:
            return [replies.say(turn.language, content.FORGET_LATER)], []
        # Say honestly what is gone from the phone too, and what is not.
        phone = {"telegram": content.FORGET_DONE_TELEGRAM,
                 "whatsapp": content.FORGET_DONE_WHATSAPP}.get(turn.tracker.get_latest_input_channel())
        said = translate(turn.language, content.FORGET_DONE)
        return [Reply(f"{said}\n\n{translate(turn.language, phone)}" if phone else said)], []


class ActionAnswerOffer(BridgeAction):
    """Yes / no / stop: what they mean depends on what we just offered."""

    def name(self) -> Text:
        return "action_answer_offer"

    def answer(self, turn):
        intent = turn.tracker.latest_message["intent"]["name"]
        offer = turn.tracker.get_slot("pending_offer")
        if turn.tracker.active_loop.get("name") == SELF_CHECK_FORM:
            return self._stop_self_check(turn)
        if intent == "affirm" and offer == "person":
            return [], [_offer(None), FollowupAction("action_request_handoff")]
        if intent == "affirm" and offer == "forget":
            return [], [_offer(None), FollowupAction("action_erase_conversation")]
        if offer == "forget":
            return [replies.say(turn.language, content.FORGET_KEPT)], [_offer(None)]
        if intent == "affirm":
            return [replies.menu(turn.language)], [_offer(None)]
        return [replies.say(turn.language, content.NO_PROBLEM)], [_offer(None)]

    def _stop_self_check(self, turn):
        events = [SlotSet(slot, None) for slot in content.SELF_CHECK_SLOTS]
        return [replies.say(turn.language, content.SELF_CHECK_STOPPED)], events + [_offer(None)]


class ActionFallback(BridgeAction):
    """Not understood: a kind answer that offers the menu and a person. If a
    crisis was among the likely meanings, the crisis answer comes instead."""

    def name(self) -> Text:
        return "action_fallback"

    def answer(self, turn):
        for ranked in turn.tracker.latest_message.get("intent_ranking") or []:
            if ranked["name"] in content.SAFETY_INTENTS and ranked["confidence"] >= SAFETY_RANKING_THRESHOLD:
                return safety_answer(turn, ranked["name"])
        return [replies.fallback(turn.language, _likely_topics(turn.tracker))], [_offer(None)]


def _likely_topics(tracker: Tracker, at_most: int = 2) -> list[str]:
    """The topics the classifier half-suspected, to offer as "did you mean"."""
    ranking = tracker.latest_message.get("intent_ranking") or []
    guesses = [content.INTENT_TOPICS.get(r["name"]) for r in ranking if r["confidence"] >= LIKELY_THRESHOLD]
    return [topic for topic in guesses if topic in content.TOPICS and topic not in NOT_OFFERED][:at_most]


# --- Wellbeing self-check (a Rasa form: self_check_form) ----------------------


class ValidateSelfCheckForm(Action):
    """Accepts 1, 2 or 3 for the question asked; anything else is asked again."""

    def name(self) -> Text:
        return "validate_self_check_form"

    async def run(self, dispatcher, tracker, domain):
        events = []
        language = tracker.get_slot("language") or DEFAULT_LANGUAGE
        for slot, value in tracker.slots_to_validate().items():
            if value is None:
                continue  # cleared when the check started, not an answer
            if str(value) in {"1", "2", "3"}:
                events.append(SlotSet(slot, str(value)))
            else:
                events.append(SlotSet(slot, None))
                _send(dispatcher, replies.say(language, content.SELF_CHECK_INVALID))
        return events


class _AskSelfCheckQuestion:
    """Mixed into one Action per question below (not an Action itself, so the
    action server does not register it)."""

    slot = ""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher, tracker, domain):
        language = tracker.get_slot("language") or DEFAULT_LANGUAGE
        _send(dispatcher, replies.self_check_question(language, self.slot))
        return []


# One asking action per question, as Rasa forms expect (action_ask_<slot>).
for _slot in content.SELF_CHECK_SLOTS:
    globals()[f"AskSelfCheck_{_slot}"] = type(
        f"AskSelfCheck_{_slot}", (_AskSelfCheckQuestion, Action), {"slot": _slot}
    )


class ActionSelfCheckResult(Action):
    """Suggestions from the answers; then the answers are cleared from the state."""

    def name(self) -> Text:
        return "action_self_check_result"

    async def run(self, dispatcher, tracker, domain):
        language = tracker.get_slot("language") or DEFAULT_LANGUAGE
        answers = {slot: tracker.get_slot(slot) for slot in content.SELF_CHECK_SLOTS}
        await asyncio.to_thread(_count, tracker, language, "self_check", "finished")
        _send(dispatcher, replies.self_check_result(language, answers))
        return [SlotSet(slot, None) for slot in content.SELF_CHECK_SLOTS]
