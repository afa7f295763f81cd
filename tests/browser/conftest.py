"""The browser tests' world: the demo's real Home Assistant and Debian's headless Chromium.

Both are started once per session, the same way ``scripts/demo`` starts them
(``tests/support/demo``), and stopped by PID at the end. They need what ``scripts/test``
provisions: the Home Assistant venv (``ST_TEST_HASS_VENV``) and a ``chromium`` on PATH. Without
them the tests are skipped, except in CI, where that is a failure.

``ST_TEST_SCREENSHOTS_ON_FAILURE=DIR`` keeps a picture of every tab a test opened (to see why
one failed). The real Home Assistant and the stack run on the real clock: these tests do not
take the suite's frozen clock (``tests/conftest.py``), and are left out (deselected) when the
suite runs days ahead (``ST_TEST_CLOCK_DAYS_AHEAD``, see ``.ci/run``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
import json
import os
from pathlib import Path
import shutil
import tempfile
from typing import Any

import aiohttp
import pytest
import pytest_socket

from tests.support.demo.browser import Chromium, Page, find_chromium
from tests.support.demo.hass import DEMO_USER, Hass, Tokens
from tests.support.demo.runner import Demo

HERE = Path(__file__).parent
FIGURES: dict[str, Any] = {}
"""What the tests measured, printed at the end of the run (and written to ``ST_TEST_FIGURES``)."""


def _skip_reason() -> str | None:
    venv = os.environ.get("ST_TEST_HASS_VENV", "")
    if not venv or not (Path(venv) / "bin" / "hass").exists():
        return "no Home Assistant venv (ST_TEST_HASS_VENV; scripts/test provisions it)"
    try:
        find_chromium()
    except FileNotFoundError:
        return "no chromium on PATH (scripts/test installs Debian's)"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Real time for these tests; skipped (failed in CI) when their world cannot start.

    Not collected at all when the suite runs days ahead: a real Home Assistant runs on the real
    clock, so that pass (``.ci/run``) has nothing to prove with them.
    """
    if int(os.environ.get("ST_TEST_CLOCK_DAYS_AHEAD", "0") or 0):
        ours = [item for item in items if HERE in Path(str(item.path)).parents]
        if ours:
            items[:] = [item for item in items if item not in ours]
            config.hook.pytest_deselected(items=ours)
        return
    reason = _skip_reason()
    for item in items:
        if HERE not in Path(str(item.path)).parents:
            continue
        item.own_markers = [m for m in item.own_markers if m.name != "freeze_time"]
        # In CI nothing is skipped for want of a venv or a browser: the fixtures fail instead.
        if reason and os.environ.get("CI") != "true":
            item.add_marker(pytest.mark.skip(reason=reason))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not FIGURES:
        return
    terminalreporter.section("browser figures")
    for name, value in FIGURES.items():
        terminalreporter.write_line(f"{name}: {json.dumps(value)}")
    if target := os.environ.get("ST_TEST_FIGURES"):
        Path(target).write_text(json.dumps(FIGURES, indent=2) + "\n")


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """No test Home Assistant here (the root conftest's fixture would make one per test)."""


@pytest.fixture(scope="session")
def demo() -> Iterator[Demo]:
    """The demo, started once: stack, Home Assistant, the integration, the dashboard."""
    pytest_socket.enable_socket()
    workdir = Path(tempfile.mkdtemp(prefix="st-browser-"))
    port = int(os.environ.get("ST_TEST_HASS_PORT", "18123"))
    demo = Demo(
        Path(os.environ["ST_TEST_HASS_VENV"]),
        workdir,
        port=port,
        stack_module=os.environ.get("ST_TEST_STACK_MODULE", "tests.support.stack"),
    )

    async def start() -> None:
        try:
            await demo.start()
        finally:
            await demo.detach()

    try:
        asyncio.run(start())
        FIGURES["demo_start_s"] = demo.timings
        yield demo
    finally:
        pytest_socket.enable_socket()
        asyncio.run(demo.stop())
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def chromium(demo: Demo) -> Iterator[Chromium]:
    """One headless Chromium for the session; every test opens its own tabs."""
    pytest_socket.enable_socket()
    browser = asyncio.run(Chromium.start(demo.workdir / "chromium.log"))
    yield browser
    browser.stop()


@pytest.fixture
async def session(socket_enabled: None) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


@pytest.fixture
async def admin(demo: Demo, session: aiohttp.ClientSession) -> AsyncIterator[Hass]:
    """The demo's admin over REST and websocket."""
    hass = Hass(demo.base, session, token=demo.token)
    yield hass
    await hass.close()


type OpenPage = Callable[..., Awaitable[Page]]


@pytest.fixture
async def open_page(
    demo: Demo, chromium: Chromium, session: aiohttp.ClientSession, request: pytest.FixtureRequest
) -> AsyncIterator[OpenPage]:
    """``await open_page(path, tokens=…, width=…, dark=…)``: a logged-in tab; closed after."""
    pages: list[Page] = []

    async def open_(
        path: str = "/",
        *,
        tokens: Tokens | None = None,
        width: int = 1280,
        height: int = 900,
        dark: bool = False,
        before: Callable[[Page], Awaitable[None]] | None = None,
    ) -> Page:
        page = await chromium.new_page(session, width=width, height=height)
        pages.append(page)
        await page.dark(dark)
        login = tokens or await Hass(demo.base, session).login(
            DEMO_USER["username"], DEMO_USER["password"]
        )
        await page.login(demo.base, login)
        if before is not None:
            await before(page)
        await page.goto(demo.base + path)
        return page

    yield open_
    keep = os.environ.get("ST_TEST_SCREENSHOTS_ON_FAILURE")  # whatever the outcome
    for number, page in enumerate(pages):
        if keep:
            await page.screenshot(Path(keep) / f"{request.node.name}-{number}.png")
        await page.close()
