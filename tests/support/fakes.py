"""Local stand-ins for Telegram's Bot API and Twilio's Messages API.

Small HTTP servers on loopback that speak the real wire formats (Bot API
methods at /bot<token>/<method>; Twilio's /2010-04-01/Accounts/<sid>/Messages.json)
and record what Bridge sent, so tests can assert on what a person would get.
"""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlparse


class _Server:
    def __init__(self):
        self.calls: list[tuple[str, dict]] = []
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()

    def record(self, name: str, params: dict) -> None:
        with self.lock:
            self.calls.append((name, params))

    def called(self, name: str) -> list[dict]:
        with self.lock:
            return [params for call, params in self.calls if call == name]

    def wait_for(self, name: str, count: int = 1, timeout: float = 30) -> list[dict]:
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = self.called(name)
            if len(found) >= count:
                return found
            time.sleep(0.1)
        raise AssertionError(f"expected {count} {name} call(s), got {self.called(name)}")

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                self.do_POST()

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                kind = self.headers.get("Content-Type", "")
                if "json" in kind:
                    params = json.loads(body or b"{}")
                else:
                    params = dict(parse_qsl(body.decode()))
                params.update(dict(parse_qsl(urlparse(self.path).query)))
                status, answer = server.answer(urlparse(self.path).path, params, self.headers)
                payload = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        return Handler


class FakeTelegram(_Server):
    """The Bot API at /bot<token>/<method>."""

    def __init__(self, token: str):
        super().__init__()
        self.token = token
        self.updates: list[dict] = []
        self.flood_limit_next = 0  # answer this many sendMessage calls with 429 first
        self.failures: list[tuple[int, str]] = []  # sendMessage answers to give first, on command
        self.message_id = 0
        self.hang_after: int | None = None  # after this many sendMessage calls, hang until let go (a dead link)
        self.let_go = threading.Event()
        self.hanging = threading.Event()  # set when a call started to hang

    def sent_to(self, chat_id: int) -> list[dict]:
        return [p for p in self.called("sendMessage") if str(p.get("chat_id")) == str(chat_id)]

    def answer(self, path, params, headers):
        prefix = f"/bot{self.token}/"
        if not path.startswith(prefix):
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        method = path[len(prefix):]
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._updates(params)}
        if method == "sendMessage" and self.hang_after is not None and len(self.called("sendMessage")) >= self.hang_after:
            self.hanging.set()
            self.let_go.wait(120)  # the message never arrives: like a connection cut mid-send
            return 502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}
        if method == "sendMessage" and self.failures:
            with self.lock:
                status, description = self.failures.pop(0)
            self.record("sendMessage refused", params)
            return status, {"ok": False, "error_code": status, "description": description}
        if method == "sendMessage" and self._flood_limited():
            self.record("sendMessage refused", params)
            return 429, {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1",
                         "parameters": {"retry_after": 1}}
        self.record(method, params)
        if method == "getMe":
            return 200, {"ok": True, "result": {"id": 1, "is_bot": True, "first_name": "Bridge", "username": "bridge_test_bot"}}
        if method == "sendMessage":
            with self.lock:
                self.message_id += 1
            chat = {"id": int(params["chat_id"]), "type": "private"}
            return 200, {"ok": True, "result": {"message_id": self.message_id, "date": int(time.time()),
                                                 "chat": chat, "text": params.get("text", "")}}
        return 200, {"ok": True, "result": True}

    def _flood_limited(self) -> bool:
        with self.lock:
            if self.flood_limit_next:
                self.flood_limit_next -= 1
                return True
        return False

    def _updates(self, params):
        deadline = time.time() + min(float(params.get("timeout", 0) or 0), 1.0)
        while time.time() < deadline and not self.updates:
            time.sleep(0.05)
        with self.lock:  # each queued update is handed out once
            ready, self.updates = self.updates, []
        return ready


class FakeTwilio(_Server):
    """Twilio's Messages API."""

    def __init__(self, account_sid: str):
        super().__init__()
        self.account_sid = account_sid
        self.count = 0
        self.failures: list[tuple[int, int]] = []  # (HTTP status, Twilio error code) to answer first, on command

    def sent_to(self, number: str) -> list[dict]:
        return [p for p in self.called("message") if p.get("To") == number]

    def answer(self, path, params, headers):
        if path != f"/2010-04-01/Accounts/{self.account_sid}/Messages.json":
            return 404, {"code": 20404, "message": "not found", "status": 404}
        if self.failures:
            with self.lock:
                status, code = self.failures.pop(0)
            self.record("message refused", params)
            return status, {"code": code, "message": "refused on command", "status": status}
        self.record("message", params)
        with self.lock:
            self.count += 1
            sid = f"SM{self.count:032d}"
        return 201, {"sid": sid, "account_sid": self.account_sid, "to": params.get("To"), "from": params.get("From"),
                     "body": params.get("Body"), "status": "queued", "num_segments": "1"}
