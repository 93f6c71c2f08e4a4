#!/usr/bin/env bash
# Starts the action server and the Rasa server; Ctrl-C stops both cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
# Rasa's HTTP API, REST channel and the (unauthenticated) action server listen on
# loopback only unless BOT_HOST is set on purpose, e.g. behind a reverse proxy.
HOST=${BOT_HOST:-127.0.0.1}
mkdir -p var

# Every pseudonym and encryption derives from BRIDGE_SECRET_KEY. Production must
# bring its own; for local development we create one once and keep it in var/.
if [ -z "${BRIDGE_SECRET_KEY:-}" ]; then
    if [ "${BRIDGE_ENV:-development}" = "production" ]; then
        echo "BRIDGE_SECRET_KEY is not set; refusing to start in production." >&2
        exit 1
    fi
    if [ ! -s var/secret.key ]; then
        (umask 077; $PY -c 'import secrets; print(secrets.token_urlsafe(48))' > var/secret.key)
    fi
    echo "No BRIDGE_SECRET_KEY set: using the local development key in var/secret.key." >&2
    export BRIDGE_SECRET_KEY=$(cat var/secret.key)
fi

# With a messaging account configured, Rasa's HTTP API and REST channel, which
# have no authentication of their own, must not face the network: put a reverse
# proxy in front that forwards only /webhooks/{telegram,whatsapp,desk}/webhook.
if [ -n "${TELEGRAM_TOKEN:-}${TWILIO_AUTH_TOKEN:-}${DESK_TELEGRAM_TOKEN:-}" ] && [ "$HOST" != "127.0.0.1" ] && [ "$HOST" != "localhost" ]; then
    echo "Messaging credentials are set, so Rasa must listen on loopback only (BOT_HOST=127.0.0.1)." >&2
    exit 1
fi
export RASA_TELEMETRY_ENABLED=false

MODEL=$($PY -m bot.engine.train)
$PY -m bot migrate

SANIC_HOST="$HOST" $PY -m rasa_sdk --actions actions --port "$ACTIONS_PORT" &
ACTIONS_PID=$!
$PY -m rasa run --model "$MODEL" --endpoints endpoints.yml --credentials credentials.yml \
    --interface "$HOST" --port "$BOT_PORT" --enable-api &
RASA_PID=$!

stop() {
    trap - INT TERM
    echo "Stopping Bridge..."
    kill -TERM "$RASA_PID" "$ACTIONS_PID" 2>/dev/null || true
    wait "$RASA_PID" "$ACTIONS_PID" 2>/dev/null || true
    exit 0
}
trap stop INT TERM
echo "Bridge is starting: Rasa on http://$HOST:$BOT_PORT (REST: /webhooks/rest/webhook), actions on port $ACTIONS_PORT."
# If either process dies, stop the other too.
wait -n "$RASA_PID" "$ACTIONS_PID" || true
stop
