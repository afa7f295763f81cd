"""Builds realistic snapshots for the correlation tests.

The payloads have the shapes and field names of ``tests/fakes/scenarios.py`` (which mirror the
real APIs: Sonarr v3 resources, qBittorrent ``torrents/info`` and ``torrents/files``, Jellyfin
BaseItemDto, Jellyseerr MediaRequest). A ``World`` collects them; ``snapshot()`` freezes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
import copy
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
import uuid
import zlib

from custom_components.status_tracker.tracking.snapshot import Snapshot

NOW = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
MEDIA_ROOT = "/data/media/tv"
GIB = 1024**3


def iso(moment: datetime) -> str:
    """Sonarr's timestamp format."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def jf_id(*parts: object) -> str:
    """A deterministic Jellyfin item id (GUID "N" format)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "jellyfin:" + "/".join(map(str, parts))).hex


def torrent_hash(seed: str) -> str:
    """A 40-hex-digit qBittorrent hash (lower-case, as qBittorrent answers)."""
    return uuid.uuid5(uuid.NAMESPACE_OID, seed).hex + f"{zlib.crc32(seed.encode()):08x}"


@dataclass
class Show:
    """One Sonarr series and its episodes (the dicts are the payloads themselves)."""

    id: int
    title: str
    tvdb: int
    tmdb: int
    imdb: str
    anime: bool
    year: int
    record: dict[str, Any]
    episodes: list[dict[str, Any]] = field(default_factory=list)

    def ep(self, season: int, number: int) -> dict[str, Any]:
        """The episode SxxEyy."""
        return next(
            e for e in self.episodes if e["seasonNumber"] == season and e["episodeNumber"] == number
        )

    def eps(self, season: int, numbers: Iterable[int]) -> list[dict[str, Any]]:
        """Several episodes of one season."""
        return [self.ep(season, n) for n in numbers]

    def season(self, season: int) -> list[dict[str, Any]]:
        """Every episode of a season."""
        return [e for e in self.episodes if e["seasonNumber"] == season]

    @property
    def folder(self) -> str:
        """The series folder on disk."""
        return f"{MEDIA_ROOT}/{self.title} ({self.year})"


class World:
    """Sonarr, qBittorrent, Jellyfin and Jellyseerr payloads of one moment."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now
        self.series: list[dict[str, Any]] = []
        self.episodes: list[dict[str, Any]] = []
        self.queue: list[dict[str, Any]] = []
        self.history: list[dict[str, Any]] = []
        self.commands: list[dict[str, Any]] = []
        self.torrents: dict[str, dict[str, Any]] = {}
        self.files: dict[str, list[dict[str, Any]]] = {}
        self.jf_series: list[dict[str, Any]] = []
        self.jf_episodes: list[dict[str, Any]] = []
        self.requests: list[dict[str, Any]] = []
        self.shows: dict[int, Show] = {}
        self._jf_by_episode: dict[int, dict[str, Any]] = {}

    # -- Sonarr ------------------------------------------------------------------------------

    def add_series(
        self,
        series_id: int,
        title: str,
        *,
        seasons: dict[int, tuple[datetime, int]],
        anime: bool = False,
        added: datetime = datetime(2024, 1, 30, 19, 22, 41, tzinfo=UTC),
        year: int = 2025,
        in_jellyfin: bool = True,
    ) -> Show:
        """A series with weekly episodes; anime ones get absolute numbers 1..n."""
        tvdb = 400000 + series_id
        tmdb = 200000 + series_id
        imdb = f"tt{30000000 + series_id}"
        record = {
            "id": series_id,
            "title": title,
            "sortTitle": title.lower(),
            "status": "continuing",
            "seasons": [{"seasonNumber": 0, "monitored": False}]
            + [{"seasonNumber": n, "monitored": True} for n in seasons],
            "year": year,
            "path": f"{MEDIA_ROOT}/{title} ({year})",
            "qualityProfileId": 4,
            "seasonFolder": True,
            "monitored": True,
            "useSceneNumbering": False,
            "tvdbId": tvdb,
            "tvMazeId": 70000 + series_id,
            "tmdbId": tmdb,
            "imdbId": imdb,
            "seriesType": "anime" if anime else "standard",
            "titleSlug": title.lower().replace(" ", "-"),
            "added": iso(added),
            "tags": [],
        }
        show = Show(series_id, title, tvdb, tmdb, imdb, anime, year, record)
        running = 0
        for season, (first, count) in seasons.items():
            for index in range(1, count + 1):
                running += 1
                aired = first + timedelta(weeks=index - 1)
                episode: dict[str, Any] = {
                    "id": series_id * 1000 + running,
                    "seriesId": series_id,
                    "tvdbId": 9_000_000 + series_id * 1000 + running,
                    "episodeFileId": 0,
                    "seasonNumber": season,
                    "episodeNumber": index,
                    "title": f"Chapter {running}",
                    "airDate": aired.strftime("%Y-%m-%d"),
                    "airDateUtc": iso(aired),
                    "runtime": 24 if anime else 52,
                    "hasFile": False,
                    "monitored": True,
                    "unverifiedSceneNumbering": False,
                }
                if anime:
                    episode["absoluteEpisodeNumber"] = running
                show.episodes.append(episode)
        self.series.append(record)
        self.episodes.extend(show.episodes)
        self.shows[series_id] = show
        if in_jellyfin:
            self._jellyfin_series(show)
        return show

    def has_files(
        self, show: Show, episodes: Iterable[dict[str, Any]], *, jellyfin: bool = True
    ) -> None:
        """Sonarr has these episodes' files (and Jellyfin lists them unless told otherwise)."""
        for episode in episodes:
            episode["hasFile"] = True
            episode["episodeFileId"] = episode["id"]
            if jellyfin:
                self.jellyfin_lists(show, [episode])

    def download(
        self,
        show: Show,
        episodes: Sequence[dict[str, Any]],
        *,
        download_id: str,
        title: str,
        size: int,
        sizeleft: int | None = None,
        state: str = "downloading",
        status: str = "downloading",
        messages: Sequence[tuple[str, list[str]]] = (),
        error: str | None = None,
        grabbed: datetime | None = None,
        release_type: str | None = None,
        eta: datetime | None = None,
    ) -> None:
        """Sonarr grabbed a release for ``episodes``: one queue record each, plus the grabs."""
        grabbed = grabbed or self.now - timedelta(hours=2)
        for episode in episodes:
            record: dict[str, Any] = {
                "id": zlib.crc32(f"{download_id}-{episode['id']}".encode()) & 0x7FFFFFFF,
                "seriesId": show.id,
                "episodeId": episode["id"],
                "seasonNumber": episode["seasonNumber"],
                "size": float(size),
                "title": title,
                "estimatedCompletionTime": iso(eta or self.now + timedelta(hours=1)),
                "added": iso(grabbed),
                "status": status,
                "trackedDownloadStatus": "ok" if not messages else "warning",
                "trackedDownloadState": state,
                "statusMessages": [{"title": t, "messages": list(m)} for t, m in messages],
                "downloadId": download_id.upper(),
                "protocol": "torrent",
                "downloadClient": "qBittorrent",
                "downloadClientHasPostImportCategory": False,
                "indexer": "TorrentLeech (Prowlarr)",
                "outputPath": f"/data/torrents/tv-sonarr/{title}",
                "episodeHasFile": episode["hasFile"],
                "sizeleft": float(size if sizeleft is None else sizeleft),
                "timeleft": "00:41:26",
            }
            if error is not None:
                record["errorMessage"] = error
            self.queue.append(record)
        self.grab(
            show, episodes, download_id=download_id, title=title, date=grabbed,
            release_type=release_type, size=size,
        )  # fmt: skip

    def grab(
        self,
        show: Show,
        episodes: Sequence[dict[str, Any]],
        *,
        download_id: str,
        title: str,
        date: datetime,
        release_type: str | None = None,
        size: int = 0,
    ) -> None:
        """Grabbed events in the history (newest first, as Sonarr sorts them)."""
        for episode in episodes:
            data = {
                "indexer": "TorrentLeech (Prowlarr)",
                "releaseGroup": "GRP",
                "size": str(size),
                "downloadClient": "qBittorrent",
                "downloadClientName": "qBittorrent",
                "protocol": "2",
                "torrentInfoHash": download_id.lower(),
            }
            if release_type is not None:
                data["releaseType"] = release_type
            self._event(show, episode, "grabbed", download_id, title, date, data)

    def failed(
        self,
        show: Show,
        episodes: Sequence[dict[str, Any]],
        *,
        download_id: str,
        title: str,
        date: datetime,
        message: str,
    ) -> None:
        """downloadFailed events."""
        for episode in episodes:
            data = {"message": message, "downloadClient": "qBittorrent"}
            self._event(show, episode, "downloadFailed", download_id, title, date, data)

    def imported(
        self, show: Show, episodes: Sequence[dict[str, Any]], *, download_id: str, date: datetime
    ) -> None:
        """downloadFolderImported events."""
        for episode in episodes:
            data = {"importedPath": f"{show.folder}/x.mkv", "downloadClient": "qBittorrent"}
            self._event(show, episode, "downloadFolderImported", download_id, "x", date, data)

    def _event(
        self,
        show: Show,
        episode: dict[str, Any],
        event: str,
        download_id: str,
        title: str,
        date: datetime,
        data: dict[str, str],
    ) -> None:
        self.history.append(
            {
                "id": len(self.history) + 1,
                "episodeId": episode["id"],
                "seriesId": show.id,
                "sourceTitle": title,
                "date": iso(date),
                "downloadId": download_id.upper(),
                "eventType": event,
                "data": data,
            }
        )

    def search(self, name: str, body: dict[str, Any], status: str = "started") -> None:
        """A Sonarr command."""
        self.commands.append(
            {"id": len(self.commands) + 1, "name": name, "commandName": name, "status": status,
             "body": body}
        )  # fmt: skip

    # -- qBittorrent -------------------------------------------------------------------------

    def torrent(
        self,
        download_id: str,
        name: str,
        *,
        size: int,
        progress: float,
        state: str = "downloading",
        dlspeed: int = 4_000_000,
        eta: int = 1800,
        has_metadata: bool = True,
        amount_left: int | None = None,
    ) -> dict[str, Any]:
        """A torrent as ``torrents/info`` describes it."""
        lower = download_id.lower()
        record = {
            "hash": lower,
            "name": name,
            "size": size,
            "total_size": size,
            "progress": progress,
            "dlspeed": dlspeed,
            "upspeed": 0,
            "eta": eta,
            "state": state,
            "category": "tv-sonarr",
            "tags": "",
            "save_path": "/data/torrents/tv-sonarr",
            "content_path": f"/data/torrents/tv-sonarr/{name}",
            "amount_left": round(size * (1 - progress)) if amount_left is None else amount_left,
            "completed": round(size * progress),
            "added_on": 1795300000,
            "completion_on": -1 if progress < 1 else 1795310000,
            "has_metadata": has_metadata,
            "num_seeds": 12,
            "num_leechs": 3,
            "ratio": 0.0,
        }
        self.torrents[lower] = record
        return record

    def torrent_files(
        self, download_id: str, files: Sequence[tuple[str, int, float]], *, priority: int = 1
    ) -> None:
        """``torrents/files`` of a torrent: (name relative to the save path, size, progress)."""
        self.files[download_id.lower()] = [
            {
                "index": i,
                "name": name,
                "size": size,
                "progress": progress,
                "priority": priority,
                "is_seed": progress >= 1,
                "piece_range": [i * 100, i * 100 + 99],
                "availability": 1.0,
            }
            for i, (name, size, progress) in enumerate(files)
        ]

    # -- Jellyfin ----------------------------------------------------------------------------

    def _jellyfin_series(self, show: Show) -> None:
        series_id = jf_id(show.tvdb)
        self.jf_series.append(
            {
                "Name": show.title,
                "Id": series_id,
                "Type": "Series",
                "IsFolder": True,
                "ProviderIds": {"Tvdb": str(show.tvdb), "Tmdb": str(show.tmdb), "Imdb": show.imdb},
                "Path": show.folder,
                "LocationType": "FileSystem",
            }
        )
        for episode in show.episodes:
            item = {
                "Name": episode["title"],
                "Id": jf_id(show.tvdb, episode["seasonNumber"], episode["episodeNumber"]),
                "Type": "Episode",
                "IndexNumber": episode["episodeNumber"],
                "ParentIndexNumber": episode["seasonNumber"],
                "SeriesId": series_id,
                "SeriesName": show.title,
                "ProviderIds": {"Tvdb": str(episode["tvdbId"])},
                "LocationType": "Virtual",
            }
            self.jf_episodes.append(item)
            self._jf_by_episode[episode["id"]] = item

    def jellyfin_lists(self, show: Show, episodes: Iterable[dict[str, Any]]) -> None:
        """Jellyfin scanned these episodes' files."""
        for episode in episodes:
            item = self._jf_by_episode[episode["id"]]
            season, number = episode["seasonNumber"], episode["episodeNumber"]
            item["LocationType"] = "FileSystem"
            item["Path"] = (
                f"{show.folder}/Season {season:02d}/{show.title} - S{season:02d}E{number:02d} - "
                f"{episode['title']} [WEBDL-1080p].mkv"
            )

    # -- Jellyseerr --------------------------------------------------------------------------

    def request(
        self,
        show: Show,
        seasons: Sequence[int],
        *,
        request_id: int | None = None,
        user: str = "maria",
        status: int = 2,
        created: datetime | None = None,
    ) -> dict[str, Any]:
        """A Jellyseerr TV request for ``seasons`` of ``show``."""
        request_id = request_id or len(self.requests) + 1
        created_at = iso(created or self.now - timedelta(days=1)).replace("Z", ".000Z")
        record = {
            "id": request_id,
            "status": status,
            "createdAt": created_at,
            "updatedAt": created_at,
            "type": "tv",
            "is4k": False,
            "media": {
                "id": 100 + request_id,
                "mediaType": "tv",
                "tmdbId": show.tmdb,
                "tvdbId": show.tvdb,
                "imdbId": show.imdb,
                "status": 3,
                "externalServiceId": show.id,
                "externalServiceSlug": show.record["titleSlug"],
                "seasons": [{"seasonNumber": n, "status": 3} for n in seasons],
            },
            "seasons": [
                {"id": request_id * 10 + n, "seasonNumber": n, "status": 2} for n in seasons
            ],
            "requestedBy": {"id": 2, "displayName": user, "jellyfinUsername": user},
        }
        self.requests.append(record)
        return record

    # -- the snapshot ------------------------------------------------------------------------

    def snapshot(self, **overrides: Any) -> Snapshot:
        """Freeze the world (keyword arguments replace parts, e.g. ``jellyfin_series=None``)."""
        parts: dict[str, Any] = copy.deepcopy(
            {
                "sonarr_series": self.series,
                "sonarr_episodes": self.episodes,
                "sonarr_queue": self.queue,
                "sonarr_history": self.history,
                "sonarr_commands": self.commands,
                "torrents": self.torrents,
                "torrent_files": self.files,
                "jellyfin_series": self.jf_series,
                "jellyfin_episodes": self.jf_episodes,
                "jellyseerr_requests": self.requests,
            }
        )
        parts["now"] = self.now
        parts.update(overrides)
        return Snapshot(**parts)
