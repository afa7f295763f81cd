"""Sonarr's source: series, queue, history (incremental) and the episodes of candidate series.

A cycle's requests grow with what is tracked, never with the library: the series list, queue,
history and commands are one call each (queue and history paged); episodes are read only for
the series ``tracking.sonarr_series_to_read`` names, and only when something about them changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any, Final

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from custom_components.status_tracker.clients.payloads.sonarr import (
    SonarrCommand,
    SonarrEpisode,
    SonarrHistoryRecord,
    SonarrQueueRecord,
    SonarrSeries,
)
from custom_components.status_tracker.clients.sonarr import SonarrClient
from custom_components.status_tracker.const import Service
from custom_components.status_tracker.tracking import SonarrInterest, sonarr_series_to_read

from .base import SourceCoordinator, well_formed

INTERVAL: Final = timedelta(seconds=30)
# history/since is read again from a little before the last poll: events written while the
# previous answer was being built must not fall between two polls.
HISTORY_OVERLAP: Final = timedelta(minutes=2)
# Episodes of a quiet tracked series are read again this often (titles, air dates, monitoring).
EPISODES_MAX_AGE: Final = timedelta(minutes=15)
# More new history records than this are dated in the executor.
INLINE_RECORDS: Final = 500


@dataclass(slots=True)
class SonarrData:
    """What Sonarr said in the last successful cycle.

    ``news``: when Sonarr last had news of a series (a history record, a webhook about it).
    """

    series: list[SonarrSeries]
    queue: list[SonarrQueueRecord]
    history: list[SonarrHistoryRecord]
    commands: list[SonarrCommand]
    episodes: dict[int, list[SonarrEpisode]]
    news: dict[int, datetime] = field(default_factory=dict)


class SonarrSource(SourceCoordinator[SonarrData]):
    """Polls Sonarr; ``interest`` (pushed by the coordinator) decides whose episodes to read."""

    client: SonarrClient

    def __init__(
        self, hass: HomeAssistant, entry: Any, client: SonarrClient, *, retention: timedelta
    ) -> None:
        """History is kept for ``retention`` (the longest a grab matters to the core)."""
        super().__init__(hass, entry, Service.SONARR, client, INTERVAL)
        self.interest = SonarrInterest(retention=retention)
        self._retention = retention
        self._history: dict[int, SonarrHistoryRecord] = {}
        # When each kept record happened, parsed once (pruning runs every poll).
        self._history_dates: dict[int, datetime] = {}
        self._history_since: datetime | None = None
        self._episodes: dict[int, tuple[datetime, list[SonarrEpisode]]] = {}
        self._stale: set[int] = set()
        self._news: dict[int, datetime] = {}

    def mark_stale(self, series_ids: Iterable[int]) -> None:
        """Read these series' episodes again in the next cycle (a webhook said they changed)."""
        self._stale.update(series_ids)

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
        fresh = well_formed(await client.history_since(since, event_type=None))
        self._history_since = now
        changed: set[int] = set()
        horizon = now - self._retention
        known = self._history.keys()
        fresh = [r for r in fresh if type(r.get("id")) is int and r["id"] not in known]
        # The first poll brings the whole window (tens of thousands of records): dated off the
        # event loop; a usual poll brings a handful.
        dated = (
            await self.hass.async_add_executor_job(_dated, fresh, horizon)
            if len(fresh) > INLINE_RECORDS
            else _dated(fresh, horizon)
        )
        for record, moment in dated:
            self._history[record["id"]] = record
            self._history_dates[record["id"]] = moment
            if type(series_id := record.get("seriesId")) is int:
                changed.add(series_id)
        for record_id in [k for k, moment in self._history_dates.items() if moment < horizon]:
            del self._history[record_id], self._history_dates[record_id]
        history = list(self._history.values())
        # The core's scope rules over the whole library: CPU work, kept off the event loop.
        wanted = await self.hass.async_add_executor_job(
            partial(
                sonarr_series_to_read,
                self.interest,
                now=now,
                series=series,
                queue=queue,
                history=history,
            )
        )
        in_queue = {r.get("seriesId") for r in well_formed(queue)}
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
        for series_id in changed | self._stale:
            self._news[series_id] = now
        self._stale.clear()
        self._episodes = {k: v for k, v in self._episodes.items() if k in wanted}
        self._news = {k: v for k, v in self._news.items() if k in wanted}
        return SonarrData(series, queue, history, commands, episodes, dict(self._news))


def _dated(
    records: list[SonarrHistoryRecord], horizon: datetime
) -> list[tuple[SonarrHistoryRecord, datetime]]:
    """The records with their dates, those undated or older than ``horizon`` left out."""
    dated = []
    for record in records:
        moment = dt_util.parse_datetime(str(record.get("date", "")))
        if moment is not None and moment >= horizon:
            dated.append((record, moment))
    return dated
