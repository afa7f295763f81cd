"""Scenario: multi-episode files, as a release of their own and inside a season pack."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from custom_components.status_tracker.tracking.correlate import correlate
from custom_components.status_tracker.tracking.packs import ReleaseType
from custom_components.status_tracker.tracking.status import EpisodeStatus, RequestStatus
from tests.support.world import GIB, World, jf_id, torrent_hash

DOUBLE = "Tidewater.S01E01E02.Pilot.1080p.AMZN.WEB-DL.DDP5.1.H.264-FLUX"
DOUBLE_HASH = torrent_hash("tidewater-e01e02")
PACK = "Tidewater.S02.1080p.BluRay.x264-ROVERS"
PACK_HASH = torrent_hash("tidewater-s02")


@pytest.fixture
def world() -> World:
    world = World()
    show = world.add_series(
        4,
        "Tidewater",
        seasons={
            1: (datetime(2024, 9, 1, 1, 0, tzinfo=UTC), 10),
            2: (datetime(2025, 9, 1, 1, 0, tzinfo=UTC), 10),
        },
    )
    world.request(show, [1, 2])
    world.has_files(show, show.eps(1, range(3, 11)))
    # A double episode: one release, one file, two Sonarr records sharing its downloadId.
    world.download(
        show, show.eps(1, [1, 2]), download_id=DOUBLE_HASH, title=DOUBLE, size=5 * GIB,
        sizeleft=2 * GIB,
    )  # fmt: skip
    world.torrent(DOUBLE_HASH, DOUBLE, size=5 * GIB, progress=0.6)
    world.torrent_files(DOUBLE_HASH, [(f"{DOUBLE}/{DOUBLE}.mkv", 5 * GIB, 0.6)])
    # A season pack whose finale is one file for E09 and E10.
    files = [
        (
            f"{PACK}/Tidewater.S02E{n:02d}.1080p.BluRay.x264-ROVERS.mkv",
            4 * GIB,
            1.0 if n < 5 else 0.0,
        )
        for n in range(1, 9)
    ]
    files.append((f"{PACK}/Tidewater.S02E09E10.1080p.BluRay.x264-ROVERS.mkv", 8 * GIB, 0.25))
    total = sum(size for _, size, _ in files)
    done = sum(size * p for _, size, p in files)
    world.download(
        show, show.season(2), download_id=PACK_HASH, title=PACK, size=total,
        sizeleft=round(total - done),
    )  # fmt: skip
    world.torrent(PACK_HASH, PACK, size=total, progress=done / total)
    world.torrent_files(PACK_HASH, files)
    return world


def test_double_episode_release(world: World) -> None:
    request = correlate(world.snapshot()).requests[4]
    first, second = request.episodes[0], request.episodes[1]

    assert first.status is second.status is EpisodeStatus.DOWNLOADING
    assert first.progress == second.progress == pytest.approx(0.6)
    assert first.release_type is ReleaseType.MULTI_EPISODE
    double = next(d for d in request.downloads if d.download_id == DOUBLE_HASH.upper())
    assert double.episode_ids == (4001, 4002)
    assert double.files_mapped == 1


def test_multi_episode_file_in_a_pack(world: World) -> None:
    request = correlate(world.snapshot()).requests[4]
    season2 = {e.episode: e for e in request.episodes if e.season == 2}

    assert season2[9].progress == season2[10].progress == pytest.approx(0.25)
    assert season2[9].size_bytes == season2[10].size_bytes == 8 * GIB
    assert season2[1].status is EpisodeStatus.IMPORTING
    assert season2[5].status is EpisodeStatus.FOUND
    assert season2[9].release_type is ReleaseType.SEASON_PACK
    pack = next(d for d in request.downloads if d.download_id == PACK_HASH.upper())
    assert pack.files_mapped == 9
    # Bytes: the double file once, the pack's nine files once each.
    assert request.progress.bytes_total == 5 * GIB + 8 * 4 * GIB + 8 * GIB
    assert request.progress.bytes_done == int(5 * GIB * 0.6) + 4 * 4 * GIB + 2 * GIB


def test_jellyfin_index_number_end_covers_both(world: World) -> None:
    show = world.shows[4]
    world.queue.clear()
    world.torrents.clear()
    world.has_files(show, show.eps(1, [1, 2]), jellyfin=False)
    world.has_files(show, show.season(2), jellyfin=False)
    world.jellyfin_lists(show, [show.ep(1, 1), *show.eps(2, range(1, 10))])
    for item in world.jf_episodes:
        # Jellyfin shows a two-episode file as one item numbered 1-2 (and 9-10).
        if item["Id"] in {jf_id(show.tvdb, 1, 1), jf_id(show.tvdb, 2, 9)}:
            item["IndexNumberEnd"] = item["IndexNumber"] + 1
        if item["Id"] in {jf_id(show.tvdb, 1, 2), jf_id(show.tvdb, 2, 10)}:
            item["LocationType"] = "Virtual"
    request = correlate(world.snapshot()).requests[4]
    assert request.status is RequestStatus.AVAILABLE
    assert request.episodes[1].jellyfin_id == jf_id(show.tvdb, 1, 1)
    assert request.episodes[-1].jellyfin_id == jf_id(show.tvdb, 2, 9)
