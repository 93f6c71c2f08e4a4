"""The console as `make run` starts it (`python -m bot.console`, its own
process, on a free loopback port) on a real database shared with the test,
which sets the scene through Bridge's own modules."""
import re
import subprocess
import sys
import time
import uuid

import httpx
import pytest
from sqlalchemy import delete

from tests.support.servers import ROOT, free_port

PASSWORD = "correct horse battery staple"


class Console:
    def __init__(self, workdir, database_url: str):
        self.database_url = database_url
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / "console.log"
        self.process = None

    def env(self, **extra) -> dict:
        import os

        return {**os.environ, "DATABASE_URL": self.database_url, "CONSOLE_PORT": str(self.port),
                "INSIGHTS_MIN_COUNT": "10", **extra}

    def start(self, **extra) -> "Console":
        subprocess.run([sys.executable, "-m", "bot", "migrate"], cwd=ROOT, env=self.env(), check=True,
                       capture_output=True)
        self.process = subprocess.Popen([sys.executable, "-m", "bot.console"], cwd=ROOT, env=self.env(**extra),
                                        stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.log.read_text())
            try:
                httpx.get(f"{self.url}/login", timeout=1)
                return self
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError(f"the console did not come up:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def account(self, role: str = "coordinator", name: str = "Ada") -> str:
        """A new account made with the coordinators' command, as a person would; its e-mail address."""
        email = f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.org"
        subprocess.run([sys.executable, "-m", "bot", "coordinators", "add", "--name", name, "--email", email,
                        "--role", role, "--password-stdin"], input=PASSWORD + "\n", text=True, cwd=ROOT,
                       env=self.env(), check=True, capture_output=True)
        return email

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, follow_redirects=False, timeout=30)

    def signed_in(self, role: str = "coordinator") -> httpx.Client:
        client = self.client()
        response = sign_in(client, self.account(role), PASSWORD)
        assert response.status_code == 303, response.text
        return client


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_in(client: httpx.Client, email: str, password: str) -> httpx.Response:
    form = client.get("/login")
    return client.post("/login", data={"email": email, "password": password, "csrf_token": csrf_of(form.text)})


@pytest.fixture(scope="module")
def console(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("console")
    running = Console(workdir, f"sqlite:///{workdir / 'bridge.db'}").start()
    yield running
    running.stop()


@pytest.fixture
def database(console, monkeypatch):
    """This test's side of the console's database, emptied of ambassadors, requests and counts."""
    from bot.storage import db
    from bot.storage.console_models import AmbassadorPause, AuditEntry, CapLift, InsightCount, InsightPublished
    from bot.storage.models import Ambassador, Handoff, Relayed, WorkLog

    monkeypatch.setenv("DATABASE_URL", console.database_url)
    db.engine.cache_clear()
    with db.session() as s:
        for table in (Relayed, WorkLog, CapLift, AmbassadorPause, AuditEntry, Handoff, Ambassador, InsightCount,
                      InsightPublished):
            s.execute(delete(table))
    yield db
    db.engine.cache_clear()
