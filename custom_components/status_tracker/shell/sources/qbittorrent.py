"""qBittorrent's source: ``sync/maindata`` deltas plus the file lists of multi-episode torrents."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Final

from homeassistant.core import HomeAssistant

from custom_components.status_tracker.clients.payloads.qbittorrent import QbtFile, QbtTorrent
from custom_components.status_tracker.clients.qbittorrent import QBittorrentClient
from custom_components.status_tracker.const import Service

from .base import SourceCoordinator

# Fast while a tracked download moves bytes, slow otherwise (the coordinator sets the pace).
ACTIVE_INTERVAL: Final = timedelta(seconds=5)
IDLE_INTERVAL: Final = timedelta(seconds=30)


@dataclass(slots=True)
class QbittorrentData:
    """Torrents by hash (merged maindata) and the file lists of the torrents that matter."""

    torrents: dict[str, QbtTorrent]
    files: dict[str, list[QbtFile]] = field(default_factory=dict)


class QbittorrentSource(SourceCoordinator[QbittorrentData]):
    """Polls qBittorrent; ``wanted_files`` (pushed by the coordinator) names the file lists."""

    client: QBittorrentClient

    def __init__(self, hass: HomeAssistant, entry: Any, client: QBittorrentClient) -> None:
        """Idle pace until a tracked download runs."""
        super().__init__(hass, entry, Service.QBITTORRENT, client, IDLE_INTERVAL)
        self.wanted_files: frozenset[str] = frozenset()
        self._files: dict[str, list[QbtFile]] = {}

    def set_pace(self, active: bool) -> None:
        """Poll at the fast pace while a tracked download moves bytes."""
        self.update_interval = ACTIVE_INTERVAL if active else IDLE_INTERVAL

    async def _async_fetch(self) -> QbittorrentData:
        maindata = await self.client.sync_maindata()
        torrents = dict(maindata.torrents)
        files: dict[str, list[QbtFile]] = {}
        for torrent_hash in sorted(self.wanted_files):
            torrent = torrents.get(torrent_hash)
            if torrent is None:
                continue
            cached = self._files.get(torrent_hash)
            # A finished torrent's files no longer change: read them once.
            if cached is None or not _finished(torrent):
                cached = await self.client.torrent_files(torrent_hash)
            files[torrent_hash] = cached
        self._files = files
        return QbittorrentData(torrents, dict(files))


def _finished(torrent: QbtTorrent) -> bool:
    """Whether qBittorrent says the torrent is complete (a malformed progress says it is not)."""
    progress: object = torrent.get("progress")
    return isinstance(progress, int | float) and not isinstance(progress, bool) and progress >= 1
