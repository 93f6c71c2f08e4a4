"""Each custom action, run as the action server runs it (rasa_sdk Tracker and
CollectingDispatcher), without a Rasa server."""
import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import actions
from bot import content
from bot.i18n import translate


def tracker(intent="greet", text="", slots=None, entities=(), detected=None, ranking=None, loop=None,
            crisis=(), situation=None):
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "intent_ranking": ranking or [{"name": intent, "confidence": 0.9}],
        "entities": [{"entity": k, "value": v} for k, v in entities],
        "detected_language": detected,
        "crisis": list(crisis),
        "situation": situation,
    }
    return Tracker("someone", dict(slots or {}), message, [], False, None,
                   {"name": loop} if loop else {}, "action_listen")


def run(action, t):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, {}))
    return [m["text"] for m in dispatcher.messages], dispatcher.messages, events


def slot_events(events):
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def test_safety_answers_danger_first_in_the_detected_language_then_the_notice():
    said, _, events = run(actions.ActionSafety(), tracker("immediate_danger", detected="so"))
    assert said[0] == translate("so", content.DANGER)
    assert "/forget" in said[1]
    assert slot_events(events)["language"] == "so"
    assert slot_events(events)["notice_shown"] is True


def test_safety_inside_the_self_check_stops_it():
    t = tracker("suicidal_thoughts", slots={"language": "en", "notice_shown": True}, loop="self_check_form")
    said, _, events = run(actions.ActionSafety(), t)
    assert said[0] == translate("en", content.SUICIDE)
    assert {"event": "active_loop", "name": None, "timestamp": None} in events
    assert slot_events(events)["pending_offer"] == "person"


def test_a_chosen_language_is_not_overridden_by_detection():
    t = tracker("ask_gp", slots={"language": "tr", "language_source": "chosen", "notice_shown": True,
                                 "situation": "permit"}, detected="en")
    said, _, events = run(actions.ActionAnswerTopic(), t)
    assert said == [translate("tr", content.TOPICS["gp"].body)]
    assert "language" not in slot_events(events)


def test_topic_answers_carry_their_follow_ups_as_buttons():
    t = tracker("ask_gp", slots={"language": "en", "notice_shown": True, "situation": "permit"})
    _, messages, _ = run(actions.ActionAnswerTopic(), t)
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        "/topic costs", "/topic pregnancy", "/topic child_health", "/topic interpreter"]


def test_sensitive_topics_offer_a_person_in_the_same_single_list_as_the_follow_ups():
    t = tracker("report_domestic_violence", slots={"language": "nl", "notice_shown": True})
    said, messages, events = run(actions.ActionAnswerTopic(), t)
    assert said == [translate("nl", content.TOPICS["domestic_violence"].body)]
    assert messages[0]["buttons"][-1] == {"title": translate("nl", content.HUMAN_TITLE), "payload": "9"}
    assert slot_events(events)["pending_offer"] == "person"


def test_an_answer_that_depends_on_the_situation_asks_it_once_with_i_would_rather_not_say():
    said, messages, events = run(actions.ActionAnswerTopic(), tracker("ask_costs", slots={"language": "en", "notice_shown": True}))
    assert said == [translate("en", content.SITUATION_QUESTION)]
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        "/topic costs coa", "/topic costs permit", "/topic costs ukraine", "/topic costs undocumented",
        "/topic costs unsaid"]
    assert slot_events(events)["situation_asked"] is True
    asked = {"language": "en", "notice_shown": True, "situation_asked": True}
    said, _, _ = run(actions.ActionAnswerTopic(), tracker("ask_costs", slots=asked))
    assert said == [translate("en", content.TOPICS["costs"].body)], "asked once, never twice"


def test_a_chosen_situation_answers_for_that_situation_and_is_remembered():
    t = tracker("ask_costs", slots={"language": "nl", "notice_shown": True}, entities=[("situation", "undocumented")])
    said, _, events = run(actions.ActionAnswerTopic(), t)
    assert said == [translate("nl", content.SITUATION_BODIES[("costs", "undocumented")])]
    assert "385" not in said[0]
    assert slot_events(events)["situation"] == "undocumented"


def test_the_situation_is_taken_from_what_the_person_wrote():
    t = tracker("ask_pregnancy", slots={"language": "en", "notice_shown": True}, situation="coa")
    said, _, events = run(actions.ActionAnswerTopic(), t)
    assert said == [translate("en", content.SITUATION_BODIES[("pregnancy", "coa")])]
    assert slot_events(events)["situation"] == "coa"


def test_a_disclosure_said_twice_gets_a_next_step_not_the_same_text():
    slots = {"language": "en", "notice_shown": True, "last_topic": "sexual_violence"}
    said, messages, _ = run(actions.ActionAnswerTopic(), tracker("report_sexual_violence", slots=slots,
                                                                 crisis=["sexual_violence"]))
    assert said[0] != translate("en", content.TOPICS["sexual_violence"].body)
    assert "0800-0188" in said[0] and "centrumseksueelgeweld.nl" in said[0]
    assert [b["payload"] for b in messages[-1]["buttons"]] == ["9", "/topic self_check"]


def test_the_safety_net_puts_the_fitting_number_before_any_other_answer():
    t = tracker("ask_costs", slots={"language": "fa", "notice_shown": True, "situation": "permit"}, crisis=["suicide"])
    said, _, _ = run(actions.ActionAnswerTopic(), t)
    assert "113" in said[0] and "0800-0113" in said[0]
    assert said[1] == translate("fa", content.TOPICS["costs"].body)


def test_a_crisis_answer_gains_the_numbers_it_lacks_in_its_first_reply():
    t = tracker("report_domestic_violence", slots={"language": "en", "notice_shown": True},
                crisis=["suicide", "domestic_violence"])
    said, _, _ = run(actions.ActionAnswerTopic(), t)
    assert said[0].startswith(translate("en", content.TOPICS["domestic_violence"].body))
    assert "0800-2000" in said[0] and "0800-0113" in said[0]


def test_the_first_contact_notice_comes_first_but_right_after_a_crisis_answer():
    said, _, _ = run(actions.ActionAnswerTopic(), tracker("ask_interpreter", slots={"language": "en"}))
    assert "/forget" in said[0] and said[1] == translate("en", content.TOPICS["interpreter"].body)
    said, messages, _ = run(actions.ActionSafety(), tracker("suicidal_thoughts", slots={"language": "en"}))
    assert said[0] == translate("en", content.SUICIDE) and "/forget" in said[1]
    assert said[-1] == translate("en", content.OFFER_PERSON) and messages[-1]["buttons"], "the question comes last"


def test_a_crisis_in_a_language_we_cannot_tell_gets_the_crisis_answer_then_the_language_list():
    said, messages, _ = run(actions.ActionSafety(), tracker("immediate_danger", text="help"))
    assert said[0] == translate("en", content.DANGER)
    assert len(messages[-1]["buttons"]) == 8


def test_self_check_topic_starts_the_form():
    t = tracker("ask_self_check", slots={"language": "en", "notice_shown": True}, entities=[("topic", "self_check")])
    _, _, events = run(actions.ActionAnswerTopic(), t)
    assert {"event": "followup", "name": "self_check_form", "timestamp": None} in events


def test_greeting_without_a_known_language_shows_the_language_list_and_no_notice():
    said, messages, events = run(actions.ActionGreet(), tracker("greet", text="hi"))
    assert len(messages) == 1 and len(messages[0]["buttons"]) == 8
    assert "notice_shown" not in slot_events(events)


def test_choosing_a_language_confirms_it_shows_the_menu_and_the_notice():
    t = tracker("change_language", entities=[("language", "ti")])
    said, _, events = run(actions.ActionChangeLanguage(), t)
    assert translate("ti", content.LANGUAGE_SET) in said
    assert slot_events(events)["language_source"] == "chosen"
    assert any("/forget" in text for text in said)


def test_yes_to_the_offer_of_a_person_goes_to_the_single_handoff_entry_point():
    t = tracker("affirm", slots={"language": "en", "pending_offer": "person", "notice_shown": True})
    _, _, events = run(actions.ActionAnswerOffer(), t)
    assert {"event": "followup", "name": "action_request_handoff", "timestamp": None} in events


def test_yes_to_forget_erases_and_no_keeps():
    yes = tracker("affirm", slots={"language": "en", "pending_offer": "forget", "notice_shown": True})
    assert {"event": "followup", "name": "action_erase_conversation", "timestamp": None} in run(actions.ActionAnswerOffer(), yes)[2]
    no = tracker("deny", slots={"language": "en", "pending_offer": "forget", "notice_shown": True})
    assert run(actions.ActionAnswerOffer(), no)[0] == [translate("en", content.FORGET_KEPT)]


def test_handoff_says_honestly_it_is_not_there_yet_and_gives_24_7_numbers():
    said, _, _ = run(actions.ActionRequestHandoff(), tracker("request_human", slots={"language": "ar", "notice_shown": True}))
    assert said == [translate("ar", content.HANDOFF_NOT_YET)]
    assert "0800-0188" in said[0] and "0800-2000" in said[0] and "113" in said[0]


def test_fallback_answers_a_crisis_when_the_classifier_half_suspects_one():
    ranking = [{"name": "nlu_fallback", "confidence": 0.3}, {"name": "ask_gp", "confidence": 0.28},
               {"name": "immediate_danger", "confidence": 0.25}]
    t = tracker("nlu_fallback", slots={"language": "en", "notice_shown": True}, ranking=ranking)
    assert run(actions.ActionFallback(), t)[0][0] == translate("en", content.DANGER)


def test_fallback_offers_menu_and_person_and_the_language_list_when_language_is_unknown():
    t = tracker("nlu_fallback", ranking=[{"name": "nlu_fallback", "confidence": 0.3}])
    said, messages, _ = run(actions.ActionFallback(), t)
    assert said[0] == translate("en", content.FALLBACK)
    assert len(messages[1]["buttons"]) == 8 and not messages[0].get("buttons"), "one set of choices, the last"


@pytest.mark.parametrize("value,valid", [("1", True), ("3", True), ("4", False), ("0", False)])
def test_self_check_accepts_only_1_2_or_3(value, valid):
    t = tracker("ask_gp", slots={"language": "en", "sc_sleep": value, "requested_slot": "sc_sleep"})
    t.events = [{"event": "slot", "name": "sc_sleep", "value": value}]
    said, _, events = run(actions.ValidateSelfCheckForm(), t)
    assert slot_events(events)["sc_sleep"] == (value if valid else None)
    assert said == ([] if valid else [translate("en", content.SELF_CHECK_INVALID)])


def test_self_check_questions_are_numbered_with_answer_buttons():
    ask = actions.AskSelfCheck_sc_sleep()
    _, messages, _ = run(ask, tracker(slots={"language": "uk"}))
    assert [b["payload"] for b in messages[0]["buttons"]] == ["1", "2", "3"]
    assert ask.name() == "action_ask_sc_sleep"


def test_self_check_result_advises_on_worrying_answers_and_clears_them():
    answers = {slot: "1" for slot in content.SELF_CHECK_SLOTS} | {"sc_unwanted": "2"}
    said, _, events = run(actions.ActionSelfCheckResult(), tracker(slots={"language": "en", **answers}))
    assert "0800-0188" in said[0] and "0800-2000" not in said[0]
    assert all(value is None for value in slot_events(events).values())


@pytest.fixture
def desk_database(tmp_path, monkeypatch):
    from bot.storage import db

    monkeypatch.setenv("DESK_TELEGRAM_TOKEN", "1:desk")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bridge.db'}")
    db.engine.cache_clear()
    db.migrate()
    yield
    db.engine.cache_clear()


def on_channel(t, channel):
    t.events = [{"event": "user", "text": "x", "input_channel": channel}]
    return t


def test_the_handoff_asks_consent_and_wishes_then_when_then_queues(desk_database):
    from bot.handoff import queue

    base = {"language": "fa", "notice_shown": True, "last_topic": "domestic_violence"}
    _, messages, _ = run(actions.ActionRequestHandoff(), on_channel(tracker("request_human", slots=base), "whatsapp"))
    assert messages[0]["text"] == translate("fa", content.HANDOFF_EXPLAIN)
    assert [b["payload"] for b in messages[0]["buttons"]][:3] == ["/handoff any", "/handoff woman", "/handoff lgbtqi"]
    when = on_channel(tracker("request_human", slots=base, entities=[("preference", "woman")]), "whatsapp")
    assert run(actions.ActionRequestHandoff(), when)[1][0]["buttons"][1]["payload"] == "/handoff woman later"
    go = on_channel(tracker("request_human", slots=base, entities=[("preference", "woman"), ("timing", "now")]),
                    "whatsapp")
    said, _, _ = run(actions.ActionRequestHandoff(), go)
    assert "1" in said[0] and said[1] == translate("fa", content.HANDOFF_NOTE_INVITE)
    request = queue.active_for("someone")
    assert (request.language, request.topic, request.wants_woman) == ("fa", "domestic_violence", True)


def test_the_handoff_needs_a_messaging_channel(desk_database):
    said, _, _ = run(actions.ActionRequestHandoff(), on_channel(tracker("request_human", slots={"language": "en"}), "rest"))
    assert translate("en", content.HANDOFF_ONLY_MESSAGING) in said and "0800-0188" in said[-1]


def test_fallback_offers_what_it_half_understood_as_buttons():
    ranking = [{"name": "nlu_fallback", "confidence": 0.3}, {"name": "report_sexual_violence", "confidence": 0.26},
               {"name": "ask_sexual_health", "confidence": 0.17}, {"name": "goodbye", "confidence": 0.12}]
    t = tracker("nlu_fallback", slots={"language": "ti", "notice_shown": True}, ranking=ranking)
    _, messages, _ = run(actions.ActionFallback(), t)
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/topic sexual_violence", "/topic sexual_health", "0", "9"]


def test_forget_asks_first_with_yes_and_no_buttons():
    _, messages, events = run(actions.ActionConfirmForget(), tracker("forget_me", slots={"language": "tr", "notice_shown": True}))
    assert messages[0]["text"] == translate("tr", content.FORGET_CONFIRM)
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/yes", "/no"]
    assert slot_events(events)["pending_offer"] == "forget"


def test_erasing_says_done_only_once_it_is_erased_and_without_a_new_notice(desk_database):
    from sqlalchemy import text

    from bot.storage.db import session

    with session() as db:  # Rasa's tracker store table, as the Rasa server creates it
        db.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT)"))
        db.execute(text("INSERT INTO events (sender_id) VALUES ('someone')"))
    said, _, _ = run(actions.ActionEraseConversation(), tracker("affirm", slots={"language": "uk"}))
    assert said == [translate("uk", content.FORGET_DONE)]
    with session() as db:
        assert db.execute(text("SELECT count(*) FROM events")).scalar() == 0


def test_erasing_says_so_honestly_when_the_database_refuses(desk_database):
    said, _, _ = run(actions.ActionEraseConversation(), tracker("affirm", slots={"language": "nl"}))
    assert said == [translate("nl", content.FORGET_LATER)]  # here: no events table to delete from


def test_when_the_net_answers_danger_for_a_message_not_understood_call_112_comes_first_with_the_other_lines():
    said, _, _ = run(actions.ActionSafety(), tracker("nlu_fallback", crisis=("danger", "suicide"), detected="en"))
    assert said[0].startswith(translate("en", content.DANGER))
    assert translate("en", content.LINE_113) in said[0]


def test_the_sexual_violence_answer_says_after_the_csg_that_forced_sex_is_a_crime_also_in_marriage():
    t = tracker("report_sexual_violence", slots={"language": "en", "notice_shown": True},
                entities=[("topic", "sexual_violence"), ("number", "7")])
    said, _, _ = run(actions.ActionAnswerTopic(), t)
    answer = said[0]
    crime = answer.index("is a crime in the Netherlands")
    assert answer.index("0800-0188") < crime, "the CSG first"
    assert "marriage" in answer[crime:].split("\n")[0] and "relationship" in answer[crime:].split("\n")[0]


@pytest.mark.parametrize("intent,topic,number,line", [
    ("report_sexual_violence", "sexual_violence", "7", content.LINE_CSG),
    ("report_domestic_violence", "domestic_violence", "8", content.LINE_VEILIG_THUIS),
])
def test_a_disclosure_chosen_again_by_its_menu_number_gets_a_next_step_that_starts_with_its_24_7_number(
        intent, topic, number, line):
    slots = {"language": "so", "notice_shown": True, "last_topic": topic}
    t = tracker(intent, text=number, slots=slots, entities=[("topic", topic), ("number", number)])
    said, messages, events = run(actions.ActionAnswerTopic(), t)
    assert said[0].startswith(translate("so", line)), "no crisis word in '7', so the next step itself carries the number"
    assert translate("so", content.SERVICE_CHATS[topic]) in said[0]
    assert translate("so", content.TOPICS[topic].body) not in said
    assert said[-1] == translate("so", content.NEXT_STEP_QUESTION)
    assert [bool(m.get("buttons")) for m in messages] == [False, True], "one set of choices, asked last"
    assert [b["payload"] for b in messages[-1]["buttons"]] == ["9", "/topic self_check"]
    assert slot_events(events)["pending_offer"] == "person"


def test_suicidal_thoughts_said_again_keep_113_first_then_offer_the_next_step_asked_last():
    slots = {"language": "fa", "notice_shown": True, "last_topic": "suicide"}
    said, messages, events = run(actions.ActionSafety(), tracker("suicidal_thoughts", slots=slots, crisis=["suicide"]))
    assert said[0].startswith(translate("fa", content.LINE_113))
    assert translate("fa", content.SERVICE_CHATS["suicide"]) in said[0] and "113.nl" in said[0]
    assert translate("fa", content.SUICIDE) not in said, "not the same text twice"
    assert said[-1] == translate("fa", content.NEXT_STEP_QUESTION)
    assert [bool(m.get("buttons")) for m in messages] == [False, True]
    assert [b["payload"] for b in messages[-1]["buttons"]] == ["9", "/topic self_check"]
    assert slot_events(events)["pending_offer"] == "person"


def test_suicidal_thoughts_the_first_time_get_the_full_answer_not_a_next_step():
    slots = {"language": "en", "notice_shown": True, "last_topic": "sexual_violence"}
    said, _, _ = run(actions.ActionSafety(), tracker("suicidal_thoughts", slots=slots))
    assert said[0] == translate("en", content.SUICIDE)


@pytest.mark.parametrize("topic,situation", [
    ("mental_health", "coa"), ("mental_health", "ukraine"), ("mental_health", "undocumented"),
    ("interpreter", "coa"), ("interpreter", "ukraine"), ("interpreter", "undocumented"),
    ("child_health", "ukraine"),
])
def test_mental_health_interpreters_and_children_answer_for_the_known_situation(topic, situation):
    intent = content.TOPIC_INTENTS[topic]
    t = tracker(intent, slots={"language": "uk", "notice_shown": True, "situation": situation})
    said, _, _ = run(actions.ActionAnswerTopic(), t)
    assert said == [translate("uk", content.SITUATION_BODIES[(topic, situation)])]
    if topic == "mental_health":
        assert "0800-0113" in said[0]


NAMED = {"coa": "(COA)", "ukraine": "from Ukraine", "undocumented": "without papers"}


@pytest.mark.parametrize("key", [key for key, body in content.SITUATION_BODIES.items() if body not in content.TOPICS])
def test_an_answer_for_a_situation_says_which_situation_it_is_for(key):
    _, situation = key
    assert NAMED[situation] in content.SITUATION_BODIES[key].split("\n")[0].replace("Without papers", "without papers")


def test_without_a_known_situation_mental_health_gets_its_own_answer_without_asking():
    t = tracker("ask_mental_health", slots={"language": "en", "notice_shown": True})
    said, _, _ = run(actions.ActionAnswerTopic(), t)
    assert said == [translate("en", content.TOPICS["mental_health"].body)]


def answer_to(intent, situation="permit"):
    t = tracker(intent, slots={"language": "en", "notice_shown": True, "situation": situation})
    return run(actions.ActionAnswerTopic(), t)[0][0]


def test_the_rights_answer_says_a_religious_only_marriage_is_not_a_marriage_under_dutch_law():
    line = next(line for line in answer_to("ask_rights").splitlines() if "religious wedding" in line)
    assert "town hall" in line and "not married under Dutch law" in line


def test_the_permit_answer_says_what_a_police_report_does_without_promising_an_outcome():
    answer = answer_to("ask_residence_permit")
    line = next(line for line in answer.splitlines() if "report the violence to the police" in line)
    assert "can be part of that proof" in line
    assert "I cannot promise what the IND will decide" in answer


def test_the_pregnancy_answer_does_not_call_the_kraamzorg_contribution_small_nor_give_an_unverified_amount():
    answer = answer_to("ask_pregnancy")
    assert "own contribution per hour" in answer
    assert "small" not in answer and "5.40" not in answer and "euro" not in answer


def test_the_ukrainian_insurance_answer_says_the_work_rule_is_not_enforced_and_names_the_exception():
    answer = answer_to("ask_health_insurance", "ukraine")
    assert "you do not need Dutch health insurance, also when you work" not in answer
    assert "not enforced" in answer and "August 2022" in answer
    assert "code 46" in answer and "must take Dutch insurance" in answer


def test_the_not_understood_list_has_no_numbers_in_its_titles_so_whatsapp_does_not_number_twice():
    from bot.channels.whatsapp.transport import numbered
    from bot.replies import Button, Reply

    t = tracker("nlu_fallback", slots={"language": "tr", "notice_shown": True},
                ranking=[{"name": "nlu_fallback", "confidence": 0.3}, {"name": "ask_gp", "confidence": 0.2}])
    _, messages, _ = run(actions.ActionFallback(), t)
    buttons = messages[0]["buttons"]
    assert [b["payload"] for b in buttons] == ["/topic gp", "0", "9"]
    menu, person = translate("tr", content.MENU_TITLE), translate("tr", content.HUMAN_TITLE)
    assert [b["title"] for b in buttons[1:]] == [menu, person]
    listed = numbered(Reply(messages[0]["text"], tuple(Button(b["title"], b["payload"]) for b in buttons)))
    assert listed.splitlines()[-2:] == [f"2. {menu}", f"3. {person}"]
