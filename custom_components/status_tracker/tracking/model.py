"""What the tracking core hands out: requests, episodes, downloads, figures, transitions.

Plain data, built by the algorithm modules (``correlate`` and the modules it calls) and read by the
shell; nothing here computes anything beyond a property.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Final

from .status import EpisodeStatus, RequestStatus

IMPORTED: Final = "imported"
"""Sonarr's ``trackedDownloadState`` once the download is in the library."""

if TYPE_CHECKING:
    from .pushed import PushedGrab
    from .timeline import Timeline


class ReleaseType(StrEnum):
    """How a download relates to episodes."""

    SINGLE_EPISODE = "single_episode"
    MULTI_EPISODE = "multi_episode"
    SEASON_PACK = "season_pack"


@dataclass(frozen=True, slots=True)
class Transition:
    """A status change: ``previous`` is None for the first status ever seen."""

    at: datetime
    status: str
    previous: str | None


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One transition of this correlation, for the shell to fire or log."""

    series_id: int
    episode_id: int | None
    status: str
    previous: str | None
    at: datetime


@dataclass(frozen=True, slots=True)
class DownloadState:
    """One download of a request, as the user sees it.

    ``release_group`` and ``resolution`` are what the title says;
    ``tracked``: Sonarr's queue lists it; ``in_client``: the torrent is in qBittorrent;
    ``client_state``: qBittorrent's state (5.x names), or Sonarr's queue status without it;
    ``eta`` is None when unknown (qBittorrent's 8640000); ``files_mapped`` counts the torrent's
    video files matched to episodes (0: per-episode progress is the torrent's); ``seeds``: the
    seeds qBittorrent is connected to (None without the torrent or the field).
    """

    download_id: str
    title: str | None
    release_type: ReleaseType
    release_group: str | None
    resolution: str | None
    episode_ids: tuple[int, ...]
    tracked: bool
    in_client: bool
    client_state: str | None
    sonarr_state: str | None
    progress: float
    size_bytes: int | None
    downloaded_bytes: int | None
    speed: int | None
    eta: datetime | None
    paused: bool
    stalled: bool
    failed_reason: str | None
    messages: tuple[str, ...]
    grabbed_at: datetime | None
    files_mapped: int
    seeds: int | None = None

    @property
    def in_flight(self) -> bool:
        """On its way to the library: neither failed nor imported yet (the one definition)."""
        return self.failed_reason is None and (self.sonarr_state or "").lower() != IMPORTED

    @property
    def transferring(self) -> bool:
        """In flight with bytes still to come from qBittorrent."""
        return self.in_flight and self.in_client and self.progress < 1


@dataclass(slots=True)
class EpisodeState:
    """One in-scope episode of a request (treat as read-only).

    Not frozen on purpose: ten thousand of these are built every cycle and a frozen dataclass
    costs twice as much to build.

    ``progress`` is the episode's own (0..1: its file in a pack, 1 once downloaded);
    ``size_bytes``/``downloaded_bytes`` likewise. ``download`` is the download the status comes
    from (for an ``upgrading`` available episode: the upgrade in transit). Flags: ``paused``
    (stopped torrent), ``stalled``, ``upgrading``, ``import_blocked`` (Sonarr's messages in
    ``messages``), ``awaiting_jellyfin`` (Sonarr imported it, Jellyfin does not list it yet),
    ``waiting_for_pack`` (its file is complete, the rest of the pack is not), ``search_running``.
    """

    episode_id: int
    season: int
    episode: int
    absolute: int | None
    title: str | None
    air_date: datetime | None
    monitored: bool
    status: EpisodeStatus
    since: datetime
    progress: float
    size_bytes: int | None
    downloaded_bytes: int | None
    download: DownloadState | None
    paused: bool
    stalled: bool
    upgrading: bool
    import_blocked: bool
    awaiting_jellyfin: bool
    waiting_for_pack: bool
    search_running: bool
    messages: tuple[str, ...]
    reason: str | None
    jellyfin_id: str | None

    @property
    def download_id(self) -> str | None:
        """The Sonarr downloadId of the download behind the status."""
        return self.download.download_id if self.download is not None else None

    @property
    def release_title(self) -> str | None:
        """The release title of that download."""
        return self.download.title if self.download is not None else None

    @property
    def release_type(self) -> ReleaseType | None:
        """Single episode, multi-episode or season pack."""
        return self.download.release_type if self.download is not None else None

    @property
    def eta(self) -> datetime | None:
        """When the download is expected to finish (None: unknown)."""
        return self.download.eta if self.download is not None else None

    @property
    def speed(self) -> int | None:
        """Download speed of the torrent, bytes per second."""
        return self.download.speed if self.download is not None else None


@dataclass(frozen=True, slots=True)
class SeasonSummary:
    """One season of a request."""

    season: int
    episodes_total: int
    episodes_available: int
    text: str


@dataclass(frozen=True, slots=True)
class RequestProgress:
    """The figures of one request (see the module docstring for the rules)."""

    episodes_total: int
    episodes_aired: int
    episodes_available: int
    percent_episodes: float
    bytes_total: int
    bytes_done: int
    percent_bytes: float | None
    eta: datetime | None
    counts: Mapping[EpisodeStatus, int]
    seasons: tuple[SeasonSummary, ...]
    summary: str


@dataclass(frozen=True, slots=True)
class RequestState:
    """One request: a Sonarr series with its in-scope episodes, downloads and figures."""

    series_id: int
    title: str
    series_type: str
    tvdb_id: int | None
    tmdb_id: int | None
    imdb_id: str | None
    jellyfin_id: str | None
    reasons: tuple[str, ...]
    request_ids: tuple[int, ...]
    requested_by: str | None
    requested_seasons: tuple[int, ...] | None
    requested_at: datetime | None
    seasons: tuple[int, ...]
    status: RequestStatus
    since: datetime
    complete: bool
    episodes: tuple[EpisodeState, ...]
    downloads: tuple[DownloadState, ...]
    progress: RequestProgress
    transitions: tuple[Transition, ...]


@dataclass(frozen=True, slots=True)
class TrackingState:
    """The result of one correlation.

    ``requests`` by Sonarr series id; ``events`` are this correlation's transitions only;
    ``timeline`` is what to pass (or persist and pass) to the next correlation;
    ``untracked_torrents`` are unfinished qBittorrent torrents no Sonarr record points to;
    ``problems`` lists records that were skipped or degraded;
    ``failed_series``: series whose request could not be built this time (left out of
    ``requests`` though they may still be requests: not a reason to forget them);
    ``pushed_grabs``: the webhook grabs that still stand in for Sonarr's history.
    """

    now: datetime
    requests: Mapping[int, RequestState]
    events: tuple[TimelineEvent, ...]
    timeline: Timeline
    untracked_torrents: tuple[str, ...]
    problems: tuple[str, ...]
    failed_series: frozenset[int] = frozenset()
    pushed_grabs: tuple[PushedGrab, ...] = ()
