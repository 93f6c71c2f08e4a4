"""Chat with a running Bridge (`make run`) in the terminal, over Rasa's REST channel.

    .venv/bin/python scripts/chat.py        # type a message, Enter; Ctrl-D to quit

Buttons are shown as their payload in brackets: type the payload (or the number).
"""
import json
import os
import sys
import urllib.request
import uuid

URL = f"http://127.0.0.1:{os.environ.get('BOT_PORT', '5005')}/webhooks/rest/webhook"
SENDER = f"terminal-{uuid.uuid4().hex[:8]}"


def main() -> None:
    print("Bridge (local). Type a message; Ctrl-D to quit.")
    for line in sys.stdin:
        body = json.dumps({"sender": SENDER, "message": line.strip()}).encode()
        request = urllib.request.Request(URL, body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            for message in json.loads(response.read()):
                print(message.get("text", ""))
                for button in message.get("buttons", []):
                    print(f"   [{button['payload']}] {button['title']}")
        print("> ", end="", flush=True)


if __name__ == "__main__":
    main()
