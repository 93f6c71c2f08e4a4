#!/usr/bin/env bash
# Starts the action server and the Rasa server; Ctrl-C stops both cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
MODEL=$($PY -m bot.engine.train)
# Rasa's HTTP API, REST channel and the (unauthenticated) action server listen on
# loopback only unless BOT_HOST is set on purpose, e.g. behind a reverse proxy.
HOST=${BOT_HOST:-127.0.0.1}
mkdir -p var

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
