"""The README's pictures, taken from the running demo in headless Chromium (``--screenshots``).

Taken while a season pack is half downloaded, so the values are live ones: the ready dashboard,
a request's device page, one request's card in light and dark, the dashboard at phone width,
and the deletion dialog of a dry run (cancelled, nothing is deleted).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
import time
from typing import Any, Final

import aiohttp

from .browser import Chromium, Page
from .dashboard import dialog, element_box, press, select_rows, settle, wait_dashboard
from .hass import DEMO_USER, DemoError, Hass
from .runner import Demo

DASHBOARD: Final = "/status-tracker/requests"
LIVE_TIMEOUT: Final = 120.0


async def _busiest(hass: Hass, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The request with the most episodes downloading, once its download is 30 % done."""
    deadline = time.monotonic() + LIVE_TIMEOUT
    while True:
        best: tuple[int, dict[str, Any]] | None = None
        for row in rows:
            event = await hass.subscribe_once(
                "status_tracker/request/subscribe", series_id=row["series_id"]
            )
            tree = event["full"]
            count = sum(
                1 for s in tree["seasons"] for e in s["episodes"] if e["status"] == "downloading"
            )
            if count and (best is None or count > best[0]):
                best = (count, tree)
        if best is not None and all(30 <= d["progress"] < 90 for d in best[1]["downloads"]):
            return best[1]
        if time.monotonic() > deadline:
            raise DemoError(f"no download under way after {LIVE_TIMEOUT:.0f} s")
        await asyncio.sleep(1)


def _card(series_id: int) -> str:
    return f"__st.cards().filter(c => c._config?.series_id === {series_id})[0]"


async def take(demo: Demo, chromium: Chromium, out: Path) -> list[Path]:
    """Every picture into ``out``; their paths."""
    await asyncio.to_thread(out.mkdir, parents=True, exist_ok=True)
    taken: list[Path] = []
    async with aiohttp.ClientSession() as session:
        hass = Hass(demo.base, session, token=demo.token)
        tree = await _busiest(hass, demo.rows)
        series_id = tree["series_id"]
        tokens = await hass.login(DEMO_USER["username"], DEMO_USER["password"])

        async def open_(
            path: str, width: int, height: int, *, dark: bool = False, mobile: bool = False
        ) -> Page:
            page = await chromium.new_page(session, width=width, height=height)
            await page.viewport(width, height, mobile=mobile)
            await page.dark(dark)
            await page.login(demo.base, tokens)
            await page.goto(demo.base + path)
            return page

        async def shot(page: Page, name: str, **kwargs: Any) -> None:
            await settle(page)
            await page.screenshot(out / name, **kwargs)
            taken.append(out / name)

        page = await open_(DASHBOARD, 1440, 1000)
        await wait_dashboard(page, 1 + len(demo.rows))
        await shot(page, "demo-dashboard.png")
        for dark, name in ((False, "card-light.png"), (True, "card-dark.png")):
            # Tall enough for the whole card without scrolling under the toolbar.
            card = await open_(DASHBOARD, 1440, 2400, dark=dark)
            await wait_dashboard(card, 1 + len(demo.rows))
            clip = await element_box(
                card, f"{_card(series_id)}.shadowRoot.querySelector('ha-card')"
            )
            await shot(card, name, clip=clip)
            await card.close()
        phone = await open_(DASHBOARD, 390, 844, mobile=True)
        await wait_dashboard(phone, 1 + len(demo.rows))
        await shot(phone, "card-phone.png")
        await phone.close()

        # The dry run of a run of available episodes, shown and cancelled.
        with_files = [r for r in demo.rows if r["episodes_available"]]
        if with_files:
            target = with_files[0]["series_id"]
            await page.evaluate(f"{_card(target)}.scrollIntoView({{block: 'center'}})")
            if await select_rows(page, target, "Available"):
                await press(page, target, "Delete selected")
                await dialog(page, target, "confirm")
                await shot(page, "card-delete-dialog.png")
                await press(page, target, "Cancel", scope="[role=dialog] .actions")
        await page.close()

        devices = await hass.ws("config/device_registry/list")
        device = next(
            (
                d
                for d in devices
                if demo.entry_id in d.get("config_entries", ()) and d.get("name") == tree["title"]
            ),
            None,
        )
        if device is not None:
            page = await open_(f"/config/devices/device/{device['id']}", 1440, 1000)
            await page.wait_for("document.title.includes('" + "Home Assistant')", 30)
            await asyncio.sleep(4)
            await shot(page, "demo-device.png")
            await page.close()
        await hass.close()
    return taken


async def run(demo: Demo, out: Path) -> list[Path]:
    """A Chromium of its own for the pictures, stopped after."""
    chromium = await Chromium.start(demo.workdir / "chromium.log")
    try:
        return await take(demo, chromium, out)
    finally:
        await asyncio.to_thread(chromium.stop)
