"""`make run`'s start script refuses unsafe settings before starting anything."""
import os
import subprocess

from bot.settings import ROOT


def run_script(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BRIDGE_", "TELEGRAM_", "TWILIO_", "DESK_"))}
    return subprocess.run(["bash", "scripts/run.sh"], cwd=ROOT, env={**clean, **env},
                          capture_output=True, text=True, timeout=60)


def test_production_refuses_to_start_without_a_secret_key():
    result = run_script(BRIDGE_ENV="production")
    assert result.returncode == 1 and "BRIDGE_SECRET_KEY" in result.stderr


def test_with_messaging_credentials_rasa_must_stay_on_loopback():
    result = run_script(BRIDGE_SECRET_KEY="k" * 40, TELEGRAM_TOKEN="1:x", BOT_HOST="0.0.0.0")
    assert result.returncode == 1 and "loopback" in result.stderr


def test_a_bad_setting_stops_the_start_with_a_clear_message():
    result = run_script(BRIDGE_SECRET_KEY="k" * 40, AMBASSADOR_HOURS="9-21")
    assert result.returncode == 1 and "AMBASSADOR_HOURS is HH:MM-HH:MM" in result.stderr


def test_whatsapp_half_configured_stops_the_start_instead_of_refusing_every_message():
    result = run_script(BRIDGE_SECRET_KEY="k" * 40, TWILIO_AUTH_TOKEN="t" * 32, TWILIO_ACCOUNT_SID="AC" + "0" * 32,
                        TWILIO_WHATSAPP_FROM="whatsapp:+14155238886", BOT_PUBLIC_URL="")
    assert result.returncode == 1 and "WhatsApp needs BOT_PUBLIC_URL" in result.stderr


def test_more_than_one_process_is_refused_without_postgresql_and_redis():
    on_sqlite = run_script(BRIDGE_SECRET_KEY="k" * 40, BRIDGE_WORKERS="2")
    assert on_sqlite.returncode == 1 and "BRIDGE_WORKERS=2 needs DATABASE_URL on PostgreSQL" in on_sqlite.stderr
    without_redis = run_script(BRIDGE_SECRET_KEY="k" * 40, BRIDGE_WORKERS="2", REDIS_URL="",
                               DATABASE_URL="postgresql://postgres@127.0.0.1:5432/nowhere")
    assert without_redis.returncode == 1 and "BRIDGE_WORKERS=2 needs REDIS_URL" in without_redis.stderr
