"""Reading Twilio's WhatsApp webhook: signature first, then the form.

We fail closed: without TWILIO_AUTH_TOKEN, or with a signature that does not
match the public URL and parameters, nothing is processed (403). Anyone can
post to a public URL; only Twilio can sign with our token.
"""
from urllib.parse import parse_qsl

from twilio.request_validator import RequestValidator

from bot.channels.base import Incoming
from bot.delivery.media import kind_of
from bot.replies import Media


class MalformedRequest(ValueError):
    """Not a form body Twilio would send."""


def form_of(body: bytes, content_type: str) -> dict[str, str]:
    if not content_type.startswith("application/x-www-form-urlencoded"):
        raise MalformedRequest("Twilio posts application/x-www-form-urlencoded")
    try:
        return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(body)))
    except (UnicodeDecodeError, ValueError) as error:
        raise MalformedRequest("the body is not a form") from error


def signed_by_twilio(auth_token: str, public_url: str, form: dict[str, str], signature: str) -> bool:
    if not auth_token or not public_url or not signature:
        return False
    return RequestValidator(auth_token).validate(public_url, form, signature)


def read_message(form: dict[str, str]) -> Incoming:
    if not form.get("MessageSid") or not form.get("From", "").startswith("whatsapp:"):
        raise MalformedRequest("a WhatsApp message has a MessageSid and a whatsapp: sender")
    text = form.get("Body", "")
    media = form.get("NumMedia", "0") or "0"
    if not (media.isascii() and media.isdigit() and len(media) <= 3):  # Twilio sends at most 10
        raise MalformedRequest("NumMedia is a count")
    has_media = int(media) > 0 or "Latitude" in form
    if has_media and not text.strip():  # a voice note, photo, location...
        return Incoming(form["MessageSid"], form["From"], None, media=_relayable(form))
    return Incoming(form["MessageSid"], form["From"], text)


def _relayable(form: dict[str, str]) -> Media | None:
    """The first media file of the message (Twilio's URL for it), for a live chat."""
    url = form.get("MediaUrl0", "")
    if not url:
        return None
    return Media(kind_of(form.get("MediaContentType0", "")), "", url[:500])
