"""A world's series read as deletion's inventory (``deletion.Readings``), for the pure tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from custom_components.status_tracker.deletion import Place, Readings, build_inventory
from custom_components.status_tracker.deletion.model import Episode, Inventory
from tests.support.world import GIB, Show, World, torrent_hash


def readings_of(
    world: World,
    show: Show,
    *,
    tags: dict[int, str] | None = None,
    seerr: bool = True,
    shoko: bool = False,
    unread: tuple[Place, ...] = (),
) -> Readings:
    """What every service would say about ``show`` in ``world``.

    Episode files take the paths Jellyfin lists (or their would-be path); Jellyseerr's media is
    the request's, with every requested season available unless the test changes it; Shoko
    indexes every file Sonarr has when ``shoko``.
    """
    episodes = [e for e in world.episodes if e["seriesId"] == show.id]
    items = {
        (i["ParentIndexNumber"], i["IndexNumber"]): i
        for i in world.jf_episodes
        if i.get("SeriesName") == show.title
    }
    files: list[dict[str, Any]] = []
    for episode in episodes:
        if episode.get("hasFile"):
            item = items.get((episode["seasonNumber"], episode["episodeNumber"]), {})
            path = item.get("Path") or (
                f"{show.folder}/Season {episode['seasonNumber']:02d}/"
                f"{show.title} - S{episode['seasonNumber']:02d}E{episode['episodeNumber']:02d}.mkv"
            )
            files.append(
                {
                    "id": episode["episodeFileId"],
                    "seriesId": show.id,
                    "seasonNumber": episode["seasonNumber"],
                    "path": path,
                    "relativePath": path.removeprefix(show.folder + "/"),
                }
            )
    queue = [r for r in world.queue if r.get("seriesId") == show.id]
    grabs = [
        r for r in world.history if r.get("seriesId") == show.id and r["eventType"] == "grabbed"
    ]
    requests = [r for r in world.requests if r["media"].get("tvdbId") == show.tvdb]
    media = None
    if seerr and requests:
        media = {
            **requests[0]["media"],
            "status": 5,
            "seasons": [
                {"seasonNumber": s["seasonNumber"], "status": 5}
                for s in requests[0]["media"]["seasons"]
            ],
        }
    shoko_files = None
    if shoko:
        shoko_files = [
            {
                "ID": 5000 + n,
                "Locations": [
                    {"ImportFolderID": 1, "RelativePath": f["relativePath"], "IsAccessible": True}
                ],
            }
            for n, f in enumerate(files)
        ]
    return Readings(
        series=show.record,
        tags=tags or {},
        episodes=episodes,
        episode_files=files,
        queue=queue,
        grabs=grabs,
        torrents=list(world.torrents.values()),
        torrent_files=world.files,
        library_episodes=[i for i in world.jf_episodes if i.get("SeriesName") == show.title],
        library_series=tuple(
            s["Id"] for s in world.jf_series if s["ProviderIds"]["Tvdb"] == str(show.tvdb)
        ),
        seerr_media=media,
        seerr_requests=requests if seerr else (),
        shoko_files=shoko_files,
        shoko_series=(1,) if shoko else (),
        unread=unread,
    )


def inventory_of(world: World, show: Show, **kwargs: Any) -> Inventory:
    """``readings_of`` built into the inventory."""
    return build_inventory(readings_of(world, show, **kwargs))


PACK = "Tide.Pool.S01.1080p.WEB.h264-GRP"


def singles_library() -> tuple[World, Show]:
    """Six episodes: E01-E04 on disk, E05 and E06 each downloading alone."""
    world = World()
    show = world.add_series(
        4, "Tide Pool", seasons={1: (datetime(2026, 9, 1, 1, 0, tzinfo=UTC), 6)}
    )
    world.request(show, [1])
    world.has_files(show, show.eps(1, [1, 2, 3, 4]))
    for number in (5, 6):
        download_id = torrent_hash(f"tide-{number}")
        title = f"Tide.Pool.S01E0{number}.1080p.WEB.h264-GRP"
        world.download(show, [show.ep(1, number)], download_id=download_id, title=title, size=GIB)
        world.torrent(download_id, title, size=GIB, progress=0.5)
    return world, show


def pack_library(progress: float) -> tuple[World, Show]:
    """Twelve episodes in one season pack at ``progress`` (files by their own progress)."""
    world = World()
    show = world.add_series(
        5, "Salt Marsh", seasons={1: (datetime(2026, 9, 1, 1, 0, tzinfo=UTC), 12)}
    )
    world.request(show, [1])
    download_id = torrent_hash("marsh-pack")
    world.download(
        show, show.season(1), download_id=download_id, title=PACK, size=12 * GIB,
        release_type="SeasonPack",
    )  # fmt: skip
    world.torrent(download_id, PACK, size=12 * GIB, progress=progress)
    world.torrent_files(
        download_id,
        [(f"{PACK}/Salt.Marsh.S01E{n:02d}.1080p.WEB.h264-GRP.mkv", GIB, progress)
         for n in range(1, 13)]
        + [(f"{PACK}/Sample/sample.mkv", 1000, 1.0)],
    )  # fmt: skip
    if progress >= 1:
        world.has_files(show, show.season(1))
    return world, show


def deleted_in_sonarr(inventory: Inventory, episode_ids: list[int]) -> Inventory:
    """``inventory`` after those episodes were deleted: unmonitored, no file."""
    episodes: dict[int, Episode] = dict(inventory.episodes)
    for episode_id in episode_ids:
        episodes[episode_id] = replace(
            episodes[episode_id], monitored=False, file_id=None, path=None
        )
    return replace(inventory, episodes=episodes)
