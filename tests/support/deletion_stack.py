"""A whole media stack to delete from: the fakes and a real qbittorrent-nox with real data.

The fakes hold ``scenarios``'s little world (Harbor Lights downloading as a season pack, Hoshi
no Kakera an anime partly on disk, Quiet Meridian complete), with every download Sonarr names
made a real torrent in the real qBittorrent, its data written under the test's directory:

* Harbor Lights: a 13-file pack with 5 files on disk, so still downloading (no peers);
* Quiet Meridian: its 8-file pack, complete and seeding;
* Hoshi no Kakera 13–17 (season 2, absolute numbering): one single-file release each,
  complete; episode 18 downloading (nothing on disk yet);
* a torrent Sonarr never grabbed, which nothing may touch.

Shoko indexes Hoshi's files where Sonarr keeps them (its import folder is Sonarr's root).
``Stack`` calls the actions as an admin and takes ``picture``s of everything every service
holds, to compare before and after. A plugin (``tests/conftest.py``): the ``stack`` fixture.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser

from tests.support.actions import call_action
from tests.support.entry import make_entry, qbittorrent_config, service_config
from tests.support.fakes import scenarios
from tests.support.fakes.jellyfin import FakeJellyfin
from tests.support.fakes.jellyseerr import FakeJellyseerr
from tests.support.fakes.shoko import FakeShoko
from tests.support.fakes.sonarr import FakeSonarr
from tests.support.qbittorrent_driver import QbtDriver
from tests.support.qbittorrent_nox import (
    QbtInstance,
    TorrentData,
    make_season_pack,
    make_single_file,
)

HARBOR: Final = 1
HOSHI: Final = 2
MERIDIAN: Final = 3
HOSHI_SINGLES: Final = range(13, 18)
HARBOR_ON_DISK: Final = 5
SETTLE_TIMEOUT: Final = 20.0


@dataclass(frozen=True)
class Torrents:
    """The real torrents, by what they are."""

    harbor: TorrentData
    meridian: TorrentData
    hoshi: dict[int, TorrentData]
    hoshi_18: TorrentData
    foreign: TorrentData

    def sonarrs(self) -> list[TorrentData]:
        """Every torrent Sonarr grabbed."""
        return [self.harbor, self.meridian, *self.hoshi.values(), self.hoshi_18]

    def all(self) -> list[TorrentData]:
        """Every torrent of the stack."""
        return [*self.sonarrs(), self.foreign]


def make_torrents(root: Path) -> Torrents:
    """Write the data and make the torrents (see the module docstring)."""
    harbor = make_season_pack(root / "packs", show="Harbor.Lights", episodes=13, seed=1)
    for name in harbor.files[HARBOR_ON_DISK:]:
        (harbor.save_path / name).unlink()
    meridian = make_season_pack(root / "packs", show="Quiet.Meridian", episodes=8, seed=3)
    hoshi = {
        n: make_single_file(
            root / "singles", f"[SubsPlease] Hoshi no Kakera - {n:02d} (1080p).mkv", seed=n
        )
        for n in HOSHI_SINGLES
    }
    hoshi_18 = make_single_file(
        root / "singles", "[SubsPlease] Hoshi no Kakera - 18 (1080p) [5C2B9E47].mkv", seed=18
    )
    hoshi_18.content_path.unlink()
    foreign = make_single_file(root / "other", "Some.Film.2024.1080p.WEB-DL.mkv", seed=99)
    return Torrents(harbor, meridian, hoshi, hoshi_18, foreign)


def sonarr_scenario(torrents: Torrents, qbittorrent: QbtInstance) -> dict[str, Any]:
    """``sonarr_basic`` naming the real torrents, plus Hoshi 13–17's single-episode grabs."""
    data = scenarios.sonarr_basic(
        qbittorrent_host="127.0.0.1", qbittorrent_port=qbittorrent.webui_port
    )
    real = {
        scenarios.HARBOR_HASH: torrents.harbor,
        scenarios.MERIDIAN_HASH: torrents.meridian,
        scenarios.HOSHI_18_HASH: torrents.hoshi_18,
    }
    for record in data["queue"]:
        torrent = real[record["downloadId"]]
        record["downloadId"] = torrent.info_hash.upper()
        record["title"] = torrent.name
        record["id"] = scenarios.queue_record_id(record["downloadId"], record["episodeId"])
    for record in data["history"]:
        torrent = real[record["downloadId"]]
        record["downloadId"] = torrent.info_hash.upper()
        if record["eventType"] == "grabbed":
            record["sourceTitle"] = torrent.name
            record["data"]["torrentInfoHash"] = torrent.info_hash
    episodes = {e["id"]: e for e in data["episodes"]}
    hoshi = next(s for s in scenarios.SHOWS if s["id"] == HOSHI)
    next_id = max(h["id"] for h in data["history"]) + 1
    for number, torrent in torrents.hoshi.items():
        download = {
            "downloadId": torrent.info_hash.upper(),
            "title": torrent.name.removesuffix(".mkv"),
            "size": torrent.total_size,
            "date": "2026-08-30T16:02:44Z",
            "published": "2026-08-30T15:31:00Z",
            "indexer": "Nyaa.si (Prowlarr)",
            "group": "SubsPlease",
        }
        data["history"].append(
            scenarios.grab_record(
                next_id,
                episodes[HOSHI * 100 + number],
                download,
                language=hoshi["language"],
                tvdb_id=hoshi["tvdbId"],
                release_type="SingleEpisode",
            )
        )
        next_id += 1
    return data


def shoko_scenario(sonarr: dict[str, Any]) -> dict[str, Any]:
    """``shoko_basic`` with its files where Sonarr keeps them (Shoko's import folder is
    Sonarr's root folder, as when both manage the same library)."""
    data = scenarios.shoko_basic()
    data["import_folders"] = [
        {
            "ID": 1,
            "Name": "TV",
            "Path": scenarios.MEDIA_ROOT + "/",
            "DropFolderType": "Destination",
            "WatchForNewFiles": True,
        }
    ]
    by_absolute = {
        e["absoluteEpisodeNumber"]: e
        for e in sonarr["episodes"]
        if e["seriesId"] == HOSHI and e.get("episodeFileId")
    }
    files = {f["id"]: f for f in sonarr["episode_files"]}
    for episode in data["episodes"]:
        absolute = int(episode["Name"].removeprefix("Fragment "))
        for file in episode.get("Files", []):
            sonarr_file = files[by_absolute[absolute]["episodeFileId"]]
            relative = sonarr_file["path"].removeprefix(scenarios.MEDIA_ROOT + "/")
            for location in file["Locations"]:
                location["RelativePath"] = relative
    return data


@dataclass
class Stack:
    """The loaded entry, every service, and the admin who calls the actions."""

    hass: HomeAssistant
    entry: MockConfigEntry
    sonarr: FakeSonarr
    jellyfin: FakeJellyfin
    jellyseerr: FakeJellyseerr
    shoko: FakeShoko
    qbt: QbtDriver
    torrents: Torrents
    root: Path
    admin: MockUser

    async def call(
        self, service: str, data: dict[str, Any], *, user: MockUser | None = None
    ) -> Any:
        """An action with its response, as ``user`` (the admin by default)."""
        return await call_action(self.hass, user or self.admin, service, data)

    async def plan(self, **data: Any) -> dict[str, Any]:
        """``plan_deletion`` (the dry run)."""
        answer: dict[str, Any] = await self.call("plan_deletion", data)
        return answer

    async def delete(self, plan_id: str) -> dict[str, Any]:
        """``delete`` of a plan; the log record."""
        answer: dict[str, Any] = await self.call("delete", {"plan_id": plan_id})
        await self.hass.async_block_till_done()
        return answer

    def on_disk(self) -> set[str]:
        """Every file under the torrents' directories."""
        return {str(p.relative_to(self.root)) for p in self.root.rglob("*") if p.is_file()}

    async def torrents_now(self) -> dict[str, dict[str, Any]]:
        """qBittorrent's torrents of the stack: progress and each file's priority."""
        hashes = [t.info_hash for t in self.torrents.all()]
        found: dict[str, dict[str, Any]] = {}
        for torrent in await self.qbt.torrents_info(hashes):
            files = await self.qbt.torrent_files(torrent["hash"])
            found[torrent["hash"]] = {
                "progress": round(float(torrent["progress"]), 3),
                "priorities": [f["priority"] for f in files],
            }
        return found

    async def picture(self) -> dict[str, Any]:
        """Everything every service holds, to compare before and after (and on disk)."""
        return {
            "sonarr_series": sorted(self.sonarr.series),
            "sonarr_episodes": {
                k: (e.get("episodeFileId"), e.get("monitored"))
                for k, e in sorted(self.sonarr.episodes.items())
            },
            "sonarr_files": sorted(self.sonarr.episode_files),
            "qbittorrent": await self.torrents_now(),
            "disk": self.on_disk(),
            "jellyfin": sorted(self.jellyfin.items),
            "jellyfin_updates": len(self.jellyfin.media_updates),
            "jellyseerr_media": {
                k: (m.get("status"), [(s["seasonNumber"], s["status"]) for s in m["seasons"]])
                for k, m in sorted(self.jellyseerr.media.items())
            },
            "jellyseerr_requests": sorted(self.jellyseerr.media_requests),
            "shoko_files": sorted(self.shoko.files),
        }


async def add_torrents(qbt: QbtDriver, torrents: Torrents) -> None:
    """Add every torrent to qBittorrent, its data where it lies, and wait for the checks."""
    # One check at a time (the default) takes a second a torrent even for tiny ones.
    await qbt.set_preferences(max_active_checking_torrents=len(torrents.all()))
    for torrent in torrents.all():
        await qbt.add_torrent(torrent.torrent, save_path=str(torrent.save_path))
    await settle(qbt, torrents)


async def settle(qbt: QbtDriver, torrents: Torrents) -> None:
    """Until qBittorrent has checked every torrent's data and says what it has."""
    hashes = [t.info_hash for t in torrents.all()]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + SETTLE_TIMEOUT
    while True:
        found = await qbt.torrents_info(hashes)
        if len(found) == len(hashes) and not any(
            str(t.get("state", "")).startswith(("checking", "meta", "allocating", "moving"))
            for t in found
        ):
            return
        if loop.time() > deadline:
            states = {t["name"]: t.get("state") for t in found}
            raise TimeoutError(f"qBittorrent did not settle: {states}")
        await asyncio.sleep(0.1)


@pytest.fixture
async def stack(
    hass: HomeAssistant,
    hass_admin_user: MockUser,
    sonarr_server: FakeSonarr,
    jellyfin_server: FakeJellyfin,
    jellyseerr_server: FakeJellyseerr,
    shoko_server: FakeShoko,
    qbittorrent: QbtInstance,
    qbt_client: QbtDriver,
    tmp_path: Path,
) -> AsyncIterator[Stack]:
    """The whole stack, loaded, with every service configured."""
    root = tmp_path / "downloads"
    torrents = make_torrents(root)
    sonarr = sonarr_scenario(torrents, qbittorrent)
    sonarr_server.load(sonarr)
    shoko_server.load(shoko_scenario(sonarr))
    await add_torrents(qbt_client, torrents)
    entry = make_entry(
        service_config(sonarr_server),
        qbittorrent_config(qbittorrent),
        service_config(jellyfin_server),
        jellyseerr=service_config(jellyseerr_server),
        shoko=service_config(shoko_server),
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    yield Stack(
        hass=hass,
        entry=entry,
        sonarr=sonarr_server,
        jellyfin=jellyfin_server,
        jellyseerr=jellyseerr_server,
        shoko=shoko_server,
        qbt=qbt_client,
        torrents=torrents,
        root=root,
        admin=hass_admin_user,
    )
    assert await hass.config_entries.async_unload(entry.entry_id)
