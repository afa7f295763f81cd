"""Scenario: an anime series with absolute numbering, a batch, and a Shoko-style Jellyfin."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from custom_components.status_tracker.tracking.correlate import correlate
from custom_components.status_tracker.tracking.packs import ReleaseType
from custom_components.status_tracker.tracking.status import EpisodeStatus, RequestStatus
from tests.support.world import World, jf_id, torrent_hash

BATCH = "[SubsPlease] Hoshi no Kakera (01-12) (1080p) [Batch]"
BATCH_HASH = torrent_hash("hoshi-batch")
SINGLE = "[SubsPlease] Hoshi no Kakera - 18 (1080p) [5C2B9E47].mkv"
SINGLE_HASH = torrent_hash("hoshi-18")
FILE_SIZE = 1_452_109_824
# The batch's files finish in whatever order the swarm gives them.
BATCH_PROGRESS = {1: 1.0, 2: 1.0, 3: 0.9, 4: 0.25, 9: 0.5, 12: 1.0}
CRC = ["5D2B1C3A", "0F9E8D7C", "A1B2C3D4", "11223344", "DEADBEEF", "CAFEBABE",
       "0BADF00D", "FEEDFACE", "12345678", "9ABCDEF0", "13579BDF", "2468ACE0"]  # fmt: skip


def _shoko_jellyfin(world: World, show: Any) -> None:
    """Shoko's Jellyfin view: one Jellyfin series per AniDB entry, each numbered from 1."""
    world.jf_series.clear()
    world.jf_episodes.clear()
    for part, (name, first, count) in enumerate(
        [("Hoshi no Kakera", 1, 12), ("Hoshi no Kakera (2026)", 13, 8)], start=1
    ):
        series_id = jf_id("shoko", part)
        world.jf_series.append(
            {
                "Name": name,
                "Id": series_id,
                "Type": "Series",
                "ProviderIds": {"Tvdb": str(show.tvdb), "AniDB": str(17890 + part)},
                "LocationType": "FileSystem",
            }
        )
        for index in range(1, count + 1):
            absolute = first + index - 1
            on_disk = 13 <= absolute <= 17
            item: dict[str, Any] = {
                "Name": f"Fragment {absolute}",
                "Id": jf_id("shoko", part, index),
                "Type": "Episode",
                "IndexNumber": index,
                "ParentIndexNumber": 1,
                "SeriesId": series_id,
                "LocationType": "FileSystem" if on_disk else "Virtual",
            }
            if on_disk:
                item["Path"] = (
                    f"/data/anime/Hoshi no Kakera/[SubsPlease] Hoshi no Kakera - {absolute:02d} "
                    "(1080p).mkv"
                )
            world.jf_episodes.append(item)


@pytest.fixture
def world() -> World:
    world = World()
    show = world.add_series(
        2,
        "Hoshi no Kakera",
        anime=True,
        seasons={
            1: (datetime(2025, 4, 6, 15, 0, tzinfo=UTC), 12),
            2: (datetime(2026, 8, 2, 15, 0, tzinfo=UTC), 8),
        },
    )
    world.request(show, [1, 2], user="admin")
    world.has_files(show, show.eps(2, range(1, 6)), jellyfin=False)
    _shoko_jellyfin(world, show)
    # A batch for season 1 (absolute 1-12), files named by absolute number only.
    total = 12 * FILE_SIZE + 2 * 90_000_000
    world.download(show, show.season(1), download_id=BATCH_HASH, title=BATCH, size=total)
    files = [
        (f"{BATCH}/[SubsPlease] Hoshi no Kakera - {n:02d} (1080p) [{CRC[n - 1]}].mkv", FILE_SIZE,
         BATCH_PROGRESS.get(n, 0.0))
        for n in range(1, 13)
    ]  # fmt: skip
    files += [
        (f"{BATCH}/Extras/[SubsPlease] Hoshi no Kakera - NCOP (1080p).mkv", 90_000_000, 1.0),
        (f"{BATCH}/Extras/[SubsPlease] Hoshi no Kakera - NCED (1080p).mkv", 90_000_000, 1.0),
        (f"{BATCH}/Fonts/NotoSansJP.ttf", 4_000_000, 1.0),
        (f"{BATCH}/[SubsPlease] Hoshi no Kakera - 01 (1080p) [5D2B1C3A].ass", 60_000, 1.0),
    ]
    done = sum(size * p for _, size, p in files)
    world.torrent(BATCH_HASH, BATCH, size=total + 4_060_000, progress=done / (total + 4_060_000))
    world.torrent_files(BATCH_HASH, files)
    # The weekly episode 18 (S02E06) as a single release.
    world.download(
        show, [show.ep(2, 6)], download_id=SINGLE_HASH, title=SINGLE, size=FILE_SIZE,
        sizeleft=352_321_536, release_type="SingleEpisode",
    )  # fmt: skip
    world.torrent(SINGLE_HASH, SINGLE, size=FILE_SIZE, progress=0.7574, eta=192)
    return world


def test_batch_files_map_by_absolute_number(world: World) -> None:
    request = correlate(world.snapshot()).requests[2]
    season1 = {e.episode: e for e in request.episodes if e.season == 1}

    assert season1[1].status is EpisodeStatus.IMPORTING
    assert season1[1].waiting_for_pack
    assert season1[3].status is EpisodeStatus.DOWNLOADING
    assert season1[3].progress == pytest.approx(0.9)
    assert season1[4].progress == pytest.approx(0.25)
    assert season1[9].progress == pytest.approx(0.5)
    assert season1[12].status is EpisodeStatus.IMPORTING
    assert season1[5].status is EpisodeStatus.FOUND
    assert season1[1].absolute == 1
    assert season1[1].release_type is ReleaseType.SEASON_PACK  # "[Batch]" with 12 episodes
    batch = next(d for d in request.downloads if d.download_id == BATCH_HASH.upper())
    assert batch.files_mapped == 12  # NCOP, NCED, fonts and subtitles hold no episode


def test_shoko_numbering_falls_back_to_the_file_path(world: World) -> None:
    request = correlate(world.snapshot()).requests[2]
    season2 = {e.episode: e for e in request.episodes if e.season == 2}

    # Jellyfin's "Hoshi no Kakera (2026)" S01E01-E05 are Sonarr's S02E01-E05 (absolute 13-17).
    for number in range(1, 6):
        assert season2[number].status is EpisodeStatus.AVAILABLE
        assert season2[number].jellyfin_id == jf_id("shoko", 2, number)
    # ... and not Sonarr's S01E01-E05, whatever Jellyfin's numbers say.
    assert all(e.status is not EpisodeStatus.AVAILABLE for e in request.episodes if e.season == 1)
    assert request.jellyfin_id == jf_id("shoko", 1)
    assert season2[6].status is EpisodeStatus.DOWNLOADING
    assert season2[6].release_type is ReleaseType.SINGLE_EPISODE
    assert season2[6].progress == pytest.approx(0.7574)
    assert season2[7].status is EpisodeStatus.SEARCHING
    assert request.status is RequestStatus.DOWNLOADING
    assert request.progress.episodes_available == 5
    assert request.progress.summary.startswith("S01 E01–E02 importing · E03 downloading 90 %")
    assert request.progress.summary.endswith(
        "S02 E01–E05 available · E06 downloading 75 % · E07–E08 searching"
    )


def test_shoko_without_paths_trusts_no_numbers(world: World) -> None:
    for item in world.jf_episodes:
        item.pop("Path", None)
    request = correlate(world.snapshot()).requests[2]
    # Split series and no file names: the numbers are ambiguous, so nothing is claimed; the
    # imported episodes wait for Jellyfin instead of being called available by mistake.
    season2 = [e for e in request.episodes if e.season == 2]
    assert [e.status for e in season2[:5]] == [EpisodeStatus.IMPORTING] * 5
    assert all(e.awaiting_jellyfin for e in season2[:5])


def test_single_jellyfin_series_uses_its_numbers_when_paths_say_nothing(world: World) -> None:
    world.jf_series.pop()  # only the first Jellyfin series matches now
    for index, item in enumerate(world.jf_episodes):
        if index < 12:
            item["LocationType"] = "FileSystem"
            item["Path"] = f"/data/anime/Hoshi/Episode {index + 1}.mkv"
    request = correlate(world.snapshot()).requests[2]
    assert all(e.status is EpisodeStatus.AVAILABLE for e in request.episodes if e.season == 1)
