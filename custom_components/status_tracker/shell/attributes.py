"""What the sensors show besides their state: attributes built from the coordinator's data.

Machine-readable for templates, and bounded: every entity's attributes stay well under the
recorder's 16 KB whatever the size of the request (a 1,000-episode anime, a daily show with 30
seasons), and text from the services is clipped where it is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from custom_components.status_tracker.clients.payloads.qbittorrent import (
    is_torrent_hash,
    normalize_hash,
)
from custom_components.status_tracker.const import SERVICE_NAMES, Service
from custom_components.status_tracker.tracking import (
    DownloadState,
    EpisodeState,
    EpisodeStatus,
    RequestState,
    SeasonSummary,
)

from .data import TrackerData
from .ids import episode_code

# Bounds that keep every entity's attributes well under the recorder's 16 KB, whatever the size
# of the request (a 1,000-episode anime, a daily show with 30 seasons).
MAX_RELEASES: Final = 10
MAX_SEASONS: Final = 30
SEASON_TEXT_BUDGET: Final = 4000  # characters of season summaries per request
MIN_SEASON_TEXT: Final = 100
MAX_ATTENTION: Final = 20
MAX_MESSAGE: Final = 500
# Release and episode titles are a line of text; what services send can be anything.
MAX_TITLE: Final = 250
ELLIPSIS: Final = "…"


def clip(text: str | None, limit: int) -> str | None:
    """``text`` cut to ``limit`` characters (an ellipsis marks the cut)."""
    if text is None or len(text) <= limit:
        return text
    return text[: limit - 1] + ELLIPSIS


def to_minute(moment: datetime | None) -> datetime | None:
    """``moment`` to the nearest minute.

    qBittorrent's ETA is seconds from now and wobbles by a few seconds between polls; to the
    second it would rewrite every downloading episode's state on every cycle.
    """
    if moment is None:
        return None
    return (moment + timedelta(seconds=30)).replace(second=0, microsecond=0)


def published(attributes: Mapping[str, Any], *, always: Iterable[str] = ()) -> dict[str, Any]:
    """``attributes`` without the empty ones (None, False, 0 counts of nothing, {}, []).

    A template reads a missing attribute as None, which says the same; a person reading the
    dialog sees only what is there. ``always``: kept whatever their value (0 % is news).
    """
    keep = set(always)
    return {
        key: value
        for key, value in attributes.items()
        if key in keep or not (value is None or value is False or value in ({}, [], ""))
    }


def status_counts(statuses: Iterable[EpisodeStatus]) -> dict[str, int]:
    """Episodes per status, in the order of ``EpisodeStatus``, zero counts left out."""
    counts: dict[EpisodeStatus, int] = {}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return ordered_counts(counts)


def ordered_counts(counts: Mapping[EpisodeStatus, int]) -> dict[str, int]:
    """Counts per status, in the order of ``EpisodeStatus``, zero counts left out."""
    return {status.value: counts[status] for status in EpisodeStatus if counts.get(status)}


@dataclass(frozen=True, slots=True)
class RequestView:
    """What a request's sensors read: the request, the data around it, its listed episodes."""

    request: RequestState
    data: TrackerData
    listed: int  # how many of its episodes have an entity (the first ones)


def request_status_attrs(view: RequestView) -> dict[str, Any]:
    """The request status sensor's attributes."""
    request = view.request
    hidden = request.episodes[view.listed :]
    return published(
        {
            "series_id": request.series_id,
            "since": request.since,
            "seasons": list(request.seasons),
            "episode_counts": ordered_counts(request.progress.counts),
            "episodes_without_entity": len(hidden) or None,
            "episodes_without_entity_status": status_counts(e.status for e in hidden),
            "services_down": sorted(SERVICE_NAMES[service] for service in view.data.down),
            "requested_by": request.requested_by,
            "requested_at": request.requested_at,
        }
    )


def release_attrs(download: DownloadState) -> dict[str, Any]:
    """One release in flight, as the download sensor lists it."""
    return published(
        {
            "title": clip(download.title, MAX_TITLE),
            "type": download.release_type.value,
            "episodes": len(download.episode_ids),
            "progress": round(download.progress * 100, 1),
            "state": download.client_state,
            "stalled": download.stalled,
        },
        always=("progress",),
    )


def season_attrs(seasons: Sequence[SeasonSummary]) -> list[dict[str, Any]]:
    """Per-season summaries; long ones are cut so that all of them share a fixed budget."""
    listed = seasons[:MAX_SEASONS]
    limit = max(MIN_SEASON_TEXT, SEASON_TEXT_BUDGET // max(len(listed), 1))
    return [
        {
            "season": season.season,
            "available": season.episodes_available,
            "total": season.episodes_total,
            "summary": clip(season.text, limit),
        }
        for season in listed
    ]


def request_progress_attrs(view: RequestView) -> dict[str, Any]:
    """The "episodes available" sensor's attributes: the counts and the seasons."""
    request = view.request
    progress = request.progress
    return published(
        {
            "episodes_available": progress.episodes_available,
            "episodes_aired": progress.episodes_aired,
            "episodes_total": progress.episodes_total,
            "seasons": season_attrs(progress.seasons),
            "seasons_not_listed": max(len(progress.seasons) - MAX_SEASONS, 0) or None,
            # Remembered across restarts: known even while Jellyfin is unreachable.
            "jellyfin_id": view.data.jellyfin_ids.get(request.series_id, request.jellyfin_id),
        },
        always=("episodes_available", "episodes_aired", "episodes_total"),
    )


def request_download_attrs(view: RequestView) -> dict[str, Any]:
    """The "downloaded" sensor's attributes: bytes, and the releases in flight."""
    progress = view.request.progress
    releases = [d for d in view.request.downloads if d.in_flight]
    return published(
        {
            "bytes_done": progress.bytes_done,
            "bytes_total": progress.bytes_total,
            "releases": [release_attrs(d) for d in releases[:MAX_RELEASES]],
            "releases_not_listed": max(len(releases) - MAX_RELEASES, 0) or None,
        },
        always=("bytes_done", "bytes_total"),
    )


def torrent_hash(download_id: str) -> str | None:
    """The torrent's hash as qBittorrent writes it, None for other clients' ids (SABnzbd…)."""
    return normalize_hash(download_id) if is_torrent_hash(download_id) else None


def episode_attrs(episode: EpisodeState, data: TrackerData) -> dict[str, Any]:
    """An episode sensor's attributes; the download's progress first (the dialog's order)."""
    download = episode.download
    release_type = episode.release_type
    return published(
        {
            "progress": round(episode.progress * 100, 1),
            "eta": to_minute(episode.eta),
            "speed": episode.speed,
            "downloaded": episode.downloaded_bytes,
            "size": episode.size_bytes,
            "season": episode.season,
            "episode": episode.episode,
            "absolute": episode.absolute,
            "title": clip(episode.title, MAX_TITLE),
            "air_date": episode.air_date,
            "since": episode.since,
            "release_title": clip(episode.release_title, MAX_TITLE),
            "release_type": release_type.value if release_type is not None else None,
            # Sonarr's downloadId of a torrent is its hash, upper-cased; qBittorrent shows it
            # lower.
            "torrent_hash": torrent_hash(download.download_id) if download is not None else None,
            "stalled": episode.stalled,
            "paused": episode.paused,
            "upgrading": episode.upgrading,
            "import_blocked": episode.import_blocked,
            "awaiting_jellyfin": episode.awaiting_jellyfin,
            "waiting_for_pack": episode.waiting_for_pack,
            "search_running": episode.search_running,
            "message": clip("; ".join(episode.messages), MAX_MESSAGE) or None,
            "reason": clip(episode.reason, MAX_MESSAGE),
            "jellyfin_id": episode.jellyfin_id,
            # Without qBittorrent the download figures above are Sonarr's, or stale.
            "qbittorrent_down": Service.QBITTORRENT in data.down,
        },
        always=("progress", "season", "episode"),
    )


def episodes_in(data: TrackerData, status: EpisodeStatus) -> int:
    """Episodes in ``status`` over every request."""
    return sum(r.progress.counts.get(status, 0) for r in data.state.requests.values())


def needs_attention(episode: EpisodeState) -> bool:
    """Failed, or downloading but stalled."""
    return episode.status is EpisodeStatus.FAILED or (
        episode.stalled and episode.status is EpisodeStatus.DOWNLOADING
    )


def attention(data: TrackerData) -> list[tuple[RequestState, EpisodeState]]:
    """Every episode that needs attention, with its request."""
    return [
        (request, episode)
        for request in data.state.requests.values()
        if request.progress.counts.get(EpisodeStatus.FAILED) or request.downloads
        for episode in request.episodes
        if needs_attention(episode)
    ]


def attention_attrs(data: TrackerData) -> dict[str, Any]:
    """The attention sensor's attributes: the first episodes, how many more."""
    found = attention(data)
    return {
        "episodes": [
            {
                "series": clip(request.title, MAX_TITLE),
                "series_id": request.series_id,
                "episode": episode_code(episode.season, episode.episode),
                "title": clip(episode.title, MAX_TITLE),
                "status": episode.status.value,
                "stalled": episode.stalled,
                "reason": clip(episode.reason, MAX_MESSAGE),
            }
            for request, episode in found[:MAX_ATTENTION]
        ],
        "episodes_not_listed": max(len(found) - MAX_ATTENTION, 0),
    }
