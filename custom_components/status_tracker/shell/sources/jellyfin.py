"""Jellyfin's source: the series list now and then, episodes of the series the tracker follows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from custom_components.status_tracker.clients.jellyfin import JellyfinClient
from custom_components.status_tracker.clients.payloads.jellyfin import JellyfinItem
from custom_components.status_tracker.const import Service
from custom_components.status_tracker.tracking import (
    JellyfinInterest,
    jellyfin_lacks_waiting_series,
    jellyfin_series_to_read,
)

from .base import SourceCoordinator

INTERVAL: Final = timedelta(seconds=60)
# The series list changes rarely; episodes of a followed series without news as often.
SERIES_MAX_AGE: Final = timedelta(minutes=10)
EPISODES_MAX_AGE: Final = timedelta(minutes=30)


@dataclass(slots=True)
class JellyfinData:
    """Jellyfin's series list and the episodes of the series the tracker follows."""

    series: list[JellyfinItem]
    episodes: dict[str, list[JellyfinItem]]


class JellyfinSource(SourceCoordinator[JellyfinData]):
    """Polls Jellyfin; ``interest`` (pushed by the coordinator) names the series to follow."""

    client: JellyfinClient

    def __init__(self, hass: HomeAssistant, entry: Any, client: JellyfinClient) -> None:
        """Nothing followed until the coordinator says what."""
        super().__init__(hass, entry, Service.JELLYFIN, client, INTERVAL)
        self.interest: JellyfinInterest | None = None
        self._series: tuple[datetime, list[JellyfinItem]] | None = None
        self._episodes: dict[str, tuple[datetime, list[JellyfinItem]]] = {}
        self._force_series = False

    def force(self) -> None:
        """Read the series list again in the next cycle (Sonarr imported something)."""
        self._force_series = True

    async def _series_list_stale(
        self, now: datetime, read: datetime, series: list[JellyfinItem]
    ) -> bool:
        if self._force_series or now - read > SERIES_MAX_AGE:
            return True
        if self.interest is None or not self.interest.waiting:
            return False
        # Matches against the whole series list: executor work at scale.
        return await self.hass.async_add_executor_job(
            jellyfin_lacks_waiting_series, self.interest, series
        )

    async def _async_fetch(self) -> JellyfinData:
        now = dt_util.utcnow()
        sent = self.client.request_count
        if self._series is None or await self._series_list_stale(now, *self._series):
            self._series = (now, await self.client.series())
        self._force_series = False
        series = self._series[1]
        tracked: set[str] = set()
        urgent: set[str] = set()
        if self.interest is not None:
            read_at = {key: value[0] for key, value in self._episodes.items()}
            # Matches the whole series list against the library: executor work at scale.
            tracked, urgent = await self.hass.async_add_executor_job(
                jellyfin_series_to_read, self.interest, series, read_at
            )
        episodes: dict[str, list[JellyfinItem]] = {}
        for jellyfin_id in sorted(tracked):
            cached = self._episodes.get(jellyfin_id)
            if cached is None or jellyfin_id in urgent or now - cached[0] > EPISODES_MAX_AGE:
                cached = (now, await self.client.episodes(jellyfin_id))
                self._episodes[jellyfin_id] = cached
            episodes[jellyfin_id] = cached[1]
        self._episodes = {k: v for k, v in self._episodes.items() if k in tracked}
        if self.client.request_count == sent:
            # Everything came from the cache: one cheap call still tells whether Jellyfin is up.
            await self.client.system_info()
        return JellyfinData(series, episodes)
