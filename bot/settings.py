"""Settings, read from the environment only (secrets never live in files)."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def database_url() -> str:
    """Our data and Rasa's tracker store share one database."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{ROOT / 'var' / 'bridge.db'}"


def retention_days() -> int:
    """How long a conversation is kept before it is deleted (told to the person)."""
    return _int("BRIDGE_RETENTION_DAYS", 30)


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
