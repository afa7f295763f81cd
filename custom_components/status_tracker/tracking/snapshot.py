"""The input of one correlation: a frozen snapshot of what every service said, plus "now".

The shell fetches the payloads and passes them here untouched (the clients' ``TypedDict``s, with
the APIs' own field names). Nothing in ``tracking/`` reads the clock: ``now`` is part of the
snapshot, so a correlation is a pure function of its input.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from custom_components.status_tracker.clients.payloads.jellyfin import JellyfinItem
    from custom_components.status_tracker.clients.payloads.jellyseerr import JellyseerrRequest
    from custom_components.status_tracker.clients.payloads.qbittorrent import QbtFile, QbtTorrent
    from custom_components.status_tracker.clients.payloads.sonarr import (
        SonarrCommand,
        SonarrEpisode,
        SonarrHistoryRecord,
        SonarrQueueRecord,
        SonarrSeries,
    )

    from .pushed import PushedGrab

DEFAULT_RETENTION = timedelta(days=14)
"""How long a series added to Sonarr (or a finished request) stays tracked without activity."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Snapshot:
    """Everything one correlation looks at, taken at ``now``.

    * ``sonarr_episodes``: every episode of the series of interest (all series is fine).
    * ``sonarr_queue``: the whole queue (one record per episode; a pack's records share a
      ``downloadId``, the qBittorrent hash upper-cased).
    * ``sonarr_history``: recent history, at least the ``grabbed`` events of the retention window
      (``downloadFolderImported`` and ``downloadFailed`` events are used when present).
    * ``sonarr_commands``: queued and running commands (to see that a search is running).
    * ``torrents``: qBittorrent torrents, either keyed by hash as ``sync/maindata`` sends them
      (the key is the hash, any case) or as the ``torrents/info`` list (the ``hash`` field).
      ``None`` means qBittorrent was not reachable: Sonarr's queue figures are used instead.
    * ``torrent_files``: the file lists of the torrents that matter (packs), keyed by hash.
    * ``jellyfin_series`` / ``jellyfin_episodes``: series with ``ProviderIds`` and their episodes
      (``SeriesId`` set, Virtual ones included). ``None`` means Jellyfin was not reachable this
      time: availability then falls back to Sonarr's ``hasFile``.
    * ``jellyseerr_requests``: TV requests with their media and seasons, or ``None`` when
      Jellyseerr is not configured.
    * ``pushed_grabs``: grabs Sonarr announced by webhook (rules in ``pushed``).
    """

    now: datetime
    sonarr_series: Sequence[SonarrSeries] = ()
    sonarr_episodes: Sequence[SonarrEpisode] = ()
    sonarr_queue: Sequence[SonarrQueueRecord] = ()
    sonarr_history: Sequence[SonarrHistoryRecord] = ()
    sonarr_commands: Sequence[SonarrCommand] = ()
    torrents: Mapping[str, QbtTorrent] | Sequence[QbtTorrent] | None = None
    torrent_files: Mapping[str, Sequence[QbtFile]] | None = None
    jellyfin_series: Sequence[JellyfinItem] | None = None
    jellyfin_episodes: Sequence[JellyfinItem] | None = None
    jellyseerr_requests: Sequence[JellyseerrRequest] | None = None
    pushed_grabs: Sequence[PushedGrab] = ()
    retention: timedelta = DEFAULT_RETENTION
