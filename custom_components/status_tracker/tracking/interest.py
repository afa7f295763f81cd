"""What each source should fetch next, from the last correlation: the sources' interest.

The shell's sources poll on their own timers. After every correlation the coordinator computes
these values and hands them to the sources, which apply them on their next poll; a source never
asks the coordinator anything. Each rule reuses the core's own: the series Sonarr reads episodes
of are ``request_scope``'s candidates, Jellyfin's series come from ``jellyfin_match``'s matching,
the torrents whose file lists matter are the downloads ``packs`` typed as holding several
episodes.

A qBittorrent file list is the costliest part of a poll (a request per torrent, and far more work
for qBittorrent than the ``sync/maindata`` delta), so ``file_list_to_read`` decides, from what the
torrent looked like when its list was last read, whether to read it again and which files.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final

from custom_components.status_tracker.clients.payloads.jellyfin import JellyfinItem
from custom_components.status_tracker.clients.payloads.jellyseerr import JellyseerrRequest
from custom_components.status_tracker.clients.payloads.qbittorrent import is_torrent_hash
from custom_components.status_tracker.clients.payloads.sonarr import (
    SonarrHistoryRecord,
    SonarrQueueRecord,
    SonarrSeries,
)

from . import coerce
from .downloads import GRAB_GRACE
from .jellyfin_match import matched_series
from .model import DownloadState, ReleaseType, TrackingState
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


# Queued by qBittorrent's queueing system: nothing moves until another download ends, and the
# idle pace sees that soon enough.
_QUEUED: Final = frozenset({"queuedDL"})


def keeps_fast_pace(download: DownloadState) -> bool:
    """Whether a download moves bytes, or may any second: only those keep the 5 s pace.

    Not: a finished, failed (``error``, ``missingFiles``) or imported download; a stopped
    (paused) or queued one; a *peerless* stalled one: ``stalledDL`` with no seed connected and
    nothing arriving. Leechers connected to a stalled torrent have had their chance and sent
    nothing: a swarm without a full copy is the usual dead torrent. A stalled torrent with a seed
    connected only waits to be unchoked, so it keeps the pace. When a peer turns up, the idle
    pace (30 s) sees the torrent download again and the fast pace comes back.
    """
    if not download.transferring or download.paused:
        return False
    state = download.client_state
    if state in _QUEUED:
        return False
    return not (state == "stalledDL" and download.seeds == 0 and not download.speed)


def awaits_client(download: DownloadState, now: datetime) -> bool:
    """A torrent Sonarr grabbed moments ago that qBittorrent does not list yet.

    Sonarr adds it to qBittorrent as it grabs, so it is there at the next read; until then the
    tracker has only Sonarr's queue, one block of progress for every episode of a pack. Only a
    torrent (its id a hash, not another client's), in flight, within the grab's grace.
    """
    if download.in_client or not download.in_flight or download.grabbed_at is None:
        return False
    return now - download.grabbed_at <= GRAB_GRACE and is_torrent_hash(download.download_id)


def downloads_active(state: TrackingState | None) -> bool:
    """Whether a tracked download keeps qBittorrent at its fast pace.

    It moves bytes (``keeps_fast_pace``), or was just grabbed and is not listed yet
    (``awaits_client``).
    """
    if state is None:
        return False
    return any(
        keeps_fast_pace(download) or awaits_client(download, state.now)
        for request in state.requests.values()
        for download in request.downloads
    )


FILE_LIST_REFRESH: Final = timedelta(minutes=10)
"""A file list is read in full again after this long whatever the torrent shows: a file renamed
in qBittorrent changes no field of the torrent."""

# States between which a torrent's files stay as they are: moving among them is no reason to read
# the list again. Anything else (checking, moving, missing files, error, a state this version does
# not know) may have changed any file, finished ones included.
_SETTLED_STATES: Final = frozenset(
    {
        "downloading", "forcedDL", "stalledDL", "queuedDL", "stoppedDL", "pausedDL", "metaDL",
        "forcedMetaDL", "uploading", "forcedUP", "stalledUP", "queuedUP", "stoppedUP", "pausedUP",
    }
)  # fmt: skip

# What tells that files progressed, best first: whole pieces (5.2+, exactly what file progress
# follows), completed bytes (4.6-5.1; also moves with blocks of unfinished pieces), progress.
_PROGRESS_FIELDS: Final = ("pieces_have", "completed", "progress")


@dataclass(frozen=True, slots=True)
class FileListMark:
    """What a torrent looked like when its file list was read (``file_list_mark``)."""

    progress_field: str | None
    progress: float | None
    size: int | None
    state: str | None
    has_metadata: bool | None


def file_list_mark(torrent: Mapping[str, object]) -> FileListMark:
    """Note the torrent fields that tell whether its files may have changed since."""
    progress_field = next((key for key in _PROGRESS_FIELDS if key in torrent), None)
    return FileListMark(
        progress_field=progress_field,
        progress=coerce.get_float(torrent, progress_field) if progress_field else None,
        size=coerce.get_int(torrent, "size"),
        state=coerce.get_str(torrent, "state"),
        has_metadata=coerce.get_bool(torrent, "has_metadata"),
    )


@dataclass(frozen=True, slots=True)
class FileListRead:
    """Read a torrent's file list: only ``indexes`` (files still to finish), or all (None)."""

    indexes: tuple[int, ...] | None = None


def file_list_to_read(
    torrent: Mapping[str, object],
    *,
    mark: FileListMark | None,
    files: Sequence[Mapping[str, object]],
    age: timedelta,
) -> FileListRead | None:
    """Whether to read a torrent's file list now, and which files (None: keep the cached one).

    ``mark`` and ``files``: the torrent as it was and the list as it was read last time (None:
    never read); ``age``: how long ago the list was last read in full. Read in full when never
    read, after ``FILE_LIST_REFRESH``, or when the size (files (de)selected), the metadata or a
    state outside the settled ones changed, or progress went back (a recheck); only the
    unfinished wanted files when the torrent progressed, since a finished file no longer changes;
    nothing otherwise: a pack whose pieces did not move has the same files.
    """
    if mark is None or age >= FILE_LIST_REFRESH:
        return FileListRead()
    now = file_list_mark(torrent)
    state_changed = now.state != mark.state and not (
        now.state in _SETTLED_STATES and mark.state in _SETTLED_STATES
    )
    if (
        now.size != mark.size
        or now.has_metadata != mark.has_metadata
        or state_changed
        or now.progress_field != mark.progress_field
    ):
        return FileListRead()
    if now.progress == mark.progress:
        return None
    if now.progress is None or mark.progress is None or now.progress < mark.progress:
        return FileListRead()
    unfinished: list[int] = []
    for record in files:
        index = coerce.get_int(record, "index")
        if index is None:
            return FileListRead()  # a list without indexes (WebAPI < 2.8.2) is read whole
        progress = coerce.get_float(record, "progress")
        if coerce.get_int(record, "priority") != 0 and (progress is None or progress < 1):
            unfinished.append(index)
    # Progress in pieces shared only with skipped or finished files changes none that matter.
    return FileListRead(tuple(unfinished)) if unfinished else None


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


def jellyfin_lacks_waiting_series(
    interest: JellyfinInterest, jellyfin_series: Sequence[JellyfinItem]
) -> bool:
    """Whether an episode waits for Jellyfin in a series Jellyfin's list does not hold yet.

    Jellyfin adds a new series with the library scan that follows Sonarr's first import, often
    after the read that Sonarr's ``Download`` push triggered: the series list is then worth
    reading again at every poll until it holds the series, not only when it is old.
    """
    waiting = [s for s in interest.sonarr_series if s.get("id") in interest.waiting]
    if not waiting:
        return False
    matches = matched_series(
        Snapshot(now=interest.now, sonarr_series=waiting, jellyfin_series=jellyfin_series)
    )
    return any(not matches.get(series.get("id", 0)) for series in waiting)


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
