"""Nothing on loopback answers without its key: Rasa's HTTP API wants the
token, the action server the shared secret Rasa sends."""
import json

import pytest

from tests.support.webhooks import post


def request(method: str, url: str, body: bytes = b"{}", headers: dict | None = None) -> int:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(urllib.request.Request(url, body, headers or {}, method=method), timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("method,path", [
    ("GET", "/conversations/{person}/tracker"), ("DELETE", "/model"), ("PUT", "/model"),
    ("POST", "/model/train"), ("POST", "/conversations/{person}/trigger_intent"),
])
def test_rasa_api_routes_refuse_without_the_token(stack, person, method, path):
    stack.say(person, "hello")
    status = request(method, stack.url + path.format(person=person), headers={"Content-Type": "application/json"})
    assert status in (401, 403)
    assert stack.say(person, "how do i register with a family doctor"), "the model is still there"


def test_the_action_server_refuses_a_call_without_the_shared_secret(stack, person):
    call = {"next_action": "action_request_handoff", "sender_id": person, "version": "3.6.2",
            "tracker": {"sender_id": person, "slots": {}, "latest_message": {}, "events": []}, "domain": {}}
    url = f"http://127.0.0.1:{stack.actions_port}/webhook"
    status, _ = post(url, json.dumps(call).encode(), {"Content-Type": "application/json"})
    assert status == 403
    status, _ = post(url, json.dumps(call).encode(), {"Content-Type": "application/json",
                                                      "X-Bridge-Action-Secret": "guess"})
    assert status == 403
