"""python-telegram-bot's HTTP layer, replaced by a direct call into the emulator.

The real Application, Bot and handlers run unchanged on top; only the bytes never leave the
process.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote

import httpx
from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.error import TimedOut
from telegram.request import BaseRequest, RequestData

from sandbox.emulator import EmulatedTimeout, TelegramEmulator
from storage.database import IN_WRITE_TRANSACTION

METHOD_URL = re.compile(r"/bot(?P<token>[^/]+)/(?P<method>[A-Za-z]+)$")
FILE_URL = re.compile(r"/file/bot(?P<token>[^/]+)/(?P<path>.+)$")


class EmulatorRequest(BaseRequest):
    def __init__(self, emulator: TelegramEmulator) -> None:
        self.emulator = emulator

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if IN_WRITE_TRANSACTION.get():
            # In production this would hold the database's write lock across a network round
            # trip: a bug the sandbox makes loud.
            raise RuntimeError(f"a request to Telegram inside a write transaction: {url}")
        file_match = FILE_URL.search(url)
        if file_match:
            return self.emulator.file_content(
                unquote(file_match["path"]), token=unquote(file_match["token"])
            )
        match = METHOD_URL.search(url)
        if match is None:
            return 404, b'{"ok":false,"error_code":404,"description":"Not Found"}'
        params: dict[str, Any] = {}
        files: dict[str, tuple[str | None, bytes, str | None]] = {}
        if request_data is not None:
            # Through JSON and back, as over the wire: what cannot be serialised fails here.
            params = json.loads(request_data.json_payload)
            for name, value in request_data.multipart_data.items():
                file_name, content, mime_type = _field(value)
                files[name] = (file_name, content, mime_type)
        try:
            status, body = await self.emulator.call(
                match["method"], params, files, token=unquote(match["token"])
            )
        except EmulatedTimeout as exc:
            # As python-telegram-bot's httpx layer raises it: TimedOut, caused by what timed out.
            cause = httpx.ReadTimeout if exc.carried_out else httpx.ConnectTimeout
            raise TimedOut(f"{exc} timed out (sandbox)") from cause(str(exc))
        return status, json.dumps(body).encode("utf-8")


def _field(value: Any) -> tuple[str | None, bytes, str | None]:
    if isinstance(value, tuple):
        file_name = value[0] if len(value) > 0 else None
        content = value[1] if len(value) > 1 else b""
        mime_type = value[2] if len(value) > 2 else None
    else:
        file_name, content, mime_type = None, value, None
    if hasattr(content, "read"):
        content = content.read()
    if isinstance(content, str):
        content = content.encode("utf-8")
    return file_name, bytes(content), mime_type
