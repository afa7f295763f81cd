"""Reads what every service holds of one series: the deletion's inventory (``deletion.Readings``).

Sonarr must answer (without it there is nothing to plan); any other service that does not is
named in ``unread`` and the plan leaves it alone. After a cascade Sonarr no longer knows the
series: ``async_read_others`` reads the rest again with what Sonarr said before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any, cast

from custom_components.status_tracker.clients import ClientError
from custom_components.status_tracker.clients.payloads.sonarr import HISTORY_GRABBED, SonarrSeries
from custom_components.status_tracker.clients.shoko import ShokoClient
from custom_components.status_tracker.const import LOGGER
from custom_components.status_tracker.deletion import Place, Readings, torrent_hashes
from custom_components.status_tracker.tracking import Snapshot, coerce, matched_series

from .connection import MediaStackClients

# Grabs older than this many pages of Sonarr's history are too old to still be in qBittorrent.
HISTORY_PAGES = 8


async def async_read(clients: MediaStackClients, series_id: int, now: datetime) -> Readings:
    """The series as every configured service sees it now (Sonarr's errors propagate)."""
    sonarr = clients.sonarr
    series = await sonarr.series(series_id)
    queue = [
        record
        for record in await sonarr.queue(series_ids=[series_id])
        if record.get("seriesId") == series_id
    ]
    sonarr_says = Readings(
        series=series,
        tags=await sonarr.tags(),
        episodes=await sonarr.episodes(series_id),
        episode_files=await sonarr.episode_files(series_id),
        queue=queue,
        grabs=await sonarr.history(
            series_ids=[series_id], event_type=HISTORY_GRABBED, max_pages=HISTORY_PAGES
        ),
        torrents=None,
        torrent_files={},
    )
    return await async_read_others(clients, sonarr_says, now)


async def async_read_others(
    clients: MediaStackClients, sonarr_says: Readings, now: datetime
) -> Readings:
    """``sonarr_says`` completed with what qBittorrent, Jellyfin, Jellyseerr and Shoko hold."""
    unread: list[Place] = []
    series = sonarr_says.series

    torrents: list[Any] | None = None
    torrent_files: dict[str, Any] = {}
    hashes = sorted(torrent_hashes(sonarr_says.queue, sonarr_says.grabs))
    try:
        torrents = list(await clients.qbittorrent.torrents_info(hashes)) if hashes else []
        for torrent in torrents:
            torrent_hash = str(torrent.get("hash", "")).lower()
            torrent_files[torrent_hash] = await clients.qbittorrent.torrent_files(torrent_hash)
    except ClientError as err:
        LOGGER.debug("qBittorrent could not be read for a deletion: %s", err)
        torrents, unread = None, [*unread, Place.QBITTORRENT]

    library: list[Any] | None = None
    library_series: tuple[str, ...] = ()
    try:
        candidates = await clients.jellyfin.series()
        snapshot = Snapshot(
            now=now, sonarr_series=[cast(SonarrSeries, series)], jellyfin_series=candidates
        )
        library_series = matched_series(snapshot).get(coerce.get_id(series, "id") or 0, ())
        library = []
        for jellyfin_id in library_series:
            library.extend(await clients.jellyfin.episodes(jellyfin_id))
    except ClientError as err:
        LOGGER.debug("Jellyfin could not be read for a deletion: %s", err)
        library, unread = None, [*unread, Place.JELLYFIN]

    media: Any = None
    requests: list[Any] = []
    if clients.jellyseerr is not None:
        try:
            media = await clients.jellyseerr.media_for_series(
                tmdb_id=coerce.get_id(series, "tmdbId"), tvdb_id=coerce.get_id(series, "tvdbId")
            )
            if media is not None:
                requests = [
                    r
                    for r in await clients.jellyseerr.requests()
                    if (r.get("media") or {}).get("id") == media.get("id")
                ]
        except ClientError as err:
            LOGGER.debug("Jellyseerr could not be read for a deletion: %s", err)
            media, unread = None, [*unread, Place.JELLYSEERR]

    shoko_files: list[Any] | None = None
    shoko_series: tuple[int, ...] = ()
    if clients.shoko is not None:
        try:
            shoko_series = await _async_shoko_series(clients.shoko, series)
            shoko_files = []
            for shoko_id in shoko_series:
                shoko_files.extend(await clients.shoko.series_files(shoko_id))
        except ClientError as err:
            LOGGER.debug("Shoko could not be read for a deletion: %s", err)
            shoko_files, unread = None, [*unread, Place.SHOKO]

    return replace(
        sonarr_says,
        torrents=torrents,
        torrent_files=torrent_files,
        library_episodes=library,
        library_series=library_series,
        seerr_media=media,
        seerr_requests=requests,
        shoko_files=shoko_files,
        shoko_series=shoko_series,
        unread=tuple(unread),
    )


async def _async_shoko_series(shoko: ShokoClient, series: Mapping[str, Any]) -> tuple[int, ...]:
    """Shoko's series (one per AniDB anime) of the Sonarr series.

    Those linked to its TMDB show and those with files in its folder; the TVDB lookup reads
    Shoko's whole series list (it has no route for it since 5.1), so only when neither finds
    any. Files are matched to Sonarr's by path afterwards: a series too many costs a read.
    """
    found: list[Any] = []
    tmdb_id = coerce.get_id(series, "tmdbId")
    if tmdb_id is not None:
        found.extend(await shoko.series_by_tmdb_show(tmdb_id))
    folder = PurePosixPath(str(series.get("path") or "").replace("\\", "/")).name
    if folder:
        found.extend(await shoko.series_by_path(folder))
    tvdb_id = coerce.get_id(series, "tvdbId")
    if not found and tvdb_id is not None:
        found.extend(await shoko.series_by_tvdb(tvdb_id))
    ids = (coerce.get_id(s.get("IDs"), "ID") if isinstance(s, dict) else None for s in found)
    return tuple(sorted({i for i in ids if i is not None}))
