"""The sources: one polling coordinator per service, each on its own interval.

Each fetches only what the tracked requests need, as the coordinator's pushed interest says
(``tracking.interest``), and never calls back into the coordinator.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from homeassistant.core import HomeAssistant

from custom_components.status_tracker.const import Service
from custom_components.status_tracker.shell.connection import MediaStackClients
from custom_components.status_tracker.shell.options import Options

from .base import SourceCoordinator
from .jellyfin import JellyfinData, JellyfinSource
from .jellyseerr import INTERVAL as JELLYSEERR_INTERVAL, JellyseerrSource
from .qbittorrent import QbittorrentData, QbittorrentSource
from .sonarr import SonarrData, SonarrSource

__all__ = [
    "JellyfinData",
    "JellyfinSource",
    "JellyseerrSource",
    "QbittorrentData",
    "QbittorrentSource",
    "SonarrData",
    "SonarrSource",
    "SourceCoordinator",
    "Sources",
]


@dataclass(slots=True)
class Sources:
    """The sources of one entry (Jellyseerr only when configured)."""

    sonarr: SonarrSource
    qbittorrent: QbittorrentSource
    jellyfin: JellyfinSource
    jellyseerr: JellyseerrSource | None

    @classmethod
    def build(
        cls, hass: HomeAssistant, entry: Any, clients: MediaStackClients, options: Options
    ) -> Sources:
        """One source per configured service; nothing is fetched yet."""
        return cls(
            sonarr=SonarrSource(hass, entry, clients.sonarr, retention=options.retention),
            qbittorrent=QbittorrentSource(hass, entry, clients.qbittorrent),
            jellyfin=JellyfinSource(hass, entry, clients.jellyfin),
            jellyseerr=(
                JellyseerrSource(
                    hass, entry, Service.JELLYSEERR, clients.jellyseerr, JELLYSEERR_INTERVAL
                )
                if clients.jellyseerr is not None
                else None
            ),
        )

    def all(self) -> list[SourceCoordinator[Any]]:
        """Every source, Jellyseerr first: its requests decide whose episodes Sonarr reads."""
        first: list[SourceCoordinator[Any]] = [] if self.jellyseerr is None else [self.jellyseerr]
        return [*first, self.sonarr, self.qbittorrent, self.jellyfin]

    def down(self) -> frozenset[Service]:
        """The services whose last poll failed."""
        return frozenset(s.service for s in self.all() if not s.last_update_success)
