"""Coordinator accounts, passwords, sign-in throttling and sessions.

- Passwords are hashed with Argon2id (argon2-cffi); nothing else of them is kept.
- Five wrong passwords in a row for one address block that address, for 30
  seconds, then twice as long at each further miss (at most 15 minutes), the
  right password included: guessing becomes too slow to matter. Addresses
  that have no account are throttled alike, so the answer never tells which
  addresses exist.
- A session is a random token in a signed cookie; only its hash is stored.
  It ends after CONSOLE_SESSION_MINUTES without a request, after 12 hours in
  any case, when its coordinator signs out or is deactivated.
"""
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select

from bot import privacy, settings
from bot.console.permissions import ROLES
from bot.storage.console_models import ConsoleSession, Coordinator, LoginThrottle
from bot.storage.db import session
from bot.storage.models import as_utc, now

FREE_TRIES = 5
FIRST_BLOCK = timedelta(seconds=30)
LONGEST_BLOCK = timedelta(minutes=15)
SESSION_LONGEST = timedelta(hours=12)
MIN_PASSWORD = 12
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a password of anyone")


@dataclass(frozen=True)
class CoordinatorView:
    id: int
    name: str
    email: str
    role: str
    active: bool


def add(name: str, email: str, role: str, password: str) -> CoordinatorView:
    """A new account; ValueError with a sentence saying what is wrong."""
    name, email = name.strip(), email.strip().lower()
    if not name:
        raise ValueError("a name is needed")
    if not _EMAIL.match(email):
        raise ValueError(f"{email!r} is not an e-mail address")
    if role not in ROLES:
        raise ValueError(f"the role is one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"the password must have at least {MIN_PASSWORD} characters")
    with session() as db:
        if db.execute(select(Coordinator.id).where(Coordinator.email == email)).first():
            raise ValueError(f"there is already an account for {email}")
        row = Coordinator(name=name, email=email, role=role, password_hash=_hasher.hash(password), active=True)
        db.add(row)
        db.flush()
        return _view(row)


def everyone() -> list[CoordinatorView]:
    with session() as db:
        return [_view(row) for row in db.execute(select(Coordinator).order_by(Coordinator.id)).scalars()]


def deactivate(coordinator_id: int) -> CoordinatorView:
    """The account can no longer sign in, and its sessions end now."""
    with session() as db:
        row = db.get(Coordinator, coordinator_id)
        if row is None:
            raise LookupError(f"no coordinator {coordinator_id}")
        row.active = False
        db.execute(delete(ConsoleSession).where(ConsoleSession.coordinator_id == coordinator_id))
        return _view(row)


def authenticate(email: str, password: str) -> tuple[CoordinatorView | None, int]:
    """(the coordinator, 0) for the right password; (None, seconds to wait)
    while the address is blocked; (None, 0) for a wrong one."""
    email = email.strip().lower()[:254]
    key = privacy.lookup_key("console-login", email)
    with session() as db:
        throttle = db.get(LoginThrottle, key)
        if throttle and throttle.blocked_until and as_utc(throttle.blocked_until) > now():
            return None, max(1, int((as_utc(throttle.blocked_until) - now()).total_seconds()) + 1)
        row = db.execute(select(Coordinator).where(Coordinator.email == email,
                                                   Coordinator.active.is_(True))).scalar_one_or_none()
        if _password_matches(row.password_hash if row else _DUMMY_HASH, password) and row is not None:
            if throttle:
                db.delete(throttle)
            return _view(row), 0
        if throttle is None:
            throttle = LoginThrottle(key_hash=key, failures=0)
            db.add(throttle)
        throttle.failures += 1
        if throttle.failures >= FREE_TRIES:
            block = min(FIRST_BLOCK * 2 ** (throttle.failures - FREE_TRIES), LONGEST_BLOCK)
            throttle.blocked_until = now() + block
        return None, 0


def _password_matches(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


# --- Sessions -------------------------------------------------------------------------

def start_session(coordinator_id: int) -> str:
    """A new session; the token goes into the (signed) cookie, its hash into the database."""
    token = secrets.token_urlsafe(32)
    with session() as db:
        db.execute(delete(ConsoleSession).where(ConsoleSession.created_at < now() - SESSION_LONGEST))
        db.add(ConsoleSession(token_hash=_hash(token), coordinator_id=coordinator_id))
    return token


def resume(token: str) -> CoordinatorView | None:
    """The coordinator of a live session, or None when it ended or expired."""
    idle = timedelta(minutes=settings.load().console.session_minutes)
    with session() as db:
        row = db.get(ConsoleSession, _hash(token))
        if row is None:
            return None
        moment = now()
        if as_utc(row.last_seen_at) + idle < moment or as_utc(row.created_at) + SESSION_LONGEST < moment:
            db.delete(row)
            return None
        coordinator = db.get(Coordinator, row.coordinator_id)
        if coordinator is None or not coordinator.active:
            return None
        if moment - as_utc(row.last_seen_at) > timedelta(seconds=30):
            row.last_seen_at = moment
        return _view(coordinator)


def end_session(token: str) -> None:
    with session() as db:
        db.execute(delete(ConsoleSession).where(ConsoleSession.token_hash == _hash(token)))


def csrf_token(secret: str) -> str:
    """The token every form of this session (or this sign-in page) carries."""
    key = hashlib.sha256(("bridge-console-csrf:" + settings.secret_key()).encode()).digest()
    return hmac.new(key, secret.encode(), hashlib.sha256).hexdigest()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _view(row: Coordinator) -> CoordinatorView:
    return CoordinatorView(row.id, row.name, row.email, row.role, row.active)
