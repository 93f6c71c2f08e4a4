"""Voice notes, photos and files in a live chat, passed on and never kept.

People with low literacy speak rather than type, so in a live chat a voice
note must reach the ambassador (and back). A relayed file is a reference in
the outbox (`replies.Media`: which channel holds it, and its id there); the
transport that delivers it fetches it from that channel at that moment
(`fetch`), in memory. Only for WhatsApp, whose API takes files by URL, is a
file held: sealed, on an unguessable URL of ours that Twilio fetches once
(`hold` / `take`), and deleted then, or after ten minutes in any case.
"""
import base64
import hashlib
import secrets
from datetime import timedelta
from typing import Awaitable, Callable

from sqlalchemy import delete

from bot import privacy
from bot.replies import Media
from bot.storage.db import session
from bot.storage.models import MediaFile, as_utc, now

# A voice note of several minutes or a phone photo fits, well under the
# channels' own limits (a bot may download at most 20 MB from Telegram).
MAX_BYTES = 10 * 1024 * 1024
HELD_FOR = timedelta(minutes=10)
SEALED = "media"

Fetch = Callable[[str], Awaitable[bytes]]
_fetchers: dict[str, Fetch] = {}  # per channel that receives files, set up with it


class TooBig(Exception):
    """Larger than MAX_BYTES: the sender is told, nothing is passed on."""


def can_fetch_from(source: str, fetch: Fetch) -> None:
    _fetchers[source] = fetch


async def fetch(item: Media) -> bytes:
    if item.size > MAX_BYTES:
        raise TooBig()
    if item.source not in _fetchers:
        raise LookupError(f"no channel here holds {item.source} files")
    content = await _fetchers[item.source](item.ref)
    if len(content) > MAX_BYTES:
        raise TooBig()
    return content


def hold(content: bytes, content_type: str) -> str:
    """Keep a file for one fetch; returns the token for its URL."""
    token = secrets.token_urlsafe(32)
    token_hash = _hash(token)
    sealed = privacy.seal(SEALED, base64.b64encode(content).decode(), token_hash)
    with session() as db:
        db.add(MediaFile(token_hash=token_hash, content_type=content_type, sealed=sealed,
                         expires_at=now() + HELD_FOR))
    return token


def take(token: str) -> tuple[bytes, str] | None:
    """The held file and its type, deleted as it is handed out; None when unknown or expired."""
    token_hash = _hash(token)
    with session() as db:
        row = db.get(MediaFile, token_hash)
        if row is None:
            return None
        db.delete(row)
        if as_utc(row.expires_at) <= now():
            return None
        return base64.b64decode(privacy.unseal(SEALED, row.sealed, token_hash)), row.content_type


def purge_expired() -> int:
    with session() as db:
        return db.execute(delete(MediaFile).where(MediaFile.expires_at <= now())).rowcount


def content_type_of(kind: str) -> str:
    return {"voice": "audio/ogg", "audio": "audio/mpeg", "photo": "image/jpeg", "video": "video/mp4"}.get(
        kind, "application/octet-stream")


def kind_of(content_type: str) -> str:
    major = content_type.split("/")[0]
    return {"audio": "voice", "image": "photo", "video": "video"}.get(major, "document")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
