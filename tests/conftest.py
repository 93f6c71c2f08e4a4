import os
import uuid

import pytest

# A fixed test key: pseudonyms and sealed data need one (production sets its own).
os.environ.setdefault("BRIDGE_SECRET_KEY", "test-key-" + "x" * 40)
os.environ["RASA_TELEMETRY_ENABLED"] = "false"

from bot.engine.train import ensure_model
from tests.support.fakes import FakeTelegram, FakeTwilio
from tests.support.servers import BridgeStack

TELEGRAM_TOKEN = "123456:TEST-token"
DESK_TOKEN = "654321:DESK-token"
TWILIO_SID = "AC" + "1" * 32
HANDOFF_TEMPLATE = "HX" + "a" * 32


@pytest.fixture(autouse=True)
def fresh_settings():
    """Settings are read once per process; a test that changes the environment reads them anew."""
    from bot import settings

    settings.load.cache_clear()
    yield
    settings.load.cache_clear()


@pytest.fixture(scope="session")
def model():
    return ensure_model()


@pytest.fixture(scope="session")
def stack(model, tmp_path_factory):
    """One running Bridge (action server + Rasa) shared by the conversation tests."""
    workdir = tmp_path_factory.mktemp("stack")
    running = BridgeStack(model, workdir, f"sqlite:///{workdir / 'bridge.db'}").start()
    yield running
    running.stop()


@pytest.fixture
def person():
    """A fresh conversation id, as a channel's pseudonym would be."""
    return f"test-{uuid.uuid4().hex[:12]}"


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


class Channels:
    """A running Bridge wired to local Telegram and Twilio stand-ins."""

    public_url = "https://bridge.example"
    telegram_secret = "telegram-secret-for-tests"
    desk_secret = "desk-secret-for-tests"
    twilio_token = "twilio-auth-token-for-tests"
    whatsapp_from = "whatsapp:+3197000000000"

    def __init__(self, model, workdir, extra_env: dict | None = None):
        self.telegram = FakeTelegram(TELEGRAM_TOKEN).start()
        self.desk = FakeTelegram(DESK_TOKEN).start()
        self.twilio = FakeTwilio(TWILIO_SID).start()
        self.workdir = workdir
        self.stack = BridgeStack(model, workdir, f"sqlite:///{workdir / 'bridge.db'}", {
            "TELEGRAM_TOKEN": TELEGRAM_TOKEN,
            "TELEGRAM_WEBHOOK_SECRET": self.telegram_secret,
            "TELEGRAM_WEBHOOK_URL": f"{self.public_url}/webhooks/telegram/webhook",
            "TELEGRAM_API_URL": self.telegram.url,
            "TWILIO_ACCOUNT_SID": TWILIO_SID,
            "TWILIO_AUTH_TOKEN": self.twilio_token,
            "TWILIO_WHATSAPP_FROM": self.whatsapp_from,
            "TWILIO_API_URL": self.twilio.url,
            "BOT_PUBLIC_URL": self.public_url,
            "DESK_TELEGRAM_TOKEN": DESK_TOKEN,
            "DESK_WEBHOOK_SECRET": self.desk_secret,
            "DESK_WEBHOOK_URL": f"{self.public_url}/webhooks/desk/webhook",
            "DESK_TELEGRAM_API_URL": self.desk.url,
            "HANDOFF_TIMEOUT_MINUTES": "0.1",
            "TWILIO_HANDOFF_TEMPLATE_SID": HANDOFF_TEMPLATE,
            **(extra_env or {}),
        })

    def stop(self):
        self.stack.stop()
        self.telegram.stop()
        self.desk.stop()
        self.twilio.stop()


@pytest.fixture(scope="session")
def channels(model, tmp_path_factory):
    running = Channels(model, tmp_path_factory.mktemp("channels"))
    running.stack.start()
    yield running
    running.stop()
