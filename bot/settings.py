"""Settings, read from the environment only (secrets never live in files),
once, into one validated object.

A mistake in the configuration must stop Bridge at start with a clear
message, not surface when a person asks for help (a bad AMBASSADOR_HOURS such
as "9-21" used to fail only then): `python -m bot check` (run by
scripts/run.sh before anything starts) loads them all, and so does each
Rasa process as its channels start, however it was started.
"""
import os
import re
from dataclasses import dataclass
from datetime import time
from functools import lru_cache
from pathlib import Path

from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
LANGUAGE_CODES = ("en", "nl", "ar", "ti", "fa", "tr", "uk", "so")
_HOURS = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")


class BadSetting(ValueError):
    """A setting that Bridge cannot run with; the message says which and why."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    retention_days: int
    ambassador_hours: tuple[time, time] | None  # Dutch time; None: no hours promised
    handoff_timeout_minutes: float
    desk_language: str
    production: bool
    twilio_handoff_template_sid: str  # WhatsApp template for an ambassador's answer after 24 hours; "" for none
    console: "ConsoleSettings"
    workers: int  # Rasa processes behind BOT_PORT (BRIDGE_WORKERS)
    telegram: "TelegramBotSettings"  # the bot people write to
    desk: "TelegramBotSettings"  # the ambassadors' bot
    whatsapp: "WhatsAppSettings"


def _number(name: str, default: float, kind=int, minimum: float = 0) -> float:
    raw = os.environ.get(name, "").strip()
    try:
        value = kind(raw) if raw else default
    except ValueError:
        raise BadSetting(f"{name} must be a number, not {raw!r}.") from None
    if value < minimum:
        raise BadSetting(f"{name} must be at least {minimum}, not {raw!r}.")
    return value


def _hours(raw: str) -> tuple[time, time] | None:
    raw = raw.strip()
    if not raw:
        return None
    found = _HOURS.match(raw)
    if not found:
        raise BadSetting(f"AMBASSADOR_HOURS is HH:MM-HH:MM in Dutch time, for example 09:00-21:00; not {raw!r}.")
    start, end = time(int(found[1]), int(found[2])), time(int(found[3]), int(found[4]))
    if start >= end:
        raise BadSetting(f"AMBASSADOR_HOURS must start before it ends; not {raw!r}.")
    return start, end


@lru_cache(maxsize=1)
def load() -> Settings:
    desk_language = os.environ.get("DESK_LANGUAGE", "en").strip() or "en"
    if desk_language not in LANGUAGE_CODES:
        raise BadSetting(f"DESK_LANGUAGE is one of {', '.join(LANGUAGE_CODES)}; not {desk_language!r}.")
    return Settings(
        database_url=database_url(),
        retention_days=retention_days(),
        ambassador_hours=_hours(os.environ.get("AMBASSADOR_HOURS", "")),
        handoff_timeout_minutes=_number("HANDOFF_TIMEOUT_MINUTES", 10.0, float, 0.01),
        desk_language=desk_language,
        production=production(),
        twilio_handoff_template_sid=_content_sid(os.environ.get("TWILIO_HANDOFF_TEMPLATE_SID", "")),
        console=_console(),
        workers=workers(),
        telegram=_telegram_bot("TELEGRAM"),
        desk=_telegram_bot("DESK"),
        whatsapp=_whatsapp(),
    )


def _content_sid(raw: str) -> str:
    raw = raw.strip()
    if raw and not re.fullmatch(r"HX[0-9a-fA-F]{32}", raw):
        raise BadSetting(f"TWILIO_HANDOFF_TEMPLATE_SID is a Twilio Content SID (HX and 32 hex digits); not {raw!r}.")
    return raw


def workers() -> int:
    """How many Rasa processes serve. More than one must share what orders a
    person's messages and holds their conversation: SQLite takes one writer
    and the in-memory lock store lives in one process, so we refuse them."""
    count = int(_number("BRIDGE_WORKERS", 1, int, 1))
    if count > 1 and not make_url(database_url()).drivername.startswith("postgresql"):
        raise BadSetting(f"BRIDGE_WORKERS={count} needs DATABASE_URL on PostgreSQL "
                         "(SQLite takes one process only); or set BRIDGE_WORKERS=1.")
    if count > 1 and not os.environ.get("REDIS_URL", "").strip():
        raise BadSetting(f"BRIDGE_WORKERS={count} needs REDIS_URL: the processes share Redis's lock that keeps "
                         "one person's messages in order; or set BRIDGE_WORKERS=1.")
    return count


def database_url() -> str:
    """Our data and Rasa's tracker store share one database."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{ROOT / 'var' / 'bridge.db'}"


def retention_days() -> int:
    """How long a conversation is kept before it is deleted (told to the person)."""
    return int(_number("BRIDGE_RETENTION_DAYS", 30, int, 1))


def secret_key() -> str:
    """The key every pseudonym and encryption is derived from. No default: a
    made-up key would silently make stored data unreadable after a restart.
    `make run` creates a local one for development (scripts/run.sh)."""
    key = os.environ.get("BRIDGE_SECRET_KEY", "")
    if len(key) < 32:
        raise RuntimeError("BRIDGE_SECRET_KEY must be set to at least 32 characters.")
    return key


def production() -> bool:
    return os.environ.get("BRIDGE_ENV", "development") == "production"


# --- The coordinators' console, ambassadors' workload and insights -----------------------

@dataclass(frozen=True)
class ConsoleSettings:
    port: int
    session_minutes: float  # a session ends after this long without a request
    insights_min_count: int  # every count below this is shown as "<N" (suppression)
    daily_live_minutes: float  # live-chat time an ambassador may take in one day
    alert_pause_minutes: float  # after a case with a danger or suicide alert
    hourly_allowance: float | None  # euros per hour the organisation pays; None: the year's hourly maximum
    allowance: "AllowanceLimits"


@dataclass(frozen=True)
class AllowanceLimits:
    """The tax-free volunteer allowance of one year (config/volunteer_allowance.yml):
    amounts change every year, so they are data, with their source."""
    year: int
    per_hour: float
    per_hour_under_21: float
    per_month: float
    per_year: float
    source: str
    single_source: bool  # one non-official source: the console says so next to every amount


ALLOWANCE_FILE = ROOT / "config" / "volunteer_allowance.yml"


def _allowance(year: int) -> AllowanceLimits:
    import yaml

    table = yaml.safe_load(ALLOWANCE_FILE.read_text(encoding="utf-8")) or {}
    if year not in table:
        raise BadSetting(f"VOLUNTEER_ALLOWANCE_YEAR is one of {', '.join(map(str, sorted(table)))} "
                         f"(config/volunteer_allowance.yml); not {year}.")
    row = table[year]
    try:
        return AllowanceLimits(year, float(row["per_hour"]), float(row["per_hour_under_21"]),
                               float(row["per_month"]), float(row["per_year"]), str(row["source"]),
                               bool(row.get("single_source", False)))
    except (KeyError, TypeError, ValueError) as error:
        raise BadSetting(f"config/volunteer_allowance.yml: year {year} lacks a valid {error}.") from None


def _console() -> ConsoleSettings:
    """Statistics offices and health services suppress counts below 5 to 10;
    below 5 a count is too easy to tie to one person, so we refuse it."""
    port = int(_number("CONSOLE_PORT", 5080, int, 1))
    if port > 65535:
        raise BadSetting(f"CONSOLE_PORT must be a port number, not {port}.")
    hourly = os.environ.get("VOLUNTEER_HOURLY_ALLOWANCE", "").strip()
    year = int(_number("VOLUNTEER_ALLOWANCE_YEAR", 2026, int, 2000))
    return ConsoleSettings(
        port=port,
        session_minutes=_number("CONSOLE_SESSION_MINUTES", 60.0, float, 1),
        insights_min_count=int(_number("INSIGHTS_MIN_COUNT", 10, int, 5)),
        daily_live_minutes=_number("AMBASSADOR_DAILY_MINUTES", 180.0, float, 1),
        alert_pause_minutes=_number("AMBASSADOR_ALERT_PAUSE_MINUTES", 30.0, float, 0),
        hourly_allowance=_number("VOLUNTEER_HOURLY_ALLOWANCE", 0.0, float, 0) if hourly else None,
        allowance=_allowance(year),
    )


# --- Channels ---------------------------------------------------------------------------

_TELEGRAM_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what Telegram accepts as a webhook secret


@dataclass(frozen=True)
class TelegramBotSettings:
    token: str  # "" when this bot is not configured
    webhook_url: str  # "" for long polling
    secret: str  # Telegram sends it back with every update
    api_url: str


@dataclass(frozen=True)
class WhatsAppSettings:
    auth_token: str  # "" when WhatsApp is not configured
    account_sid: str
    sender: str  # TWILIO_WHATSAPP_FROM, whatsapp:+31...
    api_url: str
    public_url: str  # BOT_PUBLIC_URL: Twilio signs the URL it posted to


def _telegram_bot(prefix: str) -> TelegramBotSettings:
    """TELEGRAM_* for the person's bot, DESK_* for the ambassadors' bot (whose
    API URL defaults to the person's bot's)."""
    names = {"TELEGRAM": ("TELEGRAM_TOKEN", "TELEGRAM_WEBHOOK_URL", "TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_API_URL"),
             "DESK": ("DESK_TELEGRAM_TOKEN", "DESK_WEBHOOK_URL", "DESK_WEBHOOK_SECRET", "DESK_TELEGRAM_API_URL")}[prefix]
    token, webhook_url, secret, api_url = (os.environ.get(name, "").strip() for name in names)
    if webhook_url and not secret:
        raise BadSetting(f"{names[1]} needs {names[2]}: without it anyone could post updates.")
    if secret and not _TELEGRAM_SECRET.match(secret):
        raise BadSetting(f"{names[2]} may hold only letters, digits, _ and -, 1 to 256 of them (Telegram's rule).")
    if webhook_url and not re.match(r"^https?://", webhook_url):
        raise BadSetting(f"{names[1]} is the https:// address Telegram posts to; not {webhook_url!r}.")
    api_url = api_url or os.environ.get("TELEGRAM_API_URL", "").strip() or "https://api.telegram.org"
    return TelegramBotSettings(token, webhook_url, secret, api_url)


def _whatsapp() -> WhatsAppSettings:
    """All of Twilio's settings or none: with a token but no BOT_PUBLIC_URL every
    message would fail its signature check, so that stops Bridge at start."""
    values = {name: os.environ.get(name, "").strip() for name in
              ("TWILIO_AUTH_TOKEN", "TWILIO_ACCOUNT_SID", "TWILIO_WHATSAPP_FROM", "BOT_PUBLIC_URL")}
    if values["TWILIO_AUTH_TOKEN"] or values["TWILIO_ACCOUNT_SID"]:
        missing = [name for name, value in values.items() if not value]
        if missing:
            raise BadSetting(f"WhatsApp needs {', '.join(missing)} as well (TWILIO_AUTH_TOKEN, TWILIO_ACCOUNT_SID, "
                             "TWILIO_WHATSAPP_FROM and BOT_PUBLIC_URL go together).")
        if not re.match(r"^https?://", values["BOT_PUBLIC_URL"]):
            raise BadSetting(f"BOT_PUBLIC_URL is the address Twilio posts to, https://...; not {values['BOT_PUBLIC_URL']!r}.")
    return WhatsAppSettings(values["TWILIO_AUTH_TOKEN"], values["TWILIO_ACCOUNT_SID"], values["TWILIO_WHATSAPP_FROM"],
                            os.environ.get("TWILIO_API_URL", "").strip() or "https://api.twilio.com",
                            values["BOT_PUBLIC_URL"].rstrip("/"))
