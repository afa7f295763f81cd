"""The inventory: what every service holds of one series, read into ``model`` records.

What to read (the shell reads it, this module says what): Sonarr's series, tags, episodes,
episode files, queue and grabbed history of the series; in qBittorrent the torrents those name
(``torrent_hashes``) with their files; Jellyfin's episodes of the series; Jellyseerr's media
and requests; Shoko's files. Everything is read defensively (``tracking.coerce``): a record of
the wrong shape is skipped on its own.

Which episodes a torrent holds: Sonarr's own mapping (queue records and grabs name the
episodes of a download), and for each file the release parser with Sonarr's numbering, the
same rules the tracking core uses for a season pack's progress.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from custom_components.status_tracker.clients.payloads.jellyfin import LOCATION_VIRTUAL
from custom_components.status_tracker.tracking import coerce
from custom_components.status_tracker.tracking.index import read_episode
from custom_components.status_tracker.tracking.numbering import Numbering
from custom_components.status_tracker.tracking.parsing import MemoParser, default_parser

from .model import (
    Episode,
    Inventory,
    LibraryItem,
    Place,
    SeerrMedia,
    ShokoFile,
    Torrent,
    TorrentFile,
)

_GRABBED: Final = "grabbed"


@dataclass(frozen=True, kw_only=True)
class Readings:
    """The services' answers about one series, as read (payloads, untouched).

    ``None`` for a service: not read (not configured or unreachable; ``unread`` names those
    that should have been).
    """

    series: Mapping[str, object]
    tags: Mapping[int, str]
    episodes: Sequence[Mapping[str, object]]
    episode_files: Sequence[Mapping[str, object]]
    queue: Sequence[Mapping[str, object]]
    grabs: Sequence[Mapping[str, object]]
    torrents: Sequence[Mapping[str, object]] | None
    torrent_files: Mapping[str, Sequence[Mapping[str, object]]]
    library_episodes: Sequence[Mapping[str, object]] | None = None
    library_series: tuple[str, ...] = ()
    seerr_media: Mapping[str, object] | None = None
    seerr_requests: Sequence[Mapping[str, object]] = ()
    shoko_files: Sequence[Mapping[str, object]] | None = None
    shoko_series: tuple[int, ...] = ()
    unread: tuple[Place, ...] = ()


def torrent_hashes(
    queue: Iterable[Mapping[str, object]], grabs: Iterable[Mapping[str, object]]
) -> set[str]:
    """Lower-case hashes of every download Sonarr's queue or grabs name for the series.

    Only these torrents can be touched: one Sonarr did not grab for this series never is.
    """
    found: set[str] = set()
    for record in [*coerce.records(list(queue)), *coerce.records(list(grabs))]:
        download_id = (coerce.get_str(record, "downloadId") or "").strip().lower()
        if download_id:
            found.add(download_id)
    return found


def build(readings: Readings) -> Inventory:
    """The inventory of one series from the services' answers."""
    series = readings.series
    series_id = coerce.get_id(series, "id") or 0
    anime = (coerce.get_str(series, "seriesType") or "").lower() == "anime"
    files = {
        file_id: coerce.get_str(record, "path")
        for record in coerce.records(list(readings.episode_files))
        if (file_id := coerce.get_id(record, "id")) is not None
    }
    records = coerce.records(list(readings.episodes))
    episodes: dict[int, Episode] = {}
    for record in records:
        read = read_episode(record, series_id)
        if read is None:
            continue
        file_id = coerce.get_id(record, "episodeFileId")
        has_file = read.has_file and file_id is not None
        episodes[read.id] = Episode(
            id=read.id,
            season=read.season,
            number=read.number,
            absolute=read.absolute,
            monitored=read.monitored,
            file_id=file_id if has_file else None,
            path=files.get(file_id) if has_file and file_id is not None else None,
        )
    numbering = Numbering.of(e for r in records if (e := read_episode(r, series_id)) is not None)
    tag_ids = coerce.get_int_list(series, "tags")
    return Inventory(
        series_id=series_id,
        title=coerce.get_str(series, "title") or f"Series {series_id}",
        path=coerce.get_str(series, "path"),
        tvdb_id=coerce.get_id(series, "tvdbId"),
        tmdb_id=coerce.get_id(series, "tmdbId"),
        anime=anime,
        tags=frozenset(readings.tags[t].lower() for t in tag_ids if t in readings.tags),
        episodes=episodes,
        torrents=(
            None
            if readings.torrents is None
            else _torrents(readings, episodes, numbering, anime=anime)
        ),
        library=None if readings.library_episodes is None else _library(readings, episodes),
        library_series=readings.library_series,
        seerr=_seerr(readings),
        shoko=None if readings.shoko_files is None else _shoko(readings, episodes),
        shoko_series=readings.shoko_series,
        unread=readings.unread,
    )


def _torrents(
    readings: Readings, episodes: Mapping[int, Episode], numbering: Numbering, *, anime: bool
) -> dict[str, Torrent]:
    sonarr_says: dict[str, set[int]] = {}
    for record in [*coerce.records(list(readings.queue)), *coerce.records(list(readings.grabs))]:
        download_id = (coerce.get_str(record, "downloadId") or "").strip().lower()
        episode_id = coerce.get_id(record, "episodeId")
        if download_id and episode_id is not None and episode_id in episodes:
            sonarr_says.setdefault(download_id, set()).add(episode_id)
    parse = MemoParser(default_parser())
    found: dict[str, Torrent] = {}
    for record in coerce.records(list(readings.torrents or ())):
        torrent_hash = (coerce.get_str(record, "hash") or "").strip().lower()
        if torrent_hash not in sonarr_says or torrent_hash in found:
            continue  # not grabbed by Sonarr for this series: never touched
        carried = sonarr_says[torrent_hash]
        seasons = sorted({episodes[e].season for e in carried})
        files: list[TorrentFile] = []
        for position, item in enumerate(
            coerce.records(list(readings.torrent_files.get(torrent_hash, ())))
        ):
            name = coerce.get_str(item, "name") or ""
            info = parse(name, anime)
            held = frozenset(numbering.ids_for(info, anime=anime, seasons=seasons)) & carried
            index = coerce.get_int(item, "index")
            files.append(
                TorrentFile(
                    index=index if index is not None else position,
                    name=name,
                    priority=coerce.get_int(item, "priority") or 0,
                    progress=coerce.clamp_unit(coerce.get_float(item, "progress") or 0.0),
                    episode_ids=held,
                )
            )
        if len(carried) == 1 and files:
            # A single-episode torrent: its video is the episode, whatever its name says.
            (only,) = carried
            files = [
                TorrentFile(f.index, f.name, f.priority, f.progress, frozenset({only}))
                if f.episode_ids or len(files) == 1
                else f
                for f in files
            ]
        found[torrent_hash] = Torrent(
            hash=torrent_hash,
            name=coerce.get_str(record, "name") or torrent_hash,
            progress=coerce.clamp_unit(coerce.get_float(record, "progress") or 0.0),
            episode_ids=frozenset(carried),
            files=tuple(files),
        )
    return found


def _library(readings: Readings, episodes: Mapping[int, Episode]) -> dict[str, LibraryItem]:
    by_code = {(e.season, e.number): e.id for e in episodes.values()}
    items: dict[str, LibraryItem] = {}
    for record in coerce.records(list(readings.library_episodes or ())):
        item_id = coerce.get_str(record, "Id")
        season = coerce.get_int(record, "ParentIndexNumber")
        first = coerce.get_int(record, "IndexNumber")
        if item_id is None or season is None or first is None:
            continue
        if coerce.get_str(record, "LocationType") == LOCATION_VIRTUAL:
            continue  # known from metadata only: no file, nothing to delete
        last = coerce.get_int(record, "IndexNumberEnd") or first
        held = frozenset(
            by_code[(season, n)]
            for n in range(first, max(first, last) + 1)
            if (season, n) in by_code
        )
        if held:
            items[item_id] = LibraryItem(item_id, held, coerce.get_str(record, "Path"))
    return items


def _seerr(readings: Readings) -> SeerrMedia | None:
    media = readings.seerr_media
    media_id = coerce.get_id(media, "id")
    if media is None or media_id is None:
        return None
    seasons = {
        number: status
        for season in coerce.records(media.get("seasons"))
        if (number := coerce.get_int(season, "seasonNumber")) is not None
        and (status := coerce.get_int(season, "status")) is not None
    }
    requests = tuple(
        sorted(
            request_id
            for request in coerce.records(list(readings.seerr_requests))
            if (request_id := coerce.get_id(request, "id")) is not None
            and coerce.get_id(coerce.mapping(request.get("media")), "id") == media_id
        )
    )
    return SeerrMedia(
        media_id=media_id,
        status=coerce.get_int(media, "status") or 0,
        season_status=seasons,
        request_ids=requests,
    )


def _shoko(readings: Readings, episodes: Mapping[int, Episode]) -> dict[int, ShokoFile]:
    by_path: dict[str, set[int]] = {}
    for episode in episodes.values():
        if episode.path:
            by_path.setdefault(_normal(episode.path), set()).add(episode.id)
    found: dict[int, ShokoFile] = {}
    for record in coerce.records(list(readings.shoko_files or ())):
        file_id = coerce.get_id(record, "ID")
        if file_id is None:
            continue
        for location in coerce.records(record.get("Locations")):
            relative = coerce.get_str(location, "RelativePath")
            if not relative:
                continue
            tail = _normal(relative)
            held = {e for path, ids in by_path.items() if path.endswith("/" + tail) for e in ids}
            if held:
                found[file_id] = ShokoFile(file_id, relative, frozenset(held))
                break
    return found


def _normal(path: str) -> str:
    return path.replace("\\", "/").strip("/").lower()
