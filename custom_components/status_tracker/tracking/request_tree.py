"""The episode tree of one request as plain JSON data (get_request's answer, the card's input)."""

from __future__ import annotations

from typing import Any

from .model import DownloadState, EpisodeState, RequestState


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _download(download: DownloadState) -> dict[str, Any]:
    return {
        "download_id": download.download_id,
        "title": download.title,
        "release_type": download.release_type.value,
        "progress": round(download.progress * 100, 1),
        "size": download.size_bytes,
        "downloaded": download.downloaded_bytes,
        "speed": download.speed,
        "eta": _iso(download.eta),
        "paused": download.paused,
        "stalled": download.stalled,
        "failed_reason": download.failed_reason,
    }


def _episode(episode: EpisodeState) -> dict[str, Any]:
    return {
        "episode_id": episode.episode_id,
        "season": episode.season,
        "episode": episode.episode,
        "absolute": episode.absolute,
        "title": episode.title,
        "air_date": _iso(episode.air_date),
        "status": episode.status.value,
        "since": _iso(episode.since),
        "progress": round(episode.progress * 100, 1),
        "size": episode.size_bytes,
        "downloaded": episode.downloaded_bytes,
        "download_id": episode.download.download_id if episode.download is not None else None,
        "release": episode.download.title if episode.download is not None else None,
        "release_type": (
            episode.download.release_type.value if episode.download is not None else None
        ),
        "paused": episode.paused,
        "stalled": episode.stalled,
        "upgrading": episode.upgrading,
        "awaiting_jellyfin": episode.awaiting_jellyfin,
        "messages": list(episode.messages),
        "reason": episode.reason,
    }


def request_tree(request: RequestState) -> dict[str, Any]:
    """Request → seasons → episodes, with the figures the dashboard shows."""
    seasons: dict[int, list[dict[str, Any]]] = {}
    for episode in request.episodes:
        seasons.setdefault(episode.season, []).append(_episode(episode))
    progress = request.progress
    return {
        "series_id": request.series_id,
        "title": request.title,
        "series_type": request.series_type,
        "status": request.status.value,
        "since": _iso(request.since),
        "complete": request.complete,
        "requested_by": request.requested_by,
        "requested_seasons": (
            list(request.requested_seasons) if request.requested_seasons is not None else None
        ),
        "jellyfin_id": request.jellyfin_id,
        "episodes_available": progress.episodes_available,
        "episodes_total": progress.episodes_total,
        "percent_episodes": round(progress.percent_episodes, 1),
        "percent_bytes": (
            round(progress.percent_bytes, 1) if progress.percent_bytes is not None else None
        ),
        "eta": _iso(progress.eta),
        "summary": progress.summary,
        "downloads": [_download(d) for d in request.downloads],
        "seasons": [
            {"season": number, "episodes": episodes} for number, episodes in sorted(seasons.items())
        ],
    }
