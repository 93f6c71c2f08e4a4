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
