"""Local stand-ins for Telegram's Bot API and Twilio's Messages API.

Small HTTP servers on loopback that speak the real wire formats (Bot API
methods at /bot<token>/<method>; Twilio's /2010-04-01/Accounts/<sid>/Messages.json)
and record what Bridge sent, so tests can assert on what a person would get.
"""
import base64
import json
import threading
import time
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote, urlparse


class _Server:
    def __init__(self):
        self.calls: list[tuple[str, dict]] = []
        self.times: list[float] = []  # when each call came, beside `calls`
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
            self.times.append(time.time())

    def called(self, name: str) -> list[dict]:
        with self.lock:
            return [params for call, params in self.calls if call == name]

    def called_at(self, name: str) -> list[tuple[float, dict]]:
        """(time.time() when it came, params) of each such call, in order."""
        with self.lock:
            return [(at, params) for at, (call, params) in zip(self.times, self.calls) if call == name]

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
                elif "multipart/form-data" in kind:  # a file upload (sendVoice, sendPhoto, ...)
                    params = _multipart(kind, body)
                else:
                    params = dict(parse_qsl(body.decode()))
                params.update(dict(parse_qsl(urlparse(self.path).query)))
                status, answer = server.answer(unquote(urlparse(self.path).path), params, self.headers)
                raw = isinstance(answer, bytes)  # a file, not an API answer
                payload = answer if raw else json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/octet-stream" if raw else "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        return Handler


def _multipart(kind: str, body: bytes) -> dict:
    """Form fields as text and uploaded files as bytes."""
    message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + kind.encode() + b"\r\n\r\n" + body)
    fields = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        content = part.get_payload(decode=True) or b""
        fields[name] = content if part.get_filename() else content.decode()
    return fields


class FakeTelegram(_Server):
    """The Bot API at /bot<token>/<method>."""

    def __init__(self, token: str):
        super().__init__()
        self.token = token
        self.updates: list[dict] = []
        self.flood_limit_next = 0  # answer this many sendMessage calls with 429 first
        self.flood_retry_after = 1  # the seconds such a 429 asks to wait
        self.failures: list[tuple[int, str]] = []  # sendMessage answers to give first, on command
        self.message_id = 0
        self.hang_after: int | None = None  # after this many sendMessage calls, hang until let go (a dead link)
        self.let_go = threading.Event()
        self.hanging = threading.Event()  # set when a call started to hang
        self.files: dict[str, bytes] = {}  # file_id -> content, for getFile and downloads

    def sent_to(self, chat_id: int) -> list[dict]:
        return [p for p in self.called("sendMessage") if str(p.get("chat_id")) == str(chat_id)]

    def uploads_to(self, chat_id: int) -> list[tuple[str, dict]]:
        """(method, params) of every file sent to a chat."""
        with self.lock:
            return [(name, p) for name, p in self.calls
                    if name in UPLOADS and str(p.get("chat_id")) == str(chat_id)]

    def answer(self, path, params, headers):
        prefix = f"/bot{self.token}/"
        if path.startswith(f"/file/bot{self.token}/"):
            file_id = path.rsplit("/", 1)[-1]
            self.record("download", {"file_id": file_id})
            return (200, self.files[file_id]) if file_id in self.files else (404, {"ok": False})
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
            wait = self.flood_retry_after
            return 429, {"ok": False, "error_code": 429, "description": f"Too Many Requests: retry after {wait}",
                         "parameters": {"retry_after": wait}}
        self.record(method, params)
        if method == "getMe":
            return 200, {"ok": True, "result": {"id": 1, "is_bot": True, "first_name": "Bridge", "username": "bridge_test_bot"}}
        if method == "getFile":
            file_id = params.get("file_id", "")
            if file_id not in self.files:
                return 400, {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"}
            return 200, {"ok": True, "result": {"file_id": file_id, "file_unique_id": file_id,
                                                 "file_size": len(self.files[file_id]), "file_path": f"files/{file_id}"}}
        if method == "sendMessage" or method in UPLOADS:
            with self.lock:
                self.message_id += 1
                params["sent_message_id"] = self.message_id  # what the chat's new message is numbered
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


UPLOADS = {"sendVoice", "sendAudio", "sendPhoto", "sendVideo", "sendDocument"}


class FakeTwilio(_Server):
    """Twilio's Messages API, and the media people send (fetched with the account's credentials)."""

    def __init__(self, account_sid: str):
        super().__init__()
        self.account_sid = account_sid
        self.count = 0
        self.failures: list[tuple[int, int]] = []  # (HTTP status, Twilio error code) to answer first, on command
        self.refuse_to: dict[str, tuple[int, int]] = {}  # "whatsapp:+31..." -> (status, code) for every message to it
        self.media: dict[str, bytes] = {}  # path -> content of a person's voice note or photo

    def sent_to(self, number: str) -> list[dict]:
        return [p for p in self.called("message") if p.get("To") == number]

    def media_url(self, name: str, content: bytes) -> str:
        path = f"/2010-04-01/Accounts/{self.account_sid}/Messages/MM{name}/Media/ME{name}"
        self.media[path] = content
        return self.url + path

    def answer(self, path, params, headers):
        if path in self.media:
            user = base64.b64decode((headers.get("Authorization") or "Basic ")[6:] or b"").decode().split(":")[0]
            if user != self.account_sid:
                return 401, {"code": 20003, "message": "Authenticate", "status": 401}
            self.record("media fetched", {"path": path})
            return 200, self.media[path]
        if path != f"/2010-04-01/Accounts/{self.account_sid}/Messages.json":
            return 404, {"code": 20404, "message": "not found", "status": 404}
        with self.lock:
            refusal = self.failures.pop(0) if self.failures else self.refuse_to.get(params.get("To"))
        if refusal:
            status, code = refusal
            self.record("message refused", params)
            return status, {"code": code, "message": "refused on command", "status": status,
                            "more_info": f"https://www.twilio.com/docs/errors/{code}"}  # as Twilio's REST API answers
        self.record("message", params)
        with self.lock:
            self.count += 1
            sid = f"SM{self.count:032d}"
        return 201, {"sid": sid, "account_sid": self.account_sid, "to": params.get("To"), "from": params.get("From"),
                     "body": params.get("Body"), "status": "queued", "num_segments": "1"}
