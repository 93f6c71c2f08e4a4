"""Posting real Telegram updates and signed Twilio webhooks to a running Bridge."""
import itertools
import json
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

_ids = itertools.count(int(time.time()) % 100000 * 1000)


def settle(stack, timeout: float = 60) -> None:
    """Wait until everything recorded was handled and every reply sent (the
    webhooks answer before the turn runs; /health says what still waits)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{stack.url}/health", timeout=10) as response:
                waiting = json.loads(response.read())["waiting"]
        except urllib.error.HTTPError as error:  # 503: a channel is down; the counts are still there
            waiting = json.loads(error.read())["waiting"]
        if waiting["inbox"] == 0 and waiting["outbox"] == 0:
            return
        time.sleep(0.05)
    raise AssertionError(f"still waiting after {timeout} s: {waiting}")


def post(url: str, body: bytes, headers: dict) -> tuple[int, bytes]:
    request = urllib.request.Request(url, body, headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


# --- Telegram ---------------------------------------------------------------------

def chat(chat_id: int) -> dict:
    return {"id": chat_id, "type": "private", "first_name": "Test"}


def text_update(chat_id: int, text: str, update_id: int | None = None) -> dict:
    return {"update_id": update_id or next(_ids), "message": {
        "message_id": next(_ids), "date": int(time.time()), "chat": chat(chat_id),
        "from": {"id": chat_id, "is_bot": False, "first_name": "Test"}, "text": text}}


def media_update(chat_id: int, kind: str) -> dict:
    content = {"voice": {"file_id": "f", "file_unique_id": "u", "duration": 3},
               "photo": [{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}],
               "sticker": {"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1, "is_animated": False,
                           "is_video": False, "type": "regular"},
               "location": {"latitude": 52.1, "longitude": 5.1},
               "document": {"file_id": "f", "file_unique_id": "u"}}[kind]
    return {"update_id": next(_ids), "message": {"message_id": next(_ids), "date": int(time.time()),
                                                  "chat": chat(chat_id), kind: content}}


def button_update(chat_id: int, data: str) -> dict:
    return {"update_id": next(_ids), "callback_query": {
        "id": str(next(_ids)), "from": {"id": chat_id, "is_bot": False, "first_name": "Test"},
        "chat_instance": "1", "data": data,
        "message": {"message_id": 1, "date": int(time.time()), "chat": chat(chat_id)}}}


def to_telegram(channels, update, secret: str | None = "default") -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = channels.telegram_secret if secret == "default" else secret
    body = update if isinstance(update, bytes) else json.dumps(update).encode()
    status = post(f"{channels.stack.url}/webhooks/telegram/webhook", body, headers)[0]
    settle(channels.stack)
    return status


# --- WhatsApp through Twilio --------------------------------------------------------

def whatsapp_form(number: str, text: str = "", **extra) -> dict:
    return {"MessageSid": f"SM{next(_ids):032d}", "AccountSid": "AC" + "1" * 32, "From": f"whatsapp:{number}",
            "To": "whatsapp:+3197000000000", "Body": text, "NumMedia": "0", **extra}


def to_whatsapp(channels, form: dict, signature: str | None = "valid") -> tuple[int, bytes]:
    path = "/webhooks/whatsapp/webhook"
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if signature == "valid":
        signature = RequestValidator(channels.twilio_token).compute_signature(channels.public_url + path, form)
    if signature is not None:
        headers["X-Twilio-Signature"] = signature
    answer = post(f"{channels.stack.url}{path}", urlencode(form).encode(), headers)
    settle(channels.stack)
    return answer
