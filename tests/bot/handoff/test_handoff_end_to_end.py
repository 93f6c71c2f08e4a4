"""The warm hand-off end to end: people on WhatsApp and Telegram, ambassadors on
the desk bot, the real Rasa and action servers, local Telegram/Twilio stand-ins."""
import json
import random
import subprocess
import sys
import threading
import time


from bot import content
from bot.i18n import translate
from tests.support.servers import ROOT
from tests.support.webhooks import button_update, text_update, to_telegram, to_whatsapp, whatsapp_form


def desk_post(channels, update):
    from tests.support.webhooks import post, settle

    status = post(f"{channels.stack.url}/webhooks/desk/webhook", json.dumps(update).encode(),
                  {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": channels.desk_secret})[0]
    settle(channels.stack)
    return status


def desk_texts(channels, telegram_id):
    return [m["text"] for m in channels.desk.sent_to(telegram_id)]


def wait_until(check, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def new_card(channels, telegram_id, since: int):
    """The claim card of a request this ambassador is told about after `since` messages."""
    assert wait_until(lambda: any("reply_markup" in m and "Claim" in m["reply_markup"]
                                  for m in channels.desk.sent_to(telegram_id)[since:]))
    card = [m for m in channels.desk.sent_to(telegram_id)[since:] if "reply_markup" in m][-1]
    return card, json.loads(card["reply_markup"])["inline_keyboard"][0][0]["callback_data"]


def register(channels, name, telegram_id, languages, *flags):
    subprocess.run([sys.executable, "-m", "bot", "ambassadors", "add", "--name", name, "--telegram-id",
                    str(telegram_id), "--languages", languages, *flags],
                   cwd=ROOT, env=channels.stack.env, check=True, capture_output=True)


def whatsapp_bodies(channels, number):
    return [m.get("Body", "") for m in channels.twilio.sent_to(f"whatsapp:{number}")]


def test_someone_not_registered_is_politely_refused_and_nothing_else(channels, desk):
    stranger = random.randint(10**8, 10**9)
    desk_post(channels, text_update(stranger, "/queue"))
    desk_post(channels, text_update(stranger, "hello"))
    assert desk_texts(channels, stranger) == [translate("en", content.DESK_NOT_REGISTERED)] * 2


def test_a_person_is_connected_anonymously_and_messages_flow_both_ways(channels, desk):
    number = f"+316{random.randint(10**7, 10**8 - 1)}"
    to_whatsapp(channels, whatsapp_form(number, "I want to talk to a real person"))
    offer = whatsapp_bodies(channels, number)[-1]  # after the first-contact notice, and nothing after it
    assert offer.startswith(translate("en", content.HANDOFF_EXPLAIN))
    to_whatsapp(channels, whatsapp_form(number, "1"))  # "Yes, anyone"
    assert whatsapp_bodies(channels, number)[-1].startswith(translate("en", content.HANDOFF_WHEN))
    to_whatsapp(channels, whatsapp_form(number, "1"))  # "As soon as possible"
    assert any("in line" in body for body in whatsapp_bodies(channels, number)[-2:])
    assert whatsapp_bodies(channels, number)[-1] == translate("en", content.HANDOFF_NOTE_INVITE)
    to_whatsapp(channels, whatsapp_form(number, "I am afraid of my husband"))
    assert whatsapp_bodies(channels, number)[-1] == translate("en", content.HANDOFF_NOTE_SAVED)

    # Both Arabic/English ambassadors are told; the Tigrinya one is not.
    assert wait_until(lambda: any("Claim" in json.dumps(m.get("reply_markup", "")) for m in channels.desk.sent_to(desk["amal"]))
                      and any("Claim" in json.dumps(m.get("reply_markup", "")) for m in channels.desk.sent_to(desk["omar"])))
    card = [m for m in channels.desk.sent_to(desk["amal"]) if "reply_markup" in m][-1]
    claim = json.loads(card["reply_markup"])["inline_keyboard"][0][0]["callback_data"]
    case = int(claim.split(":")[1])
    assert not any(f"#{case}" in t for t in desk_texts(channels, desk["yonas"]))
    assert number not in card["text"] and number.lstrip("+") not in card["text"]
    assert "afraid" not in card["text"]  # the person's words go only to who claims

    # Both press Claim at the same moment: exactly one wins.
    threads = [threading.Thread(target=desk_post, args=(channels, button_update(desk[who], claim))) for who in ("amal", "omar")]
    [t.start() for t in threads]
    [t.join() for t in threads]
    won = {who: translate("en", content.DESK_CLAIMED, case=case) in desk_texts(channels, desk[who]) for who in ("amal", "omar")}
    lost = {who: translate("en", content.DESK_TAKEN, case=case) in desk_texts(channels, desk[who]) for who in ("amal", "omar")}
    assert sorted(won.values()) == [False, True] and sorted(lost.values()) == [False, True]
    winner = desk["amal"] if won["amal"] else desk["omar"]
    loser = desk["omar"] if won["amal"] else desk["amal"]
    assert translate("en", content.DESK_NOTE, note="I am afraid of my husband") in desk_texts(channels, winner)
    assert not any("afraid" in t for t in desk_texts(channels, loser))
    assert whatsapp_bodies(channels, number)[-1] == translate("en", content.HANDOFF_CONNECTED)

    # The person writes: the ambassador reads it under the case number, nothing else.
    to_whatsapp(channels, whatsapp_form(number, "my husband took my passport"))
    assert desk_texts(channels, winner)[-1] == f"#{case}: my husband took my passport"
    # The ambassador answers: the person gets it on WhatsApp, from Bridge's number.
    desk_post(channels, text_update(winner, "I am here. You are not alone."))
    sent = channels.twilio.sent_to(f"whatsapp:{number}")[-1]
    assert sent["Body"] == "I am here. You are not alone." and sent["From"] == channels.whatsapp_from

    # Danger during the chat: the emergency answer at once, and the ambassador is alerted.
    to_whatsapp(channels, whatsapp_form(number, "he is coming to hurt me now"))
    assert "112" in whatsapp_bodies(channels, number)[-1]
    assert translate("en", content.DESK_DANGER, case=case) in desk_texts(channels, winner)

    # The person ends it, is back with the bot, and may rate it.
    to_whatsapp(channels, whatsapp_form(number, "stop"))
    assert translate("en", content.HANDOFF_ENDED) in whatsapp_bodies(channels, number)
    assert translate("en", content.DESK_PERSON_LEFT, case=case) in desk_texts(channels, winner)
    # After a chat with a danger alert the ambassador rests, until they say they are ready.
    assert desk_texts(channels, winner)[-1] == translate("en", content.DESK_PAUSE_STARTED, minutes=30)
    desk_post(channels, text_update(winner, "/ready"))
    to_whatsapp(channels, whatsapp_form(number, "4"))
    assert whatsapp_bodies(channels, number)[-1] == translate("en", content.HANDOFF_RATED)
    to_whatsapp(channels, whatsapp_form(number, "how do i register with a family doctor"))
    assert whatsapp_bodies(channels, number)[-1].startswith(translate("en", content.TOPICS["gp"].body))


def test_a_wish_for_a_woman_reaches_only_women_and_the_ambassador_can_close(channels, desk):
    chat_id = random.randint(10**9, 10**10)
    since = len(channels.desk.sent_to(desk["amal"]))
    to_telegram(channels, text_update(chat_id, "I was raped yesterday, what can I do?"))
    to_telegram(channels, button_update(chat_id, "/yes"))
    to_telegram(channels, button_update(chat_id, "/handoff woman now"))
    card, claim = new_card(channels, desk["amal"], since)
    assert "a woman" in card["text"]
    case = int(claim.split(":")[1])
    assert not any(f"#{case}" in t for t in desk_texts(channels, desk["omar"]))
    assert "Sexual violence" in card["text"]

    desk_post(channels, button_update(desk["amal"], claim))
    desk_post(channels, text_update(desk["amal"], "/csg"))
    person = [m["text"] for m in channels.telegram.sent_to(chat_id)]
    assert translate("en", content.TOPICS["csg"].body) in person
    desk_post(channels, text_update(desk["amal"], "/close"))
    desk_post(channels, button_update(desk["amal"], f"close:{case}:csg"))
    assert translate("en", content.DESK_CLOSED, case=case) in desk_texts(channels, desk["amal"])
    assert translate("en", content.HANDOFF_ENDED) in [m["text"] for m in channels.telegram.sent_to(chat_id)]


def test_nobody_answering_in_time_gives_the_24_7_numbers(channels, desk):
    number = f"+316{random.randint(10**7, 10**8 - 1)}"
    to_whatsapp(channels, whatsapp_form(number, "Soomaali"))
    to_whatsapp(channels, whatsapp_form(number, "waxaan rabaa inaan la hadlo qof dhab ah"))
    to_whatsapp(channels, whatsapp_form(number, "/handoff any now"))  # no Somali ambassador
    assert wait_until(lambda: any("0800-0188" in b and "112" in b for b in whatsapp_bodies(channels, number)), timeout=30)
    notice = next(b for b in whatsapp_bodies(channels, number) if "0800-0188" in b)
    assert notice.startswith(translate("so", content.HANDOFF_TIMEOUT))
    to_whatsapp(channels, whatsapp_form(number, "2"))  # "Stop waiting"
    assert whatsapp_bodies(channels, number)[-1] == translate("so", content.HANDOFF_CANCELLED)


def test_a_person_may_ask_for_an_ambassador_in_another_language_and_for_later_today(channels, desk):
    chat_id = random.randint(10**9, 10**10)
    since = len(channels.desk.sent_to(desk["yonas"]))
    to_telegram(channels, text_update(chat_id, "أريد التحدث مع شخص حقيقي"))
    to_telegram(channels, button_update(chat_id, "/handoff in choose"))
    assert [m["text"] for m in channels.telegram.sent_to(chat_id)][-1] == translate("ar", content.HANDOFF_WHICH_LANGUAGE)
    to_telegram(channels, button_update(chat_id, "/handoff in ti"))
    to_telegram(channels, button_update(chat_id, "/handoff any"))
    to_telegram(channels, button_update(chat_id, "/handoff any later"))
    card, claim = new_card(channels, desk["yonas"], since)
    assert "(ti)" in card["text"] and translate("en", content.DESK_WISH_LATER) in card["text"]
    assert not any(card["text"] == t for t in desk_texts(channels, desk["amal"]))
    desk_post(channels, button_update(desk["yonas"], claim))
    # The bot keeps talking to the person in their own language.
    assert [m["text"] for m in channels.telegram.sent_to(chat_id)][-1] == translate("ar", content.HANDOFF_CONNECTED)
    desk_post(channels, button_update(desk["yonas"], f"close:{claim.split(':')[1]}:helped"))
    assert [m["text"] for m in channels.telegram.sent_to(chat_id)][-1] == translate("ar", content.HANDOFF_RATE)


def test_a_live_chat_survives_a_restart(channels, desk):
    chat_id = random.randint(10**9, 10**10)
    since = len(channels.desk.sent_to(desk["yonas"]))
    to_telegram(channels, text_update(chat_id, "ሰብ ክዛረብ እደሊ"))
    to_telegram(channels, button_update(chat_id, "/handoff any now"))
    _, claim = new_card(channels, desk["yonas"], since)
    desk_post(channels, button_update(desk["yonas"], claim))

    channels.stack.stop()
    channels.stack.start()

    to_telegram(channels, text_update(chat_id, "ኣብዚ ኣለኹ"))
    assert desk_texts(channels, desk["yonas"])[-1].endswith(": ኣብዚ ኣለኹ")
    desk_post(channels, text_update(desk["yonas"], "ሰላም"))
    assert [m["text"] for m in channels.telegram.sent_to(chat_id)][-1] == "ሰላም"


def test_odd_desk_input_gets_a_clear_answer(channels, desk):
    sara = random.randint(10**8, 10**9)
    register(channels, "Sara", sara, "fa")
    assert desk_post(channels, text_update(sara, "/nonsense")) == 200
    assert desk_post(channels, button_update(sara, "claim:abc")) == 200
    assert desk_texts(channels, sara) == [translate("en", content.DESK_WELCOME, name="Sara"),
                                          translate("en", content.DESK_NO_CASE)]


def test_a_claim_pressed_while_the_desk_api_is_down_counts_and_its_notices_follow(channels, desk):
    chat_id = random.randint(10**9, 10**10)
    since = len(channels.desk.sent_to(desk["yonas"]))
    to_telegram(channels, text_update(chat_id, "ሰብ ክዛረብ እደሊ"))
    to_telegram(channels, button_update(chat_id, "/handoff any now"))
    _, claim = new_card(channels, desk["yonas"], since)
    case = int(claim.split(":")[1])
    channels.desk.failures = [(502, "Bad Gateway")] * 3  # the desk API is down when Yonas presses Claim
    assert desk_post(channels, button_update(desk["yonas"], claim)) == 200
    assert translate("en", content.DESK_CLAIMED, case=case) in desk_texts(channels, desk["yonas"])
    assert [m["text"] for m in channels.telegram.sent_to(chat_id)][-1] == translate("ti", content.HANDOFF_CONNECTED)
    desk_post(channels, button_update(desk["yonas"], f"close:{case}:helped"))
