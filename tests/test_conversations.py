"""Conversations with the real, trained bot over Rasa's REST channel.

What a person would notice: the right answer, in their language, with the
emergency number first when they are in danger.
"""
import sqlite3
from pathlib import Path

import pytest
import yaml

from bot import content
from bot.i18n import translate
from bot.settings import retention_days
from tests.conftest import texts

CASES = yaml.safe_load((Path(__file__).parent / "conversations.yml").read_text())
TOPIC_CASES = [(topic, lang, text) for topic, by_lang in CASES["topics"].items() for lang, text in by_lang.items()]


def body(language: str, topic: str) -> str:
    return translate(language, content.TOPICS[topic].body)


@pytest.mark.parametrize("language,text", CASES["danger"].items())
def test_danger_now_gets_112_in_the_first_reply_in_every_language(stack, person, language, text):
    replies = stack.say(person, text)
    assert replies[0]["text"].startswith(translate(language, content.DANGER)), "the danger answer first"
    assert "112" in replies[0]["text"]


@pytest.mark.parametrize("language,text", CASES["suicide"].items())
def test_suicidal_thoughts_get_113_and_the_offer_of_a_person(stack, person, language, text):
    replies = stack.say(person, text)
    assert replies[0]["text"] == translate(language, content.SUICIDE)
    assert "113" in replies[0]["text"] and "0800-0113" in replies[0]["text"]
    assert replies[-1]["text"] == translate(language, content.OFFER_PERSON), "the one question, asked last"


@pytest.mark.parametrize("topic,language,text", TOPIC_CASES)
def test_a_first_message_question_is_answered_straight_away_in_its_language(stack, person, topic, language, text):
    said = [r["text"] for r in stack.say(person, text)]
    assert translate(language, content.CHOOSE_LANGUAGE) not in said, "never a language menu first"
    if topic in content.ASKS_SITUATION:  # the answer depends on it: asked once, then answered
        assert said[-1] == translate(language, content.SITUATION_QUESTION)
        said = [r["text"] for r in stack.say(person, f"/topic {topic} permit")]
    assert body(language, topic) in said


def test_rape_disclosure_gets_the_csg_number_the_7_days_and_the_offer_of_a_person(stack, person):
    replies = stack.say(person, "I was raped yesterday, what can I do?")
    answer = replies[0]["text"]
    assert "0800-0188" in answer and "7 days" in answer and "police is your own choice" in answer
    assert replies[-1]["buttons"][-1]["payload"] == "9", "a person is offered in the one list of choices"
    handoff = stack.say(person, "yes")
    assert [m["text"] for m in handoff] == [translate("en", content.HANDOFF_NOT_YET)]


def test_first_contact_notice_comes_once_in_the_persons_language(stack, person):
    notice = translate("nl", content.NOTICE, days=retention_days())
    first = texts(stack.say(person, "ik heb veel stress en kan niet slapen"))
    assert first.startswith(notice), "before the first answer"
    second = texts(stack.say(person, "hoe schrijf ik me in bij een huisarts"))
    assert notice in first and "/forget" in notice
    assert notice not in second


def test_menu_numbers_work_by_typing_them(stack, person):
    stack.say(person, "/language tr")
    menu = stack.say(person, "0")
    assert [b["payload"] for b in menu[0]["buttons"]] == [str(n) for n in range(1, 10)]
    assert stack.say(person, "3")[0]["text"] == body("tr", "asylum_centre")
    assert stack.say(person, "٧")[0]["text"] == body("tr", "sexual_violence")
    assert stack.say(person, "9")[0]["text"] == translate("tr", content.HANDOFF_NOT_YET)


def test_follow_up_buttons_lead_to_their_topic(stack, person):
    replies = stack.say(person, "how do i register with a family doctor")
    costs = next(b for b in replies[-1]["buttons"] if b["payload"] == "/topic costs")
    question = stack.say(person, costs["payload"])
    assert question[0]["text"] == translate("en", content.SITUATION_QUESTION)
    chosen = next(b for b in question[0]["buttons"] if b["payload"].endswith(" coa"))
    assert stack.say(person, chosen["payload"])[0]["text"] == translate(
        "en", content.SITUATION_BODIES[("costs", "coa")])


def test_a_chosen_language_sticks_until_changed(stack, person):
    menu = stack.say(person, "/language")
    assert any(b["payload"] == "/language ar" for b in menu[0]["buttons"])
    switched = stack.say(person, "/language ar")
    assert translate("ar", content.LANGUAGE_SET) in texts(switched)
    assert stack.say(person, "where can i get a free sti test")[0]["text"] == body("ar", "sexual_health")
    stack.say(person, "Türkçe")
    assert stack.say(person, "where can i get a free sti test")[0]["text"] == body("tr", "sexual_health")


def test_a_greeting_in_an_unclear_language_gets_the_language_list(stack, person):
    replies = stack.say(person, "hi")
    assert {b["payload"] for b in replies[-1]["buttons"]} >= {"/language ti", "/language so"}


def test_danger_inside_the_self_check_stops_it_and_gives_112(stack, person):
    stack.say(person, "/language en")
    start = stack.say(person, "/selfcheck")
    assert start[0]["text"] == body("en", "self_check")
    assert "1 of 10" in start[1]["text"]
    assert "2 of 10" in stack.say(person, "1")[0]["text"]
    danger = stack.say(person, "he is coming to hurt me now")
    assert danger[0]["text"] == translate("en", content.DANGER)
    # The check is over: a number now means the menu again.
    assert stack.say(person, "1")[0]["text"] == body("en", "gp")


def test_the_self_check_ends_in_advice_that_fits_the_answers(stack, person):
    stack.say(person, "/language en")
    stack.say(person, "/selfcheck")
    answers = ["1", "1", "1", "1", "1", "1", "1", "3", "1"]  # question 8: not safe at home
    for answer in answers:
        stack.say(person, answer)
    invalid = stack.say(person, "7")
    assert invalid[0]["text"] == translate("en", content.SELF_CHECK_INVALID)
    result = texts(stack.say(person, "1"))
    assert "Veilig Thuis 0800-2000" in result
    assert "Centrum Seksueel Geweld" not in result


def test_stop_ends_the_self_check(stack, person):
    stack.say(person, "/language nl")
    stack.say(person, "/selfcheck")
    assert stack.say(person, "stop")[0]["text"] == translate("nl", content.SELF_CHECK_STOPPED)
    assert stack.say(person, "1")[0]["text"] == body("nl", "gp")


def test_forget_erases_the_conversation_after_one_confirmation(stack, person):
    stack.say(person, "ik woon in het azc en ben ziek, waar vind ik een dokter")
    confirm = stack.say(person, "/forget")
    assert confirm[0]["text"] == translate("nl", content.FORGET_CONFIRM)
    done = stack.say(person, "/yes")
    assert [m["text"] for m in done] == [translate("nl", content.FORGET_DONE)]
    database = stack.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(database) as db:
        count = db.execute("select count(*) from events where sender_id = ?", (person,)).fetchone()[0]
    assert count == 0
    fresh = stack.say(person, "how do i register with a family doctor")
    assert translate("en", content.NOTICE, days=retention_days()) in texts(fresh)


def test_forget_never_says_erased_when_the_database_refused(stack, person):
    database = stack.database_url.removeprefix("sqlite:///")
    stack.say(person, "i need an interpreter at the doctor")
    stack.say(person, "/forget")
    with sqlite3.connect(database) as db:
        db.execute("CREATE TRIGGER refuse BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'refused'); END")
    try:
        said = [m["text"] for m in stack.say(person, "/yes")]
    finally:
        with sqlite3.connect(database) as db:
            db.execute("DROP TRIGGER refuse")
    assert said == [translate("en", content.FORGET_LATER)]
    with sqlite3.connect(database) as db:  # written down, to be tried again (tests/bot/storage/test_erasure.py)
        assert db.execute("select count(*) from pending_erasures where conversation_id = ?", (person,)).fetchone()[0] == 1


def test_saying_no_to_forget_erases_nothing(stack, person):
    stack.say(person, "delete my data")
    assert stack.say(person, "no")[0]["text"] == translate("en", content.FORGET_KEPT)
    assert len(stack.tracker(person)["events"]) > 0


def test_message_texts_never_reach_the_logs(stack, person):
    secret = "my neighbour Farida was raped in Tilburg"
    stack.say(person, secret)
    logs = stack.logs()
    assert "Farida" not in logs and "Tilburg" not in logs
    assert person not in logs


def test_a_returning_person_keeps_their_language_after_a_restart(model, tmp_path, person):
    from tests.support.servers import BridgeStack

    bridge = BridgeStack(model, tmp_path, f"sqlite:///{tmp_path / 'bridge.db'}").start()
    try:
        bridge.say(person, "/language so")
    finally:
        bridge.stop()
    bridge.start()
    try:
        assert bridge.say(person, "3")[0]["text"] == body("so", "asylum_centre")
    finally:
        bridge.stop()
