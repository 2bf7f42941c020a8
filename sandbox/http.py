"""The emulator served over HTTP on a loopback port, with Telegram's paths and body formats, so
that a bot in another process (``BOT_API_BASE_URL=http://127.0.0.1:PORT/bot``) runs against it.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from sandbox.emulator import EmulatedTimeout, TelegramEmulator


class BotApiServer:
    def __init__(self, emulator: TelegramEmulator, host: str = "127.0.0.1", port: int = 0):
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the sandbox serves on loopback only")
        self.emulator = emulator
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://{self.host}:{self.port}/file/bot"

    async def start(self) -> str:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server
        assert server is not None and server.sockets
        self.port = server.sockets[0].getsockname()[1]
        return self.base_url

    async def stop(self) -> None:
        await self.emulator.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _method(self, request: web.Request) -> web.Response:
        params: dict[str, Any] = dict(request.query)
        files: dict[str, tuple[str | None, bytes, str | None]] = {}
        if request.body_exists:
            content_type = request.content_type
            if content_type == "application/json":
                try:
                    body = await request.json()
                except json.JSONDecodeError:
                    return _error(400, "Bad Request: can't parse JSON body")
                if not isinstance(body, dict):
                    return _error(400, "Bad Request: JSON body must be an object")
                params.update(body)
            elif content_type == "multipart/form-data":
                reader = await request.multipart()
                async for part in reader:
                    if part.name is None:
                        continue
                    if part.filename is not None:
                        content = await part.read()
                        mime = part.headers.get("Content-Type")
                        files[part.name] = (part.filename, bytes(content), mime)
                    else:
                        params[part.name] = await part.text()
            else:
                params.update(await request.post())
        try:
            status, body = await self.emulator.call(
                request.match_info["method"], params, files, token=request.match_info["token"]
            )
        except EmulatedTimeout:  # over HTTP, the nearest thing: a gateway that gave up
            return web.json_response(
                {"ok": False, "error_code": 504, "description": "Gateway Timeout"}, status=504
            )
        return web.json_response(body, status=status)

    async def _file(self, request: web.Request) -> web.Response:
        status, content = self.emulator.file_content(
            request.match_info["path"], token=request.match_info["token"]
        )
        if status != 200:
            return web.Response(status=status, body=content, content_type="application/json")
        return web.Response(body=content, content_type="application/octet-stream")


def _error(status: int, description: str) -> web.Response:
    return web.json_response(
        {"ok": False, "error_code": status, "description": description}, status=status
    )
