"""Serve the console: `python -m bot.console` (scripts/run.sh starts it with Bridge).

On loopback unless BOT_HOST says otherwise, like the rest of Bridge; in
production put it behind the HTTPS reverse proxy (cookies are then Secure).
"""
import logging
import os
import sys

import uvicorn

from bot import logs, settings


def main() -> int:
    logs.install()
    logging.basicConfig(level=logging.WARNING)
    try:
        config = settings.load()
        settings.secret_key()
    except (settings.BadSetting, RuntimeError) as error:
        print(error, file=sys.stderr)
        return 1
    from bot.console.app import create_app

    host = os.environ.get("BOT_HOST", "127.0.0.1")
    # No access log: a request line can carry a query a coordinator typed.
    uvicorn.run(create_app(), host=host, port=config.console.port, access_log=False, log_level="warning",
                proxy_headers=False, server_header=False, ws="none")  # no websockets: and Rasa pins an old one
    return 0


if __name__ == "__main__":
    sys.exit(main())
