"""Issue 7 end to end: every promise of the hand-off holds at every step.

The real Rasa and action servers, the desk bot, and local Telegram/Twilio
stand-ins; the clock is moved by moving a deadline or a last-message time in
the stack's own database."""
import random
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from bot import content, privacy
from bot.i18n import translate
from tests.conftest import HANDOFF_TEMPLATE
from tests.support.webhooks import (button_update, media_update, text_update, to_telegram, to_whatsapp,
                                    whatsapp_form)
from tests.bot.handoff.test_handoff_end_to_end import (desk_post, desk_texts, new_card, register, wait_until,
                                                       whatsapp_bodies)

en = lambda message, **values: translate("en", message, **values)  # noqa: E731


def database(channels):
    return sa.create_engine(channels.stack.database_url)


def telegram_texts(channels, chat_id):
    return [m["text"] for m in channels.telegram.sent_to(chat_id)]


def waiting_on_telegram(channels, ambassador_id):
    """A Tigrinya person on Telegram who asked for anyone now; (chat id, the Claim payload `ambassador_id` got)."""
    chat_id = random.randint(10**9, 10**10)
    since = len(channels.desk.sent_to(ambassador_id))
    to_telegram(channels, text_update(chat_id, "ሰብ ክዛረብ እደሊ"))
    to_telegram(channels, button_update(chat_id, "/handoff any now"))
    return chat_id, new_card(channels, ambassador_id, since)[1]


def live_on_telegram(channels, ambassador_id):
    """A Tigrinya person on Telegram in a live chat with `ambassador_id`; (chat id, case)."""
    chat_id, claim = waiting_on_telegram(channels, ambassador_id)
    desk_post(channels, button_update(ambassador_id, claim))
    return chat_id, int(claim.split(":")[1])


def test_an_ambassador_who_does_not_fit_cannot_claim_whatever_they_type(channels, desk):
    chat_id = random.randint(10**9, 10**10)
    since = len(channels.desk.sent_to(desk["amal"]))
    to_telegram(channels, text_update(chat_id, "أريد التحدث مع شخص حقيقي"))
    to_telegram(channels, button_update(chat_id, "/handoff woman now"))
    to_telegram(channels, text_update(chat_id, "زوجي يضربني"))  # the note
    _, claim = new_card(channels, desk["amal"], since)
    case = int(claim.split(":")[1])

    desk_post(channels, text_update(desk["yonas"], f"claim:{case}"))  # Tigrinya only, not a woman
    assert desk_texts(channels, desk["yonas"])[-1] == en(content.DESK_REFUSED_LANGUAGE, case=case)
    desk_post(channels, button_update(desk["omar"], claim))  # Arabic, but not a woman
    assert desk_texts(channels, desk["omar"])[-1] == en(content.DESK_REFUSED_WOMAN, case=case)
    assert not any("زوجي" in t for who in ("yonas", "omar") for t in desk_texts(channels, desk[who]))

    desk_post(channels, button_update(desk["amal"], claim))
    assert en(content.DESK_CLAIMED, case=case) in desk_texts(channels, desk["amal"])
    desk_post(channels, button_update(desk["amal"], f"close:{case}:helped"))


def test_an_ambassador_with_as_many_chats_as_allowed_cannot_claim_another(channels, desk):
    solo = random.randint(10**8, 10**9)
    register(channels, "Solo", solo, "ti", "--max-chats", "1")
    desk_post(channels, text_update(solo, "/available"))
    _, first = live_on_telegram(channels, solo)
    _, claim = waiting_on_telegram(channels, desk["yonas"])
    second = int(claim.split(":")[1])
    desk_post(channels, text_update(solo, f"claim:{second}"))
    assert desk_texts(channels, solo)[-1] == en(content.DESK_REFUSED_FULL, case=second)
    desk_post(channels, button_update(desk["yonas"], claim))
    for who, case in ((solo, first), (desk["yonas"], second)):
        desk_post(channels, button_update(who, f"close:{case}:helped"))


def test_a_deactivated_ambassador_gets_nothing_more_and_the_person_goes_back_in_line(channels, desk):
    import subprocess
    import sys

    from tests.support.servers import ROOT

    leaving = random.randint(10**8, 10**9)
    register(channels, "Leaving", leaving, "ti")
    desk_post(channels, text_update(leaving, "/available"))
    desk_post(channels, text_update(desk["yonas"], "/away"))  # so the case goes to Leaving
    try:
        chat_id, case = live_on_telegram(channels, leaving)
    finally:
        desk_post(channels, text_update(desk["yonas"], "/available"))
    ambassador_id = _ambassador_id(channels, leaving)
    since = len(channels.desk.sent_to(desk["yonas"]))
    done = subprocess.run([sys.executable, "-m", "bot", "ambassadors", "deactivate", str(ambassador_id)],
                          cwd=ROOT, env=channels.stack.env, capture_output=True, text=True)
    assert done.returncode == 0 and f"#{case}" in done.stdout
    assert wait_until(lambda: translate("ti", content.HANDOFF_HANDED_BACK) in telegram_texts(channels, chat_id))

    seen = len(desk_texts(channels, leaving))
    to_telegram(channels, text_update(chat_id, "ኣድራሻይ እዚ እዩ"))  # "my address is ..."
    assert len(desk_texts(channels, leaving)) == seen  # nothing relayed to him any more
    # Another ambassador is told of the case again, with the note.
    card, claim = new_card(channels, desk["yonas"], since)
    assert int(claim.split(":")[1]) == case
    desk_post(channels, button_update(desk["yonas"], claim))
    assert en(content.DESK_TRANSFER_NOTE, note=en(content.DESK_HANDED_BACK_NOTE)) in desk_texts(channels, desk["yonas"])
    desk_post(channels, button_update(desk["yonas"], f"close:{case}:helped"))


def test_a_later_today_request_expires_at_its_deadline_with_the_24_7_numbers(channels, desk):
    number = f"+316{random.randint(10**7, 10**8 - 1)}"
    to_whatsapp(channels, whatsapp_form(number, "Soomaali"))
    to_whatsapp(channels, whatsapp_form(number, "waxaan rabaa inaan la hadlo qof dhab ah"))
    to_whatsapp(channels, whatsapp_form(number, "/handoff any later"))  # no Somali ambassador
    with database(channels).begin() as db:
        case = db.execute(sa.text("SELECT max(id) FROM handoffs")).scalar()
        deadline = db.execute(sa.text("SELECT expires_at FROM handoffs WHERE id = :id"), {"id": case}).scalar()
        assert deadline is not None
        db.execute(sa.text("UPDATE handoffs SET expires_at = :past WHERE id = :id"),
                   {"past": datetime.now(timezone.utc) - timedelta(seconds=1), "id": case})
    assert wait_until(lambda: any(b.startswith(translate("so", content.HANDOFF_EXPIRED)) for b in
                                  whatsapp_bodies(channels, number)), timeout=30)
    notice = next(b for b in whatsapp_bodies(channels, number) if b.startswith(translate("so", content.HANDOFF_EXPIRED)))
    assert "112" in notice and "0800" in notice
    with database(channels).begin() as db:
        assert db.execute(sa.text("SELECT state FROM handoffs WHERE id = :id"), {"id": case}).scalar() == "expired"
        steps = db.execute(sa.text("SELECT state FROM handoff_events WHERE handoff_id = :id ORDER BY id"),
                           {"id": case}).scalars().all()
    assert steps == ["waiting", "expired"]


def _ambassador_id(channels, telegram_id) -> int:
    with database(channels).begin() as db:
        return db.execute(sa.text("SELECT id FROM ambassadors WHERE telegram_id = :t"), {"t": str(telegram_id)}).scalar()


def test_forget_in_a_live_chat_is_never_relayed_ends_the_chat_and_clears_the_telegram_chat(channels, desk):
    chat_id, case = live_on_telegram(channels, desk["yonas"])
    said = text_update(chat_id, "ሰላም፣ ከመይ ኣለኺ?")
    to_telegram(channels, said)
    assert desk_texts(channels, desk["yonas"])[-1] == f"#{case}: ሰላም፣ ከመይ ኣለኺ?"
    seen = len(desk_texts(channels, desk["yonas"]))
    for command in ("/menu", "/language"):  # for the bot, not for the ambassador
        to_telegram(channels, text_update(chat_id, command))
    assert len(desk_texts(channels, desk["yonas"])) == seen

    forget = text_update(chat_id, "/forget")
    to_telegram(channels, forget)
    assert desk_texts(channels, desk["yonas"])[seen:] == [en(content.DESK_PERSON_LEFT, case=case)]
    assert telegram_texts(channels, chat_id)[-1] == translate("ti", content.FORGET_CONFIRM)
    ours = [m["message_id"] for m in _telegram_results(channels, chat_id)]
    to_telegram(channels, button_update(chat_id, "/yes"))
    done = "\n".join(telegram_texts(channels, chat_id)[-2:])
    assert done.startswith(translate("ti", content.FORGET_DONE))
    assert translate("ti", content.FORGET_DONE_TELEGRAM) in done  # says what is and is not deleted
    deleted = {int(p["message_id"]) for p in channels.telegram.called("deleteMessage")
               if str(p["chat_id"]) == str(chat_id)}
    assert {said["message"]["message_id"], forget["message"]["message_id"]} <= deleted  # the person's
    assert set(ours) <= deleted  # and the bot's
    with database(channels).begin() as db:
        assert db.execute(sa.text("SELECT count(*) FROM handoffs WHERE id = :id"), {"id": case}).scalar() == 0
        assert db.execute(sa.text("SELECT count(*) FROM chat_messages WHERE recipient = :r"),
                          {"r": privacy.lookup_key("telegram", str(chat_id))}).scalar() <= 1  # the confirmation


def test_on_whatsapp_forget_says_how_to_clear_the_chat_on_the_phone(channels):
    number = f"+316{random.randint(10**7, 10**8 - 1)}"
    to_whatsapp(channels, whatsapp_form(number, "hello"))
    to_whatsapp(channels, whatsapp_form(number, "/forget"))
    to_whatsapp(channels, whatsapp_form(number, "yes"))
    assert en(content.FORGET_DONE_WHATSAPP) in "\n".join(whatsapp_bodies(channels, number)[-2:])


def test_a_voice_note_and_a_photo_go_both_ways_on_telegram_and_nothing_is_kept(channels, desk):
    chat_id, case = live_on_telegram(channels, desk["yonas"])
    channels.telegram.files["voice-of-the-person"] = b"OggS person speaking"
    voice = media_update(chat_id, "voice")
    voice["message"]["voice"]["file_id"] = "voice-of-the-person"
    to_telegram(channels, voice)
    assert wait_until(lambda: any(method == "sendVoice" and params["voice"] == b"OggS person speaking"
                                  for method, params in channels.desk.uploads_to(desk["yonas"])))
    assert translate("ti", content.ONLY_TEXT) not in telegram_texts(channels, chat_id)
    uploads = len(channels.desk.uploads_to(desk["yonas"]))
    too_big = media_update(chat_id, "voice")
    too_big["message"]["voice"]["file_size"] = 50 * 1024 * 1024  # a 50 MB recording
    to_telegram(channels, too_big)
    assert telegram_texts(channels, chat_id)[-1] == translate("ti", content.HANDOFF_MEDIA_TOO_BIG)
    assert len(channels.desk.uploads_to(desk["yonas"])) == uploads

    channels.desk.files["photo-of-the-ambassador"] = b"\xff\xd8 a map to the GP"
    photo = media_update(desk["yonas"], "photo")
    photo["message"]["photo"][0]["file_id"] = "photo-of-the-ambassador"
    photo["message"]["caption"] = f"#{case} this is the way to the GP"  # an ambassador may have several chats
    desk_post(channels, photo)
    assert wait_until(lambda: any(method == "sendPhoto" and params["photo"] == b"\xff\xd8 a map to the GP"
                                  and params.get("caption") == "this is the way to the GP"
                                  for method, params in channels.telegram.uploads_to(chat_id)))
    desk_post(channels, button_update(desk["yonas"], f"close:{case}:helped"))
    with database(channels).begin() as db:
        assert db.execute(sa.text("SELECT count(*) FROM media_files")).scalar() == 0

    # Outside a live chat the bot still says, kindly, that it reads text.
    to_telegram(channels, voice)
    to_telegram(channels, media_update(chat_id, "voice"))
    assert telegram_texts(channels, chat_id)[-1] == translate("ti", content.ONLY_TEXT)


def test_a_voice_note_and_a_photo_go_both_ways_on_whatsapp_and_the_url_works_once(channels, desk):
    import urllib.error
    import urllib.request

    number, case = _live_on_whatsapp(channels, desk)
    url = channels.twilio.media_url("person-voice", b"OggS from WhatsApp")
    to_whatsapp(channels, whatsapp_form(number, "", NumMedia="1", MediaUrl0=url, MediaContentType0="audio/ogg"))
    assert wait_until(lambda: any(method == "sendVoice" and params["voice"] == b"OggS from WhatsApp"
                                  for method, params in channels.desk.uploads_to(desk["amal"])))

    channels.desk.files["ambassador-voice"] = b"OggS ambassador answering"
    voice = media_update(desk["amal"], "voice")
    voice["message"]["voice"]["file_id"] = "ambassador-voice"
    desk_post(channels, voice)
    sent = channels.twilio.sent_to(f"whatsapp:{number}")[-1]
    held = sent["MediaUrl"]
    assert held.startswith(f"{channels.public_url}/webhooks/whatsapp/media/")
    local = held.replace(channels.public_url, channels.stack.url)  # Twilio fetches it through the proxy
    with urllib.request.urlopen(local, timeout=10) as answer:
        assert answer.read() == b"OggS ambassador answering"
    with pytest.raises(urllib.error.HTTPError) as second:
        urllib.request.urlopen(local, timeout=10)
    assert second.value.code == 404  # gone once fetched
    with database(channels).begin() as db:
        assert db.execute(sa.text("SELECT count(*) FROM media_files")).scalar() == 0
    desk_post(channels, button_update(desk["amal"], f"close:{case}:helped"))


def test_after_24_hours_the_template_is_sent_and_the_reply_waits_for_the_person(channels, desk):
    number, case = _live_on_whatsapp(channels, desk)
    with database(channels).begin() as db:  # the person's last message was 25 hours ago
        db.execute(sa.text("UPDATE contacts SET last_inbound_at = :then WHERE lookup_key = :key"),
                   {"then": datetime.now(timezone.utc) - timedelta(hours=25),
                    "key": privacy.lookup_key("whatsapp", f"whatsapp:{number}")})
    desk_post(channels, text_update(desk["amal"], "Are you safe today?"))
    desk_post(channels, text_update(desk["amal"], "I am here when you want."))
    sent = channels.twilio.sent_to(f"whatsapp:{number}")
    assert [m.get("ContentSid") for m in sent].count(HANDOFF_TEMPLATE) == 1  # once, not per message
    assert not any(m.get("Body") == "Are you safe today?" for m in sent)
    assert desk_texts(channels, desk["amal"])[-1] == en(content.DESK_PERSON_HAS_WINDOW_TEMPLATE, case=case)

    to_whatsapp(channels, whatsapp_form(number, "hi"))  # the person opens the window again
    bodies = whatsapp_bodies(channels, number)
    assert bodies[-2:] == ["Are you safe today?", "I am here when you want."]
    assert desk_texts(channels, desk["amal"])[-1] == f"#{case}: hi"
    desk_post(channels, button_update(desk["amal"], f"close:{case}:helped"))


def _live_on_whatsapp(channels, desk):
    """An Arabic person on WhatsApp who asked for a woman, live with Amal; (number, case)."""
    number = f"+316{random.randint(10**7, 10**8 - 1)}"
    since = len(channels.desk.sent_to(desk["amal"]))
    to_whatsapp(channels, whatsapp_form(number, "أريد التحدث مع شخص حقيقي"))
    to_whatsapp(channels, whatsapp_form(number, "/handoff woman now"))
    _, claim = new_card(channels, desk["amal"], since)
    desk_post(channels, button_update(desk["amal"], claim))
    return number, int(claim.split(":")[1])


def _telegram_results(channels, chat_id):
    """Our messages in this chat, as the Bot API stand-in numbered them."""
    return [{"message_id": p["sent_message_id"]} for p in channels.telegram.sent_to(chat_id)]


def test_after_a_chat_with_a_danger_alert_the_ambassador_rests_until_they_say_ready(channels, desk):
    chat_id, case = live_on_telegram(channels, desk["yonas"])
    to_telegram(channels, text_update(chat_id, "he is coming to kill me now"))
    assert en(content.DESK_DANGER, case=case) in desk_texts(channels, desk["yonas"])
    desk_post(channels, button_update(desk["yonas"], f"close:{case}:helped"))
    assert desk_texts(channels, desk["yonas"])[-1] == en(content.DESK_PAUSE_STARTED, minutes=30)

    other = random.randint(10**9, 10**10)
    since = len(channels.desk.sent_to(desk["yonas"]))
    to_telegram(channels, text_update(other, "ሰብ ክዛረብ እደሊ"))
    to_telegram(channels, button_update(other, "/handoff any now"))
    with database(channels).begin() as db:
        waiting = db.execute(sa.text("SELECT max(id) FROM handoffs")).scalar()
    desk_post(channels, text_update(desk["yonas"], f"claim:{waiting}"))
    assert desk_texts(channels, desk["yonas"])[-1] == en(content.DESK_REFUSED_PAUSED, case=waiting)
    assert not any("reply_markup" in m for m in channels.desk.sent_to(desk["yonas"])[since:])  # not offered
    desk_post(channels, text_update(desk["yonas"], "/ready"))
    assert desk_texts(channels, desk["yonas"])[-1] == en(content.DESK_READY)
    desk_post(channels, text_update(desk["yonas"], f"claim:{waiting}"))
    assert en(content.DESK_CLAIMED, case=waiting) in desk_texts(channels, desk["yonas"])
    desk_post(channels, button_update(desk["yonas"], f"close:{waiting}:helped"))
