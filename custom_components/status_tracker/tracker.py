"""The tracker: turns the sources' answers into one TrackingState, persists it, fires events.

It polls nothing itself. Each source coordinator polls its service on its own interval; when one
of them has news the tracker recomputes the correlation (in the executor: it is CPU work on a
large library), saves the timeline to a Store, fires bus events for real transitions (never for
the baseline of a first start) and hands the result to the entities.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from homeassistant.const import CONF_URL
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.debounce import Debouncer
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.storage import Store
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util

from .clients import ClientError
from .clients.jellyfin import JellyfinItem
from .clients.sonarr import SonarrHistoryRecord, SonarrQueueRecord, SonarrSeries
from .connection import MediaStackClients
from .const import (
    CONF_COMPLETED_RETENTION_HOURS,
    CONF_JELLYFIN_INTERVAL,
    CONF_JELLYFIN_MISSING_HOURS,
    CONF_QBITTORRENT_ACTIVE_INTERVAL,
    CONF_QBITTORRENT_IDLE_INTERVAL,
    CONF_SONARR_INTERVAL,
    DEFAULT_OPTIONS,
    DOMAIN,
    EVENT_EPISODE_STATUS,
    EVENT_REQUEST_COMPLETED,
    EVENT_REQUEST_STATUS,
    LOGGER,
    Service,
    signal_event,
)
from .repairs_checks import async_check_download_client, async_check_jellyfin_missing
from .sources import (
    JellyfinCoordinator,
    JellyseerrCoordinator,
    QbittorrentCoordinator,
    SonarrCoordinator,
    SonarrData,
    SourceCoordinator,
)
from .tracker_data import SeriesLink, TrackerData
from .tracking.correlate import RequestState, TrackingState, correlate
from .tracking.jellyfin_match import matched_series
from .tracking.packs import ReleaseType
from .tracking.request_scope import candidate_series
from .tracking.snapshot import Snapshot
from .tracking.status import EpisodeStatus, RequestStatus
from .tracking.timeline import Timeline, TimelineEvent

if TYPE_CHECKING:
    from . import StatusTrackerConfigEntry
    from .webhook_payload import SonarrWebhookEvent

STORE_VERSION = 1
SAVE_DELAY = 10  # seconds: a burst of transitions is written once
_WAITING_FOR_JELLYFIN = frozenset({EpisodeStatus.IMPORTING})


def _store(hass: HomeAssistant, entry_id: str) -> Store[dict[str, Any]]:
    return Store(hass, STORE_VERSION, f"{DOMAIN}.{entry_id}")


async def async_remove_store(hass: HomeAssistant, entry_id: str) -> None:
    """Forget everything persisted for an entry (when the entry is removed)."""
    await _store(hass, entry_id).async_remove()


def _option(entry: StatusTrackerConfigEntry, key: str) -> Any:
    return entry.options.get(key, DEFAULT_OPTIONS[key])


class TrackerCoordinator(DataUpdateCoordinator[TrackerData | None]):
    """Recomputes the tracking state whenever a source has news."""

    config_entry: StatusTrackerConfigEntry

    def __init__(
        self, hass: HomeAssistant, entry: StatusTrackerConfigEntry, clients: MediaStackClients
    ) -> None:
        """Create the source coordinators; nothing is fetched until ``async_start``."""
        super().__init__(
            hass, LOGGER, config_entry=entry, name=f"{DOMAIN} tracker", update_interval=None
        )
        self.retention = timedelta(hours=float(_option(entry, CONF_COMPLETED_RETENTION_HOURS)))
        self.sonarr = SonarrCoordinator(
            hass,
            entry,
            clients.sonarr,
            timedelta(seconds=_option(entry, CONF_SONARR_INTERVAL)),
            retention=self.retention,
            interest=self._sonarr_interest,
        )
        self.qbittorrent = QbittorrentCoordinator(
            hass,
            entry,
            clients.qbittorrent,
            timedelta(seconds=_option(entry, CONF_QBITTORRENT_IDLE_INTERVAL)),
            self._pack_hashes,
        )
        self.jellyfin = JellyfinCoordinator(
            hass,
            entry,
            clients.jellyfin,
            timedelta(seconds=_option(entry, CONF_JELLYFIN_INTERVAL)),
            self._jellyfin_interest,
        )
        self.jellyseerr = (
            JellyseerrCoordinator(
                hass,
                entry,
                Service.JELLYSEERR,
                clients.jellyseerr,
                timedelta(seconds=_option(entry, CONF_SONARR_INTERVAL)),
            )
            if clients.jellyseerr is not None
            else None
        )
        self._store = _store(hass, entry.entry_id)
        self._timeline: Timeline | None = None
        self._baseline_pending = True
        self._state: TrackingState | None = None
        self._recompute = Debouncer(
            hass, LOGGER, cooldown=0.5, immediate=False, function=self.async_recompute
        )
        self.events_fired = 0
        self._pushed_ids = 0
        self._jellyfin_issues: set[int] = set()
        self._jellyfin_ids: dict[int, str] = {}
        self._jellyfin_after_webhook = False
        self._webhook_refresh = Debouncer(
            hass, LOGGER, cooldown=2, immediate=True, function=self._refresh_after_webhook
        )

    @property
    def sources(self) -> list[SourceCoordinator[Any]]:
        """Every source coordinator of this entry."""
        # Jellyseerr first: its requests decide which series Sonarr reads episodes of.
        found: list[SourceCoordinator[Any]] = [] if self.jellyseerr is None else [self.jellyseerr]
        return [*found, self.sonarr, self.qbittorrent, self.jellyfin]

    # -- start, stop --------------------------------------------------------------------------

    async def async_start(self) -> None:
        """Restore the timeline, fetch every source once, compute the first state.

        Sonarr is required (ConfigEntryNotReady/AuthFailed propagate); the others may be down:
        their part is missing from the picture until they are back.
        """
        stored = await self._store.async_load()
        if stored is not None:
            self._timeline = Timeline.from_json(stored.get("timeline"))
            self._baseline_pending = False
            remembered = stored.get("jellyfin_ids")
            if isinstance(remembered, dict):
                self._jellyfin_ids = {
                    int(k): v for k, v in remembered.items() if k.isdigit() and isinstance(v, str)
                }
        if self.jellyseerr is not None:
            await self.jellyseerr.async_refresh()  # first: its requests decide Sonarr's fetches
        await self.sonarr.async_config_entry_first_refresh()
        await self._async_check_download_client()
        await self.qbittorrent.async_refresh()
        await self.jellyfin.async_refresh()
        await self.async_recompute()
        for source in self.sources:
            source.async_add_listener(self._source_updated)

    async def _async_check_download_client(self) -> None:
        """Once per start: downloads Sonarr sends elsewhere would be invisible per file."""
        try:
            clients = await self.sonarr.client.download_clients()
        except ClientError as err:
            LOGGER.debug("Could not read Sonarr's download clients: %s", err)
            return
        async_check_download_client(
            self.hass,
            self.config_entry.entry_id,
            clients,
            self.config_entry.data[Service.QBITTORRENT][CONF_URL],
        )

    async def async_stop(self) -> None:
        """Write the timeline now (unload); a pending delayed save is superseded."""
        self._recompute.async_cancel()
        self._webhook_refresh.async_cancel()
        if self._timeline is not None:
            await self._store.async_save(self._store_data())

    @callback
    def _source_updated(self) -> None:
        self.hass.async_create_task(self._recompute.async_call(), eager_start=True)

    async def _async_update_data(self) -> TrackerData | None:
        """Refresh asked for by an action: poll every source now, then recompute."""
        for source in self.sources:
            await source.async_refresh()
        return await self._compute()

    # -- what each source should fetch --------------------------------------------------------

    def _sonarr_interest(
        self,
        series: list[SonarrSeries],
        queue: list[SonarrQueueRecord],
        history: list[SonarrHistoryRecord],
    ) -> set[int]:
        """Series that are, or may become, requests (the core's rules): only their episodes."""
        seerr = self.jellyseerr.data if self.jellyseerr is not None else None
        return candidate_series(
            Snapshot(
                now=dt_util.utcnow(),
                sonarr_series=series,
                sonarr_queue=queue,
                sonarr_history=history,
                jellyseerr_requests=seerr,
                retention=self.retention,
            ),
            self._timeline,
        )

    def _pack_hashes(self) -> set[str]:
        """Lower-case hashes of tracked releases that hold several episodes."""
        hashes: set[str] = set()
        sonarr: SonarrData | None = self.sonarr.data
        if sonarr is not None:
            counts: dict[str, int] = {}
            for record in sonarr.queue:
                download_id = str(record.get("downloadId") or "").lower()
                if download_id:
                    counts[download_id] = counts.get(download_id, 0) + 1
            hashes.update(h for h, n in counts.items() if n > 1)
        if self._state is not None:
            for request in self._state.requests.values():
                for download in request.downloads:
                    if download.release_type is not ReleaseType.SINGLE_EPISODE:
                        hashes.add(download.download_id.lower())
        return hashes

    def _jellyfin_interest(self, series: list[JellyfinItem]) -> tuple[set[str], set[str]]:
        """(Jellyfin series of candidate Sonarr series, those with episodes waiting for it)."""
        sonarr: SonarrData | None = self.sonarr.data
        if sonarr is None:
            return set(), set()
        candidates = [s for s in sonarr.series if s.get("id") in sonarr.episodes]
        matches = matched_series(
            Snapshot(now=dt_util.utcnow(), sonarr_series=candidates, jellyfin_series=series)
        )
        tracked = {jellyfin_id for ids in matches.values() for jellyfin_id in ids}
        # Sonarr saw news for these (an import, a deleted file): Jellyfin's copy may be stale.
        urgent = {j for series_id in self.sonarr.changed_series for j in matches.get(series_id, ())}
        self.sonarr.changed_series.clear()
        if self._state is not None:
            for series_id, request in self._state.requests.items():
                if any(
                    e.status in _WAITING_FOR_JELLYFIN or e.awaiting_jellyfin
                    for e in request.episodes
                ):
                    urgent.update(matches.get(series_id, ()))
        return tracked, urgent

    # -- the correlation ----------------------------------------------------------------------

    async def async_recompute(self) -> None:
        """Correlate what the sources have now and publish it."""
        self.async_set_updated_data(await self._compute())

    async def _compute(self) -> TrackerData | None:
        sonarr: SonarrData | None = self.sonarr.data
        if sonarr is None:
            return self.data  # nothing to correlate without Sonarr: keep the last picture
        down = frozenset(s.service for s in self.sources if not s.last_update_success)
        qbittorrent = self.qbittorrent.data if Service.QBITTORRENT not in down else None
        jellyfin = self.jellyfin.data if Service.JELLYFIN not in down else None
        seerr = self.jellyseerr.data if self.jellyseerr is not None else None
        now = dt_util.utcnow()
        snapshot = Snapshot(
            now=now,
            sonarr_series=sonarr.series,
            sonarr_episodes=[e for items in sonarr.episodes.values() for e in items],
            sonarr_queue=sonarr.queue,
            sonarr_history=sonarr.history,
            sonarr_commands=sonarr.commands,
            torrents=qbittorrent.torrents if qbittorrent is not None else None,
            torrent_files=qbittorrent.files if qbittorrent is not None else None,
            jellyfin_series=jellyfin.series if jellyfin is not None else None,
            jellyfin_episodes=(
                [e for items in jellyfin.episodes.values() for e in items]
                if jellyfin is not None
                else None
            ),
            jellyseerr_requests=seerr,
            retention=self.retention,
        )
        previous = self._state if self._state is not None else self._timeline
        state = await self.hass.async_add_executor_job(correlate, snapshot, previous)
        self._state = state
        self._timeline = state.timeline
        for series_id, request in state.requests.items():
            if request.jellyfin_id is not None:
                self._jellyfin_ids[series_id] = request.jellyfin_id
        self._jellyfin_ids = {k: v for k, v in self._jellyfin_ids.items() if k in state.requests}
        self._store.async_delay_save(self._store_data, SAVE_DELAY)
        if self._baseline_pending:
            self._baseline_pending = False  # what existed before the first start is no news
        else:
            self._fire(state)
        self._adjust_qbittorrent_interval(state)
        self._jellyfin_issues = async_check_jellyfin_missing(
            self.hass,
            self.config_entry.entry_id,
            state,
            now=now,
            patience=timedelta(
                hours=float(_option(self.config_entry, CONF_JELLYFIN_MISSING_HOURS))
            ),
            raised=self._jellyfin_issues,
        )
        return TrackerData(
            state=state,
            updated=now,
            down=down,
            links=self._links(sonarr.series, state),
            jellyfin_ids=dict(self._jellyfin_ids),
        )

    def _store_data(self) -> dict[str, Any]:
        timeline = self._timeline if self._timeline is not None else Timeline(requests={})
        return {
            "timeline": timeline.to_json(),
            "jellyfin_ids": {str(k): v for k, v in self._jellyfin_ids.items()},
        }

    def _links(self, series: list[SonarrSeries], state: TrackingState) -> dict[int, SeriesLink]:
        base = self.sonarr.client.base_url
        links: dict[int, SeriesLink] = {}
        for item in series:
            series_id = item.get("id")
            if isinstance(series_id, int) and series_id in state.requests:
                slug = item.get("titleSlug")
                links[series_id] = SeriesLink(
                    title=str(item.get("title") or state.requests[series_id].title),
                    sonarr_url=f"{base}/series/{slug}" if slug else None,
                )
        return links

    def _adjust_qbittorrent_interval(self, state: TrackingState) -> None:
        active = any(
            download.in_client and download.progress < 1 and download.failed_reason is None
            for request in state.requests.values()
            for download in request.downloads
        )
        key = CONF_QBITTORRENT_ACTIVE_INTERVAL if active else CONF_QBITTORRENT_IDLE_INTERVAL
        self.qbittorrent.update_interval = timedelta(seconds=_option(self.config_entry, key))

    # -- events -------------------------------------------------------------------------------

    def _fire(self, state: TrackingState) -> None:
        for event in state.events:
            request = state.requests.get(event.series_id)
            if request is None:
                continue
            data = self._event_data(event, request)
            if event.episode_id is not None:
                self._send(EVENT_EPISODE_STATUS, "episode_status", data)
            else:
                self._send(EVENT_REQUEST_STATUS, "request_status", data)
                if event.status == RequestStatus.AVAILABLE.value:
                    self._send(EVENT_REQUEST_COMPLETED, "request_completed", data)

    def _event_data(self, event: TimelineEvent, request: RequestState) -> dict[str, Any]:
        data: dict[str, Any] = {
            "entry_id": self.config_entry.entry_id,
            "series_id": event.series_id,
            "request_id": event.series_id,
            "series_title": request.title,
            "status": event.status,
            "previous": event.previous,
        }
        if event.episode_id is not None:
            episode = next((e for e in request.episodes if e.episode_id == event.episode_id), None)
            data["episode_id"] = event.episode_id
            if episode is not None:
                data.update(
                    season=episode.season,
                    episode=episode.episode,
                    absolute=episode.absolute,
                    title=episode.title,
                )
        return data

    def _send(self, bus_event: str, event_type: str, data: Mapping[str, Any]) -> None:
        self.events_fired += 1
        self.hass.bus.async_fire(bus_event, dict(data))
        async_dispatcher_send(
            self.hass, signal_event(self.config_entry.entry_id), event_type, dict(data)
        )

    # -- webhook ------------------------------------------------------------------------------

    async def async_handle_sonarr_event(self, event: SonarrWebhookEvent) -> None:
        """Apply what Sonarr pushed at once, then refresh rather than trust the payload alone.

        One season-pack import sends a Download per file: the refresh is debounced.
        """
        if event.series_id is not None:
            self.sonarr.mark_stale([event.series_id])
        if event.event_type == "Grab" and event.series_id is not None:
            now = dt_util.utcnow().isoformat().replace("+00:00", "Z")
            self.sonarr.push_history(
                {
                    "id": -(1 + self._pushed_ids + offset),
                    "episodeId": episode_id,
                    "seriesId": event.series_id,
                    "sourceTitle": event.release_title or "",
                    "date": now,
                    "downloadId": event.download_id or "",
                    "eventType": "grabbed",
                    "data": {
                        "releaseType": event.release_type,
                        "torrentInfoHash": (event.download_id or "").lower() or None,
                    },
                }
                for offset, episode_id in enumerate(event.episode_ids)
            )
            self._pushed_ids += len(event.episode_ids)
        if event.event_type == "Download":
            self.jellyfin.force()
            self._jellyfin_after_webhook = True
        await self._webhook_refresh.async_call()

    async def _refresh_after_webhook(self) -> None:
        await self.sonarr.async_refresh()
        if self._jellyfin_after_webhook:
            self._jellyfin_after_webhook = False
            await self.jellyfin.async_refresh()
        # Now, not after the debounce delay: a push is worth something only when it is quick.
        self._recompute.async_cancel()
        await self.async_recompute()
