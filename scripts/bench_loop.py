"""Bench section "loop": the integration's longest event-loop step on a large stack.

A real Home Assistant core (the test harness's, in this process) runs the integration against
the fake Sonarr, Jellyfin and Jellyseerr (in a thread of their own, with their own loop) scaled
up to 2,000 series (16,000 episodes), a 5,000-record queue (500 downloads of 10 episodes) and
20,000 recent history records, and a real qbittorrent-nox holding 3,000 torrents. Every step of
Home Assistant's loop is timed (``asyncio.Handle._run`` wrapped: asyncio's own debug mode would
add its bookkeeping to every step); a step counts as the integration's when its task or
callback belongs to it (coordinator refreshes, entity updates, the integration's own tasks).
The figures: the set-up (first refresh and Store restore included), then ``CYCLES`` refreshes
of every source and one of each of Sonarr's webhook events; the worst step of each, and the
number over 50 ms.

The outputs are checked: every one of the 500 downloading series must be a tracked request.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
import contextlib
from datetime import timedelta
import gc
from pathlib import Path
import tempfile
import threading
import time
from typing import Any
from unittest.mock import patch

import aiohttp
from homeassistant import loader
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_test_home_assistant,
)

from custom_components.status_tracker.clients.payloads.sonarr_webhook import (
    SonarrEventType,
    SonarrWebhookEpisode,
    SonarrWebhookEvent,
)
from tests.support.entry import make_entry, qbittorrent_config, service_config
from tests.support.fakes import FakeJellyfin, FakeJellyseerr, FakeSonarr
from tests.support.fakes.scenarios import sonarr_basic
from tests.support.frontend import stand_in_frontend
from tests.support.qbittorrent_driver import QbtDriver
from tests.support.qbittorrent_nox import QbtConfig, find_launcher, start_instance

SERIES = 2_000
EPISODES_PER_SERIES = 8
DOWNLOADS = 500
EPISODES_PER_DOWNLOAD = 10
HISTORY = 20_000
TORRENTS = 3_000
CYCLES = 3
LIMIT_MS = 50.0
_MARK = "status_tracker"


class _Steps:
    """Times every step of the running loop; keeps the integration's over 1 ms.

    Each step is timed with and without the garbage collector's pauses in it: a full collection
    of a process holding a large library takes hundreds of milliseconds and lands in whatever
    step allocated last, so it is reported apart (``gc``), with its own worst pause.
    """

    def __init__(self) -> None:
        self.steps: list[tuple[float, float, str]] = []
        self.pauses: list[float] = []
        self._original = asyncio.events.Handle._run
        self._gc_ms = 0.0
        self._gc_started = 0.0

    def _collecting(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
        else:
            pause = (time.perf_counter() - self._gc_started) * 1000
            self._gc_ms += pause
            self.pauses.append(pause)

    def __enter__(self) -> _Steps:
        original, steps = self._original, self.steps

        def timed(handle: asyncio.Handle) -> None:
            gc_before = self._gc_ms
            started = time.perf_counter()
            original(handle)
            elapsed = (time.perf_counter() - started) * 1000
            if elapsed > 1:
                what = _describe(handle)
                if _MARK in what:
                    steps.append((elapsed - (self._gc_ms - gc_before), elapsed, what))

        gc.callbacks.append(self._collecting)
        asyncio.events.Handle._run = timed  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.events.Handle._run = self._original  # type: ignore[method-assign]
        gc.callbacks.remove(self._collecting)

    def take(self) -> dict[str, object]:
        steps, pauses = list(self.steps), list(self.pauses)
        self.steps.clear()
        self.pauses.clear()
        return _worst(steps, pauses)


def _describe(handle: asyncio.Handle) -> str:
    callback = getattr(handle, "_callback", None)
    owner = getattr(callback, "__self__", None)
    if isinstance(owner, asyncio.Task):
        coro = owner.get_coro()
        code = getattr(coro, "cr_code", None)
        where = code.co_filename if code is not None else ""
        return f"task {owner.get_name()} {getattr(coro, '__qualname__', '')} {where}"
    code = getattr(callback, "__code__", None)
    where = code.co_filename if code is not None else ""
    return f"callback {getattr(callback, '__qualname__', callback)} {where}"


class _FakesThread:
    """The fake servers on a loop of their own, so that their work is not the loop measured."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def __enter__(self) -> _FakesThread:
        self._thread.start()
        return self

    def run(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=600)

    def __exit__(self, *exc: object) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)


def _scaled_sonarr() -> dict[str, Any]:
    """The basic scenario with 2,000 series, 500 downloads in the queue, 20,000 history records."""
    data = sonarr_basic()
    template = next(s for s in data["series"] if s["id"] == 3)
    episode = next(e for e in data["episodes"] if e["seriesId"] == 3)
    queue_record = data["queue"][0]
    grab = next(h for h in data["history"] if h["eventType"] == "grabbed")
    now = dt_util.utcnow()
    next_episode = 100_000
    for n in range(SERIES):
        series_id = 1_000 + n
        data["series"].append(
            {**template, "id": series_id, "title": f"Library Show {n}", "titleSlug": f"show-{n}"}
        )
        ids = []
        for number in range(1, EPISODES_PER_SERIES + 1):
            next_episode += 1
            ids.append(next_episode)
            data["episodes"].append(
                {
                    **episode,
                    "id": next_episode,
                    "seriesId": series_id,
                    "episodeNumber": number,
                    "hasFile": False,
                    "episodeFileId": 0,
                }
            )
        if n < DOWNLOADS:
            download_id = f"{n:040X}"
            for episode_id in ids[:EPISODES_PER_DOWNLOAD]:
                data["queue"].append(
                    {
                        **queue_record,
                        "id": 10_000_000 + episode_id,
                        "seriesId": series_id,
                        "episodeId": episode_id,
                        "downloadId": download_id,
                        "title": f"Library.Show.{n}.S01.1080p.WEB.h264-GRP",
                    }
                )
    history = data["history"]
    for n in range(HISTORY):
        series_id = 1_000 + n % SERIES
        history.append(
            {
                **grab,
                "id": 1_000_000 + n,
                "seriesId": series_id,
                "episodeId": 100_001 + (n % SERIES) * EPISODES_PER_SERIES,
                "date": (now - timedelta(minutes=n % 2_000)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "downloadId": f"{n % SERIES:040X}",
            }
        )
    return data


@contextlib.contextmanager
def _stack(directory: Path) -> Iterator[MockConfigEntry]:
    sonarr = FakeSonarr(scenario=_scaled_sonarr(), validate_spec=False)
    jellyfin = FakeJellyfin(validate_spec=False)
    jellyseerr = FakeJellyseerr(validate_spec=False)
    qbittorrent = start_instance(
        find_launcher(), directory / "qbt", bind_dir=directory, config=QbtConfig()
    )
    with _FakesThread() as fakes:
        try:
            for fake in (sonarr, jellyfin, jellyseerr):
                fakes.run(fake.start())
            fakes.run(_add_torrents(qbittorrent))
            yield make_entry(
                service_config(sonarr),
                qbittorrent_config(qbittorrent),
                service_config(jellyfin),
                jellyseerr=service_config(jellyseerr),
            )
        finally:
            for fake in (sonarr, jellyfin, jellyseerr):
                fakes.run(fake.stop())
            qbittorrent.stop()


async def _add_torrents(instance: Any) -> None:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:
        driver = QbtDriver(session, instance.url, instance.username, instance.password)
        magnets = [f"magnet:?xt=urn:btih:{n:040x}&dn=Torrent.{n}" for n in range(TORRENTS)]
        for start in range(0, TORRENTS, 500):
            await driver.add_torrent(magnets[start : start + 500], stopped=True)


def _worst(steps: list[tuple[float, float, str]], pauses: list[float]) -> dict[str, object]:
    worst = max(steps, default=(0.0, 0.0, ""))
    return {
        "steps_over_1ms": len(steps),
        "worst_ms": round(worst[0], 1),
        "worst_step": worst[2][:160],
        "over_50ms": sum(1 for ms, _, _ in steps if ms > LIMIT_MS),
        "worst_with_gc_ms": round(max((total for _, total, _ in steps), default=0.0), 1),
        "gc": {
            "collections": len(pauses),
            "worst_pause_ms": round(max(pauses, default=0.0), 1),
            "pauses_over_50ms": sum(1 for pause in pauses if pause > LIMIT_MS),
        },
    }


async def _main(directory: Path) -> dict[str, object]:
    with _stack(directory) as entry, _Steps() as steps:
        async with async_test_home_assistant(config_dir=str(directory / "ha")) as hass:
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
            stand_in_frontend(hass)  # the card's URL needs a frontend; its panels do not
            with (
                patch("homeassistant.components.http.HomeAssistantHTTP.async_bind"),
                patch("homeassistant.components.http.HomeAssistantHTTP.start"),
            ):
                steps.take()
                started = time.perf_counter()
                entry.add_to_hass(hass)
                assert await hass.config_entries.async_setup(entry.entry_id)
                await hass.async_block_till_done(wait_background_tasks=True)
                setup_s = time.perf_counter() - started
                setup = steps.take()
                coordinator = entry.runtime_data.coordinator
                started = time.perf_counter()
                for _ in range(CYCLES):
                    await coordinator.async_poll_now()
                    await _pushes(hass, coordinator)
                cycle_s = (time.perf_counter() - started) / CYCLES
                cycles = steps.take()
                tracked = len(coordinator.data.state.requests) if coordinator.data else 0
                await hass.config_entries.async_unload(entry.entry_id)
                await hass.async_block_till_done()
                await hass.async_stop(force=True)
    if tracked < DOWNLOADS:
        raise AssertionError(f"only {tracked} requests tracked, {DOWNLOADS} expected at least")
    return {
        "setup_s": round(setup_s, 2),
        "setup": setup,
        "cycle_s": round(cycle_s, 2),
        "cycles": cycles,
        "tracked_requests": tracked,
    }


async def _pushes(hass: HomeAssistant, coordinator: Any) -> None:
    """One of each webhook event the coordinator acts on."""
    for event_type in (SonarrEventType.GRAB, SonarrEventType.DOWNLOAD):
        await coordinator.async_handle_push(
            SonarrWebhookEvent(
                event_type=event_type,
                series_id=1_000,
                series_title="Library Show 0",
                episodes=(SonarrWebhookEpisode(id=100_001, season=1, number=1, title=None),),
                download_id=f"{0:040X}",
                release_title="Library.Show.0.S01.1080p.WEB.h264-GRP",
            )
        )
    await hass.async_block_till_done(wait_background_tasks=True)


def run() -> dict[str, object]:
    """The section's figures (see the module docstring)."""
    with tempfile.TemporaryDirectory(prefix="st-bench-loop-") as tmp:
        figures = asyncio.run(_main(Path(tmp)))
    setup, cycles = figures["setup"], figures["cycles"]
    assert isinstance(setup, dict)
    assert isinstance(cycles, dict)
    worst = max(setup["worst_ms"], cycles["worst_ms"])
    return {"loop": {**figures, "worst_step_ms": worst, "limit_ms": LIMIT_MS}}
