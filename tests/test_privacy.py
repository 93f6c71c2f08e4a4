"""No raw identifier and no message text is ever written where it could leak:
not in the database files, not in the logs (driven through both channels)."""
from tests.conftest import TELEGRAM_TOKEN
from tests.support.webhooks import text_update, to_telegram, to_whatsapp, whatsapp_form

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
