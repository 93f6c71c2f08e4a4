"""Telegram end to end: real Rasa and action servers, a local Bot API stand-in."""
import json
import random

import pytest

from bot import content
from bot.i18n import translate
from tests.support.webhooks import button_update, media_update, text_update, to_telegram


@pytest.fixture
def chat_id():
    return random.randint(10**9, 10**10)


def texts(channels, chat_id):
    return [m["text"] for m in channels.telegram.sent_to(chat_id)]


def test_the_webhook_is_registered_with_the_secret_at_start(channels):
    registered = channels.telegram.wait_for("setWebhook")[-1]  # the start-up listener may still be running
    assert registered["url"] == "https://bridge.example/webhooks/telegram/webhook"
    assert registered["secret_token"] == channels.telegram_secret


def test_a_disclosure_is_answered_in_the_persons_chat_with_the_csg_number(channels, chat_id):
    assert to_telegram(channels, text_update(chat_id, "I was raped yesterday, what can I do?")) == 200
    sent = channels.telegram.sent_to(chat_id)
    assert "0800-0188" in sent[0]["text"] and "7 days" in sent[0]["text"]
    assert sent[0]["parse_mode"] == "HTML"


@pytest.mark.parametrize("secret", [None, "wrong-secret"])
def test_a_missing_or_wrong_secret_is_refused_and_nothing_is_processed(channels, chat_id, secret):
    assert to_telegram(channels, text_update(chat_id, "hello"), secret=secret) == 403
    assert channels.telegram.sent_to(chat_id) == []


def test_malformed_json_is_a_400(channels):
    assert to_telegram(channels, b"{not json") == 400
    assert to_telegram(channels, b'{"message": "no update id"}') == 400


@pytest.mark.parametrize("kind", ["edited_message", "channel_post", "my_chat_member"])
def test_other_update_types_are_accepted_and_ignored(channels, chat_id, kind):
    update = {"update_id": random.randint(1, 10**9), kind: {"chat": {"id": chat_id, "type": "private"}, "text": "x"}}
    assert to_telegram(channels, update) == 200
    assert channels.telegram.sent_to(chat_id) == []


def test_group_chats_are_never_answered(channels, chat_id):
    update = text_update(chat_id, "hello")
    update["message"]["chat"]["type"] = "group"
    assert to_telegram(channels, update) == 200
    assert channels.telegram.sent_to(chat_id) == []


def test_buttons_are_an_inline_keyboard_and_pressing_one_answers_like_typing(channels, chat_id):
    to_telegram(channels, text_update(chat_id, "/language en"))
    menu = channels.telegram.sent_to(chat_id)[-1]
    keyboard = json.loads(menu["reply_markup"])["inline_keyboard"]
    assert [row[0]["callback_data"] for row in keyboard] == [str(n) for n in range(1, 10)]
    to_telegram(channels, button_update(chat_id, "3"))
    assert channels.telegram.called("answerCallbackQuery")
    assert texts(channels, chat_id)[-1] == translate("en", content.TOPICS["asylum_centre"].body)


def test_start_menu_language_and_forget_commands(channels, chat_id):
    to_telegram(channels, text_update(chat_id, "/start"))
    assert texts(channels, chat_id)[-1] == translate("en", content.CHOOSE_LANGUAGE)
    to_telegram(channels, text_update(chat_id, "/language"))
    to_telegram(channels, button_update(chat_id, "/language uk"))
    assert translate("uk", content.LANGUAGE_SET) in texts(channels, chat_id)
    to_telegram(channels, text_update(chat_id, "/menu"))
    assert texts(channels, chat_id)[-1].startswith(translate("uk", content.MENU_PROMPT))
    to_telegram(channels, text_update(chat_id, "/forget"))
    assert texts(channels, chat_id)[-1] == translate("uk", content.FORGET_CONFIRM)
    to_telegram(channels, button_update(chat_id, "/yes"))
    assert texts(channels, chat_id)[-2:] == [translate("uk", content.FORGET_DONE),
                                             translate("uk", content.FORGET_DONE_TELEGRAM)]
    # A new message starts a fresh conversation: the first-contact notice again.
    to_telegram(channels, text_update(chat_id, "how do i register with a family doctor"))
    assert "/forget" in texts(channels, chat_id)[-2], "the notice, before the answer"


@pytest.mark.parametrize("kind", ["voice", "photo", "sticker", "location", "document"])
def test_media_gets_a_kind_text_only_reply_in_the_persons_language(channels, chat_id, kind):
    to_telegram(channels, text_update(chat_id, "/language ar"))
    to_telegram(channels, media_update(chat_id, kind))
    assert texts(channels, chat_id)[-1] == translate("ar", content.ONLY_TEXT)


def test_the_same_update_delivered_twice_is_answered_once(channels, chat_id):
    update = text_update(chat_id, "my husband hits me when he is angry")
    assert to_telegram(channels, update) == 200
    answered = len(channels.telegram.sent_to(chat_id))
    assert to_telegram(channels, update) == 200
    assert len(channels.telegram.sent_to(chat_id)) == answered


@pytest.mark.parametrize("text", ["", "   \n\t ", "a" * 20000, "🙏🙏😢", "\u200b\u200c\u200d", "help مساعدة please"])
def test_odd_messages_get_a_sensible_answer(channels, chat_id, text):
    assert to_telegram(channels, text_update(chat_id, text)) == 200
    sent = texts(channels, chat_id)
    assert sent, "every message gets an answer"
    if len(text) == 20000:
        assert sent[0] == translate("en", content.LONG_MESSAGE)


def test_a_flood_limit_is_waited_out_and_the_message_still_arrives(channels, chat_id):
    channels.telegram.flood_limit_next = 1
    to_telegram(channels, text_update(chat_id, "he is coming to hurt me now"))
    refused = [m for m in channels.telegram.called("sendMessage refused") if m["chat_id"] == str(chat_id)]
    assert len(refused) == 1
    assert texts(channels, chat_id)[0] == refused[0]["text"] and "112" in refused[0]["text"]


def test_without_a_webhook_url_long_polling_answers_people(model, tmp_path):
    from tests.conftest import TELEGRAM_TOKEN
    from tests.support.fakes import FakeTelegram
    from tests.support.servers import BridgeStack

    telegram = FakeTelegram(TELEGRAM_TOKEN).start()
    bridge = BridgeStack(model, tmp_path, f"sqlite:///{tmp_path / 'bridge.db'}",
                         {"TELEGRAM_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_API_URL": telegram.url})
    try:
        bridge.start()
        telegram.updates.append(text_update(4242, "ik wil niet meer leven"))
        sent = telegram.wait_for("sendMessage")
        assert "113" in sent[0]["text"] and sent[0]["chat_id"] == "4242"
        assert telegram.called("deleteWebhook") and not telegram.called("setWebhook")
    finally:
        bridge.stop()
        telegram.stop()


def test_a_webhook_url_without_a_secret_refuses_to_start(monkeypatch):
    from bot.engine.channels import TelegramInput
    from bot.settings import BadSetting

    monkeypatch.setenv("TELEGRAM_TOKEN", "1:x")
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "https://bridge.example/webhooks/telegram/webhook")
    monkeypatch.delenv("TELEGRAM_WEBHOOK_SECRET", raising=False)
    with pytest.raises(BadSetting, match="SECRET"):
        TelegramInput()


def test_any_bad_setting_stops_the_channels_as_rasa_starts_them(monkeypatch):
    """However the Rasa process was started (systemd, by hand), not only by `make run`."""
    from bot.engine.channels import WhatsAppInput
    from bot.settings import BadSetting

    monkeypatch.setenv("AMBASSADOR_HOURS", "9-21")
    with pytest.raises(BadSetting, match="AMBASSADOR_HOURS"):
        WhatsAppInput()


def test_health_says_per_channel_whether_it_is_up_and_names_nobody(channels):
    import urllib.request

    with urllib.request.urlopen(f"{channels.stack.url}/health", timeout=30) as answer:
        health = json.loads(answer.read())
    assert health["ok"] is True
    assert {"telegram", "whatsapp", "desk"} <= set(health["channels"])
    assert all(c["up"] for c in health["channels"].values() if c["configured"])
    assert set(health["waiting"]) == {"inbox", "outbox", "relayed"}
