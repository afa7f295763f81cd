"""One polling coordinator per service; each fetches only what the tracked requests need.

The number of requests a cycle sends grows with what is tracked, never with the size of the
library: Sonarr's series list, queue, history and commands are one call each (the queue and
history paged), episodes are fetched only for candidate series and only when something about
them changed; qBittorrent is one ``sync/maindata`` delta plus the file lists of tracked, unfinished
packs; Jellyfin's episodes are fetched only for tracked series that wait for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .clients import ApiError, CannotConnect, InvalidAuth, IpBanned
from .clients.http import HttpApi
from .clients.jellyfin import JellyfinClient, JellyfinItem
from .clients.jellyseerr import JellyseerrClient, JellyseerrRequest
from .clients.qbittorrent import QBittorrentClient, QbtFile, QbtTorrent
from .clients.sonarr import (
    SonarrClient,
    SonarrCommand,
    SonarrEpisode,
    SonarrHistoryRecord,
    SonarrQueueRecord,
    SonarrSeries,
)
from .const import DOMAIN, LOGGER, SERVICE_NAMES, Service

# Sonarr's history/since is read again from a little before the last poll: events written while
# the previous answer was being built must not fall between two polls.
HISTORY_OVERLAP = timedelta(minutes=2)
# Episodes of a quiet tracked series are read again this often (titles, air dates, monitoring).
EPISODES_MAX_AGE = timedelta(minutes=15)
# Jellyfin's series list changes rarely; episodes of a tracked series without news as often.
JELLYFIN_SERIES_MAX_AGE = timedelta(minutes=10)
JELLYFIN_EPISODES_MAX_AGE = timedelta(minutes=30)


class SourceCoordinator[DataT](DataUpdateCoordinator[DataT]):
    """Polls one service; maps client errors to reauth or a translated UpdateFailed.

    Home Assistant's coordinator logs once when the service goes down and once when it is back.
    """

    def __init__(
        self,
        hass: HomeAssistant,
        entry: Any,
        service: Service,
        client: HttpApi,
        interval: timedelta,
    ) -> None:
        """Poll ``client`` every ``interval``."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} {service}",
            update_interval=interval,
            always_update=True,
        )
        self.service = service
        self.client = client
        self.requests_last_cycle = 0
        self.last_error: str | None = None

    async def _async_update_data(self) -> DataT:
        before = self.client.request_count
        placeholders = {"service": SERVICE_NAMES[self.service]}
        try:
            data = await self._async_fetch()
        except InvalidAuth as err:
            self.last_error = str(err)
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN,
                translation_key="invalid_auth",
                translation_placeholders=placeholders,
            ) from err
        except (CannotConnect, ApiError, IpBanned) as err:
            self.last_error = str(err)
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="service_unavailable",
                translation_placeholders={**placeholders, "error": str(err)},
            ) from err
        finally:
            self.requests_last_cycle = self.client.request_count - before
        self.last_error = None
        return data

    async def _async_fetch(self) -> DataT:
        raise NotImplementedError


# -- Sonarr ---------------------------------------------------------------------------------


@dataclass(slots=True)
class SonarrData:
    """What Sonarr said in the last successful cycle."""

    series: list[SonarrSeries]
    queue: list[SonarrQueueRecord]
    history: list[SonarrHistoryRecord]
    commands: list[SonarrCommand]
    episodes: dict[int, list[SonarrEpisode]]


type SonarrInterest = Callable[
    [list[SonarrSeries], list[SonarrQueueRecord], list[SonarrHistoryRecord]], set[int]
]


class SonarrCoordinator(SourceCoordinator[SonarrData]):
    """Series, queue, history (incremental) and the episodes of candidate series."""

    client: SonarrClient

    def __init__(
        self,
        hass: HomeAssistant,
        entry: Any,
        client: SonarrClient,
        interval: timedelta,
        *,
        retention: timedelta,
        interest: SonarrInterest,
    ) -> None:
        """``interest`` names the series whose episodes the tracker needs."""
        super().__init__(hass, entry, Service.SONARR, client, interval)
        self._retention = retention
        self._interest = interest
        self._history: dict[int, SonarrHistoryRecord] = {}
        self._history_since: datetime | None = None
        self._episodes: dict[int, tuple[datetime, list[SonarrEpisode]]] = {}
        self._stale: set[int] = set()
        # Grabs announced by the webhook before Sonarr's history shows them (negative ids).
        self._pushed: dict[int, SonarrHistoryRecord] = {}
        # Series with news since Jellyfin last looked (consumed by the Jellyfin interest).
        self.changed_series: set[int] = set()

    def mark_stale(self, series_ids: Iterable[int]) -> None:
        """Read these series' episodes again in the next cycle (a webhook said they changed)."""
        self._stale.update(series_ids)

    def push_history(self, records: Iterable[SonarrHistoryRecord]) -> None:
        """Add records a webhook announced; the real history replaces them when it has them."""
        for record in records:
            self._pushed[record["id"]] = record

    async def _async_fetch(self) -> SonarrData:
        client = self.client
        now = dt_util.utcnow()
        series = await client.series_list()
        queue = await client.queue()
        commands = await client.commands()
        since = (
            now - self._retention
            if self._history_since is None
            else self._history_since - HISTORY_OVERLAP
        )
        fresh = await client.history_since(since, event_type=None)
        self._history_since = now
        changed: set[int] = set()
        for record in fresh:
            record_id = record.get("id")
            if isinstance(record_id, int) and record_id not in self._history:
                self._history[record_id] = record
                if isinstance(series_id := record.get("seriesId"), int):
                    changed.add(series_id)
        horizon = now - self._retention
        self._history = {k: v for k, v in self._history.items() if _since(v, horizon)}
        real_downloads = {str(r.get("downloadId", "")).upper() for r in self._history.values()}
        self._pushed = {
            key: value
            for key, value in self._pushed.items()
            if str(value.get("downloadId", "")).upper() not in real_downloads
            and _since(value, horizon)
        }
        history = [*self._pushed.values(), *self._history.values()]
        wanted = self._interest(series, queue, history)
        in_queue = {r.get("seriesId") for r in queue}
        episodes: dict[int, list[SonarrEpisode]] = {}
        for series_id in sorted(wanted):
            cached = self._episodes.get(series_id)
            if (
                cached is None
                or series_id in in_queue
                or series_id in changed
                or series_id in self._stale
                or now - cached[0] > EPISODES_MAX_AGE
            ):
                cached = (now, await client.episodes(series_id))
                self._episodes[series_id] = cached
            episodes[series_id] = cached[1]
        self.changed_series.update(changed | self._stale)
        self._stale.clear()
        self._episodes = {k: v for k, v in self._episodes.items() if k in wanted}
        return SonarrData(series, queue, history, commands, episodes)


def _since(record: SonarrHistoryRecord, horizon: datetime) -> bool:
    """Whether a history record is no older than ``horizon`` (undated ones are dropped)."""
    moment = dt_util.parse_datetime(str(record.get("date", "")))
    return moment is not None and moment >= horizon


# -- Jellyseerr -----------------------------------------------------------------------------


class JellyseerrCoordinator(SourceCoordinator[list[JellyseerrRequest]]):
    """The request list (who asked for which seasons)."""

    client: JellyseerrClient

    async def _async_fetch(self) -> list[JellyseerrRequest]:
        return await self.client.requests()


# -- qBittorrent ----------------------------------------------------------------------------


@dataclass(slots=True)
class QbittorrentData:
    """Torrents by hash (merged maindata) and the file lists of the packs that matter."""

    torrents: dict[str, QbtTorrent]
    files: dict[str, list[QbtFile]] = field(default_factory=dict)


class QbittorrentCoordinator(SourceCoordinator[QbittorrentData]):
    """``sync/maindata`` deltas plus file lists of tracked, unfinished packs."""

    client: QBittorrentClient

    def __init__(
        self,
        hass: HomeAssistant,
        entry: Any,
        client: QBittorrentClient,
        interval: timedelta,
        interest: Callable[[], set[str]],
    ) -> None:
        """``interest`` gives the lower-case hashes of packs whose files the tracker needs."""
        super().__init__(hass, entry, Service.QBITTORRENT, client, interval)
        self._interest = interest
        self._files: dict[str, list[QbtFile]] = {}

    async def _async_fetch(self) -> QbittorrentData:
        maindata = await self.client.sync_maindata()
        torrents = dict(maindata.torrents)
        files: dict[str, list[QbtFile]] = {}
        for torrent_hash in sorted(self._interest()):
            torrent = torrents.get(torrent_hash)
            if torrent is None:
                continue
            cached = self._files.get(torrent_hash)
            # A finished torrent's files no longer change: read them once.
            if cached is None or float(torrent.get("progress", 0) or 0) < 1:
                cached = await self.client.torrent_files(torrent_hash)
            files[torrent_hash] = cached
        self._files = files
        return QbittorrentData(torrents, dict(files))


# -- Jellyfin -------------------------------------------------------------------------------


@dataclass(slots=True)
class JellyfinData:
    """Jellyfin's series list and the episodes of the series the tracker follows."""

    series: list[JellyfinItem]
    episodes: dict[str, list[JellyfinItem]]


class JellyfinCoordinator(SourceCoordinator[JellyfinData]):
    """Series list now and then; episodes of tracked series that wait for Jellyfin."""

    client: JellyfinClient

    def __init__(
        self,
        hass: HomeAssistant,
        entry: Any,
        client: JellyfinClient,
        interval: timedelta,
        interest: Callable[[list[JellyfinItem]], tuple[set[str], set[str]]],
    ) -> None:
        """``interest(series)`` gives (every tracked Jellyfin series, those to re-read now)."""
        super().__init__(hass, entry, Service.JELLYFIN, client, interval)
        self._interest = interest
        self._series: tuple[datetime, list[JellyfinItem]] | None = None
        self._episodes: dict[str, tuple[datetime, list[JellyfinItem]]] = {}
        self._force_series = False

    def force(self) -> None:
        """Read the series list and the waiting series again in the next cycle (an import)."""
        self._force_series = True

    async def _async_fetch(self) -> JellyfinData:
        now = dt_util.utcnow()
        sent = self.client.request_count
        if (
            self._series is None
            or self._force_series
            or now - self._series[0] > JELLYFIN_SERIES_MAX_AGE
        ):
            self._series = (now, await self.client.series())
        self._force_series = False
        series = self._series[1]
        tracked, urgent = self._interest(series)
        episodes: dict[str, list[JellyfinItem]] = {}
        for jellyfin_id in sorted(tracked):
            cached = self._episodes.get(jellyfin_id)
            if (
                cached is None
                or jellyfin_id in urgent
                or now - cached[0] > JELLYFIN_EPISODES_MAX_AGE
            ):
                cached = (now, await self.client.episodes(jellyfin_id))
                self._episodes[jellyfin_id] = cached
            episodes[jellyfin_id] = cached[1]
        self._episodes = {k: v for k, v in self._episodes.items() if k in tracked}
        if self.client.request_count == sent:
            # Everything came from the cache: one cheap call still tells whether Jellyfin is up.
            await self.client.system_info()
        return JellyfinData(series, episodes)
