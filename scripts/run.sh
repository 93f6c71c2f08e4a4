#!/usr/bin/env bash
# Starts the action server and the Rasa server; Ctrl-C stops both cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
# Rasa's REST channel (and its HTTP API, when a token turns it on) listen on
# loopback only unless BOT_HOST is set on purpose, e.g. behind a reverse proxy.
# The action server always listens on loopback and only answers Rasa.
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
# proxy in front that forwards only /webhooks/{telegram,whatsapp,desk}/webhook and
# /webhooks/whatsapp/media/ (docs/deploy.md).
if [ -n "${TELEGRAM_TOKEN:-}${TWILIO_AUTH_TOKEN:-}${DESK_TELEGRAM_TOKEN:-}" ] && [ "$HOST" != "127.0.0.1" ] && [ "$HOST" != "localhost" ]; then
    echo "Messaging credentials are set, so Rasa must listen on loopback only (BOT_HOST=127.0.0.1)." >&2
    exit 1
fi
export RASA_TELEMETRY_ENABLED=false

# Rasa's HTTP API (trackers, model, training) is off unless a token is given.
API=()
if [ -n "${BRIDGE_API_TOKEN:-}" ]; then
    API=(--enable-api "--auth-token=$BRIDGE_API_TOKEN")
fi

$PY -m bot check  # a bad setting stops here, not when a person asks for help
# BRIDGE_WORKERS=N: N Rasa processes share BOT_PORT (Sanic's workers, one
# listening socket), so every core serves; `bot check` refused it above unless
# DATABASE_URL is PostgreSQL and REDIS_URL is set. Background work runs in one
# of them only (bot/storage/leader.py).
export SANIC_WORKERS=${BRIDGE_WORKERS:-1}
MODEL=$($PY -m bot.engine.train)
$PY -m bot migrate

# Only Rasa may call the action server: a shared secret for this run.
export BRIDGE_ACTION_SECRET=${BRIDGE_ACTION_SECRET:-$($PY -c 'import secrets; print(secrets.token_urlsafe(32))')}
$PY -m bot.engine.action_server --port "$ACTIONS_PORT" &
ACTIONS_PID=$!
# Webhook bodies are capped (64 KB, far above any real update) and refused
# before they are read, so no request can stall the others.
SANIC_REQUEST_MAX_SIZE=${SANIC_REQUEST_MAX_SIZE:-65536} $PY -m rasa run --model "$MODEL" --endpoints endpoints.yml --credentials credentials.yml \
    --interface "$HOST" --port "$BOT_PORT" "${API[@]}" &
RASA_PID=$!
# The coordinators' console (bot/console), on the same interface as Rasa.
CONSOLE_PORT=${CONSOLE_PORT:-5080} $PY -m bot.console &
CONSOLE_PID=$!

stop() {
    trap - INT TERM
    echo "Stopping Bridge..."
    kill -TERM "$RASA_PID" "$ACTIONS_PID" "$CONSOLE_PID" 2>/dev/null || true
    wait "$RASA_PID" "$ACTIONS_PID" "$CONSOLE_PID" 2>/dev/null || true
    exit 0
}
trap stop INT TERM
echo "Bridge is starting: Rasa on http://$HOST:$BOT_PORT (REST: /webhooks/rest/webhook; $SANIC_WORKERS process(es)), actions on port $ACTIONS_PORT, console on http://$HOST:${CONSOLE_PORT:-5080}."
# If any process dies, stop the others too.
wait -n "$RASA_PID" "$ACTIONS_PID" "$CONSOLE_PID" || true
stop
