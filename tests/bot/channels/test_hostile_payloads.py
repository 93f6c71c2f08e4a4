"""Bad input through the real servers: a clear 4xx (or 200 and ignored, for
Telegram updates we do not serve), never a 5xx, and nobody else slowed down."""
import json
import random
import time

import pytest

from tests.support.webhooks import post, text_update, to_telegram, to_whatsapp, whatsapp_form


def telegram_with_chat(chat_id) -> dict:
    update = text_update(1, "hello")
    update["message"]["chat"]["id"] = chat_id
    return update


@pytest.mark.parametrize("body", [
    json.dumps(telegram_with_chat(None)).encode(),
    json.dumps(telegram_with_chat([1, 2])).encode(),
    json.dumps(telegram_with_chat("12345")).encode(),
    json.dumps(telegram_with_chat(True)).encode(),
    b'{"update_id": NaN}',
    b'{"update_id": 5, "message": {"chat": {"id": NaN, "type": "private"}, "text": "x"}}',
    b"[" * 30_000 + b"]" * 30_000,  # as deep as fits under the 64 KB cap
    b'{"update_id": 5, "callback_query": {"id": "1", "data": "x", "message": {"chat": {"id": {}, "type": "private"}}}}',
], ids=["chat id null", "chat id list", "chat id string", "chat id bool", "nan update id", "nan chat id",
        "30000 deep", "callback chat id object"])
def test_a_telegram_payload_we_cannot_read_is_a_400(channels, body):
    assert to_telegram(channels, body) == 400


@pytest.mark.parametrize("extra", [{"NumMedia": "abc"}, {"NumMedia": "-1"}, {"NumMedia": "1e9"}, {"NumMedia": "²"},
                                   {"NumMedia": "①"}, {"NumMedia": "9" * 5000}],
                         ids=["letters", "negative", "exponent", "superscript two", "circled one", "5000 digits"])
def test_a_whatsapp_form_with_a_bad_media_count_is_a_400(channels, extra):
    number = f"+316{random.randint(10**7, 10**8 - 1)}"
    assert to_whatsapp(channels, whatsapp_form(number, "hello", **extra))[0] == 400


def test_a_huge_body_is_refused_before_it_is_read_and_others_are_not_slowed(channels):
    huge = b"Body=" + b"x" * 20_000_000
    try:
        status, _ = post(f"{channels.stack.url}/webhooks/whatsapp/webhook", huge,
                         {"Content-Type": "application/x-www-form-urlencoded"})
    except OSError:  # refused after the headers, while we were still sending: the connection is cut
        status = 413
    assert status == 413
    started = time.monotonic()
    assert to_telegram(channels, text_update(random.randint(10**9, 10**10), "hello")) == 200
    assert time.monotonic() - started < 10  # generous: a stalled server takes far longer


def test_a_storm_of_mangled_payloads_gets_no_5xx(channels):
    """Random mutations of real updates and forms, signed or with the secret, as a hostile client sends."""
    rng = random.Random(7)
    junk = [None, [], {}, "", "x" * 5000, -1, 2**70, 1.5, True, {"id": "x"}, "\u202e\u0000", "٣", "²", "9" * 5000]
    statuses = []
    for _ in range(1500):  # 3,000 payloads, as the hostile tester sent
        update = text_update(rng.randint(1, 10**9), "hi")
        path = rng.choice([("message",), ("message", "chat"), ("message", "chat", "id"), ("message", "text"),
                           ("update_id",), ("message", "chat", "type")])
        target = update
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = rng.choice(junk)
        statuses.append(to_telegram(channels, update))
        form = whatsapp_form(f"+316{rng.randint(10**7, 10**8 - 1)}", "hi")
        form[rng.choice(["Body", "NumMedia", "From", "MessageSid", "Latitude"])] = str(rng.choice(junk))
        statuses.append(to_whatsapp(channels, form)[0])
    assert [s for s in statuses if s >= 500] == []
