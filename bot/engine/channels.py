"""Our Telegram, WhatsApp and desk channels, plugged into Rasa as custom input channels.

Rasa's own Telegram and Twilio connectors check neither Telegram's secret token
nor Twilio's signature; these do, and fail closed. A webhook only checks who
sent it, records what arrived (bot.delivery.inbox) and answers at once; the
turn runs after that in this process's `PROCESSOR`, and every reply leaves
through the outbox and this process's `SENDER` (bot.delivery.outbox).
Everything channel-specific lives in `bot.channels`; this module only adapts
it to Rasa: routes, the start-up (webhook registration or long polling) and
`RasaDialogue`, the seam through which the channels talk to the dialogue engine.
"""
import asyncio
import logging
from typing import Any, Awaitable, Callable, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.lock_store import LockError
from rasa.shared.core.events import SlotSet
from sanic import Blueprint, response
from sanic.request import Request

from bot import settings
from bot.channels.base import ConversationService, Incoming
from bot.channels.telegram import webhook as telegram
from bot.channels.telegram.transport import TelegramTransport, make_bot
from bot.channels.telegram.updates import MalformedUpdate
from bot.channels.whatsapp.requests import MalformedRequest, form_of, read_message, signed_by_twilio
from bot.channels.whatsapp.transport import WhatsAppTransport
from bot.delivery import inbox, media, outbox
from bot.handoff import desk, queue, worker
from bot.i18n import detect
from bot.replies import Button, Reply
from bot.storage import chat_messages, leader
from bot.storage.db import Unavailable

logger = logging.getLogger(__name__)
# httpx logs every request URL at INFO, and a Bot API URL contains the bot token.
logging.getLogger("httpx").setLevel(logging.WARNING)
logging.getLogger("twilio.http_client").setLevel(logging.WARNING)

detect.preload()  # imported by Rasa before it forks BRIDGE_WORKERS processes: loaded once, shared

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
# One of each per Rasa process: every channel adds its handler and transport.
PROCESSOR = inbox.Processor()
SENDER = outbox.Sender()


async def record(channel: str, incoming: Incoming) -> bool:
    """Keep what arrived before answering the webhook; False (the webhook
    says 503 and the channel retries) only when the database cannot take it."""
    try:
        await asyncio.to_thread(inbox.record, channel, incoming.delivery_key, incoming.address, incoming.text,
                                incoming.callback_id, incoming.order_key, incoming.media, incoming.message_id)
    except Exception as error:
        logger.warning("A %s message could not be recorded (%s); the channel will retry.",
                       channel, error.__class__.__name__)
        return False
    PROCESSOR.wake()
    return True


TRY_AGAIN = {"error": "try again"}


def start_delivery() -> None:
    PROCESSOR.start()
    SENDER.start()


def stop_delivery() -> None:
    PROCESSOR.stop()
    SENDER.stop()


class RasaDialogue:
    """The dialogue engine as `bot.channels.base.Dialogue`: Rasa, in process."""

    def __init__(self, on_new_message: OnNewMessage, app: Any, channel: str):
        self.on_new_message = on_new_message
        self.agent = app.ctx.agent
        self.channel = channel

    async def respond(self, conversation_id: str, text: str) -> list[Reply]:
        collector = CollectingOutputChannel()
        try:
            await self.on_new_message(UserMessage(text, collector, conversation_id, input_channel=self.channel))
        except LockError as error:  # another turn of this conversation holds it: not an answer, a retry
            raise Unavailable("the conversation is locked") from error
        return [
            Reply(m.get("text") or "", tuple(Button(b["title"], b["payload"]) for b in m.get("buttons") or []))
            for m in collector.messages
        ]

    async def language_of(self, conversation_id: str) -> str | None:
        tracker = await self.agent.tracker_store.retrieve(conversation_id)
        return tracker.get_slot("language") if tracker else None

    async def show_notice_again(self, conversation_id: str) -> None:
        tracker = await self.agent.tracker_store.retrieve(conversation_id)
        if tracker is not None and tracker.get_slot("notice_shown"):
            tracker.update(SlotSet("notice_shown", None))
            await self.agent.tracker_store.save(tracker)

    async def understand(self, text: str) -> tuple[str | None, list[str]]:
        parsed = await self.agent.parse_message(text)
        return (parsed.get("intent") or {}).get("name"), parsed.get("crisis") or []


class _TelegramBot(InputChannel):
    """A Telegram bot on POST /webhooks/<name>/webhook, or long polling without
    a webhook URL. Subclasses say which settings configure it and what to do
    with a recorded message."""

    remember_sent = None  # what to do with the id of each message sent (the person's bot: chat_messages)

    @classmethod
    def from_credentials(cls, credentials: dict | None) -> InputChannel:
        return cls()

    def configured(self) -> settings.TelegramBotSettings:
        raise NotImplementedError

    def __init__(self) -> None:
        configured = self.configured()  # every setting is checked here, as Rasa starts: a bad one stops it
        self.token, self.secret = configured.token, configured.secret
        self.webhook_url, self.api_url = configured.webhook_url, configured.api_url
        self.bot = make_bot(self.token, self.api_url) if self.token else None
        self.transport = TelegramTransport(self.bot, self.remember_sent) if self.bot else None
        if self.transport:
            SENDER.add(self.name(), self.transport)
            media.can_fetch_from(self.name(), self.transport.download)
        self.tasks: list[asyncio.Future] = []  # polling and the hand-off clock, stopped with the server
        self.connected = False  # the webhook is registered, or polling runs

    async def process(self, arrived: inbox.Arrived, on_new_message: OnNewMessage, app: Any) -> None:
        raise NotImplementedError

    async def started(self, app: Any) -> None:
        """Anything else to start with the server (the desk starts the hand-off clock)."""

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        hook = Blueprint(f"bridge_{self.name()}", __name__)

        @hook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> response.HTTPResponse:
            if not (self.bot and telegram.verified(request.headers.get(telegram.SECRET_HEADER, ""), self.secret)):
                return response.json({"error": "forbidden"}, status=403)
            try:
                incoming = telegram.read_body(request.body)
            except MalformedUpdate:
                return response.json({"error": "not a Telegram update"}, status=400)
            if incoming is not None and not await record(self.name(), incoming):
                return response.json(TRY_AGAIN, status=503)
            return response.json({"ok": True})

        @hook.listener("after_server_start")
        async def start(app, loop) -> None:
            if not self.bot:
                return
            PROCESSOR.add(self.name(), lambda arrived: self.process(arrived, on_new_message, app))
            start_delivery()
            self.tasks.append(asyncio.ensure_future(self._connect()))
            await self.started(app)

        @hook.listener("before_server_stop")
        async def stop(app, loop) -> None:
            stop_delivery()
            for task in self.tasks:
                task.cancel()

        return hook

    async def _connect(self) -> None:
        await telegram.connect(self.bot, self.name(), self.webhook_url, self.secret,
                               lambda incoming: record(self.name(), incoming), self.tasks, self._connected)

    def _connected(self) -> None:
        self.connected = True

    def health(self) -> dict:
        return {"configured": self.bot is not None, "up": self.connected}


class TelegramInput(_TelegramBot):
    """The bot people write to."""

    remember_sent = staticmethod(chat_messages.remember)  # so /forget can delete them from the phone

    def configured(self) -> settings.TelegramBotSettings:
        return settings.load().telegram

    @classmethod
    def name(cls) -> Text:
        return "telegram"

    async def process(self, arrived: inbox.Arrived, on_new_message: OnNewMessage, app: Any) -> None:
        dialogue = RasaDialogue(on_new_message, app, "telegram")
        await ConversationService("telegram", dialogue, self.transport.acknowledge).process(arrived)


class DeskInput(_TelegramBot):
    """The ambassadors' desk bot (bot.handoff.desk), and the hand-off clock."""

    def configured(self) -> settings.TelegramBotSettings:
        return settings.load().desk

    @classmethod
    def name(cls) -> Text:
        return "desk"

    async def process(self, arrived: inbox.Arrived, on_new_message: OnNewMessage, app: Any) -> None:
        if arrived.callback_id:
            await self.transport.acknowledge(arrived.callback_id)
        await asyncio.to_thread(desk.process, arrived)  # one transaction; database work: off the loop

    async def started(self, app: Any) -> None:
        # In one process only, however many serve (bot.storage.leader).
        self.tasks.append(asyncio.ensure_future(leader.run_alone("the hand-off clock", worker.run_forever)))


class WhatsAppInput(InputChannel):
    """POST /webhooks/whatsapp/webhook, signed by Twilio."""


    @classmethod
    def name(cls) -> Text:
        return "whatsapp"

    @classmethod
    def from_credentials(cls, credentials: dict | None) -> InputChannel:
        return cls()

    def __init__(self) -> None:
        configured = settings.load().whatsapp  # checked as Rasa starts: a bad setting stops it
        self.auth_token, self.public_url = configured.auth_token, configured.public_url
        self.transport = (
            WhatsAppTransport(configured.account_sid, self.auth_token, configured.sender, configured.api_url,
                              self.public_url)
            if self.auth_token else None
        )
        if self.transport:
            SENDER.add("whatsapp", self.transport)
            media.can_fetch_from("whatsapp", self.transport.download)

    def health(self) -> dict:
        """Twilio is only called to send; whether that works shows in what waits in the outbox."""
        return {"configured": self.transport is not None, "up": self.transport is not None}

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        hook = Blueprint("bridge_whatsapp", __name__)

        @hook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> response.HTTPResponse:
            try:
                form = form_of(request.body, request.headers.get("content-type", ""))
            except MalformedRequest:
                return response.text("not a Twilio form", status=400)
            signature = request.headers.get("X-Twilio-Signature", "")
            if not (self.transport and signed_by_twilio(self.auth_token, self.public_url + request.path, form, signature)):
                return response.text("forbidden", status=403)
            try:
                incoming = read_message(form)
            except MalformedRequest:
                return response.text("not a WhatsApp message", status=400)
            if not await record("whatsapp", incoming):
                return response.json(TRY_AGAIN, status=503)
            return response.text("<Response></Response>", content_type="text/xml")

        @hook.route("/media/<token>", methods=["GET"])
        async def held_media(request: Request, token: str) -> response.HTTPResponse:
            """An ambassador's voice note or photo, fetched by Twilio once, then gone."""
            found = await asyncio.to_thread(media.take, token[:100]) if self.transport else None
            if found is None:
                return response.text("not found", status=404)
            content, content_type = found
            return response.raw(content, content_type=content_type, headers={"Cache-Control": "no-store"})

        @hook.listener("after_server_start")
        async def start(app, loop) -> None:
            if self.transport:
                PROCESSOR.add("whatsapp", lambda arrived: self.process(arrived, on_new_message, app))
                start_delivery()

        @hook.listener("before_server_stop")
        async def stop(app, loop) -> None:
            stop_delivery()

        return hook

    async def process(self, arrived: inbox.Arrived, on_new_message: OnNewMessage, app: Any) -> None:
        dialogue = RasaDialogue(on_new_message, app, "whatsapp")
        await ConversationService("whatsapp", dialogue).process(arrived)


class HealthInput(InputChannel):
    """GET /health: per channel whether it is configured and up, and what
    still waits to be delivered. No identifier, no text, no count per person."""

    @classmethod
    def name(cls) -> Text:
        return "health"

    def url_prefix(self) -> Text:
        return "/health"  # not under /webhooks/: the reverse proxy never forwards it

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        hook = Blueprint("bridge_health", __name__)

        @hook.route("/", methods=["GET"])
        async def health(request: Request) -> response.HTTPResponse:
            channels = {c.name(): c.health() for c in request.app.ctx.input_channels if hasattr(c, "health")}
            waiting = {"inbox": await asyncio.to_thread(inbox.waiting),
                       "outbox": await asyncio.to_thread(outbox.waiting),
                       "relayed": await asyncio.to_thread(queue.undelivered_count)}
            ok = all(c["up"] for c in channels.values() if c["configured"])
            return response.json({"ok": ok, "channels": channels, "waiting": waiting}, status=200 if ok else 503)

        return hook
