"""The live stack: every simulated service, two real qbittorrent-nox, and the scenario's clock.

``LiveStack`` is what both the CLI (``python -m tests.support.stack``) and the e2e fixture
(``live_stack``) run: ``await stack.start_services()`` brings everything up in the running event
loop (the qbittorrent-nox processes are started from a thread: their start is blocking),
``stack.endpoints()`` says where everything is, ``await stack.start()`` starts the scenario's
clock, ``stack.state()`` summarises it, ``await stack.stop()`` stops what it started.

One step every ``STEP`` seconds (``sonarr_sim`` and ``library_view``) moves the world: before
``start()`` it only keeps Sonarr's queue, Jellyfin and Jellyseerr in line with the initial state.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
import contextlib
from dataclasses import dataclass
import logging
from pathlib import Path
import shutil
from typing import Any, Final

import aiohttp

from tests.support.fakes.base import FakeServer
from tests.support.fakes.fixtures import (
    JELLYFIN_API_KEY,
    JELLYSEERR_API_KEY,
    SHOKO_API_KEY,
    SONARR_API_KEY,
    fake_problems,
)
from tests.support.fakes.jellyseerr import FakeJellyseerr
from tests.support.fakes.shoko import FakeShoko
from tests.support.qbittorrent_driver import QbtDriver
from tests.support.qbittorrent_nox import (
    LOOPBACK,
    Launcher,
    QbtConfig,
    QbtInstance,
    find_launcher,
    start_instance,
)

from .library_view import LiveJellyfin, SeerrSync, library_items, records_of, sync_jellyfin
from .live_sonarr import LiveSonarr
from .media import MadeRelease, make_release
from .scenario import Scenario
from .sonarr_sim import COMPLETE_STATES, SonarrSimulation
from .world import jellyfin_state, jellyseerr_state, now_utc, shoko_state, sonarr_state

LOGGER = logging.getLogger(__name__)
STEP: Final = 0.25
"""Seconds between two steps of the world (Sonarr's own refresh is far slower; tests wait less)."""
SEED_TIMEOUT: Final = 30.0


@dataclass(frozen=True)
class Paths:
    """Where the stack keeps its files, all below one work directory."""

    root: Path

    @property
    def seed(self) -> Path:
        """The releases' data, which the seeder seeds in place."""
        return self.root / "seed"

    @property
    def downloads(self) -> Path:
        """The user's qBittorrent save path."""
        return self.root / "downloads"

    @property
    def library(self) -> Path:
        """Sonarr's root folder, Jellyfin's library."""
        return self.root / "library"

    @property
    def qbittorrent(self) -> Path:
        """The two qbittorrent-nox profiles."""
        return self.root / "qbittorrent"


class LiveStack:
    """The simulated media stack of one scenario (see the module docstring)."""

    def __init__(
        self,
        scenario: Scenario,
        workdir: Path,
        *,
        launcher: Launcher | None = None,
        bind_dir: Path | None = None,
        validate_spec: bool = True,
    ) -> None:
        """Prepare (not start); ``bind_dir``: what an in-root qbittorrent-nox must see."""
        self.scenario = scenario
        self.paths = Paths(workdir.resolve())
        self.launcher = launcher
        self.bind_dir = bind_dir or self.paths.root
        self.validate_spec = validate_spec
        self.seeder: QbtInstance | None = None
        self.qbittorrent: QbtInstance | None = None
        self.session: aiohttp.ClientSession | None = None
        self.user_qbt: QbtDriver | None = None
        self.seeder_qbt: QbtDriver | None = None
        self.sonarr: LiveSonarr | None = None
        self.jellyfin: LiveJellyfin | None = None
        self.jellyseerr: FakeJellyseerr | None = None
        self.shoko: FakeShoko | None = None
        self.sim: SonarrSimulation | None = None
        self.releases: list[MadeRelease] = []
        self.errors: list[str] = []
        """Exceptions of the stepping task (a healthy stack has none)."""
        self._seerr: SeerrSync | None = None
        self._records: dict[int, dict[str, Any]] = {}
        self._started_at: float | None = None
        self._task: asyncio.Task[None] | None = None
        self._changed = asyncio.Event()

    # -- lifecycle -------------------------------------------------------------------------

    async def start_services(self) -> None:
        """Write the data, start both qBittorrents and the fakes; return when all answer."""
        paths = self.paths
        for folder in (paths.seed, paths.downloads, paths.library, paths.qbittorrent):
            folder.mkdir(parents=True, exist_ok=True)
        shows = {show.id: show for show in self.scenario.shows}
        self.releases = await asyncio.to_thread(
            lambda: [make_release(paths.seed, show, r) for show, r in self.scenario.releases()]
        )
        launcher = self.launcher or await asyncio.to_thread(find_launcher)
        self.seeder, self.qbittorrent = await asyncio.gather(
            asyncio.to_thread(self._start_qbittorrent, launcher, "seeder", paths.seed),
            asyncio.to_thread(self._start_qbittorrent, launcher, "qbittorrent", paths.downloads),
        )
        self.session = aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar())
        self.seeder_qbt = self._driver(self.seeder)
        self.user_qbt = self._driver(self.qbittorrent)
        # Sonarr's grabs must not wait in qBittorrent's checking queue (one at a time by default).
        await self.user_qbt.set_preferences(max_active_checking_torrents=len(self.releases) + 1)
        await self._seed_everything()
        now = now_utc()
        self._records = records_of(shows, now)
        sonarr = await asyncio.to_thread(
            sonarr_state,
            self.scenario,
            paths.library,
            qbittorrent_port=self.qbittorrent.webui_port,
            now=now,
        )
        self.sonarr = LiveSonarr(
            library=paths.library,
            api_key=SONARR_API_KEY,
            scenario=sonarr,
            send_test_on_create=True,
            validate_spec=self.validate_spec,
        )
        self.jellyfin = LiveJellyfin(
            api_key=JELLYFIN_API_KEY, scenario=jellyfin_state(), validate_spec=self.validate_spec
        )
        self.jellyseerr = FakeJellyseerr(
            api_key=JELLYSEERR_API_KEY,
            scenario=jellyseerr_state(self.scenario, now),
            validate_spec=self.validate_spec,
        )
        self.shoko = FakeShoko(
            api_key=SHOKO_API_KEY,
            scenario=shoko_state(paths.library),
            validate_spec=self.validate_spec,
        )
        for fake in self.fakes:
            await fake.start()
        self._seerr = SeerrSync(self.jellyseerr)
        self.sim = SonarrSimulation(
            sonarr=self.sonarr,
            qbittorrent=self.user_qbt,
            seeder_peer=f"{LOOPBACK}:{self.seeder.listen_port}",
            session=self.session,
            downloads=paths.downloads,
            library=paths.library,
            releases=self.releases,
            records=self._records,
            import_delay=self.scenario.import_delay,
            jellyfin_lag=self.scenario.jellyfin_lag,
            seeder_leaves=self._seeder_leaves,
        )
        await self.step()
        self._task = asyncio.create_task(self._run(), name="live-stack")

    def _start_qbittorrent(self, launcher: Launcher, name: str, save_path: Path) -> QbtInstance:
        directory = self.paths.qbittorrent / name
        shutil.rmtree(directory, ignore_errors=True)
        return start_instance(
            launcher,
            directory,
            bind_dir=self.bind_dir,
            name=name,
            config=QbtConfig(save_path=save_path),
        )

    def _driver(self, instance: QbtInstance) -> QbtDriver:
        assert self.session is not None
        return QbtDriver(self.session, instance.url, instance.username, instance.password)

    async def _seed_everything(self) -> None:
        """The seeder holds every release, complete, before anything is grabbed.

        qBittorrent 5 takes a new torrent through its checking queue even with
        ``skip_checking`` (one at a time by default): a leecher told about the seeder before
        its torrent is seeding gets nothing from it.
        """
        assert self.seeder_qbt is not None
        seeded = [m for m in self.releases if not m.release.stalled]
        await self.seeder_qbt.set_preferences(max_active_checking_torrents=max(len(seeded), 1))
        for made in seeded:
            await self.seeder_qbt.add_torrent(
                made.torrent.torrent, save_path=str(made.torrent.save_path), skip_checking=True
            )
        hashes = [m.hash for m in seeded]
        async with asyncio.timeout(SEED_TIMEOUT):
            while True:
                torrents = await self.seeder_qbt.torrents_info(hashes)
                if len(torrents) == len(hashes) and all(
                    t.get("state") in COMPLETE_STATES for t in torrents
                ):
                    return
                await asyncio.sleep(0.1)

    async def _seeder_leaves(self, info_hash: str) -> None:
        """The only seeder stops seeding a torrent: its downloaders stall where they are."""
        assert self.seeder_qbt is not None
        await self.seeder_qbt.stop(info_hash)

    @property
    def fakes(self) -> list[FakeServer]:
        """The simulated services that are started."""
        return [f for f in (self.sonarr, self.jellyfin, self.jellyseerr, self.shoko) if f]

    async def start(self) -> None:
        """Start the scenario's clock (again: no effect)."""
        if self._started_at is None:
            self._started_at = asyncio.get_running_loop().time()
            await self.step()

    @property
    def started(self) -> bool:
        """Whether the scenario's clock runs."""
        return self._started_at is not None

    def elapsed(self) -> float | None:
        """Seconds since ``start()``, None before."""
        if self._started_at is None:
            return None
        return asyncio.get_running_loop().time() - self._started_at

    async def stop(self) -> None:
        """Stop the steps, the fakes and both qbittorrent-nox (by their PIDs)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        for fake in self.fakes:
            await fake.stop()
        if self.session is not None:
            await self.session.close()
        for instance in (self.qbittorrent, self.seeder):
            if instance is not None:
                await asyncio.to_thread(instance.stop)

    def problems(self) -> list[str]:
        """What makes a test fail: step errors, spec violations, requests real apps refuse."""
        return [*self.errors, *(p for fake in self.fakes for p in fake_problems(fake))]

    # -- the world moving ----------------------------------------------------------------------

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(STEP)
            try:
                await self.step()
            except asyncio.CancelledError:
                raise
            except Exception as err:  # one bad step must not end the world; tests see it
                LOGGER.exception("live stack step failed")
                self.errors.append(f"step at {self.elapsed()}: {err!r}")

    async def step(self) -> None:
        """One step: Sonarr (grabs, queue, imports), then Jellyfin and Jellyseerr follow."""
        assert self.sim is not None
        assert self.jellyfin is not None
        assert self.sonarr is not None
        assert self._seerr is not None
        loop_now = asyncio.get_running_loop().time()
        await self.sim.step(self.elapsed(), loop_now)
        shows = {show.id: show for show in self.scenario.shows}
        items = library_items(
            shows,
            self._records,
            self.sonarr.series,
            self.sonarr.episodes,
            self.sonarr.episode_files,
            self.sim.visible_at,
            loop_now,
            self.paths.library,
        )
        sync_jellyfin(self.jellyfin, items)
        self._seerr.run(shows, self.jellyfin, now_utc())
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_step(self) -> None:
        """Until the next step is done."""
        await self._changed.wait()

    # -- what the outside sees -------------------------------------------------------------------

    def endpoints(self) -> dict[str, Any]:
        """The ready file's content (without ``control``, which the CLI adds)."""
        assert self.sonarr is not None
        assert self.jellyfin is not None
        assert self.jellyseerr is not None
        assert self.shoko is not None
        assert self.qbittorrent is not None
        assert self.seeder is not None
        return {
            "sonarr": {"url": self.sonarr.url, "api_key": self.sonarr.api_key},
            "qbittorrent": {
                "url": self.qbittorrent.url,
                "username": self.qbittorrent.username,
                "password": self.qbittorrent.password,
            },
            "jellyfin": {"url": self.jellyfin.url, "api_key": self.jellyfin.api_key},
            "jellyseerr": {"url": self.jellyseerr.url, "api_key": self.jellyseerr.api_key},
            "shoko": {"url": self.shoko.url, "api_key": self.shoko.api_key},
            "library": str(self.paths.library),
            "downloads": str(self.paths.downloads),
            "pids": {"qbittorrent_seeder": self.seeder.pid, "qbittorrent": self.qbittorrent.pid},
        }

    def state(self) -> dict[str, Any]:
        """A JSON summary: scenario time, each torrent's progress (per file), what was imported."""
        assert self.sim is not None
        assert self.sonarr is not None
        assert self.jellyfin is not None
        torrents = []
        for download in self.sim.downloads_in_order:
            made = download.made
            torrent = download.torrent
            torrents.append(
                {
                    "series": made.show.title,
                    "name": made.title,
                    "hash": made.hash,
                    "grab_at": made.release.at,
                    "grabbed": download.grabbed_at is not None,
                    "state": torrent.get("state"),
                    "progress": round(float(torrent.get("progress", 0.0)), 4),
                    "files": {
                        f["name"]: round(float(f.get("progress", 0.0)), 4) for f in download.files
                    },
                    "imported": download.imported,
                    "gone": download.gone,
                    "stalled": made.release.stalled,
                }
            )
        listed = {
            item["Path"]
            for item in self.jellyfin.items.values()
            if item["Type"] == "Episode" and item.get("Path")
        }
        imported = [
            {
                "series_id": episode["seriesId"],
                "season": episode["seasonNumber"],
                "episode": episode["episodeNumber"],
                "absolute": episode.get("absoluteEpisodeNumber"),
                "path": file["path"],
                "in_jellyfin": file["path"] in listed,
            }
            for episode in self.sonarr.episodes.values()
            if (file := self.sonarr.episode_files.get(episode.get("episodeFileId") or 0))
        ]
        return {
            "scenario": self.scenario.name,
            "started": self.started,
            "time": self.elapsed(),
            "torrents": torrents,
            "imported": imported,
            "webhooks": list(self.sim.webhooks),
            "errors": list(self.errors),
        }

    def series_ids(self) -> Mapping[str, int]:
        """Sonarr's id of each show, by title."""
        return {show.title: show.id for show in self.scenario.shows}
