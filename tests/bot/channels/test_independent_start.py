"""One outage does not stop everything: with the Bot API unreachable at
start, WhatsApp and the REST channel serve, /health says which channel is
down, and Telegram connects by itself once the Bot API is back."""
import json
import time
import urllib.error
import urllib.request

from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

from tests.conftest import DESK_TOKEN, TELEGRAM_TOKEN, TWILIO_SID
from tests.support.fakes import FakeTelegram, FakeTwilio
from tests.support.servers import BridgeStack, free_port
from tests.support.webhooks import post, settle, whatsapp_form


def health(stack) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"{stack.url}/health", timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_whatsapp_serves_while_the_bot_api_is_down_and_telegram_connects_when_it_is_back(model, tmp_path):
    closed = f"http://127.0.0.1:{free_port()}"  # nothing listens here: the Bot API is down
    twilio = FakeTwilio(TWILIO_SID).start()
    stack = BridgeStack(model, tmp_path, f"sqlite:///{tmp_path / 'bridge.db'}", {
        "TELEGRAM_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_API_URL": closed,
        "TELEGRAM_WEBHOOK_URL": "https://bridge.example/webhooks/telegram/webhook",
        "TELEGRAM_WEBHOOK_SECRET": "s" * 20,
        "DESK_TELEGRAM_TOKEN": DESK_TOKEN, "DESK_TELEGRAM_API_URL": closed,
        "TWILIO_ACCOUNT_SID": TWILIO_SID, "TWILIO_AUTH_TOKEN": "twilio-token", "TWILIO_API_URL": twilio.url,
        "TWILIO_WHATSAPP_FROM": "whatsapp:+3197000000000", "BOT_PUBLIC_URL": "https://bridge.example",
    }).start()
    try:
        status, state = health(stack)
        assert status == 503 and state["channels"]["telegram"] == {"configured": True, "up": False}
        form = whatsapp_form("+31611112222", "he is coming to hurt me now")
        signature = RequestValidator("twilio-token").compute_signature(
            "https://bridge.example/webhooks/whatsapp/webhook", form)
        code, _ = post(f"{stack.url}/webhooks/whatsapp/webhook", urlencode(form).encode(),
                       {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature})
        settle(stack)
        assert code == 200 and twilio.sent_to("whatsapp:+31611112222")[0]["Body"].startswith("Call 112 now")
        assert stack.say("rest-person", "hello")
    finally:
        stack.stop()
        twilio.stop()


def test_telegram_registers_its_webhook_once_the_bot_api_answers(model, tmp_path):
    telegram = FakeTelegram(TELEGRAM_TOKEN)
    port = telegram.httpd.server_address[1]  # bound, but not answering until started
    stack = BridgeStack(model, tmp_path, f"sqlite:///{tmp_path / 'bridge.db'}", {
        "TELEGRAM_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_API_URL": f"http://127.0.0.1:{port}",
        "TELEGRAM_WEBHOOK_URL": "https://bridge.example/webhooks/telegram/webhook",
        "TELEGRAM_WEBHOOK_SECRET": "s" * 20,
    }).start()
    try:
        telegram.start()
        assert telegram.wait_for("setWebhook", timeout=90)[0]["secret_token"] == "s" * 20
        deadline = time.time() + 10
        while health(stack)[0] != 200 and time.time() < deadline:
            time.sleep(0.2)
        assert health(stack)[0] == 200
    finally:
        stack.stop()
        telegram.stop()
