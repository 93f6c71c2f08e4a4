"""Our Telegram, WhatsApp and desk channels, plugged into Rasa as custom input channels.

Rasa's own Telegram and Twilio connectors check neither Telegram's secret token
nor Twilio's signature; these do, and fail closed. Everything channel-specific
lives in `bot.channels`; this module only adapts it to Rasa: routes, the
start-up (webhook registration or long polling) and `RasaDialogue`, the seam
through which the channels talk to the dialogue engine.
"""
import asyncio
import hmac
import json
import logging
import os
from typing import Any, Awaitable, Callable, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request

from bot.channels import registry
from bot.channels.base import ConversationService, Incoming
from bot.channels.telegram.outbox import TelegramOutbox, make_bot
from bot.channels.telegram.updates import MalformedUpdate, read_update
from bot.channels.whatsapp.outbox import WhatsAppOutbox
from bot.channels.whatsapp.requests import MalformedRequest, form_of, read_message, signed_by_twilio
from bot.handoff import worker
from bot.handoff.desk import Desk
from bot.replies import Button, Reply
from bot.storage import contacts

logger = logging.getLogger(__name__)
# httpx logs every request URL at INFO, and a Bot API URL contains the bot token.
logging.getLogger("httpx").setLevel(logging.WARNING)
logging.getLogger("twilio.http_client").setLevel(logging.WARNING)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
TELEGRAM_UPDATES = ["message", "callback_query"]


class RasaDialogue:
    """The dialogue engine as `bot.channels.base.Dialogue`: Rasa, in process."""

    def __init__(self, on_new_message: OnNewMessage, request: Request, channel: str):
        self.on_new_message = on_new_message
        self.agent = request.app.ctx.agent
        self.channel = channel

    async def respond(self, conversation_id: str, text: str) -> list[Reply]:
        collector = CollectingOutputChannel()
        await self.on_new_message(UserMessage(text, collector, conversation_id, input_channel=self.channel))
        return [
            Reply(m.get("text") or "", tuple(Button(b["title"], b["payload"]) for b in m.get("buttons") or []))
            for m in collector.messages
        ]

    async def language_of(self, conversation_id: str) -> str | None:
        tracker = await self.agent.tracker_store.retrieve(conversation_id)
        return tracker.get_slot("language") if tracker else None

    async def classify(self, text: str) -> str | None:
        parsed = await self.agent.parse_message(text)
        return (parsed.get("intent") or {}).get("name")


class _TelegramBot(InputChannel):
    """A Telegram bot on POST /webhooks/<name>/webhook, or long polling without
    a webhook URL. Subclasses say which environment variables configure it and
    what to do with a message."""

    token_variable = secret_variable = webhook_variable = ""
    api_variable = "TELEGRAM_API_URL"

    @classmethod
    def from_credentials(cls, credentials: dict | None) -> InputChannel:
        return cls()

    def __init__(self) -> None:
        self.token = os.environ.get(self.token_variable, "")
        self.secret = os.environ.get(self.secret_variable, "")
        self.webhook_url = os.environ.get(self.webhook_variable, "")
        self.api_url = os.environ.get(self.api_variable) or os.environ.get("TELEGRAM_API_URL", "https://api.telegram.org")
        if self.webhook_url and not self.secret:
            raise RuntimeError(f"{self.webhook_variable} needs {self.secret_variable}: "
                               "without it anyone could post updates.")
        self.bot = make_bot(self.token, self.api_url) if self.token else None
        self.outbox = TelegramOutbox(self.bot) if self.bot else None
        if self.outbox:
            registry.register(self.name(), self.outbox)
        self.tasks: list[asyncio.Future] = []  # polling and the hand-off clock, stopped with the server

    async def handle(self, incoming: Incoming, on_new_message: OnNewMessage, request: Any) -> None:
        raise NotImplementedError

    async def started(self, app: Any) -> None:
        """Anything else to start with the server (the desk starts the hand-off clock)."""

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        hook = Blueprint(f"bridge_{self.name()}", __name__)

        @hook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> response.HTTPResponse:
            given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
            if not (self.bot and self.secret and hmac.compare_digest(given.encode(), self.secret.encode())):
                return response.json({"error": "forbidden"}, status=403)
            try:
                incoming = read_update(json.loads(request.body or b""))
            except (ValueError, MalformedUpdate):
                return response.json({"error": "not a Telegram update"}, status=400)
            if incoming is not None:
                await self.handle(incoming, on_new_message, request)
            return response.json({"ok": True})

        @hook.listener("after_server_start")
        async def start(app, loop) -> None:
            if not self.bot:
                return
            await self.bot.initialize()
            if self.webhook_url:
                await self.bot.set_webhook(self.webhook_url, secret_token=self.secret, allowed_updates=TELEGRAM_UPDATES)
                logger.info("Telegram webhook registered (%s).", self.name())
            else:
                await self.bot.delete_webhook()
                self.tasks.append(asyncio.ensure_future(self._poll(on_new_message, app)))
                logger.info("Telegram (%s): no webhook URL, using long polling.", self.name())
            await self.started(app)

        @hook.listener("before_server_stop")
        async def stop(app, loop) -> None:
            for task in self.tasks:
                task.cancel()

        return hook

    async def _poll(self, on_new_message: OnNewMessage, app: Any) -> None:
        """Long polling, for running without a public URL."""
        offset = None
        request = _AppRequest(app)
        while True:
            try:
                updates = await self.bot.get_updates(offset=offset, timeout=25, allowed_updates=TELEGRAM_UPDATES)
            except asyncio.CancelledError:
                raise
            except Exception:  # network trouble: wait and try again
                logger.warning("Telegram long polling failed (%s); retrying.", self.name())
                await asyncio.sleep(3)
                continue
            for update in updates:
                offset = update.update_id + 1
                try:
                    incoming = read_update(update.to_dict())
                    if incoming is not None:
                        await self.handle(incoming, on_new_message, request)
                except Exception:
                    logger.exception("A Telegram update could not be handled (%s).", self.name())


class TelegramInput(_TelegramBot):
    """The bot people write to."""

    token_variable, secret_variable, webhook_variable = "TELEGRAM_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_WEBHOOK_URL"

    @classmethod
    def name(cls) -> Text:
        return "telegram"

    async def handle(self, incoming: Incoming, on_new_message: OnNewMessage, request: Any) -> None:
        dialogue = RasaDialogue(on_new_message, request, "telegram")
        await ConversationService("telegram", self.outbox, dialogue).handle(incoming)


class DeskInput(_TelegramBot):
    """The ambassadors' desk bot (bot.handoff.desk), and the hand-off clock."""

    token_variable, secret_variable, webhook_variable = "DESK_TELEGRAM_TOKEN", "DESK_WEBHOOK_SECRET", "DESK_WEBHOOK_URL"
    api_variable = "DESK_TELEGRAM_API_URL"  # defaults to TELEGRAM_API_URL, like the person-facing bot

    @classmethod
    def name(cls) -> Text:
        return "desk"

    async def handle(self, incoming: Incoming, on_new_message: OnNewMessage, request: Any) -> None:
        if incoming.text is None or not contacts.first_delivery("desk", incoming.delivery_key):
            return
        await Desk(self.outbox).handle(incoming.address, incoming.text, incoming.callback_id)

    async def started(self, app: Any) -> None:
        self.tasks.append(asyncio.ensure_future(worker.run_forever()))


class WhatsAppInput(InputChannel):
    """POST /webhooks/whatsapp/webhook, signed by Twilio."""

    @classmethod
    def name(cls) -> Text:
        return "whatsapp"

    @classmethod
    def from_credentials(cls, credentials: dict | None) -> InputChannel:
        return cls()

    def __init__(self) -> None:
        self.auth_token = os.environ.get("TWILIO_AUTH_TOKEN", "")
        self.public_url = os.environ.get("BOT_PUBLIC_URL", "").rstrip("/")
        self.outbox = (
            WhatsAppOutbox(os.environ.get("TWILIO_ACCOUNT_SID", ""), self.auth_token,
                           os.environ.get("TWILIO_WHATSAPP_FROM", ""),
                           os.environ.get("TWILIO_API_URL", "https://api.twilio.com"))
            if self.auth_token else None
        )
        if self.outbox:
            registry.register("whatsapp", self.outbox)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        hook = Blueprint("bridge_whatsapp", __name__)

        @hook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> response.HTTPResponse:
            try:
                form = form_of(request.body, request.headers.get("content-type", ""))
            except MalformedRequest:
                return response.text("not a Twilio form", status=400)
            signature = request.headers.get("X-Twilio-Signature", "")
            if not (self.outbox and signed_by_twilio(self.auth_token, self.public_url + request.path, form, signature)):
                return response.text("forbidden", status=403)
            try:
                incoming = read_message(form)
            except MalformedRequest:
                return response.text("not a WhatsApp message", status=400)
            service = ConversationService("whatsapp", self.outbox, RasaDialogue(on_new_message, request, "whatsapp"))
            await service.handle(incoming)
            return response.text("<Response></Response>", content_type="text/xml")

        return hook


class _AppRequest:
    """What RasaDialogue needs of a request, for updates that came by polling."""

    def __init__(self, app: Any):
        self.app = app
