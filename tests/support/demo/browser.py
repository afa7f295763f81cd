"""Debian's headless Chromium driven over the DevTools protocol (a websocket, with aiohttp).

No browser is downloaded and no new dependency is needed: ``scripts/lib/hass.sh`` installs
Debian's ``chromium`` (into the root, or it is on PATH), and ``Page`` speaks the few DevTools
commands the tests and screenshots use. Home Assistant's frontend is logged in by putting its
tokens into ``localStorage`` before its scripts run, as the login page would.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable
from dataclasses import dataclass, field
import itertools
import json
from pathlib import Path
import shutil
import socket
import tempfile
import time
from typing import Any, Final

import aiohttp

from .hass import LOOPBACK, Child, Tokens

CHROMIUM_FLAGS: Final = [
    "--headless",
    "--no-sandbox",  # root in a chroot: no user namespace for Chromium's own sandbox
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
    f"--remote-debugging-address={LOOPBACK}",
]

# Every element matching a selector, through every shadow root (Home Assistant's frontend is
# shadow DOM all the way down). Installed once per document as window.__st.
HELPERS: Final = """
window.__st = {
  all(selector, root = document) {
    const found = [];
    const walk = (node) => {
      if (node.querySelectorAll) found.push(...node.querySelectorAll(selector));
      const children = node.querySelectorAll ? node.querySelectorAll('*') : [];
      for (const child of children) if (child.shadowRoot) walk(child.shadowRoot);
      if (node.shadowRoot) walk(node.shadowRoot);
    };
    walk(root);
    return [...new Set(found)];
  },
  cards() { return this.all('status-tracker-card'); },
  text(node) { return (node.shadowRoot ?? node).textContent.replace(/\\s+/g, ' ').trim(); },
};
"""


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def find_chromium() -> str:
    """Debian's chromium: inside the root (/usr/bin) or on the host's PATH."""
    for name in ("chromium", "chromium-browser"):
        if found := shutil.which(name):
            return found
    raise FileNotFoundError("no chromium on PATH (scripts/lib/hass.sh installs Debian's)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


@dataclass
class Chromium:
    """One headless Chromium; pages are opened in it per test."""

    child: Child
    port: int
    profile: Path

    @classmethod
    async def start(cls, log: Path) -> Chromium:
        port = _free_port()
        profile = Path(tempfile.mkdtemp(prefix="st-chromium-"))
        argv = [find_chromium(), *CHROMIUM_FLAGS, f"--remote-debugging-port={port}"]
        argv += [f"--user-data-dir={profile}", "about:blank"]
        child = Child.start("chromium", argv, log, {"HOME": str(profile), "PATH": "/usr/bin:/bin"})
        browser = cls(child, port, profile)
        deadline = time.monotonic() + 30
        async with aiohttp.ClientSession() as session:
            while True:
                try:
                    async with session.get(f"http://{LOOPBACK}:{port}/json/version") as response:
                        if response.status == 200:
                            return browser
                except aiohttp.ClientError:
                    pass
                if not child.alive() or time.monotonic() > deadline:
                    browser.stop()
                    raise RuntimeError(f"chromium did not start ({log}):\n{child.tail()}")
                await asyncio.sleep(0.1)

    def stop(self) -> None:
        self.child.stop()
        shutil.rmtree(self.profile, ignore_errors=True)

    async def new_page(
        self, session: aiohttp.ClientSession, *, width: int = 1280, height: int = 900
    ) -> Page:
        """A new tab, its DevTools session open, at the given viewport."""
        async with session.put(f"http://{LOOPBACK}:{self.port}/json/new?about:blank") as response:
            target = await response.json()
        ws = await session.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0)
        page = Page(ws, target["id"], self.port, session)
        page.start()
        await page.send("Page.enable")
        await page.send("Runtime.enable")
        await page.viewport(width, height)
        return page


@dataclass
class Page:
    """A tab over its DevTools websocket: commands, events, evaluation, screenshots."""

    ws: aiohttp.ClientWebSocketResponse
    target_id: str
    port: int
    session: aiohttp.ClientSession
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _pending: dict[int, asyncio.Future[Any]] = field(default_factory=dict)
    _listeners: list[Callable[[str, dict[str, Any]], None]] = field(default_factory=list)
    _reader: asyncio.Task[None] | None = None
    console: list[str] = field(default_factory=list)

    def start(self) -> None:
        self._reader = asyncio.create_task(self._read())
        self._listeners.append(self._console)

    def _console(self, method: str, params: dict[str, Any]) -> None:
        if method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.console.append(f"exception: {details.get('exception', {}).get('description')}")
        elif method == "Runtime.consoleAPICalled" and params.get("type") in {"error", "warning"}:
            args = " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"])
            self.console.append(f"{params['type']}: {args}")

    async def _read(self) -> None:
        async for message in self.ws:
            if message.type is not aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            if "id" in data:
                future = self._pending.pop(data["id"], None)
                if future is not None and not future.done():
                    if "error" in data:
                        future.set_exception(RuntimeError(str(data["error"])))
                    else:
                        future.set_result(data.get("result", {}))
            else:
                for listener in list(self._listeners):
                    listener(data["method"], data.get("params", {}))

    def listen(self, listener: Callable[[str, dict[str, Any]], None]) -> None:
        """``listener(method, params)`` for every DevTools event of this tab."""
        self._listeners.append(listener)

    async def send(self, method: str, params: dict[str, Any] | None = None) -> Any:
        message_id = next(self._ids)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[message_id] = future
        await self.ws.send_json({"id": message_id, "method": method, "params": params or {}})
        return await asyncio.wait_for(future, 60)

    async def close(self) -> None:
        await self.ws.close()
        if self._reader is not None:
            self._reader.cancel()
        async with self.session.get(
            f"http://{LOOPBACK}:{self.port}/json/close/{self.target_id}"
        ) as response:
            await response.read()

    async def viewport(self, width: int, height: int, *, mobile: bool = False) -> None:
        await self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
        )

    async def dark(self, dark: bool) -> None:
        """The system's color scheme, which Home Assistant's default theme follows."""
        feature = {"name": "prefers-color-scheme", "value": "dark" if dark else "light"}
        await self.send("Emulation.setEmulatedMedia", {"features": [feature]})

    async def login(self, base: str, tokens: Tokens) -> None:
        """Home Assistant's tokens in localStorage before any of its scripts runs."""
        stored = json.dumps(json.dumps(tokens.frontend_storage(base)))
        await self.send(
            "Page.addScriptToEvaluateOnNewDocument",
            {"source": f"localStorage.setItem('hassTokens', {stored});\n{HELPERS}"},
        )

    async def goto(self, url: str) -> None:
        loaded = asyncio.get_running_loop().create_future()

        def on_event(method: str, _params: dict[str, Any]) -> None:
            if method == "Page.loadEventFired" and not loaded.done():
                loaded.set_result(None)

        self.listen(on_event)
        try:
            await self.send("Page.navigate", {"url": url})
            await asyncio.wait_for(loaded, 60)
        finally:
            self._listeners.remove(on_event)

    async def evaluate(self, expression: str) -> Any:
        """A JavaScript expression's value (promises awaited), or the page's exception."""
        result = await self.send(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise RuntimeError(f"in the page: {text}")
        return result["result"].get("value")

    async def wait_for(self, expression: str, within: float = 30.0, interval: float = 0.2) -> Any:
        """Until the expression is truthy; its value."""
        deadline = time.monotonic() + within
        while True:
            value = await self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"not true after {within:.0f} s: {expression}")
            await asyncio.sleep(interval)

    async def screenshot(
        self, path: Path, *, full_height: bool = False, clip: dict[str, float] | None = None
    ) -> None:
        """A PNG of the viewport, of the whole page's height, or of a clip."""
        params: dict[str, Any] = {"format": "png"}
        if clip is not None:
            params["clip"] = clip
        elif full_height:
            metrics = await self.send("Page.getLayoutMetrics")
            size = metrics["cssContentSize"]
            params["clip"] = {"x": 0, "y": 0, "width": size["width"], "height": size["height"]}
            params["captureBeyondViewport"] = True
        shot = await self.send("Page.captureScreenshot", params)
        await asyncio.to_thread(_write, path, base64.b64decode(shot["data"]))
