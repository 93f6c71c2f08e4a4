"""The real Bridge stack for end-to-end tests: action server and Rasa server.

Started as the README starts them (same modules, same endpoints.yml), on free
loopback ports, with their own database and log files so a test can restart
them and read what they wrote.
"""
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 180) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not come up:\n{log.read_text()[-3000:]}")


class BridgeStack:
    def __init__(self, model: Path, workdir: Path, database_url: str, extra_env: dict | None = None):
        self.model = model
        self.workdir = workdir
        self.database_url = database_url
        self.extra_env = extra_env or {}
        self.processes: list[subprocess.Popen] = []
        self.bot_port = free_port()
        self.actions_port = free_port()
        self.action_secret = secrets.token_urlsafe(24)
        self.api_token = secrets.token_urlsafe(24)
        self.api = True  # Rasa's HTTP API behind `api_token`; False: off, as scripts/run.sh leaves it without BRIDGE_API_TOKEN

    @property
    def env(self) -> dict:
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "ACTIONS_PORT": str(self.actions_port),
            "BOT_PORT": str(self.bot_port),
            "SANIC_HOST": "127.0.0.1",
            "BRIDGE_ACTION_SECRET": self.action_secret,
            "BRIDGE_API_TOKEN": self.api_token,
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "3",
            **self.extra_env,
        }
        if not self.api:
            env.pop("BRIDGE_API_TOKEN")
        return env

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.bot_port}"

    def logs(self) -> str:
        return "".join(p.read_text(errors="replace") for p in self.workdir.glob("*.log"))

    def start(self) -> "BridgeStack":
        py = sys.executable
        subprocess.run([py, "-m", "bot", "migrate"], cwd=ROOT, env=self.env, check=True, capture_output=True)
        actions_log = self.workdir / "actions.log"
        rasa_log = self.workdir / "rasa.log"
        self.processes.append(self._spawn(
            [py, "-m", "bot.engine.action_server", "--port", str(self.actions_port)], actions_log))
        api = ["--enable-api", f"--auth-token={self.api_token}"] if self.api else []
        self.processes.append(self._spawn(
            [py, "-m", "rasa", "run", "--model", str(self.model), "--endpoints", "endpoints.yml",
             "--credentials", "credentials.yml", "--interface", "127.0.0.1",
             "--port", str(self.bot_port), *api], rasa_log))
        try:
            _wait_until_up(f"http://127.0.0.1:{self.actions_port}/health", self.processes[0], actions_log)
            # Without the API only Rasa's root route answers; it does once the model is loaded.
            up = f"{self.url}/status?token={self.api_token}" if self.api else f"{self.url}/"
            _wait_until_up(up, self.processes[1], rasa_log)
        except RuntimeError:
            self.stop()  # never leave a half-started stack behind
            raise
        return self

    def _spawn(self, command: list[str], log: Path) -> subprocess.Popen:
        handle = open(log, "a")
        env = self.env
        if command[2] == "rasa":  # as scripts/run.sh starts it: webhook bodies capped
            env = {"SANIC_REQUEST_MAX_SIZE": "65536", **env}
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes = []

    def say(self, sender: str, text: str) -> list[dict]:
        """Post `text` as `sender` on Rasa's REST channel; returns the bot's messages."""
        body = json.dumps({"sender": sender, "message": text}).encode()
        request = urllib.request.Request(
            f"{self.url}/webhooks/rest/webhook", body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def tracker(self, sender: str) -> dict:
        with urllib.request.urlopen(f"{self.url}/conversations/{sender}/tracker?token={self.api_token}", timeout=30) as r:
            return json.loads(r.read())
