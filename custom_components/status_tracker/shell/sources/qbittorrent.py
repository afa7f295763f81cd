"""qBittorrent's source: ``sync/maindata`` deltas plus the file lists of multi-episode torrents.

A file list costs qBittorrent far more than the maindata delta, so the reader keeps each one and
asks again only when the torrent shows that its files may have changed, and then only for the
files still to finish (``tracking.file_list_to_read``); the answer is merged into the kept list,
so the core always gets every file of the torrent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
import time
from typing import Any, Final

from homeassistant.core import HomeAssistant

from custom_components.status_tracker.clients import ApiError
from custom_components.status_tracker.clients.payloads.qbittorrent import QbtFile, QbtTorrent
from custom_components.status_tracker.clients.qbittorrent import QBittorrentClient
from custom_components.status_tracker.const import Service
from custom_components.status_tracker.tracking import (
    FileListMark,
    file_list_mark,
    file_list_to_read,
)

from .base import SourceCoordinator

# Fast while a tracked download moves bytes, slow otherwise (the coordinator sets the pace).
ACTIVE_INTERVAL: Final = timedelta(seconds=5)
IDLE_INTERVAL: Final = timedelta(seconds=30)


@dataclass(slots=True)
class QbittorrentData:
    """Torrents by hash (merged maindata) and the file lists of the torrents that matter."""

    torrents: dict[str, QbtTorrent]
    files: dict[str, list[QbtFile]] = field(default_factory=dict)


@dataclass(slots=True)
class _FileList:
    """A torrent's file list as last read, and what the torrent looked like then."""

    files: list[QbtFile]
    mark: FileListMark
    read_in_full: float
    """``clock()`` at the last full read."""


class QbittorrentReader:
    """One poll of qBittorrent: the maindata delta, then the file lists worth reading again.

    No Home Assistant here: the source wraps it, and ``scripts/bench`` runs it as it is.
    ``wanted_files`` names the torrents whose file lists matter (lower-case hashes).
    """

    def __init__(
        self, client: QBittorrentClient, clock: Callable[[], float] = time.monotonic
    ) -> None:
        """Read through ``client``; ``clock`` (seconds) times the full re-reads."""
        self.client = client
        self.wanted_files: frozenset[str] = frozenset()
        self._clock = clock
        self._lists: dict[str, _FileList] = {}

    async def read(self) -> QbittorrentData:
        """Poll once: torrents by hash, and the file list of every wanted torrent listed."""
        maindata = await self.client.sync_maindata()
        torrents = dict(maindata.torrents)
        lists: dict[str, _FileList] = {}
        for torrent_hash in sorted(self.wanted_files):
            torrent = torrents.get(torrent_hash)
            if torrent is None:
                continue
            kept = self._lists.get(torrent_hash)
            lists[torrent_hash] = await self._file_list(torrent_hash, torrent, kept)
        # Torrents no longer wanted or gone are forgotten: a torrent re-added later is read anew.
        self._lists = lists
        return QbittorrentData(torrents, {key: kept.files for key, kept in lists.items()})

    async def _file_list(
        self, torrent_hash: str, torrent: QbtTorrent, kept: _FileList | None
    ) -> _FileList:
        now = self._clock()
        read = file_list_to_read(
            torrent,
            mark=kept.mark if kept is not None else None,
            files=kept.files if kept is not None else (),
            age=timedelta(seconds=now - kept.read_in_full) if kept is not None else timedelta(),
        )
        if read is None and kept is not None:
            return kept
        mark = file_list_mark(torrent)
        if kept is not None and read is not None and read.indexes is not None:
            try:
                fresh = await self.client.torrent_files(torrent_hash, read.indexes)
            except ApiError as err:
                if err.status != 409:
                    raise
                # An index qBittorrent no longer has: the list is not what was kept.
            else:
                return _FileList(_merge(kept.files, fresh), mark, kept.read_in_full)
        return _FileList(await self.client.torrent_files(torrent_hash), mark, now)


def _merge(kept: list[QbtFile], fresh: list[QbtFile]) -> list[QbtFile]:
    """The kept list with the files just read put in place (matched by ``index``)."""
    by_index = {file.get("index"): file for file in fresh}
    return [by_index.get(file.get("index"), file) for file in kept]


class QbittorrentSource(SourceCoordinator[QbittorrentData]):
    """Polls qBittorrent; ``wanted_files`` (pushed by the coordinator) names the file lists."""

    client: QBittorrentClient

    def __init__(self, hass: HomeAssistant, entry: Any, client: QBittorrentClient) -> None:
        """Idle pace until a tracked download runs."""
        super().__init__(hass, entry, Service.QBITTORRENT, client, IDLE_INTERVAL)
        self.reader = QbittorrentReader(client)

    @property
    def wanted_files(self) -> frozenset[str]:
        """Lower-case hashes of the torrents whose file lists the core needs."""
        return self.reader.wanted_files

    @wanted_files.setter
    def wanted_files(self, hashes: frozenset[str]) -> None:
        self.reader.wanted_files = hashes

    def set_pace(self, active: bool) -> None:
        """Poll at the fast pace while a tracked download moves bytes.

        Sped up, it reads at once: a download that just started is worth seeing now, not at
        the end of the idle wait scheduled before.
        """
        interval = ACTIVE_INTERVAL if active else IDLE_INTERVAL
        speeding_up = self.update_interval is not None and interval < self.update_interval
        self.update_interval = interval
        if speeding_up and self.data is not None:
            self.hass.async_create_task(
                self.async_request_refresh(), "status_tracker qbittorrent pace", eager_start=False
            )

    async def _async_fetch(self) -> QbittorrentData:
        return await self.reader.read()
