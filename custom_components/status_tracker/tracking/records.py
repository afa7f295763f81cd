"""The typed records the core reads service payloads into (see ``index`` for the readers).

Small, flat and read-only in practice; most fields are optional because the payloads are
untrusted. Names follow the core's vocabulary, not the APIs'.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

# History eventType strings (the API answers strings; the filter takes ints).
EVENT_GRABBED: Final = "grabbed"
EVENT_IMPORTED: Final = "downloadFolderImported"
EVENT_FAILED: Final = "downloadFailed"
EVENT_IGNORED: Final = "downloadIgnored"


@dataclass(frozen=True, slots=True)
class Series:
    """A Sonarr series, the key of a request."""

    id: int
    title: str
    anime: bool
    series_type: str
    tvdb_id: int | None
    tmdb_id: int | None
    imdb_id: str | None
    added: datetime | None
    monitored_seasons: tuple[int, ...]


@dataclass(slots=True)
class Episode:
    """A Sonarr episode (not frozen: built 10,000 times a cycle; nothing modifies it)."""

    id: int
    series_id: int
    season: int
    number: int
    absolute: int | None
    scene_absolute: int | None
    title: str | None
    air_date: datetime | None
    has_file: bool
    monitored: bool


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One Sonarr queue record (one per episode; a pack's records share ``download_id``)."""

    record_id: int | None
    series_id: int
    episode_id: int | None
    download_id: str | None
    title: str | None
    size: int | None
    size_left: int | None
    status: str | None
    tracked_state: str | None
    tracked_status: str | None
    messages: tuple[str, ...]
    error: str | None
    estimated_completion: datetime | None
    client: str | None
    protocol: str | None
    episode_has_file: bool


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    """One Sonarr history record of interest (grabbed, imported, failed, ignored)."""

    series_id: int
    episode_id: int
    download_id: str | None
    event: str
    source_title: str | None
    date: datetime | None
    release_type: str | None
    message: str | None


@dataclass(frozen=True, slots=True)
class Torrent:
    """One qBittorrent torrent; ``eta_seconds`` is None when qBittorrent does not know."""

    hash: str
    name: str | None
    state: str | None
    progress: float
    size: int | None
    amount_left: int | None
    dlspeed: int | None
    eta_seconds: int | None
    has_metadata: bool
    seeds: int | None = None  # connected seeds (``num_seeds``)


@dataclass(frozen=True, slots=True)
class SeerrRequest:
    """One Jellyseerr TV request, reduced to what scope and display need."""

    id: int
    created: datetime | None
    seasons: tuple[int, ...] | None  # None: the request names no season (all of them)
    requested_by: str | None
    tvdb_id: int | None
    tmdb_id: int | None
    sonarr_id: int | None
    # Jellyseerr considers it done (request COMPLETED or media AVAILABLE): with ``updated`` it
    # lets an old, fulfilled request stop being a reason to track the series.
    fulfilled: bool = False
    updated: datetime | None = None


@dataclass(frozen=True, slots=True)
class SearchCommand:
    """A queued or running Sonarr search: whole series, one season, or some episodes."""

    series_id: int | None
    season: int | None
    episode_ids: frozenset[int]
