"""What Sonarr does over time: grab, follow the download in qBittorrent, import, notify.

* **Grab** (at the release's time): the torrent is added to the user's qBittorrent (category
  ``tv-sonarr``, its own download limit), told where the seeder is (unless the release is the
  stalled one), a ``grabbed`` history record is written per episode and the ``Grab`` webhook
  goes to every Webhook notification that asked for it (the one the integration registered).
* **Queue**: rebuilt from the real qBittorrent state at every step, one record per episode,
  the records of a pack sharing its ``downloadId`` (the hash upper-cased), with Sonarr's
  ``status`` / ``trackedDownloadState`` / ``trackedDownloadStatus``, ``sizeleft`` and ``timeleft``.
* **Import**: once qBittorrent has the whole torrent, the records say ``importPending`` then
  ``importing`` for ``import_delay``; then every finished file is hard-linked (copied when the
  file system refuses) into the series folder under Sonarr's name, becomes an episode file,
  gets a ``downloadFolderImported`` history record and a ``Download`` webhook, and the download
  leaves the queue. The torrent stays in qBittorrent, seeding, as with Sonarr's defaults.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
import itertools
import logging
import os
from pathlib import Path
import shutil
from typing import Any, Final

import aiohttp

from tests.support.fakes import scenarios as base
from tests.support.fakes.base import drop_nulls
from tests.support.qbittorrent_driver import QbtDriver

from .live_sonarr import LiveSonarr
from .media import MadeRelease, library_relative_path
from .world import QBITTORRENT_CATEGORY, episode_file_resource, iso, series_path

LOGGER = logging.getLogger(__name__)
NO_ETA: Final = 8_640_000
"""qBittorrent's ETA for "never" (100 days)."""
COMPLETE_STATES: Final = frozenset(
    {"uploading", "stalledUP", "queuedUP", "forcedUP", "stoppedUP", "pausedUP", "checkingUP"}
)
# Sonarr's QBittorrent.GetItems: qBittorrent state → DownloadItemStatus (queue ``status``).
SONARR_STATUS: Final[Mapping[str, str]] = {
    "error": "warning",
    "missingFiles": "warning",
    "stalledDL": "warning",
    "metaDL": "queued",
    "forcedMetaDL": "queued",
    "queuedDL": "queued",
    "checkingDL": "queued",
    "checkingResumeData": "queued",
    "stoppedDL": "paused",
    "pausedDL": "paused",
    "moving": "downloading",
}
STALLED_MESSAGE: Final = "The download is stalled with no connections"
PEER_RETRY: Final = 1.0
"""Seconds between two reminders of the seeder to a torrent that has none."""


@dataclass
class Download:
    """A release of the scenario, and how far Sonarr got with it."""

    made: MadeRelease
    grabbed_at: datetime | None = None
    complete_since: float | None = None
    """Loop time when qBittorrent first had all of it (import after ``import_delay``)."""
    imported: bool = False
    gone: bool = False
    """Removed from qBittorrent by someone else: Sonarr forgets it."""
    torrent: dict[str, Any] = field(default_factory=dict)
    files: list[dict[str, Any]] = field(default_factory=list)
    imported_episodes: list[int] = field(default_factory=list)
    peers_told_at: float = 0.0
    seeder_left: bool = False

    @property
    def in_queue(self) -> bool:
        """Whether Sonarr's queue lists it."""
        return self.grabbed_at is not None and not self.imported and not self.gone


class SonarrSimulation:
    """Drives ``sonarr`` (state) and the user's qBittorrent through the scenario's releases."""

    def __init__(
        self,
        *,
        sonarr: LiveSonarr,
        qbittorrent: QbtDriver,
        seeder_peer: str,
        session: aiohttp.ClientSession,
        downloads: Path,
        library: Path,
        releases: list[MadeRelease],
        records: Mapping[int, Mapping[str, Any]],
        import_delay: float,
        jellyfin_lag: float,
        seeder_leaves: Callable[[str], Awaitable[None]],
    ) -> None:
        """Wire the pieces; nothing happens until ``step``."""
        self.sonarr = sonarr
        self.qbt = qbittorrent
        self.seeder_peer = seeder_peer
        self.session = session
        self.downloads = downloads
        self.library = library
        self.downloads_by_hash = {m.hash: Download(m) for m in releases}
        self.records = records
        self.import_delay = import_delay
        self.jellyfin_lag = jellyfin_lag
        self.seeder_leaves = seeder_leaves
        """Stops the seeder's copy of a torrent (by hash): the swarm, not Sonarr, does that."""
        self.visible_at: dict[int, float] = {}
        """Episode file id → loop time from which Jellyfin lists it."""
        self.webhooks: list[dict[str, Any]] = []
        """What was posted: event, url, HTTP status or error."""
        self._file_ids = itertools.count(max([0, *sonarr.episode_files]) + 1000)

    @property
    def downloads_in_order(self) -> list[Download]:
        """Every download, by grab time."""
        return sorted(self.downloads_by_hash.values(), key=lambda d: d.made.release.at)

    # -- one step ------------------------------------------------------------------------

    async def step(self, elapsed: float | None, loop_now: float) -> None:
        """Grab what is due, read qBittorrent, rebuild the queue, import what is complete."""
        if elapsed is not None:
            for download in self.downloads_in_order:
                if download.grabbed_at is None and download.made.release.at <= elapsed:
                    await self._grab(download)
        active = [d for d in self.downloads_by_hash.values() if d.in_queue]
        if active:
            await self._read_qbittorrent(active)
        for download in active:
            if download.gone or not download.torrent:
                continue
            await self._swarm(download, loop_now)
            if self._complete(download):
                if download.complete_since is None:
                    download.complete_since = loop_now
                elif loop_now - download.complete_since >= self.import_delay:
                    await self._import(download, loop_now)
        self.sonarr.queue = [
            record for d in self.downloads_in_order if d.in_queue for record in self._queue_of(d)
        ]

    async def _read_qbittorrent(self, active: list[Download]) -> None:
        torrents = {
            t["hash"]: t for t in await self.qbt.torrents_info([d.made.hash for d in active])
        }
        for download in active:
            torrent = torrents.get(download.made.hash)
            if torrent is None:
                if download.torrent:
                    download.gone = True
                continue
            download.torrent = torrent
            download.files = await self.qbt.torrent_files(download.made.hash)

    async def _swarm(self, download: Download, loop_now: float) -> None:
        """The seeder leaves when the release says so; else it stays known to qBittorrent.

        qBittorrent is told again where the seeder is while it has no seed (as a tracker
        announce would): a peer given while it is still setting a new torrent up can be dropped.
        """
        torrent = download.torrent
        leaves_at = download.made.release.seeder_leaves_at
        if (
            leaves_at is not None
            and not download.seeder_left
            and float(torrent.get("progress", 0)) >= leaves_at
        ):
            download.seeder_left = True
            await self.seeder_leaves(download.made.hash)
        if (
            download.made.release.stalled
            or download.seeder_left
            or self._complete(download)
            or int(torrent.get("num_seeds", 0)) > 0
            or loop_now - download.peers_told_at < PEER_RETRY
        ):
            return
        download.peers_told_at = loop_now
        await self.qbt.add_peers(download.made.hash, [self.seeder_peer])

    @staticmethod
    def _complete(download: Download) -> bool:
        return download.torrent.get("state") in COMPLETE_STATES or (
            float(download.torrent.get("progress", 0)) >= 1.0
        )

    # -- grab ----------------------------------------------------------------------------

    def _episode(self, series_id: int, season: int, number: int) -> dict[str, Any] | None:
        return next(
            (
                e
                for e in self.sonarr.episodes.values()
                if e["seriesId"] == series_id
                and e["seasonNumber"] == season
                and e["episodeNumber"] == number
            ),
            None,
        )

    def _episodes_of(self, made: MadeRelease) -> list[dict[str, Any]]:
        found = (self._episode(made.show.id, made.release.season, n) for n in made.release.episodes)
        return [e for e in found if e is not None]

    def _download_record(self, made: MadeRelease, when: datetime) -> dict[str, Any]:
        return {
            "downloadId": made.download_id,
            "title": made.title,
            "size": made.torrent.total_size,
            "date": iso(when),
            "published": iso(when - timedelta(minutes=31)),
            "indexer": "Nyaa.si (Prowlarr)" if made.show.anime else "TorrentLeech (Prowlarr)",
            "group": made.release.group,
        }

    async def _grab(self, download: Download) -> None:
        made = download.made
        download.grabbed_at = datetime.now(UTC)
        if made.show.id not in self.sonarr.series:
            download.gone = True
            return
        await self.qbt.add_torrent(
            made.torrent.torrent,
            save_path=str(self.downloads),
            category=QBITTORRENT_CATEGORY,
            sequential=made.release.sequential,
            download_limit=made.release.speed,
        )
        await self._wait_listed(made.hash)
        if not made.release.stalled:
            await self.qbt.add_peers(made.hash, [self.seeder_peer])
            download.peers_told_at = asyncio.get_running_loop().time()
        record = self.records[made.show.id]
        release_type = "SeasonPack" if made.release.is_pack else "SingleEpisode"
        grab = self._download_record(made, download.grabbed_at)
        episodes = self._episodes_of(made)
        for episode in episodes:
            self.sonarr.history.append(
                base.grab_record(
                    next(self.sonarr._ids),
                    episode,
                    grab,
                    language=record["language"],
                    tvdb_id=made.show.tvdb_id,
                    release_type=release_type,
                )
            )
        await self._notify("Grab", self._grab_payload(made, episodes))

    async def _wait_listed(self, info_hash: str) -> None:
        """qBittorrent adds asynchronously: wait until it lists the torrent (peers need it)."""
        async with asyncio.timeout(10):
            while True:
                if await self.qbt.torrents_info([info_hash]):
                    return
                await asyncio.sleep(0.02)

    # -- import --------------------------------------------------------------------------

    async def _import(self, download: Download, loop_now: float) -> None:
        made = download.made
        download.imported = True
        if made.show.id not in self.sonarr.series:
            return
        record = self.records[made.show.id]
        progress = {f["name"]: float(f.get("progress", 0)) for f in download.files}
        lag = made.release.jellyfin_lag
        lag = self.jellyfin_lag if lag is None else lag
        now = datetime.now(UTC)
        for number, name in made.episode_files.items():
            episode = self._episode(made.show.id, made.release.season, number)
            if episode is None or progress.get(name, 0.0) < 1.0:
                continue
            source = self.downloads / name
            relative = library_relative_path(made.show, made.release.season, number)
            target = series_path(self.library, made.show) / relative
            await asyncio.to_thread(_link_or_copy, source, target)
            file_id = next(self._file_ids)
            resource = episode_file_resource(
                made.show,
                record,
                episode,
                file_id,
                library=self.library,
                size=target.stat().st_size,
                scene_name=Path(name).stem,
                group=made.release.group,
                release_type="seasonPack" if made.release.is_pack else "singleEpisode",
                added=now,
            )
            self.sonarr.episode_files[file_id] = resource
            episode["episodeFileId"] = file_id
            episode["hasFile"] = True
            self.visible_at[file_id] = loop_now + lag
            download.imported_episodes.append(number)
            self.sonarr.history.append(
                {
                    "id": next(self.sonarr._ids),
                    "episodeId": episode["id"],
                    "seriesId": made.show.id,
                    "sourceTitle": made.title,
                    "languages": [record["language"]],
                    "quality": base._webdl(),
                    "customFormats": [],
                    "customFormatScore": 0,
                    "qualityCutoffNotMet": False,
                    "date": iso(now),
                    "downloadId": made.download_id,
                    "eventType": "downloadFolderImported",
                    "data": {
                        "fileId": str(file_id),
                        "droppedPath": str(source),
                        "importedPath": str(target),
                        "downloadClient": "qBittorrent",
                        "downloadClientName": "qBittorrent",
                        "releaseGroup": made.release.group,
                        "size": str(resource["size"]),
                    },
                }
            )
            await self._notify(
                "Download", self._download_payload(made, episode, resource, str(source))
            )

    # -- queue ---------------------------------------------------------------------------

    def _queue_of(self, download: Download) -> list[dict[str, Any]]:
        made, torrent = download.made, download.torrent
        record = self.records[made.show.id]
        state = str(torrent.get("state", "")) if torrent else "metaDL"
        complete = bool(torrent) and self._complete(download)
        status = "completed" if complete else SONARR_STATUS.get(state, "downloading")
        tracked = "downloading"
        if complete:
            tracked = "importing" if download.complete_since is not None else "importPending"
        messages: list[dict[str, Any]] = []
        if state == "stalledDL":
            messages = [{"title": made.title, "messages": [STALLED_MESSAGE]}]
        eta = int(torrent.get("eta", NO_ETA)) if torrent else NO_ETA
        left = int(torrent.get("amount_left", made.torrent.total_size)) if torrent else None
        assert download.grabbed_at is not None
        result = []
        for episode in self._episodes_of(made):
            item: dict[str, Any] = {
                "id": base.queue_record_id(made.download_id, episode["id"]),
                "seriesId": made.show.id,
                "episodeId": episode["id"],
                "seasonNumber": episode["seasonNumber"],
                "languages": [record["language"]],
                "quality": base._webdl(),
                "customFormats": [],
                "customFormatScore": 0,
                "size": made.torrent.total_size,
                "title": made.title,
                "added": iso(download.grabbed_at),
                "status": status,
                "trackedDownloadStatus": "warning" if messages else "ok",
                "trackedDownloadState": tracked,
                "statusMessages": messages,
                "downloadId": made.download_id,
                "protocol": "torrent",
                "downloadClient": "qBittorrent",
                "downloadClientHasPostImportCategory": False,
                "indexer": "Nyaa.si (Prowlarr)" if made.show.anime else "TorrentLeech (Prowlarr)",
                "outputPath": str(self.downloads / made.torrent.name),
                "episodeHasFile": bool(episode.get("episodeFileId")),
                "sizeleft": left,
            }
            if 0 <= eta < NO_ETA and not complete:
                seconds = int(eta)
                item["timeleft"] = (
                    f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
                )
                item["estimatedCompletionTime"] = iso(
                    datetime.now(UTC) + timedelta(seconds=seconds)
                )
            elif complete:
                item["timeleft"] = "00:00:00"
            result.append(item)
        return result

    # -- webhooks ------------------------------------------------------------------------

    def _webhook_series(self, made: MadeRelease) -> dict[str, Any]:
        series = self.sonarr.series[made.show.id]
        return {
            "id": series["id"],
            "title": series["title"],
            "titleSlug": series["titleSlug"],
            "path": series["path"],
            "tvdbId": series["tvdbId"],
            "tvMazeId": series.get("tvMazeId", 0),
            "tmdbId": series["tmdbId"],
            "imdbId": series.get("imdbId"),
            "type": series["seriesType"],
            "year": series["year"],
            "genres": series["genres"],
            "images": series["images"],
            "tags": [],
            "originalLanguage": series["originalLanguage"],
        }

    @staticmethod
    def _webhook_episode(episode: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "id": episode["id"],
            "episodeNumber": episode["episodeNumber"],
            "seasonNumber": episode["seasonNumber"],
            "title": episode["title"],
            "overview": episode.get("overview") or None,
            "airDate": episode["airDate"],
            "airDateUtc": episode["airDateUtc"],
            "seriesId": episode["seriesId"],
            "tvdbId": episode["tvdbId"],
        }

    def _envelope(self, event: str) -> dict[str, Any]:
        return {
            "eventType": event,
            "instanceName": self.sonarr.system_status.get("instanceName", "Sonarr"),
            "applicationUrl": "",
        }

    def _grab_payload(self, made: MadeRelease, episodes: list[dict[str, Any]]) -> dict[str, Any]:
        language = self.records[made.show.id]["language"]
        return {
            "series": self._webhook_series(made),
            "episodes": [self._webhook_episode(e) for e in episodes],
            "release": {
                "quality": "WEBDL-1080p",
                "qualityVersion": 1,
                "releaseGroup": made.release.group,
                "releaseTitle": made.title,
                "indexer": "Nyaa.si (Prowlarr)" if made.show.anime else "TorrentLeech (Prowlarr)",
                "size": made.torrent.total_size,
                "customFormatScore": 0,
                "customFormats": [],
                "languages": [language],
            },
            "downloadClient": "qBittorrent",
            "downloadClientType": "qBittorrent",
            "downloadId": made.download_id,
            "customFormatInfo": {"customFormats": [], "customFormatScore": 0},
            **self._envelope("Grab"),
        }

    def _download_payload(
        self,
        made: MadeRelease,
        episode: Mapping[str, Any],
        resource: Mapping[str, Any],
        source: str,
    ) -> dict[str, Any]:
        return {
            "series": self._webhook_series(made),
            "episodes": [self._webhook_episode(episode)],
            "episodeFile": {
                "id": resource["id"],
                "relativePath": resource["relativePath"],
                "path": resource["path"],
                "quality": "WEBDL-1080p",
                "qualityVersion": 1,
                "releaseGroup": made.release.group,
                "sceneName": resource["sceneName"],
                "size": resource["size"],
                "dateAdded": resource["dateAdded"],
                "languages": resource["languages"],
                "sourcePath": source,
            },
            "isUpgrade": False,
            "downloadClient": "qBittorrent",
            "downloadClientType": "qBittorrent",
            "downloadId": made.download_id,
            "customFormatInfo": {"customFormats": [], "customFormatScore": 0},
            "release": {
                "releaseTitle": made.title,
                "indexer": "Nyaa.si (Prowlarr)" if made.show.anime else "TorrentLeech (Prowlarr)",
                "size": made.torrent.total_size,
                "releaseType": "seasonPack" if made.release.is_pack else "singleEpisode",
            },
            **self._envelope("Download"),
        }

    async def _notify(self, event: str, payload: dict[str, Any]) -> None:
        """POST (or PUT) the payload to every enabled Webhook notification with ``on<event>``."""
        body = drop_nulls(payload)
        for notification in list(self.sonarr.notifications.values()):
            if notification.get("implementation") != "Webhook":
                continue
            if not notification.get(f"on{event}"):
                continue
            fields = {f.get("name"): f.get("value") for f in notification.get("fields") or []}
            url = str(fields.get("url") or "")
            method = "PUT" if fields.get("method") == 2 else "POST"
            sent: dict[str, Any] = {"event": event, "url": url}
            try:
                async with self.session.request(
                    method, url, json=body, timeout=aiohttp.ClientTimeout(total=10)
                ) as response:
                    sent["status"] = response.status
            except (aiohttp.ClientError, TimeoutError, ValueError) as err:
                sent["error"] = str(err) or type(err).__name__
                LOGGER.warning("webhook %s to %s failed: %s", event, url, sent["error"])
            self.webhooks.append(sent)


def _link_or_copy(source: Path, target: Path) -> None:
    """Sonarr's import: a hard link when source and library share a file system, else a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        target.unlink()
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
