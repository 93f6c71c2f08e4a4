"""No raw identifier and no message text is ever written where it could leak:
not in the database files, not in the logs (driven through both channels)."""
import json

from tests.conftest import DESK_TOKEN, TELEGRAM_TOKEN, Channels
from tests.support.webhooks import post, settle, text_update, to_telegram, to_whatsapp, whatsapp_form

CHAT_ID = 7771234567890
PHONE = "+31687654321"
WORDS = ["Zanubia", "Kerkstraat", "Oudegracht"]


def test_no_chat_id_phone_number_or_message_text_reaches_the_database_or_the_logs(channels):
    to_telegram(channels, text_update(CHAT_ID, "Zanubia hits me at the Kerkstraat every night"))
    to_telegram(channels, text_update(CHAT_ID, "/language nl"))
    to_telegram(channels, text_update(CHAT_ID, "Oudegracht is where he waits, I was raped"))
    to_whatsapp(channels, whatsapp_form(PHONE, "Zanubia forced me at the Kerkstraat"))
    to_whatsapp(channels, whatsapp_form(PHONE, "1"))
    assert channels.telegram.sent_to(CHAT_ID) and channels.twilio.sent_to(f"whatsapp:{PHONE}")

    database = b"".join(p.read_bytes() for p in channels.workdir.glob("bridge.db*"))
    logs = channels.stack.logs()
    for secret in [str(CHAT_ID), PHONE, PHONE.lstrip("+"), *WORDS]:
        assert secret.encode() not in database, f"{secret} is in the database"
        assert secret not in logs, f"{secret} is in the logs"
    for credential in [TELEGRAM_TOKEN, channels.twilio_token, channels.telegram_secret]:
        assert credential not in logs


def test_with_every_logger_at_debug_the_logs_still_hold_nothing_personal(model, tmp_path):
    """Rasa, Sanic, httpx, python-telegram-bot and Twilio turned up to debug, both
    channels and the desk driven: no text, name, number, chat id or token in the log."""
    debug = Channels(model, tmp_path, {"LOG_LEVEL": "DEBUG", "LOG_LEVEL_LIBRARIES": "DEBUG"})
    debug.stack.start()
    try:
        update = text_update(CHAT_ID, "Zanubia hits me at the Kerkstraat every night")
        update["message"]["from"]["first_name"] = "Oudegracht"
        to_telegram(debug, update)
        to_whatsapp(debug, whatsapp_form(PHONE, "Zanubia forced me at the Kerkstraat"))
        desk = text_update(5550001112, "/available Kerkstraat")
        post(f"{debug.stack.url}/webhooks/desk/webhook", json.dumps(desk).encode(),
             {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": debug.desk_secret})
        settle(debug.stack)
        assert debug.telegram.sent_to(CHAT_ID) and debug.twilio.sent_to(f"whatsapp:{PHONE}")
        logs = debug.stack.logs()
        assert "DEBUG" in logs or "debug" in logs, "the libraries really were at debug"
        for secret in [str(CHAT_ID), PHONE, PHONE.lstrip("+"), "5550001112", *WORDS,
                       TELEGRAM_TOKEN, DESK_TOKEN, debug.twilio_token, debug.telegram_secret, debug.desk_secret]:
            assert secret not in logs, f"{secret} is in the logs"
    finally:
        debug.stop()
