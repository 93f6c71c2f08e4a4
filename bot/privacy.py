"""Pseudonyms and encryption at rest, all keyed by BRIDGE_SECRET_KEY.

- `lookup_key`: a keyed hash (HMAC-SHA256) of a channel's raw identifier (chat id,
  phone number). It finds a person's record without the identifier being stored.
- `seal` / `unseal`: authenticated encryption (AES-256-GCM) for what must be kept
  but must not be readable at rest: the address to reply to, conversation events.
  The associated data binds a ciphertext to its owner, so it cannot be moved to
  another record.
Each use has its own key, derived with HKDF, so one leaked key opens one thing.
"""
import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bot import settings

_PREFIX = "v1:"


@lru_cache(maxsize=None)
def _key(purpose: str, secret: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=f"bridge:{purpose}".encode()).derive(
        secret.encode()
    )


def lookup_key(channel: str, raw_identifier: str) -> str:
    """A stable, irreversible key for a channel's identifier of a person."""
    key = _key("lookup", settings.secret_key())
    return hmac.new(key, f"{channel}:{raw_identifier}".encode(), hashlib.sha256).hexdigest()


def seal(purpose: str, plaintext: str, owner: str = "") -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(_key(purpose, settings.secret_key())).encrypt(nonce, plaintext.encode(), owner.encode())
    return _PREFIX + base64.b64encode(nonce + sealed).decode()


def unseal(purpose: str, token: str, owner: str = "") -> str:
    """The plaintext; raises ValueError if the token was altered, moved or sealed with another key."""
    if not token.startswith(_PREFIX):
        raise ValueError("not a sealed value")
    raw = base64.b64decode(token[len(_PREFIX):])
    try:
        plain = AESGCM(_key(purpose, settings.secret_key())).decrypt(raw[:12], raw[12:], owner.encode())
    except Exception as error:  # InvalidTag: wrong key, wrong owner or tampered
        raise ValueError("sealed value does not open with this key and owner") from error
    return plain.decode()
