"""Jellyfin and Jellyseerr following the library folder, as their scans and syncs do.

Jellyfin lists an episode once its file is on disk and its scan delay has passed (``visible_at``:
loop time, set when Sonarr imports; 0 for files there from the start), and forgets it as soon as
the file is gone. Jellyseerr's availability sync then marks seasons and the media available or
partially available; it only writes when its own verdict changes, so what the integration sets
(e.g. after a deletion) stands until the library changes again.
"""

from __future__ import annotations

from collections.abc import Mapping
import copy
from datetime import datetime
from pathlib import Path
from typing import Any

from tests.support.fakes import scenarios as base
from tests.support.fakes.jellyfin import FakeJellyfin
from tests.support.fakes.jellyseerr import FakeJellyseerr

from .scenario import Show
from .world import seerr_iso, series_path, show_record


class LiveJellyfin(FakeJellyfin):
    """Jellyfin whose item deletion deletes the file, as ``DELETE /Items`` really does."""

    def _delete(self, item_id: str) -> None:
        path = self.items.get(item_id, {}).get("Path")
        super()._delete(item_id)
        if isinstance(path, str) and Path(path).is_file():
            Path(path).unlink()


def library_items(
    shows: Mapping[int, Show],
    records: Mapping[int, Mapping[str, Any]],
    sonarr_series: Mapping[int, Mapping[str, Any]],
    sonarr_episodes: Mapping[int, Mapping[str, Any]],
    sonarr_files: Mapping[int, Mapping[str, Any]],
    visible_at: Mapping[int, float],
    now: float,
    library: Path,
) -> dict[str, dict[str, Any]]:
    """Jellyfin's items: every series, season and episode with a visible file on disk."""
    items: dict[str, dict[str, Any]] = {}
    for episode in sonarr_episodes.values():
        file = sonarr_files.get(episode.get("episodeFileId") or 0)
        show = shows.get(episode["seriesId"])
        if file is None or show is None or episode["seriesId"] not in sonarr_series:
            continue
        if visible_at.get(file["id"], 0.0) > now or not Path(file["path"]).is_file():
            continue
        record = dict(records[show.id])
        folder = str(series_path(library, show))
        series = base._jf_series(record)
        series["Path"] = folder
        season = base._jf_season(record, episode["seasonNumber"])
        season["Path"] = f"{folder}/Season {episode['seasonNumber']:02d}"
        item = base._jf_episode(record, dict(episode), dict(file))
        for entry in (series, season, item):
            items.setdefault(entry["Id"], entry)
    return items


def sync_jellyfin(jellyfin: FakeJellyfin, items: dict[str, dict[str, Any]]) -> bool:
    """Replace Jellyfin's items when the library changed; True when it did."""
    if items.keys() == jellyfin.items.keys():
        return False
    jellyfin.items = items
    return True


def availability(
    show: Show, jellyfin: FakeJellyfin, requested: tuple[int, ...]
) -> tuple[int, dict[int, int]]:
    """Jellyseerr's verdict from Jellyfin: the media's status and each requested season's."""
    listed = {
        (item.get("ParentIndexNumber"), item.get("IndexNumber"))
        for item in jellyfin.items.values()
        if item["Type"] == "Episode"
        and item.get("SeriesId") == base.jellyfin_id(show.tvdb_id)
        and item.get("LocationType") == "FileSystem"
    }
    seasons: dict[int, int] = {}
    for number in requested:
        season = next(s for s in show.seasons if s.number == number)
        have = sum(1 for s, _ in listed if s == number)
        seasons[number] = 5 if have >= season.episodes else 4 if have else 3
    if seasons and all(status == 5 for status in seasons.values()):
        return 5, seasons
    return (4 if listed else 3), seasons


class SeerrSync:
    """Jellyseerr's availability sync, edge-triggered (see the module docstring)."""

    def __init__(self, jellyseerr: FakeJellyseerr) -> None:
        """Follow ``jellyseerr``'s media."""
        self.jellyseerr = jellyseerr
        self._last: dict[int, tuple[int, dict[int, int]]] = {}

    def run(self, shows: Mapping[int, Show], jellyfin: FakeJellyfin, now: datetime) -> None:
        """Mark what Jellyfin lists; only verdicts that changed are written."""
        for media in self.jellyseerr.media.values():
            show = shows.get(media.get("externalServiceId") or 0)
            if show is None:
                continue
            requested = tuple(s["seasonNumber"] for s in media["seasons"])
            verdict = availability(show, jellyfin, requested)
            if self._last.get(media["id"]) == verdict:
                continue
            first = media["id"] not in self._last
            self._last[media["id"]] = verdict
            status, seasons = verdict
            if first and media["status"] == status:
                continue
            before = copy.deepcopy(media)
            media["status"] = status
            for season in media["seasons"]:
                season["status"] = seasons.get(season["seasonNumber"], season["status"])
                season["updatedAt"] = seerr_iso(now)
            media["updatedAt"] = seerr_iso(now)
            if status in {4, 5}:
                media["jellyfinMediaId"] = base.jellyfin_id(show.tvdb_id)
                media["mediaAddedAt"] = media.get("mediaAddedAt") or seerr_iso(now)
            self.jellyseerr._after_media_save(media, before)


def records_of(shows: Mapping[int, Show], now: datetime) -> dict[int, dict[str, Any]]:
    """Each show's record (the builders' input), made once with the stack's start time."""
    return {show_id: show_record(show, now) for show_id, show in shows.items()}
