"""The action server, as `python -m rasa_sdk` runs it, but only for Rasa.

Anyone who can reach the action server could otherwise run our actions for
any conversation: open a hand-off request for a real person, or have an
ambassador notified. So every call must carry the shared secret that Rasa
sends (`endpoints.yml`, header `X-Bridge-Action-Secret`); anything else gets
403. We fail closed: without `BRIDGE_ACTION_SECRET` the server does not start.
"""
import argparse
import hmac
import logging
import os

from rasa_sdk.endpoint import create_app
from sanic import response

HEADER = "X-Bridge-Action-Secret"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTIONS_PORT", "5055")))
    arguments = parser.parse_args()
    secret = os.environ.get("BRIDGE_ACTION_SECRET", "")
    if len(secret) < 16:
        raise SystemExit("BRIDGE_ACTION_SECRET must be set (at least 16 characters); scripts/run.sh sets one.")
    logging.basicConfig(level=logging.WARNING)
    app = create_app("actions", cors_origins=None)

    @app.middleware("request")
    async def only_rasa(request):
        if request.path == "/health":
            return None
        if not hmac.compare_digest(request.headers.get(HEADER, "").encode(), secret.encode()):
            return response.json({"error": "forbidden"}, status=403)
        return None

    # The action server always listens on loopback: only Rasa talks to it.
    app.run("127.0.0.1", arguments.port, access_log=False, workers=1)


if __name__ == "__main__":
    main()
