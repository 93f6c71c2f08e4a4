"""The Telegram outbox against the local Bot API stand-in, without Rasa."""
import asyncio

import pytest

from bot.channels.telegram.outbox import TelegramOutbox, make_bot
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
            await TelegramOutbox(bot).send("1001", replies)
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


def test_a_delivery_that_failed_half_way_is_handled_again_on_retry(tmp_path, monkeypatch):
    from bot.channels.base import ConversationService, Incoming
    from bot.storage import contacts, db

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bridge.db'}")
    db.engine.cache_clear()
    db.migrate()

    class Broken:
        numbered_choices = False

        async def send(self, address, answer):
            raise ConnectionError("network down")

        async def acknowledge(self, callback_id):
            pass

    class Echo:
        async def respond(self, conversation_id, text):
            return [Reply(text)]

        async def language_of(self, conversation_id):
            return "en"

        async def classify(self, text):
            return "greet"

    service = ConversationService("telegram", Broken(), Echo())
    with pytest.raises(ConnectionError):
        asyncio.run(service.handle(Incoming("update-1", "1001", "hello")))
    assert contacts.first_delivery("telegram", "update-1")  # the retry is not taken for a duplicate
    db.engine.cache_clear()
