"""The scenario's world at the start: what Sonarr, Jellyfin, Jellyseerr and Shoko hold.

Built with the resource builders of ``tests/support/fakes/scenarios.py`` (the shapes the fakes'
spec checks accept), with the series folders in the real library folder and the dates relative
to now (whatever clock ``datetime.now`` reads: the real one, or a test's frozen ticking one).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.support.fakes import scenarios as base

from .media import episode_title, library_relative_path, write_library_file
from .scenario import Scenario, Show

QBITTORRENT_CATEGORY = "tv-sonarr"
USERS = {"admin": base._ADMIN, "maria": base._MARIA}


def iso(moment: datetime) -> str:
    """Sonarr's timestamp format."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def seerr_iso(moment: datetime) -> str:
    """Jellyseerr's timestamp format (JavaScript's ``toISOString``)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def show_record(show: Show, now: datetime) -> dict[str, Any]:
    """The show in the dict form ``scenarios``' builders take."""
    titles = [
        episode_title(show, season.number, episode)
        for season in show.seasons
        for episode in range(1, season.episodes + 1)
    ]
    return {
        "id": show.id,
        "title": show.title,
        "year": show.year,
        "tvdbId": show.tvdb_id,
        "tmdbId": show.tmdb_id,
        "imdbId": show.imdb_id,
        "tvMazeId": 0,
        "seriesType": "anime" if show.anime else "standard",
        "status": "continuing",
        "network": show.network,
        "genres": ["Animation", "Anime"] if show.anime else ["Drama"],
        "language": base.JAPANESE if show.anime else base.ENGLISH,
        "seasons": {
            season.number: (
                (now - timedelta(days=season.first_aired_days_ago)).replace(microsecond=0),
                season.episodes,
            )
            for season in show.seasons
        },
        "episode_titles": titles,
    }


def series_path(library: Path, show: Show) -> Path:
    """The series folder in the library."""
    return library / show.folder_name


def series_resource(show: Show, record: Mapping[str, Any], library: Path) -> dict[str, Any]:
    """Sonarr's SeriesResource, its folder in the real library."""
    series = base._series_resource(dict(record))
    series["path"] = str(series_path(library, show))
    series["rootFolderPath"] = str(library) + "/"
    return series


def episode_file_resource(
    show: Show,
    record: Mapping[str, Any],
    episode: Mapping[str, Any],
    file_id: int,
    *,
    library: Path,
    size: int,
    scene_name: str,
    group: str,
    release_type: str,
    added: datetime,
) -> dict[str, Any]:
    """Sonarr's EpisodeFileResource for a file in the library."""
    relative = library_relative_path(show, episode["seasonNumber"], episode["episodeNumber"])
    resource = base._episode_file(dict(record), dict(episode), file_id)
    resource.update(
        relativePath=relative,
        path=str(series_path(library, show) / relative),
        size=size,
        sceneName=scene_name,
        releaseGroup=group,
        releaseType=release_type,
        dateAdded=iso(added),
        quality=base._webdl(),
    )
    return resource


def sonarr_state(
    scenario: Scenario, library: Path, *, qbittorrent_port: int, now: datetime
) -> dict[str, Any]:
    """Sonarr at the start: series, episodes, the files already in the library (written now)."""
    series: list[dict[str, Any]] = []
    episodes: list[dict[str, Any]] = []
    files: list[dict[str, Any]] = []
    for show in scenario.shows:
        record = show_record(show, now)
        series.append(series_resource(show, record, library))
        show_episodes = base._episodes(record)
        for episode in show_episodes:
            if (episode["seasonNumber"], episode["episodeNumber"]) not in show.available:
                continue
            file_id = len(files) + 1
            aired = datetime.fromisoformat(episode["airDateUtc"])
            resource = episode_file_resource(
                show,
                record,
                episode,
                file_id,
                library=library,
                size=0,
                scene_name=f"{show.title} - {episode['episodeNumber']:02d}",
                group="SubsPlease" if show.anime else "NTb",
                release_type="singleEpisode",
                added=aired + timedelta(hours=3),
            )
            resource["size"] = write_library_file(Path(resource["path"]), resource["path"])
            files.append(resource)
            episode["episodeFileId"] = file_id
            episode["hasFile"] = True
        episodes.extend(show_episodes)
    return {
        "system_status": {"instanceName": scenario.instance_name},
        "series": series,
        "episodes": episodes,
        "episode_files": files,
        "queue": [],
        "history": [],
        "download_clients": [base._qbittorrent_client("127.0.0.1", qbittorrent_port)],
        "notifications": [],
        "commands": [],
        "settings": {"autoUnmonitorPreviouslyDownloadedEpisodes": False},
    }


def jellyseerr_state(scenario: Scenario, now: datetime) -> dict[str, Any]:
    """Jellyseerr at the start: one approved request per show, its media processing."""
    created = seerr_iso(now - timedelta(hours=20))
    media: list[dict[str, Any]] = []
    requests: list[dict[str, Any]] = []
    tv: list[dict[str, Any]] = []
    for show in scenario.shows:
        record = show_record(show, now)
        requested = show.requested_seasons or tuple(s.number for s in show.seasons)
        partly = bool(show.available)
        item = base._media(
            100 + show.id,
            media_type="tv",
            tmdb_id=show.tmdb_id,
            tvdb_id=show.tvdb_id,
            imdb_id=show.imdb_id,
            status=4 if partly else 3,
            seasons={number: _season_status(show, number) for number in requested},
            sonarr_id=show.id,
            slug=show.title.lower().replace(" ", "-"),
            jellyfin=base.jellyfin_id(show.tvdb_id) if partly else None,
            created=created,
        )
        item["updatedAt"] = created
        item["mediaAddedAt"] = created if partly else None
        request = base._request(
            200 + show.id,
            item,
            status=2,
            user=USERS[show.requested_by],
            # A season available when it was requested completed its part of the request.
            seasons={n: 5 if _season_status(show, n) == 5 else 2 for n in requested},
            created=created,
        )
        request["updatedAt"] = created
        media.append(item)
        requests.append(request)
        tv.append(base._tv_details(record))
    basic = base.jellyseerr_basic()
    return {
        "status": basic["status"],
        "users": basic["users"],
        "media": media,
        "requests": requests,
        "tv": tv,
    }


def _season_status(show: Show, number: int) -> int:
    """Jellyseerr's season status: available when every episode is, else processing."""
    season = next(s for s in show.seasons if s.number == number)
    have = sum(1 for s, _ in show.available if s == number)
    if have and have == season.episodes:
        return 5
    return 4 if have else 3


def jellyfin_state() -> dict[str, Any]:
    """Jellyfin's server and users; its items follow the library (``library_view``)."""
    basic = base.jellyfin_basic()
    return {"system_info": basic["system_info"], "users": basic["users"], "items": []}


def shoko_state(library: Path) -> dict[str, Any]:
    """Shoko with the library as its import folder (it indexes nothing of the scenario)."""
    basic = base.shoko_basic()
    folder = {
        "ID": 1,
        "Name": "Library",
        "Path": str(library) + "/",
        "DropFolderType": "Destination",
        "WatchForNewFiles": True,
    }
    return {"version": basic["version"], "users": basic["users"], "import_folders": [folder]}


def now_utc() -> datetime:
    """Now, on whatever clock ``datetime`` reads (a test's frozen ticking clock included)."""
    return datetime.now(UTC)
