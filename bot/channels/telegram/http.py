"""python-telegram-bot's HTTP calls, made with aiohttp instead of httpx.

Under load, httpx was a tenth of the Rasa process's time (for every reply
sent); aiohttp, which Rasa already uses, does the same request for a fraction.
Only the transport changes: python-telegram-bot still builds every request
and reads every answer, so its errors (RetryAfter, Forbidden, BadRequest...)
and our rules for them (bot.channels.telegram.transport) stay exactly as they
were. Files (voice notes and photos relayed in a live chat) go as multipart
forms, as python-telegram-bot's own httpx transport sends them.
"""
import asyncio

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

CONNECTIONS = 32  # to the Bot API, per bot and process


class AiohttpRequest(BaseRequest):
    def __init__(self, read_timeout: float = 5.0, connect_timeout: float = 5.0):
        self._read_timeout, self._connect_timeout = read_timeout, connect_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CONNECTIONS),
                                                  headers={"User-Agent": self.USER_AGENT})

    async def shutdown(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout=BaseRequest.DEFAULT_NONE, write_timeout=BaseRequest.DEFAULT_NONE,
                         connect_timeout=BaseRequest.DEFAULT_NONE,
                         pool_timeout=BaseRequest.DEFAULT_NONE) -> tuple[int, bytes]:
        await self.initialize()
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=_given(connect_timeout, self._connect_timeout),
            sock_read=_given(read_timeout, self._read_timeout),
        )
        data = request_data.json_parameters if request_data is not None else None
        if request_data is not None and request_data.contains_files:
            data = _form(data, request_data.multipart_data)
        try:
            async with self._session.request(method, url, data=data, timeout=timeout) as response:
                return response.status, await response.read()
        except asyncio.TimeoutError as error:
            raise TimedOut() from error
        except aiohttp.ClientError as error:  # the class only: a message could hold the address
            raise NetworkError(f"aiohttp.{error.__class__.__name__}") from error


def _form(fields: dict, files: dict) -> aiohttp.FormData:
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in files.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form


def _given(value, default: float) -> float | None:
    return default if isinstance(value, type(BaseRequest.DEFAULT_NONE)) else value
