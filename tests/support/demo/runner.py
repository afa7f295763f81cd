"""The demo as one object: the stack, Home Assistant onboarded, the integration, the dashboard.

``scripts/demo`` runs it until Ctrl-C; the browser tests start the very same thing once per
session. ``start`` records how long each part took (``timings``).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
import time
from typing import Any, Final

import aiohttp

from .hass import (
    DEMO_USER,
    LOOPBACK,
    Child,
    Hass,
    Tokens,
    demo_env,
    start_hass,
    start_stack,
    wait_ready_file,
    write_config,
)

HASS_STOP_GRACE: Final = 90.0


@dataclass
class Demo:
    """What ``start`` brings up, and stops again (by PID) in ``stop``."""

    hass_venv: Path
    workdir: Path
    port: int = 8123
    scenario: str = "demo"
    stack_module: str = "tests.support.stack"
    children: list[Child] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    stack: dict[str, Any] = field(default_factory=dict)
    entry_id: str = ""
    rows: list[dict[str, Any]] = field(default_factory=list)
    admin_tokens: Tokens | None = None
    token: str = ""
    """A long-lived token of the demo's admin, for calls from outside the browser."""
    _session: aiohttp.ClientSession | None = None
    _hass: Hass | None = None

    @property
    def base(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def hass(self) -> Hass:
        assert self._hass is not None, "start() first"
        return self._hass

    async def start(self, *, clock: bool = True) -> None:
        """Everything up; with ``clock`` the scenario's clock runs (grabs, downloads, imports)."""
        began = time.monotonic()

        def mark(name: str) -> None:
            self.timings[name] = round(time.monotonic() - began, 2)

        env = demo_env()
        # The stack and Home Assistant start side by side: neither needs the other to boot.
        stack, ready = start_stack(self.workdir / "stack", self.scenario, env, self.stack_module)
        self.children.append(stack)
        config_dir = self.workdir / "config"
        await asyncio.to_thread(write_config, config_dir, self.port)
        hass = start_hass(self.hass_venv, config_dir, self.workdir / "home-assistant.log", env)
        self.children.append(hass)
        self._session = aiohttp.ClientSession()
        self._hass = Hass(self.base, self._session)
        self.stack = await wait_ready_file(stack, ready)
        mark("stack_ready")
        await self.hass.wait_api(hass)
        mark("hass_api")
        self.admin_tokens = await self.hass.onboard()
        self.token = self.hass.token
        await self.hass.wait_running()
        mark("hass_running")
        self.entry_id = await self.hass.add_integration(self.stack)
        mark("integration_added")
        self.rows = await self.hass.wait_requests()
        await self.hass.put_dashboard(self.entry_id, self.rows)
        mark("dashboard")
        if clock:
            await self.start_clock()
        mark("ready")

    async def restart_hass(self) -> None:
        """Home Assistant stopped (SIGTERM: it shuts down as on a restart) and started again.

        Same configuration directory, so the same Store, registries and tokens; the stack and
        its downloads go on meanwhile. ``timings["restart"]``: seconds until RUNNING again.
        """
        began = time.monotonic()
        (old,) = [child for child in self.children if child.name == "home-assistant"]
        # Our websocket closed first: Home Assistant's web server gives open connections 10 s.
        await self.hass.close()
        # As long as Home Assistant takes: killed before its final write, it would lose what a
        # real restart keeps.
        await asyncio.to_thread(old.stop, HASS_STOP_GRACE)
        self.timings["restart_stop"] = round(time.monotonic() - began, 2)
        config_dir = self.workdir / "config"
        log = self.workdir / "home-assistant-restarted.log"
        hass = start_hass(self.hass_venv, config_dir, log, demo_env())
        self.children[self.children.index(old)] = hass
        await self.hass.wait_api(hass)
        await self.hass.wait_running()
        self.timings["restart"] = round(time.monotonic() - began, 2)

    async def start_clock(self) -> None:
        """The stack's ``/start``: the scenario's grabs, downloads and imports begin."""
        assert self._session is not None
        async with self._session.post(f"{self.stack['control']['url']}/start") as response:
            response.raise_for_status()

    async def stack_state(self) -> Any:
        """The stack's own summary (``GET /state``), on a connection of its own."""
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"{self.stack['control']['url']}/state") as response,
        ):
            response.raise_for_status()
            return await response.json()

    async def detach(self) -> None:
        """Close this loop's connections; the processes keep running (tests use their own)."""
        if self._hass is not None:
            await self._hass.close()
            self._hass = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def stop(self) -> None:
        """Home Assistant first (its last polls would only fail), then the stack."""
        await self.detach()
        for child in reversed(self.children):
            # Home Assistant as long as it takes to write its Store (a browser still connected
            # holds its web server 10 s); the stack's processes the usual grace.
            if child.name == "home-assistant":
                await asyncio.to_thread(child.stop, HASS_STOP_GRACE)
            else:
                await asyncio.to_thread(child.stop)
        self.children.clear()

    def banner(self) -> str:
        """What the person at the terminal needs: where, who, and how to stop."""
        lines = [
            "",
            f"Home Assistant is ready: {self.base}/",
            f"  login: {DEMO_USER['username']} / {DEMO_USER['password']}",
            f"  requests: {', '.join(r['title'] for r in self.rows) or 'none yet'}",
            f"  started in {self.timings.get('ready', 0):.1f} s ({self._timing_text()})",
            f"  logs: {self.workdir}",
            "Ctrl-C stops everything it started.",
        ]
        return "\n".join(lines)

    def _timing_text(self) -> str:
        return ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.timings.items())
