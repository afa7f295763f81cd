"""The coordinator: the sources' latest answers → one correlation in the executor → published.

It polls nothing itself. Each source (``shell/sources``) polls its service on its own interval;
when one has news the coordinator builds a ``Snapshot``, runs the core's ``correlate`` in the
executor (CPU work on a large library), and publishes the result: the memory to the Store, the
transitions as events (never for the baseline of a first start), the repairs, the sources'
next interest, and the ``TrackerData`` the entities read.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.debounce import Debouncer
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util

from .clients.payloads.jellyseerr import JellyseerrRequest
from .clients.payloads.sonarr_webhook import SonarrEventType, SonarrWebhookEvent
from .const import DOMAIN, LOGGER, Service
from .shell.bus_events import EventPublisher
from .shell.connection import MediaStackClients
from .shell.data import SeriesLink, TrackerData, episode_index, series_links
from .shell.deletions import Deletions
from .shell.issues import JellyfinMissingIssues, async_check_download_client
from .shell.options import Options
from .shell.sources import JellyfinData, QbittorrentData, SonarrData, Sources
from .shell.storage import Memory, TrackerStore
from .tracking import (
    EpisodeState,
    JellyfinInterest,
    PushedGrab,
    Snapshot,
    SonarrInterest,
    Timeline,
    TrackingState,
    bound_pushed_grabs,
    correlate,
    downloads_active,
    file_lists_wanted,
    jellyfin_interest,
    pushed_grab,
    remembered_jellyfin_ids,
)

type StatusTrackerConfigEntry = ConfigEntry[StatusTrackerData]


# Sonarr's pushes that change what is on disk (and so what Jellyfin lists).
_LIBRARY_CHANGES: Final = frozenset(
    {
        SonarrEventType.DOWNLOAD,
        SonarrEventType.EPISODE_FILE_DELETE,
        SonarrEventType.SERIES_DELETE,
    }
)


@dataclass(slots=True)
class StatusTrackerData:
    """What a loaded entry keeps at run time."""

    clients: MediaStackClients
    coordinator: StatusTrackerCoordinator
    deletions: Deletions


class StatusTrackerCoordinator(DataUpdateCoordinator[TrackerData | None]):
    """Recomputes the tracking state whenever a source has news."""

    config_entry: StatusTrackerConfigEntry

    def __init__(
        self, hass: HomeAssistant, entry: StatusTrackerConfigEntry, clients: MediaStackClients
    ) -> None:
        """Create the sources; nothing is fetched until ``async_start``."""
        super().__init__(
            hass, LOGGER, config_entry=entry, name=f"{DOMAIN} tracker", update_interval=None
        )
        self.options = Options.from_mapping(entry.options)
        self.sources = Sources.build(hass, entry, clients, self.options)
        self.events = EventPublisher(hass, entry.entry_id)
        self._store = TrackerStore(hass, entry.entry_id)
        self._jellyfin_issues = JellyfinMissingIssues(
            hass, entry.entry_id, self.options.jellyfin_patience
        )
        self._memory = Memory()
        self._state: TrackingState | None = None
        self._baseline_pending = True
        self._pushed: tuple[PushedGrab, ...] = ()
        self._recompute = Debouncer(
            hass, LOGGER, cooldown=0.5, immediate=False, function=self.async_recompute
        )
        self._push_refresh = Debouncer(
            hass, LOGGER, cooldown=2, immediate=True, function=self._refresh_after_push
        )
        self._jellyfin_after_push = False
        self._poll: asyncio.Task[frozenset[Service]] | None = None
        self._jellyfin_interest_of: tuple[SonarrData, TrackingState | None] | None = None
        self._pace = _Pace(frozenset(), active=False)
        self._deleting: set[int] = set()
        self._quiet: set[int] = set()  # deleted just now: the next publish is no news either

    # -- start, stop --------------------------------------------------------------------------

    async def async_start(self) -> None:
        """Restore the memory, fetch every source once, publish the first state.

        Sonarr is required (ConfigEntryNotReady/AuthFailed propagate); the others may be down:
        their part is missing from the picture until they are back.
        """
        restored = await self._store.async_load()
        if restored is not None:
            self._memory = restored.memory
            # Only a whole memory can tell what changed while stopped; else a silent baseline.
            self._baseline_pending = not restored.whole
        sources = self.sources
        if sources.jellyseerr is not None:
            await sources.jellyseerr.async_refresh()  # first: its requests decide Sonarr's reads
        self._push_interest()
        await sources.sonarr.async_config_entry_first_refresh()
        await async_check_download_client(self.hass, self.config_entry, sources.sonarr.client)
        self._push_interest()
        await sources.qbittorrent.async_refresh()
        await self._update_jellyfin_interest()
        await sources.jellyfin.async_refresh()
        # Sonarr answered (the first refresh raises otherwise): there is something to correlate.
        correlated = await self._correlate()
        assert correlated is not None
        # Only the first correlation knows which torrents hold several episodes: read their
        # file lists before publishing, so the first picture already has per-file progress.
        wanted = correlated[1].pace.wanted_files
        if wanted - self._files_read() and sources.qbittorrent.last_update_success:
            sources.qbittorrent.wanted_files = wanted
            await sources.qbittorrent.async_refresh()
            correlated = await self._correlate()
            assert correlated is not None
        self.async_set_updated_data(self._publish(*correlated))
        for source in sources.all():
            source.async_add_listener(self._source_updated)

    async def async_stop(self) -> None:
        """Write the memory now (unload); a pending delayed save is superseded."""
        self._recompute.async_cancel()
        self._push_refresh.async_cancel()
        if self._state is not None or self._memory.timeline is not None:
            await self._store.async_save(self._memory)

    @callback
    def _source_updated(self) -> None:
        self.hass.async_create_task(self._recompute.async_call(), eager_start=True)

    async def _async_update_data(self) -> TrackerData | None:
        """A refresh asked for (``homeassistant.update_entity``): poll every source, recompute."""
        await self.async_poll_now()
        return self.data

    async def async_poll_now(self) -> frozenset[Service]:
        """Poll every source now and publish; the services that failed.

        Callers that arrive while a poll runs share it: twenty refreshes at once are one cycle.
        """
        if self._poll is None or self._poll.done():
            self._poll = self.hass.async_create_task(self._poll_all(), eager_start=False)
        return await asyncio.shield(self._poll)

    async def _poll_all(self) -> frozenset[Service]:
        for source in self.sources.all():
            if source is self.sources.jellyfin:
                await self._update_jellyfin_interest()
            await source.async_refresh()
            self._push_interest()  # what one answered decides what the next one reads
        self._recompute.async_cancel()
        self.async_set_updated_data(await self._compute())
        return self.sources.down()

    async def async_recompute(self) -> None:
        """Correlate what the sources have now and publish it."""
        self.async_set_updated_data(await self._compute())

    # -- deletions ----------------------------------------------------------------------------

    def set_deleting(self, series_id: int, busy: bool) -> None:
        """A deletion of the series starts or ends: its transitions meanwhile are no news."""
        if busy:
            self._deleting.add(series_id)
        else:
            self._deleting.discard(series_id)
            self._quiet.add(series_id)

    # -- Sonarr's pushes ----------------------------------------------------------------------

    @property
    def pending_pushes(self) -> tuple[PushedGrab, ...]:
        """Grabs Sonarr pushed that its history does not show yet (bounded by the core)."""
        return self._pushed

    async def async_handle_push(self, event: SonarrWebhookEvent) -> None:
        """Apply what Sonarr pushed at once, then refresh rather than trust the payload alone.

        One season-pack import sends a Download per file: the refresh is debounced.
        """
        self.sources.sonarr.mark_stale([event.series_id])
        grab = pushed_grab(event, dt_util.utcnow())
        if grab is not None:
            self._pushed = bound_pushed_grabs((*self._pushed, grab), grab.received)
            self._push_interest()
        if event.event_type in _LIBRARY_CHANGES:
            # A file arrived or went: what Jellyfin lists is worth reading again at once.
            self.sources.jellyfin.force()
            self._jellyfin_after_push = True
        await self._push_refresh.async_call()

    async def _refresh_after_push(self) -> None:
        await self.sources.sonarr.async_refresh()
        self._push_interest()
        if self._jellyfin_after_push:
            self._jellyfin_after_push = False
            await self._update_jellyfin_interest()
            await self.sources.jellyfin.async_refresh()
        # Now, not after the debounce delay: a push is worth something only when it is quick.
        self._recompute.async_cancel()
        await self.async_recompute()

    # -- gather, correlate, publish -----------------------------------------------------------

    async def _compute(self) -> TrackerData | None:
        correlated = await self._correlate()
        if correlated is None:
            return self.data  # nothing to correlate without Sonarr: keep the last picture
        return self._publish(*correlated)

    async def _correlate(
        self,
    ) -> tuple[TrackingState, _Derived, frozenset[Service], datetime] | None:
        """The sources' latest answers, correlated in the executor (None without Sonarr)."""
        sources = self.sources
        sonarr: SonarrData | None = sources.sonarr.data
        if sonarr is None:
            return None
        down = sources.down()
        # A source that is down keeps its last good answer (flagged in ``down``): an outage
        # must not look like torrents gone or episodes vanished from Jellyfin.
        qbittorrent: QbittorrentData | None = sources.qbittorrent.data
        jellyfin: JellyfinData | None = sources.jellyfin.data
        now = dt_util.utcnow()
        previous = self._state if self._state is not None else self._memory.timeline
        state, derived = await self.hass.async_add_executor_job(
            _correlate_and_derive,
            _Inputs(
                now=now,
                sonarr=sonarr,
                qbittorrent=qbittorrent,
                jellyfin=jellyfin,
                jellyseerr=self._jellyseerr_requests(),
                pushed=self._pushed,
                retention=self.options.retention,
            ),
            previous,
            self.sources.sonarr.client.base_url,
        )
        return state, derived, down, now

    def _publish(
        self,
        state: TrackingState,
        derived: _Derived,
        down: frozenset[Service],
        now: datetime,
    ) -> TrackerData:
        """Remember, save, fire, check, tell the sources what to fetch next; the entities' data."""
        self._state = state
        self._memory = Memory(
            timeline=state.timeline,
            jellyfin_ids=remembered_jellyfin_ids(self._memory.jellyfin_ids, state),
        )
        # Grabs pushed while the correlation ran are kept; the others as the core decided.
        self._pushed = tuple(
            g for g in self._pushed if g in state.pushed_grabs or g.received > state.now
        )
        self._store.async_delay_save(lambda: self._memory)
        if self._baseline_pending:
            self._baseline_pending = False  # what existed before the first start is no news
        else:
            self.events.publish(state, quiet=frozenset(self._deleting | self._quiet))
        self._quiet = set(self._deleting)
        self._jellyfin_issues.check(state, now)
        self._jellyfin_interest_of = (derived.sonarr, state)
        self.sources.jellyfin.interest = derived.jellyfin
        self._pace = derived.pace
        self._push_interest()
        return TrackerData(
            state=state,
            updated=now,
            down=down,
            links=derived.links,
            episodes=derived.episodes,
            jellyfin_ids=dict(self._memory.jellyfin_ids),
            sonarr_unavailable=self.sources.sonarr.failures_in_a_row > 1,
        )

    def _push_interest(self) -> None:
        """Hand each source what it should fetch next (the core's rules in ``interest``)."""
        sources = self.sources
        state = self._state
        sources.sonarr.interest = SonarrInterest(
            jellyseerr_requests=self._jellyseerr_requests(),
            timeline=state.timeline if state is not None else self._memory.timeline,
            pushed_grabs=self._pushed,
            retention=self.options.retention,
        )
        sources.qbittorrent.wanted_files = self._pace.wanted_files
        sources.qbittorrent.set_pace(self._pace.active)

    async def _update_jellyfin_interest(self) -> None:
        """What Jellyfin should read next, when Sonarr's answer or the state changed since.

        Worked out over the whole library, so in the executor; compared by identity, since
        comparing Sonarr's answers by value would cost more than the work.
        """
        sonarr: SonarrData | None = self.sources.sonarr.data
        state = self._state
        seen = self._jellyfin_interest_of
        if sonarr is None or (seen is not None and seen[0] is sonarr and seen[1] is state):
            return
        asked = (sonarr, state)
        self._jellyfin_interest_of = asked
        interest = await self.hass.async_add_executor_job(
            _jellyfin_interest, dt_util.utcnow(), sonarr, state
        )
        if self._jellyfin_interest_of is asked:  # not overtaken by a publish meanwhile
            self.sources.jellyfin.interest = interest

    def _jellyseerr_requests(self) -> list[JellyseerrRequest] | None:
        jellyseerr = self.sources.jellyseerr
        return jellyseerr.data if jellyseerr is not None else None

    def _files_read(self) -> set[str]:
        data = self.sources.qbittorrent.data
        return set(data.files) if data is not None else set()


@dataclass(frozen=True, slots=True)
class _Derived:
    """What is worked out over the whole library with the correlation, off the event loop."""

    sonarr: SonarrData  # the answer correlated
    links: dict[int, SeriesLink]
    episodes: dict[tuple[int, int], EpisodeState]
    jellyfin: JellyfinInterest
    pace: _Pace


@dataclass(frozen=True, slots=True)
class _Pace:
    """What qBittorrent's source reads and how often, for one state (``tracking.interest``)."""

    wanted_files: frozenset[str]
    active: bool


@dataclass(frozen=True, slots=True)
class _Inputs:
    """The sources' latest answers as handed to the executor."""

    now: datetime
    sonarr: SonarrData
    qbittorrent: QbittorrentData | None
    jellyfin: JellyfinData | None
    jellyseerr: list[JellyseerrRequest] | None
    pushed: tuple[PushedGrab, ...]
    retention: timedelta


def _snapshot(inputs: _Inputs) -> Snapshot:
    sonarr, qbittorrent, jellyfin = inputs.sonarr, inputs.qbittorrent, inputs.jellyfin
    return Snapshot(
        now=inputs.now,
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
        jellyseerr_requests=inputs.jellyseerr,
        pushed_grabs=inputs.pushed,
        retention=inputs.retention,
    )


def _jellyfin_interest(
    now: datetime, sonarr: SonarrData, state: TrackingState | None
) -> JellyfinInterest:
    return jellyfin_interest(
        now=now,
        sonarr_series=sonarr.series,
        candidates=sonarr.episodes.keys(),
        news=sonarr.news,
        state=state,
    )


def _correlate_and_derive(
    inputs: _Inputs,
    previous: TrackingState | Timeline | None,
    url: str,
) -> tuple[TrackingState, _Derived]:
    """The correlation and what follows from it over the whole library: executor work.

    The snapshot (flattening tens of thousands of episodes), each request's link to Sonarr,
    the episode index, and what Jellyfin should read next.
    """
    state = correlate(_snapshot(inputs), previous)
    sonarr = inputs.sonarr
    links = series_links(sonarr.series, state, url)
    pace = _Pace(file_lists_wanted(state), active=downloads_active(state))
    jellyfin = _jellyfin_interest(inputs.now, sonarr, state)
    return state, _Derived(sonarr, links, episode_index(state), jellyfin, pace)
