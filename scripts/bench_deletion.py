"""Bench section "deletion": how long a 25-episode cascade takes, dry run to verified log.

A real Home Assistant core (the test harness's, in this process) runs the integration against
the fakes of Sonarr, Jellyfin, Jellyseerr and Shoko (in a thread of their own) and a real
qbittorrent-nox. Quiet Meridian is grown to 25 episodes, every one on disk and in Jellyfin,
grabbed as one season pack that qBittorrent holds complete (real files). Each round plans the
cascade (``plan_deletion``) and runs it (``delete``): every step, the re-read, the verification,
the log. The figures: the dry run's and the deletion's wall time per round, and the deletion's
own ``duration_s``.

The outputs are checked: every round must delete 25/25 episodes with no failed step, and the
pack's data must be gone from disk.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
import contextlib
import copy
from datetime import timedelta
from pathlib import Path
import statistics
import tempfile
import time
from typing import Any
from unittest.mock import patch

import aiohttp
from homeassistant import loader
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_test_home_assistant,
)

from scripts.bench_loop import _FakesThread
from tests.support.entry import make_entry, qbittorrent_config, service_config
from tests.support.fakes import FakeJellyfin, FakeJellyseerr, FakeShoko, FakeSonarr, scenarios
from tests.support.frontend import stand_in_frontend
from tests.support.qbittorrent_driver import QbtDriver
from tests.support.qbittorrent_nox import (
    QbtConfig,
    QbtInstance,
    TorrentData,
    find_launcher,
    make_season_pack,
    start_instance,
)

EPISODES = 25
ROUNDS = 3
MERIDIAN = 3


def _shows() -> list[dict[str, Any]]:
    """The scenario's shows with Quiet Meridian grown to EPISODES episodes."""
    shows = copy.deepcopy(scenarios.SHOWS)
    meridian = shows[2]
    first, _ = meridian["seasons"][1]
    meridian["seasons"] = {1: (first, EPISODES)}
    meridian["episode_titles"] = [f"Part {n}" for n in range(1, EPISODES + 1)]
    return shows


def _worlds(pack: TorrentData, qbittorrent: QbtInstance) -> dict[str, dict[str, Any]]:
    with patch.object(scenarios, "SHOWS", _shows()):
        sonarr = scenarios.sonarr_basic(
            qbittorrent_host="127.0.0.1", qbittorrent_port=qbittorrent.webui_port
        )
        jellyfin = scenarios.jellyfin_basic()
        jellyseerr = scenarios.jellyseerr_basic()
    for record in sonarr["history"]:
        if record.get("downloadId") == scenarios.MERIDIAN_HASH:
            record["downloadId"] = pack.info_hash.upper()
            if record["eventType"] == "grabbed":
                record["sourceTitle"] = pack.name
                record["data"]["torrentInfoHash"] = pack.info_hash
    return {"sonarr": sonarr, "jellyfin": jellyfin, "jellyseerr": jellyseerr}


@contextlib.contextmanager
def _services(directory: Path) -> Iterator[tuple[_FakesThread, dict[str, Any], QbtInstance]]:
    fakes = {
        "sonarr": FakeSonarr(validate_spec=False),
        "jellyfin": FakeJellyfin(validate_spec=False),
        "jellyseerr": FakeJellyseerr(validate_spec=False),
        "shoko": FakeShoko(validate_spec=False),
    }
    qbittorrent = start_instance(
        find_launcher(), directory / "qbt", bind_dir=directory, config=QbtConfig()
    )
    with _FakesThread() as thread:
        try:
            for fake in fakes.values():
                thread.run(fake.start())
            yield thread, fakes, qbittorrent
        finally:
            for fake in fakes.values():
                thread.run(fake.stop())
            qbittorrent.stop()


async def _seed(instance: QbtInstance, pack: TorrentData) -> None:
    """Add the pack where its data lies and wait until qBittorrent has checked it."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:
        driver = QbtDriver(session, instance.url, instance.username, instance.password)
        await driver.add_torrent(pack.torrent, save_path=str(pack.save_path))
        for _ in range(300):
            (torrent,) = await driver.torrents_info([pack.info_hash]) or [{}]
            if torrent.get("progress") == 1 and not str(torrent.get("state")).startswith("check"):
                return
            await asyncio.sleep(0.1)
    raise AssertionError("qBittorrent did not finish checking the pack")


def _entry(fakes: dict[str, Any], qbittorrent: QbtInstance) -> MockConfigEntry:
    return make_entry(
        service_config(fakes["sonarr"]),
        qbittorrent_config(qbittorrent),
        service_config(fakes["jellyfin"]),
        jellyseerr=service_config(fakes["jellyseerr"]),
        shoko=service_config(fakes["shoko"]),
        options={"episode_entities": False},
    )


def _resolver() -> aiohttp.AsyncResolver:
    resolver = aiohttp.AsyncResolver()
    resolver.real_close = resolver.close  # type: ignore[attr-defined]  # what HA closes
    return resolver


async def _round(directory: Path, number: int) -> dict[str, float]:
    with _services(directory / f"round-{number}") as (thread, fakes, qbittorrent):
        pack = make_season_pack(
            directory / f"round-{number}" / "data",
            show="Quiet.Meridian",
            episodes=EPISODES,
            seed=number,
        )
        worlds = _worlds(pack, qbittorrent)
        for name in ("sonarr", "jellyfin", "jellyseerr"):
            fakes[name].load(worlds[name])
        thread.run(_seed(qbittorrent, pack))
        entry = _entry(fakes, qbittorrent)
        async with async_test_home_assistant(config_dir=str(directory / f"ha-{number}")) as hass:
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
            stand_in_frontend(hass)  # the card's URL needs a frontend; its panels do not
            with (
                patch("homeassistant.components.http.HomeAssistantHTTP.async_bind"),
                patch("homeassistant.components.http.HomeAssistantHTTP.start"),
                # Loopback only: no zeroconf resolver (the test harness does the same).
                patch(
                    "homeassistant.helpers.aiohttp_client._async_make_resolver",
                    return_value=_resolver(),
                ),
            ):
                entry.add_to_hass(hass)
                assert await hass.config_entries.async_setup(entry.entry_id)
                await hass.async_block_till_done(wait_background_tasks=True)
                started = time.perf_counter()
                plan = await hass.services.async_call(
                    "status_tracker",
                    "plan_deletion",
                    {"series_id": MERIDIAN, "cascade": True},
                    blocking=True,
                    return_response=True,
                )
                planned = time.perf_counter() - started
                assert isinstance(plan, dict)
                started = time.perf_counter()
                record = await hass.services.async_call(
                    "status_tracker",
                    "delete",
                    {"plan_id": plan["plan_id"]},
                    blocking=True,
                    return_response=True,
                )
                deleted = time.perf_counter() - started
                assert isinstance(record, dict)
                await hass.config_entries.async_unload(entry.entry_id)
                await hass.async_block_till_done()
                await hass.async_stop(force=True)
    failed = [step for step in record["steps"] if not step["ok"]]
    if len(record["episodes_deleted"]) != EPISODES or record["episodes_failed"] or failed:
        raise AssertionError(f"round {number}: {record['summary']}; failed steps {failed}")
    if pack.content_path.exists():
        raise AssertionError(f"round {number}: the pack's data is still on disk")
    return {"plan_s": planned, "delete_s": deleted, "duration_s": float(record["duration_s"])}


async def _main(directory: Path) -> dict[str, object]:
    rounds = [await _round(directory, n) for n in range(1, ROUNDS + 1)]

    def figures(key: str) -> dict[str, float]:
        values = [r[key] for r in rounds]
        return {
            "median": round(statistics.median(values), 3),
            "worst": round(max(values), 3),
        }

    return {
        "episodes": EPISODES,
        "rounds": ROUNDS,
        "services": ["sonarr", "qbittorrent", "jellyfin", "jellyseerr", "shoko"],
        "dry_run_s": figures("plan_s"),
        "cascade_s": figures("delete_s"),
        "logged_duration_s": figures("duration_s"),
        "verify_timeout_s": timedelta(seconds=30).total_seconds(),
    }


def run() -> dict[str, object]:
    """The section's figures (see the module docstring)."""
    with tempfile.TemporaryDirectory(prefix="st-bench-deletion-") as tmp:
        return {"deletion": asyncio.run(_main(Path(tmp)))}
