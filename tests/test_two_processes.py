"""Bridge in several processes on one PostgreSQL and one Redis: a person's
messages, whichever process receives them, are answered in the order sent and
once each; a hand-off request is announced to an ambassador once and claimed
once; background work runs in one process only.

Two servers, as two machines behind one proxy would be, so that a test can
send each message to the other one; the first of them runs BRIDGE_WORKERS=2
(two processes on one port, as `make run` starts them), so three Rasa
processes serve in all."""
import json
import random
import subprocess
import sys
import threading
import time

import pytest
import sqlalchemy as sa

from bot import content, privacy
from bot.i18n import translate
from tests.conftest import DESK_TOKEN, TELEGRAM_TOKEN
from tests.support.fakes import FakeTelegram
from tests.support.servers import ROOT, BridgeStack
from tests.support.services import postgres_url, redis_url
from tests.support.webhooks import button_update, post, text_update

TELEGRAM_SECRET, DESK_SECRET = "telegram-secret-two", "desk-secret-two"


class TwoProcesses:
    def __init__(self, model, workdir, database_url: str, redis: str):
        self.telegram, self.desk = FakeTelegram(TELEGRAM_TOKEN).start(), FakeTelegram(DESK_TOKEN).start()
        self.database_url = database_url
        env = {"REDIS_URL": redis, "TELEGRAM_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_API_URL": self.telegram.url,
               "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
               "TELEGRAM_WEBHOOK_URL": "https://bridge.example/webhooks/telegram/webhook",
               "DESK_TELEGRAM_TOKEN": DESK_TOKEN, "DESK_TELEGRAM_API_URL": self.desk.url,
               "DESK_WEBHOOK_SECRET": DESK_SECRET, "DESK_WEBHOOK_URL": "https://bridge.example/webhooks/desk/webhook"}
        self.stacks = []
        for name, workers in (("a", "2"), ("b", "1")):
            (workdir / name).mkdir()
            self.stacks.append(BridgeStack(model, workdir / name, database_url,
                                           {**env, "BRIDGE_WORKERS": workers, "SANIC_WORKERS": workers}))

    def start(self) -> "TwoProcesses":
        for stack in self.stacks:
            stack.start()
        return self

    def stop(self) -> None:
        for stack in self.stacks:
            stack.stop()
        self.telegram.stop()
        self.desk.stop()

    def to_telegram(self, which: int, update: dict) -> int:
        return post(f"{self.stacks[which].url}/webhooks/telegram/webhook", json.dumps(update).encode(),
                    {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET})[0]

    def to_desk(self, which: int, update: dict) -> int:
        return post(f"{self.stacks[which].url}/webhooks/desk/webhook", json.dumps(update).encode(),
                    {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": DESK_SECRET})[0]

    def user_texts(self, chat_id: int) -> list[str]:
        """What the person said, as the conversation (Rasa's tracker) has it."""
        key = privacy.lookup_key("telegram", str(chat_id))
        with sa.create_engine(self.database_url).connect() as connection:
            conversation = connection.execute(sa.text("select conversation_id from contacts where lookup_key = :k"),
                                              {"k": key}).scalar()
        events = self.stacks[0].tracker(conversation)["events"]
        return [e["text"] for e in events if e["event"] == "user"]


@pytest.fixture(scope="module")
def two(model, tmp_path_factory):
    running = TwoProcesses(model, tmp_path_factory.mktemp("two"), postgres_url(), redis_url()).start()
    yield running
    running.stop()


def wait_until(check, timeout=60.0) -> bool:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def test_one_persons_messages_alternating_between_two_processes_are_answered_in_order_once_each(two):
    chat_id = random.randint(10**9, 10**10)
    said = ["hello", "how do I find a family doctor?", "2", "thank you", "/menu", "what does the insurance cost?"]
    for n, text in enumerate(said):  # sent at once, as a fast typist does; each process gets every other one
        assert two.to_telegram(n % 2, text_update(chat_id, text)) == 200
    assert wait_until(lambda: len(two.user_texts(chat_id)) == len(said) if two.telegram.sent_to(chat_id) else False)
    time.sleep(2)  # a duplicate turn, if any, would show up now
    assert two.user_texts(chat_id) == said, "every message once, in the order sent"
    bot_said = [e for e in two.stacks[1].tracker(_conversation(two, chat_id))["events"] if e["event"] == "bot"]
    assert wait_until(lambda: len(two.telegram.sent_to(chat_id)) >= len(bot_said))
    assert len(two.telegram.sent_to(chat_id)) == len(bot_said), "every reply delivered once"


def _conversation(two, chat_id):
    with sa.create_engine(two.database_url).connect() as connection:
        return connection.execute(sa.text("select conversation_id from contacts where lookup_key = :k"),
                                  {"k": privacy.lookup_key("telegram", str(chat_id))}).scalar()


def first_button(message: dict) -> str:
    return json.loads(message["reply_markup"])["inline_keyboard"][0][0]["callback_data"]


def test_a_hand_off_request_is_announced_once_and_claimed_once_across_two_processes(two):
    ambassador = random.randint(10**8, 10**9)
    subprocess.run([sys.executable, "-m", "bot", "ambassadors", "add", "--name", "Amal", "--telegram-id",
                    str(ambassador), "--languages", "en"], cwd=ROOT, env=two.stacks[0].env, check=True,
                   capture_output=True)
    two.to_desk(1, text_update(ambassador, "/available"))
    assert wait_until(lambda: two.desk.sent_to(ambassador))
    chat_id = random.randint(10**9, 10**10)
    two.to_telegram(0, text_update(chat_id, "I want to talk to a real person"))
    def offers():
        return [m for m in two.telegram.sent_to(chat_id) if "reply_markup" in m]
    for step, which in ((1, 1), (2, 0)):  # "yes, anyone", then "as soon as possible", each to another process
        assert wait_until(lambda: len(offers()) >= step)
        two.to_telegram(which, button_update(chat_id, first_button(offers()[-1])))

    def cards():
        return [m for m in two.desk.sent_to(ambassador) if "Claim" in json.dumps(m.get("reply_markup", ""))]
    assert wait_until(cards)
    time.sleep(6)  # several ticks of the hand-off clock: a second process's clock would announce it again
    assert len(cards()) == 1, "announced once"

    claim = first_button(cards()[0])
    case = int(claim.split(":")[1])
    presses = [threading.Thread(target=two.to_desk, args=(which, button_update(ambassador, claim))) for which in (0, 1)]
    [press.start() for press in presses]
    [press.join() for press in presses]
    claimed = translate("en", content.DESK_CLAIMED, case=case)
    taken = translate("en", content.DESK_TAKEN, case=case)
    assert wait_until(lambda: taken in [m["text"] for m in two.desk.sent_to(ambassador)])
    texts = [m["text"] for m in two.desk.sent_to(ambassador)]
    assert texts.count(claimed) == 1 and texts.count(taken) == 1, "claimed once; the second press is told"


def test_background_work_runs_in_one_of_the_three_processes(two):
    assert wait_until(lambda: "This process runs the hand-off clock." in "".join(s.logs() for s in two.stacks))
    logs = "".join(stack.logs() for stack in two.stacks)
    assert logs.count("This process runs the hand-off clock.") == 1
    assert logs.count("This process runs the retention clean-up.") == 1
