"""What each source should fetch next, from the last correlation: the sources' interest.

The shell's sources poll on their own timers. After every correlation the coordinator computes
these values and hands them to the sources, which apply them on their next poll; a source never
asks the coordinator anything. Each rule reuses the core's own: the series Sonarr reads episodes
of are ``request_scope``'s candidates, Jellyfin's series come from ``jellyfin_match``'s matching,
the torrents whose file lists matter are the downloads ``packs`` typed as holding several
episodes.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from custom_components.status_tracker.clients.payloads.jellyfin import JellyfinItem
from custom_components.status_tracker.clients.payloads.jellyseerr import JellyseerrRequest
from custom_components.status_tracker.clients.payloads.sonarr import (
    SonarrHistoryRecord,
    SonarrQueueRecord,
    SonarrSeries,
)

from .jellyfin_match import matched_series
from .model import ReleaseType, TrackingState
from .pushed import PushedGrab
from .request_scope import candidate_series
from .snapshot import DEFAULT_RETENTION, Snapshot
from .status import EpisodeStatus
from .timeline import Timeline


@dataclass(frozen=True, slots=True)
class SonarrInterest:
    """What, besides Sonarr's own lists, decides whose episodes Sonarr's source reads."""

    jellyseerr_requests: Sequence[JellyseerrRequest] | None = None
    timeline: Timeline | None = None
    pushed_grabs: Sequence[PushedGrab] = ()
    retention: timedelta = DEFAULT_RETENTION


def sonarr_series_to_read(
    interest: SonarrInterest,
    *,
    now: datetime,
    series: Sequence[SonarrSeries],
    queue: Sequence[SonarrQueueRecord],
    history: Sequence[SonarrHistoryRecord],
) -> set[int]:
    """Series that are, or may become, requests: the only ones whose episodes are read."""
    snapshot = Snapshot(
        now=now,
        sonarr_series=series,
        sonarr_queue=queue,
        sonarr_history=history,
        jellyseerr_requests=interest.jellyseerr_requests,
        pushed_grabs=interest.pushed_grabs,
        retention=interest.retention,
    )
    return candidate_series(snapshot, interest.timeline)


def file_lists_wanted(state: TrackingState | None) -> frozenset[str]:
    """Lower-case hashes of torrents holding several episodes: their files give each its own %."""
    if state is None:
        return frozenset()
    return frozenset(
        download.download_id.lower()
        for request in state.requests.values()
        for download in request.downloads
        if download.in_client and download.release_type is not ReleaseType.SINGLE_EPISODE
    )


def downloads_active(state: TrackingState | None) -> bool:
    """Whether a tracked download is moving bytes: qBittorrent is then polled at its fast pace."""
    if state is None:
        return False
    return any(
        download.transferring
        for request in state.requests.values()
        for download in request.downloads
    )


@dataclass(frozen=True, slots=True)
class JellyfinInterest:
    """Whose Jellyfin episodes to read, and which of them not to serve from the cache.

    ``sonarr_series``: the Sonarr series whose episodes are read (their Jellyfin series are
    followed); ``news``: when Sonarr last reported something about a series (an import, a
    deleted file); ``waiting``: series with episodes imported but not yet seen in Jellyfin.
    """

    now: datetime
    sonarr_series: tuple[SonarrSeries, ...] = ()
    news: Mapping[int, datetime] = field(default_factory=dict)
    waiting: frozenset[int] = frozenset()


def jellyfin_interest(
    *,
    now: datetime,
    sonarr_series: Sequence[SonarrSeries],
    candidates: Collection[int],
    news: Mapping[int, datetime],
    state: TrackingState | None,
) -> JellyfinInterest:
    """The Jellyfin interest after a correlation (``candidates``: Sonarr series being read)."""
    waiting: set[int] = set()
    if state is not None:
        for series_id, request in state.requests.items():
            if any(
                e.status is EpisodeStatus.IMPORTING or e.awaiting_jellyfin for e in request.episodes
            ):
                waiting.add(series_id)
    return JellyfinInterest(
        now=now,
        sonarr_series=tuple(
            s for s in sonarr_series if isinstance(s, dict) and s.get("id") in candidates
        ),
        news=dict(news),
        waiting=frozenset(waiting),
    )


def jellyfin_series_to_read(
    interest: JellyfinInterest,
    jellyfin_series: Sequence[JellyfinItem],
    read_at: Mapping[str, datetime],
) -> tuple[set[str], set[str]]:
    """(Jellyfin series to follow, those to read again now rather than from the cache).

    ``read_at``: when the source last read each Jellyfin series' episodes. A series is read
    again when Sonarr had news of it since, or while one of its episodes waits for Jellyfin.
    """
    matches = matched_series(
        Snapshot(
            now=interest.now,
            sonarr_series=interest.sonarr_series,
            jellyfin_series=jellyfin_series,
        )
    )
    tracked = {jellyfin_id for ids in matches.values() for jellyfin_id in ids}
    urgent: set[str] = set()
    for series_id, ids in matches.items():
        news = interest.news.get(series_id)
        for jellyfin_id in ids:
            seen = read_at.get(jellyfin_id)
            if series_id in interest.waiting or (
                news is not None and (seen is None or news >= seen)
            ):
                urgent.add(jellyfin_id)
    return tracked, urgent
