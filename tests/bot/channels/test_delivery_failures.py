"""Delivery you can trust when something fails, through the real servers, on
SQLite and PostgreSQL: a database that refuses or resets its connections, a
Twilio or Bot API that fails on command. Whatever fails, each message is
answered once, in the person's language, or honestly not at all (a person
who blocked the bot), and never with a false promise.

The stack runs as `make run` does without BRIDGE_API_TOKEN: Rasa's HTTP API off."""
import json
import random
import re
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from bot import content, privacy
from bot.delivery import inbox
from bot.i18n import LANGUAGES, translate
from tests.conftest import Channels
from tests.support.services import postgres_url
from tests.support.webhooks import (button_update, post, settle, text_update, to_telegram, to_whatsapp,
                                    whatsapp_form)

GP_NL = "hoe schrijf ik me in bij een huisarts"
GP_AR = "كيف أسجل عند طبيب عام huisarts"
APOLOGIES = {translate(language, content.TECHNICAL_ERROR) for language in LANGUAGES}
TRIGGER = "bridge_refuses"
ADDRESSES: list[str] = []  # every chat id and number used here, to look for in the logs


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def bridge(request, model, tmp_path_factory):
    workdir = tmp_path_factory.mktemp(f"failures-{request.param}")
    extra = {} if request.param == "sqlite" else {"DATABASE_URL": postgres_url()}
    running = Channels(model, workdir, extra)
    if request.param == "postgresql":
        running.stack.database_url = postgres_url()
    running.stack.api = False  # no BRIDGE_API_TOKEN: Rasa's HTTP API is off
    running.db = sa.create_engine(running.stack.database_url, pool_pre_ping=True)
    if request.param == "postgresql":  # shared between runs: an empty inbox and outbox, no trigger left over
        with running.db.begin() as connection:
            for table in ("inbox", "outbox"):
                if sa.inspect(connection).has_table(table):
                    connection.execute(sa.text(f"DELETE FROM {table}"))
            if sa.inspect(connection).has_table("events"):
                connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {TRIGGER} ON events"))
    running.stack.start()
    yield running
    running.stop()
    running.db.dispose()


def postgresql(bridge) -> bool:
    return bridge.db.dialect.name == "postgresql"


@contextmanager
def refusing(bridge, statement: str):
    """The database refuses `statement` (INSERT or DELETE) on Rasa's events table while inside."""
    with bridge.db.begin() as connection:
        if postgresql(bridge):
            connection.execute(sa.text(f"CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql "
                                       "AS $$ BEGIN RAISE EXCEPTION 'refused on command'; END $$"))
            connection.execute(sa.text(f"CREATE TRIGGER {TRIGGER} BEFORE {statement} ON events "
                                       f"FOR EACH ROW EXECUTE FUNCTION {TRIGGER}()"))
        else:
            connection.execute(sa.text(f"CREATE TRIGGER {TRIGGER} BEFORE {statement} ON events "
                                       "BEGIN SELECT RAISE(ABORT, 'refused on command'); END"))
    try:
        yield
    finally:
        with bridge.db.begin() as connection:
            connection.execute(sa.text(f"DROP TRIGGER {TRIGGER}" + (" ON events" if postgresql(bridge) else "")))


def chat() -> int:
    chat_id = random.randint(10**9, 10**10)
    ADDRESSES.append(str(chat_id))
    return chat_id


def phone() -> str:
    number = f"+3161{random.randint(10**6, 10**7 - 1)}"
    ADDRESSES.append(number)
    return number


def sent(bridge, chat_id) -> list[str]:
    return [m["text"] for m in bridge.telegram.sent_to(chat_id)]


def bodies(bridge, number: str) -> list[str]:
    return [m["Body"] for m in bridge.twilio.sent_to(f"whatsapp:{number}")]


def refused(bridge, number: str) -> list[str]:
    return [m.get("Body") for m in bridge.twilio.called("message refused") if m.get("To") == f"whatsapp:{number}"]


def gp(language: str) -> str:
    return translate(language, content.TOPICS["gp"].body)


def arrive(bridge, update: dict) -> None:
    """Post a Telegram update without waiting for its answer."""
    status, _ = post(f"{bridge.stack.url}/webhooks/telegram/webhook", json.dumps(update).encode(),
                     {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": bridge.telegram_secret})
    assert status == 200


def health(bridge) -> dict:
    try:
        with urllib.request.urlopen(f"{bridge.stack.url}/health", timeout=30) as answer:
            return json.loads(answer.read())
    except urllib.error.HTTPError as error:  # 503 when a channel is down; the counts are there too
        return json.loads(error.read())


def failed_turns(bridge) -> int:
    """How often a turn failed and its message was left to be tried again (the inbox says so in the log)."""
    return len(re.findall("could not be handled yet", bridge.stack.logs()))


def wait_until(condition, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while not condition():
        assert time.time() < deadline, "it did not happen in time"
        time.sleep(0.1)


def conversation_of(bridge, address: str, channel: str = "telegram") -> str | None:
    with bridge.db.connect() as connection:
        return connection.execute(sa.text("SELECT conversation_id FROM contacts WHERE lookup_key = :key"),
                                  {"key": privacy.lookup_key(channel, address)}).scalar()


def events_of(bridge, conversation: str) -> int:
    with bridge.db.connect() as connection:
        return connection.execute(sa.text("SELECT count(*) FROM events WHERE sender_id = :id"),
                                  {"id": conversation}).scalar()


# --- The database ------------------------------------------------------------------


def test_a_message_that_came_while_the_database_refused_is_answered_once_when_it_is_back(bridge):
    chat_id = chat()
    with refusing(bridge, "INSERT"):
        before = failed_turns(bridge)
        arrive(bridge, text_update(chat_id, GP_NL))
        # Its turn is tried and refused more often than a broken message is (or it is wrongly answered or dropped).
        wait_until(lambda: failed_turns(bridge) > before + inbox.MAX_ATTEMPTS or sent(bridge, chat_id)
                   or health(bridge)["waiting"]["inbox"] == 0)
        assert sent(bridge, chat_id) == [], "no answer from a conversation that could not be kept, no apology"
        assert health(bridge)["waiting"]["inbox"] == 1, "it waits, recorded, never given up on"
    settle(bridge.stack)
    texts = sent(bridge, chat_id)
    assert texts.count(gp("nl")) == 1, "answered once, in Dutch"
    assert len(texts) == len(set(texts)) and not APOLOGIES & set(texts)
    assert sum("/forget" in text for text in texts) == 1, "the first-contact notice, once"


def reset_connections(bridge) -> None:
    """Cut every connection Bridge's processes hold to PostgreSQL, as a short outage does."""
    with bridge.db.begin() as connection:
        reset = connection.execute(sa.text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar()
    assert reset > 0, "Bridge's pooled connections were cut"


@pytest.mark.parametrize("bridge", ["postgresql"], indirect=True)  # SQLite has no server connections to reset
def test_after_a_connection_reset_the_next_message_is_answered_in_the_persons_language(bridge):
    chat_id = chat()
    to_telegram(bridge, text_update(chat_id, GP_AR))
    assert gp("ar") in sent(bridge, chat_id)
    before, answered = failed_turns(bridge), len(sent(bridge, chat_id))
    reset_connections(bridge)
    assert to_telegram(bridge, text_update(chat_id, "1")) == 200  # a menu number: the language is the conversation's
    assert sent(bridge, chat_id)[answered:][0] == gp("ar")
    assert failed_turns(bridge) == before, "answered at the first try: stale connections are tested before use"


@pytest.mark.parametrize("bridge", ["postgresql"], indirect=True)  # SQLite has no server connections to reset
def test_after_a_connection_reset_a_numbered_choice_on_whatsapp_opens_the_topic_it_named(bridge):
    number = phone()
    to_whatsapp(bridge, whatsapp_form(number, GP_AR))
    listed = next(body for body in bodies(bridge, number) if body.startswith(gp("ar")))
    interpreter = translate("ar", content.TOPICS["interpreter"].title)
    assert f"4. {interpreter}" in listed.split("\n")
    answered = len(bodies(bridge, number))
    reset_connections(bridge)
    to_whatsapp(bridge, whatsapp_form(number, "4"))
    assert bodies(bridge, number)[answered].startswith(translate("ar", content.TOPICS["interpreter"].body))


def test_forget_while_the_database_refuses_deletes_is_honest_and_erases_at_the_next_message(bridge):
    chat_id = chat()
    to_telegram(bridge, text_update(chat_id, GP_NL))
    old = conversation_of(bridge, str(chat_id))
    assert events_of(bridge, old) > 0
    to_telegram(bridge, text_update(chat_id, "/forget"))
    assert sent(bridge, chat_id)[-1] == translate("nl", content.FORGET_CONFIRM)
    with refusing(bridge, "DELETE"):
        answered = len(sent(bridge, chat_id))
        to_telegram(bridge, button_update(chat_id, "/yes"))
        assert sent(bridge, chat_id)[answered:] == [translate("nl", content.FORGET_LATER)], "not \"Done\""
        assert events_of(bridge, old) > 0
    answered = len(sent(bridge, chat_id))
    to_telegram(bridge, text_update(chat_id, GP_NL))
    assert events_of(bridge, old) == 0, "erased at the next message"
    assert conversation_of(bridge, str(chat_id)) != old, "a fresh start"
    fresh = sent(bridge, chat_id)[answered:]
    assert gp("nl") in fresh and any("/forget" in text for text in fresh), "answered anew, with the notice again"
    assert translate("nl", content.FORGET_DONE) not in sent(bridge, chat_id)


# --- WhatsApp through Twilio --------------------------------------------------------


def test_whatsapp_answers_once_twilio_stops_failing_and_sends_nothing_twice(bridge):
    number = phone()
    bridge.twilio.failures = [(503, 20503), (500, 20500)]  # Twilio is down for a while
    to_whatsapp(bridge, whatsapp_form(number, GP_NL))
    assert bridge.twilio.failures == []
    delivered = bodies(bridge, number)
    assert sum(body.startswith(gp("nl")) for body in delivered) == 1
    assert len(delivered) == len(set(delivered)), "nothing twice"
    assert len(refused(bridge, number)) == 2 and set(refused(bridge, number)) <= set(delivered), "each refused reply came"


def test_whatsapp_waits_out_twilios_rate_limit_and_delivers(bridge):
    number = phone()
    bridge.twilio.failures = [(429, 20429)]
    to_whatsapp(bridge, whatsapp_form(number, "he is coming to hurt me now"))
    [(refused_at, first_try)] = [(at, m) for at, m in bridge.twilio.called_at("message refused")
                                 if m["To"] == f"whatsapp:{number}"]
    delivered = [(at, m["Body"]) for at, m in bridge.twilio.called_at("message") if m["To"] == f"whatsapp:{number}"]
    assert delivered[0][1] == first_try["Body"] and delivered[0][0] > refused_at, "the same reply, later"
    assert delivered[0][1].startswith("Call 112 now")
    assert len(delivered) == len({body for _, body in delivered}), "nothing twice"


def test_a_person_who_blocked_the_bot_on_whatsapp_is_tried_once_and_answered_when_they_write_again(bridge):
    number = phone()
    bridge.twilio.refuse_to[f"whatsapp:{number}"] = (400, 21610)  # unsubscribed: they blocked us
    try:
        to_whatsapp(bridge, whatsapp_form(number, GP_NL))  # an answer of several replies
    finally:
        del bridge.twilio.refuse_to[f"whatsapp:{number}"]
    assert len(refused(bridge, number)) == 1, "one try, then nothing more waits for them"
    assert bodies(bridge, number) == []
    assert health(bridge)["waiting"]["outbox"] == 0
    to_whatsapp(bridge, whatsapp_form(number, GP_NL))  # they unblocked us and ask again
    assert any(body.startswith(gp("nl")) for body in bodies(bridge, number))
    assert sum("/forget" in body for body in bodies(bridge, number)) == 1, "the lost first-contact notice comes now"
    assert len(refused(bridge, number)) == 1


def test_a_permanent_twilio_refusal_is_tried_once_per_reply_and_never_again(bridge):
    number = phone()
    bridge.twilio.refuse_to[f"whatsapp:{number}"] = (400, 63016)  # outside WhatsApp's 24 hours
    try:
        to_whatsapp(bridge, whatsapp_form(number, GP_NL))
    finally:
        del bridge.twilio.refuse_to[f"whatsapp:{number}"]
    tries = refused(bridge, number)
    assert tries and len(tries) == len(set(tries)), "each reply tried once, none again"
    assert any(body.startswith(gp("nl")) for body in tries)
    assert bodies(bridge, number) == [] and health(bridge)["waiting"]["outbox"] == 0


# --- Telegram ------------------------------------------------------------------------


def test_a_telegram_flood_limit_is_waited_out_for_as_long_as_telegram_asks(bridge):
    chat_id = chat()
    bridge.telegram.flood_retry_after, bridge.telegram.flood_limit_next = 3, 1
    try:
        to_telegram(bridge, text_update(chat_id, "he is coming to hurt me now"))
    finally:
        bridge.telegram.flood_retry_after, bridge.telegram.flood_limit_next = 1, 0
    [(refused_at, first_try)] = [(at, m) for at, m in bridge.telegram.called_at("sendMessage refused")
                                 if m["chat_id"] == str(chat_id)]
    delivered = [(at, m["text"]) for at, m in bridge.telegram.called_at("sendMessage") if m["chat_id"] == str(chat_id)]
    assert delivered[0][1] == first_try["text"] and "112" in first_try["text"]
    assert delivered[0][0] - refused_at >= 3, "tried again only after the wait Telegram asked for"
    assert len(delivered) == len({text for _, text in delivered}), "nothing twice"


def test_a_person_who_blocked_the_bot_on_telegram_is_tried_once_and_answered_when_they_write_again(bridge):
    chat_id = chat()
    bridge.telegram.failures = [(403, "Forbidden: bot was blocked by the user")]
    to_telegram(bridge, text_update(chat_id, GP_NL))  # an answer of several replies
    assert bridge.telegram.failures == []
    tries = [m for m in bridge.telegram.called("sendMessage refused") if m["chat_id"] == str(chat_id)]
    assert len(tries) == 1 and sent(bridge, chat_id) == [], "one try, then nothing more waits for them"
    assert health(bridge)["waiting"]["outbox"] == 0
    to_telegram(bridge, text_update(chat_id, GP_NL))  # they unblocked us and ask again
    assert gp("nl") in sent(bridge, chat_id)
    assert sum("/forget" in text for text in sent(bridge, chat_id)) == 1, "the lost first-contact notice comes now"


# --- Closed doors --------------------------------------------------------------------


def test_without_an_api_token_rasas_http_api_does_not_answer_and_the_webhooks_do(bridge):
    chat_id = chat()
    to_telegram(bridge, text_update(chat_id, GP_NL))
    someone = conversation_of(bridge, str(chat_id))
    token = f"?token={bridge.stack.api_token}"  # even the token a stack with the API would take
    routes = [("GET", f"/conversations/{someone}/tracker"), ("PUT", "/model"), ("DELETE", "/model"),
              ("POST", "/model/train"), ("POST", f"/conversations/{someone}/trigger_intent"),
              ("GET", f"/conversations/{someone}/tracker{token}"), ("DELETE", f"/model{token}")]
    answers = {}
    for method, path in routes:
        request = urllib.request.Request(bridge.stack.url + path, b"{}", {"Content-Type": "application/json"},
                                         method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                answers[f"{method} {path}"] = answer.status
        except urllib.error.HTTPError as error:
            answers[f"{method} {path}"] = error.code
    assert all(status in (403, 404, 405) for status in answers.values()), answers
    answered = len(sent(bridge, chat_id))
    to_telegram(bridge, text_update(chat_id, "1"))
    assert sent(bridge, chat_id)[answered:][0] == gp("nl"), "the model is still there"
    number = phone()
    to_whatsapp(bridge, whatsapp_form(number, GP_NL))
    assert any(body.startswith(gp("nl")) for body in bodies(bridge, number))


def test_nothing_personal_reached_the_logs_while_things_failed(bridge):
    logs = bridge.stack.logs()
    for said in (GP_NL, GP_AR, "hurt me", "whatsapp:+", *ADDRESSES):
        assert said not in logs
