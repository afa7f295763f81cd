"""Deleting through the stack: the real files and torrents go, what is shared stays, the log
says what is on disk.

One stack for both: the anime pack (Hanabi Hours, one torrent for 13 episodes) and the running
season (Chrono Lens: seasons 1–2 in the library, six single-episode torrents for season 3).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.conftest import Track, Tracked
from tests.support.stack import Scenario, scenario_named

PACK_SERIES = 1
SINGLES_SERIES = 2


def _world() -> Scenario:
    shows = (*scenario_named("pack").shows, *scenario_named("singles").shows)
    return Scenario(name="deletion", description="pack and singles", shows=shows)


def _files_of(tracked: Tracked, series_id: int) -> dict[tuple[int, int], Path]:
    """Where Sonarr keeps each episode's file, by (season, episode)."""
    sonarr = tracked.stack.sonarr
    assert sonarr is not None
    return {
        (e["seasonNumber"], e["episodeNumber"]): Path(
            sonarr.episode_files[e["episodeFileId"]]["path"]
        )
        for e in sonarr.episodes.values()
        if e["seriesId"] == series_id and e.get("episodeFileId")
    }


def _exists(*paths: str | Path) -> list[bool]:
    """Whether each path is on disk (a synchronous look: the files are tiny and local)."""
    return [Path(path).exists() for path in paths]


async def _everything_available(tracked: Tracked) -> None:
    await tracked.stack.start()
    await tracked.until(
        lambda: (
            all(tracked.episode_status(PACK_SERIES, 1, e) == "available" for e in range(1, 14))
            and all(
                tracked.episode_status(SINGLES_SERIES, 3, e) == "available" for e in range(1, 7)
            )
        ),
        "both requests available",
    )


async def _log_of(tracked: Tracked, plan_id: str) -> dict[str, Any]:
    logs = await tracked.call("get_deletion_logs", {})
    (record,) = [r for r in logs["logs"] if r["plan_id"] == plan_id]
    return record


async def _log_matches_disk(tracked: Tracked, record: dict[str, Any], series_id: int) -> None:
    """What the log says is left is what is on disk and in qBittorrent; what it told Jellyfin
    was gone is gone; and the stored log is the answer the deletion gave."""
    stack = tracked.stack
    assert stack.user_qbt is not None
    show = next(s for s in stack.scenario.shows if s.id == series_id)
    folder = Path(stack.endpoints()["library"]) / show.folder_name
    on_disk = list(folder.rglob("*.mkv")) if folder.exists() else []
    assert record["after"]["episode_files"] == len(on_disk)
    hashes = [m.hash for m in stack.releases if m.show.id == series_id]
    present = {t["hash"] for t in await stack.user_qbt.torrents_info(hashes)}
    assert set(record["after"]["torrents"]) == present
    for step in record["steps"]:
        assert step["ok"], step
        assert not any(_exists(*step["params"].get("forget_paths", [])))
    assert record == await _log_of(tracked, record["plan_id"])


async def test_selective_delete_keeps_the_shared_pack(track: Track) -> None:
    """Two episodes of the pack: their files go, the pack stays for the other eleven."""
    tracked = await track(_world())
    await _everything_available(tracked)
    stack = tracked.stack
    (pack,) = [m for m in stack.releases if m.show.id == PACK_SERIES]
    library = _files_of(tracked, PACK_SERIES)
    downloads = Path(stack.endpoints()["downloads"])

    plan = await tracked.call(
        "plan_deletion", {"series_id": PACK_SERIES, "episodes": ["S01E03", "S01E05"]}
    )
    assert pack.hash in [k["target"] for k in plan["kept"]]
    record = await tracked.call("delete", {"plan_id": plan["plan_id"]})
    assert record["episodes_deleted"] == ["S01E03", "S01E05"]
    assert record["episodes_failed"] == []

    gone = {(1, 3), (1, 5)}
    for key, path in library.items():
        assert path.exists() is (key not in gone), (key, path)
    assert set(_files_of(tracked, PACK_SERIES)) == set(library) - gone
    # The pack is still seeding, all of its data on disk (Sonarr's hard links were the copies).
    (torrent,) = await stack.user_qbt.torrents_info([pack.hash])
    assert torrent["progress"] == 1
    assert all((downloads / name).exists() for name in pack.torrent.files)
    await tracked.until(
        lambda: all(tracked.episode_status(PACK_SERIES, 1, e) != "available" for e in (3, 5)),
        "the deleted episodes no longer available",
    )
    assert all(
        tracked.episode_status(PACK_SERIES, 1, e) == "available"
        for e in range(1, 14)
        if (1, e) not in gone
    )
    await _log_matches_disk(tracked, record, PACK_SERIES)


async def test_cascade_leaves_nothing_of_the_series(track: Track) -> None:
    """The running season's whole series: Sonarr, torrents and data, library, Jellyfin,
    Jellyseerr; the other series untouched."""
    tracked = await track(_world())
    await _everything_available(tracked)
    stack = tracked.stack
    assert stack.sonarr is not None
    assert stack.jellyfin is not None
    assert stack.jellyseerr is not None
    singles = [m for m in stack.releases if m.show.id == SINGLES_SERIES]
    folder = Path(stack.sonarr.series[SINGLES_SERIES]["path"])
    downloads = Path(stack.endpoints()["downloads"])
    pack_files = _files_of(tracked, PACK_SERIES)

    plan = await tracked.call(
        "plan_deletion",
        {"series_id": SINGLES_SERIES, "cascade": True, "import_list_exclusion": True},
    )
    record = await tracked.call("delete", {"plan_id": plan["plan_id"]})
    assert record["episodes_failed"] == []

    assert SINGLES_SERIES not in stack.sonarr.series
    assert not [e for e in stack.sonarr.episodes.values() if e["seriesId"] == SINGLES_SERIES]
    assert not await stack.user_qbt.torrents_info([m.hash for m in singles])
    assert not any((downloads / m.torrent.files[0]).exists() for m in singles)
    assert not any(_exists(folder))
    assert not [i for i in stack.jellyfin.items.values() if i.get("SeriesName") == "Chrono Lens"]
    assert not [
        m for m in stack.jellyseerr.media.values() if m.get("externalServiceId") == SINGLES_SERIES
    ]
    assert not [
        r for r in stack.jellyseerr.media_requests.values() if r["mediaId"] == 100 + SINGLES_SERIES
    ]
    # The other series is untouched.
    assert all(path.exists() for path in pack_files.values())
    assert (
        tracked.request(SINGLES_SERIES) is None
        or tracked.request(SINGLES_SERIES).state != "available"
    )
    await _log_matches_disk(tracked, record, SINGLES_SERIES)
