"""The stack's control endpoint: ``POST /start`` starts the scenario, ``GET /state`` reports."""

from __future__ import annotations

from aiohttp import web

from tests.support.fakes.base import HOST, allow_loopback_sockets

from .stack import LiveStack


class ControlServer:
    """A tiny HTTP server on 127.0.0.1 in front of one ``LiveStack``."""

    def __init__(self, stack: LiveStack) -> None:
        """Serve ``stack`` (not yet listening)."""
        self.stack = stack
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self, port: int = 0) -> str:
        """Listen (an ephemeral port by default); return the base URL."""
        allow_loopback_sockets()
        app = web.Application()
        app.router.add_post("/start", self._start)
        app.router.add_get("/state", self._state)
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        await web.TCPSite(runner, HOST, port).start()
        self._runner = runner
        self.url = f"http://{HOST}:{runner.addresses[0][1]}"
        return self.url

    async def stop(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _start(self, request: web.Request) -> web.Response:
        await self.stack.start()
        return web.json_response({"started": True, "time": self.stack.elapsed()})

    async def _state(self, request: web.Request) -> web.Response:
        return web.json_response(self.stack.state())
