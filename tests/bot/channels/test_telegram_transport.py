"""The Telegram transport and the outbox against the local Bot API stand-in, without Rasa."""
import asyncio

import pytest

from bot.channels.telegram.transport import TelegramTransport, make_bot
from bot.delivery.outbox import Blocked, Rejected, RetryLater
from bot.replies import Button, Reply
from bot.text_split import split_text
from tests.support.fakes import FakeTelegram

TOKEN = "42:outbox-test"


@pytest.fixture
def telegram():
    fake = FakeTelegram(TOKEN).start()
    yield fake
    fake.stop()


def send(telegram, replies):
    async def go():
        bot = make_bot(TOKEN, telegram.url)
        async with bot:
            for reply in replies:
                await TelegramTransport(bot).deliver("1001", reply)
    asyncio.run(go())
    return telegram.sent_to(1001)


def test_text_is_escaped_for_html(telegram):
    sent = send(telegram, [Reply("a <b> & c")])
    assert sent[0]["text"] == "a &lt;b&gt; &amp; c" and sent[0]["parse_mode"] == "HTML"


def test_a_long_reply_is_split_under_the_limit_with_buttons_on_the_last_part(telegram):
    long_text = "\n".join(f"line {n} " + "x" * 80 for n in range(100))
    sent = send(telegram, [Reply(long_text, (Button("Yes", "/yes"),))])
    assert len(sent) > 1 and all(len(m["text"]) <= 4096 for m in sent)
    assert "reply_markup" in sent[-1] and all("reply_markup" not in m for m in sent[:-1])
    assert "\n".join(m["text"] for m in sent) == long_text


def test_split_text_keeps_everything_and_respects_the_limit():
    text = "short\n" + "y" * 250 + "\nend"
    parts = split_text(text, 100)
    assert all(len(p) <= 100 for p in parts) and "".join(parts).replace("\n", "") == text.replace("\n", "")
    assert split_text("", 10) == [""]


@pytest.mark.parametrize("status,description,error", [
    (429, "Too Many Requests: retry after 7", RetryLater),
    (403, "Forbidden: bot was blocked by the user", Blocked),
    (400, "Bad Request: message is too long", Rejected),
    (502, "Bad Gateway", RetryLater),
])
def test_each_failure_of_the_bot_api_is_told_apart(telegram, status, description, error):
    telegram.failures = [(status, description)]
    with pytest.raises(error):
        send(telegram, [Reply("hello")])


def test_an_unreachable_bot_api_means_try_again_later():
    async def go():
        await TelegramTransport(make_bot(TOKEN, "http://127.0.0.1:9")).deliver("1001", Reply("hello"))
    with pytest.raises(RetryLater):
        asyncio.run(go())
