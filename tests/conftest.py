import uuid

import pytest

from bot.engine.train import ensure_model
from tests.support.servers import BridgeStack


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
